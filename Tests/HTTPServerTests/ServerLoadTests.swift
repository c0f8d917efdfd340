import HTTPTestSupport
import Testing

@testable import HTTPServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ServerTests {
    /// Many connections at once, and many servers one after another.
    @Suite struct Load {
        /// 200 connections open at once, each with requests in flight simultaneously.
        @Test func twoHundredConcurrentKeepAliveConnections() async throws {
            let connectionCount = 200
            let rounds = 5
            try await withServer { port in
                let start = ContinuousClock.now
                let clients = try (0..<connectionCount).map { _ in try RawClient(port: port) }
                for _ in 0..<rounds {
                    // Every connection sends before any reads: 200 requests are in flight together.
                    for (index, client) in clients.enumerated() {
                        try client.send(
                            head("POST /slow HTTP/1.1", "Host: h", "Content-Length: 6") + "\(100_000 + index)")
                    }
                    for (index, client) in clients.enumerated() {
                        let response = try client.readResponse()
                        try checkEqual(response.status, 200)
                        try check(response.text == "\(100_000 + index)", "response.text == \"\\(100_000 + index)\"")
                    }
                }
                try check(seconds(since: start) < 5, "seconds(since: start) < 5")
            }
        }

        /// The same from several client threads, each with its own connections.
        @Test func concurrentClientThreads() async throws {
            let server = testServer(handler: echo)
            let port = try server.start()
            let total = try await withThrowingTaskGroup(of: Int.self) { group in
                for thread in 0..<8 {
                    group.addTask {
                        try await offPool {
                            let clients = try (0..<25).map { _ in try RawClient(port: port) }
                            var served = 0
                            for round in 0..<4 {
                                for client in clients {
                                    try client.send(head("GET /t\(thread)/\(round) HTTP/1.1", "Host: h"))
                                }
                                for client in clients
                                where try client.readResponse().header("X-Target") == "/t\(thread)/\(round)" {
                                    served += 1
                                }
                            }
                            return served
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            await server.shutdown()
            #expect(total == 8 * 25 * 4)
        }

        /// Start and stop repeatedly, with live connections and a request in flight at stop:
        /// no descriptor or thread may be left behind.
        ///
        /// Checked per server (its sockets by port, its thread by name) rather than by the total
        /// descriptor count, which other suites running in parallel in the same process change.
        @Test func startStopLeaksNothing() async throws {
            // Warm up lazily created runtime resources (dispatch, the cooperative pool).
            try await withServer { port in
                let client = try RawClient(port: port)
                try client.send(head("GET / HTTP/1.1", "Host: h"))
                _ = try client.readResponse()
            }
            let pipesBefore = Set(openDescriptorTargets().filter { $0.hasPrefix("pipe:") })
            var ports: [Int] = []
            for cycle in 0..<20 {
                let server = testServer(handler: echo)
                let port = try server.start()
                ports.append(port)
                let (idle, partial) = try await offPool { () -> (RawClient, RawClient) in
                    let client = try RawClient(port: port)
                    try client.send(head("GET /c/\(cycle) HTTP/1.1", "Host: h"))
                    try checkEqual(try client.readResponse().header("X-Target"), "/c/\(cycle)")
                    // Leave one request in flight (the handler sleeps 10 s) and one half-sent.
                    try client.send(head("GET /sleep HTTP/1.1", "Host: h"))
                    let partial = try RawClient(port: port)
                    try partial.send("GET / HT")
                    usleep(10_000)
                    return (client, partial)
                }
                #if os(Linux)
                    // The listener and two connections, once the loop has accepted the second (on a
                    // loaded machine that can take longer than the 10 ms above).
                    var sockets = openServerSockets(port: port)
                    for _ in 0..<200 where sockets != 3 {
                        try await Task.sleep(for: .milliseconds(10))
                        sockets = openServerSockets(port: port)
                    }
                    #expect(sockets == 3)
                    #expect(threads(named: "http-\(port)") == 1)
                #endif
                let stopStart = ContinuousClock.now
                if cycle.isMultiple(of: 2) { await server.shutdown() } else { server.stop() }
                #expect(seconds(since: stopStart) < 1)
                #expect(server.port == nil)
                #if os(Linux)
                    #expect(openServerSockets(port: port) == 0)
                    // pthread_join returns when the thread has exited; the kernel may list it in
                    // /proc for a moment longer, until it is reaped.
                    var remaining = threads(named: "http-\(port)")
                    for _ in 0..<100 where remaining != 0 {
                        try await Task.sleep(for: .milliseconds(5))
                        remaining = threads(named: "http-\(port)")
                    }
                    #expect(remaining == 0)
                #endif
                // The stopped server closed the connection.
                let rest = try await offPool { try idle.readUntilClose() + partial.readUntilClose() }
                #expect(rest.isEmpty)
            }
            // Stopping twice, or a server that never started, is harmless.
            let unused = testServer(handler: echo)
            unused.stop()
            await unused.shutdown()

            #if os(Linux)
                // Every server's wake pipe is closed (parallel tests' own pipes come and go).
                let newPipes = try await persistentNewDescriptors(since: pipesBefore) { $0.hasPrefix("pipe:") }
                #expect(newPipes.isEmpty)
            #endif
        }

        /// Every descriptor before and after (what the other checks refine): none of those the
        /// servers and clients opened stays open once they are gone.
        @Test func descriptorCountIsRestored() async throws {
            try await withServer { _ in }
            let before = Set(openDescriptorTargets())
            for _ in 0..<10 {
                try await withServer { port in
                    let client = try RawClient(port: port)
                    try client.send(head("GET / HTTP/1.1", "Host: h"))
                    _ = try client.readResponse()
                }
            }
            // Every descriptor the servers and clients opened is closed again (parallel tests'
            // own descriptors come and go).
            #expect(try await persistentNewDescriptors(since: before).isEmpty)
        }

        #if os(Linux)
            @Test func epollIsUsedOnLinux() {
                #expect(Poller().mechanism == "epoll")
                #expect(Poller(usePoll: true).mechanism == "poll")
            }
        #endif

        @Test func startFailsCleanlyWhenThePortIsTaken() async throws {
            let first = testServer(handler: echo)
            let port = try first.start()
            // One request, so the loop thread has created its epoll descriptor before counting.
            // The connection stays open until the end, so its server-side socket cannot close
            // between the two counts.
            let client = try await offPool {
                let client = try RawClient(port: port)
                try checkEqual(try client.readResponse(afterSending: head("GET / HTTP/1.1", "Host: h")).status, 200)
                return client
            }
            let descriptorsBefore = Set(openDescriptorTargets())
            let second = testServer(HTTPServer.Configuration(port: port), handler: echo)
            #expect(throws: HTTPServerError.self) { try second.start() }
            // The failed start left nothing open (parallel tests' own descriptors come and go).
            #expect(try await persistentNewDescriptors(since: descriptorsBefore).isEmpty)
            #expect(throws: HTTPServerError.self) { try first.start() }
            await first.shutdown()
            #expect(try await offPool { try client.readUntilClose() }.isEmpty)
            #expect(throws: HTTPServerError.self) {
                try testServer(HTTPServer.Configuration(host: "no-such-host.invalid"), handler: echo)
                    .start()
            }
        }
    }
}
