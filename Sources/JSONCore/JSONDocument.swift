/// A parsed JSON document held as its text and a flat tape of its values, for reading a large
/// document, or part of it, without building a ``JSONValue`` tree.
///
/// Parsing validates exactly as ``JSONParser`` does (the same errors at the same positions) but
/// allocates no string, array or object: strings stay slices of the text, unescaped when read.
/// Nodes are found by index (a member by key, an element by position, ``Node/elements``,
/// ``Node/members``); any node converts to a ``JSONValue`` on demand (``Node/value``); the writers
/// copy the text's unescaped runs and give the bytes ``JSONWriter`` gives for the same value. A
/// repeated object key behaves as in the tree: its first position, its last value.
public struct JSONDocument: Sendable {
    /// The document's UTF-8 text.
    let bytes: [UInt8]
    /// Two words a value, in document order (an object's members as key, value): see ``Tape``.
    let tape: [UInt64]

    /// Parses JSON text.
    public init(parsing text: String, options: JSONParser.Options = JSONParser.Options()) throws(JSONParseError) {
        try self.init(parsing: Array(text.utf8), options: options)
    }

    /// Parses UTF-8 bytes.
    public init(parsing bytes: [UInt8], options: JSONParser.Options = JSONParser.Options()) throws(JSONParseError) {
        let result: Result<[UInt64], JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            var state = ParserState(buffer: buffer, options: options, recorder: nil)
            do throws(JSONParseError) {
                return .success(try state.parseTape())
            } catch {
                return .failure(error)
            }
        }
        self.bytes = bytes
        self.tape = try result.get()
    }

    /// The document's top-level value.
    public var root: Node { Node(document: self, index: 0) }

    /// The whole document as a ``JSONValue`` tree.
    public var value: JSONValue { root.value }

    /// The JSON text of the document as `writer` writes its value.
    public func string(_ writer: JSONWriter = .compact) -> String { root.string(writer) }

    /// The kind of a value.
    public enum Kind: Sendable, Hashable {
        /// `null`
        case null
        /// `true` or `false`
        case bool
        /// A number.
        case number
        /// A string.
        case string
        /// An array.
        case array
        /// An object.
        case object
    }

    /// One value of a document: a position on its tape.
    public struct Node: Sendable {
        /// The document.
        public let document: JSONDocument
        /// The value's position on the tape (the root is 0).
        let index: Int

        init(document: JSONDocument, index: Int) {
            self.document = document
            self.index = index
        }

        @inline(__always) var word: UInt64 { document.tape[2 &* index] }
        @inline(__always) var payload: UInt64 { document.tape[2 &* index &+ 1] }
        @inline(__always) var tag: UInt64 { word >> Tape.tagShift }

        /// The value's kind.
        public var kind: Kind {
            switch tag {
            case Tape.null: return .null
            case Tape.falseTag, Tape.trueTag: return .bool
            case Tape.int, Tape.double: return .number
            case Tape.string: return .string
            case Tape.array: return .array
            default: return .object
            }
        }

        /// The UTF-8 offset in the text where the value starts.
        public var offset: Int { Int(truncatingIfNeeded: word & Tape.offsetMask) }

        /// The line and column where the value starts.
        public var position: SourcePosition {
            let offset = self.offset
            var line = 1
            var column = 1
            for b in document.bytes[..<offset] {
                if b == 0x0A {
                    line += 1
                    column = 1
                } else if b & 0xC0 != 0x80 {
                    column += 1
                }
            }
            return SourcePosition(line: line, column: column, offset: offset)
        }

        /// Whether this is `null`.
        public var isNull: Bool { tag == Tape.null }

        /// The boolean, if this is a boolean.
        public var boolValue: Bool? {
            switch tag {
            case Tape.trueTag: return true
            case Tape.falseTag: return false
            default: return nil
            }
        }

        /// The number, if this is a number.
        public var numberValue: JSONNumber? {
            switch tag {
            case Tape.int: return .int(Int64(bitPattern: payload))
            case Tape.double: return .double(Double(bitPattern: payload))
            default: return nil
            }
        }

        /// The string, unescaped, if this is a string.
        public var stringValue: String? {
            guard tag == Tape.string else { return nil }
            return document.bytes.withUnsafeBufferPointer { Tape.string(at: index, tape: document.tape, in: $0) }
        }

        /// The number of elements or (distinct) keys of an array or object; 0 for other values.
        /// An object's repeated keys are found when this is read: O(keys), more for many keys.
        public var count: Int {
            guard tag >= Tape.array else { return 0 }
            let members = Int(truncatingIfNeeded: payload >> 32)
            guard tag == Tape.object else { return members }
            return members
                &- document.bytes.withUnsafeBufferPointer {
                    Tape.repeatedKeys(of: index, document.tape, $0)
                }
        }

        /// The member named `key` when this is an object (the last one when the key repeats).
        public subscript(key: String) -> Node? {
            guard tag == Tape.object else { return nil }
            var key = key
            return key.withUTF8 { wanted in
                document.bytes.withUnsafeBufferPointer { text in
                    let tape = document.tape
                    let end = Tape.end(of: index, tape)
                    var found: Int? = nil
                    var i = index &+ 1
                    while i < end {
                        // The last match: a repeated key's last value.
                        if Tape.keyEquals(i, wanted, tape: tape, in: text) { found = i &+ 1 }
                        i = Tape.next(after: i &+ 1, tape)
                    }
                    return found.map { Node(document: document, index: $0) }
                }
            }
        }

        /// The element at `index` when this is an array and the index is in range.
        public subscript(index: Int) -> Node? {
            guard tag == Tape.array, index >= 0, index < count else { return nil }
            var i = self.index &+ 1
            for _ in 0..<index { i = Tape.next(after: i, document.tape) }
            return Node(document: document, index: i)
        }

        /// The elements, if this is an array.
        public var elements: Elements? {
            guard tag == Tape.array else { return nil }
            return Elements(document: document, start: index &+ 1, end: Tape.end(of: index, document.tape))
        }

        /// The members in order, if this is an object (a repeated key at its first position, with its last value).
        public var members: [(key: String, value: Node)]? {
            guard tag == Tape.object else { return nil }
            let tape = document.tape
            return document.bytes.withUnsafeBufferPointer { text in
                var members: [(key: String, value: Node)] = []
                members.reserveCapacity(Int(truncatingIfNeeded: payload >> 32))
                let end = Tape.end(of: index, tape)
                let repeats = Tape.repeatedKeys(of: index, tape, text) > 0
                var positions: [String: Int] = [:]
                var i = index &+ 1
                while i < end {
                    let key = Tape.string(at: i, tape: tape, in: text)
                    let member = (key: key, value: Node(document: document, index: i &+ 1))
                    if repeats, let at = positions[key] {
                        members[at] = member
                    } else {
                        if repeats { positions[key] = members.count }
                        members.append(member)
                    }
                    i = Tape.next(after: i &+ 1, tape)
                }
                return members
            }
        }

        /// The value as a ``JSONValue`` tree (identical to what ``JSONParser`` makes of its text).
        public var value: JSONValue {
            document.bytes.withUnsafeBufferPointer { Tape.value(at: index, tape: document.tape, in: $0) }
        }

        /// The JSON text of the value as `writer` writes it.
        public func string(_ writer: JSONWriter = .compact) -> String {
            guard !writer.escapeNonASCII && !writer.javaDoubles else { return writer.string(value) }
            let out = ByteBuffer(capacity: document.bytes.count + 64, zeroed: false)
            document.bytes.withUnsafeBufferPointer {
                Tape.write(from: index, tape: document.tape, text: $0, writer: writer, into: out)
            }
            return String(decoding: UnsafeBufferPointer(start: out.base, count: out.count), as: UTF8.self)
        }

        /// Appends the JSON text of the value, as `writer` writes it, to `out` as UTF-8.
        public func write(_ writer: JSONWriter = .compact, into out: inout [UInt8]) {
            guard !writer.escapeNonASCII && !writer.javaDoubles else {
                // Options the tape writer does not implement: through the tree.
                writer.write(value, into: &out)
                return
            }
            let buffer = ByteBuffer(capacity: document.bytes.count + 64, zeroed: false)
            document.bytes.withUnsafeBufferPointer {
                Tape.write(from: index, tape: document.tape, text: $0, writer: writer, into: buffer)
            }
            out.append(contentsOf: UnsafeBufferPointer(start: buffer.base, count: buffer.count))
        }
    }

    /// The elements of an array node, in order.
    public struct Elements: Sequence, Sendable {
        let document: JSONDocument
        let start: Int
        let end: Int

        /// Iterates the elements.
        public struct Iterator: IteratorProtocol {
            let document: JSONDocument
            var position: Int
            let end: Int
            /// The next element.
            public mutating func next() -> Node? {
                guard position < end else { return nil }
                defer { position = Tape.next(after: position, document.tape) }
                return Node(document: document, index: position)
            }
        }

        /// Iterates the elements.
        public func makeIterator() -> Iterator { Iterator(document: document, position: start, end: end) }
    }
}

extension JSONDocument.Node {
    /// The members named `names` when this is an object, each as `subscript(key:)` finds it (a
    /// repeated key's last value), found in one pass over its keys; nil for other values.
    package func members(_ names: JSONDocument.MemberNames) -> [JSONDocument.Node?]? {
        guard tag == Tape.object else { return nil }
        var found = [Int](repeating: -1, count: names.names.count)
        document.tape.withUnsafeBufferPointer { words in
            document.bytes.withUnsafeBufferPointer { text in
                let tape = words.baseAddress.unsafelyUnwrapped
                let end = Tape.end(of: index, tape)
                var i = index &+ 1
                while i < end {
                    let k: Int?
                    if tape[2 &* i] & Tape.flagA == 0 {
                        k = names.index(of: Tape.raw(i, tape, text))
                    } else {
                        k = Tape.decoded(i, tape, text).withUnsafeBufferPointer { names.index(of: $0) }
                    }
                    if let k { found[k] = i &+ 1 }
                    i = Tape.next(after: i &+ 1, tape)
                }
            }
        }
        return found.map { $0 < 0 ? nil : JSONDocument.Node(document: document, index: $0) }
    }
}

extension JSONDocument {
    /// Member names looked up together (``Node/members(_:)``), by a table on each name's length
    /// and first and last bytes, so that a key costs one probe rather than a comparison a name.
    package struct MemberNames: Sendable {
        /// The names, in the order given.
        package let keys: [String]
        /// The names, as UTF-8.
        let names: [[UInt8]]
        /// By slot: one more than the first name's position (0: none).
        let slots: [UInt8]
        /// By name: one more than the position of the next name in its slot (0: none).
        let next: [UInt8]

        /// A table of `names` (at most 255, distinct).
        package init(_ names: [String]) {
            let utf8 = names.map { Array($0.utf8) }
            var slots = [UInt8](repeating: 0, count: 256)
            var next = [UInt8](repeating: 0, count: utf8.count)
            for k in utf8.indices.reversed() {
                let slot = MemberNames.slot(utf8[k].count, utf8[k].first ?? 0, utf8[k].last ?? 0)
                next[k] = slots[slot]
                slots[slot] = UInt8(k &+ 1)
            }
            self.keys = names
            self.names = utf8
            self.slots = slots
            self.next = next
        }

        @inline(__always)
        static func slot(_ count: Int, _ first: UInt8, _ last: UInt8) -> Int {
            (count &* 37 &+ Int(first) &* 7 &+ Int(last)) & 255
        }

        /// The position of the name equal to `key`, if any.
        @inline(__always)
        func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
            let n = key.count
            var k = Int(slots[MemberNames.slot(n, n > 0 ? key[0] : 0, n > 0 ? key[n &- 1] : 0)])
            while k != 0 {
                let name = names[k &- 1]
                if name.count == n && name.withUnsafeBufferPointer({ $0.elementsEqual(key) }) { return k &- 1 }
                k = Int(next[k &- 1])
            }
            return nil
        }
    }
}

/// The tape of a ``JSONDocument``: two words a value, in document order; an object's members
/// are its keys' string entries each followed by the value.
///
/// The first word: the tag (bits 60-63), flags (56-59), for numbers the text's length (32-47),
/// the offset of the value in the text (0-31). The second: for a string, the length of its text
/// between the quotes (`flagA`: it has escapes; `flagB`: it has non-ASCII bytes); for a number, the
/// `Int64` or `Double` bits; for an array or object, the count (members, a repeated key's each
/// time: repeats are found when the object is read, unless the parser marked its keys `distinct`)
/// in the high half and the entry after its last member in the low half.
enum Tape {
    static let tagShift: UInt64 = 60
    static let null: UInt64 = 0
    static let falseTag: UInt64 = 1
    static let trueTag: UInt64 = 2
    static let int: UInt64 = 3
    static let double: UInt64 = 4
    static let string: UInt64 = 5
    static let array: UInt64 = 6
    static let object: UInt64 = 7
    static let flagA: UInt64 = 1 << 56
    /// On an object: its keys are known to be distinct (see ``ParserState/keyMark(_:_:)``).
    static let distinct: UInt64 = 1 << 56
    static let flagB: UInt64 = 1 << 57
    static let offsetMask: UInt64 = 0xFFFF_FFFF
    /// The largest text a document holds (offsets and entry numbers fit in 32 bits).
    static let maxBytes = Int(UInt32.max)

    /// The tape as the parser writes it: a growable buffer of words.
    struct Writer: ~Copyable {
        private(set) var base: UnsafeMutablePointer<UInt64>
        private var capacity: Int
        /// The number of words.
        private(set) var count = 0

        init(capacity: Int) {
            self.capacity = max(capacity, 16) & ~1
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }

        /// The number of entries.
        @inline(__always) var entries: Int { count &>> 1 }
        /// The words, for reading.
        @inline(__always) var pointer: UnsafePointer<UInt64> { UnsafePointer(base) }

        /// Appends an entry.
        @inline(__always)
        mutating func append(_ word: UInt64, _ payload: UInt64) {
            if count == capacity { grow() }
            base[count] = word
            base[count &+ 1] = payload
            count &+= 2
        }

        private mutating func grow() {
            let bigger = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }

        @inline(__always)
        subscript(word: Int) -> UInt64 {
            get { base[word] }
            nonmutating set { base[word] = newValue }
        }

        /// The words as an array.
        func array() -> [UInt64] { Array(UnsafeBufferPointer(start: base, count: count)) }
    }

    // The same over the document's array (for nodes).
    @inline(__always)
    static func end(of i: Int, _ tape: [UInt64]) -> Int { Int(truncatingIfNeeded: tape[2 &* i &+ 1] & 0xFFFF_FFFF) }
    @inline(__always)
    static func next(after i: Int, _ tape: [UInt64]) -> Int {
        tape[2 &* i] >> tagShift >= array ? end(of: i, tape) : i &+ 1
    }
    static func string(at i: Int, tape: [UInt64], in text: UnsafeBufferPointer<UInt8>) -> String {
        tape.withUnsafeBufferPointer { string(at: i, tape: $0.baseAddress.unsafelyUnwrapped, in: text) }
    }
    static func keyEquals(
        _ i: Int, _ wanted: UnsafeBufferPointer<UInt8>, tape: [UInt64], in text: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        tape.withUnsafeBufferPointer { keyEquals(i, wanted, tape: $0.baseAddress.unsafelyUnwrapped, in: text) }
    }
    static func repeatedKeys(of i: Int, _ tape: [UInt64], _ text: UnsafeBufferPointer<UInt8>) -> Int {
        tape.withUnsafeBufferPointer { repeatedKeys(of: i, $0.baseAddress.unsafelyUnwrapped, text) }
    }
    static func value(at i: Int, tape: [UInt64], in text: UnsafeBufferPointer<UInt8>) -> JSONValue {
        tape.withUnsafeBufferPointer { value(at: i, tape: $0.baseAddress.unsafelyUnwrapped, in: text) }
    }
    static func write(
        from i: Int, tape: [UInt64], text: UnsafeBufferPointer<UInt8>, writer: JSONWriter, into out: ByteBuffer
    ) {
        tape.withUnsafeBufferPointer {
            write(from: i, tape: $0.baseAddress.unsafelyUnwrapped, text: text, writer: writer, into: out)
        }
    }

    /// The entry after the container at `i` and its members.
    @inline(__always)
    static func end(of i: Int, _ tape: UnsafePointer<UInt64>) -> Int {
        Int(truncatingIfNeeded: tape[2 &* i &+ 1] & 0xFFFF_FFFF)
    }

    /// The entry after the value at `i` (and its members).
    @inline(__always)
    static func next(after i: Int, _ tape: UnsafePointer<UInt64>) -> Int {
        tape[2 &* i] >> tagShift >= array ? end(of: i, tape) : i &+ 1
    }

    /// The bytes of the string at entry `i` between its quotes, as written.
    @inline(__always)
    static func raw(_ i: Int, _ tape: UnsafePointer<UInt64>, _ text: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<
        UInt8
    > {
        let start = Int(truncatingIfNeeded: tape[2 &* i] & offsetMask) &+ 1
        return UnsafeBufferPointer(rebasing: text[start..<start &+ Int(truncatingIfNeeded: tape[2 &* i &+ 1])])
    }

    /// The unescaped bytes of the string at entry `i` (validated when parsed).
    static func decoded(_ i: Int, _ tape: UnsafePointer<UInt64>, _ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        if tape[2 &* i] & flagA == 0 { return Array(raw(i, tape, text)) }
        var state = ParserState(buffer: text, options: JSONParser.Options(), recorder: nil)
        return decode(i, tape, &state).map { Array($0) } ?? Array(raw(i, tape, text))
    }

    /// Decodes the escaped string at entry `i` into `state`'s scratch buffer.
    static func decode(_ i: Int, _ tape: UnsafePointer<UInt64>, _ state: inout ParserState) -> UnsafeBufferPointer<
        UInt8
    >? {
        let quote = Int(truncatingIfNeeded: tape[2 &* i] & offsetMask)
        state.pos = quote &+ 1
        // It decoded when the document was parsed, so it cannot fail now.
        guard (try? state.decodeEscapedString(quote: quote, nonASCII: false)) != nil, let scratch = state.scratch
        else { return nil }
        return UnsafeBufferPointer(start: scratch.base, count: scratch.count)
    }

    /// The string at entry `i`, unescaped.
    static func string(at i: Int, tape: UnsafePointer<UInt64>, in text: UnsafeBufferPointer<UInt8>) -> String {
        let word = tape[2 &* i]
        if word & flagA != 0 {
            var state = ParserState(buffer: text, options: JSONParser.Options(), recorder: nil)
            state.pos = Int(truncatingIfNeeded: word & offsetMask)
            return (try? state.parseString(hashing: false).string) ?? ""
        }
        let bytes = raw(i, tape, text)
        guard let p = bytes.baseAddress else { return "" }
        if word & flagB == 0 {
            return JSONBytes.asciiString(
                p, count: bytes.count, readable: text.count &- (p - text.baseAddress!),
                direct: JSONBytes.directSmallStrings)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the key at entry `i` is `wanted` (UTF-8).
    static func keyEquals(
        _ i: Int, _ wanted: UnsafeBufferPointer<UInt8>, tape: UnsafePointer<UInt64>, in text: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        if tape[2 &* i] & flagA == 0 {
            let bytes = raw(i, tape, text)
            guard bytes.count == wanted.count else { return false }
            return bytes.elementsEqual(wanted)
        }
        return decoded(i, tape, text).elementsEqual(wanted)
    }

    /// Whether the keys at entries `i` and `j` are the same string.
    static func keysEqual(_ i: Int, _ j: Int, _ tape: UnsafePointer<UInt64>, _ text: UnsafeBufferPointer<UInt8>) -> Bool
    {
        let wi = tape[2 &* i]
        let wj = tape[2 &* j]
        if (wi | wj) & flagA == 0 {
            // Without escapes: the lengths first (most keys differ there), then the bytes.
            let n = Int(truncatingIfNeeded: tape[2 &* i &+ 1])
            guard n == Int(truncatingIfNeeded: tape[2 &* j &+ 1]) else { return false }
            let base = text.baseAddress.unsafelyUnwrapped
            let a = base + (Int(truncatingIfNeeded: wi & offsetMask) &+ 1)
            let b = base + (Int(truncatingIfNeeded: wj & offsetMask) &+ 1)
            var k = 0
            while k < n {
                if a[k] != b[k] { return false }
                k &+= 1
            }
            return true
        }
        return decoded(i, tape, text) == decoded(j, tape, text)
    }

    /// The number of members of the object at entry `i` whose key equals an earlier member's
    /// (0 for other values). Found when the object is read, not when it is parsed, so that
    /// parsing does not hash keys (0 at once for an object the parser marked ``distinct``):
    /// pairwise for small objects, by hash for large ones.
    static func repeatedKeys(of i: Int, _ tape: UnsafePointer<UInt64>, _ text: UnsafeBufferPointer<UInt8>) -> Int {
        let word = tape[2 &* i]
        guard word >> tagShift == object, word & distinct == 0 else { return 0 }
        let n = Int(truncatingIfNeeded: tape[2 &* i &+ 1] >> 32)
        if n < 2 { return 0 }
        let end = end(of: i, tape)
        var repeats = 0
        if n <= JSONObject.indexThreshold {
            // Each key's fingerprint (its length and two bytes at each end), compared pairwise in a
            // stack buffer; only equal fingerprints compare the keys. Escaped keys go the slow way.
            let t = text.baseAddress.unsafelyUnwrapped
            let fast: Int? = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n) { prints -> Int? in
                var m = 0
                var k = i &+ 1
                var found = 0
                while k < end {
                    let word = tape[2 &* k]
                    if word & flagA != 0 { return nil }
                    let length = tape[2 &* k &+ 1]
                    var print = length
                    if length > 0 {
                        let first = Int(truncatingIfNeeded: word & offsetMask) &+ 1
                        let last = first &+ Int(truncatingIfNeeded: length) &- 1
                        // The quote before a key and the one after it stand in for missing bytes.
                        print |=
                            UInt64(t[first]) &<< 32 | UInt64(t[first &+ 1]) &<< 40 | UInt64(t[last]) &<< 48
                            | UInt64(t[last &- 1]) &<< 56
                    }
                    var j = 0
                    while j < m {
                        if prints[j] == print && keysEqual(keyEntry(i, j, tape), k, tape, text) {
                            found &+= 1
                            break
                        }
                        j &+= 1
                    }
                    prints[m] = print
                    m &+= 1
                    k = next(after: k &+ 1, tape)
                }
                return found
            }
            if let fast { return fast }
            var k = next(after: i &+ 2, tape)
            while k < end {
                var j = i &+ 1
                while j < k {
                    if keysEqual(j, k, tape, text) {
                        repeats &+= 1
                        break
                    }
                    j = next(after: j &+ 1, tape)
                }
                k = next(after: k &+ 1, tape)
            }
            return repeats
        }
        // An open-addressed table of the keys seen (hash, entry + 1), in a stack buffer: a key whose
        // probe meets an equal key (same hash, then same text) repeats it.
        var size = 32
        while size < 2 &* n { size &<<= 1 }
        let mask = size &- 1
        return withUnsafeTemporaryAllocation(of: (UInt64, Int).self, capacity: size) { table -> Int in
            table.initialize(repeating: (0, 0))
            var repeats = 0
            var k = i &+ 1
            while k < end {
                let hash = keyHash(k, tape, text)
                var slot = Int(truncatingIfNeeded: hash) & mask
                while true {
                    let (h, e) = table[slot]
                    if e == 0 {
                        table[slot] = (hash, k &+ 1)
                        break
                    }
                    if h == hash && keysEqual(e &- 1, k, tape, text) {
                        repeats &+= 1
                        break
                    }
                    slot = (slot &+ 1) & mask
                }
                k = next(after: k &+ 1, tape)
            }
            return repeats
        }
    }

    /// The entry of the `j`th key of the object at entry `i`.
    static func keyEntry(_ i: Int, _ j: Int, _ tape: UnsafePointer<UInt64>) -> Int {
        var k = i &+ 1
        for _ in 0..<j { k = next(after: k &+ 1, tape) }
        return k
    }

    /// The hash of the unescaped bytes of the key at entry `i`.
    static func keyHash(_ i: Int, _ tape: UnsafePointer<UInt64>, _ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        if tape[2 &* i] & flagA == 0 {
            let bytes = raw(i, tape, text)
            guard let p = bytes.baseAddress else { return JSONBytes.hash(text.baseAddress!, count: 0, readable: 0) }
            return JSONBytes.hash(p, count: bytes.count, readable: text.count &- (p - text.baseAddress!))
        }
        return decoded(i, tape, text).withUnsafeBufferPointer {
            JSONBytes.hash($0.baseAddress!, count: $0.count, readable: $0.count)
        }
    }

    /// The value at entry `i` as a tree, built with an explicit stack (documents may nest deeper
    /// than the call stack allows).
    static func value(at start: Int, tape: UnsafePointer<UInt64>, in text: UnsafeBufferPointer<UInt8>) -> JSONValue {
        struct Frame {
            let end: Int
            let repeats: Bool
            var keys: [String]?
            var values: [JSONValue]
        }
        var frames: [Frame] = []
        var i = start
        while true {
            var value: JSONValue
            let word = tape[2 &* i]
            let payload = tape[2 &* i &+ 1]
            switch word >> tagShift {
            case null: value = .null
            case falseTag: value = .bool(false)
            case trueTag: value = .bool(true)
            case int: value = .number(.int(Int64(bitPattern: payload)))
            case double: value = .number(.double(Double(bitPattern: payload)))
            case string: value = .string(string(at: i, tape: tape, in: text))
            case let tag:
                let count = Int(truncatingIfNeeded: payload >> 32)
                if count == 0 {
                    value = tag == array ? .array([]) : .object(JSONObject())
                    i = end(of: i, tape)
                    break
                }
                var values: [JSONValue] = []
                values.reserveCapacity(count)
                var keys: [String]? = nil
                if tag == object {
                    keys = []
                    keys!.reserveCapacity(count)
                    keys!.append(string(at: i &+ 1, tape: tape, in: text))
                }
                frames.append(
                    Frame(
                        end: end(of: i, tape), repeats: tag == object && repeatedKeys(of: i, tape, text) > 0,
                        keys: keys, values: values))
                i = tag == object ? i &+ 2 : i &+ 1
                continue
            }
            if word >> tagShift < array { i &+= 1 }
            // Attach the value to the open containers, closing those that end here.
            while true {
                guard !frames.isEmpty else { return value }
                let top = frames.count &- 1
                frames[top].values.append(value)
                if i < frames[top].end {
                    if frames[top].keys != nil {
                        frames[top].keys!.append(string(at: i, tape: tape, in: text))
                        i &+= 1
                    }
                    break
                }
                let frame = frames.removeLast()
                if let keys = frame.keys {
                    value = .object(
                        frame.repeats
                            ? JSONObject(zip(keys, frame.values))
                            : JSONObject(uniqueKeys: keys, values: frame.values, index: nil))
                } else {
                    value = .array(frame.values)
                }
            }
        }
    }

    /// Writes the value at entry `start` as ``JSONWriter`` writes it (compact or pretty; neither
    /// non-ASCII escapes nor Java doubles), iteratively, into a buffer with 16 spare bytes (short
    /// runs are copied as two words, without a call).
    static func write(
        from start: Int, tape: UnsafePointer<UInt64>, text: UnsafeBufferPointer<UInt8>, writer: JSONWriter,
        into out: ByteBuffer
    ) {
        let pretty = writer.pretty
        let indent = writer.indentWidth
        var decoder = ParserState(buffer: text, options: JSONParser.Options(), recorder: nil)
        // The open containers: where each ends (times 2), plus 1 for an object.
        var open = MemberStack<Int>(capacity: 32)
        let t = text.baseAddress
        let textEnd = text.count
        @inline(__always) func newline(_ depth: Int) {
            let n = depth &* indent
            out.reserve(n &+ 1)
            out.base[out.count] = 0x0A
            (out.base + (out.count &+ 1)).update(repeating: 0x20, count: n)
            out.count &+= n &+ 1
        }
        /// Appends `n` bytes from `offset` in the text.
        @inline(__always) func copy(_ offset: Int, _ n: Int) {
            if n <= 16 && textEnd &- offset >= 16 {
                out.reserve(16)
                let p = UnsafeRawPointer(t.unsafelyUnwrapped + offset)
                let q = UnsafeMutableRawPointer(out.base + out.count)
                q.storeBytes(of: p.loadUnaligned(as: UInt64.self), as: UInt64.self)
                q.storeBytes(of: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
                out.count &+= n
            } else {
                out.append(t.unsafelyUnwrapped + offset, count: n)
            }
        }
        @inline(__always) func writeString(_ i: Int) {
            let word = tape[2 &* i]
            if word & flagA == 0 {
                // The quotes and the run between them, as written.
                copy(Int(truncatingIfNeeded: word & offsetMask), Int(truncatingIfNeeded: tape[2 &* i &+ 1]) &+ 2)
            } else if let bytes = decode(i, tape, &decoder) {
                // Escaped again straight into the output (up to 6 bytes a byte: counted first only
                // for long strings, not to reserve 6 times their room).
                out.reserve((bytes.count <= 256 ? 6 &* bytes.count : JSONStreamWriter.escapedCount(bytes)) &+ 2)
                out.base[out.count] = 0x22
                out.count &+= 1
                out.count &+= JSONStreamWriter.writeEscaped(bytes, to: out.base + out.count)
                out.base[out.count] = 0x22
                out.count &+= 1
            }
        }
        // A member's key and its colon; `i` moves to the value.
        @inline(__always) func writeKey(_ i: inout Int) {
            writeString(i)
            out.append(0x3A)
            if pretty { out.append(0x20) }
            i &+= 1
        }
        @inline(__always) func literal(_ s: StaticString) {
            out.append(s.utf8Start, count: s.utf8CodeUnitCount)
        }
        var i = start
        while true {
            let word = tape[2 &* i]
            switch word >> tagShift {
            case null:
                literal("null")
                i &+= 1
            case falseTag:
                literal("false")
                i &+= 1
            case trueTag:
                literal("true")
                i &+= 1
            case int:
                // The text of an integer is its canonical form, except `-0`.
                if tape[2 &* i &+ 1] == 0 {
                    out.append(0x30)
                } else {
                    copy(Int(truncatingIfNeeded: word & offsetMask), Int(truncatingIfNeeded: (word >> 32) & 0xFFFF))
                }
                i &+= 1
            case double:
                var text = JSONNumber.double(Double(bitPattern: tape[2 &* i &+ 1])).description
                text.withUTF8 { out.append($0.baseAddress!, count: $0.count) }
                i &+= 1
            case string:
                writeString(i)
                i &+= 1
            case let tag:
                let isObject = tag == object
                let payload = tape[2 &* i &+ 1]
                if payload >> 32 == 0 {
                    literal(isObject ? "{}" : "[]")
                    i = end(of: i, tape)
                } else if isObject && repeatedKeys(of: i, tape, text) > 0 {
                    // An object with a repeated key: through the tree, which keeps the first position.
                    var bytes: [UInt8] = []
                    writer.write(value(at: i, tape: tape, in: text), into: &bytes, depth: open.count)
                    bytes.withUnsafeBufferPointer { out.append($0.baseAddress!, count: $0.count) }
                    i = end(of: i, tape)
                } else {
                    out.append(isObject ? 0x7B : 0x5B)
                    open.push(end(of: i, tape) &<< 1 | (isObject ? 1 : 0))
                    i &+= 1
                    if pretty { newline(open.count) }
                    if isObject { writeKey(&i) }
                    continue
                }
            }
            // After a value: close the containers that end here, or start the next member.
            while true {
                guard open.count > 0 else { return }
                let top = open[open.count &- 1]
                if i == top &>> 1 {
                    open.removeAll(from: open.count &- 1)
                    if pretty { newline(open.count) }
                    out.append(top & 1 != 0 ? 0x7D : 0x5D)
                    continue
                }
                out.append(0x2C)
                if pretty { newline(open.count) }
                if top & 1 != 0 { writeKey(&i) }
                break
            }
        }
    }
}

extension ParserState {
    /// Parses the document into a tape (see ``Tape``), checking what ``parseDocument()`` checks,
    /// in the same order, with the same errors.
    mutating func parseTape() throws(JSONParseError) -> [UInt64] {
        if buffer.count > Tape.maxBytes {
            throw error("the text is larger than 4 GiB, the most a JSONDocument holds", at: 0)
        }
        if buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { pos = 3 }
        skipWhitespace()
        if pos >= buffer.count { throw error("the text is empty: expected a JSON value") }
        var tape = Tape.Writer(capacity: buffer.count / 4 + 16)
        try parseTapeValues(into: &tape)
        skipWhitespace()
        if pos < buffer.count {
            throw error("unexpected \(describe(buffer[pos])) after the end of the JSON value")
        }
        return tape.array()
    }

    /// Parses a string at `pos` onto the tape; returns the hash of its unescaped bytes when
    /// `hashing`, its ``keyMark(_:_:)`` when `marking` (all ones when it has escapes), otherwise 0.
    @inline(__always)
    mutating func tapeString(_ tape: inout Tape.Writer, hashing: Bool, marking: Bool = false) throws(JSONParseError)
        -> UInt64
    {
        let quote = pos
        let start = pos &+ 1
        let (stop, nonASCII) = JSONBytes.scanString(base, from: start, to: end)
        guard stop < end else { throw error("unterminated string", at: quote) }
        if buffer[stop] == 0x22 {
            pos = stop &+ 1
            let count = stop &- start
            if nonASCII {
                guard (try? UTF8Span(validating: UnsafeBufferPointer(start: base + start, count: count).span)) != nil
                else { throw error("the string is not valid UTF-8", at: start) }
            }
            tape.append(
                Tape.string << Tape.tagShift | (nonASCII ? Tape.flagB : 0) | UInt64(truncatingIfNeeded: quote),
                UInt64(truncatingIfNeeded: count))
            if hashing { return JSONBytes.hash(base + start, count: count, readable: end &- start) }
            return marking ? keyMark(start, count) : 0
        }
        pos = stop
        let decodedNonASCII = try decodeEscapedString(quote: quote, nonASCII: nonASCII)
        let bytes = scratch.unsafelyUnwrapped
        let p = UnsafePointer(bytes.base)
        if decodedNonASCII {
            guard (try? UTF8Span(validating: UnsafeBufferPointer(start: p, count: bytes.count).span)) != nil
            else { throw error("the string is not valid UTF-8", at: start) }
        }
        tape.append(
            Tape.string << Tape.tagShift | Tape.flagA | (decodedNonASCII ? Tape.flagB : 0)
                | UInt64(truncatingIfNeeded: quote), UInt64(truncatingIfNeeded: pos &- 1 &- start))
        if hashing { return JSONBytes.hash(p, count: bytes.count, readable: bytes.capacity) }
        // An escaped key's mark has every bit: it meets any other key's.
        return marking ? UInt64.max : 0
    }

    /// One bit of 64 picked by a key's length and its first and last bytes (the quotes stand in
    /// for an empty key's): keys with different bits differ. An object whose keys all have
    /// different bits has no repeated key, found while parsing for a few instructions a key, with
    /// the bytes at hand; the others are checked when read (``Tape/repeatedKeys(of:_:_:)``).
    @inline(__always)
    func keyMark(_ start: Int, _ count: Int) -> UInt64 {
        let b = base
        let print = UInt64(truncatingIfNeeded: count) | UInt64(b[start]) &<< 16 | UInt64(b[start &+ count &- 1]) &<< 24
        return 1 &<< ((print &* 0x9E37_79B9_7F4A_7C15) &>> 58)
    }

    /// Adds a key's ``keyMark(_:_:)`` to ``keyMarks``, noting in ``keyClashes`` a bit two keys share.
    @inline(__always)
    mutating func addMark(_ mark: UInt64) {
        keyClashes |= keyMarks & mark
        keyMarks |= mark
    }

    /// Parses `"key"` and the `:` after it onto the tape; returns the key's hash when `hashing`,
    /// otherwise adds its ``keyMark(_:_:)`` to ``keyMarks``.
    @inline(__always)
    mutating func tapeKey(_ tape: inout Tape.Writer, hashing: Bool) throws(JSONParseError) -> UInt64 {
        skipWhitespace()
        guard pos < end else { throw error("unexpected end of input: expected a member name") }
        guard buffer[pos] == UInt8(ascii: "\"") else {
            throw error("unexpected \(describe(buffer[pos])): expected a member name in double quotes")
        }
        let hash = try tapeString(&tape, hashing: hashing, marking: !hashing)
        if !hashing { addMark(hash) }
        if pos < end && buffer[pos] == UInt8(ascii: ":") {
            pos &+= 1
            return hash
        }
        skipWhitespace()
        guard pos < end, buffer[pos] == UInt8(ascii: ":") else {
            if pos >= end { throw error("unexpected end of input: expected ':' after member name") }
            let key = Tape.string(at: tape.entries &- 1, tape: tape.pointer, in: buffer)
            throw error("unexpected \(describe(buffer[pos])): expected ':' after member name \"\(key)\"")
        }
        pos &+= 1
        return hash
    }

    /// The values of ``parseTape()``, iteratively (as ``parseValueTree()``).
    mutating func parseTapeValues(into tape: inout Tape.Writer) throws(JSONParseError) {
        // An open container: its entry, its member count, where its keys start on `keys`, and
        // for a large object, which of `indexes` is its own.
        struct Frame {
            let entry: Int
            let isObject: Bool
            var count: UInt64 = 0
            let keyStart: Int
            var indexSlot = -1
            /// For an object, the enclosing object's ``ParserState/keyMarks`` and
            /// ``ParserState/keyClashes`` while it is open.
            var outerMarks: UInt64 = 0
            var outerClashes: UInt64 = 0
        }
        // The open objects' keys: hash and entry.
        struct Key {
            let hash: UInt64
            let entry: Int
        }
        var frames = MemberStack<Frame>(capacity: 32)
        var keys = MemberStack<Key>(capacity: 64)
        // Large open objects' keys by hash: the entry of the first key with that hash.
        var indexes: [[UInt64: Int]] = []
        // Repeated keys are found while parsing only to reject them; otherwise when an object is
        // read (``Tape/repeatedKeys(of:_:_:)``), which keeps hashing out of the parse.
        let detect = options.rejectDuplicateKeys

        while true {
            skipWhitespace()
            guard pos < end else { throw error("unexpected end of input: expected a value") }
            let b = buffer[pos]
            switch b {
            case UInt8(ascii: "\""):
                _ = try tapeString(&tape, hashing: false)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if frames.count >= options.maxDepth {
                    throw error("nesting is deeper than \(options.maxDepth) levels")
                }
                let isObject = b == UInt8(ascii: "{")
                let entry = tape.entries
                tape.append(
                    (isObject ? Tape.object : Tape.array) << Tape.tagShift | UInt64(truncatingIfNeeded: pos),
                    UInt64(truncatingIfNeeded: entry &+ 1))
                pos &+= 1
                skipWhitespace()
                if pos < end && buffer[pos] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    pos &+= 1
                } else {
                    frames.push(
                        Frame(
                            entry: entry, isObject: isObject, keyStart: keys.count, outerMarks: keyMarks,
                            outerClashes: keyClashes))
                    if isObject {
                        keyMarks = 0
                        keyClashes = 0
                        let keyEntry = tape.entries
                        let hash = try tapeKey(&tape, hashing: detect)
                        if detect { keys.push(Key(hash: hash, entry: keyEntry)) }
                    }
                    continue
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = pos
                let number = try parseNumber()
                let length = UInt64(min(pos &- start, 0xFFFF))
                switch number {
                case .int(let i):
                    tape.append(
                        Tape.int << Tape.tagShift | length << 32 | UInt64(truncatingIfNeeded: start),
                        UInt64(bitPattern: i))
                case .double(let d):
                    tape.append(
                        Tape.double << Tape.tagShift | length << 32 | UInt64(truncatingIfNeeded: start), d.bitPattern)
                }
            case UInt8(ascii: "t"):
                let start = UInt64(truncatingIfNeeded: pos)
                try expectLiteral("true")
                tape.append(Tape.trueTag << Tape.tagShift | start, 0)
            case UInt8(ascii: "f"):
                let start = UInt64(truncatingIfNeeded: pos)
                try expectLiteral("false")
                tape.append(Tape.falseTag << Tape.tagShift | start, 0)
            case UInt8(ascii: "n"):
                let start = UInt64(truncatingIfNeeded: pos)
                try expectLiteral("null")
                tape.append(Tape.null << Tape.tagShift | start, 0)
            default:
                throw error(
                    "unexpected \(describe(b)): expected a value (object, array, string, number, true, false or null)")
            }

            // Attach the value to the enclosing containers, closing those that end here.
            while true {
                guard frames.count > 0 else { return }
                let top = frames.count &- 1
                skipWhitespace()
                if !frames[top].isObject {
                    frames[top].count &+= 1
                    guard pos < end else {
                        throw error("unexpected end of input: expected ',' or ']' in an array")
                    }
                    let c = buffer[pos]
                    if c == UInt8(ascii: ",") {
                        pos &+= 1
                        break
                    } else if c == UInt8(ascii: "]") {
                        pos &+= 1
                        let frame = frames[top]
                        frames.removeAll(from: top)
                        tape[2 &* frame.entry &+ 1] = frame.count << 32 | UInt64(truncatingIfNeeded: tape.entries)
                        continue
                    } else {
                        throw error("unexpected \(describe(c)) in an array: expected ',' or ']'")
                    }
                } else {
                    if !detect {
                        frames[top].count &+= 1
                    } else {
                        // The member's key is the last on `keys`; an equal earlier key makes this a repeat.
                        let last = keys.count &- 1
                        let key = keys[last]
                        var repeated = false
                        if frames[top].indexSlot >= 0 {
                            if let first = indexes[frames[top].indexSlot][key.hash] {
                                repeated = Tape.keysEqual(first, key.entry, tape.pointer, buffer)
                                if !repeated {
                                    // Two keys with one hash: compare with every earlier key.
                                    var i = frames[top].keyStart
                                    while i < last && !repeated {
                                        repeated = Tape.keysEqual(keys[i].entry, key.entry, tape.pointer, buffer)
                                        i &+= 1
                                    }
                                }
                            }
                        } else {
                            var i = frames[top].keyStart
                            while i < last {
                                if keys[i].hash == key.hash
                                    && Tape.keysEqual(keys[i].entry, key.entry, tape.pointer, buffer)
                                {
                                    repeated = true
                                    break
                                }
                                i &+= 1
                            }
                        }
                        if repeated {
                            let text = Tape.string(at: key.entry, tape: tape.pointer, in: buffer)
                            throw error(
                                "duplicate key \"\(text)\" in an object",
                                at: Int(truncatingIfNeeded: tape[2 &* key.entry] & Tape.offsetMask))
                        } else {
                            frames[top].count &+= 1
                            let count = keys.count &- frames[top].keyStart
                            if frames[top].indexSlot >= 0 {
                                indexes[frames[top].indexSlot][key.hash] = key.entry
                            } else if count > JSONObject.indexThreshold {
                                var index = [UInt64: Int](minimumCapacity: count * 2)
                                for i in frames[top].keyStart..<keys.count where index[keys[i].hash] == nil {
                                    index[keys[i].hash] = keys[i].entry
                                }
                                indexes.append(index)
                                frames[top].indexSlot = indexes.count &- 1
                            }
                        }
                    }
                    guard pos < end else {
                        throw error("unexpected end of input: expected ',' or '}' in an object")
                    }
                    let c = buffer[pos]
                    if c == UInt8(ascii: ",") {
                        pos &+= 1
                        let keyEntry = tape.entries
                        let hash = try tapeKey(&tape, hashing: detect)
                        if detect { keys.push(Key(hash: hash, entry: keyEntry)) }
                        break
                    } else if c == UInt8(ascii: "}") {
                        pos &+= 1
                        let frame = frames[top]
                        frames.removeAll(from: top)
                        if frame.indexSlot >= 0 { indexes.removeLast() }
                        keys.removeAll(from: frame.keyStart)
                        tape[2 &* frame.entry &+ 1] = frame.count << 32 | UInt64(truncatingIfNeeded: tape.entries)
                        // Checked here (`detect` rejects repeats) or told apart by their marks.
                        if detect || keyClashes == 0 { tape[2 &* frame.entry] |= Tape.distinct }
                        keyMarks = frame.outerMarks
                        keyClashes = frame.outerClashes
                        continue
                    } else {
                        throw error("unexpected \(describe(c)) in an object: expected ',' or '}'")
                    }
                }
            }
        }
    }
}
