import Foundation
import JSONCore
import StepFunctionsModel

extension Engine {
    /// What a JSONata state's expressions see: `$states.input`, `$states.context` (built only when
    /// the state mentions it) and the variables from before the state.
    func jsonataScope(
        _ input: JSONValue, _ context: StateContext, flow: Flow, retryCount: Int? = nil, token: String? = nil,
        isTask: Bool = false
    ) -> JSONataScope {
        var states = JSONObject(minimumCapacity: 3)
        states["input"] = input
        if context.needsContext { states["context"] = context.json(retryCount: retryCount, token: token, isTask: isTask) }
        let now = setup.options.clock == .virtual ? Int64((flow.now.timeIntervalSince1970 * 1000).rounded(.down)) : nil
        return JSONataScope(states: states, variables: flow.variables, nowMillis: now, random: flow.random)
    }

    /// A JSONata state's `Assign`: each member evaluated (errors name `Assign/<name>`); applied at exit.
    func jsonataAssignments(_ assign: PayloadTemplate?, _ scope: JSONataScope) throws(StateFailure) -> Assignments? {
        guard let assign else { return nil }
        guard let fields = assign.fields else {
            throw StateFailure.evaluation(location: "Assign", "The field 'Assign' must be an object of variable names and values")
        }
        var out: Assignments = []
        out.reserveCapacity(fields.count)
        for f in fields {
            out.append((f.name, try JSONataDataFlow.evaluate(f.value, location: { "Assign/" + f.name }, scope, expressions)))
        }
        return out
    }

    /// A JSONata `Output` (nil when the state has none: the caller picks the default).
    func jsonataOutput(_ output: PayloadTemplate?, _ scope: JSONataScope) throws(StateFailure) -> JSONValue? {
        guard let output else { return nil }
        return try JSONataDataFlow.evaluate(output, field: "Output", scope, expressions)
    }

    /// Runs a state whose query language is JSONata: `Output` (default: the input, or the result for
    /// Task, Parallel and Map), `Assign`, `Arguments` and `{% %}` fields.
    nonisolated(nonsending) func runJSONataState(_ state: StatePlan, input: JSONValue, flow: inout Flow, context: StateContext)
        async throws(StateFailure) -> Outcome
    {
        switch state.body {
        case .pass(let p):
            let scope = jsonataScope(input, context, flow: flow)
            let assigned = try jsonataAssignments(p.value.common.assign, scope)
            let output = try jsonataOutput(p.value.common.output, scope) ?? input
            return try exit(state, next: state.next, output: output, assigned: assigned, flow: &flow)

        case .succeed(let p):
            let scope = jsonataScope(input, context, flow: flow)
            let output = try jsonataOutput(p.value.common.output, scope) ?? input
            return try exit(state, next: nil, output: output, flow: &flow)

        case .fail(let p):
            let scope = jsonataScope(input, context, flow: flow)
            let error = try p.value.error.flatMap { (v) throws(StateFailure) in try failText(v, field: "Error", scope) }
            let cause = try p.value.cause.flatMap { (v) throws(StateFailure) in try failText(v, field: "Cause", scope) }
            throw StateFailure(error: error, cause: cause, kind: .error)

        case .choice(let c):
            return try runJSONataChoice(state, c, c.state, input: input, flow: &flow, context: context)

        case .wait(let w):
            let s = w.value
            let scope = jsonataScope(input, context, flow: flow)
            let until = try jsonataWaitUntil(s.duration, scope, pathScope: self.scope(input, context, flow: flow), now: flow.now)
            try await wait(until: until, flow: &flow)
            // Assign and Output see `$states.input` and the variables from before the Wait.
            let after = jsonataScope(input, context, flow: flow)
            let assigned = try jsonataAssignments(s.common.assign, after)
            let output = try jsonataOutput(s.common.output, after) ?? input
            return try exit(state, next: state.next, output: output, assigned: assigned, flow: &flow)

        case .task(let t): return try await runTask(state, t, input: input, flow: &flow, context: context)
        case .parallel(let p): return try await runParallel(state, p, p.state, input: input, flow: &flow, context: context)
        case .map(let m): return try await runMap(state, m, m.state, input: input, flow: &flow, context: context)
        }
    }

    func runJSONataChoice(
        _ state: StatePlan, _ plan: ChoicePlan, _ s: ChoiceState, input: JSONValue, flow: inout Flow, context: StateContext
    ) throws(StateFailure) -> Outcome {
        let scope = jsonataScope(input, context, flow: flow)
        let pathScope = self.scope(input, context, flow: flow)
        var evaluator = ChoiceEvaluator(read: { (path: JSONPath) throws(StateFailure) -> JSONValue? in
            switch try JSONPathDataFlow.read(path, pathScope) {
            case .success(let v): return v
            case .failure: return nil
            }
        })
        let expressions = self.expressions
        evaluator.jsonataCondition = { (v: DynamicValue<Bool>) throws(StateFailure) -> Bool in
            try JSONataDataFlow.dynamic(v, field: "Condition", scope, expressions, expected: "boolean") { $0.boolValue }
                ?? false
        }
        let (matched, target) = try choose(plan, evaluator)
        let rule = matched.map { s.choices[$0] }
        // The state's Assign applies whichever way the state goes; a matched rule's Assign wins
        // for the names it sets. A matched rule's Output replaces the state's.
        var assigned = try jsonataAssignments(s.common.assign, scope)
        if let ruleAssigned = try jsonataAssignments(rule?.assign, scope) {
            assigned = Engine.overlay(assigned, ruleAssigned)
        }
        let output = try jsonataOutput(rule?.output ?? s.common.output, scope) ?? input
        return try exit(state, next: target, output: output, assigned: assigned, flow: &flow)
    }

    /// A Fail state's `Error` or `Cause` in a JSONata state: a string, or an expression giving one.
    func failText(_ v: DynamicValue<String>, field: String, _ scope: JSONataScope) throws(StateFailure) -> String? {
        if case .placeholder(let p) = v { return p }
        return try JSONataDataFlow.dynamic(v, field: field, scope, expressions, expected: "string") { $0.stringValue }
    }

    /// When a JSONata Wait ends: `Seconds` or `Timestamp` may be expressions; a bad value is a
    /// `States.QueryEvaluationError` naming the field (the `*Path` forms keep their JSONPath errors).
    func jsonataWaitUntil(_ duration: WaitDuration, _ scope: JSONataScope, pathScope: EvaluationScope, now: Date)
        throws(StateFailure) -> Date
    {
        let maxDelay = Double(Int32.max)
        switch duration {
        case .seconds(.expression(let e)):
            let value = try JSONataDataFlow.value(e, field: "Seconds", scope, expressions)
            guard let seconds = JSONataDataFlow.integer(value) else {
                throw JSONataDataFlow.unexpectedType(e, field: "Seconds", expected: "integer", value: value, expressions)
            }
            guard seconds >= 0 else {
                throw StateFailure.evaluation(
                    location: "Seconds",
                    "The JSONata expression '\(expressions.compiled(e).text)' specified for the field 'Seconds' returned a negative value: \(seconds)")
            }
            guard Double(seconds) <= maxDelay else { throw StateFailure.runtime("Wait state delay is too long.") }
            return now.addingTimeInterval(Double(seconds))
        case .timestamp(.expression(let e)):
            let value = try JSONataDataFlow.value(e, field: "Timestamp", scope, expressions)
            guard case .string(let text) = value else {
                throw JSONataDataFlow.unexpectedType(e, field: "Timestamp", expected: "string", value: value, expressions)
            }
            guard let date = Timestamp.parse(text) else {
                throw StateFailure.evaluation(
                    location: "Timestamp",
                    "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: \(text)")
            }
            guard date.timeIntervalSince(now) <= maxDelay else { throw StateFailure.runtime("Wait state delay is too long.") }
            return max(date, now)
        default:
            return try waitUntil(duration, pathScope, now: now)
        }
    }

    /// `TimeoutSeconds`/`HeartbeatSeconds` of a JSONata Task: a positive integer or an expression giving one.
    func jsonataSeconds(_ v: DynamicValue<Int>?, field: String, _ scope: JSONataScope) throws(StateFailure) -> Int? {
        guard let v else { return nil }
        guard case .expression(let e) = v else { return v.literal }
        let value = try JSONataDataFlow.value(e, field: field, scope, expressions)
        guard let seconds = JSONataDataFlow.integer(value), seconds > 0 else {
            throw JSONataDataFlow.unexpectedType(e, field: field, expected: "positive integer", value: value, expressions)
        }
        return seconds
    }
}
