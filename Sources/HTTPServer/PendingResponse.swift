/// The rendezvous between a task awaiting a response and the client's event loop, which may
/// finish it from its own thread, racing with the task's cancellation.
///
/// Exactly one of `complete` and `cancel` resumes the continuation; whichever comes second does
/// nothing. A cancel that arrives before the continuation is attached is remembered, so
/// `attach` can refuse and the caller fails at once.
final class PendingResponse: Sendable {
    /// What the awaiting task receives.
    typealias Outcome = Result<HTTPResponse, HTTPClientError>

    private enum State {
        case created
        case waiting(CheckedContinuation<Outcome, Never>)
        case cancelled
        case finished
    }

    /// Unique per client, so the loop can find the request when a cancel arrives.
    let id: UInt64
    private let state = Locked(State.created)

    /// Creates the rendezvous for one request.
    init(id: UInt64) {
        self.id = id
    }

    /// Attaches the awaiting task's continuation; false (and nothing is kept) when the request
    /// was cancelled first.
    func attach(_ continuation: CheckedContinuation<Outcome, Never>) -> Bool {
        state.withLock { state in
            guard case .created = state else { return false }
            state = .waiting(continuation)
            return true
        }
    }

    /// Resumes the awaiting task with `outcome`, unless it was resumed already.
    func complete(_ outcome: Outcome) {
        let continuation = state.withLock { state -> CheckedContinuation<Outcome, Never>? in
            guard case .waiting(let continuation) = state else { return nil }
            state = .finished
            return continuation
        }
        // Resumed outside the lock: resuming enqueues the task, which must not wait on our mutex.
        continuation?.resume(returning: outcome)
    }

    /// Fails the awaiting task with `.cancelled`; true if the request was under way, so the loop
    /// must be told to abandon it.
    func cancel() -> Bool {
        let continuation = state.withLock { state -> CheckedContinuation<Outcome, Never>? in
            switch state {
            case .created:
                state = .cancelled
                return nil
            case .waiting(let continuation):
                state = .finished
                return continuation
            case .cancelled, .finished:
                return nil
            }
        }
        continuation?.resume(returning: .failure(HTTPClientError(.cancelled, "the request was cancelled")))
        return continuation != nil
    }

    /// Whether the awaiting task has been resumed (or will never wait): the loop drops such requests.
    var isFinished: Bool {
        state.withLock { state in
            switch state {
            case .created, .waiting: false
            case .cancelled, .finished: true
            }
        }
    }
}
