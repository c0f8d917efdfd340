import StepFunctionsCompiler
import StepFunctionsSimulator
import Testing

/// The readable timeline that `sfn run` and `swift run samples` print.
@Suite struct TimelineTests {
    let definition = """
        {"StartAt": "Charge", "States": {
          "Charge": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
            "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2, "MaxAttempts": 1}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Refund"}],
            "Next": "Done"},
          "Refund": {"Type": "Pass", "End": true},
          "Done": {"Type": "Succeed"}}}
        """

    @Test func aCaughtFailureIsShownAsCaughtNotSucceeded() async throws {
        var simulator = try Simulator(aslJSON: definition)
        simulator.handle(state: "Charge") { _ in throw TaskError(error: "CardDeclined") }
        let text = Timeline(await simulator.run()).text
        #expect(text.contains("✗ CardDeclined"))
        #expect(text.contains("retry #1 of Charge"))
        #expect(text.contains("↪ Charge caught CardDeclined after 2.000s, 1 retry"))
        #expect(!text.contains("✓ Charge"))
        #expect(text.contains("→ Refund (Pass)"))
    }

    @Test func aRetryThatSucceedsIsShownAsSucceeded() async throws {
        var simulator = try Simulator(aslJSON: definition)
        let attempts = Counter()
        simulator.handle(state: "Charge") { call in
            if await attempts.next() == 1 { throw TaskError(error: "Busy") }
            return call.input
        }
        let text = Timeline(await simulator.run()).text
        #expect(text.contains("✓ Charge in 2.000s, 1 retry"))
        #expect(text.contains("status: SUCCEEDED"))
    }
}

private actor Counter {
    var value = 0
    func next() -> Int {
        value += 1
        return value
    }
}
