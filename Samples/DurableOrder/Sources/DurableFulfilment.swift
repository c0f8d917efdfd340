import StepFunctions

/// The states of the durable order workflow grown into a fulfilment pipeline (seed 002's patterns).
public enum FulfilmentStep: StateName, CaseIterable {
    case validateOrder, chargePayment, reserveStock, reserveItem, packOrder, waitForWarehouse, exportInvoice
    case buildReport, fulfill, notifyFailure
}

private func function(_ name: String) -> String { "arn:aws:lambda:us-east-1:123456789012:function:" + name }

/// Every failure the workflow handles goes to `NotifyFailure`, with the error at `$.error`.
private let toFailure = CatchPolicy<FulfilmentStep>(.all, resultPath: "$.error", next: .notifyFailure)

/// Seed 002's advice as a workflow: an idempotency key on the charge (the execution ID), stock
/// reserved with conditional DynamoDB writes in a Map limited to 5 at a time, `.sync` jobs on ECS,
/// Glue and Batch that Step Functions waits for, and a warehouse callback (`.waitForTaskToken`) that
/// can sit idle for two days at no compute cost, with a heartbeat. Every Task has a timeout: 30
/// seconds unless it says otherwise.
public let durableFulfilment = StateMachine(
    FulfilmentStep.self, name: "durable-fulfilment", comment: "Durable order fulfilment"
) {
    LambdaInvoke(.validateOrder, functionARN: function("validate"))
        .retry(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
        .catch(toFailure)
    LambdaInvoke(
        .chargePayment, function: function("charge"), payload: ["order": .stateInput, "idempotencyKey": .executionID]
    )
    .resultSelector(["chargeId": .path("$.Payload.chargeId")])
    .resultPath("$.payment")
    .retry(on: "Lambda.ServiceException", "Lambda.SdkClientException", interval: .seconds(2), jitter: .full)
    .catch(toFailure)
    Map(.reserveStock, itemsPath: "$.items") {
        DynamoDBUpdateItem(
            .reserveItem, table: "Inventory", key: ["Sku": ["S": .input("sku")]],
            updateExpression: "SET reserved = reserved + :q", conditionExpression: "stock >= reserved + :q",
            expressionAttributeValues: [":q": ["N": .input("quantity")]]
        )
        .timeout(.seconds(10))
        .retry(on: "DynamoDB.ProvisionedThroughputExceededException", interval: .seconds(1), maxAttempts: 5)
    }
    .itemSelector(["sku": .mapItem("sku"), "quantity": .mapItem("quantity")])
    .maxConcurrency(5)
    .resultPath(.null)
    .catch(toFailure)
    ECSRunTask(
        .packOrder, cluster: "warehouse", taskDefinition: "pack-order:3", launchType: "FARGATE",
        overrides: [
            "ContainerOverrides": [
                ["Name": "packer", "Environment": [["Name": "ORDER_ID", "Value": .input("orderId")]]]
            ]
        ]
    )
    .sync().timeout(.hours(1)).resultPath(.null)
    SNSPublish(
        .waitForWarehouse, topic: "arn:aws:sns:us-east-1:123456789012:warehouse-requests",
        message: ["orderId": .input("orderId"), "taskToken": .taskToken]
    )
    .waitForTaskToken().timeout(.days(2)).heartbeat(.hours(6))
    .resultPath("$.shipment")
    .catch(.timeout, resultPath: "$.error", next: .notifyFailure)
    GlueStartJobRun(.exportInvoice, jobName: "export-invoices", jobArguments: ["--order-id": .input("orderId")])
        .sync().timeout(.minutes(30)).resultPath(.null)
    BatchSubmitJob(
        .buildReport, jobName: .format("report-{}", .input("orderId")),
        jobQueue: "arn:aws:batch:us-east-1:123456789012:job-queue/reports", jobDefinition: "order-report:1"
    )
    .sync().timeout(.hours(1)).resultPath(.null)
    LambdaInvoke(.fulfill, functionARN: function("fulfill"))
} handlers: {
    LambdaInvoke(.notifyFailure, functionARN: function("notify"))
}
.taskDefaults(timeout: .seconds(30))
