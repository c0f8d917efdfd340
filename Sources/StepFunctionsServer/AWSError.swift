import JSONCore

/// An error the Step Functions API answers with: its type (the JSON 1.0 `__type`) and message, as AWS
/// words them, and the HTTP status (400 for every client error AWS returns).
package struct AWSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error type, e.g. `StateMachineDoesNotExist`.
    package var type: String
    /// The message.
    package var message: String
    /// The HTTP status.
    package var status: Int

    /// Creates an error.
    package init(_ type: String, _ message: String, status: Int = 400) {
        self.type = type
        self.message = message
        self.status = status
    }

    /// `type: message`.
    package var description: String { "\(type): \(message)" }

    /// The response body: `{"__type": ..., "message": ...}`.
    var body: JSONValue {
        message.isEmpty ? ["__type": .string(type)] : ["__type": .string(type), "message": .string(message)]
    }

    // MARK: AWS's errors, with AWS's wording

    static func invalidArn(_ arn: String) -> AWSError {
        AWSError("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: \(arn)'")
    }

    static func invalidArn(reason: String) -> AWSError { AWSError("InvalidArn", "Invalid Arn: '\(reason)'") }

    static func expressNotValidHere() -> AWSError {
        invalidArn(reason: "Resource type not valid in this context: express")
    }

    static func stateMachineDoesNotExist(_ arn: String) -> AWSError {
        AWSError("StateMachineDoesNotExist", "State Machine Does Not Exist: '\(arn)'")
    }

    static func stateMachineAlreadyExists(_ arn: String) -> AWSError {
        AWSError("StateMachineAlreadyExists", "State Machine Already Exists: '\(arn)'")
    }

    static func stateMachineDeleting(_ arn: String) -> AWSError {
        AWSError("StateMachineDeleting", "State Machine is being deleted: '\(arn)'")
    }

    static func executionDoesNotExist(_ arn: String) -> AWSError {
        AWSError("ExecutionDoesNotExist", "Execution Does Not Exist: '\(arn)'")
    }

    static func executionAlreadyExists(_ arn: String) -> AWSError {
        AWSError("ExecutionAlreadyExists", "Execution Already Exists: '\(arn)'")
    }

    static func invalidDefinition(_ detail: String) -> AWSError {
        AWSError("InvalidDefinition", "Invalid State Machine Definition: '\(detail)'")
    }

    static func invalidExecutionInput(_ detail: String) -> AWSError {
        AWSError("InvalidExecutionInput", "Invalid State Machine Execution Input: '\(detail)'")
    }

    static func invalidName(_ name: String) -> AWSError { AWSError("InvalidName", "Invalid Name: '\(name)'") }

    static func activityDoesNotExist(_ arn: String) -> AWSError {
        AWSError("ActivityDoesNotExist", "Activity Does Not Exist: '\(arn)'")
    }

    static let resourceDoesNotExist = AWSError("ResourceNotFound", "Request references a resource that does not exist.")

    static func resourceNotFound(_ arn: String) -> AWSError {
        AWSError("ResourceNotFound", "Resource not found: '\(arn)'")
    }

    static let typeNotSupported = AWSError(
        "StateMachineTypeNotSupported", "This operation is not supported by this type of state machine")

    static func validation(_ message: String) -> AWSError { AWSError("ValidationException", message) }

    static let invalidToken = AWSError("InvalidToken", "Invalid Token: 'Invalid token'")

    static let taskTimedOut = AWSError("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'")

    static func invalidLogging(_ detail: String) -> AWSError {
        AWSError("InvalidLoggingConfiguration", "Invalid Logging Configuration: \(detail)")
    }

    static func conflict(_ message: String) -> AWSError { AWSError("ConflictException", message) }

    static func unknownOperation(_ operation: String) -> AWSError {
        AWSError("UnknownOperationException", "Unknown operation \(operation)")
    }

    static func serialization(_ member: String, expected: String) -> AWSError {
        AWSError("SerializationException", "Unexpected value for '\(member)': expected a \(expected)")
    }

    static func missingRequiredParameter(_ message: String) -> AWSError {
        AWSError("MissingRequiredParameter", message)
    }

    static func missingParameter(_ name: String) -> AWSError {
        validation(
            "1 validation error detected: Value null at '\(name)' failed to satisfy constraint: Member must not be null"
        )
    }
}
