/// A state of a workflow whose state names are `Name`: what a ``StatesBuilder`` block accepts.
///
/// Every state type (``Pass``, ``Choice``, ``LambdaInvoke``, ...) conforms. Modifiers return a modified
/// copy and are declared on the refining protocols, so a state only offers the fields its ASL type
/// has: `Pass(...).retry(...)` does not compile, because Pass states cannot retry.
public protocol StateDefinition<Name>: Sendable {
    /// The workflow's state-name type.
    associatedtype Name: StateName
    /// The state as built so far (opaque; builders and modifiers fill it in).
    var node: StateNode { get set }
}

extension StateDefinition {
    /// A copy with `change` applied to the node and `field` recorded as written at `fileID:line`.
    func modified(_ field: FieldPath? = nil, _ fileID: String, _ line: UInt, _ change: (inout StateNode) -> Void)
        -> Self
    {
        var copy = self
        change(&copy.node)
        if let field { copy.node.record(field, fileID: fileID, line: line) }
        return copy
    }

    /// Sets `Comment`.
    ///
    /// ```swift
    /// Pass(.start).comment("Entry point")
    /// ```
    public func comment(_ text: String, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("Comment"), fileID, line) { $0.fields.comment = text }
    }

    /// Sets `QueryLanguage` for this state, overriding the state machine's default.
    ///
    /// ```swift
    /// Pass(.shape).queryLanguage(.jsonata).output(["total": .jsonata("$sum($states.input.items.price)")])
    /// ```
    public func queryLanguage(_ language: QueryLanguage, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("QueryLanguage"), fileID, line) { $0.fields.queryLanguage = language }
    }
}

extension FieldPath {
    /// A one-key relative path, e.g. `.field("TimeoutSeconds")`.
    static func field(_ key: String) -> FieldPath { FieldPath([.key(key)]) }
}

extension JSONataExpression {
    /// A JSONata expression written without its `{% %}` delimiters, for fields that take a number,
    /// a timestamp or a string: `.timeout(.jsonata("$states.input.timeout"))`.
    public static func jsonata(_ source: String) -> JSONataExpression { spaced(source) }
}
