#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure of the test client (connect, timeout, malformed response).
package struct ClientError: Error, CustomStringConvertible {
    /// What went wrong.
    package var description: String

    /// Creates an error.
    package init(description: String) { self.description = description }
}

/// A response as the test client parsed it.
package struct ParsedResponse {
    /// The status code.
    package var status: Int
    /// The reason phrase.
    package var reason: String
    /// Header fields in received order.
    package var headers: [(name: String, value: String)]
    /// The body bytes.
    package var body: [UInt8]

    /// The first value of a header, compared case-insensitively.
    package func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body as text.
    package var text: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking raw-socket HTTP/1.1 client for tests (URLSession is unreliable on Linux and hides
/// the bytes on the wire). Every read and write has a timeout, so no test can hang.
/// Must run off the cooperative pool (see `offPool`): it blocks its thread. `@unchecked Sendable`
/// only so a connection can be handed from one test thread to another; it is never shared.
package final class RawClient: @unchecked Sendable {
    /// The connected socket.
    package let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; reads and writes fail after `timeout` seconds.
    ///
    /// The timeout guards against hangs; it is not a latency check. It is generous because in a
    /// full `swift test` run, hundreds of tests share a cooperative pool of one thread per core,
    /// and on a loaded machine the server's handler tasks can wait seconds for a thread (5 s
    /// was not enough: GarbageInputTests failed now and then with "read timed out").
    package init(port: Int, timeout: Double = 30) throws {
        #if canImport(Darwin)
            let type = SOCK_STREAM
        #else
            let type = Int32(SOCK_STREAM.rawValue)
        #endif
        fd = socket(AF_INET, type, 0)
        guard fd >= 0 else { throw ClientError(description: "socket failed") }
        var time = timeval(tv_sec: .init(timeout), tv_usec: .init((timeout - Double(Int(timeout))) * 1_000_000))
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        #if canImport(Darwin)
            var one: Int32 = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            // No close here: every property is set, so the failed init still runs deinit, which
            // closes the socket (closing it here too closed whatever reused the number meanwhile).
            throw ClientError(description: "connect failed: errno \(errno)")
        }
    }

    deinit { close(fd) }

    /// Sends all of `bytes`; a broken connection is an error, never a signal.
    package func send(_ bytes: [UInt8]) throws {
        #if canImport(Darwin)
            let flags: Int32 = 0
        #else
            let flags = Int32(MSG_NOSIGNAL)
        #endif
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes {
                RawClient.systemSend(fd, $0.baseAddress.map { $0 + offset }, bytes.count - offset, flags)
            }
            guard count > 0 else {
                if count < 0 && errno == EINTR { continue }
                throw ClientError(description: "send failed: errno \(errno)")
            }
            offset += count
        }
    }

    /// Sends `text` as UTF-8.
    package func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    /// Closes the sending side (the server reads end-of-file).
    package func shutdownWrite() {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    /// Closes with a reset instead of a FIN (SO_LINGER 0), like a crashed client.
    package func reset() {
        var option = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        _ = shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Reads more bytes into the buffer; false at end-of-file or reset.
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
            default: return false  // ECONNRESET and friends: the server closed
            }
        }
    }

    /// Reads one response (an interim 1xx is returned as is); a response to HEAD has no body
    /// bytes whatever its Content-Length says, so pass `isHEAD` then.
    package func readResponse(isHEAD: Bool = false) throws -> ParsedResponse {
        var headEnd = findHeadEnd()
        while headEnd == nil {
            guard try fill() else { throw ClientError(description: "connection closed before a response head") }
            headEnd = findHeadEnd()
        }
        guard let headEnd else { throw ClientError(description: "unreachable") }
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw ClientError(description: "bad status line: \(statusLine)")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw ClientError(description: "bad field: \(line)") }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingSpaces))
        }
        var response = ParsedResponse(
            status: status, reason: parts.count > 2 ? parts[2] : "", headers: headers, body: [])
        if !isHEAD, let lengthText = response.header("Content-Length") {
            guard let length = Int(lengthText) else { throw ClientError(description: "bad length \(lengthText)") }
            while buffer.count < length {
                guard try fill() else { throw ClientError(description: "connection closed inside a body") }
            }
            response.body = Array(buffer[..<length])
            buffer.removeFirst(length)
        }
        return response
    }

    /// Reads until the server closes; returns everything received (throws on timeout).
    package func readUntilClose() throws -> [UInt8] {
        while try fill() {}
        defer { buffer = [] }
        return buffer
    }

    /// The system `send` (the method of the same name hides it inside the class).
    private static func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int, _ flags: Int32) -> Int {
        #if canImport(Darwin)
            Darwin.send(fd, bytes, count, flags)
        #else
            Glibc.send(fd, bytes, count, flags)
        #endif
    }

    /// Sends `text` and reads the response.
    package func readResponse(afterSending text: String) throws -> ParsedResponse {
        try send(text)
        return try readResponse()
    }

    /// Bytes received but not yet returned.
    package var pendingBytes: Int { buffer.count }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    package var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first == " " || slice.first == "\t" { slice = slice.dropFirst() }
        while slice.last == " " || slice.last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
