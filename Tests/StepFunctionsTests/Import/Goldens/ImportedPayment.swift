import StepFunctions

/// The states of `importedPayment`; each case's state name is the case name with a capital.
enum ImportedPaymentStep: StateName, CaseIterable {
    case validateOrder, checkInventory, processPayment, parallelPostProcessing, updateDatabase, sendConfirmation
    case refundPayment, handleFailure
}

let importedPayment = StateMachine(ImportedPaymentStep.self, comment: "Payment processing workflow") {
    LambdaInvoke(.validateOrder, functionARN: "arn:aws:lambda:eu-west-1:123456789012:function:ValidateOrder")
        .retry(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
        .catch(.all, resultPath: "$.error", next: .handleFailure)
    LambdaInvoke(
        .checkInventory,
        functionARN: "arn:aws:lambda:eu-west-1:123456789012:function:CheckInventory"
    )
    .retry(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
    .catch(.all, resultPath: "$.error", next: .handleFailure)
    LambdaInvoke(
        .processPayment,
        functionARN: "arn:aws:lambda:eu-west-1:123456789012:function:ProcessPayment"
    )
    .retry(on: .taskFailed, interval: .seconds(5), maxAttempts: 2, backoffRate: 3)
    .catch(.all, resultPath: "$.error", next: .refundPayment)
    Parallel(.parallelPostProcessing) {
        Branch {
            LambdaInvoke(
                .updateDatabase,
                functionARN: "arn:aws:lambda:eu-west-1:123456789012:function:UpdateDB"
            )
        }
        Branch {
            SNSPublish(
                .sendConfirmation,
                topic: "arn:aws:sns:eu-west-1:123456789012:OrderConfirmations",
                message: .path("$.confirmationMessage")
            )
        }
    }
} handlers: {
    LambdaInvoke(.refundPayment, functionARN: "arn:aws:lambda:eu-west-1:123456789012:function:RefundPayment")
    LambdaInvoke(.handleFailure, functionARN: "arn:aws:lambda:eu-west-1:123456789012:function:NotifyFailure")
}
