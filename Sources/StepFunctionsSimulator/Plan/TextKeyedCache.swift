import Foundation

/// A bounded, thread-safe cache of values built from a text (a definition), keyed by the text.
///
/// Used so that a definition shared by many simulators or many test cases is read, validated and
/// planned once. Bounded by entry count and by the total length of the keys; when either bound is
/// passed the oldest entries go first (a test suite meets its definitions in runs, so first in,
/// first out keeps the ones in use).
package final class TextKeyedCache<Value: Sendable>: Sendable {
    private struct Contents {
        var values: [Key: Value] = [:]
        /// Keys in insertion order from `head` on (earlier slots are evicted keys, compacted now and then).
        var order: [Key] = []
        var head = 0
        var keyBytes = 0
        /// The entry last asked for: cases that share a definition come in runs, and comparing the
        /// text with it (a `memcmp`, nothing at all for the same string) is cheaper than hashing it.
        var last: (key: Key, value: Value)?
    }

    /// A text and a hash of its bytes, computed once: a miss looks the text up twice and inserts
    /// it, and `String`'s own hash (SipHash, a few instructions a byte) would run each time.
    /// Texts are the same key when their bytes are.
    private struct Key: Hashable, Sendable {
        let text: String
        let hash: UInt64

        init(_ text: String) {
            self.text = text
            var copy = text
            hash = copy.withUTF8 { Key.hash($0) }
        }

        static func == (a: Key, b: Key) -> Bool { a.hash == b.hash && sameBytes(a.text, b.text) }

        static func sameBytes(_ a: String, _ b: String) -> Bool {
            var x = a
            var y = b
            return x.withUTF8 { p in
                y.withUTF8 { q in
                    guard p.count == q.count else { return false }
                    guard let pb = p.baseAddress, let qb = q.baseAddress else { return true }
                    return memcmp(pb, qb, p.count) == 0
                }
            }
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }

        /// Eight bytes at a time, each word multiplied in and folded (the table's `Hasher` seeds it).
        static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
            guard let base = UnsafeRawPointer(bytes.baseAddress) else { return h }
            var i = 0
            while i + 8 <= bytes.count {
                h = (h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 31
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < bytes.count {
                tail |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
            return h ^ (h >> 29)
        }
    }

    private let contents = Locked(Contents())
    /// The most entries held.
    package let capacity: Int
    /// The most key text held, in UTF-8 bytes.
    package let byteCapacity: Int

    /// Creates an empty cache holding at most `capacity` entries and `byteCapacity` bytes of keys.
    package init(capacity: Int, byteCapacity: Int) {
        self.capacity = capacity
        self.byteCapacity = byteCapacity
    }

    /// The value for `text`, built by `make` (outside the lock) when it is not held; a text longer
    /// than the byte capacity is built and not kept.
    package func value<E: Error>(for text: String, _ make: () throws(E) -> Value) throws(E) -> Value {
        let repeated: Value? = contents.withLock { c in
            guard let last = c.last, Key.sameBytes(last.key.text, text) else { return nil }
            return last.value
        }
        if let repeated { return repeated }
        let key = Key(text)
        let hit: Value? = contents.withLock { c in
            guard let hit = c.values[key] else { return nil }
            c.last = (key, hit)
            return hit
        }
        if let hit { return hit }
        let value = try make()
        let size = text.utf8.count
        guard size <= byteCapacity else { return value }
        return contents.withLock { c in
            // Another thread may have built it meanwhile: keep the first, so that every holder shares it.
            if let existing = c.values[key] { return existing }
            c.values[key] = value
            c.last = (key, value)
            c.order.append(key)
            c.keyBytes += size
            while c.values.count > capacity || c.keyBytes > byteCapacity, c.head < c.order.count {
                let old = c.order[c.head]
                c.head += 1
                if c.values.removeValue(forKey: old) != nil { c.keyBytes -= old.text.utf8.count }
                if c.last?.key == old { c.last = nil }
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
