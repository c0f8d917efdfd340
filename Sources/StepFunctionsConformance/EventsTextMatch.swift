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
/// them as JSON values: the quick path of `sfn test` for a history that matches as recorded.
///
/// It answers true only when `ConformanceComparison.compareEvents` would find no difference: every
/// expected event has its timestamp (not compared), its type, id and previous id as the event has
/// them, and the event's details object with the same fields, each the same value (a payload
/// expected as text equal to the text `GetExecutionHistory` shows). Anything else (placeholders,
/// mask tokens, normalized ids, escapes other than the short ones, numbers with fractions, a
/// difference) answers false, and the caller compares the parsed events as before, which also
/// writes the failure messages.
package struct EventsTextMatch: JSONByteScanning {
    let b: UnsafeBufferPointer<UInt8>
    var pos = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        b = bytes
    }

    /// Whether the expected events (the whole of `bytes`, a JSON array) match `history`.
    package static func matches(_ text: String, _ history: [HistoryEvent]) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var m = EventsTextMatch(bytes)
            return m.events(history)
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
        if byte == UInt8(ascii: "]") { return history.isEmpty }
        var i = 0
        var ended = false
        repeat {
            guard i < history.count, event(history[i]) else { return false }
            i += 1
        } while next(UInt8(ascii: "]"), ended: &ended)
        return ended && i == history.count
    }

    /// Reads a member name (without escapes) and its colon; the range of the name's bytes.
    mutating func key() -> Range<Int>? {
        guard byte == UInt8(ascii: "\"") else { return nil }
        let start = pos + 1
        var p = start
        let base = UnsafeRawPointer(b.baseAddress)
        while true {
            // Eight bytes at a time, then straight to the first quote or backslash.
            if let base, p + 8 <= b.count {
                let bits = CaseTextSkim.Scanner.quoteOrBackslashBits(
                    base.loadUnaligned(fromByteOffset: p, as: UInt64.self))
                if bits == 0 {
                    p += 8
                    continue
                }
                p += bits.trailingZeroBitCount >> 3
            }
            guard p < b.count else { return nil }
            let c = b[p]
            if c == UInt8(ascii: "\"") { break }
            if c == UInt8(ascii: "\\") { return nil }
            p += 1
        }
        pos = p + 1
        whitespace()
        guard byte == UInt8(ascii: ":") else { return nil }
        pos += 1
        whitespace()
        return start..<p
    }

    func keyIs(_ key: Range<Int>, _ name: StaticString) -> Bool {
        guard key.count == name.utf8CodeUnitCount else { return false }
        return same(key, UnsafeBufferPointer(start: name.utf8Start, count: key.count))
    }

    @inline(__always)
    func keyIs(_ key: Range<Int>, text name: String) -> Bool {
        // The length first: most names asked about are not the one there.
        guard key.count == name.utf8.count else { return false }
        if let equal = name.utf8.withContiguousStorageIfAvailable({ same(key, $0) }) { return equal }
        var name = name
        return name.withUTF8 { same(key, $0) }
    }

    /// Whether the bytes at `key` are `n` (of the same length).
    @inline(__always)
    func same(_ key: Range<Int>, _ n: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = b.baseAddress, let other = n.baseAddress else { return n.isEmpty }
        return memcmp(base + key.lowerBound, other, n.count) == 0
    }

    /// The details keys of the event types met so far (a few per history), not looked up per event.
    var detailsKeys: [(type: HistoryEventType, key: String?)] = []

    mutating func detailsKey(_ type: HistoryEventType) -> String? {
        for i in detailsKeys.indices where detailsKeys[i].type == type { return detailsKeys[i].key }
        let key = type.detailsKey
        detailsKeys.append((type, key))
        return key
    }

    /// One event: `{timestamp, type, id, previousEventId[, details]}` in any order, each once.
    mutating func event(_ a: HistoryEvent) -> Bool {
        guard byte == UInt8(ascii: "{") else { return false }
        pos += 1
        whitespace()
        let details = a.details
        let detailsKey = detailsKey(a.type).flatMap { key in
            !details.isEmpty || HistoryEvent.alwaysHasDetails(a.type) ? key : nil
        }
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
                guard string(equalTo: a.type.rawValue) else { return false }
            } else if keyIs(k, "id") {
                bit = 4
                guard integer(equalTo: a.id) else { return false }
            } else if keyIs(k, "previousEventId") {
                bit = 8
                guard integer(equalTo: a.previousEventId) else { return false }
            } else if let detailsKey, keyIs(k, text: detailsKey) {
                bit = 16
                guard self.details(details) else { return false }
            } else {
                return false
            }
            guard seen & bit == 0 else { return false }
            seen |= bit
        } while next(UInt8(ascii: "}"), ended: &ended)
        return ended && seen == (detailsKey == nil ? 15 : 31)
    }

    /// The details object: the event's fields as `HistoryEvent.json` writes them (a payload with its
    /// `inputDetails`/`outputDetails`), as a set of names, each with its value.
    ///
    /// The fields are those of `jsonDetailFields(details)`, walked in place: field `i` of `details`
    /// is the list's entry `2 i`, and the `…Details` entry that list adds after a payload `input` or
    /// `output` is entry `2 i + 1`.
    mutating func details(_ details: [(key: String, value: EventField)]) -> Bool {
        guard byte == UInt8(ascii: "{"), details.count <= 32 else { return false }
        return details.withUnsafeBufferPointer { fields in
            // The entries there are, as bits.
            var all: UInt64 = 0
            for i in fields.indices {
                all |= 1 << UInt64(2 * i)
                if Self.addsDetails(fields[i]) { all |= 1 << UInt64(2 * i + 1) }
            }
            pos += 1
            whitespace()
            var seen: UInt64 = 0
            var ended = false
            if byte == UInt8(ascii: "}") {
                pos += 1
                return all == 0
            }
            repeat {
                guard let k = key() else { return false }
                // The last entry of that name is the one compared; every entry of that name is covered.
                var last = -1
                var bits: UInt64 = 0
                for i in fields.indices {
                    if keyIs(k, text: fields[i].key) {
                        last = 2 * i
                        bits |= 1 << UInt64(2 * i)
                    }
                    if all & (1 << UInt64(2 * i + 1)) != 0, keyIsDetails(k, of: fields[i].key) {
                        last = 2 * i + 1
                        bits |= 1 << UInt64(2 * i + 1)
                    }
                }
                guard last >= 0, seen & bits == 0 else { return false }
                if last & 1 == 1 {
                    guard notTruncated() else { return false }
                } else {
                    guard field(fields[last / 2].value) else { return false }
                }
                seen |= bits
            } while next(UInt8(ascii: "}"), ended: &ended)
            return ended && seen == all
        }
    }

    /// `{"truncated": false}` (`EventField.notTruncated`), as `value(_:)` would match it.
    mutating func notTruncated() -> Bool {
        guard byte == UInt8(ascii: "{") else { return false }
        pos += 1
        whitespace()
        guard let k = key(), keyIs(k, "truncated") else { return false }
        var s = CaseTextSkim.Scanner(b: b, pos: pos)
        guard s.literal("false") else { return false }
        pos = s.pos
        whitespace()
        guard byte == UInt8(ascii: "}") else { return false }
        pos += 1
        return true
    }

    /// Whether `jsonDetailFields` adds a `…Details` entry after this field (a payload `input` or `output`).
    static func addsDetails(_ field: (key: String, value: EventField)) -> Bool {
        if case .value = field.value { return false }
        return field.key == "input" || field.key == "output"
    }

    /// Whether the member name at `key` is `name` followed by `Details`.
    func keyIsDetails(_ key: Range<Int>, of name: String) -> Bool {
        let suffix: StaticString = "Details"
        let n = suffix.utf8CodeUnitCount
        guard key.count > n else { return false }
        let p = suffix.utf8Start
        for i in 0..<n where b[key.upperBound - n + i] != p[i] { return false }
        return keyIs(key.lowerBound..<(key.upperBound - n), text: name)
    }

    /// One detail field; a payload expected as text is compared with the JSON text AWS's API shows.
    mutating func field(_ field: EventField) -> Bool {
        switch field {
        case .value(let v): return value(v)
        case .text(let t): return string(equalTo: t)
        case .payload(let v):
            guard byte == UInt8(ascii: "\"") else { return value(v) }
            return payloadText(v)
        }
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
                return take(UnsafeBufferPointer(rebasing: room[0..<n]))
            }
        case .number(let n):
            var text = JSONWriter.javaString(n)
            return text.withUTF8 { take($0) }
        case .string(let s): return written(string: s)
        case .array(let items):
            guard depth < 128, take(UInt8(ascii: "[")) else { return false }
            for i in items.indices {
                if i > 0 { guard take(UInt8(ascii: ",")) else { return false } }
                guard written(items[i], depth: depth + 1) else { return false }
            }
            return take(UInt8(ascii: "]"))
        case .object(let o):
            guard depth < 128, take(UInt8(ascii: "{")) else { return false }
            let keys = o.keys
            let values = o.values
            for i in keys.indices {
                if i > 0 { guard take(UInt8(ascii: ",")) else { return false } }
                guard written(string: keys[i]), take(UInt8(ascii: ":")), written(values[i], depth: depth + 1)
                else { return false }
            }
            return take(UInt8(ascii: "}"))
        }
    }

    /// `s` written as a JSON string (quoted, `"`, `\` and control characters escaped) comes next.
    mutating func written(string s: String) -> Bool {
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
        let base = UnsafeRawPointer(b.baseAddress)
        let actual = UnsafeRawPointer(a.baseAddress)
        while i < a.count {
            // Eight bytes at a time while they are equal and need no escape on either side (a quote,
            // a backslash or a control character would).
            if let base, let actual, pos + 8 <= b.count, i + 8 <= a.count {
                let v = base.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
                if v == actual.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    && !CaseTextSkim.Scanner.hasQuoteOrBackslash(v) && !CaseTextSkim.Scanner.hasByteBelow0x20(v)
                {
                    pos += 8
                    i += 8
                    continue
                }
            }
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
    package static func payloadMatches(_ literal: String, _ v: JSONValue) -> Bool {
        var literal = literal
        return literal.withUTF8 { bytes in
            var m = EventsTextMatch(bytes)
            return m.payloadText(v) && m.pos == bytes.count
        }
    }

    /// An expected value equal to `v`: strings by their bytes, numbers (integers only) by value,
    /// objects as sets of members.
    mutating func value(_ v: JSONValue) -> Bool {
        switch (byte, v) {
        case (UInt8(ascii: "\""), .string(let s)): return string(equalTo: s)
        case (UInt8(ascii: "t"), .bool(true)), (UInt8(ascii: "f"), .bool(false)), (UInt8(ascii: "n"), .null):
            var s = CaseTextSkim.Scanner(b: b, pos: pos)
            guard s.value(depth: 4) else { return false }
            pos = s.pos
            return true
        case (UInt8(ascii: "-"), .number(let n)), (UInt8(ascii: "0")...UInt8(ascii: "9"), .number(let n)):
            guard let i = integer() else { return false }
            return JSONNumber.int(i) == n
        case (UInt8(ascii: "{"), .object(let o)):
            guard o.count < 64 else { return false }
            pos += 1
            whitespace()
            if byte == UInt8(ascii: "}") {
                pos += 1
                return o.isEmpty
            }
            var seen: UInt64 = 0
            var ended = false
            repeat {
                guard let k = key() else { return false }
                // By the name's bytes: no `String` made per member (the objects here are small).
                let keys = o.keys
                var found = -1
                for i in keys.indices where keyIs(k, text: keys[i]) {
                    found = i
                    break
                }
                guard found >= 0, seen & (1 << UInt64(found)) == 0 else { return false }
                let index = found
                seen |= 1 << UInt64(index)
                guard value(o.values[index]) else { return false }
            } while next(UInt8(ascii: "}"), ended: &ended)
            return ended && seen == (1 << UInt64(o.count)) - 1
        case (UInt8(ascii: "["), .array(let items)):
            pos += 1
            whitespace()
            if byte == UInt8(ascii: "]") {
                pos += 1
                return items.isEmpty
            }
            var i = 0
            var ended = false
            repeat {
                guard i < items.count, value(items[i]) else { return false }
                i += 1
            } while next(UInt8(ascii: "]"), ended: &ended)
            return ended && i == items.count
        default:
            return false
        }
    }

    /// An integer literal (no fraction, at most 18 digits) equal to `n`.
    mutating func integer(equalTo n: Int) -> Bool {
        guard let i = integer() else { return false }
        return i == Int64(n)
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
        guard digits > 0, digits <= 18, byte != UInt8(ascii: "."), byte != UInt8(ascii: "e"), byte != UInt8(ascii: "E")
        else { return nil }
        return negative ? -v : v
    }

    mutating func string(equalTo s: String) -> Bool {
        var s = s
        return s.withUTF8 { string(equalTo: $0) }
    }

    /// An expected string (at `pos`, its opening quote) whose value is exactly the bytes `a`; the
    /// short escapes are read, `\u` gives up.
    mutating func string(equalTo a: UnsafeBufferPointer<UInt8>) -> Bool {
        guard byte == UInt8(ascii: "\"") else { return false }
        pos += 1
        var i = 0
        let base = UnsafeRawPointer(b.baseAddress)
        let actual = UnsafeRawPointer(a.baseAddress)
        while pos < b.count {
            // Eight bytes at a time while they hold no quote or backslash and equal the actual ones.
            if let base, let actual, pos + 8 <= b.count, i + 8 <= a.count {
                let v = base.loadUnaligned(fromByteOffset: pos, as: UInt64.self)
                if v == actual.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    && !CaseTextSkim.Scanner.hasQuoteOrBackslash(v)
                {
                    pos += 8
                    i += 8
                    continue
                }
            }
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
            }
            guard i < a.count, a[i] == c else { return false }
            i += 1
            pos += 1
        }
        return false
    }
}
