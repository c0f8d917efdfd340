import Foundation
import JSONCore
import SFNCLI
import Testing

/// `sfn validate --format text|json|sarif` and `--warnings-as-errors`: what CI reads.
@Suite("sfn validate: formats for CI")
struct ValidateFormatTests {
    /// Two errors, a warning on the line before one of them, and a Choice without Default.
    static let broken = """
        {"StartAt": "T",
         "States": {
          "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "Next": "Nope"},
          "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "BooleanEquals": true, "Next": "T"}]}}}
        """
    /// Valid, with one warning (a Task without TimeoutSeconds).
    static let warned = """
        {"StartAt": "T",
         "States": {
          "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true}}}
        """

    func file(_ text: String, _ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-validate-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func validate(_ arguments: [String]) -> (Int32, String, String) {
        let (io, captured) = CommandIO.capturing(input: "")
        let status = SFN.main(["validate"] + arguments, io: io)
        return (status, captured.output, captured.errors)
    }

    @Test func textIsSortedByPlace() throws {
        let path = try file(Self.broken, "broken.asl.json")
        let (status, out, _) = validate([path])
        #expect(status == 1)
        let places = out.split(separator: "\n").map { line in
            line.split(separator: ":").dropFirst().prefix(2).compactMap { Int($0) }
        }
        #expect(places.count == 5)
        #expect(places == places.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func warningsAsErrorsFailTheRun() throws {
        let path = try file(Self.warned, "warned.asl.json")
        let (plain, plainOut, _) = validate([path])
        #expect(plain == 0)
        #expect(plainOut.contains("warning: [task-without-timeout]"))
        let (strict, strictOut, _) = validate(["--warnings-as-errors", path])
        #expect(strict == 1)
        #expect(strictOut.contains("error: [task-without-timeout]"))
        #expect(!strictOut.contains("warning:"))
    }

    @Test func jsonCountsAndPlacesEveryProblem() throws {
        let path = try file(Self.broken, "broken.asl.json")
        let (status, out, _) = validate(["--format", "json", path])
        #expect(status == 1)
        let report = try JSONParser.parse(out)
        #expect(report["errors"] == 3)
        #expect(report["warnings"] == 2)
        let diagnostics = try #require(report["files"]?[0]?["diagnostics"]?.arrayValue)
        #expect(diagnostics.count == 5)
        for d in diagnostics {
            #expect(d["line"]?.intValue != nil && d["column"]?.intValue != nil && d["code"]?.stringValue != nil)
            #expect(d["file"]?.stringValue == path)
        }
        #expect(diagnostics.contains { $0["code"] == "undefined-state" && $0["path"] == "States.T.Next" })

        let (strict, strictOut, _) = validate(["--format", "json", "--warnings-as-errors", path])
        #expect(strict == 1)
        let strictReport = try JSONParser.parse(strictOut)
        #expect(strictReport["errors"] == 5)
        #expect(strictReport["warnings"] == 0)
    }

    /// The SARIF 2.1.0 schema's required members (log: version, runs; run: tool.driver.name;
    /// result: message.text; a ruleIndex that names the rule of the ruleId; 1-based regions),
    /// checked member by member.
    @Test func sarifHasWhatTheSchemaRequires() throws {
        let path = try file(Self.broken, "with space.asl.json")
        let (status, out, _) = validate(["--format", "sarif", path])
        #expect(status == 1)
        let log = try JSONParser.parse(out)
        #expect(log["version"] == "2.1.0")
        let run = try #require(log["runs"]?[0])
        #expect(log["runs"]?.arrayValue?.count == 1)
        #expect(run["tool"]?["driver"]?["name"] == "sfn")
        let rules = try #require(run["tool"]?["driver"]?["rules"]?.arrayValue)
        let results = try #require(run["results"]?.arrayValue)
        #expect(results.count == 5)
        for r in results {
            #expect(r["message"]?["text"]?.stringValue?.isEmpty == false)
            #expect(["error", "warning", "note"].contains(r["level"]?.stringValue ?? ""))
            let index = try #require(r["ruleIndex"]?.intValue)
            #expect(rules[index]["id"] == r["ruleId"])
            let physical = try #require(r["locations"]?[0]?["physicalLocation"])
            let uri = try #require(physical["artifactLocation"]?["uri"]?.stringValue)
            #expect(uri.hasSuffix("with%20space.asl.json"))
            #expect(!uri.contains(" "))
            #expect((physical["region"]?["startLine"]?.intValue ?? 0) >= 1)
            #expect((physical["region"]?["startColumn"]?.intValue ?? 0) >= 1)
        }
        #expect(Set(rules.compactMap { $0["id"]?.stringValue }).count == rules.count)
    }

    @Test func aBadFormatIsAUsageError() throws {
        let path = try file(Self.warned, "warned.asl.json")
        let (status, _, errors) = validate(["--format", "xml", path])
        #expect(status == 64)
        #expect(errors.contains("--format takes text, json or sarif, not 'xml'"))
        let (combined, _, combinedErrors) = validate(["--format", "sarif", "--aws-json", path])
        #expect(combined == 64)
        #expect(combinedErrors.contains("--aws-json"))
    }
}
