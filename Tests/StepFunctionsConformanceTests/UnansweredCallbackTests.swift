import StepFunctionsConformance
import Testing

/// A `.waitForTaskToken` Task that no mock answers: nothing in a case can send its token, so the
/// run ends at the Task's limits in virtual time, as on AWS when no one calls back (it used to
/// wait for them on the wall clock, and for ever with no limits).
@Suite(.timeLimit(.minutes(1))) struct UnansweredCallbackTests {
    /// A case whose only state waits for a task token, with `limits` (JSON members) on the Task.
    static func callbackCase(limits: String, expected: String) -> String {
        #"""
        {"name": "callback", "group": "callback",
         "definition": {"StartAt": "Wait", "States": {"Wait": {"Type": "Task",
           "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", \#(limits)
           "Parameters": {"QueueUrl": "q", "MessageBody": {"TaskToken.$": "$$.Task.Token"}}, "End": true}}},
         "input": {}, "mocks": {"Other": {"0": {"Return": {}}}},
         "expected": \#(expected)}
        """#
    }

    /// The outcome of `text`, read whole and as `sfn test` reads it (the two must agree).
    func outcome(_ text: String) async throws -> String {
        let whole = try await ConformanceCase(text: text, fileName: "case.json").run().outcome
        let lazily = try await ConformanceCase(readingLazily: text, fileName: "case.json").run().outcome
        #expect("\(lazily)" == "\(whole)")
        return "\(whole)"
    }

    @Test func heartbeatEndsTheWaitAtOnce() async throws {
        let text = Self.callbackCase(
            limits: #""HeartbeatSeconds": 120, "TimeoutSeconds": 600,"#,
            expected: #"{"status": "FAILED", "error": "States.HeartbeatTimeout"}"#)
        #expect(try await outcome(text) == "passed")
    }

    @Test func timeoutEndsTheWaitAtOnce() async throws {
        let text = Self.callbackCase(
            limits: #""TimeoutSeconds": 3600,"#, expected: #"{"status": "FAILED", "error": "States.Timeout"}"#)
        #expect(try await outcome(text) == "passed")
    }

    @Test func withoutLimitsTheExecutionTimesOut() async throws {
        let text = Self.callbackCase(limits: "", expected: #"{"status": "TIMED_OUT"}"#)
        #expect(try await outcome(text) == "passed")
    }

    @Test func aWrongExpectationStillFails() async throws {
        let text = Self.callbackCase(
            limits: #""HeartbeatSeconds": 120,"#, expected: #"{"status": "SUCCEEDED"}"#)
        #expect(try await outcome(text) != "passed")
    }
}
