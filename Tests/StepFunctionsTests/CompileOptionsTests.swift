import StepFunctions
import StepFunctionsTesting
import Testing

@Suite("Compile options: format, placeholders, CloudFormation")
struct CompileOptionsTests {
    private let machine = StateMachine(S.self, name: "orders") {
        LambdaInvoke(.a, function: "${ValidateFunctionArn}")
        TaskStep(.b, resource: "arn:aws:states:::dynamodb:putItem")
            .parameters(["TableName": "${PROJECT_NAME}-orders", "Item": ["id": ["S": .path("$.id")]]])
        Pass(.c).queryLanguage(.jsonata).output(["note": "costs %{percent} of ${x"])
    }

    @Test func compactOutputIsOneLine() throws {
        let json = try machine.compile(CompileOptions(format: .compact)).json
        #expect(!json.contains("\n"))
        #expect(json.hasPrefix(#"{"StartAt":"A","States":{"A":{"Type":"Task""#))
    }

    @Test func placeholdersAreListedAndSubstitutedOnRequest() throws {
        let kept = try machine.compile()
        #expect(kept.placeholders == ["PROJECT_NAME", "ValidateFunctionArn"])
        let filled = try machine.compile(CompileOptions(substitutions: ["PROJECT_NAME": "shop"]))
        #expect(filled.placeholders == ["ValidateFunctionArn"])
        #expect(filled.json.contains(#""TableName": "shop-orders""#))
        #expect(filled.json.contains(#""FunctionName": "${ValidateFunctionArn}""#))
    }

    @Test func terraformEscapesWhatIsNotAPlaceholder() throws {
        let json = try machine.compile(CompileOptions(placeholderSyntax: .terraform)).json
        #expect(json.contains(#""FunctionName": "${ValidateFunctionArn}""#))
        #expect(json.contains(#""note": "costs %%{percent} of $${x""#))
    }

    @Test func warningsAsErrorsFailsTheCompilation() throws {
        enum Step: String, StateName, CaseIterable {
            case start = "Start"
            case unused = "Unused"
        }
        let machine = StateMachine(Step.self) { Pass(.start) }
        #expect(try machine.compile().warnings.count == 1)
        let failure = try #require(throws: ValidationFailure.self) {
            try machine.compile(CompileOptions(warningsAsErrors: true))
        }
        #expect(failure.diagnostics.map(\.code) == [.undeclaredStateName])
    }

    @Test func cloudFormationYAML() throws {
        let yaml = try machine.compile().cloudFormationTemplate(
            CloudFormationOptions(
                format: .yaml,
                substitutions: [
                    "ValidateFunctionArn": [
                        "Fn::Sub": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:validate"
                    ]
                ]))
        let problems = GoldenFile.verifyText(yaml, named: "orders.cfn.yaml")
        #expect(problems == .matched, "\(problems)")
    }

    @Test func cloudFormationJSON() throws {
        let json = try machine.compile().cloudFormationTemplate(
            CloudFormationOptions(
                format: .json, logicalID: "OrdersStateMachine", stateMachineName: "orders",
                roleArn: "arn:aws:iam::123456789012:role/orders"))
        let problems = GoldenFile.verifyText(json, named: "orders.cfn.json")
        #expect(problems == .matched, "\(problems)")
        let template = try JSONParser.parse(json)
        let resource = template["Resources"]?["OrdersStateMachine"]
        #expect(resource?["Type"] == "AWS::StepFunctions::StateMachine")
        #expect(resource?["Properties"]?["Definition"] == ASLWriter().json(try machine.compile().definition))
        #expect(template["Parameters"]?["PROJECTNAME"]?["Type"] == "String")
        #expect(resource?["Properties"]?["DefinitionSubstitutions"]?["PROJECT_NAME"] == ["Ref": "PROJECTNAME"])
    }
}

extension GoldenFile {
    /// Checks `text` against `Goldens/NAME` beside this test file.
    static func verifyText(_ text: String, named name: String, file: StaticString = #filePath) -> Outcome {
        check(text, path: path(name, file: file))
    }
}

/// A JSONata syntax checker given in the options is applied to every expression, and its finding is
/// reported at the Swift line of the field; by default the JSONata engine's parser checks them.
@Test func jsonataSyntaxCheckerIsApplied() throws {
    let machine = StateMachine(S.self) {
        Pass(.a).output(["x": .jsonata("$sum(")])  // ← the broken expression
    }
    .queryLanguage(.jsonata)
    let options = CompileOptions(jsonataSyntax: { $0.contains("(") && !$0.contains(")") ? "unclosed '('" : nil })
    let failure = try #require(throws: ValidationFailure.self) { try machine.compile(options) }
    let error = try #require(failure.diagnostics.first)
    #expect(error.code == .invalidJSONata, "\(error)")
    #expect(error.location?.line == line(of: "← the broken expression"))
    // The default checker is the JSONata engine's parser.
    let byDefault = try #require(throws: ValidationFailure.self) { try machine.compile() }
    let parserError = try #require(byDefault.diagnostics.first)
    #expect(parserError.code == .invalidJSONata)
    #expect(parserError.message.contains("S0203"), "\(parserError)")
    #expect(parserError.location?.line == line(of: "← the broken expression"))
    // `nil` turns the check off.
    #expect(try machine.compile(CompileOptions(jsonataSyntax: nil)).json.contains("{% $sum( %}"))
}
