/// Incremental HTTP/1.x request parser: head, then a `Content-Length` or chunked body.
///
/// It consumes bytes from a connection's `ByteBuffer` as they arrive and yields one request at a
/// time; bytes after a complete request stay in the buffer (pipelining). It never traps on input:
/// every malformed or oversized request becomes a `RequestError`.
struct RequestParser {
    /// The size limits applied while parsing.
    struct Limits: Hashable {
        /// Largest request line plus fields (and largest chunked trailer section), in bytes.
        var maxHeadSize: Int
        /// Largest decoded body, in bytes.
        var maxBodySize: Int
    }

    /// What the caller should do next.
    enum Step {
        /// Wait for more bytes, then call `parse` again.
        case needMore
        /// Send `100 Continue` (the client waits for it before sending the body), then call `parse` again.
        case sendContinue
        /// A complete request, and whether the connection may serve another after it.
        case request(HTTPRequest, keepAlive: Bool)
        /// Answer with this error and close the connection.
        case failure(RequestError)
    }

    /// A parsed head whose body is still being read.
    private struct Head {
        var method: String
        var target: String
        var version: HTTPVersion
        var headers: HTTPHeaders
        var keepAlive: Bool
    }

    private enum State {
        /// Looking for the blank line ending the head; `scanned` bytes were already searched.
        case head(scanned: Int)
        case fixedBody(Head, remaining: Int)
        case chunkedBody(Head, ChunkedDecoder)
        case failed(RequestError)
    }

    /// The limits in force.
    let limits: Limits
    private var state: State = .head(scanned: 0)
    private var body: [UInt8] = []

    /// The longest chunk-size line (size plus chunk extensions) accepted.
    static let maxChunkLineLength = 4096

    /// Creates a parser; limits are clamped so size arithmetic cannot overflow.
    init(limits: Limits) {
        self.limits = Limits(
            maxHeadSize: min(max(limits.maxHeadSize, 64), 1 << 30),
            maxBodySize: min(max(limits.maxBodySize, 0), 1 << 50))
    }

    /// Whether the head is complete and the body is being read.
    var isReadingBody: Bool {
        switch state {
        case .fixedBody, .chunkedBody: true
        case .head, .failed: false
        }
    }

    /// Parses as far as `buffer` allows, consuming the bytes it uses.
    mutating func parse(_ buffer: inout ByteBuffer) -> Step {
        switch state {
        case .failed(let error):
            return .failure(error)
        case .head(let scanned):
            return parseHead(&buffer, scanned: scanned)
        case .fixedBody(let head, let remaining):
            let take = min(remaining, buffer.readableCount)
            if take > 0 {
                body.append(contentsOf: buffer.bytes[buffer.readIndex..<(buffer.readIndex + take)])
                buffer.consume(take)
            }
            if take == remaining { return finish(head) }
            state = .fixedBody(head, remaining: remaining - take)
            return .needMore
        case .chunkedBody(let head, var decoder):
            do {
                let done = try decoder.decode(&buffer, into: &body)
                if done { return finish(head) }
                state = .chunkedBody(head, decoder)
                return .needMore
            } catch {
                return fail(error)
            }
        }
    }

    private mutating func fail(_ error: RequestError) -> Step {
        state = .failed(error)
        body = []
        return .failure(error)
    }

    private mutating func finish(_ head: Head) -> Step {
        let request = HTTPRequest(
            method: head.method, target: head.target, version: head.version, headers: head.headers, body: body)
        body = []
        state = .head(scanned: 0)
        return .request(request, keepAlive: head.keepAlive)
    }

    // MARK: Head

    private mutating func parseHead(_ buffer: inout ByteBuffer, scanned: Int) -> Step {
        if scanned == 0 {
            // RFC 9112 §2.2: empty lines before the request line are ignored (some clients send a
            // stray CRLF after a POST body).
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
            Self.findHeadEnd($0, from: start + scanned, to: $0.count)
        }
        guard let headEnd else {
            if buffer.readableCount > limits.maxHeadSize { return fail(.headTooLarge) }
            state = .head(scanned: resume - start)
            return .needMore
        }
        guard headEnd - start <= limits.maxHeadSize else { return fail(.headTooLarge) }
        let parsed = buffer.bytes.withUnsafeBufferPointer {
            Self.parseHeadLines(UnsafeBufferPointer(rebasing: $0[start..<headEnd]))
        }
        buffer.consume(headEnd - start)
        switch parsed {
        case .failure(let error):
            return fail(error)
        case .success(let (method, target, version, headers)):
            return beginBody(method: method, target: target, version: version, headers: headers, buffer: &buffer)
        }
    }

    /// Finds the end of the head (one past its blank line) in `bytes[from..<to]`; when not found,
    /// also returns where the next search should resume.
    static func findHeadEnd(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> (Int?, Int) {
        var index = from
        while index < end {
            if bytes[index] == ASCII.lf {
                // A line ends here; the head ends if the next line is empty (LF or CRLF).
                guard index + 1 < end else { return (nil, index) }
                let next = bytes[index + 1]
                if next == ASCII.lf { return (index + 2, index) }
                if next == ASCII.cr {
                    guard index + 2 < end else { return (nil, index) }
                    if bytes[index + 2] == ASCII.lf { return (index + 3, index) }
                }
            }
            index += 1
        }
        return (nil, end)
    }

    /// Splits a complete head into the request line and fields and validates them.
    private static func parseHeadLines(
        _ head: UnsafeBufferPointer<UInt8>
    ) -> Result<(String, String, HTTPVersion, HTTPHeaders), RequestError> {
        var requestLine: (String, String, HTTPVersion)?
        var headers = HTTPHeaders()
        var lineStart = 0
        while lineStart < head.count {
            var lineFeed = lineStart
            while lineFeed < head.count && head[lineFeed] != ASCII.lf { lineFeed += 1 }
            var lineEnd = lineFeed
            if lineEnd > lineStart && head[lineEnd - 1] == ASCII.cr { lineEnd -= 1 }
            if lineEnd == lineStart { break }
            let line = UnsafeBufferPointer(rebasing: head[lineStart..<lineEnd])
            if requestLine == nil {
                switch parseRequestLine(line) {
                case .success(let parsed): requestLine = parsed
                case .failure(let error): return .failure(error)
                }
            } else if let error = parseField(line, into: &headers) {
                return .failure(error)
            }
            lineStart = lineFeed + 1
        }
        guard let (method, target, version) = requestLine else { return .failure(.badRequest("missing request line")) }
        return .success((method, target, version, headers))
    }

    /// Parses `method SP request-target SP HTTP-version`.
    private static func parseRequestLine(
        _ line: UnsafeBufferPointer<UInt8>
    ) -> Result<(String, String, HTTPVersion), RequestError> {
        guard let firstSpace = line.firstIndex(of: ASCII.space), firstSpace > 0,
            line[..<firstSpace].allSatisfy(ASCII.isTokenByte)
        else { return .failure(.badRequest("malformed request line")) }
        let targetStart = firstSpace + 1
        guard let secondSpace = line[targetStart...].firstIndex(of: ASCII.space), secondSpace > targetStart,
            line[targetStart..<secondSpace].allSatisfy({ $0 > 0x20 && $0 != 0x7F })
        else { return .failure(.badRequest("malformed request line")) }
        let version = line[(secondSpace + 1)...]
        guard version.count == 8, version.starts(with: "HTTP/".utf8),
            let major = ASCII.digitValue(version[version.startIndex + 5]),
            version[version.startIndex + 6] == UInt8(ascii: "."),
            let minor = ASCII.digitValue(version[version.startIndex + 7])
        else { return .failure(.badRequest("malformed HTTP version")) }
        guard major == 1 else {
            return .failure(RequestError(status: 505, message: "only HTTP/1.0 and HTTP/1.1 are supported"))
        }
        return .success(
            (
                String(decoding: line[..<firstSpace], as: UTF8.self),
                String(decoding: line[targetStart..<secondSpace], as: UTF8.self),
                HTTPVersion(major: 1, minor: minor)
            ))
    }

    /// Parses `name ":" OWS value OWS` into `headers`; returns the error for a malformed field.
    static func parseField(_ line: UnsafeBufferPointer<UInt8>, into headers: inout HTTPHeaders) -> RequestError? {
        // RFC 9112 §5.2: obsolete line folding may be rejected; it is a request-smuggling vector.
        if line[0] == ASCII.space || line[0] == ASCII.tab { return .badRequest("obsolete line folding") }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0,
            line[..<colon].allSatisfy(ASCII.isTokenByte)
        else { return .badRequest("malformed header field") }
        var valueStart = colon + 1
        var valueEnd = line.count
        while valueStart < valueEnd && (line[valueStart] == ASCII.space || line[valueStart] == ASCII.tab) {
            valueStart += 1
        }
        while valueEnd > valueStart && (line[valueEnd - 1] == ASCII.space || line[valueEnd - 1] == ASCII.tab) {
            valueEnd -= 1
        }
        let value = line[valueStart..<valueEnd]
        // Control characters (other than tab) are never valid in a field value.
        guard value.allSatisfy({ ($0 >= 0x20 || $0 == ASCII.tab) && $0 != 0x7F }) else {
            return .badRequest("control character in header field")
        }
        // Bytes are decoded leniently: invalid UTF-8 becomes U+FFFD instead of failing.
        headers.add(String(decoding: line[..<colon], as: UTF8.self), String(decoding: value, as: UTF8.self))
        return nil
    }

    // MARK: Framing

    /// Decides keep-alive and body framing from the fields, then starts reading the body.
    private mutating func beginBody(
        method: String, target: String, version: HTTPVersion, headers: HTTPHeaders, buffer: inout ByteBuffer
    ) -> Step {
        let isHTTP10 = version.minor == 0
        let keepAlive =
            isHTTP10
            ? headers.hasToken("keep-alive", in: "Connection") && !headers.hasToken("close", in: "Connection")
            : !headers.hasToken("close", in: "Connection")
        let head = Head(method: method, target: target, version: version, headers: headers, keepAlive: keepAlive)

        var expectsContinue = false
        if !isHTTP10 {
            let expectations = headers.values(for: "Expect")
            if !expectations.isEmpty {
                guard expectations.allSatisfy({ ASCII.equalsIgnoringCase($0.utf8, "100-continue".utf8) }) else {
                    return fail(RequestError(status: 417, message: "unsupported expectation"))
                }
                expectsContinue = true
            }
        }

        let transferEncodings = headers.values(for: "Transfer-Encoding")
        if !transferEncodings.isEmpty {
            // RFC 9112 §6.1/§6.3: TE in HTTP/1.0, or TE with Content-Length, means the framing is
            // ambiguous (request smuggling); refuse rather than guess.
            if isHTTP10 { return fail(.badRequest("Transfer-Encoding in an HTTP/1.0 request")) }
            if headers.contains("Content-Length") {
                return fail(.badRequest("both Transfer-Encoding and Content-Length"))
            }
            let codings = transferEncodings.flatMap { $0.utf8.split(separator: UInt8(ascii: ",")) }
                .map { ASCII.trimmed($0) }.filter { !$0.isEmpty }
            let isChunked = { (coding: Substring.UTF8View) in ASCII.equalsIgnoringCase(coding, "chunked".utf8) }
            guard let last = codings.last else { return fail(.badRequest("empty Transfer-Encoding")) }
            if !isChunked(last) {
                if codings.contains(where: isChunked) { return fail(.badRequest("chunked is not the final encoding")) }
                return fail(RequestError(status: 501, message: "unsupported transfer coding"))
            }
            if codings.count > 1 { return fail(RequestError(status: 501, message: "unsupported transfer coding")) }
            let decoder = ChunkedDecoder(maxBodySize: limits.maxBodySize, maxTrailerSize: limits.maxHeadSize)
            state = .chunkedBody(head, decoder)
            if expectsContinue && buffer.readableCount == 0 { return .sendContinue }
            return parse(&buffer)
        }

        let lengthFields = headers.values(for: "Content-Length")
        if lengthFields.isEmpty { return finish(head) }
        let length: Int
        switch Self.contentLength(lengthFields, limit: limits.maxBodySize) {
        case .failure(let error): return fail(error)
        case .success(let value): length = value
        }
        if length == 0 { return finish(head) }
        // The body is collected in place; the reservation is capped so a large declared length
        // does not commit memory before the bytes arrive.
        body.reserveCapacity(min(length, 64 * 1024))
        state = .fixedBody(head, remaining: length)
        if expectsContinue && buffer.readableCount == 0 { return .sendContinue }
        return parse(&buffer)
    }

    /// The single length given by one or more `Content-Length` fields (each possibly a list).
    ///
    /// Repeated identical values are accepted (RFC 9110 §8.6); differing or non-numeric values are
    /// a 400, and a value over `limit` a 413.
    static func contentLength(_ fields: [String], limit: Int) -> Result<Int, RequestError> {
        var result: Int?
        var tooLarge = false
        for field in fields {
            for part in field.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                let digits = ASCII.trimmed(part)
                guard !digits.isEmpty, digits.allSatisfy({ ASCII.digitValue($0) != nil }) else {
                    return .failure(.badRequest("invalid Content-Length"))
                }
                var value = 0
                for digit in digits {
                    value = value * 10 + Int(digit &- UInt8(ascii: "0"))
                    // Past the limit the exact value no longer matters; stop before it can overflow.
                    if value > limit {
                        value = limit + 1
                        break
                    }
                }
                if let result, result != value { return .failure(.badRequest("conflicting Content-Length values")) }
                result = value
                tooLarge = value > limit
            }
        }
        if tooLarge { return .failure(.bodyTooLarge) }
        return .success(result ?? 0)
    }
}
