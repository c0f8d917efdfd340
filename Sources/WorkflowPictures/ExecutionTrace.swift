import JSONCore

/// One execution read from its history: every state visit with its times, input, output, tries and
/// errors, grouped by execution path (the execution, each Parallel branch, each Map iteration).
///
/// It reads the history in `GetExecutionHistory`'s shape, the same for a simulated run
/// (`execution.json` or `execution.historyJSON`, `sfn run --json`) and for a run on AWS
/// (`aws stepfunctions get-execution-history`). Events are placed by their `previousEventId`, as
/// AWS links them, so branches whose events interleave are told apart.
///
/// ```swift
/// let execution = await simulator.run(input: ["orderId": "o-1"])
/// let page = try picture.html(run: ExecutionTrace(history: execution.json))
/// ```
public struct ExecutionTrace: Sendable {
    /// How the execution ended: `SUCCEEDED`, `FAILED`, `TIMED_OUT`, `ABORTED`, or `RUNNING` when
    /// the history has no end.
    public var status: String
    /// The execution's error, when it failed or timed out.
    public var error: String?
    /// The execution's cause, when it failed.
    public var cause: String?
    /// Seconds from the first event to the last.
    public var duration: Double

    /// The execution's input and output as JSON text, when the history has them.
    package var input: String?, output: String?
    /// The first event's timestamp, as written.
    package var startDate: String?
    /// The execution paths; scope 0 is the execution itself.
    package var scopes: [Scope]
    /// Every state visit, in the order the states were entered.
    package var visits: [Visit]

    /// One execution path.
    package struct Scope: Sendable {
        /// The execution, a Parallel branch, or a Map iteration.
        package enum Kind: Sendable, Hashable {
            case execution
            case branch
            case iteration(Int)
        }
        /// What it is.
        package var kind: Kind
        /// The enclosing scope (nil for the execution).
        package var parent: Int?
        /// The Parallel or Map visit that ran it.
        package var owner: Int?
        /// The visits made in it, in order.
        package var visits: [Int] = []
        /// `succeeded`, `failed`, `aborted` or `running` (see ``Visit/status``).
        package var status: String = "running"
    }

    /// One entry into a state and what happened until it was left.
    package struct Visit: Sendable {
        /// The state's name.
        package var state: String
        /// `Task`, `Pass`, `Choice`... from the event type.
        package var type: String
        /// The scope it happened in.
        package var scope: Int
        /// Seconds after the execution's start.
        package var start: Double
        /// When it was left, if it was.
        package var end: Double? = nil
        /// The timestamps of its entered and exited events, as written.
        package var enteredAt: String? = nil, exitedAt: String? = nil
        /// The effective input, as JSON text.
        package var input: String?
        /// The output, as JSON text.
        package var output: String? = nil
        /// `succeeded`, `caught` (failed, and a Catch chose the next state), `failed`, `aborted`
        /// (stopped because something else failed), `timedOut` (still waiting when the execution
        /// timed out) or `running`.
        package var status: String = "running"
        /// The last error (for a caught or failed visit).
        package var error: String? = nil
        /// The last error's cause.
        package var cause: String? = nil
        /// Each try of a Task (scheduled to succeeded or failed), each run of a Parallel or Map.
        package var attempts: [Attempt] = []
        /// Branches or iterations it ran (scope indices).
        package var children: [Int] = []
        /// A Parallel or Map between its start and its outcome.
        var running = false
        /// An error not yet known to be caught or final.
        var pending: (error: String?, cause: String?)? = nil

        /// Tries after the first.
        package var retries: Int { max(0, attempts.count - 1) }
    }

    /// One try of a Task, or one run of a Parallel's branches or a Map's iterations.
    package struct Attempt: Sendable {
        /// When it started, in seconds after the execution's start.
        package var start: Double
        /// When it ended, if it did.
        package var end: Double? = nil
        /// How it failed, if it did.
        package var error: String? = nil
        /// The failure's cause.
        package var cause: String? = nil
    }

    /// Reads a history: an array of events, or an object with `events` (what `sfn run --json`,
    /// `Execution.json` and `GetExecutionHistory` give).
    public init(history: JSONValue) throws(ExecutionTraceError) {
        let list: [JSONValue]
        if let events = history.arrayValue {
            list = events
        } else if let events = history["events"]?.arrayValue {
            list = events
        } else {
            throw ExecutionTraceError(message: "not a history: expected an array of events or an object with 'events'")
        }
        var events: [Event] = []
        events.reserveCapacity(list.count)
        for (i, value) in list.enumerated() {
            guard let type = value["type"]?.stringValue else {
                throw ExecutionTraceError(message: "event \(i + 1) has no 'type'")
            }
            var details = JSONObject()
            if let object = value.objectValue {
                for (key, v) in object where key.hasSuffix("EventDetails") { details = v.objectValue ?? details }
            }
            let timestamp = value["timestamp"]?.stringValue
            events.append(
                Event(
                    id: value["id"]?.intValue ?? i + 1, previous: value["previousEventId"]?.intValue ?? i,
                    type: type, time: timestamp.flatMap { RFC3339.secondsSince1970($0) }, timestamp: timestamp,
                    details: details))
        }
        self.init(events: events)
        if let object = history.objectValue, history.arrayValue == nil {
            // `sfn run --json` and `Execution.json` say how the run ended outright.
            if let s = object["status"]?.stringValue { status = s }
            if let e = object["error"]?.stringValue { error = e }
            if let c = object["cause"]?.stringValue { cause = c }
        }
    }

    /// One history event, as read.
    struct Event {
        var id: Int
        var previous: Int
        var type: String
        var time: Double?
        var timestamp: String?
        var details: JSONObject

        func text(_ key: String) -> String? {
            switch details[key] {
            case .string(let s)?: return s
            case nil, .null?: return nil
            case let v?: return JSONWriter.compact.string(v)
            }
        }
    }

    init(events: [Event]) {
        var reader = Reader()
        for event in events { reader.read(event) }
        reader.finish()
        status = reader.status
        error = reader.error
        cause = reader.cause
        duration = reader.lastTime
        input = reader.input
        output = reader.output
        startDate = events.first?.timestamp
        scopes = reader.scopes
        visits = reader.visits
    }

    /// Places events one by one: each in the scope of the event it follows, except the first event
    /// of a branch or iteration (a new scope) and the events that end a Parallel or Map (its scope).
    struct Reader {
        var status = "RUNNING"
        var error: String?, cause: String?, input: String?, output: String?
        var scopes = [Scope(kind: .execution)]
        var visits: [Visit] = []
        var origin: Double?
        var lastTime = 0.0
        var scopeOf: [Int: Int] = [:]
        var typeOf: [Int: String] = [:]
        /// ParallelStateStarted event -> the Parallel's visit.
        var parallelStarted: [Int: Int] = [:]
        /// MapIterationStarted event -> the iteration's scope.
        var iterationStarted: [Int: Int] = [:]
        /// Scope -> the visit entered there and not left yet.
        var open: [Int: Int] = [:]

        /// The scope, from `scope` outwards, whose open visit is a `type` state (a running one, if asked).
        func owning(_ type: String, from scope: Int, running: Bool) -> Int {
            var s = scope
            while true {
                if let v = open[s], visits[v].type == type, !running || visits[v].running { return s }
                guard let parent = scopes[s].parent else { return scope }
                s = parent
            }
        }

        mutating func settle(_ v: Int, status: String, at time: Double? = nil) {
            visits[v].running = false
            visits[v].status = status
            if visits[v].end == nil, let time { visits[v].end = time }
            if let p = visits[v].pending { (visits[v].error, visits[v].cause) = p }
        }

        /// The error of the last branch or iteration of `v` that failed.
        func childFailure(_ v: Int) -> (String?, String?)? {
            for s in visits[v].children.reversed() {
                for c in scopes[s].visits.reversed() {
                    if let p = visits[c].pending { return p }
                    if visits[c].error != nil { return (visits[c].error, visits[c].cause) }
                }
            }
            return nil
        }

        mutating func read(_ event: Event) {
            if origin == nil { origin = event.time }
            let time = (event.time ?? origin ?? 0) - (origin ?? 0)
            lastTime = max(lastTime, time)
            typeOf[event.id] = event.type
            var scope = scopeOf[event.previous] ?? 0
            let previousType = typeOf[event.previous]
            let type = event.type
            let isEntered = type.hasSuffix("StateEntered")

            if previousType == "ParallelStateStarted", isEntered, let owner = parallelStarted[event.previous] {
                // The first event of a branch follows its Parallel's start.
                scope = scopes.count
                scopes.append(Scope(kind: .branch, parent: visits[owner].scope, owner: owner))
                visits[owner].children.append(scope)
            } else if previousType == "MapIterationStarted", !type.hasPrefix("MapIteration"),
                let iteration = iterationStarted[event.previous]
            {
                scope = iteration
            }
            switch type {
            case "ParallelStateSucceeded", "ParallelStateFailed", "ParallelStateAborted":
                scope = owning("Parallel", from: scope, running: true)
            case "ParallelStateExited":
                scope = owning("Parallel", from: scope, running: false)
            case "MapStateSucceeded", "MapStateFailed", "MapStateAborted", "MapIterationStarted",
                "MapIterationSucceeded", "MapIterationFailed", "MapIterationAborted", "MapRunStarted",
                "MapRunSucceeded", "MapRunFailed", "MapRunAborted":
                scope = owning("Map", from: scope, running: true)
            case "MapStateExited":
                scope = owning("Map", from: scope, running: false)
            default: break
            }
            scopeOf[event.id] = scope
            let current = open[scope]

            if isEntered {
                if let v = current { settle(v, status: visits[v].pending == nil ? "aborted" : "failed") }
                let v = visits.count
                visits.append(
                    Visit(
                        state: event.text("name") ?? "", type: String(type.dropLast("StateEntered".count)),
                        scope: scope, start: time, enteredAt: event.timestamp, input: event.text("input")))
                scopes[scope].visits.append(v)
                open[scope] = v
                if type == "FailStateEntered" {
                    visits[v].end = time
                    visits[v].status = "failed"
                    open[scope] = nil
                }
                return
            }
            if type.hasSuffix("StateExited"), let v = current {
                visits[v].end = time
                visits[v].exitedAt = event.timestamp
                visits[v].output = event.text("output")
                visits[v].running = false
                if let p = visits[v].pending {
                    visits[v].status = "caught"
                    (visits[v].error, visits[v].cause) = p
                } else {
                    visits[v].status = "succeeded"
                }
                open[scope] = nil
                return
            }
            switch type {
            case "ExecutionStarted":
                input = event.text("input")
            case "ExecutionSucceeded":
                status = "SUCCEEDED"
                output = event.text("output")
            case "ExecutionFailed":
                status = "FAILED"
                error = event.text("error")
                cause = event.text("cause")
                // The path the failure came from: its open state failed, and so did every Parallel
                // or Map around it (the failure went through them).
                var s: Int? = scope
                while let current = s {
                    if let v = open[current] {
                        if visits[v].pending == nil { visits[v].pending = (error, cause) }
                        settle(v, status: "failed", at: time)
                        open[current] = nil
                    }
                    s = scopes[current].parent
                }
            case "ExecutionTimedOut":
                status = "TIMED_OUT"
                error = event.text("error") ?? "States.Timeout"
                cause = event.text("cause")
            case "ExecutionAborted":
                status = "ABORTED"
                error = event.text("error")
                cause = event.text("cause")
            case "TaskScheduled", "LambdaFunctionScheduled", "ActivityScheduled":
                if let v = current { visits[v].attempts.append(Attempt(start: time)) }
            case "TaskSucceeded", "LambdaFunctionSucceeded", "ActivitySucceeded":
                if let v = current {
                    visits[v].pending = nil
                    if !visits[v].attempts.isEmpty { visits[v].attempts[visits[v].attempts.count - 1].end = time }
                }
            case "TaskFailed", "TaskTimedOut", "TaskStartFailed", "TaskSubmitFailed", "LambdaFunctionFailed",
                "LambdaFunctionTimedOut", "LambdaFunctionStartFailed", "LambdaFunctionScheduleFailed",
                "ActivityFailed", "ActivityTimedOut", "ActivityScheduleFailed", "EvaluationFailed":
                if let v = current {
                    let failure = (event.text("error") ?? type, event.text("cause"))
                    visits[v].pending = failure
                    if visits[v].attempts.isEmpty { visits[v].attempts.append(Attempt(start: time)) }
                    let last = visits[v].attempts.count - 1
                    visits[v].attempts[last].end = time
                    (visits[v].attempts[last].error, visits[v].attempts[last].cause) = failure
                }
            case "TaskStateAborted", "WaitStateAborted", "ParallelStateAborted", "MapStateAborted":
                // A branch that failed ends its failing state with an abort too: it failed.
                if let v = current { settle(v, status: visits[v].pending == nil ? "aborted" : "failed", at: time) }
                open[scope] = nil
            case "ParallelStateStarted", "MapStateStarted":
                if let v = current {
                    visits[v].running = true
                    visits[v].pending = nil
                    visits[v].attempts.append(Attempt(start: time))
                    if type == "ParallelStateStarted" { parallelStarted[event.id] = v }
                }
            case "ParallelStateSucceeded", "MapStateSucceeded":
                if let v = current {
                    visits[v].running = false
                    if !visits[v].attempts.isEmpty { visits[v].attempts[visits[v].attempts.count - 1].end = time }
                }
            case "ParallelStateFailed", "MapStateFailed":
                if let v = current {
                    visits[v].running = false
                    // The Parallel or Map fails with the error of the branch or iteration that failed.
                    let failure =
                        event.text("error").map { ($0, event.text("cause")) } ?? childFailure(v)
                        ?? ("States.BranchFailed", nil)
                    visits[v].pending = failure
                    if !visits[v].attempts.isEmpty {
                        let last = visits[v].attempts.count - 1
                        visits[v].attempts[last].end = time
                        (visits[v].attempts[last].error, visits[v].attempts[last].cause) = failure
                    }
                }
            case "MapIterationStarted":
                if let v = current {
                    let s = scopes.count
                    let index = event.details["index"]?.intValue ?? visits[v].children.count
                    scopes.append(Scope(kind: .iteration(index), parent: scope, owner: v))
                    visits[v].children.append(s)
                    iterationStarted[event.id] = s
                }
            case "MapIterationSucceeded", "MapIterationFailed", "MapIterationAborted":
                if let v = current, let index = event.details["index"]?.intValue,
                    let s = visits[v].children.last(where: { scopes[$0].kind == .iteration(index) })
                {
                    scopes[s].status =
                        type == "MapIterationSucceeded"
                        ? "succeeded" : type == "MapIterationFailed" ? "failed" : "aborted"
                    // A failed iteration's last state failed, whatever it was doing.
                    if type == "MapIterationFailed", let inner = open[s] {
                        settle(inner, status: "failed", at: time)
                        open[s] = nil
                    }
                }
            default: break
            }
        }

        /// Settles what is still open when the history ends, and the scopes' statuses.
        mutating func finish() {
            let final: String
            switch status {
            case "TIMED_OUT": final = "timedOut"
            case "RUNNING": final = "running"
            default: final = "aborted"
            }
            for v in visits.indices where visits[v].end == nil && visits[v].status == "running" {
                visits[v].status = visits[v].pending != nil ? "failed" : final
                if let p = visits[v].pending { (visits[v].error, visits[v].cause) = p }
            }
            // A failure with no error of its own (a Fail state, the state that ended the run)
            // shows the execution's error.
            if status == "FAILED" {
                for v in visits.indices.reversed() where visits[v].status == "failed" && visits[v].error == nil {
                    visits[v].error = error
                    visits[v].cause = cause
                    break
                }
            }
            for s in scopes.indices {
                if s == 0 {
                    scopes[s].status = ExecutionTrace.visitStatus(executionStatus: status)
                    continue
                }
                guard scopes[s].status == "running" else { continue }
                let statuses = Set(scopes[s].visits.map { visits[$0].status })
                scopes[s].status =
                    ["failed", "running", "timedOut", "aborted"].first { statuses.contains($0) } ?? "succeeded"
            }
        }
    }

    /// The status word a visit would have for an execution status.
    static func visitStatus(executionStatus: String) -> String {
        switch executionStatus {
        case "SUCCEEDED": return "succeeded"
        case "FAILED": return "failed"
        case "TIMED_OUT": return "timedOut"
        case "ABORTED": return "aborted"
        default: return "running"
        }
    }

    /// Where a scope is, for people: `Branch 2 › Iteration 3` (empty for the execution).
    package func path(of scope: Int) -> String {
        var parts: [String] = []
        var s: Int? = scope
        while let current = s, current != 0 {
            let owner = scopes[current].owner.map { visits[$0].state } ?? ""
            switch scopes[current].kind {
            case .execution: break
            case .branch:
                let index = scopes[current].owner.flatMap { o in visits[o].children.firstIndex(of: current) } ?? 0
                parts.append("\(owner) branch \(index + 1)")
            case .iteration(let i): parts.append("\(owner) iteration \(i)")
            }
            s = scopes[current].parent
        }
        return parts.reversed().joined(separator: " › ")
    }
}

/// A history that cannot be read.
public struct ExecutionTraceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}
