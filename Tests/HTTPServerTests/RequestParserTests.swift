import HTTPTestSupport
import Testing

@testable import HTTPServer

/// The parser alone, fed bytes directly (no sockets).
@Suite struct RequestParserTests {
    /// One observable outcome of parsing, comparable across different splits of the input.
    enum Outcome: Hashable {
        case request(HTTPRequest, keepAlive: Bool)
        case failure(Int)
    }

    static let limits = RequestParser.Limits(maxHeadSize: 512, maxBodySize: 1024)

    /// Feeds `chunks` one after another and collects every outcome (stopping at a failure).
    static func parse(_ chunks: [[UInt8]], limits: RequestParser.Limits = limits) -> [Outcome] {
        var parser = RequestParser(limits: limits)
        var buffer = ByteBuffer()
        var outcomes: [Outcome] = []
        for chunk in chunks {
            buffer.append(chunk)
            parsing: while true {
                switch parser.parse(&buffer) {
                case .needMore: break parsing
                case .sendContinue: continue
                case .request(let request, let keepAlive): outcomes.append(.request(request, keepAlive: keepAlive))
                case .failure(let error):
                    outcomes.append(.failure(error.status))
                    return outcomes
                }
            }
        }
        return outcomes
    }

    static func parse(_ text: String) -> [Outcome] { parse([Array(text.utf8)]) }

    @Test func simpleGet() throws {
        let outcomes = Self.parse(head("GET /p?q=1 HTTP/1.1", "Host: example", "X-A:b"))
        let request = HTTPRequest(
            method: "GET", target: "/p?q=1", version: .http1_1, headers: ["Host": "example", "X-A": "b"])
        #expect(outcomes == [.request(request, keepAlive: true)])
        #expect(request.path == "/p")
        #expect(request.query == "q=1")
    }

    @Test func bareLineFeedsAndLeadingEmptyLinesAreAccepted() {
        let outcomes = Self.parse("\r\n\nGET / HTTP/1.1\nHost: h\n\n")
        #expect(
            outcomes == [.request(HTTPRequest(method: "GET", target: "/", headers: ["Host": "h"]), keepAlive: true)])
    }

    @Test func keepAliveRules() {
        func keepAlive(_ version: String, _ connection: String?) -> Bool? {
            let fields = connection.map { ["Connection: \($0)"] } ?? []
            guard
                case .request(_, let keepAlive) = Self.parse([
                    Array((["GET / \(version)"] + fields).joined(separator: "\r\n").utf8) + Array("\r\n\r\n".utf8)
                ]).first
            else { return nil }
            return keepAlive
        }
        #expect(keepAlive("HTTP/1.1", nil) == true)
        #expect(keepAlive("HTTP/1.1", "close") == false)
        #expect(keepAlive("HTTP/1.1", "Keep-Alive, Close") == false)
        #expect(keepAlive("HTTP/1.0", nil) == false)
        #expect(keepAlive("HTTP/1.0", "keep-alive") == true)
        #expect(keepAlive("HTTP/1.0", "keep-alive, close") == false)
    }

    @Test func contentLengthRules() {
        #expect(RequestParser.contentLength(["12"], limit: 100) == .success(12))
        #expect(RequestParser.contentLength(["12", "12"], limit: 100) == .success(12))
        #expect(RequestParser.contentLength(["12, 12"], limit: 100) == .success(12))
        #expect(RequestParser.contentLength(["012", "12"], limit: 100) == .success(12))
        #expect(
            RequestParser.contentLength(["12", "13"], limit: 100)
                == .failure(.badRequest("conflicting Content-Length values")))
        for bad in ["", "-1", "+1", "1.0", "0x10", "1 2", "１"] {
            #expect((try? RequestParser.contentLength([bad], limit: 100).get()) == nil, "\(bad)")
        }
        #expect(RequestParser.contentLength(["101"], limit: 100) == .failure(.bodyTooLarge))
        #expect(RequestParser.contentLength([String(repeating: "9", count: 40)], limit: 100) == .failure(.bodyTooLarge))
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() {
        let outcomes = Self.parse(
            head("POST / HTTP/1.1", "Transfer-Encoding: chunked")
                + "4 ;a=b\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n"
        )
        guard case .request(let request, _) = outcomes.first else {
            Issue.record("no request: \(outcomes)")
            return
        }
        #expect(request.bodyText == "Wikipedia in\r\n\r\nchunks.")
    }

    @Test func chunkSizeLimits() {
        let big = head("POST / HTTP/1.1", "Transfer-Encoding: chunked") + "401\r\n"
        #expect(Self.parse(big) == [.failure(413)])
        let tooLongLine =
            head("POST / HTTP/1.1", "Transfer-Encoding: chunked") + "1;" + String(repeating: "e", count: 5000)
        #expect(Self.parse(tooLongLine) == [.failure(400)])
        // Two chunks that together pass the limit.
        let sum =
            head("POST / HTTP/1.1", "Transfer-Encoding: chunked") + "200\r\n" + String(repeating: "a", count: 512)
            + "\r\n201\r\n"
        #expect(Self.parse(sum) == [.failure(413)])
    }

    @Test func expectContinueIsSignalledOnlyBeforeTheBody() {
        var parser = RequestParser(limits: Self.limits)
        var buffer = ByteBuffer()
        buffer.append(Array(head("POST / HTTP/1.1", "Expect: 100-continue", "Content-Length: 3").utf8))
        guard case .sendContinue = parser.parse(&buffer) else {
            Issue.record("expected sendContinue")
            return
        }
        guard case .needMore = parser.parse(&buffer) else {
            Issue.record("expected needMore")
            return
        }
        #expect(parser.isReadingBody)
        buffer.append(Array("abc".utf8))
        guard case .request(let request, _) = parser.parse(&buffer) else {
            Issue.record("expected a request")
            return
        }
        #expect(request.bodyText == "abc")
        // When the body came with the head, no 100 is needed.
        buffer.append(Array((head("POST / HTTP/1.1", "Expect: 100-continue", "Content-Length: 3") + "xyz").utf8))
        guard case .request = parser.parse(&buffer) else {
            Issue.record("expected a request")
            return
        }
    }

    @Test func headLimitCountsTheWholeHead() {
        let exactly = "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 512 - 23) + "\r\n\r\n"
        #expect(exactly.utf8.count == 512)
        #expect(Self.parse(exactly).count == 1)
        #expect(
            Self.parse("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 512 - 22) + "\r\n\r\n") == [
                .failure(431)
            ])
    }

    /// Any split of the input into reads must give the same outcomes as one read.
    @Test func incrementalParsingMatchesOneShotParsing() {
        var random = SplitMix64(seed: 42)
        for index in 0..<3000 {
            let input = ServerTests.GarbageInput.input(&random, case: index)
            let whole = Self.parse([input])
            var chunks: [[UInt8]] = []
            var position = 0
            while position < input.count {
                let length = 1 + Int(random.next() % 7)
                chunks.append(Array(input[position..<min(position + length, input.count)]))
                position += length
            }
            let split = Self.parse(chunks)
            #expect(split == whole, "case \(index): \(input)")
        }
    }

    /// Random bytes never trap, and a buffer that fails stays failed.
    @Test func randomBytesNeverTrap() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<3000 {
            let length = Int(random.next() % 700)
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next() % 5 == 0 ? 10 : random.next()) }
            _ = Self.parse([bytes])
        }
    }
}
