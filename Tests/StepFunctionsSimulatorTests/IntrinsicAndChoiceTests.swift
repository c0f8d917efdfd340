import JSONCore
import StepFunctionsSimulator
import Testing

@Suite struct IntrinsicTests {
    func evaluate(_ expression: String, input: JSONValue = [:], seed: UInt64 = 1) async throws -> Execution {
        var options = Simulator.Options()
        options.seed = seed
        let escaped = expression.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
            of: "\"", with: "\\\"")
        return try await run(
            single(#"{"Type": "Pass", "Parameters": {"r.$": ""# + escaped + #""}, "End": true}"#), input: input,
            options: options)
    }

    func value(_ expression: String, input: JSONValue = [:]) async throws -> JSONValue? {
        let execution = try await evaluate(expression, input: input)
        #expect(execution.status == .succeeded, "\(expression): \(execution.cause ?? "")")
        return execution.output?["r"]
    }

    @Test func allEighteenFunctions() async throws {
        #expect(
            try await value("States.Format('Hello {} and {}', $.a, $.o)", input: ["a": 1.5, "o": ["k": [1, 2]]])
                == "Hello 1.5 and {k=[1, 2]}")
        #expect(try await value("States.Format('esc \\{} {}', 'x')") == "esc {} x")
        #expect(try await value("States.StringToJson($.s)", input: ["s": "{\"a\": [1]}"]) == ["a": [1]])
        #expect(try await value("States.StringToJson(' ')") == JSONValue.null)
        #expect(try await value("States.JsonToString($.o)", input: ["o": ["a": 1]]) == "{\"a\":1}")
        #expect(try await value("States.Array(1, 'two', $.x)", input: ["x": nil]) == [1, "two", nil])
        #expect(try await value("States.ArrayPartition(States.ArrayRange(1, 5, 1), 2)") == [[1, 2], [3, 4], [5]])
        #expect(try await value("States.ArrayContains($.a, 2)", input: ["a": [1, 2]]) == true)
        #expect(try await value("States.ArrayRange(10, 0, -5)") == [10, 5, 0])
        #expect(try await value("States.ArrayGetItem($.a, 1)", input: ["a": ["x", "y"]]) == "y")
        #expect(try await value("States.ArrayLength($.a)", input: ["a": [1, 2, 3]]) == 3)
        #expect(try await value("States.ArrayUnique($.a)", input: ["a": [1, 1, 2, 1.0]]) == [1, 2])
        #expect(try await value("States.Base64Encode('Data to encode')") == "RGF0YSB0byBlbmNvZGU=")
        #expect(try await value("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')") == "Data to encode")
        #expect(
            try await value("States.Hash('input data', 'SHA-256')")
                == "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3")
        #expect(try await value("States.Hash('input data', 'MD5')") == "812f45842bc6d66ee14572ce20db8e86")
        #expect(try await value("States.Hash('input data', 'SHA-1')") == "aaff4a450a104cd177d28d18d74485e8cae074b7")
        #expect(
            try await value("States.JsonMerge($.a, $.b, false)", input: ["a": ["x": 1, "y": ["z": 1]], "b": ["y": 2]])
                == ["x": 1, "y": 2])
        #expect(try await value("States.MathAdd($.a, -1.5)", input: ["a": 2.5]) == 2)
        #expect(try await value("States.StringSplit('a,b;;c', ',;')") == ["a", "b", "c"])
        let random = try #require(try await value("States.MathRandom(1, 10)")?.intValue)
        #expect((1..<10).contains(random))
        #expect(try await value("States.MathRandom(0, 1000, 7)") == (try await value("States.MathRandom(0, 1000, 7)")))
        let uuid = try #require(try await value("States.UUID()")?.stringValue)
        #expect(uuid.count == 36 && uuid.split(separator: "-").count == 5)
    }

    @Test func seededRunsAreReproducible() async throws {
        let a = try await evaluate("States.UUID()", seed: 42).output
        let b = try await evaluate("States.UUID()", seed: 42).output
        let c = try await evaluate("States.UUID()", seed: 43).output
        #expect(a == b)
        #expect(a != c)
    }

    @Test func badArgumentsAreStatesRuntimeNamingTheFunction() async throws {
        for expression in [
            "States.ArrayGetItem($.a, 5)", "States.Format('{} {}', 1)", "States.ArrayPartition($.a, 0)",
            "States.JsonMerge($.a, $.a, true)", "States.Hash('x', 'SHA-3')", "States.StringToJson('{')",
        ] {
            let execution = try await evaluate(expression, input: ["a": [1]])
            #expect(execution.error == "States.Runtime", "\(expression)")
            #expect(execution.cause?.contains("States.") == true, "\(expression)")
        }
    }
}

/// The argument rules the Developer Guide's "Intrinsic functions" page documents.
@Suite struct DocumentedIntrinsicArgumentTests {
    let intrinsics = IntrinsicTests()

    @Test func arrayPartitionRoundsTheChunkSizeToTheNearestInteger() async throws {
        #expect(
            try await intrinsics.value("States.ArrayPartition($.a, 2.4)", input: ["a": [1, 2, 3]]) == [[1, 2], [3]])
        #expect(
            try await intrinsics.value("States.ArrayPartition($.a, 2.5)", input: ["a": [1, 2, 3, 4]]) == [
                [1, 2, 3], [4],
            ])
        #expect(try await intrinsics.value("States.ArrayPartition($.a, 0.5)", input: ["a": [1]]) == [[1]])
        let zero = try await intrinsics.evaluate("States.ArrayPartition($.a, 0.4)", input: ["a": [1]])
        #expect(zero.error == "States.Runtime")
    }

    @Test func arrayRangeRoundsEveryArgumentToTheNearestInteger() async throws {
        #expect(try await intrinsics.value("States.ArrayRange(0.6, 3.4, 1.5)") == [1, 3])
        #expect(try await intrinsics.value("States.ArrayRange(1, 5.5, 2)") == [1, 3, 5])
        let tooMany = try await intrinsics.evaluate("States.ArrayRange(1, 1001, 1)")
        #expect(tooMany.error == "States.Runtime")
        #expect(try await intrinsics.value("States.ArrayRange(1, 1000, 1)")?.arrayValue?.count == 1000)
    }

    @Test func mathAddTakesValuesInTheThirtyTwoBitRange() async throws {
        #expect(try await intrinsics.value("States.MathAdd(2147483647, -2147483648)") == -1)
        #expect(try await intrinsics.value("States.MathAdd($.a, 0)", input: ["a": 2147483647]) == 2147483647)
        for expression in ["States.MathAdd(2147483648, 0)", "States.MathAdd(0, -2147483649)"] {
            let execution = try await intrinsics.evaluate(expression)
            #expect(execution.error == "States.Runtime", "\(expression)")
            #expect(execution.cause?.contains("2147483647") == true, "\(expression): \(execution.cause ?? "")")
        }
    }
}

/// Each worked example of the Developer Guide's "Intrinsic functions" page, with its input.
@Suite struct DeveloperGuideIntrinsicExamples {
    let intrinsics = IntrinsicTests()

    static let examples: [(String, JSONValue, JSONValue)] = [
        ("States.Format('Hello, my name is {}.', $.name)", ["name": "Arnav"], "Hello, my name is Arnav."),
        (
            "States.Format($.template, $.name)", ["name": "Arnav", "template": "Hello, my name is {}."],
            "Hello, my name is Arnav."
        ),
        ("States.StringToJson($.escapedJsonString)", ["escapedJsonString": "{\"foo\": \"bar\"}"], ["foo": "bar"]),
        ("States.JsonToString($.unescapedJson)", ["unescapedJson": ["foo": "bar"]], "{\"foo\":\"bar\"}"),
        ("States.Array($.Id)", ["Id": 123456], [123456]),
        (
            "States.ArrayPartition($.inputArray,4)", ["inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9]],
            [[1, 2, 3, 4], [5, 6, 7, 8], [9]]
        ),
        (
            "States.ArrayContains($.inputArray, $.lookingFor)",
            ["inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "lookingFor": 5],
            true
        ),
        ("States.ArrayRange(1, 9, 2)", [:], [1, 3, 5, 7, 9]),
        ("States.ArrayGetItem($.inputArray, $.index)", ["inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "index": 5], 6),
        ("States.ArrayLength($.inputArray)", ["inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9]], 9),
        ("States.ArrayUnique($.inputArray)", ["inputArray": [1, 2, 3, 3, 3, 3, 3, 3, 4]], [1, 2, 3, 4]),
        ("States.Base64Encode($.input)", ["input": "Data to encode"], "RGF0YSB0byBlbmNvZGU="),
        ("States.Base64Decode($.base64)", ["base64": "RGF0YSB0byBlbmNvZGU="], "Data to encode"),
        (
            "States.Hash($.Data, $.Algorithm)", ["Data": "input data", "Algorithm": "SHA-1"],
            "aaff4a450a104cd177d28d18d74485e8cae074b7"
        ),
        (
            "States.JsonMerge($.json1, $.json2, false)",
            ["json1": ["a": ["a1": 1, "a2": 2], "b": 2], "json2": ["a": ["a3": 1, "a4": 2], "c": 3]],
            ["a": ["a3": 1, "a4": 2], "b": 2, "c": 3]
        ),
        ("States.MathAdd($.value1, $.step)", ["value1": 111, "step": -1], 110),
        (
            "States.StringSplit($.inputString, $.splitter)", ["inputString": "1,2,3,4,5", "splitter": ","],
            ["1", "2", "3", "4", "5"]
        ),
    ]

    @Test func everyExample() async throws {
        for (expression, input, expected) in Self.examples {
            #expect(try await intrinsics.value(expression, input: input) == expected, "\(expression)")
        }
    }

    @Test func mathRandomIsWithinItsBoundsAndRepeatsWithASeed() async throws {
        let input: JSONValue = ["start": 1, "end": 999]
        let random = try #require(
            try await intrinsics.value("States.MathRandom($.start, $.end)", input: input)?.intValue)
        #expect((1...999).contains(random))
        let seeded = try await intrinsics.value("States.MathRandom($.start, $.end, 7)", input: input)
        #expect(try await intrinsics.value("States.MathRandom($.start, $.end, 7)", input: input) == seeded)
    }

    @Test func theDocumentedArgumentRulesAreRuntimeErrors() async throws {
        let long = String(repeating: "a", count: 10_001)
        for (expression, input) in [
            ("States.ArrayPartition($.notArray, 2)", ["notArray": "x"]),
            ("States.ArrayContains($.notArray, 1)", ["notArray": "x"]),
            ("States.ArrayRange(1, 9, 0)", [:]),
            ("States.Base64Encode($.long)", ["long": .string(long)]),
            ("States.Base64Decode($.long)", ["long": .string(long)]),
            ("States.Hash($.long, 'SHA-256')", ["long": .string(long)]),
            ("States.Hash('x', 'SHA-224')", [:]),
            ("States.JsonMerge($.a, $.a, true)", ["a": ["k": 1]]),
        ] as [(String, JSONValue)] {
            let execution = try await intrinsics.evaluate(expression, input: input)
            #expect(execution.error == "States.Runtime", "\(expression)")
        }
        #expect(
            try await intrinsics.value("States.Base64Encode($.s)", input: ["s": .string(String(long.dropLast()))])
                != nil)
    }
}

@Suite struct ChoiceTests {
    func choose(_ rule: String, _ input: JSONValue) async throws -> Execution {
        let asl = #"""
            {"StartAt": "C", "States": {
              "C": {"Type": "Choice", "Choices": [ RULE ], "Default": "No"},
              "Yes": {"Type": "Pass", "Result": "yes", "End": true},
              "No": {"Type": "Pass", "Result": "no", "End": true}}}
            """#.replacingOccurrences(of: "RULE", with: rule)
        do {
            return try await run(asl, input: input)
        } catch {
            Issue.record("\(error)\n\(asl)")
            throw error
        }
    }

    func matches(_ condition: String, _ input: JSONValue) async throws -> Bool {
        let execution = try await choose(#"{"# + condition + #", "Next": "Yes"}"#, input)
        #expect(execution.status == .succeeded, "\(condition): \(execution.cause ?? "")")
        return execution.output == "yes"
    }

    @Test func comparisonOperators() async throws {
        #expect(try await matches(#""Variable": "$.s", "StringEquals": "a""#, ["s": "a"]))
        #expect(try await !matches(#""Variable": "$.s", "StringEquals": "1""#, ["s": 1]))
        #expect(try await matches(#""Variable": "$.s", "StringLessThan": "b""#, ["s": "a"]))
        #expect(try await matches(#""Variable": "$.s", "StringGreaterThanEquals": "a""#, ["s": "a"]))
        #expect(try await matches(#""Variable": "$.n", "NumericEquals": 1"#, ["n": 1.0]))
        #expect(try await !matches(#""Variable": "$.n", "NumericEquals": 1"#, ["n": "1"]))
        #expect(try await matches(#""Variable": "$.n", "NumericLessThanPath": "$.m""#, ["n": 1, "m": 2]))
        #expect(try await matches(#""Variable": "$.b", "BooleanEquals": false"#, ["b": false]))
        #expect(
            try await matches(
                #""Variable": "$.t", "TimestampLessThan": "2026-01-01T00:00:00Z""#, ["t": "2025-12-31T23:59:59+00:00"]))
        #expect(
            try await matches(
                #""Variable": "$.t", "TimestampEquals": "2026-01-01T01:00:00+01:00""#, ["t": "2026-01-01T00:00:00Z"]))
        #expect(
            try await !matches(
                #""Variable": "$.t", "TimestampEquals": "2026-01-01T00:00:00Z""#, ["t": "2026-01-01 00:00:00Z"]))
        #expect(try await matches(#""Variable": "$.s", "StringMatches": "log-*.txt""#, ["s": "log-2026.txt"]))
        #expect(try await matches(#""Variable": "$.s", "StringMatches": "a\\*b""#, ["s": "a*b"]))
        #expect(try await !matches(#""Variable": "$.s", "StringMatches": "a\\*b""#, ["s": "axb"]))
        #expect(try await matches(#""Variable": "$.x", "IsPresent": false"#, ["y": 1]))
        #expect(try await matches(#""Variable": "$.x", "IsNull": true"#, ["x": nil]))
        #expect(try await matches(#""Variable": "$.x", "IsNumeric": true"#, ["x": 1.5]))
        #expect(try await matches(#""Variable": "$.x", "IsString": true"#, ["x": "s"]))
        #expect(try await matches(#""Variable": "$.x", "IsBoolean": true"#, ["x": true]))
        #expect(try await matches(#""Variable": "$.x", "IsTimestamp": true"#, ["x": "2026-01-01T00:00:00.5Z"]))
        #expect(try await !matches(#""Variable": "$.x", "IsTimestamp": true"#, ["x": "2026-13-01T00:00:00Z"]))
    }

    @Test func booleanCombinations() async throws {
        let and =
            #""And": [{"Variable": "$.a", "NumericGreaterThan": 1}, {"Not": {"Variable": "$.b", "StringEquals": "x"}}]"#
        #expect(try await matches(and, ["a": 2, "b": "y"]))
        #expect(try await !matches(and, ["a": 2, "b": "x"]))
        let or = #""Or": [{"Variable": "$.a", "IsPresent": true}, {"Variable": "$.b", "IsPresent": true}]"#
        #expect(try await matches(or, ["b": 1]))
        #expect(try await !matches(or, ["c": 1]))
    }

    @Test func missingVariableIsRuntimeAndNoMatchWithoutDefaultIsNoChoiceMatched() async throws {
        let missing = try await choose(#"{"Variable": "$.x", "StringEquals": "a", "Next": "Yes"}"#, ["y": 1])
        #expect(missing.error == "States.Runtime")
        let asl = #"""
            {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "Y"}]},
              "Y": {"Type": "Succeed"}}}
            """#
        let none = try await run(asl, input: [:])
        #expect(none.status == .failed)
        #expect(none.error == "States.NoChoiceMatched")
    }
}

@Suite struct WaitTests {
    @Test func fourFormsAdvanceVirtualTime() async throws {
        var options = Simulator.Options()
        options.startDate = Timestamp.parse("2026-01-01T00:00:00Z")
        let asl = #"""
            {"StartAt": "A", "States": {
              "A": {"Type": "Wait", "Seconds": 2592000, "Next": "B"},
              "B": {"Type": "Wait", "SecondsPath": "$.s", "Next": "C"},
              "C": {"Type": "Wait", "Timestamp": "2026-06-01T00:00:00Z", "Next": "D"},
              "D": {"Type": "Wait", "TimestampPath": "$.t", "End": true}}}
            """#
        let execution = try await run(asl, input: ["s": 60, "t": "2026-06-01T00:00:10Z"], options: options)
        // 30 days, 60 s, until 1 June, then 10 s more.
        #expect(execution.status == .succeeded)
        #expect(execution.stopDate == Timestamp.parse("2026-06-01T00:00:10Z"))
        let entered = execution.history.filter { $0.type == .waitStateEntered }.map { Timestamp.format($0.timestamp) }
        #expect(
            entered == [
                "2026-01-01T00:00:00.000Z", "2026-01-31T00:00:00.000Z", "2026-01-31T00:01:00.000Z",
                "2026-06-01T00:00:00.000Z",
            ])
    }

    @Test func badSecondsPathValuesAreRuntimeErrors() async throws {
        let asl = single(#"{"Type": "Wait", "SecondsPath": "$.s", "End": true}"#)
        for (value, message) in [
            (JSONValue.int(-1), "references a negative value: $.s == -1"),
            (.double(1.5), "cannot be parsed as a long value: $.s == 1.5"),
            ("10", "cannot be parsed as a long value: $.s == 10"),
        ] {
            let execution = try await run(asl, input: ["s": value])
            #expect(execution.error == "States.Runtime")
            #expect(execution.cause?.hasSuffix(message) == true, "\(execution.cause ?? "")")
        }
        let missing = try await run(asl, input: [:])
        #expect(missing.cause?.hasSuffix("The SecondsPath parameter does not reference an input value: $.s") == true)
        let badTimestamp = try await run(
            single(#"{"Type": "Wait", "TimestampPath": "$.t", "End": true}"#), input: ["t": "2026-01-01T00:00:00"])
        #expect(
            badTimestamp.cause?.contains("does not reference a valid ISO-8601 extended offset date-time format string")
                == true)
    }

    @Test func waitsBeyondAYearHitTheStandardExecutionLimit() async throws {
        let execution = try await run(single(#"{"Type": "Wait", "Seconds": 40000000, "End": true}"#))
        #expect(execution.status == .timedOut)
        #expect(execution.duration == 365 * 86400)
    }

    @Test func stateMachineTimeoutEndsTimedOut() async throws {
        let asl =
            #"{"TimeoutSeconds": 10, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}"#
        let execution = try await run(asl)
        #expect(execution.status == .timedOut)
        #expect(execution.duration == 10)
        #expect(execution.history.last?.type == .executionTimedOut)
    }
}
