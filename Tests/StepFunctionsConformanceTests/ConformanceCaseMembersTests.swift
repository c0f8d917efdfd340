import Foundation
import JSONCore
import StepFunctionsConformance
import Testing

/// `ConformanceCase(readingLazily:)` makes trees only of the members `run` reads (`members`), each
/// parsed from its own bytes, and only checks the others: on any text it must come to what the
/// whole read does (the same error, the same JSON through `json`, exactly the read members' values,
/// the same outcome).
@Suite struct ConformanceCaseMembersTests {
    /// A case with every kind of member a recorded case has, those `run` does not read included.
    static let richCase = #"""
        {"name": "demo::rich", "group": "base",
         "definition": {"StartAt": "S", "States": {"S": {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id", "in.$": "$", "t.$": "$$.Execution.StartTime"}, "End": true}}},
         "input": {"a": 1, "b": [1.5, -2, 3e2, "x\u00e9\n"]}, "inputText": "{\"a\": 1}",
         "provenance": {"repository": "r", "license": "Apache-2.0", "testId": "t::x", "recordedDate": "07-02-2024, 13:52:02", "commit": "8b9a"},
         "source": "localstack/localstack tests/x.snapshot.json",
         "bindings": {"<partition>": "aws", "<region>": "us-east-1", "nested": {"deep": [[{"k": null}]]}},
         "expected": {"status": "SUCCEEDED", "recordedEventsLossy": [1, {"x": true}],
           "output": {"id": "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>", "in": {"a": 1.0, "b": [1.5, -2, 300, "x\u00e9\n"]}, "t": "<any>"},
           "error": null, "cause": null,
           "events": [{"executionStartedEventDetails": {"input": "{\"a\": 1}", "inputDetails": {"truncated": false}, "roleArn": "snf_role_arn"},
              "id": 1, "previousEventId": 0, "timestamp": "timestamp", "type": "ExecutionStarted"}]},
         "execution": {"name": "run-1", "executionArn": "arn:aws:states:us-east-1:1:execution:sm:run-1", "stateMachineName": "sm",
           "stateMachineType": "STANDARD", "accountId": "111111111111", "region": "us-east-1", "startDate": "2024-02-07T13:52:02.000Z",
           "roleArn": "arn:aws:iam::111111111111:role/r"},
         "taskCalls": [{"state": "S", "resource": "r", "result": {"Return": [1, 2, {"a": "b"}]}, "submitted": true, "submittedOutput": {"M": "<uuid:1>"}},
           {"state": "T", "parameters": {"P": "\"q\""}}, 7, [1]],
         "mocks": {}, "notes": ["a note", {"n": [true, false, null]}], "corrections": [{"what": "x", "why": "y\\z"}],
         "taskResources": [], "literalMaskTokens": ["timestamp", "snf_role_arn"], "snapshotMasks": [{"replacement": "<m>"}],
         "literalValuesNotPlaceholders": ["<x>"], "flags": {"reencodedJsonText": [], "other": 1}, "lambdaFunctions": {"f": "g"}}
        """#

    /// The members `run` reads, and which of their members, as the reference for `members`
    /// (nil: the whole value; an object's other values are read whole).
    static let read: [String: Set<String>?] = [
        "name": nil, "group": nil, "definition": nil, "mocks": nil, "input": nil, "inputText": nil,
        "literalMaskTokens": nil, "snapshotMasks": nil, "literalValuesNotPlaceholders": nil, "flags": nil,
        "expected": ["status", "output", "error", "cause", "events"],
        "execution": ["name", "stateMachineName", "stateMachineType", "region", "accountId", "roleArn", "startDate"],
        "provenance": ["recordedDate"],
    ]

    /// `value` with only the members `keys` when it is an object.
    static func only(_ value: JSONValue, _ keys: Set<String>?) -> JSONValue {
        guard let keys, case .object(let o) = value else { return value }
        return .object(JSONObject(o.filter { keys.contains($0.key) }.map { ($0.key, $0.value) }))
    }

    /// What `members` must be for a case whose whole JSON (its kept texts cut out) is `tree`.
    static func reference(_ tree: JSONValue) -> JSONValue {
        guard case .object(let o) = tree else { return .null }
        var out = JSONObject()
        for (key, value) in o {
            if key == "taskCalls" {
                guard case .array(let calls) = value else {
                    out[key] = value
                    continue
                }
                out[key] = .array(calls.map { only($0, ["state", "submitted", "submittedOutput"]) })
            } else if let keys = read[key] {
                out[key] = only(value, keys)
            }
        }
        return .object(out)
    }

    /// Whether `a` and `b` are identical but for the order of their objects' members (`members`
    /// lists its members in an order of its own).
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { m in y[m.key].map { same(m.value, $0) } ?? false }
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        default: return a.isIdentical(to: b)
        }
    }

    /// Reads `text` both ways and checks that the lazy read agrees with the whole one; whether the
    /// lazy read kept the definition as text (took the lazy path).
    @discardableResult
    func agree(_ text: String, _ note: @autoclosure () -> String = "") -> Bool {
        let read = CaseReadings(text)
        #expect(read.lazyError == read.wholeError, "\(note())")
        guard let whole = read.whole, let lazy = read.lazy else {
            #expect(read.whole == nil && read.lazy == nil, "\(note())")
            return false
        }
        #expect(lazy.name == whole.name && lazy.group == whole.group, "\(note())")
        #expect(lazy.expectedStatus == whole.expectedStatus, "\(note())")
        // The whole JSON as read, with the kept texts cut out as the lazy read cuts them.
        var cut = whole.json
        if lazy.definitionText != nil, case .object(var o) = cut {
            o["definition"] = .null
            cut = .object(o)
        }
        if lazy.eventsText != nil, case .object(var o) = cut, case .object(var expected)? = o["expected"] {
            expected["events"] = .null
            o["expected"] = .object(expected)
            cut = .object(o)
        }
        #expect(lazy.json.isIdentical(to: cut), "\(note())")
        // Whole when read whole; the read members when read lazily.
        #expect(Self.same(lazy.members, lazy.definitionText == nil ? whole.json : Self.reference(cut)), "\(note())")
        if let definition = lazy.definitionText {
            #expect((try? JSONParser.parse(definition)) == whole.json["definition"], "\(note())")
        }
        for key in ["mockConfig", "notes", "definition", "nothing", "name", "nam", "names", "taskCalls"] {
            #expect(lazy.hasMember(key) == (whole.json[key] != nil), "\(note()) \(key)")
        }
        return lazy.definitionText != nil
    }

    @Test func theRichCaseIsReadLazilyAndRunsAsWhole() async throws {
        #expect(agree(Self.richCase))
        let lazy = try ConformanceCase(readingLazily: Self.richCase, fileName: "x.json")
        #expect(lazy.members["notes"] == nil && lazy.members["expected"]?["recordedEventsLossy"] == nil)
        let small = try ConformanceCase(readingLazily: Self.failCase, fileName: "x.json")
        #expect(small.definitionText != nil && small.members["notes"] == nil)
        #expect(lazy.members["provenance"]?["recordedDate"] == .string("07-02-2024, 13:52:02"))
        let whole = try await ConformanceCase(text: Self.richCase, fileName: "x.json").run().outcome
        #expect("\(await lazy.run().outcome)" == "\(whole)")
    }

    @Test func truncatedFilesAgree() {
        let utf8 = Array(Self.richCase.utf8)
        for cut in 0..<utf8.count {
            #expect(!agree(String(decoding: utf8[..<cut], as: UTF8.self), "cut at \(cut)"))
        }
    }

    @Test func mutatedFilesAgree() {
        var rng = SplitMix64(seed: 11)
        let utf8 = Array(Self.richCase.utf8)
        let bytes: [UInt8] = Array(#"{}[]",:\ 0-1.eEtfnx"#.utf8) + [0x01, 0x0A, 0xC3, 0xFF]
        var lazily = 0
        for round in 0..<4000 {
            var text = utf8
            for _ in 0..<(1 + rng.below(3)) {
                let at = rng.below(text.count)
                switch rng.below(3) {
                case 0: text[at] = bytes[rng.below(bytes.count)]
                case 1: text.insert(bytes[rng.below(bytes.count)], at: at)
                default: text.remove(at: at)
                }
            }
            if agree(String(decoding: text, as: UTF8.self), "round \(round)") { lazily += 1 }
        }
        // Many mutations leave the file JSON (in strings, whitespace) and are read lazily.
        #expect(lazily > 400)
    }

    @Test func repeatedKeysAgree() {
        // A repeated key keeps its first place and its last value, at the top level, in the
        // members read in part, and in the members not read.
        let repeats: [(String, String)] = [
            (#""source": "#, #""provenance": {"recordedDate": "01-01-2020, 00:00:00"}, "source": "#),
            (#""license": "#, #""recordedDate": "01-01-2020", "license": "#),
            (#""commit": "8b9a""#, #""commit": "8b9a", "recordedDate": "02-03-2021, 10:00:00""#),
            (#""executionArn": "#, #""name": "first", "region": "eu-west-1", "executionArn": "#),
            (#""roleArn": "arn"#, #""roleArn": "x", "roleArn": "arn"#),
            (#""error": null"#, #""error": "E", "status": "FAILED", "error": null"#),
            (#""resource": "r""#, #""resource": "r", "state": "U", "submitted": false"#),
            (#""notes": "#, #""name": "renamed", "group": "g", "notes": "#),
            (#""notes": "#, #""notes": 1, "bindings": 2, "notes": "#),
            (#""flags": "#, #""flags": {"reencodedJsonText": [1]}, "flags": "#),
            (#""taskCalls": "#, #""taskCalls": {"state": "S"}, "taskCalls": "#),
            (#""taskResources": "#, #""taskCalls": 3, "expected": 1, "taskResources": "#),
        ]
        for (what, with) in repeats {
            let text = Self.richCase.replacingOccurrences(of: what, with: with)
            #expect(text != Self.richCase)
            agree(text, with)
        }
    }

    /// Where each member name of `text` is written (the offset of its `"`), at every level.
    static func memberPlaces(_ text: String) -> [(name: String, at: Int)] {
        let utf8 = Array(text.utf8)
        var places: [(String, Int)] = []
        var i = 0
        while i < utf8.count {
            guard utf8[i] == UInt8(ascii: "\"") else {
                i += 1
                continue
            }
            var j = i + 1
            while j < utf8.count && utf8[j] != UInt8(ascii: "\"") { j += utf8[j] == UInt8(ascii: "\\") ? 2 : 1 }
            var k = j + 1
            while k < utf8.count && utf8[k] == UInt8(ascii: " ") { k += 1 }
            if k < utf8.count && utf8[k] == UInt8(ascii: ":") {
                places.append((String(decoding: utf8[(i + 1)..<j], as: UTF8.self), i))
            }
            i = j + 1
        }
        return places
    }

    /// `text` with `insert` written before the member name at byte `at`.
    static func inserting(_ insert: String, into text: String, at: Int) -> String {
        let utf8 = Array(text.utf8)
        return String(decoding: utf8[..<at] + Array(insert.utf8) + utf8[at...], as: UTF8.self)
    }

    @Test("a malformed or unusual value in any member, read or not, at any level, agrees")
    func malformedMembersAgree() {
        let values = [
            "[1,]", #"{"a" 1}"#, "01", #""\x""#, "tru", #"{"a":1]"#, "[}", "1.", "-", "[1 2]", #"{"a":}"#,
            "nul", "1e5", "[1E+2]", #""\ud800""#, #"{"a":{"b":[null, -0.5]}}"#, "{}", "[]", #""""#,
        ]
        let places = Self.memberPlaces(Self.richCase)
        #expect(places.count > 60)
        var lazily = 0
        for (name, at) in places {
            for value in values {
                // A member of that name with the value, just before the original (which wins).
                let text = Self.inserting(#""\#(name)": \#(value), "#, into: Self.richCase, at: at)
                if agree(text, "\(name) \(value)") { lazily += 1 }
            }
        }
        // The members read whole are delimited and parsed: a value the skim does not check is
        // still read lazily when it is JSON.
        #expect(lazily > 200)
    }

    /// `value` written compactly, the member at `path` (keys, or items' offsets) written twice:
    /// `extra` and the value, in that order when `extraFirst`.
    static func duplicating(
        _ value: JSONValue, _ path: ArraySlice<String>, _ extra: String, extraFirst: Bool
    ) -> String {
        switch value {
        case .object(let o):
            var parts: [String] = []
            for (key, member) in o {
                let name = JSONWriter.compact.string(.string(key)) + ":"
                guard path.first == key else {
                    parts.append(name + JSONWriter.compact.string(member))
                    continue
                }
                let inner = duplicating(member, path.dropFirst(), extra, extraFirst: extraFirst)
                if path.count == 1 {
                    parts += extraFirst ? [name + extra, name + inner] : [name + inner, name + extra]
                } else {
                    parts.append(name + inner)
                }
            }
            return "{" + parts.joined(separator: ",") + "}"
        case .array(let items):
            let parts = items.enumerated().map { (i, item) in
                path.first == String(i) && path.count > 1
                    ? duplicating(item, path.dropFirst(), extra, extraFirst: extraFirst)
                    : JSONWriter.compact.string(item)
            }
            return "[" + parts.joined(separator: ",") + "]"
        default: return JSONWriter.compact.string(value)
        }
    }

    /// The paths of the members of `value` (and of its items' members), three levels deep.
    static func memberPaths(_ value: JSONValue, _ prefix: [String] = []) -> [[String]] {
        guard prefix.count < 3 else { return [] }
        switch value {
        case .object(let o): return o.flatMap { [prefix + [$0.key]] + memberPaths($0.value, prefix + [$0.key]) }
        case .array(let items):
            return items.enumerated().flatMap { memberPaths($0.element, prefix + [String($0.offset)]) }
        default: return []
        }
    }

    @Test("every member name repeated, at every level, before or after, with a good or a bad value, agrees")
    func everyRepeatedMemberAgrees() throws {
        let tree = try JSONParser.parse(Self.richCase)
        let paths = Self.memberPaths(tree)
        #expect(paths.count > 60)
        var lazily = 0
        for path in paths {
            for extra in [#""dup""#, #"{"x": [1, "y"]}"#, "7", "null", "[1,]", "01", #"{"a" 1}"#] {
                for extraFirst in [true, false] {
                    let text = Self.duplicating(tree, path[...], extra, extraFirst: extraFirst)
                    if agree(text, "\(path) \(extra) \(extraFirst)") { lazily += 1 }
                }
            }
        }
        #expect(lazily > 300)
    }

    @Test("definitions read lazily agree, whether their text is new or already checked (a cache hit)")
    func definitionsAgreeOnCacheHitsAndMisses() async throws {
        let good =
            #"{"StartAt": "S", "States": {"S": {"Type": "Pass", "Result": [1.5e2, {"k": "\u00e9"}], "End": true}}}"#
        let definitions = [
            good, good + " ", #"{"StartAt": "S", "States": {"S": {"Type": "Pass", "End": true}},}"#,
            #"{"StartAt": "S" "States": {}}"#, #"{"StartAt": "S", "States": {"S": 01}}"#,
            #"{"StartAt": "S", "States": {"S": {"Type": "Pass", "End": true]]"#, #"{"StartAt": "\x"}"#,
            #"{"StartAt": "S", "States": {"S": {"Type": "Pass", "End": tru}}}"#, "[]", "7", #""S""#, "nul",
            #"{"StartAt": "S", "States": {"S": {"Type": "Pass", "End": true, "Comment": "\ud800"}}}"#,
        ]
        // The depths around the parser's limit (the definition is a top-level member).
        let deep = [509, 510, 511, 512].map { depth in
            #"{"StartAt": "S", "Comment": "#
                + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1) + "}"
        }
        for definition in definitions + deep {
            let text = Self.richCase.replacingOccurrences(
                of:
                    #""definition": {"StartAt": "S", "States": {"S": {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id", "in.$": "$", "t.$": "$$.Execution.StartTime"}, "End": true}}}"#,
                with: #""definition": \#(definition)"#)
            #expect(text != Self.richCase)
            // Read, run (its text checked and kept when it is JSON), and read again.
            let first = agree(text, definition)
            _ = await outcomes(text)
            #expect(agree(text, "again \(definition)") == first)
            let lazy = try? ConformanceCase(readingLazily: text, fileName: "x.json")
            #expect(lazy?.definitionText == (first ? definition.trimmingCharacters(in: .whitespaces) : nil))
        }
    }

    @Test func deepNestingAgrees() {
        for depth in [1, 50, 197, 198, 199, 200, 201, 255, 256, 257, 509, 510, 511, 512, 513, 1000, 5000] {
            let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let object = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
            for value in [nested, object, String(nested.dropLast())] {
                for member in [
                    #""notes": "#, #""mocks": "#, #""commit": "#, #""result": "#, #""output": "#,
                    #""recordedDate": "#, #""submittedOutput": "#, #""definition": "#, #""flags": "#,
                ] {
                    let text = Self.richCase.replacingOccurrences(of: member, with: member + value + ", \"z\": ")
                    agree(text, "\(member) \(depth)")
                }
            }
        }
    }

    @Test func otherShapesAgree() {
        let texts = [
            "[]", "{}", #"{"definition": {}}"#,
            #"{"definition": {}, "expected": 1, "execution": [], "provenance": "p"}"#,
            #"{"definition": {}, "taskCalls": {"a": 1}, "expected": {"events": []}}"#,
            #"{"definition": {}, "taskCalls": [null, {"state": 1, "submittedOutput": [2]}], "name": 3}"#,
            #" {"definition" : {} , "name" : "n" , "group" : "g" } "#, #"{"definition": {}} x"#,
            #"{"definition": {}, "n\u0061me": "escaped"}"#, #"{"definition": {}, "notes": 1e400}"#,
            #"{"definition": {}, "notes": -0.0, "input": 1.0E2}"#,
        ]
        for text in texts { agree(text, text) }
    }

    /// A failing case whose comparison turns on its mask tokens and its `reencodedJsonText` flag.
    static let failCase = #"""
        {"name": "demo::fail", "group": "errors", "notes": [],
         "definition": {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "MASKED", "Cause": "[1,2]"}}},
         "expected": {"status": "FAILED", "error": "MASKED", "cause": "[1, 2]", "output": null, "events": []},
         "flags": {"reencodedJsonText": []}, "snapshotMasks": [{"replacement": "MASKED"}]}
        """#

    /// Runs `text` both ways; its name, group, outcome and history (the same both ways).
    func outcomes(_ text: String) async -> String? {
        guard let whole = try? ConformanceCase(text: text, fileName: "x.json"),
            let lazy = try? ConformanceCase(readingLazily: text, fileName: "x.json")
        else { return nil }
        func signature(_ r: ConformanceResult) -> String {
            "\(r.name) \(r.group) \(r.outcome) \(r.execution.map { JSONWriter.compact.string($0.historyJSON) } ?? "")"
        }
        let expected = signature(await whole.run())
        #expect(signature(await lazy.run()) == expected, "\(text.prefix(200))")
        // Read again, its definition's text is one already checked (a cache hit).
        guard let again = try? ConformanceCase(readingLazily: text, fileName: "x.json") else {
            Issue.record("unread the second time")
            return expected
        }
        #expect(signature(await again.run()) == expected, "again \(text.prefix(200))")
        return expected
    }

    /// A member `run` reads, at `path` in the case, and a value to put there.
    static let alterations: [(path: [String], value: JSONValue)] = [
        (["name"], .string("other")), (["group"], .string("other")),
        (["expected", "status"], .string("FAILED")), (["expected", "output"], .int(1)),
        (["expected", "error"], .string("E")), (["expected", "cause"], .string("C")),
        (["execution", "name"], .string("renamed")),
        (["execution", "stateMachineName"], .string("renamed")),
        (["execution", "stateMachineType"], .string("EXPRESS")),
        (["execution", "region"], .string("eu-west-1")), (["execution", "accountId"], .string("2")),
        (["execution", "roleArn"], .string("arn:aws:iam::2:role/other")),
        (["execution", "startDate"], .string("2020-01-01T00:00:00.000Z")),
        (["provenance", "recordedDate"], .string("01-12-2025, 00:00:00")),
        (["mocks"], .object(["S": .string("not a mock")])), (["input"], .int(7)),
        (["inputText"], .string("[1]")), (["literalMaskTokens"], .array([])),
        (["snapshotMasks"], .array([.object(["replacement": .string("1")])])),
        (["literalValuesNotPlaceholders"], .array([.string("<any>")])),
        (["flags", "reencodedJsonText"], .array([.int(1)])), (["flags", "reencodedJsonText"], .array([])),
    ]

    /// `value` with `new` at `path`.
    static func altered(_ value: JSONValue, _ path: ArraySlice<String>, _ new: JSONValue) -> JSONValue {
        guard let key = path.first, case .object(var o) = value else { return value }
        o[key] = path.count == 1 ? new : altered(o[key] ?? .object(JSONObject()), path.dropFirst(), new)
        return .object(o)
    }

    @Test("altered read members give the same outcomes (each alteration changing some outcome)")
    func alteredMembersRunAlike() async throws {
        var cases = [Self.richCase, Self.failCase]
        let directory = "../shared/conformance/localstack"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names.sorted().enumerated().filter({ $0.offset % 37 == 0 }).map(\.element)
        where name.hasSuffix(".json") {
            if let data = FileManager.default.contents(atPath: directory + "/" + name) {
                cases.append(String(decoding: data, as: UTF8.self))
            }
        }
        var changed = Set<String>()
        for text in cases {
            guard let original = await outcomes(text), let tree = try? JSONParser.parse(text) else {
                Issue.record("a case does not run")
                continue
            }
            for (path, new) in Self.alterations {
                let alteredText = JSONWriter.pretty.string(Self.altered(tree, path[...], new))
                if let outcome = await outcomes(alteredText), outcome != original {
                    changed.insert(path.joined(separator: "."))
                }
            }
        }
        // Each alteration changed an outcome somewhere, so a lazy read that lost it would differ.
        let unchanged = Self.alterations.map { $0.path.joined(separator: ".") }.filter { !changed.contains($0) }
        #expect(unchanged.isEmpty, "\(unchanged)")
    }

    @Test("the corpus's cases run alike read both ways (when ../shared is present)")
    func corpusRunsAlike() async throws {
        let directory = "../shared/conformance/localstack"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names.sorted() where name.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: directory + "/" + name) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            #expect(agree(text, name))
            #expect(await outcomes(text) != nil, "\(name)")
        }
    }
}
