import JSONCore
import StepFunctionsModel

/// What the explorer made one call of a Task state do.
public enum ExploreInjection: Sendable, Hashable {
    /// The task succeeded, returning its sample output (or its input).
    case succeeded
    /// The task succeeded and its side effect happened twice (an at-least-once duplicate delivery).
    case deliveredTwice
    /// The task failed with this error name.
    case failed(String)
    /// The task ran past its `TimeoutSeconds` (for a callback: nobody answered in time).
    case timedOut
    /// The task sent no heartbeat within its `HeartbeatSeconds`.
    case heartbeatTimedOut
    /// A callback (`.waitForTaskToken`) nobody ever answers, on a task with neither timeout: the
    /// execution waits until its own timeout (one year for STANDARD, five minutes for EXPRESS).
    case neverAnswered

    /// Whether the call's side effect happened (once or twice).
    public var succeeded: Bool { self == .succeeded || self == .deliveredTwice }

    /// How it reads in a report.
    public var description: String {
        switch self {
        case .succeeded: return "succeeded"
        case .deliveredTwice: return "succeeded, delivered twice"
        case .failed(let e): return "failed \(e)"
        case .timedOut: return "timed out"
        case .heartbeatTimedOut: return "missed its heartbeat"
        case .neverAnswered: return "never answered"
        }
    }

    /// The error a failing outcome stands for (nil for successes and callbacks never answered).
    public var error: String? {
        switch self {
        case .failed(let e): return e
        case .timedOut: return StatesError.timeout
        case .heartbeatTimedOut: return StatesError.heartbeatTimeout
        case .succeeded, .deliveredTwice, .neverAnswered: return nil
        }
    }
}

/// One Task call on an explored path and the outcome injected.
public struct ExploreStep: Sendable, Hashable {
    /// The Task state.
    public var state: String
    /// `$$.State.RetryCount` of the call (0: first attempt).
    public var retryCount: Int
    /// What the call did.
    public var injection: ExploreInjection
    /// Which of the state's sample outputs a success returned (0 when it has one or none).
    public var sample: Int

    /// Creates a step.
    public init(state: String, retryCount: Int, injection: ExploreInjection, sample: Int = 0) {
        self.state = state
        self.retryCount = retryCount
        self.injection = injection
        self.sample = sample
    }

    /// `ProcessPayment (retry 1): failed States.TaskFailed`.
    public var description: String {
        state + (retryCount > 0 ? " (retry \(retryCount))" : "") + ": " + injection.description
            + (injection.succeeded && sample > 0 ? " (sample output \(sample + 1))" : "")
    }
}

/// One behaviour of the workflow: the outcomes injected into its task calls and how it ended.
public struct ExplorePath: Sendable {
    /// Which of the inputs it started from (0-based).
    public var inputIndex: Int
    /// The task calls, in the order they were made, with their injected outcomes.
    public var steps: [ExploreStep]
    /// The states entered, in order (Parallel branches and Map iterations included).
    public var statesEntered: [String]
    /// How the execution ended.
    public var status: ExecutionStatus
    /// The error when it failed or timed out.
    public var error: String?
    /// The cause when it failed.
    public var cause: String?
    /// Whether it ended at ``ExploreOptions/maxTransitionsPerPath`` rather than by itself.
    public var stoppedAtBound: Bool
    /// The history events it recorded.
    public var historyEventCount: Int
    /// The execution's state transitions as AWS bills them: each state entered, each task retry.
    public var stateTransitions: Int
    /// The execution's duration in (virtual) seconds.
    public var duration: Double
    /// What the execution used of what AWS bills and limits (with ``ExploreOptions/measureUsage``).
    public var usage: ExecutionUsage? = nil

    /// How many calls of `state` succeeded, a duplicate delivery counting twice.
    public func successes(of state: String) -> Int {
        steps.reduce(0) { n, s in
            guard s.state == state else { return n }
            switch s.injection {
            case .succeeded: return n + 1
            case .deliveredTwice: return n + 2
            default: return n
            }
        }
    }

    /// How many times `state` was called (attempts, not counting duplicate deliveries).
    public func calls(of state: String) -> Int { steps.reduce(0) { $0 + ($1.state == state ? 1 : 0) } }

    /// The state the execution was in when it stopped (the last state entered).
    public var lastState: String? { statesEntered.last }

    /// Where the path ended: the task whose injected failure ended the execution (through a
    /// Parallel or Map too), else the last state entered.
    public var endState: String? { ExploreCoverage.injectedState(cause) ?? lastState }

    /// The path as one line per step, then how it ended.
    public var description: String {
        var lines = steps.map { "  " + $0.description }
        if steps.isEmpty { lines.append("  (no task calls)") }
        var end = "  => \(status.rawValue)"
        if let error { end += " \(error)" }
        if let last = endState { end += " in \(last)" }
        if stoppedAtBound {
            end += " (stopped at the transition bound)"
        } else if status == .timedOut {
            end += " after " + ExplorePath.formatDuration(duration)
        }
        lines.append(end)
        return lines.joined(separator: "\n")
    }

    /// `365 days`, `5 minutes`, `42 s`.
    static func formatDuration(_ seconds: Double) -> String {
        func plural(_ n: Double, _ unit: String) -> String {
            let v = n.rounded(.towardZero) == n ? String(Int(n)) : String(format: "%.1f", n)
            return "\(v) \(unit)\(n == 1 ? "" : "s")"
        }
        if seconds >= 86_400 { return plural(seconds / 86_400, "day") }
        if seconds >= 3_600 { return plural(seconds / 3_600, "hour") }
        if seconds >= 60 { return plural(seconds / 60, "minute") }
        return plural(seconds, "second")
    }

    /// The path as JSON (what `sfn explore --format json` prints for a path).
    public var json: JSONValue {
        var o = JSONObject()
        o["input"] = .int(inputIndex)
        o["steps"] = .array(
            steps.map { s in
                var step: JSONObject = ["state": .string(s.state), "outcome": .string(s.injection.description)]
                if s.retryCount > 0 { step["retryCount"] = .int(s.retryCount) }
                if let e = s.injection.error { step["error"] = .string(e) }
                if s.sample > 0 { step["sample"] = .int(s.sample) }
                return .object(step)
            })
        o["statesEntered"] = .array(statesEntered.map { .string($0) })
        o["status"] = .string(status.rawValue)
        if let error { o["error"] = .string(error) }
        if let cause { o["cause"] = .string(cause) }
        if stoppedAtBound { o["stoppedAtBound"] = true }
        return .object(o)
    }

    /// Orders paths shortest first: fewer steps, then fewer states entered.
    static func shorter(_ a: ExplorePath, _ b: ExplorePath) -> Bool {
        (a.steps.count, a.statesEntered.count) < (b.steps.count, b.statesEntered.count)
    }
}
