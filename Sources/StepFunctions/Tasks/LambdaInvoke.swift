/// A Task that invokes a Lambda function, in either of the two forms Step Functions has.
///
/// ```swift
/// // arn:aws:states:::lambda:invoke, with "Parameters": {"FunctionName": ..., "Payload.$": "$"}
/// LambdaInvoke(.validateOrder, function: "${ValidateOrderFunctionArn}")
/// // the function ARN as the Resource (the legacy form: the input is the payload)
/// LambdaInvoke(.validateOrder, functionARN: "arn:aws:lambda:eu-west-1:123456789012:function:ValidateOrder")
/// ```
///
/// The integration form returns the invocation response (`{"Payload": ..., "StatusCode": 200, ...}`);
/// the function-ARN form returns the function's result itself.
public struct LambdaInvoke<Name: StateName>: CallbackTask {
    /// The state as built so far.
    public var node: StateNode

    /// Invokes a function through `arn:aws:states:::lambda:invoke`.
    /// - Parameters:
    ///   - function: `FunctionName`: a name, an ARN, a partial ARN or a `${Placeholder}`.
    ///   - payload: `Payload`; the whole state input by default (`"Payload.$": "$"` in JSONPath
    ///     states, `"{% $states.input %}"` in JSONata states); `nil` sends none.
    ///   - invocationType: `InvocationType`: `RequestResponse` (default) or `Event`.
    ///   - qualifier: `Qualifier`: a version or alias.
    ///   - clientContext: `ClientContext` (base64 JSON).
    public init(
        _ name: Name, function: String, payload: Payload? = .stateInput, invocationType: String? = nil,
        qualifier: String? = nil, clientContext: String? = nil, file: String = #filePath, line: UInt = #line,
        column: UInt = #column
    ) {
        let request = Payload.request([
            ("FunctionName", Payload(stringLiteral: function)), ("Payload", payload),
            ("InvocationType", invocationType.map(Payload.init(stringLiteral:))),
            ("Qualifier", qualifier.map(Payload.init(stringLiteral:))),
            ("ClientContext", clientContext.map(Payload.init(stringLiteral:))),
        ])
        node = .task(
            name.rawValue, resource: "arn:aws:states:::lambda:invoke", acceptsPattern: true, request: request,
            file: file, line: line, column: column)
    }

    /// Invokes a function named by its ARN in `Resource`; the state's effective input is the payload.
    /// This form cannot use `.waitForTaskToken()` (compiling reports it).
    public init(_ name: Name, functionARN: String, file: String = #filePath, line: UInt = #line, column: UInt = #column)
    {
        node = .task(
            name.rawValue, resource: functionARN, acceptsPattern: false, request: nil, file: file, line: line,
            column: column)
    }
}
