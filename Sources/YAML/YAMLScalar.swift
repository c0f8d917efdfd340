import JSONCore

/// A scalar as written in YAML, with the value the YAML 1.2 core schema (or its tag) gives it.
public struct YAMLScalar: Sendable {
    /// How a scalar was written.
    public enum Style: Sendable, Hashable {
        /// Unquoted.
        case plain
        /// In single quotes.
        case singleQuoted
        /// In double quotes.
        case doubleQuoted
        /// A literal block scalar (`|`).
        case literal
        /// A folded block scalar (`>`).
        case folded
    }

    /// The scalar's content after unquoting, unescaping and folding.
    public var text: String
    /// How it was written.
    public var style: Style
    /// Its value: null, a boolean, a number or a string (`.inf` and `.nan` are non-finite doubles).
    public var value: JSONValue

    /// For a literal block scalar: where each line of ``text`` is written.
    var layout: LiteralLayout?

    /// Creates a scalar.
    public init(text: String, style: Style, value: JSONValue) {
        self.text = text
        self.style = style
        self.value = value
    }
}

/// Where the lines of a literal block scalar's text are in the source: line `k` (from 0) of the
/// text is source line `firstLine + k`, its content starting at byte `lineStarts[k]`, shifted
/// right by `indent` columns. A class, so that scalars stay small to copy.
final class LiteralLayout: Sendable {
    let firstLine: Int
    let indent: Int
    let lineStarts: [Int]

    init(firstLine: Int, indent: Int, lineStarts: [Int]) {
        self.firstLine = firstLine
        self.indent = indent
        self.lineStarts = lineStarts
    }
}
