import Foundation
import JSONCore
import SFNCLI
import Testing

/// `--handler-resource ARN-PATTERN=COMMAND` (Tasks answered by their resource or Lambda function
/// name) and `--handler`/`--handler-resource` in `sfn test`.
@Suite("sfn run/test --handler-resource: Tasks answered by resource pattern")
struct HandlerResourceTests {
    /// A Lambda invoke by FunctionName, an SQS integration and a Lambda ARN resource, each result
    /// kept at its own path of the output.
    static let definition = """
        {"StartAt": "Charge", "States": {
          "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:charge:live", "Payload.$": "$"},
            "ResultSelector": {"v.$": "$.Payload"}, "ResultPath": "$.a", "Next": "Fan"},
          "Fan": {"Type": "Parallel", "ResultPath": "$.b", "Next": "Ship", "Branches": [
            {"StartAt": "Queue", "States": {"Queue": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
              "Parameters": {"QueueUrl": "q", "MessageBody": "m"}, "End": true}}}]},
          "Ship": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:ship", "ResultPath": "$.c",
            "End": true}
        }}
        """

    static func temporary(_ text: String, _ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-\(UUID())-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func sfn(_ arguments: [String]) async -> (Int32, CommandIO.Captured) {
        await runSFN(arguments)
    }

    @Test func patternsMatchResourcesAndLambdaFunctionNames() {
        let invoke = TaskReference(
            state: "A", resource: "arn:aws:states:::lambda:invoke",
            functionName: "arn:aws:lambda:us-east-1:1:function:charge:live")
        #expect(ResourcePattern("*:function:charge*").matches(invoke))
        #expect(ResourcePattern("arn:aws:states:::lambda:*").matches(invoke))
        #expect(!ResourcePattern("*:function:ship").matches(invoke))
        let sqs = TaskReference(state: "B", resource: "arn:aws:states:::sqs:sendMessage", functionName: "charge")
        // A FunctionName counts only for the Lambda invoke integration.
        #expect(!ResourcePattern("charge").matches(sqs))
        #expect(ResourcePattern("arn:aws:states:::sqs:sendMessage").matches(sqs))
        #expect(ResourcePattern("arn:aws:states:::sqs:send?essage").matches(sqs))
        #expect(!ResourcePattern("arn:aws:states:::sqs:send").matches(sqs))
        #expect(ResourcePattern("*").matches(""))
        #expect(!ResourcePattern("a*b*c").matches("aXbY"))
        #expect(ResourcePattern("a*b*c").matches("aXbYbZc"))
    }

    @Test func nestedTasksAreFound() throws {
        let tasks = TaskReference.tasks(in: try JSONParser.parse(Self.definition))
        #expect(Set(tasks.map(\.state)) == ["Charge", "Queue", "Ship"])
        #expect(tasks.first { $0.state == "Charge" }?.functionName?.hasSuffix("charge:live") == true)
    }

    @Test func runAnswersTasksByPatternAndAStateHandlerWins() async throws {
        let file = try Self.temporary(Self.definition, "m.asl.json")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let (status, captured) = await Self.sfn([
            "run", file, "--json",
            "--handler-resource", #"*:function:charge*=printf '{"charged": true}'"#,
            "--handler-resource", #"arn:aws:states:::sqs:*=printf '{"queued": true}'"#,
            "--handler-resource", #"*:function:*=printf '{"by": "pattern"}'"#,
            "--handler", #"Ship=printf '{"by": "state"}'"#,
        ])
        #expect(status == 0, "\(captured.output)\n\(captured.errors)")
        let result = try JSONParser.parse(captured.output)
        let output = try #require(result["output"])
        #expect(output["a"] == .object(["v": .object(["charged": true])]))
        #expect(output["b"] == .array([.object(["queued": true])]))
        #expect(output["c"] == .object(["by": "state"]))
        // The third pattern answered nothing: every Task it matches was answered before it.
        #expect(captured.errors.contains("note: --handler-resource '*:function:*' matches no Task state"))
    }

    @Test func aPatternWithoutACommandIsAUsageError() async throws {
        let file = try Self.temporary(Self.definition, "m.asl.json")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let (status, captured) = await Self.sfn(["run", file, "--handler-resource", "arn:*"])
        #expect(status == 64)
        #expect(captured.errors.contains("--handler-resource takes ARN-PATTERN=COMMAND, got 'arn:*'"))
    }

    @Test func testRunsCasesWithHandlers() async throws {
        let definition = try JSONParser.parse(Self.definition)
        let expected: JSONValue = .object([
            "a": .object(["v": .object(["charged": true])]), "b": .array([.object(["queued": true])]),
            "c": .object(["by": "state"]),
        ])
        let testCase: JSONValue = .object([
            "name": "handled", "definition": definition, "input": .object([:]),
            "expected": .object(["status": "SUCCEEDED", "output": expected]),
        ])
        let file = try Self.temporary(JSONWriter.compact.string(testCase), "case.json")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let handlers = [
            "--handler-resource", #"*:function:charge*=printf '{"charged": true}'"#,
            "--handler-resource", #"arn:aws:states:::sqs:*=printf '{"queued": true}'"#,
            "--handler", #"Ship=printf '{"by": "state"}'"#,
        ]
        let (status, captured) = await Self.sfn(["test", file] + handlers)
        #expect(status == 0, "\(captured.output)\n\(captured.errors)")
        #expect(captured.output.contains("1 passed, 0 failed"))
        // Without the handlers, the same case does not pass.
        let (without, _) = await Self.sfn(["test", file])
        #expect(without == 1)
    }
}
