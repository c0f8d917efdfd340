/// What every Task of a workflow gets unless it says otherwise: see
/// ``StateMachine/taskDefaults(timeout:heartbeat:retry:file:line:column:)``.
struct TaskDefaults: Sendable {
    var timeout: Duration?
    var heartbeat: Duration?
    var retry: [RetryPolicy]
    /// Where `.taskDefaults(...)` was written: where a defaulted field's problems are reported.
    var location: DiagnosticLocation

    /// Fills in the fields `node` (a Task) does not set itself.
    func apply(to node: inout StateNode) {
        guard node.type == .task else { return }
        let has = Set(node.fields.map(\.field))
        if let timeout, !has.contains(.timeoutSeconds), !has.contains(.timeoutSecondsPath) {
            let seconds = node.wholeSeconds(timeout, at: .field("TimeoutSeconds"), location)
            node.set(.timeoutSeconds, .json(.int(seconds)), at: location)
        }
        if let heartbeat, !has.contains(.heartbeatSeconds), !has.contains(.heartbeatSecondsPath) {
            let seconds = node.wholeSeconds(heartbeat, at: .field("HeartbeatSeconds"), location)
            node.set(.heartbeatSeconds, .json(.int(seconds)), at: location)
        }
        if !retry.isEmpty, !has.contains(.retry) {
            for policy in retry { node.appendRetry(policy, at: location) }
        }
    }
}

extension StateMachine {
    /// Defaults for every Task of the workflow (nested ones too) that does not set the field itself:
    /// a Task with its own `.timeout(...)` (or `.timeout(path:)`) keeps it, and a Task with any
    /// `.retry(...)` of its own keeps only its own entries.
    ///
    /// ```swift
    /// StateMachine(OrderStep.self) { ... }
    ///     .taskDefaults(timeout: .seconds(30), retry: [RetryPolicy(on: .taskFailed, maxAttempts: 3)])
    /// ```
    /// - Parameters:
    ///   - timeout: `TimeoutSeconds` for Tasks without one.
    ///   - heartbeat: `HeartbeatSeconds` for Tasks without one.
    ///   - retry: `Retry` entries for Tasks without any.
    public func taskDefaults(
        timeout: Duration? = nil, heartbeat: Duration? = nil, retry: [RetryPolicy] = [], file: String = #filePath,
        line: UInt = #line, column: UInt = #column
    ) -> Self {
        var copy = self
        copy.taskDefaults = TaskDefaults(
            timeout: timeout, heartbeat: heartbeat, retry: retry, location: .source(file, line, column))
        return copy
    }
}
