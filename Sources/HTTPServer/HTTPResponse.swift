/// A response to send: the server adds `Content-Length`, `Date` and `Connection` itself.
///
/// Any `Content-Length`, `Transfer-Encoding` or `Connection` field in `headers` is not sent as is:
/// the body is always framed by `Content-Length`, and `Connection: close` here makes the server
/// close the connection after this response.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code (200 ... 599; anything else is sent as 500).
    public var status: Int
    /// The reason phrase; `nil` uses the standard one for `status`.
    public var reason: String?
    /// The header fields to send, in order.
    public var headers: HTTPHeaders
    /// The body bytes (not sent for `HEAD` requests, 204 and 304).
    public var body: [UInt8]

    /// Creates a response with a byte body.
    public init(status: Int = 200, reason: String? = nil, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// Creates a response with a UTF-8 text body.
    public init(status: Int = 200, reason: String? = nil, headers: HTTPHeaders = [:], text: String) {
        self.init(status: status, reason: reason, headers: headers, body: Array(text.utf8))
    }

    /// The standard reason phrase for `status`, or `nil` for an unknown code.
    public static func standardReason(for status: Int) -> String? {
        switch status {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 203: "Non-Authoritative Information"
        case 204: "No Content"
        case 205: "Reset Content"
        case 206: "Partial Content"
        case 300: "Multiple Choices"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 402: "Payment Required"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 416: "Range Not Satisfiable"
        case 417: "Expectation Failed"
        case 421: "Misdirected Request"
        case 422: "Unprocessable Content"
        case 425: "Too Early"
        case 426: "Upgrade Required"
        case 428: "Precondition Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: nil
        }
    }
}
