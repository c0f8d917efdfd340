/// Turns an `HTTPRequest` into the bytes the client sends: request line, fields, framing, body.
///
/// The client owns the framing: `Content-Length` and `Transfer-Encoding` fields in the request
/// are replaced by a `Content-Length` of the body. Invalid input is refused rather than
/// sanitized (a client should fail loudly instead of sending something else than asked).
enum RequestSerializer {
    /// The bytes to send, and whether the request asks the server to close the connection after.
    struct Serialized: Sendable {
        /// Head and body.
        var bytes: [UInt8]
        /// The request carries `Connection: close`.
        var closeAfter: Bool
    }

    /// Serializes `request` as HTTP/1.1 (whatever its `version`), adding `Host: authority` unless
    /// the request has a `Host` field.
    static func serialize(_ request: HTTPRequest, authority: String) throws(HTTPClientError) -> Serialized {
        guard !request.method.isEmpty, request.method.utf8.allSatisfy(ASCII.isTokenByte) else {
            throw HTTPClientError(.invalidRequest, "invalid method '\(request.method)'")
        }
        guard !request.target.isEmpty, request.target.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else {
            throw HTTPClientError(
                .invalidRequest, "invalid request target '\(request.target)' (percent-encode spaces and controls)")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128 + request.target.utf8.count + request.headers.count * 32 + request.body.count)
        append(request.method, to: &bytes)
        bytes.append(ASCII.space)
        append(request.target, to: &bytes)
        append(" HTTP/1.1\r\n", to: &bytes)

        var hasHost = false
        for field in request.headers {
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(ASCII.isTokenByte) else {
                throw HTTPClientError(.invalidRequest, "invalid header field name '\(field.name)'")
            }
            guard field.value.utf8.allSatisfy({ ($0 >= 0x20 || $0 == ASCII.tab) && $0 != 0x7F }) else {
                throw HTTPClientError(.invalidRequest, "control character in the value of header field '\(field.name)'")
            }
            if HTTPHeaders.namesEqual(field.name, "Content-Length")
                || HTTPHeaders.namesEqual(field.name, "Transfer-Encoding")
            {
                continue
            }
            hasHost = hasHost || HTTPHeaders.namesEqual(field.name, "Host")
            append(field.name, to: &bytes)
            append(": ", to: &bytes)
            append(field.value, to: &bytes)
            append("\r\n", to: &bytes)
        }
        if !hasHost {
            append("Host: ", to: &bytes)
            append(authority, to: &bytes)
            append("\r\n", to: &bytes)
        }
        // RFC 9110 §8.6: a body-less request with a method that usually has one says so with
        // Content-Length: 0 (some servers wait for a body, or answer 411, without it).
        if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" || request.method == "PATCH" {
            append("Content-Length: ", to: &bytes)
            append(String(request.body.count), to: &bytes)
            append("\r\n", to: &bytes)
        }
        append("\r\n", to: &bytes)
        bytes.append(contentsOf: request.body)
        return Serialized(bytes: bytes, closeAfter: request.headers.hasToken("close", in: "Connection"))
    }

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: text.utf8)
    }
}
