/// A Task that sends a message to an Amazon SQS queue (`arn:aws:states:::sqs:sendMessage`).
///
/// ```swift
/// SQSSendMessage(.waitForApproval, queueURL: "https://sqs.us-east-1.amazonaws.com/123/approvals",
///                messageBody: ["TaskToken": .taskToken, "OrderId": .path("$.orderId")])
///     .waitForTaskToken()
/// ```
public struct SQSSendMessage<Name: StateName>: CallbackTask {
    /// The state as built so far.
    public var node: StateNode

    /// Sends `messageBody` to the queue at `queueURL`.
    /// - Parameters:
    ///   - queueURL: `QueueUrl`.
    ///   - messageBody: `MessageBody` (an object is sent as JSON text).
    ///   - delaySeconds: `DelaySeconds`.
    ///   - messageAttributes: `MessageAttributes`.
    ///   - messageDeduplicationId: `MessageDeduplicationId` (FIFO queues).
    ///   - messageGroupId: `MessageGroupId` (FIFO queues).
    public init(
        _ name: Name, queueURL: String, messageBody: Payload, delaySeconds: Int? = nil,
        messageAttributes: Payload? = nil, messageDeduplicationId: Payload? = nil, messageGroupId: Payload? = nil,
        file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        let request = Payload.request([
            ("QueueUrl", Payload(stringLiteral: queueURL)), ("MessageBody", messageBody),
            ("DelaySeconds", delaySeconds.map(Payload.init(integerLiteral:))),
            ("MessageAttributes", messageAttributes), ("MessageDeduplicationId", messageDeduplicationId),
            ("MessageGroupId", messageGroupId),
        ])
        node = .task(
            name.stateName, resource: "arn:aws:states:::sqs:sendMessage", acceptsPattern: true, request: request,
            file: file, line: line, column: column)
    }
}
