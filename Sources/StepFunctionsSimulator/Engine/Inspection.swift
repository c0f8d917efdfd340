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
    }

    /// How the last failure was handled.
    struct ErrorDetails: Sendable, Hashable {
        /// The retrier that applies (0-based), when one does.
        var retryIndex: Int?
        /// The backoff before the retry, in seconds.
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

    /// Records how a failure was handled.
    func recovery(_ failure: StateFailure, _ recovery: Engine.Recovery, retryCount: Int) {
        storage.withLock { s in
            switch recovery {
            case .retry(let delay):
                s.errorDetails = ErrorDetails(retryIndex: retryCount, retryBackoffIntervalSeconds: delay)
            case .caught(_, let index):
                s.errorDetails = ErrorDetails(catchIndex: index)
            case .fail:
                s.errorDetails = nil
            }
        }
    }

    /// The recorded steps, in the order they happened.
    var steps: [(name: String, value: JSONValue)] { storage.withLock { $0.steps } }

    /// How the last failure was handled.
    var errorDetails: ErrorDetails? { storage.withLock { $0.errorDetails } }
}
