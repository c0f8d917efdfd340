/// Releases every waiter once `count` have arrived (or after 20 s, so a failing test ends).
package actor Barrier {
    private let count: Int
    private var arrived = 0
    private var round = 0
    private var waiters: [CheckedContinuation<Bool, Never>] = []

    /// A barrier for `count` callers.
    package init(count: Int) { self.count = count }

    /// Waits until `count` callers have arrived; false when it gave up waiting after 20 s instead.
    @discardableResult
    package func arrive() async -> Bool {
        arrived += 1
        if arrived >= count {
            release(complete: true)
            return true
        }
        if arrived == 1 {
            let round = round
            Task {
                try? await Task.sleep(for: .seconds(20))
                self.release(complete: false, ifRound: round)
            }
        }
        return await withCheckedContinuation { waiters.append($0) }
    }

    /// Starts a new round.
    package func reset() {
        arrived = 0
        round += 1
    }

    private func release(complete: Bool, ifRound expected: Int? = nil) {
        if let expected, expected != round { return }
        let released = waiters
        waiters = []
        for waiter in released { waiter.resume(returning: complete) }
    }
}
