// expect: cannot convert value of type 'String' to expected argument type 'OrderStep'
import StepFunctions
import StepFunctionsTesting

enum OrderStep: String, StateName { case chargeCard = "ChargeCard" }

let orders = StateMachine(OrderStep.self) {
    LambdaInvoke(.chargeCard, function: "charge-card")
}

func setUp() throws {
    var sim = try WorkflowSimulator(orders)
    // A typed simulator takes the state's case, not its text (a typo would compile).
    sim.handle("ChargeCrad") { call in call.input }
}
