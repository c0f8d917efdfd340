import Foundation
import HTTPTestSupport
import JSONCore
import Testing

/// The AWS CLI drives a seed workflow through `sfn serve` end to end: the e-commerce order with a
/// human approval (its Lambda tasks answered by a mock test case, the approval by the client).
///
/// Needs the `aws` command: CI installs it and sets `SFN_REQUIRE_AWS_CLI=1`, which turns a missing
/// CLI into a failure; elsewhere the suite is skipped when the CLI is missing, and says so.
@Suite(
    "sfn serve: the AWS CLI drives the e-commerce approval workflow",
    .enabled(if: AWSCLI.available || AWSCLI.required, "the aws command is not installed"))
struct AWSCLITests {
    static let mockConfig = #"""
        {"StateMachines": {"ecommerce-approval": {"TestCases": {"Approved": {
            "ValidateOrder": "Ok", "CheckInventory": "Ok", "FraudCheck": "Ok",
            "ChargePayment": "Ok", "SendConfirmation": "Ok"}}}},
         "MockedResponses": {"Ok": {"0": {"Return": {"orderId": "o-1", "total": 42, "ok": true}}}}}
        """#

    @Test func createStartDescribeHistoryAndApprove() async throws {
        try #require(AWSCLI.available, "SFN_REQUIRE_AWS_CLI is set but the aws command is missing")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let mocks = directory.appendingPathComponent("mocks.json")
        try Self.mockConfig.write(to: mocks, atomically: true, encoding: .utf8)
        // The server and the CLI are child processes waited for on threads of their own, never on
        // the cooperative pool: a test blocking a pool thread for 40 s starves every suite running
        // in parallel (the HTTP tests' handlers then miss their clients' read timeouts).
        let server = try await offPool {
            try ServeProcess(["--account-id", "111111111111", "--mock-config", mocks.path])
        }
        let cli = AWSCLI(port: server.port)

        let definition = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples/ECommerce/Goldens/ecommerce-approval.asl.json")
        let created = try await cli.run(
            "create-state-machine", "--name", "ecommerce-approval", "--definition", "file://\(definition.path)",
            "--role-arn", "arn:aws:iam::111111111111:role/sfn")
        let machine = try #require(created["stateMachineArn"]?.stringValue)
        #expect(machine == "arn:aws:states:us-east-1:111111111111:stateMachine:ecommerce-approval")

        let started = try await cli.run(
            "start-execution", "--state-machine-arn", machine + "#Approved", "--name", "order-1",
            "--input", #"{"orderId": "o-1", "total": 42}"#)
        let execution = try #require(started["executionArn"]?.stringValue)
        #expect(execution.hasSuffix(":execution:ecommerce-approval:order-1"))

        // The approval request's token is in WaitForApproval's TaskScheduled event, where a test
        // reads it instead of the approvals queue.
        var token: String?
        let deadline = Date().addingTimeInterval(30)
        while token == nil && Date() < deadline {
            let history = try await cli.run("get-execution-history", "--execution-arn", execution)
            for event in history["events"]?.arrayValue ?? [] where event["type"] == "TaskScheduled" {
                let parameters = event["taskScheduledEventDetails"]?["parameters"]?.stringValue ?? "{}"
                token = try JSONParser.parse(parameters)["MessageBody"]?["TaskToken"]?.stringValue
            }
        }
        let waiting = try await cli.run("describe-execution", "--execution-arn", execution)
        #expect(waiting["status"] == "RUNNING")

        _ = try await cli.run(
            "send-task-success", "--task-token", try #require(token), "--task-output", #"{"approved": true}"#)
        var described = waiting
        while described["status"] == "RUNNING" && Date() < deadline {
            described = try await cli.run("describe-execution", "--execution-arn", execution)
        }
        #expect(described["status"] == "SUCCEEDED", "\(described)")
        let history = try await cli.run("get-execution-history", "--execution-arn", execution)
        let entered = (history["events"]?.arrayValue ?? []).compactMap {
            $0["stateEnteredEventDetails"]?["name"]?.stringValue
        }
        #expect(
            entered == [
                "ValidateOrder", "ParallelChecks", "CheckInventory", "FraudCheck", "WaitForApproval",
                "ProcessApproved", "ChargePayment", "SendConfirmation",
            ])
        let listed = try await cli.run("list-executions", "--state-machine-arn", machine)
        #expect(listed["executions"]?[0]?["status"] == "SUCCEEDED")
        #expect(try await offPool { server.stop() }, "sfn serve did not stop within 20 s of SIGTERM")
    }
}

extension AWSCLITests {
    /// Waits until an execution is no longer running and returns its description.
    static func ended(_ cli: AWSCLI, _ execution: String, until deadline: Date) async throws -> JSONValue {
        var described = try await cli.run("describe-execution", "--execution-arn", execution)
        while described["status"] == "RUNNING" && Date() < deadline {
            described = try await cli.run("describe-execution", "--execution-arn", execution)
        }
        return described
    }

    /// `aws stepfunctions redrive-execution` (the CLI sends a client token of its own): a callback
    /// nobody answers times out, the execution fails, and the redrive runs that task again.
    @Test func redriveAFailedExecution() async throws {
        try #require(AWSCLI.available, "SFN_REQUIRE_AWS_CLI is set but the aws command is missing")
        let server = try await offPool { try ServeProcess(["--account-id", "111111111111", "--clock", "virtual"]) }
        defer { server.stop() }
        let cli = AWSCLI(port: server.port)
        let definition = #"""
            {"StartAt": "Prepare", "States": {
              "Prepare": {"Type": "Pass", "Result": {"order": "o-7"}, "Next": "Approve"},
              "Approve": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                          "TimeoutSeconds": 1, "End": true,
                          "Parameters": {"QueueUrl": "approvals", "MessageBody": {"TaskToken.$": "$$.Task.Token"}}}}}
            """#
        let created = try await cli.run(
            "create-state-machine", "--name", "approval", "--definition", definition, "--role-arn",
            "arn:aws:iam::111111111111:role/sfn")
        let machine = try #require(created["stateMachineArn"]?.stringValue)
        let started = try await cli.run("start-execution", "--state-machine-arn", machine, "--name", "a-1")
        let execution = try #require(started["executionArn"]?.stringValue)
        let deadline = Date().addingTimeInterval(60)
        let failed = try await Self.ended(cli, execution, until: deadline)
        #expect(failed["status"] == "FAILED")
        #expect(failed["error"] == "States.Timeout")
        #expect(failed["redriveStatus"] == "REDRIVABLE")

        let redriven = try await cli.run("redrive-execution", "--execution-arn", execution)
        #expect(redriven["redriveDate"] != nil)
        let again = try await Self.ended(cli, execution, until: deadline)
        #expect(again["status"] == "FAILED")
        #expect(again["redriveCount"] == 1)
        #expect(again["redriveDate"] == redriven["redriveDate"])
        let history = try await cli.run("get-execution-history", "--execution-arn", execution)
        let types = (history["events"]?.arrayValue ?? []).compactMap { $0["type"]?.stringValue }
        #expect(
            types == [
                "ExecutionStarted", "PassStateEntered", "PassStateExited", "TaskStateEntered", "TaskScheduled",
                "TaskStarted", "TaskSubmitted", "TaskTimedOut", "ExecutionFailed", "ExecutionRedriven",
                "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskTimedOut", "ExecutionFailed",
            ])
    }
}

/// Runs `aws stepfunctions ...` against a local endpoint and reads its JSON answer.

/// The AWS CLI deploys a template to `sfn serve`'s CloudFormation stand-in and waits for it as for
/// AWS (`aws cloudformation wait` runs botocore's `stack_create_complete` and `stack_delete_complete`
/// waiters, the ones boto3 has).
@Suite(
    "sfn serve: the AWS CLI deploys a template and waits for the stack",
    .enabled(if: AWSCLI.available || AWSCLI.required, "the aws command is not installed"))
struct AWSCLICloudFormationTests {
    @Test func createWaitRunDeleteWait() async throws {
        try #require(AWSCLI.available, "SFN_REQUIRE_AWS_CLI is set but the aws command is missing")
        let server = try await offPool { try ServeProcess(["--account-id", "111111111111", "--clock", "virtual"]) }
        let cli = AWSCLI(port: server.port)
        let template = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("StepFunctionsCompilerTests/Templates/cfn-activity-and-machines.yaml")
        let created = try await cli.run(
            service: "cloudformation",
            [
                "create-stack", "--stack-name", "review", "--template-body", "file://\(template.path)",
                "--capabilities", "CAPABILITY_IAM",
            ])
        #expect(
            created["StackId"]?.stringValue?.hasPrefix("arn:aws:cloudformation:us-east-1:111111111111:stack/review/")
                == true)
        _ = try await cli.run(service: "cloudformation", ["wait", "stack-create-complete", "--stack-name", "review"])
        let stacks = try await cli.run(service: "cloudformation", ["describe-stacks", "--stack-name", "review"])
        #expect(stacks["Stacks"]?[0]?["StackStatus"] == "CREATE_COMPLETE")
        let machines = try await cli.run("list-state-machines")
        #expect(
            (machines["stateMachines"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }.sorted() == [
                "manual-review", "nightly-review-batch",
            ])
        let review = try await cli.run(
            "describe-state-machine", "--state-machine-arn",
            "arn:aws:states:us-east-1:111111111111:stateMachine:manual-review")
        let definition = try JSONParser.parse(review["definition"]?.stringValue ?? "")
        #expect(
            definition["States"]?["Wait For Reviewer"]?["Resource"]
                == "arn:aws:states:us-east-1:111111111111:activity:manual-review")

        _ = try await cli.run(service: "cloudformation", ["delete-stack", "--stack-name", "review"])
        _ = try await cli.run(service: "cloudformation", ["wait", "stack-delete-complete", "--stack-name", "review"])
        #expect(try await cli.run("list-state-machines")["stateMachines"] == [])
        #expect(try await cli.run("list-activities")["activities"] == [])
        #expect(try await offPool { server.stop() }, "sfn serve did not stop within 20 s of SIGTERM")
    }
}

/// Runs `aws stepfunctions ...` (or another service's command) against a local endpoint and reads
/// its JSON answer.
struct AWSCLI {
    let port: Int

    /// Whether the `aws` command is on the PATH.
    static let available: Bool = {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        return paths.contains { FileManager.default.isExecutableFile(atPath: "\($0)/aws") }
    }()

    /// Whether CI demands the CLI (a missing CLI then fails instead of skipping).
    static let required = ProcessInfo.processInfo.environment["SFN_REQUIRE_AWS_CLI"] == "1"

    /// Runs one command on a thread of its own; a non-zero exit is an error with the CLI's message.
    func run(_ arguments: String...) async throws -> JSONValue {
        try await run(service: "stepfunctions", arguments)
    }

    /// Runs one command of another service (the server's stand-ins) on a thread of its own.
    func run(service: String, _ arguments: [String]) async throws -> JSONValue {
        try await offPool { try runBlocking(service: service, arguments) }
    }

    /// Runs one command, blocking the calling thread until it exits.
    func runBlocking(service: String = "stepfunctions", _ arguments: [String]) throws -> JSONValue {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["aws", service, "--endpoint-url", "http://127.0.0.1:\(port)", "--output", "json"]
            + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ACCESS_KEY_ID"] = "local"
        environment["AWS_SECRET_ACCESS_KEY"] = "local"
        environment["AWS_DEFAULT_REGION"] = "us-east-1"
        environment["AWS_DISABLE_HOST_PREFIX_INJECTION"] = "true"
        environment["AWS_PAGER"] = ""
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ServeError("aws \(arguments.joined(separator: " ")): \(String(decoding: errors, as: UTF8.self))")
        }
        let text = String(decoding: data, as: UTF8.self)
        return text.isEmpty ? [:] : try JSONParser.parse(text)
    }
}
