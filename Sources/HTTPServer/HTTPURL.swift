/// An `http://` URL split into what `HTTPClient` needs: host, port and request target.
///
/// Only plain `http` is supported: `https` URLs are rejected with a message saying so, as are
/// user information (`user@host`) and targets with spaces, control or non-ASCII bytes (which
/// must be percent-encoded first). The fragment (`#...`) is dropped, as HTTP never sends it.
public struct HTTPURL: Sendable, Hashable, CustomStringConvertible {
    /// The host name or address literal; an IPv6 literal is kept without its brackets.
    public var host: String
    /// The TCP port (80 when the URL names none).
    public var port: Int
    /// The request target: path and query, e.g. `/2015-03-31/functions/f/invocations?x=1`.
    public var target: String

    /// Creates a URL from its parts.
    public init(host: String, port: Int = 80, target: String = "/") {
        self.host = host
        self.port = port
        self.target = target
    }

    /// Parses `http://host[:port][/path][?query][#fragment]`.
    public init(_ string: String) throws(HTTPClientError) {
        guard let colon = string.firstIndex(of: ":"), string[colon...].hasPrefix("://") else {
            throw HTTPClientError(.invalidURL, "not an absolute http:// URL: '\(string)'")
        }
        let scheme = string[..<colon].lowercased()
        if scheme == "https" {
            throw HTTPClientError(
                .invalidURL, "https is not supported (HTTPClient speaks plain http only): '\(string)'")
        }
        guard scheme == "http" else {
            throw HTTPClientError(
                .invalidURL, "unsupported URL scheme '\(scheme)' (only http is supported): '\(string)'")
        }
        let rest = string[string.index(colon, offsetBy: 3)...]
        let delimiters: Set<Character> = ["/", "?", "#"]
        let authorityEnd = rest.firstIndex { delimiters.contains($0) } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.contains("@") else {
            throw HTTPClientError(.invalidURL, "user information in URLs is not supported: '\(string)'")
        }

        let hostPart: Substring
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw HTTPClientError(.invalidURL, "unterminated IPv6 literal in '\(string)'")
            }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else {
                    throw HTTPClientError(.invalidURL, "malformed authority in '\(string)'")
                }
                portPart = after.dropFirst()
            }
            guard hostPart.contains(":") else {
                throw HTTPClientError(.invalidURL, "invalid IPv6 literal in '\(string)'")
            }
        } else if let colon = authority.firstIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        } else {
            hostPart = authority
        }
        guard !hostPart.isEmpty else { throw HTTPClientError(.invalidURL, "missing host in '\(string)'") }
        guard hostPart.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") }) else {
            throw HTTPClientError(.invalidURL, "invalid host in '\(string)'")
        }
        host = String(hostPart)

        port = 80
        if let portPart, !portPart.isEmpty {  // RFC 3986 allows an empty port: the default then
            guard portPart.utf8.count <= 5, portPart.utf8.allSatisfy({ ASCII.digitValue($0) != nil }),
                let value = Int(portPart), (1...65535).contains(value)
            else { throw HTTPClientError(.invalidURL, "invalid port '\(portPart)' in '\(string)'") }
            port = value
        }

        var path = rest[authorityEnd...]
        if let hash = path.firstIndex(of: "#") { path = path[..<hash] }
        guard path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw HTTPClientError(
                .invalidURL,
                "the path or query of '\(string)' has spaces, control or non-ASCII characters: percent-encode them")
        }
        target = path.isEmpty ? "/" : path.hasPrefix("?") ? "/" + path : String(path)
    }

    /// The `Host` field value: the host (bracketed if IPv6) and the port unless it is 80.
    public var authority: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? name : "\(name):\(port)"
    }

    /// The URL as text, e.g. `http://127.0.0.1:3001/path`.
    public var description: String { "http://\(authority)\(target)" }

    /// `segment` percent-encoded for use as one path segment (e.g. a Lambda function name):
    /// everything but unreserved characters, sub-delimiters, `:` and `@` is encoded.
    public static func encodePathSegment(_ segment: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(segment.utf8.count)
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"),
                UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","),
                UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "@"):
                bytes.append(byte)
            default:
                bytes.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
