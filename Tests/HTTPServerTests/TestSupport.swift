import Foundation

@testable import HTTPServer

/// Runs blocking client code on a fresh thread and awaits its result, so the test never blocks
/// a cooperative-pool thread (the server's handlers need those threads to answer).
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 1 << 20
        thread.start()
    }
}

/// Starts a server, runs `body` with its port off the pool, and shuts the server down after;
/// twice, once per readiness mechanism (epoll, then poll), so both are tested on Linux.
func withServer(
    _ configuration: HTTPServer.Configuration = HTTPServer.Configuration(),
    handler: @escaping HTTPServer.Handler = echo,
    _ body: @escaping @Sendable (Int) throws -> Void
) async throws {
    for usePoll in [false, true] {
        var configuration = configuration
        configuration.usePoll = usePoll
        let server = HTTPServer(configuration: configuration, handler: handler)
        let port = try server.start()
        do {
            try await offPool { try body(port) }
        } catch {
            await server.shutdown()
            throw ClientError(description: "\(usePoll ? "poll" : "epoll"): \(error)")
        }
        await server.shutdown()
    }
}

/// The test application: echoes the body and describes the request in `X-` fields.
///
/// `/status/N` answers status N; `/slow` sleeps 20 ms first; `/close` asks to close the
/// connection; `/big/N` answers N bytes.
@Sendable func echo(_ request: HTTPRequest) async -> HTTPResponse {
    var headers: HTTPHeaders = [
        "X-Method": request.method, "X-Target": request.target, "X-Version": request.version.description,
        "X-Body-Length": String(request.body.count),
    ]
    if let custom = request.headers["X-Custom"] { headers.add("X-Custom-Echo", custom) }
    let parts = request.path.split(separator: "/")
    switch parts.first {
    case "status":
        return HTTPResponse(status: Int(parts.last ?? "") ?? 500, headers: headers, body: request.body)
    case "slow":
        try? await Task.sleep(for: .milliseconds(20))
    case "sleep":
        try? await Task.sleep(for: .seconds(10))
    case "close":
        headers.add("Connection", "close")
    case "big":
        return HTTPResponse(headers: headers, body: [UInt8](repeating: 0x61, count: Int(parts.last ?? "") ?? 0))
    default:
        break
    }
    return HTTPResponse(headers: headers, body: request.body)
}

/// Deterministic pseudo-random numbers (SplitMix64), so fuzz failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    /// Creates a generator from a seed.
    init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Number of open descriptors of this process (Linux), or nil where /proc is missing.
func openDescriptorCount() -> Int? {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.count
}

/// What each open descriptor of this process refers to, e.g. `socket:[1234]`, `pipe:[99]`.
func openDescriptorTargets() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return names.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0) }
}

/// Descriptors of this process that are sockets bound to local `port`: the server's listener
/// and its accepted connections (the test's own clients have `port` as their remote port).
/// Exact even while other tests in the process open sockets of their own.
func openServerSockets(port: Int) -> Int {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return names.compactMap { Int32($0) }.filter { fd in
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard status == 0 else { return false }  // not a socket (or already closed)
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            } == port
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    Int(UInt16(bigEndian: $0.pointee.sin6_port))
                }
            } == port
        default:
            return false
        }
    }.count
}

/// Threads of this process named `name` (the event loop is named `http-PORT`).
func threads(named name: String) -> Int {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
    return tasks.filter { task in
        (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) == name
    }.count
}

/// Seconds elapsed since `start` on the monotonic clock.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// A request head with CRLF line ends from lines written without them.
func head(_ lines: String...) -> String {
    lines.joined(separator: "\r\n") + "\r\n\r\n"
}

/// `#expect` for code running on a plain thread (`offPool`), where Swift Testing has no current
/// test to record an issue against: a failed check throws, failing the test with its location.
func check(_ condition: Bool, _ text: String = "", fileID: String = #fileID, line: Int = #line) throws {
    if !condition { throw ClientError(description: "check failed at \(fileID):\(line): \(text)") }
}

/// Like `check`, for equality, reporting both values.
func checkEqual<T: Equatable>(_ actual: T, _ expected: T, fileID: String = #fileID, line: Int = #line) throws {
    if actual != expected {
        throw ClientError(description: "check failed at \(fileID):\(line): \(actual) != \(expected)")
    }
}
