/// Base64 with the standard alphabet (RFC 4648 §4) and `=` padding.
///
/// `States.Base64Encode`/`Base64Decode` and JSONata's `$base64encode`/`$base64decode` use it.
package enum Base64 {
    /// Why a text is not valid Base64, and where.
    package struct DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong.
        public var message: String
        /// The character offset of the problem.
        public var offset: Int
        /// `"<message> at offset <offset>"`.
        public var description: String { "\(message) at offset \(offset)" }
    }

    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let decodeTable: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = Int8(i) }
        return t
    }()

    /// Encodes bytes, padding the last group with `=`.
    package static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(alphabet[Int(n & 63)])
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Encodes the UTF-8 bytes of a string.
    package static func encode(_ string: String) -> String { encode(Array(string.utf8)) }

    /// Decodes Base64 text.
    ///
    /// Strict by default: the length must be a multiple of 4, only alphabet characters may
    /// appear, `=` only as one or two final padding characters, and the unused bits of the last
    /// group must be zero. `lenient` skips characters outside the alphabet and accepts missing
    /// padding, as Node's `Buffer.from(text, "base64")` does.
    package static func decode(_ text: String, lenient: Bool = false) throws(DecodingError) -> [UInt8] {
        let chars = Array(text.utf8)
        var sextets: [UInt8] = []
        sextets.reserveCapacity(chars.count)
        var padding = 0
        for (offset, c) in chars.enumerated() {
            if c == UInt8(ascii: "=") {
                if lenient { break }
                padding += 1
                if padding > 2 { throw DecodingError(message: "Too much padding", offset: offset) }
                continue
            }
            let v = decodeTable[Int(c)]
            if v < 0 {
                if lenient { continue }
                throw DecodingError(message: "Invalid Base64 character", offset: offset)
            }
            if padding > 0 { throw DecodingError(message: "Data after padding", offset: offset) }
            sextets.append(UInt8(v))
        }
        if !lenient {
            if chars.count % 4 != 0 {
                throw DecodingError(message: "Length is not a multiple of 4", offset: chars.count)
            }
            if padding > 0 && (sextets.count + padding) % 4 != 0 {
                throw DecodingError(message: "Invalid padding", offset: chars.count - padding)
            }
        }
        if sextets.count % 4 == 1 {
            if lenient {
                sextets.removeLast()
            } else {
                throw DecodingError(message: "Truncated group", offset: chars.count)
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(sextets.count * 3 / 4)
        var i = 0
        while i + 3 < sextets.count {
            let n =
                UInt32(sextets[i]) << 18 | UInt32(sextets[i + 1]) << 12 | UInt32(sextets[i + 2]) << 6
                | UInt32(sextets[i + 3])
            out.append(UInt8(n >> 16 & 0xFF))
            out.append(UInt8(n >> 8 & 0xFF))
            out.append(UInt8(n & 0xFF))
            i += 4
        }
        let rest = sextets.count - i
        if rest == 2 {
            if !lenient && sextets[i + 1] & 0x0F != 0 {
                throw DecodingError(message: "Non-zero trailing bits", offset: chars.count - 1 - padding)
            }
            out.append(sextets[i] << 2 | sextets[i + 1] >> 4)
        } else if rest == 3 {
            if !lenient && sextets[i + 2] & 0x03 != 0 {
                throw DecodingError(message: "Non-zero trailing bits", offset: chars.count - 1 - padding)
            }
            out.append(sextets[i] << 2 | sextets[i + 1] >> 4)
            out.append((sextets[i + 1] & 0x0F) << 4 | sextets[i + 2] >> 2)
        }
        return out
    }
}
