import JSONCore
import StepFunctionsConformance
import Testing

/// The case reader's skim (`CaseTextSkim`) against the parser. It reads the definition, the expected
/// events and the members no one reads strictly and only delimits the other members read, which the
/// reader then parses: it may give up on JSON it does not read (the file is then parsed whole), but
/// the two values it keeps as text must be JSON, its ranges must be the values' own text, on the
/// plain JSON it reads (no
/// exponents, no byte order mark, nesting below 200, plain top-level names) it must read every
/// text the parser accepts, wherever strings and escapes fall in its 16-byte blocks, and reading
/// a file lazily must come to what reading it whole does, the same JSON or the same error.
@Suite struct CaseTextSkimTests {
    /// The skim's verdict on `text`: the ranges it keeps as text hold JSON, and every range holds the
    /// value the parser finds there when the whole text is JSON. With `plain`, the skim must read
    /// every JSON text.
    @discardableResult
    func check(_ text: String, plain: Bool, _ note: @autoclosure () -> String = "") -> Bool {
        var bytes = text
        let skim = bytes.withUTF8 { CaseTextSkim.skim($0) }
        let parsed = try? JSONParser.parse(text)
        if plain && parsed != nil {
            #expect(skim != nil, "\(note()) \(text.prefix(300))")
        }
        guard let skim else { return false }
        let utf8 = Array(text.utf8)
        func value(_ range: Range<Int>?) -> JSONValue? {
            range.flatMap { try? JSONParser().parse(bytes: Array(utf8[$0])) }
        }
        #expect(skim.definition == nil || value(skim.definition) != nil, "\(note()) \(text.prefix(300))")
        #expect(skim.events == nil || value(skim.events) != nil, "\(note()) \(text.prefix(300))")
        if let parsed {
            #expect(value(skim.definition) == parsed["definition"], "\(note())")
            #expect(value(skim.events) == parsed["expected"]?["events"], "\(note())")
            // Each member read is at its slot (an empty range: none), its parts when in parts.
            func slot(_ k: Int) -> Range<Int>? { skim.values[k].isEmpty ? nil : skim.values[k] }
            for (k, name) in CaseTextSkim.topNames.enumerated() {
                #expect(value(slot(k)) == parsed["\(name)"], "\(note()) \(name)")
            }
            let parts = [
                ("expected", CaseTextSkim.expectedNames, CaseTextSkim.Slot.expectedMembers),
                ("execution", CaseTextSkim.executionNames, CaseTextSkim.Slot.executionMembers),
                ("provenance", CaseTextSkim.provenanceNames, CaseTextSkim.Slot.provenanceMembers),
            ]
            for (member, names, first) in parts where parsed[member]?.objectValue != nil {
                for (i, name) in names.enumerated() {
                    #expect(value(slot(first + i)) == parsed[member]?["\(name)"], "\(note()) \(member).\(name)")
                }
            }
            if case .array(let calls)? = parsed["taskCalls"] {
                #expect(skim.values.count == CaseTextSkim.Slot.taskCalls + 4 * calls.count, "\(note())")
                for (n, call) in calls.enumerated() {
                    let first = CaseTextSkim.Slot.taskCalls + 4 * n
                    #expect(value(slot(first)) == call, "\(note())")
                    guard call.objectValue != nil else { continue }
                    for (i, name) in CaseTextSkim.taskCallNames.enumerated() {
                        #expect(value(slot(first + 1 + i)) == call["\(name)"], "\(note()) \(name)")
                    }
                }
            }
        }
        return true
    }

    /// Reading `text` lazily comes to the whole read: the same JSON once the kept texts are put
    /// back, or the same error.
    func lazyMatchesWhole(_ text: String, _ note: @autoclosure () -> String = "") {
        let read = CaseReadings(text)
        #expect(read.lazyError == read.wholeError, "\(note())")
        guard let whole = read.whole, let lazy = read.lazy else {
            #expect(read.whole == nil && read.lazy == nil, "\(note())")
            return
        }
        var json = lazy.json
        if let d = lazy.definitionText, case .object(var o) = json {
            o["definition"] = try? JSONParser.parse(d)
            json = .object(o)
        }
        if let e = lazy.eventsText, case .object(var o) = json, case .object(var expected)? = o["expected"] {
            expected["events"] = try? JSONParser.parse(e)
            o["expected"] = .object(expected)
            json = .object(o)
        }
        #expect(json == whole.json, "\(note())")
        #expect(lazy.name == whole.name && lazy.group == whole.group)
    }

    /// A case file with `literal` (JSON text) as a string inside the definition and the events, and
    /// again as the last member, `pad` spaces shifting where it falls.
    func caseText(_ literal: String, pad: Int) -> String {
        let spaces = String(repeating: " ", count: pad)
        return
            #"{"name": "x",\#(spaces) "definition": {"Comment": \#(literal)}, "expected": {"events": [\#(literal)]}, "notes": \#(literal)}"#
    }

    @Test func stringsAreReadAsTheParserReadsThemAtEveryAlignment() {
        var rng = SplitMix64(seed: 7)
        let pieces = [
            #"\""#, #"\\"#, #"\/"#, #"\b"#, #"\f"#, #"\n"#, #"\r"#, #"\t"#, #"\u00e9"#, #"\uD83D\uDE00"#, #"\u12"#,
            #"\u12G4"#, #"\x"#, #"\'"#, "\u{1}", "\u{1F}", "\t", "\n", "\u{7F}", "a", "#", "]", "é", "😀", "{",
            #"\\\""#, #"\\\\"#, "abcdefghijklmnop", " ", #"\"#, "\"",
        ]
        for round in 0..<6000 {
            let body = (0..<rng.below(14)).map { _ in pieces[rng.below(pieces.count)] }.joined()
            let text = caseText("\"" + body + "\"", pad: rng.below(70))
            check(text, plain: true, "round \(round): \(body)")
            if round % 8 == 0 { lazyMatchesWhole(text, "round \(round): \(body)") }
        }
    }

    @Test func anEscapedBackslashBeforeAQuoteAtEveryPosition() {
        // `\\"` ends the string; `\\\"` does not; `\"` does not; at each offset in and across the
        // 16-byte blocks (and their 8-byte halves), near the file's end too.
        let endings = [#"\\"#, #"\\\\"#, #"\\\""#, #"\""#, #"\\\"\\"#, #"\"#, #"\u0022"#, #"\\u0022"#]
        for ending in endings {
            for run in 0..<70 {
                let body = String(repeating: "a", count: run) + ending
                for pad in [0, 1, 7, 8, 15] {
                    check(caseText("\"" + body + "\"", pad: pad), plain: true, "\(run) \(ending) \(pad)")
                }
                // As the file's last string: its closing quote among the last bytes.
                let last = #"{"definition": {}, "z": ""# + body + #""}"#
                check(last, plain: true, "last \(run) \(ending)")
                lazyMatchesWhole(last, "last \(run) \(ending)")
            }
        }
    }

    /// JSON text held in a string (an escaped quote every few bytes) at every alignment: an escape
    /// whose backslash is the last byte of a 16-byte block is read from the next block on.
    @Test func escapedQuotesAcrossBlocksAtEveryAlignment() {
        let payloads = [
            #""{\"id\":0,\"s0\":0,\"s1\":1,\"s2\":2,\"name\":\"a\\\"b\",\"x\":\"\\\\\"}""#,
            #""\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"""#,
            #""a\"\\\"\\\\\"\n\"\u00e9\"""#,
        ]
        for payload in payloads {
            for pad in 0..<34 {
                let text = caseText(payload, pad: pad)
                #expect(check(text, plain: true, "pad \(pad) \(payload)"))
                lazyMatchesWhole(text, "pad \(pad) \(payload)")
            }
        }
    }

    @Test func truncatedFilesAreNeverVouchedFor() {
        let text = caseText(#""{\"id\":0,\"s0\":\"x\\\\\"} é \u00e9 \\\"""#, pad: 3)
        #expect(check(text, plain: true))
        let utf8 = Array(text.utf8)
        for cut in 0..<utf8.count {
            let prefix = String(decoding: utf8[..<cut], as: UTF8.self)
            #expect(!check(prefix, plain: true, "cut at \(cut)"))
            lazyMatchesWhole(prefix, "cut at \(cut)")
        }
    }

    @Test func malformedValuesGoToTheParser() {
        let values = [
            "01", "-", "-0", "-01", "1.", "1.5", ".5", "1.5e3", "1E3", "+1", "0x1", "truex", "tru", "nul", "fals",
            "false", "null", "true", "[1,]", "[,1]", "[1 2]", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}", "{\"a\" 1}",
            "{1:2}", "[", "]", "{", "}", "[]]", "{}}", "\"\\u00e9\"", "\"a\u{0}b\"", "[\"a\"\"b\"]",
            "{\"a\":1 \"b\":2}", "12", "120", "123", "1234", "12.5", "123.", "12e3", "12x", "123x", "[12,345]",
            "{\"a\":99}",
            String(repeating: "9", count: 101), String(repeating: "9", count: 99),
        ]
        for v in values {
            let text = #"{"definition": \#(v), "expected": {"events": [\#(v)]}}"#
            // Exponents are JSON the skim leaves to the parser.
            check(text, plain: !v.contains("e3") && !v.contains("E3") && v.count < 101, v)
            lazyMatchesWhole(text, v)
        }
        // Whitespace of every kind, and none.
        let spaced = "\t{\n \"definition\" :\r\n{ } ,\"expected\"\t:{ \"events\" :[ 1 , 2 ] } }\n\n"
        #expect(check(spaced, plain: true))
        #expect(!check(spaced + "\u{0B}", plain: true))
    }

    /// The definition and events kept as text are the file's own bytes, whether the file is known
    /// to be ASCII (cut with no UTF-8 check) or not.
    @Test func keptTextsAreTheFilesOwnBytesASCIIOrNot() throws {
        for name in ["plain", "caf\u{E9}", "\u{1F600}x"] {
            let definition = #"{"StartAt": "\#(name)", "States": {"\#(name)": {"Type": "Pass", "End": true}}}"#
            let events = #"[{"type": "ExecutionStarted", "id": 1, "name": "\#(name)"}]"#
            let text = #"{"name": "\#(name)", "definition": \#(definition), "expected": {"events": \#(events)}}"#
            let c = try ConformanceCase(readingLazily: text, fileName: "x.json")
            #expect(c.definitionText == definition, "\(name)")
            #expect(c.eventsText == events, "\(name)")
            #expect(c.definitionText.map { Array($0.utf8) } == Array(definition.utf8), "\(name)")
            #expect(c.eventsText.map { Array($0.utf8) } == Array(events.utf8), "\(name)")
            #expect(c.definitionText.map { Array($0.unicodeScalars) } == Array(definition.unicodeScalars), "\(name)")
            #expect(c.eventsText?.count == events.count, "\(name)")
            #expect(c.name == name)
        }
    }

    @Test func everyMemberReadIsAtItsSlot() {
        #expect(check(ConformanceCaseMembersTests.richCase, plain: true))
        #expect(check(ConformanceCaseTests.passCase, plain: true))
    }

    @Test func nestingBelowTheLimitIsReadAndDeeperIsLeftToTheParser() {
        for depth in [1, 100, 196, 197, 198, 199, 200, 201, 300] {
            let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
            for nested in [arrays, objects] {
                let text = #"{"definition": \#(nested), "expected": {"events": []}}"#
                var bytes = text
                let read = bytes.withUTF8 { CaseTextSkim.skim($0) } != nil
                // The definition is one level in: it and its containers must stay below 200.
                #expect(read == (depth < 199), "\(depth)")
                check(text, plain: false)
                lazyMatchesWhole(text, "\(depth)")
            }
        }
    }

    @Test func randomDocumentsAndTheirMutations() {
        var rng = SplitMix64(seed: 3)
        let alphabet = Array(#"{}[]:,"\ aZ09-.tfn/u"#.utf8) + [0x01, 0x0A, 0x09, 0xC3, 0xA9]
        for round in 0..<1500 {
            let text = randomCase(&rng)
            check(text, plain: true, "round \(round)")
            lazyMatchesWhole(text, "round \(round)")
            // A byte or two changed, dropped or added: never vouched for unless the parser agrees.
            var bytes = Array(text.utf8)
            for _ in 0...rng.below(2) {
                let at = rng.below(bytes.count)
                switch rng.below(3) {
                case 0: bytes[at] = alphabet[rng.below(alphabet.count)]
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet[rng.below(alphabet.count)], at: at)
                }
            }
            guard let mutated = String(validating: bytes, as: UTF8.self) else { continue }
            check(mutated, plain: false, "mutation \(round)")
            lazyMatchesWhole(mutated, "mutation \(round)")
        }
    }

    @Test func whitespaceRunsOfEveryKindAndTheirTruncations() {
        // Line breaks and indentation (as pretty printers write them, with runs across the 8-byte
        // word), single spaces, tabs, CRLF, and a control character that is not whitespace.
        let runs = [
            "\n", "\n ", "\n  ", "\n       ", "\n        ", "\n         ", "\n" + String(repeating: " ", count: 20),
            " ",
            "  ", "\t", "\r\n  ", "\n\t ", " \n ", "\n \n  ", "\u{0B}", "\u{0C}",
        ]
        var rng = SplitMix64(seed: 5)
        for round in 0..<1500 {
            let text = respaced(randomCase(&rng), runs: runs, &rng)
            check(text, plain: !text.contains("\u{0B}") && !text.contains("\u{0C}"), "round \(round)")
            lazyMatchesWhole(text, "round \(round)")
            let utf8 = Array(text.utf8)
            let cut = rng.below(utf8.count)
            if let truncated = String(validating: utf8[..<cut], as: UTF8.self) {
                check(truncated, plain: false, "truncated \(round)")
                lazyMatchesWhole(truncated, "truncated \(round)")
            }
        }
    }

    /// `text` with a random run of `runs` (or none) after each `{`, `[`, `,` and `:` and before each
    /// `}` and `]` outside strings.
    func respaced(_ text: String, runs: [String], _ rng: inout SplitMix64) -> String {
        var out = ""
        var inString = false
        var escaped = false
        func run(_ rng: inout SplitMix64) -> String { rng.below(4) == 0 ? "" : runs[rng.below(runs.count)] }
        for c in text {
            if inString {
                out.append(c)
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    inString = false
                }
                continue
            }
            switch c {
            case "\"":
                inString = true
                out.append(c)
            case "{", "[", ",", ":":
                out.append(c)
                out += run(&rng)
            case "}", "]":
                out += run(&rng)
                out.append(c)
            default: out.append(c)
            }
        }
        return out
    }

    /// A case file of random plain JSON, compact or spaced.
    func randomCase(_ rng: inout SplitMix64) -> String {
        let spaced = rng.below(2) == 0
        var members = [
            (#""definition""#, randomValue(&rng, depth: 3)),
            (#""expected""#, #"{"status": "SUCCEEDED", "events": \#(randomValue(&rng, depth: 3))}"#),
            (#""name""#, randomString(&rng)),
        ]
        for _ in 0..<rng.below(3) { members.append((#""x\#(rng.below(100))""#, randomValue(&rng, depth: 3))) }
        let sep = spaced ? ",\n  " : ","
        return "{" + members.map { $0.0 + (spaced ? ": " : ":") + $0.1 }.joined(separator: sep) + "}"
    }

    func randomValue(_ rng: inout SplitMix64, depth: Int) -> String {
        switch rng.below(depth > 0 ? 8 : 5) {
        case 0: return randomString(&rng)
        case 1: return ["0", "-1", "12.5", "-0.25", "1234567890123"][rng.below(5)]
        case 2: return ["true", "false", "null"][rng.below(3)]
        case 3, 4: return randomString(&rng)
        case 5:
            return "[" + (0..<rng.below(4)).map { _ in randomValue(&rng, depth: depth - 1) }.joined(separator: ",")
                + "]"
        default:
            return "{"
                + (0..<rng.below(4)).map { _ in randomString(&rng) + ":" + randomValue(&rng, depth: depth - 1) }
                .joined(separator: ", ") + "}"
        }
    }

    func randomString(_ rng: inout SplitMix64) -> String {
        let pieces = [#"\""#, #"\\"#, #"\n"#, #"\u00e9"#, "abc", "é", " ", "{\\\"id\\\":0}", "0123456789abcdef"]
        return "\"" + (0..<rng.below(8)).map { _ in pieces[rng.below(pieces.count)] }.joined() + "\""
    }
}
