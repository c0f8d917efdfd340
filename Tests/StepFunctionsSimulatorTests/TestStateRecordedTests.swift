import Foundation
import JSONCore
import StepFunctionsModel
import StepFunctionsSimulator
import Testing

/// Replays every TestState call recorded on AWS (`Fixtures/teststate-recorded.json`, made by
/// `Scripts/generate-teststate-fixture.py` from the API conformance corpus) through
/// `TestStateRequest`, and compares the answer as the corpus README says: the members AWS returns as
/// JSON text compared as parsed JSON where the recorder decoded them (`jsonTextPaths`), bindings
/// substituted, wildcards matching any value (the same one wherever they occur in a case), literal
/// tokens (`date`) matching any whole value.
@Suite("TestState: the calls recorded on AWS")
struct TestStateRecordedTests {
    /// One recorded call.
    struct RecordedCall: Sendable, CustomTestStringConvertible {
        let caseName: String
        let step: Int
        let request: JSONValue
        let expected: JSONValue
        let placeholders: JSONValue

        var testDescription: String { "\(caseName)#\(step)" }
    }

    /// The fixture: the calls and those left out.
    static let fixture: JSONValue = {
        guard
            let url = Bundle.module.url(
                forResource: "teststate-recorded", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url),
            let json = try? JSONParser.parse(String(decoding: data, as: UTF8.self))
        else { return [:] }
        return json
    }()

    static let calls: [RecordedCall] = (fixture["calls"]?.arrayValue ?? []).map { c in
        RecordedCall(
            caseName: c["case"]?.stringValue ?? "?", step: c["step"]?.intValue ?? 0, request: c["request"] ?? .null,
            expected: c["expected"] ?? .null, placeholders: c["placeholders"] ?? .null)
    }

    @Test func theFixtureHasEveryCallButThoseOfRealServices() {
        #expect(Self.calls.count == 167)
        let excluded = Self.fixture["excluded"]?.arrayValue ?? []
        #expect(excluded.count == 5)
        for e in excluded { #expect(e["reason"]?.stringValue?.contains("real Lambda function") == true) }
    }

    @Test(arguments: TestStateRecordedTests.calls)
    func recordedCall(_ call: RecordedCall) async throws {
        var matcher = PlaceholderMatcher(call.placeholders)
        // The simulator answers as AWS's account and region of the recordings.
        var options = Simulator.Options()
        options.accountId = matcher.binding("111111111111") ?? "111111111111"
        options.region = matcher.binding("<region>") ?? "us-east-1"
        let simulator: (StateMachineDefinition) -> Simulator = { [options] in Simulator($0, options: options) }
        var answer: Result<JSONValue, TestStateError>
        do throws(TestStateError) {
            answer = .success(try await TestStateRequest.respond(toAPIJSON: call.request, simulator: simulator))
        } catch {
            answer = .failure(error)
        }
        let expected = call.expected
        if expected["clientError"] != nil {
            // botocore refused it before sending (an empty stateName); a server refuses it too.
            guard case .failure(let e) = answer else {
                Issue.record("expected the request to be refused, got \(answer)")
                return
            }
            #expect(e.code == .validationException)
            return
        }
        if let error = expected["error"] {
            guard case .failure(let e) = answer else {
                Issue.record("expected \(error), got \(answer)")
                return
            }
            #expect(e.code.rawValue == error["code"]?.stringValue)
            #expect(e.message == error["message"]?.stringValue)
            return
        }
        guard case .success(let actual) = answer else {
            Issue.record("expected a response, got \(answer)")
            return
        }
        let textPaths = Set((expected["jsonTextPaths"]?.arrayValue ?? []).compactMap(\.stringValue))
        let problems = matcher.compare(expected["response"] ?? .null, actual, path: "", textPaths: textPaths)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))\nactual: \(JSONWriter.compact.string(actual))")
    }
}

/// Compares an actual answer with a recorded one, the corpus README's way.
struct PlaceholderMatcher {
    private var bindings: [(token: String, value: String)] = []
    private let wildcards: Set<String>
    private let literalTokens: Set<String>
    /// What each wildcard matched so far.
    private var bound: [String: String] = [:]

    init(_ placeholders: JSONValue) {
        for (token, value) in placeholders["bindings"]?.objectValue ?? [:] {
            if let v = value.stringValue { bindings.append((token, v)) }
        }
        bindings.sort { $0.token.count > $1.token.count }
        wildcards = Set((placeholders["wildcards"]?.arrayValue ?? []).compactMap(\.stringValue))
        literalTokens = Set((placeholders["literalTokens"]?.arrayValue ?? []).compactMap(\.stringValue))
    }

    /// The value a token is bound to.
    func binding(_ token: String) -> String? { bindings.first { $0.token == token }?.value }

    /// The differences between `expected` and `actual` (empty: they match). A string in `actual`
    /// that the recording holds decoded (`textPaths`) is parsed first.
    mutating func compare(_ expected: JSONValue, _ actual: JSONValue, path: String, textPaths: Set<String>) -> [String]
    {
        var actual = actual
        if textPaths.contains(path), case .string(let text) = actual, let parsed = try? JSONParser.parse(text) {
            actual = parsed
        }
        switch (expected, actual) {
        case (.object(let e), .object(let a)):
            var problems: [String] = []
            let keys = Set(e.keys).union(a.keys)
            for key in keys.sorted() {
                let p = path.isEmpty ? key : path + "." + key
                guard let ev = e[key] else {
                    problems.append("\(p): not recorded, got \(JSONWriter.compact.string(a[key] ?? .null))")
                    continue
                }
                guard let av = a[key] else {
                    problems.append("\(p): missing, recorded \(JSONWriter.compact.string(ev))")
                    continue
                }
                problems += compare(ev, av, path: p, textPaths: textPaths)
            }
            return problems
        case (.array(let e), .array(let a)):
            guard e.count == a.count else { return ["\(path): \(e.count) items recorded, \(a.count) given"] }
            var problems: [String] = []
            for i in e.indices { problems += compare(e[i], a[i], path: "\(path)[\(i)]", textPaths: textPaths) }
            return problems
        case (.number(let e), .number(let a)):
            return e.doubleValue == a.doubleValue ? [] : ["\(path): recorded \(e), got \(a)"]
        case (.string(let e), .string(let a)):
            return matches(e, a)
                ? []
                : ["\(path): recorded \(JSONWriter.compact.string(expected)), got \(JSONWriter.compact.string(actual))"]
        default:
            return expected == actual
                ? []
                : ["\(path): recorded \(JSONWriter.compact.string(expected)), got \(JSONWriter.compact.string(actual))"]
        }
    }

    /// Whether a recorded string matches: literal tokens match any whole value; bindings are
    /// substituted; each wildcard matches any text, the same text wherever it occurs.
    mutating func matches(_ recorded: String, _ actual: String) -> Bool {
        if literalTokens.contains(recorded) { return true }
        var text = recorded
        for (token, value) in bindings { text = text.replacingOccurrences(of: token, with: value) }
        // Split around the wildcard tokens.
        var parts: [(literal: String, wildcard: String?)] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let token = String(rest[open...close])
            if wildcards.contains(token) {
                parts.append((String(rest[..<open]), token))
                rest = rest[rest.index(after: close)...]
            } else {
                parts.append((String(rest[...close]), nil))
                rest = rest[rest.index(after: close)...]
            }
        }
        parts.append((String(rest), nil))
        return match(parts[...], Substring(actual))
    }

    private mutating func match(_ parts: ArraySlice<(literal: String, wildcard: String?)>, _ actual: Substring) -> Bool
    {
        guard let first = parts.first else { return actual.isEmpty }
        guard actual.hasPrefix(first.literal) else { return false }
        let after = actual.dropFirst(first.literal.count)
        guard let token = first.wildcard else { return match(parts.dropFirst(), after) }
        if let value = bound[token] {
            return after.hasPrefix(value) && match(parts.dropFirst(), after.dropFirst(value.count))
        }
        // The shortest non-empty text that lets the rest match.
        var end = after.startIndex
        while end < after.endIndex {
            end = after.index(after: end)
            let saved = bound
            bound[token] = String(after[..<end])
            if match(parts.dropFirst(), after[end...]) { return true }
            bound = saved
        }
        return false
    }
}
