// expect: OtherStep
import StepFunctions

enum OrderStep: String, StateName { case chargeCard = "ChargeCard", refund = "Refund" }
enum OtherStep: String, StateName { case refund = "Refund" }

let orders = StateMachine(OrderStep.self) {
    LambdaInvoke(.chargeCard, function: "charge-card")
        .catch(.all, next: OtherStep.refund)
} handlers: {
    LambdaInvoke(.refund, function: "refund")
}
