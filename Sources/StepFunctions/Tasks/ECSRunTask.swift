/// A Task that runs an Amazon ECS task (`arn:aws:states:::ecs:runTask`); `.sync()` waits for it to stop.
///
/// ```swift
/// ECSRunTask(.packOrder, cluster: "warehouse", taskDefinition: "pack-order:3", launchType: "FARGATE")
///     .sync()
/// ```
public struct ECSRunTask<Name: StateName>: CallbackTask, JobTask {
    /// The state as built so far.
    public var node: StateNode

    /// Runs `taskDefinition` on `cluster`.
    /// - Parameters:
    ///   - cluster: `Cluster`.
    ///   - taskDefinition: `TaskDefinition`.
    ///   - launchType: `LaunchType`: `FARGATE`, `EC2` or `EXTERNAL`.
    ///   - networkConfiguration: `NetworkConfiguration`.
    ///   - overrides: `Overrides`.
    public init(
        _ name: Name, cluster: String, taskDefinition: String, launchType: String? = nil,
        networkConfiguration: Payload? = nil, overrides: Payload? = nil, file: String = #filePath, line: UInt = #line,
        column: UInt = #column
    ) {
        let request = Payload.request([
            ("Cluster", Payload(stringLiteral: cluster)), ("TaskDefinition", Payload(stringLiteral: taskDefinition)),
            ("LaunchType", launchType.map(Payload.init(stringLiteral:))),
            ("NetworkConfiguration", networkConfiguration), ("Overrides", overrides),
        ])
        node = .task(
            name.stateName, resource: "arn:aws:states:::ecs:runTask", acceptsPattern: true, request: request,
            file: file, line: line, column: column)
    }
}
