import StepFunctions

/// The states of the payment pipeline rebuilt with direct service integrations (seed 000's
/// "what I'd do differently": an external API call with timeouts, a direct DynamoDB write, and the
/// line items processed by a nested Express workflow).
public enum PaymentIntegrationStep: String, StateName, CaseIterable {
    case validateOrder = "ValidateOrder"
    case callExternalAPI = "CallExternalAPI"
    case saveOrder = "SaveOrder"
    case sendNotification = "SendNotification"
    case processLineItems = "ProcessLineItems"
    case finalizeOrder = "FinalizeOrder"
    case rejectOrder = "RejectOrder"
    case handleUnexpectedError = "HandleUnexpectedError"
}

private func function(_ name: String) -> String { "arn:aws:lambda:eu-west-1:123456789012:function:" + name }

/// The payment pipeline with the seed's fragments in place: `CallExternalAPI` (aggressive retries on
/// transient failures, immediate rejection on validation errors), `SaveOrder` (DynamoDB without a
/// Lambda) and `ProcessLineItems` (a nested Express execution, `.sync:2` for JSON output).
public let paymentIntegrations = StateMachine(
    PaymentIntegrationStep.self, name: "payment-integrations",
    comment: "Payment processing with direct service integrations"
) {
    LambdaInvoke(.validateOrder, functionARN: function("ValidateOrder"))
        .timeout(.seconds(30))
        .retry(on: "Lambda.ServiceException", "Lambda.SdkClientException", interval: .seconds(2), maxAttempts: 3)
    LambdaInvoke(.callExternalAPI, functionARN: function("CallExternalAPI"))
        .timeout(.seconds(30))
        .retry(
            on: .timeout, "Lambda.ServiceException", interval: .seconds(3), maxAttempts: 5, backoffRate: 2.0,
            maxDelay: .seconds(30)
        )
        .catch("ValidationError", resultPath: "$.error", next: .rejectOrder)
        .catch(.all, resultPath: "$.error", next: .handleUnexpectedError)
    DynamoDBPutItem(
        .saveOrder, table: "Orders",
        item: [
            "OrderId": ["S": .path("$.orderId")],
            "Status": ["S": "CONFIRMED"],
            "Timestamp": ["S": .path("$$.State.EnteredTime")],
        ]
    )
    .resultPath("$.dynamoResult")
    SNSPublish(
        .sendNotification, topic: "arn:aws:sns:eu-west-1:123456789012:OrderConfirmations",
        message: .format("Order {} confirmed", .path("$.orderId"))
    )
    .resultPath(.null)
    StepFunctionsStartExecution(
        .processLineItems, stateMachine: "arn:aws:states:eu-west-1:123456789012:stateMachine:ProcessLineItems",
        input: .path("$.lineItems")
    )
    .sync2()
    LambdaInvoke(.finalizeOrder, functionARN: function("FinalizeOrder"))
        .timeout(.seconds(30))
} handlers: {
    Fail(.rejectOrder, error: "OrderRejected", cause: "The external API rejected the order as invalid")
    LambdaInvoke(.handleUnexpectedError, functionARN: function("NotifyFailure"))
        .timeout(.seconds(30))
}
