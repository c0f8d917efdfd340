import Foundation
import HTTPTestSupport
import JSONCore
import Testing

@testable import StepFunctionsServer

/// What `sfn serve` does with requests no SDK would send: every one gets an AWS-shaped error or
/// a clean close, never a crash or a hang, and the endpoint keeps serving everyone else.
///
/// The clients are raw sockets (`RawClient`), run off the cooperative pool; every read has a
/// timeout, and the endpoint's read timeouts are shortened to 300 ms.
@Suite("sfn serve: malformed requests and misbehaving clients")
struct MalformedRequestTests {
    static let limit = 64 * 1024

    /// Starts an endpoint on 127.0.0.1 (any port, 300 ms read timeouts, a 64 KiB body limit),
    /// runs `body` with its port on a thread of its own, and shuts the endpoint down after.
    static func withEndpoint(
        readTimeout: Duration = .milliseconds(300), _ body: @escaping @Sendable (Int) throws -> Void
    ) async throws {
        var listening = StepFunctionsEndpoint.Listening()
        listening.port = 0
        listening.maxBodySize = limit
        listening.headerReadTimeout = readTimeout
        listening.bodyReadTimeout = readTimeout
        listening.handlerPriority = testHandlerPriority
        var options = ServiceOptions()
        options.clock = .virtual
        let endpoint = try StepFunctionsEndpoint(options: options, listening: listening)
        let port = try endpoint.start()
        do {
            try await offPool { try body(port) }
        } catch {
            await endpoint.shutdown()
            throw error
        }
        await endpoint.shutdown()
    }

    /// A request as the AWS SDKs send it, with `target` as `X-Amz-Target` (none when nil).
    static func request(
        _ target: String?, body: [UInt8], method: String = "POST", path: String = "/", extra: [String] = []
    ) -> [UInt8] {
        var lines = ["\(method) \(path) HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/x-amz-json-1.0"]
        if let target { lines.append("X-Amz-Target: \(target)") }
        lines += extra
        lines.append("Content-Length: \(body.count)")
        return Array(head(lines.joined(separator: "\r\n")).utf8) + body
    }

    static func request(_ target: String?, _ text: String, method: String = "POST", path: String = "/") -> [UInt8] {
        request(target, body: Array(text.utf8), method: method, path: path)
    }

    /// Checks an AWS JSON 1.0 error: the status, `x-amzn-ErrorType`, and `{"__type", "message"}`.
    @discardableResult
    static func expectAWSError(_ response: ParsedResponse, _ status: Int, _ type: String) throws -> String {
        try checkEqual(response.status, status)
        try checkEqual(response.header("Content-Type"), "application/x-amz-json-1.0")
        try checkEqual(response.header("x-amzn-ErrorType"), type)
        let body = try JSONParser.parse(response.text)
        try checkEqual(body["__type"]?.stringValue, type)
        return body["message"]?.stringValue ?? ""
    }

    /// A well-formed call on the same connection still works (the connection was kept).
    static func expectHealthy(_ client: RawClient) throws {
        try client.send(request("AWSStepFunctions.ListStateMachines", "{}"))
        let response = try client.readResponse()
        try checkEqual(response.status, 200)
        try checkEqual(response.text, #"{"stateMachines":[]}"#)
    }

    @Test func invalidBodiesGetSerializationException() async throws {
        try await Self.withEndpoint { port in
            let client = try RawClient(port: port)
            try client.send(Self.request("AWSStepFunctions.ListStateMachines", #"{"maxResults": "#))
            let json = try Self.expectAWSError(try client.readResponse(), 400, "SerializationException")
            try check(json.hasPrefix("The request body is not valid JSON"), json)
            try client.send(
                Self.request("AWSStepFunctions.ListStateMachines", body: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D]))
            let utf8 = try Self.expectAWSError(try client.readResponse(), 400, "SerializationException")
            try checkEqual(utf8, "The request body is not valid UTF-8")
            try client.send(Self.request("AWSStepFunctions.ListStateMachines", "[1, 2]"))
            let list = try Self.expectAWSError(try client.readResponse(), 400, "SerializationException")
            try checkEqual(list, "The request body is not a JSON object (found a list)")
            // A member of the wrong type is the API model's validation error.
            try client.send(Self.request("AWSStepFunctions.DescribeStateMachine", #"{"stateMachineArn": 7}"#))
            let response = try client.readResponse()
            try check(response.status == 400 && response.header("x-amzn-ErrorType") != nil, response.text)
            try Self.expectHealthy(client)
        }
    }

    @Test func unknownAndMissingTargetsGetUnknownOperationException() async throws {
        try await Self.withEndpoint { port in
            let client = try RawClient(port: port)
            for target in [
                "AWSStepFunctions.Frobnicate", "AWSStepFunctions.", "AWSStepFunctions", "Nope.ListStateMachines",
            ] {
                try client.send(Self.request(target, "{}"))
                try Self.expectAWSError(try client.readResponse(), 400, "UnknownOperationException")
            }
            try client.send(Self.request(nil, "{}"))
            let missing = try Self.expectAWSError(try client.readResponse(), 400, "UnknownOperationException")
            try checkEqual(missing, "Missing X-Amz-Target header")
            try Self.expectHealthy(client)
        }
    }

    @Test func wrongMethodsAndPathsAreRefused() async throws {
        try await Self.withEndpoint { port in
            let client = try RawClient(port: port)
            // The API takes POST /: other methods are refused, with or without a target.
            for (method, target) in [
                ("GET", "AWSStepFunctions.ListStateMachines"), ("PUT", nil), ("DELETE", nil), ("PATCH", nil),
                ("BREW", "AWSStepFunctions.ListStateMachines"),
            ] as [(String, String?)] {
                try client.send(Self.request(target, "{}", method: method))
                let message = try Self.expectAWSError(try client.readResponse(), 405, "UnknownOperationException")
                try checkEqual(message, "The Step Functions API takes POST requests to /")
            }
            // Other paths without a target belong to the S3 stand-in, which answers in S3's words.
            try client.send(Self.request(nil, "{}", path: "/no-such-bucket/key"))
            let s3 = try client.readResponse()
            try check((400..<500).contains(s3.status), "S3 stand-in answered \(s3.status)")
            try check(s3.text.contains("<Error><Code>"), s3.text)
            try Self.expectHealthy(client)
            // Not HTTP at all: the HTTP server answers 400 and closes.
            let garbage = try RawClient(port: port)
            try garbage.send("HELLO THERE\r\n\r\n")
            let bytes = try garbage.readUntilClose()
            try check(bytes.starts(with: Array("HTTP/1.1 400".utf8)), String(decoding: bytes.prefix(40), as: UTF8.self))
        }
    }

    @Test func bodiesOverTheLimitAreRefusedAndClosed() async throws {
        try await Self.withEndpoint { port in
            // Declared too large: refused before the body is read.
            let declared = try RawClient(port: port)
            try declared.send(
                head(
                    "POST / HTTP/1.1", "Host: h", "X-Amz-Target: AWSStepFunctions.ListStateMachines",
                    "Content-Length: \(Self.limit + 1)"))
            let refused = try declared.readResponse()
            try checkEqual(refused.status, 413)
            try check(try declared.readUntilClose().isEmpty, "the connection closes after 413")
            // Chunked, growing past the limit: refused once it passes it.
            let chunked = try RawClient(port: port)
            try chunked.send(
                head(
                    "POST / HTTP/1.1", "Host: h", "X-Amz-Target: AWSStepFunctions.ListStateMachines",
                    "Transfer-Encoding: chunked"))
            let chunk = "8000\r\n" + String(repeating: " ", count: 0x8000) + "\r\n"
            for _ in 0..<3 { _ = try? chunked.send(chunk) }  // the server may close before the last one
            try checkEqual(try chunked.readResponse().status, 413)
            // At the limit exactly: read and answered (here: not valid JSON).
            let full = try RawClient(port: port)
            try full.send(
                Self.request(
                    "AWSStepFunctions.ListStateMachines", body: [UInt8](repeating: UInt8(ascii: "x"), count: Self.limit)
                ))
            try Self.expectAWSError(try full.readResponse(), 400, "SerializationException")
            try Self.expectHealthy(full)
        }
    }

    @Test func stalledAndVanishingClientsAreClosedWithoutHoldingOthers() async throws {
        try await Self.withEndpoint { port in
            let start = ContinuousClock.now
            // Half a head, half a body, nothing at all: each is answered 408 (or closed) after
            // the read timeout, while another client is served at once meanwhile.
            let halfHead = try RawClient(port: port)
            try halfHead.send("POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: AWSStep")
            let halfBody = try RawClient(port: port)
            try halfBody.send(
                Array(Self.request("AWSStepFunctions.ListStateMachines", #"{"maxResults": 5}"#).dropLast(4)))
            let silent = try RawClient(port: port)
            let other = try RawClient(port: port)
            try Self.expectHealthy(other)  // served while the stalled connections wait
            for stalled in [halfHead, halfBody] {
                let bytes = try stalled.readUntilClose()
                try check(
                    bytes.starts(with: Array("HTTP/1.1 408".utf8)), String(decoding: bytes.prefix(40), as: UTF8.self))
            }
            try check(try silent.readUntilClose().isEmpty, "a silent connection is closed without a response")
            // 300 ms timeouts; the bound is loose because a parallel test run may delay the loop.
            try check(seconds(since: start) < 20, "stalled clients were closed after \(seconds(since: start)) s")
            // Clients that vanish: half a request then FIN, then a reset; a whole call then gone
            // before its answer.
            let finished = try RawClient(port: port)
            try finished.send("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n{\"a\"")
            finished.shutdownWrite()
            try check(try finished.readUntilClose().isEmpty, "no response to a request cut short")
            let reset = try RawClient(port: port)
            try reset.send("POST / HTTP/1.1\r\nContent-Le")
            reset.reset()
            let gone = try RawClient(port: port)
            try gone.send(Self.request("AWSStepFunctions.ListStateMachines", "{}"))
            gone.reset()
            try Self.expectHealthy(try RawClient(port: port))
            try Self.expectHealthy(other)
        }
    }

    @Test func manyConnectionsAtOnceAreAllAnswered() async throws {
        // The usual read timeout: opening 300 connections one after another takes longer than
        // 300 ms on a loaded machine, and a connection silent for that long is closed.
        try await Self.withEndpoint(readTimeout: .seconds(10)) { port in
            let clients = try (0..<300).map { _ in try RawClient(port: port) }
            // Every connection sends before any reads: 300 requests in flight together.
            for client in clients { try client.send(Self.request("AWSStepFunctions.ListStateMachines", "{}")) }
            for client in clients {
                let response = try client.readResponse()
                try checkEqual(response.status, 200)
            }
            for client in clients.prefix(150) { client.reset() }
            for client in clients.suffix(150) { try Self.expectHealthy(client) }
            try Self.expectHealthy(try RawClient(port: port))
        }
    }
}
