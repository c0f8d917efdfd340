// expect: cannot convert value of type 'OtherStep' to expected argument type 'OrderStep'
import StepFunctions
import StepFunctionsTesting

enum OrderStep: String, StateName { case chargeCard = "ChargeCard" }
enum OtherStep: String, StateName { case refund = "Refund" }

let orders = StateMachine(OrderStep.self) {
    LambdaInvoke(.chargeCard, function: "charge-card")
}

func setUp() throws {
    var sim = try WorkflowSimulator(orders)
    // A handler for a state of another workflow: the simulator takes OrderStep only.
    sim.handle(OtherStep.refund) { call in call.input }
}
