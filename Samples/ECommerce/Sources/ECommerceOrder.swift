import StepFunctions

/// The states of the e-commerce order flow (seed 001).
public enum OrderStep: String, StateName, CaseIterable {
    case validateOrder = "ValidateOrder"
    case parallelChecks = "ParallelChecks"
    case checkInventory = "CheckInventory"
    case fraudCheck = "FraudCheck"
    case chargePayment = "ChargePayment"
    case sendConfirmation = "SendConfirmation"
    case refundAndNotify = "RefundAndNotify"
    case orderFailed = "OrderFailed"
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
    LambdaInvoke(.validateOrder, functionARN: function("validate-order"))
        .retry(on: "Lambda.ServiceException", interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
        .catch("InvalidOrderError", next: .orderFailed)
    Parallel(.parallelChecks) {
        Branch { LambdaInvoke(.checkInventory, functionARN: function("check-inventory")) }
        Branch { LambdaInvoke(.fraudCheck, functionARN: function("fraud-detection")) }
    }
    LambdaInvoke(.chargePayment, functionARN: function("process-payment"))
        .catch("PaymentFailedError") {
            LambdaInvoke(.refundAndNotify, functionARN: function("refund-and-notify"))
        }
    LambdaInvoke(.sendConfirmation, functionARN: function("send-email"))
} handlers: {
    LambdaInvoke(.orderFailed, functionARN: function("notify-failure"))
}
