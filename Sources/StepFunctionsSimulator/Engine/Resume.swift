import Foundation
import JSONCore
import StepFunctionsModel

/// Where one path of a redriven execution picks up (the main flow, a Parallel branch, a Map
/// iteration), built from the history (``HistoryReader``).
final class PathResume: Sendable {
    /// What the path assigned before, in order: its own scope's variables (an enclosing scope's are
    /// the enclosing path's).
    let assignments: Assignments
    let start: Start

    init(assignments: Assignments, start: Start) {
        self.assignments = assignments
        self.start = start
    }

    enum Start: Sendable {
        /// From `StartAt`, with the path's input (it entered no state).
        case fresh
        /// Continue the state entered and never exited.
        case open(OpenState)
        /// Enter the state at this target index with this input (the path stopped between two states).
        case next(Int, JSONValue)
        /// The path had ended with this output.
        case done(JSONValue)
    }
}

/// A state entered and never exited: the redrive runs it again from its input, without a new
/// entered event (its first event follows the one it was entered with).
final class OpenState: Sendable {
    /// Its index in its graph.
    let target: Int
    /// The input its entered event recorded.
    let input: JSONValue
    /// The history's id of its entered event, and when it was entered.
    let enteredId: Int
    let enteredTime: Date
    /// A Parallel's or Map's latest attempt (nil: none started; the state runs from its start).
    let compound: CompoundResume?

    init(target: Int, input: JSONValue, enteredId: Int, enteredTime: Date, compound: CompoundResume?) {
        self.target = target
        self.input = input
        self.enteredId = enteredId
        self.enteredTime = enteredTime
        self.compound = compound
    }
}

/// The latest attempt of a Parallel or Map left open: what each branch or iteration did (an index
/// without an entry runs afresh), and a distributed Map's run.
final class CompoundResume: Sendable {
    let branches: [Int: BranchResume]
    let mapRun: MapRunResume?

    init(branches: [Int: BranchResume], mapRun: MapRunResume? = nil) {
        self.branches = branches
        self.mapRun = mapRun
    }
}

/// A branch or iteration of a redriven Parallel or Map.
enum BranchResume: Sendable {
    /// It succeeded: its output is kept and it does not run again.
    case succeeded(JSONValue)
    /// It failed or was aborted: it continues from where it stopped.
    case resume(PathResume)
}

/// A distributed Map's run, redriven: the same ARN and its redrive count (this redrive included);
/// the children that succeeded are the ``CompoundResume/branches``, the others run again.
struct MapRunResume: Sendable {
    var arn: String
    var redriveCount: Int
}

extension PathTrace {
    /// Where this path picks up when the execution is redriven.
    func resume(_ graph: GraphPlan, mapRuns: [String: MapRunReport]) throws(HistoryReader.Unreadable) -> PathResume {
        var assignments: Assignments = []
        for v in visits { if let exit = v.exit { assignments += exit.assigned } }
        guard let last = visits.last else { return PathResume(assignments: assignments, start: .fresh) }
        guard let exit = last.exit else {
            return PathResume(assignments: assignments, start: .open(try last.open(graph, mapRuns: mapRuns)))
        }
        // The path stopped between two states (a history cut short): the next state follows the
        // last one's exit. A Choice decides again; a Parallel or Map that a Catch took runs again.
        let state = last.state
        if last.runsAgainAfterExit {
            // Its assignments are applied when it exits again.
            assignments.removeLast(exit.assigned.count)
            return PathResume(assignments: assignments, start: .open(try last.open(graph, mapRuns: mapRuns)))
        }
        switch state.body {
        case .task(let t):
            if case .some(let error) = last.failedWith,
                let i = t.catch.firstIndex(where: { StateFailure(error: error, cause: nil).matches($0.errorEquals) })
            {
                return PathResume(assignments: assignments, start: .next(state.catchTargets[i], exit.output))
            }
        default: break
        }
        if let next = state.next { return PathResume(assignments: assignments, start: .next(next, exit.output)) }
        return PathResume(assignments: assignments, start: .done(exit.output))
    }
}

extension VisitTrace {
    /// This entry as a state to continue.
    func open(_ graph: GraphPlan, mapRuns: [String: MapRunReport]) throws(HistoryReader.Unreadable) -> OpenState {
        let input = try HistoryReader.json(inputField) ?? .object(JSONObject())
        var compound: CompoundResume?
        if started {
            var out: [Int: BranchResume] = [:]
            switch state.body {
            case .parallel(let p):
                for (k, b) in branches where k < p.branches.count {
                    if let output = b.output {
                        out[k] = .succeeded(output)
                    } else if !b.path.visits.isEmpty {
                        out[k] = .resume(try b.path.resume(p.branches[k], mapRuns: mapRuns))
                    }
                }
                compound = CompoundResume(branches: out)
            case .map(let m):
                var mapRun: MapRunResume?
                if m.isDistributed {
                    // The children's outputs are not in the parent's history: the Map Run's report keeps them.
                    if let arn = mapRunArn {
                        let report = mapRuns[arn]
                        for (k, output) in report?.childOutputs ?? [:] { out[k] = .succeeded(output) }
                        mapRun = MapRunResume(arn: arn, redriveCount: mapRunRedrives + 1)
                    }
                } else {
                    for (k, b) in branches {
                        if let output = b.output {
                            out[k] = .succeeded(output)
                        } else if !b.path.visits.isEmpty {
                            out[k] = .resume(try b.path.resume(m.processor, mapRuns: mapRuns))
                        }
                    }
                }
                compound = CompoundResume(branches: out, mapRun: mapRun)
            default: break
            }
        }
        return OpenState(
            target: target, input: input, enteredId: enteredId, enteredTime: enteredTime, compound: compound)
    }
}
