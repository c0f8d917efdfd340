import Foundation
import JSONCore
import SFNCLI
import Testing

/// `sfn run --handler STATE=COMMAND`: the seed payment workflow's tasks answered by Python and
/// Node commands (JSON on standard input, JSON on standard output, a failure as a non-zero exit).
@Suite("sfn run --handler: tasks answered in any language")
struct CommandHandlerTests {
    /// The seed payment workflow (kept with the import tests' fixtures).
    static let payment = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("StepFunctionsTests/Import/Fixtures/payment-processing.asl.json").path

    /// Python: the input with `"by": "python"` added.
    static let python =
        #"python3 -c 'import sys, json; d = json.load(sys.stdin); d["by"] = "python"; print(json.dumps(d))'"#
    /// Node: the input with `"charged": true` added.
    static let node =
        #"node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>{const d=JSON.parse(s);d.charged=true;console.log(JSON.stringify(d))})'"#
    /// Node: a declined card.
    static let declined =
        #"node -e 'process.stdin.resume();process.stdin.on("end",()=>{console.log(JSON.stringify({Error:"CardDeclined",Cause:"insufficient funds"}));process.exit(1)})'"#

    /// Whether the handler commands can run here. CI installs both and sets
    /// `SFN_REQUIRE_HANDLER_TOOLS=1`, which turns a missing one into a failure instead of a skip.
    static let toolsAvailable: Bool = {
        let available = Self.available("python3") && Self.available("node")
        return available || ProcessInfo.processInfo.environment["SFN_REQUIRE_HANDLER_TOOLS"] == "1"
    }()

    static func available(_ tool: String) -> Bool {
        ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
        } ?? false
    }

    func run(_ arguments: [String]) async -> (Int32, CommandIO.Captured) {
        await runSFN(["run"] + arguments)
    }

    func handlers(payment: String) -> [String] {
        var out: [String] = []
        for state in [
            "ValidateOrder", "CheckInventory", "UpdateDatabase", "SendConfirmation", "RefundPayment", "HandleFailure",
        ] {
            out += ["--handler", "\(state)=\(Self.python)"]
        }
        return out + ["--handler", "ProcessPayment=\(payment)"]
    }

    @Test(.enabled(if: toolsAvailable))
    func pythonAndNodeAnswerThePaymentWorkflow() async throws {
        try #require(Self.available("python3") && Self.available("node"), "python3 and node are needed")
        let (status, captured) = await run(
            [Self.payment, "--input", #"{"orderId": "o-1", "confirmationMessage": "thanks"}"#, "--json"]
                + handlers(payment: Self.node))
        #expect(status == 0, "\(captured.output)\n\(captured.errors)")
        let result = try JSONParser.parse(captured.output)
        #expect(result["status"] == "SUCCEEDED")
        let events = result["events"]?.arrayValue ?? []
        let entered = events.compactMap { $0["stateEnteredEventDetails"]?["name"]?.stringValue }
        #expect(entered.contains("UpdateDatabase") && entered.contains("SendConfirmation"))
        #expect(!entered.contains("RefundPayment"))
        let text = JSONWriter.compact.string(result)
        #expect(text.contains(#"\"by\":\"python\""#) || text.contains(#""by":"python""#))
        #expect(text.contains("charged"))
    }

    @Test(.enabled(if: toolsAvailable))
    func aNonZeroExitIsTheTaskFailureItNames() async throws {
        try #require(Self.available("python3") && Self.available("node"), "python3 and node are needed")
        let (status, captured) = await run(
            [Self.payment, "--input", #"{"orderId": "o-2", "confirmationMessage": "thanks"}"#, "--json"]
                + handlers(payment: Self.declined))
        let result = try JSONParser.parse(captured.output)
        let text = JSONWriter.compact.string(result)
        // ProcessPayment's Catch (States.ALL) takes the failure to RefundPayment, then HandleFailure.
        let entered = (result["events"]?.arrayValue ?? []).compactMap {
            $0["stateEnteredEventDetails"]?["name"]?.stringValue
        }
        #expect(entered.contains("RefundPayment") && entered.contains("HandleFailure"))
        #expect(text.contains("CardDeclined") && text.contains("insufficient funds"))
        #expect(status == 0)
    }

    @Test func aCommandThatFailsWithoutJSONSaysSo() async throws {
        let asl =
            #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true}}}"#
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-handler-\(UUID()).asl.json").path
        try asl.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, captured) = await run([path, "--handler", "T=echo not json", "--json"])
        #expect(status == 1)
        #expect(captured.output.contains("printed text that is not JSON"))
        let (exitStatus, exited) = await run([path, "--handler", "T=exit 3", "--json"])
        #expect(exitStatus == 1)
        #expect(exited.output.contains("exited with status 3"))
        let (usage, bad) = await run([path, "--handler", "T"])
        #expect(usage == 64)
        #expect(bad.errors.contains("--handler takes STATE=COMMAND, got 'T'"))
    }
}
