import Foundation
import HTTPServer
import JSONCore
import StepFunctionsSimulator
import Testing

@testable import StepFunctionsServer

/// The SQS stand-in: queues and messages over the JSON protocol, and executions' SQS tasks.
@Suite("sfn serve: the SQS stand-in")
struct SQSStandInTests {
    static let url = "https://sqs.us-east-1.amazonaws.com/111111111111/jobs"

    /// Calls an SQS operation that must succeed.
    static func ok(_ s: LocalStepFunctions, _ operation: String, _ body: JSONObject) throws -> JSONValue {
        try s.sqs(operation, Request(.object(body))).get()
    }

    /// Calls an SQS operation that must fail; its error.
    static func error(_ s: LocalStepFunctions, _ operation: String, _ body: JSONObject) -> AWSError? {
        if case .failure(let e) = s.sqs(operation, Request(.object(body))) { return e }
        return nil
    }

    @Test func queuesKeepMessagesUntilTheyAreDeleted() throws {
        let s = try ServiceTests.service()
        #expect(try Self.ok(s, "CreateQueue", ["QueueName": "jobs"])["QueueUrl"]?.stringValue == Self.url)
        // Idempotent with the same attributes; another value for one is refused.
        #expect(try Self.ok(s, "CreateQueue", ["QueueName": "jobs"])["QueueUrl"]?.stringValue == Self.url)
        #expect(
            Self.error(s, "CreateQueue", ["QueueName": "jobs", "Attributes": ["VisibilityTimeout": "5"]])?.type
                == "com.amazonaws.sqs#QueueNameExists")
        #expect(
            Self.error(s, "CreateQueue", ["QueueName": "no spaces"])?.type == "com.amazonaws.sqs#InvalidParameterValue")
        #expect(try Self.ok(s, "GetQueueUrl", ["QueueName": "jobs"])["QueueUrl"]?.stringValue == Self.url)
        #expect(try Self.ok(s, "ListQueues", ["QueueNamePrefix": "jo"])["QueueUrls"] == [.string(Self.url)])
        #expect(try Self.ok(s, "ListQueues", ["QueueNamePrefix": "x"]) == [:])

        let sent = try Self.ok(s, "SendMessage", ["QueueUrl": .string(Self.url), "MessageBody": "hello"])
        #expect(sent["MD5OfMessageBody"] == "5d41402abc4b2a76b9719d911017c592")
        _ = try Self.ok(s, "SendMessage", ["QueueUrl": "jobs", "MessageBody": "second"])
        #expect(
            Self.error(s, "SendMessage", ["QueueUrl": .string(Self.url)])?.message
                == "The request must contain the parameter MessageBody.")
        let received = try Self.ok(s, "ReceiveMessage", ["QueueUrl": .string(Self.url)])
        let message = try #require(received["Messages"]?[0])
        #expect(received["Messages"]?.arrayValue?.count == 1)
        #expect(message["Body"] == "hello")
        #expect(message["MessageId"] == sent["MessageId"])
        #expect(message["MD5OfBody"] == "5d41402abc4b2a76b9719d911017c592")
        // A received message is invisible until deleted (or its visibility timeout ends).
        let next = try Self.ok(s, "ReceiveMessage", ["QueueUrl": .string(Self.url), "MaxNumberOfMessages": 10])
        #expect(next["Messages"]?.arrayValue?.compactMap { $0["Body"]?.stringValue } == ["second"])
        #expect(try Self.ok(s, "ReceiveMessage", ["QueueUrl": .string(Self.url)]) == [:])
        let attributes = try Self.ok(
            s, "GetQueueAttributes", ["QueueUrl": .string(Self.url), "AttributeNames": ["All"]])
        #expect(attributes["Attributes"]?["ApproximateNumberOfMessagesNotVisible"] == "2")
        #expect(attributes["Attributes"]?["QueueArn"] == "arn:aws:sqs:us-east-1:111111111111:jobs")
        _ = try Self.ok(
            s, "DeleteMessage", ["QueueUrl": .string(Self.url), "ReceiptHandle": message["ReceiptHandle"] ?? ""])
        #expect(
            Self.error(
                s, "DeleteMessage", ["QueueUrl": .string(Self.url), "ReceiptHandle": message["ReceiptHandle"] ?? ""])?
                .type
                == "com.amazonaws.sqs#ReceiptHandleIsInvalid")
        // A visibility timeout of 0 makes a received message visible again at once.
        _ = try Self.ok(s, "PurgeQueue", ["QueueUrl": .string(Self.url)])
        _ = try Self.ok(s, "SendMessage", ["QueueUrl": .string(Self.url), "MessageBody": "again"])
        _ = try Self.ok(s, "ReceiveMessage", ["QueueUrl": .string(Self.url), "VisibilityTimeout": 0])
        #expect(try Self.ok(s, "ReceiveMessage", ["QueueUrl": .string(Self.url)])["Messages"]?[0]?["Body"] == "again")

        _ = try Self.ok(s, "DeleteQueue", ["QueueUrl": .string(Self.url)])
        #expect(Self.error(s, "GetQueueUrl", ["QueueName": "jobs"])?.type == "com.amazonaws.sqs#QueueDoesNotExist")
        #expect(
            Self.error(s, "TagQueue", ["QueueUrl": .string(Self.url)])?.message.contains("does not answer TagQueue")
                == true)
    }

    @Test func theEndpointAnswersSQSsJSONProtocolWithItsQueryErrorCode() async throws {
        let s = try ServiceTests.service()
        let request = HTTPRequest(
            method: "POST", target: "/",
            headers: ["Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.GetQueueUrl"],
            body: Array(#"{"QueueName": "missing"}"#.utf8))
        let response = await StepFunctionsEndpoint.answer(request, service: s)
        #expect(response.status == 400)
        #expect(response.headers["x-amzn-query-error"] == "AWS.SimpleQueueService.NonExistentQueue;Sender")
        let body = try JSONParser.parse(String(decoding: response.body, as: UTF8.self))
        #expect(body["__type"] == "com.amazonaws.sqs#QueueDoesNotExist")
        #expect(body["message"] == "The specified queue does not exist.")
    }

    @Test func executionsSendAndReceiveThroughTheStandIn() async throws {
        let s = try ServiceTests.service()
        _ = try Self.ok(s, "CreateQueue", ["QueueName": "jobs"])
        let definition = #"""
            {"StartAt": "Send", "States": {
              "Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                "Parameters": {"QueueUrl": "\#(Self.url)", "MessageBody": {"order.$": "$.order"}}, "ResultPath": "$.sent", "Next": "Receive"},
              "Receive": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sqs:receiveMessage",
                "Parameters": {"QueueUrl": "\#(Self.url)"}, "ResultPath": "$.received", "Next": "Missing"},
              "Missing": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                "Parameters": {"QueueUrl": "nope", "MessageBody": "x"},
                "Catch": [{"ErrorEquals": ["SQS.AmazonSQSException"], "ResultPath": "$.error", "Next": "Done"}], "End": true},
              "Done": {"Type": "Pass", "End": true}}}
            """#
        _ = try await s.ok(
            "CreateStateMachine",
            ["name": "q", "definition": .string(definition), "roleArn": .string(ServiceTests.role)])
        let started = try await s.ok(
            "StartExecution",
            ["stateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:q", "input": #"{"order": 7}"#])
        let done = try await s.waitForEnd(try #require(started["executionArn"]?.stringValue))
        #expect(done["status"] == "SUCCEEDED", "\(done)")
        let output = try JSONParser.parse(try #require(done["output"]?.stringValue))
        #expect(output["sent"]?["MD5OfMessageBody"]?.stringValue == LocalStepFunctions.md5(#"{"order":7}"#))
        #expect(output["received"]?["Messages"]?[0]?["Body"] == #"{"order":7}"#)
        #expect(output["error"]?["Error"] == "SQS.AmazonSQSException")
        #expect(
            output["error"]?["Cause"]?.stringValue?.hasPrefix(
                "The specified queue does not exist. (Service: AmazonSQS; Status Code: 400; Error Code: QueueDoesNotExist;"
            )
                == true)
    }

    @Test func aCallbackTasksMessageReachesItsQueueWithTheToken() async throws {
        let s = try ServiceTests.service()
        _ = try Self.ok(s, "CreateQueue", ["QueueName": "jobs"])
        let definition = #"""
            {"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters": {"QueueUrl": "\#(Self.url)", "MessageBody": {"n.$": "$.n", "token.$": "$$.Task.Token"}}, "End": true}}}
            """#
        _ = try await s.ok(
            "CreateStateMachine",
            ["name": "ask", "definition": .string(definition), "roleArn": .string(ServiceTests.role)])
        let started = try await s.ok(
            "StartExecution",
            ["stateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:ask", "input": #"{"n": 3}"#])
        let arn = try #require(started["executionArn"]?.stringValue)
        // A worker reads the queue: the message carries the token.
        var message: JSONValue?
        for _ in 0..<400 where message == nil {
            message = try Self.ok(s, "ReceiveMessage", ["QueueUrl": .string(Self.url)])["Messages"]?[0]
            if message == nil { try await Task.sleep(for: .milliseconds(5)) }
        }
        let body = try JSONParser.parse(try #require(message?["Body"]?.stringValue))
        #expect(body["n"] == 3)
        let token = try #require(body["token"]?.stringValue)
        _ = try await s.ok("SendTaskSuccess", ["taskToken": .string(token), "output": #"{"answer": 42}"#])
        let done = try await s.waitForEnd(arn)
        #expect(done["status"] == "SUCCEEDED")
        #expect(done["output"] == #"{"answer":42}"#)
        // The TaskSubmitted event shows SendMessage's answer.
        let history = try await s.ok("GetExecutionHistory", ["executionArn": .string(arn)])
        let submitted = history["events"]?.arrayValue?.first { $0["type"] == "TaskSubmitted" }
        let output = try JSONParser.parse(try #require(submitted?["taskSubmittedEventDetails"]?["output"]?.stringValue))
        #expect(output["MessageId"] == message?["MessageId"])
        #expect(output["MD5OfMessageBody"] == message?["MD5OfBody"])
    }
}
