/// One pass over a case file's bytes that finds where each member `sfn test` reads is, without
/// building any, so that its caller makes trees of those members alone, keys the definition caches
/// by the definition's own text and compares the expected events on their bytes.
///
/// Each byte is checked once, by whoever reads it: the members nobody reads are checked here (a
/// validating scan that keeps nothing), the definition and the expected events too (kept as text);
/// the other members `sfn test` reads are only delimited (their strings read to their closing
/// quotes, their brackets counted), and their reader parses them. When each of them parses, the
/// file is JSON with the structure the skim saw (a value the parser accepts ends where its
/// brackets balance). It reads a subset of what `JSONParser` accepts (no byte order mark, no
/// control characters in strings, numbers without exponents and at most 100 characters and nesting
/// at most 200 deep in the values it checks, plain member names at the levels it looks at, `definition`, `expected`, `execution`, `provenance`,
/// `taskCalls` and `expected.events` each at most once); for anything else it gives up and the
/// caller parses the file as a whole, so every error message stays the parser's.
package struct CaseTextSkim {
    /// The byte range of the top-level `definition` value.
    package var definition: Range<Int>?
    /// The byte range of the value of `events` in the top-level `expected` object.
    package var events: Range<Int>?
    /// Whether ``events`` was checked as JSON. False when, skimmed with `checkingEvents` false, it
    /// was taken unread: the text from its `[` to the `]` of a file ending `] } }` (``eventsTail``),
    /// which is the events array, last in `expected` and `expected` last in the file, when it is
    /// one JSON value (then the skim would have read the file so); ``checksEvents(_:)`` tells.
    package var eventsChecked = true
    /// The byte ranges of the values read (an empty range for one the file does not have), by
    /// ``Slot``: the top-level members of ``topNames`` (each whole), then the members read of
    /// `expected`, `execution` and `provenance` (``expectedNames``...), then four for each item of
    /// `taskCalls`: the item, then its members ``taskCallNames``. A member repeated is its last value.
    package var values = [Range<Int>](repeating: 0..<0, count: Slot.taskCalls)
    /// The byte ranges of the top-level member names (between their quotes).
    package var names: [Range<Int>] = []

    /// The top-level members `sfn test` reads, in slot order (the first four read in part when they
    /// are an object, an object, an object and an array; `definition` is kept as text).
    package static let topNames: [StaticString] = [
        "expected", "execution", "provenance", "taskCalls", "name", "group", "definition", "mocks", "input",
        "inputText", "literalMaskTokens", "snapshotMasks", "literalValuesNotPlaceholders", "flags",
    ]
    /// What is read of `expected` (besides its `events`).
    package static let expectedNames: [StaticString] = ["status", "output", "error", "cause"]
    /// What is read of `execution`.
    package static let executionNames: [StaticString] = [
        "name", "stateMachineName", "stateMachineType", "region", "accountId", "roleArn", "startDate",
    ]
    /// What is read of `provenance`.
    package static let provenanceNames: [StaticString] = ["recordedDate"]
    /// What is read of each of `taskCalls`.
    package static let taskCallNames: [StaticString] = ["state", "submitted", "submittedOutput"]

    /// Where ``values`` keeps each value: the first slot of each group.
    package enum Slot {
        /// `expected`, `execution`, `provenance`, `taskCalls` (the first four of ``topNames``).
        package static let expected = 0, execution = 1, provenance = 2, taskCallList = 3
        /// `definition` (whose range is ``CaseTextSkim/definition``).
        package static let definition = 6
        /// `expected`'s members read.
        package static let expectedMembers = 14
        /// `execution`'s members read.
        package static let executionMembers = 18
        /// `provenance`'s member read.
        package static let provenanceMembers = 25
        /// The first of the four slots of each item of `taskCalls`.
        package static let taskCalls = 26
    }

    /// Skims `bytes`; nil when the text is not plain enough (see the type's doc) or not JSON. With
    /// `checkingEvents` false, an `expected.events` array in a file that ends as one whose events
    /// end it (``eventsTail(_:)``) is taken to run to that end, unread (``eventsChecked``): the
    /// events matcher reads it strictly, and what it does not accept is checked then
    /// (``checksEvents(_:)``).
    package static func skim(_ bytes: UnsafeBufferPointer<UInt8>, checkingEvents: Bool = true) -> CaseTextSkim? {
        var s = Scanner(b: bytes)
        if !checkingEvents { s.eventsTail = eventsTail(bytes) }
        var out = CaseTextSkim()
        out.names.reserveCapacity(24)
        s.whitespace()
        guard s.byte == UInt8(ascii: "{") else { return nil }
        s.pos += 1
        s.whitespace()
        if s.byte != UInt8(ascii: "}") {
            while true {
                guard let key = s.plainKey() else { return nil }
                out.names.append(key)
                let start = s.pos
                if let slot = s.topSlot(key) {
                    let earlier = out.values[slot]
                    switch slot {
                    case Slot.definition:
                        // Checked, not only delimited: its text keys the caches, so it is parsed
                        // only when new, and on a definition's dense tokens this scan costs less
                        // than delimiting does.
                        guard out.definition == nil, s.value(depth: 1) else { return nil }
                        out.definition = start..<s.pos
                    case Slot.expected, Slot.execution, Slot.provenance, Slot.taskCallList:
                        guard earlier.isEmpty else { return nil }
                        if s.byte == UInt8(ascii: "{") && slot != Slot.taskCallList {
                            let (names, first) =
                                slot == Slot.expected
                                ? (expectedNames, Slot.expectedMembers)
                                : slot == Slot.execution
                                    ? (executionNames, Slot.executionMembers)
                                    : (provenanceNames, Slot.provenanceMembers)
                            guard
                                s.object(
                                    names, &out.values, at: first, depth: 2, events: &out.events,
                                    withEvents: slot == Slot.expected)
                            else { return nil }
                        } else if s.byte == UInt8(ascii: "[") && slot == Slot.taskCallList {
                            guard s.taskCalls(&out.values) else { return nil }
                        } else {
                            guard s.delimit() else { return nil }
                        }
                    default:
                        // A repeated member's earlier value is read by no one: checked here.
                        guard earlier.isEmpty || s.checks(earlier, depth: 1), s.delimit() else { return nil }
                    }
                    out.values[slot] = start..<s.pos
                } else {
                    guard s.value(depth: 1) else { return nil }
                }
                guard let more = s.next(UInt8(ascii: "}")) else { return nil }
                if !more { break }
            }
        }
        s.pos += 1
        s.whitespace()
        out.eventsChecked = !s.eventsSkipped
        return s.pos == bytes.count ? out : nil
    }

    /// The offset of the `]` of `] } }` (JSON whitespace between) ending `bytes`, or -1: where
    /// the events array ends when it is last in `expected`, and `expected` last in the file (as
    /// `sfn` writes case files).
    static func eventsTail(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var i = bytes.count
        // The three last bytes that are not whitespace, from the end.
        for k in 0..<3 {
            i -= 1
            while i >= 0, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i -= 1 }
            guard i >= 0, bytes[i] == (k < 2 ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { return -1 }
        }
        return i
    }

    /// Whether `bytes`, the text of an `expected.events` value, is JSON as the skim reads it there
    /// (what it checks of the events when `checkingEvents` is true).
    package static func checksEvents(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var s = Scanner(b: bytes)
        s.whitespace()
        return s.value(depth: 2) && s.pos == bytes.count
    }

    /// A validating reader of JSON bytes that keeps no values.
    ///
    /// Strings, where almost all of a case file's bytes are, are read sixteen bytes at a time
    /// (``stringStops(_:)``): each quote, backslash or control character is found at once, so a
    /// payload held as JSON text (an escaped quote every few bytes) costs a few instructions an
    /// escape rather than a byte-by-byte walk.
    struct Scanner: JSONByteScanning {
        let b: UnsafeBufferPointer<UInt8>
        var pos = 0
        /// Where an `expected.events` array is taken to end, unread (``CaseTextSkim/eventsTail(_:)``);
        /// -1: read and checked.
        var eventsTail = -1
        /// Whether `expected.events` was taken unread.
        var eventsSkipped = false

        /// The deepest nesting read (deeper text is left to the parser).
        static let maxDepth = 200

        /// Whether the member name at `key` (the bytes between its quotes) is `name`.
        func keyIs(_ key: Range<Int>, _ name: StaticString) -> Bool {
            let n = key.count
            guard n == name.utf8CodeUnitCount, let base = b.baseAddress else { return false }
            let k = UnsafeRawPointer(base + key.lowerBound)
            let p = UnsafeRawPointer(name.utf8Start)
            // A word at a time, the last word overlapping the one before (every load inside both).
            if n >= 8 {
                var i = 0
                while i &+ 8 < n {
                    guard
                        k.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                            == p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    else { return false }
                    i &+= 8
                }
                return k.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
                    == p.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            }
            if n >= 4 {
                return k.loadUnaligned(as: UInt32.self) == p.loadUnaligned(as: UInt32.self)
                    && k.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
                        == p.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
            }
            for i in 0..<n where k.load(fromByteOffset: i, as: UInt8.self) != p.load(fromByteOffset: i, as: UInt8.self)
            {
                return false
            }
            return true
        }

        /// Reads a member name without escapes and the `:` after it (and the whitespace after that);
        /// the bytes between its quotes.
        mutating func plainKey() -> Range<Int>? {
            guard byte == UInt8(ascii: "\"") else { return nil }
            let start = pos + 1
            guard let escaped = string(), !escaped else { return nil }
            let key = start..<(pos - 1)
            whitespace()
            guard byte == UInt8(ascii: ":") else { return nil }
            pos += 1
            whitespaceAfterColon()
            return key
        }

        /// After a member or item (whitespace before the separator not yet skipped): true after a
        /// `,` and the whitespace after it, false at `close` (`pos` still on it), nil for anything else.
        @inline(__always)
        mutating func next(_ close: UInt8) -> Bool? {
            indentation()
            let c = byte
            if c == UInt8(ascii: ",") {
                pos += 1
                indentation()
                return true
            }
            return c == close ? false : nil
        }

        /// The slot (``CaseTextSkim/topNames``'s index) of the top-level member named `key`, if read.
        @inline(__always)
        func topSlot(_ key: Range<Int>) -> Int? {
            switch key.count {
            case 4: return keyIs(key, "name") ? 4 : nil
            case 5:
                switch b[key.lowerBound] {
                case UInt8(ascii: "g"): return keyIs(key, "group") ? 5 : nil
                case UInt8(ascii: "m"): return keyIs(key, "mocks") ? 7 : nil
                case UInt8(ascii: "i"): return keyIs(key, "input") ? 8 : nil
                case UInt8(ascii: "f"): return keyIs(key, "flags") ? 13 : nil
                default: return nil
                }
            case 8: return keyIs(key, "expected") ? 0 : nil
            case 9:
                switch b[key.lowerBound] {
                case UInt8(ascii: "e"): return keyIs(key, "execution") ? 1 : nil
                case UInt8(ascii: "t"): return keyIs(key, "taskCalls") ? 3 : nil
                case UInt8(ascii: "i"): return keyIs(key, "inputText") ? 9 : nil
                default: return nil
                }
            case 10: return keyIs(key, "provenance") ? 2 : keyIs(key, "definition") ? 6 : nil
            case 13: return keyIs(key, "snapshotMasks") ? 11 : nil
            case 17: return keyIs(key, "literalMaskTokens") ? 10 : nil
            case 28: return keyIs(key, "literalValuesNotPlaceholders") ? 12 : nil
            default: return nil
            }
        }

        /// Reads the object at `pos` (its `{`), a member of a container `depth - 1` deep: the
        /// members `names` are delimited (their ranges in `values` from `first`), the others
        /// checked; with `withEvents`, its `events` is checked and noted.
        mutating func object(
            _ names: [StaticString], _ values: inout [Range<Int>], at first: Int, depth: Int,
            events: inout Range<Int>?, withEvents: Bool
        ) -> Bool {
            pos += 1
            indentation()
            if byte == UInt8(ascii: "}") {
                pos += 1
                return true
            }
            while true {
                guard let key = plainKey() else { return false }
                let start = pos
                if withEvents && keyIs(key, "events") {
                    guard events == nil, expectedEvents() else { return false }
                    events = start..<pos
                } else if let i = nameIndex(key, names) {
                    let earlier = values[first + i]
                    guard earlier.isEmpty || checks(earlier, depth: depth), delimit() else { return false }
                    values[first + i] = start..<pos
                } else {
                    guard value(depth: depth) else { return false }
                }
                guard let more = next(UInt8(ascii: "}")) else { return false }
                if !more { break }
            }
            pos += 1
            return true
        }

        /// The index of `key` among `names`.
        @inline(__always)
        func nameIndex(_ key: Range<Int>, _ names: [StaticString]) -> Int? {
            for i in names.indices where keyIs(key, names[i]) { return i }
            return nil
        }

        /// Reads the value of `expected.events` at `pos`: checked, as its text is compared as it is;
        /// or, an array when the file ends as one whose events end it (`eventsTail`), taken unread
        /// up to that end (the events matcher reads it strictly, and whatever it does not accept is
        /// checked then).
        mutating func expectedEvents() -> Bool {
            if eventsTail > pos && byte == UInt8(ascii: "[") {
                eventsSkipped = true
                pos = eventsTail &+ 1
                return true
            }
            return value(depth: 2)
        }

        /// Reads the top-level `taskCalls` array at `pos` (its `[`), four slots of `values` an item.
        mutating func taskCalls(_ values: inout [Range<Int>]) -> Bool {
            pos += 1
            indentation()
            if byte == UInt8(ascii: "]") {
                pos += 1
                return true
            }
            var unused: Range<Int>?
            while true {
                let start = pos
                let item = values.count
                values.append(contentsOf: repeatElement(0..<0, count: 4))
                if byte == UInt8(ascii: "{") {
                    guard
                        object(
                            CaseTextSkim.taskCallNames, &values, at: item + 1, depth: 3, events: &unused,
                            withEvents: false)
                    else { return false }
                } else {
                    guard delimit() else { return false }
                }
                values[item] = start..<pos
                guard let more = next(UInt8(ascii: "]")) else { return false }
                if !more { break }
            }
            pos += 1
            return true
        }

        /// Moves past the value at `pos` as ``skipValue()`` does, when it starts as a JSON value
        /// does (so its range holds nothing but the value for the parser that reads it).
        mutating func delimit() -> Bool {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "-"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                return skipValue()
            default: return false
            }
        }

        /// Whether the delimited `range` holds a value of a container `depth` deep (as
        /// ``value(depth:)`` reads it): a repeated member's earlier value, which no one parses.
        func checks(_ range: Range<Int>, depth: Int) -> Bool {
            var other = Scanner(b: b, pos: range.lowerBound)
            return other.value(depth: depth) && other.pos == range.upperBound
        }

        /// Moves past the value at `pos` (whitespace before it already skipped), checking only
        /// its strings: what the caller parses strictly anyway. A container ends where its brackets
        /// balance, a number or literal at the next byte that can follow a value.
        mutating func skipValue() -> Bool {
            switch byte {
            case UInt8(ascii: "\""): return string() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["): return skipContainer()
            default:
                let start = pos
                while pos < b.count {
                    let c = b[pos]
                    if c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || c <= 0x20 { break }
                    pos &+= 1
                }
                return pos > start
            }
        }

        /// Moves past the array or object at `pos` to where its brackets balance (any kind closing
        /// any), its strings read as ``string()`` reads them.
        mutating func skipContainer() -> Bool {
            guard let base = b.baseAddress else { return false }
            let count = b.count
            var open = 0
            while true {
                // To the next quote or bracket, sixteen bytes at a time.
                while pos &+ 16 <= count {
                    let (low, high) = Scanner.bracketStopWords(UnsafeRawPointer(base + pos))
                    if low != 0 {
                        pos &+= low.trailingZeroBitCount &>> 3
                        break
                    }
                    if high != 0 {
                        pos &+= 8 &+ high.trailingZeroBitCount &>> 3
                        break
                    }
                    pos &+= 16
                }
                while pos < count {
                    let c = base[pos]
                    if c == UInt8(ascii: "\"") || c | 0x20 == UInt8(ascii: "{") || c | 0x20 == UInt8(ascii: "}") {
                        break
                    }
                    pos &+= 1
                }
                guard pos < count else { return false }
                let c = base[pos]
                if c == UInt8(ascii: "\"") {
                    guard string() != nil else { return false }
                } else if c | 0x20 == UInt8(ascii: "{") {
                    open &+= 1
                    pos &+= 1
                } else {
                    open &-= 1
                    pos &+= 1
                    if open == 0 { return true }
                }
            }
        }

        /// The sixteen bytes at `p` as two little-endian words, with the high bit set of each byte
        /// that is `"`, `{`, `}`, `[` or `]` (`[` and `]` are `{` and `}` but for bit 5).
        @inline(__always)
        static func bracketStopWords(_ p: UnsafeRawPointer) -> (UInt64, UInt64) {
            let v = p.loadUnaligned(as: SIMD16<UInt8>.self)
            let one = SIMD16<UInt8>(repeating: 1)
            let folded = v | SIMD16(repeating: 0x20)
            let flagged =
                (((folded ^ SIMD16(repeating: 0x7B)) &- one) | ((folded ^ SIMD16(repeating: 0x7D)) &- one)
                    | ((v ^ SIMD16(repeating: 0x22)) &- one)) & ~v & SIMD16(repeating: 0x80)
            return words(flagged)
        }

        /// Reads any value at `pos` (whitespace before it already skipped) whose container is
        /// `depth` deep.
        ///
        /// One loop over the value's tokens, its open containers kept as bits (an object's or an
        /// array's), so that a member costs no call.
        mutating func value(depth: Int) -> Bool {
            // The open containers below the innermost (whether each is an object), and the
            // innermost's kind.
            var outer = ContainerStack()
            var inObject = false
            var level = 0
            while true {
                // A value.
                switch byte {
                case UInt8(ascii: "\""):
                    guard string() != nil else { return false }
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    let isObject = byte == UInt8(ascii: "{")
                    guard depth &+ level &+ 1 < Scanner.maxDepth else { return false }
                    pos &+= 1
                    indentation()
                    if byte == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                        pos &+= 1
                    } else {
                        if level > 0 { outer.set(level &- 1, object: inObject) }
                        inObject = isObject
                        level &+= 1
                        if isObject { guard memberName() else { return false } }
                        continue
                    }
                case UInt8(ascii: "t"): guard literal("true") else { return false }
                case UInt8(ascii: "f"): guard literal("false") else { return false }
                case UInt8(ascii: "n"): guard literal("null") else { return false }
                case UInt8(ascii: "1")...UInt8(ascii: "9"):
                    // An integer of up to three digits (ids, counts) here; anything longer or with
                    // a fraction in number().
                    var next = pos &+ 1
                    if next < b.count && isDigit(b[next]) {
                        next &+= 1
                        if next < b.count && isDigit(b[next]) { next &+= 1 }
                    }
                    let after = next < b.count ? b[next] : 0
                    if after == UInt8(ascii: ",") || after == UInt8(ascii: "}") || after == UInt8(ascii: "]") {
                        pos = next
                    } else {
                        guard number() else { return false }
                    }
                case UInt8(ascii: "-"), UInt8(ascii: "0"): guard number() else { return false }
                default: return false
                }
                // After it: the containers that end here, then a separator and the next member.
                while true {
                    if level == 0 { return true }
                    var c = byte
                    if c <= 0x20 {
                        indentation()
                        c = byte
                    }
                    if c == UInt8(ascii: ",") {
                        pos &+= 1
                        indentation()
                        if inObject { guard memberName() else { return false } }
                        break
                    }
                    guard c == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { return false }
                    pos &+= 1
                    level &-= 1
                    if level > 0 { inObject = outer.isObject(level &- 1) }
                }
            }
        }

        /// Reads a member name (any string) and the `:` after it, and the whitespace around them.
        @inline(__always)
        mutating func memberName() -> Bool {
            guard byte == UInt8(ascii: "\""), string() != nil else { return false }
            if byte != UInt8(ascii: ":") {
                whitespace()
                guard byte == UInt8(ascii: ":") else { return false }
            }
            pos &+= 1
            whitespaceAfterColon()
            return true
        }

        /// Which of up to 256 open containers are objects (a bit each).
        struct ContainerStack {
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

            // The word is read and written where it is (a switch over the four costs more).
            // (Mutating: read in place, not from a copy of the four words.)
            @inline(__always)
            mutating func isObject(_ level: Int) -> Bool {
                let word = withUnsafeMutableBytes(of: &words) {
                    $0.load(fromByteOffset: (level &>> 6) &<< 3, as: UInt64.self)
                }
                return word &>> UInt64(level & 63) & 1 != 0
            }

            @inline(__always)
            mutating func set(_ level: Int, object: Bool) {
                withUnsafeMutableBytes(of: &words) { raw in
                    let offset = (level &>> 6) &<< 3
                    let bit = UInt64(1) &<< UInt64(level & 63)
                    let word = raw.load(fromByteOffset: offset, as: UInt64.self)
                    raw.storeBytes(of: object ? word | bit : word & ~bit, toByteOffset: offset, as: UInt64.self)
                }
            }
        }

        /// Reads `word` (`true`, `false` or `null`) at `pos`.
        @inline(__always)
        mutating func literal(_ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard n >= 4, pos + n <= b.count, let base = b.baseAddress else { return false }
            // The first four bytes as one word, then any fifth.
            let p = UnsafeRawPointer(word.utf8Start)
            guard UnsafeRawPointer(base + pos).loadUnaligned(as: UInt32.self) == p.loadUnaligned(as: UInt32.self)
            else { return false }
            for i in 4..<n where base[pos + i] != p.load(fromByteOffset: i, as: UInt8.self) { return false }
            pos += n
            return true
        }

        /// A number without an exponent: `-`, then `0` or a digit run not starting with 0, then an
        /// optional fraction.
        mutating func number() -> Bool {
            guard let base = b.baseAddress else { return false }
            let count = b.count
            var i = pos
            if i < count && base[i] == UInt8(ascii: "-") { i &+= 1 }
            guard i < count, isDigit(base[i]) else { return false }
            if base[i] == UInt8(ascii: "0") {
                i &+= 1
            } else {
                repeat { i &+= 1 } while i < count && isDigit(base[i])
            }
            if i < count && base[i] == UInt8(ascii: ".") {
                i &+= 1
                guard i < count, isDigit(base[i]) else { return false }
                repeat { i &+= 1 } while i < count && isDigit(base[i])
            }
            if i < count && base[i] | 0x20 == UInt8(ascii: "e") { return false }
            guard i &- pos <= 100 else { return false }
            pos = i
            return true
        }

        @inline(__always)
        func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }

        /// Reads a string at `pos` (its opening quote); whether it had escapes, nil when it is not
        /// plain (a control character, a bad escape, no closing quote).
        @inline(__always)
        mutating func string() -> Bool? {
            // Most strings have no escape: the first byte that stops a string is their closing
            // quote, found sixteen bytes at a time. Any other string is read on from the block with
            // its first stop (the blocks before it hold no escape).
            var i = pos &+ 1
            if let base = b.baseAddress {
                while i &+ 16 <= b.count {
                    let (low, high) = Scanner.stringStopWords(UnsafeRawPointer(base + i))
                    // The words tested one by one (most strings end in the first): testing both
                    // at once costs a mask extraction more.
                    let k: Int
                    if low != 0 {
                        k = low.trailingZeroBitCount &>> 3
                    } else if high != 0 {
                        k = 8 &+ high.trailingZeroBitCount &>> 3
                    } else {
                        i &+= 16
                        continue
                    }
                    if base[i &+ k] == UInt8(ascii: "\"") {
                        pos = i &+ k &+ 1
                        return false
                    }
                    break
                }
            }
            return longString(from: i)
        }

        /// ``string()`` for any string, read on from `first` (past its opening quote, and not
        /// after a backslash): sixteen bytes at a time, each escape checked where it is.
        mutating func longString(from first: Int) -> Bool? {
            guard let base = b.baseAddress else { return nil }
            let count = b.count
            var i = first
            var escaped = false
            while i + 16 <= count {
                var step = Scanner.quotedTextBlock(UnsafeRawPointer(base + i), escaped: &escaped)
                if step == 0 { step = Scanner.stringBlock(base + i, readable: count - i, escaped: &escaped) }
                if step > 0 {
                    i += step
                    continue
                }
                guard step != Int.min else { return nil }
                pos = i - step
                return escaped
            }
            return stringTail(from: i, escaped: escaped)
        }

        /// The end of a string within the last sixteen bytes, from `i`; read from a copy padded
        /// with zeros (control characters, so the padding ends the string as not plain).
        mutating func stringTail(from i: Int, escaped: Bool) -> Bool? {
            guard let base = b.baseAddress else { return nil }
            var escaped = escaped
            var tail: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            let rest = b.count - i
            let step = withUnsafeMutableBytes(of: &tail) { t -> Int in
                if rest > 0 { t.baseAddress!.copyMemory(from: base + i, byteCount: rest) }
                return Scanner.stringBlock(
                    t.baseAddress!.assumingMemoryBound(to: UInt8.self), readable: 32, escaped: &escaped)
            }
            // Past the padding's first byte the string cannot have ended well.
            guard step <= 0, step != Int.min else { return nil }
            pos = i - step
            return escaped
        }

        /// ``stringBlock(_:readable:escaped:)`` for the common blocks, all masks at once: a block
        /// whose escapes before the string's end are all `\"` (JSON text held in a string) and that
        /// has no control character there. 16 when the string goes on past it (15 when its last byte
        /// is a backslash, whose escape the next block reads), minus the offset after its closing
        /// quote when it ends there, 0 when the block needs the general reading (another escape, a
        /// backslash escaped).
        @inline(__always)
        static func quotedTextBlock(_ p: UnsafeRawPointer, escaped: inout Bool) -> Int {
            let v = p.loadUnaligned(as: SIMD16<UInt8>.self)
            let one = SIMD16<UInt8>(repeating: 1)
            let high = ~v & SIMD16(repeating: 0x80)
            // Each kind of byte as two words (bytes 0-7, 8-15), the high bit set of each byte of the
            // kind (exact: lanes do not borrow); kept so, as packing them into masks costs more.
            let (quoteLow, quoteHigh) = words(((v ^ SIMD16(repeating: 0x22)) &- one) & high)
            let (slashLow, slashHigh) = words(((v ^ SIMD16(repeating: 0x5C)) &- one) & high)
            let (controlLow, controlHigh) = words((v &- SIMD16(repeating: 0x20)) & high)
            // Each backslash escapes the byte after it unless it is itself escaped (then the
            // general reading decides).
            let escapeLow = slashLow &<< 8
            let escapeHigh = slashHigh &<< 8 | slashLow &>> 56
            let endLow = quoteLow & ~escapeLow
            let endHigh = quoteHigh & ~escapeHigh
            // The bits below the first unescaped quote (all when there is none).
            let beforeLow: UInt64 = endLow != 0 ? (endLow &- 1) & ~endLow : ~0
            let beforeHigh: UInt64 = endLow != 0 ? 0 : endHigh != 0 ? (endHigh &- 1) & ~endHigh : ~0
            let oddLow = (controlLow | slashLow & escapeLow | escapeLow & ~quoteLow) & beforeLow
            let oddHigh = (controlHigh | slashHigh & escapeHigh | escapeHigh & ~quoteHigh) & beforeHigh
            guard oddLow | oddHigh == 0 else { return 0 }
            if slashLow & beforeLow | slashHigh & beforeHigh != 0 { escaped = true }
            if endLow != 0 { return -((endLow.trailingZeroBitCount &>> 3) &+ 1) }
            if endHigh != 0 { return -((endHigh.trailingZeroBitCount &>> 3) &+ 9) }
            // A backslash last in the block escapes a byte of the next one: read on from it.
            return slashHigh &>> 63 == 0 ? 16 : 15
        }

        /// Bit `i` set for each byte `i` of the words `low` (bytes 0-7) and `high` (8-15) with its
        /// high bit set.
        @inline(__always)
        static func bits(_ low: UInt64, _ high: UInt64) -> UInt32 {
            UInt32(truncatingIfNeeded: packHighBits(low) | packHighBits(high) &<< 8)
        }

        /// The sixteen bytes of `v` as two little-endian words (bytes 0-7, then 8-15).
        @inline(__always)
        static func words(_ v: SIMD16<UInt8>) -> (UInt64, UInt64) {
            let words = unsafeBitCast(v, to: SIMD2<UInt64>.self)
            return (UInt64(littleEndian: words[0]), UInt64(littleEndian: words[1]))
        }

        /// Reads the sixteen string bytes at `p` (`readable` bytes may be read from `p`, at least
        /// 16): how far to move on (positive) when the string goes on past them, minus the offset
        /// after its closing quote (zero or less) when it ends there, `Int.min` when it is not plain.
        /// Sets `escaped` when there is an escape.
        @inline(__always)
        static func stringBlock(_ p: UnsafePointer<UInt8>, readable: Int, escaped: inout Bool) -> Int {
            var stops = stringStops(UnsafeRawPointer(p))
            if stops == 0 { return 16 }
            var next = 16
            repeat {
                let k = stops.trailingZeroBitCount
                let c = p[k]
                if c == UInt8(ascii: "\"") { return -(k + 1) }
                // A control character, or a backslash as the last readable byte.
                guard c == UInt8(ascii: "\\"), k + 1 < readable else { return Int.min }
                escaped = true
                let after: Int
                switch p[k + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    after = k + 2
                case UInt8(ascii: "u"):
                    guard k + 6 <= readable, isHex(p[k + 2]), isHex(p[k + 3]), isHex(p[k + 4]), isHex(p[k + 5]) else {
                        return Int.min
                    }
                    after = k + 6
                default: return Int.min
                }
                // The escaped byte (a quote or backslash is a stop too) and any \u digits are passed.
                stops &= UInt32.max &<< UInt32(after)
                next = max(next, after)
            } while stops != 0
            return next
        }

        /// Bit `i` set for each of the sixteen bytes at `p` that is `"`, `\` or below 0x20.
        @inline(__always)
        static func stringStops(_ p: UnsafeRawPointer) -> UInt32 {
            let (low, high) = stringStopWords(p)
            if low | high == 0 { return 0 }
            return bits(low, high)
        }

        /// The sixteen bytes at `p` as two little-endian words, with the high bit of each byte set
        /// that is `"`, `\` or below 0x20 and every other bit clear (exact: byte-wise arithmetic
        /// on vector lanes borrows nothing from its neighbours).
        @inline(__always)
        static func stringStopWords(_ p: UnsafeRawPointer) -> (UInt64, UInt64) {
            let v = p.loadUnaligned(as: SIMD16<UInt8>.self)
            // A lane is flagged in its high bit: x - 1 has it for x == 0 (x = v ^ '"' or v ^ '\')
            // among bytes below 0x80, and v - 0x20 for v below 0x20; `& ~v` drops the bytes from 0x80
            // (the xor keeps v's high bit).
            let one = SIMD16<UInt8>(repeating: 1)
            let flagged =
                (((v ^ SIMD16(repeating: 0x22)) &- one) | ((v ^ SIMD16(repeating: 0x5C)) &- one)
                    | (v &- SIMD16(repeating: 0x20))) & ~v & SIMD16(repeating: 0x80)
            return words(flagged)
        }

        /// The high bits of the eight bytes of `w` as an 8-bit number (byte `i`'s as bit `i`).
        @inline(__always)
        static func packHighBits(_ w: UInt64) -> UInt64 {
            // Bit 8i moves to bit 56 + i; no two products overlap, so nothing carries.
            ((w &>> 7) &* 0x0102_0408_1020_4080) &>> 56
        }

        /// The high bit of each byte of `v` that is `"` or `\\`, and perhaps of bytes after one that is:
        /// its lowest set bit marks the first.
        @inline(__always) static func quoteOrBackslashBits(_ v: UInt64) -> UInt64 {
            let q = v ^ 0x2222_2222_2222_2222
            let s = v ^ 0x5C5C_5C5C_5C5C_5C5C
            return ((q &- 0x0101_0101_0101_0101) & ~q | (s &- 0x0101_0101_0101_0101) & ~s) & 0x8080_8080_8080_8080
        }

        /// The high bit of each byte of `v` that is `"`, `\\` or a control character, and perhaps of
        /// bytes after one: its lowest set bit marks the first (the matcher's skip of plain strings).
        @inline(__always) static func quoteBackslashOrControl(_ v: UInt64) -> UInt64 {
            quoteOrBackslashBits(v) | (v &- 0x2020_2020_2020_2020) & ~v & 0x8080_8080_8080_8080
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

        @inline(__always)
        static func isHex(_ c: UInt8) -> Bool {
            c &- UInt8(ascii: "0") < 10 || (c | 0x20) &- UInt8(ascii: "a") < 6
        }
    }
}
