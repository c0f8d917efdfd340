/// `"Type": "Succeed"`: ends the execution (or its branch or iteration) successfully.
///
/// ```swift
/// Succeed(.orderComplete)
/// ```
public struct Succeed<Name: StateName>: StateDefinition {
    /// The state as built so far.
    public var node: StateNode

    /// Creates a Succeed state.
    public init(_ name: Name, file: String = #filePath, line: UInt = #line, column: UInt = #column) {
        node = StateNode(name: name.stateName, type: .succeed, location: .source(file, line, column))
    }
}
