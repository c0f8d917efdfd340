import Foundation
import Testing

/// `sfn diff`, run as the built executable (it sits beside the test runner in the build directory).
@Suite("sfn diff")
struct SfnDiffTests {
    private static func sfn() throws -> URL {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        // On macOS the runner is inside an .xctest bundle.
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "Contents"
            || directory.lastPathComponent == "MacOS"
        {
            directory = directory.deletingLastPathComponent()
        }
        let candidate = directory.appendingPathComponent("sfn")
        try #require(
            FileManager.default.isExecutableFile(atPath: candidate.path), "no sfn executable at \(candidate.path)")
        return candidate
    }

    /// Runs `sfn diff` on two JSON texts; returns the exit status and the output lines.
    private func diff(_ first: String, _ second: String, _ options: [String] = []) throws -> (Int32, [String]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-diff-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let a = directory.appendingPathComponent("a.json")
        let b = directory.appendingPathComponent("b.json")
        try Data(first.utf8).write(to: a)
        try Data(second.utf8).write(to: b)
        let process = Process()
        process.executableURL = try Self.sfn()
        process.arguments = ["diff"] + options + [a.path, b.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
        return (process.terminationStatus, lines)
    }

    @Test func keyOrderAndNumberSpellingDoNotMatter() throws {
        let (status, lines) = try diff(#"{"a": 2.0, "b": [1, {"x": null}]}"#, #"{"b": [1, {"x": null}], "a": 2}"#)
        #expect(status == 0)
        #expect(lines.isEmpty)
    }

    @Test func differencesArePrintedWithTheirPaths() throws {
        let (status, lines) = try diff(
            #"{"States": {"A": {"Next": "B", "Retry": [1, 2]}, "Gone": {}}, "x": "1"}"#,
            #"{"States": {"A": {"Next": "C", "Retry": [1]}, "Check stock": true}, "x": 1}"#)
        #expect(status == 1)
        #expect(
            lines == [
                #"~ States.A.Next: "B" -> "C""#,
                "- States.A.Retry[1]: 2",
                "- States.Gone: {}",
                #"+ States["Check stock"]: true"#,
                #"~ x: "1" -> 1"#,
            ])
    }

    @Test func aSubtreeCanBeCompared() throws {
        let (status, lines) = try diff(
            #"{"Type": "Pass"}"#, #"{"States": {"P": {"Type": "Pass", "End": true}}}"#, ["--second-at", "States.P"])
        #expect(status == 1)
        #expect(lines == ["+ End: true"])
    }

    @Test func notJSONOrAMissingValueExitsSixtyFiveAndUsageSixtyFour() throws {
        #expect(try diff("{", "{}").0 == 65)
        #expect(try diff("{}", "{}", ["--second-at", "Missing"]).0 == 65)
        #expect(try diff("{}", "{}", ["--bogus"]).0 == 64)
    }
}
