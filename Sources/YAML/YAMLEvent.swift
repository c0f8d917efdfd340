/// One parsing event: the start or end of a document or collection, a scalar, or an alias.
struct YAMLEvent {
    enum Kind {
        case streamStart, streamEnd
        case documentStart, documentEnd
        case alias, scalar
        case sequenceStart, sequenceEnd
        case mappingStart, mappingEnd
    }

    var kind: Kind
    /// Where the content starts (the scalar, the bracket, the first key or '-').
    var start: Mark
    /// Anchor name, or the name an alias refers to.
    var anchor: String?
    /// The resolved tag, and where it is written.
    var tag: String?
    var tagMark: Mark?
    /// Scalar text and style.
    var value: String = ""
    var style: YAMLScalar.Style = .plain
    /// For block scalars: the indentation of their content.
    var blockIndent = 0
    /// For a scalar: the end of its text (to place `!GetAtt A.B`'s parts).
    var end: Mark

    init(_ kind: Kind, start: Mark, end: Mark? = nil) {
        self.kind = kind
        self.start = start
        self.end = end ?? start
    }
}
