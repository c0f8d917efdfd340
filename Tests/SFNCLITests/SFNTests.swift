import Foundation
import JSONCore
import SFNCLI
import Testing

@Suite("sfn: the command line, run in-process")
struct SFNTests {
    @Test func helpListsEverySubcommand() {
        let (io, captured) = CommandIO.capturing()
        #expect(SFN.main(["--help"], io: io) == 0)
        for command in SFN.commands { #expect(captured.output.contains(command.name)) }
    }
}

@Suite("sfn template: a CloudFormation template for a JSON definition")
struct SFNTemplateTests {
    @Test func aDefinitionFileBecomesATemplate() throws {
        let (io, captured) = CommandIO.capturing(
            input: #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "${Greeting}", "End": true}}}"#)
        #expect(
            SFN.main(["template", "--name", "hello-world", "--format", "json", "-"], io: io) == 0, "\(captured.errors)")
        #expect(captured.output.contains(#""Type": "AWS::StepFunctions::StateMachine""#))
        #expect(captured.output.contains(#""HelloWorld""#))
        #expect(captured.output.contains(#""DefinitionSubstitutions""#))
    }

    @Test func anInvalidDefinitionIsReportedNotRendered() {
        let (io, captured) = CommandIO.capturing(
            input: #"{"StartAt": "Nope", "States": {"A": {"Type": "Pass", "End": true}}}"#)
        #expect(SFN.main(["template", "-"], io: io) == 1)
        #expect(captured.output.isEmpty)
        #expect(captured.errors.contains("Nope"))
    }
}

@Suite("sfn validate --aws-json: AWS's answers for a definition")
struct SFNValidateAWSJSONTests {
    @Test func anEXPRESSMachineWaitingForATokenIsAnsweredInAWSWords() {
        let (io, captured) = CommandIO.capturing(
            input:
                #"{"StartAt": "Publish", "States": {"Publish": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish.waitForTaskToken", "End": true}}}"#
        )
        #expect(SFN.main(["validate", "--aws-json", "--express", "-"], io: io) == 1)
        #expect(
            captured.output.contains(
                #""invalidDefinition":"Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  at /States/Publish/Resource'""#
            ))
        #expect(captured.output.contains(#""location":"/States/Publish/Resource""#))
        #expect(captured.output.contains(#""result":"FAIL""#))
    }

    @Test func aValidDefinitionHasNoDiagnostics() {
        let (io, captured) = CommandIO.capturing(
            input: #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#)
        #expect(SFN.main(["validate", "--aws-json", "-"], io: io) == 0)
        #expect(captured.output.contains(#""result":"OK","diagnostics":[],"invalidDefinition":null"#))
    }
}

@Suite("sfn test-state: AWS's TestState, offline")
struct SFNTestStateTests {
    private let machine = """
        {
          "StartAt": "ChargeCard",
          "States": {
            "ChargeCard": {
              "Type": "Task",
              "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
              "ResultSelector": {"charged.$": "$.Payload.charged"},
              "ResultPath": "$.payment",
              "Retry": [{"ErrorEquals": ["Payments.Throttled"], "IntervalSeconds": 2, "MaxAttempts": 3}],
              "Catch": [{"ErrorEquals": ["Payments.Declined"], "ResultPath": "$.error", "Next": "Declined"}],
              "Next": "Ship"
            },
            "Ship": {"Type": "Succeed"},
            "Declined": {"Type": "Fail", "Error": "Declined"}
          }
        }
        """

    /// Runs `sfn test-state FILE arguments` on a thread of its own: the command blocks its thread
    /// until the simulator is done (`Simulator.runBlocking`), which must not be one of the few
    /// threads tests run on.
    private func run(_ arguments: [String], file text: String) async throws -> (Int32, CommandIO.Captured) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-test-state-\(UUID()).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (io, captured) = CommandIO.capturing()
        let status = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: SFN.main(["test-state", path] + arguments, io: io))
            }
        }
        return (status, captured)
    }

    @Test func aMockedTaskPrintsItsStatusNextStateOutputAndSteps() async throws {
        let (status, out) = try await run(
            [
                "--state", "ChargeCard", "--input", #"{"amount": 5}"#, "--mock-result",
                #"{"Payload": {"charged": true}, "StatusCode": 200}"#, "--inspection-level", "DEBUG",
            ], file: machine)
        #expect(status == 0, "\(out.errors)")
        #expect(out.output.contains("ChargeCard: SUCCEEDED -> Ship"))
        #expect(out.output.contains(#"{"amount": 5, "payment": {"charged": true}}"#))
        #expect(out.output.contains("afterResultSelector"))
    }

    @Test func aRetriableErrorShowsTheBackoffAndExitsOne() async throws {
        let (status, out) = try await run(
            ["--state", "ChargeCard", "--mock-error", "Payments.Throttled", "--retrier-retry-count", "1"], file: machine
        )
        #expect(status == 1)
        #expect(out.output.contains("RETRIABLE"))
        #expect(out.output.contains("Retry[0], retried after 4 s"))
    }

    @Test func jsonPrintsAWSsResponse() async throws {
        let (status, out) = try await run(
            ["--state", "ChargeCard", "--mock-error", "Payments.Declined", "--mock-cause", "expired", "--json"],
            file: machine)
        #expect(status == 0)
        #expect(out.output.contains(#""status" : "CAUGHT_ERROR""#) || out.output.contains(#""status": "CAUGHT_ERROR""#))
        #expect(out.output.contains(#""nextState": "Declined""#))
    }

    @Test func aRefusedRequestPrintsAWSsErrorAndADefinitionErrorItsPlace() async throws {
        let (status, out) = try await run(
            ["--state", "ChargeCard", "--mock-result", #"{"StatusCode": "200"}"#], file: machine)
        #expect(status == 1)
        #expect(
            out.errors.contains(
                "error: [ValidationException] Mock result schema validation error: Field 'StatusCode' must be a number")
        )
        let (bad, badOut) = try await run(
            ["--mock-result", "[]"], file: "{\"Type\": \"Parallel\",\n \"Branches\": [],\n \"End\": true}")
        #expect(bad == 1)
        #expect(badOut.errors.contains(".json:2:2: error: [missing-field]"))
        #expect(badOut.errors.contains("Value cannot be empty at /States/StateName/Branches"))
    }

    @Test func aStateAloneNeedsNoStateName() async throws {
        let (status, out) = try await run(["--input", #"{"v": 1}"#], file: #"{"Type": "Pass", "Next": "Later"}"#)
        #expect(status == 0)
        #expect(out.output.contains("StateName: SUCCEEDED -> Later"))
    }

    @Test func usageErrorsExit64() async throws {
        let (noState, _) = try await run([], file: machine)
        #expect(noState == 64)
        let (badCount, out) = try await run(["--state", "ChargeCard", "--retrier-retry-count", "-1"], file: machine)
        #expect(badCount == 64)
        #expect(out.errors.contains("--retrier-retry-count needs a non-negative integer"))
    }

    @Test func anUnansweredTaskSaysHowToMockIt() async throws {
        let (status, out) = try await run(["--state", "ChargeCard"], file: machine)
        #expect(status == 1)
        #expect(out.output.contains("Simulator.NoHandler"))
        #expect(out.output.contains("--mock-result"))
    }
}

@Suite("sfn run with a mock configuration: set-up mistakes are errors")
struct SFNRunMockTests {
    static let machine = #"""
        {"StartAt": "Charge", "States": {"Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "charge"}, "OutputPath": "$.Payload", "End": true}}}
        """#

    /// Writes `orders.asl.json` and `mocks.json` into a fresh directory and runs `sfn run` there,
    /// on a thread of its own: `sfn run` blocks its thread until the simulation ends, which must
    /// not be one of the threads the tests' tasks run on.
    func run(mocks: String, _ extra: [String]) async throws -> (status: Int32, output: String, errors: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let machine = directory.appendingPathComponent("orders.asl.json").path
        let config = directory.appendingPathComponent("mocks.json").path
        try Self.machine.write(toFile: machine, atomically: true, encoding: .utf8)
        try mocks.write(toFile: config, atomically: true, encoding: .utf8)
        let (io, captured) = CommandIO.capturing()
        let arguments = ["run", machine, "--mock-config", config] + extra
        let status = await withCheckedContinuation { (done: CheckedContinuation<Int32, Never>) in
            Thread { done.resume(returning: SFN.main(arguments, io: io)) }.start()
        }
        return (status, captured.output, captured.errors)
    }

    @Test func theTestCaseComesFromTheMachineNamedLikeTheFile() async throws {
        let mocks = #"""
            {"StateMachines": {"orders": {"TestCases": {"Happy": {"Charge": "Ok"}}},
                               "another": {"TestCases": {"Happy": {"Charge": "Bad"}}}},
             "MockedResponses": {"Ok": {"0": {"Return": {"StatusCode": 200, "Payload": {"ok": true}}}},
                                 "Bad": {"0": {"Throw": {"Error": "Bad"}}}}}
            """#
        let result = try await run(mocks: mocks, ["--test-case", "Happy", "--json"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains(#""ok" : true"#) || result.output.contains(#""ok": true"#), "\(result.output)")
    }

    @Test func aTestCaseOfAnotherMachineIsAnError() async throws {
        let mocks = #"""
            {"StateMachines": {"payments": {"TestCases": {"Happy": {"Charge": "Ok"}}}},
             "MockedResponses": {"Ok": {"0": {"Return": {"StatusCode": 200, "Payload": {"ok": true}}}}}}
            """#
        let result = try await run(mocks: mocks, ["--test-case", "Happy"])
        #expect(result.status == 1)
        #expect(result.errors.contains("'Happy' is a test case of 'payments'"), "\(result.errors)")
        #expect(try await run(mocks: mocks, ["--test-case", "Happy", "--state-machine", "payments"]).status == 0)
    }

    @Test func aMockForAStateTheMachineDoesNotHaveStopsTheRun() async throws {
        let mocks = #"""
            {"StateMachines": {"orders": {"TestCases": {"Happy": {"Charge": "Ok", "Chrage": "Ok"}}}},
             "MockedResponses": {"Ok": {"0": {"Return": {"StatusCode": 200, "Payload": {"ok": true}}}}}}
            """#
        let result = try await run(mocks: mocks, ["--test-case", "Happy"])
        #expect(result.status == 1)
        #expect(result.output.contains("Simulator.UnknownState"), "\(result.output)")
        #expect(result.output.contains("did you mean 'Charge'?"), "\(result.output)")
        #expect(try await run(mocks: mocks, ["--test-case", "Happy", "--lenient"]).status == 0)
    }

    @Test func aResponseWithBothReturnAndThrowIsAnError() async throws {
        let mocks = #"""
            {"StateMachines": {"orders": {"TestCases": {"Happy": {"Charge": "Both"}}}},
             "MockedResponses": {"Both": {"0": {"Return": {"ok": true}, "Throw": {"Error": "E"}}}}}
            """#
        let result = try await run(mocks: mocks, ["--test-case", "Happy"])
        #expect(result.status == 1)
        #expect(!result.errors.isEmpty)
    }
}

@Suite("sfn format never drops content")
struct SFNFormatDuplicateTests {
    @Test func aStateDeclaredTwiceIsReportedAndTheFileKept() throws {
        let text = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "A": {"Type": "Succeed"}}}"#
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dup-\(UUID().uuidString).asl.json")
            .path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let (io, captured) = CommandIO.capturing()
        #expect(SFN.main(["format", "--in-place", file], io: io) == 1)
        #expect(captured.errors.contains("[duplicate-key]"))
        #expect(captured.errors.contains("line 1, column 29"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
    }

    @Test func inPlaceRewritesEveryFileOfADirectoryAndKeepsTheOnesItCannotRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("format-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = #"{"States": {"A": {"End": true, "Type": "Pass"}}, "StartAt": "A"}"#
        let broken = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "A": {"Type": "Succeed"}}}"#
        try good.write(toFile: dir + "/a.asl.json", atomically: true, encoding: .utf8)
        try broken.write(toFile: dir + "/b.asl.json", atomically: true, encoding: .utf8)
        try good.write(toFile: dir + "/c.asl.json", atomically: true, encoding: .utf8)
        let single = dir + "/single.json.txt"
        try good.write(toFile: single, atomically: true, encoding: .utf8)
        let (io, captured) = CommandIO.capturing()
        #expect(SFN.main(["format", "--in-place", dir, single], io: io) == 1)
        #expect(captured.errors.contains("b.asl.json") && captured.errors.contains("[duplicate-key]"))
        let formatted = try String(contentsOfFile: dir + "/a.asl.json", encoding: .utf8)
        #expect(formatted != good && formatted.hasSuffix("}\n"))
        #expect(try String(contentsOfFile: dir + "/c.asl.json", encoding: .utf8) == formatted)
        #expect(try String(contentsOfFile: single, encoding: .utf8) == formatted)
        #expect(try String(contentsOfFile: dir + "/b.asl.json", encoding: .utf8) == broken)
        // Without --in-place the output is one definition: several files are a usage error.
        #expect(SFN.main(["format", dir + "/a.asl.json", dir + "/c.asl.json"], io: io) == 64)
    }

    @Test func checkListsTheFilesThatWouldChangeAndWritesNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let messy = #"{"States": {"A": {"End": true, "Type": "Pass"}}, "StartAt": "A"}"#
        try messy.write(toFile: dir + "/a.asl.json", atomically: true, encoding: .utf8)
        try messy.write(toFile: dir + "/b.asl.json", atomically: true, encoding: .utf8)
        let (printIO, printed) = CommandIO.capturing()
        #expect(SFN.main(["format", dir + "/a.asl.json"], io: printIO) == 0)
        let canonical = printed.output
        try canonical.write(toFile: dir + "/b.asl.json", atomically: true, encoding: .utf8)

        let (io, captured) = CommandIO.capturing()
        #expect(SFN.main(["format", "--check", dir], io: io) == 1)
        #expect(captured.output == dir + "/a.asl.json\n")
        #expect(captured.errors.contains("1 of 2 files would be reformatted"))
        #expect(try String(contentsOfFile: dir + "/a.asl.json", encoding: .utf8) == messy)

        let (cleanIO, clean) = CommandIO.capturing()
        #expect(SFN.main(["format", "--check", dir + "/b.asl.json"], io: cleanIO) == 0)
        #expect(clean.output.isEmpty && clean.errors.isEmpty)

        let (bothIO, both) = CommandIO.capturing()
        #expect(SFN.main(["format", "--check", "--in-place", dir], io: bothIO) == 64)
        #expect(both.errors.contains("does not combine with --in-place"))
    }
}

@Suite("sfn graph, run --html, test --html: pictures of workflows and runs")
struct SFNPictureTests {
    static let definition = """
        {"Comment": "Charge or refund", "StartAt": "Charge", "States": {
          "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Refund"}], "Next": "Done"},
          "Refund": {"Type": "Pass", "End": true},
          "Done": {"Type": "Succeed"}}}
        """

    /// A fresh folder in the temporary directory.
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-pictures-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `sfn ARGUMENTS` on a thread of its own (run and test block their thread until the
    /// simulator is done).
    func sfn(_ arguments: [String], input: String = "") async -> (Int32, CommandIO.Captured) {
        await runSFN(arguments, input: input)
    }

    @Test func graphWritesMermaidByDefaultAndTheFormatOutsExtensionAsks() async throws {
        let (status, captured) = await sfn(["graph", "--name", "charge", "-"], input: Self.definition)
        #expect(status == 0, "\(captured.errors)")
        #expect(captured.output.hasPrefix("---\ntitle: \"charge\"\n---\nflowchart TD\n"))
        #expect(captured.output.contains("    Charge -.->|\"States.ALL\"| Refund\n"))

        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("charge.asl.json")
        try Self.definition.write(to: file, atomically: true, encoding: .utf8)
        for (name, start) in [
            ("charge.dot", "digraph \"charge\" {"), ("charge.html", "<!DOCTYPE html>"), ("charge.svg", "<svg "),
        ] {
            let out = dir.appendingPathComponent(name).path
            let (status, captured) = await sfn(["graph", file.path, "-o", out])
            #expect(status == 0, "\(captured.errors)")
            let text = try String(contentsOfFile: out, encoding: .utf8)
            #expect(text.hasPrefix(start), "\(name) starts \(text.prefix(40))")
        }
        let (dotStatus, dot) = await sfn(["graph", file.path, "--format", "dot"])
        #expect(dotStatus == 0 && dot.output.contains(#""Charge" -> "Done";"#))
    }

    @Test func graphRefusesAnUnknownFormatWithASuggestion() async {
        let (status, captured) = await sfn(["graph", "--format", "mermiad", "-"], input: Self.definition)
        #expect(status == 64)
        #expect(
            captured.errors.contains("unknown format 'mermiad' (mermaid, dot, html or svg); did you mean 'mermaid'?"))
    }

    @Test func graphDrawsABrokenDefinitionAsWrittenAndReportsItsErrors() async {
        let (status, captured) = await sfn(
            ["graph", "-"], input: #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}"#)
        #expect(status == 0)
        #expect(captured.output.contains("Nowhere"))
        #expect(captured.errors.contains("Nowhere"))
        #expect(captured.errors.contains("the picture shows it as written"))
    }

    @Test func runWritesThePageOfTheRunAndGraphDrawsASavedHistory() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("charge.asl.json").path
        try Self.definition.write(toFile: file, atomically: true, encoding: .utf8)
        let page = dir.appendingPathComponent("run.html").path
        // No handler answers Charge: the run fails at once, and the page shows where.
        let (status, captured) = await sfn(["run", file, "--html", page])
        #expect(status == 1)
        #expect(captured.output.contains("✗ Charge failed: Simulator.NoHandler: No handler or mock answers"))
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains(#"<span class="badge st-failed" id="run-status">FAILED</span>"#))
        #expect(html.contains(#"<li class="tl-row st-failed" data-visit="0""#))

        let (jsonStatus, json) = await sfn(["run", file, "--json"])
        #expect(jsonStatus == 1)
        let history = dir.appendingPathComponent("run.json").path
        try json.output.write(toFile: history, atomically: true, encoding: .utf8)
        let (graphStatus, graph) = await sfn(["graph", file, "--history", history])
        #expect(graphStatus == 0, "\(graph.errors)")
        #expect(graph.output.contains(#"<li class="tl-row st-failed" data-visit="0""#))
        let (refused, refusal) = await sfn(["graph", file, "--history", history, "--format", "dot"])
        #expect(refused == 64 && refusal.errors.contains("--history draws an HTML page"))
    }

    @Test func runNoLimitsLiftsTheHistoryAndPayloadLimits() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("map.asl.json").path
        try #"""
        {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
          "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}
        """#.write(toFile: file, atomically: true, encoding: .utf8)
        // 7,000 items record 28,006 events, past a STANDARD execution's 25,000.
        let items = "{\"items\": [" + (0..<7000).map(String.init).joined(separator: ",") + "]}"
        let (limited, refused) = await sfn(["run", file, "--input", items, "--json"])
        #expect(limited == 1)
        #expect(refused.output.contains("The execution reached the maximum number of history events (25000)."))
        let (lifted, streamed) = await sfn(["run", file, "--input", items, "--no-limits", "--json"])
        #expect(lifted == 0, "\(streamed.errors)")
        #expect(streamed.output.hasSuffix("\n}\n"))
        let json = try JSONParser.parse(streamed.output)
        #expect(json["status"] == "SUCCEEDED")
        #expect(json["events"]?.arrayValue?.count == 28_006)
        #expect(json["events"]?[28_005]?["type"] == "ExecutionSucceeded")

        // An input over 256 KiB.
        let pass = dir.appendingPathComponent("pass.asl.json").path
        try #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#
            .write(toFile: pass, atomically: true, encoding: .utf8)
        let large = "{\"s\": \"" + String(repeating: "x", count: 300_000) + "\"}"
        let (tooLarge, _) = await sfn(["run", pass, "--input", large])
        #expect(tooLarge == 1)
        let (fits, passed) = await sfn(["run", pass, "--input", large, "--no-limits"])
        #expect(fits == 0)
        #expect(passed.output.contains(String(repeating: "x", count: 300_000)))
    }

    @Test func testReportsCasesInFileOrderWhateverOrderTheyFinish() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Cases of different lengths (a Map of 0 to 400 items) run several at a time; every third fails.
        for i in 0..<24 {
            let items = (0..<(i % 5) * 100).map(String.init).joined(separator: ",")
            let definition =
                #"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "End": true, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#
            let status = i % 3 == 0 ? "FAILED" : "SUCCEEDED"
            let text =
                #"{"name": "case-\#(i)", "group": "g\#(i % 2)", "definition": \#(definition), "input": {"items": [\#(items)]}, "expected": {"status": "\#(status)"}}"#
            try text.write(
                to: dir.appendingPathComponent(String(format: "%02d.json", i)), atomically: true, encoding: .utf8)
        }
        try "not json".write(to: dir.appendingPathComponent("99-broken.json"), atomically: true, encoding: .utf8)
        let (status, captured) = await sfn(["test", dir.path])
        #expect(status == 1)
        let failures = captured.output.split(separator: "\n").filter { $0.hasPrefix("FAIL ") }.map(String.init)
        #expect(failures == stride(from: 0, to: 24, by: 3).map { "FAIL case-\($0)" })
        #expect(captured.output.contains("ERROR \(dir.path)/99-broken.json: not JSON"))
        #expect(captured.output.contains("16 passed, 9 failed"))
        let (_, grouped) = await sfn(["test", "--group", "g1", "--quiet", dir.path])
        #expect(grouped.output.contains("ran 12 cases"))
        #expect(grouped.output.contains("8 passed, 5 failed"))
    }

    @Test func testWritesAPagePerCaseThatRanAndAnIndexFailuresFirst() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pass = #"{"StartAt": "S", "States": {"S": {"Type": "Pass", "End": true}}}"#
        let cases = [
            (
                "a-passes.json",
                #"{"name": "passes", "group": "g", "definition": \#(pass), "expected": {"status": "SUCCEEDED"}}"#
            ),
            (
                "b-fails.json",
                #"{"name": "fails", "group": "g", "definition": \#(pass), "expected": {"status": "FAILED"}}"#
            ),
            (
                "c-skipped.json",
                #"{"name": "skipped", "group": "g", "definition": \#(pass), "expected": {"status": "?"}}"#
            ),
        ]
        for (name, text) in cases {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let pages = dir.appendingPathComponent("pages").path
        let (status, captured) = await sfn(["test", "--html", pages, dir.path])
        #expect(status == 1)
        #expect(captured.output.contains("wrote 2 run pages and \(pages)/index.html"))
        let index = try String(contentsOfFile: pages + "/index.html", encoding: .utf8)
        let failed = try #require(index.range(of: "<a href=\"fails.html\">fails</a>"))
        let skipped = try #require(index.range(of: "<td>skipped</td><td>skipped</td>"))
        let passed = try #require(index.range(of: "<a href=\"passes.html\">passes</a>"))
        #expect(failed.lowerBound < skipped.lowerBound && skipped.lowerBound < passed.lowerBound)
        let failedPage = try String(contentsOfFile: pages + "/fails.html", encoding: .utf8)
        #expect(failedPage.contains("<pre class=\"notes\">This run differs from its recording:\nstatus"))
        #expect(FileManager.default.fileExists(atPath: pages + "/passes.html"))
        #expect(!FileManager.default.fileExists(atPath: pages + "/skipped.html"))
    }
}
