import PaymentSample
import StepFunctions
import StepFunctionsSimulator
import StepFunctionsTesting
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

    @Test func theRefundRunDrawnOnTheGraphMatchesItsGolden() async throws {
        var simulator = try simulator()
        simulator.handle(PaymentStep.processPayment) { _ in
            throw TaskError(error: "Payment.Declined", cause: "the card issuer declined the charge")
        }
        let execution = await simulator.run(input: ["orderId": "o-2"])
        let page = try paymentProcessing.picture().html(run: try ExecutionTrace(history: execution.json))
        let outcome = GoldenFile.check(
            page, path: GoldenFile.path("payment-processing.refunded.run.html", directory: "../Goldens"))
        #expect(outcome == .matched, "\(outcome)")
    }

    @Test func aPaidOrderIsRecordedAndConfirmedInParallel() async throws {
        let simulator = try simulator()
        let execution = await simulator.run(input: ["orderId": "o-3", "confirmationMessage": "thanks"])
        #expect(execution.status == .succeeded)
        #expect(execution.calls(to: "SendConfirmation").count == 1)
        #expect(execution.output?.arrayValue?.count == 2)
    }
}

/// One state of the payment pipeline at a time, as AWS's TestState tests it: the state's name is
/// the workflow's `PaymentStep`, its work is a mock, and retries are counted, not waited for.
@Suite("Payment sample, one state at a time (TestState)")
struct PaymentTestStateTests {
    let simulator: Simulator

    init() throws {
        simulator = Simulator(try paymentProcessing.compile().definition)
    }

    @Test func aChargedPaymentGoesOnToPostProcessing() async throws {
        let result = try await simulator.testState(
            PaymentStep.processPayment, input: ["orderId": "o-1", "amount": 25],
            mock: .result(["charged": true, "transactionId": "t-1"]), inspectionLevel: .debug)
        #expect(result.status == .succeeded)
        #expect(result.nextState == "ParallelPostProcessing")
        #expect(result.output == ["charged": true, "transactionId": "t-1"])
        #expect(result.inspectionData?.input == ["orderId": "o-1", "amount": 25])
    }

    @Test func aFailedPaymentIsRetriedTwiceThenRefunded() async throws {
        let first = try await simulator.testState(
            PaymentStep.processPayment, input: ["orderId": "o-2"], mock: .error("States.TaskFailed", cause: "declined"))
        #expect(first.status == .retriable)
        #expect(first.errorDetails?.retryBackoffIntervalSeconds == 5)

        let second = try await simulator.testState(
            PaymentStep.processPayment, input: ["orderId": "o-2"], mock: .error("States.TaskFailed"),
            configuration: TestStateConfiguration(retrierRetryCount: 1))
        #expect(second.errorDetails?.retryBackoffIntervalSeconds == 15)  // 5 s × BackoffRate 3

        let last = try await simulator.testState(
            PaymentStep.processPayment, input: ["orderId": "o-2"], mock: .error("States.TaskFailed", cause: "declined"),
            configuration: TestStateConfiguration(retrierRetryCount: 2))
        #expect(last.status == .caughtError)
        #expect(last.nextState == "RefundPayment")
        #expect(last.output == ["orderId": "o-2", "error": ["Error": "States.TaskFailed", "Cause": "declined"]])
    }

    @Test func theParallelStepIsMockedOneResultPerBranch() async throws {
        let result = try await simulator.testState(
            PaymentStep.parallelPostProcessing, input: ["orderId": "o-3"],
            mock: .result([["updated": true], ["MessageId": "m-1"]]))
        #expect(result.status == .succeeded)
        #expect(result.output == [["updated": true], ["MessageId": "m-1"]])
        #expect(result.nextState == nil)
    }

    @Test func aStateTheWorkflowDoesNotHaveIsRefusedInAWSsWords() async {
        await #expect(throws: TestStateError(.validationException, "State not found in definition")) {
            try await simulator.testState("ProcesPayment", mock: .result([:]))
        }
    }
}
