/// A Task that writes an item to a DynamoDB table (`arn:aws:states:::dynamodb:putItem`).
///
/// ```swift
/// DynamoDBPutItem(.saveOrder, table: "Orders", item: [
///     "OrderId": ["S": .path("$.orderId")],
///     "Status": ["S": "CONFIRMED"],
/// ])
/// ```
public struct DynamoDBPutItem<Name: StateName>: TaskDefinition {
    /// The state as built so far.
    public var node: StateNode

    /// Puts `item` into `table`.
    /// - Parameters:
    ///   - table: `TableName` (for a dynamic name, `.parameters(["TableName": .path(...)])`).
    ///   - item: `Item`, in DynamoDB's attribute-value form (`{"S": ...}`, `{"N": ...}`).
    ///   - conditionExpression: `ConditionExpression`.
    ///   - expressionAttributeNames: `ExpressionAttributeNames`.
    ///   - expressionAttributeValues: `ExpressionAttributeValues`.
    ///   - returnValues: `ReturnValues`.
    public init(
        _ name: Name, table: String, item: Payload, conditionExpression: String? = nil,
        expressionAttributeNames: Payload? = nil, expressionAttributeValues: Payload? = nil,
        returnValues: String? = nil, file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        let request = Payload.request([
            ("TableName", Payload(stringLiteral: table)), ("Item", item),
            ("ConditionExpression", conditionExpression.map(Payload.init(stringLiteral:))),
            ("ExpressionAttributeNames", expressionAttributeNames),
            ("ExpressionAttributeValues", expressionAttributeValues),
            ("ReturnValues", returnValues.map(Payload.init(stringLiteral:))),
        ])
        node = .task(
            name.stateName, resource: "arn:aws:states:::dynamodb:putItem", acceptsPattern: false, request: request,
            file: file, line: line, column: column)
    }
}

/// A Task that reads an item from a DynamoDB table (`arn:aws:states:::dynamodb:getItem`).
///
/// ```swift
/// DynamoDBGetItem(.loadOrder, table: "Orders", key: ["OrderId": ["S": .path("$.orderId")]])
/// ```
public struct DynamoDBGetItem<Name: StateName>: TaskDefinition {
    /// The state as built so far.
    public var node: StateNode

    /// Gets the item with `key` from `table`.
    /// - Parameters:
    ///   - table: `TableName`.
    ///   - key: `Key`.
    ///   - projectionExpression: `ProjectionExpression`.
    ///   - expressionAttributeNames: `ExpressionAttributeNames`.
    ///   - consistentRead: `ConsistentRead`.
    public init(
        _ name: Name, table: String, key: Payload, projectionExpression: String? = nil,
        expressionAttributeNames: Payload? = nil, consistentRead: Bool? = nil,
        file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        let request = Payload.request([
            ("TableName", Payload(stringLiteral: table)), ("Key", key),
            ("ProjectionExpression", projectionExpression.map(Payload.init(stringLiteral:))),
            ("ExpressionAttributeNames", expressionAttributeNames),
            ("ConsistentRead", consistentRead.map(Payload.init(booleanLiteral:))),
        ])
        node = .task(
            name.stateName, resource: "arn:aws:states:::dynamodb:getItem", acceptsPattern: false, request: request,
            file: file, line: line, column: column)
    }
}

/// A Task that updates an item of a DynamoDB table (`arn:aws:states:::dynamodb:updateItem`).
///
/// ```swift
/// DynamoDBUpdateItem(.markShipped, table: "Orders", key: ["OrderId": ["S": .path("$.orderId")]],
///                    updateExpression: "SET #s = :s",
///                    expressionAttributeNames: ["#s": "Status"],
///                    expressionAttributeValues: [":s": ["S": "SHIPPED"]])
/// ```
public struct DynamoDBUpdateItem<Name: StateName>: TaskDefinition {
    /// The state as built so far.
    public var node: StateNode

    /// Updates the item with `key` in `table`.
    /// - Parameters:
    ///   - table: `TableName`.
    ///   - key: `Key`.
    ///   - updateExpression: `UpdateExpression`.
    ///   - conditionExpression: `ConditionExpression`.
    ///   - expressionAttributeNames: `ExpressionAttributeNames`.
    ///   - expressionAttributeValues: `ExpressionAttributeValues`.
    ///   - returnValues: `ReturnValues`.
    public init(
        _ name: Name, table: String, key: Payload, updateExpression: String, conditionExpression: String? = nil,
        expressionAttributeNames: Payload? = nil, expressionAttributeValues: Payload? = nil,
        returnValues: String? = nil, file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        let request = Payload.request([
            ("TableName", Payload(stringLiteral: table)), ("Key", key),
            ("UpdateExpression", Payload(stringLiteral: updateExpression)),
            ("ConditionExpression", conditionExpression.map(Payload.init(stringLiteral:))),
            ("ExpressionAttributeNames", expressionAttributeNames),
            ("ExpressionAttributeValues", expressionAttributeValues),
            ("ReturnValues", returnValues.map(Payload.init(stringLiteral:))),
        ])
        node = .task(
            name.stateName, resource: "arn:aws:states:::dynamodb:updateItem", acceptsPattern: false, request: request,
            file: file, line: line, column: column)
    }
}
