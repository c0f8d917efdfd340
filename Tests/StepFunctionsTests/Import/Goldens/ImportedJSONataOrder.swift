import StepFunctions

/// The states of `importedJSONataOrder`; each case's state name is the case name with a capital.
enum ImportedJSONataOrderStep: StateName, CaseIterable {
    case saveOrder, checkTotal, manualReview, notify, orderFailed
}

let importedJSONataOrder = StateMachine(
    ImportedJSONataOrderStep.self,
    comment: "An order flow in JSONata, written for the import tests"
) {
    DynamoDBPutItem(
        .saveOrder,
        table: "Orders",
        item: [
            "orderId": ["S": .jsonata("$states.input.orderId")],
            "total": ["N": .jsonata("$string($states.input.total)")],
        ]
    )
    .output(.stateInput)
    .assign(["orderId": .jsonata("$states.input.orderId")])
    .retry(
        on: "DynamoDB.ProvisionedThroughputExceededException",
        interval: .seconds(1),
        maxAttempts: 5,
        backoffRate: 2,
        jitter: .full
    )
    .catch(.all, output: ["error": .jsonata("$states.errorOutput")], next: .orderFailed)
    Choice(.checkTotal) {
        When(.jsonata("$states.input.total > 1000"), assign: ["review": true], next: .manualReview)
        Otherwise(.notify)
    }
} handlers: {
    Fail(.orderFailed, error: "OrderFailed")
        .cause(.jsonata("$states.input.error.Cause"))
    SQSSendMessage(
        .manualReview,
        queueURL: "https://sqs.us-east-1.amazonaws.com/123456789012/reviews",
        messageBody: ["orderId": .jsonata("$orderId"), "token": .taskToken]
    )
    .waitForTaskToken()
    .timeout(.seconds(86400))
    SNSPublish(
        .notify,
        topic: "arn:aws:sns:us-east-1:123456789012:orders",
        message: .jsonata("'Order ' & $orderId & ' accepted'")
    )
}
.queryLanguage(.jsonata)
