import Dispatch

/// Signals, once, that the event-loop thread has released everything; sync and async waiters.
final class LoopExit: Sendable {
    private let state = Locked((done: false, waiters: [CheckedContinuation<Void, Never>]()))
    private let semaphore = DispatchSemaphore(value: 0)

    /// Marks the loop finished and releases every waiter (event-loop thread, last act).
    func signal() {
        let waiters = state.withLock { state in
            state.done = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
        semaphore.signal()
    }

    /// Blocks the calling thread until `signal`.
    func wait() {
        semaphore.wait()
        semaphore.signal()  // pass it on to the next blocked waiter
    }

    /// Suspends until `signal` without blocking a thread.
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                if !state.done { state.waiters.append(continuation) }
                return state.done
            }
            if done { continuation.resume() }
        }
    }
}
