import StepFunctions
import StepFunctionsSimulator
import StepFunctionsTesting
import Testing

/// The simulator typed to a workflow: handlers, runs and queries by the workflow's own state names
/// and Codable types (the compile-fail half is Scripts/CompileErrors/*-simulator-*.swift).
@Suite struct WorkflowSimulatorTests {
    enum OrderStep: String, StateName {
        case validate = "Validate", chargeCard = "ChargeCard", remember = "Remember", shipItems = "ShipItems"
        case shipItem = "ShipItem", declined = "Declined"
    }

    struct Order: Codable, Sendable, Equatable {
        var id: String
        var amount: Int
    }

    struct Receipt: Codable, Sendable, Equatable {
        var orderId: String
        var charged: Int
    }

    struct CardDeclined: Error {}

    static let arn = "arn:aws:lambda:us-east-1:123456789012:function:"

    static let orders = StateMachine(OrderStep.self, name: "orders") {
        LambdaInvoke(.validate, functionARN: arn + "validate").timeout(.seconds(10))
        LambdaInvoke(.chargeCard, functionARN: arn + "charge").timeout(.seconds(10))
            .retry(on: "CardDeclined", interval: .seconds(1), maxAttempts: 2, backoffRate: 2)
            .catch(.all, resultPath: "$.error", next: .declined)
        Pass(.remember).assign(["receipt": .path("$"), "charged": .path("$.charged")])
    } handlers: {
        Fail(.declined, error: "Declined")
    }

    @Test func handlersRunsAndQueriesAreTypedToTheWorkflow() async throws {
        var sim = try WorkflowSimulator(Self.orders)
        sim.handle(.validate) { (order: Order) in order }
        sim.handle(.chargeCard) { (order: Order) in Receipt(orderId: order.id, charged: order.amount) }
        let execution = try await sim.run(input: Order(id: "o-1", amount: 42))
        #expect(execution.status == .succeeded)
        #expect(execution.statesEntered == [.validate, .chargeCard, .remember])
        #expect(try execution.output(as: Receipt.self) == Receipt(orderId: "o-1", charged: 42))
        let calls = execution.calls(to: .chargeCard)
        #expect(calls.map(\.attempt) == [1])
        #expect(try calls.first?.input(as: Order.self) == Order(id: "o-1", amount: 42))
        #expect(calls.first?.resource == Self.arn + "charge")
        #expect(try execution.output(of: .validate, as: Order.self) == Order(id: "o-1", amount: 42))
        // Variables are JSON values, not JSON text.
        #expect(execution.variables["charged"] == 42)
        #expect(execution.variables["receipt"] == ["orderId": "o-1", "charged": 42])
        #expect(execution.variables(assignedBy: .remember)?["charged"] == 42)
        #expect(execution.variables(assignedBy: .validate) == nil)
        // The untyped execution reads through.
        #expect(execution.execution.statesEntered == ["Validate", "ChargeCard", "Remember"])
    }

    @Test func retriesAndAttemptsAreCountedPerState() async throws {
        var sim = try WorkflowSimulator(Self.orders)
        sim.handle(.validate) { call in call.input }
        sim.handle(.chargeCard) { _ in throw CardDeclined() }
        let execution = await sim.run(input: ["id": "o-2", "amount": 5])
        #expect(execution.status == .failed)
        #expect(execution.error == "Declined")
        #expect(execution.retries(of: .chargeCard) == 2)
        #expect(execution.calls(to: .chargeCard).map(\.attempt) == [1, 2, 3])
        #expect(execution.statesEntered == [.validate, .chargeCard, .declined])
        #expect(execution.duration == 3)  // 1 s + 2 s of backoff
        #expect(throws: WorkflowExecutionError.self) { try execution.output(as: Receipt.self) }
        do {
            _ = try execution.output(as: Receipt.self)
        } catch {
            #expect("\(error)" == "the execution is FAILED, so it has no output (Declined)")
        }
    }

    @Test func theWorkflowsNameAndTypeAreTheSimulatorsOwn() throws {
        let express = StateMachine(OrderStep.self, name: "quick") { Pass(.validate) }.type(.express)
        let sim = try WorkflowSimulator(express)
        #expect(sim.options.stateMachineType == .express)
        #expect(sim.options.stateMachineName == "quick")
        #expect(sim.compiled.name == "quick")
        #expect(try Self.orders.simulator().options.stateMachineType == .standard)
    }

    @Test func aWorkflowThatDoesNotCompileIsAValidationFailure() {
        let broken = StateMachine(OrderStep.self) {
            Pass(.validate)
            LambdaInvoke(.chargeCard, functionARN: Self.arn + "charge").catch(.all, next: .declined)
        }
        #expect(throws: ValidationFailure.self) { try WorkflowSimulator(broken) }
    }

    static let shipping = StateMachine(OrderStep.self, name: "shipping") {
        Map(.shipItems, itemsPath: "$.items") {
            LambdaInvoke(.shipItem, functionARN: arn + "ship").timeout(.seconds(10))
        }
        .processorConfig(mode: .distributed, executionType: .express)
        .toleratedFailureCount(1)
    }

    struct OutOfStock: Error {}

    @Test func aDistributedMapsChildExecutionsAreInTheResult() async throws {
        var sim = try WorkflowSimulator(Self.shipping)
        sim.handle(.shipItem) { call in
            if call.input["sku"] == "b" { throw OutOfStock() }
            return ["shipped": call.input["sku"] ?? .null]
        }
        let execution = await sim.run(input: ["items": [["sku": "a"], ["sku": "b"], ["sku": "c"]]])
        #expect(execution.status == .succeeded)
        let runs = execution.mapRuns(of: .shipItems)
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.children.map(\.index) == [0, 1, 2])
        #expect(run.children.map(\.status) == [.succeeded, .failed, .succeeded])
        #expect(run.children.map(\.statesEntered) == [[.shipItem], [.shipItem], [.shipItem]])
        #expect(run.children[0].output == ["shipped": "a"])
        #expect(run.children[1].error == "OutOfStock")
        #expect(run.children[1].input == ["sku": "b"])
        #expect(run.failures.map(\.index) == [1])
        #expect(run.toleratedFailures == 1)
        #expect(!run.exceededTolerance)
        #expect(run.report?.failed == 1)
        #expect(run.report?.toleratedFailureCount == 1)
        // The parent's own history has no child states.
        #expect(execution.statesEntered == [.shipItems])
    }

    @Test func aDistributedMapPastItsToleranceFailsAndSaysSo() async throws {
        var sim = try WorkflowSimulator(Self.shipping)
        sim.handle(.shipItem) { _ in throw OutOfStock() }
        let execution = await sim.run(input: ["items": [["sku": "a"], ["sku": "b"]]])
        #expect(execution.status == .failed)
        #expect(execution.error == "States.ExceedToleratedFailureThreshold")
        let run = try #require(execution.mapRuns(of: .shipItems).first)
        #expect(run.exceededTolerance)
        #expect(run.toleratedFailures == 0)
        #expect(run.failures.count == 2)
        #expect(run.children.allSatisfy { $0.statesEntered == [.shipItem] })
    }

    @Test func childHistoriesCanBeLimited() async throws {
        var options = Simulator.Options()
        options.mapRunChildHistories = 1
        var sim = try WorkflowSimulator(Self.shipping, options: options)
        sim.handle(.shipItem) { call in call.input }
        let execution = await sim.run(input: ["items": [["sku": "a"], ["sku": "b"]]])
        let run = try #require(execution.mapRuns(of: .shipItems).first)
        #expect(run.children.map(\.statesEntered) == [[.shipItem], []])
        #expect(run.children.map(\.output) == [["sku": "a"], ["sku": "b"]])
    }

    enum ParentStep: String, StateName { case startShipping = "StartShipping" }

    @Test func aChildWorkflowIsRegisteredByItsName() async throws {
        let parent = StateMachine(ParentStep.self, name: "parent") {
            StepFunctionsStartExecution(
                .startShipping, stateMachine: "arn:aws:states:us-east-1:123456789012:stateMachine:shipping",
                input: .path("$")
            )
            .sync2().timeout(.seconds(60))
        }
        var sim = try WorkflowSimulator(parent)
        try sim.register(child: Self.shipping)
        sim.handle(resource: Self.arn + "ship") { call in call.input }
        let execution = await sim.run(input: ["items": [["sku": "a"]]])
        #expect(execution.status == .succeeded, "\(execution.cause ?? "")")
        #expect(execution.statesEntered == [.startShipping])
        #expect(execution.output?["Output"] == [["sku": "a"]])
    }
}
