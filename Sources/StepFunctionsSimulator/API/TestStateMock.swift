import JSONCore

/// What TestState uses instead of the tested state's work (AWS's `mock`): a Task's service response,
/// a Map's or Parallel's result, or an error.
///
/// ```swift
/// .result(["Payload": ["charged": true]])
/// .error("Payments.Declined", cause: "card expired")
/// ```
public struct TestStateMock: Sendable, Hashable {
    /// How strictly a Task's mocked result is checked against the service's response shape (AWS's
    /// `fieldValidationMode`).
    public enum FieldValidationMode: String, Sendable, Hashable, CaseIterable {
        /// Every required member present and every member present of the model's type (the default).
        case strict = "STRICT"
        /// Every member present of the model's type.
        case present = "PRESENT"
        /// No check.
        case none = "NONE"
    }

    /// What the mock stands for.
    public enum Outcome: Sendable, Hashable {
        /// The result: a Task's service response (for `lambda:invoke`, the whole Invoke response), a
        /// Map's result array (the `ResultWriter`'s answer, an object, when it has one), or one item
        /// per Parallel branch.
        case result(JSONValue)
        /// A failure with this error name and cause.
        case error(error: String, cause: String?)
    }

    /// What the mock stands for.
    public var outcome: Outcome
    /// How strictly a Task's result is checked.
    public var fieldValidationMode: FieldValidationMode

    /// Creates a mock.
    public init(_ outcome: Outcome, fieldValidationMode: FieldValidationMode = .strict) {
        self.outcome = outcome
        self.fieldValidationMode = fieldValidationMode
    }

    /// A mocked result.
    public static func result(_ value: JSONValue, fieldValidationMode: FieldValidationMode = .strict) -> TestStateMock {
        TestStateMock(.result(value), fieldValidationMode: fieldValidationMode)
    }

    /// A mocked error: the error name, and its cause.
    public static func error(_ name: String, cause: String? = nil) -> TestStateMock {
        TestStateMock(.error(error: name, cause: cause))
    }
}
