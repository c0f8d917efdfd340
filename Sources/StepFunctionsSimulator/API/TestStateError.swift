import StepFunctionsCompiler

/// Why TestState refused a request, as AWS answers: its error type and its exact message (e.g.
/// `ValidationException: State type 'Pass' is not supported when a mock is specified`).
public struct TestStateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// AWS's error type (the JSON 1.0 `__type`).
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The request does not fit the state (a mock where none is allowed, a bad context...).
        case validationException = "ValidationException"
        /// The definition is not valid, or the state cannot be tested without a mock.
        case invalidDefinition = "InvalidDefinition"
        /// The input is not JSON.
        case invalidExecutionInput = "InvalidExecutionInput"
    }

    /// The error type.
    public var code: Code
    /// AWS's message.
    public var message: String
    /// For an invalid definition: the validator's findings, with their places in the definition's text.
    public var diagnostics: [Diagnostic]

    /// Creates an error.
    public init(_ code: Code, _ message: String, diagnostics: [Diagnostic] = []) {
        self.code = code
        self.message = message
        self.diagnostics = diagnostics
    }

    /// `Code: message`, as AWS's SDKs print it.
    public var description: String { "\(code.rawValue): \(message)" }

    /// A `ValidationException`.
    static func validation(_ message: String) -> TestStateError { TestStateError(.validationException, message) }

    /// `InvalidDefinition` for definition errors, in AWS's words (`AWSWording`): `Invalid State Machine
    /// Definition: 'SCHEMA_VALIDATION_FAILED: … at /States/…'`, as CreateStateMachine answers.
    static func invalidDefinition(_ errors: [Diagnostic], definition: String) -> TestStateError {
        let message =
            AWSWording.invalidDefinitionMessage(for: errors, definition: definition)
            ?? "Invalid State Machine Definition: ''"
        return TestStateError(.invalidDefinition, message, diagnostics: errors)
    }
}
