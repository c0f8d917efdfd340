import JSONCore
import StepFunctionsSimulator
import Testing

@Suite struct DataFlowTests {
    @Test func inputPathParametersResultSelectorResultPathOutputPath() async throws {
        let asl = single(
            #"""
            {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
             "InputPath": "$.order",
             "Parameters": {"FunctionName": "f", "Payload": {"id.$": "$.id", "fixed": 1, "upper.$": "States.Format('ID-{}', $.id)"}},
             "ResultSelector": {"body.$": "$.Payload", "code.$": "$.StatusCode"},
             "ResultPath": "$.result",
             "OutputPath": "$.result.body",
             "End": true}
            """#)
        let execution = try await run(asl, input: ["order": ["id": 7], "other": true]) { sim in
            sim.handle(state: "S") { call in ["got": call.input] }
        }
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["got": ["id": 7, "fixed": 1, "upper": "ID-7"]])
        #expect(execution.calls(to: "S") == [["id": 7, "fixed": 1, "upper": "ID-7"]])
    }

    @Test func resultPathNullKeepsInputAndMergesCreateObjects() async throws {
        let keep = try await run(
            single(#"{"Type": "Pass", "Result": 1, "ResultPath": null, "End": true}"#), input: ["a": 1])
        #expect(keep.output == ["a": 1])
        let nested = try await run(
            single(#"{"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.a.b.c", "End": true}"#),
            input: ["a": ["k": 2]])
        #expect(nested.output == ["a": ["k": 2, "b": ["c": ["x": 1]]]])
        let replace = try await run(
            single(#"{"Type": "Pass", "Result": "r", "ResultPath": "$", "End": true}"#), input: ["a": 1])
        #expect(replace.output == "r")
    }

    @Test func resultPathIntoANonObjectInputIsResultPathMatchFailure() async throws {
        let execution = try await run(
            single(#"{"Type": "Pass", "Result": 1, "ResultPath": "$.x", "End": true}"#), input: [1, 2])
        #expect(execution.status == .failed)
        #expect(execution.error == "States.ResultPathMatchFailure")
    }

    @Test func nullInputAndOutputPathsGiveEmptyObjects() async throws {
        let execution = try await run(
            single(#"{"Type": "Pass", "InputPath": null, "Parameters": {"in.$": "$"}, "End": true}"#), input: ["a": 1])
        #expect(execution.output == ["in": [:]])
        let out = try await run(single(#"{"Type": "Pass", "OutputPath": null, "End": true}"#), input: ["a": 1])
        #expect(out.output == [:])
    }

    @Test func missingDefinitePathsAreStatesRuntimeWithAWSMessages() async throws {
        let inputPath = try await run(
            single(#"{"Type": "Pass", "InputPath": "$.missing", "End": true}"#), input: ["a": 1])
        #expect(inputPath.status == .failed)
        #expect(inputPath.error == "States.Runtime")
        #expect(
            inputPath.cause
                == "An error occurred while executing the state 'S' (entered at the event id #2). Invalid path '$.missing' : No results for path: $['missing']"
        )
        let parameters = try await run(
            single(#"{"Type": "Pass", "Parameters": {"v.$": "$.nope"}, "End": true}"#), input: ["a": 1])
        #expect(
            parameters.cause
                == #"An error occurred while executing the state 'S' (entered at the event id #2). The JSONPath '$.nope' specified for the field 'v.$' could not be found in the input '{"a":1}'"#
        )
        let deep = try await run(single(#"{"Type": "Pass", "OutputPath": "$.a.b.c", "End": true}"#), input: ["x": 1])
        #expect(deep.cause?.hasSuffix("Invalid path '$.a.b.c' : Missing property in path $['a']") == true)
        // States.Runtime goes straight from the entered event to ExecutionFailed.
        #expect(deep.history.map(\.type) == [.executionStarted, .passStateEntered, .executionFailed])
    }

    @Test func statesRuntimeIsNeverCaught() async throws {
        let asl = #"""
            {"StartAt": "T", "States": {
              "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "OutputPath": "$.no.such",
                    "Catch": [{"ErrorEquals": ["States.Runtime"], "Next": "C"}, {"ErrorEquals": ["States.ALL"], "Next": "C"}], "End": true},
              "C": {"Type": "Pass", "End": true}}}
            """#
        let execution = try await run(asl) { $0.handle(state: "T") { _ in [:] } }
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
        #expect(!execution.statesEntered.contains("C"))
    }

    @Test func indefinitePathsYieldArrays() async throws {
        let asl = single(
            #"""
            {"Type": "Pass", "Parameters": {
               "all.$": "$.items[*].v", "slice.$": "$.items[1:3].v", "last.$": "$.items[-1:].v",
               "filtered.$": "$.items[?(@.v > 1)].v", "deep.$": "$..v", "none.$": "$.missing[*]",
               "first.$": "$.items[0].v", "count.$": "$.items.length()", "union.$": "$.items[0,2].v",
               "named.$": "$.items[?(@.tag == 'b')].v", "regex.$": "$.items[?(@.tag =~ /[ab]/)].v"},
             "End": true}
            """#)
        let input: JSONValue = ["items": [["v": 1, "tag": "a"], ["v": 2, "tag": "b"], ["v": 3, "tag": "c"]]]
        let execution = try await run(asl, input: input)
        #expect(execution.status == .succeeded)
        let o = try #require(execution.output)
        #expect(o["all"] == [1, 2, 3])
        #expect(o["slice"] == [2, 3])
        #expect(o["last"] == [3])
        #expect(o["filtered"] == [2, 3])
        #expect(o["deep"] == [1, 2, 3])
        #expect(o["none"] == [])
        #expect(o["first"] == 1)
        #expect(o["count"] == 3)
        #expect(o["union"] == [1, 3])
        #expect(o["named"] == [2])
        #expect(o["regex"] == [1, 2])
    }

    /// Jayway's `=~` matches the whole string; a pattern that backtracks catastrophically fails the
    /// state (`../shared/reliability` F8) instead of hanging it or passing for "no match".
    @Test func filterRegexesMatchWholeStringsAndCannotHang() async throws {
        let asl = single(
            #"""
            {"Type": "Pass", "Parameters": {"whole.$": "$.s[?(@ =~ /a+/)]", "ci.$": "$.s[?(@ =~ /B.*/i)]"},
             "End": true}
            """#)
        let ok = try await run(asl, input: ["s": ["aaa", "aab", "bcd"]])
        #expect(ok.output == ["whole": ["aaa"], "ci": ["bcd"]])

        let evil = single(#"{"Type": "Pass", "Parameters": {"v.$": "$.x[?(@ =~ /^(a+)+$/)]"}, "End": true}"#)
        let input: JSONValue = ["x": .array((0..<1_000).map { _ in .string(String(repeating: "a", count: 30) + "!") })]
        let execution = try await run(evil, input: input)
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
        #expect(execution.cause?.contains("/^(a+)+$/") == true)
        #expect(execution.cause?.contains("backtracking") == true)
    }

    @Test func passResultKeysEndingInDollarAreNotEvaluated() async throws {
        let execution = try await run(
            single(#"{"Type": "Pass", "Result": {"x.$": "$.a"}, "End": true}"#), input: ["a": 1])
        #expect(execution.output == ["x.$": "$.a"])
    }

    @Test func contextObjectFields() async throws {
        var options = Simulator.Options()
        options.executionName = "exec-1"
        options.stateMachineName = "Machine"
        options.accountId = "111111111111"
        options.startDate = Timestamp.parse("2026-03-01T10:00:00Z")
        let asl = #"""
            {"StartAt": "W", "States": {
              "W": {"Type": "Wait", "Seconds": 90, "Next": "P"},
              "P": {"Type": "Pass", "Parameters": {"ctx.$": "$$", "name.$": "$$.Execution.Name", "entered.$": "$$.State.EnteredTime"}, "End": true}}}
            """#
        let execution = try await run(asl, input: ["k": "v"], options: options)
        let o = try #require(execution.output)
        #expect(o["name"] == "exec-1")
        // The context object page: a zero fraction is left out, not padded.
        #expect(o["entered"] == "2026-03-01T10:01:30Z")
        #expect(o["ctx"]?["Execution"]?["Id"] == "arn:aws:states:us-east-1:111111111111:execution:Machine:exec-1")
        #expect(o["ctx"]?["Execution"]?["Input"] == ["k": "v"])
        #expect(o["ctx"]?["Execution"]?["StartTime"] == "2026-03-01T10:00:00Z")
        #expect(o["ctx"]?["StateMachine"]?["Name"] == "Machine")
        #expect(o["ctx"]?["State"]?["Name"] == "P")
    }

    @Test func mapItemContextAndRetryCount() async throws {
        let asl = #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.xs",
              "ItemSelector": {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value", "all.$": "$.tag"},
              "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}
            """#
        let execution = try await run(asl, input: ["xs": ["a", "b"], "tag": 1])
        #expect(execution.output == [["i": 0, "v": "a", "all": 1], ["i": 1, "v": "b", "all": 1]])
    }
}

/// `../shared/reliability` F10: a `ResultPath` of 30,000 members is a clear run-time error, not a
/// stack overflow; one of 500 members works.
@Suite struct DeepResultPathTests {
    func machine(members: Int) -> String {
        #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "ResultPath": "$"# + String(repeating: ".a", count: members)
            + #"", "End": true}}}"#
    }

    @Test func aThirtyThousandMemberResultPathFailsClearly() async throws {
        let execution = try await run(machine(members: 30_000))
        #expect(execution.error == "States.Runtime")
        #expect(execution.cause?.contains("ResultPath has 30000 members") == true)
    }

    @Test func aFiveHundredMemberResultPathWorks() async throws {
        let execution = try await run(machine(members: 500), input: ["k": 1])
        #expect(execution.status == .succeeded)
    }
}

@Suite struct ResultPathMemberTests {
    /// A Pass whose `ResultPath` is `$.name` (the data flow's shortcut: one member set in a copy of
    /// the input) gives what setting the member in the input object gives, for names the input has
    /// and names it lacks, on inputs below and past the size where objects get a hash index; and
    /// the states before it still see (and their history events still show) their own input.
    @Test func aMemberResultPathSetsOneMemberInACopy() async throws {
        var random = SplitMix64(seed: 21)
        for round in 0..<60 {
            var input = JSONObject()
            for i in 0..<random.below(20) { input["k\(random.below(25))"] = .int(i) }
            let names = (0..<3).map { _ in "k\(random.below(25))" }
            var states = JSONObject()
            for (i, name) in names.enumerated() {
                var s: JSONObject = ["Type": "Pass", "Result": .int(100 + i), "ResultPath": .string("$." + name)]
                if i + 1 < names.count { s["Next"] = .string("S\(i + 1)") } else { s["End"] = true }
                states["S\(i)"] = .object(s)
            }
            let definition: JSONValue = ["StartAt": "S0", "States": .object(states)]
            let sim = try Simulator(aslJSON: JSONWriter.compact.string(definition))
            let execution = await sim.run(input: .object(input))
            var expected = input
            var steps: [JSONValue] = [.object(input)]
            for (i, name) in names.enumerated() {
                expected[name] = .int(100 + i)
                steps.append(.object(expected))
            }
            #expect(execution.status == .succeeded)
            #expect(execution.output.map { $0.objectValue?.isIdentical(to: expected) == true } == true, "\(round)")
            // Each state's entered input and exited output, as recorded.
            let entered = execution.history.filter { $0.type == .passStateEntered }
            let exited = execution.history.filter { $0.type == .passStateExited }
            for i in names.indices {
                #expect(entered[i][detail: "input"]?.apiValue == .string(JSONWriter.compactJava.string(steps[i])))
                #expect(exited[i][detail: "output"]?.apiValue == .string(JSONWriter.compactJava.string(steps[i + 1])))
            }
        }
    }
}
