import StepFunctions

/// The states of the durable order workflow (seed 002).
public enum DurableOrderStep: StateName, CaseIterable {
    case validateOrder, chargePayment, fulfill, notifyFailure
}

private func function(_ name: String) -> String { "arn:aws:lambda:us-east-1:123456789012:function:" + name }

/// The durable order workflow: Step Functions owns the retries and the routing to a failure state.
public let durableOrder = StateMachine(DurableOrderStep.self, name: "durable-order", comment: "Order processing") {
    LambdaInvoke(.validateOrder, functionARN: function("validate"))
        .retry(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
        .catch(.all, next: .notifyFailure)
    LambdaInvoke(.chargePayment, functionARN: function("charge"))
    LambdaInvoke(.fulfill, functionARN: function("fulfill"))
} handlers: {
    LambdaInvoke(.notifyFailure, functionARN: function("notify"))
}
