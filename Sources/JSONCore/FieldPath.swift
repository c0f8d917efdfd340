/// One step into a JSON document: an object member or an array element.
public enum FieldPathComponent: Hashable, Sendable {
    /// An object member.
    case key(String)
    /// An array element.
    case index(Int)
}

/// A path to a value inside a JSON document, written `States.ProcessPayment.Catch[0].Next`.
///
/// Diagnostics name the field they are about with a `FieldPath`; ``JSONSourceMap`` turns one into a
/// line and column of the original text.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// The steps from the document root.
    public var components: [FieldPathComponent]

    /// Creates a path from its steps.
    public init(_ components: [FieldPathComponent] = []) { self.components = components }

    /// Creates a path from keys and indices (`["States", "A", "Catch", 0]`).
    public init(arrayLiteral elements: FieldPathComponent...) { self.components = elements }

    /// The root of the document.
    public static let root = FieldPath()

    /// This path extended by a member key.
    public func appending(_ key: String) -> FieldPath {
        var copy = self
        copy.components.append(.key(key))
        return copy
    }

    /// This path extended by an array index.
    public func appending(_ index: Int) -> FieldPath {
        var copy = self
        copy.components.append(.index(index))
        return copy
    }

    /// This path extended by another path.
    public func appending(_ other: FieldPath) -> FieldPath {
        FieldPath(components + other.components)
    }

    /// The path without its last step.
    public var parent: FieldPath { FieldPath(Array(components.dropLast())) }

    /// The last key of the path, if it ends in a key.
    public var lastKey: String? {
        if case .key(let k) = components.last { return k }
        return nil
    }

    /// `States.ProcessPayment.Catch[0].Next`; keys that are not plain identifiers are quoted
    /// (`States["Check stock"].Next`).
    public var description: String {
        var out = ""
        for c in components {
            switch c {
            case .key(let k):
                if FieldPath.isPlain(k) {
                    if !out.isEmpty { out += "." }
                    out += k
                } else {
                    out +=
                        "[\"" + k.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\\\"")
                        + "\"]"
                }
            case .index(let i):
                out += "[\(i)]"
            }
        }
        return out.isEmpty ? "(root)" : out
    }

    /// The AWS form of the path, as in `/States/Process Payment/Catch/0/Next`.
    public var slashDescription: String {
        var out = ""
        for c in components {
            switch c {
            case .key(let k): out += "/" + k
            case .index(let i): out += "/\(i)"
            }
        }
        return out.isEmpty ? "/" : out
    }

    private static func isPlain(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, !key.isEmpty else { return false }
        if !(first.properties.isAlphabetic || first == "_") { return false }
        for s in key.unicodeScalars where !(s.properties.isAlphabetic || s == "_" || ("0"..."9").contains(s)) {
            return false
        }
        return true
    }
}

/// A position in a text: 1-based line and column (in Unicode scalars), and the UTF-8 byte offset.
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// The column, from 1, counted in Unicode scalars.
    public var column: Int
    /// The UTF-8 byte offset from the start of the text.
    public var offset: Int

    /// Creates a position.
    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `LINE:COLUMN`
    public var description: String { "\(line):\(column)" }
}
