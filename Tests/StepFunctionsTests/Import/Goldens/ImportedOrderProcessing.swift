import StepFunctions

/// The states of `importedOrderProcessing`; each case's state name is the case name with a capital.
enum ImportedOrderProcessingStep: StateName, CaseIterable {
    case validateOrder, checkInventoryAndCharge, checkInventory, chargePayment, handleDeclinedPayment, fulfillOrder
    case sendConfirmation, orderComplete, compensatingTransaction, orderFailed
}

let importedOrderProcessing = StateMachine(
    ImportedOrderProcessingStep.self,
    comment: "Order processing workflow with payment, inventory, and fulfillment"
) {
    LambdaInvoke(.validateOrder, function: "${ValidateOrderFunctionArn}")
        .resultPath("$.validation")
        .retry(
            on: "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            interval: .seconds(2),
            maxAttempts: 3,
            backoffRate: 2,
            jitter: .full
        )
        .catch("ValidationError", resultPath: "$.error", next: .orderFailed)
        .catch(.all, resultPath: "$.error", next: .orderFailed)
    Parallel(.checkInventoryAndCharge) {
        Branch {
            LambdaInvoke(.checkInventory, function: "${CheckInventoryFunctionArn}")
                .resultPath("$.inventory")
                .retry(on: .taskFailed, interval: .seconds(1), maxAttempts: 2, backoffRate: 2)
        }
        Branch {
            LambdaInvoke(.chargePayment, function: "${ChargePaymentFunctionArn}")
                .resultPath("$.payment")
                .retry(on: "Lambda.ServiceException", interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
                .catch("PaymentDeclinedError", resultPath: "$.error", next: .handleDeclinedPayment)
                .end()
            LambdaInvoke(.handleDeclinedPayment, function: "${NotifyPaymentDeclinedFunctionArn}")
        }
    }
    .resultPath("$.parallelResults")
    .catch(.all, resultPath: "$.error", next: .compensatingTransaction)
    LambdaInvoke(.fulfillOrder, function: "${FulfillOrderFunctionArn}")
        .resultPath("$.fulfillment")
    SNSPublish(
        .sendConfirmation,
        topic: "${OrderConfirmationTopicArn}",
        message: .intrinsic("States.JsonToString($.fulfillment)")
    )
    Succeed(.orderComplete)
} handlers: {
    LambdaInvoke(.compensatingTransaction, function: "${RollbackOrderFunctionArn}")
    Fail(.orderFailed, error: "OrderProcessingFailed", cause: "Order could not be processed")
}
