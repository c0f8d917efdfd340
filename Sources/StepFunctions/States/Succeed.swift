/// `"Type": "Succeed"`: ends the execution (or its branch or iteration) successfully.
///
/// ```swift
/// Succeed(.orderComplete)
/// ```
public struct Succeed<Name: StateName>: DataFlowState {
    /// The state as built so far.
    public var node: StateNode

    /// Creates a Succeed state.
    public init(_ name: Name, fileID: String = #fileID, line: UInt = #line) {
        node = StateNode(name: name.rawValue, kind: .succeed, fileID: fileID, line: line)
    }
}
