import JSONCore
import StepFunctionsCompiler
import StepFunctionsModel
import Testing

// Creation-time rules AWS documents for variables, `$states`, JSONata strings, payload templates,
// the definition's size and placeholders, each with an invalid example and its valid neighbour.

private let pass = #""Type": "Pass", "End": true"#

/// A JSONata machine with the given `States` members, starting at `A`.
private func jsonata(_ members: String) -> String {
    ASL.states(members, top: #""QueryLanguage": "JSONata", "#)
}

/// A Map over `$.items` whose processor holds `inner` (members of its `States`, starting at `X`).
private func inlineMap(_ inner: String, mapFields: String = "") -> String {
    #""Type": "Map", \#(mapFields)"ItemsPath": "$.items", "ItemProcessor": {"StartAt": "X", "States": {\#(inner)}}, "End": true"#
}

private let lambdaArguments =
    #""Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "f"}"#

let fidelityRuleCases: [RuleCase] = [
    // Variable names: "Passing data between states with variables", variable name syntax.
    RuleCase(
        name: "a variable name over 80 characters",
        invalid: ASL.one(#""Type": "Pass", "Assign": {"\#(String(repeating: "v", count: 81))": 1}, "End": true"#),
        code: .invalidVariableName, path: "/States/S/Assign/\(String(repeating: "v", count: 81))",
        valid: ASL.one(#""Type": "Pass", "Assign": {"\#(String(repeating: "v", count: 80))": 1}, "End": true"#)),
    RuleCase(
        name: "a variable name with '.'",
        invalid: ASL.one(#""Type": "Pass", "Assign": {"order.id": 1}, "End": true"#),
        code: .invalidVariableName, path: "/States/S/Assign/order.id",
        valid: ASL.one(#""Type": "Pass", "Assign": {"order_id": 1}, "End": true"#)),
    RuleCase(
        name: "an Assign of a part of a variable (x[2])",
        invalid: ASL.one(#""Type": "Pass", "Assign": {"x[2]": 42}, "End": true"#),
        code: .invalidVariableName, path: "/States/S/Assign/x[2]",
        valid: ASL.one(#""Type": "Pass", "Assign": {"x": 42}, "End": true"#)),
    RuleCase(
        name: "a variable name with '.' in a JSONPath '.$' key",
        invalid: ASL.one(#""Type": "Pass", "Assign": {"a.b.$": "$.x"}, "End": true"#),
        code: .invalidVariableName, path: "/States/S/Assign/a.b.$",
        valid: ASL.one(#""Type": "Pass", "Assign": {"ab.$": "$.x"}, "End": true"#)),
    RuleCase(
        name: "the reserved variable name 'states'",
        invalid: ASL.one(#""Type": "Pass", "Assign": {"states": 1}, "End": true"#),
        code: .invalidVariableName, path: "/States/S/Assign/states",
        valid: ASL.one(#""Type": "Pass", "Assign": {"state": 1}, "End": true"#)),
    RuleCase(
        name: "the reserved name in a catcher's Assign",
        invalid: jsonata(
            #""A": {\#(lambdaArguments), "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"states": 1}, "Next": "B"}], "End": true}, "B": {\#(pass)}"#
        ),
        code: .invalidVariableName, path: "/States/A/Catch/0/Assign/states",
        valid: jsonata(
            #""A": {\#(lambdaArguments), "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"err": 1}, "Next": "B"}], "End": true}, "B": {\#(pass)}"#
        )),

    // `$states.result` and `$states.errorOutput` ("Transforming data with JSONata").
    RuleCase(
        name: "$states.result in a Task's Arguments",
        invalid: jsonata(
            #""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "f", "Payload": "{% $states.result %}"}, "End": true}"#
        ),
        code: .unavailableStatesField, path: "/States/A/Arguments/Payload",
        valid: jsonata(
            #""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"}, "Output": "{% $states.result.Payload %}", "End": true}"#
        )),
    RuleCase(
        name: "$states.result in a Pass state's Output",
        invalid: jsonata(#""A": {"Type": "Pass", "Output": {"r": "{% $states.result %}"}, "End": true}"#),
        code: .unavailableStatesField, path: "/States/A/Output/r",
        valid: jsonata(#""A": {"Type": "Pass", "Output": {"r": "{% $states.input %}"}, "End": true}"#)),
    RuleCase(
        name: "$states.result in a catcher's Output",
        invalid: jsonata(
            #""A": {\#(lambdaArguments), "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.result %}", "Next": "B"}], "End": true}, "B": {\#(pass)}"#
        ),
        code: .unavailableStatesField, path: "/States/A/Catch/0/Output",
        valid: jsonata(
            #""A": {\#(lambdaArguments), "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput %}", "Next": "B"}], "End": true}, "B": {\#(pass)}"#
        )),
    RuleCase(
        name: "$states.errorOutput outside a catcher",
        invalid: jsonata(
            #""A": {\#(lambdaArguments), "Assign": {"e": "{% $states.errorOutput.Cause %}"}, "End": true}"#),
        code: .unavailableStatesField, path: "/States/A/Assign/e",
        valid: jsonata(
            #""A": {\#(lambdaArguments), "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"e": "{% $states.errorOutput.Cause %}"}, "Next": "B"}], "End": true}, "B": {\#(pass)}"#
        )),
    RuleCase(
        name: "$states.result in a Choice condition",
        invalid: jsonata(
            #""A": {"Type": "Choice", "Choices": [{"Condition": "{% $states.result.ok %}", "Next": "B"}], "Default": "B"}, "B": {\#(pass)}"#
        ),
        code: .unavailableStatesField, path: "/States/A/Choices/0/Condition",
        valid: jsonata(
            #""A": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.ok %}", "Next": "B"}], "Default": "B"}, "B": {\#(pass)}"#
        )),

    // An unclosed `{%` in a JSONata state is an expression error, not a literal.
    RuleCase(
        name: "an unclosed JSONata expression",
        invalid: jsonata(#""A": {"Type": "Pass", "Output": {"x": "{% $states.input.x"}, "End": true}"#),
        code: .invalidJSONata, path: "/States/A/Output/x",
        valid: jsonata(#""A": {"Type": "Pass", "Output": {"x": "{% $states.input.x %}"}, "End": true}"#)),
    RuleCase(
        name: "an unclosed JSONata expression in a Fail's Cause",
        invalid: jsonata(#""A": {"Type": "Fail", "Error": "E", "Cause": "{% 'x' & 'y' "}"#),
        code: .invalidJSONata, path: "/States/A/Cause",
        valid: jsonata(#""A": {"Type": "Fail", "Error": "E", "Cause": "{% 'x' & 'y' %}"}"#)),

    // The ASL spec: no two fields of one name once `.$` is stripped.
    RuleCase(
        name: "a payload with both 'a' and 'a.$'",
        invalid: ASL.one(#""Type": "Pass", "Parameters": {"a": 1, "a.$": "$.a"}, "End": true"#),
        code: .conflictingFields, path: "/States/S/Parameters/a.$",
        valid: ASL.one(#""Type": "Pass", "Parameters": {"b": 1, "a.$": "$.a"}, "End": true"#)),
    RuleCase(
        name: "an Assign with both 'a.$' and 'a', nested",
        invalid: ASL.one(#""Type": "Pass", "Parameters": {"o": {"a.$": "$.a", "a": 1}}, "End": true"#),
        code: .conflictingFields, path: "/States/S/Parameters/o/a.$",
        valid: ASL.one(#""Type": "Pass", "Parameters": {"o": {"a.$": "$.a"}, "a": 1}, "End": true"#)),

    // Placeholders: only `${Name}` by default.
    RuleCase(
        name: "LocalStack's %Name% stand-in is no placeholder",
        invalid: ASL.one(#""Type": "Task", "Resource": "%LambdaArn%", "End": true"#),
        code: .invalidResource, path: "/States/S/Resource",
        valid: ASL.one(#""Type": "Task", "Resource": "${LambdaArn}", "End": true"#)),
    RuleCase(
        name: "LocalStack's _tbd_ stand-in is no placeholder",
        invalid: ASL.one(#""Type": "Wait", "Seconds": "_tbd_", "End": true"#),
        code: .wrongType, path: "/States/S/Seconds",
        valid: ASL.one(#""Type": "Wait", "Seconds": "${Seconds}", "End": true"#)),
]

/// A warning's case: the definition, the code and the field it must be reported at, and a neighbour
/// with no warning of that code.
struct WarningCase: Sendable, CustomTestStringConvertible {
    let name: String
    let flagged: String
    let code: DiagnosticCode
    let path: String
    let clean: String

    var testDescription: String { name }
}

// AWS creates these definitions (a recorded Parallel whose branch and catcher both assign
// `inputVar` ran on AWS; JSONata reads of unassigned variables are created and fail at run time),
// so they are warnings: each one fails, or reads nothing, at run time.
let fidelityWarningCases: [WarningCase] = [
    WarningCase(
        name: "a variable name starting with a digit",
        flagged: ASL.one(#""Type": "Pass", "Assign": {"1st": 1}, "End": true"#),
        code: .variableNameNotIdentifier, path: "/States/S/Assign/1st",
        clean: ASL.one(#""Type": "Pass", "Assign": {"_1st": 1}, "End": true"#)),
    WarningCase(
        name: "a variable name with '-'",
        flagged: ASL.one(#""Type": "Pass", "Assign": {"my-var": 1}, "End": true"#),
        code: .variableNameNotIdentifier, path: "/States/S/Assign/my-var",
        clean: ASL.one(#""Type": "Pass", "Assign": {"myVär": 1}, "End": true"#)),
    WarningCase(
        name: "a Map iteration assigns a variable its outer scope assigns",
        flagged: ASL.states(
            #""A": {"Type": "Pass", "Assign": {"total": 0}, "Next": "M"}, "M": {\#(inlineMap(#""X": {"Type": "Pass", "Assign": {"total": 1}, "End": true}"#))}"#
        ),
        code: .variableScope, path: "/States/M/ItemProcessor/States/X/Assign/total",
        clean: ASL.states(
            #""A": {"Type": "Pass", "Assign": {"total": 0}, "Next": "M"}, "M": {\#(inlineMap(#""X": {"Type": "Pass", "Assign": {"subtotal.$": "$total", "n": 1}, "End": true}"#))}"#
        )),
    WarningCase(
        name: "a Parallel branch assigns a variable the Parallel itself assigns",
        flagged: ASL.states(
            #""A": {"Type": "Parallel", "Assign": {"x": 1}, "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Pass", "Assign": {"x": 2}, "End": true}}}], "End": true}"#
        ),
        code: .variableScope, path: "/States/A/Branches/0/States/X/Assign/x",
        clean: ASL.states(
            #""A": {"Type": "Parallel", "Assign": {"x": 1}, "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Pass", "Assign": {"y": 2}, "End": true}}}], "End": true}"#
        )),
    WarningCase(
        name: "a Map nested in a branch assigns a variable of the top level",
        flagged: ASL.states(
            #""A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "P"}, "P": {"Type": "Parallel", "Branches": [{"StartAt": "M", "States": {"M": {\#(inlineMap(#""X": {"Type": "Pass", "Assign": {"x": 2}, "End": true}"#))}}}], "End": true}"#
        ),
        code: .variableScope, path: "/States/P/Branches/0/States/M/ItemProcessor/States/X/Assign/x",
        clean: ASL.states(
            #""A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "P"}, "P": {"Type": "Parallel", "Branches": [{"StartAt": "M", "States": {"M": {\#(inlineMap(#""X": {"Type": "Pass", "Assign": {"z": 2}, "End": true}"#))}}}], "End": true}"#
        )),
    WarningCase(
        name: "a JSONPath reads a variable nothing assigns",
        flagged: ASL.states(
            #""A": {"Type": "Pass", "Assign": {"total": 1}, "Next": "B"}, "B": {"Type": "Pass", "Parameters": {"t.$": "$totl"}, "End": true}"#
        ),
        code: .undefinedVariable, path: "/States/B",
        clean: ASL.states(
            #""A": {"Type": "Pass", "Assign": {"total": 1}, "Next": "B"}, "B": {"Type": "Pass", "Parameters": {"t.$": "$total"}, "End": true}"#
        )),
    WarningCase(
        name: "the top level reads a variable only a Map iteration assigns",
        flagged: ASL.states(
            #""A": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Pass", "Assign": {"seen": 1}, "End": true}}}, "Next": "B"}, "B": {"Type": "Pass", "OutputPath": "$seen", "End": true}"#
        ),
        code: .undefinedVariable, path: "/States/B",
        clean: ASL.states(
            #""A": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Pass", "Assign": {"mine": 1}, "End": true}}}, "Assign": {"seen": true}, "Next": "B"}, "B": {"Type": "Pass", "OutputPath": "$seen", "End": true}"#
        )),
    WarningCase(
        name: "a distributed Map's processor reads a variable of its parent",
        flagged: ASL.states(
            #""A": {"Type": "Pass", "Assign": {"limit": 3}, "Next": "M"}, "M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "X", "States": {"X": {"Type": "Pass", "OutputPath": "$limit", "End": true}}}, "End": true}"#
        ),
        code: .undefinedVariable, path: "/States/M/ItemProcessor/States/X",
        clean: ASL.states(
            #""A": {"Type": "Pass", "Assign": {"limit": 3}, "Next": "M"}, "M": {"Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"limit.$": "$limit"}, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "X", "States": {"X": {"Type": "Pass", "OutputPath": "$.limit", "End": true}}}, "End": true}"#
        )),
]

@Suite("Validator rules AWS documents beyond the recordings")
struct FidelityValidationTests {
    @Test("each rule flags its invalid example at the right field", arguments: fidelityRuleCases)
    func flagsInvalid(_ rule: RuleCase) {
        let errors = ASL.errors(rule.invalid)
        let hit = errors.first { $0.code == rule.code && $0.path.slashDescription == rule.path }
        #expect(hit != nil, "expected [\(rule.code)] at \(rule.path), got:\n\(summary(errors))")
        if let hit { #expect(hit.message.count > 20) }
    }

    @Test("each rule leaves its valid neighbour alone", arguments: fidelityRuleCases)
    func acceptsValid(_ rule: RuleCase) {
        let errors = ASL.errors(rule.valid)
        #expect(errors.isEmpty, "expected no error, got:\n\(summary(errors))")
    }

    @Test("each warning flags its definition at the right field, and no error", arguments: fidelityWarningCases)
    func warns(_ rule: WarningCase) {
        let diagnostics = ASL.diagnose(rule.flagged, warnings: true)
        let hit = diagnostics.first { $0.code == rule.code && $0.path.slashDescription == rule.path }
        #expect(
            hit?.severity == .warning,
            "expected a [\(rule.code)] warning at \(rule.path), got:\n\(summary(diagnostics))")
        #expect(diagnostics.allSatisfy { $0.severity != .error }, "\(summary(diagnostics))")
    }

    @Test("each warning leaves its neighbour alone", arguments: fidelityWarningCases)
    func noWarning(_ rule: WarningCase) {
        let diagnostics = ASL.diagnose(rule.clean, warnings: true)
        #expect(!diagnostics.contains { $0.code == rule.code }, "\(summary(diagnostics))")
    }

    @Test("a catcher of a Map assigns in the Map's own scope, so it may share a name with the outer scope")
    func catcherAssignsInTheOuterScope() {
        // The Developer Guide: "the Assign field in a Catch can assign values to variables in the outer scope".
        let text = ASL.states(
            #""A": {"Type": "Pass", "Assign": {"failed": false}, "Next": "M"}, "M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}}, "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"failed": true}, "Next": "B"}], "Next": "B"}, "B": {"Type": "Pass", "OutputPath": "$failed", "End": true}"#
        )
        let diagnostics = ASL.diagnose(text, warnings: true).filter {
            $0.code == .variableScope || $0.severity == .error
        }
        #expect(diagnostics.isEmpty, "\(summary(diagnostics))")
    }

    @Test("a string with a blank before '{%' is a literal, as AWS runs it")
    func blankBeforeExpression() {
        let text = jsonata(#""A": {"Type": "Pass", "Output": {"x": " {% states.input %} "}, "End": true}"#)
        #expect(ASL.errors(text).isEmpty, "\(summary(ASL.errors(text)))")
    }

    @Test("JSONata reads of variables nothing assigns are accepted, as AWS accepts them")
    func jsonataUndefinedVariable() {
        // Recorded on AWS: `"Arguments": "{% $doesNotExist %}"` is created, and fails at run time.
        let text = jsonata(
            #""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": "{% $doesNotExist %}", "End": true}"#
        )
        #expect(ASL.errors(text).isEmpty, "\(summary(ASL.errors(text)))")
    }

    @Test("a misspelt variable gets a suggestion")
    func suggestion() {
        let text = ASL.states(
            #""A": {"Type": "Pass", "Assign": {"total": 1}, "Next": "B"}, "B": {"Type": "Pass", "OutputPath": "$totl", "End": true}"#
        )
        #expect(ASL.diagnose(text, warnings: true).contains { $0.message.contains("did you mean '$total'?") })
    }

    @Test("a definition over 1,048,576 characters is refused before it is parsed")
    func sizeLimit() {
        let padding = String(repeating: " ", count: ASLReader.maxDefinitionLength)
        let text = ASL.one(pass) + padding
        let diagnostics = ASL.errors(text)
        #expect(diagnostics.map(\.code) == [.definitionTooLarge])
        #expect(diagnostics.first?.message.contains("1048576") == true)
        // Exactly at the limit it is read.
        let atLimit = ASL.one(pass)
        let fitted = atLimit + String(repeating: " ", count: ASLReader.maxDefinitionLength - atLimit.utf16.count)
        #expect(ASL.errors(fitted).isEmpty)
    }

    @Test("the limit counts UTF-16 code units, as AWS does")
    func sizeLimitCountsCharacters() {
        // 2 bytes in UTF-8, 1 character: 600,000 of them are 1.2 MB but fewer than 1,048,576 characters.
        let comment = String(repeating: "é", count: 600_000)
        let text = ASL.one(pass, top: #""Comment": "\#(comment)", "#)
        #expect(ASL.errors(text).isEmpty)
    }

    @Test("a state declared twice is an error naming both places, once")
    func duplicateState() {
        let text = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true},\#n "A": {"Type": "Succeed"}}}"#
        let errors = ASL.errors(text)
        #expect(errors.map(\.code) == [.duplicateKey], "\(summary(errors))")
        #expect(
            errors.first?.message.contains("state 'A' is declared twice (line 1, column 29 and line 2, column 2)")
                == true)
        #expect(errors.first?.location?.line == 2)
    }

    @Test("a field written twice in a state is an error; a key repeated in different objects is not")
    func duplicateField() {
        let twice = ASL.one(#""Type": "Pass", "Result": 1, "Result": 2, "End": true"#)
        #expect(
            ASL.errors(twice).contains { $0.code == .duplicateKey && $0.message.contains("'Result' appears twice") })
        let apart = ASL.states(
            #""A": {"Type": "Pass", "Result": 1, "Next": "B"}, "B": {"Type": "Pass", "Result": 2, "End": true}"#)
        #expect(ASL.errors(apart).isEmpty)
    }

    @Test("LocalStack's stand-ins are placeholders only when asked")
    func localStackOption() {
        let text = ASL.one(
            #""Type": "Choice", "Choices": [{"Variable": "$.x", "%Operator%": "%Value%", "Next": "B"}], "Default": "B"}, "B": {"Type": "Task", "Resource": "_tbd_", "TimeoutSeconds": "__tbc__", "End": true"#
        )
        #expect(!ASL.errors(text).isEmpty)
        let document = ASLDocument(text: text, localStackPlaceholders: true)
        #expect(!document.hasErrors, "\(summary(document.errors))")
    }
}
