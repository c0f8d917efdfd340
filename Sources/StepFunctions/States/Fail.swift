/// `"Type": "Fail"`: ends the execution with an error name and a cause.
///
/// ```swift
/// Fail(.orderFailed, error: "OrderProcessingFailed", cause: "Order could not be processed")
/// Fail(.rethrow).errorPath("$.error.Error").causePath("$.error.Cause")
/// Fail(.rejected).error(.jsonata("$states.input.reason"))          // JSONata state
/// ```
public struct Fail<Name: StateName>: StateDefinition {
    /// The state as built so far.
    public var node: StateNode

    /// Creates a Fail state with a literal `Error` and `Cause`.
    public init(
        _ name: Name, error: String? = nil, cause: String? = nil, file: String = #filePath, line: UInt = #line,
        column: UInt = #column
    ) {
        let location = DiagnosticLocation.source(file, line, column)
        node = StateNode(name: name.stateName, type: .fail, location: location)
        if let error { node.set(.error, .string(error), at: location) }
        if let cause { node.set(.cause, .string(cause), at: location) }
    }
}
