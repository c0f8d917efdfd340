import JSONCore
import StepFunctionsSimulator
import Testing

@Suite struct ConformanceCaseTests {
    /// A case in the conformance format with placeholders in the expected values.
    static let passCase = #"""
        {"name": "demo::pass", "group": "base",
         "definition": {"StartAt": "S", "States": {"S": {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id", "in.$": "$"}, "End": true}}},
         "input": {"a": 1}, "inputText": "{\"a\": 1}",
         "expected": {"status": "SUCCEEDED",
           "output": {"id": "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>", "in": {"a": 1.0}},
           "error": null, "cause": null,
           "events": [
             {"executionStartedEventDetails": {"input": "{\"a\": 1}", "inputDetails": {"truncated": false}, "roleArn": "snf_role_arn"},
              "id": 1, "previousEventId": 0, "timestamp": "timestamp", "type": "ExecutionStarted"},
             {"id": 2, "previousEventId": 0, "stateEnteredEventDetails": {"input": {"a": 1}, "inputDetails": {"truncated": false}, "name": "S"},
              "timestamp": "timestamp", "type": "PassStateEntered"},
             {"id": 3, "previousEventId": 2, "stateExitedEventDetails": {"name": "S", "output": {"id": "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>", "in": {"a": 1}}, "outputDetails": {"truncated": false}},
              "timestamp": "timestamp", "type": "PassStateExited"},
             {"executionSucceededEventDetails": {"output": {"id": "<any>", "in": {"a": 1}}, "outputDetails": {"truncated": false}},
              "id": 4, "previousEventId": 3, "timestamp": "timestamp", "type": "ExecutionSucceeded"}]},
         "execution": {"name": "run-1", "stateMachineName": "sm", "stateMachineType": "STANDARD", "accountId": "111111111111", "region": "us-east-1",
           "roleArn": "arn:aws:iam::111111111111:role/r"},
         "literalMaskTokens": ["timestamp", "snf_role_arn"], "flags": {}}
        """#

    func outcome(_ text: String) async throws -> ConformanceResult.Outcome {
        try await ConformanceCase(text: text, fileName: "case.json").run().outcome
    }

    @Test func placeholdersAndJSONTextMatch() async throws {
        let result = try await outcome(Self.passCase)
        guard case .passed = result else {
            Issue.record("expected a pass, got \(result)")
            return
        }
    }

    @Test func differencesAreReported() async throws {
        let wrong = Self.passCase.replacingOccurrences(of: #""in": {"a": 1.0}"#, with: #""in": {"a": 2}"#)
        guard case .failed(let diffs) = try await outcome(wrong) else {
            Issue.record("expected a failure")
            return
        }
        #expect(diffs.first?.hasPrefix("output.in.a") == true)
        let wrongEvent = Self.passCase.replacingOccurrences(of: #""id": 3, "previousEventId": 2"#, with: #""id": 3, "previousEventId": 1"#)
        guard case .failed(let eventDiffs) = try await outcome(wrongEvent) else {
            Issue.record("expected a failure")
            return
        }
        #expect(eventDiffs.first?.contains("previousEventId") == true)
    }

    @Test func jsonataAndVariableCasesRun() async throws {
        // The same case with a variable: assigned by a JSONata state, read by the JSONPath one.
        let withVariable = Self.passCase
            .replacingOccurrences(of: #""in.$": "$""#, with: #""in.$": "$v""#)
            .replacingOccurrences(
                of: #""States": {"S": {"Type": "Pass""#,
                with: #""States": {"A": {"Type": "Pass", "QueryLanguage": "JSONata", "Assign": {"v": "{% $states.input %}"}, "Next": "S"}, "S": {"Type": "Pass""#)
            .replacingOccurrences(of: #""StartAt": "S""#, with: #""StartAt": "A""#)
        guard case .failed(let diffs) = try await outcome(withVariable) else {
            Issue.record("expected the recorded events to differ (the case records one state, the run two)")
            return
        }
        #expect(diffs.first?.hasPrefix("events:") == true)
        #expect(!diffs.joined().contains("output"))
    }

    @Test func notACaseIsAnError() {
        #expect(throws: ConformanceError.self) { try ConformanceCase(text: "{}", fileName: "x.json") }
        #expect(throws: ConformanceError.self) { try ConformanceCase(text: "nope", fileName: "x.json") }
    }
}

@Suite struct HistoryShapeTests {
    @Test func payloadsAreJSONTextWithJavaDoublesAndTheInputEchoedVerbatim() async throws {
        var sim = try Simulator(aslJSON: single(#"{"Type": "Pass", "Parameters": {"d.$": "$.d", "big": 1e21, "small": 0.0001}, "End": true}"#))
        let execution = try await sim.run(inputText: #"{"d": 0.0,  "i": 1}"#)
        let events = try #require(execution.historyJSON.arrayValue)
        #expect(events[0]["executionStartedEventDetails"]?["input"] == #"{"d": 0.0,  "i": 1}"#)
        #expect(events[1]["stateEnteredEventDetails"]?["input"] == #"{"d":0.0,"i":1}"#)
        #expect(events[2]["stateExitedEventDetails"]?["output"] == #"{"d":0.0,"big":1.0E21,"small":1.0E-4}"#)
        #expect(events[2]["stateExitedEventDetails"]?["outputDetails"] == ["truncated": false])
        #expect(events[3]["type"] == "ExecutionSucceeded")

        // Recordings before July 2024 echo the text into the first state too.
        sim.options.historyAsOf = Timestamp.parse("2024-03-01T00:00:00Z")
        let older = try await sim.run(inputText: #"{"d": 0.0,  "i": 1}"#)
        #expect(older.historyJSON[1]?["stateEnteredEventDetails"]?["input"] == #"{"d": 0.0,  "i": 1}"#)
    }

    @Test func quotedMemberNamesKeepBackslashesAsJaywayDoes() async throws {
        let asl = single(#"{"Type": "Pass", "Parameters": {"v.$": "$['a\\\"b']", "w.$": "$['it\\'s']"}, "End": true}"#)
        let execution = try await run(asl, input: ["a\\\"b": 1, "it's": 2])
        #expect(execution.output == ["v": 1, "w": 2])
    }
}
