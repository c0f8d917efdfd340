import Foundation
import SFNCLI
import Testing

/// `sfn explore`: the report of every path, its options and its mistakes.
@Suite("sfn explore: every path of a definition")
struct ExploreCommandTests {
    static let charge = """
        {"StartAt": "Charge", "States": {
          "Charge": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:charge",
            "Retry": [{"ErrorEquals": ["Card.Busy"], "MaxAttempts": 1}],
            "Catch": [{"ErrorEquals": ["Card.Declined"], "ResultPath": "$.error", "Next": "Refund"}],
            "Next": "Done"},
          "Refund": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:refund", "Next": "Done"},
          "Done": {"Type": "Succeed"}}}
        """

    /// Runs `sfn ARGUMENTS` on a thread of its own (explore blocks its thread until the simulator is done).
    func sfn(_ arguments: [String], input: String = "") async -> (Int32, CommandIO.Captured) {
        await runSFN(arguments, input: input)
    }

    func file(_ text: String, _ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-explore-\(UUID())-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theTextReportListsUncaughtFailuresWithTheirShortestPaths() async {
        let (status, captured) = await sfn(["explore", "-"], input: Self.charge)
        #expect(status == 0, "\(captured.errors)")
        #expect(
            captured.output == """
                Explored 6 paths from 1 input: 3 SUCCEEDED, 3 FAILED

                States: 3 of 3 entered
                Transitions: 3 of 3 taken

                Uncaught failures (paths ending FAILED):
                  Card.Busy in Charge: 1 path; shortest:
                    cause: Injected by explore: Charge failed with Card.Busy
                    Charge: failed Card.Busy
                    Charge (retry 1): failed Card.Busy
                    => FAILED Card.Busy in Charge
                  States.TaskFailed in Refund: 1 path; shortest:
                    cause: Injected by explore: Refund failed with States.TaskFailed
                    Charge: failed Card.Declined
                    Refund: failed States.TaskFailed
                    => FAILED States.TaskFailed in Refund
                  States.TaskFailed in Charge: 1 path; shortest:
                    cause: Injected by explore: Charge failed with States.TaskFailed
                    Charge: failed States.TaskFailed
                    => FAILED States.TaskFailed in Charge

                """)
    }

    @Test func expressDuplicatesBreakAnAssertionAndExitOne() async throws {
        let rules = try file(#"{"maxSuccesses": {"Charge": 1}}"#, "rules.json")
        defer { try? FileManager.default.removeItem(atPath: rules) }
        let (status, captured) = await sfn(["explore", "--express", "--assert", rules, "-"], input: Self.charge)
        #expect(status == 1, "\(captured.errors)")
        #expect(
            captured.output.contains(
                """
                Assertions:
                  FAIL Charge succeeds at most 1 time: broken on 2 paths; shortest:
                    Charge: succeeded, delivered twice
                    => SUCCEEDED in Done
                """))
        // The same as JSON, with every path.
        let (jsonStatus, json) = await sfn(
            ["explore", "--express", "--assert", rules, "--format", "json", "--all-paths", "-"], input: Self.charge)
        #expect(jsonStatus == 1)
        #expect(json.output.contains(#""name": "Charge succeeds at most 1 time""#))
        #expect(json.output.contains(#""outcome": "succeeded, delivered twice""#))
        #expect(json.output.contains(#""allPaths": ["#))
    }

    @Test func samplesAndInputsSteerChoices() async throws {
        let definition = """
            {"StartAt": "Review", "States": {
              "Review": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:review", "ResultPath": "$.review",
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "No"}], "Next": "Decide"},
              "Decide": {"Type": "Choice", "Choices": [{"Variable": "$.review.ok", "BooleanEquals": true, "Next": "Yes"}],
                "Default": "No"},
              "Yes": {"Type": "Succeed"}, "No": {"Type": "Fail", "Error": "Rejected"}}}
            """
        let (_, without) = await sfn(["explore", "--sample", #"Review={"ok": false}"#, "-"], input: definition)
        #expect(without.output.contains("never taken: Decide -> Yes (Choices[0]): Choice branch not reached"))
        let (_, with) = await sfn(
            ["explore", "--sample", #"Review={"ok": false}"#, "--sample", #"Review={"ok": true}"#, "-"],
            input: definition)
        #expect(with.output.contains("Transitions: 4 of 4 taken"), "\(with.output)")
    }

    @Test(arguments: [
        (["--sample", "Chrage={}"], "--sample: no state is named 'Chrage'; did you mean 'Charge'?"),
        (["--max-paths", "many"], "--max-paths needs a non-negative integer"),
        (["--format", "yaml"], "unknown format 'yaml' (text or json)"),
        (["--input", "{"], "--input is not JSON"),
        (["--duplicates", "--no-duplicates"], "contradict each other"),
    ])
    func mistakesAreUsageErrors(arguments: [String], message: String) async {
        let (status, captured) = await sfn(["explore"] + arguments + ["-"], input: Self.charge)
        #expect(status == 64)
        #expect(captured.errors.contains(message), "\(captured.errors)")
    }

    @Test func aBadRuleNamesWhereItIs() async throws {
        let rules = try file(#"[{"neverEnters": ["Refnud"]}]"#, "rules.json")
        defer { try? FileManager.default.removeItem(atPath: rules) }
        let (status, captured) = await sfn(["explore", "--assert", rules, "-"], input: Self.charge)
        #expect(status == 1)
        #expect(captured.errors.contains("$[0].neverEnters[0]: no state is named 'Refnud'; did you mean 'Refund'?"))
    }
}

/// `--cost` on `sfn run` and `sfn explore`: prices, margins and the rates file.
@Suite("sfn run/explore --cost: what executions cost")
struct CostCommandTests {
    static let twoSteps = """
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Wait", "Seconds": 2, "End": true}}}
        """

    func sfn(_ arguments: [String], input: String = "") async -> (Int32, CommandIO.Captured) {
        await runSFN(arguments, input: input)
    }

    @Test func runPricesAStandardExecutionAndItsMargins() async {
        let (status, captured) = await sfn(["run", "--cost", "--executions", "100000", "-"], input: Self.twoSteps)
        #expect(status == 0, "\(captured.errors)")
        #expect(
            captured.output.hasSuffix(
                """
                Cost (STANDARD; AWS Step Functions pricing, US East (N. Virginia), 2026-12-06):
                  2 state transitions (retries included): $0.00005 per execution
                  100,000 executions a month: $4.90 (after 4,000 free state transitions)
                  largest payload: 2 bytes of 262,144 (262,142 to spare)
                  history events: 6 of 25,000 (24,994 to spare)

                """), "\(captured.output)")
    }

    @Test func runPricesAnExpressExecutionByRequestAndDuration() async {
        let (status, captured) = await sfn(["run", "--express", "--cost", "-"], input: Self.twoSteps)
        #expect(status == 0, "\(captured.errors)")
        // 2 s at 64 MB: 0.125 GB-s; a million a month: $1.00 of requests + 125,000 GB-s (34.72 GB-hours x $0.06).
        #expect(captured.output.contains("duration 2 s billed as 2 s, memory about 50.00 MB billed as 64 MB"))
        #expect(captured.output.contains("1,000,000 executions a month: $3.08"))
        #expect(!captured.output.contains("history events"))
    }

    @Test func ratesComeFromAFileAndMistakesAreUsageErrors() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-rates-\(UUID()).json").path
        try #"{"perStateTransition": 0.001, "freeStateTransitionsPerMonth": 0, "asOf": "2030-01-01"}"#.write(
            toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, captured) = await sfn(
            ["run", "--cost", "--rates", path, "--executions", "10", "-"], input: Self.twoSteps)
        #expect(status == 0)
        #expect(captured.output.contains("2030-01-01"))
        #expect(captured.output.contains("2 state transitions (retries included): $0.002 per execution"))
        #expect(captured.output.contains("10 executions a month: $0.02"))
        let (usage, errors) = await sfn(["run", "--executions", "10", "-"], input: Self.twoSteps)
        #expect(usage == 64)
        #expect(errors.errors.contains("--executions needs --cost"))
    }

    @Test func explorePricesEachPath() async {
        let (status, captured) = await sfn(["explore", "--cost", "-"], input: ExploreCommandTests.charge)
        #expect(status == 0, "\(captured.errors)")
        #expect(
            captured.output.contains("first path (every task succeeds): 2 state transitions, $0.00005 per execution"))
        // Declined, then refunded: Charge, Refund, Done.
        #expect(captured.output.contains("dearest: 3 state transitions"))
        let (_, json) = await sfn(["explore", "--cost", "--format", "json", "-"], input: ExploreCommandTests.charge)
        #expect(json.output.contains(#""cost": ["#))
    }
}
