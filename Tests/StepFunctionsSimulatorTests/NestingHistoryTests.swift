import Foundation
import JSONCore
import StepFunctionsSimulator
import Testing

/// Deeply nested Parallel and Map states keep AWS's event order, ids and `previousEventId`s: the
/// histories of `Fixtures/Nesting` (30 levels, succeeding and failing innermost) against the
/// output recorded before the event log kept nested logs as segments (see `generate.py` there).
@Suite struct NestingHistoryTests {
    static func fixture(_ name: String) throws -> String {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/Nesting"))
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    /// One event a line: id, previous id, type, its details' state name if any, timestamp.
    static func lines(_ execution: Execution) throws -> [String] {
        let events = try #require(execution.historyJSON.arrayValue)
        return events.map { e in
            var name = ""
            if case .object(let o) = e {
                for (key, value) in o where key.hasSuffix("EventDetails") {
                    if let n = value["name"]?.stringValue { name = n }
                }
            }
            return [
                e["id"]?.intValue.map(String.init) ?? "?", e["previousEventId"]?.intValue.map(String.init) ?? "?",
                e["type"]?.stringValue ?? "?", name, e["timestamp"]?.stringValue ?? "?",
            ].filter { !$0.isEmpty }.joined(separator: " ")
        }
    }

    @Test(arguments: ["nested-depth-30", "nested-depth-30-failing"])
    func deepNestingKeepsTheRecordedHistory(_ name: String) async throws {
        let execution = try await run(try Self.fixture(name + ".asl.json"), input: ["items": [0, 1]])
        #expect(execution.status == .succeeded)
        let expected = try Self.fixture(name + ".history.txt").split(separator: "\n").map(String.init)
        let got = try Self.lines(execution)
        #expect(got.count == expected.count)
        let firstDifference = zip(got, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(firstDifference == nil, "first difference at event \((firstDifference ?? -1) + 1)")
        if let i = firstDifference { #expect(got[i] == expected[i]) }
    }

    /// The same history whatever the depth's events went through: ids are 1...N in order and
    /// every `previousEventId` names an earlier event.
    @Test func idsAreDenseAndPreviousIdsPointBack() async throws {
        let execution = try await run(try Self.fixture("nested-depth-30.asl.json"), input: ["items": [0, 1]])
        for (i, e) in execution.history.enumerated() {
            #expect(e.id == i + 1)
            #expect(e.previousEventId >= 0 && e.previousEventId < e.id)
        }
    }
}
