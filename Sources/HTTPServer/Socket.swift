#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Thin wrappers over the POSIX socket calls the server uses, with `errno` turned into results.
///
/// Every socket is non-blocking and close-on-exec. SIGPIPE is avoided per call (`MSG_NOSIGNAL`
/// on Linux) or per socket (`SO_NOSIGPIPE` on Darwin), so the process-wide signal disposition is
/// left alone.
enum Socket {
    /// The outcome of a `recv` or `send`.
    enum IOResult: Equatable {
        /// This many bytes were transferred (always > 0).
        case transferred(Int)
        /// The peer closed its sending side (receive only).
        case endOfFile
        /// Nothing can be transferred until the socket is ready again.
        case wouldBlock
        /// The connection is broken (reset, timed out, ...).
        case failed(Int32)
    }

    /// The outcome of an `accept`.
    enum AcceptResult: Equatable {
        /// A new connection.
        case accepted(Int32)
        /// No pending connection.
        case wouldBlock
        /// A transient failure (interrupted, or the client gave up while queued): try again.
        case retry
        /// Out of descriptors or memory: stop accepting for a while, or `accept` would spin.
        case exhausted(Int32)
    }

    #if canImport(Darwin)
        private static let streamType = SOCK_STREAM
        private static let sendFlags: Int32 = 0
    #else
        private static let streamType = Int32(SOCK_STREAM.rawValue)
        private static let sendFlags = Int32(MSG_NOSIGNAL)
    #endif

    /// Creates a non-blocking listening socket bound to `host:port`; returns it and the bound port.
    static func makeListener(host: String, port: Int, backlog: Int) throws(HTTPServerError) -> (fd: Int32, port: Int) {
        guard (0...65535).contains(port) else { throw HTTPServerError(message: "invalid port \(port)") }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = streamType
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let list else {
            throw HTTPServerError(message: "cannot resolve '\(host)': \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        // IPv4 first: "localhost" then binds 127.0.0.1, the address every client tries.
        var candidates: [addrinfo] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = list
        while let entry = cursor {
            candidates.append(entry.pointee)
            cursor = entry.pointee.ai_next
        }
        candidates.sort { ($0.ai_family == AF_INET ? 0 : 1) < ($1.ai_family == AF_INET ? 0 : 1) }

        var lastError = HTTPServerError(message: "no address for '\(host)'")
        for candidate in candidates {
            let fd = socket(candidate.ai_family, streamType, 0)
            guard fd >= 0 else {
                lastError = error("socket", host: host, port: port)
                continue
            }
            var one: Int32 = 1
            // Lets a restarted server rebind its port while old connections sit in TIME_WAIT.
            _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            guard setCloseOnExec(fd), setNonBlocking(fd) else {
                lastError = error("fcntl", host: host, port: port)
                close(fd)
                continue
            }
            guard bind(fd, candidate.ai_addr, candidate.ai_addrlen) == 0 else {
                lastError = error("bind", host: host, port: port)
                close(fd)
                continue
            }
            guard listen(fd, Int32(clamping: max(backlog, 1))) == 0 else {
                lastError = error("listen", host: host, port: port)
                close(fd)
                continue
            }
            guard let boundPort = localPort(fd) else {
                lastError = error("getsockname", host: host, port: port)
                close(fd)
                continue
            }
            return (fd, boundPort)
        }
        throw lastError
    }

    /// An error naming the failed call and the current `errno`.
    private static func error(_ call: String, host: String, port: Int) -> HTTPServerError {
        let code = errno
        return HTTPServerError(message: "\(call)(\(host):\(port)): \(String(cString: strerror(code)))", errno: code)
    }

    /// The local port of a bound socket.
    static func localPort(_ fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard status == 0 else { return nil }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    Int(UInt16(bigEndian: $0.pointee.sin6_port))
                }
            }
        default:
            return nil
        }
    }

    /// The process's descriptor limit (the soft `RLIMIT_NOFILE`), read each time: it may be changed
    /// while the server runs. `Int.max` when unlimited or unknown.
    static func descriptorCeiling() -> Int {
        var limit = rlimit()
        #if os(Linux)
            guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return .max }
        #else
            guard getrlimit(RLIMIT_NOFILE, &limit) == 0 else { return .max }
        #endif
        return limit.rlim_cur >= rlim_t(Int.max) ? .max : Int(limit.rlim_cur)
    }

    /// The number the next descriptor would get (the lowest free one), found by duplicating `fd`
    /// and closing the copy; -1 when no descriptor is free.
    static func lowestFreeDescriptor(duplicating fd: Int32) -> Int {
        let copy = fcntl(fd, F_DUPFD_CLOEXEC, 0)
        guard copy >= 0 else { return -1 }
        closeDescriptor(copy)
        return Int(copy)
    }

    /// Accepts one pending connection from a non-blocking listener.
    static func acceptConnection(_ listener: Int32) -> AcceptResult {
        let fd = accept(listener, nil, nil)
        if fd >= 0 { return .accepted(fd) }
        switch errno {
        case EAGAIN, EWOULDBLOCK: return .wouldBlock
        case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .exhausted(errno)
        default: return .retry  // EINTR, ECONNABORTED, EPROTO, ...: the next call may succeed.
        }
    }

    /// Makes an accepted socket non-blocking and close-on-exec, disables Nagle (responses are
    /// written whole, and delaying the last segment would add latency) and, on Darwin, SIGPIPE.
    static func configureAccepted(_ fd: Int32) -> Bool {
        guard setNonBlocking(fd), setCloseOnExec(fd) else { return false }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
            _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        return true
    }

    /// Reads available bytes into `buffer`.
    static func receiveBytes(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count > 0 { return .transferred(count) }
            if count == 0 { return .endOfFile }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    /// Writes as many of `bytes` as the socket takes now (never raising SIGPIPE).
    static func sendBytes(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> IOResult {
        guard !bytes.isEmpty else { return .transferred(0) }
        while true {
            let count = send(fd, bytes.baseAddress, bytes.count, sendFlags)
            if count >= 0 { return .transferred(count) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    /// Half-closes: the peer reads end-of-file after the bytes already sent.
    static func shutdownWrite(_ fd: Int32) {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    /// Closes a descriptor (errors are ignored: the descriptor is released either way on Linux).
    static func closeDescriptor(_ fd: Int32) {
        _ = close(fd)
    }

    /// A non-blocking, close-on-exec pipe used to wake the event loop.
    static func makePipe() throws(HTTPServerError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            let code = errno
            throw HTTPServerError(message: "pipe: \(String(cString: strerror(code)))", errno: code)
        }
        for fd in ends where !(setNonBlocking(fd) && setCloseOnExec(fd)) {
            let code = errno
            close(ends[0])
            close(ends[1])
            throw HTTPServerError(message: "fcntl: \(String(cString: strerror(code)))", errno: code)
        }
        return (ends[0], ends[1])
    }

    /// Sets `O_NONBLOCK`.
    static func setNonBlocking(_ fd: Int32) -> Bool {
        let flags = fcntl(fd, F_GETFL, 0)
        return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0
    }

    /// Sets `FD_CLOEXEC`, so child processes the application spawns do not inherit sockets.
    static func setCloseOnExec(_ fd: Int32) -> Bool {
        let flags = fcntl(fd, F_GETFD, 0)
        return flags >= 0 && fcntl(fd, F_SETFD, flags | FD_CLOEXEC) == 0
    }
}
