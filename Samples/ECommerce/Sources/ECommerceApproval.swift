import StepFunctions

/// The states of the order flow with a human approval (seed 001's callback pattern).
public enum ApprovalStep: String, StateName, CaseIterable {
    case validateOrder = "ValidateOrder"
    case parallelChecks = "ParallelChecks"
    case checkInventory = "CheckInventory"
    case fraudCheck = "FraudCheck"
    case waitForApproval = "WaitForApproval"
    case processApproved = "ProcessApproved"
    case chargePayment = "ChargePayment"
    case sendConfirmation = "SendConfirmation"
    case refundAndNotify = "RefundAndNotify"
    case orderRejected = "OrderRejected"
    case orderFailed = "OrderFailed"
}

private func function(_ name: String) -> String { "arn:aws:lambda:us-east-1:123:function:" + name }

/// The order flow with a human in the loop: after the checks, the order waits in an SQS approvals
/// queue with its task token (`.waitForTaskToken`) until a reviewer's `SendTaskSuccess` resumes it
/// with `{"approved": true|false}`, kept at `$.approval` beside the order; `ProcessApproved` routes on it.
public let ecommerceApproval = StateMachine(
    ApprovalStep.self, name: "ecommerce-approval", comment: "E-Commerce order flow with a human approval"
) {
    LambdaInvoke(.validateOrder, functionARN: function("validate-order"))
        .retry(on: "Lambda.ServiceException", interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
        .catch("InvalidOrderError", next: .orderFailed)
    Parallel(.parallelChecks) {
        Branch { LambdaInvoke(.checkInventory, functionARN: function("check-inventory")) }
        Branch { LambdaInvoke(.fraudCheck, functionARN: function("fraud-detection")) }
    }
    .resultPath(.null)
    SQSSendMessage(
        .waitForApproval, queueURL: "https://sqs.us-east-1.amazonaws.com/123/approvals",
        messageBody: ["TaskToken": .taskToken, "OrderId": .path("$.orderId")]
    )
    .waitForTaskToken()
    .resultPath("$.approval")
    Choice(.processApproved) {
        When(.booleanEquals("$.approval.approved", true), next: .chargePayment)
        Otherwise {
            Fail(.orderRejected, error: "OrderRejected", cause: "A reviewer rejected the order")
        }
    }
    LambdaInvoke(.chargePayment, functionARN: function("process-payment"))
        .catch("PaymentFailedError") {
            LambdaInvoke(.refundAndNotify, functionARN: function("refund-and-notify"))
        }
    LambdaInvoke(.sendConfirmation, functionARN: function("send-email"))
} handlers: {
    LambdaInvoke(.orderFailed, functionARN: function("notify-failure"))
}
