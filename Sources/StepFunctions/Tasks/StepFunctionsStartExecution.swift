/// A Task that starts an execution of another state machine (`arn:aws:states:::states:startExecution`):
/// fire-and-forget, or waiting with `.sync()` / `.sync2()`, or `.waitForTaskToken()`.
///
/// ```swift
/// StepFunctionsStartExecution(.processLineItems,
///     stateMachine: "arn:aws:states:eu-west-1:123456789012:stateMachine:ProcessLineItems",
///     input: .path("$.lineItems"))
///     .sync2()
/// ```
public struct StepFunctionsStartExecution<Name: StateName>: CallbackTask, JobTask {
    /// The state as built so far.
    public var node: StateNode

    /// Starts an execution of `stateMachine`.
    /// - Parameters:
    ///   - stateMachine: `StateMachineArn`.
    ///   - input: `Input`.
    ///   - executionName: `Name`: the child execution's name.
    public init(
        _ name: Name, stateMachine: String, input: Payload? = nil, executionName: Payload? = nil,
        file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        let request = Payload.request([
            ("StateMachineArn", Payload(stringLiteral: stateMachine)), ("Input", input), ("Name", executionName),
        ])
        node = .task(
            name.stateName, resource: "arn:aws:states:::states:startExecution", acceptsPattern: true,
            request: request, file: file, line: line, column: column)
    }

    /// Appends `.sync:2`: waits for the child execution and returns its output as JSON (with `.sync`
    /// the output is a JSON string you would have to parse).
    public func sync2(file: String = #filePath, line: UInt = #line, column: UInt = #column) -> Self {
        modified { $0.setPattern(.sync2, at: .source(file, line, column)) }
    }
}
