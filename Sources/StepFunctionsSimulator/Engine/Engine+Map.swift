import Foundation
import JSONCore
import StepFunctionsModel

extension Engine {
    /// An integer value, or a string holding one (AWS reads `"1"` from a `…Path` as 1).
    static func integer(_ v: JSONValue) -> Int? {
        switch v {
        case .number(let n): return n.intValue
        case .string(let s): return Int(s)
        default: return nil
        }
    }

    /// Reads an integer field of a Map (`MaxConcurrency`, `ToleratedFailureCount`, `MaxItemsPerBatch`...):
    /// a literal, a JSONata expression or the `…Path` form.
    func mapInteger<F: DataFlow>(_ data: inout F, _ value: DynamicValue<Int>?, _ path: JSONPath?, field: String)
        throws(StateFailure) -> Int?
    {
        try data.integer(
            value, path: path, field: field, expected: "integer", convert: JSONataDataFlow.integer,
            fromPath: Engine.integer
        ) { v in
            "The \(field)Path field refers to value \"\(Engine.plain(v))\" which is not a valid integer: \(path?.source ?? "")"
        }
    }

    /// A JSONata Map's items: `Items` (an array, or an expression giving one), or the state input.
    func jsonataItems(_ items: PayloadTemplate?, input: JSONValue, _ js: JSONataScope) throws(StateFailure)
        -> [JSONValue]
    {
        guard let items else {
            guard case .array(let list) = input else {
                throw StateFailure.evaluation(
                    location: nil, "Map state input must be an array but was: \(JSONWriter.compact.string(input))")
            }
            return list
        }
        let value = try JSONataDataFlow.evaluate(items, field: "Items", js, expressions)
        guard case .array(let list) = value else {
            if case .expression(let e) = items {
                throw JSONataDataFlow.unexpectedType(e, field: "Items", expected: "array", value: value, expressions)
            }
            throw StateFailure.evaluation(location: "Items", "The field 'Items' must be an array")
        }
        return list
    }

    /// A Map: its iterations (inline) or child executions (distributed), their outputs as one
    /// array. Redriven (``Flow/compoundResume``), it continues its latest attempt: only the
    /// iterations or children that did not succeed run (an inline iteration from where it
    /// stopped), the others' outputs are kept; no `MapStateStarted` is recorded again, and a
    /// distributed Map's run records `MapRunRedriven` (the same Map Run) instead of `MapRunStarted`.
    nonisolated(nonsending) func runMap<F: DataFlow>(
        _ state: StatePlan, _ plan: MapPlan, input: JSONValue, flow: inout Flow, context: StateContext, as _: F.Type
    ) async throws(StateFailure) -> Outcome {
        let resume = flow.compoundResume
        flow.compoundResume = nil
        let name = state.name
        let distributed = plan.isDistributed
        return try await retrying(
            state, retry: plan.retry, catchers: plan.catch, failedEvent: .mapStateFailed, input: input,
            context: context,
            flow: &flow, as: F.self
        ) { (retryCount: Int, flow: inout Flow) async throws(StateFailure) -> AttemptOutcome in
            var data = F(self, input: input, context: context, flow: flow, attempt: Attempt(retryCount: retryCount))
            _ = try data.effectiveInput(state.common.inputPath)
            var items: [JSONValue]
            // Where the items come from (`$$.Map.Item.Source`): the state's data, or an S3 URI.
            var source = "STATE_DATA"
            if let reader = plan.itemReader {
                (items, source) = try readItems(reader, &data, jsonata: state.jsonata)
            } else {
                items = try data.items(itemsPath: plan.itemsPath, items: plan.items)
                flow.inspection?.record("afterItemsPath", .array(items))
            }
            let maxConcurrency =
                try mapInteger(&data, plan.maxConcurrency, plan.maxConcurrencyPath, field: "MaxConcurrency") ?? 0
            guard maxConcurrency >= 0 else {
                // AWS accepts a negative MaxConcurrencyPath value and never runs the state.
                throw StateFailure(error: nil, cause: nil, kind: .hang)
            }
            flow.inspection?.record("maxConcurrency", .int(maxConcurrency))
            var inputs = try itemInputs(
                plan, items: items, source: source, &data, context: context, retryCount: retryCount)
            if plan.itemSelector != nil { flow.inspection?.record("afterItemSelector", .array(inputs)) }
            if let batcher = plan.itemBatcher {
                inputs = try batch(inputs, batcher, &data)
                flow.inspection?.record("afterItemBatcher", .array(inputs))
            }

            // Only the first attempt after a redrive continues; a retry runs every iteration again.
            let resumed = retryCount == 0 ? resume : nil
            if resumed == nil {
                flow.log.add(.mapStateStarted, [("length", .value(.int(inputs.count)))], at: flow.now)
            }
            var toleratedCount: Int?
            var toleratedPercentage: Double?
            // TestState evaluates the tolerances of any Map (a mocked failure count is checked against them).
            if distributed || testState != nil {
                toleratedCount = try mapInteger(
                    &data, plan.toleratedFailureCount, plan.toleratedFailureCountPath, field: "ToleratedFailureCount")
                if let c = toleratedCount, c < 0 {
                    throw StateFailure.runtime("ToleratedFailureCount cannot be negative.")
                }
                let path = plan.toleratedFailurePercentagePath
                toleratedPercentage = try data.number(
                    plan.toleratedFailurePercentage, path: path, field: "ToleratedFailurePercentage"
                ) { v in
                    "The ToleratedFailurePercentagePath field refers to value \"\(Engine.plain(v))\" which is not a valid float: \(path?.source ?? "")"
                }
                if let p = toleratedPercentage, p < 0 || p > 100 {
                    throw StateFailure.runtime("ToleratedFailurePercentage must be between 0 and 100.")
                }
                if let c = toleratedCount { flow.inspection?.record("toleratedFailureCount", .int(c)) }
                if let p = toleratedPercentage { flow.inspection?.record("toleratedFailurePercentage", .double(p)) }
            }
            if let test = testState {
                // TestState: the iterations do not run.
                return try mocked(
                    state, test, &data, resultSelector: plan.resultSelector, resultPath: plan.resultPath, flow: &flow,
                    failureCount: test.mapIterationFailureCount, toleratedCount: toleratedCount,
                    toleratedPercentage: toleratedPercentage)
            }
            let options = setup.options
            let mapRunArn: String
            if distributed, let run = resumed?.mapRun {
                mapRunArn = run.arn
                flow.log.add(
                    .mapRunRedriven,
                    [("mapRunArn", .value(.string(mapRunArn))), ("redriveCount", .value(.int(run.redriveCount)))],
                    at: flow.now)
            } else {
                mapRunArn =
                    "arn:\(options.partition):states:\(options.region):\(options.accountId):mapRun:\(options.stateMachineName)/\(plan.label ?? name):\(flow.random.uuid())"
                if distributed {
                    flow.log.add(.mapRunStarted, [("mapRunArn", .value(.string(mapRunArn)))], at: flow.now)
                }
            }
            let startedId = flow.log.last
            let kept = resumed?.branches
            // A distributed child records its own history (for ``Execution/mapRunChildren``), up to
            // `mapRunChildHistories` children; inline iterations record into the parent's.
            let record = options.recordHistory && !distributed
            let childHistories = distributed && options.recordHistory ? options.mapRunChildHistories : 0
            let random = flow.random
            let execution = context.execution
            let graph = plan.processor
            let iterationInputs = inputs
            // Inline iterations read the enclosing variables; distributed children are executions of their own.
            let variables = distributed ? Variables() : flow.variables.innerScope()
            let tolerance = (count: toleratedCount, percentage: toleratedPercentage, total: inputs.count)
            // Iterations that run one after another record into this log's array (no array of their own).
            var arena = record ? flow.log.lend() : nil
            var results = await runBranches(
                count: inputs.count, limit: maxConcurrency, graphs: [graph], start: flow.now, base: flow.log.nextBase,
                stopOnFailure: !distributed, arena: &arena,
                tolerates: { n in
                    distributed
                        && !Engine.exceedsTolerance(
                            failures: n, count: tolerance.count, percentage: tolerance.percentage,
                            total: tolerance.total)
                }
            ) { i, time, base, arena in
                var path: PathResume?
                switch kept?[i] {
                case .succeeded(let output)?: return BranchResult(kept: output, at: time)
                case .resume(let r)?: path = r
                case nil: path = nil
                }
                // A distributed child is an execution of its own: its ids start at 1.
                var f = Engine.branchFlow(
                    i, time: time, base: distributed ? 0 : base, record: record || i < childHistories, random: random,
                    variables: variables, capacity: arena == nil ? 8 : 0)
                let adopted = arena != nil && f.log.adopt(&arena!)
                if distributed {
                    let child = Engine.childContext(
                        execution, mapRunArn: mapRunArn, index: i, input: iterationInputs[i], start: time)
                    var r = await self.runBranch(graph, input: iterationInputs[i], flow: consume f, context: child)
                    r.started = time
                    return r
                }
                f.log.add(.mapIterationStarted, storage: .iteration(index: i, name: name), at: time)
                var r = await self.runBranch(
                    graph, input: iterationInputs[i], flow: consume f, context: execution, resume: path)
                switch r.output {
                case .success: r.log.add(.mapIterationSucceeded, storage: .iteration(index: i, name: name), at: r.now)
                case .failure(let error) where error.kind == .error:
                    r.log.add(.mapIterationFailed, storage: .iteration(index: i, name: name), at: r.now)
                case .failure: break
                }
                if adopted {
                    arena = r.log.release()
                } else {
                    // Held with every other iteration's until the merge: no spare room.
                    r.log.shrinkToFit()
                }
                return r
            }
            let mapStart = flow.now
            // Past the tolerance, AWS stops the Map Run: running children are aborted, the others never start.
            let pending =
                distributed
                ? Engine.stopMapRun(
                    &results, start: mapStart, count: toleratedCount, percentage: toleratedPercentage,
                    total: inputs.count) : []
            let (outputs, iterationFailure) = try mergeIterations(
                &results, arena: &arena, distributed: distributed, inputCount: inputs.count,
                toleratedCount: toleratedCount, toleratedPercentage: toleratedPercentage, startedId: startedId,
                flow: &flow)
            if distributed {
                var counts = (succeeded: 0, failed: 0, aborted: 0)
                var outputs: [Int: JSONValue] = [:]
                for (i, r) in results.enumerated() where !pending.contains(i) {
                    switch r.output {
                    case .success(let output):
                        counts.succeeded += 1
                        if iterationFailure != nil { outputs[i] = output }
                    case .failure(let f) where f.kind == .aborted: counts.aborted += 1
                    case .failure: counts.failed += 1
                    }
                }
                let report = MapRunReport(
                    mapRunArn: mapRunArn, startDate: mapStart, stopDate: flow.now,
                    status: iterationFailure == nil ? "SUCCEEDED" : "FAILED", maxConcurrency: maxConcurrency,
                    toleratedFailureCount: toleratedCount ?? 0, toleratedFailurePercentage: toleratedPercentage ?? 0,
                    total: inputs.count, succeeded: counts.succeeded, failed: counts.failed, aborted: counts.aborted,
                    pending: pending.count, redriveCount: resumed?.mapRun?.redriveCount ?? 0,
                    redriveDate: resumed?.mapRun == nil ? nil : mapStart, childOutputs: outputs)
                let children = results.enumerated().map { i, r in
                    MapRunChild(index: i, input: i < iterationInputs.count ? iterationInputs[i] : .null, result: r)
                }
                let run = MapRunChildren(mapRunArn: mapRunArn, stateName: name, children: children)
                shared.withLock {
                    $0.mapRuns.append(report)
                    $0.mapRunChildren.append(run)
                }
                observer?.mapRunEnded(report)
            }
            // A writer that exports writes what the children did even when the Map Run failed.
            let children =
                distributed && plan.resultWriter != nil
                ? mapChildren(results, inputs: iterationInputs, pending: pending, startedAt: mapStart) : []
            if let iterationFailure {
                if let writer = plan.resultWriter, writer.resource != nil {
                    data.resume(at: flow.now)
                    _ = try? writeResults(
                        writer, children: children, mapRunArn: mapRunArn, &data, jsonata: state.jsonata)
                }
                return .failed(iterationFailure)
            }
            let lastId = flow.log.last
            flow.log.add(.mapStateSucceeded, at: flow.now, previous: lastId)
            // Since November 2024 AWS links a distributed Map's exit to its MapRunStarted event
            // (earlier recordings link it to MapRunSucceeded, as MapStateSucceeded still is).
            let exitPrevious = distributed && !options.historyBefore(.mapExitFollowsMapRunStarted) ? startedId : lastId
            data.resume(at: flow.now)
            var result = JSONValue.array(outputs)
            // Without a writer the results are COMPACT, where a tolerated failed child is its NONE
            // record (the ResultWriter page's note on failed children).
            if distributed, plan.resultWriter == nil, outputs.count == results.count,
                results.contains(where: { if case .failure = $0.output { true } else { false } })
            {
                result = try writeResults(
                    ResultWriter(writerConfig: WriterConfig(transformation: "COMPACT")),
                    children: mapChildren(results, inputs: iterationInputs, pending: [], startedAt: mapStart),
                    mapRunArn: mapRunArn, &data, jsonata: state.jsonata)
            }
            if let writer = plan.resultWriter {
                do throws(StateFailure) {
                    result = try writeResults(
                        writer, children: distributed ? children : Engine.inlineChildren(outputs),
                        mapRunArn: mapRunArn, &data, jsonata: state.jsonata)
                } catch var failure {
                    settle(&failure, state: state.name, type: .map, flow: &flow)
                    throw failure
                }
            }
            return .done(
                try settled(state, flow: &flow) { (flow: inout Flow) throws(StateFailure) in
                    try data.result(result, selector: plan.resultSelector)
                    return try finish(
                        state, next: state.next, &data, resultPath: plan.resultPath, flow: &flow, previous: exitPrevious
                    )
                })
        }
    }

    /// Each iteration's input: the item, or `ItemSelector` (`Parameters`) evaluated with
    /// `$$.Map.Item` (JSONPath) or `$states.context.Map.Item` (JSONata): its `Index`, `Value` and
    /// `Source` (`STATE_DATA`, or the S3 URI the `ItemReader` read).
    func itemInputs<F: DataFlow>(
        _ plan: MapPlan, items: [JSONValue], source: String, _ data: inout F, context: StateContext, retryCount: Int
    ) throws(StateFailure) -> [JSONValue] {
        guard let selector = plan.itemSelector else { return items }
        var inputs: [JSONValue] = []
        inputs.reserveCapacity(items.count)
        var itemContext = context
        itemContext.needsContext = true
        for (i, item) in items.enumerated() {
            itemContext.mapItem = ["Index": .int(i), "Value": item, "Source": .string(source)]
            inputs.append(
                try data.itemInput(selector, itemContext: itemContext.json(retryCount: retryCount, token: nil)))
        }
        return inputs
    }

    /// Merges the iterations' histories in index order (iteration n+1 follows the last event before
    /// iteration n's final event) and decides the Map's outcome; distributed children keep their own
    /// histories and fail the Map only past the tolerated failures.
    ///
    /// `arena`: the array the Map's log lent its iterations (``EventLog/lend()``), with their events
    /// after its own when they ran one after another. When none failed they are renumbered where
    /// they are; otherwise (a failure cuts or drops iterations) each is copied out first.
    func mergeIterations(
        _ results: inout [BranchResult], arena: inout [HistoryEvent]?, distributed: Bool, inputCount: Int,
        toleratedCount: Int?, toleratedPercentage: Double?, startedId: Int, flow: inout Flow
    ) throws(StateFailure) -> (outputs: [JSONValue], failure: StateFailure?) {
        // Taken, not copied: the log renumbers the events in place, which must not copy the array.
        if var arena = arena.take() {
            var inPlace = !results.contains { if case .failure = $0.output { true } else { false } }
            // The main flow's log has no segments: a child with some is copied (flattened) into it.
            if inPlace, flow.log.isRoot { inPlace = !results.contains { $0.log.hasSegments } }
            var base = flow.log.nextBase
            for r in results where inPlace {
                if r.log.count > 0, r.log.base != base { inPlace = false }
                base += r.log.count
            }
            if !inPlace { for i in results.indices { results[i].log.detach(from: arena) } }
            flow.log.absorb(&arena, inPlace: inPlace)
        }
        var inherit = startedId
        var end = flow.now
        var outputs: [JSONValue] = []
        outputs.reserveCapacity(results.count)
        var failures = 0
        var firstFailure: StateFailure?
        if !distributed, let (index, _) = self.firstFailure(results) {
            // AWS stops the other iterations at the instant this one failed.
            let instant = results[index].now
            for i in results.indices where i != index { results[i].cut(at: instant) }
        }
        if !distributed {
            flow.log.reserve(results.reduce(0) { $0 + ($1.log.lentRange == nil ? $1.log.recordedCount : 0) })
        }
        for i in results.indices {
            // Moved out, not copied (an inline Map's results are not read again): the iteration's own
            // copy of its events goes once merged.
            var r = BranchResult(kept: .null, at: results[i].now)
            if distributed { r = results[i] } else { swap(&r, &results[i]) }
            if !r.calls.isEmpty { flow.calls += r.calls }
            if distributed {
                // Child executions keep their own histories.
                end = max(end, r.now)
                switch r.output {
                case .success(let out): outputs.append(out)
                case .failure(let f) where f.kind == .aborted:
                    continue
                case .failure(let f):
                    if f.kind != .error { throw f }
                    failures += 1
                    if firstFailure == nil { firstFailure = f }
                    // A tolerated failed child shows as its error (not checked against AWS).
                    outputs.append([
                        "Error": f.error.map(JSONValue.string) ?? .null,
                        "Cause": f.cause.map(JSONValue.string) ?? .null,
                    ])
                }
                continue
            }
            let provisional = r.log.base
            let offset = flow.log.merge(r.log, inheritedPrevious: inherit)
            if r.log.count >= 2, let prev = flow.log.lastMergedPrevious {
                inherit = prev
            } else if r.log.count >= 2 {
                inherit = offset + r.log.count - 1
            }
            end = max(end, r.now)
            switch r.output {
            case .success(let out): outputs.append(out)
            case .failure(let f) where f.kind == .aborted:
                continue
            case .failure(var f):
                if let real = flow.log.lastMergedBase, real != provisional {
                    // The iteration ran concurrently: its cause quotes provisional event ids.
                    f.rebase(from: provisional, to: real)
                }
                if f.kind != .error {
                    flow.now = max(end, r.now)
                    throw f
                }
                failures += 1
                if firstFailure == nil { firstFailure = f }
                outputs.append(.null)
            }
        }
        flow.now = end
        // After a failed iteration, AWS's next event follows the one before MapIterationFailed.
        if firstFailure != nil, !distributed { flow.log.last = inherit }
        guard distributed else { return (outputs, firstFailure) }

        let exceeded = Engine.exceedsTolerance(
            failures: failures, count: toleratedCount, percentage: toleratedPercentage, total: inputCount)
        guard exceeded else {
            flow.log.add(.mapRunSucceeded, at: flow.now)
            return (outputs, nil)
        }
        let failure = StateFailure(
            error: StatesError.exceedToleratedFailureThreshold,
            cause: "The specified tolerated failure threshold was exceeded", kind: .error)
        var d: [(key: String, value: EventField)] = []
        if let e = failure.error { d.append(("error", .value(.string(e)))) }
        if let c = failure.cause { d.append(("cause", .value(.string(c)))) }
        flow.log.add(.mapRunFailed, d, at: flow.now)
        return (outputs, failure)
    }

    /// A distributed Map child's `$$`: an execution of its own (its ARN, name, input and start,
    /// `RedriveCount` 0), of the state machine `MACHINE/LABEL`, as the context object page says of
    /// child workflow executions; the parent's role. The name is the one its `ResultWriter` record gives.
    static func childContext(
        _ parent: ExecutionContext, mapRunArn: String, index: Int, input: JSONValue, start: Date
    ) -> ExecutionContext {
        guard parent.given == nil, case .object(let p) = parent.execution, !p.isEmpty else { return parent }
        let (prefix, runId) = mapRunParts(mapRunArn)
        let name = childName(runId: runId, index: index)
        let machineArn = prefix.replacingAllBytes(of: ":mapRun:", with: ":stateMachine:")
        var e = JSONObject()
        e["Id"] = .string(prefix.replacingAllBytes(of: ":mapRun:", with: ":execution:") + ":" + name)
        e["Input"] = input
        e["StartTime"] = .string(Timestamp.contextFormat(start))
        e["Name"] = .string(name)
        if let role = p["RoleArn"] { e["RoleArn"] = role }
        if p["RedriveCount"] != nil { e["RedriveCount"] = 0 }
        // What follows the last ":stateMachine:" (all of it when there is none).
        var machineName = machineArn
        var from = 0
        while let i = machineArn.utf8Offset(of: ":stateMachine:", from: from) {
            from = i + 14
            machineName = String(decoding: machineArn.utf8.dropFirst(from), as: UTF8.self)
        }
        return ExecutionContext(
            execution: .object(e), stateMachine: ["Id": .string(machineArn), "Name": .string(machineName)])
    }

    /// A Map Run ARN's `arn:...:mapRun:MACHINE/LABEL` part and its id.
    static func mapRunParts(_ mapRunArn: String) -> (prefix: String, id: String) {
        // Split at the last colon on the bytes (Foundation-free: a distributed Map asks per child).
        let bytes = mapRunArn.utf8
        if let colon = bytes.lastIndex(of: UInt8(ascii: ":")), bytes.index(after: colon) != bytes.endIndex {
            return (String(mapRunArn[..<colon]), String(mapRunArn[bytes.index(after: colon)...]))
        }
        let id = mapRunArn.split(separator: ":").last.map(String.init) ?? "run"
        return (String(mapRunArn.dropLast(id.count + 1)), id)
    }

    /// A child execution's name: a UUID derived from the Map Run and the item, the same every run.
    static func childName(runId: String, index: Int) -> String {
        // An MD5 digest is 32 hex digits.
        let hex = Array(Digest.hexDigest(runId + "/" + String(index), algorithm: .md5).utf8)
        return RandomSource.uuidText { hex[$0] }
    }

    /// Whether `failures` failed children exceed a distributed Map's tolerance (none tolerated
    /// when neither `ToleratedFailureCount` nor `ToleratedFailurePercentage` is set).
    static func exceedsTolerance(failures: Int, count: Int?, percentage: Double?, total: Int) -> Bool {
        guard failures > 0 else { return false }
        let countOK = count.map { failures <= $0 } ?? false
        let percentOK = percentage.map { Double(failures) * 100 / Double(max(total, 1)) <= $0 } ?? false
        return !(countOK || percentOK)
    }

    /// Stops a distributed Map Run at the virtual instant its tolerance was exceeded, as AWS does
    /// when the Map Run fails: a child that ended by then keeps its outcome, a child running then
    /// is aborted, a child that had not started never starts.
    /// A child launched at that very instant, after the Map Run's start, never starts either (its
    /// slot freed as the run failed); children launched with the run all start. Returns the
    /// children that never started (they stay `PENDING`).
    static func stopMapRun(
        _ results: inout [BranchResult], start: Date, count: Int?, percentage: Double?, total: Int
    ) -> Set<Int> {
        let failed = results.indices.filter {
            if case .failure(let f) = results[$0].output, f.kind == .error { return true }
            return false
        }.sorted { (results[$0].now, $0) < (results[$1].now, $1) }
        var stop: (instant: Date, index: Int)?
        for (n, i) in failed.enumerated()
        where exceedsTolerance(failures: n + 1, count: count, percentage: percentage, total: total) {
            stop = (results[i].now, i)
            break
        }
        guard let (instant, failing) = stop else { return [] }
        var pending: Set<Int> = []
        for i in results.indices where i != failing {
            if let started = results[i].started, started > instant || (started == instant && started > start) {
                pending.insert(i)
                results[i].calls = []
                results[i].now = instant
                results[i].output = .failure(StateFailure(error: nil, cause: nil, kind: .aborted))
            } else {
                results[i].cut(at: instant)
            }
        }
        return pending
    }

    // MARK: ItemBatcher

    func batch<F: DataFlow>(_ items: [JSONValue], _ batcher: ItemBatcher, _ data: inout F) throws(StateFailure)
        -> [JSONValue]
    {
        let maxItems = try mapInteger(
            &data, batcher.maxItemsPerBatch, batcher.maxItemsPerBatchPath, field: "MaxItemsPerBatch")
        let maxBytes = try mapInteger(
            &data, batcher.maxInputBytesPerBatch, batcher.maxInputBytesPerBatchPath, field: "MaxInputBytesPerBatch")
        let batchInput = try batcher.batchInput.map { (t) throws(StateFailure) in
            try data.template(t, field: "ItemBatcher/BatchInput")
        }
        var batches: [JSONValue] = []
        var current: [JSONValue] = []
        var bytes = 0
        func flush() {
            guard !current.isEmpty else { return }
            var o = JSONObject()
            if let batchInput { o["BatchInput"] = batchInput }
            o["Items"] = .array(current)
            batches.append(.object(o))
            current = []
            bytes = 0
        }
        for item in items {
            let size = JSONWriter.compactByteCount(item)
            if let maxItems, current.count >= maxItems { flush() }
            if let maxBytes, !current.isEmpty, bytes + size > maxBytes { flush() }
            current.append(item)
            bytes += size
        }
        flush()
        return batches
    }
}
