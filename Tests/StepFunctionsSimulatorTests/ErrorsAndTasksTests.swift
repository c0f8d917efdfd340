import Foundation
import JSONCore
import StepFunctionsModel
import StepFunctionsSimulator
import Testing

@Suite struct RetryCatchTests {
    static let retrying = #"""
        {"StartAt": "T", "States": {
          "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f", "Payload.$": "$"},
            "Retry": [
              {"ErrorEquals": ["Custom.Never"], "MaxAttempts": 0},
              {"ErrorEquals": ["Flaky"], "IntervalSeconds": 3, "BackoffRate": 2.0, "MaxAttempts": 4, "MaxDelaySeconds": 10},
              {"ErrorEquals": ["States.ALL"], "MaxAttempts": 0}],
            "Catch": [{"ErrorEquals": ["Flaky"], "ResultPath": "$.error", "Next": "Caught"}],
            "End": true},
          "Caught": {"Type": "Pass", "End": true}}}
        """#

    @Test func backoffIsCappedByMaxDelayAndThenCaught() async throws {
        let execution = try await run(Self.retrying, input: ["x": 1]) { sim in
            sim.handle(state: "T") { _ in throw TaskError(error: "Flaky", cause: "try again") }
        }
        #expect(execution.status == .succeeded)
        #expect(execution.calls(to: "T").count == 5)
        // 3 + 6 + 10 (capped from 12) + 10 (capped from 24) seconds.
        #expect(execution.duration == 29)
        #expect(execution.output == ["x": 1, "error": ["Error": "Flaky", "Cause": "try again"]])
        let failed = execution.history.filter { $0.type == .taskFailed }
        #expect(failed.count == 5)
        #expect(execution.history.last?.type == .executionSucceeded)
    }

    @Test func maxAttemptsZeroNeverRetriesAndRetryCountIsVisible() async throws {
        let execution = try await run(Self.retrying) { sim in
            sim.handle(state: "T") { _ in throw TaskError(error: "Custom.Never") }
        }
        #expect(execution.status == .failed)
        #expect(execution.error == "Custom.Never")
        #expect(execution.calls(to: "T").count == 1)
    }

    @Test func fullJitterIsSeededAndWithinTheInterval() async throws {
        let asl = single(
            #"""
            {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f",
             "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 100, "MaxAttempts": 1, "JitterStrategy": "FULL"}],
             "End": true}
            """#)
        func once(seed: UInt64) async throws -> Double {
            var options = Simulator.Options()
            options.seed = seed
            return try await run(asl, options: options) { sim in
                sim.handle(state: "S") { call in
                    if call.retryCount == 0 { throw TaskError(error: "Boom") }
                    return ["retry": .int(call.retryCount)]
                }
            }.duration
        }
        let a = try await once(seed: 9)
        #expect(a == (try await once(seed: 9)))
        #expect(a >= 0 && a <= 100)
    }

    @Test func swiftErrorsAreNamedAfterTheirType() async throws {
        struct InventoryUnavailable: Error, CustomStringConvertible { var description: String { "sold out" } }
        let plain = try await run(single(#"{"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}"#))
        { sim in
            sim.handle(state: "S") { _ in throw InventoryUnavailable() }
        }
        #expect(plain.error == "InventoryUnavailable")
        #expect(plain.cause == "sold out")
        let lambda = try await run(
            single(#"{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true}"#)
        ) { sim in
            sim.handle(state: "S") { _ in throw InventoryUnavailable() }
        }
        #expect(lambda.error == "InventoryUnavailable")
        #expect(lambda.cause == #"{"errorMessage":"sold out","errorType":"InventoryUnavailable"}"#)
        #expect(lambda.history.map(\.type).contains(.lambdaFunctionFailed))
    }

    @Test func taskTimeoutAndHeartbeatInVirtualTime() async throws {
        let asl = single(
            #"""
            {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "TimeoutSeconds": 30, "HeartbeatSeconds": 10,
             "Catch": [{"ErrorEquals": ["States.HeartbeatTimeout"], "Next": "H"}], "End": true}
            """#
        ).replacingOccurrences(of: "}}}", with: #"}, "H": {"Type": "Pass", "End": true}}}"#)
        let slow = try await run(asl) { sim in
            sim.handle(state: "S") { call in
                for _ in 0..<4 {
                    call.elapse(seconds: 9)
                    call.heartbeat()
                }
                return [:]
            }
        }
        #expect(slow.status == .failed)
        #expect(slow.error == "States.Timeout")
        #expect(slow.duration == 30)
        #expect(slow.history.contains { $0.type == .taskTimedOut })
        let silent = try await run(asl) { sim in
            sim.handle(state: "S") { call in
                call.elapse(seconds: 15)
                return [:]
            }
        }
        #expect(silent.status == .succeeded)
        #expect(silent.output == ["Error": "States.HeartbeatTimeout", "Cause": ""])
    }

    @Test func dataLimitExceeded() async throws {
        let big = String(repeating: "x", count: 300_000)
        let execution = try await run(
            single(#"{"Type": "Pass", "Parameters": {"big.$": "$.big"}, "End": true}"#), input: ["big": .string(big)])
        #expect(execution.status == .failed)
        #expect(execution.error == "States.DataLimitExceeded")
    }

    /// Pass states adding a member each: the check of each output (settled from the input's bound
    /// while that is small, walked or measured after) fails first at the state whose output is over.
    @Test func dataLimitOfGrowingPassOutputs() async throws {
        var states: [String] = []
        for i in 0..<10 {
            let end = i == 9 ? #""End": true"# : #""Next": "S\#(i + 1)""#
            states.append(#""S\#(i)": {"Type": "Pass", "Result": 1234567890, "ResultPath": "$.r\#(i)", \#(end)}"#)
        }
        let asl = #"{"StartAt": "S0", "States": {\#(states.joined(separator: ", "))}}"#
        // k members: 16 k + 1 bytes; the 7th state's output is 113 bytes, the 8th's 129, the 10th's 161.
        for (limit, failing) in [(100, "S6"), (113, "S7"), (161, nil)] as [(Int, String?)] {
            var options = Simulator.Options()
            options.payloadSizeLimit = limit
            let execution = try await run(asl, options: options)
            if let failing {
                #expect(execution.error == "States.DataLimitExceeded")
                #expect(execution.cause?.contains("'\(failing)'") == true)
            } else {
                #expect(execution.status == .succeeded)
                #expect(execution.output.map { JSONWriter.compact.string($0).utf8.count } == 161)
            }
        }
    }

    /// A Parallel's output holds its branches' outputs, already checked: the check of the whole
    /// (which counts them at the bounds found then) and of the states passing it on still fails
    /// exactly when the compact text is over the quota.
    @Test func dataLimitOfNestedParallelOutputs() async throws {
        // Each inner Parallel outputs ["aaaaaaaaaa","aaaaaaaaaa"]: 27 bytes of compact JSON.
        func leaf(_ name: String) -> String {
            #"{"StartAt": "\#(name)", "States": {"\#(name)": {"Type": "Pass", "Result": "aaaaaaaaaa", "End": true}}}"#
        }
        func inner(_ i: Int) -> String {
            #"{"StartAt": "I\#(i)", "States": {"I\#(i)": {"Type": "Parallel", "Branches": [\#(leaf("L\(i)a")), "#
                + #"\#(leaf("L\(i)b"))], "Next": "J\#(i)"}, "J\#(i)": {"Type": "Pass", "End": true}}}"#
        }
        func outer(_ width: Int) -> String {
            let branches = (0..<width).map(inner).joined(separator: ", ")
            return #"{"StartAt": "O", "States": {"O": {"Type": "Parallel", "Branches": [\#(branches)], "Next": "P"}, "#
                + #""P": {"Type": "Pass", "End": true}}}"#
        }
        var options = Simulator.Options()
        options.payloadSizeLimit = 200
        // 2 x 27 + 3 = 57 bytes; 8 x 27 + 9 = 225 bytes, over 200.
        let fits = try await run(outer(2), options: options)
        #expect(fits.status == .succeeded)
        #expect(fits.output.map { JSONWriter.compact.string($0).utf8.count } == 57)
        let over = try await run(outer(8), options: options)
        #expect(over.status == .failed)
        #expect(over.error == "States.DataLimitExceeded")
        #expect(over.cause?.contains("'O'") == true)
        // At 225 bytes it fits, and so does the Pass state passing it on.
        options.payloadSizeLimit = 225
        let exact = try await run(outer(8), options: options)
        #expect(exact.status == .succeeded)
        #expect(exact.history.last { $0.type == .passStateExited }?.stateName == "P")
    }
}

@Suite struct TaskIntegrationTests {
    struct Order: Codable, Sendable {
        var id: String
        var amount: Int
    }
    struct Receipt: Codable, Sendable {
        var orderId: String
        var charged: Int
    }
    enum Step: String, StateName { case charge = "Charge" }

    @Test func codableHandlersWithTypedStateNames() async throws {
        let asl = single(
            #"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f", "Payload.$": "$"}, "OutputPath": "$.Payload", "End": true}"#
        )
        .replacingOccurrences(of: "\"S\"", with: "\"Charge\"")
        let execution = try await run(asl, input: ["id": "o-1", "amount": 12]) { sim in
            sim.handle(Step.charge) { (order: Order) -> Receipt in Receipt(orderId: order.id, charged: order.amount) }
        }
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["orderId": "o-1", "charged": 12])
    }

    @Test func lambdaInvokeWrapsThePayloadAndDirectArnsDoNot() async throws {
        let invoke = try await run(
            single(
                #"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f", "Payload": {"a": 1}}, "End": true}"#
            )
        ) { sim in
            sim.handle(state: "S") { call in call.input }
        }
        #expect(invoke.output?["Payload"] == ["a": 1])
        #expect(invoke.output?["StatusCode"] == 200)
        #expect(invoke.output?["ExecutedVersion"] == "$LATEST")
        let scheduled = try #require(invoke.history.first { $0.type == .taskScheduled })
        #expect(scheduled[detail: "resource"]?.apiValue == "invoke")
        #expect(scheduled[detail: "resourceType"]?.apiValue == "lambda")
        let direct = try await run(
            single(#"{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true}"#),
            input: ["a": 1]
        ) { sim in
            sim.handle(resource: "arn:aws:lambda:us-east-1:1:function:f") { call in call.input }
        }
        #expect(direct.output == ["a": 1])
        #expect(
            direct.history.map(\.type) == [
                .executionStarted, .taskStateEntered, .lambdaFunctionScheduled, .lambdaFunctionStarted,
                .lambdaFunctionSucceeded,
                .taskStateExited, .executionSucceeded,
            ])
    }

    @Test func unansweredTaskFailsClearly() async throws {
        let execution = try await run(
            single(#"{"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true}"#))
        #expect(execution.status == .failed)
        #expect(execution.error == "Simulator.NoHandler")
        #expect(execution.cause?.contains("'S'") == true)
    }

    @Test func nestedSyncExecutionRunsTheChildMachine() async throws {
        let parent = #"""
            {"StartAt": "Start", "States": {
              "Start": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync", "Parameters": {
                "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child", "Input": {"n.$": "$.n"}}, "Next": "Two"},
              "Two": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "Parameters": {
                "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child", "Input": {"n": 5}}, "End": true}}}
            """#
        let child = try Simulator(
            aslJSON: single(#"{"Type": "Pass", "Parameters": {"double.$": "States.MathAdd($.n, $.n)"}, "End": true}"#)
        ).definition
        let execution = try await run(parent, input: ["n": 2]) { sim in
            sim.register(childMachine: "Child", definition: child)
        }
        #expect(execution.status == .succeeded)
        let first = try #require(execution.output(of: "Start"))
        #expect(first["Output"] == #"{"double":4}"#)
        #expect(first["Status"] == "SUCCEEDED")
        #expect(execution.output?["Output"] == ["double": 10])
        #expect(execution.history.filter { $0.type == .taskSubmitted }.count == 2)
    }

    @Test func failedChildExecutionIsTaskFailedWithTheDescription() async throws {
        let parent = single(
            #"""
            {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync",
             "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:Child"}, "End": true}
            """#)
        let child = try Simulator(aslJSON: single(#"{"Type": "Fail", "Error": "Bad", "Cause": "child failed"}"#))
            .definition
        let execution = try await run(parent) { $0.register(childMachine: "Child", definition: child) }
        #expect(execution.error == "States.TaskFailed")
        let cause = try JSONParser.parse(execution.cause ?? "")
        #expect(cause["Error"] == "Bad")
        #expect(cause["Status"] == "FAILED")
    }

    @Test func aSyncChildRunningPastTheTasksTimeoutTimesTheTaskOut() async throws {
        let parent = single(
            #"""
            {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "TimeoutSeconds": 60,
             "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:Child"}, "End": true}
            """#)
        let slow = try Simulator(aslJSON: single(#"{"Type": "Wait", "Seconds": 3600, "End": true}"#)).definition
        let execution = try await run(parent) { $0.register(childMachine: "Child", definition: slow) }
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Timeout")
        let timedOut = try #require(execution.history.first { $0.type == .taskTimedOut })
        let submitted = try #require(execution.history.first { $0.type == .taskSubmitted })
        #expect(timedOut.timestamp.timeIntervalSince(submitted.timestamp) == 60)
        // Within the timeout it succeeds.
        let quick = try Simulator(aslJSON: single(#"{"Type": "Wait", "Seconds": 30, "End": true}"#)).definition
        #expect(try await run(parent) { $0.register(childMachine: "Child", definition: quick) }.status == .succeeded)
    }
}

@Suite struct MockConfigurationTests {
    static let config = #"""
        {"StateMachines": {"Orders": {"TestCases": {
            "HappyPath": {"Charge": "ChargeOk"},
            "Flaky": {"Charge": "ChargeFlaky"}}}},
         "MockedResponses": {
           "ChargeOk": {"0": {"Return": {"StatusCode": 200, "Payload": {"charged": true}}}},
           "ChargeFlaky": {"0-1": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}},
                           "2": {"Return": {"StatusCode": 200, "Payload": {"charged": "late"}}}}}}
        """#
    static let machine = #"""
        {"StartAt": "Charge", "States": {"Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "charge", "Payload.$": "$"}, "OutputPath": "$.Payload",
          "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "MaxAttempts": 5}], "End": true}}}
        """#

    @Test func testCasesAreSelectedByName() async throws {
        let config = try MockConfiguration(text: Self.config)
        var sim = try Simulator(aslJSON: Self.machine)
        try sim.useMocks(config, testCase: "HappyPath")
        #expect(await sim.run().output == ["charged": true])
        try sim.useMocks(config, testCase: "Flaky")
        let flaky = await sim.run()
        #expect(flaky.output == ["charged": "late"])
        #expect(flaky.retries(of: "Charge") == 2)
        #expect(throws: MockConfigurationError.self) { try sim.useMocks(config, testCase: "Nope") }
    }

    @Test func badFilesAreReportedWithTheirLocation() {
        #expect(throws: MockConfigurationError.self) {
            try MockConfiguration(text: #"{"MockedResponses": {"R": {"x": {"Return": 1}}}}"#)
        }
        #expect(throws: MockConfigurationError.self) {
            try MockConfiguration(text: #"{"MockedResponses": {"R": {"0": {}}}}"#)
        }
        #expect(throws: MockConfigurationError.self) { try MockConfiguration(text: "not json") }
    }
}

@Suite struct ClockAndTypeTests {
    @Test func realClockMeasuresHandlerTime() async throws {
        var options = Simulator.Options()
        options.clock = .real
        let asl = single(
            #"{"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "TimeoutSeconds": 1, "End": true}"#)
        let execution = try await run(asl, options: options) { sim in
            sim.handle(state: "S") { _ in
                try await Task.sleep(nanoseconds: 1_100_000_000)
                return [:]
            }
        }
        #expect(execution.error == "States.Timeout")
    }

    @Test func expressMachinesRefuseCallbackPatterns() async throws {
        var options = Simulator.Options()
        options.stateMachineType = .express
        let asl = single(
            #"{"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true}"#)
        let execution = try await run(asl, options: options)
        #expect(execution.error == "Simulator.InvalidDefinition")
        let pass = try await run(
            single(#"{"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id"}, "End": true}"#), options: options)
        #expect(
            pass.output?["id"]?.stringValue?.contains(":express:SimulatedStateMachine:simulated-execution:") == true)
    }

    @Test func filtersCompareWithTheDocumentRoot() async throws {
        let asl = single(#"{"Type": "Pass", "Parameters": {"r.$": "$.items[?(@.v >= $.min)].v"}, "End": true}"#)
        let execution = try await run(asl, input: ["min": 2, "items": [["v": 1], ["v": 2], ["v": 3]]])
        #expect(execution.output == ["r": [2, 3]])
    }
}
