import StepFunctions
import StepFunctionsSimulator
import Testing

// The README's two examples, verbatim: if this file stops compiling or passing, fix the README too.

enum PaymentStep: String, StateName {
    case validateOrder = "ValidateOrder", chargeCard = "ChargeCard"
    case refund = "Refund", paymentFailed = "PaymentFailed"
}

let payment = StateMachine(PaymentStep.self, name: "payment") {
    LambdaInvoke(.validateOrder, function: "validate-order")
        .timeout(.seconds(30))
    LambdaInvoke(.chargeCard, function: "charge-card")
        .timeout(.seconds(30))
        .retry(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
        .catch(.all, resultPath: "$.error", next: .refund)
} handlers: {
    LambdaInvoke(.refund, function: "refund-payment")
        .timeout(.seconds(30))
    Fail(.paymentFailed, error: "PaymentFailed", cause: "The card was declined")
}

@Test func readmeWorkflowCompiles() throws {
    let json = try payment.compile().json  // throws ValidationFailure listing every problem, file:line
    #expect(json.contains("\"ChargeCard\""))
}

@Test func declinedCardIsRefunded() async throws {
    var simulator = Simulator(try payment.compile().definition)
    simulator.handle(PaymentStep.validateOrder) { call in call.input }
    simulator.handle(PaymentStep.chargeCard) { _ in throw TaskError(error: "CardDeclined") }
    simulator.handle(PaymentStep.refund) { call in call.input }
    let execution = await simulator.run(input: ["orderId": "o-1"])
    #expect(execution.status == .failed)
    #expect(execution.statesEntered == ["ValidateOrder", "ChargeCard", "Refund", "PaymentFailed"])
    #expect(execution.retries(of: "ChargeCard") == 3)  // 2 s, 4 s, 8 s of virtual time: instant
}
