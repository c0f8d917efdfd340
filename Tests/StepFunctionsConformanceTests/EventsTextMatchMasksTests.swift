import JSONCore
import StepFunctionsConformance
import Testing

/// The events matcher's placeholders and mask tokens (`EventsTextMatch.Masks`), against the rule of
/// the comparison on parsed values they stand in for (`ConformanceCase.textMatches`), and whole
/// histories with them matched in place.
@Suite struct EventsTextMatchMasksTests {
    static let tokens: Set<String> = ["date", "a_task_token", "timestamp", "sqs_queue_url", "abc"]
    static let literals: Set<String> = ["<literal>", "keep"]

    /// The bytes rule's answer for an expected text that differs from the actual one.
    func fast(_ e: String, _ a: String?, _ masks: EventsTextMatch.Masks) -> Bool? {
        var e = e
        return e.withUTF8 { e in
            guard var a else { return masks.matches(e, nil) }
            return a.withUTF8 { masks.matches(e, $0) }
        }
    }

    func agree(_ e: String, _ a: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard e != a else { return }
        let masks = EventsTextMatch.Masks(tokens: Self.tokens, literals: Self.literals)
        let old = ConformanceCase.textMatches(e, a, tokens: Self.tokens, literals: Self.literals)
        let answer = fast(e, a, masks)
        #expect(answer == old, "'\(e)' against '\(a)'", sourceLocation: sourceLocation)
    }

    @Test func placeholdersAndTokensMatchAsTheTextRuleSays() {
        let expected = [
            "arn:<partition>:iam::<account>:role/<resource:1>", "date", "keep", "<literal>", "x <literal> <y>",
            "on date: <d>", "update", "date-time", "a_task_token", "prefix a_task_token suffix", "<>", "a<b<c>d", "<a>",
            "<a><b>", "x<a>y<b>z", "plain", "abc", "abcd", "line<x>", "<x>date<y>", "dated", "x>y", "<a>x<b>x<c>",
        ]
        let actual = [
            "arn:aws:iam::123:role/r", "anything", "keep", "<literal>", "x <literal> 1", "on 2024-01-01: 5", "update",
            "2024-time", "tok", "prefix T suffix", "<>", "a<bXd", "", "12", "xAyBz", "plain\n", "abc", "abcd",
            "line\r\n",
            "line\u{2028}", "line\n\n", "xyz", "é", "1x2x3", "xx", "dated",
        ]
        for e in expected {
            for a in actual { agree(e, a) }
        }
    }

    @Test func randomTextsMatchAsTheTextRuleSays() {
        var rng = SplitMix64(seed: 7)
        let pieces = ["<", ">", "a", "b", "date", " ", "-", "abc", "<p>", "keep", "<literal>", "x"]
        func text(_ n: Int) -> String { (0..<n).map { _ in pieces[rng.below(pieces.count)] }.joined() }
        for _ in 0..<3000 {
            let e = text(1 + rng.below(5))
            // Often the expected text with its wildcards filled in, so that matches are common.
            var a = rng.below(2) == 0 ? text(rng.below(6)) : e.replacingOccurrences(of: "<p>", with: text(rng.below(3)))
            if rng.below(4) == 0 { a = a.replacingOccurrences(of: "date", with: "2024") }
            if rng.below(8) == 0 { a += "\n" }
            agree(e, a)
        }
    }

    @Test func onlyATokenMatchesAValueThatIsNotText() {
        let masks = EventsTextMatch.Masks(tokens: Self.tokens, literals: Self.literals)
        #expect(fast("a_task_token", nil, masks) == true)
        #expect(fast("keep", nil, masks) == false)
        #expect(fast("<x>", nil, masks) == false)
        // Where bytes and String's rules could differ, it cannot tell.
        #expect(fast("é<x>", "éa", masks) == nil)
        #expect(fast("a\n<x>", "a\nb", masks) == nil)
        #expect(fast("<x>", "a", EventsTextMatch.Masks(tokens: ["\u{212A}"])) == nil)
    }

    /// The placeholders, mask tokens and escapes of a recorded case are matched in place; a
    /// difference in one of them is found there (and the parsed comparison words it).
    @Test func recordedCaseMatchesInPlace() async throws {
        let text = ConformanceCaseTests.passCase
        let lazy = try ConformanceCase(readingLazily: text, fileName: "case.json")
        let events = try #require(lazy.eventsText)
        let history = try #require(await lazy.run().execution?.history)
        let tokens: Set<String> = ["timestamp", "snf_role_arn"]
        #expect(EventsTextMatch.matches(events, history, tokens: tokens))
        // Without its tokens the role's token is a difference; as a literal, too.
        #expect(!EventsTextMatch.matches(events, history))
        #expect(!EventsTextMatch.matches(events, history, tokens: tokens, literals: ["snf_role_arn"]))
        let changes: [(String, String)] = [
            (#":execution:<ArnPart_0idx>:<ExecArnPart_0idx>""#, #":execution:<ArnPart_0idx>:<ExecArnPart_0idx>x""#),
            (#""arn:<partition>:states:"#, #""arn:<partition>:stat:"#),
            (#""name": "S""#, #""name": "<n>T""#),
            // A state's name and the type are the event's label, compared exactly.
            (#""name": "S""#, #""name": "<n>""#),
            (#""type": "PassStateEntered""#, #""type": "<t>Entered""#),
            (#""type": "PassStateEntered""#, #""type": "<t>Exited""#),
            (#""input": "{\"a\": 1}""#, #""input": "{\"a\":<x>2}""#),
            (#""input": {"a": 1}"#, #""input": {"a": "<x>"}"#),
            (#""inputDetails": {"truncated": false}, "name""#, #""inputDetails": "snf_role_arn", "name""#),
        ]
        for (from, to) in changes {
            let changed = events.replacingOccurrences(of: from, with: to)
            #expect(changed != events, "\(from) is in the events")
            let whole = text.replacingOccurrences(of: from, with: to)
            let outcome = try await ConformanceCase(text: whole, fileName: "case.json").run().outcome
            var passes = false
            if case .passed = outcome { passes = true }
            // In place, a match only where the parsed comparison finds none.
            let fast = EventsTextMatch.matches(changed, history, tokens: tokens)
            #expect(!fast || passes, "\(to): matched in place, but \(outcome)")
            let lazily = try await ConformanceCase(readingLazily: whole, fileName: "case.json").run().outcome
            #expect("\(lazily)" == "\(outcome)")
        }
        // Placeholders that fit are matched in place.
        let fits: [(String, String)] = [
            (#""input": "{\"a\": 1}""#, #""input": "{\"a\":<x>}""#),
            (#""input": {"a": 1}"#, #""input": {"a": "snf_role_arn"}"#),
            (#""input": {"a": 1}"#, #""input": "snf_role_arn""#),
        ]
        for (from, to) in fits {
            #expect(
                EventsTextMatch.matches(events.replacingOccurrences(of: from, with: to), history, tokens: tokens),
                "\(to)")
        }
    }
}

/// The case reader's skim reads strings eight bytes at a time; it must accept exactly the strings
/// the parser accepts (else the file is read whole, with the parser's errors), wherever they fall
/// in the words.
@Suite struct CaseTextSkimStringTests {
    @Test func stringsAreReadAsTheParserReadsThem() throws {
        var rng = SplitMix64(seed: 11)
        let pieces = [
            #"\""#, #"\\"#, #"\/"#, #"\n"#, #"\t"#, #"\u00e9"#, #"\u12"#, #"\x"#, "\u{1}", "\t", "a", "#", "]", "é",
            "{",
            #"\\\""#, #"\\\\"#, "abcdefgh", " ", #"\"#,
        ]
        for _ in 0..<4000 {
            let body = (0..<rng.below(12)).map { _ in pieces[rng.below(pieces.count)] }.joined()
            let pad = String(repeating: " ", count: rng.below(9))
            let literal = "\"" + body + "\""
            let text = #"{"name": "x",\#(pad) "definition": \#(literal), "expected": {"events": []}}"#
            let parsed = try? JSONParser.parse(text)
            if parsed == nil {
                var wholeError = "", lazyError = ""
                do { _ = try ConformanceCase(text: text, fileName: "x.json") } catch { wholeError = error.message }
                do { _ = try ConformanceCase(readingLazily: text, fileName: "x.json") } catch {
                    lazyError = error.message
                }
                #expect(lazyError == wholeError, "\(literal)")
            } else {
                let c = try ConformanceCase(readingLazily: text, fileName: "x.json")
                // Raw control characters, which the parser lets through, send the file to the parser.
                let raw = body.utf8.contains { $0 < 0x20 }
                #expect(c.definitionText == (raw ? nil : literal), "\(literal)")
                #expect(c.eventsText == (raw ? nil : "[]"))
            }
        }
    }
}
