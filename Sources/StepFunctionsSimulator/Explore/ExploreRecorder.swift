import JSONCore

/// The script one explored run follows: the choices forced so far (a prefix), and what the run
/// decided, so that the next script can be the next path in depth-first order.
///
/// A run is deterministic (virtual clock, fixed seed, branches one after another), so the same
/// prefix of choices leads to the same decision points in the same order.
final class ExploreRecorder: Sendable {
    /// One decision point: the choice taken among `count` outcomes.
    struct Decision {
        var choice: Int
        var count: Int
    }

    struct Run {
        var forced: [Int] = []
        var decisions: [Decision] = []
        var steps: [ExploreStep] = []
        /// The failure each state's last call was given (a retry repeats it unless errors mix).
        var lastFailure: [String: ExploreInjection] = [:]
        /// Whether some path had a decision past the depth bound (over all runs).
        var depthLimited = false
    }

    let run = Locked(Run())
    let maxDepth: Int
    let mixErrorsAcrossRetries: Bool

    init(maxDepth: Int, mixErrorsAcrossRetries: Bool) {
        self.maxDepth = maxDepth
        self.mixErrorsAcrossRetries = mixErrorsAcrossRetries
    }

    /// Starts a run that follows `forced`.
    func begin(_ forced: [Int]) {
        run.withLock {
            $0.forced = forced
            $0.decisions.removeAll(keepingCapacity: true)
            $0.steps.removeAll(keepingCapacity: true)
            $0.lastFailure.removeAll(keepingCapacity: true)
        }
    }

    /// The outcome of one call of `state` among `outcomes` (successes first), with the sample
    /// output a success returns.
    func decide(state: String, retryCount: Int, outcomes: [(ExploreInjection, Int)]) -> (ExploreInjection, Int) {
        run.withLock { r in
            var choices = outcomes
            if retryCount > 0, !mixErrorsAcrossRetries, let last = r.lastFailure[state] {
                choices = outcomes.filter { $0.0.succeeded || $0.0 == last }
            }
            var pick = 0
            if choices.count > 1 && r.decisions.count < maxDepth {
                let i = r.decisions.count
                pick = i < r.forced.count ? min(r.forced[i], choices.count - 1) : 0
                r.decisions.append(Decision(choice: pick, count: choices.count))
            } else if choices.count > 1 {
                r.depthLimited = true
            }
            let (injection, sample) = choices[pick]
            r.steps.append(ExploreStep(state: state, retryCount: retryCount, injection: injection, sample: sample))
            if injection.error != nil { r.lastFailure[state] = injection } else { r.lastFailure[state] = nil }
            return (injection, sample)
        }
    }

    /// Whether some run had more decisions than the depth bound.
    var depthLimited: Bool { run.withLock { $0.depthLimited } }

    /// The steps of the run, and the script of the next path in depth-first order (nil: none left).
    func finish() -> (steps: [ExploreStep], next: [Int]?) {
        run.withLock { r in
            var decisions = r.decisions
            while let last = decisions.popLast() {
                if last.choice + 1 < last.count {
                    return (r.steps, decisions.map(\.choice) + [last.choice + 1])
                }
            }
            return (r.steps, nil)
        }
    }
}
