import Foundation
import JSONCore
import StepFunctionsModel

/// What one Parallel branch or Map iteration produced.
struct BranchResult: Sendable {
    var log: EventLog
    var now: Date
    /// The task calls the branch made.
    var calls: [RecordedTaskCall] {
        get { if case .general(let box) = outcome { box.calls } else { [] } }
        set { update(calls: newValue) }
    }
    /// The branch's output, or its failure.
    var output: Result<JSONValue, StateFailure> {
        get {
            switch outcome {
            case .success(let value): return .success(value)
            case .general(let box): return box.output
            }
        }
        set { update(output: newValue) }
    }
    /// When the branch started (kept for a distributed Map's children).
    var started: Date? {
        get { if case .general(let box) = outcome { box.started } else { nil } }
        set { update(started: newValue) }
    }
    /// The last output the branch checked against the payload quota, with its size bound (kept for
    /// a Parallel's branches, whose outputs its own output holds).
    var sized: SizedValue? {
        if case .general(let box) = outcome { box.sized } else { nil }
    }

    /// The output of a branch that succeeded without task calls and without a start to keep (most
    /// iterations of a Map, which holds a result per iteration until it merges them: 112 bytes a
    /// result), or all of it boxed.
    private var outcome: Outcome

    private enum Outcome: Sendable {
        case success(JSONValue)
        case general(Box)
    }

    private final class Box: Sendable {
        let output: Result<JSONValue, StateFailure>
        let calls: [RecordedTaskCall]
        let started: Date?
        let sized: SizedValue?

        init(output: Result<JSONValue, StateFailure>, calls: [RecordedTaskCall], started: Date?, sized: SizedValue?) {
            self.output = output
            self.calls = calls
            self.started = started
            self.sized = sized
        }
    }

    private mutating func update(
        output: Result<JSONValue, StateFailure>? = nil, calls: [RecordedTaskCall]? = nil, started: Date?? = nil,
        sized: SizedValue?? = nil
    ) {
        let output = output ?? self.output
        let calls = calls ?? self.calls
        let started = started ?? self.started
        let sized = sized ?? self.sized
        if case .success(let value) = output, calls.isEmpty, started == nil, sized == nil {
            outcome = .success(value)
        } else {
            outcome = .general(Box(output: output, calls: calls, started: started, sized: sized))
        }
    }

    /// What `flow` produced; `keepingSize`: with the flow's last size-checked output (a Parallel's
    /// branch, not a Map's iteration, which stays small).
    init(_ flow: Flow, output: Result<JSONValue, StateFailure>, keepingSize: Bool = false) {
        log = flow.log
        now = flow.now
        outcome = .success(.null)
        update(output: output, calls: flow.calls, sized: keepingSize ? flow.sized : nil)
    }

    /// A branch a redrive does not run again: its output from the earlier attempt, no events.
    init(kept output: JSONValue, at now: Date) {
        log = EventLog(last: EventLog.inherited, record: false)
        self.now = now
        outcome = .success(output)
    }
}

extension BranchResult {
    /// The branch as AWS leaves it when a sibling fails at `instant` (see ``EventLog/cut(at:)``):
    /// nothing after `instant`, its open states aborted, the task calls it made later forgotten.
    /// A branch that ended by `instant` is left as it is.
    mutating func cut(at instant: Date) {
        guard now > instant else { return }
        let scheduled = log.events.filter(\.type.schedulesCall).count
        let kept = log.cut(at: instant)
        if log.record, scheduled == calls.count, kept < calls.count { calls.removeLast(calls.count - kept) }
        now = instant
        output = .failure(StateFailure(error: nil, cause: nil, kind: .aborted))
    }
}

extension Engine {
    /// Runs `count` branches, at most `limit` at a time (0: no limit); with a limit *k* branch *i*
    /// starts at the virtual time branch *i − k* ended. With `stopOnFailure`, branches after a
    /// failed one in index order are not kept. `tolerates(n)`: whether *n* failed branches leave
    /// the others running (a distributed Map's tolerance); otherwise a failure cancels siblings
    /// that wait on the outside world.
    ///
    /// Branches run one after another in the current task when `concurrent` is off, when `limit` is
    /// 1, or when none of `graphs` can suspend for real (``HandlerBindings/graphMaySuspend``) on the
    /// virtual clock: each branch then runs to its end without yielding, exactly as it would in a
    /// child task, so the result and history are the same, without the tasks and thread hops.
    /// Otherwise they run concurrently in a task group.
    ///
    /// `body` also receives the branch's id base: the execution-wide id its log's event 0 will have
    /// once merged after the earlier branches (exact when branches run one after another; when they
    /// run concurrently only the first branch's is known, and ``rebase(_:from:to:)`` corrects the others).
    ///
    /// `arena`: an array lent by the parent's log (``EventLog/lend()``), handed to each branch in turn
    /// when they run one after another, so that each records after the previous one's events
    /// (``EventLog/adopt(_:)``); concurrent branches get nil and record on their own.
    nonisolated(nonsending) func runBranches(
        count: Int, limit: Int, graphs: [GraphPlan], start: Date, base: Int, stopOnFailure: Bool,
        inlineFirst: Bool = false, arena: inout [HistoryEvent]?,
        tolerates: @escaping @Sendable (Int) -> Bool = { _ in false },
        _ body: @escaping @Sendable (Int, Date, Int, inout [HistoryEvent]?) async -> BranchResult
    ) async -> [BranchResult] {
        guard count > 0 else { return [] }
        let maySuspend = setup.options.clock == .real || graphs.contains { setup.bindings.graphMaySuspend[$0.id] }
        if !setup.options.concurrent || limit == 1 || !maySuspend {
            var out: [BranchResult] = []
            out.reserveCapacity(count)
            var nextBase = base
            for i in 0..<count {
                let r = await body(i, limit > 0 && i >= limit ? out[i - limit].now : start, nextBase, &arena)
                if i == 0, count > 1, r.log.lentRange != nil, r.log.count <= 64 {
                    // Room for every branch's events at the first one's count, at once, instead of
                    // growing the array by doubling (which needs the old and the new copy at once).
                    let held = arena?.count ?? 0
                    arena?.reserveCapacity(held + r.log.count * (count - 1))
                }
                nextBase += r.log.count
                let stop: Bool
                if stopOnFailure, case .failure = r.output { stop = true } else { stop = false }
                // Its last use: moved into the array, not copied.
                out.append(r)
                if stop { break }
            }
            return out
        }
        if inlineFirst && limit == 0 && count <= 16 {
            // Few unlimited branches (a Parallel): the first runs in this task while the others run
            // as child tasks, saving a task and a hand-off. Only for a first branch that never waits
            // for a callback, since a sibling's failure cannot cancel work running in this task.
            return await withTaskGroup(of: (Int, BranchResult).self) { group in
                for i in 1..<count {
                    group.addTask {
                        var none: [HistoryEvent]? = nil
                        return (i, await body(i, start, base, &none))
                    }
                }
                var results = [BranchResult?](repeating: nil, count: count)
                var none: [HistoryEvent]? = nil
                let first = await body(0, start, base, &none)
                results[0] = first
                if case .failure(let f) = first.output, f.kind != .aborted { group.cancelAll() }
                while let (i, r) = await group.next() {
                    results[i] = r
                    if case .failure(let f) = r.output, f.kind != .aborted { group.cancelAll() }
                }
                return Engine.kept(results, stopOnFailure: stopOnFailure)
            }
        }
        // Concurrent: a sliding window; with a limit k, branch i starts when branch i-k ends (virtual time).
        let window = limit > 0 ? limit : min(count, 64)
        var results = [BranchResult?](repeating: nil, count: count)
        await withTaskGroup(of: (Int, BranchResult).self) { group in
            var next = 0
            func launch(_ i: Int, at time: Date) {
                group.addTask {
                    var none: [HistoryEvent]? = nil
                    return (i, await body(i, time, base, &none))
                }
            }
            while next < min(window, count) {
                launch(next, at: start)
                next += 1
            }
            var stopLaunching = false
            var failures = 0
            while let (i, r) = await group.next() {
                results[i] = r
                if case .failure(let f) = r.output, f.kind != .aborted {
                    if f.kind == .error { failures += 1 }
                }
                // A distributed Map's children fail alone until its tolerance is exceeded.
                if case .failure(let f) = r.output, f.kind != .aborted, f.kind != .error || !tolerates(failures) {
                    if stopOnFailure { stopLaunching = true }
                    // Stop siblings that wait on the outside world (callbacks, sleeping handlers);
                    // paths running in virtual time finish, so the history stays deterministic, and
                    // are cut at the failure's instant when merged (`BranchResult.cut(at:)`).
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
        return Engine.kept(results, stopOnFailure: stopOnFailure)
    }

    /// The results of concurrently run branches that count: up to the first missing one, and with
    /// `stopOnFailure` up to the first failed one.
    static func kept(_ results: [BranchResult?], stopOnFailure: Bool) -> [BranchResult] {
        var out: [BranchResult] = []
        out.reserveCapacity(results.count)
        for r in results {
            guard let r else { break }
            out.append(r)
            if stopOnFailure, case .failure(let f) = r.output, f.kind != .aborted { break }
        }
        return out
    }

    /// The earliest failure among branch results (by virtual time, then index).
    func firstFailure(_ results: [BranchResult]) -> (index: Int, failure: StateFailure)? {
        var best: (Int, StateFailure, Date)?
        for (i, r) in results.enumerated() {
            if case .failure(let f) = r.output, f.kind != .aborted {
                // The earliest wins (a later one never happens: the state fails and aborts the
                // siblings first); at the same instant, failures that end the execution win.
                if let b = best, !(r.now < b.2 || (r.now == b.2 && f.kind != .error && b.1.kind == .error)) { continue }
                best = (i, f, r.now)
            }
        }
        return best.map { ($0.0, $0.1) }
    }

    // MARK: Parallel

    /// A Parallel: its branches on the same input, their outputs as one array. Redriven
    /// (``Flow/compoundResume``), it continues its latest attempt: only the branches that did not
    /// succeed run (each from where it stopped), the others' outputs are kept, and no
    /// `ParallelStateStarted` is recorded again.
    nonisolated(nonsending) func runParallel<F: DataFlow>(
        _ state: StatePlan, _ plan: ParallelPlan, input: JSONValue, flow: inout Flow, context: StateContext,
        as _: F.Type
    ) async throws(StateFailure) -> Outcome {
        let resume = flow.compoundResume
        flow.compoundResume = nil
        return try await retrying(
            state, retry: plan.retry, catchers: plan.catch, failedEvent: .parallelStateFailed, input: input,
            context: context, flow: &flow, as: F.self
        ) { (retryCount: Int, flow: inout Flow) async throws(StateFailure) -> AttemptOutcome in
            var data = F(self, input: input, context: context, flow: flow, attempt: Attempt(retryCount: retryCount))
            _ = try data.effectiveInput(state.common.inputPath)
            let branchInput = try data.request(parameters: plan.parameters, arguments: plan.arguments)
            if let test = testState {
                // TestState: the branches do not run.
                return try mocked(
                    state, test, &data, resultSelector: plan.resultSelector, resultPath: plan.resultPath, flow: &flow)
            }
            // Only the first attempt after a redrive continues; a retry runs every branch again.
            let resumed = retryCount == 0 ? resume?.branches : nil
            let startedId = resumed == nil ? flow.log.add(.parallelStateStarted, at: flow.now) : flow.log.last
            let record = setup.options.recordHistory
            let random = flow.random
            let execution = context.execution
            let branches = plan.branches
            let variables = flow.variables.innerScope()
            let inline = !branches.isEmpty && !branches[0].mayWaitForCallback
            var noArena: [HistoryEvent]? = nil
            var results = await runBranches(
                count: branches.count, limit: 0, graphs: branches, start: flow.now, base: flow.log.nextBase,
                stopOnFailure: false, inlineFirst: inline, arena: &noArena
            ) { i, time, base, _ in
                var path: PathResume?
                switch resumed?[i] {
                case .succeeded(let output)?: return BranchResult(kept: output, at: time)
                case .resume(let r)?: path = r
                case nil: path = nil
                }
                var f = Engine.branchFlow(
                    i, time: time, base: base, record: record, random: random, variables: variables)
                f.inParallelBranch = true
                return await self.runBranch(
                    branches[i], input: branchInput, flow: consume f, context: execution, resume: path,
                    keepingSize: branches.count <= 8)
            }
            var end = flow.now
            var outputs: [JSONValue] = []
            var failed = firstFailure(results)
            if let (index, _) = failed {
                // AWS stops the other branches at the instant this one failed.
                let instant = results[index].now
                for i in results.indices where i != index { results[i].cut(at: instant) }
            }
            // By index: the results are read where they are, not copied.
            for i in results.indices {
                if !results[i].calls.isEmpty { flow.calls += results[i].calls }
                if failed != nil, case .success = results[i].output, results[i].log.count == 0 { continue }
                let provisional = results[i].log.base
                flow.log.merge(results[i].log, inheritedPrevious: startedId)
                if failed?.index == i, let real = flow.log.lastMergedBase, real != provisional {
                    failed?.failure.rebase(from: provisional, to: real)
                }
                end = max(end, results[i].now)
                if case .success(let out) = results[i].output { outputs.append(out) }
            }
            flow.now = end
            if let (_, f) = failed {
                guard f.kind == .error else { throw f }
                return .failed(f)
            }
            if results.count <= 8 {
                // The output holds the branches' outputs: its size check counts them at their bounds.
                flow.sizedBranches = results.compactMap(\.sized)
            }
            let lastId = flow.log.last
            flow.log.add(.parallelStateSucceeded, at: flow.now, previous: lastId)
            data.resume(at: flow.now)
            return .done(
                try settled(state, flow: &flow) { (flow: inout Flow) throws(StateFailure) in
                    try data.result(.array(outputs), selector: plan.resultSelector)
                    return try finish(
                        state, next: state.next, &data, resultPath: plan.resultPath, flow: &flow, previous: lastId)
                })
        }
    }

    /// TestState's stand-in for a Map's iterations or a Parallel's branches: the mock is the state's
    /// result (through its `ResultSelector` and `ResultPath`), or the attempt's failure
    /// (``TestStateSettings/mockedResult(failureCount:toleratedCount:toleratedPercentage:)``).
    func mocked<F: DataFlow>(
        _ state: StatePlan, _ test: TestStateSettings, _ data: inout F, resultSelector: PayloadTemplate?,
        resultPath: NullablePath?, flow: inout Flow, failureCount: Int = 0, toleratedCount: Int? = nil,
        toleratedPercentage: Double? = nil
    ) throws(StateFailure) -> AttemptOutcome {
        let result: JSONValue
        do throws(StateFailure) {
            result = try test.mockedResult(
                failureCount: failureCount, toleratedCount: toleratedCount, toleratedPercentage: toleratedPercentage)
        } catch {
            return .failed(error)
        }
        return .done(
            try settled(state, flow: &flow) { (flow: inout Flow) throws(StateFailure) in
                try data.result(result, selector: resultSelector)
                return try finish(state, next: state.next, &data, resultPath: resultPath, flow: &flow)
            })
    }

    /// Runs the result side of a state (`ResultSelector`, `Assign`, `ResultPath`, `Output`...); a failure
    /// there is settled at once, so the state's Retry and Catch leave it alone.
    func settled(_ state: StatePlan, flow: inout Flow, _ body: (inout Flow) throws(StateFailure) -> Outcome)
        throws(StateFailure) -> Outcome
    {
        do throws(StateFailure) {
            return try body(&flow)
        } catch var failure {
            settle(&failure, state: state.name, type: state.type, flow: &flow)
            throw failure
        }
    }

    /// The flow of branch or iteration `index`: its own log (ids counted from `base`), clock and
    /// random source, reading the enclosing `variables`.
    static func branchFlow(
        _ index: Int, time: Date, base: Int, record: Bool, random: RandomSource, variables: Variables, capacity: Int = 8
    ) -> Flow {
        var f = Flow(
            log: EventLog(last: EventLog.inherited, record: record, base: base, capacity: capacity), now: time,
            random: random.child(index))
        f.variables = variables
        return f
    }

    /// Runs a branch's or iteration's graph to its end (redriven: from where `resume` says it stopped).
    nonisolated(nonsending) func runBranch(
        _ graph: GraphPlan, input: JSONValue, flow: consuming Flow, context: ExecutionContext,
        resume: PathResume? = nil, keepingSize: Bool = false
    )
        async -> BranchResult
    {
        // Consumed: the log is this flow's alone, so appending never copies it (and the flow itself
        // is not copied either).
        do throws(StateFailure) {
            let out = try await runGraph(graph, input: input, flow: &flow, context: context, resume: resume)
            return BranchResult(flow, output: .success(out), keepingSize: keepingSize)
        } catch {
            return BranchResult(flow, output: .failure(error), keepingSize: keepingSize)
        }
    }
}
