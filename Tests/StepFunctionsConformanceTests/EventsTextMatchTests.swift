import Foundation
import JSONCore
import StepFunctionsConformance
import StepFunctionsSimulator
import Testing

/// The events matcher's in-place payload comparison against what it replaces: the expected string,
/// parsed, equal to the payload written by `JSONWriter.compactJava` (and, for whole cases, the
/// outcome of the comparison on the parsed events).
@Suite struct EventsTextMatchTests {
    /// The previous criterion: the literal parsed as a JSON string is the payload's written text.
    func writtenEqual(_ literal: String, _ v: JSONValue) -> Bool {
        guard case .string(let s)? = try? JSONParser.parse(literal) else { return false }
        return s == JSONWriter.compactJava.string(v)
    }

    /// The literal `GetExecutionHistory` shows for `v`: its written text as a JSON string.
    func literal(_ v: JSONValue) -> String {
        JSONWriter.compact.string(.string(JSONWriter.compactJava.string(v)))
    }

    /// Checks the fast answer against the previous criterion: equal for the canonical literal, and
    /// never a match the previous criterion would not make.
    func check(_ literal: String, _ v: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = EventsTextMatch.payloadMatches(literal, v)
        let old = writtenEqual(literal, v)
        #expect(!fast || old, "fast path matched \(literal) against \(v)", sourceLocation: sourceLocation)
        if literal == self.literal(v) {
            #expect(fast == old, "fast path missed the canonical \(literal)", sourceLocation: sourceLocation)
        }
    }

    @Test func payloadsMatchTheirWrittenText() {
        let values: [JSONValue] = [
            .null, true, false, 0, 7, -3, 10, 1234567890123, .number(.int(.min)), .number(.double(1.0)),
            .number(.double(2.5)), .number(.double(1e21)), .number(.double(-0.0)), "", "plain",
            "quote \" backslash \\ slash / newline \n tab \t cr \r bell \u{07} nul \u{00} del \u{7F}",
            "é ü 😀 汉字", [], [1, "a", [true, nil]], [:], ["a": 1, "b": ["c": "d"]],
            ["long key past eight bytes": "a value that is longer than eight bytes, with a \"quote\""],
            ["k\"ey": "v\\al", "uni😀": "é"],
        ]
        for v in values {
            let canonical = literal(v)
            #expect(EventsTextMatch.payloadMatches(canonical, v), "canonical \(canonical)")
            check(canonical, v)
        }
    }

    @Test func payloadDifferencesAreNotMatched() {
        let cases: [(String, JSONValue)] = [
            // Key order: the text is compared, so another order is a difference (the old path decides).
            (literal(["b": 2, "a": 1]), ["a": 1, "b": 2]),
            // Numbers: 1.0 is written `1.0`, 1 is written `1`.
            (literal(1), .number(.double(1.0))),
            (literal(.number(.double(1.0))), 1),
            (literal(10), 1), (literal(1), 10), (literal(-1), 1),
            // Strings and containers of another length or content.
            (literal("ab"), "abc"), (literal("abc"), "ab"), (literal("abcdefghij"), "abcdefghiJ"),
            (literal([1, 2]), [1, 2, 3]), (literal(["a": 1]), ["a": 1, "b": 2]),
            (literal("x"), nil), (literal(true), false),
            // A text that is not a string, or one with something after the payload.
            ("{\"a\":1}", ["a": 1]), (literal(1) + " ", 1),
            // Escapes the writer makes differently: `\u` is not read (the old path decides).
            (#""\"\u0041\"""#, "A"), (#""\"\u00e9\"""#, "é"),
            (#""\"a\u005cnb\"""#, "a\nb"),
        ]
        for (text, v) in cases {
            #expect(!EventsTextMatch.payloadMatches(text, v), "\(text) against \(v)")
            check(text, v)
        }
        // Other short escapes stand for their bytes, as the parser reads them.
        #expect(EventsTextMatch.payloadMatches(#""\"a\/b\"""#, "a/b"))
        check(#""\"a\/b\"""#, "a/b")
    }

    /// Random values and random edits of their literals: a match only where the old criterion has one.
    @Test func randomPayloadsAgreeWithTheirText() {
        var rng = SplitMix64(seed: 10)
        func randomString() -> String {
            let pieces = ["a", "bc", "\"", "\\", "/", "\n", "\u{01}", "é", "😀", "12345678", " "]
            return (0..<rng.below(6)).map { _ in pieces[rng.below(pieces.count)] }.joined()
        }
        func randomValue(_ depth: Int) -> JSONValue {
            switch rng.below(depth > 3 ? 5 : 7) {
            case 0: return .null
            case 1: return .bool(rng.below(2) == 0)
            case 2: return .number(.int(Int64(rng.below(2000)) - 1000))
            case 3: return .number(.double(Double(rng.below(2000)) / 8 - 100))
            case 4: return .string(randomString())
            case 5: return .array((0..<rng.below(4)).map { _ in randomValue(depth + 1) })
            default:
                var o = JSONObject()
                for _ in 0..<rng.below(4) { o[randomString()] = randomValue(depth + 1) }
                return .object(o)
            }
        }
        for _ in 0..<2000 {
            let v = randomValue(0)
            let canonical = literal(v)
            #expect(EventsTextMatch.payloadMatches(canonical, v), "canonical \(canonical)")
            // One byte changed, dropped or doubled.
            var bytes = Array(canonical.utf8)
            let at = 1 + rng.below(max(1, bytes.count - 2))
            switch rng.below(3) {
            case 0:
                bytes[at] =
                    [UInt8(ascii: "1"), UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "a")][rng.below(4)]
            case 1: bytes.remove(at: at)
            default: bytes.insert(bytes[at], at: at)
            }
            check(String(decoding: bytes, as: UTF8.self), v)
            check(literal(randomValue(0)), v)
        }
    }

    /// Whole cases: the expected history as the run recorded it, and then with one payload changed
    /// in each of several ways; the case read as `sfn test` reads it (events compared on their text
    /// first) must come to the outcome of the case read whole, failure messages included.
    @Test func changedPayloadsFailAsBefore() async throws {
        let probe = try ConformanceCase(text: ConformanceCaseTests.passCase, fileName: "case.json")
        let execution = try #require(await probe.run().execution)
        guard case .object(var json) = probe.json, case .object(var expected) = json["expected"] else {
            Issue.record("the case is not an object")
            return
        }
        let events = try #require(execution.historyJSON.arrayValue)
        let outputText = try #require(events[2]["stateExitedEventDetails"]?["output"]?.stringValue)
        guard case .object(let output) = try JSONParser.parse(outputText), let id = output["id"]?.stringValue else {
            Issue.record("the output is not an object with an id")
            return
        }
        // (the expected output, whether the text comparison settles it, whether the case passes)
        let variants: [(JSONValue?, fast: Bool, passes: Bool)] = [
            (nil, true, true),
            // An escape the writer does not make (`\u0069` for `i`, edited into the text below):
            // the text comparison gives up, the parsed one matches.
            (.string("\u{1}"), false, true),
            // The value itself rather than its text: compared as a value.
            (.object(output), true, true),
            // Key order: the text differs.
            (
                .string(
                    JSONWriter.compact.string(
                        .object(JSONObject(output.keys.reversed().map { ($0, output[$0] ?? .null) })))), false, false
            ),
            // 1.0 against 1.
            (.string(outputText.replacingOccurrences(of: #""a":1"#, with: #""a":1.0"#)), false, false),
            // A quote and a non-ASCII character more in the id.
            (.string(outputText.replacingOccurrences(of: id, with: id + "\"")), false, false),
            (.string(outputText.replacingOccurrences(of: id, with: id + "é")), false, false),
        ]
        for (changedOutput, fast, passes) in variants {
            var changed = events
            // The `\u{1}` marker: the original output, with `\u0069` for an `i` in the case's text.
            let unicodeEscape = changedOutput == .string("\u{1}")
            if let changedOutput, !unicodeEscape {
                guard case .object(var third) = changed[2], case .object(var details) = third["stateExitedEventDetails"]
                else {
                    Issue.record("no third event")
                    return
                }
                details["output"] = changedOutput
                third["stateExitedEventDetails"] = .object(details)
                changed[2] = .object(third)
            }
            func edit(_ text: String) -> String {
                unicodeEscape ? text.replacingOccurrences(of: #"\"in\""#, with: #"\"\u0069n\""#) : text
            }
            #expect(
                EventsTextMatch.matches(edit(JSONWriter.compact.string(.array(changed))), execution.history) == fast)
            expected["events"] = .array(changed)
            json["expected"] = .object(expected)
            let text = edit(JSONWriter.compact.string(.object(json)))
            let whole = try await ConformanceCase(text: text, fileName: "case.json").run().outcome
            let lazily = try await ConformanceCase(readingLazily: text, fileName: "case.json").run().outcome
            #expect("\(lazily)" == "\(whole)")
            if case .passed = whole {
                #expect(passes, "\(String(describing: changedOutput)) passed")
            } else {
                #expect(!passes, "\(String(describing: changedOutput)): \(whole)")
            }
        }
    }

    /// A payload the history shows twice (one value: a state's output is the next state's input)
    /// is matched the second time by the bytes of the literal it matched the first time: that
    /// literal matches, any other is compared with the value's text, in either layout.
    @Test func aPayloadGivenTwiceMatchesOnlyItsText() {
        let v: JSONValue = ["a": 1, "b": ["c", "d\"e"]]
        let date = Date(timeIntervalSince1970: 0)
        let history = [
            HistoryEvent(
                id: 1, previousEventId: 0, timestamp: date, type: .passStateExited,
                details: [("name", .value("A")), ("output", .payload(v))]),
            HistoryEvent(
                id: 2, previousEventId: 1, timestamp: date, type: .passStateEntered,
                details: [("input", .payload(v)), ("name", .value("B"))]),
        ]
        let compact = JSONWriter.compact.string(.array(history.map(\.json)))
        let pretty = JSONWriter.pretty.string(.array(history.map(\.json)))
        let same = JSONWriter.compact.string(.string(JSONWriter.compactJava.string(v)))
        let other = JSONWriter.compact.string(.string(JSONWriter.compactJava.string(["a": 2, "b": ["c", "d\"e"]])))
        /// `text` with the `n`th literal of the payload (0 or 1) replaced by `other`.
        func replacing(_ n: Int, in text: String) -> String {
            var ranges: [Range<String.Index>] = []
            var from = text.startIndex
            while let r = text.range(of: same, range: from..<text.endIndex) {
                ranges.append(r)
                from = r.upperBound
            }
            return text.replacingCharacters(in: ranges[n], with: other)
        }
        for text in [compact, pretty] {
            #expect(EventsTextMatch.matches(text, history))
            #expect(!EventsTextMatch.matches(replacing(0, in: text), history))
            #expect(!EventsTextMatch.matches(replacing(1, in: text), history))
        }
    }
}
