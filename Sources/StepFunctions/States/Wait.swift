/// `"Type": "Wait"`: pauses for a time or until a timestamp.
///
/// ```swift
/// Wait(.coolDown, for: .seconds(30))                       // "Seconds": 30
/// Wait(.untilShipped, until: "2026-01-01T00:00:00Z")        // "Timestamp"
/// Wait(.delay, secondsPath: "$.delaySeconds")               // "SecondsPath"
/// Wait(.untilDue, timestampPath: "$.dueAt")                 // "TimestampPath"
/// Wait(.delay, for: .jsonata("$states.input.delay"))       // "Seconds": "{% ... %}"
/// ```
public struct Wait<Name: StateName>: StateDefinition {
    /// The state as built so far.
    public var node: StateNode

    private init(
        _ name: Name, _ field: ASLField, _ content: (inout StateNode, DiagnosticLocation) -> FieldContent,
        _ file: String, _ line: UInt, _ column: UInt
    ) {
        let location = DiagnosticLocation.source(file, line, column)
        node = StateNode(name: name.stateName, type: .wait, location: location)
        node.set(field, content(&node, location), at: location)
    }

    /// Waits for a whole number of seconds (`Seconds`); a sub-second duration is reported.
    public init(
        _ name: Name, for duration: Duration, file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        self.init(
            name, .seconds, { .json(.int($0.wholeSeconds(duration, at: .field("Seconds"), $1))) }, file, line, column)
    }

    /// Waits for the seconds a JSONata expression gives (`Seconds`, JSONata states).
    public init(
        _ name: Name, for expression: JSONataExpression, file: String = #filePath, line: UInt = #line,
        column: UInt = #column
    ) {
        self.init(name, .seconds, { _, _ in .string(expression.delimited) }, file, line, column)
    }

    /// Waits for the seconds found at a path of the input (`SecondsPath`, JSONPath states).
    public init(
        _ name: Name, secondsPath: String, file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        self.init(name, .secondsPath, { _, _ in .string(secondsPath) }, file, line, column)
    }

    /// Waits until an RFC 3339 timestamp such as `2026-01-01T00:00:00Z` (`Timestamp`).
    public init(
        _ name: Name, until timestamp: String, file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        self.init(name, .timestamp, { _, _ in .string(timestamp) }, file, line, column)
    }

    /// Waits until the timestamp a JSONata expression gives (`Timestamp`, JSONata states).
    public init(
        _ name: Name, until expression: JSONataExpression, file: String = #filePath, line: UInt = #line,
        column: UInt = #column
    ) {
        self.init(name, .timestamp, { _, _ in .string(expression.delimited) }, file, line, column)
    }

    /// Waits until the timestamp found at a path of the input (`TimestampPath`, JSONPath states).
    public init(
        _ name: Name, timestampPath: String, file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        self.init(name, .timestampPath, { _, _ in .string(timestampPath) }, file, line, column)
    }
}
