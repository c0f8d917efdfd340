import JSONCore
import StepFunctionsSimulator

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Compares a case's expected events, as the bytes of its file, with a history, without building
/// them as JSON values: the quick path of `sfn test` for a history that matches.
///
/// It answers true only when `ConformanceComparison.compareEvents` would find no difference: every
/// expected event has its timestamp (not compared), its type, id and previous id as the event has
/// them, and the event's details object with the same fields, each the same value (a payload
/// expected as text equal to the text `GetExecutionHistory` shows), mask tokens and `<...>`
/// placeholders matching as the comparison's rule for text says (``Masks``). The event's fields
/// are visited where they are stored (``HistoryEventVisitor``): no field list is built. Anything
/// else (normalized ids, `\u` escapes, numbers with fractions, text standing for a number, a
/// difference) answers false, and the caller compares the parsed events as before, which also
/// writes the failure messages.
///
/// It answers true only for text the case reader's skim would check as JSON there
/// (``CaseTextSkim/checksEvents(_:)``: its nesting limit, no control character in a string, only
/// valid escapes, numbers without leading zeros, JSON whitespace, nothing after the array), so
/// that the reader may only delimit the events and leave them to it: every byte it accepts
/// without comparing it with bytes written for the history (names it reads, timestamps, values
/// it passes over, mask tokens and placeholders, integers) is read as strictly as the skim reads it.
package struct EventsTextMatch: JSONByteScanning {
    let b: UnsafeBufferPointer<UInt8>
    var pos = 0
    /// The case's mask tokens and literals, as ``Masks`` once needed (``masks()``): most
    /// histories match on their bytes and never need them.
    var maskSets: (tokens: Set<String>, literals: Set<String>) = ([], [])
    var madeMasks: Masks?
    /// The members of the details object being compared, as read so far: four `Int`s each (the
    /// name's start and end, the value's offset, and 1 once compared), `memberCapacity` at most.
    let members: UnsafeMutablePointer<Int>
    static let memberCapacity = 64
    var memberCount = 0
    /// How many of those are read and not yet compared (their flag 0).
    var pending = 0
    /// Whether the event gives its fields as a list, which may name one twice.
    var mayRepeat = false
    /// Whether the details object's closing brace has been read (`pos` is then past it).
    var membersEnded = false
    /// Set by the visitor when a member did not match.
    var failed = false
    /// Set by the visitor when the event has a details object.
    var hasDetails = false
    /// Bytes of an expected string with escapes, read as the text they stand for.
    var scratch: [UInt8] = []
    /// The last few objects and arrays matched as payloads (``matchedBefore(_:)``): `recentFields`
    /// `Int`s each (the addresses of its storage, ``Storage``, the start and end of the literal it
    /// matched, and its count), `recentCapacity` at most, after the members in the same table; how
    /// many, and where the next one goes once they are all taken.
    let recent: UnsafeMutablePointer<Int>
    static let recentCapacity = 4
    static let recentFields = 5
    var recentCount = 0
    var recentNext = 0
    /// The last JSON text parsed to compare it with an expected object or array, and its value
    /// (an execution's input as sent shows in its first events).
    var parsedText: (text: String, value: JSONValue)?
    /// Whether the quick paths are taken (``CommonDetailsReader``...); off only to test them
    /// against the walk they stand in for.
    var quick = true
    /// How deep the container of the value ``value(_:)`` reads is nested in the case file: a
    /// details object is 5 deep (the file's object, `expected`, the events, the event, the details).
    var depth = 5

    /// Every type's label (``labels``), read once per matcher: each read of the static checks it is made.
    let labelTable: UnsafeBufferPointer<Label>

    /// A matcher over `bytes`; `table` has room for ``tableCapacity`` `Int`s.
    init(_ bytes: UnsafeBufferPointer<UInt8>, masks: Masks?, table: UnsafeMutablePointer<Int>) {
        b = bytes
        labelTable = EventsTextMatch.labels.table
        madeMasks = masks
        members = table
        recent = table + 4 * EventsTextMatch.memberCapacity
    }

    /// The `Int`s of the table a matcher keeps its members and recent payloads in.
    static let tableCapacity = 4 * memberCapacity + recentFields * recentCapacity

    /// Whether the expected events (the whole of `text`, a JSON array) match `history`, with the
    /// case's mask `tokens` and `literals` (as `ConformanceComparison` has them).
    /// `quick` false takes none of the quick paths (to test them against the walk).
    package static func matches(
        _ text: String, _ history: [HistoryEvent], tokens: Set<String> = [], literals: Set<String> = [],
        quick: Bool = true
    ) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: tableCapacity) { table in
                var m = EventsTextMatch(bytes, masks: nil, table: table.baseAddress!)
                m.maskSets = (tokens, literals)
                m.quick = quick
                return m.events(history)
            }
        }
    }

    /// The case's ``Masks``, made the first time they are asked for.
    mutating func masks() -> Masks {
        if let madeMasks { return madeMasks }
        let sets = maskSets
        let made: Masks
        let cached: Masks? = EventsTextMatch.recentMasks.withLock { recent in
            recent.first { $0.isMade(of: sets) }
        }
        if let cached {
            made = cached
        } else {
            made = Masks(tokens: sets.tokens, literals: sets.literals)
            EventsTextMatch.recentMasks.withLock { recent in
                if recent.count == EventsTextMatch.recentMasksCapacity { recent.removeLast() }
                recent.insert(made, at: 0)
            }
        }
        madeMasks = made
        return made
    }

    /// The last few ``Masks`` made, the latest first: the cases of a corpus mostly have one of
    /// a few sets of tokens and literals, and making them again cost more than comparing them.
    static let recentMasks = Locked<[Masks]>([])
    static let recentMasksCapacity = 8

    /// Runs `body` on a matcher over `bytes` (no masks), for the static helpers and tests.
    static func with<R>(
        _ bytes: UnsafeBufferPointer<UInt8>, masks: Masks = Masks(), _ body: (inout EventsTextMatch) -> R
    )
        -> R
    {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: tableCapacity) { table in
            var m = EventsTextMatch(bytes, masks: masks, table: table.baseAddress!)
            return body(&m)
        }
    }

    /// After a member or item: true after a `,`, false after the closing `close` (or anything else,
    /// which `ended` then tells apart).
    mutating func next(_ close: UInt8, ended: inout Bool) -> Bool {
        whitespace()
        if byte == UInt8(ascii: ",") {
            pos += 1
            whitespace()
            return true
        }
        ended = byte == close
        pos += 1
        return false
    }

    mutating func events(_ history: [HistoryEvent]) -> Bool {
        whitespace()
        guard byte == UInt8(ascii: "[") else { return false }
        pos += 1
        whitespace()
        if byte == UInt8(ascii: "]") { return history.isEmpty && pos + 1 == b.count }
        // The events are read where they are stored: a copy of each would retain its payloads.
        return history.withUnsafeBufferPointer { events in
            var i = 0
            var ended = false
            repeat {
                guard i < events.count, event(events.baseAddress! + i) else { return false }
                i += 1
            } while next(UInt8(ascii: "]"), ended: &ended)
            // Nothing after the array (the reader's range ends with it).
            return ended && i == events.count && pos == b.count
        }
    }

    /// Whether the bytes at `pos` are `word`; if so, moves past them.
    @inline(__always)
    mutating func skip(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard pos + n <= b.count, let base = b.baseAddress, EventsTextMatch.equal(base + pos, word.utf8Start, n) else {
            return false
        }
        pos += n
        return true
    }

    /// Reads a member name (without escapes or control characters) and its colon; the range of
    /// the name's bytes.
    mutating func key() -> Range<Int>? {
        guard byte == UInt8(ascii: "\"") else { return nil }
        let start = pos + 1
        var p = firstMarked(from: start, CaseTextSkim.Scanner.quoteBackslashOrControl)
        while p < b.count, b[p] >= 0x20, b[p] != UInt8(ascii: "\""), b[p] != UInt8(ascii: "\\") { p += 1 }
        guard p < b.count, b[p] == UInt8(ascii: "\"") else { return nil }
        pos = p + 1
        whitespace()
        guard byte == UInt8(ascii: ":") else { return nil }
        pos += 1
        whitespace()
        return start..<p
    }

    // The helpers below that read `self` are inlined: a call to a non-mutating method from a
    // mutating one copies the whole matcher first.

    @inline(__always)
    func keyIs(_ key: Range<Int>, _ name: StaticString) -> Bool {
        guard key.count == name.utf8CodeUnitCount else { return false }
        return same(key, UnsafeBufferPointer(start: name.utf8Start, count: key.count))
    }

    @inline(__always)
    func keyIs(_ key: Range<Int>, text name: String) -> Bool {
        // The length first: most names asked about are not the one there.
        guard key.count == name.utf8.count, let base = b.baseAddress else { return false }
        return EventsTextMatch.equal(base + key.lowerBound, name)
    }

    /// Whether the bytes at `p` are those of `s` (as many as it has).
    static func equal(_ p: UnsafePointer<UInt8>, _ s: String) -> Bool {
        if let equal = s.utf8.withContiguousStorageIfAvailable({
            $0.isEmpty || EventsTextMatch.equal(p, $0.baseAddress!, $0.count)
        }) {
            return equal
        }
        var s = s
        return s.withUTF8 { $0.isEmpty || EventsTextMatch.equal(p, $0.baseAddress!, $0.count) }
    }

    /// Whether the bytes at `key` are `n` (of the same length).
    @inline(__always)
    func same(_ key: Range<Int>, _ n: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = b.baseAddress, let other = n.baseAddress else { return n.isEmpty }
        return EventsTextMatch.equal(base + key.lowerBound, other, n.count)
    }

    /// One event: `{timestamp, type, id, previousEventId[, details]}` in any order, each once.
    mutating func event(_ a: UnsafePointer<HistoryEvent>) -> Bool {
        let start = pos
        if eventAsWritten(a) { return true }
        // Another layout (or a difference): read member by member.
        pos = start
        return eventInAnyOrder(a)
    }

    /// The event written compactly in `GetExecutionHistory`'s order, as `sfn` and most recorders
    /// write it: `{"timestamp":"…","type":"…","id":N,"previousEventId":N[,"…EventDetails":{…}]}`.
    /// False for anything else, and the caller reads the event again in any order.
    mutating func eventAsWritten(_ a: UnsafePointer<HistoryEvent>) -> Bool {
        guard skip(#"{"timestamp":""#), skipPlainString() else { return false }
        let type = a.pointee.type
        let label = labelTable[HistoryEventType.ordinal(type)]
        guard skip(label.typeText), integer(equalTo: a.pointee.id), skip(#","previousEventId":"#),
            integer(equalTo: a.pointee.previousEventId)
        else { return false }
        if skip("}") { return noDetails(a) }
        guard !label.detailsText.isEmpty, skip(label.detailsText) else { return false }
        exactName = label.exactName
        return details(of: a) && skip("}")
    }

    /// Moves past the rest of a string literal whose bytes need no escape (a timestamp), its
    /// closing quote included; false for any other (with an escape or a control character).
    @inline(__always)
    mutating func skipPlainString() -> Bool {
        var p = firstMarked(from: pos, CaseTextSkim.Scanner.quoteBackslashOrControl)
        while p < b.count, b[p] >= 0x20, b[p] != UInt8(ascii: "\""), b[p] != UInt8(ascii: "\\") { p += 1 }
        guard p < b.count, b[p] == UInt8(ascii: "\"") else { return false }
        pos = p + 1
        return true
    }

    /// From `p`, the position of the first byte `marks` flags, looked for eight bytes at a time
    /// (a word's lowest mark is exact), or where fewer than eight bytes are left to look at.
    @inline(__always)
    func firstMarked(from p: Int, _ marks: (UInt64) -> UInt64) -> Int {
        guard let base = UnsafeRawPointer(b.baseAddress) else { return p }
        var p = p
        while p + 8 <= b.count {
            let bits = marks(base.loadUnaligned(fromByteOffset: p, as: UInt64.self))
            if bits != 0 { return p + bits.trailingZeroBitCount >> 3 }
            p += 8
        }
        return p
    }

    /// An event expected without details: whether it shows none.
    mutating func noDetails(_ a: UnsafePointer<HistoryEvent>) -> Bool {
        hasDetails = false
        failed = false
        memberCount = 0
        membersEnded = true
        probing = true
        HistoryEvent.describe(a, to: &self)
        probing = false
        return !hasDetails
    }

    /// ``event(_:)`` member by member, in any order.
    mutating func eventInAnyOrder(_ e: UnsafePointer<HistoryEvent>) -> Bool {
        guard byte == UInt8(ascii: "{") else { return false }
        pos += 1
        whitespace()
        let type = e.pointee.type
        let label = labelTable[HistoryEventType.ordinal(type)]
        var seen = 0
        var ended = false
        if byte == UInt8(ascii: "}") { return false }
        repeat {
            guard let k = key() else { return false }
            let bit: Int
            if keyIs(k, "timestamp") {
                bit = 1
                var s = CaseTextSkim.Scanner(b: b, pos: pos)
                guard s.value(depth: 4) else { return false }
                pos = s.pos
            } else if keyIs(k, "type") {
                bit = 2
                // The type and a state's name are the event's label, compared exactly (no placeholders).
                guard string(equalTo: label.typeName) else { return false }
            } else if keyIs(k, "id") {
                bit = 4
                guard integer(equalTo: e.pointee.id) else { return false }
            } else if keyIs(k, "previousEventId") {
                bit = 8
                guard integer(equalTo: e.pointee.previousEventId) else { return false }
            } else if !label.detailsKey.isEmpty, k.count == label.detailsKey.count, same(k, label.detailsKey) {
                bit = 16
                exactName = label.exactName
                guard details(of: e) else { return false }
            } else {
                return false
            }
            guard seen & bit == 0 else { return false }
            seen |= bit
        } while next(UInt8(ascii: "}"), ended: &ended)
        guard ended, seen & 15 == 15 else { return false }
        // No details expected: the event must show none.
        if seen & 16 == 0 { return noDetails(e) }
        return true
    }

    /// While only asking whether an event has details.
    var probing = false
    /// Whether the details' `name` is the state's, part of the event's label (compared exactly).
    var exactName = false

    /// The details object at `pos`: the event's fields as `HistoryEvent.json` writes them (a
    /// payload with its `inputDetails`/`outputDetails`), as a set of names, each with its value.
    /// The event hands its fields over as the visitor of ``HistoryEvent/describe(to:)``; each is
    /// looked for among the expected members, which are read as far as needed (in the order
    /// `GetExecutionHistory` writes them, most are met where they are asked for).
    mutating func details(of a: UnsafePointer<HistoryEvent>) -> Bool {
        guard byte == UInt8(ascii: "{") else { return false }
        pos += 1
        whitespace()
        if quick {
            let start = pos
            if HistoryEvent.readCommonDetails(a, to: &self) == true { return true }
            pos = start
        }
        memberCount = 0
        pending = 0
        mayRepeat = false
        membersEnded = false
        failed = false
        hasDetails = false
        if byte == UInt8(ascii: "}") {
            pos += 1
            membersEnded = true
        }
        HistoryEvent.describe(a, to: &self)
        guard !failed, hasDetails else { return false }
        // Members the event does not have: none may be left.
        return membersEnded && pending == 0
    }

    /// Whether a member of that name was read already.
    @inline(__always)
    func isRecorded(_ k: Range<Int>) -> Bool {
        for i in 0..<memberCount where keyIs(members[4 * i]..<members[4 * i + 1], bytesOf: k) { return true }
        return false
    }

    @inline(__always)
    func keyIs(_ key: Range<Int>, bytesOf other: Range<Int>) -> Bool {
        guard key.count == other.count, let base = b.baseAddress else { return false }
        return EventsTextMatch.equal(base + key.lowerBound, base + other.lowerBound, key.count)
    }

    /// Reads the next member's name of the details object (nil at its end or on bad text, `failed`
    /// telling them apart).
    mutating func nextMember() -> Range<Int>? {
        guard let k = key() else {
            failed = true
            return nil
        }
        return k
    }

    /// After a member's value: reads the `,` or the closing brace.
    mutating func afterMember() {
        var ended = false
        if !next(UInt8(ascii: "}"), ended: &ended) {
            if ended { membersEnded = true } else { failed = true }
        }
    }

    /// The expected member `name` (followed by `Details` when `details`) matches as `match` says.
    @inline(__always)
    mutating func member(
        _ name: UnsafeBufferPointer<UInt8>, details: Bool = false, _ match: (inout EventsTextMatch) -> Bool
    ) {
        if probing {
            hasDetails = true
            return
        }
        guard !failed else { return }
        func isName(_ k: Range<Int>) -> Bool {
            if !details { return k.count == name.count && same(k, name) }
            let suffix: StaticString = "Details"
            let n = suffix.utf8CodeUnitCount
            guard k.count == name.count + n, same(k.lowerBound..<(k.lowerBound + name.count), name) else {
                return false
            }
            return memcmp(b.baseAddress! + k.lowerBound + name.count, suffix.utf8Start, n) == 0
        }
        // Read already (out of order)? Only if some member is read but not compared, or a name
        // may come twice.
        for i in 0..<(pending > 0 || mayRepeat ? memberCount : 0) where isName(members[4 * i]..<members[4 * i + 1]) {
            // A name the event gives twice (a payload's `inputDetails` in a field list that has one)
            // is compared each time: the last value, which the parsed comparison takes, included.
            if members[4 * i + 3] == 0 { pending -= 1 }
            members[4 * i + 3] = 1
            let resume = pos
            pos = members[4 * i + 2]
            if !match(&self) { failed = true }
            pos = resume
            return
        }
        // Most often it comes next, named as asked (the order `GetExecutionHistory` writes): no
        // name read and searched for.
        if !membersEnded, memberCount < Self.memberCapacity, let k = nameHere(name, details: details) {
            let at = memberCount
            members[4 * at] = k.lowerBound
            members[4 * at + 1] = k.upperBound
            members[4 * at + 2] = pos
            members[4 * at + 3] = 1
            memberCount += 1
            if !match(&self) {
                failed = true
                return
            }
            afterMember()
            return
        }
        // Read on until it comes.
        while !membersEnded {
            guard memberCount < Self.memberCapacity, let k = nextMember(), !isRecorded(k) else {
                failed = true
                return
            }
            let at = memberCount
            members[4 * at] = k.lowerBound
            members[4 * at + 1] = k.upperBound
            members[4 * at + 2] = pos
            memberCount += 1
            if isName(k) {
                members[4 * at + 3] = 1
                if !match(&self) {
                    failed = true
                    return
                }
            } else {
                members[4 * at + 3] = 0
                pending += 1
                // A member of the details object (5 deep), checked as the reader checks it.
                var s = CaseTextSkim.Scanner(b: b, pos: pos)
                guard s.value(depth: 5) else {
                    failed = true
                    return
                }
                pos = s.pos
            }
            afterMember()
            if isName(k) || failed { return }
        }
        failed = true
    }

    /// Whether the member name at `pos` is `name` (followed by `Details` when `details`); if so,
    /// reads it and its colon (as ``key()`` does) and gives the name's range.
    @inline(__always)
    mutating func nameHere(_ name: UnsafeBufferPointer<UInt8>, details: Bool) -> Range<Int>? {
        let suffix: StaticString = "Details"
        let n = name.count + (details ? suffix.utf8CodeUnitCount : 0)
        guard let base = b.baseAddress, let nameBase = name.baseAddress, pos + n + 2 < b.count,
            base[pos] == UInt8(ascii: "\""), base[pos + n + 1] == UInt8(ascii: "\""),
            EventsTextMatch.equal(base + pos + 1, nameBase, name.count),
            !details || EventsTextMatch.equal(base + pos + 1 + name.count, suffix.utf8Start, suffix.utf8CodeUnitCount)
        else { return nil }
        let start = pos
        pos += n + 2
        whitespace()
        guard byte == UInt8(ascii: ":") else {
            pos = start
            return nil
        }
        pos += 1
        whitespace()
        return (start + 1)..<(start + 1 + n)
    }

    /// Whether the member name at `pos` is `name`, which has no quote or backslash (so `key()`
    /// would read it as it is); if so, reads it and its colon.
    @inline(__always)
    mutating func nameHere(plain name: String) -> Bool {
        name.utf8.withContiguousStorageIfAvailable {
            let start = pos
            // The name's bytes as read (the same as its own) need no escape.
            guard let k = nameHere($0, details: false) else { return false }
            guard !needsEscape(at: k) else {
                pos = start
                return false
            }
            return true
        } ?? false
    }

    @inline(__always)
    mutating func member(_ key: EventKey, details: Bool = false, _ match: (inout EventsTextMatch) -> Bool) {
        let name = key.staticName
        member(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount), details: details, match)
    }

    /// `{"truncated": false}` (`EventField.notTruncated`), as `value(_:)` would match it.
    mutating func notTruncated() -> Bool {
        if skip(#"{"truncated":false}"#) { return true }
        guard byte == UInt8(ascii: "{") else { return value(EventsTextMatch.notTruncatedValue) }
        let start = pos
        pos += 1
        whitespace()
        if let k = key(), keyIs(k, "truncated") {
            var s = CaseTextSkim.Scanner(b: b, pos: pos)
            if s.literal("false") {
                pos = s.pos
                whitespace()
                if byte == UInt8(ascii: "}") {
                    pos += 1
                    return true
                }
            }
        }
        pos = start
        return value(EventsTextMatch.notTruncatedValue)
    }

    static let notTruncatedValue: JSONValue = ["truncated": false]

    /// Whether `jsonDetailFields` adds a `…Details` entry after this field (a payload `input` or `output`).
    static func addsDetails(_ key: String, _ value: EventField) -> Bool {
        if case .value = value { return false }
        return key == "input" || key == "output"
    }

    /// One detail field; a payload expected as text is compared with the JSON text AWS's API shows.
    mutating func field(_ field: EventField) -> Bool {
        switch field {
        case .value(let v): return value(v)
        case .text(let t): return value(.string(t))
        case .payload(let v):
            guard byte == UInt8(ascii: "\"") else { return value(v) }
            let start = pos
            let storage = EventsTextMatch.storage(v)
            if let storage, matchedBefore(storage) { return true }
            // An object that begins as one matched before (a state's input with a member added).
            if quick, let storage, storage.keys != 0, extendsMatched(storage) {
                remember(storage, start..<pos)
                return true
            }
            if payloadText(v) {
                if let storage { remember(storage, start..<pos) }
                return true
            }
            // Not the text as written: perhaps with placeholders or mask tokens (rare, so the text is written).
            pos = start
            var text = JSONWriter.compactJava.string(v)
            return text.withUTF8 { masked(actual: $0) }
        }
    }

    /// Where an object's or array's elements are stored: the addresses of its buffers. Two
    /// values stored at the same place are the same value, for as long as both are alive (the
    /// payloads compared are the history's, alive while it is compared).
    struct Storage {
        let keys: Int
        let values: Int
        /// How many elements (members) it has.
        let count: Int
    }

    /// The storage of `v`, an object or array (nil for other values, which are not remembered).
    @inline(__always)
    static func storage(_ v: JSONValue) -> Storage? {
        switch v {
        case .object(let o):
            return Storage(
                keys: o.keys.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) },
                values: o.values.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }, count: o.count)
        case .array(let a):
            return Storage(
                keys: 0, values: a.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }, count: a.count)
        default:
            return nil
        }
    }

    /// Whether the payload stored at `storage` was matched before in this history and the literal
    /// at `pos` has the bytes it matched then; if so, moves past it (the same bytes from a quote
    /// on are the same literal, ending where that one did). A state's output is the next state's
    /// input, and a Task's input its state's: in a history most payloads come two or three times.
    mutating func matchedBefore(_ storage: Storage) -> Bool {
        for i in 0..<recentCount {
            let r = recent + EventsTextMatch.recentFields * i
            guard r[0] == storage.keys, r[1] == storage.values, let base = b.baseAddress else { continue }
            let count = r[3] - r[2]
            if pos + count <= b.count, EventsTextMatch.equal(base + pos, base + r[2], count) {
                pos += count
                return true
            }
        }
        return false
    }

    /// Keeps the payload stored at `storage`, matched by the string literal at `literal`, among the
    /// last few payloads matched.
    mutating func remember(_ storage: Storage, _ literal: Range<Int>) {
        let at: Int
        if recentCount < EventsTextMatch.recentCapacity {
            at = recentCount
            recentCount += 1
        } else {
            at = recentNext
            recentNext = (recentNext + 1) % EventsTextMatch.recentCapacity
        }
        let r = recent + EventsTextMatch.recentFields * at
        r[0] = storage.keys
        r[1] = storage.values
        r[2] = literal.lowerBound
        r[3] = literal.upperBound
        r[4] = storage.count
    }

    /// Whether two strings have the same UTF-8 bytes (`==` compares them as Unicode text): their
    /// storage compared at once when both have it contiguous, else byte by byte.
    static func sameBytes(_ x: String, _ y: String) -> Bool {
        let n = x.utf8.count
        guard n == y.utf8.count else { return false }
        guard n > 0 else { return true }
        let same: Bool?? = x.utf8.withContiguousStorageIfAvailable { p in
            y.utf8.withContiguousStorageIfAvailable { q in equal(p.baseAddress!, q.baseAddress!, n) }
        }
        if case .some(.some(let same)) = same { return same }
        return x.utf8.elementsEqual(y.utf8)
    }

    /// Whether the JSON string literal at `pos` holds exactly the text `JSONWriter.compactJava`
    /// writes for `v`, read as the value is walked: no text is written, nothing is allocated (but
    /// for numbers with fractions). Short escapes are read; `\u` gives up, as does nesting past 128.
    mutating func payloadText(_ v: JSONValue) -> Bool {
        guard byte == UInt8(ascii: "\"") else { return false }
        pos += 1
        guard written(v, depth: 0), byte == UInt8(ascii: "\"") else { return false }
        pos += 1
        return true
    }

    /// The written text of `v` comes next in the string being read.
    mutating func written(_ v: JSONValue, depth: Int) -> Bool {
        switch v {
        case .null: return take("null")
        case .bool(let flag): return flag ? take("true") : take("false")
        case .number(.int(let i)):
            if i >= 0 && i < 10 { return take(UInt8(truncatingIfNeeded: i) &+ 0x30) }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: JSONStreamWriter.maxIntegerCount) { room in
                let n = JSONStreamWriter.writeInteger(Int(i), to: room.baseAddress!)
                // Digits and `-` stand for themselves in a string (no escape reads as one): compared
                // as bytes, as `take` would read them one by one.
                guard let base = b.baseAddress, pos + n <= b.count,
                    EventsTextMatch.equal(base + pos, room.baseAddress!, n)
                else { return false }
                pos += n
                return true
            }
        case .number(let n):
            var text = JSONWriter.javaString(n)
            return text.withUTF8 { take($0) }
        case .string(let s): return written(string: s)
        case .array(let items):
            guard depth < 128 else { return false }
            if quick, depth > 0, recentCount > 0, !items.isEmpty,
                matchedInside(
                    Storage(
                        keys: 0, values: items.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }, count: 0),
                    depth: depth)
            {
                return true
            }
            guard take(UInt8(ascii: "[")) else { return false }
            // Each item lent where it is stored (``withBorrowedPointee``): a copy would retain
            // what it holds, and release it after.
            let matched = items.withUnsafeBufferPointer { items in
                for i in 0..<items.count {
                    if i > 0 { guard take(UInt8(ascii: ",")) else { return false } }
                    guard (items.baseAddress! + i).withBorrowedPointee({ written($0, depth: depth + 1) }) else {
                        return false
                    }
                }
                return true
            }
            return matched && take(UInt8(ascii: "]"))
        case .object(let o):
            guard depth < 128 else { return false }
            if quick, depth > 0, recentCount > 0, !o.isEmpty,
                matchedInside(
                    Storage(
                        keys: o.keys.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) },
                        values: o.values.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }, count: 0),
                    depth: depth)
            {
                return true
            }
            guard take(UInt8(ascii: "{")) else { return false }
            let matched = o.keys.withUnsafeBufferPointer { keys in
                o.values.withUnsafeBufferPointer { values in writtenMembers(keys, values, depth: depth) }
            }
            return matched && take(UInt8(ascii: "}"))
        }
    }

    /// The members of an object, its `keys` and `values`, written, come next (between its braces);
    /// each lent where it is stored. From `first` on (the ones before read already).
    mutating func writtenMembers(
        _ keys: UnsafeBufferPointer<String>, _ values: UnsafeBufferPointer<JSONValue>, depth: Int, from first: Int = 0
    ) -> Bool {
        guard let names = keys.baseAddress, let items = values.baseAddress else { return keys.isEmpty }
        let end = min(keys.count, values.count)
        guard first <= end else { return false }
        for i in first..<end {
            if i > 0 { guard take(UInt8(ascii: ",")) else { return false } }
            guard (names + i).withBorrowedPointee({ writtenName($0) }),
                (items + i).withBorrowedPointee({ written($0, depth: depth + 1) })
            else { return false }
        }
        return true
    }

    /// `s` written as a member name, and its colon, come next.
    @inline(__always)
    mutating func writtenName(_ s: String) -> Bool {
        if quick, let matched = s.utf8.withContiguousStorageIfAvailable({ writtenPlain($0, colon: true) }), matched {
            return true
        }
        return written(string: s) && take(UInt8(ascii: ":"))
    }

    /// `s` written as a JSON string (quoted, `"`, `\` and control characters escaped) comes next.
    @inline(__always)
    mutating func written(string s: String) -> Bool {
        if quick, let matched = s.utf8.withContiguousStorageIfAvailable({ writtenPlain($0) }), matched { return true }
        guard take(UInt8(ascii: "\"")) else { return false }
        let matched: Bool? = s.utf8.withContiguousStorageIfAvailable { writtenEscaped($0) }
        if let matched {
            guard matched else { return false }
        } else {
            var copy = s
            guard copy.withUTF8({ writtenEscaped($0) }) else { return false }
        }
        return take(UInt8(ascii: "\""))
    }

    /// Whether `a`, written as a JSON string that needs no escape, comes next as `\"a\"` in the
    /// string being read (what ``written(string:)`` reads for most names and texts); if so, moves
    /// past it. False for anything else, and ``written(string:)`` reads it byte by byte.
    /// With `colon`, the `:` after it too.
    @inline(__always)
    mutating func writtenPlain(_ a: UnsafeBufferPointer<UInt8>, colon: Bool = false) -> Bool {
        let n = a.count
        let end = pos + n + (colon ? 5 : 4)
        guard let base = b.baseAddress, end <= b.count, base[pos] == UInt8(ascii: "\\"),
            base[pos + 1] == UInt8(ascii: "\""), base[pos + n + 2] == UInt8(ascii: "\\"),
            base[pos + n + 3] == UInt8(ascii: "\""), !colon || base[pos + n + 4] == UInt8(ascii: ":"),
            n == 0 || EventsTextMatch.plainEqual(base + pos + 2, a.baseAddress!, n, controlsToo: true)
        else { return false }
        pos = end
        return true
    }

    /// Whether the `n` bytes at `p` and `q` are equal: eight at a time, inlined (the texts compared
    /// are short, and a call to `memcmp` costs more than comparing them).
    @inline(__always)
    static func equal(_ p: UnsafePointer<UInt8>, _ q: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let x = UnsafeRawPointer(p)
        let y = UnsafeRawPointer(q)
        if n >= 8 {
            var i = 0
            while i + 8 < n {
                guard
                    x.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                        == y.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                else { return false }
                i += 8
            }
            // The last eight (overlapping the word before when `n` is not a multiple of eight).
            return x.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                == y.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        if n >= 4 {
            return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
                && x.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
                    == y.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        }
        for i in 0..<n where p[i] != q[i] { return false }
        return true
    }

    /// Whether the `n` bytes at `p` and `q` are equal and none is a quote or a backslash (nor, with
    /// `controlsToo`, a control character): bytes that stand for themselves in a string literal,
    /// both written and read. Eight at a time, in one pass.
    @inline(__always)
    package static func plainEqual(_ p: UnsafePointer<UInt8>, _ q: UnsafePointer<UInt8>, _ n: Int, controlsToo: Bool)
        -> Bool
    {
        @inline(__always) func plain(_ v: UInt64) -> Bool {
            controlsToo
                ? CaseTextSkim.Scanner.quoteBackslashOrControl(v) == 0
                : CaseTextSkim.Scanner.quoteOrBackslashBits(v) == 0
        }
        let x = UnsafeRawPointer(p)
        let y = UnsafeRawPointer(q)
        if n >= 8 {
            var i = 0
            while i + 8 < n {
                let v = x.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                guard v == y.loadUnaligned(fromByteOffset: i, as: UInt64.self), plain(v) else { return false }
                i += 8
            }
            // The last eight (overlapping the word before when `n` is not a multiple of eight).
            let v = x.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            return v == y.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) && plain(v)
        }
        if n >= 4 {
            // The first four and the last four (overlapping), as one word.
            let v =
                UInt64(x.loadUnaligned(as: UInt32.self)) | UInt64(
                    x.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32
            let w =
                UInt64(y.loadUnaligned(as: UInt32.self)) | UInt64(
                    y.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32
            return v == w && plain(v)
        }
        for i in 0..<n {
            let c = p[i]
            guard c == q[i], c != UInt8(ascii: "\""), c != UInt8(ascii: "\\"), !controlsToo || c >= 0x20 else {
                return false
            }
        }
        return true
    }

    /// ``needsEscape(_:)`` of the text's bytes at `range`, which a closing quote follows: read a
    /// word at a time, the last word overlapping the one before, or for a short range one word
    /// read on past it (within the text), the bytes past it taken as letters.
    @inline(__always)
    func needsEscape(at range: Range<Int>) -> Bool {
        guard let base = UnsafeRawPointer(b.baseAddress) else { return false }
        let n = range.count
        if n <= 8 && range.lowerBound + 8 <= b.count {
            let keep: UInt64 = n == 8 ? ~0 : (1 &<< UInt64(8 &* n)) &- 1
            let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: range.lowerBound, as: UInt64.self))
            return CaseTextSkim.Scanner.quoteBackslashOrControl(w & keep | 0x6161_6161_6161_6161 & ~keep) != 0
        }
        guard n >= 8 else {
            return EventsTextMatch.needsEscape(UnsafeBufferPointer(start: b.baseAddress! + range.lowerBound, count: n))
        }
        var i = range.lowerBound
        while i &+ 8 < range.upperBound {
            if CaseTextSkim.Scanner.quoteBackslashOrControl(base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) != 0
            {
                return true
            }
            i &+= 8
        }
        return CaseTextSkim.Scanner.quoteBackslashOrControl(
            base.loadUnaligned(fromByteOffset: range.upperBound &- 8, as: UInt64.self)) != 0
    }

    /// Whether `a` holds a byte JSON escapes in a string: `"`, `\\` or a control character (so
    /// its bytes as they are, in quotes, are not a JSON string).
    static func needsEscape(_ a: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = UnsafeRawPointer(a.baseAddress) else { return false }
        var i = 0
        while i + 8 <= a.count {
            if CaseTextSkim.Scanner.quoteBackslashOrControl(p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) != 0 {
                return true
            }
            i += 8
        }
        while i < a.count {
            if a[i] < 0x20 || a[i] == UInt8(ascii: "\"") || a[i] == UInt8(ascii: "\\") { return true }
            i += 1
        }
        return false
    }

    /// The bytes `a` as `JSONWriter` escapes them inside a string come next.
    mutating func writtenEscaped(_ a: UnsafeBufferPointer<UInt8>) -> Bool {
        // Most names and values need no escape and are there as they are: one pass over both.
        if pos + a.count <= b.count {
            var plain = true
            for k in 0..<a.count {
                let c = a[k]
                if c < 0x20 || c == 0x22 || c == 0x5C || b[pos + k] != c {
                    plain = false
                    break
                }
            }
            if plain {
                pos += a.count
                return true
            }
        }
        var i = 0
        while i < a.count {
            // Eight bytes at a time while they need no escape on either side (a control character
            // would, written).
            skipEqualWords(a, &i, controlsToo: true)
            guard i < a.count else { break }
            let c = a[i]
            i += 1
            if c < 0x20 || c == 0x22 || c == 0x5C {
                // As `JSONWriter` escapes it.
                let matched = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 6) { room in
                    let n = JSONBytes.writeEscape(c, to: room.baseAddress!)
                    return take(UnsafeBufferPointer(rebasing: room[0..<n]))
                }
                guard matched else { return false }
            } else {
                guard take(c) else { return false }
            }
        }
        return true
    }

    /// The next byte of the string being read (an escape read as the byte it stands for) is `c`.
    @inline(__always)
    mutating func take(_ c: UInt8) -> Bool {
        guard pos < b.count else { return false }
        let raw = b[pos]
        if raw == c && raw != UInt8(ascii: "\\") && raw != UInt8(ascii: "\"") {
            pos += 1
            return true
        }
        guard raw == UInt8(ascii: "\\"), pos + 1 < b.count, let d = Self.unescaped(b[pos + 1]), d == c else {
            return false
        }
        pos += 2
        return true
    }

    /// The next bytes of the string being read are `word`.
    mutating func take(_ word: StaticString) -> Bool {
        take(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
    }

    /// The next bytes of the string being read are `a`.
    mutating func take(_ a: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in a { guard take(c) else { return false } }
        return true
    }

    /// The byte a short escape (`\n`...) stands for, nil for `\u` and anything else.
    @inline(__always)
    static func unescaped(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "\""): return UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): return UInt8(ascii: "\\")
        case UInt8(ascii: "/"): return UInt8(ascii: "/")
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        default: return nil
        }
    }

    /// Whether `literal` (a JSON string literal, quotes included) holds the text
    /// `JSONWriter.compactJava` writes for `v`: what the events comparison asks of a payload.
    /// `quick` false takes none of the quick paths (to test them).
    package static func payloadMatches(_ literal: String, _ v: JSONValue, quick: Bool = true) -> Bool {
        var literal = literal
        return literal.withUTF8 { bytes in
            with(bytes) { m in
                m.quick = quick
                return m.payloadText(v) && m.pos == bytes.count
            }
        }
    }

    /// An expected value equal to `v`: strings by their bytes (or as placeholders and mask tokens
    /// match), numbers (integers only) by value, objects as sets of members.
    mutating func value(_ v: JSONValue) -> Bool {
        switch (byte, v) {
        case (UInt8(ascii: "\""), .string(let s)): return string(matching: s)
        case (UInt8(ascii: "\""), _): return masked(actual: nil)
        case (UInt8(ascii: "{"), .string(let s)), (UInt8(ascii: "["), .string(let s)):
            // An expected object or array against JSON text (an execution's input as sent): the
            // value the text holds.
            if let p = parsedText, EventsTextMatch.sameBytes(p.text, s) { return value(p.value) }
            guard let parsed = try? JSONParser.parse(s) else { return false }
            parsedText = (s, parsed)
            return value(parsed)
        case (UInt8(ascii: "t"), .bool(true)), (UInt8(ascii: "f"), .bool(false)), (UInt8(ascii: "n"), .null):
            var s = CaseTextSkim.Scanner(b: b, pos: pos)
            guard s.value(depth: 4) else { return false }
            pos = s.pos
            return true
        case (UInt8(ascii: "-"), .number(let n)), (UInt8(ascii: "0")...UInt8(ascii: "9"), .number(let n)):
            let start = pos
            if let i = integer() { return JSONNumber.int(i) == n }
            // A fraction (rare): read as the parser reads it, compared as the parsed comparison does.
            pos = start
            var s = CaseTextSkim.Scanner(b: b, pos: pos)
            guard s.number(), case .number(let e)? = try? JSONParser().parse(bytes: Array(b[pos..<s.pos])) else {
                return false
            }
            pos = s.pos
            return e == n
        case (UInt8(ascii: "{"), .object(let o)):
            guard o.count < 64, depth + 1 < CaseTextSkim.Scanner.maxDepth else { return false }
            depth += 1
            defer { depth -= 1 }
            pos += 1
            whitespace()
            if byte == UInt8(ascii: "}") {
                pos += 1
                return o.isEmpty
            }
            // The names and values are lent where they are stored: a copy would retain them.
            return o.keys.withUnsafeBufferPointer { keys in
                o.values.withUnsafeBufferPointer { values in members(keys, values) }
            }
        case (UInt8(ascii: "["), .array(let items)):
            guard depth + 1 < CaseTextSkim.Scanner.maxDepth else { return false }
            depth += 1
            defer { depth -= 1 }
            pos += 1
            whitespace()
            if byte == UInt8(ascii: "]") {
                pos += 1
                return items.isEmpty
            }
            return items.withUnsafeBufferPointer { items in
                var i = 0
                var ended = false
                repeat {
                    guard i < items.count, (items.baseAddress! + i).withBorrowedPointee({ value($0) }) else {
                        return false
                    }
                    i += 1
                } while next(UInt8(ascii: "]"), ended: &ended)
                return ended && i == items.count
            }
        default:
            return false
        }
    }

    /// The members of an expected object (at `pos`, past its brace and a first member) equal to those
    /// of an object, its `keys` (fewer than 64) and `values`, as sets: each lent where it is stored.
    mutating func members(_ keys: UnsafeBufferPointer<String>, _ values: UnsafeBufferPointer<JSONValue>) -> Bool {
        guard let names = keys.baseAddress, let items = values.baseAddress, keys.count == values.count else {
            return false
        }
        var seen: UInt64 = 0
        var ended = false
        // The member after the last one found: where the next is when both are in one order.
        var guess = 0
        repeat {
            var found = -1
            // Most often the member after the last one found, named as it is (no quote or
            // backslash): looked for where it should be, as `key()` would read it.
            if quick, guess < keys.count, (names + guess).withBorrowedPointee({ nameHere(plain: $0) }) {
                found = guess
            } else if let k = key() {
                // By the name's bytes: no `String` made per member (the objects here are small).
                if guess < keys.count, (names + guess).withBorrowedPointee({ keyIs(k, text: $0) }) {
                    found = guess
                } else {
                    for i in 0..<keys.count where (names + i).withBorrowedPointee({ keyIs(k, text: $0) }) {
                        found = i
                        break
                    }
                }
            } else {
                return false
            }
            guard found >= 0, seen & (1 << UInt64(found)) == 0 else { return false }
            let index = found
            seen |= 1 << UInt64(index)
            guess = index + 1
            guard (items + index).withBorrowedPointee({ value($0) }) else { return false }
        } while next(UInt8(ascii: "}"), ended: &ended)
        return ended && seen == (1 << UInt64(keys.count)) - 1
    }

    /// An integer literal (no fraction, at most 18 digits) equal to `n`.
    mutating func integer(equalTo n: Int) -> Bool {
        // Ids below 100, written as they are, at once; anything else as `integer()` reads it.
        if n >= 0, n < 100, pos + 3 <= b.count {
            let start = pos
            if n >= 10 {
                guard b[pos] == UInt8(truncatingIfNeeded: 0x30 + n / 10) else { return integerRead(equalTo: n) }
                pos += 1
            }
            if b[pos] == UInt8(truncatingIfNeeded: 0x30 + n % 10), !EventsTextMatch.continuesNumber(b[pos + 1]) {
                pos += 1
                return true
            }
            pos = start
        }
        return integerRead(equalTo: n)
    }

    mutating func integerRead(equalTo n: Int) -> Bool {
        guard let i = integer() else { return false }
        return i == Int64(n)
    }

    /// Whether `c`, after a digit, continues the number (a digit, a fraction or an exponent).
    @inline(__always)
    static func continuesNumber(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: ".") || c == UInt8(ascii: "e")
            || c == UInt8(ascii: "E")
    }

    mutating func integer() -> Int64? {
        var negative = false
        if byte == UInt8(ascii: "-") {
            negative = true
            pos += 1
        }
        let start = pos
        var v: Int64 = 0
        while pos < b.count, b[pos] >= UInt8(ascii: "0"), b[pos] <= UInt8(ascii: "9") {
            v = v * 10 + Int64(b[pos] - UInt8(ascii: "0"))
            pos += 1
        }
        let digits = pos - start
        // No leading zero (JSON has none).
        guard digits > 0, digits <= 18, digits == 1 || b[start] != UInt8(ascii: "0"), byte != UInt8(ascii: "."),
            byte != UInt8(ascii: "e"), byte != UInt8(ascii: "E")
        else { return nil }
        return negative ? -v : v
    }

    mutating func string(equalTo s: String) -> Bool {
        if let equal = s.utf8.withContiguousStorageIfAvailable({ string(equalTo: $0) }) { return equal }
        var s = s
        return s.withUTF8 { string(equalTo: $0) }
    }

    /// An expected string (at `pos`) that `ConformanceComparison.value` finds matching the string
    /// `s`: the same bytes, or a mask token, or a text with placeholders that fits.
    mutating func string(matching s: String) -> Bool {
        // Its bytes where they are stored (a native string's): no copy of it to read them.
        if let matched = s.utf8.withContiguousStorageIfAvailable({ string(matching: $0) }) { return matched }
        var s = s
        return s.withUTF8 { string(matching: $0) }
    }

    /// ``string(matching:)`` of the bytes `actual`.
    mutating func string(matching actual: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = pos
        if string(equalTo: actual) { return true }
        pos = start
        return masked(actual: actual)
    }

    /// The expected string at `pos` matches by the masks' rules (`actual` nil: the actual value is
    /// not a string, so only a mask token matches it). Reads the string.
    mutating func masked(actual: UnsafeBufferPointer<UInt8>?) -> Bool {
        guard let range = stringLiteral() else { return false }
        guard let base = b.baseAddress else { return false }
        let raw = UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
        if !range.isEmpty && memchr(raw.baseAddress!, Int32(UInt8(ascii: "\\")), raw.count) != nil {
            // Escapes: read as the text they stand for (a `\u` gives up).
            scratch.removeAll(keepingCapacity: true)
            var i = 0
            while i < raw.count {
                var c = raw[i]
                if c == UInt8(ascii: "\\") {
                    guard i + 1 < raw.count, let d = Self.unescaped(raw[i + 1]) else { return false }
                    c = d
                    i += 1
                }
                scratch.append(c)
                i += 1
            }
            let masks = masks()
            return scratch.withUnsafeBufferPointer { masks.matches($0, actual) } ?? false
        }
        return masks().matches(raw, actual) ?? false
    }

    /// Reads the string literal at `pos`; the range of its bytes between the quotes.
    mutating func stringLiteral() -> Range<Int>? {
        guard byte == UInt8(ascii: "\"") else { return nil }
        var s = CaseTextSkim.Scanner(b: b, pos: pos)
        guard s.string() != nil else { return nil }
        defer { pos = s.pos }
        return (pos + 1)..<(s.pos - 1)
    }

    /// Moves past eight bytes of the text at a time, and of `a` from `i`, while they are equal and
    /// hold no quote or backslash (nor, with `controlsToo`, a control character): bytes that read
    /// and write as themselves.
    @inline(__always)
    mutating func skipEqualWords(_ a: UnsafeBufferPointer<UInt8>, _ i: inout Int, controlsToo: Bool) {
        guard let base = UnsafeRawPointer(b.baseAddress), let actual = UnsafeRawPointer(a.baseAddress) else { return }
        while pos + 8 <= b.count, i + 8 <= a.count {
            let v = base.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
            guard v == actual.loadUnaligned(fromByteOffset: i, as: UInt64.self),
                !CaseTextSkim.Scanner.hasQuoteOrBackslash(v),
                !controlsToo || !CaseTextSkim.Scanner.hasByteBelow0x20(v)
            else { return }
            pos += 8
            i += 8
        }
    }

    /// An expected string (at `pos`, its opening quote) whose value is exactly the bytes `a`; the
    /// short escapes are read, `\u` gives up, a control character is not JSON.
    mutating func string(equalTo a: UnsafeBufferPointer<UInt8>) -> Bool {
        guard byte == UInt8(ascii: "\"") else { return false }
        // Most often the same bytes, with no escape on either side: compared at once.
        let n = a.count
        if let base = b.baseAddress, pos + n + 2 <= b.count, base[pos + n + 1] == UInt8(ascii: "\""),
            n == 0 || EventsTextMatch.plainEqual(base + pos + 1, a.baseAddress!, n, controlsToo: true)
        {
            pos += n + 2
            return true
        }
        pos += 1
        var i = 0
        while pos < b.count {
            skipEqualWords(a, &i, controlsToo: true)
            guard pos < b.count else { break }
            var c = b[pos]
            if c == UInt8(ascii: "\"") {
                pos += 1
                return i == a.count
            }
            if c == UInt8(ascii: "\\") {
                guard pos + 1 < b.count else { return false }
                guard let d = Self.unescaped(b[pos + 1]) else { return false }
                c = d
                pos += 1
            } else if c < 0x20 {
                return false
            }
            guard i < a.count, a[i] == c else { return false }
            i += 1
            pos += 1
        }
        return false
    }
}
