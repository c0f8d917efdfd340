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
            name.stateName, resource: "arn:aws:states:::lambda:invoke", acceptsPattern: true, request: request,
            file: file, line: line, column: column)
    }

    /// Invokes a typed `function`, through `arn:aws:states:::lambda:invoke` or, with
    /// `payloadResponseOnly`, directly (as CDK's `payloadResponseOnly`).
    ///
    /// ```swift
    /// let validate = LambdaFunction.placeholder("ValidateOrderFunctionArn")
    /// LambdaInvoke(.validateOrder, function: validate)                             // the integration
    /// LambdaInvoke(.validateOrder, function: validate, payloadResponseOnly: true)  // "Resource": "${ValidateOrderFunctionArn}"
    /// ```
    /// - Parameters:
    ///   - function: the function: a name, an ARN, a partial ARN or a `${Placeholder}`.
    ///   - payload: `Payload`; the whole state input by default. With `payloadResponseOnly`, any other
    ///     payload is written as the state's `Parameters` (JSONPath) or `Arguments` (JSONata).
    ///   - invocationType: `InvocationType` (the integration only).
    ///   - qualifier: `Qualifier` (the integration only; a direct call names the version or alias in its ARN).
    ///   - clientContext: `ClientContext` (the integration only).
    ///   - payloadResponseOnly: call the function directly, its ARN as the `Resource`, so the state's
    ///     result is the function's own result instead of the invocation response (`{"Payload": ...}`).
    ///     The function must be given by ARN or placeholder, and `.waitForTaskToken()` is not possible.
    public init(
        _ name: Name, function: LambdaFunction, payload: Payload? = .stateInput, invocationType: String? = nil,
        qualifier: String? = nil, clientContext: String? = nil, payloadResponseOnly: Bool = false,
        file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        guard payloadResponseOnly else {
            self.init(
                name, function: function.text, payload: payload, invocationType: invocationType,
                qualifier: qualifier, clientContext: clientContext, file: file, line: line, column: column)
            return
        }
        self.init(name, functionARN: function.text, file: file, line: line, column: column)
        if let payload, payload != .stateInput, case .task(var spec) = node.body {
            spec.request = payload
            node.body = .task(spec)
        }
        let location = DiagnosticLocation.source(file, line, column)
        if !function.isARNOrPlaceholder {
            node.problems.append(
                Diagnostic(
                    .error, .invalidResource,
                    "payloadResponseOnly puts the function in Resource, which needs its ARN or a ${Placeholder}, "
                        + "but '\(function.text)' is a name; write .arn(\"arn:aws:lambda:REGION:ACCOUNT:function:"
                        + "\(function.text)\") or leave payloadResponseOnly false", at: .field("Resource"),
                    location: location))
        }
        let integrationOnly = [
            ("invocationType", invocationType), ("qualifier", qualifier), ("clientContext", clientContext),
        ]
        for (label, value) in integrationOnly where value != nil {
            node.problems.append(
                Diagnostic(
                    .error, .invalidValue,
                    "\(label) is a parameter of the lambda:invoke integration, which payloadResponseOnly does not "
                        + "use; leave payloadResponseOnly false"
                        + (label == "qualifier"
                            ? ", or name the version or alias in the function's ARN (…:function:NAME:ALIAS)" : ""),
                    at: .field("Resource"), location: location))
        }
        if payload == nil {
            node.problems.append(
                Diagnostic(
                    .error, .invalidValue,
                    "a direct call (payloadResponseOnly) always sends the state's effective input as the payload, "
                        + "so payload: nil cannot be honoured; pass the payload to send, or leave payloadResponseOnly "
                        + "false", at: .field("Resource"), location: location))
        }
    }

    /// Invokes a function named by its ARN in `Resource`; the state's effective input is the payload.
    /// This form cannot use `.waitForTaskToken()` (compiling reports it).
    public init(_ name: Name, functionARN: String, file: String = #filePath, line: UInt = #line, column: UInt = #column)
    {
        node = .task(
            name.stateName, resource: functionARN, acceptsPattern: false, request: nil, file: file, line: line,
            column: column)
    }
}
