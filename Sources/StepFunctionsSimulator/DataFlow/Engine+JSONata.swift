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
        if context.needsContext {
            states["context"] = context.json(retryCount: retryCount, token: token, isTask: isTask)
        }
        let now = setup.options.clock == .virtual ? Int64((flow.now.timeIntervalSince1970 * 1000).rounded(.down)) : nil
        return JSONataScope(states: states, variables: flow.variables, nowMillis: now, random: flow.random)
    }

    /// A JSONata state's `Assign`: each member evaluated (errors name `Assign/<name>`); applied at exit.
    func jsonataAssignments(_ assign: PayloadTemplate?, _ scope: JSONataScope) throws(StateFailure) -> Assignments? {
        guard let assign else { return nil }
        guard let fields = assign.fields else {
            throw StateFailure.evaluation(
                location: "Assign", "The field 'Assign' must be an object of variable names and values")
        }
        var out: Assignments = []
        out.reserveCapacity(fields.count)
        for f in fields {
            out.append(
                (f.name, try JSONataDataFlow.evaluate(f.value, location: { "Assign/" + f.name }, scope, expressions)))
        }
        return out
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
                throw JSONataDataFlow.unexpectedType(
                    e, field: "Seconds", expected: "integer", value: value, expressions)
            }
            guard seconds >= 0 else {
                throw StateFailure.evaluation(
                    location: "Seconds",
                    "The JSONata expression '\(expressions.compiled(e).text)' specified for the field 'Seconds' returned a negative value: \(seconds)"
                )
            }
            guard Double(seconds) <= maxDelay else { throw StateFailure.runtime("Wait state delay is too long.") }
            return now.addingTimeInterval(Double(seconds))
        case .timestamp(.expression(let e)):
            let value = try JSONataDataFlow.value(e, field: "Timestamp", scope, expressions)
            guard case .string(let text) = value else {
                throw JSONataDataFlow.unexpectedType(
                    e, field: "Timestamp", expected: "string", value: value, expressions)
            }
            guard let date = Timestamp.parse(text) else {
                throw StateFailure.evaluation(
                    location: "Timestamp",
                    "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: \(text)"
                )
            }
            guard date.timeIntervalSince(now) <= maxDelay else {
                throw StateFailure.runtime("Wait state delay is too long.")
            }
            return max(date, now)
        default:
            return try waitUntil(duration, pathScope, now: now)
        }
    }
}
