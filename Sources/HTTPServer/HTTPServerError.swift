/// Why the server could not start: a failed system call or a bad configuration.
public struct HTTPServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, e.g. `bind(127.0.0.1:8080): Address already in use`.
    public var message: String
    /// The `errno` of the failed system call, when there was one.
    public var errno: Int32?

    /// Creates an error.
    public init(message: String, errno: Int32? = nil) {
        self.message = message
        self.errno = errno
    }

    /// The message.
    public var description: String { message }
}
