/// Incremental HTTP/1.x response parser: status line and fields, interim 1xx responses skipped,
/// then a body framed by `Content-Length`, chunked coding, or the end of the connection.
///
/// Like `RequestParser` it consumes bytes from a `ByteBuffer` as they arrive and never traps on
/// input: malformed or oversized responses become an `HTTPClientError`. Framing follows RFC 9112
/// §6.3: no body after `HEAD`, 1xx, 204 and 304; chunked wins over `Content-Length` (and the
/// connection is then not reused); with neither, the body runs to the end of the connection.
struct ResponseParser {
    /// The size limits applied while parsing.
    struct Limits: Hashable {
        /// Largest status line plus fields (and largest chunked trailer section), in bytes.
        var maxHeadSize: Int
        /// Largest decoded body, in bytes.
        var maxBodySize: Int
    }

    /// What the caller should do next.
    enum Step {
        /// Wait for more bytes (or the end of the connection), then call again.
        case needMore
        /// A complete response, and whether the connection may carry another request.
        case response(HTTPResponse, keepAlive: Bool)
        /// The response is unusable; close the connection.
        case failure(HTTPClientError)
    }

    /// A parsed final head whose body is still being read.
    private struct Head {
        var status: Int
        var reason: String
        var headers: HTTPHeaders
        var keepAlive: Bool
    }

    private enum State {
        /// Looking for the blank line ending a head; `scanned` bytes were already searched.
        case head(scanned: Int)
        case fixedBody(Head, remaining: Int)
        case chunkedBody(Head, ChunkedDecoder)
        case untilClose(Head)
        case failed(HTTPClientError)
    }

    /// The limits in force.
    let limits: Limits
    /// The request was `HEAD`: the response has no body whatever its fields say.
    let isHEAD: Bool
    private var state = State.head(scanned: 0)
    private var body: [UInt8] = []

    /// Creates a parser for the response to one request; limits are clamped so size arithmetic
    /// cannot overflow.
    init(limits: Limits, isHEAD: Bool) {
        self.limits = Limits(
            maxHeadSize: min(max(limits.maxHeadSize, 64), 1 << 30),
            maxBodySize: min(max(limits.maxBodySize, 0), 1 << 50))
        self.isHEAD = isHEAD
    }

    /// Whether no byte of a response head has been parsed yet (none since the last response).
    var isAtResponseStart: Bool {
        if case .head(scanned: 0) = state { return true }
        return false
    }

    /// Parses as far as `buffer` allows, consuming the bytes it uses.
    mutating func parse(_ buffer: inout ByteBuffer) -> Step {
        while true {
            switch state {
            case .failed(let error):
                return .failure(error)
            case .head(let scanned):
                switch parseHead(&buffer, scanned: scanned) {
                case .needMore: return .needMore
                case .interim: continue  // a 1xx: look for the next head
                case .final(let step): return step
                }
            case .fixedBody(let head, let remaining):
                let take = min(remaining, buffer.readableCount)
                if take > 0 {
                    body.append(contentsOf: buffer.bytes[buffer.readIndex..<(buffer.readIndex + take)])
                    buffer.consume(take)
                }
                if take == remaining { return finish(head, keepAlive: head.keepAlive) }
                state = .fixedBody(head, remaining: remaining - take)
                return .needMore
            case .chunkedBody(let head, var decoder):
                do {
                    if try decoder.decode(&buffer, into: &body) { return finish(head, keepAlive: head.keepAlive) }
                    state = .chunkedBody(head, decoder)
                    return .needMore
                } catch {
                    return fail(Self.clientError(error, limit: limits.maxBodySize))
                }
            case .untilClose:
                if buffer.readableCount > limits.maxBodySize - body.count {
                    return fail(Self.bodyTooLarge(limits.maxBodySize))
                }
                body.append(contentsOf: buffer.bytes[buffer.readIndex...])
                buffer.consume(buffer.readableCount)
                return .needMore
            }
        }
    }

    /// The connection reached end-of-file (after every received byte went through `parse`):
    /// completes a body that runs to the close, else fails.
    mutating func endOfInput() -> Step {
        switch state {
        case .untilClose(let head):
            return finish(head, keepAlive: false)
        case .head:
            return fail(HTTPClientError(.closed, "the connection closed before a complete response head arrived"))
        case .fixedBody(_, let remaining):
            return fail(
                HTTPClientError(
                    .closed, "the connection closed inside the response body (\(remaining) bytes of it missing)"))
        case .chunkedBody:
            return fail(HTTPClientError(.closed, "the connection closed inside the chunked response body"))
        case .failed(let error):
            return .failure(error)
        }
    }

    private mutating func fail(_ error: HTTPClientError) -> Step {
        state = .failed(error)
        body = []
        return .failure(error)
    }

    private mutating func finish(_ head: Head, keepAlive: Bool) -> Step {
        let response = HTTPResponse(status: head.status, reason: head.reason, headers: head.headers, body: body)
        body = []
        state = .head(scanned: 0)
        return .response(response, keepAlive: keepAlive)
    }

    // MARK: Head

    private enum HeadStep {
        case needMore
        case interim
        case final(Step)
    }

    private mutating func parseHead(_ buffer: inout ByteBuffer, scanned: Int) -> HeadStep {
        if scanned == 0 {
            // Tolerate stray empty lines before a status line, as for requests (RFC 9112 §2.2).
            var skip = 0
            while skip < buffer.readableCount {
                let byte = buffer.bytes[buffer.readIndex + skip]
                guard byte == ASCII.cr || byte == ASCII.lf else { break }
                skip += 1
            }
            buffer.consume(skip)
        }
        let start = buffer.readIndex
        let (headEnd, resume) = buffer.bytes.withUnsafeBufferPointer {
            RequestParser.findHeadEnd($0, from: start + scanned, to: $0.count)
        }
        guard let headEnd else {
            if buffer.readableCount > limits.maxHeadSize { return .final(fail(Self.headTooLarge(limits.maxHeadSize))) }
            state = .head(scanned: resume - start)
            return .needMore
        }
        guard headEnd - start <= limits.maxHeadSize else { return .final(fail(Self.headTooLarge(limits.maxHeadSize))) }
        let parsed = buffer.bytes.withUnsafeBufferPointer {
            Self.parseHeadLines(UnsafeBufferPointer(rebasing: $0[start..<headEnd]))
        }
        buffer.consume(headEnd - start)
        switch parsed {
        case .failure(let error):
            return .final(fail(error))
        case .success(let (version, status, reason, headers)):
            if status == 101 {
                return .final(fail(HTTPClientError(.malformedResponse, "unexpected 101 Switching Protocols")))
            }
            if status < 200 {
                // 100 Continue, 102 Processing, 103 Early Hints: informational, a final response follows.
                state = .head(scanned: 0)
                return .interim
            }
            return .final(beginBody(version: version, status: status, reason: reason, headers: headers, &buffer))
        }
    }

    /// Splits a complete head into the status line and fields and validates them.
    private static func parseHeadLines(
        _ head: UnsafeBufferPointer<UInt8>
    ) -> Result<(HTTPVersion, Int, String, HTTPHeaders), HTTPClientError> {
        var statusLine: (HTTPVersion, Int, String)?
        var headers = HTTPHeaders()
        var lineStart = 0
        while lineStart < head.count {
            var lineFeed = lineStart
            while lineFeed < head.count && head[lineFeed] != ASCII.lf { lineFeed += 1 }
            var lineEnd = lineFeed
            if lineEnd > lineStart && head[lineEnd - 1] == ASCII.cr { lineEnd -= 1 }
            if lineEnd == lineStart { break }
            let line = UnsafeBufferPointer(rebasing: head[lineStart..<lineEnd])
            if statusLine == nil {
                guard let parsed = parseStatusLine(line) else {
                    let text = String(decoding: line.prefix(80), as: UTF8.self)
                    return .failure(HTTPClientError(.malformedResponse, "malformed status line '\(text)'"))
                }
                statusLine = parsed
            } else if let error = RequestParser.parseField(line, into: &headers) {
                return .failure(HTTPClientError(.malformedResponse, "\(error.message) in the response"))
            }
            lineStart = lineFeed + 1
        }
        guard let (version, status, reason) = statusLine else {
            return .failure(HTTPClientError(.malformedResponse, "missing status line"))
        }
        return .success((version, status, reason, headers))
    }

    /// Parses `HTTP/1.x SP 3DIGIT [SP reason]` (a missing reason is tolerated, as many clients do).
    private static func parseStatusLine(_ line: UnsafeBufferPointer<UInt8>) -> (HTTPVersion, Int, String)? {
        guard line.count >= 12, line.starts(with: "HTTP/1.".utf8), let minor = ASCII.digitValue(line[7]),
            line[8] == ASCII.space, let hundreds = ASCII.digitValue(line[9]), let tens = ASCII.digitValue(line[10]),
            let units = ASCII.digitValue(line[11]), hundreds >= 1
        else { return nil }
        var reason = ""
        if line.count > 12 {
            guard line[12] == ASCII.space else { return nil }
            let text = line[13...]
            guard text.allSatisfy({ ($0 >= 0x20 || $0 == ASCII.tab) && $0 != 0x7F }) else { return nil }
            reason = String(decoding: text, as: UTF8.self)
        }
        return (HTTPVersion(major: 1, minor: minor), hundreds * 100 + tens * 10 + units, reason)
    }

    // MARK: Framing

    /// Decides keep-alive and body framing from the status and fields, then starts the body.
    private mutating func beginBody(
        version: HTTPVersion, status: Int, reason: String, headers: HTTPHeaders, _ buffer: inout ByteBuffer
    ) -> Step {
        let keepAlive =
            version.minor == 0
            ? headers.hasToken("keep-alive", in: "Connection") && !headers.hasToken("close", in: "Connection")
            : !headers.hasToken("close", in: "Connection")
        var head = Head(status: status, reason: reason, headers: headers, keepAlive: keepAlive)
        if isHEAD || status == 204 || status == 304 { return finish(head, keepAlive: keepAlive) }

        let transferEncodings = headers.values(for: "Transfer-Encoding")
        if !transferEncodings.isEmpty {
            let codings = transferEncodings.flatMap { $0.utf8.split(separator: UInt8(ascii: ",")) }
                .map { ASCII.trimmed($0) }.filter { !$0.isEmpty }
            guard codings.count == 1, ASCII.equalsIgnoringCase(codings[0], "chunked".utf8) else {
                // The client sends no TE field, so a server may use no coding but chunked.
                return fail(
                    HTTPClientError(
                        .malformedResponse,
                        "unsupported response transfer coding '\(transferEncodings.joined(separator: ", "))'"
                    ))
            }
            // RFC 9112 §6.3: Content-Length next to chunked is ignored, but the connection is suspect.
            if headers.contains("Content-Length") { head.keepAlive = false }
            let decoder = ChunkedDecoder(maxBodySize: limits.maxBodySize, maxTrailerSize: limits.maxHeadSize)
            state = .chunkedBody(head, decoder)
            return parse(&buffer)
        }

        let lengthFields = headers.values(for: "Content-Length")
        if lengthFields.isEmpty {
            state = .untilClose(head)
            return parse(&buffer)
        }
        switch RequestParser.contentLength(lengthFields, limit: limits.maxBodySize) {
        case .failure(let error) where error == .bodyTooLarge:
            return fail(Self.bodyTooLarge(limits.maxBodySize, declared: lengthFields.first))
        case .failure:
            return fail(
                HTTPClientError(
                    .malformedResponse,
                    "invalid Content-Length '\(lengthFields.joined(separator: ", "))' in the response"))
        case .success(let length):
            if length == 0 { return finish(head, keepAlive: keepAlive) }
            // Reserve up to 1 MiB up front: a large declared length must not commit memory early.
            body.reserveCapacity(min(length, 1 << 20))
            state = .fixedBody(head, remaining: length)
            return parse(&buffer)
        }
    }

    // MARK: Errors

    private static func headTooLarge(_ limit: Int) -> HTTPClientError {
        HTTPClientError(.tooLarge, "the response head is larger than the limit of \(limit) bytes")
    }

    private static func bodyTooLarge(_ limit: Int, declared: String? = nil) -> HTTPClientError {
        let detail = declared.map { " (Content-Length: \($0))" } ?? ""
        return HTTPClientError(.tooLarge, "the response body is larger than the limit of \(limit) bytes\(detail)")
    }

    /// Maps the chunked decoder's request-side errors to client errors.
    private static func clientError(_ error: RequestError, limit: Int) -> HTTPClientError {
        switch error.status {
        case 413: return bodyTooLarge(limit)
        case 431: return HTTPClientError(.tooLarge, "the chunked response's trailer section is larger than the limit")
        default: return HTTPClientError(.malformedResponse, "\(error.message) in the chunked response body")
        }
    }
}
