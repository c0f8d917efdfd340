import Foundation
import JSONCore
import StepFunctionsCompiler

/// The diagnostics of one `sfn validate` run, gathered for `--format json` and `--format sarif`
/// (the text format prints as it goes).
struct DiagnosticReport {
    /// One checked definition: the file, the state machine's logical id in a template, its problems.
    struct Entry {
        var file: String
        var stateMachine: String?
        var diagnostics: [Diagnostic]
    }

    var entries: [Entry] = []
    /// Warnings count as errors (`--warnings-as-errors`): reported as errors, and they fail the run.
    var warningsAsErrors = false

    /// A diagnostic's severity as reported.
    func severity(_ d: Diagnostic) -> Diagnostic.Severity {
        warningsAsErrors && d.severity == .warning ? .error : d.severity
    }

    /// How many diagnostics of `severity` (as reported) there are.
    func count(_ severity: Diagnostic.Severity) -> Int {
        entries.reduce(0) { $0 + $1.diagnostics.count { self.severity($0) == severity } }
    }

    /// The diagnostics sorted by position (line, then column; unplaced ones first), as the text
    /// format prints them.
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let la = (a.element.location?.line ?? 0, a.element.location?.column ?? 0)
            let lb = (b.element.location?.line ?? 0, b.element.location?.column ?? 0)
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
    }

    /// `{"files": [{"file", "stateMachine"?, "diagnostics": [...]}], "errors": N, "warnings": N}`.
    func json() -> JSONValue {
        let files: [JSONValue] = entries.map { entry in
            var o: JSONObject = ["file": .string(entry.file)]
            if let id = entry.stateMachine { o["stateMachine"] = .string(id) }
            o["diagnostics"] = .array(
                DiagnosticReport.sorted(entry.diagnostics).map { d in
                    var item: JSONObject = [
                        "severity": .string(severity(d).rawValue), "code": .string(d.code.rawValue),
                        "message": .string(d.message),
                    ]
                    if !d.path.components.isEmpty { item["path"] = .string(d.path.description) }
                    item["file"] = .string(d.location?.file ?? entry.file)
                    if let line = d.location?.line { item["line"] = .int(line) }
                    if let column = d.location?.column { item["column"] = .int(column) }
                    return .object(item)
                })
            return .object(o)
        }
        return ["files": .array(files), "errors": .int(count(.error)), "warnings": .int(count(.warning))]
    }

    /// A SARIF 2.1.0 log (OASIS): one run of the `sfn` tool, a rule per diagnostic code, a result
    /// per diagnostic with its file, line and column; what code-scanning services read.
    func sarif() -> JSONValue {
        var ruleIndex: [String: Int] = [:]
        var rules: [JSONValue] = []
        var results: [JSONValue] = []
        for entry in entries {
            for d in DiagnosticReport.sorted(entry.diagnostics) {
                let code = d.code.rawValue
                let index: Int
                if let known = ruleIndex[code] {
                    index = known
                } else {
                    index = rules.count
                    ruleIndex[code] = index
                    rules.append(["id": .string(code), "name": .string(code)])
                }
                var region: JSONObject = [:]
                if let line = d.location?.line {
                    region["startLine"] = .int(line)
                    if let column = d.location?.column { region["startColumn"] = .int(column) }
                }
                var physical: JSONObject = [
                    "artifactLocation": ["uri": .string(DiagnosticReport.uri(d.location?.file ?? entry.file))]
                ]
                if !region.isEmpty { physical["region"] = .object(region) }
                var location: JSONObject = ["physicalLocation": .object(physical)]
                if !d.path.components.isEmpty {
                    location["logicalLocations"] = [["fullyQualifiedName": .string(d.path.description)]]
                }
                let level: String
                switch severity(d) {
                case .error: level = "error"
                case .warning: level = "warning"
                case .note: level = "note"
                }
                results.append([
                    "ruleId": .string(code), "ruleIndex": .int(index), "level": .string(level),
                    "message": ["text": .string(d.message)], "locations": [.object(location)],
                ])
            }
        }
        let driver: JSONObject = [
            "name": "sfn", "informationUri": "https://github.com/swift-step-functions/swift-step-functions",
            "rules": .array(rules),
        ]
        return [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
            "runs": [["tool": ["driver": .object(driver)], "results": .array(results)]],
        ]
    }

    /// What a path may keep unescaped in SARIF's `artifactLocation.uri` (RFC 3986's unreserved
    /// characters and `/`).
    static let uriCharacters = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")

    /// A relative URI reference for a path: everything else is percent-encoded.
    static func uri(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: uriCharacters) ?? path
    }
}
