import Foundation
import SFNCLI
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The documented exit statuses of `sfn run`, `sfn test` and `sfn validate` (Docs/CLI.md, "Exit
/// statuses"): 0 success, 1 failed execution / failed test / invalid definition, 65 a definition
/// that cannot run, 64 a usage error, 66 a file that cannot be read (named as `FILE: error: ...`).
@Suite("sfn exit statuses: one number per kind of outcome")
struct ExitStatusTests {
    /// A scratch folder with the files the tests use.
    final class Scratch {
        let dir: String
        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-exit-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try write("ok.asl.json", #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#)
            try write(
                "fails.asl.json", #"{"StartAt": "A", "States": {"A": {"Type": "Fail", "Error": "Boom", "Cause": "c"}}}"#
            )
            try write("invalid.asl.json", #"{"StartAt": "Nope", "States": {"A": {"Type": "Pass", "End": true}}}"#)
            try Data([0x7B, 0x00, 0x7D]).write(to: URL(fileURLWithPath: dir + "/binary.asl.json"))
            try Data([0x7B, 0xFF, 0xFE, 0x7D]).write(to: URL(fileURLWithPath: dir + "/latin1.asl.json"))
            try FileManager.default.createDirectory(atPath: dir + "/folder", withIntermediateDirectories: true)
            let definition = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "End": true}}}"#
            try write(
                "pass.case.json",
                #"{"name": "p", "definition": \#(definition), "expected": {"status": "SUCCEEDED", "output": 1}}"#)
            try write(
                "fail.case.json",
                #"{"name": "f", "definition": \#(definition), "expected": {"status": "SUCCEEDED", "output": 2}}"#)
        }
        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
        func path(_ name: String) -> String { dir + "/" + name }
        deinit { try? FileManager.default.removeItem(atPath: dir) }
    }

    /// Runs `sfn` on a thread of its own: `run` and `test` block on the simulator, which must not
    /// take a thread of the cooperative pool the tests run on.
    static func sfn(_ arguments: [String]) async -> (Int32, CommandIO.Captured) {
        await runSFN(arguments)
    }

    @Test func runTellsSuccessAFailedExecutionAnInvalidDefinitionAndUsageApart() async throws {
        let s = try Scratch()
        #expect((await Self.sfn(["run", s.path("ok.asl.json")])).0 == 0)
        #expect((await Self.sfn(["run", s.path("fails.asl.json")])).0 == 1)
        let (invalid, captured) = await Self.sfn(["run", s.path("invalid.asl.json")])
        #expect(invalid == 65)
        #expect(captured.errors.contains("Nope"))
        let (usage, bad) = await Self.sfn(["run", s.path("ok.asl.json"), "--inptu", "{}"])
        #expect(usage == 64)
        #expect(bad.errors.contains("did you mean '--input'?") && bad.errors.contains("Usage: sfn run"))
    }

    @Test(arguments: [
        ("missing.asl.json", "no such file"), ("binary.asl.json", "is a binary file (a NUL byte at offset 1)"),
        ("latin1.asl.json", "is not UTF-8 text"), ("folder", "is a directory"),
    ])
    func fileProblemsAreNamedAsSuch(file: String, message: String) async throws {
        let s = try Scratch()
        let path = s.path(file)
        for command in [
            ["run", path], ["validate", path], ["format", path], ["format", "--check", path],
            ["diff", path, s.path("ok.asl.json")],
        ] {
            let (status, captured) = await Self.sfn(command)
            #expect(status == 66, "\(command): \(captured.errors)")
            #expect(captured.errors.contains("\(path): error: \(message)"), "\(command): \(captured.errors)")
            #expect(!captured.errors.contains("Usage:"), "a file problem is not a usage error")
        }
    }

    @Test func diffTellsEqualDifferentNotJSONAndAMissingValueApart() async throws {
        let s = try Scratch()
        try s.write("broken.json", "{")
        #expect((await Self.sfn(["diff", s.path("ok.asl.json"), s.path("ok.asl.json")])).0 == 0)
        #expect((await Self.sfn(["diff", s.path("ok.asl.json"), s.path("fails.asl.json")])).0 == 1)
        #expect((await Self.sfn(["diff", s.path("ok.asl.json"), s.path("broken.json")])).0 == 65)
        let (missing, captured) = await Self.sfn([
            "diff", "--first-at", "States.Nope", s.path("ok.asl.json"), s.path("ok.asl.json"),
        ])
        #expect(missing == 65)
        #expect(captured.errors.contains("has no value at"))
        #expect((await Self.sfn(["diff", s.path("ok.asl.json")])).0 == 64)
    }

    @Test func aFileNamedByAnOptionIsAFileProblemToo() async throws {
        let s = try Scratch()
        let (input, captured) = await Self.sfn(["run", s.path("ok.asl.json"), "--input", "@" + s.path("folder")])
        #expect(input == 66)
        #expect(captured.errors.contains("\(s.path("folder")): error: is a directory, not a file"))
        let (mocks, mocked) = await Self.sfn([
            "run", s.path("ok.asl.json"), "--mock-config", s.path("none.json"), "--test-case", "T",
        ])
        #expect(mocks == 66)
        #expect(mocked.errors.contains("\(s.path("none.json")): error: no such file"))
    }

    @Test(.enabled(if: getuid() != 0, "root reads every file"))
    func anUnreadableFileIsAFileProblem() async throws {
        let s = try Scratch()
        let path = s.path("ok.asl.json")
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
        let (status, captured) = await Self.sfn(["validate", path])
        #expect(status == 66)
        #expect(captured.errors.contains("\(path): error: cannot be read (permission denied)"))
    }

    @Test func validateChecksTheOtherFilesAndFailsOnTheUnreadableOne() async throws {
        let s = try Scratch()
        #expect((await Self.sfn(["validate", s.path("ok.asl.json")])).0 == 0)
        #expect((await Self.sfn(["validate", s.path("invalid.asl.json")])).0 == 1)
        let (status, captured) = await Self.sfn(["validate", s.path("missing.asl.json"), s.path("ok.asl.json")])
        #expect(status == 66)
        #expect(captured.output.contains("ok.asl.json: ok"))
        let (json, report) = await Self.sfn(["validate", "--format", "json", s.path("missing.asl.json")])
        #expect(json == 66)
        #expect(report.output.contains(#""code": "file-error""#))
        #expect((await Self.sfn(["validate", "--format", "yaml", s.path("ok.asl.json")])).0 == 64)
    }

    @Test func testTellsPassedFailedAnInvalidDefinitionAndAMissingCaseApart() async throws {
        let s = try Scratch()
        #expect((await Self.sfn(["test", s.path("pass.case.json")])).0 == 0)
        #expect((await Self.sfn(["test", s.path("pass.case.json"), s.path("fail.case.json")])).0 == 1)
        #expect(
            (await Self.sfn(["test", "--definition", s.path("invalid.asl.json"), s.path("pass.case.json")])).0 == 65)
        let (missing, captured) = await Self.sfn(["test", s.path("gone.case.json")])
        #expect(missing == 66)
        #expect(captured.errors.contains("\(s.path("gone.case.json")): error: no such file or directory"))
        let (binary, binaryOut) = await Self.sfn(["test", s.path("binary.asl.json")])
        #expect(binary == 66)
        #expect(binaryOut.errors.contains("is a binary file"))
        #expect((await Self.sfn(["test", "--min-pass", "x", s.path("pass.case.json")])).0 == 64)
    }
}
