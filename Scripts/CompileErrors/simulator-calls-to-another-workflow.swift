// expect: cannot convert value of type 'OtherStep' to expected argument type 'OrderStep'
import StepFunctions
import StepFunctionsTesting

enum OrderStep: String, StateName { case chargeCard = "ChargeCard" }
enum OtherStep: String, StateName { case refund = "Refund" }

let orders = StateMachine(OrderStep.self) {
    LambdaInvoke(.chargeCard, function: "charge-card")
}

func check() async throws -> Bool {
    let execution = try await WorkflowSimulator(orders).run()
    // The calls of another workflow's state.
    return execution.calls(to: OtherStep.refund).isEmpty
}
