/// `"Type": "Pass"`: passes its input to its output, optionally reshaped or replaced by a fixed result.
///
/// ```swift
/// Pass(.validateInput)
/// Pass(.defaults, result: ["retries": 3]).resultPath("$.config")
/// Pass(.shape).parameters(["orderId": .path("$.orderId")])
/// ```
public struct Pass<Name: StateName>: StateDefinition {
    /// The state as built so far.
    public var node: StateNode

    /// Creates a Pass state; `result` sets `Result`, a fixed output (JSONPath states).
    public init(
        _ name: Name, result: JSONValue? = nil, file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        let location = DiagnosticLocation.source(file, line, column)
        node = StateNode(name: name.stateName, type: .pass, location: location)
        if let result { node.set(.result, .json(result), at: location) }
    }
}
