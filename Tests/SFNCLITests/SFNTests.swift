import SFNCLI
import Testing

@Suite("sfn: the command line, run in-process")
struct SFNTests {
    @Test func helpListsEverySubcommand() {
        let (io, captured) = CommandIO.capturing()
        #expect(SFN.main(["--help"], io: io) == 0)
        for command in SFN.commands { #expect(captured.output.contains(command.name)) }
    }
}

@Suite("sfn template: a CloudFormation template for a JSON definition")
struct SFNTemplateTests {
    @Test func aDefinitionFileBecomesATemplate() throws {
        let (io, captured) = CommandIO.capturing(
            input: #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "${Greeting}", "End": true}}}"#)
        #expect(
            SFN.main(["template", "--name", "hello-world", "--format", "json", "-"], io: io) == 0, "\(captured.errors)")
        #expect(captured.output.contains(#""Type": "AWS::StepFunctions::StateMachine""#))
        #expect(captured.output.contains(#""HelloWorld""#))
        #expect(captured.output.contains(#""DefinitionSubstitutions""#))
    }

    @Test func anInvalidDefinitionIsReportedNotRendered() {
        let (io, captured) = CommandIO.capturing(
            input: #"{"StartAt": "Nope", "States": {"A": {"Type": "Pass", "End": true}}}"#)
        #expect(SFN.main(["template", "-"], io: io) == 1)
        #expect(captured.output.isEmpty)
        #expect(captured.errors.contains("Nope"))
    }
}

@Suite("sfn validate --aws-json: AWS's answers for a definition")
struct SFNValidateAWSJSONTests {
    @Test func anEXPRESSMachineWaitingForATokenIsAnsweredInAWSWords() {
        let (io, captured) = CommandIO.capturing(
            input:
                #"{"StartAt": "Publish", "States": {"Publish": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish.waitForTaskToken", "End": true}}}"#
        )
        #expect(SFN.main(["validate", "--aws-json", "--express", "-"], io: io) == 1)
        #expect(
            captured.output.contains(
                #""invalidDefinition":"Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  at /States/Publish/Resource'""#
            ))
        #expect(captured.output.contains(#""location":"/States/Publish/Resource""#))
        #expect(captured.output.contains(#""result":"FAIL""#))
    }

    @Test func aValidDefinitionHasNoDiagnostics() {
        let (io, captured) = CommandIO.capturing(
            input: #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#)
        #expect(SFN.main(["validate", "--aws-json", "-"], io: io) == 0)
        #expect(captured.output.contains(#""result":"OK","diagnostics":[],"invalidDefinition":null"#))
    }
}
