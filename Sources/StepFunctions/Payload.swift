/// A payload template written as a Swift literal: `Parameters`, `Arguments`, `ResultSelector`,
/// `ItemSelector`, `Output`, `Assign` and the payload arguments of the service tasks.
///
/// Object literals keep their key order. A member whose value is ``path(_:)`` or an intrinsic call
/// gets its `.$` key suffix when the workflow compiles, so you never type `".$"`:
///
/// ```swift
/// .parameters([
///     "orderId": .path("$.orderId"),                     // "orderId.$": "$.orderId"
///     "status": "CONFIRMED",                             // "status": "CONFIRMED"
///     "message": .format("Order {} confirmed", .path("$.orderId")),
/// ])
/// ```
///
/// In JSONata states use ``jsonata(_:)`` for computed values (`"{% $states.input.orderId %}"`).
/// A string literal is always a literal, even when it starts with `$`.
public struct Payload: Sendable, Hashable {
    /// One member of an object literal.
    struct Member: Sendable, Hashable {
        var key: String
        var value: Payload
    }

    indirect enum Node: Sendable, Hashable {
        case literal(JSONValue)
        case object([Member])
        case array([Payload])
        /// A JSONPath, checked when the workflow compiles.
        case path(String)
        /// An intrinsic call's text, checked when the workflow compiles.
        case intrinsic(String)
        /// A JSONata expression's text (without `{% %}`).
        case jsonata(String)
        /// A field of the state input (`$.a.b` / `$states.input.a.b`) or of the context object
        /// (`$$.a.b` / `$states.context.a.b`), by its keys; no keys is the whole input or context.
        case reference(ReferenceRoot, [PathStep])
    }

    /// What a ``Node/reference(_:_:)`` starts from.
    enum ReferenceRoot: Sendable, Hashable {
        case input, context
    }

    var node: Node

    init(_ node: Node) { self.node = node }

    /// A JSONPath value (`$.x`, `$$.Execution.Id`, `$variable.x`); its key gets the `.$` suffix.
    public static func path(_ path: String) -> Payload { Payload(.path(path)) }

    /// An intrinsic function call written as text, e.g. `"States.Format('{}', $.name)"`; its key gets
    /// the `.$` suffix. The typed helpers such as ``format(_:_:)`` build the same text for you.
    public static func intrinsic(_ call: String) -> Payload { Payload(.intrinsic(call)) }

    /// A JSONata expression (JSONata states), written without the `{% %}` delimiters.
    public static func jsonata(_ expression: String) -> Payload { Payload(.jsonata(expression)) }

    /// A `${Name}` placeholder that CloudFormation `DefinitionSubstitutions` or Terraform
    /// `templatefile` replaces at deployment.
    public static func placeholder(_ name: String) -> Payload { Payload(.literal(.string("${" + name + "}"))) }

    /// A literal JSON value.
    public static func value(_ value: JSONValue) -> Payload { Payload(.literal(value)) }

    /// The whole state input: `"$"` in JSONPath states, `"{% $states.input %}"` in JSONata states.
    public static var stateInput: Payload { Payload(.reference(.input, [])) }

    /// The task token for `.waitForTaskToken` tasks: `$$.Task.Token` (JSONPath) or
    /// `$states.context.Task.Token` (JSONata).
    public static var taskToken: Payload { context("Task", "Token") }
}

/// Values that are written for the state's query language: a JSONPath (`$.orderId`, `$$.Execution.Id`)
/// in JSONPath states, a JSONata expression (`{% $states.input.orderId %}`,
/// `{% $states.context.Execution.Id %}`) in JSONata states. The same workflow code works in both.
///
/// ```swift
/// .itemSelector(["sku": .mapItem("sku"), "orderId": .input("orderId")])
/// // JSONPath: {"sku.$": "$$.Map.Item.Value.sku", "orderId.$": "$.orderId"}
/// // JSONata:  {"sku": "{% $states.context.Map.Item.Value.sku %}", "orderId": "{% $states.input.orderId %}"}
/// ```
extension Payload {
    /// A field of the state input, by its keys and array indexes: `.input("order", "id")` is
    /// `$.order.id` or `$states.input.order.id`; `.input("results", 0, "Payload")` is
    /// `$.results[0].Payload`. Keys that are not plain identifiers are quoted (`$['a b']`, `` `a b` ``).
    public static func input(_ keys: PathStep...) -> Payload { Payload(.reference(.input, keys)) }

    /// A field of the context object, by its keys: `.context("Execution", "Id")` is `$$.Execution.Id`
    /// or `$states.context.Execution.Id`.
    public static func context(_ keys: PathStep...) -> Payload { Payload(.reference(.context, keys)) }

    /// The current Map item (inside a Map's `ItemSelector`), or a field of it: `.mapItem("sku")` is
    /// `$$.Map.Item.Value.sku` or `$states.context.Map.Item.Value.sku`.
    public static func mapItem(_ keys: PathStep...) -> Payload {
        Payload(.reference(.context, ["Map", "Item", "Value"] + keys))
    }

    /// The current Map item's index (inside a Map's `ItemSelector`): `$$.Map.Item.Index`.
    public static var mapItemIndex: Payload { context("Map", "Item", "Index") }

    /// The execution's ARN: `$$.Execution.Id` (a natural idempotency key).
    public static var executionID: Payload { context("Execution", "Id") }

    /// The execution's name: `$$.Execution.Name`.
    public static var executionName: Payload { context("Execution", "Name") }

    /// The execution's original input: `$$.Execution.Input`.
    public static var executionInput: Payload { context("Execution", "Input") }

    /// When the execution started: `$$.Execution.StartTime`.
    public static var executionStartTime: Payload { context("Execution", "StartTime") }

    /// The execution's role ARN: `$$.Execution.RoleArn`.
    public static var executionRoleARN: Payload { context("Execution", "RoleArn") }

    /// The state machine's ARN: `$$.StateMachine.Id`.
    public static var stateMachineID: Payload { context("StateMachine", "Id") }

    /// The state machine's name: `$$.StateMachine.Name`.
    public static var stateMachineName: Payload { context("StateMachine", "Name") }

    /// The current state's name: `$$.State.Name`.
    public static var currentStateName: Payload { context("State", "Name") }

    /// When the current state was entered: `$$.State.EnteredTime`.
    public static var stateEnteredTime: Payload { context("State", "EnteredTime") }

    /// How many times the current state has been retried: `$$.State.RetryCount`.
    public static var retryCount: Payload { context("State", "RetryCount") }
}

/// One step of a ``Payload/input(_:)``, ``Payload/context(_:)`` or ``Payload/mapItem(_:)``
/// reference: an object key (a string literal, or `.key(name)`) or an array index (an integer
/// literal, or `.index(i)`), checked like any path when the workflow compiles.
public enum PathStep: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// An object key.
    case key(String)
    /// An array index.
    case index(Int)
    /// An object key from a literal.
    public init(stringLiteral value: String) { self = .key(value) }
    /// An array index from a literal.
    public init(integerLiteral value: Int) { self = .index(value) }
}

extension Payload.ReferenceRoot {
    /// The reference as a JSONPath (`$.a`, `$$.Map.Item.Value`, `$.results[0]`).
    func jsonPath(_ steps: [PathStep]) -> String {
        var text = self == .input ? "$" : "$$"
        for step in steps {
            guard case .key(let key) = step else {
                if case .index(let i) = step { text += "[\(i)]" }
                continue
            }
            if Self.isIdentifier(key) {
                text += "." + key
            } else {
                var quoted = ""
                for c in key {
                    if c == "'" || c == "\\" { quoted.append("\\") }
                    quoted.append(c)
                }
                text += "['" + quoted + "']"
            }
        }
        return text
    }

    /// The reference as a JSONata expression (`$states.input.a`, `$states.context.Map.Item.Value`).
    func jsonata(_ steps: [PathStep]) -> String {
        var text = self == .input ? "$states.input" : "$states.context"
        for step in steps {
            switch step {
            case .key(let key): text += "." + (Self.isIdentifier(key) ? key : "`" + key + "`")
            case .index(let i): text += "[\(i)]"
            }
        }
        return text
    }

    /// Whether `key` can be written after a dot in both languages.
    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }
}

extension Payload: ExpressibleByDictionaryLiteral {
    /// An object; members keep the order in which they are written.
    public init(dictionaryLiteral elements: (String, Payload)...) {
        self.init(.object(elements.map { Member(key: $0.0, value: $0.1) }))
    }
}

extension Payload: ExpressibleByArrayLiteral {
    /// An array.
    public init(arrayLiteral elements: Payload...) { self.init(.array(elements)) }
}

extension Payload: ExpressibleByStringInterpolation {
    /// A literal string (never a path, even when it starts with `$`); interpolation works too.
    public init(stringLiteral value: String) { self.init(.literal(.string(value))) }
}

extension Payload: ExpressibleByIntegerLiteral {
    /// A literal integer.
    public init(integerLiteral value: Int) { self.init(.literal(.int(value))) }
}

extension Payload: ExpressibleByFloatLiteral {
    /// A literal number.
    public init(floatLiteral value: Double) { self.init(.literal(.double(value))) }
}

extension Payload: ExpressibleByBooleanLiteral {
    /// A literal boolean.
    public init(booleanLiteral value: Bool) { self.init(.literal(.bool(value))) }
}

extension Payload: ExpressibleByNilLiteral {
    /// A literal `null`.
    public init(nilLiteral: ()) { self.init(.literal(.null)) }
}
