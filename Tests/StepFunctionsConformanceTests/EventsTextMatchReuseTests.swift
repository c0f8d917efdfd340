import Foundation
import JSONCore
import StepFunctionsConformance
import StepFunctionsSimulator
import Testing

/// The events matcher's reuse of payloads matched before (an object that begins with the members
/// of one matched lately, compared as that one's bytes; an object or array matched lately met
/// again inside a payload) against the walk it stands in for: on random histories whose payloads
/// grow, repeat and nest one another (stored at the same place or apart), their texts respelled,
/// changed and cut short, both must give the same answer.
@Suite struct EventsTextMatchReuseTests {
    /// Both paths' answer, which must agree; the answer.
    @discardableResult
    func agree(_ text: String, _ history: [HistoryEvent], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let quick = EventsTextMatch.matches(text, history)
        let walked = EventsTextMatch.matches(text, history, quick: false)
        #expect(quick == walked, "quick \(quick), walk \(walked) for \(text)", sourceLocation: sourceLocation)
        return quick
    }

    /// A state's exit with `output`, as a field list (the walk's path) or as the engine stores it.
    func exited(_ id: Int, _ output: JSONValue) -> HistoryEvent {
        HistoryEvent(
            id: id, previousEventId: id - 1, timestamp: Date(timeIntervalSince1970: 0), type: .passStateExited,
            details: [("name", .value("S")), ("output", .payload(output)), ("outputDetails", EventField.notTruncated)])
    }

    static let texts = ["a", "a/b", "x\"y", "back\\slash", "tab\tline\n", "a name longer than fifteen bytes", "é😀", ""]

    func randomScalar(_ rng: inout SplitMix64) -> JSONValue {
        switch rng.below(7) {
        case 0: return .number(.int(Int64(rng.below(20))))
        case 1: return .number(.int(Int64(rng.below(1_000_000)) - 500_000))
        case 2: return .number(.double([1.5, -0.0, 0.0, 1e21, 2.25][rng.below(5)]))
        case 3: return .bool(rng.below(2) == 0)
        case 4: return .null
        default: return .string(Self.texts[rng.below(Self.texts.count)])
        }
    }

    func randomValue(_ rng: inout SplitMix64, depth: Int = 0) -> JSONValue {
        guard depth < 3, rng.below(3) == 0 else { return randomScalar(&rng) }
        if rng.below(2) == 0 {
            return .array((0..<rng.below(4)).map { _ in randomValue(&rng, depth: depth + 1) })
        }
        var o = JSONObject()
        for _ in 0..<rng.below(4) { o[randomKey(&rng)] = randomValue(&rng, depth: depth + 1) }
        return .object(o)
    }

    func randomKey(_ rng: inout SplitMix64) -> String {
        [
            "id", "s\(rng.below(12))", "a key longer than fifteen bytes \(rng.below(3))", "k/\(rng.below(3))",
            "q\"\(rng.below(2))",
        ][
            rng.below(5)]
    }

    /// The same value stored apart: parsed again from its text.
    func apart(_ v: JSONValue) -> JSONValue {
        (try? JSONParser.parse(JSONWriter.compact.string(v))) ?? v
    }

    /// A run of payloads each made from those before as states make them: the same value, one
    /// with a member added or replaced (a copy of its storage), the same members stored apart
    /// (a mocked result), a Parallel's array of earlier outputs, an object holding one, a new one.
    func randomPayloads(_ rng: inout SplitMix64) -> [JSONValue] {
        var payloads: [JSONValue] = [randomValue(&rng)]
        if case .object = payloads[0] {
        } else if rng.below(2) == 0 {
            payloads[0] = ["id": .number(.int(Int64(rng.below(100))))]
        }
        for _ in 0..<(2 + rng.below(8)) {
            let last = payloads[rng.below(min(payloads.count, 2)) + max(0, payloads.count - 2)]
            var next = last
            switch rng.below(9) {
            case 0: break
            case 1, 2:
                if case .object(var o) = last {
                    o[randomKey(&rng) + "\(payloads.count)"] = randomValue(&rng)
                    next = .object(o)
                }
            case 3:
                if case .object(var o) = last, !o.isEmpty {
                    o[o.keys[rng.below(o.count)]] = randomValue(&rng)
                    next = .object(o)
                }
            case 4: next = apart(last)
            case 5:
                if case .object(var o) = apart(last) {
                    o["more"] = randomValue(&rng)
                    next = .object(o)
                }
            case 6: next = .array(payloads.suffix(1 + rng.below(3)))
            case 7: next = ["result": last, "n": .number(.int(1))]
            default: next = randomValue(&rng)
            }
            payloads.append(next)
        }
        return payloads
    }

    /// The bytes of one payload's literal in `text` (the `n`th `"output":"` on), nil if none.
    func literalRange(_ bytes: [UInt8], _ n: Int) -> Range<Int>? {
        let marker = Array(#""output":""#.utf8)
        var found = 0
        var i = 0
        while i + marker.count <= bytes.count {
            if Array(bytes[i..<(i + marker.count)]) == marker {
                if found == n {
                    var j = i + marker.count
                    while j < bytes.count, bytes[j] != UInt8(ascii: "\"") {
                        j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1
                    }
                    return (i + marker.count - 1)..<min(j + 1, bytes.count)
                }
                found += 1
            }
            i += 1
        }
        return nil
    }

    @Test func randomHistoriesAgree() {
        var rng = SplitMix64(seed: 21)
        var matched = 0
        var total = 0
        for _ in 0..<400 {
            let payloads = randomPayloads(&rng)
            let history = payloads.enumerated().map { exited($0.offset + 2, $0.element) }
            let text = JSONWriter.compact.string(.array(history.map(\.json)))
            #expect(agree(text, history), "\(text)")
            let bytes = Array(text.utf8)
            for _ in 0..<12 {
                guard let literal = literalRange(bytes, rng.below(payloads.count)), literal.count > 2 else { continue }
                var edited = bytes
                let at = literal.lowerBound + 1 + rng.below(literal.count - 2)
                switch rng.below(6) {
                case 0:
                    let replacements = Array("1\\\"a},:[]/".utf8)
                    edited[at] = replacements[rng.below(replacements.count)]
                case 1: edited.remove(at: at)
                case 2: edited.insert(edited[at], at: at)
                case 3:
                    // A slash written `\/` (the same text) or a letter as a `\u` escape (given up).
                    if let slash = (at..<literal.upperBound).first(where: { bytes[$0] == UInt8(ascii: "/") }) {
                        edited.insert(UInt8(ascii: "\\"), at: slash)
                    } else if let letter = (at..<literal.upperBound).first(where: { (0x61...0x7A).contains(bytes[$0]) })
                    {
                        edited.replaceSubrange(
                            letter...letter, with: Array(String(format: "\\u%04x", Int(bytes[letter])).utf8))
                    }
                case 4: edited.removeSubrange(at...)
                default:
                    // Every slash of the literal written `\/`.
                    for j in literal.reversed() where bytes[j] == UInt8(ascii: "/") {
                        edited.insert(UInt8(ascii: "\\"), at: j)
                    }
                }
                total += 1
                if agree(String(decoding: edited, as: UTF8.self), history) { matched += 1 }
            }
        }
        // Both answers came up.
        #expect(matched > 0 && matched < total, "\(matched) of \(total) matched")
    }

    /// A state's output that begins with its input's members: a byte changed in the part that
    /// is its input's bytes fails, as does one in the rest; a slash respelled `\/` in either
    /// literal still matches (the earlier bytes differ, and the walk decides).
    @Test func aChangedByteInTheReusedPartFails() {
        let input: JSONValue = ["id": 7, "path": "a/b", "name": "a name longer than fifteen bytes"]
        guard case .object(var o) = input else { return }
        o["s0"] = 0
        let output = JSONValue.object(o)
        let history = [exited(2, input), exited(3, output)]
        let text = JSONWriter.compact.string(.array(history.map(\.json)))
        #expect(agree(text, history))
        let bytes = Array(text.utf8)
        guard let second = literalRange(bytes, 1) else {
            Issue.record("no second output")
            return
        }
        for at in (second.lowerBound + 1)..<(second.upperBound - 1) {
            var edited = bytes
            edited[at] = edited[at] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
            #expect(!agree(String(decoding: edited, as: UTF8.self), history), "\(at - second.lowerBound)")
        }
        for n in 0..<2 {
            guard let literal = literalRange(bytes, n),
                let slash = literal.first(where: { bytes[$0] == UInt8(ascii: "/") })
            else {
                Issue.record("no slash")
                continue
            }
            var edited = bytes
            edited.insert(UInt8(ascii: "\\"), at: slash)
            #expect(agree(String(decoding: edited, as: UTF8.self), history))
        }
        // The same members stored apart (a mocked result), and a Parallel's array of both.
        let later = [exited(2, input), exited(3, apart(output)), exited(4, [input, output])]
        #expect(agree(JSONWriter.compact.string(.array(later.map(\.json))), later))
    }

    /// Empty objects and arrays, stored alike, are not taken for one another.
    @Test func emptyObjectsAndArraysStayApart() {
        let payloads: [[JSONValue]] = [
            [[:], []], [[], [:]], [[:], [[:]]], [[], [[]]], [["a": [:]], ["a": []]],
            [["a": [1]], ["a": [1], "b": []]],
        ]
        for run in payloads {
            let history = run.enumerated().map { exited($0.offset + 2, $0.element) }
            let text = JSONWriter.compact.string(.array(history.map(\.json)))
            #expect(agree(text, history))
            let swapped = JSONWriter.compact.string(
                .array(run.reversed().enumerated().map { exited($0.offset + 2, $0.element).json }))
            if JSONWriter.compact.string(.array(run)) != JSONWriter.compact.string(.array(run.reversed())) {
                #expect(!agree(swapped, history))
            }
        }
    }

    /// Bytes compared with a quote, a backslash or a control character looked for in the same
    /// pass, against comparing them and then looking: every length to 20, every position of a
    /// byte of each kind, and a difference anywhere.
    @Test func plainBytesAreComparedAndCheckedInOnePass() {
        var rng = SplitMix64(seed: 22)
        let specials: [UInt8] = [0x22, 0x5C, 0x00, 0x0A, 0x1F, 0x20, 0x7F, 0x80, 0xFF, 0x21, 0x5B, 0x41]
        for n in 0..<21 {
            for _ in 0..<300 {
                var a = (0..<n).map { _ in UInt8(0x41 + rng.below(26)) }
                if n > 0, rng.below(3) > 0 { a[rng.below(n)] = specials[rng.below(specials.count)] }
                var c = a
                if n > 0, rng.below(3) == 0 { c[rng.below(n)] = specials[rng.below(specials.count)] }
                for controlsToo in [false, true] {
                    let expected =
                        a == c
                        && !a.contains { $0 == 0x22 || $0 == 0x5C || (controlsToo && $0 < 0x20) }
                    let answer = a.withUnsafeBufferPointer { p in
                        c.withUnsafeBufferPointer { q in
                            n == 0
                                || EventsTextMatch.plainEqual(
                                    p.baseAddress!, q.baseAddress!, n, controlsToo: controlsToo)
                        }
                    }
                    #expect(answer == expected, "\(a) \(c) \(controlsToo)")
                }
            }
        }
    }
}
