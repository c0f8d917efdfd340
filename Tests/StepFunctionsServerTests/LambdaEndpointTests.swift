import Foundation
import HTTPServer
import HTTPTestSupport
import JSONCore
import StepFunctionsSimulator
import Testing

@testable import StepFunctionsServer

/// `sfn serve --lambda-endpoint URL`: Lambda tasks that no mock answers go to a local Lambda
/// Invoke endpoint (as `sam local start-lambda` serves it), here a scripted one on 127.0.0.1.
@Suite("LocalStepFunctions: Lambda tasks sent to a local Lambda endpoint")
struct LambdaEndpointTests {
    static let account = "111111111111"
    static let role = "arn:aws:iam::111111111111:role/r"

    /// A stand-in for `sam local start-lambda`: functions by name, every request recorded.
    ///
    /// `Echo` returns its payload; `Fail` raises `ValueError` (`X-Amz-Function-Error`, as sam
    /// answers a function's error); `Crash` fails without an `errorType`; `Slow` echoes after
    /// 200 ms; `Gather` echoes once `gathered` calls are in flight together (`true`) or after 20 s
    /// (`false`); any other name is answered as sam answers an unknown function (404).
    final class FakeLambda: Sendable {
        static let failure = #"{"errorMessage": "bad input", "errorType": "ValueError", "stackTrace": []}"#
        static let gathered = 40
        let received = Locked([HTTPRequest]())
        private let server: HTTPServer
        let port: Int

        init() throws {
            let received = received
            let barrier = Barrier(count: Self.gathered)
            var configuration = HTTPServer.Configuration()
            configuration.handlerPriority = testHandlerPriority
            server = HTTPServer(configuration: configuration) { request in
                received.withLock { $0.append(request) }
                let parts = request.path.split(separator: "/")
                guard request.method == "POST", parts.count == 4, parts[0] == "2015-03-31", parts[1] == "functions",
                    parts[3] == "invocations"
                else { return HTTPResponse(status: 404, text: "no such path") }
                let json: HTTPHeaders = ["Content-Type": "application/json"]
                switch parts[2] {
                case "Echo":
                    return HTTPResponse(headers: json, body: request.body)
                case "Slow":
                    try? await Task.sleep(for: .milliseconds(200))
                    return HTTPResponse(headers: json, body: request.body)
                case "Gather":
                    let together = await barrier.arrive()
                    return HTTPResponse(headers: json, text: #"{"together": \#(together)}"#)
                case "Fail":
                    return HTTPResponse(
                        headers: ["Content-Type": "application/json", "X-Amz-Function-Error": "Unhandled"],
                        text: Self.failure)
                case "Crash":
                    return HTTPResponse(
                        headers: ["Content-Type": "application/json", "X-Amz-Function-Error": "Unhandled"],
                        text: #"{"errorMessage": "Task timed out after 3.00 seconds"}"#)
                case let name:
                    return HTTPResponse(
                        status: 404,
                        headers: ["Content-Type": "application/json", "x-amzn-errortype": "ResourceNotFound"],
                        text:
                            #"{"Type": "User", "Message": "Function not found: arn:aws:lambda:us-west-2:012345678901:function:\#(name)"}"#
                    )
                }
            }
            port = try server.start()
        }

        var url: String { "http://127.0.0.1:\(port)" }

        func shutdown() async { await server.shutdown() }
    }

    /// A service on the virtual clock whose Lambda tasks go to `endpoint`.
    static func service(
        _ endpoint: String, _ configure: (inout ServiceOptions) -> Void = { _ in }
    ) throws -> LocalStepFunctions {
        var options = ServiceOptions()
        options.accountId = account
        options.clock = .virtual
        options.lambdaEndpoint = endpoint
        configure(&options)
        return try LocalStepFunctions(options: options)
    }

    /// Creates an EXPRESS machine and runs it synchronously.
    static func run(
        _ s: LocalStepFunctions, _ definition: String, input: String = "{}", name: String = "m", testCase: String? = nil
    ) async throws -> JSONValue {
        _ = try await s.ok(
            "CreateStateMachine",
            ["name": .string(name), "definition": .string(definition), "roleArn": .string(role), "type": "EXPRESS"])
        let arn = "arn:aws:states:us-east-1:\(account):stateMachine:\(name)" + (testCase.map { "#" + $0 } ?? "")
        return try await s.ok("StartSyncExecution", ["stateMachineArn": .string(arn), "input": .string(input)])
    }

    static func output(_ result: JSONValue) throws -> JSONValue {
        try JSONParser.parse(try #require(result["output"]?.stringValue))
    }

    @Test func invokeAndFunctionArnsReachTheEndpoint() async throws {
        let lambda = try FakeLambda()
        let s = try Self.service(lambda.url)
        let definition = """
            {"StartAt": "Invoke", "States": {
              "Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:111111111111:function:Echo:live", "Payload": {"n.$": "$.n"}},
                "ResultPath": "$.invoke", "Next": "Direct"},
              "Direct": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:Echo",
                "InputPath": "$.invoke.Payload", "End": true}}}
            """
        let result = try await Self.run(s, definition, input: #"{"n": 1}"#)
        #expect(result["status"] == "SUCCEEDED")
        #expect(try Self.output(result) == ["n": 1])
        let requests = lambda.received.withLock { $0 }
        #expect(requests.count == 2)
        for request in requests {
            #expect(request.method == "POST")
            #expect(request.target == "/2015-03-31/functions/Echo/invocations")
            #expect(request.headers["Content-Type"] == "application/json")
            #expect(request.bodyText == #"{"n":1}"#)
        }
        // lambda:invoke's result: the Invoke response around the payload, as AWS shapes it.
        let whole = try await Self.run(
            s,
            #"{"StartAt":"I","States":{"I":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"Echo","Payload.$":"$"},"End":true}}}"#,
            input: #"{"a": [1, 2]}"#, name: "whole")
        let invoke = try Self.output(whole)
        #expect(
            invoke.objectValue.map { Set($0.keys) }
                == ["ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"])
        #expect(invoke["Payload"] == ["a": [1, 2]])
        #expect(invoke["StatusCode"] == 200)
        #expect(invoke["ExecutedVersion"] == "$LATEST")
        #expect(invoke["SdkHttpMetadata"]?["HttpStatusCode"] == 200)
        await lambda.shutdown()
    }

    @Test func functionErrorsAreNamedByTheirErrorType() async throws {
        let lambda = try FakeLambda()
        let s = try Self.service(lambda.url)
        // A function ARN as the Resource: the execution fails with the function's error.
        let direct = try await Self.run(
            s,
            #"{"StartAt":"F","States":{"F":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:Fail","End":true}}}"#,
            name: "direct")
        #expect(direct["status"] == "FAILED")
        #expect(direct["error"] == "ValueError")
        #expect(direct["cause"]?.stringValue == FakeLambda.failure)
        // lambda:invoke, caught by the error name: the cause is the whole payload.
        let caught = try await Self.run(
            s,
            """
            {"StartAt": "F", "States": {
              "F": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "Fail"},
                "Catch": [{"ErrorEquals": ["ValueError"], "Next": "Handled"}], "End": true},
              "Handled": {"Type": "Pass", "End": true}}}
            """, name: "caught")
        #expect(caught["status"] == "SUCCEEDED")
        #expect(try Self.output(caught) == ["Error": "ValueError", "Cause": .string(FakeLambda.failure)])
        // Without an errorType: Lambda.Unknown (what AWS reports for timeouts and crashes).
        let crash = try await Self.run(
            s,
            #"{"StartAt":"F","States":{"F":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:Crash","End":true}}}"#,
            name: "crash")
        #expect(crash["error"] == "Lambda.Unknown")
        #expect(crash["cause"]?.stringValue?.contains("Task timed out") == true)
        // An unknown function: Lambda's service error, worded as the AWS SDK words it.
        let missing = try await Self.run(
            s,
            #"{"StartAt":"F","States":{"F":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"Nope"},"End":true}}}"#,
            name: "missing")
        #expect(missing["error"] == "Lambda.ResourceNotFoundException")
        let cause = try #require(missing["cause"]?.stringValue)
        #expect(
            cause.hasPrefix(
                "Function not found: arn:aws:lambda:us-west-2:012345678901:function:Nope (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: "
            ))
        await lambda.shutdown()
    }

    @Test func anUnreachableEndpointFailsTheTaskNamingIt() async throws {
        let port = try unusedPort()
        let s = try Self.service("http://127.0.0.1:\(port)")
        let result = try await Self.run(
            s,
            """
            {"StartAt": "F", "States": {"F": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "Echo"}, "End": true,
              "Retry": [{"ErrorEquals": ["Lambda.SdkClientException"], "MaxAttempts": 2, "IntervalSeconds": 1}]}}}
            """)
        #expect(result["status"] == "FAILED")
        #expect(result["error"] == "Lambda.SdkClientException")
        let cause = try #require(result["cause"]?.stringValue)
        #expect(cause.contains("http://127.0.0.1:\(port)"))
        #expect(cause.contains("Connection refused"))
        // The endpoint is checked when the service is set up.
        #expect(throws: ServiceSetupError.self) { try Self.service("https://127.0.0.1:3001") }
        #expect(throws: ServiceSetupError.self) { try Self.service("http://127.0.0.1:3001/?x=1") }
    }

    @Test func aMockTestCaseWinsOverTheEndpoint() async throws {
        let lambda = try FakeLambda()
        let mocks = try MockConfiguration(
            text: #"""
                {"StateMachines": {"m": {"TestCases": {"Mocked": {"Invoke": "Answer"}}}},
                 "MockedResponses": {"Answer": {"0": {"Return": {"StatusCode": 200, "Payload": {"from": "mock"}}}}}}
                """#)
        let s = try Self.service(lambda.url) { $0.mockConfiguration = mocks }
        let definition = """
            {"StartAt": "Invoke", "States": {
              "Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "Echo", "Payload": {"from": "state"}}, "OutputPath": "$.Payload", "Next": "Direct"},
              "Direct": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:Echo", "End": true}}}
            """
        let mocked = try await Self.run(s, definition, testCase: "Mocked")
        #expect(mocked["status"] == "SUCCEEDED")
        #expect(try Self.output(mocked) == ["from": "mock"])
        #expect(lambda.received.withLock { $0.map(\.bodyText) } == [#"{"from":"mock"}"#])  // Direct only
        // Without the test case, both states reach the endpoint.
        lambda.received.withLock { $0 = [] }
        let arn = "arn:aws:states:us-east-1:\(Self.account):stateMachine:m"
        let plain = try await s.ok("StartSyncExecution", ["stateMachineArn": .string(arn), "input": "{}"])
        #expect(try Self.output(plain) == ["from": "state"])
        #expect(lambda.received.withLock { $0.count } == 2)
        await lambda.shutdown()
    }

    /// The calls suspend instead of blocking a thread: 40 executions whose function answers only
    /// once all 40 calls are in flight together all end (with blocked threads, at most as many
    /// calls as the cooperative pool has threads could be in flight).
    @Test func callsInFlightDoNotBlockThreads() async throws {
        let lambda = try FakeLambda()
        let s = try Self.service(lambda.url)
        let definition =
            #"{"StartAt":"F","States":{"F":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:Gather","End":true}}}"#
        _ = try await s.ok(
            "CreateStateMachine",
            ["name": "m", "definition": .string(definition), "roleArn": .string(Self.role), "type": "EXPRESS"])
        let arn = "arn:aws:states:us-east-1:\(Self.account):stateMachine:m"
        let outputs = try await withThrowingTaskGroup(of: JSONValue.self) { group in
            for _ in 0..<FakeLambda.gathered {
                group.addTask {
                    try Self.output(try await s.ok("StartSyncExecution", ["stateMachineArn": .string(arn)]))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outputs == Array(repeating: ["together": true], count: FakeLambda.gathered))
        await lambda.shutdown()
    }

    /// `TimeoutSeconds` bounds the call in wall time (scaled by the time scale on the real clock).
    @Test func theTaskTimeoutEndsASlowCall() async throws {
        let lambda = try FakeLambda()
        let s = try Self.service(lambda.url) {
            $0.clock = .real
            $0.timeScale = 0.05  // TimeoutSeconds 1 → 50 ms of wall time; Slow takes 200 ms
        }
        let result = try await Self.run(
            s,
            #"{"StartAt":"F","States":{"F":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:Slow","TimeoutSeconds":1,"End":true}}}"#
        )
        #expect(result["status"] == "FAILED")
        #expect(result["error"] == "States.Timeout")
        await lambda.shutdown()
    }
}
