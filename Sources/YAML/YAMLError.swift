import JSONCore

/// An error in YAML text: what is wrong, and the line and column where it was found.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of problem the reader reports, so callers and tests can tell them apart.
    public enum Kind: String, Sendable, Hashable {
        /// Text that does not follow the YAML grammar (a stray character, a missing ':' or ',').
        case syntax
        /// A line indented to a column where no node can start.
        case badIndentation
        /// A tab character used to indent a line in block context.
        case tabIndentation
        /// A quoted scalar with no closing quote.
        case unterminatedScalar
        /// A flow collection (`[` or `{`) with no closing bracket.
        case unterminatedFlowCollection
        /// A key written twice in one mapping.
        case duplicateKey
        /// A mapping key that is not a scalar (a sequence, a mapping, a tagged intrinsic function), or an empty key.
        case invalidKey
        /// An alias (`*name`) with no anchor of that name before it.
        case undefinedAlias
        /// A double-quoted escape that YAML does not define, or one naming an invalid code point.
        case invalidEscape
        /// A tag that is unknown, malformed, or does not fit the node it is on.
        case invalidTag
        /// A scalar whose text does not fit its explicit tag (`!!int abc`).
        case invalidValue
        /// A character that YAML does not allow in a stream (control characters).
        case invalidCharacter
        /// A second document in text that must hold one.
        case multipleDocuments
        /// Collections nested deeper than ``YAMLParser/Options/maxDepth``.
        case tooDeep
        /// Aliases that would expand to more nodes than ``YAMLParser/Options/maxAliasExpansion``.
        case aliasExpansionLimit
    }

    /// What kind of problem this is.
    public var kind: Kind
    /// What is wrong, in one sentence.
    public var message: String
    /// Where it is.
    public var position: SourcePosition
    /// Another place the message refers to (the first occurrence of a duplicate key, the opening bracket).
    public var relatedPosition: SourcePosition?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, at position: SourcePosition, related: SourcePosition? = nil) {
        self.kind = kind
        self.message = message
        self.position = position
        self.relatedPosition = related
    }

    /// The line, from 1.
    public var line: Int { position.line }
    /// The column, from 1, counted in Unicode scalars.
    public var column: Int { position.column }

    /// `LINE:COLUMN: message`
    public var description: String { "\(position): \(message)" }

    /// `text` for a message: control characters escaped, and cut short when long.
    static func quote(_ text: String) -> String {
        var out = "'"
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 60 {
                out += "..."
                break
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "'": out += "\\'"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            count += 1
        }
        return out + "'"
    }
}
