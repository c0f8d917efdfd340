import OrderProcessingSample
import StepFunctions
import StepFunctionsSimulator
import Testing

/// The order processing workflow with its Map over line items runs on the simulator.
@Suite("Order processing sample on the simulator")
struct OrderProcessingSimulationTests {
    @Test func everyLineItemIsProcessedThenTheOrderIsFulfilled() async throws {
        var simulator = Simulator(try orderProcessingWithLineItems.compile().definition)
        for step in [
            OrderProcessingStep.validateOrder, .checkInventory, .chargePayment, .fulfillOrder, .sendConfirmation,
        ] {
            simulator.handle(step) { call in call.input }
        }
        simulator.handle(OrderProcessingStep.processItem) { call in
            ["index": call.input["index"] ?? .null, "price": call.input["item"]?["price"] ?? .null]
        }
        simulator.handle(OrderProcessingStep.aggregateResults) { call in
            let prices = (call.input["processedItems"]?.arrayValue ?? []).compactMap {
                $0["Payload"]?["price"]?.doubleValue
            }
            return ["total": .double(prices.reduce(0, +))]
        }
        let order: JSONValue = [
            "items": [["sku": "a", "price": 5], ["sku": "b", "price": 7.5], ["sku": "c", "price": 10]]
        ]
        let execution = await simulator.run(input: ["orderId": "o-1", "order": order])
        #expect(execution.status == .succeeded, "\(execution.error ?? "") \(execution.cause ?? "")")
        #expect(execution.calls(to: "ProcessItem").map { $0["index"] } == [0, 1, 2])
        #expect(execution.calls(to: "ProcessItem").allSatisfy { $0["orderId"] == "o-1" })
        // AggregateResults' ResultSelector keeps only the total, at $.totals, for the states after it.
        #expect(execution.calls(to: "FulfillOrder").first?["totals"] == ["total": 22.5])
        #expect(execution.statesEntered.last == "OrderComplete")
    }
}
