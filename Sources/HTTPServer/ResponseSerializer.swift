/// Turns an `HTTPResponse` into bytes: status line, fields, framing fields the server owns, body.
enum ResponseSerializer {
    /// What the serializer needs to know about the request being answered.
    struct Context {
        /// The request was `HEAD`: send the head only.
        var isHEAD: Bool
        /// The request allows another request on the connection afterwards.
        var keepAlive: Bool
        /// The request's version (HTTP/1.0 keep-alive must be confirmed explicitly).
        var version: HTTPVersion
        /// The preformatted `Date` value.
        var date: [UInt8]
        /// The `Server` value, if any.
        var serverName: String?
    }

    /// The interim response that lets an `Expect: 100-continue` client send its body.
    static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Appends `response` to `output`; returns whether the connection must close after it.
    static func append(_ response: HTTPResponse, context: Context, to output: inout [UInt8]) -> Bool {
        var status = response.status
        var reason = response.reason
        var body = response.body
        if !(200...599).contains(status) {
            // 1xx cannot be a final response and other codes are not HTTP; report a server bug.
            status = 500
            reason = nil
            body = []
        }
        let close = !context.keepAlive || response.headers.hasToken("close", in: "Connection")
        // RFC 9110 §8.6 and §15.3.5/§15.4.5: 204 and 304 have no content and no Content-Length.
        let hasContent = status != 204 && status != 304
        output.reserveCapacity(output.count + 256 + (hasContent && !context.isHEAD ? body.count : 0))

        append("HTTP/1.1 ", to: &output)
        append(String(status), to: &output)
        output.append(ASCII.space)
        appendSanitized(reason ?? HTTPResponse.standardReason(for: status) ?? "Unknown", to: &output)
        append("\r\n", to: &output)

        var hasDate = false
        var hasServer = false
        var declaredLength: String?
        for field in response.headers {
            if HTTPHeaders.namesEqual(field.name, "Content-Length") {
                declaredLength = field.value
                continue
            }
            if HTTPHeaders.namesEqual(field.name, "Transfer-Encoding")
                || HTTPHeaders.namesEqual(field.name, "Connection")
            {
                continue
            }
            // A field name that is not a token cannot be sent safely (it could split the head).
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(ASCII.isTokenByte) else { continue }
            hasDate = hasDate || HTTPHeaders.namesEqual(field.name, "Date")
            hasServer = hasServer || HTTPHeaders.namesEqual(field.name, "Server")
            append(field.name, to: &output)
            append(": ", to: &output)
            appendSanitized(field.value, to: &output)
            append("\r\n", to: &output)
        }
        if hasContent {
            append("Content-Length: ", to: &output)
            // A HEAD handler may announce the length of the body it did not produce.
            if context.isHEAD, body.isEmpty, let declaredLength,
                case .success(let length) = RequestParser.contentLength([declaredLength], limit: Int.max - 1)
            {
                append(String(length), to: &output)
            } else {
                append(String(body.count), to: &output)
            }
            append("\r\n", to: &output)
        }
        if !hasDate {
            append("Date: ", to: &output)
            output.append(contentsOf: context.date)
            append("\r\n", to: &output)
        }
        if let serverName = context.serverName, !hasServer {
            append("Server: ", to: &output)
            appendSanitized(serverName, to: &output)
            append("\r\n", to: &output)
        }
        if close {
            append("Connection: close\r\n", to: &output)
        } else if context.version.minor == 0 {
            append("Connection: keep-alive\r\n", to: &output)
        }
        append("\r\n", to: &output)
        if hasContent && !context.isHEAD {
            output.append(contentsOf: body)
        }
        return close
    }

    /// The response sent for a request the server rejects itself.
    static func errorResponse(_ error: RequestError) -> HTTPResponse {
        HTTPResponse(
            status: error.status, headers: ["Content-Type": "text/plain; charset=utf-8"], text: error.message + "\n")
    }

    private static func append(_ text: String, to output: inout [UInt8]) {
        output.append(contentsOf: text.utf8)
    }

    /// Appends `text` with CR, LF and other control bytes replaced by spaces, so an
    /// application-supplied value can never end the line or the head early.
    private static func appendSanitized(_ text: String, to output: inout [UInt8]) {
        for byte in text.utf8 {
            output.append((byte < 0x20 && byte != ASCII.tab) || byte == 0x7F ? ASCII.space : byte)
        }
    }
}
