import Foundation
import SFNCLI
import Testing

/// `validate`, `format --in-place`/`--check` and `graph --output-dir` over many files and directories
/// in one process (Docs/CLI.md, "Many files and directories in one process"): a directory stands for
/// its `*.asl.json` files recursively (every `*.json` when it holds none), hidden folders and
/// `node_modules` skipped; each bad input is reported as `FILE: error: ...` and the others processed.
@Suite("sfn over many files and directories")
struct ManyFilesTests {
    static let valid = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#
    static let messy = #"{"States": {"A": {"End": true, "Type": "Pass"}}, "StartAt": "A"}"#
    static let invalid = #"{"StartAt": "Nope", "States": {"A": {"Type": "Pass", "End": true}}}"#

    /// A scratch folder: `tree/` holds definitions in subfolders, beside files that must be skipped.
    final class Scratch {
        let dir: String
        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-many-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try write("tree/top.asl.json", ManyFilesTests.valid)
            try write("tree/billing/refund.asl.json", ManyFilesTests.messy)
            try write("tree/billing/broken.asl.json", ManyFilesTests.invalid)
            try write("tree/billing/event.json", #"{"orderId": "o-1"}"#)
            try write("tree/.aws-sam/build.asl.json", "not JSON")
            try write("tree/node_modules/pkg/x.asl.json", "not JSON")
            try write("plain/a.json", ManyFilesTests.valid)
            try write("plain/deeper/b.json", ManyFilesTests.messy)
            try write("plain/readme.txt", "not a definition")
            try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
            try Data([0x7B, 0x00, 0x7D]).write(to: URL(fileURLWithPath: dir + "/binary.asl.json"))
        }
        func write(_ name: String, _ text: String) throws {
            let path = dir + "/" + name
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        func path(_ name: String) -> String { dir + "/" + name }
        func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
        deinit { try? FileManager.default.removeItem(atPath: dir) }
    }

    static func sfn(_ arguments: [String]) -> (Int32, CommandIO.Captured) {
        let (io, captured) = CommandIO.capturing()
        return (SFN.main(arguments, io: io), captured)
    }

    @Test func validateTakesADirectoryRecursivelyAndSkipsHiddenFoldersAndNodeModules() throws {
        let s = try Scratch()
        let (status, captured) = Self.sfn(["validate", "--no-warnings", s.path("tree")])
        #expect(status == 1, "broken.asl.json has an error")
        #expect(captured.output.contains(s.path("tree/top.asl.json") + ": ok"))
        #expect(captured.output.contains(s.path("tree/billing/refund.asl.json") + ": ok"))
        #expect(captured.output.contains(s.path("tree/billing/broken.asl.json") + ":"))
        #expect(captured.output.contains("Nope"))
        // The folder holds *.asl.json files, so its other JSON files are not definitions to check.
        #expect(!captured.output.contains("event.json") && !captured.errors.contains("event.json"))
        #expect(!captured.output.contains(".aws-sam") && !captured.output.contains("node_modules"))
        // Sorted by path: billing/ before top.asl.json, broken before refund.
        let order = ["billing/broken.asl.json", "billing/refund.asl.json", "top.asl.json"].compactMap {
            captured.output.range(of: s.path("tree/" + $0))?.lowerBound
        }
        #expect(order.count == 3 && order == order.sorted())
    }

    @Test func aDirectoryWithoutASLFilesStandsForItsJSONFiles() throws {
        let s = try Scratch()
        let (status, captured) = Self.sfn(["validate", "--no-warnings", s.path("plain")])
        #expect(status == 0)
        #expect(captured.output.contains(s.path("plain/a.json") + ": ok"))
        #expect(captured.output.contains(s.path("plain/deeper/b.json") + ": ok"))
        #expect(!captured.output.contains("readme.txt"))
    }

    @Test func validateReportsEachBadInputAndChecksTheOthers() throws {
        let s = try Scratch()
        let (status, captured) = Self.sfn([
            "validate", "--no-warnings", s.path("missing.asl.json"), s.path("empty"), s.path("binary.asl.json"),
            s.path("plain"),
        ])
        #expect(status == 66)
        #expect(captured.errors.contains(s.path("missing.asl.json") + ": error: no such file"))
        #expect(captured.errors.contains(s.path("empty") + ": error: is a directory without definition files"))
        #expect(captured.errors.contains(s.path("binary.asl.json") + ": error: is a binary file"))
        #expect(captured.output.contains(s.path("plain/a.json") + ": ok"))
        #expect(captured.output.contains(s.path("plain/deeper/b.json") + ": ok"))
        #expect(!captured.errors.contains("Usage:"))
    }

    @Test func aCDKOutputDirectoryIsStillOneTemplate() throws {
        let s = try Scratch()
        let template = #"""
            {"Resources": {"Machine": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
              "Definition": {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}}}}}
            """#
        try s.write("cdk.out/App.template.json", template)
        try s.write("cdk.out/manifest.json", #"{"version": "36.0.0"}"#)
        let (status, captured) = Self.sfn(["validate", "--no-warnings", s.path("cdk.out")])
        #expect(status == 0, "\(captured.errors)")
        #expect(captured.output.contains("(Machine): ok"))
        #expect(!captured.output.contains("manifest.json") && !captured.errors.contains("manifest.json"))
    }

    @Test func formatCheckWalksDirectoriesAndGoesOnPastBadInputs() throws {
        let s = try Scratch()
        let (status, captured) = Self.sfn(["format", "--check", s.path("missing.asl.json"), s.path("plain")])
        #expect(status == 66)
        #expect(captured.errors.contains(s.path("missing.asl.json") + ": error: no such file"))
        // Neither file is in the canonical form (two-space JSON): both are listed, in path order.
        #expect(captured.output == s.path("plain/a.json") + "\n" + s.path("plain/deeper/b.json") + "\n")
        #expect(captured.errors.contains("2 of 2 files would be reformatted"))
    }

    @Test func formatInPlaceRewritesTheOthersWhenOneFileCannotBeFormatted() throws {
        let s = try Scratch()
        try s.write("mixed/a.json", Self.messy)
        try s.write(
            "mixed/stack.json",
            #"{"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"Definition": \#(Self.valid)}}}}"#
        )
        try s.write("mixed/z.json", Self.messy)
        let (status, captured) = Self.sfn(["format", "--in-place", s.path("mixed")])
        // A template is never rewritten: a usage problem of that file, reported with its name.
        #expect(status == 64)
        #expect(
            captured.errors.contains(s.path("mixed/stack.json") + ": error: --in-place rewrites ASL JSON files only"))
        #expect(try s.read("mixed/a.json") != Self.messy)
        #expect(try s.read("mixed/z.json") == s.read("mixed/a.json"))
        #expect(try s.read("mixed/stack.json").contains("Resources"))
    }

    @Test func graphDrawsEveryDefinitionIntoTheOutputDirectory() throws {
        let s = try Scratch()
        try s.write("single/one.asl.json", Self.valid)
        let out = s.path("pictures")
        let (status, captured) = Self.sfn([
            "graph", "--output-dir", out, "--format", "svg", s.path("tree"), s.path("single/one.asl.json"),
            s.path("missing.asl.json"),
        ])
        #expect(status == 66, "\(captured.errors)")
        #expect(captured.errors.contains(s.path("missing.asl.json") + ": error: no such file"))
        for picture in ["top.svg", "billing/refund.svg", "billing/broken.svg", "one.svg"] {
            let text = try? String(contentsOfFile: out + "/" + picture, encoding: .utf8)
            #expect(text?.hasPrefix("<svg") == true, "\(picture)")
        }
        // The picture of a file is the one `sfn graph FILE` prints.
        let (_, single) = Self.sfn(["graph", "--format", "svg", s.path("tree/billing/refund.asl.json")])
        #expect(try String(contentsOfFile: out + "/billing/refund.svg", encoding: .utf8) == single.output)
        #expect(!FileManager.default.fileExists(atPath: out + "/billing/event.svg"))
    }

    @Test func graphOverSeveralInputsNeedsAnOutputDirectoryAndNamesCollisions() throws {
        let s = try Scratch()
        let (several, usage) = Self.sfn(["graph", s.path("tree/top.asl.json"), s.path("plain/a.json")])
        #expect(several == 64 && usage.errors.contains("--output-dir"))
        #expect(Self.sfn(["graph", s.path("tree")]).0 == 64)
        #expect(Self.sfn(["graph", "--output-dir", s.path("p"), "--name", "N", s.path("tree")]).0 == 64)
        #expect(
            Self.sfn(["graph", "--output-dir", s.path("p"), "-o", s.path("x.mmd"), s.path("plain/a.json")]).0 == 64)
        try s.write("other/top.asl.json", Self.messy)
        let (collision, captured) = Self.sfn([
            "graph", "--output-dir", s.path("p"), s.path("tree/top.asl.json"), s.path("other/top.asl.json"),
        ])
        #expect(collision == 64)
        #expect(captured.errors.contains(s.path("other/top.asl.json") + ": error: its picture would be"))
        #expect(FileManager.default.fileExists(atPath: s.path("p/top.mmd")))
    }

    @Test func runTakesOneDefinitionAndSaysWhereManyRun() throws {
        let s = try Scratch()
        let (status, captured) = Self.sfn(["run", s.path("tree/top.asl.json"), s.path("plain/a.json")])
        #expect(status == 64)
        #expect(captured.errors.contains("sfn test DIR"))
    }
}
