import Foundation
import SFNCLI
import Testing

/// The compiler tests' fixture templates (`Tests/StepFunctionsCompilerTests/Templates`).
private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("StepFunctionsCompilerTests/Templates")

private func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

/// Runs `sfn` in-process on a thread of its own: `run` and `test` wait for the simulator with
/// `Simulator.runBlocking`, which must not hold one of the concurrency pool's few threads.
private func sfn(_ arguments: [String], input: String = "") async -> (status: Int32, out: String, err: String) {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread {
            let (io, captured) = CommandIO.capturing(input: input)
            let status = SFN.main(arguments, io: io)
            continuation.resume(returning: (status, captured.output, captured.errors))
        }
    }
}

/// A file in a fresh temporary directory.
private func temporaryFile(_ name: String, _ text: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-templates-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

@Suite("sfn: templates wherever a definition is taken")
struct SFNTemplateInputTests {
    static let two = """
        Resources:
          First:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              Definition:
                StartAt: A
                States:
                  A: {Type: Pass, Result: "${Greeting}", End: true}
              DefinitionSubstitutions:
                Greeting: hello
          Second:
            Type: AWS::Serverless::StateMachine
            Properties:
              Type: EXPRESS
              Definition:
                StartAt: B
                States:
                  B: {Type: Wait, Seconds: 1, Nxt: C}
                  C: {Type: Succeed}
        """

    @Test func validateChecksEveryStateMachineOfATemplate() async {
        let r = await sfn(["validate", "--no-warnings", "-"], input: Self.two)
        #expect(r.status == 1)
        #expect(r.out.contains("- (First): ok"))
        #expect(r.out.contains("-:18:39: error: [unknown-field] States.B.Nxt"), "\(r.out)")
        let one = await sfn(["validate", "--state-machine", "First", "-"], input: Self.two)
        #expect(one.status == 0, "\(one.out)\(one.err)")
        #expect(one.out == "- (First): ok\n")
    }

    @Test func validateNamesTheStateMachineInAWSAnswers() async {
        let r = await sfn(["validate", "--aws-json", "--state-machine", "Second", "-"], input: Self.two)
        #expect(r.status == 1)
        #expect(r.out.hasPrefix(#"{"file":"-","stateMachine":"Second","result":"FAIL","#), "\(r.out)")
    }

    @Test func aTemplatesProblemsAreReportedAsSuch() async {
        let none = await sfn(["validate", "-"], input: "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n")
        #expect(none.status == 1)
        #expect(none.out.contains("error: - declares no state machine"), "\(none.out)")
        let broken = await sfn(["validate", "-"], input: "Resources:\n  A: [1, 2\n")
        #expect(broken.status == 1)
        #expect(broken.out.contains("the template is not valid YAML"), "\(broken.out)")
        let unknown = await sfn(["validate", "--state-machine", "Third", "-"], input: Self.two)
        #expect(unknown.status == 64)
        #expect(unknown.err.contains("its state machines: First, Second"))
        let several = await sfn(["format", "-"], input: Self.two)
        #expect(several.status == 64)
        #expect(several.err.contains("declares 2 state machines (First, Second)"))
    }

    @Test func formatPrintsATemplatesDefinitionAsWritten() async {
        let r = await sfn(["format", "--state-machine", "First", "-"], input: Self.two)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains(#""Result": "${Greeting}""#))
        let samples = await sfn(["format", fixture("cdk.out/JobPollerStack.template.json")])
        let extracted = await sfn([
            "format", fixture("expected/cdk.out__JobPollerStack.template.json.StateMachine2E01A3A5.asl.json"),
        ])
        #expect(samples.status == 0)
        #expect(samples.out == extracted.out)
    }

    @Test func aCDKOutputDirectoryIsReadAsOneTemplate() async {
        let all = await sfn(["validate", "--no-warnings", fixture("cdk.out")])
        #expect(all.status == 0, "\(all.out)")
        #expect(all.out.split(separator: "\n").count == 5)
        #expect(all.out.contains("NestedWorkflowsStack.template.json (parentMachineFFF9E148): ok"))
        let several = await sfn(["format", fixture("cdk.out")])
        #expect(several.status == 64)
        #expect(several.err.contains("NestedWorkflowsStack.template.json: childMachineC2BF6790, parentMachineFFF9E148"))
        let one = await sfn(["format", "--state-machine", "childMachineC2BF6790", fixture("cdk.out")])
        #expect(one.status == 0)
        #expect(one.out.contains("States.MathAdd"))
    }

    @Test func formatNeverRewritesATemplate() async throws {
        let path = try temporaryFile("template.yaml", Self.two)
        let r = await sfn(["format", "--in-place", "--state-machine", "First", path])
        #expect(r.status == 64)
        #expect(r.err.contains("--in-place rewrites ASL JSON files only"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.two)
        let yaml = try temporaryFile("flow.asl.yaml", "StartAt: A\nStates:\n  A: {Type: Succeed}\n")
        #expect(await sfn(["format", "--in-place", yaml]).status == 64)
        #expect(await sfn(["format", yaml]).status == 0)
    }

    @Test func runFillsPlaceholders() async {
        let r = await sfn(["run", "--state-machine", "First", "--json", "-"], input: Self.two)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains(#""output": "\"hello\"""#) || r.out.contains("hello"), "\(r.out)")
        let overridden = await sfn(
            ["run", "--state-machine", "First", "--substitute", "Greeting=bonjour", "--json", "-"], input: Self.two)
        #expect(overridden.out.contains("bonjour"), "\(overridden.out)")
        #expect(!overridden.out.contains("hello"))
    }

    @Test func runListsPlaceholdersLeftUnfilled() async throws {
        let asl =
            #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"a": "${A}", "b": "${B}"}, "End": true}}}"#
        let values = try temporaryFile("values.json", #"{"B": 2}"#)
        let r = await sfn(["run", "--substitutions", values, "--json", "-"], input: asl)
        #expect(r.status == 0)
        #expect(r.err.contains("note: placeholders left unfilled: ${A}"), "\(r.err)")
        #expect(r.out.contains(#"\"b\":\"2\""#) || r.out.contains(#""b\": \"2\"#) || r.out.contains("2"), "\(r.out)")
        #expect(await sfn(["run", "--substitute", "oops", "-"], input: asl).status == 64)
    }

    @Test func runFillsATerraformPlaceholderOutsideAString() async {
        let file = fixture("terraform/batch_timeout.asl.json.tftpl")
        // Unfilled, the placeholder leaves the definition invalid: nothing runs (65).
        #expect(await sfn(["run", file]).status == 65)
        let r = await sfn(["validate", "--no-warnings", "--substitute", "timeout_seconds=60", file])
        #expect(r.status == 0, "\(r.out)")
    }

    @Test func testRunsATemplatesDefinitionAgainstRecordedCases() async throws {
        let caseText = """
            {"name": "greets", "group": "templates", "definition": {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}},
             "input": {}, "expected": {"status": "SUCCEEDED", "output": "hello"}}
            """
        let casePath = try temporaryFile("greets.json", caseText)
        let templatePath = try temporaryFile("template.yaml", Self.two)
        let recorded = await sfn(["test", "--quiet", casePath])
        #expect(recorded.status == 1, "\(recorded.out)")
        let r = await sfn(["test", "--definition", templatePath, "--state-machine", "First", casePath])
        #expect(r.status == 0, "\(r.out)\(r.err)")
        #expect(r.out.contains("1 passed, 0 failed"))
        let other = await sfn(
            [
                "test", "--quiet", "--definition", templatePath, "--state-machine", "First", "--substitute",
                "Greeting=x", casePath,
            ])
        #expect(other.status == 1)
        #expect(await sfn(["test", "--state-machine", "First", casePath]).status == 64)
    }

    @Test func templateWritesATemplateForATemplatesStateMachine() async {
        let r = await sfn(["template", "--state-machine", "First", "--format", "json", "-"], input: Self.two)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains(#""First""#))
        #expect(r.out.contains(#""Result": "hello""#), "\(r.out)")
    }
}
