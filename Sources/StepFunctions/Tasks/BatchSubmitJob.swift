/// A Task that submits an AWS Batch job (`arn:aws:states:::batch:submitJob`); `.sync()` waits for it.
///
/// ```swift
/// BatchSubmitJob(.buildInvoices, jobName: "invoices", jobQueue: queueARN, jobDefinition: "invoices:1").sync()
/// ```
public struct BatchSubmitJob<Name: StateName>: JobTask {
    /// The state as built so far.
    public var node: StateNode

    /// Submits a job.
    /// - Parameters:
    ///   - jobName: `JobName`.
    ///   - jobQueue: `JobQueue`.
    ///   - jobDefinition: `JobDefinition`.
    ///   - jobParameters: the job's `Parameters` (inside the request).
    ///   - containerOverrides: `ContainerOverrides`.
    ///   - arrayProperties: `ArrayProperties`.
    public init(
        _ name: Name, jobName: Payload, jobQueue: String, jobDefinition: String, jobParameters: Payload? = nil,
        containerOverrides: Payload? = nil, arrayProperties: Payload? = nil,
        file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) {
        let request = Payload.request([
            ("JobName", jobName), ("JobQueue", Payload(stringLiteral: jobQueue)),
            ("JobDefinition", Payload(stringLiteral: jobDefinition)), ("Parameters", jobParameters),
            ("ContainerOverrides", containerOverrides), ("ArrayProperties", arrayProperties),
        ])
        node = .task(
            name.stateName, resource: "arn:aws:states:::batch:submitJob", acceptsPattern: true, request: request,
            file: file, line: line, column: column)
    }
}
