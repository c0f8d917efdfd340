/// `"Type": "Wait"`: pauses for a time or until a timestamp.
///
/// ```swift
/// Wait(.coolDown, for: .seconds(30))                       // "Seconds": 30
/// Wait(.untilShipped, until: "2026-01-01T00:00:00Z")        // "Timestamp"
/// Wait(.delay, secondsPath: "$.delaySeconds")               // "SecondsPath"
/// Wait(.untilDue, timestampPath: "$.dueAt")                 // "TimestampPath"
/// Wait(.delay, for: .jsonata("$states.input.delay"))       // "Seconds": "{% ... %}"
/// ```
public struct Wait<Name: StateName>: DataFlowState, AssigningState, ChainableState {
    /// The state as built so far.
    public var node: StateNode

    private init(_ name: Name, _ spec: StateNode.WaitSpec, _ field: String, _ fileID: String, _ line: UInt) {
        node = StateNode(name: name.rawValue, kind: .wait(spec), fileID: fileID, line: line)
        node.record(.field(field), fileID: fileID, line: line)
    }

    /// Waits for a whole number of seconds (`Seconds`); a sub-second duration is reported.
    public init(_ name: Name, for duration: Duration, fileID: String = #fileID, line: UInt = #line) {
        self.init(name, .seconds(duration), "Seconds", fileID, line)
    }

    /// Waits for the seconds a JSONata expression gives (`Seconds`, JSONata states).
    public init(_ name: Name, for expression: JSONataExpression, fileID: String = #fileID, line: UInt = #line) {
        self.init(name, .secondsExpression(expression.source), "Seconds", fileID, line)
    }

    /// Waits for the seconds found at a path of the input (`SecondsPath`, JSONPath states).
    public init(_ name: Name, secondsPath: String, fileID: String = #fileID, line: UInt = #line) {
        self.init(name, .secondsPath(secondsPath), "SecondsPath", fileID, line)
    }

    /// Waits until an RFC 3339 timestamp such as `2026-01-01T00:00:00Z` (`Timestamp`).
    public init(_ name: Name, until timestamp: String, fileID: String = #fileID, line: UInt = #line) {
        self.init(name, .timestamp(timestamp), "Timestamp", fileID, line)
    }

    /// Waits until the timestamp a JSONata expression gives (`Timestamp`, JSONata states).
    public init(_ name: Name, until expression: JSONataExpression, fileID: String = #fileID, line: UInt = #line) {
        self.init(name, .timestampExpression(expression.source), "Timestamp", fileID, line)
    }

    /// Waits until the timestamp found at a path of the input (`TimestampPath`, JSONPath states).
    public init(_ name: Name, timestampPath: String, fileID: String = #fileID, line: UInt = #line) {
        self.init(name, .timestampPath(timestampPath), "TimestampPath", fileID, line)
    }
}
