/// An ordered JSON object: keys keep the order in which they were written or inserted.
///
/// Lookups scan small objects linearly and use a hash index once an object grows past
/// ``indexThreshold`` keys, so both the typical ASL payload and a large input stay fast.
/// Equality ignores key order (JSON semantics); use ``isIdentical(to:)`` to compare order too.
public struct JSONObject: Sendable {
    @usableFromInline var _keys: [String]
    @usableFromInline var _values: [JSONValue]
    @usableFromInline var _index: [String: Int]?

    /// Objects with more keys than this get a hash index.
    public static let indexThreshold = 12

    /// Creates an empty object.
    @inlinable
    public init() {
        _keys = []
        _values = []
        _index = nil
    }

    /// Creates an object with room for `capacity` keys.
    public init(minimumCapacity capacity: Int) {
        _keys = []
        _values = []
        _keys.reserveCapacity(capacity)
        _values.reserveCapacity(capacity)
        _index = nil
    }

    /// An object from keys known to be distinct and their values; `index` must map each key to
    /// its position when there are more than ``indexThreshold`` keys (the parser builds it).
    init(uniqueKeys keys: [String], values: [JSONValue], index: [String: Int]?) {
        _keys = keys
        _values = values
        _index = keys.count > JSONObject.indexThreshold ? (index ?? JSONObject.positions(of: keys)) : nil
    }

    /// Each key's position.
    static func positions(of keys: [String]) -> [String: Int] {
        var index = [String: Int](minimumCapacity: keys.count * 2)
        for (i, k) in keys.enumerated() { index[k] = i }
        return index
    }

    /// Creates an object from key-value pairs; a repeated key keeps its first position and last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, JSONValue) {
        self.init()
        for (k, v) in pairs { self[k] = v }
    }

    /// The number of keys.
    @inlinable public var count: Int { _keys.count }
    /// Whether the object has no keys.
    @inlinable public var isEmpty: Bool { _keys.isEmpty }
    /// The keys, in order.
    @inlinable public var keys: [String] { _keys }
    /// The values, in key order.
    @inlinable public var values: [JSONValue] { _values }

    /// The position of `key`, or `nil`.
    @inlinable
    public func index(forKey key: String) -> Int? {
        if let index = _index { return index[key] }
        // Comparing lengths first (free for Swift strings) skips most full comparisons.
        // (Written out, not a call of `scan(forKey:)`: callers inline this body, and with a call in
        // it they inlined less, the subscripts among them: payment +1.2 k instructions a case.)
        let length = key.utf8.count
        for i in _keys.indices where _keys[i].utf8.count == length && _keys[i] == key { return i }
        return nil
    }

    /// ``index(forKey:)`` without the key index: each key (of the same length) compared with `==`
    /// (the reference the quick lookups are tested against).
    func scan(forKey key: String) -> Int? {
        // Comparing lengths first (free for Swift strings) skips most full comparisons.
        let length = key.utf8.count
        for i in _keys.indices where _keys[i].utf8.count == length && _keys[i] == key { return i }
        return nil
    }

    /// ``scan(forKey:)`` for a small ASCII `key`: two small ASCII strings are equal exactly when
    /// their words are (bytes, count, unused bytes zero), so only the other keys are compared with
    /// `==` (`String.==` starts with the same comparison of words, then calls a general comparison).
    /// For ``setting(_:to:)``: in ``index(forKey:)``, which callers inline, it changed what they inline.
    func index(forSmallASCII key: String) -> Int? {
        let (low, high) = JSONObject.words(key)
        let length = key.utf8.count
        return _keys.withUnsafeBufferPointer { keys -> Int? in
            guard let base = keys.baseAddress else { return nil }
            let raw = UnsafeRawPointer(base)
            for i in keys.indices {
                let h = raw.load(fromByteOffset: i &* 16 &+ 8, as: UInt64.self)
                if h == high && raw.load(fromByteOffset: i &* 16, as: UInt64.self) == low { return i }
                if !JSONObject.isSmallASCII(h) && keys[i].utf8.count == length && keys[i] == key { return i }
            }
            return nil
        }
    }

    /// Whether a string's words can be read as below (a 64-bit platform's two-word string).
    @inlinable
    static var stringHasWords: Bool { MemoryLayout<String>.size == 16 && MemoryLayout<Int>.size == 8 }

    /// A string's two words: for a small string, its bytes, then its last bytes and a top byte
    /// holding its flags (small, ASCII) and count.
    @inlinable
    static func words(_ s: String) -> (UInt64, UInt64) {
        guard stringHasWords else { return (0, 0) }
        return unsafeBitCast(s, to: (UInt64, UInt64).self)
    }

    /// Whether the second word of a string is a small ASCII string's (top nibble 0xE: immortal, ASCII, small).
    @inlinable
    static func isSmallASCII(_ high: UInt64) -> Bool { stringHasWords && high >> 60 == 0xE }

    /// Whether the second word of a string is a small string's (immortal and small: no storage to
    /// reference-count, its words are the whole string).
    @inlinable
    static func isSmall(_ high: UInt64) -> Bool {
        stringHasWords && high & 0xA000_0000_0000_0000 == 0xA000_0000_0000_0000
    }

    /// The value for `key`; setting `nil` removes the key.
    @inlinable
    public subscript(key: String) -> JSONValue? {
        get {
            guard let i = index(forKey: key) else { return nil }
            return _values[i]
        }
        set {
            if let newValue {
                if let i = index(forKey: key) {
                    _values[i] = newValue
                } else {
                    append(key: key, value: newValue)
                }
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Whether the object has `key`.
    @inlinable
    public func contains(_ key: String) -> Bool { index(forKey: key) != nil }

    /// The key and value at a position.
    @inlinable
    public subscript(position position: Int) -> (key: String, value: JSONValue) {
        (_keys[position], _values[position])
    }

    /// Appends a key known not to be present (the caller guarantees it; used by parsers).
    @inlinable
    public mutating func append(key: String, value: JSONValue) {
        _keys.append(key)
        _values.append(value)
        if _index != nil {
            _index![key] = _keys.count - 1
        } else if _keys.count > JSONObject.indexThreshold {
            buildIndex()
        }
    }

    /// A copy with `key`, which the object must not hold, appended: its arrays are made at their
    /// final size and filled by loops specialized for their elements (``append(key:value:)`` on a
    /// shared object copies each array through a generic call per element, then grows it).
    package func appending(key: String, value: JSONValue) -> JSONObject {
        // (`Array(unsafeUninitializedCapacity:)` would allocate through an unspecialized call.)
        let n = _keys.count
        var keys: [String] = []
        keys.reserveCapacity(n + 1)
        var values: [JSONValue] = []
        values.reserveCapacity(n + 1)
        // Placeholders that need no release ("" and null), each then initialized over: a small
        // key by its words, with no reference counting (a copy of a String calls retain even
        // when it is small); the rest by copy.
        for _ in 0...n {
            keys.append("")
            values.append(.null)
        }
        keys.withUnsafeMutableBufferPointer { out in
            _keys.withUnsafeBufferPointer { source in
                guard n > 0, let from = source.baseAddress, let to = out.baseAddress else { return }
                let raw = UnsafeRawPointer(from)
                for i in 0..<n {
                    if JSONObject.isSmall(raw.load(fromByteOffset: i &* 16 &+ 8, as: UInt64.self)) {
                        UnsafeMutableRawPointer(to + i).copyMemory(from: raw + i &* 16, byteCount: 16)
                    } else {
                        (to + i).initialize(to: source[i])
                    }
                }
            }
            out.baseAddress.map { ($0 + n).initialize(to: key) }
        }
        values.withUnsafeMutableBufferPointer { out in
            _values.withUnsafeBufferPointer { source in
                guard let to = out.baseAddress else { return }
                for i in 0..<n { (to + i).initialize(to: source[i]) }
            }
            out.baseAddress.map { ($0 + n).initialize(to: value) }
        }
        var index = _index
        index?[key] = n
        // Past the threshold without an index: `init(uniqueKeys:values:index:)` builds it.
        return JSONObject(uniqueKeys: keys, values: values, index: index)
    }

    /// A copy with `key` set to `value` (as `copy[key] = value` sets it), a new key appended by
    /// ``appending(key:value:)``: what a Pass placing a member in its (shared) input makes.
    package func setting(_ key: String, to value: JSONValue) -> JSONObject {
        let i =
            _index == nil && JSONObject.isSmallASCII(JSONObject.words(key).1)
            ? index(forSmallASCII: key) : index(forKey: key)
        guard let i else { return appending(key: key, value: value) }
        var copy = self
        copy._values[i] = value
        return copy
    }

    /// Removes `key` and returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let i = index(forKey: key) else { return nil }
        let v = _values[i]
        _keys.remove(at: i)
        _values.remove(at: i)
        if _index != nil {
            if _keys.count > JSONObject.indexThreshold { buildIndex() } else { _index = nil }
        }
        return v
    }

    /// Merges `other` into this object: its keys overwrite in place or are appended.
    public mutating func merge(_ other: JSONObject) {
        for i in 0..<other.count { self[other._keys[i]] = other._values[i] }
    }

    @usableFromInline
    mutating func buildIndex() {
        _index = JSONObject.positions(of: _keys)
    }

    /// Whether both objects hold the same keys in the same order with identical values.
    public func isIdentical(to other: JSONObject) -> Bool {
        guard _keys == other._keys else { return false }
        for i in _values.indices where !_values[i].isIdentical(to: other._values[i]) { return false }
        return true
    }
}

extension JSONObject: Hashable {
    /// Compares key sets and values, ignoring key order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs._keys == rhs._keys { return lhs._values == rhs._values }
        for i in 0..<lhs.count {
            guard let v = rhs[lhs._keys[i]], v == lhs._values[i] else { return false }
        }
        return true
    }

    /// Hashes the pairs independently of their order, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-pair hashes commutatively.
        var sum = 0
        for i in 0..<count {
            var h = Hasher()
            h.combine(_keys[i])
            h.combine(_values[i])
            sum = sum &+ h.finalize()
        }
        hasher.combine(count)
        hasher.combine(sum)
    }
}

extension JSONObject: Sequence {
    /// Iterates `(key, value)` pairs in order.
    public struct Iterator: IteratorProtocol {
        let object: JSONObject
        var position = 0
        /// The next pair.
        public mutating func next() -> (key: String, value: JSONValue)? {
            guard position < object.count else { return nil }
            defer { position += 1 }
            return object[position: position]
        }
    }

    /// Iterates `(key, value)` pairs in order.
    public func makeIterator() -> Iterator { Iterator(object: self) }
    /// The number of pairs.
    public var underestimatedCount: Int { count }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Creates an object whose keys keep their order in the literal.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
