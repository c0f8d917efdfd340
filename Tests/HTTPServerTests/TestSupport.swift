import Foundation
import HTTPTestSupport

@testable import HTTPServer

/// A server for a test: handler tasks at `testHandlerPriority`.
func testServer(
    _ configuration: HTTPServer.Configuration = HTTPServer.Configuration(), handler: @escaping HTTPServer.Handler
) -> HTTPServer {
    var configuration = configuration
    configuration.handlerPriority = testHandlerPriority
    return HTTPServer(configuration: configuration, handler: handler)
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
        configuration.handlerPriority = testHandlerPriority
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
