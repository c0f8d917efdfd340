import JSONCore
import StepFunctionsCompiler
import StepFunctionsSimulator
import Testing

@testable import WorkflowPictures

/// A run read back from its history: visits by branch and iteration, tries, errors, statuses.
@Suite struct ExecutionTraceTests {
    func trace(_ definition: String, input: JSONValue = [:], _ setUp: (inout Simulator) -> Void = { _ in }) async throws
        -> ExecutionTrace
    {
        var simulator = try Simulator(aslJSON: definition)
        setUp(&simulator)
        let execution = await simulator.run(input: input)
        return try ExecutionTrace(history: execution.json)
    }

    func statuses(_ trace: ExecutionTrace) -> [String] {
        trace.visits.map { "\($0.state):\($0.status)" }
    }

    @Test func aRetriedThenCaughtTaskIsCaughtWithItsTries() async throws {
        let trace = try await trace(TimelineDefinitions.chargeOrRefund) { simulator in
            simulator.handle(state: "Charge") { _ in throw TaskError(error: "CardDeclined", cause: "no funds") }
        }
        #expect(trace.status == "SUCCEEDED")
        #expect(statuses(trace) == ["Charge:caught", "Refund:succeeded"])
        let charge = trace.visits[0]
        #expect(charge.retries == 1)
        #expect(charge.attempts.map(\.error) == ["CardDeclined", "CardDeclined"])
        #expect(charge.error == "CardDeclined" && charge.cause == "no funds")
        #expect(charge.start == 0 && charge.end == 2)  // IntervalSeconds 2
    }

    @Test func aFailedBranchFailsItsParallelAndTheOtherBranchIsKept() async throws {
        let definition = """
            {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "Ok", "States": {"Ok": {"Type": "Pass", "End": true}}},
              {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Boom.Error", "Cause": "it broke"}}}]}}}
            """
        let trace = try await trace(definition)
        #expect(trace.status == "FAILED" && trace.error == "Boom.Error" && trace.cause == "it broke")
        #expect(statuses(trace) == ["Both:failed", "Ok:succeeded", "Boom:failed"])
        #expect(trace.scopes.count == 3)
        #expect(trace.scopes.map(\.status) == ["failed", "succeeded", "failed"])
        #expect(trace.visits[0].children == [1, 2])
        #expect(trace.path(of: 2) == "Both branch 2")
        #expect(trace.visits[2].error == "Boom.Error")
    }

    @Test func aTaskThatFailsItsBranchIsFailedNotAborted() async throws {
        // AWS ends the failing Task of a failed branch with TaskStateAborted after its TaskFailed.
        let definition = """
            {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "Ok", "States": {"Ok": {"Type": "Pass", "End": true}}},
              {"StartAt": "Send", "States": {"Send": {"Type": "Task",
                "Resource": "arn:aws:states:::sns:publish", "Parameters": {"Message": "hi"}, "End": true}}}]}}}
            """
        let trace = try await trace(definition) { simulator in
            simulator.handle(state: "Send") { _ in throw TaskError(error: "SNS.Down", cause: "unavailable") }
        }
        #expect(statuses(trace) == ["Both:failed", "Ok:succeeded", "Send:failed"])
        #expect(trace.visits[2].error == "SNS.Down" && trace.visits[2].cause == "unavailable")
        #expect(trace.visits[0].error == "SNS.Down")
    }

    @Test func mapIterationsAreScopesOfTheirOwn() async throws {
        let definition = """
            {"StartAt": "Items", "States": {"Items": {"Type": "Map", "End": true,
              "ItemProcessor": {"StartAt": "Check", "States": {
                "Check": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericGreaterThan": 1, "Next": "Big"}],
                  "Default": "Small"},
                "Big": {"Type": "Pass", "End": true}, "Small": {"Type": "Pass", "End": true}}}}}}
            """
        let trace = try await trace(definition, input: [1, 2, 3])
        #expect(trace.status == "SUCCEEDED")
        let iterations = trace.visits[0].children
        #expect(iterations.map { trace.scopes[$0].kind } == [.iteration(0), .iteration(1), .iteration(2)])
        #expect(
            iterations.map { trace.scopes[$0].visits.map { trace.visits[$0].state } } == [
                ["Check", "Small"], ["Check", "Big"], ["Check", "Big"],
            ])
        #expect(trace.path(of: iterations[2]) == "Items iteration 2")
    }

    @Test func aTimedOutRunNamesTheStateStillWaiting() async throws {
        let definition = """
            {"TimeoutSeconds": 5, "StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 60, "End": true}}}
            """
        let trace = try await trace(definition)
        #expect(trace.status == "TIMED_OUT")
        #expect(statuses(trace) == ["Hold:timedOut"])
        #expect(trace.duration == 5)
    }

    @Test func aRuntimeErrorFailsTheStateItHappenedIn() async throws {
        let definition = """
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
              "B": {"Type": "Pass", "InputPath": "$.missing", "End": true}}}
            """
        let trace = try await trace(definition)
        #expect(trace.status == "FAILED")
        #expect(statuses(trace) == ["A:succeeded", "B:failed"])
        #expect(trace.visits[1].error == "States.Runtime")
    }

    /// On AWS the events of concurrent branches interleave; `previousEventId` tells them apart.
    @Test func interleavedBranchEventsArePlacedByTheirPreviousEvent() throws {
        func event(_ id: Int, _ previous: Int, _ type: String, _ name: String? = nil, at second: Int = 0) -> JSONValue {
            var o = JSONObject()
            o["id"] = .int(id)
            o["previousEventId"] = .int(previous)
            o["timestamp"] = .string("2026-01-01T00:00:0\(second).000Z")
            o["type"] = .string(type)
            if let name {
                let key = type.hasSuffix("Entered") ? "stateEnteredEventDetails" : "stateExitedEventDetails"
                o[key] = ["name": .string(name)]
            }
            return .object(o)
        }
        let history: JSONValue = [
            event(1, 0, "ExecutionStarted"),
            event(2, 1, "ParallelStateEntered", "Both"),
            event(3, 2, "ParallelStateStarted"),
            event(4, 3, "TaskStateEntered", "Slow"),
            event(5, 3, "PassStateEntered", "Fast"),
            event(6, 5, "PassStateExited", "Fast"),
            event(7, 4, "TaskScheduled", at: 1),
            event(8, 7, "TaskSucceeded", at: 3),
            event(9, 8, "TaskStateExited", "Slow", at: 3),
            event(10, 9, "ParallelStateSucceeded", at: 3),
            event(11, 10, "ParallelStateExited", "Both", at: 3),
            event(12, 11, "ExecutionSucceeded", at: 3),
        ]
        let trace = try ExecutionTrace(history: history)
        #expect(trace.status == "SUCCEEDED")
        #expect(statuses(trace) == ["Both:succeeded", "Slow:succeeded", "Fast:succeeded"])
        #expect(trace.visits[1].scope != trace.visits[2].scope)
        #expect(trace.visits[1].attempts.count == 1 && trace.visits[1].end == 3)
        #expect(trace.visits[0].end == 3)
    }

    @Test func aHistoryThatIsNotOneIsRefused() {
        #expect(throws: ExecutionTraceError.self) { try ExecutionTrace(history: ["not": "events"]) }
        #expect(throws: ExecutionTraceError.self) { try ExecutionTrace(history: [["id": 1]]) }
    }

    @Test func theRunPageColoursThePathAndListsEveryVisit() async throws {
        let trace = try await trace(TimelineDefinitions.chargeOrRefund) { simulator in
            simulator.handle(state: "Charge") { _ in throw TaskError(error: "CardDeclined", cause: "no funds") }
        }
        let definition = try ASLDocument(text: TimelineDefinitions.chargeOrRefund, fileName: "x").validDefinition()
        let html = WorkflowPicture(definition, name: "charge").html(run: trace)
        RenderTests.expectSelfContained(html)
        #expect(html.contains(#"<li class="tl-row st-caught" data-visit="0""#))
        #expect(html.contains(#"<li class="tl-row st-succeeded" data-visit="1""#))
        #expect(html.contains("↻1"))
        // The edges taken: Start → Charge, the Catch to Refund, Refund → End.
        #expect(html.contains(#""edges":["e-Start--Charge","e-Charge--Refund--catch","e-Refund--End"]"#))
    }
}

/// Definitions shared by the run tests.
enum TimelineDefinitions {
    static let chargeOrRefund = """
        {"StartAt": "Charge", "States": {
          "Charge": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
            "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2, "MaxAttempts": 1}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Refund"}],
            "Next": "Done"},
          "Refund": {"Type": "Pass", "End": true},
          "Done": {"Type": "Succeed"}}}
        """
}
