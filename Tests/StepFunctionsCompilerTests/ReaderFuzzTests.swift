import Foundation
import StepFunctionsCompiler
import Testing

/// Mutated definitions, text and structure, through the reader, the validator and the writer:
/// nothing may crash, every problem is a diagnostic, and whatever is accepted round-trips.
/// A longer run: `SFN_FUZZ_ITERATIONS=200000 SFN_FUZZ_SEED=7 swift test --filter ReaderFuzzTests`.
@Suite struct ReaderFuzzTests {
    static let seeds: [String] = [
        #"""
        {"Comment": "payment", "StartAt": "Validate", "TimeoutSeconds": 300, "States": {
          "Validate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "validate", "Payload.$": "$"}, "ResultSelector": {"ok.$": "$.Payload.ok"},
            "ResultPath": "$.validation", "TimeoutSeconds": 30,
            "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2.0,
              "MaxDelaySeconds": 10, "JitterStrategy": "FULL"}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Failed"}], "Next": "Route"},
          "Route": {"Type": "Choice", "Choices": [
              {"And": [{"Variable": "$.validation.ok", "BooleanEquals": true},
                       {"Not": {"Variable": "$.amount", "NumericGreaterThan": 1000}}], "Next": "Wait"},
              {"Variable": "$.when", "TimestampLessThanEqualsPath": "$$.Execution.StartTime", "Next": "Failed"}],
            "Default": "Failed"},
          "Wait": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "Fan"},
          "Fan": {"Type": "Parallel", "Branches": [
              {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"x.$": "literal"}, "End": true}}},
              {"StartAt": "B", "States": {"B": {"Type": "Pass", "Parameters": {"f.$": "States.Format('{}-{}', $.a, $.b)"},
                "End": true}}}], "ResultPath": "$.fan", "Next": "Items"},
          "Items": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 4,
            "ItemSelector": {"v.$": "$$.Map.Item.Value"},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P",
              "States": {"P": {"Type": "Pass", "End": true}}}, "End": true},
          "Failed": {"Type": "Fail", "ErrorPath": "$.error.Error", "Cause": "failed"}}}
        """#,
        #"""
        {"QueryLanguage": "JSONata", "StartAt": "Get", "States": {
          "Get": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
            "Arguments": {"TableName": "t", "Key": {"id": {"S": "{% $states.input.id %}"}}},
            "Assign": {"item": "{% $states.result.Item %}"}, "Output": "{% $states.input %}",
            "TimeoutSeconds": "{% $states.input.timeout %}", "Next": "Decide"},
          "Decide": {"Type": "Choice", "Choices": [{"Condition": "{% $item.count > 1 %}", "Next": "Many",
            "Assign": {"n": "{% $item.count %}"}}], "Default": "Done"},
          "Many": {"Type": "Map", "Items": "{% [1, 2, 3] %}", "ItemProcessor": {"ProcessorConfig":
            {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "Each", "States":
            {"Each": {"Type": "Pass", "Output": "{% $states.input * 2 %}", "End": true}}},
            "ToleratedFailurePercentage": 10, "Label": "many", "Next": "Done"},
          "Done": {"Type": "Succeed", "Output": {"n": "{% $n %}"}}}}
        """#,
    ]

    @Test func mutatedDefinitionsNeverCrashAndAcceptedOnesRoundTrip() throws {
        let iterations = Int(ProcessInfo.processInfo.environment["SFN_FUZZ_ITERATIONS"] ?? "") ?? 1_500
        var random = SplitMix64(seed: UInt64(ProcessInfo.processInfo.environment["SFN_FUZZ_SEED"] ?? "") ?? 0x5EED_F00D)
        var accepted = 0
        var rejected = 0
        for i in 0..<iterations {
            let seed = Self.seeds[i % Self.seeds.count]
            let text = i % 2 == 0 ? mutateText(seed, &random) : mutateStructure(seed, &random)
            let document = ASLDocument(text: text, fileName: "fuzz.asl.json")
            for d in document.diagnostics where d.severity == .error {
                // Every error names a known code and says something.
                #expect(DiagnosticCode.all.contains(d.code), "\(d)")
                #expect(!d.message.isEmpty)
            }
            guard let definition = document.definition, !document.hasErrors else {
                rejected += 1
                continue
            }
            accepted += 1
            let written = ASLWriter().text(definition)
            let reread = ASLReader().read(written)
            #expect(reread.definition == definition, "round trip changed the model:\n\(text)")
            #expect(reread.definition.map { ASLWriter().text($0) } == written)
        }
        // Both outcomes must be exercised, or the mutations are too weak or too strong.
        #expect(accepted > iterations / 20)
        #expect(rejected > iterations / 20)
    }

    /// Byte-level damage: deletions, insertions of JSON punctuation, swaps and truncation.
    func mutateText(_ text: String, _ random: inout SplitMix64) -> String {
        var chars = Array(text)
        let alphabet: [Character] = Array("{}[]\":,.$0123456789-eE truefalsnul\\'%(){}*?@")
        for _ in 0..<(1 + random.below(3)) {
            guard !chars.isEmpty else { break }
            let at = random.below(chars.count)
            switch random.below(5) {
            case 0: chars.remove(at: at)
            case 1: chars.insert(alphabet[random.below(alphabet.count)], at: at)
            case 2: chars.swapAt(at, random.below(chars.count))
            case 3: chars = Array(chars.prefix(at))
            default: chars.insert(contentsOf: Array(repeating: "[", count: random.below(2000)), at: at)
            }
        }
        return String(chars)
    }

    /// Structure-level damage on valid JSON: a value replaced by one of another type, a key renamed,
    /// a member removed, or a subtree copied elsewhere.
    func mutateStructure(_ text: String, _ random: inout SplitMix64) -> String {
        guard var value = try? JSONParser.parse(text) else { return text }
        for _ in 0..<(1 + random.below(2)) {
            var paths: [[FieldPathComponent]] = []
            collect(value, [], &paths)
            guard !paths.isEmpty else { break }
            let path = paths[random.below(paths.count)]
            let replacements: [JSONValue] = [
                .null, true, 0, -1, 1.5, 1e300, "", "$", "$.x[", "States.Format(", "{% $ %}", "${Placeholder}",
                [], ["States.ALL", "States.ALL"], [:], ["Type": "Pass", "End": true],
                .string(String(repeating: "x", count: 100)),
            ]
            switch random.below(3) {
            case 0: value = set(value, path[...], replacements[random.below(replacements.count)])
            case 1: value = remove(value, path[...])
            default:
                let source = paths[random.below(paths.count)]
                value = set(value, path[...], get(value, source[...]) ?? .null)
            }
        }
        return JSONWriter.pretty.string(value)
    }

    func collect(_ v: JSONValue, _ prefix: [FieldPathComponent], _ out: inout [[FieldPathComponent]]) {
        switch v {
        case .object(let o):
            for (k, child) in o {
                out.append(prefix + [.key(k)])
                collect(child, prefix + [.key(k)], &out)
            }
        case .array(let a):
            for (i, child) in a.enumerated() {
                out.append(prefix + [.index(i)])
                collect(child, prefix + [.index(i)], &out)
            }
        default: break
        }
    }

    func get(_ v: JSONValue, _ path: ArraySlice<FieldPathComponent>) -> JSONValue? {
        guard let first = path.first else { return v }
        switch first {
        case .key(let k): return v[k].flatMap { get($0, path.dropFirst()) }
        case .index(let i): return v[i].flatMap { get($0, path.dropFirst()) }
        }
    }

    func set(_ v: JSONValue, _ path: ArraySlice<FieldPathComponent>, _ new: JSONValue) -> JSONValue {
        guard let first = path.first else { return new }
        switch (first, v) {
        case (.key(let k), .object(var o)):
            o[k] = set(o[k] ?? .null, path.dropFirst(), new)
            return .object(o)
        case (.index(let i), .array(var a)) where a.indices.contains(i):
            a[i] = set(a[i], path.dropFirst(), new)
            return .array(a)
        default: return v
        }
    }

    func remove(_ v: JSONValue, _ path: ArraySlice<FieldPathComponent>) -> JSONValue {
        guard let first = path.first else { return v }
        switch (first, v) {
        case (.key(let k), .object(var o)):
            if path.count == 1 { o.removeValue(forKey: k) } else { o[k] = o[k].map { remove($0, path.dropFirst()) } }
            return .object(o)
        case (.index(let i), .array(var a)) where a.indices.contains(i):
            if path.count == 1 { a.remove(at: i) } else { a[i] = remove(a[i], path.dropFirst()) }
            return .array(a)
        default: return v
        }
    }
}
