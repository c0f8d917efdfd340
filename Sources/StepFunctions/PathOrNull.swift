/// The value of `InputPath`, `OutputPath` or `ResultPath`: a JSONPath string literal, or ``null``.
///
/// ```swift
/// .resultPath("$.error")   // "ResultPath": "$.error"
/// .resultPath(.null)       // "ResultPath": null  (keep the input, discard the result)
/// ```
public struct PathOrNull: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The path text, or `nil` for `null`.
    public var path: String?

    /// A path.
    public init(_ path: String) { self.path = path }
    /// A path from a literal.
    public init(stringLiteral value: String) { self.path = value }
    private init(null: ()) { self.path = nil }

    /// `null`: as `InputPath` the state sees `{}`; as `ResultPath` the result is discarded; as
    /// `OutputPath` the state outputs `{}`.
    public static let null = PathOrNull(null: ())

    /// The path, or `null`.
    public var description: String { path ?? "null" }
}

extension PathOrNull {
    /// The field value: the path text, or `null`.
    var content: FieldContent { .json(path.map(JSONValue.string) ?? .null) }
}
