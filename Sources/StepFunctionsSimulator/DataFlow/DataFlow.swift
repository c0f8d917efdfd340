import Foundation
import JSONCore
import StepFunctionsModel

/// The steps of AWS's input and output processing for one attempt of one state, in one query
/// language. Every state type runs through one template (``Engine/runState(_:input:flow:context:)``),
/// which calls these steps in order: effective input → request → (the state's work) → result →
/// assignments → output. ``JSONPathFlow`` and ``JSONataFlow`` implement them, so no state type is
/// written twice, and each step can be observed (TestState's inspection data are these steps).
///
/// A flow accumulates as it goes: the effective input, then the result, which the later steps use.
protocol DataFlow {
    /// The state's input.
    var input: JSONValue { get }

    /// Starts the data flow of a state (one attempt of it, for the states that retry).
    init(_ engine: Engine, input: JSONValue, context: StateContext, flow: borrowing Flow, attempt: Attempt)

    /// `InputPath` (JSONPath; the input itself in JSONata).
    mutating func effectiveInput(_ inputPath: NullablePath?) throws(StateFailure) -> JSONValue

    /// `Parameters` on the effective input (JSONPath) or `Arguments` (JSONata); without one, the
    /// effective input.
    mutating func request(parameters: PayloadTemplate?, arguments: PayloadTemplate?) throws(StateFailure) -> JSONValue

    /// A template of the state's own language evaluated on the effective input (JSONPath) or with
    /// `$states.input` (JSONata): `Credentials`, an item reader's request, a `BatchInput`...
    mutating func template(_ template: PayloadTemplate, field: String) throws(StateFailure) -> JSONValue

    /// An integer field: a literal, a `{% %}` expression (JSONata) or its `…Path` twin read from the
    /// effective input (JSONPath); `convert` reads an expression's value, `fromPath` a path's, and
    /// `invalid` is AWS's message when a path's value is not one.
    mutating func integer(
        _ value: DynamicValue<Int>?, path: JSONPath?, field: String, expected: String,
        convert: (JSONValue) -> Int?, fromPath: (JSONValue) -> Int?, invalid: (JSONValue) -> String
    ) throws(StateFailure) -> Int?

    /// Takes the time the state's work ended (a Task's call, a Wait, a Map's iterations): what
    /// `$now()` returns in the expressions evaluated after it.
    mutating func resume(at now: Date)

    /// A number field (`ToleratedFailurePercentage`), as ``integer(_:path:field:expected:fromPath:invalid:)``.
    mutating func number(
        _ value: DynamicValue<Double>?, path: JSONPath?, field: String, invalid: (JSONValue) -> String
    ) throws(StateFailure) -> Double?

    /// A Map's items: at `ItemsPath` in the effective input, or the effective input (JSONPath);
    /// `Items`, or the input (JSONata). Not an array: `States.Runtime` (JSONPath) or an evaluation error.
    mutating func items(itemsPath: JSONPath?, items: PayloadTemplate?) throws(StateFailure) -> [JSONValue]

    /// One iteration's input: `ItemSelector` evaluated with the item's context object (`$$.Map.Item`,
    /// `$states.context.Map.Item`).
    mutating func itemInput(_ selector: PayloadTemplate, itemContext: JSONValue) throws(StateFailure) -> JSONValue

    /// Takes the state's result (a Task's response, a Parallel's or Map's array, a Pass's value):
    /// `ResultSelector` applies (JSONPath); `$states.result` is bound (JSONata). Returns the selected result.
    @discardableResult
    mutating func result(_ raw: JSONValue, selector: PayloadTemplate?) throws(StateFailure) -> JSONValue

    /// `Assign`, evaluated against the values from before the state (applied when it exits).
    mutating func assignments(_ assign: PayloadTemplate?) throws(StateFailure) -> Assignments?

    /// The state's output: `ResultPath` then `OutputPath` (JSONPath), or `Output` (JSONata; the result,
    /// else the input, when absent).
    mutating func output(resultPath: NullablePath?, outputPath: NullablePath?, output: PayloadTemplate?)
        throws(StateFailure) -> JSONValue

    /// What a Catch produces from `errorOutput`: the output (`ResultPath` merges it into the input;
    /// JSONata's `Output`, default the error output) and the catcher's `Assign`.
    mutating func caught(_ errorOutput: JSONValue, _ catcher: Catcher) throws(StateFailure)
        -> (output: JSONValue, assigned: Assignments?)

    /// The scope JSONPath comparisons read (Choice rules read `Variable`s in both languages' states).
    var pathScope: EvaluationScope { get }
}

/// Which attempt of a state a data flow belongs to: its retry count and task token (the context
/// object shows them), and whether it is a Task's (whose context has no `RedriveCount`).
struct Attempt {
    /// Retries before this attempt (nil for states that cannot retry).
    var retryCount: Int?
    /// The task token of a callback task.
    var token: String?
    /// Whether the state is a Task.
    var isTask = false

    /// A state that does not retry.
    static let single = Attempt()
}

/// The JSONPath query language's steps: `InputPath`, `Parameters` (paths and intrinsic functions),
/// `ResultSelector`, `ResultPath` and `OutputPath`.
struct JSONPathFlow: DataFlow {
    let input: JSONValue
    private let engine: Engine
    private let inspection: Inspection?
    /// `$` is the effective input, `$$` the context object, `$name` the variables.
    private(set) var pathScope: EvaluationScope
    private var effective: JSONValue
    /// The raw result, and the result after `ResultSelector`.
    private var raw: JSONValue?
    private var selected: JSONValue?

    init(_ engine: Engine, input: JSONValue, context: StateContext, flow: borrowing Flow, attempt: Attempt) {
        self.engine = engine
        self.input = input
        inspection = flow.inspection
        effective = input
        pathScope = engine.scope(
            input, context, flow: flow, retryCount: attempt.retryCount, token: attempt.token, isTask: attempt.isTask)
    }

    mutating func effectiveInput(_ inputPath: NullablePath?) throws(StateFailure) -> JSONValue {
        effective = try JSONPathDataFlow.select(inputPath, input, pathScope)
        pathScope.input = effective
        inspection?.record("input", input)
        inspection?.record("afterInputPath", effective)
        return effective
    }

    mutating func request(parameters: PayloadTemplate?, arguments: PayloadTemplate?) throws(StateFailure) -> JSONValue {
        let request =
            try parameters.map { (p) throws(StateFailure) in try JSONPathDataFlow.evaluate(p, pathScope) } ?? effective
        inspection?.record("afterParameters", request)
        return request
    }

    mutating func template(_ template: PayloadTemplate, field: String) throws(StateFailure) -> JSONValue {
        try JSONPathDataFlow.evaluate(template, pathScope, field: field)
    }

    mutating func integer(
        _ value: DynamicValue<Int>?, path: JSONPath?, field: String, expected: String,
        convert: (JSONValue) -> Int?, fromPath: (JSONValue) -> Int?, invalid: (JSONValue) -> String
    ) throws(StateFailure) -> Int? {
        try engine.numberField(
            value, path, field: field, pathScope, nil, expected: expected, convert: convert, fromPath: fromPath,
            invalid: invalid)
    }

    mutating func resume(at now: Date) {}

    mutating func number(
        _ value: DynamicValue<Double>?, path: JSONPath?, field: String, invalid: (JSONValue) -> String
    ) throws(StateFailure) -> Double? {
        try engine.numberField(
            value, path, field: field, pathScope, nil, expected: "number", convert: { $0.doubleValue },
            fromPath: Engine.double, invalid: invalid)
    }

    mutating func items(itemsPath: JSONPath?, items: PayloadTemplate?) throws(StateFailure) -> [JSONValue] {
        let value: JSONValue
        if let itemsPath {
            switch try JSONPathDataFlow.read(itemsPath, pathScope) {
            case .success(let v): value = v
            case .failure(let miss): throw StateFailure.runtime("Invalid path '\(itemsPath.source)' : \(miss.message)")
            }
        } else {
            value = effective
        }
        guard case .array(let list) = value else {
            if engine.testState != nil {
                // TestState's wording (recorded for `$$…` paths, shown without their first `$`).
                let path = itemsPath?.source ?? "$"
                throw StateFailure.runtime(
                    "Reference path \"\(path.hasPrefix("$$") ? String(path.dropFirst()) : path)\" must point to array.")
            }
            throw StateFailure.runtime(
                "Invalid path '\(itemsPath?.source ?? "$")' : The path must point to a JSON array; found \(value.typeName) \(JSONWriter.compact.string(value))"
            )
        }
        return list
    }

    mutating func itemInput(_ selector: PayloadTemplate, itemContext: JSONValue) throws(StateFailure) -> JSONValue {
        var itemScope = pathScope
        itemScope.context = itemContext
        return try JSONPathDataFlow.evaluate(selector, itemScope, field: "ItemSelector")
    }

    @discardableResult
    mutating func result(_ raw: JSONValue, selector: PayloadTemplate?) throws(StateFailure) -> JSONValue {
        self.raw = raw
        let selected =
            try selector.map { (t) throws(StateFailure) in
                try JSONPathDataFlow.evaluate(t, pathScope.with(input: raw), field: "ResultSelector")
            } ?? raw
        self.selected = selected
        inspection?.record("result", raw)
        inspection?.record("afterResultSelector", selected)
        return selected
    }

    mutating func assignments(_ assign: PayloadTemplate?) throws(StateFailure) -> Assignments? {
        guard let assign else { return nil }
        // `$` is the state's raw result (as ResultSelector sees it), or its effective input when it has none.
        return try engine.jsonPathAssignments(assign: assign, raw ?? effective, pathScope)
    }

    mutating func output(resultPath: NullablePath?, outputPath: NullablePath?, output: PayloadTemplate?)
        throws(StateFailure) -> JSONValue
    {
        guard let selected else { return try JSONPathDataFlow.select(outputPath, effective, pathScope) }
        let placed = try JSONPathDataFlow.merge(result: selected, into: input, at: resultPath)
        inspection?.record("afterResultPath", placed)
        return try JSONPathDataFlow.select(outputPath, placed, pathScope)
    }

    mutating func caught(_ errorOutput: JSONValue, _ catcher: Catcher) throws(StateFailure)
        -> (output: JSONValue, assigned: Assignments?)
    {
        let assigned = try catcher.assign.map { (a) throws(StateFailure) in
            try engine.jsonPathAssignments(assign: a, errorOutput, pathScope)
        }
        return (try JSONPathDataFlow.merge(result: errorOutput, into: input, at: catcher.resultPath), assigned)
    }
}

/// The JSONata query language's steps: `Arguments`, `Output`, `Assign` and `{% %}` fields, with
/// `$states.input`, `$states.result`, `$states.errorOutput` and `$states.context`.
struct JSONataFlow: DataFlow {
    let input: JSONValue
    private let engine: Engine
    private let inspection: Inspection?
    private var scope: JSONataScope
    private var hasResult = false
    let pathScope: EvaluationScope

    init(_ engine: Engine, input: JSONValue, context: StateContext, flow: borrowing Flow, attempt: Attempt) {
        self.engine = engine
        self.input = input
        inspection = flow.inspection
        scope = engine.jsonataScope(
            input, context, flow: flow, retryCount: attempt.retryCount, token: attempt.token, isTask: attempt.isTask)
        pathScope = engine.scope(input, context, flow: flow, retryCount: attempt.retryCount)
    }

    mutating func effectiveInput(_ inputPath: NullablePath?) throws(StateFailure) -> JSONValue {
        inspection?.record("input", input)
        return input
    }

    mutating func request(parameters: PayloadTemplate?, arguments: PayloadTemplate?) throws(StateFailure) -> JSONValue {
        let request =
            try arguments.map { (a) throws(StateFailure) in
                try JSONataDataFlow.evaluate(a, field: "Arguments", scope, engine.expressions)
            } ?? input
        inspection?.record("afterArguments", request)
        return request
    }

    mutating func template(_ template: PayloadTemplate, field: String) throws(StateFailure) -> JSONValue {
        try JSONataDataFlow.evaluate(template, field: field, scope, engine.expressions)
    }

    mutating func integer(
        _ value: DynamicValue<Int>?, path: JSONPath?, field: String, expected: String,
        convert: (JSONValue) -> Int?, fromPath: (JSONValue) -> Int?, invalid: (JSONValue) -> String
    ) throws(StateFailure) -> Int? {
        try engine.numberField(
            value, path, field: field, pathScope, scope, expected: expected, convert: convert, fromPath: fromPath,
            invalid: invalid)
    }

    mutating func resume(at now: Date) {
        if scope.nowMillis != nil { scope.nowMillis = Int64((now.timeIntervalSince1970 * 1000).rounded(.down)) }
    }

    mutating func number(
        _ value: DynamicValue<Double>?, path: JSONPath?, field: String, invalid: (JSONValue) -> String
    ) throws(StateFailure) -> Double? {
        try engine.numberField(
            value, path, field: field, pathScope, scope, expected: "number", convert: { $0.doubleValue },
            fromPath: Engine.double, invalid: invalid)
    }

    mutating func items(itemsPath: JSONPath?, items: PayloadTemplate?) throws(StateFailure) -> [JSONValue] {
        try engine.jsonataItems(items, input: input, scope)
    }

    mutating func itemInput(_ selector: PayloadTemplate, itemContext: JSONValue) throws(StateFailure) -> JSONValue {
        var itemScope = scope
        itemScope.states["context"] = itemContext
        return try JSONataDataFlow.evaluate(selector, field: "ItemSelector", itemScope, engine.expressions)
    }

    @discardableResult
    mutating func result(_ raw: JSONValue, selector: PayloadTemplate?) throws(StateFailure) -> JSONValue {
        scope.states["result"] = raw
        hasResult = true
        inspection?.record("result", raw)
        return raw
    }

    mutating func assignments(_ assign: PayloadTemplate?) throws(StateFailure) -> Assignments? {
        try engine.jsonataAssignments(assign, scope)
    }

    mutating func output(resultPath: NullablePath?, outputPath: NullablePath?, output: PayloadTemplate?)
        throws(StateFailure) -> JSONValue
    {
        if let output { return try JSONataDataFlow.evaluate(output, field: "Output", scope, engine.expressions) }
        return hasResult ? (scope.states["result"] ?? input) : input
    }

    mutating func caught(_ errorOutput: JSONValue, _ catcher: Catcher) throws(StateFailure)
        -> (output: JSONValue, assigned: Assignments?)
    {
        scope.states["errorOutput"] = errorOutput
        let assigned = try engine.jsonataAssignments(catcher.assign, scope)
        let output =
            try catcher.output.map { (t) throws(StateFailure) in
                try JSONataDataFlow.evaluate(t, field: "Output", scope, engine.expressions)
            } ?? errorOutput
        return (output, assigned)
    }

    /// The JSONata scope, for the fields evaluated with their own rules (a Wait's `Seconds`, a Fail's `Error`).
    var jsonataScope: JSONataScope { scope }
}
