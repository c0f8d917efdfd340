import Foundation
import JSONCore
import StepFunctionsSimulator
import Testing

/// The streamed history text (``Execution/writeJSON``, what `sfn run --json` prints) must be the
/// bytes the JSON writer gives for ``Execution/json``, for every kind of event and every layout.
@Suite struct HistoryJSONWriterTests {
    /// Definitions that between them record every compactly stored event kind and some field lists.
    static let definitions: [(name: String, asl: String, input: JSONValue)] = [
        (
            "map with a failing iteration, names and payloads to escape",
            #"""
            {"StartAt": "Fan \"out\"", "States": {"Fan \"out\"": {"Type": "Map", "ItemsPath": "$.items",
              "ItemProcessor": {"StartAt": "Check", "States": {
                "Check": {"Type": "Choice", "Choices": [{"Variable": "$.v", "NumericGreaterThan": 2, "Next": "Boom"}],
                  "Default": "Écho ✓"},
                "Écho ✓": {"Type": "Pass", "Parameters": {"quote": "a \"b\" \\ c\nd", "v.$": "$.v", "d": 1.5}, "End": true},
                "Boom": {"Type": "Fail", "Error": "Too\"Big", "Cause": "line 1\nline 2 \u0001"}}},
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
              "Caught": {"Type": "Pass", "End": true}}}
            """#,
            ["items": [["v": 1], ["v": 2], ["v": 3], ["v": "ü"]]]
        ),
        (
            "tasks: a Lambda function ARN, lambda:invoke, an SDK integration, assignments",
            #"""
            {"QueryLanguage": "JSONata", "StartAt": "Fn", "States": {
              "Fn": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                "Assign": {"a": "{% $states.result %}", "b": "{% [1, 2.5, \"x\"] %}"}, "Next": "Invoke"},
              "Invoke": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Arguments": {"FunctionName": "g", "Payload": "{% $states.input %}"}, "Next": "Sdk"},
              "Sdk": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listBuckets", "Arguments": {},
                "Next": "Both"},
              "Both": {"Type": "Parallel", "Branches": [
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 2, "End": true}}},
                {"StartAt": "E", "States": {"E": {"Type": "Pass", "Output": "{% $a %}", "End": true}}}],
                "Next": "Bad"},
              "Bad": {"Type": "Pass", "Output": "{% $undefinedFunction() %}", "End": true}}}
            """#,
            ["k": "v"]
        ),
        (
            "a distributed Map",
            #"""
            {"StartAt": "D", "States": {"D": {"Type": "Map", "ItemsPath": "$",
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}
            """#,
            [1, 2, 3]
        ),
        (
            "an empty Map",
            #"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}"#,
            []
        ),
    ]

    @Test(arguments: 0..<definitions.count)
    func streamedTextIsTheWritersText(_ index: Int) async throws {
        let (_, asl, input) = Self.definitions[index]
        var sim = try Simulator(aslJSON: asl)
        if asl.contains("\"Fn\"") {
            sim.handle(state: "Fn") { call in call.input }
            sim.handle(state: "Invoke") { call in ["Payload": call.input] }
            sim.handle(state: "Sdk") { _ in ["Buckets": []] }
        }
        let execution = await sim.run(input: input)
        #expect(execution.history.count > 4)
        var nonASCII = JSONWriter(pretty: true, indentWidth: 4, escapeNonASCII: true)
        nonASCII.javaDoubles = true
        for format in [JSONWriter.pretty, JSONWriter.compact, nonASCII] {
            var streamed: [UInt8] = []
            execution.writeJSON(format, chunkSize: 64) { streamed.append(contentsOf: $0) }
            #expect(String(decoding: streamed, as: UTF8.self) == format.string(execution.json))
            #expect(execution.historyText(format) == Array(format.string(execution.historyJSON).utf8))
        }
        // The field list ``HistoryEvent/details`` gives (from the same description) makes the same
        // event: an event built from it (stored as a field list) has the same JSON.
        let rebuilt = execution.history.map {
            HistoryEvent(
                id: $0.id, previousEventId: $0.previousEventId, timestamp: $0.timestamp, type: $0.type,
                details: $0.details)
        }
        #expect(rebuilt.map(\.json) == execution.history.map(\.json))
        #expect(Execution(history: rebuilt).historyText(.pretty) == execution.historyText(.pretty))
        let extra: [(String, JSONValue)] = [("cost", ["total": 1.5, "items": []])]
        var withCost: [UInt8] = []
        execution.writeJSON(.pretty, extra: extra) { withCost.append(contentsOf: $0) }
        var json = try #require(execution.json.objectValue)
        json["cost"] = extra[0].1
        #expect(String(decoding: withCost, as: UTF8.self) == JSONWriter.pretty.string(.object(json)))
    }

    @Test func eventsOfEveryStorageAndFieldListsRenderAsTheirJSON() {
        let date = Date(timeIntervalSince1970: 1_767_225_600.5)
        let events = [
            HistoryEvent(id: 1, previousEventId: 0, timestamp: date, type: .executionFailed, details: []),
            HistoryEvent(id: 2, previousEventId: 1, timestamp: date, type: .passStateEntered, details: []),
            HistoryEvent(
                id: 3, previousEventId: 2, timestamp: date, type: .taskFailed,
                details: [("error", .value("E")), ("cause", .text("c")), ("error", .value(["x": [1, 2]]))]),
            HistoryEvent(
                id: 4, previousEventId: 3, timestamp: date, type: .executionSucceeded,
                details: [("output", .payload(["a": "é"])), ("outputDetails", .value(["truncated": true]))]),
            HistoryEvent(
                id: 5, previousEventId: 4, timestamp: Date(timeIntervalSince1970: -62_200_000_000),
                type: .executionStarted, details: [("input", .text("{}")), ("roleArn", .value(.null))]),
        ]
        let execution = Execution(history: events)
        for format in [JSONWriter.pretty, JSONWriter.compact] {
            #expect(execution.historyText(format) == Array(format.string(execution.historyJSON).utf8))
        }
    }

    @Test func timestampsAreFormattedAsBefore() {
        // The digit-by-digit writer against the text the formatter used to build from strings.
        func old(_ date: Date) -> String {
            let totalMillis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
            var days = Int(totalMillis / 86_400_000)
            var millisOfDay = Int(totalMillis % 86_400_000)
            if millisOfDay < 0 {
                millisOfDay += 86_400_000
                days -= 1
            }
            let (y, m, d) = CivilCalendar.civilFromDays(days)
            func p(_ v: Int, _ w: Int) -> String {
                let s = String(v)
                return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
            }
            let h = millisOfDay / 3_600_000, mi = millisOfDay / 60_000 % 60, s = millisOfDay / 1000 % 60
            return "\(p(y, 4))-\(p(m, 2))-\(p(d, 2))T\(p(h, 2)):\(p(mi, 2)):\(p(s, 2)).\(p(millisOfDay % 1000, 3))Z"
        }
        var random = SplitMix64(seed: 7)
        var seconds: [Double] = [
            0, -0.001, -1, 1_767_225_600, 1_767_225_600.999, 253_402_300_799.999, 253_402_300_800,
            -62_167_219_200, -62_167_219_200.001, -62_200_000_000,
        ]
        for _ in 0..<2000 { seconds.append(Double(Int64(bitPattern: random.next()) % 300_000_000_000_000) / 1000) }
        for s in seconds {
            let date = Date(timeIntervalSince1970: s)
            #expect(Timestamp.format(date) == old(date), "\(s)")
        }
    }
}
