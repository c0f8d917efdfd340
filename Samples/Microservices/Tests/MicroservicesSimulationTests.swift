import MicroservicesSample
import StepFunctions
import StepFunctionsSimulator
import Testing

/// The microservices orchestration runs on the simulator: the Parallel's results feed the notification.
@Suite("Microservices sample on the simulator")
struct MicroservicesSimulationTests {
    @Test func theParallelResultsFeedTheNotification() async throws {
        var simulator = Simulator(try microservicesOrchestration.compile().definition)
        simulator.handle(MicroserviceStep.getUserData) { _ in ["userId": "u-1", "tier": "gold"] }
        simulator.handle(MicroserviceStep.createOrder) { _ in ["orderId": "o-1"] }
        simulator.handle(MicroserviceStep.processPayment) { _ in ["paymentId": "p-1"] }
        simulator.handle(MicroserviceStep.checkInventory) { _ in ["inStock": true] }
        simulator.handle(MicroserviceStep.sendNotification) { call in call.input }
        let execution = await simulator.run(input: ["orderData": ["sku": "A-1", "quantity": 2]])
        #expect(execution.status == .succeeded, "\(execution.error ?? "") \(execution.cause ?? "")")
        let notification = try #require(execution.calls(to: "SendNotification").first)
        #expect(notification["userData"]?["tier"] == "gold")
        #expect(notification["orderData"]?["orderId"] == "o-1")
        #expect(notification["paymentData"]?["paymentId"] == "p-1")
    }
}
