import Foundation
import JSONCore

/// How an execution ended.
public enum ExecutionStatus: String, Sendable, Hashable {
    /// Not finished (AWS left it running).
    case running = "RUNNING"
    /// Ended in a Succeed state or an `End` state.
    case succeeded = "SUCCEEDED"
    /// Ended with an uncaught error.
    case failed = "FAILED"
    /// Exceeded the state machine's `TimeoutSeconds` (or AWS's maximum duration).
    case timedOut = "TIMED_OUT"
    /// Stopped from outside.
    case aborted = "ABORTED"
}

/// The result of a simulated run: status, output or error, the history, and queries for tests.
public struct Execution: Sendable {
    /// How it ended.
    public var status: ExecutionStatus
    /// The output when it succeeded.
    public var output: JSONValue?
    /// The error name when it failed or timed out.
    public var error: String?
    /// The cause when it failed.
    public var cause: String?
    /// Every history event, in order.
    public var history: [HistoryEvent]
    /// When it started and stopped (virtual or real time).
    public var startDate: Date, stopDate: Date
    /// Every task call, in the order they were made (the calls of a Parallel's branches or a Map's
    /// iterations one branch after another, in index order).
    public var taskCalls: [RecordedTaskCall]
    /// Objects a distributed Map's `ResultWriter` wrote, by bucket and key.
    public var objectsWritten: [ItemStore.Key: String]
    /// The distributed Map Runs that ended during the run, as `DescribeMapRun` shows them (a redrive
    /// keeps the outputs of the children that succeeded in a run that failed).
    public var mapRuns: [MapRunReport] = []
    /// The child executions of those Map Runs (in the same order): each child's input, status,
    /// output or error, and its own history (see `Simulator.Options.mapRunChildHistories`).
    public var mapRunChildren: [MapRunChildren] = []

    init(
        status: ExecutionStatus, output: JSONValue?, error: String?, cause: String?, history: [HistoryEvent],
        startDate: Date, stopDate: Date, taskCalls: [RecordedTaskCall], objectsWritten: [ItemStore.Key: String],
        mapRuns: [MapRunReport] = [], mapRunChildren: [MapRunChildren] = []
    ) {
        self.mapRunChildren = mapRunChildren
        self.status = status
        self.output = output
        self.error = error
        self.cause = cause
        self.history = history
        self.startDate = startDate
        self.stopDate = stopDate
        self.taskCalls = taskCalls
        self.objectsWritten = objectsWritten
        self.mapRuns = mapRuns
    }

    /// An execution as its history records it (what a server keeps): the status, output, error,
    /// cause and dates are read from the events; `mapRuns` are its distributed Map Runs.
    public init(history: [HistoryEvent], mapRuns: [MapRunReport] = []) {
        var status = ExecutionStatus.running
        var output: JSONValue?
        var error: String?
        var cause: String?
        var stop = history.last?.timestamp
        if let last = history.last {
            switch last.type {
            case .executionSucceeded:
                status = .succeeded
                output = try? HistoryReader.json(last[detail: "output"])
            case .executionFailed: status = .failed
            case .executionTimedOut: status = .timedOut
            case .executionAborted: status = .aborted
            default: stop = nil
            }
            if status == .failed || status == .aborted {
                error = last[detail: "error"]?.apiValue.stringValue
                cause = last[detail: "cause"]?.apiValue.stringValue
            }
        }
        let start = history.first?.timestamp ?? Date(timeIntervalSince1970: 0)
        self.init(
            status: status, output: output, error: error, cause: cause, history: history, startDate: start,
            stopDate: stop ?? start, taskCalls: [], objectsWritten: [:], mapRuns: mapRuns)
    }

    /// How many times the execution was redriven (its `ExecutionRedriven` events).
    public var redriveCount: Int { history.reduce(0) { $0 + ($1.type == .executionRedriven ? 1 : 0) } }

    /// When it was last redriven (nil: never).
    public var redriveDate: Date? { history.last { $0.type == .executionRedriven }?.timestamp }

    /// Why AWS would refuse to redrive this execution at `date`, in AWS's words (its
    /// `redriveStatusReason`); nil when it can be redriven.
    public func redriveStatusReason(at date: Date) -> String? {
        switch status {
        case .running, .succeeded: return "Execution is \(status.rawValue) and cannot be redriven"
        case .failed, .timedOut, .aborted: break
        }
        if startDate < Execution.redriveLaunch { return "Execution was started before the launch of RedriveExecution." }
        // A redrive adds ExecutionRedriven and at least one more event.
        let reachedLimit = cause?.hasPrefix("The execution reached the maximum number of history events") ?? false
        if history.count >= 24_999 || (error == "States.Runtime" && reachedLimit) {
            return "Execution history event limit exceeded."
        }
        if date.timeIntervalSince(startDate) >= 365 * 86_400 { return "Execution has exceeded the max execution time." }
        if date.timeIntervalSince(stopDate) > Execution.redrivablePeriod {
            return "Execution redrivable period exceeded."
        }
        if redriveCount >= Execution.redriveLimit {
            return "Execution has been redriven \(Execution.redriveLimit) times, the most an execution can be."
        }
        return nil
    }

    /// When AWS launched redrive: executions started before cannot be redriven.
    static let redriveLaunch = Date(timeIntervalSince1970: 1_700_006_400)  // 2023-11-15
    /// How long after it stopped an execution can be redriven (14 days).
    public static let redrivablePeriod: TimeInterval = 14 * 86_400
    /// How many times one execution can be redriven.
    public static let redriveLimit = 1000

    /// The names of the states entered, in order (Parallel branches and Map iterations included).
    public var statesEntered: [String] {
        history.compactMap { $0.type.rawValue.hasSuffix("StateEntered") ? $0.stateName : nil }
    }

    /// The inputs each call of `state` received, in order.
    public func calls(to state: String) -> [JSONValue] {
        taskCalls.filter { $0.stateName == state }.map(\.input)
    }

    /// How many times `state` was retried (calls after the first, over all its entries).
    public func retries(of state: String) -> Int {
        taskCalls.filter { $0.stateName == state && $0.retryCount > 0 }.count
    }

    /// The output a state produced the last time it exited.
    public func output(of state: String) -> JSONValue? {
        for e in history.reversed() where e.type.rawValue.hasSuffix("StateExited") && e.stateName == state {
            if case .payload(let v)? = e[detail: "output"] { return v }
            if case .text(let t)? = e[detail: "output"] { return try? JSONParser.parse(t) }
        }
        return nil
    }

    /// The variables the states assigned, each with the last value assigned to it (in any scope,
    /// a Parallel branch's or a Map iteration's included), as JSON values.
    public var assignedVariables: [String: JSONValue] {
        var all: [String: JSONValue] = [:]
        for e in history { all.merge(e.assignedValues ?? [:]) { _, new in new } }
        return all
    }

    /// The variables `state` assigned the last time it exited, as JSON values (nil: it never
    /// exited, or assigned nothing).
    public func variables(assignedBy state: String) -> [String: JSONValue]? {
        history.last { $0.stateName == state && $0.assignedVariables != nil }?.assignedValues
    }

    /// The history in `GetExecutionHistory`'s JSON shape.
    public var historyJSON: JSONValue { .array(history.map(\.json)) }

    /// Virtual (or real) duration of the run in seconds.
    public var duration: Double { stopDate.timeIntervalSince(startDate) }

    /// The whole result as JSON (what `sfn run --json` prints).
    public var json: JSONValue {
        var o = JSONObject()
        o["status"] = .string(status.rawValue)
        if let output { o["output"] = output }
        if let error { o["error"] = .string(error) }
        if let cause { o["cause"] = .string(cause) }
        o["startDate"] = .string(Timestamp.format(startDate))
        o["stopDate"] = .string(Timestamp.format(stopDate))
        o["events"] = historyJSON
        return .object(o)
    }
}

/// One call a Task made (to a handler, a mock or the built-in behaviour).
public struct RecordedTaskCall: Sendable {
    /// The Task state's name.
    public var stateName: String
    /// The `Resource` ARN.
    public var resource: String
    /// What the task received.
    public var input: JSONValue
    /// `$$.State.RetryCount` at the call.
    public var retryCount: Int
}

/// The simulated duration of one task call (virtual time), and its heartbeats. Copies share one
/// clock (behind a lock: a handler may report from any task).
struct TaskClock: Sendable {
    /// Nil for ``unread``: no lock made.
    private let state: Locked<(elapsed: Double, lastHeartbeat: Double, maxGap: Double)>?

    /// A clock of its own.
    init() { state = Locked((0, 0, 0)) }

    private init(unread: Void) { state = nil }

    /// The clock of a call no handler answers (a mock, a service, a callback): nothing reads it or
    /// moves it, so it needs no lock (a lock made and freed per call cost ~1,000 instructions).
    static let unread = TaskClock(unread: ())

    func add(_ seconds: Double) {
        state?.withLock {
            $0.elapsed += max(0, seconds)
            $0.maxGap = max($0.maxGap, $0.elapsed - $0.lastHeartbeat)
        }
    }

    func heartbeat() {
        state?.withLock { $0.lastHeartbeat = $0.elapsed }
    }

    /// Elapsed seconds and the longest time without a heartbeat.
    var reading: (elapsed: Double, maxGap: Double) {
        state?.withLock { s in (s.elapsed, max(s.maxGap, s.elapsed - s.lastHeartbeat)) } ?? (0, 0)
    }
}

/// A run in progress: send task tokens to it and await its result.
public final class RunningExecution: Sendable {
    let engine: Engine
    private let task: Task<Execution, Never>

    init(engine: Engine, input: JSONValue, inputText: String?) {
        self.engine = engine
        task = Task { await engine.run(input: input, inputText: inputText) }
    }

    /// A redrive of an execution (``Engine/redrive``) in progress.
    init(redriving engine: Engine) {
        self.engine = engine
        task = Task { await engine.runRedrive() }
    }

    /// Waits for the run to finish.
    public func result() async -> Execution { await task.value }

    /// Stops the run: it ends as an aborted execution once what it is doing notices (`sfn serve`'s
    /// StopExecution).
    package func cancel() { task.cancel() }

    /// Waits until a Task is waiting for a token and returns the token (in the order they were issued).
    public func nextTaskToken() async -> String { await engine.callbacks.nextToken() }

    /// Completes the task waiting on `taskToken` with `output` (as `SendTaskSuccess`).
    public func sendTaskSuccess(taskToken: String, output: JSONValue) throws(CallbackError) {
        try engine.callbacks.complete(taskToken, with: .success(output))
    }

    /// Fails the task waiting on `taskToken` (as `SendTaskFailure`).
    public func sendTaskFailure(taskToken: String, error: String? = nil, cause: String? = nil) throws(CallbackError) {
        try engine.callbacks.complete(taskToken, with: .failure(TaskError(error: error, cause: cause)))
    }

    /// Records a heartbeat for the task waiting on `taskToken` (as `SendTaskHeartbeat`).
    public func sendTaskHeartbeat(taskToken: String) throws(CallbackError) {
        try engine.callbacks.heartbeat(taskToken)
    }
}

/// `SendTask*` with a token no task is waiting on.
public struct CallbackError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}

/// Tokens issued by `.waitForTaskToken` tasks and the continuations waiting on them.
struct CallbackRegistry: Sendable {
    /// The registry's state, kept in the execution's shared state (under its lock).
    struct State {
        var waiting: [String: CheckedContinuation<Result<JSONValue, TaskError>, Never>] = [:]
        var early: [String: Result<JSONValue, TaskError>] = [:]
        var issued: [String] = []
        var known: Set<String> = []
        var tokenWaiters: [CheckedContinuation<String, Never>] = []
        var handedOut = 0
        var heartbeats: [String: Int] = [:]
        /// When each limited wait last heard from its task (its start, then each heartbeat).
        var lastBeat: [String: ContinuousClock.Instant] = [:]
        var cancelled: Set<String> = []
    }

    /// The execution's shared state, whose `callbacks` this registry's state is.
    private let lock: Locked<Engine.Shared>

    /// A registry whose state is `lock`'s `callbacks`.
    init(sharing lock: Locked<Engine.Shared>) { self.lock = lock }

    /// Runs `body` on the registry's state, under the execution's lock.
    private func withState<R>(_ body: (inout State) -> R) -> R {
        lock.withLock { shared in
            if shared.callbacks == nil { shared.callbacks = State() }
            return body(&shared.callbacks!)
        }
    }

    /// Announces a token (before the task starts waiting on it).
    func issue(_ token: String) {
        let waiter: CheckedContinuation<String, Never>? = withState { s in
            s.issued.append(token)
            s.known.insert(token)
            if !s.tokenWaiters.isEmpty {
                s.handedOut += 1
                return s.tokenWaiters.removeFirst()
            }
            return nil
        }
        waiter?.resume(returning: token)
    }

    /// Waits for the next token not yet handed to the test.
    func nextToken() async -> String {
        await withCheckedContinuation { (c: CheckedContinuation<String, Never>) in
            let token: String? = withState { s in
                if s.handedOut < s.issued.count {
                    s.handedOut += 1
                    return s.issued[s.handedOut - 1]
                }
                s.tokenWaiters.append(c)
                return nil
            }
            if let token { c.resume(returning: token) }
        }
    }

    /// Waits until the test completes `token`.
    /// Waits until the test completes `token`; `nil` when the waiting task is cancelled (a sibling
    /// branch failed), so an unanswered callback never hangs a failed Parallel or Map.
    func wait(for token: String) async -> Result<JSONValue, TaskError>? {
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Result<JSONValue, TaskError>, Never>) in
                let ready: Result<JSONValue, TaskError>? = withState { s in
                    if let r = s.early.removeValue(forKey: token) { return r }
                    if s.cancelled.contains(token) { return .failure(CallbackRegistry.abortedMarker) }
                    s.waiting[token] = c
                    return nil
                }
                if let ready { c.resume(returning: ready) }
            }
        } onCancel: {
            let waiter: CheckedContinuation<Result<JSONValue, TaskError>, Never>? = withState { s in
                s.cancelled.insert(token)
                return s.waiting.removeValue(forKey: token)
            }
            waiter?.resume(returning: .failure(CallbackRegistry.abortedMarker))
        }
        if case .failure(let e) = result, e == CallbackRegistry.abortedMarker { return nil }
        return result
    }

    /// Waits until `token` is completed, or until `limits` end the wait: the task then fails with
    /// `States.Timeout` (past `TimeoutSeconds`) or `States.HeartbeatTimeout` (no heartbeat within
    /// `HeartbeatSeconds`), measured in wall time scaled as the run's clock is.
    func wait(for token: String, limits: CallbackLimits) async -> Result<JSONValue, TaskError>? {
        guard limits.timeout != nil || limits.heartbeat != nil else { return await wait(for: token) }
        let start = ContinuousClock.now
        withState { $0.lastBeat[token] = start }
        let watchdog = Task { [self] in
            while !Task.isCancelled {
                let lastBeat = withState { $0.lastBeat[token] } ?? start
                guard let (deadline, error) = limits.deadline(start: start, lastBeat: lastBeat) else { return }
                if ContinuousClock.now >= deadline {
                    try? complete(token, with: .failure(TaskError(error: error)))
                    return
                }
                try? await Task.sleep(until: deadline, clock: .continuous)
            }
        }
        defer {
            watchdog.cancel()
            withState { _ = $0.lastBeat.removeValue(forKey: token) }
        }
        return await wait(for: token)
    }

    /// Stands for "the wait was cancelled" inside the registry.
    static let abortedMarker = TaskError(error: "\u{0}aborted", cause: nil)

    func complete(_ token: String, with result: Result<JSONValue, TaskError>) throws(CallbackError) {
        let waiter: CheckedContinuation<Result<JSONValue, TaskError>, Never>?? = withState { s in
            guard s.known.contains(token) else { return .none }
            s.known.remove(token)
            if let c = s.waiting.removeValue(forKey: token) { return .some(c) }
            s.early[token] = result
            return .some(nil)
        }
        guard let found = waiter else {
            throw CallbackError(message: "Invalid Token: no task is waiting on '\(token)'")
        }
        found?.resume(returning: result)
    }

    func heartbeat(_ token: String) throws(CallbackError) {
        let ok = withState { s in
            guard s.known.contains(token) else { return false }
            s.heartbeats[token, default: 0] += 1
            if s.lastBeat[token] != nil { s.lastBeat[token] = ContinuousClock.now }
            return true
        }
        guard ok else { throw CallbackError(message: "Invalid Token: no task is waiting on '\(token)'") }
    }
}

/// How long a callback or activity task may wait: its `TimeoutSeconds` and `HeartbeatSeconds`, in
/// simulated seconds, and the wall time one simulated second takes.
struct CallbackLimits: Sendable {
    var timeout: Int?
    var heartbeat: Int?
    var scale: Double

    /// The wall-clock instant the wait ends at, and the error it ends with; nil when unlimited.
    func deadline(start: ContinuousClock.Instant, lastBeat: ContinuousClock.Instant) -> (
        ContinuousClock.Instant, String
    )? {
        func after(_ seconds: Int) -> Duration { .nanoseconds(Int64(min(Double(seconds) * scale, 1e9) * 1e9)) }
        let byTimeout = timeout.map { (start + after($0), StatesError.timeout) }
        let byHeartbeat = heartbeat.map { (lastBeat + after($0), StatesError.heartbeatTimeout) }
        switch (byTimeout, byHeartbeat) {
        case (let t?, let h?): return h.0 < t.0 ? h : t
        case (let t?, nil): return t
        case (nil, let h?): return h
        case (nil, nil): return nil
        }
    }
}

/// What a caller sees of a run while it goes: its history as it grows, and each task token as a
/// `.waitForTaskToken` task issues it (a server routes `SendTaskSuccess` by token).
public final class ExecutionObserver: Sendable {
    /// The run's history so far.
    public let history = LiveHistory()
    private let onTaskToken: (@Sendable (String) -> Void)?
    private let onMapRun: (@Sendable (MapRunReport) -> Void)?

    /// Creates an observer; `onTaskToken` is called with each token before its task waits on it,
    /// `onMapRun` when a distributed Map's run ends.
    public init(
        onTaskToken: (@Sendable (_ token: String) -> Void)? = nil,
        onMapRun: (@Sendable (_ report: MapRunReport) -> Void)? = nil
    ) {
        self.onTaskToken = onTaskToken
        self.onMapRun = onMapRun
    }

    func issued(_ token: String) { onTaskToken?(token) }

    func mapRunEnded(_ report: MapRunReport) { onMapRun?(report) }
}

/// Why an execution cannot be redriven.
public struct RedriveError: Error, Sendable, Hashable, CustomStringConvertible {
    /// AWS's reason (its `redriveStatusReason`), or what the simulator cannot continue.
    public var reason: String
    /// The reason.
    public var description: String { reason }

    /// An error with this reason.
    public init(reason: String) { self.reason = reason }
}

/// How a distributed Map's run went: what `DescribeMapRun` shows.
public struct MapRunReport: Sendable, Hashable {
    /// The Map Run's ARN.
    public var mapRunArn: String
    /// When it started and stopped.
    public var startDate: Date, stopDate: Date
    /// `SUCCEEDED`, `FAILED` or `ABORTED`.
    public var status: String
    /// `MaxConcurrency` (0: unlimited).
    public var maxConcurrency: Int
    /// `ToleratedFailureCount` and `ToleratedFailurePercentage` (0 when not set).
    public var toleratedFailureCount: Int, toleratedFailurePercentage: Double
    /// Child executions: all of them, and by outcome.
    public var total: Int, succeeded: Int, failed: Int, aborted: Int
    /// Children that never started because the Map Run failed first (AWS's `pending`).
    public var pending: Int = 0
    /// How many times a redrive of the parent redrove this run, and when it last did.
    public var redriveCount: Int = 0, redriveDate: Date? = nil
    /// The outputs of the children that succeeded, by index, kept when the run did not succeed: a
    /// redrive of the parent runs only the others again.
    public var childOutputs: [Int: JSONValue] = [:]

    /// A report (a server reads its stored Map Runs back into these).
    public init(
        mapRunArn: String, startDate: Date, stopDate: Date, status: String, maxConcurrency: Int,
        toleratedFailureCount: Int, toleratedFailurePercentage: Double, total: Int, succeeded: Int, failed: Int,
        aborted: Int, pending: Int = 0, redriveCount: Int = 0, redriveDate: Date? = nil,
        childOutputs: [Int: JSONValue] = [:]
    ) {
        self.mapRunArn = mapRunArn
        self.startDate = startDate
        self.stopDate = stopDate
        self.status = status
        self.maxConcurrency = maxConcurrency
        self.toleratedFailureCount = toleratedFailureCount
        self.toleratedFailurePercentage = toleratedFailurePercentage
        self.total = total
        self.succeeded = succeeded
        self.failed = failed
        self.aborted = aborted
        self.pending = pending
        self.redriveCount = redriveCount
        self.redriveDate = redriveDate
        self.childOutputs = childOutputs
    }
}

/// The child executions of one distributed Map Run, as the Map state ran them.
public struct MapRunChildren: Sendable {
    /// The Map Run's ARN (as in ``MapRunReport/mapRunArn``).
    public var mapRunArn: String
    /// The distributed Map state that ran them.
    public var stateName: String
    /// The children, in item index order.
    public var children: [MapRunChild]

    /// Creates the record of a Map Run's children.
    public init(mapRunArn: String, stateName: String, children: [MapRunChild]) {
        self.mapRunArn = mapRunArn
        self.stateName = stateName
        self.children = children
    }

    /// The children that failed (an error, not an abort).
    public var failed: [MapRunChild] { children.filter { $0.status == .failed || $0.status == .timedOut } }
    /// The children that succeeded.
    public var succeeded: [MapRunChild] { children.filter { $0.status == .succeeded } }
}

/// One child execution of a distributed Map Run: an execution of the Map's processor on one item
/// (or batch).
public struct MapRunChild: Sendable {
    /// The item's index (the child's place in the Map's output).
    public var index: Int
    /// Its input (the item, or what `ItemSelector`/`ItemBatcher` made of it).
    public var input: JSONValue
    /// Succeeded, failed or aborted.
    public var status: ExecutionStatus
    /// Its output when it succeeded.
    public var output: JSONValue?
    /// The error and cause when it failed.
    public var error: String?, cause: String?
    /// Its own history (its states' events, ids from 1); empty past `Options.mapRunChildHistories`
    /// and for a child a redrive did not run again.
    public var history: [HistoryEvent]

    /// The names of the states the child entered, in order.
    public var statesEntered: [String] {
        history.compactMap { $0.type.rawValue.hasSuffix("StateEntered") ? $0.stateName : nil }
    }

    init(index: Int, input: JSONValue, result: BranchResult) {
        self.index = index
        self.input = input
        history = result.log.events
        switch result.output {
        case .success(let output):
            status = .succeeded
            self.output = output
        case .failure(let failure):
            switch failure.kind {
            case .aborted: status = .aborted
            case .executionTimeout: status = .timedOut
            case .running, .hang: status = .running
            case .error, .runtime: status = .failed
            }
            error = failure.error
            cause = failure.cause
        }
    }
}
