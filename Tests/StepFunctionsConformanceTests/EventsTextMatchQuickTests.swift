import Foundation
import JSONCore
import StepFunctionsConformance
import StepFunctionsSimulator
import Testing

/// The events matcher's quick paths (the common events' details read in one call, names and
/// texts of payloads compared at once) against the walk they stand in for: on histories of every
/// common shape, written in several layouts, then changed, respelled and cut short at random,
/// both must give the same answer.
@Suite struct EventsTextMatchQuickTests {
    /// A case whose run has events of every common shape: state entered and exited (with payloads
    /// that need escapes, numbers of every kind), a Task's scheduled, started and succeeded, a
    /// Lambda function's, a Map's iterations, a state that assigns variables (a field list).
    static let caseText = #"""
        {"name": "quick", "group": "base",
         "definition": {"StartAt": "P", "States": {
           "P": {"Type": "Pass", "Result": {"q\"k": "v\\al", "uni": "é😀 汉字", "ctl": "a\nb\tc\u0001",
                 "n": [1, 2.5, -3, 10, 1234567890123, true, null], "empty": {}, "none": [],
                 "s": "<not a placeholder", "long": "a value that is longer than eight bytes", "slash": "a/b"},
                 "ResultPath": "$.p", "Next": "T"},
           "T": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:secretsmanager:listSecrets",
                 "Parameters": {"a.$": "$.p.n", "b": "x\"y"}, "ResultPath": "$.t", "Next": "L"},
           "L": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:f", "ResultPath": "$.l",
                 "Next": "M"},
           "M": {"Type": "Map", "ItemsPath": "$.p.n", "ResultPath": "$.m", "Next": "A",
                 "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "I",
                   "States": {"I": {"Type": "Pass", "End": true}}}},
           "A": {"Type": "Pass", "Assign": {"v": 1, "w": "two"}, "Next": "C"},
           "C": {"Type": "Choice", "Choices": [{"Variable": "$.p.n[0]", "NumericEquals": 1, "Next": "W"}], "Default": "W"},
           "W": {"Type": "Wait", "Seconds": 0, "Next": "S"},
           "S": {"Type": "Succeed"}}},
         "input": {"a": 1, "id": "0b7d"}, "inputText": "{\"a\": 1, \"id\": \"0b7d\"}",
         "mocks": {"T": {"0": {"Return": {"SecretList": [], "Next": "tok\"en"}}}, "L": {"0": {"Return": {"x": 1.5}}}},
         "expected": {"status": "SUCCEEDED"},
         "execution": {"name": "run-1", "stateMachineName": "sm", "stateMachineType": "STANDARD", "accountId": "111111111111",
           "region": "us-east-1", "roleArn": "arn:aws:iam::111111111111:role/r"},
         "literalMaskTokens": ["timestamp", "snf_role_arn"], "flags": {}}
        """#

    static let tokens: Set<String> = ["timestamp", "snf_role_arn", "<region>"]
    static let literals: Set<String> = ["<not a placeholder"]

    /// The run's history (every common shape, checked).
    func history() async throws -> [HistoryEvent] {
        let run = try await ConformanceCase(text: Self.caseText, fileName: "case.json").run()
        let history = try #require(run.execution?.history)
        let types = Set(history.map(\.type))
        for type in [
            HistoryEventType.passStateEntered, .passStateExited, .taskScheduled, .taskStarted, .taskSucceeded,
            .lambdaFunctionScheduled, .lambdaFunctionSucceeded, .mapIterationStarted, .mapIterationSucceeded,
            .executionSucceeded, .waitStateEntered, .choiceStateExited,
        ] {
            #expect(types.contains(type), "no \(type) in the run")
        }
        return history
    }

    /// Both paths' answer, which must agree; the answer.
    @discardableResult
    func agree(_ text: String, _ history: [HistoryEvent], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let quick = EventsTextMatch.matches(text, history, tokens: Self.tokens, literals: Self.literals)
        let walked = EventsTextMatch.matches(text, history, tokens: Self.tokens, literals: Self.literals, quick: false)
        #expect(quick == walked, "quick \(quick), walk \(walked) for \(text)", sourceLocation: sourceLocation)
        return quick
    }

    /// `v` with every object's members in name order (a recorder that sorts keys).
    func sorted(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let o):
            return .object(JSONObject(o.keys.sorted().map { ($0, sorted(o[$0] ?? .null)) }))
        case .array(let a): return .array(a.map(sorted))
        default: return v
        }
    }

    /// The events with each payload given as the value its text holds (as the corpus records them).
    func payloadsAsValues(_ events: [JSONValue]) -> [JSONValue] {
        events.map { event in
            guard case .object(var e) = event else { return event }
            for key in e.keys where key.hasSuffix("EventDetails") {
                guard case .object(var d) = e[key] else { continue }
                for name in ["input", "output", "parameters"] {
                    if case .string(let text)? = d[name], let parsed = try? JSONParser.parse(text) { d[name] = parsed }
                }
                e[key] = .object(d)
            }
            return .object(e)
        }
    }

    /// The layouts a history is recorded in: compact in `GetExecutionHistory`'s order, pretty with
    /// sorted keys, payloads as values.
    func layouts(_ events: [JSONValue]) -> [String] {
        let values = payloadsAsValues(events)
        return [
            JSONWriter.compact.string(.array(events)),
            JSONWriter.pretty.string(sorted(.array(events))),
            JSONWriter.compact.string(sorted(.array(events))),
            JSONWriter.pretty.string(sorted(.array(values))),
            JSONWriter.compact.string(.array(values)),
        ]
    }

    @Test func everyLayoutMatchesOnBothPaths() async throws {
        let history = try await history()
        let events = history.map(\.json)
        for (i, text) in layouts(events).enumerated() {
            // Payloads given as values show their control character as a `\u` escape, which the
            // matcher leaves to the parsed comparison.
            #expect(agree(text, history) == (i < 3), "\(text)")
        }
        // A history that is not this one's: the next run's ids.
        let renumbered = events.map { event -> JSONValue in
            guard case .object(var e) = event, case .number(let n)? = e["id"] else { return event }
            e["id"] = .number(n == .int(1) ? .int(2) : n)
            return .object(e)
        }
        #expect(!agree(JSONWriter.compact.string(.array(renumbered)), history))
    }

    /// One member of one event's details changed in one of the ways the corpus spells values
    /// (placeholders, mask tokens, numbers respelled, escapes), or its order, or taken away.
    @Test func changedDetailsAgree() async throws {
        let history = try await history()
        let events = history.map(\.json)
        var rng = SplitMix64(seed: 11)
        var matched = 0
        var total = 0
        for round in 0..<600 {
            var changed = round % 2 == 0 ? events : payloadsAsValues(events)
            let i = rng.below(changed.count)
            guard case .object(var e) = changed[i],
                let key = e.keys.first(where: { $0.hasSuffix("EventDetails") }), case .object(var d) = e[key],
                !d.isEmpty
            else { continue }
            let name = d.keys[rng.below(d.count)]
            let old = d[name] ?? .null
            switch rng.below(12) {
            case 0: d[name] = "<uuid:1>"
            case 1: d[name] = "timestamp"
            case 2: d[name] = "<not a placeholder"
            case 3:
                if case .string(let s) = old { d[name] = .string("<any>" + s.dropFirst(min(3, s.count))) }
            case 4:
                if case .string(let s) = old { d[name] = .string(s + "x") }
            case 5: d[name] = nil
            case 6: d["extra"] = 1
            case 7: d = JSONObject(d.keys.reversed().map { ($0, d[$0] ?? .null) })
            case 8:
                if case .string(let s) = old { d[name] = .string(s.replacingOccurrences(of: "1", with: "1.0")) }
            case 9:
                if case .object(let o) = old {
                    d[name] = .object(JSONObject(o.keys.reversed().map { ($0, o[$0] ?? .null) }))
                }
            case 10:
                if case .string(let s) = old, let parsed = try? JSONParser.parse(s) { d[name] = parsed }
            default:
                if case .string(let s) = old { d[name] = .string(JSONWriter.compact.string(.string(s))) }
            }
            e[key] = .object(d)
            changed[i] = .object(e)
            for text in layouts(changed) {
                total += 1
                if agree(text, history) { matched += 1 }
            }
        }
        // Both answers came up.
        #expect(matched > 0 && matched < total, "\(matched) of \(total) matched")
    }

    /// The texts changed byte by byte: a byte changed, dropped or doubled, a letter written as a
    /// `\u` escape, a number respelled, the text cut short.
    @Test func editedTextsAgree() async throws {
        let history = try await history()
        let events = history.map(\.json)
        var rng = SplitMix64(seed: 12)
        for text in layouts(events) {
            let bytes = Array(text.utf8)
            for _ in 0..<300 {
                var edited = bytes
                let at = rng.below(bytes.count)
                switch rng.below(6) {
                case 0:
                    let replacements = Array("1\\\"a} ,:e.".utf8)
                    edited[at] = replacements[rng.below(replacements.count)]
                case 1: edited.remove(at: at)
                case 2: edited.insert(edited[at], at: at)
                case 3:
                    // A letter inside a string as its `\u` escape.
                    guard let letter = (at..<bytes.count).first(where: { (0x61...0x7A).contains(bytes[$0]) }) else {
                        continue
                    }
                    let escape = Array(String(format: "\\u%04x", Int(bytes[letter])).utf8)
                    edited.replaceSubrange(letter...letter, with: escape)
                case 4:
                    // A digit followed by `.0` or `e0`.
                    guard let digit = (at..<bytes.count).first(where: { (0x30...0x39).contains(bytes[$0]) }) else {
                        continue
                    }
                    edited.insert(contentsOf: Array((rng.below(2) == 0 ? ".0" : "e0").utf8), at: digit + 1)
                default:
                    edited.removeSubrange(at...)
                }
                agree(String(decoding: edited, as: UTF8.self), history)
            }
        }
    }

    /// A history recorded for another run (other payloads, names and ids) matches on neither path,
    /// nor does the right one against another run's history.
    @Test func anotherRunsHistoryAgrees() async throws {
        let history = try await history()
        let events = history.map(\.json)
        let shorter = Array(history.dropLast())
        for text in layouts(events) {
            #expect(!agree(text, shorter))
            #expect(!agree(text, Array(history.reversed())))
        }
    }

    /// Names and texts of a payload compared at once (`\"name\"`) only when they need no escape:
    /// a backslash that reads as an escape in the text (`\b`, a backspace) is not the one in the name.
    @Test func namesAndTextsThatNeedEscapesAgree() {
        let cases: [(String, JSONValue, Bool)] = [
            (#""\"a\b\"""#, "a\\b", false), (#""{\"a\b\":1}""#, ["a\\b": 1], false),
            (#""\"a\\\\b\"""#, "a\\b", true), (#""{\"a\\\\b\":1}""#, ["a\\b": 1], true),
            (#""{\"k\":\"v\"}""#, ["k": "v"], true), (#""{\"k\":\"v\"}""#, ["k": "w"], false),
            (#""{\"k\":\"a\\\"b\"}""#, ["k": "a\"b"], true), (#""\"\"""#, "", true),
            (#""{\"\":\"\"}""#, ["": ""], true), (#""{\"kk\":1}""#, ["k": 1], false),
        ]
        for (literal, v, matches) in cases {
            #expect(EventsTextMatch.payloadMatches(literal, v) == matches, "\(literal)")
            #expect(EventsTextMatch.payloadMatches(literal, v, quick: false) == matches, "\(literal)")
        }
        // Random names and texts, their literal cut or changed anywhere.
        var rng = SplitMix64(seed: 13)
        let pieces = ["a", "bc", "\"", "\\", "/", "\n", "\u{08}", "é", "12345678", " "]
        for _ in 0..<3000 {
            let name = (0..<rng.below(4)).map { _ in pieces[rng.below(pieces.count)] }.joined()
            let text = (0..<rng.below(4)).map { _ in pieces[rng.below(pieces.count)] }.joined()
            let v: JSONValue = [name: .string(text), "n": 1]
            var bytes = Array(JSONWriter.compact.string(.string(JSONWriter.compactJava.string(v))).utf8)
            if rng.below(2) == 0 {
                let at = rng.below(bytes.count)
                switch rng.below(3) {
                case 0: bytes[at] = Array("\\\"ba".utf8)[rng.below(4)]
                case 1: bytes.remove(at: at)
                default: bytes.removeSubrange(at...)
                }
            }
            let literal = String(decoding: bytes, as: UTF8.self)
            #expect(
                EventsTextMatch.payloadMatches(literal, v) == EventsTextMatch.payloadMatches(literal, v, quick: false),
                "\(literal)")
        }
    }

    /// The masks made for one case's tokens are taken again for the next case only when its tokens
    /// are the same bytes (in the same order): a token that equals another as Unicode text (a
    /// Kelvin sign for a `K`) is not the same mask.
    @Test func masksAreTakenAgainOnlyForTheSameBytes() {
        let history = [
            HistoryEvent(
                id: 1, previousEventId: 0, timestamp: Date(timeIntervalSince1970: 0), type: .executionStarted,
                details: [("roleArn", .value("arn:x"))])
        ]
        func text(_ role: String) -> String {
            JSONWriter.compact.string(.array(history.map(\.json))).replacingOccurrences(of: "arn:x", with: role)
        }
        for _ in 0..<3 {
            #expect(!EventsTextMatch.matches(text("KEY1"), history, tokens: ["KEY2"]))
            #expect(EventsTextMatch.matches(text("KEY2"), history, tokens: ["KEY2"]))
            #expect(EventsTextMatch.matches(text("KEY1"), history, tokens: ["KEY1"]))
            #expect(!EventsTextMatch.matches(text("KEY1"), history, tokens: ["\u{212A}EY1"]))
            #expect(!EventsTextMatch.matches(text("KEY1"), history, tokens: ["KEY1"], literals: ["KEY1"]))
        }
    }

    /// Masks are taken for other sets only when made of them would give the same masks: the same
    /// strings byte for byte, and the tokens that stand for words (4 characters or more) in the
    /// set's order, which may differ between equal sets (their capacity differs); and then they
    /// answer as masks made of those sets do.
    @Test func masksAreMadeOfTheSetsTheyStandFor() {
        var rng = SplitMix64(seed: 14)
        let pool = ["<ts>", "snf_role_arn", "abcd", "abcd-1", "xyz", "K\u{212A}EY", "KKEY", "id-1", "id-12", "é-token"]
        let probes = ["abcd-1 x", "abcd", "x abcd-1", "snf_role_arn", "id-12", "a id-1 b", "<ts>", "KKEY", "other"]
        var taken = 0
        for _ in 0..<400 {
            func pick() -> [String] { (0..<rng.below(5)).map { _ in pool[rng.below(pool.count)] } }
            let tokens = pick()
            let literals = pick()
            let tokenSet = Set(tokens)
            let made = EventsTextMatch.Masks(tokens: tokenSet, literals: Set(literals))
            var other = Set<String>(minimumCapacity: rng.below(2) == 0 ? 1 : 64)
            for t in (rng.below(2) == 0 ? tokens : pick()).reversed() { other.insert(t) }
            let otherLiterals = rng.below(3) == 0 ? Set(pick()) : Set(literals)
            let sets = (tokens: other, literals: otherLiterals)
            func bytes(_ s: Set<String>) -> [[UInt8]] { s.map { Array($0.utf8) } }
            let sameStrings =
                Set(bytes(other)) == Set(bytes(tokenSet)) && Set(bytes(otherLiterals)) == Set(bytes(Set(literals)))
            // In each set's own order (equal sets may iterate differently).
            let sameWords =
                Array(other).filter { $0.count >= 4 }.map { Array($0.utf8) }
                == Array(tokenSet).filter { $0.count >= 4 }.map { Array($0.utf8) }
            #expect(made.isMade(of: sets) == (sameStrings && sameWords), "\(tokens) \(literals) against \(sets)")
            guard made.isMade(of: sets) else { continue }
            taken += 1
            let fresh = EventsTextMatch.Masks(tokens: sets.tokens, literals: sets.literals)
            for probe in probes {
                for actual in ["x", "abcd-1 x", "id-1"] {
                    var e = probe
                    var a = actual
                    let answers = e.withUTF8 { e in
                        a.withUTF8 { a in (made.matches(e, a), fresh.matches(e, a)) }
                    }
                    #expect(answers.0 == answers.1, "\(probe) \(actual)")
                }
            }
        }
        #expect(taken > 0)
    }
}
