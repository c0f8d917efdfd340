import StepFunctions

/// The states of the e-commerce order flows (seed 001), shared by ``ecommerceOrder`` and
/// ``ecommerceApproval``; each case's ASL name is its name with a capital.
public enum OrderStep: StateName {
    case validateOrder, parallelChecks, checkInventory, fraudCheck, waitForApproval, processApproved
    case chargePayment, sendConfirmation, refundAndNotify, orderRejected, orderFailed
}

private func function(_ name: String) -> String { "arn:aws:lambda:us-east-1:123:function:" + name }

/// The e-commerce order flow: validate, check stock and fraud in parallel, charge, confirm.
///
/// The seed's JSON sends a failed payment to `RefundAndNotify`, a state it never defines, so AWS
/// rejects the definition. Here the refund handler is written inline in the Catch, so it cannot go
/// missing; a named `next: .refundAndNotify` without the state is reported by `compile()` at the
/// `.catch` line (see the tests).
public let ecommerceOrder = StateMachine(
    OrderStep.self, name: "ecommerce-order", comment: "E-Commerce Order Processing Flow"
) {
    validateAndCheck()
    chargeAndConfirm()
} handlers: {
    LambdaInvoke(.orderFailed, functionARN: function("notify-failure"))
}

/// The order flow with a human in the loop: after the checks, the order waits in an SQS approvals
/// queue with its task token (`.waitForTaskToken`) until a reviewer's `SendTaskSuccess` resumes it
/// with `{"approved": true|false}`, kept at `$.approval` beside the order; `ProcessApproved` routes on it.
public let ecommerceApproval = StateMachine(
    OrderStep.self, name: "ecommerce-approval", comment: "E-Commerce order flow with a human approval"
) {
    validateAndCheck(checksResultPath: .null)
    SQSSendMessage(
        .waitForApproval, queue: .url("https://sqs.us-east-1.amazonaws.com/123/approvals"),
        messageBody: ["TaskToken": .taskToken, "OrderId": .input("orderId")]
    )
    .waitForTaskToken()
    .resultPath("$.approval")
    Choice(.processApproved) {
        When(.booleanEquals("$.approval.approved", true), next: .chargePayment)
        Otherwise {
            Fail(.orderRejected, error: "OrderRejected", cause: "A reviewer rejected the order")
        }
    }
    chargeAndConfirm()
} handlers: {
    LambdaInvoke(.orderFailed, functionARN: function("notify-failure"))
}

/// `ValidateOrder` (an invalid order goes to `OrderFailed`), then the stock and fraud checks in
/// parallel; `checksResultPath` sets the Parallel's `ResultPath` (`nil`: none).
private func validateAndCheck(checksResultPath: PathOrNull? = nil) -> StateGroup<OrderStep> {
    StateGroup {
        LambdaInvoke(.validateOrder, functionARN: function("validate-order"))
            .retry(on: "Lambda.ServiceException", interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
            .catch("InvalidOrderError", next: .orderFailed)
        Parallel(.parallelChecks) {
            Branch { LambdaInvoke(.checkInventory, functionARN: function("check-inventory")) }
            Branch { LambdaInvoke(.fraudCheck, functionARN: function("fraud-detection")) }
        }
        .resultPath(checksResultPath)
    }
}

/// `ChargePayment` (a failed payment is refunded by the inline handler), then `SendConfirmation`.
private func chargeAndConfirm() -> StateGroup<OrderStep> {
    StateGroup {
        LambdaInvoke(.chargePayment, functionARN: function("process-payment"))
            .catch("PaymentFailedError") {
                LambdaInvoke(.refundAndNotify, functionARN: function("refund-and-notify"))
            }
        LambdaInvoke(.sendConfirmation, functionARN: function("send-email"))
    }
}
