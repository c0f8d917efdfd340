import Foundation
import JSONCore
import StepFunctionsSimulator
import Testing

@testable import StepFunctionsServer

/// `states:startExecution` inside `sfn serve`: the child is an execution of the service's own
/// state machines (a version or an alias too), shown by its API, in every integration pattern.
@Suite("LocalStepFunctions: nested executions")
struct NestedExecutionTests {
    static let role = "arn:aws:iam::111111111111:role/r"
    static let prefix = "arn:aws:states:us-east-1:111111111111:"
    /// A child that answers with what it was given.
    static let echo = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"got.$":"$.n"},"End":true}}}"#

    static func create(_ s: LocalStepFunctions, _ name: String, _ definition: String, type: String = "STANDARD")
        async throws
    {
        _ = try await s.ok(
            "CreateStateMachine",
            [
                "name": .string(name), "definition": .string(definition), "roleArn": .string(Self.role),
                "type": .string(type),
            ])
    }

    /// Starts `machine` and waits for its end; its description.
    static func run(_ s: LocalStepFunctions, _ machine: String, input: String = "{}") async throws -> JSONValue {
        let started = try await s.ok(
            "StartExecution", ["stateMachineArn": .string(prefix + "stateMachine:" + machine), "input": .string(input)])
        return try await s.waitForEnd(try #require(started["executionArn"]?.stringValue))
    }

    /// A Task state that starts `machine` (an ARN's tail after `stateMachine:`) with `resource`'s pattern.
    static func task(
        _ state: String, _ resource: String, _ machine: String, name: String?, input: String, next: String?
    )
        -> String
    {
        let named = name.map { #", "Name": "\#($0)""# } ?? ""
        let transition = next.map { #""Next": "\#($0)""# } ?? #""End": true"#
        return #"""
            "\#(state)": {"Type": "Task", "Resource": "arn:aws:states:::states:\#(resource)",
              "Parameters": {"StateMachineArn": "\#(prefix)stateMachine:\#(machine)"\#(named), "Input": \#(input)},
              "ResultPath": "$.\#(state)", \#(transition)}
            """#
    }

    @Test func syncSync2AndRequestResponseRunTheChildAsAnExecutionOfTheService() async throws {
        let s = try ServiceTests.service()
        try await Self.create(s, "child", Self.echo)
        // The `.sync:2` call goes through an alias of version 1.
        _ = try await s.ok(
            "PublishStateMachineVersion", ["stateMachineArn": .string(Self.prefix + "stateMachine:child")])
        _ = try await s.ok(
            "CreateStateMachineAlias",
            [
                "name": "live",
                "routingConfiguration": [
                    ["stateMachineVersionArn": .string(Self.prefix + "stateMachine:child:1"), "weight": 100]
                ],
            ])
        let parent =
            #"{"StartAt": "Sync", "States": {"#
            + [
                Self.task("Sync", "startExecution.sync", "child", name: "one", input: #"{"n": 1}"#, next: "Sync2"),
                Self.task(
                    "Sync2", "startExecution.sync:2", "child:live", name: "two", input: #"{"n": 2}"#, next: "Plain"),
                Self.task("Plain", "startExecution", "child", name: nil, input: #""{\"n\": 3}""#, next: nil),
            ].joined(separator: ", ") + "}}"
        try await Self.create(s, "parent", parent)
        let done = try await Self.run(s, "parent")
        #expect(done["status"] == "SUCCEEDED", "\(done)")
        let output = try JSONParser.parse(try #require(done["output"]?.stringValue))

        // `.sync`: Input and Output as JSON text.
        let sync = try #require(output["Sync"])
        #expect(sync["ExecutionArn"]?.stringValue == Self.prefix + "execution:child:one")
        #expect(sync["Status"] == "SUCCEEDED")
        #expect(sync["Name"] == "one")
        #expect(sync["StateMachineArn"]?.stringValue == Self.prefix + "stateMachine:child")
        #expect(sync["Input"] == #"{"n":1}"#)
        #expect(sync["Output"] == #"{"got":1}"#)
        #expect(sync["OutputDetails"] == ["Included": true])
        #expect(sync["StartDate"]?.stringValue != nil && sync["StopDate"]?.stringValue != nil)
        // `.sync:2`: as JSON.
        let sync2 = try #require(output["Sync2"])
        #expect(sync2["ExecutionArn"]?.stringValue == Self.prefix + "execution:child:two")
        #expect(sync2["Input"] == ["n": 2])
        #expect(sync2["Output"] == ["got": 2])
        // Request-response: the start only (the Task named no execution: it gets a UUID).
        let plain = try #require(output["Plain"]?.objectValue)
        #expect(Set(plain.keys) == ["ExecutionArn", "StartDate"])
        let plainArn = try #require(plain["ExecutionArn"]?.stringValue)
        #expect(
            plainArn.hasPrefix(Self.prefix + "execution:child:")
                && plainArn.count == (Self.prefix + "execution:child:").count + 36)

        // The children are executions of the service: listed, described, with their history.
        let listed = try await s.ok("ListExecutions", ["stateMachineArn": .string(Self.prefix + "stateMachine:child")])
        let names = Set(listed["executions"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [])
        #expect(names == ["one", "two", String(plainArn.split(separator: ":").last ?? "")])
        let one = try await s.ok("DescribeExecution", ["executionArn": .string(Self.prefix + "execution:child:one")])
        #expect(one["status"] == "SUCCEEDED")
        #expect(one["input"] == #"{"n":1}"#)
        #expect(one["output"] == #"{"got":1}"#)
        let two = try await s.ok("DescribeExecution", ["executionArn": .string(Self.prefix + "execution:child:two")])
        #expect(two["stateMachineAliasArn"]?.stringValue == Self.prefix + "stateMachine:child:live")
        #expect(two["stateMachineVersionArn"]?.stringValue == Self.prefix + "stateMachine:child:1")
        let plainDone = try await s.waitForEnd(plainArn)
        #expect(plainDone["input"] == #"{"n": 3}"#)
        #expect(plainDone["output"] == #"{"got":3}"#)

        // The parent's TaskSubmitted names the child that ran.
        let history = try await s.ok("GetExecutionHistory", ["executionArn": done["executionArn"] ?? ""])
        let submitted = history["events"]?.arrayValue?.first { $0["type"] == "TaskSubmitted" }
        let submittedOutput = try JSONParser.parse(
            try #require(submitted?["taskSubmittedEventDetails"]?["output"]?.stringValue))
        #expect(submittedOutput["ExecutionArn"]?.stringValue == Self.prefix + "execution:child:one")
    }

    @Test func anUnnamedSyncChildIsTheOneItsTaskSubmittedEventNames() async throws {
        let s = try ServiceTests.service()
        try await Self.create(s, "child", Self.echo)
        try await Self.create(
            s, "parent",
            "{\"StartAt\": \"Sync\", \"States\": {"
                + Self.task("Sync", "startExecution.sync", "child", name: nil, input: #"{"n": 5}"#, next: nil) + "}}")
        let done = try await Self.run(s, "parent")
        let output = try JSONParser.parse(try #require(done["output"]?.stringValue))
        let arn = try #require(output["Sync"]?["ExecutionArn"]?.stringValue)
        let history = try await s.ok("GetExecutionHistory", ["executionArn": done["executionArn"] ?? ""])
        let submitted = history["events"]?.arrayValue?.first { $0["type"] == "TaskSubmitted" }
        let submittedOutput = try JSONParser.parse(
            try #require(submitted?["taskSubmittedEventDetails"]?["output"]?.stringValue))
        #expect(submittedOutput["ExecutionArn"]?.stringValue == arn)
        #expect(try await s.ok("DescribeExecution", ["executionArn": .string(arn)])["output"] == #"{"got":5}"#)
    }

    @Test func aChildThatFailsOrDoesNotExistFailsTheTask() async throws {
        let s = try ServiceTests.service()
        try await Self.create(
            s, "boom", #"{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","Cause":"bad"}}}"#)
        try await Self.create(
            s, "parent",
            "{\"StartAt\": \"Sync\", \"States\": {"
                + Self.task("Sync", "startExecution.sync", "boom", name: "b", input: "{}", next: nil) + "}}")
        let failed = try await Self.run(s, "parent")
        #expect(failed["status"] == "FAILED")
        #expect(failed["error"] == "States.TaskFailed")
        let cause = try JSONParser.parse(try #require(failed["cause"]?.stringValue))
        #expect(cause["Status"] == "FAILED")
        #expect(cause["Error"] == "Boom")
        #expect(cause["Cause"] == "bad")
        #expect(cause["ExecutionArn"]?.stringValue == Self.prefix + "execution:boom:b")

        try await Self.create(
            s, "orphan",
            "{\"StartAt\": \"Sync\", \"States\": {"
                + Self.task("Sync", "startExecution.sync:2", "nobody", name: nil, input: "{}", next: nil) + "}}")
        let missing = try await Self.run(s, "orphan")
        #expect(missing["status"] == "FAILED")
        #expect(missing["error"] == "StepFunctions.StateMachineDoesNotExistException")
        #expect(
            missing["cause"]?.stringValue?.hasPrefix(
                "State Machine Does Not Exist: '\(Self.prefix)stateMachine:nobody'") == true)
    }

    @Test func anExpressChildRunsToItsEndForASyncTask() async throws {
        let s = try ServiceTests.service()
        try await Self.create(s, "fast", Self.echo, type: "EXPRESS")
        try await Self.create(
            s, "parent",
            "{\"StartAt\": \"Sync\", \"States\": {"
                + Self.task("Sync", "startExecution.sync:2", "fast", name: "f", input: #"{"n": 7}"#, next: nil) + "}}")
        let done = try await Self.run(s, "parent")
        #expect(done["status"] == "SUCCEEDED", "\(done)")
        let output = try JSONParser.parse(try #require(done["output"]?.stringValue))
        #expect(output["Sync"]?["Output"] == ["got": 7])
        #expect(output["Sync"]?["ExecutionArn"]?.stringValue?.hasPrefix(Self.prefix + "express:fast:f:") == true)
    }

    @Test func aWaitForTaskTokenChildAnswersItsParent() async throws {
        let s = try ServiceTests.service()
        // The child answers its parent with the SDK integration, as a real child would.
        try await Self.create(
            s, "helper",
            #"""
            {"StartAt":"Answer","States":{"Answer":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:sfn:sendTaskSuccess",
             "Parameters":{"TaskToken.$":"$.token","Output":"{\"from\":\"child\"}"},"End":true}}}
            """#)
        try await Self.create(
            s, "parent",
            "{\"StartAt\": \"Call\", \"States\": {"
                + Self.task(
                    "Call", "startExecution.waitForTaskToken", "helper", name: "h",
                    input: #"{"token.$": "$$.Task.Token"}"#, next: nil) + "}}")
        let done = try await Self.run(s, "parent")
        #expect(done["status"] == "SUCCEEDED", "\(done)")
        #expect(try JSONParser.parse(try #require(done["output"]?.stringValue))["Call"] == ["from": "child"])
        #expect(try await s.waitForEnd(Self.prefix + "execution:helper:h")["status"] == "SUCCEEDED")
    }

    /// Starts `parent`, whose Task `Sync` waits for the child `slow:s`; returns the parent's ARN once
    /// the child runs and the parent waits for it.
    static func startWaitingParent(_ s: LocalStepFunctions, timeoutSeconds: Int? = nil) async throws -> String {
        try await Self.create(s, "slow", #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}"#)
        var task = Self.task("Sync", "startExecution.sync", "slow", name: "s", input: "{}", next: nil)
        if let timeoutSeconds {
            task = task.replacingOccurrences(
                of: "\"Type\": \"Task\",", with: "\"Type\": \"Task\", \"TimeoutSeconds\": \(timeoutSeconds),")
        }
        try await Self.create(s, "parent", "{\"StartAt\": \"Sync\", \"States\": {" + task + "}}")
        let started = try await s.ok(
            "StartExecution", ["stateMachineArn": .string(Self.prefix + "stateMachine:parent")])
        let parentArn = try #require(started["executionArn"]?.stringValue)
        var waiting = false
        for _ in 0..<400 where !waiting {
            waiting = s.data.withLock { $0.endWaiters[Self.prefix + "execution:slow:s"]?.count == 1 }
            if !waiting { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(waiting)
        return parentArn
    }

    @Test func stoppingTheParentStopsItsSyncChild() async throws {
        let s = try ServiceTests.service { $0.clock = .real }
        let parentArn = try await Self.startWaitingParent(s)
        let childArn = Self.prefix + "execution:slow:s"
        #expect(try await s.ok("DescribeExecution", ["executionArn": .string(childArn)])["status"] == "RUNNING")
        _ = try await s.ok("StopExecution", ["executionArn": .string(parentArn)])
        #expect(try await s.waitForEnd(parentArn)["status"] == "ABORTED")
        // AWS stops the child of an abandoned `.sync` Task; the parent's record no longer changes.
        let child = try await s.waitForEnd(childArn)
        #expect(child["status"] == "ABORTED")
        #expect(s.data.withLock { $0.endWaiters.isEmpty })
        let parent = try await s.ok("DescribeExecution", ["executionArn": .string(parentArn)])
        #expect(parent["status"] == "ABORTED")
        let history = try await s.ok("GetExecutionHistory", ["executionArn": .string(parentArn), "reverseOrder": true])
        #expect(history["events"]?[0]?["type"] == "ExecutionAborted")
        s.shutdown()
    }

    @Test func aSyncTaskThatTimesOutStopsItsChild() async throws {
        let s = try ServiceTests.service { $0.clock = .real }
        let parentArn = try await Self.startWaitingParent(s, timeoutSeconds: 1)
        let parent = try await s.waitForEnd(parentArn)
        #expect(parent["status"] == "FAILED")
        #expect(parent["error"] == "States.Timeout")
        #expect(try await s.waitForEnd(Self.prefix + "execution:slow:s")["status"] == "ABORTED")
        s.shutdown()
    }

    @Test func onTheVirtualClockASyncTaskTimesOutWhenItsChildRunsPastTheTimeout() async throws {
        let s = try ServiceTests.service()
        try await Self.create(s, "slow", #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}"#)
        let task = Self.task("Sync", "startExecution.sync", "slow", name: "s", input: "{}", next: nil)
            .replacingOccurrences(of: "\"Type\": \"Task\",", with: "\"Type\": \"Task\", \"TimeoutSeconds\": 60,")
        try await Self.create(s, "parent", "{\"StartAt\": \"Sync\", \"States\": {" + task + "}}")
        let parent = try await Self.run(s, "parent")
        #expect(parent["status"] == "FAILED")
        #expect(parent["error"] == "States.Timeout")
        s.shutdown()
    }

    @Test func shuttingDownLeavesASyncChildRunning() async throws {
        let s = try ServiceTests.service { $0.clock = .real }
        _ = try await Self.startWaitingParent(s)
        s.shutdown()
        try await Task.sleep(for: .milliseconds(50))
        let child = s.data.withLock { $0.executions[Self.prefix + "execution:slow:s"]?.status }
        #expect(child == .running)
    }

    @Test func shuttingDownReleasesEveryWait() async throws {
        let s = try ServiceTests.service { $0.clock = .real }
        try await Self.create(s, "slow", #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}"#)
        _ = try await s.ok(
            "StartExecution", ["stateMachineArn": .string(Self.prefix + "stateMachine:slow"), "name": "x"])
        let waiter = Task { await s.ended(Self.prefix + "execution:slow:x") }
        var waiting = false
        for _ in 0..<400 where !waiting {
            waiting = s.data.withLock { !$0.endWaiters.isEmpty }
            if !waiting { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(waiting)
        s.shutdown()
        #expect(await waiter.value == nil)
        // A cancelled wait ends too.
        let other = try ServiceTests.service { $0.clock = .real }
        try await Self.create(
            other, "slow", #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}"#)
        _ = try await other.ok(
            "StartExecution", ["stateMachineArn": .string(Self.prefix + "stateMachine:slow"), "name": "y"])
        let cancelled = Task { await other.ended(Self.prefix + "execution:slow:y") }
        cancelled.cancel()
        #expect(await cancelled.value == nil)
        #expect(other.data.withLock { $0.endWaiters.isEmpty })
        other.shutdown()
    }
}
