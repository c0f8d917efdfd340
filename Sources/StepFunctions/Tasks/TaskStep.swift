/// A Task state for any resource ARN: an activity, a Lambda function ARN, an optimized integration
/// without a typed helper (`arn:aws:states:::http:invoke`, `...:events:putEvents`), or a `${Placeholder}`.
///
/// It is not called `Task`: a public type of that name would shadow Swift Concurrency's `Task` in
/// every file that imports this module (`Task { ... }` and `Task.sleep` would stop compiling).
///
/// ```swift
/// TaskStep(.publishEvent, resource: "arn:aws:states:::events:putEvents")
///     .parameters(["Entries": [["Source": "orders", "DetailType": "OrderPlaced", "Detail": .path("$")]]])
/// ```
public struct TaskStep<Name: StateName>: CallbackTask {
    /// The state as built so far.
    public var node: StateNode

    /// Creates a Task state calling `resource` (written as is; `.waitForTaskToken()` appends the suffix).
    public init(_ name: Name, resource: String, file: String = #filePath, line: UInt = #line, column: UInt = #column) {
        node = .task(
            name.stateName, resource: resource, acceptsPattern: true, request: nil, file: file, line: line,
            column: column)
    }
}
