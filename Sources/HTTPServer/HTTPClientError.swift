/// Why an `HTTPClient` request failed: a category to act on and a message naming the endpoint.
public struct HTTPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a failure.
    public enum Kind: String, Sendable, Hashable {
        /// The URL is malformed or not `http://` (`https` is not supported).
        case invalidURL
        /// The request cannot be sent as given (method, target or a field is not valid HTTP).
        case invalidRequest
        /// The host name could not be resolved to an address.
        case resolve
        /// No connection could be made (refused, unreachable).
        case connect
        /// The connect timeout or the request timeout passed first.
        case timeout
        /// The connection closed or broke before the response was complete.
        case closed
        /// The response is not valid HTTP/1.x.
        case malformedResponse
        /// The response head or body is larger than the configured limit.
        case tooLarge
        /// The calling task was cancelled.
        case cancelled
        /// The client was shut down (before or while the request ran).
        case shutdown
        /// The system refused a resource (descriptors, memory, a thread).
        case system
    }

    /// The category.
    public var kind: Kind
    /// What happened, e.g. `connect to 127.0.0.1:3001: Connection refused`.
    public var message: String
    /// The `errno` of the failed system call, when there was one.
    public var errno: Int32?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, errno: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.errno = errno
    }

    /// The message.
    public var description: String { message }
}
