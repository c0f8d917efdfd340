import Foundation
import JSONCore

/// Runs the executions that `states:startExecution` Tasks start, in place of the child machines
/// registered with ``Simulator/register(childMachine:definition:)``: `sfn serve` starts them as
/// executions of its own state machines, which its API then shows like any other.
package protocol ChildExecutionRunner: Sendable {
    /// Starts the execution a Task's `parameters` ask for (`StateMachineArn`, `Input`, and a
    /// `Name`, always present: the simulator names the execution when the Task did not), and with
    /// `waitForEnd` (`.sync`, `.sync:2`) waits until it ends, or for at most `waitLimit` (the
    /// Task's `TimeoutSeconds` on the real clock): past it the runner stops the child and says
    /// ``ChildExecution/timedOut``. Throws the ``TaskError`` the Task fails with when the execution
    /// cannot be started.
    func startExecution(parameters: JSONValue, waitForEnd: Bool, waitLimit: Duration?) async throws -> ChildExecution
}

/// A child execution as a runner started it (and, when waited for, how it ended).
package struct ChildExecution: Sendable {
    /// Its ARN.
    package var executionArn: String
    /// Its name.
    package var name: String
    /// Its input, as text.
    package var inputText: String
    /// When it started.
    package var startDate: Date
    /// How it ended (nil: not waited for, it did not end because the server stopped, or it timed out).
    package var end: End?
    /// Whether the wait for its end reached its limit (the child was stopped).
    package var timedOut = false

    /// How a child execution ended.
    package struct End: Sendable {
        /// SUCCEEDED, FAILED, TIMED_OUT or ABORTED.
        package var status: ExecutionStatus
        /// Its output, as text (a succeeded execution's).
        package var outputText: String?
        /// The error it failed with.
        package var error: String?
        /// The cause of that error.
        package var cause: String?
        /// When it ended.
        package var stopDate: Date

        /// How a child execution ended.
        package init(status: ExecutionStatus, outputText: String?, error: String?, cause: String?, stopDate: Date) {
            self.status = status
            self.outputText = outputText
            self.error = error
            self.cause = cause
            self.stopDate = stopDate
        }
    }

    /// A child execution as it started.
    package init(executionArn: String, name: String, inputText: String, startDate: Date, end: End? = nil) {
        self.executionArn = executionArn
        self.name = name
        self.inputText = inputText
        self.startDate = startDate
        self.end = end
    }
}

/// Submits the work of `.waitForTaskToken` Tasks that nothing else answers (a server delivers an
/// `sqs:sendMessage.waitForTaskToken` message to its SQS stand-in, where a worker reads the token).
package protocol CallbackSubmitter: Sendable {
    /// Submits a callback Task's request (its `parameters`, the token in them) to `resource`; what
    /// the service answered (the `TaskSubmitted` event's output), or nil when it was not submitted
    /// (the Task waits for its token all the same).
    func submit(resource: String, parameters: JSONValue) -> JSONValue?
}
