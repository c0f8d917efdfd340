/// The HTTP version of a request line (`HTTP/1.0` or `HTTP/1.1`; the server answers in HTTP/1.1).
public struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    /// The major version: always 1 for requests this server accepts.
    public var major: Int
    /// The minor version: 0 or 1.
    public var minor: Int

    /// Creates a version from its two numbers.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// HTTP/1.0: connections close after each response unless the client asks for keep-alive.
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    /// HTTP/1.1: connections persist unless either side sends `Connection: close`.
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    /// The version as written on the request line, e.g. `HTTP/1.1`.
    public var description: String { "HTTP/\(major).\(minor)" }
}
