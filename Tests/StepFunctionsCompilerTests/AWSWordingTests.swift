import StepFunctionsCompiler
import Testing

/// AWS's words for the problems it reports, as `CreateStateMachine` (`InvalidDefinition`) and
/// `ValidateStateMachineDefinition` answer them. Each expectation is a recorded AWS answer or follows
/// one (Docs/AWSWording.md names the evidence); the definitions are written out here.
@Suite("AWS's wording of definition errors")
struct AWSWordingTests {
    /// The message CreateStateMachine's InvalidDefinition carries for `text`.
    func cause(_ text: String, express: Bool = false) -> String? {
        AWSWording.invalidDefinitionMessage(for: ASL.diagnose(text, express: express), definition: text)
    }

    /// `awsCause` of the first error with `code`.
    func awsCause(_ text: String, _ code: DiagnosticCode, express: Bool = false) -> String? {
        ASL.errors(text, express: express).first { $0.code == code }?.awsCause
    }

    /// ValidateStateMachineDefinition's diagnostics for `text`: code, message and location.
    func validation(_ text: String, express: Bool = false) -> [[String?]] {
        AWSWording.reportedErrors(ASL.diagnose(text, express: express)).map {
            let aws = AWSWording.answering($0)
            return [aws.code, aws.message, aws.location]
        }
    }

    static let prefix = "Invalid State Machine Definition: '"

    // MARK: Reading

    @Test func aMachineWithoutStatesNamesTheMissingField() {
        #expect(
            cause(#"{"Comment": "BASE_INVALID_DER", "StartAt": "State_1"}"#)
                == Self.prefix + "SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'")
    }

    @Test func aMachineWithoutStartAtIsReportedAtTheRoot() {
        let text = #"{"States": {"StartState": {"Type": "Pass", "End": true}}}"#
        #expect(validation(text) == [["SCHEMA_VALIDATION_FAILED", "These fields are required: [StartAt]", "/"]])
        #expect(validation(text, express: true) == validation(text))
    }

    @Test func aStateWithoutTypeOrWithAnUnknownType() {
        #expect(
            awsCause(ASL.one(#""End": true"#), .missingField)
                == Self.prefix + "SCHEMA_VALIDATION_FAILED: These fields are required: [Type] at /States/S'")
        let text =
            #"{"StartAt": "ExistingButInvalidState", "States": {"ExistingButInvalidState": {"Type": "TypeThatDoesNotExist", "End": true}}}"#
        #expect(
            cause(text)
                == Self.prefix
                + "SCHEMA_VALIDATION_FAILED: The field 'Type' should have one of these values: [Task, Wait, Pass, "
                + "Succeed, Fail, Choice, Parallel, Map] at /States/ExistingButInvalidState/Type'")
    }

    @Test func emptyArraysCannotBeEmpty() {
        #expect(
            cause(
                #"{"StartAt": "StateName", "States": {"StateName": {"Type": "Parallel", "Branches": [], "End": true}}}"#
            )
                == Self.prefix + "SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/StateName/Branches'")
        #expect(
            awsCause(ASL.one(#""Type": "Choice", "Choices": [], "Default": "S""#), .missingField)
                == Self.prefix + "SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/S/Choices'")
        let retry =
            #""Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Retry": [{"ErrorEquals": []}], "End": true"#
        #expect(
            awsCause(ASL.one(retry), .emptyErrorEquals)
                == Self.prefix + "SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/S/Retry[0]/ErrorEquals'")
    }

    @Test func requiredFieldsOfStatesAndRulesAtTheirObject() {
        // Nested: AWS writes an array index in brackets after its array.
        let nested = """
            {"StartAt": "Run Providers", "States": {"Run Providers": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "Error Handler", "States": {"Error Handler": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "Choose provider", "States": {"Choose provider": {"Type": "Choice", "Default": "Done"},
                  "Done": {"Type": "Succeed"}}}]}}}]}}}
            """
        #expect(
            cause(nested)
                == Self.prefix + "SCHEMA_VALIDATION_FAILED: These fields are required: [Choices] at /States/Run "
                + "Providers/Branches[0]/States/Error Handler/Branches[0]/States/Choose provider'")
        let rule = ASL.states(
            #""A": {"Type": "Pass", "Next": "Choice"}, "Choice": {"Type": "Choice", "Choices": [{"Variable": "$", "StringMatches": "Test"}], "Default": "Success"}, "Success": {"Type": "Succeed"}"#
        )
        // The rule's missing target is a graph error: AWS reports the schema error alone.
        #expect(
            cause(rule)
                == Self.prefix
                + "SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at /States/Choice/Choices[0]'")
        #expect(
            awsCause(ASL.one(#""Type": "Task", "End": true"#), .missingField)
                == Self.prefix + "SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at /States/S'")
    }

    @Test func aFieldTheObjectDoesNotHaveIsNamedAtTheObject() {
        let map =
            #"{"StartAt": "M", "States": {"M": {"Type": "Map", "TimeoutSeconds": 5, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}"#
        #expect(
            cause(map)
                == Self.prefix + "SCHEMA_VALIDATION_FAILED: Field 'TimeoutSeconds' is not supported at /States/M'")
        #expect(
            awsCause(ASL.one(#""Type": "Wait", "Seconds": 1, "ResultPath": null, "End": true"#), .unknownField)
                == Self.prefix + "SCHEMA_VALIDATION_FAILED: Field 'ResultPath' is not supported at /States/S'")
        let processor =
            #""Type": "Map", "ItemProcessor": {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true"#
        #expect(
            awsCause(ASL.one(processor), .unknownField)
                == Self.prefix
                + "SCHEMA_VALIDATION_FAILED: Field 'QueryLanguage' is not supported at /States/S/ItemProcessor'")
    }

    @Test func anOutputPathThatIsNoPath() {
        let text = ASL.states(#""A": {"Type": "Pass", "OutputPath": "Test", "End": true}"#)
        #expect(
            cause(text) == Self.prefix
                + "SCHEMA_VALIDATION_FAILED: Value must be a valid JSONPath. at /States/A/OutputPath'")
    }

    @Test func textThatIsNotJSON() {
        #expect(validation(" ") == [["SCHEMA_VALIDATION_FAILED", "Definition must be a valid JSON object", nil]])
        let source = #"[Source: (String)"not a definition"; line: 1, column: 4]"#
        #expect(
            validation("not a definition") == [
                [
                    "INVALID_JSON_DESCRIPTION",
                    "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', "
                        + "'true' or 'false')\n at " + source, source,
                ]
            ])
        #expect(
            validation("{\n  \"StartAt\": nope\n}").first?[2]
                == #"[Source: (String)"{\#n  "StartAt": nope\#n}"; line: 2, column: 18]"#)
        // Jackson's place is known only for an unrecognised token.
        #expect(ASL.errors("{\"StartAt\": ").first?.aws == nil)
        #expect(ASL.errors(String(repeating: "[", count: 5000) + "nope").first?.aws == nil)
    }

    // MARK: Transitions

    @Test func aMissingTargetAndAStateNothingGoesTo() {
        let text =
            #"{"StartAt": "pass1", "States": {"pass1": {"Type": "Pass", "Next": "pass3"}, "pass2": {"Type": "Pass", "End": true}}}"#
        #expect(
            cause(text)
                == Self.prefix + "MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at /States/pass1/Next, "
                + "MISSING_TRANSITION_TARGET: State \"pass2\" is not reachable. at /States/pass2'")
    }

    @Test func everyTransitionIsANextTarget() {
        #expect(
            awsCause(
                #"{"StartAt": "Not sure", "States": {"Pass One": {"Type": "Pass", "End": true}}}"#, .undefinedState)
                == Self.prefix + "MISSING_TRANSITION_TARGET: Missing 'Next' target: Not sure at /StartAt'")
        let choice = ASL.states(
            #""A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "Nope"}], "Default": "Gone"}, "B": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Lost"}], "End": true}"#
        )
        let causes = ASL.errors(choice).filter { $0.code == .undefinedState }.map(\.awsCause)
        #expect(
            causes == [
                Self.prefix + "MISSING_TRANSITION_TARGET: Missing 'Next' target: Nope at /States/A/Choices[0]/Next'",
                Self.prefix + "MISSING_TRANSITION_TARGET: Missing 'Next' target: Gone at /States/A/Default'",
                Self.prefix + "MISSING_TRANSITION_TARGET: Missing 'Next' target: Lost at /States/B/Catch[0]/Next'",
            ])
    }

    @Test func schemaErrorsHideGraphErrors() {
        // As for a definition without StartAt, whose states AWS does not call unreachable.
        let text = ASL.states(#""A": {"Type": "Pass", "Foo": 1, "Next": "Nope"}"#)
        #expect(ASL.errors(text).map(\.code) == [.unknownField, .undefinedState, .noTerminalState])
        #expect(cause(text) == Self.prefix + "SCHEMA_VALIDATION_FAILED: Field 'Foo' is not supported at /States/A'")
    }

    @Test func onlyStatesNoTransitionNamesAreUnreachable() {
        // C is unreachable too, but a transition names it: AWS reports B only.
        let text = ASL.states(
            #""A": {"Type": "Pass", "End": true}, "B": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Pass", "End": true}"#
        )
        #expect(ASL.errors(text).count == 2)
        #expect(
            cause(text) == Self.prefix + "MISSING_TRANSITION_TARGET: State \"B\" is not reachable. at /States/B'")
    }

    @Test func aWorkflowWithoutTerminalState() {
        let loop = #""A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}"#
        #expect(cause(ASL.states(loop)) == Self.prefix + "MISSING_END_STATE: Workflow has no terminal state at null'")
        #expect(validation(ASL.states(loop)) == [["MISSING_END_STATE", "Workflow has no terminal state", nil]])
        // No terminal state: the unreachable-state walk is not reported.
        #expect(
            validation(ASL.states(loop + #", "D": {"Type": "Pass", "Next": "A"}"#)) == [
                ["MISSING_END_STATE", "Workflow has no terminal state", nil]
            ])
        // An unreachable terminal state is a terminal state.
        #expect(
            cause(ASL.states(loop + #", "C": {"Type": "Pass", "End": true}"#))
                == Self.prefix + "MISSING_TRANSITION_TARGET: State \"C\" is not reachable. at /States/C'")
        // A missing target, then the missing end.
        #expect(
            validation(ASL.states(#""A": {"Type": "Pass", "Next": "NOPE"}"#)) == [
                ["MISSING_TRANSITION_TARGET", "Missing 'Next' target: NOPE", "/States/A/Next"],
                ["MISSING_END_STATE", "Workflow has no terminal state", nil],
            ])
    }

    @Test func aStateNameLongerThan80Characters() {
        let name = "This is an exceptionally long state name that I know will fail when I try to deploy to AWS"
        let text = #"{"StartAt": "\#(name)", "States": {"\#(name)": {"Type": "Pass", "End": true}}}"#
        #expect(
            cause(text)
                == Self.prefix + "INVALID_STATE_NAME: Invalid State name: State '\(name)' exceeds the 80-character "
                + "limit allowed by the service at /States/\(name)'")
    }

    // MARK: States

    @Test func expressMachinesRefuseActivitiesAndWaitingIntegrations() {
        let activity = ASL.one(
            #""Type": "Task", "Resource": "arn:aws:states:us-east-1:111111111111:activity:a", "End": true"#)
        #expect(
            cause(activity, express: true)
                == Self.prefix
                + "SCHEMA_VALIDATION_FAILED: Express state machine does not support Activity ARN at /States/S/Resource'"
        )
        let sync = ASL.one(#""Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync", "End": true"#)
        #expect(
            cause(sync, express: true)
                == Self.prefix
                + "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync' service integration at "
                + "/States/S/Resource'")
        let token = ASL.one(
            #""Type": "Task", "Resource": "arn:aws:states:::sns:publish.waitForTaskToken", "End": true"#)
        // AWS's message ends in a space: two spaces before "at".
        #expect(
            cause(token, express: true)
                == Self.prefix
                + "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service "
                + "integration  at /States/S/Resource'")
        #expect(
            validation(token, express: true) == [
                [
                    "SCHEMA_VALIDATION_FAILED",
                    "Express state machine does not support '.waitForTaskToken' service integration ",
                    "/States/S/Resource",
                ]
            ])
    }

    @Test func numbersOutsideTheirRange() {
        #expect(
            awsCause(ASL.one(#""Type": "Wait", "Seconds": 10000000000000000, "End": true"#), .outOfRange)
                == Self.prefix + "SCHEMA_VALIDATION_FAILED: Maximum value is 99999999 at /States/S/Seconds'")
        let map =
            #""Type": "Map", "MaxConcurrency": -1, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "ToleratedFailurePercentage": 150, "End": true"#
        #expect(
            ASL.errors(ASL.one(map)).filter { $0.code == .outOfRange }.map(\.awsCause) == [
                Self.prefix + "SCHEMA_VALIDATION_FAILED: Minimum value is 0 at /States/S/MaxConcurrency'",
                Self.prefix
                    + "SCHEMA_VALIDATION_FAILED: Maximum value is 100.0 at /States/S/ToleratedFailurePercentage'",
            ])
        let retry =
            #""Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 0, "BackoffRate": 0.5}], "End": true"#
        #expect(
            ASL.errors(ASL.one(retry)).filter { $0.code == .outOfRange }.map(\.awsCause) == [
                Self.prefix + "SCHEMA_VALIDATION_FAILED: Minimum value is 1 at /States/S/Retry[0]/IntervalSeconds'",
                Self.prefix + "SCHEMA_VALIDATION_FAILED: Minimum value is 1.0 at /States/S/Retry[0]/BackoffRate'",
            ])
    }

    @Test func statesAllMustBeAloneAndLast() {
        let body =
            #""Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["Exception"]}], "Catch": [{"ErrorEquals": ["E", "States.ALL"], "Next": "lambdaInvoke"}], "End": true"#
        let text = #"{"StartAt": "lambdaInvoke", "States": {"lambdaInvoke": {\#(body)}}}"#
        #expect(
            cause(text)
                == Self.prefix
                + "SCHEMA_VALIDATION_FAILED: States.ALL must appear alone and at end of list at "
                + "/States/lambdaInvoke/Retry[0]/ErrorEquals[0], SCHEMA_VALIDATION_FAILED: States.ALL must appear "
                + "alone and at end of list at /States/lambdaInvoke/Catch[0]/ErrorEquals[1]'")
    }

    @Test func queryLanguageRulesNameTheState() {
        let downgrade =
            #"{"StartAt": "Pass", "States": {"Pass": {"Type": "Pass", "End": true, "QueryLanguage": "JSONPath"}}, "QueryLanguage": "JSONata"}"#
        #expect(
            validation(downgrade) == [
                [
                    "SCHEMA_VALIDATION_FAILED",
                    "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", "/States/Pass",
                ]
            ])
        // A JSONata Map does not change the language of the states it runs.
        let output =
            #"{"StartAt": "M", "States": {"M": {"Type": "Map", "QueryLanguage": "JSONata", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": {"a": 1}, "End": true}}}, "End": true}}}"#
        #expect(
            cause(output)
                == Self.prefix
                + "SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported "
                + "for the 'JSONata' QueryLanguage at /States/M/ItemProcessor/States/P'")
        let parameters = ASL.one(
            #""Type": "Pass", "Parameters": {"a": 1}, "End": true"#, top: #""QueryLanguage": "JSONata", "#)
        #expect(
            cause(parameters)
                == Self.prefix
                + "SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'Parameters' is only "
                + "supported for the 'JSONPath' QueryLanguage at /States/S'")
    }

    @Test func aJSONataExpressionThatDoesNotParse() {
        let text =
            #"{"QueryLanguage": "JSONata", "StartAt": "Main", "States": {"Main": {"Type": "Pass", "Output": "{% 1 + %}", "End": true}}}"#
        #expect(
            cause(text) == Self.prefix
                + "INVALID_JSONATA_EXPRESSION: Unexpected end of expression at /States/Main/Output'")
        let nested =
            #"{"QueryLanguage": "JSONata", "StartAt": "E", "States": {"E": {"Type": "Pass", "Output": {"v": "{% a[1,2) %}"}, "End": true}}}"#
        #expect(
            cause(nested) == Self.prefix
                + "INVALID_JSONATA_EXPRESSION: Expected \"]\", got \",\" at /States/E/Output/v'")
    }

    @Test func wordingsRecordedBefore() {
        #expect(
            awsCause(ASL.one(#""Type": "Wait", "Timestamp": "2016-03-14T01:59:00", "End": true"#), .invalidTimestamp)
                == Self.prefix
                + "SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at /States/S/Timestamp'")
        let credentials =
            #""Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Credentials": {}, "End": true"#
        #expect(
            awsCause(ASL.one(credentials), .invalidCredentials)
                == Self.prefix
                + "SCHEMA_VALIDATION_FAILED: The field 'RoleArn' is required but was missing at /States/S/Credentials'")
        #expect(
            awsCause(
                ASL.one(#""Type": "Task", "Resource": "arn:aws:states:::dynamodb:query", "End": true"#),
                .invalidResource)
                == Self.prefix
                + "SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::dynamodb:query is not recognized. The "
                + "value is not a valid resource ARN, or the resource is not available in this region. at /States/S/Resource'"
        )
    }

    @Test func aProblemWithoutAWSWordingKeepsOurWordsInAWSForm() {
        // Both Next and End: AWS's words are not known.
        let text = ASL.states(#""A": {"Type": "Pass", "Next": "A", "End": true}"#)
        let d = ASL.errors(text).first { $0.code == .invalidTransition }
        #expect(d?.aws == nil)
        #expect(d.map { AWSWording.answering($0).code } == "SCHEMA_VALIDATION_FAILED")
        #expect(cause(text)?.hasPrefix(Self.prefix + "SCHEMA_VALIDATION_FAILED: ") == true)
    }
}
