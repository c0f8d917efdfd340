import StepFunctions

/// The states of the payment pipeline (seed 000: a Lambda chain migrated to Step Functions).
public enum PaymentStep: String, StateName, CaseIterable {
    case validateOrder = "ValidateOrder"
    case checkInventory = "CheckInventory"
    case processPayment = "ProcessPayment"
    case parallelPostProcessing = "ParallelPostProcessing"
    case updateDatabase = "UpdateDatabase"
    case sendConfirmation = "SendConfirmation"
    case refundPayment = "RefundPayment"
    case handleFailure = "HandleFailure"
}

/// The Lambda functions of the pipeline, invoked by ARN.
private func function(_ name: String) -> String { "arn:aws:lambda:eu-west-1:123456789012:function:" + name }

/// The payment pipeline: validate, check stock, charge, then update the database and confirm in
/// parallel. A failed validation or stock check goes to HandleFailure; a failed payment is refunded first.
public let paymentProcessing = StateMachine(
    PaymentStep.self, name: "payment-processing", comment: "Payment processing workflow"
) {
    LambdaInvoke(.validateOrder, functionARN: function("ValidateOrder"))
        .retry(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2.0)
        .catch(.all, resultPath: "$.error", next: .handleFailure)
    LambdaInvoke(.checkInventory, functionARN: function("CheckInventory"))
        .retry(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2.0)
        .catch(.all, resultPath: "$.error", next: .handleFailure)
    LambdaInvoke(.processPayment, functionARN: function("ProcessPayment"))
        .retry(on: .taskFailed, interval: .seconds(5), maxAttempts: 2, backoffRate: 3.0)
        .catch(.all, resultPath: "$.error", next: .refundPayment)
    Parallel(.parallelPostProcessing) {
        Branch {
            LambdaInvoke(.updateDatabase, functionARN: function("UpdateDB"))
        }
        Branch {
            SNSPublish(
                .sendConfirmation, topic: "arn:aws:sns:eu-west-1:123456789012:OrderConfirmations",
                message: .path("$.confirmationMessage"))
        }
    }
} handlers: {
    // A failed payment is refunded, then reported like any other failure.
    LambdaInvoke(.refundPayment, functionARN: function("RefundPayment"))
    LambdaInvoke(.handleFailure, functionARN: function("NotifyFailure"))
}
