/// One strict pass over a case file's bytes that finds its top-level `definition` and its
/// `expected.events` without building them, so that `sfn test` can key the definition caches by
/// the definition's own text and compare the expected events on their bytes.
///
/// It accepts a subset of what `JSONParser` accepts (no byte order mark, no control characters in
/// strings, numbers without exponents and at most 100 characters, nesting at most 200 deep, plain
/// member names at the two levels it looks at, each of the three members at most once); for
/// anything else it gives up and the caller parses the file as a whole, so every error message
/// stays the parser's.
struct CaseTextSkim {
    /// The byte range of the top-level `definition` value.
    var definition: Range<Int>?
    /// The byte range of the value of `events` in the top-level `expected` object.
    var events: Range<Int>?

    /// Skims `bytes`; nil when the text is not plain enough (see the type's doc) or not JSON.
    static func skim(_ bytes: UnsafeBufferPointer<UInt8>) -> CaseTextSkim? {
        var s = Scanner(b: bytes)
        var out = CaseTextSkim()
        s.whitespace()
        guard s.byte == UInt8(ascii: "{") else { return nil }
        var expectedSeen = false
        let complete = s.members(depth: 1) { s, key in
            if s.keyIs(key, "definition") {
                guard out.definition == nil else { return false }
                let start = s.pos
                guard s.value(depth: 1) else { return false }
                out.definition = start..<s.pos
                return true
            }
            if s.keyIs(key, "expected") {
                guard !expectedSeen else { return false }
                expectedSeen = true
                guard s.byte == UInt8(ascii: "{") else { return s.value(depth: 1) }
                return s.members(depth: 2) { s, key in
                    if s.keyIs(key, "events") {
                        guard out.events == nil else { return false }
                        let start = s.pos
                        guard s.value(depth: 2) else { return false }
                        out.events = start..<s.pos
                        return true
                    }
                    return s.value(depth: 2)
                }
            }
            return s.value(depth: 1)
        }
        guard complete else { return nil }
        s.whitespace()
        return s.pos == bytes.count ? out : nil
    }

    /// A validating reader of JSON bytes that keeps no values.
    struct Scanner: JSONByteScanning {
        let b: UnsafeBufferPointer<UInt8>
        var pos = 0

        /// Whether the member name at `key` (the bytes between its quotes) is `name`.
        func keyIs(_ key: Range<Int>, _ name: StaticString) -> Bool {
            guard key.count == name.utf8CodeUnitCount else { return false }
            let p = name.utf8Start
            for i in 0..<key.count where b[key.lowerBound + i] != p[i] { return false }
            return true
        }

        /// Reads an object at `pos` (its `{`), calling `member` with each member's name (the bytes
        /// between the quotes; a name with escapes gives up) at the start of its value; `member`
        /// reads the value. False when the text is not plain JSON or `member` said so.
        mutating func members(depth: Int, _ member: (inout Scanner, Range<Int>) -> Bool) -> Bool {
            guard depth < 200 else { return false }
            pos += 1
            whitespace()
            if byte == UInt8(ascii: "}") {
                pos += 1
                return true
            }
            while true {
                guard byte == UInt8(ascii: "\"") else { return false }
                let start = pos + 1
                guard let escaped = string(), !escaped else { return false }
                let key = start..<(pos - 1)
                whitespace()
                guard byte == UInt8(ascii: ":") else { return false }
                pos += 1
                whitespace()
                guard member(&self, key) else { return false }
                whitespace()
                if byte == UInt8(ascii: ",") {
                    pos += 1
                    whitespace()
                    continue
                }
                guard byte == UInt8(ascii: "}") else { return false }
                pos += 1
                return true
            }
        }

        /// Reads any value at `pos` (whitespace before it already skipped).
        mutating func value(depth: Int) -> Bool {
            switch byte {
            case UInt8(ascii: "\""): return string() != nil
            case UInt8(ascii: "{"): return members(depth: depth + 1) { s, _ in s.value(depth: depth + 1) }
            case UInt8(ascii: "["):
                guard depth + 1 < 200 else { return false }
                pos += 1
                whitespace()
                if byte == UInt8(ascii: "]") {
                    pos += 1
                    return true
                }
                while true {
                    guard value(depth: depth + 1) else { return false }
                    whitespace()
                    if byte == UInt8(ascii: ",") {
                        pos += 1
                        whitespace()
                        continue
                    }
                    guard byte == UInt8(ascii: "]") else { return false }
                    pos += 1
                    return true
                }
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
            default: return false
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard pos + n <= b.count else { return false }
            let p = word.utf8Start
            for i in 0..<n where b[pos + i] != p[i] { return false }
            pos += n
            return true
        }

        /// A number without an exponent: `-`, then `0` or a digit run not starting with 0, then an
        /// optional fraction.
        mutating func number() -> Bool {
            let start = pos
            if byte == UInt8(ascii: "-") { pos += 1 }
            guard isDigit(byte) else { return false }
            if byte == UInt8(ascii: "0") {
                pos += 1
            } else {
                while isDigit(byte) { pos += 1 }
            }
            if byte == UInt8(ascii: ".") {
                pos += 1
                guard isDigit(byte) else { return false }
                while isDigit(byte) { pos += 1 }
            }
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { return false }
            return pos - start <= 100
        }

        func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

        /// Reads a string at `pos` (its opening quote); whether it had escapes, nil when it is not
        /// plain (a control character, a bad escape, no closing quote).
        ///
        /// Eight bytes at a time, escaped quotes included (a payload held as JSON text has one every
        /// few bytes): in each word, the bytes after a backslash (`escaped`) must be exactly its
        /// quotes, and it must hold no control character; a word where that is not so (the closing
        /// quote, another escape, `\\\\`) is read byte by byte.
        mutating func string() -> Bool? {
            pos += 1
            var escaped = false
            // 0x80 when the word's first byte follows a backslash that escapes it.
            var carry: UInt64 = 0
            // The backslashes of the words read eight at a time.
            var seen: UInt64 = 0
            guard let base = UnsafeRawPointer(b.baseAddress) else { return nil }
            let count = b.count
            while true {
                if pos + 8 <= count {
                    let v = base.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
                    // Plain text first (the cheaper test, exact for the first special byte): past
                    // a word without a quote, backslash or control character, or to an unescaped
                    // quote that comes before any other.
                    let special = Scanner.quoteBackslashOrControl(v)
                    if special == 0 && carry == 0 {
                        pos += 8
                        continue
                    }
                    if carry == 0 {
                        let first = special.trailingZeroBitCount >> 3
                        if b[pos + first] == UInt8(ascii: "\"") {
                            pos += first + 1
                            return escaped || seen != 0
                        }
                    }
                    // The high bit of each quote, backslash and control byte (exact for the lowest
                    // of each; a byte just above one may be marked too, which the checks below
                    // send to the byte-by-byte reading).
                    let high = ~v & 0x8080_8080_8080_8080
                    let quotes = ((v ^ 0x2222_2222_2222_2222) &- 0x0101_0101_0101_0101) & high
                    let backslashes = ((v ^ 0x5C5C_5C5C_5C5C_5C5C) &- 0x0101_0101_0101_0101) & high
                    let controls = (v &- 0x2020_2020_2020_2020) & high
                    let escapedBytes = (backslashes << 8) | carry
                    let odd = (escapedBytes ^ quotes) | controls
                    if odd == 0 {
                        seen |= backslashes
                        carry = backslashes >> 56
                        pos += 8
                        continue
                    }
                    // The first odd byte an unescaped closing quote: the string ends there. (A mark
                    // on a byte that is not a quote or control character needs one below it, which
                    // would be odd and first.)
                    let k = odd.trailingZeroBitCount >> 3
                    let bit: UInt64 = 0x80 << UInt64(8 * k)
                    if b[pos + k] == UInt8(ascii: "\""), escapedBytes & bit == 0 {
                        pos += k + 1
                        return escaped || seen | (backslashes & (bit - 1)) != 0
                    }
                    escaped = escaped || seen != 0
                }
                // Byte by byte, to the end of the word.
                let stop = min(pos + 8, count)
                guard pos < stop else { return nil }
                var after = carry != 0
                while pos < stop {
                    let c = b[pos]
                    if after {
                        after = false
                        switch c {
                        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                            pos += 1
                        case UInt8(ascii: "u"):
                            guard pos + 5 <= count else { return nil }
                            for i in 1..<5 where !isHex(b[pos + i]) { return nil }
                            pos += 5
                        default: return nil
                        }
                        continue
                    }
                    if c == UInt8(ascii: "\"") {
                        pos += 1
                        return escaped || seen != 0
                    }
                    if c < 0x20 { return nil }
                    if c == UInt8(ascii: "\\") {
                        escaped = true
                        after = true
                    }
                    pos += 1
                }
                carry = after ? 0x80 : 0
            }
        }

        /// The high bit of each byte of `v` that is `"` or `\\`, and perhaps of bytes after one that is:
        /// its lowest set bit marks the first.
        @inline(__always) static func quoteOrBackslashBits(_ v: UInt64) -> UInt64 {
            let q = v ^ 0x2222_2222_2222_2222
            let s = v ^ 0x5C5C_5C5C_5C5C_5C5C
            return ((q &- 0x0101_0101_0101_0101) & ~q | (s &- 0x0101_0101_0101_0101) & ~s) & 0x8080_8080_8080_8080
        }

        /// The high bit of each byte of `v` that is `"`, `\` or below 0x20, and perhaps of bytes
        /// after one that is (the borrow of the subtraction): its lowest set bit marks the first.
        @inline(__always) static func quoteBackslashOrControl(_ v: UInt64) -> UInt64 {
            let q = v ^ 0x2222_2222_2222_2222
            let s = v ^ 0x5C5C_5C5C_5C5C_5C5C
            return
                ((q &- 0x0101_0101_0101_0101) & ~q | (s &- 0x0101_0101_0101_0101) & ~s
                | (v &- 0x2020_2020_2020_2020) & ~v) & 0x8080_8080_8080_8080
        }

        /// Whether a byte of `v` is 0 (exact: the borrow can only mark bytes above a zero byte).
        @inline(__always) static func hasZeroByte(_ v: UInt64) -> Bool {
            (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080 != 0
        }

        /// Whether a byte of `v` is `"` or `\`.
        @inline(__always) static func hasQuoteOrBackslash(_ v: UInt64) -> Bool {
            hasZeroByte(v ^ 0x2222_2222_2222_2222) || hasZeroByte(v ^ 0x5C5C_5C5C_5C5C_5C5C)
        }

        /// Whether a byte of `v` is below 0x20 (a control character).
        @inline(__always) static func hasByteBelow0x20(_ v: UInt64) -> Bool {
            (v &- 0x2020_2020_2020_2020) & ~v & 0x8080_8080_8080_8080 != 0
        }

        func isHex(_ c: UInt8) -> Bool {
            isDigit(c) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
                || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F"))
        }
    }
}
