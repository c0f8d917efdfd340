// `TaskDefinition` itself, with the modifiers every Task has (timeouts, heartbeats, credentials, the
// data-flow fields), is generated from ASLSchema: see Generated/StateModifiers.swift.

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
    public func waitForTaskToken(file: String = #filePath, line: UInt = #line, column: UInt = #column) -> Self {
        modified { $0.setPattern(.waitForTaskToken, at: .source(file, line, column)) }
    }
}

/// A task whose service supports the run-a-job pattern: `.sync`.
public protocol JobTask: TaskDefinition {}

extension JobTask {
    /// Appends `.sync` to the resource: the task waits for the job to finish. Standard workflows only.
    public func sync(file: String = #filePath, line: UInt = #line, column: UInt = #column) -> Self {
        modified { $0.setPattern(.sync, at: .source(file, line, column)) }
    }
}

extension StateNode {
    /// Creates a Task node.
    static func task(
        _ name: String, resource: String, acceptsPattern: Bool, request: Payload?, file: String, line: UInt,
        column: UInt
    ) -> StateNode {
        StateNode(
            name: name, type: .task, location: .source(file, line, column),
            body: .task(TaskResourceSpec(resource: resource, acceptsPattern: acceptsPattern, request: request)))
    }

    /// Sets a Task's integration pattern.
    mutating func setPattern(_ pattern: TaskResource.IntegrationPattern, at location: DiagnosticLocation) {
        guard case .task(var spec) = body else { return }
        spec.pattern = pattern
        body = .task(spec)
        record(.field("Resource"), location)
    }
}

extension Payload {
    /// An object of the members whose value is present, in order: a service task's request.
    static func request(_ pairs: [(String, Payload?)]) -> Payload {
        Payload(.object(pairs.compactMap { key, value in value.map { Member(key: key, value: $0) } }))
    }
}
