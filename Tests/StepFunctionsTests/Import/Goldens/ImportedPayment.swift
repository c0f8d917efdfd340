import StepFunctions

/// The states of `importedPayment`; each raw value is the state's name in the definition.
enum ImportedPaymentStep: String, StateName, CaseIterable {
    case validateOrder = "ValidateOrder"
    case checkInventory = "CheckInventory"
    case processPayment = "ProcessPayment"
    case parallelPostProcessing = "ParallelPostProcessing"
    case updateDatabase = "UpdateDatabase"
    case sendConfirmation = "SendConfirmation"
    case refundPayment = "RefundPayment"
    case handleFailure = "HandleFailure"
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
