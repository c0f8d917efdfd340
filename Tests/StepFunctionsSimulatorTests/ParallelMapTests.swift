import Foundation
import JSONCore
import StepFunctionsSimulator
import Synchronization
import Testing

@Suite struct ParallelMapTests {
    @Test func parallelBranchesRunConcurrentlyAndEndAtTheLatestClock() async throws {
        let asl = #"""
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}}},
              {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}}},
              {"StartAt": "C", "States": {"C": {"Type": "Wait", "Seconds": 20, "End": true}}}]}}}
            """#
        // A only returns once B has started: run one after the other, A would give up.
        let bStarted = Mutex(false)
        let execution = try await run(asl, input: ["v": 1]) { sim in
            sim.handle(state: "A") { _ in
                for _ in 0..<5_000 {
                    if bStarted.withLock({ $0 }) { return "a" }
                    try await Task.sleep(nanoseconds: 1_000_000)
                }
                throw TaskError(error: "NotConcurrent", cause: "branch B never started while A was running")
            }
            sim.handle(state: "B") { _ in
                bStarted.withLock { $0 = true }
                return "b"
            }
        }
        #expect(execution.status == .succeeded, "\(execution.cause ?? "")")
        #expect(execution.output == ["a", "b", ["v": 1]])
        #expect(execution.duration == 20)
        #expect(execution.history.map(\.type).contains(.parallelStateSucceeded))
        // Every id is unique and every previousEventId points backwards.
        #expect(Set(execution.history.map(\.id)).count == execution.history.count)
        #expect(execution.history.allSatisfy { $0.previousEventId < $0.id })
    }

    @Test func failingBranchReportsItsOwnErrorAndCanBeCaught() async throws {
        let asl = #"""
            {"StartAt": "P", "States": {
              "P": {"Type": "Parallel", "Next": "Done", "Branches": [
                {"StartAt": "Ok", "States": {"Ok": {"Type": "Pass", "End": true}}},
                {"StartAt": "Bad", "States": {"Bad": {"Type": "Fail", "Error": "BranchBroke", "Cause": "because"}}}],
                "Catch": [{"ErrorEquals": ["BranchBroke"], "ResultPath": "$.err", "Next": "Done"}]},
              "Done": {"Type": "Pass", "End": true}}}
            """#
        let execution = try await run(asl, input: ["k": 1])
        #expect(execution.output == ["k": 1, "err": ["Error": "BranchBroke", "Cause": "because"]])
        #expect(execution.history.map(\.type).contains(.parallelStateFailed))
        let uncaught = try await run(asl.replacingOccurrences(of: "\"BranchBroke\"],", with: "\"Other\"],"))
        #expect(uncaught.status == .failed)
        #expect(uncaught.error == "BranchBroke")
    }

    @Test func inlineMapHonoursMaxConcurrencyInVirtualTime() async throws {
        func asl(_ max: Int) -> String {
            #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": MAX, "ItemsPath": "$.xs",
              "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$", "End": true}}}, "End": true}}}
            """#.replacingOccurrences(of: "MAX", with: String(max))
        }
        let input: JSONValue = ["xs": [10, 10, 10, 10]]
        #expect(try await run(asl(1), input: input).duration == 40)
        #expect(try await run(asl(2), input: input).duration == 20)
        #expect(try await run(asl(0), input: input).duration == 10)
        let output = try await run(asl(2), input: input).output
        #expect(output == [10, 10, 10, 10])
    }

    @Test func mapIterationEventsFollowAWSOrder() async throws {
        let asl = #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 1,
              "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}
            """#
        let execution = try await run(asl, input: [1, 2])
        let summary = execution.history.map { "\($0.id):\($0.previousEventId):\($0.type.rawValue)" }
        #expect(
            summary == [
                "1:0:ExecutionStarted", "2:0:MapStateEntered", "3:2:MapStateStarted",
                "4:3:MapIterationStarted", "5:4:PassStateEntered", "6:5:PassStateExited", "7:6:MapIterationSucceeded",
                "8:6:MapIterationStarted", "9:8:PassStateEntered", "10:9:PassStateExited",
                "11:10:MapIterationSucceeded",
                "12:11:MapStateSucceeded", "13:11:MapStateExited", "14:13:ExecutionSucceeded",
            ])
        let json = try #require(execution.history.first { $0.type == .mapIterationStarted }?.json)
        #expect(json["mapIterationStartedEventDetails"] == ["index": 0, "name": "M"])
        let entered = try #require(execution.history[4].json["stateEnteredEventDetails"])
        #expect(entered["input"] == "1")
    }

    @Test func mapFailureStopsAndRetriesRestartTheMap() async throws {
        let asl = #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 1,
              "Retry": [{"ErrorEquals": ["Odd"], "MaxAttempts": 1, "IntervalSeconds": 1}],
              "ItemProcessor": {"StartAt": "C", "States": {
                "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "F"}], "Default": "P"},
                "F": {"Type": "Fail", "Error": "Odd"}, "P": {"Type": "Pass", "End": true}}}, "End": true}}}
            """#
        let execution = try await run(asl, input: [1, 2, 3])
        #expect(execution.status == .failed)
        #expect(execution.error == "Odd")
        #expect(execution.history.filter { $0.type == .mapStateStarted }.count == 2)
        #expect(execution.history.filter { $0.type == .mapIterationFailed }.count == 2)
        // Item 3 never starts after item 2 fails.
        #expect(execution.history.filter { $0.type == .mapIterationStarted }.count == 4)
    }

    @Test func distributedMapToleratesFailuresAndReadsCSVFromTheStore() async throws {
        let asl = #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ToleratedFailureCount": 1,
              "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                "Parameters": {"Bucket": "data", "Key": "orders.csv"}},
              "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"run": "r1"}},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                "StartAt": "Check", "States": {
                  "Check": {"Type": "Choice", "Choices": [{"Variable": "$.Items[0].id", "StringEquals": "3", "Next": "Bad"}], "Default": "Ok"},
                  "Bad": {"Type": "Fail", "Error": "BadOrder"}, "Ok": {"Type": "Pass", "End": true}}},
              "End": true}}}
            """#
        var sim = try Simulator(aslJSON: asl)
        sim.putObject(bucket: "data", key: "orders.csv", text: "id,amount\n1,10\n2,\"2,5\"\n3,7\n")
        let execution = await sim.run()
        #expect(execution.status == .succeeded)
        let output = try #require(execution.output?.arrayValue)
        #expect(output.count == 2)
        #expect(
            output[0] == [
                "BatchInput": ["run": "r1"], "Items": [["id": "1", "amount": "10"], ["id": "2", "amount": "2,5"]],
            ])
        // A tolerated failed child is its execution record (the ResultWriter page: a failed child's
        // result is as with Transformation NONE, and COMPACT is the default without a ResultWriter).
        #expect(output[1]["Error"] == "BadOrder")
        #expect(output[1]["Cause"] == nil)
        #expect(output[1]["Status"] == "FAILED")
        #expect(output[1]["Input"] == #"{"BatchInput":{"run":"r1"},"Items":[{"id":"3","amount":"7"}]}"#)
        #expect(execution.history.map(\.type).contains(.mapRunStarted))
        #expect(!execution.history.map(\.type).contains(.mapIterationStarted))

        let strict = try Simulator(aslJSON: asl.replacingOccurrences(of: "\"ToleratedFailureCount\": 1,", with: ""))
        var strictSim = strict
        strictSim.putObject(bucket: "data", key: "orders.csv", text: "id,amount\n1,10\n2,5\n3,7\n")
        let failed = await strictSim.run()
        #expect(failed.status == .failed)
        #expect(failed.error == "States.ExceedToleratedFailureThreshold")
        #expect(failed.history.map(\.type).contains(.mapRunFailed))
    }

    @Test func jsonLinesReaderAndResultWriter() async throws {
        let asl = #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map",
              "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL", "MaxItems": 2},
                "Parameters": {"Bucket": "b", "Key": "in.jsonl"}},
              "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "results"}},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"seen.$": "$.n"}, "End": true}}},
              "End": true}}}
            """#
        var sim = try Simulator(aslJSON: asl)
        sim.putObject(bucket: "b", key: "in.jsonl", text: "{\"n\": 1}\n{\"n\": 2}\n{\"n\": 3}\n")
        let execution = await sim.run()
        #expect(execution.status == .succeeded)
        let details = try #require(execution.output?["ResultWriterDetails"])
        #expect(details["Bucket"] == "out")
        let key = try #require(details["Key"]?.stringValue)
        #expect(key.hasPrefix("results/") && key.hasSuffix("/manifest.json"))
        let results = key.replacingOccurrences(of: "manifest.json", with: "SUCCEEDED_0.json")
        let file = try JSONParser.parse(
            try #require(execution.objectsWritten[ItemStore.Key(bucket: "out", key: results)]))
        #expect(file.arrayValue?.map { $0["Output"] } == [#"{"seen":1}"#, #"{"seen":2}"#])
    }

    @Test func missingItemReaderObjectIsItemReaderFailed() async throws {
        let asl = #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map",
              "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Key": "none.json"}},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}
            """#
        let execution = try await run(asl)
        #expect(execution.error == "States.ItemReaderFailed")
    }
}

@Suite struct AbortTests {
    @Test func aFailingBranchStopsASiblingWaitingForItsToken() async throws {
        let asl = #"""
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "Approve", "States": {"Approve": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"token.$": "$$.Task.Token"}, "End": true}}},
              {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Boom"}}}]}}}
            """#
        // The test holds the execution (start), so the approval could still come: only the
        // sibling's failure ends the wait, aborting it.
        let execution = await (try Simulator(aslJSON: asl)).start().result()
        #expect(execution.status == .failed)
        #expect(execution.error == "Boom")
        #expect(execution.history.map(\.type).contains(.taskStateAborted))
    }
}

extension AbortTests {
    @Test func aFailingFirstBranchStopsALaterWaitingSibling() async throws {
        let asl = #"""
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Boom"}}},
              {"StartAt": "Approve", "States": {"Approve": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"token.$": "$$.Task.Token"}, "End": true}}}]}}}
            """#
        let execution = await (try Simulator(aslJSON: asl)).start().result()
        #expect(execution.error == "Boom")
    }
}
