import StepFunctions

/// The states of the order processing workflows (seed 003), shared by ``orderProcessing`` and
/// ``orderProcessingWithLineItems``; each case's ASL name is its name with a capital.
public enum OrderProcessingStep: StateName {
    case validateOrder, processLineItems, processItem, aggregateResults, checkInventoryAndCharge, checkInventory
    case chargePayment, handleDeclinedPayment, fulfillOrder, sendConfirmation, orderComplete
    case compensatingTransaction, orderFailed
}

/// Order processing with `arn:aws:states:::lambda:invoke` tasks whose function ARNs Terraform's
/// `templatefile` fills in (`${ValidateOrderFunctionArn}` ...): validate, then check stock and charge
/// in parallel (a declined payment is handled inside its branch), fulfil and confirm. A failure
/// after validation runs the compensating transaction.
public let orderProcessing = StateMachine(
    OrderProcessingStep.self, name: "order-processing",
    comment: "Order processing workflow with payment, inventory, and fulfillment"
) {
    validateOrder()
    chargeAndFulfil()
} handlers: {
    failureHandling()
}

/// The same workflow with the line items processed first, by a Map over `$.order.items` that runs
/// at most ten at a time (seed 003's Map state, which uses the pre-2023 `Iterator` field).
public let orderProcessingWithLineItems = StateMachine(
    OrderProcessingStep.self, name: "order-processing-line-items",
    comment: "Order processing workflow with line items"
) {
    validateOrder()
    Map(.processLineItems, itemsPath: "$.order.items") {
        LambdaInvoke(.processItem, function: "${ProcessLineItemFunctionArn}")
            .retry(on: .all, interval: .seconds(1), maxAttempts: 3, backoffRate: 2)
    }
    .itemSelector(["item": .mapItem(), "orderId": .input("orderId"), "index": .mapItemIndex])
    .maxConcurrency(10)
    .legacyIterator()
    .resultPath("$.processedItems")
    LambdaInvoke(.aggregateResults, function: "${AggregateResultsFunctionArn}")
        .resultSelector(["total": .path("$.Payload.total")])
        .resultPath("$.totals")
    chargeAndFulfil()
} handlers: {
    failureHandling()
}

/// `ValidateOrder`: a validation error or any other failure ends in `OrderFailed`.
private func validateOrder() -> StateGroup<OrderProcessingStep> {
    StateGroup {
        LambdaInvoke(.validateOrder, function: "${ValidateOrderFunctionArn}")
            .resultPath("$.validation")
            .retry(
                on: "Lambda.ServiceException", "Lambda.AWSLambdaException", interval: .seconds(2), maxAttempts: 3,
                backoffRate: 2, jitter: .full
            )
            .catch("ValidationError", resultPath: "$.error", next: .orderFailed)
            .catch(.all, resultPath: "$.error", next: .orderFailed)
    }
}

/// Stock check and charge in parallel, then fulfilment and confirmation.
private func chargeAndFulfil() -> StateGroup<OrderProcessingStep> {
    StateGroup {
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
                    .catch("PaymentDeclinedError", resultPath: "$.error") {
                        LambdaInvoke(.handleDeclinedPayment, function: "${NotifyPaymentDeclinedFunctionArn}")
                    }
            }
        }
        .resultPath("$.parallelResults")
        .catch(.all, resultPath: "$.error", next: .compensatingTransaction)
        LambdaInvoke(.fulfillOrder, function: "${FulfillOrderFunctionArn}")
            .resultPath("$.fulfillment")
        SNSPublish(
            .sendConfirmation, topic: "${OrderConfirmationTopicArn}", message: .jsonToString(.input("fulfillment")))
        Succeed(.orderComplete)
    }
}

/// Rolls the order back, then fails the execution.
private func failureHandling() -> StateGroup<OrderProcessingStep> {
    StateGroup {
        LambdaInvoke(.compensatingTransaction, function: "${RollbackOrderFunctionArn}")
        Fail(.orderFailed, error: "OrderProcessingFailed", cause: "Order could not be processed")
    }
}
