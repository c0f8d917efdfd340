import Foundation
import JSONCore
import StepFunctionsCompiler
import StepFunctionsSimulator
import Testing

/// The readable timeline that `sfn run` and `swift run samples` print.
@Suite struct TimelineTests {
    let definition = """
        {"StartAt": "Charge", "States": {
          "Charge": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
            "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 2, "MaxAttempts": 1}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Refund"}],
            "Next": "Done"},
          "Refund": {"Type": "Pass", "End": true},
          "Done": {"Type": "Succeed"}}}
        """

    @Test func aCaughtFailureIsShownAsCaughtNotSucceeded() async throws {
        var simulator = try Simulator(aslJSON: definition)
        simulator.handle(state: "Charge") { _ in throw TaskError(error: "CardDeclined") }
        let text = Timeline(await simulator.run()).text
        #expect(text.contains("✗ CardDeclined"))
        #expect(text.contains("retry #1 of Charge"))
        #expect(text.contains("↪ Charge caught CardDeclined after 2.000s, 1 retry"))
        #expect(!text.contains("✓ Charge"))
        #expect(text.contains("→ Refund (Pass)"))
    }

    @Test func aRetryThatSucceedsIsShownAsSucceeded() async throws {
        var simulator = try Simulator(aslJSON: definition)
        let attempts = Counter()
        simulator.handle(state: "Charge") { call in
            if await attempts.next() == 1 { throw TaskError(error: "Busy") }
            return call.input
        }
        let text = Timeline(await simulator.run()).text
        #expect(text.contains("✓ Charge in 2.000s, 1 retry"))
        #expect(text.contains("status: SUCCEEDED"))
    }
}

/// Branches and iterations labelled and indented, causes on failure lines, the waiting state named.
@Suite struct TimelineScopeTests {
    @Test func branchesAndIterationsAreLabelledAndIndented() async throws {
        let definition = """
            {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "Items", "States": {"Items": {"Type": "Map", "End": true,
                "ItemProcessor": {"StartAt": "Pack", "States": {"Pack": {"Type": "Pass", "End": true}}}}}},
              {"StartAt": "Notify", "States": {"Notify": {"Type": "Pass", "End": true}}}]}}}
            """
        let timeline = Timeline(try await Simulator(aslJSON: definition).run(input: [1, 2]))
        let text = timeline.text
        // Streamed in small pieces (each ending at a line's end), the same text.
        var pieces: [String] = []
        timeline.write(chunkSize: 40) { pieces.append(String(decoding: $0, as: UTF8.self)) }
        #expect(pieces.count > 3)
        #expect(pieces.joined() == text)
        let lines = text.split(separator: "\n").map { String($0.drop { $0 != " " }.dropFirst(2)) }
        #expect(
            Array(lines.prefix(14)) == [
                "→ Both (Parallel)",
                "┌ Both branch 1",
                "  → Items (Map)",
                "  ┌ Items iteration 0",
                "    → Pack (Pass)",
                "    ✓ Pack in 0.000s",
                "  ┌ Items iteration 1",
                "    → Pack (Pass)",
                "    ✓ Pack in 0.000s",
                "  ✓ Items in 0.000s",
                "┌ Both branch 2",
                "  → Notify (Pass)",
                "  ✓ Notify in 0.000s",
                "✓ Both in 0.000s",
            ])
    }

    @Test func aFailureLineCarriesItsCause() async throws {
        var simulator = try Simulator(aslJSON: TimelineTests().definition)
        simulator.handle(state: "Charge") { _ in throw TaskError(error: "CardDeclined", cause: "insufficient\nfunds") }
        let text = Timeline(await simulator.run()).text
        #expect(text.contains("    ✗ CardDeclined: insufficient funds\n"))
    }

    @Test func aRuntimeErrorNamesTheStateThatFailed() async throws {
        let definition =
            #"{"StartAt": "Read", "States": {"Read": {"Type": "Pass", "InputPath": "$.missing", "End": true}}}"#
        let text = Timeline(try await Simulator(aslJSON: definition).run()).text
        #expect(text.contains("✗ Read failed: States.Runtime: An error occurred while executing the state 'Read'"))
    }

    @Test func aTimeoutNamesTheStateStillWaiting() async throws {
        let definition = """
            {"TimeoutSeconds": 5, "StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true,
              "Branches": [{"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 60, "End": true}}}]}}}
            """
        let text = Timeline(try await Simulator(aslJSON: definition).run()).text
        #expect(text.contains("+5.000s  ⏱ timed out while waiting in Hold (Wait, entered +0.000s)"))
        #expect(text.contains("status: TIMED_OUT"))
    }
}

private actor Counter {
    var value = 0
    func next() -> Int {
        value += 1
        return value
    }
}

/// The timeline's offsets and durations are `%.3f` without `String(format:)` for the usual values.
@Suite struct TimelineSecondsTests {
    @Test func secondsAreWrittenAsPrintfWritesThem() {
        var random = SplitMix64(seed: 11)
        var values: [Double] = [
            0, -0.0, 0.0005, 0.0015, 0.0625, 1.0625, 2.5, 0.001, 0.999_5, 999_999.999_5, 1e6, 1e7 + 0.000_5, -1.5,
            .infinity, -.infinity, .nan, 1e-300, 123.456_5, 0.1 + 0.2,
        ]
        for _ in 0..<5000 {
            let r = random.next()
            // Whole milliseconds, halves and arbitrary fractions, small and large.
            let millis = Double(r % 2_000_000_000)
            switch r % 4 {
            case 0: values.append(millis / 1000)
            case 1: values.append((millis + 0.5) / 1000)
            case 2: values.append(Double(r >> 11) / Double(1 << 53) * 3600)
            default: values.append(-millis / 1000)
            }
        }
        for v in values {
            var text: [UInt8] = []
            Timeline.appendSeconds(v, into: &text)
            #expect(String(decoding: text, as: UTF8.self) == String(format: "%.3f", v), "\(v)")
        }
    }
}
