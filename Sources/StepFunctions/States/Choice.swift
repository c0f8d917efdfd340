/// `"Type": "Choice"`: goes to the first rule whose condition holds, or to the `Otherwise` target.
///
/// A Choice closes its chain: the state written after it is not linked from it. Rule targets are
/// states declared elsewhere in the workflow, or written inline in a closure.
///
/// ```swift
/// Choice(.checkAmount) {
///     When(.numericGreaterThan("$.amount", 1000), next: .manualReview)
///     When(.stringEquals("$.status", "CANCELLED")) {
///         Fail(.cancelled, error: "OrderCancelled")
///     }
///     Otherwise(.charge)
/// }
/// ```
public struct Choice<Name: StateName>: StateDefinition {
    /// The state as built so far.
    public var node: StateNode

    /// Creates a Choice state from its rules (``When``) and an optional ``Otherwise`` (`Default`).
    public init(
        _ name: Name, file: String = #filePath, line: UInt = #line, column: UInt = #column,
        @ChoiceRulesBuilder<Name> rules: () -> [ChoiceEntry]
    ) {
        var entries = rules()
        node = StateNode(name: name.stateName, type: .choice, location: .source(file, line, column))
        for i in entries.indices where !entries[i].inline.isEmpty {
            entries[i].target = entries[i].inline.first?.name
            node.attachedBlocks.append(entries[i].inline)
            entries[i].inline = []
        }
        node.body = .choice(entries)
    }
}

/// One rule of a ``Choice`` (a `Choices` entry) or its default (``Otherwise``); opaque.
public struct ChoiceEntry: Sendable {
    /// The condition; `nil` for `Otherwise`.
    var condition: ChoiceCondition?
    /// The target state's name; `nil` when an inline block is empty.
    var target: String?
    /// States written inline as the target.
    var inline: [StateNode] = []
    var assign: Payload?
    var output: Payload?
    var comment: String?
    var location: DiagnosticLocation
}

/// A rule of a ``Choice``: when `condition` holds, go to `next` (or to the first state of the
/// inline block), optionally setting `Assign` and `Output`.
///
/// ```swift
/// When(.booleanEquals("$.approved", true), next: .ship)
/// When(.stringEquals("$.tier", "gold"), assign: ["discount": 10], comment: "Gold customers", next: .ship)
/// ```
public struct When<Name: StateName>: Sendable {
    var entry: ChoiceEntry

    /// A rule that goes to `next`.
    public init(
        _ condition: ChoiceCondition, assign: Payload? = nil, output: Payload? = nil, comment: String? = nil,
        next: Name, file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        entry = ChoiceEntry(
            condition: condition, target: next.stateName, assign: assign, output: output, comment: comment,
            location: .source(file, line, column))
    }

    /// A rule whose target states are written inline; it goes to the first of them.
    public init(
        _ condition: ChoiceCondition, assign: Payload? = nil, output: Payload? = nil, comment: String? = nil,
        file: String = #filePath, line: UInt = #line, column: UInt = #column,
        @StatesBuilder<Name> then states: () -> [StateNode]
    ) {
        entry = ChoiceEntry(
            condition: condition, target: nil, inline: states(), assign: assign, output: output, comment: comment,
            location: .source(file, line, column))
    }
}

/// The `Default` of a ``Choice``: where to go when no rule matches. Without it, an unmatched input
/// fails the execution with `States.NoChoiceMatched`.
///
/// ```swift
/// Otherwise(.charge)
/// Otherwise { Fail(.unknownStatus, error: "UnknownStatus") }
/// ```
public struct Otherwise<Name: StateName>: Sendable {
    var entry: ChoiceEntry

    /// Goes to `next` when no rule matches.
    public init(_ next: Name, file: String = #filePath, line: UInt = #line, column: UInt = #column) {
        entry = ChoiceEntry(condition: nil, target: next.stateName, location: .source(file, line, column))
    }

    /// Goes to the first of the inline states when no rule matches.
    public init(
        file: String = #filePath, line: UInt = #line, column: UInt = #column,
        @StatesBuilder<Name> _ states: () -> [StateNode]
    ) {
        entry = ChoiceEntry(condition: nil, target: nil, inline: states(), location: .source(file, line, column))
    }
}

/// Collects the rules of a ``Choice``: ``When`` entries in order, and at most one ``Otherwise``.
@resultBuilder
public enum ChoiceRulesBuilder<Name: StateName> {
    /// A rule.
    public static func buildExpression(_ rule: When<Name>) -> [ChoiceEntry] { [rule.entry] }
    /// The default.
    public static func buildExpression(_ otherwise: Otherwise<Name>) -> [ChoiceEntry] { [otherwise.entry] }
    /// The entries of a block, in order.
    public static func buildBlock(_ components: [ChoiceEntry]...) -> [ChoiceEntry] { components.flatMap { $0 } }
    /// `if condition { ... }` without `else`.
    public static func buildOptional(_ component: [ChoiceEntry]?) -> [ChoiceEntry] { component ?? [] }
    /// The `if` branch of `if`/`else`.
    public static func buildEither(first component: [ChoiceEntry]) -> [ChoiceEntry] { component }
    /// The `else` branch of `if`/`else`.
    public static func buildEither(second component: [ChoiceEntry]) -> [ChoiceEntry] { component }
    /// `for item in items { When(...) }`.
    public static func buildArray(_ components: [[ChoiceEntry]]) -> [ChoiceEntry] { components.flatMap { $0 } }
}
