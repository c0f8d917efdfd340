import JSONCore
import StepFunctionsModel

/// What the state template saw at each step of one state (TestState's `inspectionData`): the input,
/// the effective input, the request, the raw and selected result, the result placed in the input,
/// the variables assigned, and how a failure was handled (retried after a backoff, caught, or not).
///
/// Recorded only when a run asks for it (``Flow/inspection``); a class so that the template's steps,
/// which work on copies of the flow, all write to the same record.
final class Inspection: Sendable {
    /// The values recorded, by AWS's `inspectionData` member name.
    private let storage = Locked(Storage())

    struct Storage {
        var steps: [(name: String, value: JSONValue)] = []
        var errorDetails: ErrorDetails?
        var handled: (error: String?, cause: String?)?
    }

    /// How the last failure was handled (AWS's `errorDetails`).
    struct ErrorDetails: Sendable, Hashable {
        /// The retrier that applies (0-based): the one retrying, or the first matching one when it
        /// has no attempts left.
        var retryIndex: Int?
        /// The backoff before the retry, in seconds (only when the failure is retried).
        var retryBackoffIntervalSeconds: Double?
        /// The catcher that took the failure (0-based), when one did.
        var catchIndex: Int?
    }

    init() {}

    /// Records a step's value (a later value of the same step replaces the earlier one).
    func record(_ name: String, _ value: JSONValue) {
        storage.withLock { s in
            if let i = s.steps.firstIndex(where: { $0.name == name }) {
                s.steps[i].value = value
            } else {
                s.steps.append((name, value))
            }
        }
    }

    /// Records how a failure was handled: retried (by which retrier, after which backoff), caught (by
    /// which catcher), or not; an exhausted retrier that matched is kept, as AWS shows it.
    func recovery(_ failure: StateFailure, _ recovery: Engine.Recovery) {
        storage.withLock { s in
            s.handled = (failure.error, failure.cause)
            switch recovery {
            case .retry(let delay, let retrier):
                s.errorDetails = ErrorDetails(retryIndex: retrier, retryBackoffIntervalSeconds: delay)
            case .caught(_, let index, _):
                s.errorDetails = ErrorDetails(catchIndex: index)
            case .fail(let exhausted):
                s.errorDetails = exhausted.map { ErrorDetails(retryIndex: $0) }
            }
        }
    }

    /// The recorded steps, in the order they happened.
    var steps: [(name: String, value: JSONValue)] { storage.withLock { $0.steps } }

    /// The value recorded for a step.
    func value(_ name: String) -> JSONValue? { storage.withLock { s in s.steps.first { $0.name == name }?.value } }

    /// How the last failure was handled.
    var errorDetails: ErrorDetails? { storage.withLock { $0.errorDetails } }

    /// The last failure that Retry and Catch considered (its error and cause).
    var handledFailure: (error: String?, cause: String?)? { storage.withLock { $0.handled } }
}
