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
        /// The state input: `$` in JSONPath states, `$states.input` in JSONata states.
        case stateInput
        /// The task token: `$$.Task.Token` in JSONPath states, `$states.context.Task.Token` in JSONata states.
        case taskToken
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
    public static var stateInput: Payload { Payload(.stateInput) }

    /// The task token for `.waitForTaskToken` tasks: `$$.Task.Token` (JSONPath) or
    /// `$states.context.Task.Token` (JSONata).
    public static var taskToken: Payload { Payload(.taskToken) }
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
