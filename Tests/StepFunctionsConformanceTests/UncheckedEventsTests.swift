import Foundation
import JSONCore
import StepFunctionsConformance
import StepFunctionsSimulator
import Testing

/// The case reader that takes expected events ending the file unread (`checkingEvents: false`)
/// and leaves them to the events matcher, against the reader that checks them (`sfn test`
/// before): over case files whose events are changed byte by byte, respelled and cut short, the
/// matcher accepts only text that reader checks, and reading and running a file so
/// (`ConformanceCase.run(fileText:…)`) comes to that reader's outcome, or its error, word for word.
@Suite struct UncheckedEventsTests {
    /// A file to change: its text, the history its run records, its mask tokens and literals.
    struct Base {
        var label: String
        var text: String
        var history: [HistoryEvent]
        var tokens: Set<String>
        var literals: Set<String>
        /// The byte range of its expected events.
        var events: Range<Int>
    }

    /// `json` (a case with `expected.status` only, last) with its run's output and history as its
    /// expectation, the history written as `events` makes it (last in `expected`: the file ends
    /// with the events).
    static func recorded(_ label: String, _ json: JSONValue, events: ([JSONValue]) -> String) async throws -> Base {
        let probe = try ConformanceCase(text: JSONWriter.compact.string(json), fileName: "case.json")
        let execution = try #require(await probe.run().execution)
        guard case .object(var o) = json, case .object(var expected)? = o["expected"] else {
            throw ConformanceError(message: "not a case")
        }
        expected["output"] = execution.output ?? .null
        expected["events"] = "EVENTS"
        o["expected"] = .object(expected)
        let placeholder = #""EVENTS""#
        let written = JSONWriter.compact.string(.object(o))
        let eventsText = events(try #require(execution.historyJSON.arrayValue))
        let start = try #require(written.range(of: placeholder)).lowerBound
        let text = written.replacingOccurrences(of: placeholder, with: eventsText)
        let offset = written.utf8.distance(from: written.startIndex, to: start)
        var tokens = Set<String>()
        for v in o["literalMaskTokens"]?.arrayValue ?? [] { if let s = v.stringValue { tokens.insert(s) } }
        let literals = Set((o["literalValuesNotPlaceholders"]?.arrayValue ?? []).compactMap(\.stringValue))
        return Base(
            label: label, text: text, history: execution.history, tokens: tokens, literals: literals,
            events: offset..<(offset + eventsText.utf8.count))
    }

    /// A chain of Pass states adding a field each (`sfn test`'s chain benchmark).
    static func chain() async throws -> Base {
        var states = JSONObject()
        for s in 0..<6 {
            var state: JSONObject = ["Type": "Pass", "Result": .int(s), "ResultPath": .string("$.s\(s)")]
            if s == 5 { state["End"] = true } else { state["Next"] = .string("S\(s + 1)") }
            states["S\(s)"] = .object(state)
        }
        let json: JSONValue = [
            "name": "chain", "group": "benchmark", "definition": ["StartAt": "S0", "States": .object(states)],
            "input": ["id": 7], "mocks": [:], "expected": ["status": "SUCCEEDED"],
        ]
        return try await recorded("chain", json) { JSONWriter.compact.string(.array($0)) }
    }

    /// Lambda Tasks answered by mocks (the payment benchmark's shape): Task events, resources,
    /// payloads with arrays and escapes.
    static func payment() async throws -> Base {
        let order: JSONValue = ["orderId": "o-1", "amount": 12, "items": ["book", "pen \"x\""], "note": "a\nb"]
        func task(_ name: String, _ next: String?) -> JSONValue {
            var s: JSONObject = [
                "Type": "Task", "Resource": .string("arn:aws:lambda:us-east-1:111111111111:function:\(name)"),
            ]
            if let next { s["Next"] = .string(next) } else { s["End"] = true }
            return .object(s)
        }
        let json: JSONValue = [
            "name": "payment", "group": "benchmark",
            "definition": [
                "StartAt": "Validate",
                "States": [
                    "Validate": task("Validate", "Pay"), "Pay": task("Pay", "Confirm"), "Confirm": task("Confirm", nil),
                ],
            ],
            "input": order,
            "mocks": [
                "Validate": ["0": ["Return": order]], "Pay": ["0": ["Return": ["paid": true, "total": -3]]],
                "Confirm": ["0": ["Return": ["MessageId": "m-1"]]],
            ],
            "expected": ["status": "SUCCEEDED"],
        ]
        return try await recorded("payment", json) { JSONWriter.compact.string(.array($0)) }
    }

    /// A corpus-like recording: pretty, keys sorted, payloads given as values, timestamps and
    /// the role as mask tokens, placeholders in texts.
    static func corpusLike() async throws -> Base {
        // (Without its `\u0001` and its name with a quote, which the matcher leaves to the parsed
        // comparison in payloads given as values: a `\u` escape, a name with an escape.)
        let text = EventsTextMatchQuickTests.caseText.replacingOccurrences(of: #"\u0001"#, with: "")
            .replacingOccurrences(of: #""q\"k""#, with: #""qk""#)
        guard case .object(var o) = try JSONParser.parse(text) else {
            throw ConformanceError(message: "not a case")
        }
        o["literalValuesNotPlaceholders"] = ["<not a placeholder"]
        // The expectation last, as `sfn` writes it.
        let expected = o["expected"] ?? .null
        o["expected"] = nil
        o["expected"] = expected
        return try await recorded("corpus-like", .object(o)) { events in
            let shown = events.map { event -> JSONValue in
                guard case .object(var e) = event else { return event }
                e["timestamp"] = "timestamp"
                for key in e.keys where key.hasSuffix("EventDetails") {
                    guard case .object(var d) = e[key] else { continue }
                    for name in ["input", "output"] {
                        if case .string(let text)? = d[name], let parsed = try? JSONParser.parse(text),
                            parsed.objectValue != nil
                        {
                            d[name] = parsed
                        }
                    }
                    if d["roleArn"] != nil { d["roleArn"] = "snf_role_arn" }
                    e[key] = .object(d)
                }
                return .object(e)
            }
            return JSONWriter.pretty.string(Self.sorted(.array(shown)))
        }
    }

    /// `v` with every object's members in name order.
    static func sorted(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let o): return .object(JSONObject(o.keys.sorted().map { ($0, sorted(o[$0] ?? .null)) }))
        case .array(let a): return .array(a.map(sorted))
        default: return v
        }
    }

    /// The outcome of reading `text` as `sfn test` did (events checked when read), or its error.
    static func checkedOutcome(_ text: String) async -> String {
        do {
            let c = try ConformanceCase(readingLazily: text, fileName: "case.json")
            return "\(await c.run(configure: nil, keepRun: false).outcome)"
        } catch {
            return "error: \(error.message)"
        }
    }

    /// The outcome of reading and running `text` with its events only delimited, or its error.
    static func uncheckedOutcome(_ text: String) async -> String {
        do {
            let result = try await ConformanceCase.run(
                fileText: text, fileName: "case.json", configure: nil, keepRun: false
            ) { _ in true }
            return result.map { "\($0.outcome)" } ?? "not run"
        } catch {
            return "error: \(error.message)"
        }
    }

    /// What a change made of the file, counted so that the test shows it met every kind.
    struct Tally {
        var matchedOnText = 0
        var invalidEvents = 0
        var errors = 0
        var failures = 0
        var total = 0
    }

    /// Checks one changed file against the checking reader; counts what it was.
    static func check(_ text: String, _ base: Base, _ tally: inout Tally, _ note: @autoclosure () -> String) async {
        tally.total += 1
        let unchecked = try? ConformanceCase(readingLazily: text, fileName: "case.json", checkingEvents: false)
        let checked = try? ConformanceCase(readingLazily: text, fileName: "case.json")
        var matched = false
        if let unchecked, unchecked.eventsUnchecked, let events = unchecked.eventsText {
            if !unchecked.eventsTextIsValid { tally.invalidEvents += 1 }
            if EventsTextMatch.matches(events, base.history, tokens: base.tokens, literals: base.literals) {
                matched = true
                tally.matchedOnText += 1
                // Accepted: the checking reader read the same text as JSON, and the parser agrees.
                #expect(unchecked.eventsTextIsValid, "\(note()) \(events)")
                #expect(checked?.eventsText == events, "\(note()) \(events)")
                #expect((try? JSONParser.parse(events))?.arrayValue != nil, "\(note()) \(events)")
            }
        }
        let before = await checkedOutcome(text)
        let after = await uncheckedOutcome(text)
        #expect(after == before, "\(note()) \(text)")
        // Matched on the text: the parsed comparison finds no difference either (the rest of the
        // file is the recording's, which passes).
        if matched { #expect(before == "passed", "\(note()) \(text)") }
        if before.hasPrefix("error: ") { tally.errors += 1 } else if before.hasPrefix("failed") { tally.failures += 1 }
    }

    /// The text with one change in the expected events (`range`): a byte changed, dropped or doubled,
    /// something inserted that JSON has not there (a leading zero, an exponent, a control
    /// character, a bad escape, deep nesting...), or the file cut short there.
    static func changed(_ bytes: [UInt8], in range: Range<Int>, _ rng: inout SplitMix64) -> [UInt8] {
        var edited = bytes
        let at = range.lowerBound + rng.below(range.count)
        let inserts = [
            "0", "00", "-", "-0", ".5", "e1", "E-2", "1e5", "\u{01}", "\n", "\t", " ", "\r", "\u{7F}", "\\", "\\u0041",
            "\\u00", "\\x", "\\/", "\"", ",", ":", "[", "]", "{", "}", "true", "nul", "é", "\u{FEFF}",
            String(repeating: "[", count: 200) + String(repeating: "]", count: 200),
        ]
        switch rng.below(8) {
        case 0:
            let replacements = Array("01-.eE\"\\u/{}[],: \n\tx".utf8) + [0x01, 0x1F, 0x7F]
            edited[at] = replacements[rng.below(replacements.count)]
        case 1: edited.remove(at: at)
        case 2: edited.insert(edited[at], at: at)
        case 3, 4: edited.insert(contentsOf: Array(inserts[rng.below(inserts.count)].utf8), at: at)
        case 5:
            // A number respelled: a leading zero, a sign, a fraction or an exponent.
            guard let digit = (at..<range.upperBound).first(where: { (0x30...0x39).contains(bytes[$0]) }) else {
                break
            }
            let spellings = ["0", "-", "00", "-0"]
            if rng.below(2) == 0 {
                edited.insert(contentsOf: Array(spellings[rng.below(spellings.count)].utf8), at: digit)
            } else {
                edited.insert(contentsOf: Array([".0", "e0", "E+1", "0"][rng.below(4)].utf8), at: digit + 1)
            }
        case 6:
            // Inside a string: a control character, or an escape.
            guard let quote = (at..<range.upperBound).first(where: { bytes[$0] == 0x22 }) else { break }
            let pieces = ["\u{01}", "\n", "\\n", "\\t", "\\u0041", "\\q", "\\\\", "\\\""]
            edited.insert(contentsOf: Array(pieces[rng.below(pieces.count)].utf8), at: quote + 1)
        default:
            edited.removeSubrange(at...)
        }
        return edited
    }

    @Test(arguments: ["chain", "payment", "corpus-like"])
    func changedEventsComeToTheCheckedOutcome(_ label: String) async throws {
        let base: Base
        switch label {
        case "chain": base = try await Self.chain()
        case "payment": base = try await Self.payment()
        default: base = try await Self.corpusLike()
        }
        // As recorded: matched on the text, and passing.
        let read = try ConformanceCase(readingLazily: base.text, fileName: "case.json", checkingEvents: false)
        #expect(read.eventsUnchecked)
        #expect(await Self.uncheckedOutcome(base.text) == "passed")
        let events = try #require(read.eventsText)
        #expect(EventsTextMatch.matches(events, base.history, tokens: base.tokens, literals: base.literals))
        var rng = SplitMix64(seed: UInt64(label.utf8.count) &* 7919)
        var tally = Tally()
        let bytes = Array(base.text.utf8)
        for round in 0..<250 {
            var edited = Self.changed(bytes, in: base.events, &rng)
            if round % 5 == 0, edited.count > base.events.lowerBound + 2 {
                edited = Self.changed(edited, in: base.events.lowerBound..<(edited.count - 2), &rng)
            }
            await Self.check(String(decoding: edited, as: UTF8.self), base, &tally, "\(label) round \(round)")
        }
        // Every kind came up: matched on the text, events the reader would not read, errors, failures.
        #expect(
            tally.matchedOnText > 0 && tally.invalidEvents > 0 && tally.errors > 0 && tally.failures > 0,
            "\(label): \(tally)")
    }

    /// Events nested as deep as the reader reads (a container 199 deep in the file) and one
    /// deeper, matched as values: accepted on the text only when the reader would check them;
    /// deeper, the file is read whole (the parser reads deeper) and passes as before.
    @Test func nestingAtTheReadersLimit() async throws {
        for depth in [190, 192, 193, 194, 195, 196] {
            var v: JSONValue = 1
            for _ in 0..<depth { v = ["a": v] }
            let json: JSONValue = [
                "name": "deep", "group": "base",
                "definition": ["StartAt": "P", "States": ["P": ["Type": "Pass", "End": true]]],
                "input": v, "expected": ["status": "SUCCEEDED"],
            ]
            let base = try await Self.recorded("deep", json) { events in
                JSONWriter.compact.string(
                    .array(
                        events.map { event in
                            guard case .object(var e) = event else { return event }
                            for key in e.keys where key.hasSuffix("EventDetails") {
                                guard case .object(var d) = e[key] else { continue }
                                for name in ["input", "output"] {
                                    if case .string(let t)? = d[name], let p = try? JSONParser.parse(t) { d[name] = p }
                                }
                                e[key] = .object(d)
                            }
                            return .object(e)
                        }))
            }
            let read = try ConformanceCase(readingLazily: base.text, fileName: "case.json", checkingEvents: false)
            let events = try #require(read.eventsText)
            let valid = read.eventsTextIsValid
            // The payload's innermost object is `depth` deep in the details' member, 5 deep: 5 + depth in all.
            #expect(valid == (5 + depth < 200), "\(depth)")
            #expect(EventsTextMatch.matches(events, base.history) == valid, "\(depth)")
            #expect(await Self.uncheckedOutcome(base.text) == Self.checkedOutcome(base.text), "\(depth)")
            #expect(await Self.uncheckedOutcome(base.text) == "passed", "\(depth)")
        }
    }

    /// Events the reader would not read: the same outcome as reading them checked, whatever the
    /// run came to and whether the case runs at all (`prepare` declining or throwing).
    @Test func eventsTheReaderWouldNotReadAreReadAsBefore() async throws {
        let base = try await Self.chain()
        let exponent = base.text.replacingOccurrences(of: #""id":5,"#, with: #""id":5e0,"#)
        let broken = base.text.replacingOccurrences(of: #""id":5,"#, with: #""id":5,,"#)
        let otherStatus = exponent.replacingOccurrences(of: #""status":"SUCCEEDED""#, with: #""status":"FAILED""#)
        #expect(exponent != base.text && broken != base.text && otherStatus != exponent)
        // Files ending `]}}` whose events do not end them: the text up to that end is not the
        // events', and the file is read as before (a difference after the events, or none).
        let events = String(decoding: Array(base.text.utf8)[base.events], as: UTF8.self)
        for after in [#","output":[1]"#, #","status":"FAILED","output":[]"#, #","output":{"id":7},"cause":[0]"#] {
            let ending = String(base.text.dropLast(2)) + after + "}}"
            let inside = ending.replacingOccurrences(of: events + after, with: events + "]" + after)
            for text in [ending, inside, String(base.text.dropLast(1)) + #","x":{"y":[2]}}"#] {
                let read = try ConformanceCase(readingLazily: text, fileName: "case.json", checkingEvents: false)
                #expect(read.eventsUnchecked && !read.eventsTextIsValid)
                #expect(await Self.uncheckedOutcome(text) == Self.checkedOutcome(text), "\(text)")
            }
        }
        #expect(await Self.uncheckedOutcome(exponent) == "passed")
        #expect(await Self.uncheckedOutcome(broken).hasPrefix("error: case.json: not JSON: "))
        #expect(await Self.uncheckedOutcome(broken) == Self.checkedOutcome(broken))
        #expect(await Self.uncheckedOutcome(otherStatus) == Self.checkedOutcome(otherStatus))
        for text in [base.text, exponent, broken] {
            // Not run: the reading's error, if any, still.
            var expected = "not run"
            do { _ = try ConformanceCase(readingLazily: text, fileName: "case.json") } catch {
                expected = "error: \(error.message)"
            }
            var answer = "not run"
            do {
                _ = try await ConformanceCase.run(fileText: text, fileName: "case.json", configure: nil, keepRun: false)
                {
                    _ in false
                }
            } catch { answer = "error: \(error.message)" }
            #expect(answer == expected)
            // `prepare`'s own error, unless the reading has one.
            if expected == "not run" { expected = "error: prepared" }
            do {
                _ = try await ConformanceCase.run(fileText: text, fileName: "case.json", configure: nil, keepRun: false)
                {
                    (_: inout ConformanceCase) throws(ConformanceError) -> Bool in
                    throw ConformanceError(message: "prepared")
                }
                answer = "not run"
            } catch { answer = "error: \(error.message)" }
            #expect(answer == expected)
        }
    }

    /// Text the matcher reads without comparing it with written bytes, respelled as JSON does not
    /// allow (the matcher before took each): not matched on the text, and the case read as before.
    @Test func strictWhereItReadsWithoutComparing() async throws {
        let chain = try await Self.chain()
        let corpus = try await Self.corpusLike()
        let respellings: [(Base, String, String)] = [
            // A leading zero in an id, and in a value.
            (chain, #""id":1,"#, #""id":01,"#), (chain, #""id":12,"#, #""id":012,"#),
            (corpus, #""id": 1,"#, #""id": 01,"#), (corpus, #""index": 0,"#, #""index": -00,"#),
            // Control characters as they are in a string equal to the history's.
            (corpus, #""a\nb\tc""#, "\"a\nb\tc\""), (corpus, #""a\nb\tc""#, "\"a\\nb\tc\""),
            // Whitespace JSON does not have.
            (chain, #""id":1,"#, "\"id\":1\u{0B},"),
        ]
        for (base, from, to) in respellings {
            // In the events only.
            let bytes = Array(base.text.utf8)
            let events = String(decoding: bytes[base.events], as: UTF8.self).replacingOccurrences(of: from, with: to)
            let text =
                String(decoding: bytes[..<base.events.lowerBound], as: UTF8.self) + events
                + String(decoding: bytes[base.events.upperBound...], as: UTF8.self)
            #expect(text != base.text, "\(from)")
            let read = try ConformanceCase(readingLazily: text, fileName: "case.json", checkingEvents: false)
            #expect(read.eventsText == events && read.eventsUnchecked)
            #expect(!EventsTextMatch.matches(events, base.history, tokens: base.tokens, literals: base.literals))
            #expect(await Self.uncheckedOutcome(text) == Self.checkedOutcome(text), "\(to)")
        }
        // Nothing after the array.
        var events = try #require(
            try ConformanceCase(readingLazily: chain.text, fileName: "case.json", checkingEvents: false).eventsText)
        #expect(EventsTextMatch.matches(events, chain.history))
        events += " "
        #expect(!EventsTextMatch.matches(events, chain.history))
        #expect(!EventsTextMatch.matches("[] ", []) && EventsTextMatch.matches("[]", []))
    }
}
