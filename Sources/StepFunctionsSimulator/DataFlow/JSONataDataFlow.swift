import Foundation
import JSONCore
import JSONata
import StepFunctionsModel

/// One `{% %}` expression of a definition, compiled once per simulator.
final class CompiledExpression: Sendable {
    /// The expression as AWS quotes it in errors: the text between `{%` and `%}`, trimmed.
    let text: String
    /// The compiled program, or the syntax error AWS would report when the state runs.
    let program: Result<CompiledJSONata, JSONataError>
    /// Whether it may call `$random`, `$uuid` or `$shuffle` (only then is a seed drawn, so a run
    /// without them keeps its random sequence).
    let usesRandom: Bool
    /// `$type((expression))`, compiled on first need: tells a function result (which AWS reports as
    /// an unsupported type) from an undefined one.
    private let typeProbe = Locked<CompiledJSONata??>(nil)

    init(_ expression: JSONataExpression) {
        text = CompiledExpression.trimmed(expression.source)
        do {
            program = .success(try CompiledJSONata.shared(expression.source))
        } catch {
            program = .failure(error)
        }
        usesRandom = ["$random", "$uuid", "$shuffle"].contains { expression.source.containsBytes($0) }
    }

    /// `source` without the white space at its ends: what Foundation's `trimmingCharacters(in:
    /// .whitespacesAndNewlines)` gives (its set is Unicode's White_Space), without bridging the
    /// text to trim nothing from nearly every expression.
    static func trimmed(_ source: String) -> String {
        // ASCII ends (nearly every expression) are trimmed on bytes: a scalar's White_Space property
        // is a table look-up. Unicode's White_Space in ASCII is tab to carriage return, and space.
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
        let utf8 = source.utf8
        if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80 {
            if !isSpace(first) && !isSpace(last) { return source }
            var start = utf8.startIndex
            var end = utf8.endIndex
            while start < end, isSpace(utf8[start]) { start = utf8.index(after: start) }
            while end > start, isSpace(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
            // Stopped at ASCII bytes that are not white space (or met in the middle): done. A
            // non-ASCII scalar at either new end may be white space: the scalars' path judges it.
            if start == end || (utf8[start] < 0x80 && utf8[utf8.index(before: end)] < 0x80) {
                return String(decoding: utf8[start..<end], as: UTF8.self)
            }
        }
        return scalarTrimmed(source)
    }

    /// ``trimmed(_:)`` judged scalar by scalar.
    static func scalarTrimmed(_ source: String) -> String {
        let scalars = source.unicodeScalars
        guard let first = scalars.first, let last = scalars.last,
            first.properties.isWhitespace || last.properties.isWhitespace
        else { return source }
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace {
            end = scalars.index(before: end)
        }
        return String(scalars[start..<end])
    }

    /// Whether the expression's value is a function (which JSON cannot hold).
    func yieldsFunction(bindings: [String: JSONValue], options: JSONataOptions) -> Bool {
        let probe = typeProbe.withLock { cached -> CompiledJSONata? in
            if let cached { return cached }
            let compiled = try? CompiledJSONata("$type((" + text + "\n))")
            cached = .some(compiled)
            return compiled
        }
        guard let probe else { return false }
        let type = try? probe.evaluate(
            nil, bindings: bindings, environment: JSONataDataFlow.environment, options: options)
        return type?.stringValue == "function"
    }
}

/// Every `{% %}` expression of a definition, compiled when the simulator is created.
final class JSONataExpressions: Sendable {
    private let table: [String: CompiledExpression]
    /// Expressions met at run time that the scan did not find (a definition built in code).
    private let late = Locked<[String: CompiledExpression]>([:])

    /// Compiles `expressions` (the plan finds them by walking each state's fields).
    init(_ expressions: [JSONataExpression]) {
        var table: [String: CompiledExpression] = [:]
        for e in expressions where table[e.source] == nil { table[e.source] = CompiledExpression(e) }
        self.table = table
    }

    /// The compiled form of `expression`.
    func compiled(_ expression: JSONataExpression) -> CompiledExpression {
        if let c = table[expression.source] { return c }
        return late.withLock { cache in
            if let c = cache[expression.source] { return c }
            let c = CompiledExpression(expression)
            cache[expression.source] = c
            return c
        }
    }
}

/// What a JSONata state's expressions see: `$states` and the workflow variables.
struct JSONataScope {
    /// `$states`: `input`, `context`, and `result` or `errorOutput` where the field allows them.
    var states: JSONObject {
        didSet { bindings["states"] = .object(states) }
    }
    /// The variables from before the state, and `states`: what every expression is given (built
    /// once per scope, not per expression).
    private(set) var bindings: [String: JSONValue]
    /// The flow's virtual clock for `$now()`/`$millis()` (nil: the real clock).
    var nowMillis: Int64?
    /// Seeds `$random`/`$uuid`/`$shuffle` so a run is reproducible.
    var random: RandomSource

    init(states: JSONObject, variables: Variables, nowMillis: Int64?, random: RandomSource) {
        self.states = states
        bindings = variables.visible
        bindings["states"] = .object(states)
        self.nowMillis = nowMillis
        self.random = random
    }
}

/// The JSONata query language's data flow: `Arguments`, `Output`, `Assign`, `Items`, `ItemSelector`,
/// `Condition` and every `{% %}` field, with AWS's `States.QueryEvaluationError` texts.
enum JSONataDataFlow {
    /// AWS's function library: jsonata 2.0.6 with Step Functions' six functions, without `$eval`
    /// (AWS documents that `$eval` is not available; `$parse` replaces it).
    static let environment = JSONataEnvironment.stepFunctions

    /// Evaluates a template whose `{% %}` strings are expressions; `field` names it in errors
    /// (`Output`, `Arguments/FunctionName`, `Assign/x`).
    static func evaluate(
        _ template: PayloadTemplate, field: String, _ scope: JSONataScope, _ expressions: JSONataExpressions
    ) throws(StateFailure) -> JSONValue {
        try evaluate(template, location: { field }, scope, expressions)
    }

    /// `evaluate` with the field's name built only when an error needs it.
    static func evaluate(
        _ template: PayloadTemplate, location: () -> String, _ scope: JSONataScope, _ expressions: JSONataExpressions
    ) throws(StateFailure) -> JSONValue {
        switch template {
        case .literal(let v): return v
        case .expression(let e): return try value(e, location: location, scope, expressions)
        case .object(let fields):
            var o = JSONObject(minimumCapacity: fields.count)
            for f in fields {
                o[f.name] = try evaluate(f.value, location: { location() + "/" + f.name }, scope, expressions)
            }
            return .object(o)
        case .array(let items):
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                out.append(try evaluate(item, location: { "\(location())[\(i)]" }, scope, expressions))
            }
            return .array(out)
        case .path(let p):
            let field = location()
            throw StateFailure.evaluation(
                location: field,
                "The field '\(field)' holds the JSONPath '\(p.source)', which a JSONata state cannot evaluate")
        case .intrinsic(let f):
            let field = location()
            throw StateFailure.evaluation(
                location: field,
                "The field '\(field)' holds the intrinsic function '\(f)', which a JSONata state cannot evaluate")
        }
    }

    /// Evaluates one expression; an undefined (or function) result is an error, as on AWS.
    static func value(_ e: JSONataExpression, field: String, _ scope: JSONataScope, _ expressions: JSONataExpressions)
        throws(StateFailure) -> JSONValue
    {
        try value(e, location: { field }, scope, expressions)
    }

    /// `value` with the field's name built only when an error needs it.
    private static func value(
        _ e: JSONataExpression, location: () -> String, _ scope: JSONataScope, _ expressions: JSONataExpressions
    ) throws(StateFailure) -> JSONValue {
        let compiled = expressions.compiled(e)
        let program: CompiledJSONata
        switch compiled.program {
        case .success(let p): program = p
        case .failure(let error):
            let field = location()
            throw StateFailure.evaluation(
                location: field,
                "The JSONata expression '\(compiled.text)' specified for the field '\(field)' threw an error during evaluation. \(error.description)"
            )
        }
        let bindings = scope.bindings
        let options = JSONataOptions(
            now: scope.nowMillis, randomSeed: compiled.usesRandom ? scope.random.next() : nil)
        let result: JSONValue?
        do {
            result = try program.evaluate(nil, bindings: bindings, environment: environment, options: options)
        } catch {
            let field = location()
            throw StateFailure.evaluation(
                location: field,
                "The JSONata expression '\(compiled.text)' specified for the field '\(field)' threw an error during evaluation. \(error.description)"
            )
        }
        if let result { return result }
        let field = location()
        if compiled.yieldsFunction(bindings: bindings, options: options) {
            throw StateFailure.evaluation(
                location: field,
                "The JSONata expression '\(compiled.text)' specified for the field '\(field)' returned an unsupported result type."
            )
        }
        throw StateFailure.evaluation(
            location: field,
            "The JSONata expression '\(compiled.text)' specified for the field '\(field)' returned nothing (undefined)."
        )
    }

    /// The error for an expression whose result has the wrong type (`Expected 'array', but was 'boolean' for value: true`).
    static func unexpectedType(
        _ e: JSONataExpression, field: String, expected: String, value: JSONValue, _ expressions: JSONataExpressions
    )
        -> StateFailure
    {
        StateFailure.evaluation(
            location: field,
            "The JSONata expression '\(expressions.compiled(e).text)' specified for the field '\(field)' returned an unexpected result type. Expected '\(expected)', but was '\(value.typeName)' for value: \(JSONWriter.compact.string(value))"
        )
    }

    /// Evaluates a field that may hold a literal or an expression (`TimeoutSeconds`, `MaxConcurrency`...).
    static func dynamic<T>(
        _ v: DynamicValue<T>, field: String, _ scope: JSONataScope, _ expressions: JSONataExpressions,
        expected: String, convert: (JSONValue) -> T?
    ) throws(StateFailure) -> T? {
        switch v {
        case .literal(let x): return x
        case .placeholder: return nil
        case .expression(let e):
            let result = try value(e, field: field, scope, expressions)
            guard let converted = convert(result) else {
                throw unexpectedType(e, field: field, expected: expected, value: result, expressions)
            }
            return converted
        }
    }

    /// A JSON integer (`5`, `5.0`) as an `Int`.
    static func integer(_ v: JSONValue) -> Int? {
        guard case .number(let n) = v, n.isIntegral else { return nil }
        return n.intValue
    }
}
