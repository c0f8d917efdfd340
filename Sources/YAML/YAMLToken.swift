/// A place in the UTF-8 input: byte offset, 1-based line, and the offset where that line starts.
///
/// Columns are kept in bytes while scanning (indentation is made of ASCII spaces, so byte and
/// scalar columns agree wherever indentation is compared); ``YAMLSource`` turns a mark into a
/// `SourcePosition` with a column counted in Unicode scalars.
struct Mark: Sendable {
    var offset: Int
    var line: Int
    var lineStart: Int

    /// The column in bytes, from 0.
    @inline(__always) var column: Int { offset - lineStart }
}

/// One token of YAML, as the scanner produces them (the token set of the YAML spec's reference
/// parsers: block structure is made explicit by `blockMappingStart` / `blockEnd` tokens).
struct YAMLToken: Sendable {
    enum Kind: UInt8, Sendable {
        case streamStart, streamEnd
        case versionDirective, tagDirective, reservedDirective
        case documentStart, documentEnd
        case blockSequenceStart, blockMappingStart, blockEnd
        case flowSequenceStart, flowSequenceEnd, flowMappingStart, flowMappingEnd
        case blockEntry, flowEntry, key, value
        case alias, anchor, tag, scalar
    }

    var kind: Kind
    var start: Mark
    var end: Mark
    /// For scalars: how it was written.
    var style: YAMLScalar.Style = .plain
    /// Index in the scanner's `strings` of the scalar text, anchor or alias name, tag suffix, or
    /// directive value; -1 for none. Tokens hold no references, so queueing them costs no
    /// reference counting (they are copied a lot).
    var valueIndex: Int32 = -1
    /// Index in `strings` of the tag handle (`!`, `!!`, `!name!`) or `%TAG` handle; -1 for none
    /// (and for a verbatim tag).
    var handleIndex: Int32 = -1
    /// For block scalars: the indentation of their content, in columns.
    var blockIndent: Int32 = 0

    init(_ kind: Kind, start: Mark, end: Mark) {
        self.kind = kind
        self.start = start
        self.end = end
    }

    /// How messages name this token.
    var what: String {
        switch kind {
        case .streamStart: return "the start of the text"
        case .streamEnd: return "the end of the text"
        case .versionDirective, .tagDirective, .reservedDirective: return "a directive"
        case .documentStart: return "a document start marker '---'"
        case .documentEnd: return "a document end marker '...'"
        case .blockSequenceStart: return "a block sequence"
        case .blockMappingStart: return "a block mapping"
        case .blockEnd: return "the end of an indented block"
        case .flowSequenceStart: return "'['"
        case .flowSequenceEnd: return "']'"
        case .flowMappingStart: return "'{'"
        case .flowMappingEnd: return "'}'"
        case .blockEntry: return "a sequence entry '-'"
        case .flowEntry: return "','"
        case .key: return "a mapping key"
        case .value: return "':'"
        case .alias: return "an alias"
        case .anchor: return "an anchor"
        case .tag: return "a tag"
        case .scalar: return "a scalar"
        }
    }
}
