import JSONCore
import StepFunctionsModel

/// A typed service task of the DSL: the resource it writes, the integration patterns it offers and
/// its initializer's request arguments, in the initializer's order. The DSL's initializers are the
/// other description of the same facts: `ImportTests` compiles a golden that uses every entry, every
/// argument and every pattern back to its fixture, so the two cannot drift apart unnoticed.
package struct TypedIntegration: Sendable {
    /// The Swift type an argument takes.
    package enum Kind: Sendable {
        /// A `String` argument: the member must be a literal string (not a path, not an expression).
        case string
        /// A `Payload` argument: any value.
        case payload
        /// An `Int` argument.
        case int
        /// A `Bool` argument.
        case bool
    }

    /// One request member the initializer takes.
    package struct Argument: Sendable {
        /// The request member's name.
        package var member: String
        /// The initializer's argument label.
        package var label: String
        /// The argument's Swift type.
        package var kind: Kind
        /// Whether the initializer requires it.
        package var required = false
    }

    /// The DSL type's name.
    package var type: String
    /// The resource ARN without an integration pattern.
    package var resource: String
    /// Resource suffix -> modifier.
    package var patterns: [String: String]
    /// The initializer's request arguments, in its order.
    package var arguments: [Argument]

    static let waitForTaskToken = [".waitForTaskToken": ".waitForTaskToken"]

    /// Every typed service task of the DSL.
    package static let all: [TypedIntegration] = [
        TypedIntegration(
            type: "LambdaInvoke", resource: "arn:aws:states:::lambda:invoke", patterns: waitForTaskToken,
            arguments: [
                Argument(member: "FunctionName", label: "function", kind: .string, required: true),
                Argument(member: "Payload", label: "payload", kind: .payload),
                Argument(member: "InvocationType", label: "invocationType", kind: .string),
                Argument(member: "Qualifier", label: "qualifier", kind: .string),
                Argument(member: "ClientContext", label: "clientContext", kind: .string),
            ]),
        TypedIntegration(
            type: "SNSPublish", resource: "arn:aws:states:::sns:publish", patterns: waitForTaskToken,
            arguments: [
                Argument(member: "TopicArn", label: "topic", kind: .string, required: true),
                Argument(member: "Message", label: "message", kind: .payload, required: true),
                Argument(member: "Subject", label: "subject", kind: .payload),
                Argument(member: "MessageAttributes", label: "messageAttributes", kind: .payload),
                Argument(member: "MessageGroupId", label: "messageGroupId", kind: .payload),
            ]),
        TypedIntegration(
            type: "SQSSendMessage", resource: "arn:aws:states:::sqs:sendMessage", patterns: waitForTaskToken,
            arguments: [
                Argument(member: "QueueUrl", label: "queueURL", kind: .string, required: true),
                Argument(member: "MessageBody", label: "messageBody", kind: .payload, required: true),
                Argument(member: "DelaySeconds", label: "delaySeconds", kind: .int),
                Argument(member: "MessageAttributes", label: "messageAttributes", kind: .payload),
                Argument(member: "MessageDeduplicationId", label: "messageDeduplicationId", kind: .payload),
                Argument(member: "MessageGroupId", label: "messageGroupId", kind: .payload),
            ]),
        TypedIntegration(
            type: "DynamoDBPutItem", resource: "arn:aws:states:::dynamodb:putItem", patterns: [:],
            arguments: [
                Argument(member: "TableName", label: "table", kind: .string, required: true),
                Argument(member: "Item", label: "item", kind: .payload, required: true),
                Argument(member: "ConditionExpression", label: "conditionExpression", kind: .string),
                Argument(member: "ExpressionAttributeNames", label: "expressionAttributeNames", kind: .payload),
                Argument(member: "ExpressionAttributeValues", label: "expressionAttributeValues", kind: .payload),
                Argument(member: "ReturnValues", label: "returnValues", kind: .string),
            ]),
        TypedIntegration(
            type: "DynamoDBGetItem", resource: "arn:aws:states:::dynamodb:getItem", patterns: [:],
            arguments: [
                Argument(member: "TableName", label: "table", kind: .string, required: true),
                Argument(member: "Key", label: "key", kind: .payload, required: true),
                Argument(member: "ProjectionExpression", label: "projectionExpression", kind: .string),
                Argument(member: "ExpressionAttributeNames", label: "expressionAttributeNames", kind: .payload),
                Argument(member: "ConsistentRead", label: "consistentRead", kind: .bool),
            ]),
        TypedIntegration(
            type: "DynamoDBUpdateItem", resource: "arn:aws:states:::dynamodb:updateItem", patterns: [:],
            arguments: [
                Argument(member: "TableName", label: "table", kind: .string, required: true),
                Argument(member: "Key", label: "key", kind: .payload, required: true),
                Argument(member: "UpdateExpression", label: "updateExpression", kind: .string, required: true),
                Argument(member: "ConditionExpression", label: "conditionExpression", kind: .string),
                Argument(member: "ExpressionAttributeNames", label: "expressionAttributeNames", kind: .payload),
                Argument(member: "ExpressionAttributeValues", label: "expressionAttributeValues", kind: .payload),
                Argument(member: "ReturnValues", label: "returnValues", kind: .string),
            ]),
        TypedIntegration(
            type: "StepFunctionsStartExecution", resource: "arn:aws:states:::states:startExecution",
            patterns: [".sync": ".sync", ".sync:2": ".sync2", ".waitForTaskToken": ".waitForTaskToken"],
            arguments: [
                Argument(member: "StateMachineArn", label: "stateMachine", kind: .string, required: true),
                Argument(member: "Input", label: "input", kind: .payload),
                Argument(member: "Name", label: "executionName", kind: .payload),
            ]),
        TypedIntegration(
            type: "ECSRunTask", resource: "arn:aws:states:::ecs:runTask",
            patterns: [".sync": ".sync", ".waitForTaskToken": ".waitForTaskToken"],
            arguments: [
                Argument(member: "Cluster", label: "cluster", kind: .string, required: true),
                Argument(member: "TaskDefinition", label: "taskDefinition", kind: .string, required: true),
                Argument(member: "LaunchType", label: "launchType", kind: .string),
                Argument(member: "NetworkConfiguration", label: "networkConfiguration", kind: .payload),
                Argument(member: "Overrides", label: "overrides", kind: .payload),
            ]),
        TypedIntegration(
            type: "BatchSubmitJob", resource: "arn:aws:states:::batch:submitJob", patterns: [".sync": ".sync"],
            arguments: [
                Argument(member: "JobName", label: "jobName", kind: .payload, required: true),
                Argument(member: "JobQueue", label: "jobQueue", kind: .string, required: true),
                Argument(member: "JobDefinition", label: "jobDefinition", kind: .string, required: true),
                Argument(member: "Parameters", label: "jobParameters", kind: .payload),
                Argument(member: "ContainerOverrides", label: "containerOverrides", kind: .payload),
                Argument(member: "ArrayProperties", label: "arrayProperties", kind: .payload),
            ]),
        TypedIntegration(
            type: "GlueStartJobRun", resource: "arn:aws:states:::glue:startJobRun", patterns: [".sync": ".sync"],
            arguments: [
                Argument(member: "JobName", label: "jobName", kind: .string, required: true),
                Argument(member: "Arguments", label: "jobArguments", kind: .payload),
            ]),
    ]
}

extension SwiftGenerator {
    /// A Task state: a typed service task when its resource and request fit one, `LambdaInvoke` for a
    /// function ARN, `CallAWSService` for `aws-sdk:` resources, else `TaskStep`.
    func task(
        _ name: SwiftCode, _ o: JSONObject, _ language: QueryLanguage, _ consumed: inout Set<String>,
        at path: FieldPath
    ) throws(SwiftImportError) -> StateCode {
        guard case .string(let resource)? = o["Resource"] else {
            throw wrongType(path.appending("Resource"), "a resource ARN")
        }
        consumed.insert("Resource")
        let requestField = language == .jsonata ? "Arguments" : "Parameters"
        let request = o[requestField]
        var (base, suffix) = (resource, "")
        for s in [".waitForTaskToken", ".sync:2", ".sync"] where resource.hasSuffix(s) {
            (base, suffix) = (String(resource.dropLast(s.count)), s)
            break
        }
        if case .object(let members)? = request {
            for integration in TypedIntegration.all where integration.resource == base {
                guard suffix.isEmpty || integration.patterns[suffix] != nil else { break }
                guard
                    var code = try typed(
                        integration, name, members, language, requestField, at: path.appending(requestField))
                else { break }
                consumed.insert(requestField)
                if let pattern = integration.patterns[suffix] { code.modifiers.insert(.call(pattern, []), at: 0) }
                return code
            }
        }
        let sdkPrefix = "arn:aws:states:::aws-sdk:"
        if base.hasPrefix(sdkPrefix), suffix.isEmpty || suffix == ".waitForTaskToken" {
            let parts = base.dropFirst(sdkPrefix.count).split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty {
                var arguments: [SwiftCode] = [
                    name, .labeled("service", .atom(SwiftSyntax.string(String(parts[0])))),
                    .labeled("action", .atom(SwiftSyntax.string(String(parts[1])))),
                ]
                if let request {
                    arguments.append(
                        .labeled("request", try payload(request, language, at: path.appending(requestField))))
                    consumed.insert(requestField)
                }
                var code = StateCode(initializer: .call("CallAWSService", arguments))
                if !suffix.isEmpty { code.modifiers.append(.call(".waitForTaskToken", [])) }
                return code
            }
        }
        if resource.hasPrefix("arn:aws:lambda:"), resource.contains(":function:") {
            return StateCode(
                initializer: .call(
                    "LambdaInvoke", [name, .labeled("functionARN", .atom(SwiftSyntax.string(resource)))]))
        }
        return StateCode(
            initializer: .call("TaskStep", [name, .labeled("resource", .atom(SwiftSyntax.string(resource)))]))
    }

    /// The typed task for `members`, or `nil` when a required member is missing or not a literal of the
    /// argument's type. Members the initializer does not take go in `.parameters`/`.arguments`, which
    /// the DSL merges into the request.
    private func typed(
        _ integration: TypedIntegration, _ name: SwiftCode, _ members: JSONObject, _ language: QueryLanguage,
        _ requestField: String, at path: FieldPath
    ) throws(SwiftImportError) -> StateCode? {
        var arguments = [name]
        var used: Set<String> = []
        for argument in integration.arguments {
            let key = argument.member
            let literal = members[key]
            let dynamic = language == .jsonPath ? members[key + ".$"] : nil
            if literal != nil && dynamic != nil { return nil }
            if argument.label == "payload" {
                // LambdaInvoke's payload defaults to the state input; without a Payload member it is nil.
                if let dynamic {
                    guard case .string(let text) = dynamic else { return nil }
                    used.insert(key + ".$")
                    if text != "$" { arguments.append(.labeled("payload", dynamicPath(text))) }
                } else if let literal {
                    used.insert(key)
                    if case .string("{% $states.input %}") = literal, language == .jsonata { continue }
                    arguments.append(.labeled("payload", try payload(literal, language, at: path.appending(key))))
                } else {
                    arguments.append(.labeled("payload", .atom("nil")))
                }
                continue
            }
            var code: SwiftCode?
            switch argument.kind {
            case .payload:
                if let dynamic {
                    guard case .string(let text) = dynamic else { return nil }
                    code = dynamicPath(text)
                    used.insert(key + ".$")
                } else if let literal {
                    code = try payload(literal, language, at: path.appending(key))
                    used.insert(key)
                }
            case .string:
                if case .string(let text)? = literal,
                    language == .jsonPath || JSONataExpression(delimited: text) == nil
                {
                    code = .atom(SwiftSyntax.string(text))
                    used.insert(key)
                }
            case .int:
                if case .number(let n)? = literal, let i = n.int64Value {
                    code = .atom(String(i))
                    used.insert(key)
                }
            case .bool:
                if case .bool(let b)? = literal {
                    code = .atom(b ? "true" : "false")
                    used.insert(key)
                }
            }
            if let code {
                arguments.append(.labeled(argument.label, code))
            } else if argument.required {
                return nil
            }
        }
        var extra = JSONObject()
        for (key, value) in members where !used.contains(key) { extra.append(key: key, value: value) }
        var code = StateCode(initializer: .call(integration.type, arguments))
        if !extra.isEmpty {
            code.modifiers.append(
                .call("." + Self.modifierName(requestField), [try payload(.object(extra), language, at: path)]))
        }
        return code
    }
}
