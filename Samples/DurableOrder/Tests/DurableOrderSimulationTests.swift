import DurableOrderSample
import StepFunctions
import StepFunctionsSimulator
import Testing

/// The durable order workflow on the simulator: Step Functions owns the retries and the routing.
@Suite("Durable order sample on the simulator")
struct DurableOrderSimulationTests {
    @Test func aFlakyValidationIsRetriedAndTheOrderGoesThrough() async throws {
        var simulator = Simulator(try durableOrder.compile().definition)
        let attempts = Attempts()
        simulator.handle(DurableOrderStep.validateOrder) { call in
            if await attempts.next() < 3 { throw TaskError(error: "Validation.Unavailable") }
            return call.input
        }
        simulator.handle(DurableOrderStep.chargePayment) { call in call.input }
        simulator.handle(DurableOrderStep.fulfill) { _ in ["shipped": true] }
        let execution = await simulator.run(input: ["orderId": "o-1"])
        #expect(execution.status == .succeeded)
        #expect(execution.retries(of: "ValidateOrder") == 2)
        #expect(execution.duration == 6)  // 2 s, then 4 s
        #expect(execution.output == ["shipped": true])
    }

    @Test func aValidationThatKeepsFailingEndsInTheFailureNotice() async throws {
        var simulator = Simulator(try durableOrder.compile().definition)
        simulator.handle(DurableOrderStep.validateOrder) { _ in throw TaskError(error: "Validation.Unavailable") }
        simulator.handle(DurableOrderStep.notifyFailure) { _ in ["notified": true] }
        let execution = await simulator.run(input: ["orderId": "o-2"])
        #expect(execution.statesEntered == ["ValidateOrder", "NotifyFailure"])
        #expect(execution.retries(of: "ValidateOrder") == 3)
        #expect(execution.calls(to: "ChargePayment").isEmpty)
    }
}

private actor Attempts {
    var count = 0
    func next() -> Int {
        count += 1
        return count
    }
}
