/// Byte-level helpers of the JSON parser and writer: scanning 8 bytes at a time (SWAR) and
/// making `String`s from byte runs without the standard library's per-string checks where the
/// bytes are already known to be ASCII.
///
/// (`@usableFromInline`: the inlinable members of a plain `package` type are not inlined in other
/// modules, and the skim's whitespace would cost a call more.)
@usableFromInline
package enum JSONBytes {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Loads 8 bytes (little-endian order: the first byte is the lowest).
    @inlinable @inline(__always)
    static func word(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// The high bit of each byte of `w` that is zero (exact for the lowest flagged byte; a byte
    /// above a zero byte may be flagged falsely, so only the lowest flag is used).
    @inlinable @inline(__always)
    static func zeroBytes(_ w: UInt64) -> UInt64 {
        (w &- ones) & ~w & highBits
    }

    /// The high bit of each byte of `w` that a JSON string cannot hold as it is: `"`, `\` and
    /// control characters below 0x20 (exact for the lowest flagged byte).
    @inlinable @inline(__always)
    static func stringStops(_ w: UInt64) -> UInt64 {
        zeroBytes(w ^ 0x2222_2222_2222_2222) | zeroBytes(w ^ 0x5C5C_5C5C_5C5C_5C5C)
            | ((w &- 0x2020_2020_2020_2020) & ~w & highBits)
    }

    /// The first index from `start` (below `end`) of a byte `stringStops` flags, or `end`; and
    /// whether a byte before it is not ASCII.
    @inline(__always)
    static func scanString(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> (index: Int, nonASCII: Bool) {
        var i = start
        var high: UInt64 = 0
        while i + 8 <= end {
            let w = word(base + i)
            let stops = stringStops(w)
            if stops != 0 {
                let bits = stops.trailingZeroBitCount & ~7
                // Only the bytes before the stop count for `nonASCII`.
                high |= w & ((1 &<< UInt64(bits)) &- 1)
                return (i + bits >> 3, high & highBits != 0)
            }
            high |= w
            i += 8
        }
        var nonASCII = high & highBits != 0
        while i < end {
            let b = base[i]
            if b == 0x22 || b == 0x5C || b < 0x20 { break }
            if b >= 0x80 { nonASCII = true }
            i += 1
        }
        return (i, nonASCII)
    }

    /// The first index from `start` (below `end`) of a byte that is not JSON whitespace (space,
    /// line feed, carriage return, tab), or `end`. The common runs, a pretty-printed file's line
    /// break and indentation or a single space after `:`, take one word; any other from there on
    /// byte by byte, spaces eight at a time.
    @inlinable @inline(__always)
    package static func whitespaceEnd(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var i = start
        if i < end && base[i] == 0x0A { i &+= 1 }
        if i &+ 8 <= end {
            let other = word(base + i) ^ 0x2020_2020_2020_2020
            if other != 0 {
                i &+= other.trailingZeroBitCount &>> 3
                // Every byte passed is a space: done at a byte that cannot be whitespace.
                if base[i] > 0x20 { return i }
            } else {
                i &+= 8
            }
        }
        while i < end {
            let c = base[i]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { break }
            i &+= 1
            while i &+ 8 <= end {
                let other = word(base + i) ^ 0x2020_2020_2020_2020
                if other != 0 {
                    i &+= other.trailingZeroBitCount &>> 3
                    break
                }
                i &+= 8
            }
        }
        return i
    }

    /// The first index from `start` (below `end`) of a byte the writer escapes: `"`, `\` and
    /// control characters (non-ASCII bytes are copied as they are).
    @inlinable @inline(__always)
    package static func firstEscape(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var i = start
        while i + 8 <= end {
            let stops = stringStops(word(base + i))
            if stops != 0 { return i + stops.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < end {
            let b = base[i]
            if b == 0x22 || b == 0x5C || b < 0x20 { break }
            i += 1
        }
        return i
    }

    /// The letter after the backslash in the short escape of `b` (`"`, `\\`, `n`, `r`, `t`, `b`,
    /// `f`), or 0 for a control character written as `\u00XX`; for a byte `firstEscape` stops at.
    @inline(__always)
    static func shortEscape(_ b: UInt8) -> UInt8 {
        switch b {
        case 0x22, 0x5C: return b
        case 0x0A: return UInt8(ascii: "n")
        case 0x0D: return UInt8(ascii: "r")
        case 0x09: return UInt8(ascii: "t")
        case 0x08: return UInt8(ascii: "b")
        case 0x0C: return UInt8(ascii: "f")
        default: return 0
        }
    }

    /// How many bytes the escape of `b` (a byte `firstEscape` stops at) takes: 2 or 6.
    @inline(__always)
    static func escapeLength(_ b: UInt8) -> Int { shortEscape(b) != 0 ? 2 : 6 }

    /// Writes the escape of `b` (a byte `firstEscape` stops at) at `q`; gives its length.
    @inline(__always)
    package static func writeEscape(_ b: UInt8, to q: UnsafeMutablePointer<UInt8>) -> Int {
        q[0] = 0x5C
        let letter = shortEscape(b)
        if letter != 0 {
            q[1] = letter
            return 2
        }
        let hex: StaticString = "0123456789abcdef"
        q[1] = UInt8(ascii: "u")
        q[2] = 0x30
        q[3] = 0x30
        q[4] = hex.utf8Start[Int(b >> 4)]
        q[5] = hex.utf8Start[Int(b & 0xF)]
        return 6
    }

    /// The bytes of a run of at most 15 bytes as two words, zero beyond `count`; `readable` is
    /// how many bytes from `p` may be read (at least `count`).
    @inline(__always)
    static func shortWords(_ p: UnsafePointer<UInt8>, count: Int, readable: Int) -> (UInt64, UInt64) {
        if readable >= 16 {
            let w0 = word(p)
            let w1 = word(p + 8)
            let mask0: UInt64 = count >= 8 ? ~0 : (1 &<< UInt64(count &* 8)) &- 1
            let mask1: UInt64 = count <= 8 ? 0 : (1 &<< UInt64((count &- 8) &* 8)) &- 1
            return (w0 & mask0, w1 & mask1)
        }
        var w0: UInt64 = 0
        var w1: UInt64 = 0
        for i in 0..<count {
            if i < 8 {
                w0 |= UInt64(p[i]) &<< UInt64(i &* 8)
            } else {
                w1 |= UInt64(p[i]) &<< UInt64((i &- 8) &* 8)
            }
        }
        return (w0, w1)
    }

    /// A cheap hash of a run of bytes (repeated object keys are found by it, then compared).
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, count: Int, readable: Int) -> UInt64 {
        if count <= 15 {
            let (w0, w1) = shortWords(p, count: count, readable: readable)
            return shortHash(w0, w1, count: count)
        }
        var h = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        var i = 0
        while i + 16 <= count {
            h = (h ^ word(p + i)) &* 0xFF51_AFD7_ED55_8CCD
            h = (h ^ word(p + i + 8)) &* 0xC4CE_B9FE_1A85_EC53
            i += 16
        }
        let (w0, w1) = shortWords(p + i, count: count &- i, readable: readable &- i)
        return shortHash(w0 ^ h, w1, count: count)
    }

    /// ``hash(_:count:readable:)`` of at most 15 bytes, from their ``shortWords(_:count:readable:)``.
    @inline(__always)
    static func shortHash(_ w0: UInt64, _ w1: UInt64, count: Int) -> UInt64 {
        let h =
            (w0 &* 0xFF51_AFD7_ED55_8CCD) ^ ((w1 | UInt64(truncatingIfNeeded: count) &<< 56) &* 0xC4CE_B9FE_1A85_EC53)
        return h ^ (h &>> 29)
    }

    /// Whether `String`s of at most 15 ASCII bytes can be made from their bytes directly: the
    /// standard library's small-string layout on 64-bit little-endian platforms (the bytes in
    /// two words, the second's top byte 0xE0 | count), checked once against strings it made.
    static let directSmallStrings: Bool = {
        #if (arch(x86_64) || arch(arm64)) && _endian(little)
            guard MemoryLayout<String>.size == 16 else { return false }
            let sample: [UInt8] = Array("Key_0123456789.".utf8)
            for count in [0, 1, 7, 8, 9, 15] {
                let made = String(decoding: sample.prefix(count), as: UTF8.self)
                let direct = sample.withUnsafeBufferPointer {
                    let (w0, w1) = shortWords($0.baseAddress!, count: count, readable: count)
                    return unsafeSmallString(w0, w1, count: count)
                }
                let madeBits = unsafeBitCast(made, to: (UInt64, UInt64).self)
                let directBits = unsafeBitCast(direct, to: (UInt64, UInt64).self)
                guard madeBits == directBits, direct == made, direct.utf8.count == count,
                    Array(direct.utf8) == Array(sample.prefix(count))
                else { return false }
            }
            return true
        #else
            return false
        #endif
    }()

    /// The small `String` of `count` (≤ 15) ASCII bytes held in `w0` and `w1`; only when
    /// ``directSmallStrings``.
    @inline(__always)
    static func unsafeSmallString(_ w0: UInt64, _ w1: UInt64, count: Int) -> String {
        unsafeBitCast((w0, w1 | (UInt64(0xE0 | count) &<< 56)), to: String.self)
    }

    /// A `String` from UTF-8 bytes known to be ASCII.
    @inline(__always)
    static func asciiString(_ p: UnsafePointer<UInt8>, count: Int, readable: Int, direct: Bool) -> String {
        if count <= 15 && direct {
            let (w0, w1) = shortWords(p, count: count, readable: readable)
            return unsafeSmallString(w0, w1, count: count)
        }
        return String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
    }
}

/// A growable byte buffer for the decoded bytes of strings with escapes, reused from string to
/// string; its memory is zeroed, so a short string may be read as two whole words (unless made
/// with `zeroed: false`, for a writer's output, which only reads what it wrote).
final class ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var count = 0
    /// Whether the memory past `count` is kept zeroed.
    private let zeroed: Bool

    init(capacity: Int = 256, zeroed: Bool = true) {
        self.capacity = capacity
        self.zeroed = zeroed
        base = .allocate(capacity: capacity)
        if zeroed { base.initialize(repeating: 0, count: capacity) }
    }

    deinit { base.deallocate() }

    /// Makes room for `extra` more bytes (and 16 beyond them).
    @inline(__always)
    func reserve(_ extra: Int) {
        if count + extra + 16 > capacity { grow(count + extra + 16) }
    }

    private func grow(_ needed: Int) {
        var bigger = capacity * 2
        while bigger < needed { bigger *= 2 }
        let memory = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
        if zeroed { memory.initialize(repeating: 0, count: bigger) }
        memory.update(from: base, count: count)
        base.deallocate()
        base = memory
        capacity = bigger
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ bytes: UnsafePointer<UInt8>, count n: Int) {
        reserve(n)
        (base + count).update(from: bytes, count: n)
        count += n
    }
}
