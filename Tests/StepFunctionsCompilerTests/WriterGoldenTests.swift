import Foundation
import JSONCore
import StepFunctionsCompiler
import StepFunctionsModel
import Testing

/// Seed-like definitions, written with fields in a scrambled order; the writer must put them in
/// the canonical order recorded in `Goldens/<name>.asl.json`. Run with `RECORD_GOLDENS=1` to
/// re-record (a missing golden is written and the test fails, so a new golden is always looked at).
let goldenInputs: [(name: String, text: String)] = [
    (
        "payment-jsonpath",
        #"""
        {"States": {
          "Charge": {"Next": "Ship", "Catch": [{"Next": "Refund", "ResultPath": "$.error", "ErrorEquals": ["Payment.Declined"]}],
                     "Retry": [{"MaxAttempts": 2, "ErrorEquals": ["States.Timeout"], "BackoffRate": 1.5, "IntervalSeconds": 3, "JitterStrategy": "FULL", "MaxDelaySeconds": 10}],
                     "TimeoutSeconds": 30, "ResultPath": "$.charge", "ResultSelector": {"id.$": "$.Payload.id"},
                     "Parameters": {"FunctionName": "charge", "Payload": {"amount.$": "$.amount", "note.$": "States.Format('order {}', $.orderId)"}},
                     "Resource": "arn:aws:states:::lambda:invoke", "Type": "Task", "Comment": "charge the card"},
          "Ship": {"Default": "Done", "Choices": [{"Next": "Wait", "NumericGreaterThan": 100, "Variable": "$.amount"},
                   {"Next": "Done", "And": [{"Variable": "$.express", "BooleanEquals": true}, {"Not": {"Variable": "$.country", "StringEquals": "US"}}]}],
                   "Type": "Choice"},
          "Wait": {"End": true, "SecondsPath": "$.delay", "Type": "Wait", "OutputPath": "$.charge"},
          "Refund": {"CausePath": "$.error.Cause", "Error": "PaymentFailed", "Type": "Fail"},
          "Done": {"Type": "Succeed"}
        }, "TimeoutSeconds": 300, "StartAt": "Charge", "Comment": "pay and ship"}
        """#
    ),
    (
        "orders-jsonata",
        #"""
        {"QueryLanguage": "JSONata", "StartAt": "Load", "States": {
          "Load": {"Next": "Check", "Assign": {"total": "{% $states.result.Payload.total %}"}, "Output": "{% $states.result.Payload %}",
                   "Arguments": {"FunctionName": "load", "Payload": "{% $states.input %}"}, "Resource": "arn:aws:states:::lambda:invoke",
                   "TimeoutSeconds": "{% $timeout %}", "Type": "Task"},
          "Check": {"Default": "Small", "Choices": [{"Next": "Big", "Condition": "{% $total > 100 %}", "Assign": {"big": true}}], "Type": "Choice"},
          "Big": {"End": true, "Output": {"size": "big", "total": "{% $total %}"}, "Type": "Pass"},
          "Small": {"Seconds": "{% 1 + 1 %}", "End": true, "Type": "Wait"}
        }}
        """#
    ),
    (
        "distributed-map",
        #"""
        {"StartAt": "Fan", "States": {"Fan": {"Type": "Map", "End": true,
          "ResultWriter": {"Parameters": {"Bucket": "out", "Prefix": "results"}, "Resource": "arn:aws:states:::s3:putObject"},
          "ItemProcessor": {"States": {"Work": {"End": true, "Resource": "arn:aws:states:::lambda:invoke", "Type": "Task", "Parameters": {"Payload.$": "$"}}},
                            "StartAt": "Work", "ProcessorConfig": {"ExecutionType": "EXPRESS", "Mode": "DISTRIBUTED"}},
          "ToleratedFailurePercentage": 5, "MaxConcurrency": 100, "Label": "fan",
          "ItemBatcher": {"MaxItemsPerBatch": 10, "BatchInput": {"run.$": "$$.Execution.Name"}},
          "ItemReader": {"ReaderConfig": {"CSVHeaderLocation": "FIRST_ROW", "InputType": "CSV", "MaxItems": 1000},
                         "Parameters": {"Key": "in.csv", "Bucket": "in"}, "Resource": "arn:aws:states:::s3:getObject"}}}}
        """#
    ),
    (
        "legacy-iterator-parallel",
        #"""
        {"StartAt": "Both", "Version": "1.0", "States": {"Both": {"Type": "Parallel", "Next": "Each", "ResultPath": "$.both",
          "Branches": [{"States": {"L": {"Result": {"x.$": "not a path"}, "Type": "Pass", "End": true}}, "StartAt": "L"},
                       {"StartAt": "R", "States": {"R": {"Type": "Pass", "End": true, "Parameters": {"list.$": "States.Array(1, 'two', $.three)"}}}}]},
          "Each": {"Type": "Map", "End": true, "MaxConcurrency": 2, "Parameters": {"item.$": "$$.Map.Item.Value"}, "ItemsPath": "$.items",
                   "Iterator": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true, "InputPath": null}}}}}}
        """#
    ),
]

@Suite("Writer goldens and round trip")
struct WriterGoldenTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Goldens")

    func read(_ text: String) -> StateMachineDefinition? {
        let result = ASLReader().read(text)
        #expect(!result.hasErrors, "\(summary(result.diagnostics))")
        return result.definition
    }

    @Test("the canonical text matches the golden", arguments: goldenInputs.map(\.name))
    func golden(name: String) throws {
        let input = try #require(goldenInputs.first { $0.name == name }).text
        let definition = try #require(read(input))
        let written = ASLWriter().text(definition)
        let url = Self.goldenDirectory.appendingPathComponent("\(name).asl.json")
        let record = ProcessInfo.processInfo.environment["RECORD_GOLDENS"] != nil
        let existing = try? String(contentsOf: url, encoding: .utf8)
        if record || existing == nil {
            try FileManager.default.createDirectory(at: Self.goldenDirectory, withIntermediateDirectories: true)
            try written.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded \(url.path); check it and run again without RECORD_GOLDENS")
            return
        }
        #expect(written == existing, "the writer's output differs from \(url.lastPathComponent)")
    }

    @Test("read -> write -> read gives the same model and the same bytes", arguments: goldenInputs.map(\.name))
    func roundTrip(name: String) throws {
        let input = try #require(goldenInputs.first { $0.name == name }).text
        let first = try #require(read(input))
        let written = ASLWriter().text(first)
        let second = try #require(read(written))
        #expect(first == second)
        #expect(ASLWriter().text(second) == written)
        // The compact form reads back to the same model too.
        let compact = ASLWriter().text(first, pretty: false)
        #expect(read(compact) == first)
    }

    @Test("the valid neighbours of every validator rule round-trip", arguments: ruleCases)
    func ruleNeighboursRoundTrip(_ rule: RuleCase) throws {
        let first = try #require(read(rule.valid))
        let written = ASLWriter().text(first)
        let second = try #require(read(written))
        #expect(first == second)
        #expect(ASLWriter().text(second) == written)
    }

    @Test("the canonical order puts Type first and Next/End last")
    func canonicalOrder() throws {
        let definition = try #require(
            read(ASL.one(#""End": true, "ResultPath": "$.r", "Comment": "c", "Type": "Pass""#)))
        let state = ASLWriter().json(definition)["States"]?["S"]?.objectValue
        #expect(state?.keys == ["Type", "Comment", "ResultPath", "End"])
    }
}
