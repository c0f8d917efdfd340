/// A reference to an AWS resource a Task uses: its name, its ARN (or URL), or a `${Placeholder}`
/// that CloudFormation's `DefinitionSubstitutions` or Terraform's `templatefile` fills in at deployment.
///
/// The conforming types (``LambdaFunction``, ``SQSQueue``, ``SNSTopic``, ``DynamoDBTable``) keep a
/// function from being passed where a queue is expected; each is also a string literal.
///
/// ```swift
/// let validate = LambdaFunction.placeholder("ValidateOrderFunctionArn")   // "${ValidateOrderFunctionArn}"
/// let orders = DynamoDBTable.named("Orders")
/// let alerts = SNSTopic.arn("arn:aws:sns:eu-west-1:123456789012:alerts")
/// ```
public protocol ResourceReference: Sendable, Hashable, ExpressibleByStringInterpolation {
    /// The reference as written in the definition.
    var text: String { get }
    /// A reference written as `text`.
    init(text: String)
}

extension ResourceReference {
    /// A reference from a literal, written as is.
    public init(stringLiteral value: String) { self.init(text: value) }

    /// The resource's ARN (or, for a queue, its URL).
    public static func arn(_ arn: String) -> Self { Self(text: arn) }

    /// A `${name}` placeholder filled in at deployment.
    public static func placeholder(_ name: String) -> Self { Self(text: "${" + name + "}") }

    /// Whether the reference is a `${Placeholder}`.
    var isPlaceholder: Bool { text.hasPrefix("${") && text.hasSuffix("}") }

    /// Whether the reference is an ARN or a placeholder (what a Task's `Resource` needs).
    var isARNOrPlaceholder: Bool { text.hasPrefix("arn:") || isPlaceholder }
}

/// A Lambda function: a name (`validate-order`), an ARN, a partial ARN or a `${Placeholder}`.
public struct LambdaFunction: ResourceReference {
    /// The reference as written in the definition.
    public var text: String
    /// A reference written as `text`.
    public init(text: String) { self.text = text }
    /// A function by name (in the state machine's account and Region).
    public static func named(_ name: String) -> Self { Self(text: name) }
}

/// An Amazon SQS queue, by its URL (`QueueUrl`) or a `${Placeholder}`.
public struct SQSQueue: ResourceReference {
    /// The reference as written in the definition.
    public var text: String
    /// A reference written as `text`.
    public init(text: String) { self.text = text }
    /// A queue by its URL (`https://sqs.REGION.amazonaws.com/ACCOUNT/NAME`), as `sqs:sendMessage` needs.
    public static func url(_ url: String) -> Self { Self(text: url) }
}

/// An Amazon SNS topic, by its ARN (`TopicArn`) or a `${Placeholder}`.
public struct SNSTopic: ResourceReference {
    /// The reference as written in the definition.
    public var text: String
    /// A reference written as `text`.
    public init(text: String) { self.text = text }
}

/// A DynamoDB table, by its name or ARN (`TableName` takes either) or a `${Placeholder}`.
public struct DynamoDBTable: ResourceReference {
    /// The reference as written in the definition.
    public var text: String
    /// A reference written as `text`.
    public init(text: String) { self.text = text }
    /// A table by name.
    public static func named(_ name: String) -> Self { Self(text: name) }
}

extension SNSPublish {
    /// Publishes `message` to a typed `topic`.
    public init(
        _ name: Name, topic: SNSTopic, message: Payload, subject: Payload? = nil, messageAttributes: Payload? = nil,
        messageGroupId: Payload? = nil, file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        self.init(
            name, topic: topic.text, message: message, subject: subject, messageAttributes: messageAttributes,
            messageGroupId: messageGroupId, file: file, line: line, column: column)
    }
}

extension SQSSendMessage {
    /// Sends `messageBody` to a typed `queue` (its URL or a `${Placeholder}`).
    public init(
        _ name: Name, queue: SQSQueue, messageBody: Payload, delaySeconds: Int? = nil,
        messageAttributes: Payload? = nil, messageDeduplicationId: Payload? = nil, messageGroupId: Payload? = nil,
        file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        self.init(
            name, queueURL: queue.text, messageBody: messageBody, delaySeconds: delaySeconds,
            messageAttributes: messageAttributes, messageDeduplicationId: messageDeduplicationId,
            messageGroupId: messageGroupId, file: file, line: line, column: column)
    }
}

extension DynamoDBPutItem {
    /// Puts `item` into a typed `table`.
    public init(
        _ name: Name, table: DynamoDBTable, item: Payload, conditionExpression: String? = nil,
        expressionAttributeNames: Payload? = nil, expressionAttributeValues: Payload? = nil,
        returnValues: String? = nil, file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        self.init(
            name, table: table.text, item: item, conditionExpression: conditionExpression,
            expressionAttributeNames: expressionAttributeNames, expressionAttributeValues: expressionAttributeValues,
            returnValues: returnValues, file: file, line: line, column: column)
    }
}

extension DynamoDBGetItem {
    /// Gets the item with `key` from a typed `table`.
    public init(
        _ name: Name, table: DynamoDBTable, key: Payload, projectionExpression: String? = nil,
        expressionAttributeNames: Payload? = nil, consistentRead: Bool? = nil,
        file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        self.init(
            name, table: table.text, key: key, projectionExpression: projectionExpression,
            expressionAttributeNames: expressionAttributeNames, consistentRead: consistentRead, file: file, line: line,
            column: column)
    }
}

extension DynamoDBUpdateItem {
    /// Updates the item with `key` in a typed `table`.
    public init(
        _ name: Name, table: DynamoDBTable, key: Payload, updateExpression: String, conditionExpression: String? = nil,
        expressionAttributeNames: Payload? = nil, expressionAttributeValues: Payload? = nil,
        returnValues: String? = nil, file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        self.init(
            name, table: table.text, key: key, updateExpression: updateExpression,
            conditionExpression: conditionExpression, expressionAttributeNames: expressionAttributeNames,
            expressionAttributeValues: expressionAttributeValues, returnValues: returnValues, file: file, line: line,
            column: column)
    }
}
