/// Collects the states of a block, in order: a state machine's body, its `handlers:`, a ``Branch``, a
/// ``Map`` processor, or an inline Catch or Choice target.
///
/// A block is a sequence: each state goes to the one written after it (`Next`) and the last ends the
/// graph (`End`), unless it is a Succeed, Fail or Choice, or has an explicit `.next(...)`/`.end()`;
/// such a state closes the chain and the following state starts a new one (reached by a Catch or a
/// Choice rule). `if`, `if`/`else`, `switch` and `for` work as in any result builder.
///
/// ```swift
/// StateMachine(OrderStep.self) {
///     LambdaInvoke(.validate, function: "validate")   // Next: Charge
///     LambdaInvoke(.charge, function: "charge")       // End: true
/// }
/// ```
@resultBuilder
public enum StatesBuilder<Name: StateName> {
    /// One state: `Pass(.start)`.
    public static func buildExpression(_ state: some StateDefinition<Name>) -> [StateNode] { [state.node] }

    /// A state that overrides a typed workflow's query language, named `.mixed(.someCase)` (see
    /// ``MixedLanguage``).
    public static func buildExpression(_ state: some StateDefinition<MixedLanguage<Name>>) -> [StateNode] {
        [state.node]
    }

    /// A reusable group of states: `checks()` where `func checks() -> StateGroup<OrderStep>`.
    public static func buildExpression(_ group: StateGroup<Name>) -> [StateNode] { group.nodes }

    /// The statements of a block, in order.
    public static func buildBlock(_ components: [StateNode]...) -> [StateNode] { components.flatMap { $0 } }

    /// `if condition { ... }` without `else`.
    public static func buildOptional(_ component: [StateNode]?) -> [StateNode] { component ?? [] }

    /// The `if` branch of `if`/`else` (or a `switch` case).
    public static func buildEither(first component: [StateNode]) -> [StateNode] { component }

    /// The `else` branch of `if`/`else` (or a `switch` case).
    public static func buildEither(second component: [StateNode]) -> [StateNode] { component }

    /// `for item in items { ... }`: the states of every iteration, in order.
    public static func buildArray(_ components: [[StateNode]]) -> [StateNode] { components.flatMap { $0 } }

    /// `if #available(...) { ... }`.
    public static func buildLimitedAvailability(_ component: [StateNode]) -> [StateNode] { component }
}

/// A group of states written as a block and used inside another block, to share a sequence between
/// workflows of the same name type or to build one in a function.
///
/// ```swift
/// func notifyAndFail() -> StateGroup<OrderStep> {
///     StateGroup {
///         SNSPublish(.notify, topic: topicARN, message: .path("$.error"))
///         Fail(.failed, error: "OrderFailed")
///     }
/// }
/// ```
public struct StateGroup<Name: StateName>: Sendable {
    /// The states, in order.
    var nodes: [StateNode]

    /// Creates a group from a block of states.
    public init(@StatesBuilder<Name> _ states: () -> [StateNode]) { self.nodes = states() }
}
