// expect: type 'OrderStep' has no member 'refnud'
import StepFunctions

enum OrderStep: String, StateName { case chargeCard = "ChargeCard", refund = "Refund" }

let orders = StateMachine(OrderStep.self) {
    LambdaInvoke(.chargeCard, function: "charge-card")
        .catch(.all, next: .refnud)
} handlers: {
    LambdaInvoke(.refund, function: "refund")
}
