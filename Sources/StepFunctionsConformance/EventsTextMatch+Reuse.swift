import JSONCore
import StepFunctionsSimulator

/// Payloads that repeat one matched a moment before, in part: a state's output is most often its
/// input with a member added or replaced (`ResultPath` into an object), a new object whose first
/// members are the input's (the same names and values, most often stored at the same place), and
/// a Parallel's or Map's output holds its branches' outputs. Their text is compared as the bytes of
/// the literal that matched before, and only the rest is walked. Each answers true only when the
/// walk (``EventsTextMatch/written(_:depth:)``) over the same bytes would, and false (the walk
/// then decides) when it cannot tell: the walk reads the same bytes the same way for the same
/// value, so a value written as one matched before matches the bytes that one matched.
extension EventsTextMatch {
    /// The recent payload `k` places back from the latest matched (0 the latest): its
    /// ``recentFields`` `Int`s.
    @inline(__always)
    func recentEntry(_ k: Int) -> UnsafeMutablePointer<Int> {
        let capacity = EventsTextMatch.recentCapacity
        let i = (recentNext + recentCount - 1 - k + capacity) % capacity
        return recent + EventsTextMatch.recentFields * i
    }

    /// Whether the object payload stored at `s` (a string literal expected at `pos`) begins with
    /// the members of an object matched lately and the literal with that one's bytes but its closing
    /// brace and quote; if so, reads the rest member by member and moves past the literal. False
    /// (at `pos`) when no such object is there or the rest does not match.
    mutating func extendsMatched(_ s: Storage) -> Bool {
        guard s.count > 0, let base = b.baseAddress, let keys = UnsafePointer<String>(bitPattern: s.keys),
            let values = UnsafePointer<JSONValue>(bitPattern: s.values)
        else { return false }
        for k in 0..<recentCount {
            let r = recentEntry(k)
            let n = r[4]
            // An object (its keys stored), not longer. Its literal ends `}"`: neither reads as an escape.
            let length = r[3] - r[2] - 2
            guard r[0] != 0, n > 0, n <= s.count, length > 0, pos + length <= b.count,
                EventsTextMatch.equal(base + pos, base + r[2], length),
                let earlierKeys = UnsafePointer<String>(bitPattern: r[0]),
                let earlierValues = UnsafePointer<JSONValue>(bitPattern: r[1]),
                EventsTextMatch.samePrefix(keys, values, earlierKeys, earlierValues, n)
            else { continue }
            let start = pos
            pos += length
            if writtenMembers(
                UnsafeBufferPointer(start: keys, count: s.count), UnsafeBufferPointer(start: values, count: s.count),
                depth: 0, from: n),
                take(UInt8(ascii: "}")), byte == UInt8(ascii: "\"")
            {
                pos += 1
                return true
            }
            pos = start
            return false
        }
        return false
    }

    /// Whether the object or array stored at `s`, written inside a payload at `depth`, was matched
    /// lately as a payload of its own and the text at `pos` has the bytes between that literal's
    /// quotes; if so, moves past them. Only a literal short enough that the value's nesting (at
    /// most half its bytes) stays within the walk's limit from `depth`.
    mutating func matchedInside(_ s: Storage, depth: Int) -> Bool {
        guard let base = b.baseAddress else { return false }
        for i in 0..<recentCount {
            let r = recent + EventsTextMatch.recentFields * i
            guard r[0] == s.keys, r[1] == s.values else { continue }
            let count = r[3] - r[2] - 2
            if count + 2 * depth <= 256, pos + count <= b.count,
                EventsTextMatch.equal(base + pos, base + r[2] + 1, count)
            {
                pos += count
                return true
            }
        }
        return false
    }

    /// Whether the first `n` members of two objects, their keys and values where they are stored,
    /// are written alike: the same names (their bytes) and values (``sameValue(_:_:depth:)``).
    static func samePrefix(
        _ keys: UnsafePointer<String>, _ values: UnsafePointer<JSONValue>, _ otherKeys: UnsafePointer<String>,
        _ otherValues: UnsafePointer<JSONValue>, _ n: Int
    ) -> Bool {
        if keys != otherKeys {
            for i in 0..<n where !sameString(keys + i, otherKeys + i) { return false }
        }
        if values != otherValues {
            for i in 0..<n where !sameValue(values + i, otherValues + i, depth: 0) { return false }
        }
        return true
    }

    /// Whether the `T`s at `p` and `q` have the same bits (then they are the same value).
    @inline(__always)
    static func sameBits<T>(_ p: UnsafePointer<T>, _ q: UnsafePointer<T>) -> Bool {
        // A word at a time (the size is known once specialized: the loops unroll).
        let x = UnsafeRawPointer(p)
        let y = UnsafeRawPointer(q)
        let size = MemoryLayout<T>.size
        var i = 0
        while i + 8 <= size {
            guard
                x.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    == y.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            else { return false }
            i += 8
        }
        while i < size {
            guard x.load(fromByteOffset: i, as: UInt8.self) == y.load(fromByteOffset: i, as: UInt8.self) else {
                return false
            }
            i += 1
        }
        return true
    }

    /// Whether the strings at `p` and `q` have the same bytes.
    @inline(__always)
    static func sameString(_ p: UnsafePointer<String>, _ q: UnsafePointer<String>) -> Bool {
        if sameBits(p, q) { return true }
        return p.withBorrowedPointee { x in q.withBorrowedPointee { y in sameBytes(x, y) } }
    }

    /// Whether the values at `p` and `q` are written alike by `JSONWriter` (and so read alike by
    /// the walk at the same depth): the same bits, or the same kind with the same contents, strings
    /// by their bytes, numbers as written (integers by value, fractions by their bits).
    static func sameValue(_ p: UnsafePointer<JSONValue>, _ q: UnsafePointer<JSONValue>, depth: Int) -> Bool {
        if p == q || sameBits(p, q) { return true }
        guard depth < 128 else { return false }
        return p.withBorrowedPointee { x in q.withBorrowedPointee { y in sameValue(x, y, depth: depth) } }
    }

    /// ``sameValue(_:_:depth:)`` of two lent values.
    static func sameValue(_ x: JSONValue, _ y: JSONValue, depth: Int) -> Bool {
        switch x {
        case .null:
            if case .null = y { return true }
        case .bool(let a):
            if case .bool(let c) = y { return a == c }
        case .number(.int(let a)):
            if case .number(.int(let c)) = y { return a == c }
        case .number(.double(let a)):
            if case .number(.double(let c)) = y { return a.bitPattern == c.bitPattern }
        case .string(let a):
            if case .string(let c) = y { return sameBytes(a, c) }
        case .array(let a):
            guard case .array(let c) = y, a.count == c.count else { return false }
            return a.withUnsafeBufferPointer { aItems in
                c.withUnsafeBufferPointer { cItems in
                    guard let ap = aItems.baseAddress, let cp = cItems.baseAddress else { return true }
                    for i in 0..<cItems.count where !sameValue(ap + i, cp + i, depth: depth + 1) { return false }
                    return true
                }
            }
        case .object(let a):
            guard case .object(let c) = y, a.count == c.count else { return false }
            return a.keys.withUnsafeBufferPointer { aKeys in
                c.keys.withUnsafeBufferPointer { cKeys in
                    a.values.withUnsafeBufferPointer { aValues in
                        c.values.withUnsafeBufferPointer { cValues in
                            guard let ak = aKeys.baseAddress, let ck = cKeys.baseAddress, let av = aValues.baseAddress,
                                let cv = cValues.baseAddress
                            else { return aKeys.isEmpty && cKeys.isEmpty }
                            for i in 0..<aKeys.count where !sameString(ak + i, ck + i) { return false }
                            for i in 0..<aValues.count where !sameValue(av + i, cv + i, depth: depth + 1) {
                                return false
                            }
                            return true
                        }
                    }
                }
            }
        }
        return false
    }
}
