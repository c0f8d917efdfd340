// The code of Docs/GettingStarted.md. Every ```swift block of the guide appears here line for line
// (indentation aside), so the guide's code compiles; GettingStartedTests checks it, and the tests
// below run it.
import StepFunctions
import StepFunctionsTesting
import StepFunctionsWorkflowTool
import Testing

/// Every state of the order workflow; each case's ASL name is the case name with a capital.
enum OrderStep: StateName, CaseIterable {
    case validateOrder, checkStock, chargeCard, fulfil, updateOrder, emailCustomer, orderShipped, refund, orderFailed
}

let orders = StateMachine(OrderStep.self, name: "orders", comment: "Take an order from validation to shipping") {
    LambdaInvoke(.validateOrder, function: "validate-order")
        .resultPath("$.validation")
        .catch("ValidationError", resultPath: "$.error", next: .orderFailed)
    LambdaInvoke(.checkStock, function: "check-stock")
        .resultPath("$.stock")
        .retry(on: "Lambda.ServiceException", interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
    LambdaInvoke(.chargeCard, function: "charge-card")
        .resultPath("$.payment")
        .retry(on: .taskFailed, interval: .seconds(5), maxAttempts: 2)
        .catch(.all, resultPath: "$.error", next: .refund)
    Parallel(.fulfil) {
        Branch {
            DynamoDBUpdateItem(
                .updateOrder, table: "Orders", key: ["OrderId": ["S": .input("orderId")]],
                updateExpression: "SET #s = :s", expressionAttributeNames: ["#s": "Status"],
                expressionAttributeValues: [":s": ["S": "PAID"]]
            )
            .timeout(.seconds(10))
        }
        Branch {
            SNSPublish(
                .emailCustomer, topic: "arn:aws:sns:eu-west-1:123456789012:order-emails",
                message: .format("Order {} is on its way", .input("orderId"))
            )
            .timeout(.seconds(10))
        }
    }
    .resultPath(.null)
    Succeed(.orderShipped)
} handlers: {
    LambdaInvoke(.refund, function: "refund-card")
    Fail(.orderFailed, error: "OrderFailed", cause: "The order could not be completed")
}
.taskDefaults(timeout: .seconds(30))

/// The guide's section on JSONata.
enum QuoteStep: JSONataStateName {
    case price, decide, accept, reject
}

let quotes = StateMachine(QuoteStep.self, name: "quotes") {
    Pass(.price)
        .assign(["total": .jsonata("$sum($states.input.items.(price * quantity))")])
    Choice(.decide) {
        When(.jsonata("$total <= 1000"), next: .accept)
        Otherwise(.reject)
    }
    Succeed(.accept).output(["total": .jsonata("$total")])
    Fail(.reject, error: "QuoteTooHigh")
}

/// The guide's code that compiles and writes things, run by the tests below.
enum GettingStartedSnippets {
    static func compileAndPrint() throws {
        let compiled = try orders.compile()
        print(compiled.json)
        for warning in compiled.warnings { print(warning) }
    }

    static func reportErrors() {
        do {
            _ = try orders.compile()
        } catch {
            for diagnostic in error.diagnostics { print(diagnostic) }
        }
    }

    static func deploymentFiles() throws -> (String, String) {
        let compiled = try orders.compile()
        let template = compiled.cloudFormationTemplate(
            CloudFormationOptions(format: .yaml, roleArn: ["Fn::GetAtt": ["OrdersRole", "Arn"]]))
        let forTerraform = try orders.compile(CompileOptions(placeholderSyntax: .terraform)).json
        return (template, forTerraform)
    }

    static func commandLine() {
        // Sources/order-workflows/main.swift
        WorkflowTool.main([orders, quotes])
    }
}

@Suite("Getting started")
struct GettingStartedExampleTests {
    @Test func ordersCompiles() throws {
        let compiled = try orders.compile()
        #expect(compiled.warnings.isEmpty, "\(compiled.warnings)")
        #expect(compiled.definition.states.names.first == "ValidateOrder")
        #expect(compiled.definition.states["Refund"]?.transition == .next("OrderFailed"))
    }

    @Test func quotesCompiles() throws {
        let compiled = try quotes.compile()
        #expect(compiled.definition.queryLanguage == .jsonata)
    }

    @Test func deploymentFilesAreWritten() throws {
        let (template, forTerraform) = try GettingStartedSnippets.deploymentFiles()
        #expect(template.contains("Type: \"AWS::StepFunctions::StateMachine\""))
        #expect(forTerraform.contains("\"StartAt\": \"ValidateOrder\""))
    }

    @Test func ordersMatchesItsGolden() {
        let problems = GoldenFile.verify(orders, directory: "Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}
