/// A Task that calls any AWS API through the SDK integration (`arn:aws:states:::aws-sdk:SERVICE:ACTION`).
///
/// ```swift
/// CallAWSService(.archiveReceipt, service: "s3", action: "putObject",
///                request: ["Bucket": "receipts", "Key": .path("$.orderId"), "Body": .path("$.receipt")])
/// ```
public struct CallAWSService<Name: StateName>: CallbackTask {
    /// The state as built so far.
    public var node: StateNode

    /// Calls `service`'s `action`.
    /// - Parameters:
    ///   - service: the SDK service name in lower case (`s3`, `dynamodb`, `eventbridge`).
    ///   - action: the API action in camel case (`putObject`, `getItem`).
    ///   - request: the API request, written as `Parameters` (JSONPath) or `Arguments` (JSONata).
    public init(
        _ name: Name, service: String, action: String, request: Payload? = nil,
        file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        node = .task(
            name.stateName, resource: "arn:aws:states:::aws-sdk:\(service):\(action)", acceptsPattern: true,
            request: request, file: file, line: line, column: column)
    }
}
