/// `"Type": "Parallel"`: runs its branches concurrently; its result is the array of the branches'
/// outputs, in branch order.
///
/// ```swift
/// Parallel(.postProcessing) {
///     Branch { LambdaInvoke(.updateDatabase, function: "update-db") }
///     Branch { SNSPublish(.sendConfirmation, topic: topicARN, message: .path("$.confirmation")) }
/// }
/// .resultPath("$.results")
/// .catch(.all, resultPath: "$.error", next: .compensate)
/// ```
public struct Parallel<Name: StateName>: StateDefinition {
    /// The state as built so far.
    public var node: StateNode

    /// Creates a Parallel state from its ``Branch``es.
    public init(
        _ name: Name, file: String = #filePath, line: UInt = #line, column: UInt = #column,
        @BranchesBuilder<Name> branches: () -> [Branch<Name>]
    ) {
        node = StateNode(
            name: name.stateName, type: .parallel, location: .source(file, line, column),
            body: .parallel(branches().map(\.spec)))
    }
}

/// One branch of a ``Parallel``: a block of states run in sequence, with its own `StartAt`.
public struct Branch<Name: StateName>: Sendable {
    var spec: StateNode.BranchSpec

    /// Creates a branch; `comment` sets the branch's `Comment`.
    public init(
        comment: String? = nil, file: String = #filePath, line: UInt = #line, column: UInt = #column,
        @StatesBuilder<Name> _ states: () -> [StateNode]
    ) {
        spec = StateNode.BranchSpec(states: states(), comment: comment, location: .source(file, line, column))
    }
}

/// Collects the ``Branch``es of a ``Parallel``, in order.
@resultBuilder
public enum BranchesBuilder<Name: StateName> {
    /// One branch.
    public static func buildExpression(_ branch: Branch<Name>) -> [Branch<Name>] { [branch] }
    /// The branches of a block, in order.
    public static func buildBlock(_ components: [Branch<Name>]...) -> [Branch<Name>] { components.flatMap { $0 } }
    /// `if condition { Branch { ... } }`.
    public static func buildOptional(_ component: [Branch<Name>]?) -> [Branch<Name>] { component ?? [] }
    /// The `if` branch of `if`/`else`.
    public static func buildEither(first component: [Branch<Name>]) -> [Branch<Name>] { component }
    /// The `else` branch of `if`/`else`.
    public static func buildEither(second component: [Branch<Name>]) -> [Branch<Name>] { component }
    /// `for region in regions { Branch { ... } }`.
    public static func buildArray(_ components: [[Branch<Name>]]) -> [Branch<Name>] { components.flatMap { $0 } }
}
