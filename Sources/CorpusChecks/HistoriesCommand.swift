import Foundation
import JSONCore
import SFNCLI
import StepFunctionsCompiler
import WorkflowPictures

/// The `histories` subcommand: every execution history recorded on AWS, read as the run pages read it.
let historiesCommand = Command(
    name: "histories",
    summary: "Read every execution history recorded on AWS into the run pages' trace, and check it",
    help: """
        OVERVIEW: Read the history AWS recorded for each conformance case (expected.events) with
        ExecutionTrace, as the run pages do, and check it against the case: the status read from the
        events is the recorded status, every state visit is placed in the branch or Map iteration
        its state belongs to (AWS interleaves concurrent branches' events; they are told apart by
        previousEventId), and the run page renders.

        Cases that recorded no events, or whose events' ids are masked (the recordings mask the ids of
        concurrent branches' events), are counted as skipped. Prints each case that fails a check,
        then 'N histories: N passed, N failed'. Exits 1 when any fails.

        USAGE: CorpusChecks histories DIR
        """,
    run: { arguments, io in
        guard arguments.count == 1, let directory = arguments.first else {
            io.err("Error: give the conformance directory\nUsage: CorpusChecks histories DIR")
            return 64
        }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        var passed = 0
        var failed = 0
        var skipped = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: directory + "/" + file),
                let json = try? JSONParser.parse(String(decoding: data, as: UTF8.self)),
                let definitionJSON = json["definition"],
                let definition = ASLReader().read(json: definitionJSON).definition
            else { continue }
            // Some recordings keep no events, or mask the ids of concurrent branches' events ("[0]"):
            // their events cannot be placed by previousEventId.
            guard let events = json["expected"]?["events"], let list = events.arrayValue,
                list.allSatisfy({ $0["id"]?.intValue != nil && $0["previousEventId"]?.intValue != nil })
            else {
                skipped += 1
                continue
            }
            let problems = checkHistory(
                events, definition: definition, status: json["expected"]?["status"]?.stringValue)
            if problems.isEmpty {
                passed += 1
            } else {
                failed += 1
                io.out("FAIL \(file)")
                for p in problems.prefix(3) { io.out("    \(p)") }
            }
        }
        io.out("\(skipped) skipped (no events recorded, or their ids masked)")
        io.out("\(passed + failed) histories: \(passed) passed, \(failed) failed")
        return failed == 0 ? 0 : 1
    })

/// What is wrong with reading `events` as a run of `definition` that ended with `status`.
func checkHistory(_ events: JSONValue, definition: StateMachineDefinition, status: String?) -> [String] {
    let trace: ExecutionTrace
    do {
        trace = try ExecutionTrace(history: events)
    } catch {
        return ["unreadable: \(error)"]
    }
    var problems: [String] = []
    if let status, ["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "RUNNING"].contains(status), trace.status != status {
        problems.append("status read \(trace.status), recorded \(status)")
    }
    let picture = WorkflowPicture(definition)
    let boxes = Dictionary(picture.graph.states.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    for visit in trace.visits {
        guard let box = boxes[visit.state] else {
            problems.append("a visit of '\(visit.state)', which the definition does not have")
            continue
        }
        let scope = trace.scopes[visit.scope]
        guard let owner = scope.owner else {
            if box.region != nil { problems.append("'\(visit.state)' placed at the top level") }
            continue
        }
        let ownerBox = boxes[trace.visits[owner].state]
        if let region = box.region, ownerBox?.regions.contains(region) == true { continue }
        problems.append("'\(visit.state)' placed in \(trace.path(of: visit.scope))")
    }
    if !picture.html(run: trace).hasSuffix("</html>\n") { problems.append("the run page did not render") }
    return problems
}
