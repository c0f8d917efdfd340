#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension Socket {
    /// The outcome of starting a non-blocking `connect`.
    enum ConnectResult: Equatable {
        /// Connected at once (possible on loopback).
        case connected(Int32)
        /// Under way: the socket becomes writable when it completes or fails (read `pendingError`).
        case inProgress(Int32)
        /// Failed at once with this `errno`; no descriptor is left open.
        case failed(Int32)
    }

    /// Creates a non-blocking, close-on-exec TCP socket without Nagle's delay (requests are
    /// written whole) and starts connecting it to `address:port`.
    static func startConnect(to address: SocketAddress, port: Int) -> ConnectResult {
        #if canImport(Darwin)
            let fd = socket(address.family, SOCK_STREAM, 0)
        #else
            let fd = socket(address.family, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard fd >= 0 else { return .failed(errno) }
        // The same options an accepted server socket gets: non-blocking, close-on-exec, no delay.
        guard configureAccepted(fd) else {
            let code = errno
            closeDescriptor(fd)
            return .failed(code)
        }
        while true {
            let status = address.withSockaddr(port: port) { connect(fd, $0, $1) }
            if status == 0 { return .connected(fd) }
            switch errno {
            case EINTR: continue
            // EALREADY: a connect interrupted by a signal goes on in the background.
            case EINPROGRESS, EALREADY: return .inProgress(fd)
            default:
                let code = errno
                closeDescriptor(fd)
                return .failed(code)
            }
        }
    }

    /// The error of a finished non-blocking `connect` (`SO_ERROR`), 0 when it succeeded.
    static func pendingError(_ fd: Int32) -> Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) == 0 else { return errno }
        return code
    }

    /// The system's text for `code`, e.g. `Connection refused`.
    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
