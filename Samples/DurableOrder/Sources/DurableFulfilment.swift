import StepFunctions

/// The states of the durable order workflow grown into a fulfilment pipeline (seed 002's patterns).
public enum FulfilmentStep: String, StateName, CaseIterable {
    case validateOrder = "ValidateOrder"
    case chargePayment = "ChargePayment"
    case reserveStock = "ReserveStock"
    case reserveItem = "ReserveItem"
    case packOrder = "PackOrder"
    case waitForWarehouse = "WaitForWarehouse"
    case exportInvoice = "ExportInvoice"
    case buildReport = "BuildReport"
    case fulfill = "Fulfill"
    case notifyFailure = "NotifyFailure"
}

private func function(_ name: String) -> String { "arn:aws:lambda:us-east-1:123456789012:function:" + name }

/// Seed 002's advice as a workflow: an idempotency key on the charge (the execution ID), stock
/// reserved with conditional DynamoDB writes in a Map limited to 5 at a time, `.sync` jobs on ECS,
/// Glue and Batch that Step Functions waits for, and a warehouse callback (`.waitForTaskToken`) that
/// can sit idle for two days at no compute cost, with a heartbeat.
public let durableFulfilment = StateMachine(
    FulfilmentStep.self, name: "durable-fulfilment", comment: "Durable order fulfilment"
) {
    LambdaInvoke(.validateOrder, functionARN: function("validate"))
        .timeout(.seconds(30))
        .retry(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2.0)
        .catch(.all, resultPath: "$.error", next: .notifyFailure)
    LambdaInvoke(
        .chargePayment, function: function("charge"),
        payload: ["order": .path("$"), "idempotencyKey": .path("$$.Execution.Id")]
    )
    .resultSelector(["chargeId": .path("$.Payload.chargeId")])
    .resultPath("$.payment")
    .timeout(.seconds(30))
    .retry(on: "Lambda.ServiceException", "Lambda.SdkClientException", interval: .seconds(2), jitter: .full)
    .catch(.all, resultPath: "$.error", next: .notifyFailure)
    Map(.reserveStock, itemsPath: "$.items") {
        DynamoDBUpdateItem(
            .reserveItem, table: "Inventory", key: ["Sku": ["S": .path("$.sku")]],
            updateExpression: "SET reserved = reserved + :q", conditionExpression: "stock >= reserved + :q",
            expressionAttributeValues: [":q": ["N": .path("$.quantity")]]
        )
        .timeout(.seconds(10))
        .retry(on: "DynamoDB.ProvisionedThroughputExceededException", interval: .seconds(1), maxAttempts: 5)
    }
    .itemSelector(["sku": .path("$$.Map.Item.Value.sku"), "quantity": .path("$$.Map.Item.Value.quantity")])
    .maxConcurrency(5)
    .resultPath(.null)
    .catch(.all, resultPath: "$.error", next: .notifyFailure)
    ECSRunTask(
        .packOrder, cluster: "warehouse", taskDefinition: "pack-order:3", launchType: "FARGATE",
        overrides: [
            "ContainerOverrides": [
                ["Name": "packer", "Environment": [["Name": "ORDER_ID", "Value": .path("$.orderId")]]]
            ]
        ]
    )
    .sync()
    .timeout(.seconds(3600))
    .resultPath(.null)
    SNSPublish(
        .waitForWarehouse, topic: "arn:aws:sns:us-east-1:123456789012:warehouse-requests",
        message: ["orderId": .path("$.orderId"), "taskToken": .taskToken]
    )
    .waitForTaskToken()
    .timeout(.seconds(172_800))
    .heartbeat(.seconds(21_600))
    .resultPath("$.shipment")
    .catch(.timeout, resultPath: "$.error", next: .notifyFailure)
    GlueStartJobRun(.exportInvoice, jobName: "export-invoices", jobArguments: ["--order-id": .path("$.orderId")])
        .sync()
        .timeout(.seconds(1800))
        .resultPath(.null)
    BatchSubmitJob(
        .buildReport, jobName: .format("report-{}", .path("$.orderId")),
        jobQueue: "arn:aws:batch:us-east-1:123456789012:job-queue/reports", jobDefinition: "order-report:1"
    )
    .sync()
    .timeout(.seconds(3600))
    .resultPath(.null)
    LambdaInvoke(.fulfill, functionARN: function("fulfill"))
        .timeout(.seconds(30))
} handlers: {
    LambdaInvoke(.notifyFailure, functionARN: function("notify"))
        .timeout(.seconds(30))
}
