import Foundation
import JSONCore
import StepFunctionsModel

/// The one template every state runs through, whichever its query language:
/// enter (``Engine/runGraph(_:input:flow:context:firstInputText:)``) → effective input → the state's
/// work → result → assignments → output → exit. The language's rules are the ``DataFlow``'s; the
/// state type's own work is the body below; Task, Parallel and Map retry and catch through one
/// driver (``Engine/retrying(_:retry:catchers:failedEvent:input:context:flow:_:)``).
extension Engine {
    /// Runs one state (entered already) and says where the execution goes.
    nonisolated(nonsending) func runState(_ state: StatePlan, input: JSONValue, flow: inout Flow, context: StateContext)
        async throws(StateFailure) -> Outcome
    {
        if state.jsonata {
            return try await runState(state, input: input, flow: &flow, context: context, as: JSONataFlow.self)
        }
        return try await runState(state, input: input, flow: &flow, context: context, as: JSONPathFlow.self)
    }

    nonisolated(nonsending) func runState<F: DataFlow>(
        _ state: StatePlan, input: JSONValue, flow: inout Flow, context: StateContext, as _: F.Type
    ) async throws(StateFailure) -> Outcome {
        switch state.body {
        case .pass(let p):
            if p.placesOnly && flow.inspection == nil {
                return try runPlacingPass(state, p, input: input, flow: &flow)
            }
            var data = F(self, input: input, context: context, flow: flow, attempt: .single)
            let effective = try data.effectiveInput(state.common.inputPath)
            // A JSONata Pass has no result (Parameters and Result are JSONPath fields): its output is `Output`.
            if !state.jsonata {
                // TestState shows AWS taking `Result` over `Parameters`; executions keep the simulator's order.
                let useParameters = p.parameters != nil && (testState == nil || p.result == nil)
                let value =
                    useParameters ? try data.request(parameters: p.parameters, arguments: nil) : p.result ?? effective
                try data.result(value, selector: nil)
            }
            return try finish(state, next: state.next, &data, resultPath: p.resultPath, flow: &flow)

        case .succeed:
            var data = F(self, input: input, context: context, flow: flow, attempt: .single)
            _ = try data.effectiveInput(state.common.inputPath)
            let output = try data.output(
                resultPath: nil, outputPath: state.common.outputPath, output: state.common.output)
            return try exit(state, next: nil, output: output, flow: &flow)

        case .fail(let p):
            let s = p.value
            let error: String?
            let cause: String?
            if state.jsonata {
                let data = JSONataFlow(self, input: input, context: context, flow: flow, attempt: .single)
                error = try s.error.flatMap { (v) throws(StateFailure) in
                    try failText(v, field: "Error", data.jsonataScope)
                }
                cause = try s.cause.flatMap { (v) throws(StateFailure) in
                    try failText(v, field: "Cause", data.jsonataScope)
                }
            } else {
                let ctx = scope(input, context, flow: flow)
                error = try failField(s.error, s.errorPath, field: "ErrorPath", ctx)
                cause = try failField(s.cause, s.causePath, field: "CausePath", ctx)
            }
            throw StateFailure(error: error, cause: cause, kind: .error)

        case .choice(let plan):
            var data = F(self, input: input, context: context, flow: flow, attempt: .single)
            _ = try data.effectiveInput(state.common.inputPath)
            let (matched, target) = try choose(plan, choiceEvaluator(data))
            let rule = matched.map { plan.choices[$0] }
            // The state's Assign applies whichever way the state goes; a matched rule's Assign wins for
            // the names it sets, and its Output (JSONata) replaces the state's.
            var assigned = try data.assignments(state.common.assign)
            if let ruleAssigned = try data.assignments(rule?.assign) {
                assigned = Engine.overlay(assigned, ruleAssigned)
            }
            let output = try data.output(
                resultPath: nil, outputPath: state.common.outputPath, output: rule?.output ?? state.common.output)
            return try exit(state, next: target, output: output, assigned: assigned, flow: &flow)

        case .wait(let duration):
            var data = F(self, input: input, context: context, flow: flow, attempt: .single)
            let effective = try data.effectiveInput(state.common.inputPath)
            let until: Date
            if let js = data as? JSONataFlow {
                until = try jsonataWaitUntil(duration.value, js.jsonataScope, pathScope: js.pathScope, now: flow.now)
            } else {
                until = try waitUntil(duration.value, data.pathScope.with(input: effective), now: flow.now)
            }
            try await wait(until: until, flow: &flow)
            // Assign and Output see the input and the variables from before the Wait, at the time it ends.
            data.resume(at: flow.now)
            return try finish(state, next: state.next, &data, resultPath: nil, flow: &flow)

        case .task(let t): return try await runTask(state, t, input: input, flow: &flow, context: context, as: F.self)
        case .parallel(let p):
            return try await runParallel(state, p, input: input, flow: &flow, context: context, as: F.self)
        case .map(let m): return try await runMap(state, m, input: input, flow: &flow, context: context, as: F.self)
        }
    }

    /// A JSONPath Pass that only places its `Result` (or its input) at its `ResultPath`
    /// (``PassPlan/placesOnly``): the template's steps without the data flow's scope, and without
    /// an async frame (``runGraph(_:input:flow:context:firstInputText:resume:)`` calls it directly).
    func runPlacingPass(_ state: StatePlan, _ p: PassPlan, input: JSONValue, flow: inout Flow) throws(StateFailure)
        -> Outcome
    {
        let result = p.result ?? input
        if let name = p.resultMember, case .object(let root) = input {
            // `$.name` on an object: the member set in a copy of the input (as ``JSONPathDataFlow/merge(result:into:at:)``
            // does); the output is the input, checked before, with one member more: no walk of it.
            // The input is shared (the history holds it): a new member goes into a copy made at its
            // final size (``JSONObject/setting(_:to:)``), not one `append` makes through generic copies.
            let output = JSONValue.object(root.setting(name, to: result))
            let checked = Engine.fitsPlaced(
                output, input: input, name: name, result: result, limit: setup.options.payloadSizeLimit, flow: &flow)
            return try exit(state, next: state.next, output: output, flow: &flow, sizeChecked: checked)
        }
        let output = try JSONPathDataFlow.merge(result: result, into: input, at: p.resultPath)
        return try exit(state, next: state.next, output: output, flow: &flow)
    }

    /// The end of the template: assignments, output, exit.
    func finish<F: DataFlow>(
        _ state: StatePlan, next: Int?, _ data: inout F, resultPath: NullablePath?, flow: inout Flow,
        previous: Int? = nil, resultChecked: Bool = false
    ) throws(StateFailure) -> Outcome {
        // Fields are read through the plan (`state.common.x`): binding `state.common` to a local would copy it.
        let assigned = try data.assignments(state.common.assign)
        let output = try data.output(
            resultPath: resultPath, outputPath: state.common.outputPath, output: state.common.output)
        return try exit(
            state, next: next, output: output, assigned: assigned, flow: &flow, previous: previous,
            sizeChecked: resultChecked && state.common.output == nil && state.common.outputPath == nil
                && resultPath == nil)
    }

    // MARK: Retry and Catch

    /// How one attempt of a Task, Parallel or Map ended.
    enum AttemptOutcome {
        /// The state is done (it succeeded and exited).
        case done(Outcome)
        /// The state failed: its Retry and Catch decide.
        case failed(StateFailure)
    }

    /// The one retry/catch driver of Task, Parallel and Map: runs `attempt` (given the retry count)
    /// until it succeeds, a retrier's delay runs out of attempts and a Catch takes the failure, or the
    /// failure ends the state. `failedEvent` (`ParallelStateFailed`, `MapStateFailed`) is recorded
    /// before a catch or a final failure; a Task's failure events are its call's. An expression of
    /// the state itself that fails records `EvaluationFailed` first.
    nonisolated(nonsending) func retrying<F: DataFlow>(
        _ state: StatePlan, retry: [Retrier], catchers: [Catcher], failedEvent: HistoryEventType?, input: JSONValue,
        context: StateContext, flow: inout Flow, as _: F.Type,
        _ attempt: (Int, inout Flow) async throws(StateFailure) -> AttemptOutcome
    ) async throws(StateFailure) -> Outcome {
        var attempts: [Int] = []
        var retryCount = 0
        if let test = testState {
            // TestState runs one attempt, as the given retry attempt of every retrier.
            retryCount = test.retrierRetryCount
            attempts = Array(repeating: retryCount, count: retry.count)
        }
        while true {
            var failure: StateFailure
            do throws(StateFailure) {
                switch try await attempt(retryCount, &flow) {
                case .done(let outcome): return outcome
                case .failed(let f): failure = f
                }
            } catch let f where f.evaluation != nil && !(f.evaluation?.recorded ?? true) {
                failure = f
                settle(&failure, state: state.name, type: state.type, flow: &flow)
            }
            if failure.kind == .aborted && state.type == .task {
                // A sibling branch failed while this task was still waiting.
                flow.log.add(.taskStateAborted, at: flow.now)
            }
            guard failure.kind == .error else { throw failure }
            // A result over the payload quota is caught but never retried.
            let retriers = failure.oversizedResult ? [] : retry
            let recovery = recover(
                failure, retriers: retriers, catchers: catchers, attempts: &attempts, random: flow.random,
                jitter: testState == nil)
            flow.inspection?.recovery(failure, recovery)
            switch recovery {
            case .retry(let delay, _):
                // TestState reports the retry (RETRIABLE, with its backoff) instead of waiting for it.
                if testState != nil { throw failure }
                try await sleep(delay, flow: &flow)
                retryCount += 1
                continue
            case .caught(let catcher, let i, _):
                if let failedEvent { flow.log.add(failedEvent, at: flow.now) }
                // TestState shows the attempt's RetryCount in a catcher's context object (recorded).
                let attempt = testState != nil ? Attempt(retryCount: retryCount, isTask: state.type == .task) : .single
                var data = F(self, input: input, context: context, flow: flow, attempt: attempt)
                let (output, assigned) = try data.caught(Engine.errorOutput(failure), catcher)
                return try exit(state, next: state.catchTargets[i], output: output, assigned: assigned, flow: &flow)
            case .fail:
                if let failedEvent { flow.log.add(failedEvent, at: flow.now) }
                if state.type == .task && flow.inParallelBranch && failure.evaluation == nil && !failure.oversizedResult
                {
                    // Inside a Parallel branch AWS records the aborted Task; the Parallel's failure then
                    // follows the TaskFailed event as well.
                    let failedId = flow.log.last
                    flow.log.add(.taskStateAborted, at: flow.now)
                    flow.log.last = failedId
                }
                throw failure
            }
        }
    }

    /// How a Choice state's rules read the data: JSONPath comparisons on the effective input, JSONata
    /// conditions with `$states`.
    func choiceEvaluator<F: DataFlow>(_ data: F) -> ChoiceEvaluator {
        let pathScope = data.pathScope
        var evaluator = ChoiceEvaluator(read: { (path: JSONPath) throws(StateFailure) -> JSONValue? in
            switch try JSONPathDataFlow.read(path, pathScope) {
            case .success(let v): return v
            case .failure: return nil
            }
        })
        if let js = data as? JSONataFlow {
            let scope = js.jsonataScope
            let expressions = self.expressions
            evaluator.jsonataCondition = { (v: DynamicValue<Bool>) throws(StateFailure) -> Bool in
                try JSONataDataFlow.dynamic(v, field: "Condition", scope, expressions, expected: "boolean") {
                    $0.boolValue
                }
                    ?? false
            }
        }
        return evaluator
    }

    /// A Fail state's `Error` or `Cause` in a JSONata state: a string, or an expression giving one.
    func failText(_ v: DynamicValue<String>, field: String, _ scope: JSONataScope) throws(StateFailure) -> String? {
        if case .placeholder(let p) = v { return p }
        return try JSONataDataFlow.dynamic(v, field: field, scope, expressions, expected: "string") { $0.stringValue }
    }

    /// A number read from a `…Path` value (a number, or a string holding one).
    static func double(_ v: JSONValue) -> Double? {
        switch v {
        case .number(let n): return n.doubleValue
        case .string(let text): return Double(text)
        default: return nil
        }
    }
}
