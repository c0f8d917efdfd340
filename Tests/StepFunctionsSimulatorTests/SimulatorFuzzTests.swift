import Foundation
import StepFunctionsCompiler
import StepFunctionsSimulator
import Testing

/// Valid definitions with their literal values scrambled, run with scrambled inputs: every run must
/// end with a status (no crash, no hang), whatever the paths, numbers and types meet.
/// A longer run: `SFN_FUZZ_ITERATIONS=20000 SFN_FUZZ_SEED=3 swift test --filter SimulatorFuzzTests`.
@Suite struct SimulatorFuzzTests {
    static let definitions: [String] = [
        #"""
        {"StartAt": "Prepare", "States": {
          "Prepare": {"Type": "Pass", "Parameters": {"items.$": "$.items", "n.$": "States.ArrayLength($.items)",
            "label.$": "States.Format('{} items', $.count)", "limit": 2}, "ResultPath": "$.prep", "Next": "Route"},
          "Route": {"Type": "Choice", "Choices": [
              {"Variable": "$.count", "NumericGreaterThan": 2, "Next": "Each"},
              {"Variable": "$.name", "StringMatches": "a*", "Next": "Hold"}], "Default": "Call"},
          "Hold": {"Type": "Wait", "SecondsPath": "$.count", "Next": "Call"},
          "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f", "Payload.$": "$"}, "TimeoutSeconds": 5,
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 2}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Done"}],
            "ResultSelector": {"body.$": "$.Payload"}, "ResultPath": "$.call", "Next": "Done"},
          "Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
            "ItemSelector": {"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"},
            "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Pass",
              "Parameters": {"double.$": "States.MathAdd($.i, $.i)"}, "End": true}}},
            "ResultPath": "$.each", "Next": "Done"},
          "Done": {"Type": "Pass", "OutputPath": "$", "End": true}}}
        """#,
        #"""
        {"QueryLanguage": "JSONata", "StartAt": "Start", "States": {
          "Start": {"Type": "Pass", "Assign": {"total": "{% $sum($states.input.items) %}", "n": 3},
            "Output": "{% $states.input %}", "Next": "Both"},
          "Both": {"Type": "Parallel", "Branches": [
              {"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $total * 2 %}", "End": true}}},
              {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": "{% $n %}", "End": true}}}],
            "Output": "{% $states.result %}", "Next": "Check"},
          "Check": {"Type": "Choice", "Choices": [{"Condition": "{% $count($states.input) > 1 %}", "Next": "Ok"}],
            "Default": "Bad"},
          "Ok": {"Type": "Succeed"},
          "Bad": {"Type": "Fail", "Error": "{% 'Bad' & $string($n) %}", "Cause": "not enough"}}}
        """#,
    ]

    static let scalars: [JSONValue] = [
        .null, true, false, 0, -1, 1, 2, 3.5, 1e300, -1e300, 99_999_999_999, "", "a", "abc*", "$",
        "2026-01-01T00:00:00Z",
        [], [1, 2, 3], ["x": 1], .string(String(repeating: "z", count: 300)),
    ]

    @Test func scrambledDefinitionsAndInputsAlwaysEnd() async throws {
        let env = ProcessInfo.processInfo.environment
        let iterations = Int(env["SFN_FUZZ_ITERATIONS"] ?? "") ?? 400
        var random = SplitMix64(seed: UInt64(env["SFN_FUZZ_SEED"] ?? "") ?? 0xC0FFEE)
        var ran = 0
        for i in 0..<iterations {
            guard var definition = try? JSONParser.parse(Self.definitions[i % Self.definitions.count]) else { continue }
            for _ in 0..<random.below(3) { definition = scramble(definition, &random) }
            let document = ASLDocument(text: JSONWriter.compact.string(definition), validation: .init(warnings: false))
            guard let valid = document.definition, !document.hasErrors else { continue }
            var options = Simulator.Options()
            options.seed = random.next()
            options.horizon = 86_400 * 30
            var simulator = Simulator(valid, options: options)
            let failing = random.below(3) == 0
            simulator.handle(state: "Call") { call in
                if failing { throw TaskError(error: "Boom", cause: "scrambled") }
                return call.input
            }
            let input: JSONValue = [
                "items": random.below(4) == 0 ? pick(&random) : .array((0..<random.below(5)).map { .int($0) }),
                "count": pick(&random), "name": pick(&random),
            ]
            let execution = await simulator.run(input: input)
            #expect([.succeeded, .failed, .timedOut, .running].contains(execution.status))
            if execution.status == .failed { #expect(execution.error != nil) }
            ran += 1
        }
        #expect(ran > iterations / 4, "too few scrambled definitions were valid to exercise the simulator")
    }

    func pick(_ random: inout SplitMix64) -> JSONValue { Self.scalars[random.below(Self.scalars.count)] }

    /// Replaces one scalar (string, number, boolean, null) somewhere in `value`.
    func scramble(_ value: JSONValue, _ random: inout SplitMix64) -> JSONValue {
        var count = 0
        countScalars(value, &count)
        guard count > 0 else { return value }
        var target = random.below(count)
        let replacement = pick(&random)
        return replace(value, &target, replacement)
    }

    func countScalars(_ v: JSONValue, _ count: inout Int) {
        switch v {
        case .object(let o): for (_, child) in o { countScalars(child, &count) }
        case .array(let a): for child in a { countScalars(child, &count) }
        default: count += 1
        }
    }

    func replace(_ v: JSONValue, _ target: inout Int, _ new: JSONValue) -> JSONValue {
        switch v {
        case .object(var o):
            for key in o.keys {
                if target < 0 { break }
                o[key] = replace(o[key] ?? .null, &target, new)
            }
            return .object(o)
        case .array(let a):
            return .array(a.map { replace($0, &target, new) })
        default:
            target -= 1
            return target == -1 ? new : v
        }
    }
}
