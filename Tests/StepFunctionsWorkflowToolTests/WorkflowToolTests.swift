import Foundation
import StepFunctions
import StepFunctionsWorkflowTool
import Testing

@Suite("WorkflowTool: compile and validate from the command line")
struct WorkflowToolTests {
    private let good = StateMachine(S.self, name: "good") {
        TaskStep(.a, resource: "arn:aws:states:::events:putEvents").timeout(.seconds(10))
    }
    private let bad = StateMachine(S.self, name: "bad") {
        TaskStep(.a, resource: "arn:aws:states:::events:putEvents").catch(.all, next: .handler)
    }

    /// Runs the tool, capturing its standard output and error lines.
    private func run(_ workflows: [any CompilableWorkflow], _ arguments: [String]) -> (Int32, [String], [String]) {
        var out: [String] = []
        var err: [String] = []
        let status = WorkflowTool.run(
            workflows, arguments: arguments, output: { out.append($0) }, errorOutput: { err.append($0) })
        return (status, out, err)
    }

    private func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "workflow-tool-" + UUID().uuidString
    }

    @Test func compileWritesOneFilePerWorkflow() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (status, out, err) = run([good], ["compile", "--output", directory, "--cloudformation", "json"])
        #expect(status == 0, "\(err)")
        #expect(out == ["wrote \(directory)/good.asl.json", "wrote \(directory)/good.cfn.json"])
        let written = try String(contentsOfFile: directory + "/good.asl.json", encoding: .utf8)
        #expect(written == (try good.compile().json))
        #expect(FileManager.default.fileExists(atPath: directory + "/good.cfn.json"))
    }

    @Test func compileReportsErrorsWithSwiftLocationsAndFails() {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (status, out, err) = run([good, bad], ["compile", "--output", directory])
        #expect(status == 1)
        #expect(out == ["wrote \(directory)/good.asl.json"])
        #expect(err.first?.hasPrefix("Tests/StepFunctionsWorkflowToolTests/WorkflowToolTests.swift:") == true, "\(err)")
        #expect(err.first?.contains("error: [undefined-state] States.A.Catch[0].Next") == true, "\(err)")
        #expect(err.last == "bad: not compiled (1 errors)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/bad.asl.json"))
    }

    @Test func compileSelectsWorkflowsByName() {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (status, out, _) = run([good, bad], ["compile", "--output", directory, "--compact", "good"])
        #expect(status == 0)
        #expect(out == ["wrote \(directory)/good.asl.json"])
    }

    @Test func validatePrintsDiagnosticsAndList() {
        let (status, out, _) = run([good, bad], ["validate"])
        #expect(status == 1)
        #expect(out.first == "good: ok")
        let errors = out.filter { $0.contains(": error: ") }
        #expect(errors.count == 1 && errors[0].contains("error: [undefined-state]"), "\(out)")
        let (listStatus, names, _) = run([good, bad], ["list"])
        #expect(listStatus == 0 && names == ["good", "bad"])
    }

    @Test func usageErrorsExit64() {
        #expect(run([good], []).0 == 64)
        #expect(run([good], ["build"]).0 == 64)
        #expect(run([good], ["compile", "--bogus"]).0 == 64)
        #expect(run([good], ["compile", "--output"]).0 == 64)
        #expect(run([good], ["compile", "--cloudformation", "xml"]).0 == 64)
        let (status, _, err) = run([good], ["validate", "missing"])
        #expect(status == 64)
        #expect(err.first?.contains("no workflow named 'missing'; workflows: good") == true)
    }

    @Test func workflowsNeedUniqueNames() {
        let (status, _, err) = run([good, good], ["list"])
        #expect(status == 1)
        #expect(err.first?.contains("two workflows are named 'good'") == true)
    }
}

/// The state names of the tests' workflows.
enum S: String, StateName {
    case a = "A"
    case handler = "Handler"
}
