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
