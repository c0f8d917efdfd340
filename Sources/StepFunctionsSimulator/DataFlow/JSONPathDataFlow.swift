import JSONCore
import StepFunctionsModel

/// What a state's data-flow fields are evaluated against: the payload (`$`), the context object
/// (`$$`) and the workflow variables (`$name`).
struct EvaluationScope {
    /// `$`
    var input: JSONValue
    /// `$$`
    var context: JSONValue
    /// The execution path's randomness (`States.MathRandom`, `States.UUID`).
    var random: RandomSource
    /// `$name`: the variables from before the state.
    var variables: Variables

    /// The same scope with another `$`.
    func with(input: JSONValue) -> EvaluationScope {
        var copy = self
        copy.input = input
        return copy
    }
}

/// A state's evaluated `Assign`: names and values, applied when the state exits.
typealias Assignments = [(name: String, value: JSONValue)]

/// The JSONPath query language's data flow: `InputPath`, `Parameters`/`ItemSelector` with paths and
/// intrinsic functions, `ResultSelector`, `ResultPath` and `OutputPath`, with AWS's errors.
///
/// A JSONata data flow (`Arguments`, `Output`, `Assign`) is a separate strategy chosen per state by
/// its effective query language, so neither language's rules leak into the other.
enum JSONPathDataFlow {
    /// Reads a path from `$` or `$$`; a definite path that misses throws ``PathNotFound``.
    static func read(_ path: JSONPath, _ scope: EvaluationScope) throws(StateFailure) -> Result<JSONValue, PathNotFound>
    {
        let root: JSONValue
        switch path.root {
        case .input: root = scope.input
        case .context: root = scope.context
        case .variable(let name):
            guard let value = scope.variables.value(name) else {
                return .failure(PathNotFound(message: "The variable '$\(name)' is not defined"))
            }
            root = value
        }
        do {
            return .success(try JSONPathEvaluator.evaluate(path, root: root))
        } catch {
            // A filter that gave up is a failure of the state, never a missing path.
            if error.exceededLimit { throw StateFailure.runtime(error.message) }
            return .failure(error)
        }
    }

    /// `InputPath` or `OutputPath`: `null` gives `{}`; a missing definite path is `States.Runtime`.
    @inline(__always)
    static func select(_ path: NullablePath?, _ value: JSONValue, _ scope: EvaluationScope) throws(StateFailure)
        -> JSONValue
    {
        guard let path else { return value }
        return try select(path: path, value, scope)
    }

    /// `select` for a state that has the field.
    static func select(path: NullablePath, _ value: JSONValue, _ scope: EvaluationScope) throws(StateFailure)
        -> JSONValue
    {
        guard case .path(let p) = path else { return .object(JSONObject()) }
        if p.isRoot && p.root == .input { return value }
        var scope = scope
        scope.input = value
        switch try read(p, scope) {
        case .success(let v): return v
        case .failure(let miss): throw StateFailure.runtime("Invalid path '\(p.source)' : \(miss.message)")
        }
    }

    /// Evaluates a `Parameters`, `ItemSelector` or `ResultSelector` template.
    static func evaluate(_ template: PayloadTemplate, _ scope: EvaluationScope, field: String = "Parameters")
        throws(StateFailure) -> JSONValue
    {
        switch template {
        case .literal(let v): return v
        case .object(let fields):
            var o = JSONObject(minimumCapacity: fields.count)
            for f in fields {
                o[f.name] = try evaluate(f.value, scope, field: f.value.needsDollarSuffix ? f.name + ".$" : f.name)
            }
            return .object(o)
        case .array(let items):
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try evaluate(item, scope, field: field)) }
            return .array(out)
        case .path(let p):
            switch try read(p, scope) {
            case .success(let v): return v
            case .failure:
                throw StateFailure.runtime(
                    "The JSONPath '\(p.source)' specified for the field '\(field)' could not be found in the input '\(JSONWriter.compact.string(scope.input))'"
                )
            }
        case .intrinsic(let f):
            return try intrinsic(f, scope, field: field)
        case .expression(let e):
            // A `{% %}` string in a JSONPath state is plain text (the reader keeps it only in JSONata fields).
            return .string(e.delimited)
        }
    }

    /// Evaluates an intrinsic function call; failures are `States.Runtime` naming the field.
    static func intrinsic(_ f: IntrinsicFunction, _ scope: EvaluationScope, field: String) throws(StateFailure)
        -> JSONValue
    {
        let evaluator = IntrinsicEvaluator(
            resolvePath: { path in
                switch try read(path, scope) {
                case .success(let v): return v
                case .failure:
                    throw IntrinsicError(
                        message:
                            "The JSONPath '\(path.source)' specified for the field '\(field)' could not be found in the input '\(JSONWriter.compact.string(scope.input))'"
                    )
                }
            }, random: scope.random)
        do {
            return try evaluator.evaluate(f)
        } catch let e as IntrinsicError {
            throw StateFailure.runtime(e.message)
        } catch let e as StateFailure {
            throw e
        } catch {
            throw StateFailure.runtime("\(error)")
        }
    }

    /// The most members a `ResultPath` may have (our limit: AWS's is not documented).
    static let maxResultPathDepth = 1000

    /// `ResultPath`: `nil` or `$` replaces the input, `null` keeps it, a path merges the result into a copy.
    static func merge(result: JSONValue, into input: JSONValue, at resultPath: NullablePath?) throws(StateFailure)
        -> JSONValue
    {
        guard let resultPath else { return result }
        guard case .path(let p) = resultPath else { return input }
        if p.segments.isEmpty { return result }
        guard p.root == .input else {
            throw StateFailure.runtime("Invalid path '\(p.source)': ResultPath must reference the state input ($)")
        }
        // The common `$.name`: one member set in a copy of the input, without the general walk.
        if p.segments.count == 1, case .member(let name) = p.segments[0] {
            guard case .object(var root) = input else {
                throw StateFailure(
                    error: StatesError.resultPathMatchFailure,
                    cause:
                        "Unable to apply ResultPath \"\(p.source)\" to input \"\(JSONWriter.compact.string(input))\"",
                    kind: .error)
            }
            // A copy, never in place: the input is not unique here. The caller holds it, and so do
            // the history (the state's entered event, the previous state's exited event, as the
            // same object) and the flow's last size-checked value; each state's output is a value
            // of its own in the history.
            root[name] = result
            return .object(root)
        }
        var names: [String] = []
        for s in p.segments {
            guard case .member(let m) = s else {
                throw StateFailure.runtime(
                    "Invalid path '\(p.source)': ResultPath must be a reference path of member names")
            }
            names.append(m)
        }
        // A value nests at most 1,000 levels (as JSONata's values, and Jackson's reader by default);
        // deeper, every reader and writer of the output would have to recurse that deep.
        guard names.count <= JSONPathDataFlow.maxResultPathDepth else {
            throw StateFailure.runtime(
                "Invalid path '\(p.source.prefix(40))...': ResultPath has \(names.count) members; a JSON value nests at "
                    + "most \(JSONPathDataFlow.maxResultPathDepth) levels")
        }
        guard case .object(let root) = input else {
            throw StateFailure(
                error: StatesError.resultPathMatchFailure,
                cause: "Unable to apply ResultPath \"\(p.source)\" to input \"\(JSONWriter.compact.string(input))\"",
                kind: .error)
        }
        return .object(try set(names[...], result, in: root, path: p.source))
    }

    /// `object` with `value` at the member path `names` (missing or null members become objects).
    /// Iterative, so a `ResultPath` of 30,000 members costs no stack.
    static func set(_ names: ArraySlice<String>, _ value: JSONValue, in object: JSONObject, path: String)
        throws(StateFailure)
        -> JSONObject
    {
        guard !names.isEmpty else { return object }
        // Down the path: the object each name is set in.
        var chain: [JSONObject] = [object]
        chain.reserveCapacity(names.count)
        for name in names.dropLast() {
            switch chain[chain.count - 1][name] {
            case nil, .null?: chain.append(JSONObject())
            case .object(let c)?: chain.append(c)
            case let other?:
                throw StateFailure(
                    error: StatesError.resultPathMatchFailure,
                    cause:
                        "Unable to apply ResultPath \"\(path)\" to input: '\(name)' is a \(other.typeName), not an object",
                    kind: .error)
            }
        }
        // Back up: each object with its member replaced.
        var inner = value
        for (o, name) in zip(chain, names).reversed() {
            var copy = o
            copy[name] = inner
            inner = .object(copy)
        }
        guard case .object(let result) = inner else { return object }
        return result
    }
}
