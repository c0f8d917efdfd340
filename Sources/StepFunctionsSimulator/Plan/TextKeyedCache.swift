import Foundation

/// A bounded, thread-safe cache of values built from a text (a definition), keyed by the text.
///
/// Used so that a definition shared by many simulators or many test cases is read, validated and
/// planned once. Bounded by entry count and by the total length of the keys; when either bound is
/// passed the oldest entries go first (a test suite meets its definitions in runs, so first in,
/// first out keeps the ones in use).
///
/// The look-up is inlinable, so a cache of another module's values (the conformance runner's
/// checked definitions) is specialized there: unspecialized, the generic copies of the last
/// entry and the lock cost ~4,000 instructions a look-up, a case. (The class is
/// `@usableFromInline`: the inlinable members of a plain `package` type are not inlined elsewhere.)
@usableFromInline
package final class TextKeyedCache<Value: Sendable>: Sendable {
    @usableFromInline
    struct Contents {
        @usableFromInline var values: [Key: Value] = [:]
        /// Keys in insertion order from `head` on (earlier slots are evicted keys, compacted now and then).
        @usableFromInline var order: [Key] = []
        @usableFromInline var head = 0
        @usableFromInline var keyBytes = 0
        /// The entry last asked for: cases that share a definition come in runs, and comparing the
        /// text with it (a `memcmp`, nothing at all for the same string) is cheaper than hashing it.
        @usableFromInline var lastKey: Key?
        @usableFromInline var lastValue: Value?

        @usableFromInline init() {}
    }

    /// A text and a hash of its bytes, computed once: a miss looks the text up twice and inserts
    /// it, and `String`'s own hash (SipHash, a few instructions a byte) would run each time.
    /// Texts are the same key when their bytes are.
    @usableFromInline
    struct Key: Hashable, Sendable {
        @usableFromInline let text: String
        @usableFromInline let hash: UInt64

        @inlinable
        init(_ text: String) {
            self.text = text
            var copy = text
            hash = copy.withUTF8 { Key.hash($0) }
        }

        @inlinable
        static func == (a: Key, b: Key) -> Bool { a.hash == b.hash && sameBytes(a.text, b.text) }

        @inlinable
        static func sameBytes(_ a: String, _ b: String) -> Bool {
            var x = a
            var y = b
            return x.withUTF8 { p in
                y.withUTF8 { q in
                    guard p.count == q.count else { return false }
                    guard let pb = p.baseAddress, let qb = q.baseAddress, pb != qb else { return true }
                    return memcmp(pb, qb, p.count) == 0
                }
            }
        }

        @inlinable
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }

        /// Sixteen bytes at a time in two lanes, each word multiplied in (the lanes folded at the
        /// end; the table's `Hasher` seeds the result). A step is a bijection of the lane, so texts
        /// of one length that differ in one word hash apart; folding each step cost twice the
        /// instructions (definitions of a few kilobytes are hashed once a case).
        @inlinable
        static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var a: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
            var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
            guard let base = UnsafeRawPointer(bytes.baseAddress) else { return a }
            let n = bytes.count
            var i = 0
            while i + 16 <= n {
                a = (a ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                b = (b ^ base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* 0x94D0_49BB_1331_11EB
                i += 16
            }
            if i + 8 <= n {
                a = (a ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            b = (b ^ tail) &* 0x94D0_49BB_1331_11EB
            var h = a ^ (b >> 32 | b << 32)
            h = (h ^ (h >> 31)) &* 0xBF58_476D_1CE4_E5B9
            return h ^ (h >> 29)
        }
    }

    @usableFromInline let contents = Locked(Contents())
    /// The most entries held.
    @usableFromInline package let capacity: Int
    /// The most key text held, in UTF-8 bytes.
    @usableFromInline package let byteCapacity: Int

    /// Creates an empty cache holding at most `capacity` entries and `byteCapacity` bytes of keys.
    package init(capacity: Int, byteCapacity: Int) {
        self.capacity = capacity
        self.byteCapacity = byteCapacity
    }

    /// The value for `text`, built by `make` (outside the lock) when it is not held; a text longer
    /// than the byte capacity is built and not kept.
    @inlinable
    package func value<E: Error>(for text: String, _ make: () throws(E) -> Value) throws(E) -> Value {
        let repeated: Value? = contents.withLock { c in
            guard let last = c.lastKey, Key.sameBytes(last.text, text) else { return nil }
            return c.lastValue
        }
        if let repeated { return repeated }
        let key = Key(text)
        let hit: Value? = contents.withLock { c in
            guard let hit = c.values[key] else { return nil }
            c.lastKey = key
            c.lastValue = hit
            return hit
        }
        if let hit { return hit }
        return keep(key, try make())
    }

    /// Holds `value` for `key` (unless the key is over the byte capacity) and returns the value
    /// every holder shares: another thread may have built it meanwhile, and the first one stays.
    /// Inlinable, so a miss is specialized too (unspecialized, a miss cost ~6,000 instructions in
    /// the generic table's and lock's copies and type look-ups).
    @inlinable
    func keep(_ key: Key, _ value: Value) -> Value {
        let size = key.text.utf8.count
        guard size <= byteCapacity else { return value }
        return contents.withLock { c in
            if let existing = c.values[key] { return existing }
            c.values[key] = value
            c.lastKey = key
            c.lastValue = value
            c.order.append(key)
            c.keyBytes += size
            while c.values.count > capacity || c.keyBytes > byteCapacity, c.head < c.order.count {
                let old = c.order[c.head]
                c.head += 1
                if c.values.removeValue(forKey: old) != nil { c.keyBytes -= old.text.utf8.count }
                if c.lastKey == old {
                    c.lastKey = nil
                    c.lastValue = nil
                }
            }
            if c.head > 64 && c.head * 2 > c.order.count {
                c.order.removeFirst(c.head)
                c.head = 0
            }
            return value
        }
    }

    /// How many entries are held.
    package var count: Int { contents.withLock { $0.values.count } }

    /// Drops every entry.
    package func removeAll() {
        contents.withLock { $0 = Contents() }
    }
}
