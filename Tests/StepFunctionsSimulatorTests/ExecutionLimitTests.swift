import StepFunctionsCompiler
import StepFunctionsSimulator
import Testing

/// AWS's history limit, and the guard against loops that take no virtual time.
@Suite struct ExecutionLimitTests {
    /// A Choice that always loops back: AWS fails it as event 25,000 (recorded by a user on AWS:
    /// error States.Runtime, the event before it the loop's last real event).
    let loop = """
        {"StartAt": "Loop", "States": {
          "Loop": {"Type": "Choice", "Choices": [{"Variable": "$.spin", "BooleanEquals": true, "Next": "Loop"}],
                   "Default": "Done"},
          "Done": {"Type": "Succeed"}}}
        """

    @Test func aStandardExecutionFailsAtTwentyFiveThousandEvents() async throws {
        let execution = try await Simulator(aslJSON: loop).run(input: ["spin": true])
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
        #expect(execution.cause == "The execution reached the maximum number of history events (25000).")
        #expect(execution.history.count == 25_000)
        let last = try #require(execution.history.last)
        #expect(last.type == .executionFailed)
        #expect(last.id == 25_000)
        #expect(last.previousEventId == 24_999)
        #expect(execution.history[24_998].type == .choiceStateExited)
    }

    @Test func anInlineMapOverTooManyItemsHitsTheLimitToo() async throws {
        let map = """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "P",
              "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}
            """
        let items = JSONValue.array((0..<10_000).map { .int($0) })
        let execution = try await Simulator(aslJSON: map).run(input: items)
        #expect(execution.error == "States.Runtime")
        #expect(execution.history.last?.id == 25_000)
    }

    @Test func theLimitCanBeLiftedAndExpressHasNone() async throws {
        var options = Simulator.Options()
        options.historyEventLimit = nil
        options.transitionLimit = 40_000
        let lifted = try await Simulator(aslJSON: loop, options: options).run(input: ["spin": true])
        #expect(lifted.status == .timedOut)  // the transition guard, not the history limit
        #expect(lifted.history.count > 25_000)

        var express = Simulator.Options()
        express.stateMachineType = .express
        express.transitionLimit = 30_000
        let execution = try await Simulator(aslJSON: loop, options: express).run(input: ["spin": true])
        #expect(execution.status == .timedOut)
    }

    /// An EXPRESS execution's recorded history is bounded by the simulator (`../shared/reliability`
    /// F9: a huge Map used to record events until memory ran out); without history it is not.
    @Test func expressHistoryIsBoundedWhenRecorded() async throws {
        let map = """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "P",
              "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}
            """
        let items = JSONValue.array((0..<2_000).map { .int($0) })
        var express = Simulator.Options()
        express.stateMachineType = .express
        express.expressHistoryEventLimit = 1_000
        let limited = try await Simulator(aslJSON: map, options: express).run(input: items)
        #expect(limited.status == .failed)
        #expect(limited.error == "States.Runtime")
        #expect(limited.cause?.contains("expressHistoryEventLimit") == true)
        #expect(limited.history.count <= 1_000)

        express.recordHistory = false
        let unrecorded = try await Simulator(aslJSON: map, options: express).run(input: items)
        #expect(unrecorded.status == .succeeded)

        express.recordHistory = true
        express.expressHistoryEventLimit = nil
        let lifted = try await Simulator(aslJSON: map, options: express).run(input: items)
        #expect(lifted.status == .succeeded)
        #expect(lifted.history.count > 8_000)
    }

    @Test func aLoopThatEndsBeforeTheLimitSucceeds() async throws {
        let counting = """
            {"StartAt": "Count", "States": {
              "Count": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "More?"},
              "More?": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 1000, "Next": "Count"}],
                        "Default": "Done"},
              "Done": {"Type": "Succeed"}}}
            """
        let execution = try await Simulator(aslJSON: counting).run(input: ["n": 0])
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["n": 1000])
    }
}

/// `run()` gives nobody a way to send a task token: an unanswered `.waitForTaskToken` callback ends
/// as on AWS when no one calls back, at once in virtual time, instead of hanging the test.
@Suite struct UnanswerableCallbackTests {
    func callback(_ extra: String) -> String {
        """
        {"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
          "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}\(extra), "End": true}}}
        """
    }

    @Test func withoutATimeoutTheExecutionTimesOutAfterAYear() async throws {
        let execution = try await Simulator(aslJSON: callback("")).run()
        #expect(execution.status == .timedOut)
        #expect(execution.duration == 365 * 86_400)
    }

    @Test func theTasksTimeoutFiresFirst() async throws {
        let execution = try await Simulator(aslJSON: callback(#", "TimeoutSeconds": 3600"#)).run()
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Timeout")
        #expect(execution.duration == 3600)
    }

    @Test func aMissedHeartbeatFiresBeforeTheTimeout() async throws {
        let execution = try await Simulator(aslJSON: callback(#", "TimeoutSeconds": 3600, "HeartbeatSeconds": 60"#))
            .run()
        #expect(execution.error == "States.HeartbeatTimeout")
        #expect(execution.duration == 60)
    }

    @Test func aHandlerStillAnswersIt() async throws {
        var simulator = try Simulator(aslJSON: callback(""))
        simulator.handle(state: "Ask") { _ in ["approved": true] }
        let execution = await simulator.run()
        #expect(execution.output == ["approved": true])
    }
}
