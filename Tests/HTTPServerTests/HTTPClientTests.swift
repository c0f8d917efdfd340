import Foundation
import HTTPTestSupport
import Testing

@testable import HTTPServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A client whose event loop uses poll(2) instead of epoll when `usePoll`.
func makeClient(
    usePoll: Bool = false, _ configuration: HTTPClient.Configuration = HTTPClient.Configuration()
) -> HTTPClient {
    var configuration = configuration
    configuration.usePoll = usePoll
    return HTTPClient(configuration: configuration)
}

/// The error `body` throws, or `nil` when it succeeds.
func clientError(_ body: () async throws -> HTTPResponse) async -> HTTPClientError? {
    do {
        _ = try await body()
        return nil
    } catch let error as HTTPClientError {
        return error
    } catch {
        Issue.record("not an HTTPClientError: \(error)")
        return nil
    }
}

/// Waits (up to 5 s) until `condition` holds; for counts that settle after a response returns.
func eventually(_ condition: () -> Bool) async -> Bool {
    for _ in 0..<500 {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// A keep-alive script: answers every request on the connection with `200` and `body`.
@Sendable func answerAll(_ connection: ScriptedConnection, _ index: Int) throws {
    while let request = try connection.readRequest() {
        let body = "\(index):\(request.requestLine)"
        try connection.write("HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
    }
}

/// The HTTP client over real loopback sockets, against `HTTPServer` and raw scripted servers.
/// Serialized, so the socket counts see no other test's connections to the same port.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct HTTPClientTests {
    @Test(arguments: [false, true]) func getAndPostAgainstHTTPServer(usePoll: Bool) async throws {
        let server = testServer(.init(maxBodySize: 4 * 1024 * 1024)) { request in
            HTTPResponse(
                headers: [
                    "X-Method": request.method, "X-Target": request.target, "X-Host": request.headers["Host"] ?? "-",
                    "X-Length": request.headers["Content-Length"] ?? "-",
                    "X-Custom": request.headers["X-Custom"] ?? "-",
                ],
                body: request.body)
        }
        let port = try server.start()
        let client = makeClient(usePoll: usePoll)

        let get = try await client.send(url: "http://127.0.0.1:\(port)/hello?x=1", headers: ["X-Custom": "a b"])
        #expect(get.status == 200)
        #expect(get.reason == "OK")
        #expect(get.headers["X-Method"] == "GET")
        #expect(get.headers["X-Target"] == "/hello?x=1")
        #expect(get.headers["X-Host"] == "127.0.0.1:\(port)")
        #expect(get.headers["X-Length"] == "-")
        #expect(get.headers["X-Custom"] == "a b")
        #expect(get.body.isEmpty)

        let post = try await client.send(
            "POST", url: "http://127.0.0.1:\(port)/echo", body: Array("hello world".utf8))
        #expect(post.status == 200)
        #expect(String(decoding: post.body, as: UTF8.self) == "hello world")
        #expect(post.headers["X-Length"] == "11")

        let empty = try await client.send(HTTPRequest(method: "POST", target: "/empty"), host: "127.0.0.1", port: port)
        #expect(empty.headers["X-Length"] == "0")

        let large = Array(String(repeating: "0123456789abcdef", count: 93_750).utf8)  // 1.5 MB
        let echoed = try await client.send("PUT", url: "http://127.0.0.1:\(port)/large", body: large)
        #expect(echoed.status == 200)
        let same = echoed.body == large  // not inside #expect: a failure would diff 1.5 M elements
        #expect(same)

        await client.shutdown()
        await server.shutdown()
    }

    @Test func largeResponseAndStatusCodes() async throws {
        let server = testServer(handler: echo)
        let port = try server.start()
        let client = HTTPClient()
        let big = try await client.send(url: "http://127.0.0.1:\(port)/big/3000000")
        #expect(big.body.count == 3_000_000)
        let notFound = try await client.send(url: "http://127.0.0.1:\(port)/status/404")
        #expect(notFound.status == 404)
        let noContent = try await client.send(url: "http://127.0.0.1:\(port)/status/204")
        #expect(noContent.status == 204)
        #expect(noContent.body.isEmpty)
        let head = try await client.send("HEAD", url: "http://127.0.0.1:\(port)/big/1000")
        #expect(head.headers["Content-Length"] == "1000")
        #expect(head.body.isEmpty)
        // The connection survived the bodiless responses.
        let after = try await client.send(url: "http://127.0.0.1:\(port)/after")
        #expect(after.headers["X-Target"] == "/after")
        #expect(openClientSockets(port: port) == 1)
        await client.shutdown()
        await server.shutdown()
    }

    @Test func lambdaInvokeShape() async throws {
        let server = HTTPServer { request in
            guard request.method == "POST", request.path == "/2015-03-31/functions/my%20fn/invocations" else {
                return HTTPResponse(status: 404, text: "no route \(request.method) \(request.path)")
            }
            return HTTPResponse(
                headers: ["X-Amz-Function-Error": "Unhandled", "Content-Type": "application/json"],
                text: #"{"errorMessage":"boom","input":\#(request.bodyText)}"#)
        }
        let port = try server.start()
        let client = HTTPClient()
        let base = try HTTPURL("http://127.0.0.1:\(port)")
        let name = HTTPURL.encodePathSegment("my fn")
        let response = try await client.send(
            HTTPRequest(
                method: "POST", target: "/2015-03-31/functions/\(name)/invocations", body: Array(#"{"a":1}"#.utf8)),
            host: base.host, port: base.port)
        #expect(response.status == 200)
        #expect(response.headers["x-amz-function-error"] == "Unhandled")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"errorMessage":"boom","input":{"a":1}}"#)
        await client.shutdown()
        await server.shutdown()
    }

    @Test(arguments: [false, true]) func keepAliveReusesOneConnection(usePoll: Bool) async throws {
        let server = try ScriptedServer(script: answerAll)
        let client = makeClient(usePoll: usePoll)
        for round in 0..<10 {
            let response = try await client.send(url: "http://127.0.0.1:\(server.port)/r\(round)")
            #expect(String(decoding: response.body, as: UTF8.self) == "0:GET /r\(round) HTTP/1.1")
        }
        #expect(server.acceptedCount == 1)
        #expect(openClientSockets(port: server.port) == 1)
        await client.shutdown()
        #expect(openClientSockets(port: server.port) == 0)
        server.stop()
        #expect(server.errors.isEmpty)
    }

    @Test func chunkedResponses() async throws {
        let server = try ScriptedServer { connection, _ in
            guard try connection.readRequest() != nil else { return }
            try connection.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            try connection.write("5;ext=1\r\nhello\r\n")
            try connection.write("1\r\n \r\n")
            try connection.write("5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n")
            // Keep-alive after a chunked body: the next response on the same connection.
            guard try connection.readRequest() != nil else { return }
            try connection.write("HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n0\r\n\r\n")
            guard try connection.readRequest() != nil else { return }
            try connection.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000\r\n")
            try connection.write([UInt8](repeating: 0x62, count: 0x10000) + Array("\r\n0\r\n\r\n".utf8))
        }
        let client = HTTPClient()
        let url = "http://127.0.0.1:\(server.port)/"
        let first = try await client.send(url: url)
        #expect(String(decoding: first.body, as: UTF8.self) == "hello world")
        let empty = try await client.send(url: url)
        #expect(empty.status == 200 && empty.body.isEmpty)
        let large = try await client.send(url: url)
        let same = large.body == [UInt8](repeating: 0x62, count: 0x10000)
        #expect(same)
        #expect(server.acceptedCount == 1)
        await client.shutdown()
        server.stop()
        #expect(server.errors.isEmpty)
    }

    @Test func interimResponsesAreSkipped() async throws {
        let server = try ScriptedServer { connection, _ in
            guard try connection.readRequest() != nil else { return }
            try connection.write(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                    + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok")
        }
        let client = HTTPClient()
        let response = try await client.send("POST", url: "http://127.0.0.1:\(server.port)/", body: [1, 2, 3])
        #expect(response.status == 201)
        #expect(response.reason == "Created")
        #expect(response.headers["Link"] == nil)
        #expect(response.body == Array("ok".utf8))
        await client.shutdown()
        server.stop()
    }

    @Test func connectionCloseFromServerOpensANewConnection() async throws {
        let server = try ScriptedServer { connection, index in
            guard try connection.readRequest() != nil else { return }
            try connection.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\n\(index)")
        }
        let client = HTTPClient()
        for round in 0..<3 {
            let response = try await client.send(url: "http://127.0.0.1:\(server.port)/")
            #expect(response.body == Array("\(round)".utf8))
        }
        #expect(server.acceptedCount == 3)
        #expect(await eventually { openClientSockets(port: server.port) == 0 })
        await client.shutdown()
        server.stop()
        #expect(server.errors.isEmpty)
    }

    @Test func connectionCloseFromClientIsHonoured() async throws {
        let server = try ScriptedServer { connection, index in
            guard let request = try connection.readRequest() else { return }
            try connection.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n\(index)")
            // The client asked to close: it must do so without sending anything else.
            if request.header("Connection") == "close" { try check(connection.waitForClose(), "client closed") }
        }
        let client = HTTPClient()
        for _ in 0..<2 {
            _ = try await client.send(url: "http://127.0.0.1:\(server.port)/", headers: ["Connection": "close"])
        }
        #expect(server.acceptedCount == 2)
        await client.shutdown()
        server.stop()
        #expect(server.errors.isEmpty)
    }

    @Test func bodyUntilCloseAndHTTP10() async throws {
        let server = try ScriptedServer { connection, index in
            guard try connection.readRequest() != nil else { return }
            if index == 0 {
                try connection.write("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end")
            } else {
                // HTTP/1.0 with a length but no keep-alive: the client must not reuse it.
                try connection.write("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi")
                try check(connection.waitForClose(), "client closed")
            }
        }
        let client = HTTPClient()
        let first = try await client.send(url: "http://127.0.0.1:\(server.port)/")
        #expect(String(decoding: first.body, as: UTF8.self) == "until the end")
        let second = try await client.send(url: "http://127.0.0.1:\(server.port)/")
        #expect(second.body == Array("hi".utf8))
        #expect(server.acceptedCount == 2)
        await client.shutdown()
        server.stop()
        #expect(server.errors.isEmpty)
    }

    // MARK: Broken connections and the retry rule

    @Test func serverClosingMidResponseIsAnErrorNotARetry() async throws {
        let server = try ScriptedServer { connection, _ in
            guard try connection.readRequest() != nil else { return }
            try connection.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b")
        }
        let client = HTTPClient()
        let error = await clientError { try await client.send(url: "http://127.0.0.1:\(server.port)/") }
        #expect(error?.kind == .closed)
        #expect(error?.message.contains("90 bytes") == true)
        #expect(server.acceptedCount == 1)
        await client.shutdown()
        server.stop()
    }

    @Test func serverResettingMidResponseIsAnError() async throws {
        let server = try ScriptedServer { connection, _ in
            guard try connection.readRequest() != nil else { return }
            try connection.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial")
            connection.reset()
        }
        let client = HTTPClient()
        let error = await clientError { try await client.send(url: "http://127.0.0.1:\(server.port)/") }
        #expect(error?.kind == .closed)
        await client.shutdown()
        server.stop()
    }

    @Test func staleReusedConnectionIsRetriedOnce() async throws {
        // Connection 0 answers once, then reads the next request and closes without answering:
        // the race of a server closing an idle connection as the client reuses it.
        let server = try ScriptedServer { connection, index in
            if index == 0 {
                guard try connection.readRequest() != nil else { return }
                try connection.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst")
                _ = try connection.readRequest()
                return
            }
            try answerAll(connection, index)
        }
        let client = HTTPClient()
        let url = "http://127.0.0.1:\(server.port)/"
        _ = try await client.send(url: url)
        let retried = try await client.send("POST", url: url, body: Array("payload".utf8))
        #expect(String(decoding: retried.body, as: UTF8.self) == "1:POST / HTTP/1.1")
        #expect(server.acceptedCount == 2)
        await client.shutdown()
        server.stop()
        #expect(server.errors.isEmpty)
    }

    @Test func idleConnectionClosedByServerIsNotUsed() async throws {
        let server = try ScriptedServer { connection, index in
            guard try connection.readRequest() != nil else { return }
            try connection.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n\(index)")
            // Closes while the client holds the connection idle (no Connection: close announced).
        }
        let client = HTTPClient()
        let url = "http://127.0.0.1:\(server.port)/"
        for round in 0..<3 {
            let response = try await client.send(url: url)
            #expect(response.body == Array("\(round)".utf8))
            // The event loop notices the close and drops the idle connection.
            #expect(await eventually { openClientSockets(port: server.port) == 0 })
        }
        #expect(server.acceptedCount == 3)
        await client.shutdown()
        server.stop()
    }

    @Test func retriedRequestFailingAgainIsReported() async throws {
        let server = try ScriptedServer { connection, index in
            if index == 0 {
                guard try connection.readRequest() != nil else { return }
                try connection.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            }
            _ = try connection.readRequest()  // then close without answering
        }
        let client = HTTPClient()
        let url = "http://127.0.0.1:\(server.port)/"
        _ = try await client.send(url: url)
        let error = await clientError { try await client.send(url: url) }
        #expect(error?.kind == .closed)
        #expect(error?.message.contains("without sending a response") == true)
        #expect(server.acceptedCount == 2)  // the first attempt and one retry, no more
        await client.shutdown()
        server.stop()
    }

    @Test func noRetryOnAFreshConnectionOrAfterResponseBytes() async throws {
        let server = try ScriptedServer { connection, index in
            switch index {
            case 0:
                _ = try connection.readRequest()  // a fresh connection closed without an answer
            case 1:
                guard try connection.readRequest() != nil else { return }
                try connection.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                guard try connection.readRequest() != nil else { return }
                try connection.write("HTTP/1.1 200 OK\r\n")  // part of a response, then close
            default:
                try answerAll(connection, index)
            }
        }
        let client = HTTPClient()
        let url = "http://127.0.0.1:\(server.port)/"
        let fresh = await clientError { try await client.send(url: url) }
        #expect(fresh?.kind == .closed)
        #expect(server.acceptedCount == 1)
        _ = try await client.send(url: url)
        let partial = await clientError { try await client.send(url: url) }
        #expect(partial?.kind == .closed)
        #expect(server.acceptedCount == 2)
        await client.shutdown()
        server.stop()
    }

    // MARK: Timeouts, limits, errors

    @Test func slowServerTimesOut() async throws {
        let server = try ScriptedServer { connection, _ in
            guard try connection.readRequest() != nil else { return }
            try connection.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
            // Never finishes; the client must give up and close.
            try check(connection.waitForClose(), "client closed after its timeout")
        }
        let client = HTTPClient(configuration: .init(requestTimeout: .milliseconds(200)))
        let start = ContinuousClock.now
        let error = await clientError { try await client.send(url: "http://127.0.0.1:\(server.port)/") }
        #expect(error?.kind == .timeout)
        #expect(error?.message.contains("timed out after 0.2 seconds") == true)
        // Loose bound: the point is that it ends, not how fast (speed is for benchmarks).
        #expect(ContinuousClock.now - start < .seconds(10))

        // A per-request timeout overrides the configured one.
        let overridden = await clientError {
            try await client.send(url: "http://127.0.0.1:\(server.port)/", timeout: .milliseconds(100))
        }
        #expect(overridden?.message.contains("0.1 seconds") == true)
        await client.shutdown()
        server.stop()
        #expect(server.errors.isEmpty)
    }

    #if os(Linux)
        @Test func connectTimeout() async throws {
            // A listener with backlog 0 that never accepts: once one connection fills its queue,
            // Linux drops further SYNs, so the next connect hangs until the client gives up.
            let listener = socket(AF_INET, socketStreamType, 0)
            defer { close(listener) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            try #require(bound == 0 && listen(listener, 0) == 0)
            let port = try #require(localPort(listener))
            let filler = try RawClient(port: port)
            let client = HTTPClient(configuration: .init(connectTimeout: .milliseconds(200)))
            let error = await clientError { try await client.send(url: "http://127.0.0.1:\(port)/") }
            #expect(error?.kind == .timeout)
            #expect(error?.message.hasPrefix("connect to 127.0.0.1:\(port)") == true)
            await client.shutdown()
            _ = filler
        }
    #endif

    @Test func connectionRefused() async throws {
        let port = try unusedPort()
        let client = HTTPClient()
        let error = await clientError { try await client.send(url: "http://127.0.0.1:\(port)/") }
        #expect(error?.kind == .connect)
        #expect(error?.errno == ECONNREFUSED)
        #expect(error?.description == "connect to 127.0.0.1:\(port) (127.0.0.1) failed: Connection refused")
        await client.shutdown()
    }

    @Test func oversizedResponses() async throws {
        let server = try ScriptedServer { connection, index in
            guard try connection.readRequest() != nil else { return }
            switch index {
            case 0: try connection.write("HTTP/1.1 200 OK\r\nX-Big: \(String(repeating: "h", count: 2000))\r\n\r\n")
            case 1: try connection.write("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n")
            case 2:
                try connection.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                for _ in 0..<10 { try connection.write("200\r\n" + String(repeating: "c", count: 512) + "\r\n") }
            default: try connection.write("HTTP/1.0 200 OK\r\n\r\n" + String(repeating: "u", count: 5000))
            }
            _ = connection.waitForClose()
        }
        let client = HTTPClient(configuration: .init(maxResponseHeadSize: 1024, maxResponseBodySize: 4096))
        let url = "http://127.0.0.1:\(server.port)/"
        let head = await clientError { try await client.send(url: url) }
        #expect(head?.kind == .tooLarge)
        #expect(head?.message == "the response head is larger than the limit of 1024 bytes")
        let declared = await clientError { try await client.send(url: url) }
        #expect(declared?.kind == .tooLarge)
        #expect(declared?.message.contains("(Content-Length: 5000)") == true)
        let chunked = await clientError { try await client.send(url: url) }
        #expect(chunked?.kind == .tooLarge)
        let untilClose = await clientError { try await client.send(url: url) }
        #expect(untilClose?.kind == .tooLarge)
        #expect(server.acceptedCount == 4)
        await client.shutdown()
        server.stop()
    }

    @Test func malformedResponses() async throws {
        let responses = [
            "HTTP/2 200 OK\r\n\r\n",
            "SSH-2.0-OpenSSH_9.2\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\nok",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "HTTP/1.1 200 OK\r\nBad Field: x\r\n\r\n",
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n",
        ]
        let server = try ScriptedServer { connection, index in
            guard try connection.readRequest() != nil else { return }
            try connection.write(responses[index])
            _ = connection.waitForClose()
        }
        let client = HTTPClient()
        for response in responses {
            let error = await clientError { try await client.send(url: "http://127.0.0.1:\(server.port)/") }
            #expect(error?.kind == .malformedResponse, "\(response.debugDescription): \(String(describing: error))")
        }
        await client.shutdown()
        server.stop()
    }

    @Test func invalidInput() async throws {
        let client = HTTPClient()
        let https = await clientError { try await client.send(url: "https://example.com/") }
        #expect(https?.kind == .invalidURL)
        #expect(https?.message.contains("https is not supported") == true)
        let field = await clientError {
            try await client.send(url: "http://127.0.0.1:1/", headers: ["X-Evil": "a\r\nInjected: b"])
        }
        #expect(field?.kind == .invalidRequest)
        let method = await clientError {
            try await client.send(HTTPRequest(method: "GET X", target: "/"), host: "127.0.0.1", port: 1)
        }
        #expect(method?.kind == .invalidRequest)
        let target = await clientError {
            try await client.send(HTTPRequest(method: "GET", target: "/a b"), host: "127.0.0.1", port: 1)
        }
        #expect(target?.kind == .invalidRequest)
        await client.shutdown()
    }

    @Test func hostNameIsResolved() async throws {
        let server = try ScriptedServer(script: answerAll)
        let client = HTTPClient()
        for _ in 0..<3 {
            let response = try await client.send(url: "http://localhost:\(server.port)/named")
            #expect(String(decoding: response.body, as: UTF8.self) == "0:GET /named HTTP/1.1")
        }
        #expect(server.acceptedCount == 1)
        await client.shutdown()
        server.stop()
    }

    @Test func ipv6Literal() async throws {
        let server = testServer(.init(host: "::1"), handler: echo)
        // Some containers have no IPv6 loopback: nothing to test there.
        guard let port = try? server.start() else { return }
        let client = HTTPClient()
        let response = try await client.send(url: "http://[::1]:\(port)/v6")
        #expect(response.headers["X-Target"] == "/v6")
        await client.shutdown()
        await server.shutdown()
    }

    // MARK: Concurrency, cancellation, shutdown

    @Test(arguments: [false, true]) func twoHundredConcurrentRequestsOverTwoHundredConnections(usePoll: Bool)
        async throws
    {
        let count = 200
        // Every handler waits until all 200 requests have arrived, so each must have its own
        // connection (none can be reused) whatever the scheduling; the barrier gives up after 20 s.
        let barrier = Barrier(count: count)
        let server = HTTPServer { request in
            await barrier.arrive()
            return HTTPResponse(body: request.body)
        }
        let port = try server.start()
        let client = makeClient(
            usePoll: usePoll, .init(maxConnectionsPerHost: count, maxIdleConnectionsPerHost: count))
        for round in 0..<2 {
            let bodies = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
                for index in 0..<count {
                    group.addTask {
                        let response = try await client.send(
                            "POST", url: "http://127.0.0.1:\(port)/", body: Array("\(round)-\(index)".utf8))
                        return (index, response.body)
                    }
                }
                return try await group.reduce(into: [Int: [UInt8]]()) { $0[$1.0] = $1.1 }
            }
            #expect(bodies.count == count)
            #expect(bodies.allSatisfy { $0.value == Array("\(round)-\($0.key)".utf8) })
            await barrier.reset()
        }
        // 200 connections in the pool (the second round reused them) plus the listener.
        #expect(openClientSockets(port: port) == count)
        #expect(openServerSockets(port: port) == count + 1)
        await client.shutdown()
        #expect(openClientSockets(port: port) == 0)
        await server.shutdown()
    }

    @Test func connectionLimitQueuesRequests() async throws {
        let server = try ScriptedServer(script: answerAll)
        let client = HTTPClient(configuration: .init(maxConnectionsPerHost: 2))
        let served = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<20 {
                group.addTask {
                    let response = try await client.send(url: "http://127.0.0.1:\(server.port)/\(index)")
                    return response.status == 200 ? 1 : 0
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(served == 20)
        #expect(server.acceptedCount <= 2)
        await client.shutdown()
        server.stop()
    }

    @Test func cancellationAbandonsTheRequest() async throws {
        let server = try ScriptedServer { connection, _ in
            guard try connection.readRequest() != nil else { return }
            try check(connection.waitForClose(), "client closed after cancelling")
        }
        let client = HTTPClient()
        let task = Task { await clientError { try await client.send(url: "http://127.0.0.1:\(server.port)/") } }
        #expect(await eventually { server.acceptedCount == 1 })
        try await Task.sleep(for: .milliseconds(50))  // let the request reach the server (either way it fails)
        task.cancel()
        let error = await task.value
        #expect(error?.kind == .cancelled)
        // Already-cancelled tasks fail at once.
        let immediate = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await clientError { try await client.send(url: "http://127.0.0.1:\(server.port)/") }
        }.value
        #expect(immediate?.kind == .cancelled)
        #expect(await eventually { openClientSockets(port: server.port) == 0 })
        await client.shutdown()
        server.stop()
        #expect(server.errors.isEmpty)
    }

    @Test func startStopCyclesWithRequestsInFlight() async throws {
        let server = testServer(handler: echo)
        let port = try server.start()
        for cycle in 0..<20 {
            let client = HTTPClient()
            _ = try await client.send(url: "http://127.0.0.1:\(port)/warm")
            // Requests still in flight (/sleep answers after 10 s) when the client stops.
            let tasks = (0..<5).map { index in
                Task { await clientError { try await client.send(url: "http://127.0.0.1:\(port)/sleep/\(index)") } }
            }
            if cycle.isMultiple(of: 2) { try await Task.sleep(for: .milliseconds(20)) }
            await client.shutdown()
            for task in tasks {
                let kind = await task.value?.kind
                #expect(kind == .shutdown)
            }
            #expect(openClientSockets(port: port) == 0)
        }
        await server.shutdown()
    }

    @Test func shutdownFailsRequestsInFlightAndLater() async throws {
        let server = try ScriptedServer { connection, _ in
            guard try connection.readRequest() != nil else { return }
            _ = connection.waitForClose()
        }
        let client = HTTPClient()
        let task = Task { await clientError { try await client.send(url: "http://127.0.0.1:\(server.port)/") } }
        #expect(await eventually { server.acceptedCount == 1 })
        await client.shutdown()
        #expect(await task.value?.kind == .shutdown)
        let later = await clientError { try await client.send(url: "http://127.0.0.1:\(server.port)/") }
        #expect(later?.kind == .shutdown)
        #expect(openClientSockets(port: server.port) == 0)
        client.stop()  // idempotent
        server.stop()
    }
}
