import Foundation
import JSONCore
import SFNCLI
import Testing

/// `sfn test --format json` and its summary line, and colour in text output (`--no-color`,
/// `NO_COLOR`, and a style forced on, since tests have no terminal).
@Suite("sfn test --format json, and colour")
struct TestReportAndColorTests {
    static let definition = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "End": true}}}"#

    /// A folder with a passing, a failing and a skipped case, and a file that is not a test case.
    static func cases() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-report-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let files = [
            "a.json":
                #"{"name": "passes", "group": "g", "definition": \#(definition), "expected": {"status": "SUCCEEDED", "output": 1}}"#,
            "b.json":
                #"{"name": "fails", "group": "g", "definition": \#(definition), "expected": {"status": "SUCCEEDED", "output": 2}}"#,
            "c.json":
                #"{"name": "skips", "group": "h", "definition": \#(definition), "expected": {"status": "PENDING"}}"#,
            "d.json": #"{"no": "definition"}"#,
        ]
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return dir
    }

    static func sfn(_ arguments: [String], style: Style = .plain, environment: [String: String] = [:]) async -> (
        Int32, CommandIO.Captured
    ) {
        var (io, captured) = CommandIO.capturing()
        io.style = style
        let run = io
        let status = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: SFN.main(arguments, io: run, environment: environment))
            }
        }
        return (status, captured)
    }

    @Test func jsonListsEachCaseWithItsStatusDifferencesAndDuration() async throws {
        let dir = try Self.cases()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (status, captured) = await Self.sfn(["test", "--format", "json", dir])
        #expect(status == 1)
        let report = try JSONParser.parse(captured.output)
        let cases = try #require(report["cases"]?.arrayValue)
        #expect(cases.count == 4)
        #expect(cases.map { $0["name"]?.stringValue ?? "" }.prefix(3) == ["passes", "fails", "skips"])
        #expect(cases.map { $0["status"]?.stringValue ?? "" } == ["passed", "failed", "skipped", "error"])
        #expect(cases[0]["differences"] == .array([]))
        #expect(cases[1]["differences"]?.arrayValue?.first?.stringValue?.contains("output") == true)
        #expect(cases[2]["reason"]?.stringValue?.contains("PENDING") == true)
        #expect(cases[3]["name"]?.stringValue?.contains("not a test case") == true)
        for c in cases.prefix(3) {
            let seconds = try #require(c["seconds"]?.numberValue?.doubleValue)
            #expect(seconds >= 0)
        }
        #expect(report["passed"] == 1 && report["failed"] == 2 && report["skipped"] == 1 && report["errors"] == 1)
        #expect(captured.errors.isEmpty)
        #expect((await Self.sfn(["test", "--format", "xml", dir])).0 == 64)
    }

    /// Case files are listed and ordered as `sorted()` orders their names (on the bytes when all
    /// are ASCII), and the summary's seconds are written as `%.2f` writes them.
    @Test func caseFileNamesAndSecondsAreWrittenAsBefore() throws {
        let ascii = ["b.json", "a10.json", "a2.json", "A.json", "_x.json", "a.json", "ab.json", "a", "", "a-b.json"]
        #expect(sortedNames(ascii) == ascii.sorted())
        let mixed = ascii + ["é.json", "e\u{301}.json", "z.json"]
        #expect(sortedNames(mixed) == mixed.sorted())
        #expect(ascii.filter(hasJSONSuffix) == ascii.filter { $0.hasSuffix(".json") })
        for v in [0, 0.004, 0.126, 0.994, 0.996, 1.5, 12.349, 123.456] {
            #expect(twoDecimals(v) == String(format: "%.2f", v), "\(v)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-entries-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["b.json", ".hidden.json", "a.txt"] {
            try Data("{}".utf8).write(to: folder.appendingPathComponent(name))
        }
        #expect(directoryEntries(folder.path)?.sorted() == ["b.json", ".hidden.json", "a.txt"].sorted())
        #expect(directoryEntries(folder.path + "/missing") == nil)
        // A directory and a link are not called regular files (their reading asks the file).
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("d.json"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("l.json").path, withDestinationPath: folder.path + "/b.json")
        var regular: [Bool] = []
        let names = directoryEntries(folder.path, regular: &regular) ?? []
        #expect(names.count == regular.count)
        let kinds = Dictionary(uniqueKeysWithValues: zip(names, regular))
        #expect(kinds == ["b.json": true, ".hidden.json": true, "a.txt": true, "d.json": false, "l.json": false])
    }

    /// Random names (ASCII, with long shared prefixes, NULs and empty ones; then some not ASCII)
    /// sort as `sorted()` sorts them; the `.json` test and the path joining agree with the plain
    /// ways of writing them.
    @Test func randomCaseFileNamesSortAndJoinAsThePlainWays() {
        var random = SplitMix64(seed: 3)
        let pieces = ["", "a", "b", "0", "1", "00000", "case-", "payment-case-000", ".json", ".jso", "\u{0}", "Z", "~"]
        for round in 0..<300 {
            var names: [String] = []
            for _ in 0..<random.below(40) {
                var name = ""
                for _ in 0..<random.below(6) { name += pieces[random.below(pieces.count)] }
                names.append(name)
            }
            if round % 3 == 0 { names.append(["é.json", "e\u{301}.json", "ü"][random.below(3)]) }
            #expect(sortedNames(names) == names.sorted(), "\(names)")
            for name in names {
                #expect(hasJSONSuffix(name) == (Array(name.utf8.suffix(5)) == Array(".json".utf8)))
                #expect(joinedPath("dir/sub", name) == "dir/sub/" + name)
            }
        }
    }

    @Test func textEndsWithPassedFailedAndSkippedCounts() async throws {
        let dir = try Self.cases()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (_, captured) = await Self.sfn(["test", dir])
        #expect(captured.output.hasSuffix("1 passed, 2 failed, 1 skipped\n"))
        #expect(!captured.output.contains("\u{1B}["))
    }

    @Test func aForcedStyleColoursFailuresSkipsAndPasses() async throws {
        let dir = try Self.cases()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (_, captured) = await Self.sfn(["test", dir], style: Style(enabled: true))
        #expect(captured.output.contains("\u{1B}[31mFAIL\u{1B}[0m fails"))
        #expect(captured.output.contains("\u{1B}[33mSKIP\u{1B}[0m skips"))
        #expect(captured.output.contains("\u{1B}[32m1 passed\u{1B}[0m, \u{1B}[31m2 failed\u{1B}[0m, 1 skipped"))
        let invalid = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-\(UUID()).asl.json").path
        try
            #"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "Next": "Gone"}}}"#
            .write(toFile: invalid, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: invalid) }
        let (_, validated) = await Self.sfn(["validate", invalid], style: Style(enabled: true))
        #expect(validated.output.contains(": \u{1B}[31merror\u{1B}[0m: ["))
        #expect(validated.output.contains(": \u{1B}[33mwarning\u{1B}[0m: ["))
        let (_, missing) = await Self.sfn(["validate", dir + "/nope.json"], style: Style(enabled: true))
        #expect(missing.errors.contains("nope.json: \u{1B}[31merror\u{1B}[0m: no such file"))
    }

    @Test func noColorFlagAndEnvironmentTurnAForcedStyleOff() async throws {
        let dir = try Self.cases()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (flagStatus, flag) = await Self.sfn(["test", "--no-color", dir], style: Style(enabled: true))
        #expect(flagStatus == 1)
        #expect(flag.output.contains("FAIL fails") && !flag.output.contains("\u{1B}["))
        let (_, env) = await Self.sfn(["test", dir], style: Style(enabled: true), environment: ["NO_COLOR": "1"])
        #expect(env.output.contains("FAIL fails") && !env.output.contains("\u{1B}["))
        // An empty NO_COLOR does not count (no-color.org).
        let (_, empty) = await Self.sfn(["test", dir], style: Style(enabled: true), environment: ["NO_COLOR": ""])
        #expect(empty.output.contains("\u{1B}[31mFAIL"))
    }

    @Test func theStandardStyleIsPlainWithoutATerminal() {
        // Tests run with standard output redirected: never colour there, whatever the environment.
        if isatty(STDOUT_FILENO) != 1 {
            #expect(!Style.forTerminal(environment: [:]).enabled)
        }
        #expect(!Style.forTerminal(environment: ["NO_COLOR": "1"]).enabled)
    }
}
