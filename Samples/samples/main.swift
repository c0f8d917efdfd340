// `swift run samples [OUTPUT-DIRECTORY] [--cloudformation]`, the README's main job: compiles every
// sample workflow to OUTPUT-DIRECTORY/NAME.asl.json (default samples-out/) and prints what it wrote,
// with a count of each workflow's warnings by code (`workflow.validate()` lists them in full);
// --cloudformation also writes NAME.cfn.yaml (a CloudFormation template) for each. Then it runs the
// payment pipeline on the embedded simulator, in virtual time, and prints its timeline.
import DurableOrderSample
import ECommerceSample
import Foundation
import MicroservicesSample
import OrderProcessingSample
import PaymentSample
import StepFunctions
import StepFunctionsSimulator
import StepFunctionsWorkflowTool

let workflows: [any CompilableWorkflow] = [
    paymentProcessing, paymentIntegrations,
    ecommerceOrder, ecommerceApproval,
    durableOrder, durableFulfilment,
    orderProcessing, orderProcessingWithLineItems,
    microservicesOrchestration,
]

let arguments = CommandLine.arguments.dropFirst()
let outputDirectory = arguments.first { !$0.hasPrefix("--") } ?? "samples-out"
let writeCloudFormation = arguments.contains("--cloudformation")

var failed = false
for workflow in workflows {
    do {
        let compiled = try workflow.compile(CompileOptions())
        print("wrote \(try compiled.write(toDirectory: outputDirectory))")
        if writeCloudFormation {
            print("wrote \(try compiled.writeCloudFormationTemplate(toDirectory: outputDirectory))")
        }
        let codes = compiled.warnings.map(\.code.rawValue)
        for code in Set(codes).sorted() { print("  warnings: \(codes.filter { $0 == code }.count) \(code)") }
    } catch {
        print("\(workflow.name): \(error)")
        failed = true
    }
}
if failed { exit(1) }

// The payment pipeline on the embedded simulator. The inventory service fails twice with a
// transient error, which the state's Retry absorbs (2 s, then 4 s of virtual time); the payment is
// charged once; the database update and the confirmation run in parallel.
actor AttemptCounter {
    private var count = 0
    func next() -> Int {
        count += 1
        return count
    }
}

let inventoryAttempts = AttemptCounter()
var simulator = Simulator(try paymentProcessing.compile().definition)
simulator.handle(PaymentStep.validateOrder) { call in call.input }
simulator.handle(PaymentStep.checkInventory) { call in
    if await inventoryAttempts.next() <= 2 {
        throw TaskError(error: "Inventory.ServiceUnavailable", cause: "the inventory service timed out")
    }
    return call.input
}
simulator.handle(PaymentStep.processPayment) { call in
    var order = call.input.objectValue ?? JSONObject()
    order["paymentId"] = "pay-7731"
    return .object(order)
}
simulator.handle(PaymentStep.updateDatabase) { _ in ["updated": true] }
simulator.handle(PaymentStep.sendConfirmation) { _ in ["MessageId": "3f1c5e2a-0000-4000-8000-000000000001"] }

print("\nSimulating \(paymentProcessing.name) on the embedded simulator:\n")
let execution = await simulator.run(input: [
    "orderId": "o-1001", "amount": 42.5, "confirmationMessage": "Your order o-1001 is confirmed",
])
print(Timeline(execution).text)
exit(execution.status == .succeeded ? 0 : 1)
