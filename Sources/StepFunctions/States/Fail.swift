/// `"Type": "Fail"`: ends the execution with an error name and a cause.
///
/// ```swift
/// Fail(.orderFailed, error: "OrderProcessingFailed", cause: "Order could not be processed")
/// Fail(.rethrow).errorPath("$.error.Error").causePath("$.error.Cause")
/// Fail(.rejected).error(.jsonata("$states.input.reason"))          // JSONata state
/// ```
public struct Fail<Name: StateName>: StateDefinition {
    /// The state as built so far.
    public var node: StateNode

    /// Creates a Fail state with a literal `Error` and `Cause`.
    public init(
        _ name: Name, error: String? = nil, cause: String? = nil, fileID: String = #fileID, line: UInt = #line
    ) {
        node = StateNode(name: name.rawValue, kind: .fail, fileID: fileID, line: line)
        node.fields.error = error.map(TextSpec.literal)
        node.fields.cause = cause.map(TextSpec.literal)
    }

    /// Sets `Error` to a literal error name.
    public func error(_ name: String, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("Error"), fileID, line) { $0.fields.error = .literal(name) }
    }

    /// Sets `Error` to a JSONata expression (JSONata states).
    public func error(_ expression: JSONataExpression, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("Error"), fileID, line) { $0.fields.error = .expression(expression.source) }
    }

    /// Sets `ErrorPath` (JSONPath states): a path or an intrinsic call giving the error name.
    public func errorPath(_ path: String, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("ErrorPath"), fileID, line) { $0.fields.error = .path(path) }
    }

    /// Sets `Cause` to a literal text.
    public func cause(_ text: String, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("Cause"), fileID, line) { $0.fields.cause = .literal(text) }
    }

    /// Sets `Cause` to a JSONata expression (JSONata states).
    public func cause(_ expression: JSONataExpression, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("Cause"), fileID, line) { $0.fields.cause = .expression(expression.source) }
    }

    /// Sets `CausePath` (JSONPath states): a path or an intrinsic call giving the cause.
    public func causePath(_ path: String, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("CausePath"), fileID, line) { $0.fields.cause = .path(path) }
    }
}
