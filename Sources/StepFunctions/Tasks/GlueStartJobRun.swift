/// A Task that starts an AWS Glue job run (`arn:aws:states:::glue:startJobRun`); `.sync()` waits for it.
///
/// ```swift
/// GlueStartJobRun(.exportOrders, jobName: "export-orders", jobArguments: ["--day": .path("$.day")]).sync()
/// ```
public struct GlueStartJobRun<Name: StateName>: JobTask {
    /// The state as built so far.
    public var node: StateNode

    /// Starts a run of `jobName`.
    /// - Parameters:
    ///   - jobName: `JobName`.
    ///   - jobArguments: the run's `Arguments` (inside the request).
    public init(
        _ name: Name, jobName: String, jobArguments: Payload? = nil, file: String = #filePath, line: UInt = #line,
        column: UInt = #column
    ) {
        let request = Payload.request([("JobName", Payload(stringLiteral: jobName)), ("Arguments", jobArguments)])
        node = .task(
            name.stateName, resource: "arn:aws:states:::glue:startJobRun", acceptsPattern: true, request: request,
            file: file, line: line, column: column)
    }
}
