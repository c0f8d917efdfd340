import Foundation
import JSONCore
import SFNCLI
import Testing

/// The constraints of the SARIF 2.1.0 JSON schema (oasis-tcs/sarif-spec, Schemata/sarif-schema-2.1.0.json)
/// on every object `sfn validate --format sarif` writes, beyond the required members: the members
/// each object may have (the schema's `additionalProperties: false`), the `level` and `version`
/// enums, `ruleIndex` (minimum -1, and naming the rule of `ruleId`), regions' 1-based integers, and
/// `artifactLocation.uri` as an RFC 3986 URI reference (`format: uri-reference`).
struct SARIFSchemaCheck {
    /// The members the schema allows, per object kind we write.
    static let allowed: [String: Set<String>] = [
        "sarifLog": ["$schema", "version", "runs", "inlineExternalProperties", "properties"],
        "run": [
            "tool", "invocations", "conversion", "language", "versionControlProvenance", "originalUriBaseIds",
            "artifacts", "logicalLocations", "graphs", "results", "automationDetails", "runAggregates", "baselineGuid",
            "redactionTokens", "defaultEncoding", "defaultSourceLanguage", "newlineSequences", "columnKind",
            "externalPropertyFileReferences", "threadFlowLocations", "taxonomies", "addresses", "translations",
            "policies", "webRequests", "webResponses", "specialLocations", "properties",
        ],
        "tool": ["driver", "extensions", "properties"],
        "toolComponent": [
            "guid", "name", "organization", "product", "productSuite", "shortDescription", "fullDescription",
            "fullName", "version", "semanticVersion", "dottedQuadFileVersion", "releaseDateUtc", "downloadUri",
            "informationUri", "globalMessageStrings", "notifications", "rules", "taxa", "locations", "language",
            "contents", "isComprehensive", "localizedDataSemanticVersion",
            "minimumRequiredLocalizedDataSemanticVersion", "associatedComponent", "translationMetadata",
            "supportedTaxonomies", "properties",
        ],
        "reportingDescriptor": [
            "id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames", "shortDescription",
            "fullDescription", "messageStrings", "defaultConfiguration", "helpUri", "help", "relationships",
            "properties",
        ],
        "result": [
            "ruleId", "ruleIndex", "rule", "kind", "level", "message", "analysisTarget", "locations", "guid",
            "correlationGuid", "occurrenceCount", "partialFingerprints", "fingerprints", "stacks", "codeFlows",
            "graphs", "graphTraversals", "relatedLocations", "suppressions", "baselineState", "rank", "attachments",
            "hostedViewerUri", "workItemUris", "provenance", "fixes", "taxa", "webRequest", "webResponse",
            "properties",
        ],
        "message": ["text", "markdown", "id", "arguments", "properties"],
        "location": [
            "id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships", "properties",
        ],
        "physicalLocation": ["address", "artifactLocation", "region", "contextRegion", "properties"],
        "artifactLocation": ["uri", "uriBaseId", "index", "description", "properties"],
        "region": [
            "startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength", "byteOffset", "byteLength",
            "snippet", "message", "sourceLanguage", "properties",
        ],
        "logicalLocation": [
            "name", "index", "fullyQualifiedName", "decoratedName", "parentIndex", "kind", "properties",
        ],
    ]

    var problems: [String] = []

    mutating func members(_ value: JSONValue?, _ kind: String, at path: String) {
        guard case .object(let o)? = value else {
            problems.append("\(path): a \(kind) must be an object")
            return
        }
        for key in o.keys.sorted() where !(Self.allowed[kind] ?? []).contains(key) {
            problems.append("\(path): '\(key)' is not a member of \(kind)")
        }
    }

    /// Whether `text` is an RFC 3986 URI reference: its characters, percent-escapes of two hex digits,
    /// and for a relative reference no ':' before the first '/'.
    static func isURIReference(_ text: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%")
        let scalars = Array(text)
        for (i, c) in scalars.enumerated() {
            guard allowed.contains(c) else { return false }
            if c == "%" {
                guard i + 2 < scalars.count, scalars[i + 1].isHexDigit, scalars[i + 2].isHexDigit else { return false }
            }
        }
        let firstSegment = text.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let colon = firstSegment.firstIndex(of: ":") {
            // A scheme: a letter, then letters, digits, '+', '-', '.'.
            let scheme = firstSegment[..<colon]
            guard let head = scheme.first, head.isLetter,
                scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) })
            else { return false }
        }
        return true
    }

    static func isAbsoluteURI(_ text: String) -> Bool {
        isURIReference(text) && text.prefix { $0 != "/" }.contains(":")
    }

    /// Checks a whole log.
    static func check(_ log: JSONValue) -> [String] {
        var c = SARIFSchemaCheck()
        c.members(log, "sarifLog", at: "$")
        if log["version"] != "2.1.0" { c.problems.append("$.version must be \"2.1.0\"") }
        if let schema = log["$schema"]?.stringValue, !isAbsoluteURI(schema) {
            c.problems.append("$.$schema must be a URI")
        }
        for (r, run) in (log["runs"]?.arrayValue ?? []).enumerated() {
            let at = "$.runs[\(r)]"
            c.members(run, "run", at: at)
            c.members(run["tool"], "tool", at: at + ".tool")
            let driver = run["tool"]?["driver"]
            c.members(driver, "toolComponent", at: at + ".tool.driver")
            if driver?["name"]?.stringValue?.isEmpty != false { c.problems.append("\(at): the driver needs a name") }
            if let uri = driver?["informationUri"]?.stringValue, !isAbsoluteURI(uri) {
                c.problems.append("\(at): informationUri must be a URI")
            }
            let rules = driver?["rules"]?.arrayValue ?? []
            for (i, rule) in rules.enumerated() {
                c.members(rule, "reportingDescriptor", at: "\(at).rules[\(i)]")
                if rule["id"]?.stringValue == nil { c.problems.append("\(at).rules[\(i)] needs an id") }
            }
            if Set(rules.compactMap { $0["id"]?.stringValue }).count != rules.count {
                c.problems.append("\(at): rule ids repeat")
            }
            for (i, result) in (run["results"]?.arrayValue ?? []).enumerated() {
                let rat = "\(at).results[\(i)]"
                c.members(result, "result", at: rat)
                c.members(result["message"], "message", at: rat + ".message")
                if result["message"]?["text"]?.stringValue == nil { c.problems.append("\(rat): message needs text") }
                if let level = result["level"], !["none", "note", "warning", "error"].contains(level.stringValue ?? "")
                {
                    c.problems.append("\(rat): level \(level) is not none, note, warning or error")
                }
                if let index = result["ruleIndex"] {
                    guard let n = index.intValue, n >= -1 else {
                        c.problems.append("\(rat): ruleIndex must be an integer ≥ -1")
                        continue
                    }
                    if n >= 0 && (n >= rules.count || rules[n]["id"] != result["ruleId"]) {
                        c.problems.append("\(rat): ruleIndex \(n) does not name the rule \(result["ruleId"] ?? .null)")
                    }
                }
                for (l, location) in (result["locations"]?.arrayValue ?? []).enumerated() {
                    let lat = "\(rat).locations[\(l)]"
                    c.members(location, "location", at: lat)
                    for (k, logical) in (location["logicalLocations"]?.arrayValue ?? []).enumerated() {
                        c.members(logical, "logicalLocation", at: "\(lat).logicalLocations[\(k)]")
                    }
                    guard let physical = location["physicalLocation"] else { continue }
                    c.members(physical, "physicalLocation", at: lat + ".physicalLocation")
                    c.members(physical["artifactLocation"], "artifactLocation", at: lat + ".artifactLocation")
                    let uri = physical["artifactLocation"]?["uri"]?.stringValue ?? ""
                    if !isURIReference(uri) { c.problems.append("\(lat): uri '\(uri)' is not a URI reference") }
                    if let region = physical["region"] {
                        c.members(region, "region", at: lat + ".region")
                        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
                            if let v = region[key], (v.intValue ?? 0) < 1 {
                                c.problems.append("\(lat).region.\(key) must be an integer ≥ 1, not \(v)")
                            }
                        }
                    }
                }
            }
        }
        return c.problems
    }
}

@Suite("sfn validate --format sarif: the SARIF 2.1.0 schema's constraints")
struct SARIFSchemaTests {
    @Test func theLogMeetsTheSchemaForAwkwardFileNamesAndFilesWithoutPlaces() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-sarif-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let broken =
            #"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "Next": "Gone"}, "B": {"Type": "Choice", "Choices": []}}}"#
        var files: [String] = []
        for name in ["a:b c.asl.json", "ünïcode #1?.asl.json", "100%.asl.json"] {
            try broken.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
            files.append(dir + "/" + name)
        }
        let template =
            "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition: [1\n"
        try template.write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        files += [dir + "/bad.yaml", dir + "/missing.asl.json"]
        let (io, captured) = CommandIO.capturing()
        let status = SFN.main(["validate", "--format", "sarif"] + files, io: io)
        #expect(status == 66)
        let log = try JSONParser.parse(captured.output)
        #expect(SARIFSchemaCheck.check(log) == [])
        let results = log["runs"]?[0]?["results"]?.arrayValue ?? []
        #expect(results.count >= 8)
        let uris = Set(
            results.compactMap { $0["locations"]?[0]?["physicalLocation"]?["artifactLocation"]?["uri"]?.stringValue })
        // Each file name comes back from its URI.
        for file in files {
            #expect(uris.contains { $0.removingPercentEncoding == file }, "no result for \(file) in \(uris)")
        }
        #expect(
            results.contains {
                $0["ruleId"] == "file-error" && $0["locations"]?[0]?["physicalLocation"]?["region"] == nil
            })
    }

    @Test func theCheckFindsWhatTheSchemaForbids() {
        let bad: JSONValue = [
            "version": "2.1.0",
            "runs": [
                [
                    "tool": ["driver": ["name": "sfn", "rules": [["id": "a"]], "colour": "red"]],
                    "results": [
                        [
                            "ruleId": "b", "ruleIndex": 0, "level": "fatal", "message": ["text": "m"],
                            "locations": [
                                [
                                    "physicalLocation": [
                                        "artifactLocation": ["uri": "a b:c"], "region": ["startLine": 0],
                                    ]
                                ]
                            ],
                        ]
                    ],
                ]
            ],
        ]
        let problems = SARIFSchemaCheck.check(bad)
        #expect(problems.contains { $0.contains("'colour' is not a member of toolComponent") })
        #expect(problems.contains { $0.contains("level \"fatal\"") })
        #expect(problems.contains { $0.contains("ruleIndex 0 does not name the rule") })
        #expect(problems.contains { $0.contains("is not a URI reference") })
        #expect(problems.contains { $0.contains("startLine must be an integer ≥ 1") })
        #expect(!SARIFSchemaCheck.isURIReference("a:b/c d") && SARIFSchemaCheck.isURIReference("dir/a%3Ab.json"))
        #expect(!SARIFSchemaCheck.isURIReference("1a:b") && !SARIFSchemaCheck.isURIReference("x%2"))
    }
}
