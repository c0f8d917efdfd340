import Foundation
import JSONCore
import StepFunctionsModel
import StepFunctionsSimulator
import Testing

/// The seed documents' workflows, run through every path their authors describe.
@Suite struct SeedWorkflowTests {
    /// `payment-processing.asl.json` from seed 000, exactly as printed.
    static let payment = """
        {"Comment": "Payment processing workflow", "StartAt": "ValidateOrder", "States": {
          "ValidateOrder": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:ValidateOrder",
            "Next": "CheckInventory",
            "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2.0}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "HandleFailure", "ResultPath": "$.error"}]},
          "CheckInventory": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:CheckInventory",
            "Next": "ProcessPayment",
            "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2.0}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "HandleFailure", "ResultPath": "$.error"}]},
          "ProcessPayment": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:ProcessPayment",
            "Next": "ParallelPostProcessing",
            "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 5, "MaxAttempts": 2, "BackoffRate": 3.0}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "RefundPayment", "ResultPath": "$.error"}]},
          "ParallelPostProcessing": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "UpdateDatabase", "States": {"UpdateDatabase": {"Type": "Task",
              "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:UpdateDB", "End": true}}},
            {"StartAt": "SendConfirmation", "States": {"SendConfirmation": {"Type": "Task",
              "Resource": "arn:aws:states:::sns:publish",
              "Parameters": {"TopicArn": "arn:aws:sns:eu-west-1:123456789012:OrderConfirmations", "Message.$": "$.confirmationMessage"},
              "End": true}}}]},
          "RefundPayment": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:RefundPayment",
            "Next": "HandleFailure"},
          "HandleFailure": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:NotifyFailure", "End": true}
        }}
        """

    enum PaymentStep: String, StateName {
        case validateOrder = "ValidateOrder", checkInventory = "CheckInventory", processPayment = "ProcessPayment"
        case updateDatabase = "UpdateDatabase", sendConfirmation = "SendConfirmation"
        case refundPayment = "RefundPayment", handleFailure = "HandleFailure"
    }

    struct OutOfStock: Error {}

    /// A simulator with every payment step answered successfully.
    func paymentSimulator() throws -> Simulator {
        var sim = try Simulator(aslJSON: Self.payment)
        sim.handle(PaymentStep.validateOrder) { call in call.input }
        sim.handle(PaymentStep.checkInventory) { call in call.input }
        sim.handle(PaymentStep.processPayment) { call in
            var o = call.input.objectValue ?? JSONObject()
            o["charged"] = true
            o["confirmationMessage"] = "Order confirmed"
            return .object(o)
        }
        sim.handle(PaymentStep.updateDatabase) { _ in ["updated": true] }
        sim.handle(resource: "arn:aws:states:::sns:publish") { call in
            ["MessageId": "m-1", "echo": call.input["Message"] ?? nil]
        }
        sim.handle(PaymentStep.refundPayment) { call in call.input }
        sim.handle(PaymentStep.handleFailure) { call in ["notified": call.input["error"] ?? nil] }
        return sim
    }

    @Test func paymentHappyPath() async throws {
        let execution = try await paymentSimulator().run(input: ["orderId": "o-1"])
        #expect(execution.status == .succeeded)
        #expect(
            execution.statesEntered == [
                "ValidateOrder", "CheckInventory", "ProcessPayment", "ParallelPostProcessing", "UpdateDatabase",
                "SendConfirmation",
            ])
        #expect(execution.output == [["updated": true], ["MessageId": "m-1", "echo": "Order confirmed"]])
        #expect(
            execution.calls(to: "SendConfirmation") == [
                ["TopicArn": "arn:aws:sns:eu-west-1:123456789012:OrderConfirmations", "Message": "Order confirmed"]
            ])
    }

    @Test func inventoryFailureIsRetriedThenCaughtAndPaymentIsNeverCharged() async throws {
        var sim = try paymentSimulator()
        sim.handle(PaymentStep.checkInventory) { _ in throw OutOfStock() }
        let execution = await sim.run(input: ["orderId": "o-2"])
        #expect(execution.status == .succeeded)
        // One call and three retries, 2 s, 4 s and 8 s apart in virtual time.
        #expect(execution.calls(to: "CheckInventory").count == 4)
        #expect(execution.retries(of: "CheckInventory") == 3)
        #expect(execution.duration == 14)
        #expect(execution.calls(to: "ProcessPayment").isEmpty)
        #expect(execution.statesEntered == ["ValidateOrder", "CheckInventory", "HandleFailure"])
        let error = try #require(execution.calls(to: "HandleFailure").first?["error"])
        #expect(error["Error"] == "OutOfStock")
        #expect(execution.output?["notified"]?["Error"] == "OutOfStock")
    }

    @Test func taskTimeoutIsNotMatchedByTaskFailedRetrierAndGoesStraightToCatch() async throws {
        var sim = try paymentSimulator()
        sim.handle(PaymentStep.checkInventory) { _ in throw TaskError.timeout }
        let execution = await sim.run(input: ["orderId": "o-3"])
        #expect(execution.status == .succeeded)
        #expect(execution.calls(to: "CheckInventory").count == 1)
        #expect(execution.retries(of: "CheckInventory") == 0)
        #expect(execution.history.contains { $0.type == .lambdaFunctionTimedOut })
        #expect(execution.calls(to: "HandleFailure").first?["error"] == ["Error": "States.Timeout", "Cause": ""])
    }

    @Test func paymentFailureIsRefundedThenNotified() async throws {
        var sim = try paymentSimulator()
        sim.handle(PaymentStep.processPayment) { _ in throw TaskError(error: "PaymentDeclined", cause: "card expired") }
        let execution = await sim.run(input: ["orderId": "o-4"])
        #expect(execution.status == .succeeded)
        // PaymentDeclined is a States.TaskFailed error: retried twice (5 s, then 15 s) before the catch.
        #expect(execution.calls(to: "ProcessPayment").count == 3)
        #expect(
            execution.statesEntered == [
                "ValidateOrder", "CheckInventory", "ProcessPayment", "RefundPayment", "HandleFailure",
            ])
        #expect(
            execution.calls(to: "RefundPayment").first?["error"] == [
                "Error": "PaymentDeclined", "Cause": "card expired",
            ])
        #expect(execution.duration == 20)
    }

    /// The approval step of seed 001 (`fragment-wait-for-approval.state.json`) in a small machine.
    static let approval = """
        {"StartAt": "WaitForApproval", "States": {
          "WaitForApproval": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123/approvals",
              "MessageBody": {"TaskToken.$": "$$.Task.Token", "OrderId.$": "$.orderId"}},
            "Next": "ProcessApproved"},
          "ProcessApproved": {"Type": "Pass", "End": true}}}
        """

    @Test func approvalResumesWhenTheTestSendsTheToken() async throws {
        let sim = try Simulator(aslJSON: Self.approval)
        let running = sim.start(input: ["orderId": "o-5"])
        let token = await running.nextTaskToken()
        try running.sendTaskSuccess(taskToken: token, output: ["approved": true])
        let execution = await running.result()
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["approved": true])
        let sent = try #require(execution.calls(to: "WaitForApproval").first)
        #expect(sent["MessageBody"]?["TaskToken"] == .string(token))
        #expect(execution.history.map(\.type).contains(.taskSubmitted))
    }

    @Test func approvalRejectedBySendTaskFailure() async throws {
        let sim = try Simulator(aslJSON: Self.approval)
        let running = sim.start(input: ["orderId": "o-6"])
        let token = await running.nextTaskToken()
        try running.sendTaskFailure(taskToken: token, error: "Rejected", cause: "too expensive")
        let execution = await running.result()
        #expect(execution.status == .failed)
        #expect(execution.error == "Rejected")
        #expect(execution.cause == "too expensive")
        #expect(throws: CallbackError.self) { try running.sendTaskSuccess(taskToken: "no-such-token", output: nil) }
    }

    @Test func approvalAnsweredByAHandlerThatReadsTheToken() async throws {
        var sim = try Simulator(aslJSON: Self.approval)
        sim.handle(state: "WaitForApproval") { call in ["approvedWith": .string(call.taskToken ?? "")] }
        let execution = await sim.run(input: ["orderId": "o-7"])
        #expect(execution.status == .succeeded)
        #expect(execution.output?["approvedWith"]?.stringValue?.hasPrefix("AQ") == true)
    }

    /// `microservices-orchestration.asl.json` from seed 004, exactly as printed.
    static let microservices = """
        {"Comment": "Microservices orchestration workflow", "StartAt": "ValidateInput", "States": {
          "ValidateInput": {"Type": "Pass", "Next": "GetUserData"},
          "GetUserData": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "${PROJECT_NAME}-user-service", "Payload.$": "$"}, "ResultPath": "$.userResult",
            "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2}],
            "Next": "ProcessOrderAndPayment"},
          "ProcessOrderAndPayment": {"Type": "Parallel", "Branches": [
            {"StartAt": "CreateOrder", "States": {"CreateOrder": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "${PROJECT_NAME}-order-service",
                "Payload": {"orderData.$": "$.orderData", "userData.$": "$.userResult.Payload"}}, "End": true}}},
            {"StartAt": "ProcessPayment", "States": {"ProcessPayment": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "${PROJECT_NAME}-payment-service",
                "Payload": {"orderData.$": "$.orderData", "userData.$": "$.userResult.Payload"}},
              "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 1, "MaxAttempts": 2}], "End": true}}},
            {"StartAt": "CheckInventory", "States": {"CheckInventory": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "${PROJECT_NAME}-inventory-service", "Payload": {"orderData.$": "$.orderData"}},
              "End": true}}}],
            "Next": "SendNotification"},
          "SendNotification": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "${PROJECT_NAME}-notification-service",
              "Payload": {"userData.$": "$.userResult.Payload", "orderData.$": "$[0].Payload", "paymentData.$": "$[1].Payload"}},
            "End": true}}}
        """

    func microservicesSimulator(notification: String) throws -> Simulator {
        var sim = try Simulator(
            aslJSON: Self.microservices.replacingOccurrences(
                of: "$.userResult.Payload\", \"orderData.$\": \"$[0]", with: notification))
        sim.handle(state: "GetUserData") { call in ["userId": call.input["userId"] ?? nil, "tier": "gold"] }
        sim.handle(state: "CreateOrder") { call in ["orderId": "o-8", "user": call.input["userData"] ?? nil] }
        sim.handle(state: "ProcessPayment") { _ in ["paid": true] }
        sim.handle(state: "CheckInventory") { _ in ["inStock": true] }
        sim.handle(state: "SendNotification") { call in call.input }
        return sim
    }

    @Test func microservicesParallelOutputFeedsTheNotificationButTheSeedsPathFails() async throws {
        let sim = try microservicesSimulator(notification: "$.userResult.Payload\", \"orderData.$\": \"$[0]")
        let execution = await sim.run(input: ["userId": "u-1", "orderData": ["sku": "A"]])
        // The Parallel outputs an array, so `$.userResult.Payload` finds nothing: States.Runtime, as on AWS.
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
        #expect(execution.cause?.contains("'$.userResult.Payload'") == true)
        #expect(execution.cause?.hasPrefix("An error occurred while executing the state 'SendNotification'") == true)
        // The branches saw the user data through $.userResult.Payload of their (object) input.
        #expect(execution.output(of: "CreateOrder")?["Payload"]?["user"] == ["userId": "u-1", "tier": "gold"])
        #expect(execution.history.last?.type == .executionFailed)
    }

    @Test func microservicesWithTheNotificationReadingTheParallelArray() async throws {
        let sim = try microservicesSimulator(notification: "$[0].Payload.user\", \"orderData.$\": \"$[0]")
        let execution = await sim.run(input: ["userId": "u-1", "orderData": ["sku": "A"]])
        #expect(execution.status == .succeeded)
        #expect(execution.output?["Payload"]?["userData"] == ["userId": "u-1", "tier": "gold"])
        #expect(execution.output?["Payload"]?["paymentData"] == ["paid": true])
        #expect(execution.output?["StatusCode"] == 200)
    }
}
