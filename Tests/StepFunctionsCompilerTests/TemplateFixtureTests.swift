import Foundation
import StepFunctionsCompiler
import Testing

/// The fixture templates in `Templates/` (SAM, CloudFormation JSON and YAML, `cdk.out` output,
/// Terraform `templatefile` sources), written for these tests in the styles of the real-world
/// corpus. `Templates/extract.py` extracted each one's ASL independently (PyYAML, json) into
/// `Templates/expected/`; the definition the reader finds must format exactly as the extracted ASL does.
@Suite("Templates: every fixture's definitions equal the independently extracted ASL")
struct TemplateFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Templates")

    /// One expected file: the template (or Terraform source) it comes from and the logical id.
    struct Expectation: CustomTestStringConvertible, Sendable {
        let expected: String
        let source: String
        let logicalId: String?
        var testDescription: String { logicalId.map { "\(source) \($0)" } ?? source }
    }

    static let expectations: [Expectation] = {
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("expected").path))
            ?? []
        return names.filter { $0.hasSuffix(".asl.json") }.sorted().map { name in
            let base = String(name.dropLast(".asl.json".count))
            if base.hasPrefix("terraform__") {
                return Expectation(
                    expected: name, source: base.replacingOccurrences(of: "__", with: "/") + ".asl.json", logicalId: nil
                )
            }
            let dot = base.lastIndex(of: ".")!
            return Expectation(
                expected: name, source: String(base[..<dot]).replacingOccurrences(of: "__", with: "/"),
                logicalId: String(base[base.index(after: dot)...]))
        }
    }()

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(relative), encoding: .utf8)
    }

    /// `sfn format`'s output for a definition source: the canonical ASL JSON of what it reads.
    static func formatted(_ source: DefinitionSource) -> String? {
        let read = source.read()
        guard let definition = read.definition, !read.hasErrors else { return nil }
        return ASLWriter().text(definition)
    }

    @Test func thereAreAFewDozen() {
        #expect(Self.expectations.count >= 35)
        let templates = Set(Self.expectations.filter { $0.logicalId != nil }.map(\.source))
        #expect(templates.count >= 30)
    }

    @Test(arguments: expectations)
    func theDefinitionFoundIsTheExtractedOne(_ e: Expectation) throws {
        let path = Self.directory.appendingPathComponent(e.source).path
        let source = try DefinitionSource(text: try Self.text(e.source), fileName: path, stateMachine: e.logicalId)
        #expect(source.logicalId == e.logicalId)
        let expected = try DefinitionSource(
            text: try Self.text("expected/" + e.expected), fileName: e.expected)
        let found = try #require(Self.formatted(source), "\(source.read().diagnostics)")
        #expect(found == Self.formatted(expected))
    }

    @Test(arguments: expectations)
    func theDefinitionIsValidAfterItsSubstitutions(_ e: Expectation) throws {
        let path = Self.directory.appendingPathComponent(e.source).path
        let source = try DefinitionSource(text: try Self.text(e.source), fileName: path, stateMachine: e.logicalId)
        let errors = source.document().errors
        #expect(errors.isEmpty, "\(summary(errors))")
    }

    @Test func everyTemplatesStateMachinesAreExpected() throws {
        var files = ["cdk.out"].flatMap { dir in
            ((try? FileManager.default.contentsOfDirectory(atPath: Self.directory.appendingPathComponent(dir).path))
                ?? []).map { "\(dir)/\($0)" }
        }
        files += (try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)).filter {
            $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json")
        }
        var unexpected: [String] = []
        for file in files {
            let template = try CloudFormationTemplate(text: try Self.text(file), fileName: file)
            for id in template.stateMachineIds
            where !Self.expectations.contains(where: { $0.source == file && $0.logicalId == id }) {
                // The one definition kept in S3 is reported, not read.
                #expect(throws: TemplateError.self) { try template.stateMachine(id) }
                unexpected.append("\(file) \(id)")
            }
        }
        #expect(unexpected == ["cfn-s3-location.yaml ArchivedStateMachine"])
    }

    @Test func aTerraformPlaceholderOutsideAStringNeedsItsValue() throws {
        let source = try DefinitionSource(
            text: try Self.text("terraform/batch_timeout.asl.json.tftpl"), fileName: "batch_timeout.asl.json.tftpl")
        let unfilled = source.document()
        #expect(unfilled.diagnostics.map(\.code) == [.jsonSyntax])
        #expect(unfilled.diagnostics.first?.location?.line == 13)
        let filled = source.document(substitutions: ["timeout_seconds": "600"])
        #expect(filled.errors.isEmpty, "\(summary(filled.errors))")
        #expect(source.text(substitutions: ["timeout_seconds": "600"]).contains(#""TimeoutSeconds": 600,"#))
    }
}
