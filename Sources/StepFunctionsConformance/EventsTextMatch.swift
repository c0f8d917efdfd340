import JSONCore
import StepFunctionsSimulator

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
    /// A payload's JSON text, reused from event to event.
    var scratch: [UInt8] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        b = bytes
        scratch.reserveCapacity(1024)
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
        while p < b.count && b[p] != UInt8(ascii: "\"") {
            if b[p] == UInt8(ascii: "\\") { return nil }
            p += 1
        }
        guard p < b.count else { return nil }
        pos = p + 1
        whitespace()
        guard byte == UInt8(ascii: ":") else { return nil }
        pos += 1
        whitespace()
        return start..<p
    }

    func keyIs(_ key: Range<Int>, _ name: StaticString) -> Bool {
        guard key.count == name.utf8CodeUnitCount else { return false }
        let p = name.utf8Start
        for i in 0..<key.count where b[key.lowerBound + i] != p[i] { return false }
        return true
    }

    func keyIs(_ key: Range<Int>, text name: String) -> Bool {
        var name = name
        return name.withUTF8 { n in
            guard key.count == n.count else { return false }
            for i in 0..<n.count where b[key.lowerBound + i] != n[i] { return false }
            return true
        }
    }

    /// One event: `{timestamp, type, id, previousEventId[, details]}` in any order, each once.
    mutating func event(_ a: HistoryEvent) -> Bool {
        guard byte == UInt8(ascii: "{") else { return false }
        pos += 1
        whitespace()
        let details = a.details
        let detailsKey = a.type.detailsKey.flatMap { key in
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
    mutating func details(_ details: [(key: String, value: EventField)]) -> Bool {
        guard byte == UInt8(ascii: "{") else { return false }
        let fields = jsonDetailFields(details)
        guard fields.count < 64 else { return false }
        pos += 1
        whitespace()
        var seen: UInt64 = 0
        var ended = false
        if byte == UInt8(ascii: "}") {
            pos += 1
            return fields.isEmpty
        }
        repeat {
            guard let k = key() else { return false }
            // The last field of that name is the one compared; every field of that name is covered.
            var last = -1
            var bits: UInt64 = 0
            // By index: a tuple copied out of the array would retain and release its payload.
            for i in fields.indices where keyIs(k, text: fields[i].key) {
                last = i
                bits |= 1 << UInt64(i)
            }
            guard last >= 0, seen & bits == 0, field(fields[last].value) else { return false }
            seen |= bits
        } while next(UInt8(ascii: "}"), ended: &ended)
        return ended && seen == (1 << UInt64(fields.count)) - 1
    }

    /// One detail field; a payload expected as text is compared with the JSON text AWS's API shows.
    mutating func field(_ field: EventField) -> Bool {
        switch field {
        case .value(let v): return value(v)
        case .text(let t): return string(equalTo: t)
        case .payload(let v):
            guard byte == UInt8(ascii: "\"") else { return value(v) }
            scratch.removeAll(keepingCapacity: true)
            JSONWriter.compactJava.write(v, into: &scratch)
            let text = scratch
            return text.withUnsafeBufferPointer { string(equalTo: $0) }
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
                guard let k = key(),
                    let index = o.index(forKey: String(decoding: b[k], as: UTF8.self)),
                    seen & (1 << UInt64(index)) == 0
                else { return false }
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
                switch b[pos + 1] {
                case UInt8(ascii: "\""): c = UInt8(ascii: "\"")
                case UInt8(ascii: "\\"): c = UInt8(ascii: "\\")
                case UInt8(ascii: "/"): c = UInt8(ascii: "/")
                case UInt8(ascii: "b"): c = 0x08
                case UInt8(ascii: "f"): c = 0x0C
                case UInt8(ascii: "n"): c = 0x0A
                case UInt8(ascii: "r"): c = 0x0D
                case UInt8(ascii: "t"): c = 0x09
                default: return false
                }
                pos += 1
            }
            guard i < a.count, a[i] == c else { return false }
            i += 1
            pos += 1
        }
        return false
    }
}
