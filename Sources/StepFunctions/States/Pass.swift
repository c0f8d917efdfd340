/// `"Type": "Pass"`: passes its input to its output, optionally reshaped or replaced by a fixed result.
///
/// ```swift
/// Pass(.validateInput)
/// Pass(.defaults, result: ["retries": 3]).resultPath("$.config")
/// Pass(.shape).parameters(["orderId": .path("$.orderId")])
/// ```
public struct Pass<Name: StateName>: DataFlowState, AssigningState, ChainableState, ResultPathState, ParametersState {
    /// The state as built so far.
    public var node: StateNode

    /// Creates a Pass state; `result` sets `Result`, a fixed output (JSONPath states).
    public init(_ name: Name, result: JSONValue? = nil, fileID: String = #fileID, line: UInt = #line) {
        node = StateNode(name: name.rawValue, kind: .pass, fileID: fileID, line: line)
        if let result {
            node.fields.result = result
            node.record(.field("Result"), fileID: fileID, line: line)
        }
    }

    /// Sets `Result` (JSONPath states): a fixed value used as the state's result; `.$` keys in it are
    /// not evaluated.
    public func result(_ value: JSONValue, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("Result"), fileID, line) { $0.fields.result = value }
    }
}
