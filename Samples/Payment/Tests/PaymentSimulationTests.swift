import PaymentSample
import StepFunctions
import StepFunctionsSimulator
import Testing

/// The payment pipeline runs on the simulator through the paths seed 000 describes.
@Suite("Payment sample on the simulator")
struct PaymentSimulationTests {
    func simulator() throws -> Simulator {
        var simulator = Simulator(try paymentProcessing.compile().definition)
        for step in [
            PaymentStep.validateOrder, .checkInventory, .processPayment, .updateDatabase, .refundPayment,
            .handleFailure,
        ] {
            simulator.handle(step) { call in call.input }
        }
        simulator.handle(PaymentStep.sendConfirmation) { _ in ["MessageId": "m-1"] }
        return simulator
    }

    @Test func aFailingStockCheckIsRetriedThenCaughtAndThePaymentIsNeverCharged() async throws {
        var simulator = try simulator()
        simulator.handle(PaymentStep.checkInventory) { _ in throw TaskError(error: "Inventory.Unavailable") }
        let execution = await simulator.run(input: ["orderId": "o-1"])
        #expect(execution.status == .succeeded)
        #expect(execution.retries(of: "CheckInventory") == 3)  // MaxAttempts 3
        #expect(execution.duration == 14)  // 2 s + 4 s + 8 s of virtual time (BackoffRate 2)
        #expect(execution.calls(to: "ProcessPayment").isEmpty)
        #expect(execution.statesEntered.last == "HandleFailure")
        #expect(execution.output?["error"]?["Error"] == "Inventory.Unavailable")
    }

    @Test func aFailedPaymentIsRefundedThenReported() async throws {
        var simulator = try simulator()
        simulator.handle(PaymentStep.processPayment) { _ in throw TaskError(error: "Payment.Declined") }
        let execution = await simulator.run(input: ["orderId": "o-2"])
        #expect(execution.statesEntered.suffix(3) == ["ProcessPayment", "RefundPayment", "HandleFailure"])
        #expect(execution.retries(of: "ProcessPayment") == 2)
    }

    @Test func aPaidOrderIsRecordedAndConfirmedInParallel() async throws {
        let simulator = try simulator()
        let execution = await simulator.run(input: ["orderId": "o-3", "confirmationMessage": "thanks"])
        #expect(execution.status == .succeeded)
        #expect(execution.calls(to: "SendConfirmation").count == 1)
        #expect(execution.output?.arrayValue?.count == 2)
    }
}
