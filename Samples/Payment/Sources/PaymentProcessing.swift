import StepFunctions

/// The states of the payment pipeline (seed 000: a Lambda chain migrated to Step Functions); each
/// case's ASL name is its name with a capital (`validateOrder` → `ValidateOrder`).
public enum PaymentStep: StateName, CaseIterable {
    case validateOrder, checkInventory, processPayment, parallelPostProcessing, updateDatabase, sendConfirmation
    case refundPayment, handleFailure
}

/// The Lambda functions of the pipeline, invoked by ARN.
private func function(_ name: String) -> String { "arn:aws:lambda:eu-west-1:123456789012:function:" + name }

/// Validation and the stock check retry the same way and fail the same way.
private let transient = RetryPolicy(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
private let toFailure = CatchPolicy<PaymentStep>(.all, resultPath: "$.error", next: .handleFailure)

/// The payment pipeline: validate, check stock, charge, then update the database and confirm in
/// parallel. A failed validation or stock check goes to HandleFailure; a failed payment is refunded first.
public let paymentProcessing = StateMachine(
    PaymentStep.self, name: "payment-processing", comment: "Payment processing workflow"
) {
    LambdaInvoke(.validateOrder, functionARN: function("ValidateOrder")).retry(transient).catch(toFailure)
    LambdaInvoke(.checkInventory, functionARN: function("CheckInventory")).retry(transient).catch(toFailure)
    LambdaInvoke(.processPayment, functionARN: function("ProcessPayment"))
        .retry(on: .taskFailed, interval: .seconds(5), maxAttempts: 2, backoffRate: 3)
        .catch(.all, resultPath: "$.error", next: .refundPayment)
    Parallel(.parallelPostProcessing) {
        Branch { LambdaInvoke(.updateDatabase, functionARN: function("UpdateDB")) }
        Branch {
            SNSPublish(
                .sendConfirmation, topic: "arn:aws:sns:eu-west-1:123456789012:OrderConfirmations",
                message: .input("confirmationMessage"))
        }
    }
} handlers: {
    // A failed payment is refunded, then reported like any other failure.
    LambdaInvoke(.refundPayment, functionARN: function("RefundPayment"))
    LambdaInvoke(.handleFailure, functionARN: function("NotifyFailure"))
}
