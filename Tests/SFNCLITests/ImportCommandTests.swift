import Foundation
import SFNCLI
import Testing

@Suite("sfn import: a definition as Swift DSL source")
struct SFNImportTests {
    static let definition = """
        {"Comment": "Greets", "StartAt": "Greet", "States": {
          "Greet": {"Type": "Pass", "Result": {"greeting": "hello"}, "Next": "Done"},
          "Done": {"Type": "Succeed"}}}
        """

    @Test func printsOneSwiftFileDeclaringTheNameAndItsStateType() {
        let (io, captured) = CommandIO.capturing(input: Self.definition)
        #expect(SFN.main(["import", "--name", "greeter", "-"], io: io) == 0, "\(captured.errors)")
        #expect(
            captured.output == """
                import StepFunctions

                /// The states of `greeter`; each case's state name is the case name with a capital.
                enum GreeterStep: StateName, CaseIterable {
                    case greet, done
                }

                let greeter = StateMachine(GreeterStep.self, comment: "Greets") {
                    Pass(.greet, result: ["greeting": "hello"])
                    Succeed(.done)
                }

                """)
    }

    @Test func aTemplatesStateMachineIsImported() {
        let template = """
            Resources:
              Greeter:
                Type: AWS::Serverless::StateMachine
                Properties:
                  Definition:
                    StartAt: Greet
                    States:
                      Greet: {Type: Task, Resource: !GetAtt GreetFunction.Arn, End: true}
            """
        let (io, captured) = CommandIO.capturing(input: template)
        #expect(SFN.main(["import", "-"], io: io) == 0, "\(captured.errors)")
        #expect(captured.output.contains("let greeter = StateMachine(GreeterStep.self) {"))
        #expect(captured.output.contains(#"TaskStep(.greet, resource: "${GreetFunction.Arn}")"#))
    }

    @Test func theNameDefaultsToTheFilesName() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("order-flow.asl.json")
        try Self.definition.write(to: file, atomically: true, encoding: .utf8)
        let (io, captured) = CommandIO.capturing()
        #expect(SFN.main(["import", file.path], io: io) == 0, "\(captured.errors)")
        #expect(captured.output.contains("let orderFlow = StateMachine(OrderFlowStep.self"))
    }

    @Test func aNameThatIsNoSwiftIdentifierIsAUsageError() {
        let (io, captured) = CommandIO.capturing(input: Self.definition)
        #expect(SFN.main(["import", "--name", "2fast", "-"], io: io) == 64)
        #expect(captured.errors.contains("--name '2fast' is not a Swift identifier"))
        #expect(captured.output.isEmpty)
    }

    @Test func whatTheDSLCannotWriteFailsNamingTheStateAndField() {
        let (io, captured) = CommandIO.capturing(
            input: #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": "${Delay}", "End": true}}}"#)
        #expect(SFN.main(["import", "-"], io: io) == 1)
        #expect(captured.output.isEmpty)
        #expect(captured.errors.contains("cannot import: States.W.Seconds: '${Delay}' cannot be written in Swift"))
    }

    @Test func anInvalidDefinitionIsReportedNotImported() {
        let (io, captured) = CommandIO.capturing(
            input: #"{"StartAt": "Nope", "States": {"A": {"Type": "Pass", "End": true}}}"#)
        #expect(SFN.main(["import", "-"], io: io) == 1)
        #expect(captured.output.isEmpty)
        #expect(captured.errors.contains("Nope"))
    }
}
