import Foundation
import JSONCore
import StepFunctionsSimulator
import Synchronization
import Testing

/// How Parallel branches and Map iterations are scheduled: in the current task when nothing in
/// them can suspend (synchronous handlers, mocks, virtual time), concurrently otherwise, one after
/// another with `concurrent: false`. Every way gives the same result and history.
@Suite struct BranchSchedulingTests {
    static let parallel = #"""
        {"StartAt": "P", "States": {
          "P": {"Type": "Parallel", "Next": "Done", "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:A", "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"m.$": "$.v"},
              "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 3, "MaxAttempts": 2}], "End": true}}},
            {"StartAt": "W", "States": {
              "W": {"Type": "Wait", "Seconds": 7, "Next": "C"},
              "C": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:C", "End": true}}}]},
          "Done": {"Type": "Pass", "End": true}}}
        """#

    static let map = #"""
        {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 2, "ItemsPath": "$.items",
          "ItemProcessor": {"StartAt": "W", "States": {
            "W": {"Type": "Wait", "SecondsPath": "$.w", "Next": "T"},
            "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:T", "End": true}}},
          "End": true}}}
        """#

    /// How the handlers of a run are registered.
    enum Mode: CaseIterable {
        /// Closures that return at once (the branches run in the current task).
        case synchronous
        /// `async` closures (the branches run as child tasks).
        case asynchronous
        /// Closures that return at once, with `concurrent: false`.
        case oneAfterAnother
    }

    /// Runs `asl` with one handler per state name; `B` fails with `Flaky` on its first call.
    func run(_ asl: String, input: JSONValue, mode: Mode) async throws -> Execution {
        var options = Simulator.Options()
        options.concurrent = mode != .oneAfterAnother
        var sim = try Simulator(aslJSON: asl, options: options)
        let bCalls = Mutex(0)
        let answer: @Sendable (TaskCall) throws -> JSONValue = { call in
            if call.stateName == "B" {
                let n = bCalls.withLock { n in
                    n += 1
                    return n
                }
                if n == 1 { throw TaskError(error: "Flaky", cause: "first call") }
                return ["sent": call.input]
            }
            call.elapse(seconds: 2)
            return call.input
        }
        // Only the Task states this definition has: a strict run refuses answers for other names.
        for state in ["A", "B", "C", "T"] where asl.contains("\"\(state)\": {\"Type\": \"Task\"") {
            switch mode {
            case .synchronous, .oneAfterAnother: sim.handle(state: state) { call in try answer(call) }
            case .asynchronous: sim.handle(state: state) { call async throws in try answer(call) }
            }
        }
        return await sim.run(input: input)
    }

    /// What must not depend on the scheduling.
    func summary(_ e: Execution) -> [String] {
        [e.status.rawValue, "\(e.duration)", e.output.map { "\($0)" } ?? "-", "\(e.historyJSON)"]
            + e.taskCalls.map { "\($0.stateName) \($0.retryCount) \($0.input)" }
    }

    @Test func parallelBranchesGiveTheSameHistoryHoweverTheyAreScheduled() async throws {
        let input: JSONValue = ["v": "hello"]
        let reference = try await run(Self.parallel, input: input, mode: .oneAfterAnother)
        #expect(reference.status == .succeeded)
        #expect(reference.duration == 9)  // the Wait and C's 2 s; B's retry takes 2 + 3 s
        for mode in [Mode.synchronous, .asynchronous] {
            let execution = try await run(Self.parallel, input: input, mode: mode)
            #expect(summary(execution) == summary(reference), "\(mode)")
        }
    }

    @Test func mapIterationsGiveTheSameHistoryHoweverTheyAreScheduled() async throws {
        let input: JSONValue = ["items": [["w": 5], ["w": 1], ["w": 3], ["w": 2], ["w": 4]]]
        let reference = try await run(Self.map, input: input, mode: .oneAfterAnother)
        #expect(reference.status == .succeeded)
        // Each iteration waits, then its task takes 2 s: 7, 3, 5, 4 and 6 s. With MaxConcurrency 2,
        // iteration i starts when iteration i - 2 ends: 0 and 1 at 0 s, 2 at 7 s, 3 at 3 s and 4 at
        // 12 s, which ends last, at 18 s.
        #expect(reference.duration == 18)
        for mode in [Mode.synchronous, .asynchronous] {
            let execution = try await run(Self.map, input: input, mode: mode)
            #expect(summary(execution) == summary(reference), "\(mode)")
        }
    }

    @Test func synchronousBranchesRunInTheCallersTaskAndAsynchronousOnesInTasksOfTheirOwn() async throws {
        let asl = #"""
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}}},
              {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}}}]}}}
            """#
        let tasks = Mutex<[String: Int]>([:])
        @Sendable func record(_ call: TaskCall) -> JSONValue {
            let task = withUnsafeCurrentTask { $0?.hashValue ?? 0 }
            tasks.withLock { $0[call.stateName] = task }
            return "ok"
        }
        var sync = try Simulator(aslJSON: asl)
        sync.handle(resource: "arn:aws:states:::sns:publish") { call in record(call) }
        #expect(await sync.run().status == .succeeded)
        let inline = tasks.withLock { $0 }
        #expect(inline["A"] != nil && inline["A"] == inline["B"])

        var async = try Simulator(aslJSON: asl)
        async.handle(resource: "arn:aws:states:::sns:publish") { call async in record(call) }
        #expect(await async.run().status == .succeeded)
        let concurrent = tasks.withLock { $0 }
        #expect(concurrent["A"] != nil && concurrent["B"] != nil && concurrent["A"] != concurrent["B"])
    }

    @Test func maxConcurrencyHoldsWhileAsynchronousHandlersOverlap() async throws {
        let asl = #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 2,
              "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}}},
              "End": true}}}
            """#
        let counts = Mutex((running: 0, most: 0))
        var sim = try Simulator(aslJSON: asl)
        sim.handle(resource: "arn:aws:states:::sns:publish") { call async throws in
            counts.withLock {
                $0.running += 1
                $0.most = max($0.most, $0.running)
            }
            // Wait (up to a second) until two iterations have run at once, then stay a little
            // longer, so that running more than two at a time would show.
            for _ in 0..<1_000 where counts.withLock({ $0.most }) < 2 {
                try await Task.sleep(nanoseconds: 1_000_000)
            }
            try await Task.sleep(nanoseconds: 5_000_000)
            counts.withLock { $0.running -= 1 }
            call.elapse(seconds: 10)
            return call.input
        }
        let execution = await sim.run(input: [1, 2, 3, 4, 5, 6])
        #expect(execution.status == .succeeded)
        #expect(execution.output == [1, 2, 3, 4, 5, 6])
        #expect(execution.duration == 30)
        #expect(counts.withLock { $0.most } == 2)
    }

    @Test func aConcurrentIterationQuotesItsMergedEventIds() async throws {
        // An asynchronous handler makes the iterations run concurrently: the failing one's
        // entered event gets its id only when its history is merged.
        let asl = #"""
            {"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map", "Items": [1, 2, 3],
              "ItemProcessor": {"StartAt": "T", "States": {
                "T": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Next": "P"},
                "P": {"Type": "Pass", "Output": "{% $states.input = 3 ? $states.input.x : 1 %}", "End": true}}},
              "End": true}}}
            """#
        var sim = try Simulator(aslJSON: asl)
        sim.handle(resource: "arn:aws:states:::sns:publish") { call async in call.input }
        let execution = await sim.run()
        #expect(execution.status == .failed)
        let entered = try #require(execution.history.last { $0.type == .passStateEntered })
        #expect(
            execution.cause?.hasPrefix(
                "An error occurred while executing the state 'P' (entered at the event id #\(entered.id)).") == true)
        let failed = try #require(execution.history.first { $0.type == .evaluationFailed })
        #expect(failed[detail: "cause"]?.apiValue.stringValue == execution.cause)
    }
}
