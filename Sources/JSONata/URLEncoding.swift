/// `$encodeUrl`, `$encodeUrlComponent`, `$decodeUrl` and `$decodeUrlComponent`: JavaScript's
/// `encodeURI`, `encodeURIComponent`, `decodeURI` and `decodeURIComponent`.
enum URLEncoding {
    private static let unreservedMarks = Set("-_.!~*'()".utf8)
    private static let reserved = Set(";,/?:@&=+$#".utf8)
    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func malformed(_ s: String, _ name: String) -> JSONataError {
        var e = JSONataError("D3140")
        e.details["functionName"] = .string(name)
        e.setValue(.string(s))
        return e
    }

    static func encode(_ v: Value, component: Bool) throws(JSONataError) -> Value {
        guard case .string(let s) = v else { return .undefined }
        var out = [UInt8]()
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            let keep =
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || unreservedMarks.contains(b) || (!component && reserved.contains(b))
            if keep {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            }
        }
        return .string(String(decoding: out, as: UTF8.self))
    }

    static func decode(_ v: Value, component: Bool) throws(JSONataError) -> Value {
        guard case .string(let s) = v else { return .undefined }
        let name = component ? "decodeUrlComponent" : "decodeUrl"
        let bytes = Array(s.utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            guard b == UInt8(ascii: "%") else {
                out.append(b)
                i += 1
                continue
            }
            // one escaped UTF-8 sequence
            func byte(at k: Int) -> UInt8? {
                guard k + 2 < bytes.count + 0, bytes[k] == UInt8(ascii: "%"),
                    let hi = Lexer.hexValue(UInt16(bytes[k + 1])), let lo = Lexer.hexValue(UInt16(bytes[k + 2]))
                else { return nil }
                return UInt8(hi * 16 + lo)
            }
            guard i + 2 < bytes.count, let first = byte(at: i) else { throw malformed(s, name) }
            let length: Int
            switch first {
            case 0x00..<0x80: length = 1
            case 0xC2..<0xE0: length = 2
            case 0xE0..<0xF0: length = 3
            case 0xF0..<0xF5: length = 4
            default: throw malformed(s, name)
            }
            var sequence = [first]
            for k in 1..<length {
                guard let next = byte(at: i + 3 * k), next & 0xC0 == 0x80 else { throw malformed(s, name) }
                sequence.append(next)
            }
            guard let decoded = String(validating: sequence, as: UTF8.self) else { throw malformed(s, name) }
            if !component && length == 1 && reserved.contains(first) {
                out.append(contentsOf: bytes[i..<(i + 3)])
            } else {
                out.append(contentsOf: decoded.utf8)
            }
            i += 3 * length
        }
        return .string(String(decoding: out, as: UTF8.self))
    }
}
