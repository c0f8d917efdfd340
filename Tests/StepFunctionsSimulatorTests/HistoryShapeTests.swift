import JSONCore
import StepFunctionsSimulator
import Testing

@Suite struct HistoryShapeTests {
    @Test func payloadsAreJSONTextWithJavaDoublesAndTheInputEchoedVerbatim() async throws {
        var sim = try Simulator(
            aslJSON: single(
                #"{"Type": "Pass", "Parameters": {"d.$": "$.d", "big": 1e21, "small": 0.0001}, "End": true}"#))
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
