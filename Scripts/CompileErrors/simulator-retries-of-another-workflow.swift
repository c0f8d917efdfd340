// expect: cannot convert value of type 'OtherStep' to expected argument type 'OrderStep'
import StepFunctions
import StepFunctionsTesting

enum OrderStep: String, StateName { case chargeCard = "ChargeCard" }
enum OtherStep: String, StateName { case refund = "Refund" }

let orders = StateMachine(OrderStep.self) {
    LambdaInvoke(.chargeCard, function: "charge-card")
}

func check() async throws -> Int {
    let execution = try await WorkflowSimulator(orders).run()
    // Retries of another workflow's state: the execution answers for OrderStep only.
    return execution.retries(of: OtherStep.refund)
}
