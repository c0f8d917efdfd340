import Foundation
import HTTPTestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A raw TCP server on 127.0.0.1 (ephemeral port) for client tests: it counts the connections
/// it accepts and runs a script for each, on a thread of its own with blocking I/O.
///
/// Scripts write exactly the bytes a test needs (chunked framing, early closes, garbage), which
/// `HTTPServer` would never send. Every read has a timeout, so a broken test fails instead of
/// hanging; errors thrown by scripts are collected in `errors`.
final class ScriptedServer: @unchecked Sendable {
    /// The bound port.
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var accepted = 0
    private var stopped = false
    private var scriptErrors: [String] = []
    private let threads = DispatchGroup()

    /// Listens and starts accepting; `script` gets each connection and its index (0, 1, ...).
    init(script: @escaping @Sendable (ScriptedConnection, Int) throws -> Void) throws {
        let fd = socket(AF_INET, socketStreamType, 0)
        guard fd >= 0 else { throw ClientError(description: "socket failed") }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 256) == 0, let port = localPort(fd) else {
            close(fd)
            throw ClientError(description: "bind/listen failed")
        }
        listener = fd
        self.port = port
        threads.enter()
        let thread = Thread { [self] in
            acceptLoop(script)
            threads.leave()
        }
        thread.start()
    }

    deinit {
        stop()
    }

    /// Connections accepted so far.
    var acceptedCount: Int { lock.withLock { accepted } }

    /// What the scripts threw.
    var errors: [String] { lock.withLock { scriptErrors } }

    /// Stops accepting and waits (up to 10 s) for the scripts to end; closes the listener.
    func stop() {
        let first = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        _ = threads.wait(timeout: .now() + 10)
        close(listener)
    }

    private func acceptLoop(_ script: @escaping @Sendable (ScriptedConnection, Int) throws -> Void) {
        while !lock.withLock({ stopped }) {
            var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 20) > 0 else { continue }
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { continue }
            let index = lock.withLock {
                defer { accepted += 1 }
                return accepted
            }
            let connection = ScriptedConnection(fd: fd)
            threads.enter()
            let thread = Thread { [self] in
                do {
                    try script(connection, index)
                } catch {
                    lock.withLock { scriptErrors.append("connection \(index): \(error)") }
                }
                connection.close()
                threads.leave()
            }
            thread.start()
        }
    }
}

/// A request as a `ScriptedServer` script read it.
struct ReceivedRequest {
    /// The request line, e.g. `GET / HTTP/1.1`.
    var requestLine: String
    /// Fields in received order.
    var headers: [(name: String, value: String)]
    /// The body (by `Content-Length`).
    var body: [UInt8]

    /// The first value of a field, compared case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// One accepted connection of a `ScriptedServer`, with blocking reads that time out after 5 s.
final class ScriptedConnection: @unchecked Sendable {
    /// The socket.
    let fd: Int32
    private var buffer: [UInt8] = []
    private var closed = false

    init(fd: Int32) {
        self.fd = fd
        var time = timeval(tv_sec: 5, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Reads one request (head and `Content-Length` body); `nil` when the client closes first.
    func readRequest() throws -> ReceivedRequest? {
        var headEnd = findHeadEnd()
        while headEnd == nil {
            guard try fill() else {
                if buffer.isEmpty { return nil }
                throw ClientError(description: "client closed inside a request head")
            }
            headEnd = findHeadEnd()
        }
        guard let headEnd else { return nil }
        let lines = String(decoding: buffer[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        buffer.removeFirst(headEnd + 4)
        var request = ReceivedRequest(requestLine: lines[0], headers: [], body: [])
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw ClientError(description: "bad field \(line)") }
            request.headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingSpaces))
        }
        let length = Int(request.header("Content-Length") ?? "0") ?? 0
        while buffer.count < length {
            guard try fill() else { throw ClientError(description: "client closed inside a request body") }
        }
        request.body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return request
    }

    /// Sends `text` as UTF-8.
    func write(_ text: String) throws {
        try write(Array(text.utf8))
    }

    /// Sends all of `bytes`.
    func write(_ bytes: [UInt8]) throws {
        #if canImport(Darwin)
            let flags: Int32 = 0
        #else
            let flags = Int32(MSG_NOSIGNAL)
        #endif
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, flags) }
            guard count > 0 else {
                if count < 0 && errno == EINTR { continue }
                throw ClientError(description: "send failed: errno \(errno)")
            }
            offset += count
        }
    }

    /// Waits until the client closes its side (true), or 5 s pass or bytes arrive (false).
    func waitForClose() -> Bool {
        buffer.isEmpty && ((try? fill()) == false)
    }

    /// Closes with a reset (SO_LINGER 0) instead of a FIN.
    func reset() {
        var option = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        close()
    }

    /// Closes the socket (idempotent).
    func close() {
        guard !closed else { return }
        closed = true
        #if canImport(Darwin)
            _ = Darwin.close(fd)
        #else
            _ = Glibc.close(fd)
        #endif
    }

    /// Reads more bytes; false at end-of-file or reset, throws on timeout.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
                return true
            }
            if count == 0 { return false }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: throw ClientError(description: "read timed out")
            default: return false
            }
        }
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }
}

/// Sockets of this process connected to remote `port` on this machine: the client's
/// connections to a test server (exact even while other tests open sockets of their own).
func openClientSockets(port: Int) -> Int {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return names.compactMap { Int32($0) }.filter { fd in
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let status = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        return status == 0 && Int32(address.sin_family) == AF_INET && Int(UInt16(bigEndian: address.sin_port)) == port
    }.count
}
