/// A bounded, thread-safe cache of values built from a text (a definition), keyed by the text.
///
/// Used so that a definition shared by many simulators or many test cases is read, validated and
/// planned once. Bounded by entry count and by the total length of the keys; when either bound is
/// passed the oldest entries go first (a test suite meets its definitions in runs, so first in,
/// first out keeps the ones in use).
package final class TextKeyedCache<Value: Sendable>: Sendable {
    private struct Contents {
        var values: [String: Value] = [:]
        /// Keys in insertion order from `head` on (earlier slots are evicted keys, compacted now and then).
        var order: [String] = []
        var head = 0
        var keyBytes = 0
        /// The entry last asked for: cases that share a definition come in runs, and comparing the
        /// text with it (a `memcmp`, nothing at all for the same string) is cheaper than hashing it.
        var last: (key: String, value: Value)?
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

    /// The value for `key`, built by `make` (outside the lock) when it is not held; a key longer
    /// than the byte capacity is built and not kept.
    package func value<E: Error>(for key: String, _ make: () throws(E) -> Value) throws(E) -> Value {
        let hit: Value? = contents.withLock { c in
            if let last = c.last, last.key == key { return last.value }
            guard let hit = c.values[key] else { return nil }
            c.last = (key, hit)
            return hit
        }
        if let hit { return hit }
        let value = try make()
        let size = key.utf8.count
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
                if c.values.removeValue(forKey: old) != nil { c.keyBytes -= old.utf8.count }
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
