import Foundation
import JSONCore
import StepFunctionsSimulator
import Testing

/// When a Parallel branch or an inline Map iteration fails, AWS stops its siblings at that instant:
/// nothing they would do later happens, and the states they are in are aborted.
@Suite struct SiblingCutOffTests {
    /// Seconds from the start of `execution` to each event of `type`.
    func times(_ execution: Execution, _ type: String) -> [Double] {
        execution.history.filter { $0.type.rawValue == type }.map {
            $0.timestamp.timeIntervalSince(execution.startDate)
        }
    }

    func types(_ execution: Execution) -> [String] { execution.history.map(\.type.rawValue) }

    static let parallel = #"""
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "Slow", "States": {"Slow": {"Type": "Wait", "Seconds": 10, "Next": "After"},
                                         "After": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}}},
          {"StartAt": "Fails", "States": {"Fails": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true}}}]}}}
        """#

    func failingAfterTwoSeconds(_ sim: inout Simulator) {
        sim.handle(state: "Fails") { call in
            call.elapse(seconds: 2)
            throw TaskError(error: "Boom", cause: "at 2 s")
        }
        sim.handle(state: "After") { _ in ["sent": true] }
    }

    @Test func aWaitingSiblingIsAbortedWhenTheOtherBranchFails() async throws {
        let execution = try await run(Self.parallel) { failingAfterTwoSeconds(&$0) }
        #expect(execution.status == .failed)
        #expect(execution.error == "Boom")
        #expect(execution.duration == 2)
        #expect(times(execution, "WaitStateAborted") == [2])
        #expect(!types(execution).contains("WaitStateExited"))
        #expect(execution.calls(to: "After").isEmpty)
        #expect(times(execution, "ExecutionFailed") == [2])
    }

    @Test func theSameWhenBranchesRunOneAfterAnother() async throws {
        var options = Simulator.Options()
        options.concurrent = false
        let sequential = try await run(Self.parallel, options: options) { failingAfterTwoSeconds(&$0) }
        let concurrent = try await run(Self.parallel) { failingAfterTwoSeconds(&$0) }
        #expect(sequential.historyJSON == concurrent.historyJSON)
    }

    @Test func aSiblingTaskInProgressIsAbortedAndItsLaterCallsNeverHappen() async throws {
        let asl = #"""
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Next": "Recovered",
              "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Recovered"}], "Branches": [
              {"StartAt": "Long", "States": {"Long": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Next": "Later"},
                                             "Later": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}}},
              {"StartAt": "Fails", "States": {"Fails": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true}}}]},
              "Recovered": {"Type": "Pass", "End": true}}}
            """#
        let execution = try await run(asl) { sim in
            sim.handle(state: "Long") { call in
                call.elapse(seconds: 5)
                return ["done": true]
            }
            sim.handle(state: "Later") { _ in ["done": true] }
            sim.handle(state: "Fails") { call in
                call.elapse(seconds: 1)
                throw TaskError(error: "Boom", cause: nil)
            }
        }
        #expect(execution.status == .succeeded)
        #expect(execution.duration == 1)
        #expect(times(execution, "TaskStateAborted").contains(1))
        #expect(execution.calls(to: "Long").count == 1)
        #expect(execution.calls(to: "Later").isEmpty)
        #expect(!types(execution).contains("TaskSucceeded"))
        #expect(execution.statesEntered.last == "Recovered")
    }

    @Test func inlineMapIterationsAreAbortedWhenOneFails() async throws {
        let asl = #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.waits", "End": true,
              "ItemProcessor": {"StartAt": "W", "States": {
                "W": {"Type": "Wait", "SecondsPath": "$.s", "Next": "Check"},
                "Check": {"Type": "Choice", "Choices": [{"Variable": "$.fail", "BooleanEquals": true, "Next": "Bad"}], "Default": "Ok"},
                "Bad": {"Type": "Fail", "Error": "Bad"}, "Ok": {"Type": "Pass", "End": true}}}}}}
            """#
        let input: JSONValue = ["waits": [["s": 5, "fail": false], ["s": 1, "fail": true]]]
        let execution = try await run(asl, input: input)
        #expect(execution.status == .failed)
        #expect(execution.error == "Bad")
        #expect(execution.duration == 1)
        #expect(times(execution, "WaitStateAborted") == [1])
        #expect(times(execution, "MapIterationAborted") == [1])
        #expect(times(execution, "MapIterationFailed") == [1])
        #expect(!types(execution).contains("MapIterationSucceeded"))
    }

    @Test func siblingsThatEndedBeforeTheFailureKeepTheirHistory() async throws {
        let asl = #"""
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "Quick", "States": {"Quick": {"Type": "Wait", "Seconds": 1, "End": true}}},
              {"StartAt": "Late", "States": {"Late": {"Type": "Wait", "Seconds": 3, "Next": "Bad"}, "Bad": {"Type": "Fail", "Error": "Bad"}}}]}}}
            """#
        let execution = try await run(asl)
        #expect(execution.duration == 3)
        #expect(times(execution, "WaitStateExited") == [1, 3])
        #expect(times(execution, "WaitStateAborted").isEmpty)
    }
}

/// A distributed Map Run past its tolerated failures stops, as the Map Run counts on the
/// Developer Guide's `MapRunExecutionCounts` describe: children running then are aborted ("stopped
/// ... by Step Functions because the Map Run failed"), children not started stay pending.
@Suite struct DistributedCutOffTests {
    /// Each child waits `$.wait` seconds, then fails when its item says so.
    static func machine(_ extra: String = "") -> String {
        #"""
        {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", \#(extra)
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Work", "States": {
              "Work": {"Type": "Wait", "SecondsPath": "$.wait", "Next": "Check"},
              "Check": {"Type": "Choice", "Choices": [{"Variable": "$.fail", "BooleanEquals": true, "Next": "Boom"}],
                        "Default": "Done"},
              "Boom": {"Type": "Fail", "Error": "Boom"},
              "Done": {"Type": "Succeed"}}},
          "End": true}}}
        """#
    }

    static func items(_ list: [(wait: Int, fail: Bool)]) -> JSONValue {
        ["items": .array(list.map { ["wait": .int($0.wait), "fail": .bool($0.fail)] })]
    }

    func counts(_ execution: Execution) throws -> [Int] {
        let run = try #require(execution.mapRuns.first)
        return [run.succeeded, run.failed, run.aborted, run.pending, run.total]
    }

    @Test func runningChildrenAreAbortedAtTheFailure() async throws {
        let input = Self.items([(1, false), (2, true), (10, false), (10, false)])
        let execution = try await run(Self.machine(), input: input)
        #expect(execution.error == "States.ExceedToleratedFailureThreshold")
        // succeeded, failed, aborted, pending, total
        #expect(try counts(execution) == [1, 1, 2, 0, 4])
        #expect(execution.mapRuns.first?.status == "FAILED")
        // The Map Run ends when it is stopped, not when its slowest child would have.
        #expect(execution.duration == 2)
    }

    @Test func childrenNotStartedYetStayPending() async throws {
        let input = Self.items([(1, false), (2, true), (1, false), (1, false)])
        let execution = try await run(Self.machine(#""MaxConcurrency": 1,"#), input: input)
        // One at a time: the child after the failure would start at 3 s, after the Map Run failed.
        #expect(try counts(execution) == [1, 1, 0, 2, 4])
    }

    @Test func theToleranceDecidesWhenTheRunStops() async throws {
        let input = Self.items([(2, true), (3, false), (5, true), (10, false)])
        let execution = try await run(Self.machine(#""ToleratedFailureCount": 1,"#), input: input)
        #expect(execution.error == "States.ExceedToleratedFailureThreshold")
        // The second failure (at 5 s) exceeds one tolerated failure: the child ending at 3 s succeeded.
        #expect(try counts(execution) == [1, 2, 1, 0, 4])
        #expect(execution.duration == 5)
        let percentage = try await run(Self.machine(#""ToleratedFailurePercentage": 25,"#), input: input)
        #expect(try counts(percentage) == [1, 2, 1, 0, 4])
    }

    @Test func withinTheToleranceEveryChildRunsToItsEnd() async throws {
        let input = Self.items([(2, true), (3, false), (10, false)])
        let execution = try await run(Self.machine(#""ToleratedFailureCount": 1,"#), input: input)
        #expect(execution.status == .succeeded)
        #expect(try counts(execution) == [2, 1, 0, 0, 3])
        #expect(execution.duration == 10)
    }

    @Test func theSameWhenChildrenRunOneAfterAnother() async throws {
        var options = Simulator.Options()
        options.concurrent = false
        let input = Self.items([(1, false), (2, true), (10, false), (10, false)])
        let sequential = try await run(Self.machine(), input: input, options: options)
        let concurrent = try await run(Self.machine(), input: input)
        #expect(try counts(sequential) == counts(concurrent))
        #expect(sequential.historyJSON == concurrent.historyJSON)
    }
}
