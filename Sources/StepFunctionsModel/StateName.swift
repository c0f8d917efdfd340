/// A type whose values name the states of one workflow, usually an enum.
///
/// Write each name once: a case without a raw value is named after the case, its first letter
/// uppercased (`validateOrder` → `ValidateOrder`, `callExternalAPI` → `CallExternalAPI`; see
/// ``StateNaming/aslName(fromCase:)``). A `String` raw value overrides it, for names the rule cannot
/// spell (`"Validate order"`, `"step-1"`). The DSL binds a workflow to its name type, so a misspelt
/// state does not compile; the simulator's handlers take the same type.
///
/// ```swift
/// enum PaymentStep: StateName, CaseIterable {
///     case validateOrder, processPayment, handleFailure   // ValidateOrder, ProcessPayment, HandleFailure
/// }
/// enum LegacyStep: String, StateName {
///     case validate = "Validate order"                    // a raw value names the state
/// }
/// ```
public protocol StateName: Hashable, Sendable {
    /// The query language of the workflow's states, as a type (``MixedStates`` unless declared):
    /// ``JSONataStateName`` and ``JSONPathStateName`` fix it, so the other language's modifiers do
    /// not compile.
    associatedtype Language: QueryLanguageStates = MixedStates
    /// The ASL state name: the `String` raw value, or the case name with its first letter uppercased.
    var stateName: String { get }
    /// The value whose ASL name is `stateName`; `nil` when there is none, or when the type has
    /// neither `String` raw values nor `CaseIterable` (which mapping a name back needs).
    static func named(_ stateName: String) -> Self?
}

extension StateName {
    /// The case name with its first letter uppercased (``StateNaming/aslName(fromCase:)``).
    ///
    /// The name is the one Swift prints for the value, so a type that customises its description
    /// (`CustomStringConvertible`) should give its cases `String` raw values instead. A struct or
    /// class with a stored `rawValue: String` (which conformed when `StateName` required
    /// `RawRepresentable`) is named by it, so such a type keeps its names without declaring
    /// `RawRepresentable`.
    public var stateName: String {
        let mirror = Mirror(reflecting: self)
        if mirror.displayStyle != .enum,
            let raw = mirror.children.first(where: { $0.label == "rawValue" })?.value as? String
        {
            return raw
        }
        return StateNaming.aslName(fromCase: String(describing: self))
    }

    /// `nil`: without `String` raw values or `CaseIterable`, a name cannot be mapped back to a value.
    public static func named(_ stateName: String) -> Self? { nil }
}

extension StateName where Self: RawRepresentable, RawValue == String {
    /// The raw value.
    public var stateName: String { rawValue }

    /// The case whose raw value is `stateName`.
    public static func named(_ stateName: String) -> Self? { Self(rawValue: stateName) }
}

extension StateName where Self: CaseIterable {
    /// The case whose ASL name is `stateName`.
    public static func named(_ stateName: String) -> Self? { allCases.first { $0.stateName == stateName } }
}

extension StateName where Self: CaseIterable & RawRepresentable, RawValue == String {
    /// The case whose raw value is `stateName`.
    public static func named(_ stateName: String) -> Self? { Self(rawValue: stateName) }
}

/// The rule that turns a Swift case name into an ASL state name.
public enum StateNaming {
    /// `name` with its first character uppercased and the rest unchanged, so acronyms and digits stay
    /// as written: `validateOrder` → `ValidateOrder`, `callExternalAPI` → `CallExternalAPI`,
    /// `sendSMS2` → `SendSMS2`, `_retry` → `_retry`.
    public static func aslName(fromCase name: String) -> String {
        guard let first = name.first else { return name }
        return first.uppercased() + name.dropFirst()
    }
}

/// The query language a workflow's states are written in, as a type: a state-name type's
/// ``StateName/Language``. With ``JSONPathStates`` or ``JSONataStates`` the DSL offers only that
/// language's modifiers, so writing `.resultPath(...)` in a JSONata workflow is a compile error;
/// with ``MixedStates`` (the default) every modifier is offered and compiling reports a field of the
/// wrong language.
public protocol QueryLanguageStates: Sendable {
    /// The top-level `QueryLanguage` a workflow of these states writes (`nil`: none, JSONPath).
    static var topLevel: QueryLanguage? { get }
}

/// Languages whose states may use the JSONPath fields (`InputPath`, `Parameters`, `ResultSelector`,
/// `ResultPath`, `OutputPath`, `…Path` twins).
public protocol JSONPathCapable: QueryLanguageStates {}

/// Languages whose states may use the JSONata fields (`Arguments`, `Output`, `Items`, JSONata values).
public protocol JSONataCapable: QueryLanguageStates {}

/// Every state is JSONPath: the JSONata-only modifiers do not compile.
public enum JSONPathStates: JSONPathCapable {
    /// No top-level `QueryLanguage` (JSONPath is the default).
    public static var topLevel: QueryLanguage? { nil }
}

/// Every state is JSONata (`"QueryLanguage": "JSONata"` is written at the top): the JSONPath-only
/// modifiers do not compile.
public enum JSONataStates: JSONataCapable {
    /// `JSONata`.
    public static var topLevel: QueryLanguage? { .jsonata }
}

/// States of either language, chosen per workflow or per state with `.queryLanguage(...)`; every
/// modifier is offered, and compiling reports a field of the wrong language. The default.
public enum MixedStates: JSONPathCapable, JSONataCapable {
    /// None: the workflow's `.queryLanguage(...)` decides.
    public static var topLevel: QueryLanguage? { nil }
}

/// A state-name type of a JSONata workflow: its states offer only the JSONata modifiers.
///
/// ```swift
/// enum OrderStep: JSONataStateName { case validate, charge }
/// StateMachine(OrderStep.self) {
///     LambdaInvoke(.validate, function: "validate").output(.jsonata("$states.result.Payload"))
///     LambdaInvoke(.charge, function: "charge").resultPath("$.x")   // error: ResultPath is a JSONPath field...
/// }
/// ```
public protocol JSONataStateName: StateName where Language == JSONataStates {}

/// A state-name type of a JSONPath workflow: its states offer only the JSONPath modifiers.
public protocol JSONPathStateName: StateName where Language == JSONPathStates {}

/// A state of a ``JSONataStateName`` or ``JSONPathStateName`` workflow that overrides the
/// workflow's query language: the state is named `.mixed(.someCase)`, so it offers every modifier,
/// and `.queryLanguage(...)` sets its own language.
///
/// ```swift
/// enum Step: JSONPathStateName { case lookUp, charge }
/// StateMachine(Step.self) {
///     LambdaInvoke(.mixed(.lookUp), function: "look-up").queryLanguage(.jsonata).output(.jsonata("$states.result"))
///     LambdaInvoke(.charge, function: "charge").resultPath("$.charged")
/// }
/// ```
///
/// AWS lets a JSONPath workflow's states use JSONata, not the reverse: in a ``JSONataStateName``
/// workflow a JSONPath state is reported when the workflow compiles (`query-language-downgrade`).
/// A state named this way is still a state of the workflow (the builder blocks accept it); in its
/// own nested blocks and transitions the other states are named `.mixed(...)` too.
public struct MixedLanguage<Base: StateName>: StateName {
    /// Every modifier is offered.
    public typealias Language = MixedStates
    /// The state's name in the workflow's own type.
    public var base: Base
    /// Names `base` with every modifier offered.
    public init(_ base: Base) { self.base = base }
    /// Names `base` with every modifier offered.
    public static func mixed(_ base: Base) -> Self { Self(base) }
    /// The ASL name of `base`.
    public var stateName: String { base.stateName }
    /// The value whose base has the ASL name `stateName`.
    public static func named(_ stateName: String) -> Self? { Base.named(stateName).map(Self.init) }
}
