import HTTPServer
import HTTPTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// End-to-end tests over real loopback sockets. Serialized (with the nested suites) so the
/// descriptor-leak check sees no other test's sockets.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ServerTests {
    @Test func getAndPost() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send(head("GET /hello?x=1 HTTP/1.1", "Host: localhost"))
            let get = try client.readResponse()
            try checkEqual(get.status, 200)
            try checkEqual(get.reason, "OK")
            try checkEqual(get.header("X-Method"), "GET")
            try checkEqual(get.header("X-Target"), "/hello?x=1")
            try checkEqual(get.header("Content-Length"), "0")
            try checkEqual(get.header("Date")?.hasSuffix(" GMT"), true)
            try checkEqual(get.header("Connection"), nil)

            try client.send(head("POST /echo HTTP/1.1", "Host: localhost", "Content-Length: 11") + "hello world")
            let post = try client.readResponse()
            try checkEqual(post.status, 200)
            try checkEqual(post.text, "hello world")
            try checkEqual(post.header("Content-Length"), "11")
        }
    }

    @Test func requestFieldsReachTheHandler() async throws {
        let server = HTTPServer { request in
            HTTPResponse(
                text: [
                    request.method, request.path, request.query ?? "-", request.version.description,
                    request.headers["content-type"] ?? "-",
                    request.headers.values(for: "X-Twice").joined(separator: "|"),
                    String(request.headers.count),
                ].joined(separator: " "))
        }
        let port = try server.start()
        let response = try await offPool {
            let client = try RawClient(port: port)
            try client.send(
                head(
                    "PUT /a/b?c=d&e HTTP/1.1", "Host: x", "Content-Type:  text/plain  ", "X-Twice: 1", "x-twice: 2",
                    "Content-Length: 0"))
            return try client.readResponse()
        }
        await server.shutdown()
        #expect(response.text == "PUT /a/b c=d&e HTTP/1.1 text/plain 1|2 5")
    }

    @Test func keepAliveServesManyRequestsOnOneConnection() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            for index in 0..<10 {
                let body = String(repeating: "x", count: index)
                try client.send(head("POST /n/\(index) HTTP/1.1", "Host: h", "Content-Length: \(index)") + body)
                let response = try client.readResponse()
                try checkEqual(response.status, 200)
                try checkEqual(response.header("X-Target"), "/n/\(index)")
                try checkEqual(response.text, body)
            }
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            // The first is slow: its answer must still come first.
            try client.send(
                head("GET /slow HTTP/1.1", "Host: h") + head("POST /second HTTP/1.1", "Host: h", "Content-Length: 3")
                    + "abc" + head("GET /third HTTP/1.1", "Host: h") + head("GET /fourth HTTP/1.1", "Host: h"))
            for target in ["/slow", "/second", "/third", "/fourth"] {
                let response = try client.readResponse()
                try checkEqual(response.header("X-Target"), target)
            }
            try checkEqual(try client.readResponse(afterSending: head("GET /fifth HTTP/1.1", "Host: h")).status, 200)
        }
    }

    @Test func chunkedRequestBodyIsDecoded() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send(
                head("POST /chunked HTTP/1.1", "Host: h", "Transfer-Encoding: chunked") + "5;ext=1\r\nhello\r\n"
                    + "1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n")
            let response = try client.readResponse()
            try checkEqual(response.status, 200)
            try checkEqual(response.text, "hello 0123456789")
            // Split across writes at awkward places, with the connection kept alive.
            let pieces = [
                "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r", "\n", "3", "\r", "\nab", "c\r",
                "\n0", "\r\n", "\r", "\n",
            ]
            for piece in pieces {
                try client.send(piece)
                usleep(2000)
            }
            let second = try client.readResponse()
            try checkEqual(second.text, "abc")
        }
    }

    @Test func expectContinueGetsInterimResponseBeforeTheBody() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send(head("POST /upload HTTP/1.1", "Host: h", "Content-Length: 5", "Expect: 100-continue"))
            let interim = try client.readResponse()
            try checkEqual(interim.status, 100)
            try client.send("12345")
            let final = try client.readResponse()
            try checkEqual(final.status, 200)
            try checkEqual(final.text, "12345")
            // Chunked with Expect works the same way.
            try client.send(
                head("POST /upload HTTP/1.1", "Host: h", "Transfer-Encoding: chunked", "Expect: 100-Continue"))
            try checkEqual(try client.readResponse().status, 100)
            try client.send("2\r\nok\r\n0\r\n\r\n")
            try checkEqual(try client.readResponse().text, "ok")
        }
    }

    @Test func expectContinueOverTheLimitGets413WithoutInterimResponse() async throws {
        try await withServer(HTTPServer.Configuration(maxBodySize: 100)) { port in
            let client = try RawClient(port: port)
            try client.send(head("POST /upload HTTP/1.1", "Host: h", "Content-Length: 101", "Expect: 100-continue"))
            let response = try client.readResponse()
            try checkEqual(response.status, 413)
            try checkEqual(response.header("Connection"), "close")
            _ = try client.readUntilClose()
        }
    }

    @Test func connectionCloseIsHonoured() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send(head("GET / HTTP/1.1", "Host: h", "Connection: close"))
            let response = try client.readResponse()
            try checkEqual(response.header("Connection"), "close")
            try check(try client.readUntilClose().isEmpty, "try client.readUntilClose().isEmpty")

            // The handler can close too.
            let second = try RawClient(port: port)
            try second.send(head("GET /close HTTP/1.1", "Host: h"))
            try checkEqual(try second.readResponse().header("Connection"), "close")
            try check(try second.readUntilClose().isEmpty, "try second.readUntilClose().isEmpty")
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send(head("GET /old HTTP/1.0"))
            let response = try client.readResponse()
            try checkEqual(response.status, 200)
            try checkEqual(response.header("X-Version"), "HTTP/1.0")
            try checkEqual(response.header("Connection"), "close")
            try check(try client.readUntilClose().isEmpty, "try client.readUntilClose().isEmpty")

            let keepAlive = try RawClient(port: port)
            for _ in 0..<3 {
                try keepAlive.send(head("GET /old HTTP/1.0", "Connection: Keep-Alive"))
                let kept = try keepAlive.readResponse()
                try checkEqual(kept.header("Connection"), "keep-alive")
            }
            try keepAlive.send(head("GET /old HTTP/1.0"))
            try checkEqual(try keepAlive.readResponse().header("Connection"), "close")
            try check(try keepAlive.readUntilClose().isEmpty, "try keepAlive.readUntilClose().isEmpty")
        }
    }

    @Test func headResponseHasLengthButNoBody() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send(head("HEAD /big/1000 HTTP/1.1", "Host: h"))
            let response = try client.readResponse(isHEAD: true)
            try checkEqual(response.status, 200)
            try checkEqual(response.header("Content-Length"), "1000")
            // No body bytes followed: the next response starts right away.
            try client.send(head("GET /big/3 HTTP/1.1", "Host: h"))
            try checkEqual(try client.readResponse().text, "aaa")
        }
    }

    @Test func statusCodesWithoutContent() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send(head("POST /status/204 HTTP/1.1", "Host: h", "Content-Length: 2") + "xx")
            let noContent = try client.readResponse()
            try checkEqual(noContent.status, 204)
            try checkEqual(noContent.header("Content-Length"), nil)
            try client.send(head("GET /status/404 HTTP/1.1", "Host: h"))
            let notFound = try client.readResponse()
            try checkEqual(notFound.status, 404)
            try checkEqual(notFound.reason, "Not Found")
            try client.send(head("GET /status/99 HTTP/1.1", "Host: h"))
            try checkEqual(try client.readResponse().status, 500)
        }
    }

    @Test func largeBodiesBothWays() async throws {
        let size = 1_500_000
        try await withServer(HTTPServer.Configuration(maxBodySize: 2_000_000)) { port in
            let client = try RawClient(port: port)
            var body = [UInt8](repeating: 0, count: size)
            for index in body.indices { body[index] = UInt8(truncatingIfNeeded: index &* 31) }
            try client.send(Array(head("POST /echo HTTP/1.1", "Host: h", "Content-Length: \(size)").utf8) + body)
            let response = try client.readResponse()
            try checkEqual(response.status, 200)
            try checkEqual(response.body, body)
            try client.send(head("GET /big/3000000 HTTP/1.1", "Host: h"))
            try checkEqual(try client.readResponse().body.count, 3_000_000)
        }
    }

    @Test func invalidUTF8InHeadersIsDecodedLeniently() async throws {
        try await withServer { port in
            let client = try RawClient(port: port)
            try client.send(
                Array("GET /\u{e9} HTTP/1.1\r\nHost: h\r\nX-Custom: a".utf8) + [0xFF, 0xFE, 0xC3]
                    + Array("b\r\n\r\n".utf8))
            let response = try client.readResponse()
            try checkEqual(response.status, 200)
            try checkEqual(response.header("X-Custom-Echo"), "a\u{FFFD}\u{FFFD}\u{FFFD}b")
        }
    }
}
