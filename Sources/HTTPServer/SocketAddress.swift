#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address to connect to (the port is supplied at connect time).
///
/// Kept as the raw `sockaddr_in`/`sockaddr_in6` bytes so the value is plainly `Sendable` and can
/// travel from a resolver thread to the client's event loop.
struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// `AF_INET` or `AF_INET6`.
    let family: Int32
    /// The socket address structure's bytes, port zero.
    private let storage: [UInt8]

    private init<Address>(family: Int32, address: Address) {
        self.family = family
        var copy = address
        storage = withUnsafeBytes(of: &copy) { Array($0) }
    }

    /// The address when `host` is an IPv4 or IPv6 literal (no lookup, never blocks), else `nil`.
    static func numeric(_ host: String) -> SocketAddress? {
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            return SocketAddress(family: AF_INET, address: v4)
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            return SocketAddress(family: AF_INET6, address: v6)
        }
        return nil
    }

    /// Resolves `host` with getaddrinfo (which may block on DNS: call it off the event loop and
    /// off the cooperative pool). IPv4 addresses come first, as local endpoints listen there.
    static func resolve(_ host: String) -> Result<[SocketAddress], HTTPClientError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
            hints.ai_socktype = SOCK_STREAM
        #else
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let list else {
            return .failure(
                HTTPClientError(.resolve, "cannot resolve '\(host)': \(String(cString: gai_strerror(status)))"))
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = list
        while let entry = cursor {
            cursor = entry.pointee.ai_next
            guard let raw = entry.pointee.ai_addr else { continue }
            let address: SocketAddress
            switch entry.pointee.ai_family {
            case AF_INET:
                address = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    var value = $0.pointee
                    value.sin_port = 0
                    return SocketAddress(family: AF_INET, address: value)
                }
            case AF_INET6:
                address = raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    var value = $0.pointee
                    value.sin6_port = 0
                    return SocketAddress(family: AF_INET6, address: value)
                }
            default:
                continue
            }
            if !addresses.contains(address) { addresses.append(address) }
        }
        guard !addresses.isEmpty else { return .failure(HTTPClientError(.resolve, "no IP address for '\(host)'")) }
        // Stable sort: IPv4 first, each family in the resolver's order.
        return .success(addresses.filter { $0.family == AF_INET } + addresses.filter { $0.family != AF_INET })
    }

    /// Calls `body` with this address and `port` as a `sockaddr`.
    func withSockaddr<R>(port: Int, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        var bytes = storage
        return bytes.withUnsafeMutableBytes { raw in
            let networkPort = UInt16(truncatingIfNeeded: port).bigEndian
            if family == AF_INET {
                raw.storeBytes(
                    of: networkPort, toByteOffset: MemoryLayout<sockaddr_in>.offset(of: \.sin_port)!, as: UInt16.self)
            } else {
                raw.storeBytes(
                    of: networkPort, toByteOffset: MemoryLayout<sockaddr_in6>.offset(of: \.sin6_port)!, as: UInt16.self)
            }
            return body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
    }

    /// The address as text, e.g. `127.0.0.1` or `::1`.
    var description: String {
        var text = [CChar](repeating: 0, count: 64)
        var copy = storage
        let converted = copy.withUnsafeMutableBytes { raw -> Bool in
            let offset =
                family == AF_INET
                ? MemoryLayout<sockaddr_in>.offset(of: \.sin_addr)!
                : MemoryLayout<sockaddr_in6>.offset(of: \.sin6_addr)!
            return inet_ntop(family, raw.baseAddress! + offset, &text, socklen_t(text.count)) != nil
        }
        guard converted else { return "?" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
