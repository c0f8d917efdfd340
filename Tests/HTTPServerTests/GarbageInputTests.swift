import HTTPServer
import HTTPTestSupport
import Testing

extension ServerTests {
    /// Random, truncated and mutated byte streams over real sockets: the server must answer
    /// with well-formed responses or close, and stay healthy.
    @Suite struct GarbageInput {
        static let validRequests: [String] = [
            head("GET /a?b=c HTTP/1.1", "Host: h"),
            head("POST /p HTTP/1.1", "Host: h", "Content-Length: 5") + "hello",
            head("POST /c HTTP/1.1", "Host: h", "Transfer-Encoding: chunked") + "3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n",
            head("PUT /e HTTP/1.1", "Host: h", "Expect: 100-continue", "Content-Length: 2") + "ok",
            head("GET / HTTP/1.0", "Connection: keep-alive"),
            head("HEAD /big/10 HTTP/1.1", "Host: h"),
        ]

        /// One fuzz input: random bytes, a truncated request, a mutated one, or several glued.
        static func input(_ random: inout SplitMix64, case index: Int) -> [UInt8] {
            let valid = Array(validRequests[Int(random.next() % UInt64(validRequests.count))].utf8)
            switch index % 5 {
            case 0:
                return (0..<Int(random.next() % 3000)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            case 1:
                return Array(valid.prefix(Int(random.next() % UInt64(valid.count))))
            case 2:
                var mutated = valid
                for _ in 0..<(1 + random.next() % 4) {
                    let position = Int(random.next() % UInt64(mutated.count))
                    switch random.next() % 3 {
                    case 0: mutated[position] = UInt8(truncatingIfNeeded: random.next())
                    case 1: mutated.remove(at: position)
                    default: mutated.insert([0, 13, 10, 32, 58, 0xFF][Int(random.next() % 6)], at: position)
                    }
                }
                return mutated
            case 3:
                // Pipelined valid requests followed by garbage.
                return valid + valid
                    + (0..<Int(random.next() % 50)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            default:
                // Text-like garbage: HTTP-ish tokens in random order.
                let tokens = [
                    "GET", " ", "/", "HTTP/1.1", "\r\n", ":", "Content-Length", "Transfer-Encoding", "chunked",
                    "0", "ffff", "\r\n\r\n", "Expect", "100-continue", "\t", ";", "\n",
                ]
                return Array(
                    (0..<Int(random.next() % 60)).map { _ in tokens[Int(random.next() % UInt64(tokens.count))] }
                        .joined().utf8)
            }
        }

        @Test func randomTruncatedAndMutatedInputs() async throws {
            let configuration = HTTPServer.Configuration(
                maxHeadSize: 1024, maxBodySize: 4096, headerReadTimeout: .milliseconds(300),
                bodyReadTimeout: .milliseconds(300))
            try await withServer(configuration) { port in
                var random = SplitMix64(seed: 0xC0FFEE)
                for index in 0..<500 {
                    let bytes = Self.input(&random, case: index)
                    let client = try RawClient(port: port)
                    _ = try? client.send(bytes)  // the server may already have rejected and closed
                    client.shutdownWrite()
                    let received = try client.readUntilClose()
                    try check(
                        received.isEmpty || received.starts(with: Array("HTTP/1.1 ".utf8)),
                        "case \(index): reply starts \(received.prefix(20))")
                }
                // Some that do not end their stream: timeouts must clean them up.
                let lingering = try (0..<10).map { index -> RawClient in
                    let client = try RawClient(port: port)
                    _ = try? client.send(Self.input(&random, case: index))
                    return client
                }
                for client in lingering { _ = try client.readUntilClose() }
                let healthy = try RawClient(port: port)
                try healthy.send(head("GET /ok HTTP/1.1", "Host: h"))
                try checkEqual(try healthy.readResponse().status, 200)
            }
        }
    }
}
