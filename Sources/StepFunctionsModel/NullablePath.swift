/// A path field that may also be `null` (`InputPath`, `OutputPath`, `ResultPath`).
///
/// `null` discards: as `InputPath` or `OutputPath` it makes the input or output `{}`; as
/// `ResultPath` it keeps the state input and drops the result.
public enum NullablePath: Sendable, Hashable, CustomStringConvertible {
    /// A path.
    case path(JSONPath)
    /// `null`
    case null

    /// The path, or `nil` for `null`.
    public var path: JSONPath? {
        if case .path(let p) = self { return p }
        return nil
    }

    /// The path text, or `null`.
    public var description: String {
        switch self {
        case .path(let p): return p.source
        case .null: return "null"
        }
    }
}
