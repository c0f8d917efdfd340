import StepFunctions

/// The states of the payment pipeline rebuilt with direct service integrations (seed 000's
/// "what I'd do differently": an external API call with timeouts, a direct DynamoDB write, and the
/// line items processed by a nested Express workflow).
public enum PaymentIntegrationStep: StateName, CaseIterable {
    case validateOrder, callExternalAPI, saveOrder, sendNotification, processLineItems, finalizeOrder, rejectOrder
    case handleUnexpectedError
}

/// A Lambda function called directly (its ARN as the Resource), with the 30-second timeout every
/// function of this workflow has; the service tasks keep the fragments' fields as printed.
private func lambda(_ state: PaymentIntegrationStep, _ name: String) -> LambdaInvoke<PaymentIntegrationStep> {
    LambdaInvoke(state, functionARN: "arn:aws:lambda:eu-west-1:123456789012:function:" + name).timeout(.seconds(30))
}

/// The payment pipeline with the seed's fragments in place: `CallExternalAPI` (aggressive retries on
/// transient failures, immediate rejection on validation errors), `SaveOrder` (DynamoDB without a
/// Lambda) and `ProcessLineItems` (a nested Express execution, `.sync:2` for JSON output).
public let paymentIntegrations = StateMachine(
    PaymentIntegrationStep.self, name: "payment-integrations",
    comment: "Payment processing with direct service integrations"
) {
    lambda(.validateOrder, "ValidateOrder")
        .retry(on: "Lambda.ServiceException", "Lambda.SdkClientException", interval: .seconds(2), maxAttempts: 3)
    lambda(.callExternalAPI, "CallExternalAPI")
        .retry(
            on: .timeout, "Lambda.ServiceException", interval: .seconds(3), maxAttempts: 5, backoffRate: 2,
            maxDelay: .seconds(30)
        )
        .catch("ValidationError", resultPath: "$.error", next: .rejectOrder)
        .catch(.all, resultPath: "$.error", next: .handleUnexpectedError)
    DynamoDBPutItem(
        .saveOrder, table: "Orders",
        item: [
            "OrderId": ["S": .input("orderId")], "Status": ["S": "CONFIRMED"], "Timestamp": ["S": .stateEnteredTime],
        ]
    )
    .resultPath("$.dynamoResult")
    SNSPublish(
        .sendNotification, topic: "arn:aws:sns:eu-west-1:123456789012:OrderConfirmations",
        message: .format("Order {} confirmed", .input("orderId"))
    )
    .resultPath(.null)
    StepFunctionsStartExecution(
        .processLineItems, stateMachine: "arn:aws:states:eu-west-1:123456789012:stateMachine:ProcessLineItems",
        input: .input("lineItems")
    )
    .sync2()
    lambda(.finalizeOrder, "FinalizeOrder")
} handlers: {
    Fail(.rejectOrder, error: "OrderRejected", cause: "The external API rejected the order as invalid")
    lambda(.handleUnexpectedError, "NotifyFailure")
}
