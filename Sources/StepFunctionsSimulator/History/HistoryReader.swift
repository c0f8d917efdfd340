import Foundation
import JSONCore
import StepFunctionsModel

/// An execution's history read back into the paths it ran, for a redrive: for each path (the main
/// flow, each Parallel branch, each Map iteration) the states it entered, in order, what each was
/// given, and what those that exited produced and assigned; for a Parallel or Map, its latest
/// attempt's branches. Everything comes from the events (the same in `GetExecutionHistory`'s
/// shape, so a server's stored history reads back as the run recorded it).
///
/// The history of one attempt is a nesting of blocks: a state's entered event, its own events (a
/// Task's calls, a Parallel's branches one after another, a Map's iterations), its exited event.
/// A redrive appends `ExecutionRedriven` and then continues the states left open: the first event
/// of each continued state follows (`previousEventId`) that state's entered event, a continued Map
/// iteration starts with `MapIterationStarted` again, and a branch that starts afresh follows its
/// Parallel's entered event. ``read()`` follows those links, so any number of redrives reads back.
struct HistoryReader {
    /// What went wrong: the history is not one this simulator can continue.
    struct Unreadable: Error {
        var message: String
    }

    private let events: [HistoryEvent]
    private let plan: Plan
    private var i = 0

    init(_ events: [HistoryEvent], plan: Plan) {
        self.events = events
        self.plan = plan
    }

    /// The execution as its history tells it.
    struct Trace {
        /// The execution input.
        var input: JSONValue
        /// The main flow.
        var main: PathTrace
        /// How the last attempt ended (running: the history has no end).
        var status: ExecutionStatus
        /// How many times it was redriven.
        var redriveCount: Int
        /// When it started, and when its last attempt ended (nil while running).
        var startDate: Date, stopDate: Date?
    }

    /// Reads the whole history.
    mutating func read() throws(Unreadable) -> Trace {
        guard let first = events.first, first.type == .executionStarted else {
            throw Unreadable(message: "the history does not start with ExecutionStarted")
        }
        let input = try HistoryReader.json(first[detail: "input"]) ?? .object(JSONObject())
        i = 1
        let main = PathTrace()
        try parsePath(main, plan.root, siblingStart: nil)
        var status = ExecutionStatus.running
        var redrives = 0
        var stop: Date?
        while i < events.count {
            let e = events[i]
            switch e.type {
            case .executionSucceeded: status = .succeeded
            case .executionFailed: status = .failed
            case .executionTimedOut: status = .timedOut
            case .executionAborted: status = .aborted
            case .executionRedriven:
                status = .running
                redrives += 1
                stop = nil
                i += 1
                try resumePath(main, plan.root)
                continue
            default:
                throw Unreadable(message: "event \(e.id) (\(e.type.rawValue)) is not where this simulator records it")
            }
            stop = e.timestamp
            i += 1
        }
        return Trace(
            input: input, main: main, status: status, redriveCount: redrives, startDate: first.timestamp,
            stopDate: stop)
    }

    // MARK: Paths and states

    /// Reads the states a path enters from here, until one does not exit (it failed, or the history
    /// ends) or the next event is not a state of this path. `siblingStart`: the event a Parallel's
    /// branches start after (the next branch's first state follows it).
    private mutating func parsePath(_ path: PathTrace, _ graph: GraphPlan, siblingStart: Int?) throws(Unreadable) {
        while i < events.count, events[i].type.isStateEntered {
            let e = events[i]
            if let s = siblingStart, !path.visits.isEmpty, e.previousEventId == s { return }
            guard let name = e.stateName, let target = graph.states.firstIndex(where: { $0.name == name }) else {
                throw Unreadable(message: "event \(e.id) enters a state this definition does not have there")
            }
            let visit = VisitTrace(event: e, state: graph.states[target], target: target)
            i += 1
            path.visits.append(visit)
            try parseBody(visit, resuming: false)
            if visit.exit == nil { return }
        }
    }

    /// Continues a path after `ExecutionRedriven`: its open state, if the redrive continued it, then
    /// the states it entered next.
    private mutating func resumePath(_ path: PathTrace, _ graph: GraphPlan) throws(Unreadable) {
        if let last = path.visits.last, last.exit == nil || last.runsAgainAfterExit {
            // A state the redrive continued recorded something that follows one of its entered
            // events (or nothing: it failed at once, and stays open).
            guard i < events.count, anchors(last).contains(events[i].previousEventId) else {
                if last.exit == nil { return }
                try parsePath(path, graph, siblingStart: nil)
                return
            }
            last.exit = nil
            try parseBody(last, resuming: true)
            if last.exit == nil { return }
        }
        try parsePath(path, graph, siblingStart: nil)
    }

    /// The entered events the first event of a continued state may follow: its own, and for a
    /// Parallel those of the states its unfinished branches continue.
    private func anchors(_ visit: VisitTrace) -> Set<Int> {
        var ids: Set<Int> = [visit.enteredId]
        if visit.state.type == .parallel {
            for b in visit.branches.values where !b.succeeded {
                if let open = b.path.open { ids.formUnion(anchors(open)) }
            }
        }
        return ids
    }

    /// Reads a state's own events and its exit. `resuming`: the redrive continues this state's
    /// latest attempt (a Parallel's unfinished branches, a Map's unfinished iterations).
    private mutating func parseBody(_ visit: VisitTrace, resuming: Bool) throws(Unreadable) {
        switch visit.state.body {
        case .task:
            while i < events.count, HistoryReader.taskEvents.contains(events[i].type) {
                let e = events[i]
                if HistoryReader.taskFailures.contains(e.type) {
                    visit.failedWith = .some(e[detail: "error"]?.apiValue.stringValue)
                } else if HistoryReader.taskSuccesses.contains(e.type) {
                    visit.failedWith = nil
                }
                i += 1
            }
        case .parallel(let p): try parseParallel(visit, p, resuming: resuming)
        case .map(let m): try parseMap(visit, m, resuming: resuming)
        case .fail: return
        default:
            while i < events.count, events[i].type == .evaluationFailed || events[i].type == .waitStateAborted {
                i += 1
            }
        }
        if i < events.count, events[i].type == visit.state.exited, events[i].stateName == visit.state.name {
            let e = events[i]
            visit.exit = VisitTrace.Exit(
                output: try HistoryReader.json(e[detail: "output"]) ?? .null, assigned: try HistoryReader.assigned(e))
            i += 1
        }
    }

    private mutating func parseParallel(_ visit: VisitTrace, _ plan: ParallelPlan, resuming: Bool) throws(Unreadable) {
        if resuming && visit.started {
            // The redriven attempt: the branches that did not succeed, in index order.
            for k in plan.branches.indices {
                guard i < events.count else { break }
                let branch = visit.branches[k] ?? BranchTrace()
                if branch.succeeded { continue }
                if let open = branch.path.open {
                    guard anchors(open).contains(events[i].previousEventId) else { continue }
                    try resumePath(branch.path, plan.branches[k])
                } else {
                    // Started afresh: its first state follows the Parallel's entered event.
                    guard events[i].type.isStateEntered, events[i].previousEventId == visit.enteredId else { continue }
                    try parsePath(branch.path, plan.branches[k], siblingStart: visit.enteredId)
                }
                visit.branches[k] = branch
            }
        }
        while i < events.count {
            switch events[i].type {
            case .parallelStateStarted:
                // An attempt (the first, or a retry): every branch runs, one block after another.
                visit.started = true
                visit.branches = [:]
                let started = events[i].id
                i += 1
                for k in plan.branches.indices {
                    guard i < events.count, events[i].type.isStateEntered, events[i].previousEventId == started else {
                        break
                    }
                    let branch = BranchTrace()
                    try parsePath(branch.path, plan.branches[k], siblingStart: started)
                    visit.branches[k] = branch
                }
            case .parallelStateSucceeded, .parallelStateFailed, .parallelStateAborted, .evaluationFailed: i += 1
            default: return
            }
        }
    }

    private mutating func parseMap(_ visit: VisitTrace, _ plan: MapPlan, resuming: Bool) throws(Unreadable) {
        var continuing = resuming && visit.started
        while i < events.count {
            let e = events[i]
            switch e.type {
            case .mapStateStarted:
                visit.started = true
                visit.branches = [:]
                visit.mapRunArn = nil
                visit.mapRunRedrives = 0
                continuing = false
                i += 1
            case .mapRunStarted:
                visit.mapRunArn = e[detail: "mapRunArn"]?.apiValue.stringValue
                i += 1
            case .mapRunRedriven:
                visit.mapRunRedrives += 1
                i += 1
            case .mapIterationStarted:
                guard let index = e[detail: "index"]?.apiValue.intValue else {
                    throw Unreadable(message: "event \(e.id) (MapIterationStarted) has no index")
                }
                i += 1
                let iteration: BranchTrace
                if continuing, let earlier = visit.branches[index], !earlier.succeeded {
                    // A redriven iteration continues where it stopped.
                    iteration = earlier
                    iteration.closed = nil
                    try resumePath(iteration.path, plan.processor)
                } else {
                    iteration = BranchTrace()
                    try parsePath(iteration.path, plan.processor, siblingStart: nil)
                }
                iteration.closed = .aborted
                if i < events.count, events[i][detail: "index"]?.apiValue.intValue == index {
                    if events[i].type == .mapIterationSucceeded {
                        iteration.closed = .succeeded
                        i += 1
                    } else if events[i].type == .mapIterationFailed {
                        iteration.closed = .failed
                        i += 1
                    }
                }
                visit.branches[index] = iteration
            case .mapRunSucceeded, .mapRunFailed, .mapRunAborted, .mapStateSucceeded, .mapStateFailed,
                .mapStateAborted, .mapIterationAborted, .evaluationFailed:
                i += 1
            default: return
            }
        }
    }

    // MARK: Details

    /// The event types of a Task's calls (and what a Task records besides them).
    static let taskEvents: Set<HistoryEventType> = [
        .taskScheduled, .taskStarted, .taskSubmitted, .taskSucceeded, .taskFailed, .taskTimedOut, .taskStartFailed,
        .taskSubmitFailed, .taskStateAborted, .lambdaFunctionScheduled, .lambdaFunctionStarted,
        .lambdaFunctionSucceeded, .lambdaFunctionFailed, .lambdaFunctionTimedOut, .lambdaFunctionStartFailed,
        .lambdaFunctionScheduleFailed, .activityScheduled, .activityStarted, .activitySucceeded, .activityFailed,
        .activityTimedOut, .activityScheduleFailed, .evaluationFailed,
    ]
    static let taskFailures: Set<HistoryEventType> = [
        .taskFailed, .taskTimedOut, .taskStartFailed, .taskSubmitFailed, .lambdaFunctionFailed,
        .lambdaFunctionTimedOut, .lambdaFunctionStartFailed, .lambdaFunctionScheduleFailed, .activityFailed,
        .activityTimedOut, .activityScheduleFailed,
    ]
    static let taskSuccesses: Set<HistoryEventType> = [.taskSucceeded, .lambdaFunctionSucceeded, .activitySucceeded]

    /// A payload field as JSON (recorded as a value, or as the JSON text AWS shows).
    static func json(_ field: EventField?) throws(Unreadable) -> JSONValue? {
        switch field {
        case nil: return nil
        case .value(let v)?, .payload(let v)?: return v
        case .text(let t)?:
            do {
                return try JSONParser.parse(t)
            } catch {
                throw Unreadable(message: "a recorded payload is not JSON: \(error)")
            }
        }
    }

    /// The variables an exited event says its state assigned, in order.
    static func assigned(_ e: HistoryEvent) throws(Unreadable) -> Assignments {
        var texts: [(String, String)] = []
        if case .exitedAssigning(let x) = e.storage {
            texts = x.assigned
        } else if case .value(.object(let o))? = e[detail: "assignedVariables"] {
            for (name, value) in o { texts.append((name, value.stringValue ?? JSONWriter.compact.string(value))) }
        }
        var out: Assignments = []
        for (name, text) in texts {
            do {
                out.append((name, try JSONParser.parse(text)))
            } catch {
                throw Unreadable(message: "the value assigned to '\(name)' is not JSON: \(error)")
            }
        }
        return out
    }
}

/// One path of an execution, as its history records it.
final class PathTrace {
    /// The states it entered, in order.
    var visits: [VisitTrace] = []

    /// The last state, when it did not exit.
    var open: VisitTrace? {
        guard let last = visits.last, last.exit == nil else { return nil }
        return last
    }
}

/// One entry into a state.
final class VisitTrace {
    let state: StatePlan
    /// The state's index in its graph.
    let target: Int
    let enteredId: Int
    let enteredTime: Date
    let inputField: EventField?

    /// What the state produced and assigned when it exited (nil: it did not).
    var exit: Exit?
    struct Exit {
        var output: JSONValue
        var assigned: Assignments
    }

    /// A Task whose last call failed: the error it failed with (how a Catch chose where to go).
    var failedWith: String?? = nil
    /// A Parallel's or Map's latest attempt: whether it started (its branches or iterations ran).
    var started = false
    /// The latest attempt's branches (Parallel) or iterations (Map) by index.
    var branches: [Int: BranchTrace] = [:]
    /// A distributed Map's run in the latest attempt, and how many times it was redriven.
    var mapRunArn: String?
    var mapRunRedrives = 0

    /// Whether a redrive runs this state again although it exited (the path stopped right after
    /// it): a Choice decides again; a Parallel or Map that a Catch took, with branches that did
    /// not succeed, runs again.
    var runsAgainAfterExit: Bool {
        switch state.body {
        case .choice: return true
        case .parallel, .map: return started && !branches.values.allSatisfy(\.succeeded)
        default: return false
        }
    }

    init(event: HistoryEvent, state: StatePlan, target: Int) {
        self.state = state
        self.target = target
        enteredId = event.id
        enteredTime = event.timestamp
        inputField = event[detail: "input"]
    }
}

/// A Parallel branch or Map iteration of the latest attempt.
final class BranchTrace {
    enum Closing { case succeeded, failed, aborted }
    let path = PathTrace()
    /// How a Map iteration ended (its `MapIterationSucceeded`/`Failed` event); nil for Parallel branches.
    var closed: Closing?

    /// Whether it produced its output: a Map iteration that succeeded, a Parallel branch whose last
    /// state exited (a branch's events are merged whole, when the Parallel ends).
    var succeeded: Bool {
        if let closed { return closed == .succeeded }
        return !path.visits.isEmpty && path.open == nil
    }

    /// Its output (the last state's), when it succeeded.
    var output: JSONValue? { succeeded ? path.visits.last?.exit?.output : nil }
}

extension HistoryEventType {
    /// Whether this is a `*StateEntered` event.
    var isStateEntered: Bool {
        switch self {
        case .passStateEntered, .taskStateEntered, .choiceStateEntered, .waitStateEntered, .succeedStateEntered,
            .failStateEntered, .parallelStateEntered, .mapStateEntered:
            return true
        default: return false
        }
    }
}
