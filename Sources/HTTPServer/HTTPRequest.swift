/// A complete request as received: head and fully read (de-chunked) body.
public struct HTTPRequest: Sendable, Hashable {
    /// The method token as sent, e.g. `GET`, `POST` (case-sensitive, per RFC 9110).
    public var method: String
    /// The request-target exactly as on the request line, e.g. `/path?x=1`.
    public var target: String
    /// The target up to the first `?` (not percent-decoded).
    public var path: String
    /// The target after the first `?` (not percent-decoded), or `nil` when there is no `?`.
    public var query: String?
    /// The request's HTTP version.
    public var version: HTTPVersion
    /// The header fields in received order; trailer fields of chunked bodies are not included.
    public var headers: HTTPHeaders
    /// The body bytes (empty when the request has none).
    public var body: [UInt8]

    /// Creates a request; `path` and `query` are derived from `target`.
    public init(
        method: String, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = [:],
        body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            path = String(target[..<mark])
            query = String(target[target.utf8.index(after: mark)...])
        } else {
            path = target
            query = nil
        }
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// The body decoded as UTF-8, invalid sequences replaced (never fails).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
