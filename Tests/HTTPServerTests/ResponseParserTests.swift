import HTTPTestSupport
import Testing

@testable import HTTPServer

/// The response parser alone, fed bytes directly (no sockets).
@Suite struct ResponseParserTests {
    /// One observable outcome, comparable across different splits of the input.
    enum Outcome: Hashable {
        case response(status: Int, reason: String, headers: HTTPHeaders, body: [UInt8], keepAlive: Bool)
        case failure(HTTPClientError.Kind)
        /// Input ended with the response incomplete, and `endOfInput` was not asked.
        case incomplete
    }

    static let limits = ResponseParser.Limits(maxHeadSize: 512, maxBodySize: 1024)

    /// Feeds `chunks` one after another, collecting every outcome; then, if `closed`, reports
    /// end-of-input (as a closed connection would).
    static func parse(
        _ chunks: [[UInt8]], isHEAD: Bool = false, closed: Bool = true, limits: ResponseParser.Limits = limits
    ) -> [Outcome] {
        var parser = ResponseParser(limits: limits, isHEAD: isHEAD)
        var buffer = ByteBuffer()
        var outcomes: [Outcome] = []
        func record(_ step: ResponseParser.Step) -> Bool {
            switch step {
            case .needMore:
                return false
            case .response(let response, let keepAlive):
                outcomes.append(
                    .response(
                        status: response.status, reason: response.reason ?? "", headers: response.headers,
                        body: response.body, keepAlive: keepAlive))
                return true
            case .failure(let error):
                outcomes.append(.failure(error.kind))
                return false
            }
        }
        for chunk in chunks {
            buffer.append(chunk)
            while record(parser.parse(&buffer)) {}
            if case .failure = outcomes.last { return outcomes }
        }
        if closed {
            // A connection closing between responses is not an outcome; inside one it is.
            if outcomes.isEmpty || buffer.readableCount > 0 || !parser.isAtResponseStart {
                _ = record(parser.endOfInput())
            }
        } else if outcomes.isEmpty {
            outcomes.append(.incomplete)
        }
        return outcomes
    }

    static func parse(_ text: String, isHEAD: Bool = false, closed: Bool = true) -> [Outcome] {
        parse([Array(text.utf8)], isHEAD: isHEAD, closed: closed)
    }

    static func ok(_ body: String, headers: HTTPHeaders, keepAlive: Bool = true, reason: String = "OK") -> Outcome {
        .response(status: 200, reason: reason, headers: headers, body: Array(body.utf8), keepAlive: keepAlive)
    }

    @Test func contentLengthBody() {
        #expect(
            Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A:  b \r\n\r\nhello", closed: false) == [
                Self.ok("hello", headers: ["Content-Length": "5", "X-A": "b"])
            ])
    }

    @Test func keepAliveRules() {
        func keepAlive(_ version: String, _ connection: String?) -> Bool? {
            let field = connection.map { "Connection: \($0)\r\n" } ?? ""
            guard
                case .response(_, _, _, _, let keepAlive) = Self.parse(
                    "\(version) 200 OK\r\n\(field)Content-Length: 0\r\n\r\n", closed: false
                ).first
            else { return nil }
            return keepAlive
        }
        #expect(keepAlive("HTTP/1.1", nil) == true)
        #expect(keepAlive("HTTP/1.1", "close") == false)
        #expect(keepAlive("HTTP/1.1", "Keep-Alive, Close") == false)
        #expect(keepAlive("HTTP/1.0", nil) == false)
        #expect(keepAlive("HTTP/1.0", "keep-alive") == true)
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() {
        let text =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n"
        #expect(
            Self.parse(text, closed: false) == [Self.ok("hello world", headers: ["Transfer-Encoding": "chunked"])])
    }

    @Test func chunkedWinsOverContentLengthButTheConnectionIsNotReused() {
        let text = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"
        #expect(
            Self.parse(text, closed: false) == [
                Self.ok("ok", headers: ["Content-Length": "100", "Transfer-Encoding": "chunked"], keepAlive: false)
            ])
    }

    @Test func bodyUntilClose() {
        let text = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of this"
        #expect(Self.parse(text, closed: false) == [.incomplete])
        #expect(Self.parse(text) == [Self.ok("all of this", headers: ["Content-Type": "text/plain"], keepAlive: false)])
    }

    @Test func responsesWithoutBody() {
        // HEAD, 204 and 304 have no body whatever the fields say; the next response follows at once.
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"
        #expect(Self.parse(head, isHEAD: true, closed: false) == [Self.ok("", headers: ["Content-Length": "10"])])
        let noContent = "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 3\r\n\r\n"
        #expect(
            Self.parse(noContent, closed: false) == [
                .response(status: 204, reason: "No Content", headers: [:], body: [], keepAlive: true),
                .response(
                    status: 304, reason: "Not Modified", headers: ["Content-Length": "3"], body: [], keepAlive: true),
            ])
    }

    @Test func interimResponsesAreSkipped() {
        let text =
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n"
            + "HTTP/1.1 103 Early Hints\r\nLink: </s>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx"
        #expect(Self.parse(text, closed: false) == [Self.ok("x", headers: ["Content-Length": "1"])])
    }

    @Test func statusLineVariants() {
        #expect(
            Self.parse("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", closed: false) == [
                Self.ok("", headers: ["Content-Length": "0"], reason: "")
            ])
        #expect(
            Self.parse("\r\nHTTP/1.1 599 Custom Reason Text\nContent-Length: 0\n\n", closed: false) == [
                .response(
                    status: 599, reason: "Custom Reason Text", headers: ["Content-Length": "0"], body: [],
                    keepAlive: true)
            ])
    }

    @Test(arguments: [
        "HTTP/2 200 OK\r\n\r\n",
        "HTTP/1.1 20 OK\r\n\r\n",
        "HTTP/1.1 099 Low\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1  200 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\n Folded: x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nNo colon\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX: a\u{1}b\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naXX",
        "HTTP/1.1 101 Switching Protocols\r\n\r\n",
        "garbage\r\n\r\n",
    ])
    func malformed(_ text: String) {
        #expect(Self.parse(text) == [.failure(.malformedResponse)])
    }

    @Test func limits() {
        let longField = "HTTP/1.1 200 OK\r\nX: \(String(repeating: "a", count: 600))\r\n\r\n"
        #expect(Self.parse(longField) == [.failure(.tooLarge)])
        #expect(Self.parse(String(repeating: "a", count: 600)) == [.failure(.tooLarge)])  // no head end in sight
        #expect(Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 1025\r\n\r\n") == [.failure(.tooLarge)])
        let overChunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n401\r\n"
        #expect(Self.parse(overChunked) == [.failure(.tooLarge)])
        let overUntilClose = "HTTP/1.0 200 OK\r\n\r\n" + String(repeating: "b", count: 1025)
        #expect(Self.parse(overUntilClose) == [.failure(.tooLarge)])
        let atLimit = "HTTP/1.1 200 OK\r\nContent-Length: 1024\r\n\r\n" + String(repeating: "c", count: 1024)
        #expect(Self.parse(atLimit, closed: false).count == 1)
    }

    @Test func endOfInputInsideAResponse() {
        #expect(Self.parse("HTTP/1.1 200 OK\r\nContent-Le") == [.failure(.closed)])
        #expect(Self.parse("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab") == [.failure(.closed)])
        #expect(Self.parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab") == [.failure(.closed)])
    }

    /// Every input gives the same outcomes whole and split into random 1-7 byte pieces.
    @Test func splitsDoNotChangeOutcomes() {
        let inputs = [
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x\r\nabc\r\n0\r\nT: 1\r\n\r\n",
            "HTTP/1.0 200 OK\r\n\r\nto the end",
            "HTTP/1.1 200 OK\nContent-Length: 2\n\nok",
            "HTTP/1.1 200 OK\r\nX: \(String(repeating: "y", count: 700))\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
        ]
        var random = SplitMix64(seed: 42)
        for input in inputs {
            let bytes = Array(input.utf8)
            let whole = Self.parse([bytes])
            for _ in 0..<50 {
                var chunks: [[UInt8]] = []
                var index = 0
                while index < bytes.count {
                    let size = Int.random(in: 1...7, using: &random)
                    chunks.append(Array(bytes[index..<min(index + size, bytes.count)]))
                    index += size
                }
                #expect(Self.parse(chunks) == whole, "\(input.debugDescription)")
            }
        }
    }

    /// Random bytes never trap the parser, whole or after a valid prefix.
    @Test func randomBytesNeverTrap() {
        var random = SplitMix64(seed: 7)
        let prefixes = ["", "HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"]
        for round in 0..<3000 {
            let count = Int.random(in: 0...64, using: &random)
            let noise = (0..<count).map { _ in
                // Mostly protocol characters, so the parser gets past its first checks.
                Bool.random(using: &random)
                    ? Array("HTTP/1. 0123456789:\r\n;abc".utf8).randomElement(using: &random)!
                    : UInt8.random(in: 0...255, using: &random)
            }
            _ = Self.parse([Array(prefixes[round % prefixes.count].utf8) + noise])
        }
    }
}
