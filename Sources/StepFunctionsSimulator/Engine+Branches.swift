import Foundation
import JSONCore
import StepFunctionsModel

/// What one Parallel branch or Map iteration produced.
struct BranchResult: Sendable {
    var log: EventLog
    var now: Date
    var output: Result<JSONValue, StateFailure>
}

extension Engine {
    /// Runs `count` branches, at most `limit` at a time (0: no limit), each starting at its slot's
    /// virtual time; with `stopOnFailure`, branches after a failed one in index order are not kept.
    func runBranches(
        count: Int, limit: Int, start: Date, stopOnFailure: Bool, inlineFirst: Bool = false,
        _ body: @escaping @Sendable (Int, Date) async -> BranchResult
    ) async -> [BranchResult] {
        guard count > 0 else { return [] }
        let sequential = !options.concurrent || limit == 1
        if sequential {
            var out: [BranchResult] = []
            out.reserveCapacity(count)
            var slotTime = start
            for i in 0..<count {
                let r = await body(i, limit == 1 ? slotTime : start)
                slotTime = r.now
                out.append(r)
                if stopOnFailure, case .failure = r.output { break }
            }
            return out
        }
        if inlineFirst && limit == 0 && count <= 16 {
            // Few unlimited branches (a Parallel): the first runs in this task while the others run
            // as child tasks, saving a task and a hand-off. Only for a first branch that never waits
            // for a callback, since a sibling's failure cannot cancel work running in this task.
            return await withTaskGroup(of: (Int, BranchResult).self) { group in
                for i in 1..<count { group.addTask { (i, await body(i, start)) } }
                var results = [BranchResult?](repeating: nil, count: count)
                let first = await body(0, start)
                results[0] = first
                if case .failure(let f) = first.output, f.kind != .aborted { group.cancelAll() }
                while let (i, r) = await group.next() {
                    results[i] = r
                    if case .failure(let f) = r.output, f.kind != .aborted { group.cancelAll() }
                }
                var out: [BranchResult] = []
                for r in results {
                    guard let r else { break }
                    out.append(r)
                    if stopOnFailure, case .failure(let f) = r.output, f.kind != .aborted { break }
                }
                return out
            }
        }
        // Concurrent: a sliding window; with a limit k, branch i starts when branch i-k ends (virtual time).
        let window = limit > 0 ? limit : min(count, 64)
        var results = [BranchResult?](repeating: nil, count: count)
        await withTaskGroup(of: (Int, BranchResult).self) { group in
            var next = 0
            func launch(_ i: Int, at time: Date) {
                group.addTask { (i, await body(i, time)) }
            }
            while next < min(window, count) {
                launch(next, at: start)
                next += 1
            }
            var stopLaunching = false
            while let (i, r) = await group.next() {
                results[i] = r
                if case .failure(let f) = r.output, f.kind != .aborted {
                    if stopOnFailure { stopLaunching = true }
                    // Stop siblings that wait on the outside world (callbacks, sleeping handlers);
                    // paths running in virtual time finish, so the history stays deterministic.
                    group.cancelAll()
                }
                while next < count && !stopLaunching {
                    let time: Date
                    if limit > 0 {
                        guard let previous = results[next - limit] else { break }
                        time = previous.now
                    } else {
                        time = start
                    }
                    launch(next, at: time)
                    next += 1
                    if limit == 0 { break }
                }
            }
        }
        var out: [BranchResult] = []
        out.reserveCapacity(count)
        for r in results {
            guard let r else { break }
            out.append(r)
            if stopOnFailure, case .failure(let f) = r.output, f.kind != .aborted { break }
        }
        return out
    }

    /// Whether a graph has a Task that waits for a callback token (it may block on the test).
    func mayWaitForCallback(_ graph: StateGraph) -> Bool {
        for entry in graph.states {
            switch entry.state {
            case .task(let t):
                if (sim.resources[t.resource.arn]?.pattern ?? t.resource.pattern) == .waitForTaskToken { return true }
            case .parallel, .map:
                if entry.state.childGraphs.contains(where: mayWaitForCallback) { return true }
            default: break
            }
        }
        return false
    }

    /// The earliest failure among branch results (by virtual time, then index).
    func firstFailure(_ results: [BranchResult]) -> (index: Int, failure: StateFailure)? {
        var best: (Int, StateFailure, Date)?
        for (i, r) in results.enumerated() {
            if case .failure(let f) = r.output, f.kind != .aborted {
                // Failures that end the execution win over ordinary errors.
                if let b = best, !(r.now < b.2 || (f.kind != .error && b.1.kind == .error)) { continue }
                best = (i, f, r.now)
            }
        }
        return best.map { ($0.0, $0.1) }
    }

    // MARK: Parallel

    func runParallel(_ name: String, _ s: ParallelState, input: JSONValue, flow: inout Flow, context: StateContext)
        async throws(StateFailure) -> Outcome
    {
        if s.arguments != nil { throw StateFailure.unsupported("Arguments (JSONata, state '\(name)')") }
        let first = scope(input, context, flow: flow, retryCount: 0)
        let effective = try JSONPathDataFlow.select(s.common.inputPath, input, context: first.context, random: flow.random)
        var attempts = [Int](repeating: 0, count: s.retry.count)
        var retryCount = 0
        while true {
            let ctx = scope(effective, context, flow: flow, retryCount: retryCount)
            let branchInput = try s.parameters.map { (p) throws(StateFailure) in try JSONPathDataFlow.evaluate(p, ctx) } ?? effective
            let startedId = flow.log.add(.parallelStateStarted, at: flow.now)
            let record = options.recordHistory
            let random = flow.random
            let execution = context.execution
            let branches = s.branches
            let inline = !branches.isEmpty && !mayWaitForCallback(branches[0])
            let results = await runBranches(
                count: branches.count, limit: 0, start: flow.now, stopOnFailure: false, inlineFirst: inline
            ) {
                i, time in
                var f = Flow(log: EventLog(last: EventLog.inherited, record: record), now: time, random: random.child(i))
                f.inParallelBranch = true
                do throws(StateFailure) {
                    let out = try await self.runGraph(branches[i], input: branchInput, flow: &f, context: execution)
                    return BranchResult(log: f.log, now: f.now, output: .success(out))
                } catch {
                    return BranchResult(log: f.log, now: f.now, output: .failure(error))
                }
            }
            var end = flow.now
            var outputs: [JSONValue] = []
            let failed = firstFailure(results)
            for (i, r) in results.enumerated() {
                if failed != nil, case .success = r.output, r.log.count == 0 { continue }
                flow.log.merge(r.log, inheritedPrevious: startedId)
                end = max(end, r.now)
                if case .success(let out) = r.output { outputs.append(out) }
                _ = i
            }
            flow.now = end
            if let (_, failure) = failed {
                guard failure.kind == .error else { throw failure }
                let recovery = recover(failure, retriers: s.retry, catchers: s.catch, attempts: &attempts, random: flow.random)
                if case .retry(let delay) = recovery {
                    await sleep(delay, flow: &flow)
                    retryCount += 1
                    continue
                }
                flow.log.add(.parallelStateFailed, at: flow.now)
                if case .caught(let catcher) = recovery {
                    let output = try catchOutput(failure, catcher, input: input)
                    return try exit(name, .parallel, .next(catcher.next), output: output, flow: &flow)
                }
                throw failure
            }
            let lastId = flow.log.last
            flow.log.add(.parallelStateSucceeded, at: flow.now, previous: lastId)
            let result = JSONValue.array(outputs)
            let selected = try s.resultSelector.map { (t) throws(StateFailure) in
                try JSONPathDataFlow.evaluate(t, EvaluationScope(input: result, context: ctx.context, random: flow.random))
            } ?? result
            var output = try JSONPathDataFlow.merge(result: selected, into: input, at: s.resultPath)
            output = try JSONPathDataFlow.select(s.common.outputPath, output, context: ctx.context, random: flow.random)
            return try exit(name, .parallel, s.transition, output: output, flow: &flow, previous: lastId)
        }
    }
}
