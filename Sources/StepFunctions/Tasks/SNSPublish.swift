/// A Task that publishes to an Amazon SNS topic (`arn:aws:states:::sns:publish`).
///
/// ```swift
/// SNSPublish(.sendConfirmation, topic: "arn:aws:sns:eu-west-1:123456789012:OrderConfirmations",
///            message: .path("$.confirmationMessage"))
/// ```
public struct SNSPublish<Name: StateName>: CallbackTask {
    /// The state as built so far.
    public var node: StateNode

    /// Publishes `message` to `topic`.
    /// - Parameters:
    ///   - topic: `TopicArn`.
    ///   - message: `Message`.
    ///   - subject: `Subject`.
    ///   - messageAttributes: `MessageAttributes`.
    ///   - messageGroupId: `MessageGroupId` (FIFO topics).
    public init(
        _ name: Name, topic: String, message: Payload, subject: Payload? = nil, messageAttributes: Payload? = nil,
        messageGroupId: Payload? = nil, file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        let request = Payload.request([
            ("TopicArn", Payload(stringLiteral: topic)), ("Message", message), ("Subject", subject),
            ("MessageAttributes", messageAttributes), ("MessageGroupId", messageGroupId),
        ])
        node = .task(
            name.stateName, resource: "arn:aws:states:::sns:publish", acceptsPattern: true, request: request,
            file: file, line: line, column: column)
    }
}
