import Foundation
import JSONCore
import StepFunctionsConformance
import Testing

@Suite struct ConformanceCaseTests {
    /// A case in the conformance format with placeholders in the expected values.
    static let passCase = #"""
        {"name": "demo::pass", "group": "base",
         "definition": {"StartAt": "S", "States": {"S": {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id", "in.$": "$"}, "End": true}}},
         "input": {"a": 1}, "inputText": "{\"a\": 1}",
         "expected": {"status": "SUCCEEDED",
           "output": {"id": "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>", "in": {"a": 1.0}},
           "error": null, "cause": null,
           "events": [
             {"executionStartedEventDetails": {"input": "{\"a\": 1}", "inputDetails": {"truncated": false}, "roleArn": "snf_role_arn"},
              "id": 1, "previousEventId": 0, "timestamp": "timestamp", "type": "ExecutionStarted"},
             {"id": 2, "previousEventId": 0, "stateEnteredEventDetails": {"input": {"a": 1}, "inputDetails": {"truncated": false}, "name": "S"},
              "timestamp": "timestamp", "type": "PassStateEntered"},
             {"id": 3, "previousEventId": 2, "stateExitedEventDetails": {"name": "S", "output": {"id": "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>", "in": {"a": 1}}, "outputDetails": {"truncated": false}},
              "timestamp": "timestamp", "type": "PassStateExited"},
             {"executionSucceededEventDetails": {"output": {"id": "<any>", "in": {"a": 1}}, "outputDetails": {"truncated": false}},
              "id": 4, "previousEventId": 3, "timestamp": "timestamp", "type": "ExecutionSucceeded"}]},
         "execution": {"name": "run-1", "stateMachineName": "sm", "stateMachineType": "STANDARD", "accountId": "111111111111", "region": "us-east-1",
           "roleArn": "arn:aws:iam::111111111111:role/r"},
         "literalMaskTokens": ["timestamp", "snf_role_arn"], "flags": {}}
        """#

    /// The case's outcome, read whole and read as `sfn test` reads it (definition and events kept
    /// as text), which must come to the same outcome with the same differences.
    func outcome(_ text: String) async throws -> ConformanceResult.Outcome {
        let whole = try await ConformanceCase(text: text, fileName: "case.json").run().outcome
        let lazily = try await ConformanceCase(readingLazily: text, fileName: "case.json").run().outcome
        #expect("\(lazily)" == "\(whole)")
        return whole
    }

    @Test func placeholdersAndJSONTextMatch() async throws {
        let result = try await outcome(Self.passCase)
        guard case .passed = result else {
            Issue.record("expected a pass, got \(result)")
            return
        }
    }

    @Test func differencesAreReported() async throws {
        let wrong = Self.passCase.replacingOccurrences(of: #""in": {"a": 1.0}"#, with: #""in": {"a": 2}"#)
        guard case .failed(let diffs) = try await outcome(wrong) else {
            Issue.record("expected a failure")
            return
        }
        #expect(diffs.first?.hasPrefix("output.in.a") == true)
        let wrongEvent = Self.passCase.replacingOccurrences(
            of: #""id": 3, "previousEventId": 2"#, with: #""id": 3, "previousEventId": 1"#)
        guard case .failed(let eventDiffs) = try await outcome(wrongEvent) else {
            Issue.record("expected a failure")
            return
        }
        #expect(eventDiffs.first?.contains("previousEventId") == true)
    }

    @Test func jsonataAndVariableCasesRun() async throws {
        // The same case with a variable: assigned by a JSONata state, read by the JSONPath one.
        let withVariable = Self.passCase
            .replacingOccurrences(of: #""in.$": "$""#, with: #""in.$": "$v""#)
            .replacingOccurrences(
                of: #""States": {"S": {"Type": "Pass""#,
                with:
                    #""States": {"A": {"Type": "Pass", "QueryLanguage": "JSONata", "Assign": {"v": "{% $states.input %}"}, "Next": "S"}, "S": {"Type": "Pass""#
            )
            .replacingOccurrences(of: #""StartAt": "S""#, with: #""StartAt": "A""#)
        guard case .failed(let diffs) = try await outcome(withVariable) else {
            Issue.record("expected the recorded events to differ (the case records one state, the run two)")
            return
        }
        #expect(diffs.first?.hasPrefix("events:") == true)
        #expect(!diffs.joined().contains("output"))
    }

    @Test func eventsRecordedAsTextMatchAndTheirDifferencesAreReported() async throws {
        // The history as GetExecutionHistory returns it (payloads as JSON text) is a valid expectation.
        let probe = try ConformanceCase(text: Self.passCase, fileName: "case.json")
        let execution = try #require(await probe.run().execution)
        guard case .object(var json) = probe.json, case .object(var expected) = json["expected"] else {
            Issue.record("the case is not an object")
            return
        }
        expected["events"] = execution.historyJSON
        json["expected"] = .object(expected)
        guard case .passed = try await outcome(JSONWriter.compact.string(.object(json))) else {
            Issue.record("the run's own history did not match")
            return
        }
        // A payload's text that differs is reported with its place, and so is a key that is not there.
        var events = execution.historyJSON.arrayValue ?? []
        guard case .object(var third) = events[2], case .object(var details) = third["stateExitedEventDetails"] else {
            Issue.record("no third event")
            return
        }
        details["output"] = .string(#"{"id":"x","in":{"a":1}}"#)
        third["stateExitedEventDetails"] = .object(details)
        events[2] = .object(third)
        expected["events"] = .array(events)
        json["expected"] = .object(expected)
        guard case .failed(let diffs) = try await outcome(JSONWriter.compact.string(.object(json))) else {
            Issue.record("expected a failure")
            return
        }
        #expect(
            diffs.first?.hasPrefix("events #3 PassStateExited(S): stateExitedEventDetails.output: expected") == true)
        details["extra"] = "value"
        third["stateExitedEventDetails"] = .object(details)
        events[2] = .object(third)
        expected["events"] = .array(events)
        json["expected"] = .object(expected)
        guard case .failed(let missing) = try await outcome(JSONWriter.compact.string(.object(json))) else {
            Issue.record("expected a failure")
            return
        }
        #expect(missing.first == #"events #3 PassStateExited(S): stateExitedEventDetails: missing ["extra"]"#)
    }

    @Test func casesSharingADefinitionRunAlike() async throws {
        // The second run of a definition takes its checked definition and plan from the caches.
        for _ in 0..<3 {
            guard case .passed = try await outcome(Self.passCase) else {
                Issue.record("a repeated case did not pass")
                return
            }
        }
        let invalid = Self.passCase.replacingOccurrences(of: #""StartAt": "S""#, with: #""StartAt": "Nowhere""#)
        for _ in 0..<2 {
            guard case .failed(let diffs) = try await outcome(invalid) else {
                Issue.record("expected the definition to be rejected")
                return
            }
            #expect(diffs.first?.hasPrefix("the definition was rejected") == true)
        }
    }

    @Test func readingLazilyKeepsPlainFilesAsTextAndReadsTheRestWhole() async throws {
        let plain = try ConformanceCase(readingLazily: Self.passCase, fileName: "case.json")
        #expect(plain.definitionText?.hasPrefix(#"{"StartAt": "S""#) == true)
        #expect(plain.eventsText?.hasPrefix("[") == true)
        #expect(plain.json["definition"] == .null)
        // What the skim does not vouch for is read whole: the same case, or the parser's own error.
        let odd: [(text: String, eventsKept: Bool)] = [
            (Self.passCase.replacingOccurrences(of: #""input": {"a": 1}"#, with: #""input": {"a": 1e0}"#), false),
            (
                Self.passCase.replacingOccurrences(
                    of: #""group": "base""#, with: #""def\u0069nition": 1, "group": "base""#), false
            ),
            (
                Self.passCase.replacingOccurrences(of: #""group": "base""#, with: #""definition": 1, "group": "base""#),
                false
            ),
            ("\u{FEFF}" + Self.passCase, false),
            // An escape the text comparison does not read: the events are parsed and compared.
            (Self.passCase.replacingOccurrences(of: #""name": "S"}"#, with: #""name": "\u0053"}"#), true),
        ]
        for (text, eventsKept) in odd {
            let c = try ConformanceCase(readingLazily: text, fileName: "case.json")
            #expect((c.definitionText != nil) == eventsKept && (c.eventsText != nil) == eventsKept)
            let whole = try await ConformanceCase(text: text, fileName: "case.json").run().outcome
            #expect("\(await c.run().outcome)" == "\(whole)")
        }
        let broken = [
            Self.passCase.replacingOccurrences(of: #""id": 2,"#, with: #""id": 2,,"#),
            Self.passCase.replacingOccurrences(of: #""StartAt": "S""#, with: #""StartAt": "S\x""#),
            Self.passCase.replacingOccurrences(of: #""timestamp": "timestamp""#, with: #""timestamp": 01"#),
            Self.passCase + "x",
        ]
        for text in broken {
            var wholeError = "", lazyError = ""
            do { _ = try ConformanceCase(text: text, fileName: "x.json") } catch { wholeError = error.message }
            do { _ = try ConformanceCase(readingLazily: text, fileName: "x.json") } catch { lazyError = error.message }
            #expect(wholeError.hasPrefix("x.json: not JSON: "))
            #expect(lazyError == wholeError)
        }
    }

    @Test func eventsAreMatchedOnTheirText() async throws {
        let probe = try ConformanceCase(text: Self.passCase, fileName: "case.json")
        let execution = try #require(await probe.run().execution)
        let history = execution.history
        var events = try #require(execution.historyJSON.arrayValue)
        #expect(EventsTextMatch.matches(JSONWriter.pretty.string(.array(events)), history))
        // Member order does not matter; a difference or a missing or extra member sends the
        // comparison to the parsed events.
        guard case .object(var first) = events[0] else {
            Issue.record("no first event")
            return
        }
        let reordered = JSONObject(first.keys.reversed().map { ($0, first[$0] ?? .null) })
        events[0] = .object(reordered)
        #expect(EventsTextMatch.matches(JSONWriter.compact.string(.array(events)), history))
        first["id"] = .int(7)
        events[0] = .object(first)
        #expect(!EventsTextMatch.matches(JSONWriter.compact.string(.array(events)), history))
        first["id"] = .int(1)
        first["extra"] = .int(1)
        events[0] = .object(first)
        #expect(!EventsTextMatch.matches(JSONWriter.compact.string(.array(events)), history))
        first["extra"] = nil
        // The type is compared exactly (a placeholder there is a difference, as in the label).
        first["type"] = "<any>Started"
        events[0] = .object(first)
        #expect(!EventsTextMatch.matches(JSONWriter.compact.string(.array(events)), history))
        #expect(!EventsTextMatch.matches(JSONWriter.compact.string(.array(Array(events.dropLast()))), history))
    }

    /// A recording's date is counted without Foundation's calendar for real dates, and still
    /// through it (lenient) for the rest: both give what the calendar gives.
    @Test func recordedDatesAreMidnightUTC() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        func expected(_ day: Int, _ month: Int, _ year: Int) -> Date? {
            calendar.date(from: DateComponents(year: year, month: month, day: day))
        }
        for (text, d, m, y) in [
            ("15-11-2024, 13:56:59", 15, 11, 2024), ("29-02-2024, 00:00:00", 29, 2, 2024),
            ("01-01-1970, 00:00:00", 1, 1, 1970), ("31-12-1999, 23:59:59", 31, 12, 1999),
            ("30-02-2023, 10:00:00", 30, 2, 2023), ("01-13-2024, 10:00:00", 1, 13, 2024),
        ] {
            #expect(ConformanceCase.recordedDate(text) == expected(d, m, y), "\(text)")
        }
        #expect(ConformanceCase.recordedDate("15-11-2024, 13:56:59") == Date(timeIntervalSince1970: 1_731_628_800))
        #expect(ConformanceCase.recordedDate("not a date") == nil)
    }

    @Test func notACaseIsAnError() {
        #expect(throws: ConformanceError.self) { try ConformanceCase(text: "{}", fileName: "x.json") }
        #expect(throws: ConformanceError.self) { try ConformanceCase(text: "nope", fileName: "x.json") }
    }
}
