import Foundation
import StepFunctions
import StepFunctionsTesting
import Testing

/// Two workflows as one stack: the parent starts the child by a `Ref`, each has a role whose policy
/// grants exactly what its Task states use, and cfn-lint accepts the template.
@Suite struct CloudFormationStackTests {
    enum ShippingStep: String, StateName {
        case reserve = "Reserve", ship = "Ship", notifyWarehouse = "NotifyWarehouse", record = "Record"
    }

    enum OrderStep: String, StateName {
        case validate = "Validate", startShipping = "StartShipping", announce = "Announce"
    }

    static let shipping = StateMachine(ShippingStep.self, name: "shipping") {
        LambdaInvoke(.reserve, function: "reserve-stock").timeout(.seconds(30))
        LambdaInvoke(.ship, function: "arn:aws:lambda:us-east-1:123456789012:function:ship-order").timeout(
            .seconds(30))
        SQSSendMessage(
            .notifyWarehouse, queueURL: "https://sqs.us-east-1.amazonaws.com/123456789012/warehouse",
            messageBody: .path("$")
        ).timeout(.seconds(30))
        DynamoDBPutItem(.record, table: "shipments", item: ["id": ["S": .path("$.orderId")]]).timeout(.seconds(30))
    }

    static let orders = StateMachine(OrderStep.self, name: "orders") {
        LambdaInvoke(.validate, function: "${ValidateFunctionArn}").timeout(.seconds(30))
        StepFunctionsStartExecution(
            .startShipping, stateMachine: "arn:aws:states:us-east-1:123456789012:stateMachine:shipping",
            input: .path("$")
        )
        .sync2().timeout(.seconds(600))
        SNSPublish(.announce, topic: "arn:aws:sns:us-east-1:123456789012:orders", message: .path("$"))
            .timeout(.seconds(30))
    }

    func stack(_ property: CloudFormationStack.DefinitionProperty = .definition) throws -> CloudFormationStack {
        var stack = CloudFormationStack(format: .yaml, definitionProperty: property)
        stack.add(try Self.shipping.compile())
        stack.add(try Self.orders.compile(), logging: .init(level: .error, includeExecutionData: true), tracing: true)
        return stack
    }

    /// `Fn::Sub` of an ARN in this account and region.
    func sub(_ text: String) -> JSONValue { ["Fn::Sub": .string(text)] }

    @Test func eachRoleGrantsWhatItsWorkflowsTasksUseAndNothingElse() throws {
        let stack = try stack()
        let shipping = try stack.policyStatements(for: "ShippingStateMachine")
        #expect(
            shipping == [
                .init(
                    actions: ["lambda:InvokeFunction"],
                    resources: [
                        sub("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:reserve-stock"),
                        sub("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:reserve-stock:*"),
                        "arn:aws:lambda:us-east-1:123456789012:function:ship-order",
                        "arn:aws:lambda:us-east-1:123456789012:function:ship-order:*",
                    ]),
                .init(
                    actions: ["sqs:SendMessage"],
                    resources: [sub("arn:${AWS::Partition}:sqs:us-east-1:123456789012:warehouse")]),
                .init(
                    actions: ["dynamodb:PutItem"],
                    resources: [sub("arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/shipments")]),
            ])
        let orders = try stack.policyStatements(for: "OrdersStateMachine")
        #expect(
            orders == [
                .init(
                    actions: ["lambda:InvokeFunction"],
                    resources: [
                        ["Ref": "ValidateFunctionArn"], ["Fn::Join": ["", [["Ref": "ValidateFunctionArn"], ":*"]]],
                    ]),
                .init(actions: ["states:StartExecution"], resources: [["Ref": "ShippingStateMachine"]]),
                .init(
                    actions: ["states:DescribeExecution", "states:StopExecution"],
                    resources: [
                        sub(
                            "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${ShippingStateMachine.Name}:*"
                        )
                    ]),
                .init(
                    actions: ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                    resources: [
                        sub(
                            "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"
                        )
                    ]),
                .init(actions: ["sns:Publish"], resources: ["arn:aws:sns:us-east-1:123456789012:orders"]),
                .init(
                    actions: [
                        "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
                        "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
                        "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
                    ], resources: ["*"]),
                .init(
                    actions: [
                        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                        "xray:GetSamplingTargets",
                    ], resources: ["*"]),
            ])
        #expect(try stack.notes().isEmpty)
    }

    @Test func everyTaskResourceOfTheDefinitionsIsCoveredByAStatement() throws {
        // Independently of the writer: each Task's service action appears in its workflow's policy.
        let stack = try stack()
        for (workflow, id, tasks) in [
            (try Self.shipping.compile(), "ShippingStateMachine", 4),
            (try Self.orders.compile(), "OrdersStateMachine", 3),
        ] {
            let granted = Set(try stack.policyStatements(for: id).flatMap(\.actions))
            let states = try #require(try JSONParser.parse(workflow.json)["States"]?.objectValue)
            #expect(states.filter { $0.value["Type"] == "Task" }.count == tasks)
            for (name, state) in states {
                guard state["Type"] == "Task", let resource = state["Resource"]?.stringValue else { continue }
                let expected: String
                if resource.contains("lambda:invoke") {
                    expected = "lambda:InvokeFunction"
                } else if resource.contains("sqs:sendMessage") {
                    expected = "sqs:SendMessage"
                } else if resource.contains("sns:publish") {
                    expected = "sns:Publish"
                } else if resource.contains("dynamodb:putItem") {
                    expected = "dynamodb:PutItem"
                } else if resource.contains("states:startExecution") {
                    expected = "states:StartExecution"
                } else {
                    Issue.record("\(name): unexpected resource \(resource)")
                    continue
                }
                #expect(granted.contains(expected), "\(workflow.name).\(name) uses \(resource)")
            }
        }
    }

    @Test func theParentStartsTheChildByReference() throws {
        let template = try stack().templateValue()
        let resources = try #require(template["Resources"])
        let orders = try #require(resources["OrdersStateMachine"]?["Properties"])
        #expect(
            orders["Definition"]?["States"]?["StartShipping"]?["Parameters"]?["StateMachineArn"]
                == "${ShippingStateMachine}")
        #expect(orders["DefinitionSubstitutions"]?["ShippingStateMachine"] == ["Ref": "ShippingStateMachine"])
        #expect(orders["DefinitionSubstitutions"]?["ValidateFunctionArn"] == ["Ref": "ValidateFunctionArn"])
        #expect(template["Parameters"]?["ValidateFunctionArn"]?["Type"] == "String")
        #expect(orders["RoleArn"] == ["Fn::GetAtt": ["OrdersStateMachineRole", "Arn"]])
        #expect(orders["TracingConfiguration"] == ["Enabled": true])
        #expect(orders["LoggingConfiguration"]?["Level"] == "ERROR")
        #expect(orders["LoggingConfiguration"]?["IncludeExecutionData"] == true)
        #expect(
            orders["LoggingConfiguration"]?["Destinations"]?[0]?["CloudWatchLogsLogGroup"]?["LogGroupArn"]
                == ["Fn::GetAtt": ["OrdersStateMachineLogs", "Arn"]])
        #expect(resources["OrdersStateMachineLogs"]?["Type"] == "AWS::Logs::LogGroup")
        #expect(resources["ShippingStateMachineLogs"] == nil)
        #expect(resources["ShippingStateMachine"]?["Properties"]?["TracingConfiguration"] == nil)
        // The child's own definition keeps its text; no hard-coded ARN of the child is left in the parent.
        #expect(!JSONWriter.compact.string(orders).contains(":stateMachine:shipping"))
    }

    @Test func theStackMatchesItsGolden() throws {
        let outcome = GoldenFile.verifyText(try stack().template(), named: "orders-shipping.stack.yaml")
        #expect(outcome == .matched, "\(outcome)")
    }

    @Test func definitionStringHoldsTheSameDefinitionAsText() throws {
        let object = try stack(.definition).templateValue()
        let text = try stack(.definitionString).templateValue()
        for id in ["ShippingStateMachine", "OrdersStateMachine"] {
            let properties = text["Resources"]?[id]?["Properties"]
            #expect(properties?["Definition"] == nil)
            let string = try #require(properties?["DefinitionString"]?.stringValue)
            #expect(try JSONParser.parse(string) == object["Resources"]?[id]?["Properties"]?["Definition"])
        }
    }

    @Test func workflowsThatStartOneAnotherInACycleAreRefused() throws {
        enum Step: String, StateName { case start = "Start" }
        let a = StateMachine(Step.self, name: "a") {
            StepFunctionsStartExecution(.start, stateMachine: "arn:aws:states:us-east-1:123456789012:stateMachine:b")
                .timeout(.seconds(30))
        }
        let b = StateMachine(Step.self, name: "b") {
            StepFunctionsStartExecution(.start, stateMachine: "${a}").timeout(.seconds(30))
        }
        var stack = CloudFormationStack()
        stack.add(try a.compile())
        stack.add(try b.compile())
        #expect {
            try stack.template()
        } throws: { error in
            "\(error)".hasPrefix("the workflows start one another in a cycle (a → b → a)")
        }
        var twice = CloudFormationStack()
        twice.add(try a.compile())
        twice.add(try a.compile(), logicalID: "Other")
        #expect {
            try twice.template()
        } throws: { error in
            "\(error)".contains("two workflows of the stack are named 'a'")
        }
    }

    @Test func whatCannotBeScopedIsNamedInTheNotes() throws {
        enum Step: String, StateName { case list = "List", pick = "Pick" }
        let machine = StateMachine(Step.self, name: "tools") {
            TaskStep(.list, resource: "arn:aws:states:::aws-sdk:s3:listBuckets").timeout(.seconds(30))
            TaskStep(.pick, resource: "arn:aws:states:::lambda:invoke")
                .parameters(["FunctionName": .path("$.function")]).timeout(.seconds(30))
        }
        var stack = CloudFormationStack()
        stack.add(try machine.compile())
        let statements = try stack.policyStatements(for: "ToolsStateMachine")
        #expect(statements.map(\.actions) == [["s3:ListBuckets"], ["lambda:InvokeFunction"]])
        #expect(statements.allSatisfy { $0.resources == ["*"] })
        let notes = try stack.notes()
        #expect(notes.count == 2)
        #expect(notes.first?.hasPrefix("tools.List: 's3:ListBuckets' is granted on every resource (*)") == true)
        #expect(notes.last?.hasPrefix("tools.Pick: its FunctionName is chosen at run time") == true)
    }

    /// cfn-lint (installed in CI; SFN_REQUIRE_CFN_LINT=1 makes its absence a failure) finds nothing
    /// in the stack, in either definition form and format.
    @Test(.enabled(if: CFNLint.path != nil || CFNLint.required, "cfn-lint is not installed"))
    func cfnLintAcceptsTheStack() throws {
        guard let lint = CFNLint.path else {
            Issue.record("SFN_REQUIRE_CFN_LINT=1, but cfn-lint is not on PATH")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-stack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [String] = []
        for (property, format, name) in [
            (CloudFormationStack.DefinitionProperty.definition, CloudFormationOptions.Format.yaml, "stack.yaml"),
            (.definitionString, .json, "stack.json"),
        ] {
            var stack = try stack(property)
            stack.format = format
            let path = directory.appendingPathComponent(name).path
            try Data(try stack.template().utf8).write(to: URL(fileURLWithPath: path))
            files.append(path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: lint)
        process.arguments = files
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "cfn-lint found:\n\(output)")
        #expect(output.isEmpty, "cfn-lint found:\n\(output)")
    }
}

/// Where cfn-lint is, and whether the environment requires it.
enum CFNLint {
    static let required = ProcessInfo.processInfo.environment["SFN_REQUIRE_CFN_LINT"] == "1"

    static let path: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        return directories.map { "\($0)/cfn-lint" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
}
