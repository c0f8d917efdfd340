import ECommerceSample
import StepFunctions
import StepFunctionsSimulator
import Testing

/// The e-commerce flows run on the simulator through the paths seed 001 describes.
@Suite("E-commerce sample on the simulator")
struct ECommerceSimulationTests {
    /// Every Lambda answers with its input. `WaitForApproval` has no handler: its
    /// `.waitForTaskToken` call pauses until the test answers with the token, as a reviewer would.
    func simulator(_ workflow: StateMachine<OrderStep>) throws -> Simulator {
        var simulator = Simulator(try workflow.compile().definition)
        for step in [OrderStep.validateOrder, .checkInventory, .fraudCheck, .chargePayment, .sendConfirmation] {
            simulator.handle(step) { call in call.input }
        }
        return simulator
    }

    @Test func anApprovedOrderIsResumedByItsTaskToken() async throws {
        let running = try simulator(ecommerceApproval).start(input: ["orderId": "o-7"])
        let token = await running.nextTaskToken()
        try running.sendTaskSuccess(taskToken: token, output: ["approved": true])
        let execution = await running.result()
        #expect(execution.status == .succeeded)
        #expect(
            execution.statesEntered == [
                "ValidateOrder", "ParallelChecks", "CheckInventory", "FraudCheck", "WaitForApproval", "ProcessApproved",
                "ChargePayment", "SendConfirmation",
            ])
        // The reviewer's answer is kept beside the order, not in place of it.
        #expect(execution.output?["orderId"] == "o-7")
        #expect(execution.output?["approval"]?["approved"] == true)
    }

    @Test func aRejectedOrderFails() async throws {
        let running = try simulator(ecommerceApproval).start(input: ["orderId": "o-8"])
        try running.sendTaskSuccess(taskToken: await running.nextTaskToken(), output: ["approved": false])
        let execution = await running.result()
        #expect(execution.status == .failed)
        #expect(execution.error == "OrderRejected")
        #expect(execution.calls(to: "ChargePayment").isEmpty)
    }

    @Test func aFailedPaymentIsRefundedByTheInlineHandler() async throws {
        var simulator = try simulator(ecommerceOrder)
        simulator.handle(OrderStep.chargePayment) { _ in throw TaskError(error: "PaymentFailedError", cause: "declined")
        }
        simulator.handle(OrderStep.refundAndNotify) { call in call.input }
        let execution = await simulator.run(input: ["orderId": "o-9"])
        #expect(execution.status == .succeeded)
        #expect(execution.statesEntered.suffix(2) == ["ChargePayment", "RefundAndNotify"])
        #expect(execution.calls(to: "SendConfirmation").isEmpty)
    }
}
