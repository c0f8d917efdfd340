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
        /// The state machine's `TimeoutSeconds` elapsed: status `TIMED_OUT`.
        case executionTimeout
        /// AWS leaves the execution running forever (a negative `MaxConcurrencyPath` value): status `RUNNING`.
        case hang
        /// The path was stopped because a sibling branch failed (it never decides the outcome).
        case aborted
        /// Virtual time reached the run's horizon: status `RUNNING`, with the history so far.
        case running
    }

    /// The error name (`nil` when AWS records none).
    var error: String?
    /// The cause text (`nil` when AWS records none).
    var cause: String?
    /// How it propagates.
    var kind: Kind = .error
    /// Whether the runtime cause still needs the "An error occurred while executing the state" prefix.
    var needsStatePrefix = false
    /// For a `States.QueryEvaluationError`: the field that failed (AWS's `location`, nil when it names
    /// none) and whether its `EvaluationFailed` event is recorded yet.
    var evaluation: Evaluation? = nil
    /// A Task result over the payload quota: AWS catches it but never retries it.
    var oversizedResult = false

    /// Where a JSONata evaluation failed, for the `EvaluationFailed` event.
    struct Evaluation: Sendable {
        /// The field (`Output/result`, `Items`); nil when AWS names none.
        var location: String?
        /// Whether the `EvaluationFailed` event was recorded.
        var recorded = false
    }

    /// A `States.Runtime` failure whose `detail` the engine prefixes with the state name and entered event id.
    static func runtime(_ detail: String) -> StateFailure {
        StateFailure(error: StatesError.runtime, cause: detail, kind: .runtime, needsStatePrefix: true)
    }

    /// A `States.QueryEvaluationError` in `location`; the engine prefixes the state and records
    /// `EvaluationFailed`. It is an ordinary error: Retry and Catch apply.
    static func evaluation(location: String?, _ detail: String) -> StateFailure {
        StateFailure(
            error: StatesError.queryEvaluationError, cause: detail, kind: .error, needsStatePrefix: true,
            evaluation: Evaluation(location: location))
    }

    /// An ordinary error.
    static func error(_ name: String?, _ cause: String?) -> StateFailure {
        StateFailure(error: name, cause: cause)
    }

    /// Moves the event ids the cause quotes ("entered at the event id #N") from a branch log's
    /// provisional base to the one it got when merged.
    mutating func rebase(from provisional: Int, to real: Int) {
        if let c = cause { cause = StateFailure.rebaseEnteredIds(c, from: provisional, to: real) }
    }

    /// `text` with each "(entered at the event id #N)" past `provisional` moved to `real`'s numbering.
    static func rebaseEnteredIds(_ text: String, from provisional: Int, to real: Int) -> String {
        let marker = "(entered at the event id #"
        guard text.contains(marker) else { return text }
        var out = ""
        var rest = Substring(text)
        while let r = rest.range(of: marker) {
            out += rest[..<r.upperBound]
            rest = rest[r.upperBound...]
            let digits = rest.prefix { $0.isNumber }
            if let n = Int(digits), n > provisional {
                out += String(n - provisional + real)
            } else {
                out += digits
            }
            rest = rest.dropFirst(digits.count)
        }
        return out + rest
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
