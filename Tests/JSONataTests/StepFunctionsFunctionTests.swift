import JSONCore
import JSONata
import Testing

/// AWS Step Functions' JSONata additions, with the values AWS recorded
/// (LocalStack's snapshot tests validated against AWS on 2024-11-15).
@Suite struct StepFunctionsFunctionTests {
    func sfn(_ expression: String, _ input: JSONValue? = nil) throws -> JSONValue? {
        try evaluate(expression, input, environment: .stepFunctions)
    }

    static let partitionCases: [(JSONValue, Int, String)] = [
        ([0], 1, "[[0]]"), ([0], 2, "[[0]]"), ([0], 5, "[[0]]"),
        ([0, 1], 1, "[[0],[1]]"), ([0, 1], 2, "[[0,1]]"), ([0, 1], 5, "[[0,1]]"),
        ([0, 1, 2], 1, "[[0],[1],[2]]"), ([0, 1, 2], 2, "[[0,1],[2]]"), ([0, 1, 2], 3, "[[0,1,2]]"),
        ([0, 1, 2], 4, "[[0,1,2]]"), ([0, 1, 2, 3], 2, "[[0,1],[2,3]]"), ([0, 1, 2, 3], 3, "[[0,1,2],[3]]"),
        ([0, 1, 2, 3], 4, "[[0,1,2,3]]"),
    ]

    @Test(arguments: partitionCases)
    func partitionMatchesAWS(_ testCase: (JSONValue, Int, String)) throws {
        let input: JSONValue = ["FunctionInput": ["fst": testCase.0, "snd": .int(testCase.1)]]
        let bound = try evaluate(
            "$partition($states.input.FunctionInput.fst, $states.input.FunctionInput.snd)", nil,
            bindings: ["states": ["input": input]], environment: .stepFunctions)
        #expect(same(bound, expected(testCase.2)))
    }

    @Test func partitionEdges() throws {
        #expect(same(try sfn("$partition([], 2)"), []))
        #expect(same(try sfn("$partition([1,2,3,4,5], 2)"), expected("[[1,2],[3,4],[5]]")))
        #expect(errorOf("$partition([1], 0)", nil, environment: .stepFunctions) != nil)
        // AWS documents a fractional size as rounded down.
        #expect(same(try sfn("$partition([1,2,3], 1.5)"), expected("[[1],[2],[3]]")))
        #expect(same(try sfn("$partition([1,2,3,4,5], 2.9)"), expected("[[1,2],[3,4],[5]]")))
        #expect(errorOf("$partition([1], 0.9)", nil, environment: .stepFunctions) != nil)
    }

    static let rangeCases: [(String, String)] = [
        ("$range(0, 9, 3)", "[0,3,6,9]"),
        ("$range(0, 10, 3)", "[0,3,6,9]"),
        ("$range(1, 9, 9)", "1"),
        ("$range(1, 9, 2)", "[1,3,5,7,9]"),
        ("$range(0, 10, 2)", "[0,2,4,6,8,10]"),
        ("$range(1, -5, -1)", "[1,0,-1,-2,-3,-4,-5]"),
        ("$range(1, 9, 0)", "undefined"),
    ]

    @Test(arguments: rangeCases)
    func rangeMatchesAWS(_ testCase: (String, String)) throws {
        #expect(same(try sfn(testCase.0), expected(testCase.1)))
    }

    static let parseCases: [(String, String)] = [
        ("-0", "0"), ("1", "1"), ("1.1", "1.1"), ("true", "true"), (#""HelloWorld""#, #""HelloWorld""#),
        (#"[1, 2, "HelloWorld"]"#, #"[1,2,"HelloWorld"]"#), (#"{"Arg1": 1, "Arg2": []}"#, #"{"Arg1":1,"Arg2":[]}"#),
    ]

    @Test(arguments: parseCases)
    func parseMatchesAWS(_ testCase: (String, String)) throws {
        let result = try evaluate(
            "$parse($states.input.FunctionInput)", nil,
            bindings: ["states": ["input": ["FunctionInput": .string(testCase.0)]]], environment: .stepFunctions)
        #expect(same(result, expected(testCase.1)))
    }

    @Test func parseRejectsInvalidJSON() {
        let e = errorOf("$parse('{oops')", nil, environment: .stepFunctions)
        #expect(e != nil)
        #expect(e?.message.contains("not valid JSON") == true)
    }

    @Test func hashDigests() throws {
        #expect(same(try sfn("$hash('input data', 'SHA-1')"), "aaff4a450a104cd177d28d18d74485e8cae074b7"))
        #expect(same(try sfn("$hash('abc', 'MD5')"), "900150983cd24fb0d6963f7d28e17f72"))
        #expect(
            same(
                try sfn("$hash('abc', 'SHA-256')"),
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        #expect(errorOf("$hash('abc', 'SHA-3')", nil, environment: .stepFunctions) != nil)
    }

    @Test func randomWithSeedIsStable() throws {
        let a = try sfn("$random(80)")
        let b = try sfn("$random(80)")
        #expect(same(a, b))
        let c = try sfn("$random(81)")
        #expect(!same(a, c))
        guard case .number(let n)? = a else {
            Issue.record("no number")
            return
        }
        #expect(n.doubleValue >= 0 && n.doubleValue < 1)
    }

    @Test func uuidIsVersion4() throws {
        guard case .string(let u)? = try sfn("$uuid()") else {
            Issue.record("no string")
            return
        }
        let chars = Array(u)
        #expect(chars.count == 36)
        #expect(chars[14] == "4")
        #expect("89ab".contains(chars[19]))
        #expect(chars[8] == "-" && chars[13] == "-" && chars[18] == "-" && chars[23] == "-")
        let seeded = JSONataOptions(randomSeed: 7)
        #expect(
            same(
                try evaluate("$uuid()", nil, environment: .stepFunctions, options: seeded),
                try evaluate("$uuid()", nil, environment: .stepFunctions, options: seeded)))
    }

    @Test func unknownFunctionIsT1006AsAWSReports() {
        let e = errorOf(
            "$randomSeeded($states.input.FunctionInput.fst)", nil,
            bindings: ["states": ["input": ["FunctionInput": "fst"]]], environment: .stepFunctions)
        #expect(e?.description == "T1006: Attempted to invoke a non-function")
    }

    @Test func standardEnvironmentHasNoAWSFunctions() {
        #expect(errorOf("$partition([1], 1)", nil)?.code == "T1006")
        #expect(JSONataEnvironment.stepFunctions.functionNames.contains("uuid"))
    }
}
