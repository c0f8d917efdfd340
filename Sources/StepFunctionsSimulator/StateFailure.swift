import JSONCore
import StepFunctionsModel

/// Why a state (or an execution path) stopped: an ASL error with its cause, or a condition that
/// ends the execution whatever the state's Catch says.
struct StateFailure: Error, Sendable {
    /// How the failure propagates.
    enum Kind: Sendable, Equatable {
        /// An ordinary error: Retry and Catch apply.
        case error
        /// `States.Runtime` (bad paths, bad values): no Catch applies; the execution fails at once.
        case runtime
        /// A feature this version does not run (JSONata, variables): the execution fails at once.
        case unsupported
        /// The state machine's `TimeoutSeconds` elapsed: status `TIMED_OUT`.
        case executionTimeout
        /// AWS leaves the execution running forever (a negative `MaxConcurrencyPath` value): status `RUNNING`.
        case hang
        /// The path was stopped because a sibling branch failed (it never decides the outcome).
        case aborted
    }

    /// The error name (`nil` when AWS records none).
    var error: String?
    /// The cause text (`nil` when AWS records none).
    var cause: String?
    /// How it propagates.
    var kind: Kind = .error
    /// The history event type that reports it for a Task (`TaskFailed`, `TaskTimedOut`...), when not the default.
    var taskEvent: HistoryEventType? = nil
    /// Whether the runtime cause still needs the "An error occurred while executing the state" prefix.
    var needsStatePrefix = false

    /// A `States.Runtime` failure whose `detail` the engine prefixes with the state name and entered event id.
    static func runtime(_ detail: String) -> StateFailure {
        StateFailure(error: StatesError.runtime, cause: detail, kind: .runtime, needsStatePrefix: true)
    }

    /// A failure for a feature the simulator does not run yet.
    static func unsupported(_ what: String) -> StateFailure {
        StateFailure(
            error: "Simulator.Unsupported",
            cause: "\(what) is not yet supported by the simulator (JSONata and workflow variables come in a later version)",
            kind: .unsupported)
    }

    /// An ordinary error.
    static func error(_ name: String?, _ cause: String?) -> StateFailure {
        StateFailure(error: name, cause: cause)
    }

    /// Whether a Retry or Catch entry's `ErrorEquals` matches this failure.
    func matches(_ names: [String]) -> Bool {
        guard kind == .error else { return false }
        let name = error ?? ""
        for n in names {
            if n == name { return true }
            if n == StatesError.all {
                // States.ALL matches every catchable error (States.Runtime never reaches here).
                return name != StatesError.runtime
            }
            // States.TaskFailed matches any error name except States.Timeout (AWS's documented rule).
            if n == StatesError.taskFailed, name != StatesError.timeout { return true }
        }
        return false
    }
}
