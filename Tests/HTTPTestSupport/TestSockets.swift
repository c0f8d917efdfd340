// Helpers for tests that talk to servers over real sockets: HTTPServerTests and
// StepFunctionsServerTests share them (a test-support target, not a product).

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

#if canImport(Darwin)
    package let socketStreamType = SOCK_STREAM
#else
    package let socketStreamType = Int32(SOCK_STREAM.rawValue)
#endif

/// The local port of a bound socket (IPv4).
package func localPort(_ fd: Int32) -> Int? {
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let status = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return status == 0 ? Int(UInt16(bigEndian: address.sin_port)) : nil
}

/// A port on 127.0.0.1 where nothing listens (bound, then released).
package func unusedPort() throws -> Int {
    let fd = socket(AF_INET, socketStreamType, 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, let port = localPort(fd) else { throw ClientError(description: "bind failed") }
    return port
}

/// Runs blocking client code on a fresh thread and awaits its result, so the test never blocks
/// a cooperative-pool thread (the server's handlers need those threads to answer).
package func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 1 << 20
        thread.start()
    }
}

/// Number of open descriptors of this process (Linux), or nil where /proc is missing.
package func openDescriptorCount() -> Int? {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.count
}

/// What each open descriptor of this process refers to, e.g. `socket:[1234]`, `pipe:[99]`.
/// The descriptors opened since `before` (by target, e.g. `pipe:[123]`) that stay open: sampled
/// until none of them has stayed through every sample, for up to `seconds`. Tests running in
/// parallel open and close pipes and sockets of their own all the time (child processes' output,
/// clients); a leak is what never goes away, so only descriptors present in every sample count.
package func persistentNewDescriptors(
    since before: Set<String>, matching include: @Sendable (String) -> Bool = { _ in true }, seconds: Double = 10
) async throws -> Set<String> {
    var persistent = Set(openDescriptorTargets().filter(include)).subtracting(before)
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while !persistent.isEmpty && ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(50))
        persistent.formIntersection(Set(openDescriptorTargets().filter(include)))
    }
    return persistent
}

package func openDescriptorTargets() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return names.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0) }
}

/// Descriptors of this process that are sockets bound to local `port`: the server's listener
/// and its accepted connections (the test's own clients have `port` as their remote port).
/// Exact even while other tests in the process open sockets of their own.
package func openServerSockets(port: Int) -> Int {
    openSockets(port: port, remote: false)
}

/// Descriptors of this process that are sockets connected to remote `port` on this machine: the
/// clients of the server listening there. Exact even while other tests open sockets of their own.
package func openClientSockets(port: Int) -> Int {
    openSockets(port: port, remote: true)
}

/// Sockets of this process whose local (or, with `remote`, peer) port is `port`.
private func openSockets(port: Int, remote: Bool) -> Int {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return names.compactMap { Int32($0) }.filter { fd in
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                remote ? getpeername(fd, $0, &length) : getsockname(fd, $0, &length)
            }
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
package func threads(named name: String) -> Int {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
    return tasks.filter { task in
        (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) == name
    }.count
}

/// Seconds elapsed since `start` on the monotonic clock.
package func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// A request head with CRLF line ends from lines written without them.
package func head(_ lines: String...) -> String {
    lines.joined(separator: "\r\n") + "\r\n\r\n"
}

/// `#expect` for code running on a plain thread (`offPool`), where Swift Testing has no current
/// test to record an issue against: a failed check throws, failing the test with its location.
package func check(_ condition: Bool, _ text: String = "", fileID: String = #fileID, line: Int = #line) throws {
    if !condition { throw ClientError(description: "check failed at \(fileID):\(line): \(text)") }
}

/// Like `check`, for equality, reporting both values.
package func checkEqual<T: Equatable>(_ actual: T, _ expected: T, fileID: String = #fileID, line: Int = #line) throws {
    if actual != expected {
        throw ClientError(description: "check failed at \(fileID):\(line): \(actual) != \(expected)")
    }
}

/// The priority of test servers' handler tasks: raised, so that in a full `swift test` run (hundreds
/// of tests queued on a cooperative pool of one thread per core) a server's handlers run as soon as a
/// thread is free instead of after the whole queue, and its clients' timeouts mean what they say.
package let testHandlerPriority: TaskPriority = .high
