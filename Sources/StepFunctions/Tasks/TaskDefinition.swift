/// A `"Type": "Task"` state: ``TaskStep`` and the service tasks (``LambdaInvoke``, ``SNSPublish``, ...).
///
/// Besides the data-flow and error-handling modifiers, tasks have timeouts, heartbeats and credentials.
public protocol TaskDefinition: DataFlowState, AssigningState, ChainableState, ResultPathState, ParametersState,
    ArgumentsState, ResultSelectorState, Retryable, Catchable
{}

extension TaskDefinition {
    /// Sets `TimeoutSeconds`: the task fails with `States.Timeout` when it runs longer. AWS has no
    /// default (a task may wait for a year), so set one on every task. Whole seconds only.
    ///
    /// ```swift
    /// LambdaInvoke(.callAPI, functionARN: apiARN).timeout(.seconds(30))
    /// ```
    public func timeout(_ duration: Duration, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("TimeoutSeconds"), fileID, line) { $0.fields.timeout = .duration(duration) }
    }

    /// Sets `TimeoutSeconds` to a JSONata expression (JSONata states).
    public func timeout(_ expression: JSONataExpression, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("TimeoutSeconds"), fileID, line) { $0.fields.timeout = .expression(expression.source) }
    }

    /// Sets `TimeoutSecondsPath` (JSONPath states): the timeout is read from the input.
    public func timeout(path: String, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("TimeoutSecondsPath"), fileID, line) { $0.fields.timeout = .path(path) }
    }

    /// Sets `HeartbeatSeconds`: a callback or activity task fails with `States.HeartbeatTimeout` when
    /// no heartbeat arrives in time; must be less than the timeout.
    public func heartbeat(_ duration: Duration, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("HeartbeatSeconds"), fileID, line) { $0.fields.heartbeat = .duration(duration) }
    }

    /// Sets `HeartbeatSeconds` to a JSONata expression (JSONata states).
    public func heartbeat(_ expression: JSONataExpression, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("HeartbeatSeconds"), fileID, line) { $0.fields.heartbeat = .expression(expression.source) }
    }

    /// Sets `HeartbeatSecondsPath` (JSONPath states).
    public func heartbeat(path: String, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("HeartbeatSecondsPath"), fileID, line) { $0.fields.heartbeat = .path(path) }
    }

    /// Sets `Credentials`: the IAM role the task assumes (cross-account calls).
    ///
    /// ```swift
    /// .credentials(["RoleArn": "arn:aws:iam::111122223333:role/OrdersAccess"])
    /// ```
    public func credentials(_ credentials: Payload, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("Credentials"), fileID, line) { $0.fields.credentials = credentials }
    }
}

/// A task whose service supports the callback pattern: `.waitForTaskToken`.
public protocol CallbackTask: TaskDefinition {}

extension CallbackTask {
    /// Appends `.waitForTaskToken` to the resource: the task pauses until `SendTaskSuccess` or
    /// `SendTaskFailure` is called with the token (pass it with ``Payload/taskToken``). Standard
    /// workflows only.
    ///
    /// ```swift
    /// SQSSendMessage(.waitForApproval, queueURL: approvalsQueue,
    ///                messageBody: ["TaskToken": .taskToken, "OrderId": .path("$.orderId")])
    ///     .waitForTaskToken()
    /// ```
    public func waitForTaskToken(fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("Resource"), fileID, line) { $0.setPattern(.waitForTaskToken) }
    }
}

/// A task whose service supports the run-a-job pattern: `.sync`.
public protocol JobTask: TaskDefinition {}

extension JobTask {
    /// Appends `.sync` to the resource: the task waits for the job to finish. Standard workflows only.
    public func sync(fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("Resource"), fileID, line) { $0.setPattern(.sync) }
    }
}

extension StateNode {
    /// Creates a Task node.
    static func task(
        _ name: String, resource: String, acceptsPattern: Bool, request: Payload?, fileID: String, line: UInt
    ) -> StateNode {
        let spec = TaskSpec(resource: resource, acceptsPattern: acceptsPattern, request: request)
        return StateNode(name: name, kind: .task(spec), fileID: fileID, line: line)
    }

    /// Sets a Task's integration pattern.
    mutating func setPattern(_ pattern: TaskResource.IntegrationPattern) {
        guard case .task(var spec) = kind else { return }
        spec.pattern = pattern
        kind = .task(spec)
    }
}

extension Payload {
    /// An object of the members whose value is present, in order: a service task's request.
    static func request(_ pairs: [(String, Payload?)]) -> Payload {
        Payload(.object(pairs.compactMap { key, value in value.map { Member(key: key, value: $0) } }))
    }
}
