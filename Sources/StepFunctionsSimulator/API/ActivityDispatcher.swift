import Foundation
import JSONCore

/// Where a run's activity tasks go: queues from which workers take them (a server's
/// `GetActivityTask`). Workers answer through ``RunningExecution/sendTaskSuccess(taskToken:output:)``
/// and its siblings, with the task's token.
public protocol ActivityDispatcher: Sendable {
    /// Whether the activity exists: a Task on one that does not fails the execution with `States.Runtime`.
    func activityExists(_ activityArn: String) -> Bool
    /// Offers a task to the activity's workers.
    func schedule(_ task: ActivityTask)
}

/// A task waiting for an activity worker.
public struct ActivityTask: Sendable {
    /// The activity's ARN.
    public var activityArn: String
    /// The task's input (the state's effective input).
    public var input: JSONValue
    /// The token the worker answers with.
    public var token: String
    private let onStarted: @Sendable (String?) -> Void

    init(activityArn: String, input: JSONValue, token: String, onStarted: @escaping @Sendable (String?) -> Void) {
        self.activityArn = activityArn
        self.input = input
        self.token = token
        self.onStarted = onStarted
    }

    /// Records that a worker took the task (the history's `ActivityStarted`, with the worker's name).
    public func started(workerName: String?) { onStarted(workerName) }
}

/// When and by whom an activity task was taken (set from the worker's side, read by the run).
final class ActivityPickup: Sendable {
    private let state = Locked<(worker: String?, at: Date)?>(nil)

    func record(worker: String?) {
        state.withLock { if $0 == nil { $0 = (worker, Date()) } }
    }

    var taken: (worker: String?, at: Date)? { state.withLock { $0 } }
}
