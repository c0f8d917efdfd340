/// Why a request cannot be served: the status to answer with, after which the connection closes.
struct RequestError: Error, Hashable {
    /// The response status (400, 408, 413, 417, 431, 501 or 505).
    var status: Int
    /// A short plain-text explanation sent as the response body.
    var message: String

    /// 400: the request is not valid HTTP/1.x.
    static func badRequest(_ message: String) -> RequestError { RequestError(status: 400, message: message) }
    /// 413: the body is over the configured limit.
    static let bodyTooLarge = RequestError(status: 413, message: "request body too large")
    /// 431: the head (or chunked trailer section) is over the configured limit.
    static let headTooLarge = RequestError(status: 431, message: "request head too large")
    /// 408: the client did not send the request in time.
    static let timeout = RequestError(status: 408, message: "request not received in time")
}
