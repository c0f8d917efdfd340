// `swift run samples [OUTPUT-DIRECTORY] [--cloudformation]`: compiles every sample workflow to
// OUTPUT-DIRECTORY/NAME.asl.json (default samples-out/) and prints what it wrote, with a count of each
// workflow's warnings by code (`workflow.validate()` lists them in full); --cloudformation also writes
// NAME.cfn.yaml (a CloudFormation template) for each.
import DurableOrderSample
import ECommerceSample
import Foundation
import MicroservicesSample
import OrderProcessingSample
import PaymentSample
import StepFunctions

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
exit(failed ? 1 : 0)
