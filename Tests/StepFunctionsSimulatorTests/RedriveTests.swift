import Foundation
import JSONCore
import StepFunctionsSimulator
import Testing

/// The failure a handler throws until it is replaced.
struct Unavailable: Error {}

/// The types of the events after the last `ExecutionRedriven`.
func eventsAfterRedrive(_ execution: Execution) -> [String] {
    guard let i = execution.history.lastIndex(where: { $0.type == .executionRedriven }) else { return [] }
    return execution.history[(i + 1)...].map(\.type.rawValue)
}

/// Whether a history is well formed: ids 1, 2, 3… and each event follows an earlier one.
func wellFormed(_ execution: Execution) -> Bool {
    execution.history.enumerated().allSatisfy { i, e in
        e.id == i + 1 && e.previousEventId >= 0 && e.previousEventId < e.id
    }
}

/// `Simulator.redrive`: an unsuccessful execution continues from its unsuccessful step, as AWS's
/// `RedriveExecution` does.
@Suite struct RedriveTests {
    static let chain = #"""
        {"StartAt": "Prepare", "States": {
          "Prepare": {"Type": "Pass", "Result": {"order": "o-1"}, "Next": "Charge"},
          "Charge": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge", "Next": "Ship"},
          "Ship": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}}}
        """#

    @Test func aFailureInTheMiddleOfAChainContinuesFromTheFailedStep() async throws {
        var sim = try Simulator(aslJSON: Self.chain)
        sim.handle(state: "Charge") { _ in throw Unavailable() }
        sim.handle(state: "Ship") { call in ["shipped": call.input["charged"] ?? false] }
        let failed = await sim.run(input: ["x": 1])
        #expect(failed.status == .failed)
        #expect(failed.error == "Unavailable")
        #expect(failed.redriveCount == 0)
        #expect(failed.redriveStatusReason(at: failed.stopDate) == nil)

        sim.handle(state: "Charge") { call in ["charged": true, "order": call.input["order"] ?? nil] }
        let redriven = try await sim.redrive(failed)
        #expect(redriven.status == .succeeded)
        #expect(wellFormed(redriven))
        #expect(redriven.output == ["shipped": true])
        #expect(redriven.redriveCount == 1)
        #expect(redriven.startDate == failed.startDate)
        // Prepare is not run again; Charge runs again on the input it was entered with.
        #expect(redriven.taskCalls.map(\.stateName) == ["Charge", "Ship"])
        #expect(redriven.calls(to: "Charge") == [["order": "o-1"]])
        #expect(redriven.statesEntered == ["Prepare", "Charge", "Ship"])
        // The history continues: the earlier events as they were, ExecutionRedriven, then Charge's
        // new call, which follows Charge's entered event (no new entered event).
        #expect(Array(redriven.history.prefix(failed.history.count).map(\.id)) == failed.history.map(\.id))
        let redrivenEvent = try #require(redriven.history.first { $0.type == .executionRedriven })
        #expect(redrivenEvent.id == failed.history.count + 1)
        #expect(redrivenEvent.previousEventId == failed.history.count)
        #expect(redrivenEvent.json["executionRedrivenEventDetails"] == ["redriveCount": 1])
        #expect(
            eventsAfterRedrive(redriven) == [
                "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited",
                "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
                "ExecutionSucceeded",
            ])
        let chargeEntered = try #require(failed.history.first { $0.type == .taskStateEntered })
        #expect(redriven.history[redrivenEvent.id].previousEventId == chargeEntered.id)
        // A succeeded execution cannot be redriven again.
        await #expect(throws: RedriveError(reason: "Execution is SUCCEEDED and cannot be redriven")) {
            _ = try await sim.redrive(redriven)
        }
    }

    @Test func onlyTheFailedBranchOfAParallelRunsAgain() async throws {
        let asl = #"""
            {"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "X", "States": {"X": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:x", "End": true}}},
              {"StartAt": "Y0", "States": {
                 "Y0": {"Type": "Pass", "Result": "y-input", "Next": "Y"},
                 "Y": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:y", "End": true}}},
              {"StartAt": "Z", "States": {"Z": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:z", "End": true}}}]}}}
            """#
        var sim = try Simulator(aslJSON: asl)
        sim.handle(state: "X") { _ in "x" }
        sim.handle(state: "Y") { _ in throw Unavailable() }
        sim.handle(state: "Z") { _ in "z" }
        let failed = await sim.run()
        #expect(failed.status == .failed)
        #expect(failed.taskCalls.map(\.stateName) == ["X", "Y", "Z"])

        sim.handle(state: "Y") { call in .string("y from \(call.input.stringValue ?? "?")") }
        let redriven = try await sim.redrive(failed)
        #expect(redriven.status == .succeeded)
        #expect(wellFormed(redriven))
        #expect(redriven.output == ["x", "y from y-input", "z"])
        // Y0 exited in the first attempt: only Y runs again.
        #expect(redriven.taskCalls.map(\.stateName) == ["Y"])
        #expect(
            eventsAfterRedrive(redriven) == [
                "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited",
                "ParallelStateSucceeded",
                "ParallelStateExited", "ExecutionSucceeded",
            ])
        #expect(redriven.history.filter { $0.type == .parallelStateStarted }.count == 1)
    }

    @Test func onlyTheFailedIterationsOfAnInlineMapRunAgain() async throws {
        let asl = #"""
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "T",
                "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:t", "End": true}}}}}}
            """#
        var options = Simulator.Options()
        options.concurrent = false
        var sim = try Simulator(aslJSON: asl, options: options)
        sim.handle(state: "T") { call in
            if call.input == 3 { throw Unavailable() }
            return ["done": call.input]
        }
        let failed = await sim.run(input: [1, 2, 3, 4])
        #expect(failed.status == .failed)
        // The iterations run in order and the Map stops at the failed one.
        #expect(failed.calls(to: "T") == [1, 2, 3])

        sim.handle(state: "T") { call in ["done": call.input] }
        let redriven = try await sim.redrive(failed)
        #expect(redriven.status == .succeeded)
        #expect(wellFormed(redriven))
        #expect(redriven.output == [["done": 1], ["done": 2], ["done": 3], ["done": 4]])
        // Iterations 0 and 1 succeeded: their outputs are kept, they do not run again.
        #expect(redriven.calls(to: "T") == [3, 4])
        #expect(
            eventsAfterRedrive(redriven) == [
                "MapIterationStarted", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded",
                "TaskStateExited", "MapIterationSucceeded", "MapIterationStarted", "TaskStateEntered",
                "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited",
                "MapIterationSucceeded", "MapStateSucceeded", "MapStateExited",
                "ExecutionSucceeded",
            ])
        let indices = redriven.history.filter { $0.type == .mapIterationStarted }.compactMap {
            $0[detail: "index"]?.apiValue.intValue
        }
        #expect(indices == [0, 1, 2, 2, 3])
    }

    @Test func variablesAssignedBeforeTheFailureAreAsTheyWere() async throws {
        let asl = #"""
            {"StartAt": "Init", "QueryLanguage": "JSONata", "States": {
              "Init": {"Type": "Pass", "Assign": {"customer": "c-7", "attempt": 1}, "Next": "Both"},
              "Both": {"Type": "Parallel", "Next": "Done", "Branches": [
                {"StartAt": "Local", "States": {
                   "Local": {"Type": "Pass", "Assign": {"note": "{% 'for ' & $customer %}"}, "Next": "Use"},
                   "Use": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:use",
                           "Arguments": {"note": "{% $note %}", "customer": "{% $customer %}"}, "End": true}}}]},
              "Done": {"Type": "Pass", "Output": {"customer": "{% $customer %}", "attempt": "{% $attempt %}",
                       "result": "{% $states.input %}"}, "End": true}}}
            """#
        var sim = try Simulator(aslJSON: asl)
        sim.handle(state: "Use") { _ in throw Unavailable() }
        let failed = await sim.run()
        #expect(failed.status == .failed)

        sim.handle(state: "Use") { call in call.input }
        let redriven = try await sim.redrive(failed)
        #expect(redriven.status == .succeeded)
        #expect(wellFormed(redriven))
        #expect(redriven.calls(to: "Use") == [["note": "for c-7", "customer": "c-7"]])
        #expect(
            redriven.output == [
                "customer": "c-7", "attempt": 1, "result": [["note": "for c-7", "customer": "c-7"]],
            ])
    }

    @Test func retriesCountFromZeroAgain() async throws {
        let asl = single(
            #"""
            {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky", "End": true,
             "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2, "IntervalSeconds": 1}]}
            """#)
        var sim = try Simulator(aslJSON: asl)
        sim.handle(state: "S") { _ in throw Unavailable() }
        let failed = await sim.run()
        #expect(failed.status == .failed)
        #expect(failed.taskCalls.map(\.retryCount) == [0, 1, 2])

        // Fails twice more, then succeeds: the redriven state has its two retries again.
        sim.handle(state: "S") { call in
            if call.retryCount < 2 { throw Unavailable() }
            return ["ok": true]
        }
        let redriven = try await sim.redrive(failed)
        #expect(redriven.status == .succeeded)
        #expect(wellFormed(redriven))
        #expect(redriven.taskCalls.map(\.retryCount) == [0, 1, 2])
        #expect(redriven.retries(of: "S") == 2)
    }

    @Test func aCaughtFailureStaysCaughtAndTheFailedHandlerRunsAgain() async throws {
        let asl = #"""
            {"StartAt": "Charge", "States": {
              "Charge": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge", "End": true,
                         "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Refund"}]},
              "Refund": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:refund", "End": true}}}
            """#
        var sim = try Simulator(aslJSON: asl)
        sim.handle(state: "Charge") { _ in throw TaskError(error: "Card.Declined", cause: "no funds") }
        sim.handle(state: "Refund") { _ in throw Unavailable() }
        let failed = await sim.run(input: ["order": "o-2"])
        #expect(failed.status == .failed)

        sim.handle(state: "Refund") { call in ["refunded": call.input["order"] ?? nil] }
        let redriven = try await sim.redrive(failed)
        #expect(redriven.status == .succeeded)
        #expect(wellFormed(redriven))
        #expect(redriven.output == ["refunded": "o-2"])
        #expect(redriven.taskCalls.map(\.stateName) == ["Refund"])
        #expect(
            redriven.calls(to: "Refund") == [
                ["order": "o-2", "error": ["Error": "Card.Declined", "Cause": "no funds"]]
            ])
    }

    @Test func theContextObjectCountsTheRedrives() async throws {
        let asl = #"""
            {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work", "Next": "Report"},
              "Report": {"Type": "Pass", "Parameters": {"count.$": "$$.Execution.RedriveCount",
                         "time.$": "$$.Execution.RedriveTime", "start.$": "$$.Execution.StartTime"}, "Next": "Again"},
              "Again": {"Type": "Pass", "QueryLanguage": "JSONata",
                        "Output": "{% $merge([$states.input, {'jsonata': $states.context.Execution.RedriveCount}]) %}",
                        "End": true}}}
            """#
        var sim = try Simulator(aslJSON: asl)
        sim.handle(state: "Work") { _ in throw Unavailable() }
        let failed = await sim.run()
        let first = try await sim.redrive(failed, at: failed.stopDate.addingTimeInterval(60))
        #expect(first.status == .failed)
        #expect(first.redriveCount == 1)

        sim.handle(state: "Work") { _ in [:] }
        let when = first.stopDate.addingTimeInterval(3600)
        let second = try await sim.redrive(first, at: when)
        #expect(second.status == .succeeded)
        #expect(wellFormed(second))
        #expect(
            second.output == [
                "count": 2, "time": "2026-01-01T01:01:00.000Z", "start": "2026-01-01T00:00:00.000Z", "jsonata": 2,
            ])
        #expect(second.redriveCount == 2)
        #expect(second.redriveDate == when)
        let counts = second.history.filter { $0.type == .executionRedriven }.map {
            $0[detail: "redriveCount"]?.apiValue
        }
        #expect(counts == [1, 2])
    }

    @Test func theStateMachineTimeoutCountsFromTheRedrive() async throws {
        let asl = #"""
            {"TimeoutSeconds": 10, "StartAt": "Slow", "States": {
              "Slow": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:slow", "End": true}}}
            """#
        var sim = try Simulator(aslJSON: asl)
        sim.handle(state: "Slow") { call in
            call.elapse(seconds: 30)
            return "late"
        }
        let timedOut = await sim.run()
        #expect(timedOut.status == .timedOut)
        #expect(timedOut.duration == 10)
        // The state never exited: the timeout interrupted it.
        #expect(!timedOut.history.contains { $0.type == .taskStateExited })

        sim.handle(state: "Slow") { call in
            call.elapse(seconds: 8)
            return "in time"
        }
        let redriven = try await sim.redrive(timedOut, at: timedOut.stopDate.addingTimeInterval(86_400))
        #expect(redriven.status == .succeeded)
        #expect(wellFormed(redriven))
        #expect(redriven.output == "in time")
    }

    @Test func aDistributedMapRedrivesItsMapRun() async throws {
        let asl = #"""
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:t", "End": true}}}}}}
            """#
        var sim = try Simulator(aslJSON: asl)
        sim.handle(state: "T") { call in
            if call.input == 2 { throw Unavailable() }
            return ["done": call.input]
        }
        let failed = await sim.run(input: [1, 2, 3])
        #expect(failed.status == .failed)
        #expect(failed.error == "States.ExceedToleratedFailureThreshold")
        let run = try #require(failed.mapRuns.first)
        #expect(run.status == "FAILED")
        #expect(run.childOutputs == [0: ["done": 1], 2: ["done": 3]])

        sim.handle(state: "T") { call in ["done": call.input] }
        let redriven = try await sim.redrive(failed)
        #expect(redriven.status == .succeeded)
        #expect(wellFormed(redriven))
        #expect(redriven.output == [["done": 1], ["done": 2], ["done": 3]])
        // Only the child that failed runs again, in the same Map Run.
        #expect(redriven.calls(to: "T") == [2])
        let redrivenRun = try #require(redriven.history.first { $0.type == .mapRunRedriven })
        #expect(redrivenRun[detail: "mapRunArn"]?.apiValue.stringValue == run.mapRunArn)
        #expect(redrivenRun[detail: "redriveCount"]?.apiValue == 1)
        #expect(
            eventsAfterRedrive(redriven) == [
                "MapRunRedriven", "MapRunSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded",
            ])
        #expect(redriven.mapRuns.first?.redriveCount == 1)
        #expect(redriven.mapRuns.first?.succeeded == 3)
    }

    @Test func nestedBranchesContinueWhereTheyStoppedAcrossSeveralRedrives() async throws {
        let asl = #"""
            {"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "a", "End": true}}},
              {"StartAt": "Items", "States": {"Items": {"Type": "Map", "ItemsPath": "$.items", "Next": "Last",
                 "ItemProcessor": {"StartAt": "Step1", "States": {
                   "Step1": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:one", "Next": "Step2"},
                   "Step2": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:two", "End": true}}}},
                 "Last": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:last", "End": true}}}]}}}
            """#
        var options = Simulator.Options()
        options.concurrent = false
        var sim = try Simulator(aslJSON: asl, options: options)
        sim.handle(state: "Step1") { call in call.input }
        sim.handle(state: "Step2") { call in
            if call.input == "q" { throw Unavailable() }
            return .string("two-\(call.input.stringValue ?? "")")
        }
        sim.handle(state: "Last") { _ in throw Unavailable() }
        let failed = await sim.run(input: ["items": ["p", "q"]])
        #expect(failed.status == .failed)
        #expect(failed.taskCalls.map(\.stateName) == ["Step1", "Step2", "Step1", "Step2"])

        // First redrive: the failed iteration's Step2 succeeds; Last still fails.
        sim.handle(state: "Step2") { call in .string("two-\(call.input.stringValue ?? "")") }
        let first = try await sim.redrive(failed)
        #expect(first.status == .failed)
        #expect(first.taskCalls.map(\.stateName) == ["Step2", "Last"])
        #expect(first.calls(to: "Step2") == ["q"])
        #expect(wellFormed(first))
        // Step2's new call follows the entered event of the iteration's Step2 that failed.
        let step2Entered = try #require(failed.history.last { $0.type == .taskStateEntered && $0.stateName == "Step2" })
        let mapEntered = try #require(failed.history.first { $0.type == .mapStateEntered })
        // The iteration starts again after the Map's entered event; Step2's new call follows the
        // entered event of the Step2 that failed.
        let continued = first.history[(failed.history.count + 1)...]
        #expect(continued.first?.type == .mapIterationStarted)
        #expect(continued.first?.previousEventId == mapEntered.id)
        #expect(continued.dropFirst().first?.previousEventId == step2Entered.id)

        // Second redrive: only Last runs, with the Map's output.
        sim.handle(state: "Last") { call in call.input }
        let second = try await sim.redrive(first)
        #expect(second.status == .succeeded)
        #expect(wellFormed(second))
        #expect(second.taskCalls.map(\.stateName) == ["Last"])
        #expect(second.output == ["a", ["two-p", "two-q"]])
        #expect(second.redriveCount == 2)
    }

    @Test func anExecutionStoppedWhileAStateRanContinuesFromThatState() async throws {
        let asl = #"""
            {"StartAt": "Prepare", "States": {
              "Prepare": {"Type": "Pass", "Result": 1, "Next": "Approve"},
              "Approve": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:approve", "End": true}}}
            """#
        var sim = try Simulator(aslJSON: asl)
        sim.handle(state: "Approve") { _ in throw Unavailable() }
        let full = await sim.run()
        // A history as a server keeps it when StopExecution ends a run while Approve waits: the
        // events so far, then ExecutionAborted.
        var stopped = Array(full.history.prefix { $0.type != .lambdaFunctionFailed })
        let last = try #require(stopped.last)
        #expect(last.type == .lambdaFunctionStarted)
        stopped.append(
            HistoryEvent(
                id: last.id + 1, previousEventId: last.id, timestamp: last.timestamp, type: .executionAborted,
                details: []))
        let aborted = Execution(history: stopped)
        #expect(aborted.status == .aborted)

        sim.handle(state: "Approve") { call in ["approved": call.input] }
        let redriven = try await sim.redrive(aborted)
        #expect(redriven.status == .succeeded)
        #expect(wellFormed(redriven))
        #expect(redriven.output == ["approved": 1])
        #expect(redriven.taskCalls.map(\.stateName) == ["Approve"])
    }

    @Test func aChoiceDecidesAgainAndAWaitForATimestampPastEndsAtOnce() async throws {
        // The Choice matched no rule; redriven, it reads the redrive count.
        let choice = #"""
            {"StartAt": "Route", "States": {
              "Route": {"Type": "Choice",
                        "Choices": [{"Variable": "$$.Execution.RedriveCount", "NumericGreaterThanEquals": 1, "Next": "Done"}]},
              "Done": {"Type": "Succeed"}}}
            """#
        let routed = try Simulator(aslJSON: choice)
        let unmatched = await routed.run()
        #expect(unmatched.error == "States.NoChoiceMatched")
        let decided = try await routed.redrive(unmatched)
        #expect(decided.status == .succeeded)
        #expect(
            eventsAfterRedrive(decided) == [
                "ChoiceStateExited", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded",
            ])

        // The execution timed out waiting for a timestamp that has passed by the redrive.
        let wait = #"""
            {"TimeoutSeconds": 10, "StartAt": "Until", "States": {
              "Until": {"Type": "Wait", "Timestamp": "2026-01-01T00:00:30Z", "End": true}}}
            """#
        let waiting = try Simulator(aslJSON: wait)
        let timedOut = await waiting.run()
        #expect(timedOut.status == .timedOut)
        #expect(timedOut.duration == 10)
        let later = timedOut.stopDate.addingTimeInterval(3600)
        let redriven = try await waiting.redrive(timedOut, at: later)
        #expect(redriven.status == .succeeded)
        #expect(redriven.stopDate == later)
    }

    @Test func aRunStoppedInTheMiddleOfAParallelRunsItsBranchesAgain() async throws {
        // A server restart interrupted the run while the Parallel ran: its history shows the
        // Parallel started, not its branches (they are recorded when it ends).
        let asl = #"""
            {"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "X", "States": {"X": {"Type": "Pass", "Result": "x", "End": true}}},
              {"StartAt": "Y", "States": {"Y": {"Type": "Pass", "Result": "y", "End": true}}}]}}}
            """#
        let sim = try Simulator(aslJSON: asl)
        let full = await sim.run()
        var cut = Array(full.history.prefix { $0.type != .passStateEntered })
        let last = try #require(cut.last)
        #expect(last.type == .parallelStateStarted)
        cut.append(
            HistoryEvent(
                id: last.id + 1, previousEventId: last.id, timestamp: last.timestamp, type: .executionFailed,
                details: [("error", .value("States.Runtime")), ("cause", .value("interrupted"))]))
        let redriven = try await sim.redrive(Execution(history: cut))
        #expect(redriven.status == .succeeded)
        #expect(redriven.output == ["x", "y"])
        #expect(wellFormed(redriven))
    }

    @Test func aRunStoppedRightAfterAChoiceDecidesAgain() async throws {
        let asl = #"""
            {"StartAt": "Route", "States": {
              "Route": {"Type": "Choice", "Default": "Work",
                        "Choices": [{"Variable": "$.skip", "BooleanEquals": true, "Next": "Done"}]},
              "Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work", "Next": "Done"},
              "Done": {"Type": "Succeed"}}}
            """#
        var sim = try Simulator(aslJSON: asl)
        sim.handle(state: "Work") { _ in throw Unavailable() }
        let full = await sim.run(input: ["skip": false])
        // Stopped between the Choice's exit and the next state's entry.
        var cut = Array(full.history.prefix { $0.type != .taskStateEntered })
        let last = try #require(cut.last)
        #expect(last.type == .choiceStateExited)
        cut.append(
            HistoryEvent(
                id: last.id + 1, previousEventId: last.id, timestamp: last.timestamp, type: .executionAborted,
                details: []))
        let first = try await sim.redrive(Execution(history: cut))
        #expect(first.status == .failed)
        #expect(eventsAfterRedrive(first).first == "ChoiceStateExited")
        #expect(wellFormed(first))

        sim.handle(state: "Work") { _ in "worked" }
        let second = try await sim.redrive(first)
        #expect(second.status == .succeeded)
        #expect(second.taskCalls.map(\.stateName) == ["Work"])
        #expect(!eventsAfterRedrive(second).contains("ChoiceStateExited"))
    }

    @Test func branchesThatRunConcurrentlyAreRedrivenAlike() async throws {
        // Asynchronous handlers: the branches and iterations run as child tasks.
        let asl = #"""
            {"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true, "MaxConcurrency": 2,
                 "ItemProcessor": {"StartAt": "T", "States": {
                   "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:t", "End": true}}}}}},
              {"StartAt": "U", "States": {
                 "U": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:u", "End": true}}}]}}}
            """#
        var sim = try Simulator(aslJSON: asl)
        sim.handle(state: "T") { call async throws -> JSONValue in
            await Task.yield()
            if call.input == 2 { throw Unavailable() }
            return call.input
        }
        sim.handle(state: "U") { _ async throws -> JSONValue in
            await Task.yield()
            throw Unavailable()
        }
        let failed = await sim.run(input: [1, 2, 3])
        #expect(failed.status == .failed)
        #expect(wellFormed(failed))

        sim.handle(state: "T") { call async throws -> JSONValue in
            await Task.yield()
            return call.input
        }
        sim.handle(state: "U") { _ async throws -> JSONValue in
            await Task.yield()
            return "u"
        }
        let redriven = try await sim.redrive(failed)
        #expect(redriven.status == .succeeded)
        #expect(wellFormed(redriven))
        #expect(redriven.output == [[1, 2, 3], "u"])
        // Iteration 0 succeeded before; what failed or never ran runs again.
        #expect(!redriven.calls(to: "T").contains(1))
        #expect(redriven.calls(to: "U").count == 1)
    }

    @Test func whatCannotBeRedriven() async throws {
        var sim = try Simulator(aslJSON: Self.chain)
        sim.handle(state: "Charge") { _ in throw Unavailable() }
        let failed = await sim.run()
        let late = failed.stopDate.addingTimeInterval(Execution.redrivablePeriod + 1)
        #expect(failed.redriveStatusReason(at: late) == "Execution redrivable period exceeded.")
        await #expect(throws: RedriveError(reason: "Execution redrivable period exceeded.")) {
            _ = try await sim.redrive(failed, at: late)
        }
        let running = Execution(history: Array(failed.history.dropLast()))
        #expect(running.status == .running)
        #expect(running.redriveStatusReason(at: failed.stopDate) == "Execution is RUNNING and cannot be redriven")

        // An execution that filled its history cannot take the events of a redrive.
        var limited = Simulator.Options()
        limited.historyEventLimit = 6
        var small = try Simulator(aslJSON: Self.chain, options: limited)
        small.handle(state: "Charge") { _ in [:] }
        small.handle(state: "Ship") { _ in [:] }
        let full = await small.run()
        #expect(full.status == .failed)
        #expect(full.redriveStatusReason(at: full.stopDate) == "Execution history event limit exceeded.")

        var express = Simulator.Options()
        express.stateMachineType = .express
        let expressSim = try Simulator(aslJSON: Self.chain, options: express)
        await #expect(throws: RedriveError.self) { _ = try await expressSim.redrive(failed) }
    }
}
