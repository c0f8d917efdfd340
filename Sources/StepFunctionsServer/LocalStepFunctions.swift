import Foundation
import JSONCore
import StepFunctionsCompiler
import StepFunctionsModel
import StepFunctionsSimulator

/// The Step Functions API, in process: state machines, versions, aliases, tags, executions run by
/// the simulator, callbacks, activities, Map Runs and TestState. ``StepFunctionsEndpoint`` serves
/// it over HTTP; tests can call ``call(_:_:)`` directly.
///
/// Every resource lives behind one lock (``Locked``), taken briefly by each operation: operations
/// that wait (StartSyncExecution, GetActivityTask) do their waiting outside it.
package final class LocalStepFunctions: Sendable {
    /// How the service is set up.
    package let options: ServiceOptions
    /// ARNs of this account and region.
    package let arns: ARNRules
    let data = Locked(ServiceData())
    /// Activity tasks waiting for workers, and workers waiting for tasks.
    let activityHub: ActivityHub
    /// Where acknowledged changes are written (nil: in memory only).
    let store: PersistentStore?
    /// What the data directory's recovery reported (a torn tail cut off, damage truncated), if anything.
    package let startNotice: String?
    /// Simulators prepared per revision (the plan is built once per definition).
    let simulators = Locked([String: Simulator]())
    /// State machine ARNs already parsed (start requests name the same few again and again).
    let machineReferences = Locked([String: MachineReference]())
    /// The local Lambda endpoint that answers Lambda tasks (`--lambda-endpoint`), if any.
    let lambda: LambdaEndpoint?

    /// Creates the service; with a data directory, reads back what was stored there.
    package init(options: ServiceOptions) throws(ServiceSetupError) {
        self.options = options
        arns = ARNRules(partition: options.partition, region: options.region, account: options.accountId)
        activityHub = ActivityHub()
        lambda = try options.lambdaEndpoint.map { url throws(ServiceSetupError) in try LambdaEndpoint(url) }
        if let directory = options.dataDirectory {
            let (store, recovered, notice) = try PersistentStore.open(
                directory: directory, truncateDamage: options.recoverTruncated,
                compactionMinimum: options.compactionMinimum)
            self.store = store
            startNotice = notice
            data.withLock { $0 = recovered }
            recoverInterrupted()
        } else {
            store = nil
            startNotice = nil
        }
        let exists: @Sendable (String) -> Bool = { [data, arns] arn in
            guard let name = try? arns.activityName(arn) else { return false }
            return data.withLock { $0.activities[name] != nil }
        }
        activityHub.setExists(exists)
    }

    /// Answers one API operation: the response body, or AWS's error.
    package func call(_ operation: String, _ body: JSONValue) async -> Result<JSONValue, AWSError> {
        if let failure = validateRequest(operation: operation, body: body) { return .failure(failure) }
        let result: Result<JSONValue, AWSError>
        do {
            result = .success(try await dispatch(operation, Request(body)))
        } catch {
            result = .failure(error)
        }
        // Nothing is answered before the changes it made (or saw) are on disk.
        if let store, let failure = await store.durable() {
            return .failure(
                AWSError(
                    "InternalFailure",
                    "sfn serve could not write its data directory (\(failure.message)); the change may not have "
                        + "been recorded, and no change is accepted until it restarts", status: 500))
        }
        return result
    }

    private func dispatch(_ operation: String, _ r: Request) async throws(AWSError) -> JSONValue {
        switch operation {
        case "CreateStateMachine": return try createStateMachine(r)
        case "DescribeStateMachine": return try describeStateMachine(r)
        case "UpdateStateMachine": return try updateStateMachine(r)
        case "DeleteStateMachine": return try deleteStateMachine(r)
        case "ListStateMachines": return try listStateMachines(r)
        case "ValidateStateMachineDefinition": return try validateStateMachineDefinition(r)
        case "DescribeStateMachineForExecution": return try describeStateMachineForExecution(r)
        case "PublishStateMachineVersion": return try publishStateMachineVersion(r)
        case "ListStateMachineVersions": return try listStateMachineVersions(r)
        case "DeleteStateMachineVersion": return try deleteStateMachineVersion(r)
        case "CreateStateMachineAlias": return try createStateMachineAlias(r)
        case "DescribeStateMachineAlias": return try describeStateMachineAlias(r)
        case "UpdateStateMachineAlias": return try updateStateMachineAlias(r)
        case "DeleteStateMachineAlias": return try deleteStateMachineAlias(r)
        case "ListStateMachineAliases": return try listStateMachineAliases(r)
        case "TagResource": return try tagResource(r)
        case "UntagResource": return try untagResource(r)
        case "ListTagsForResource": return try listTagsForResource(r)
        case "StartExecution": return try startExecution(r)
        case "StartSyncExecution": return try await startSyncExecution(r)
        case "DescribeExecution": return try describeExecution(r)
        case "ListExecutions": return try listExecutions(r)
        case "StopExecution": return try stopExecution(r)
        case "GetExecutionHistory": return try getExecutionHistory(r)
        case "RedriveExecution": return try redriveExecution(r)
        case "SendTaskSuccess": return try sendTaskSuccess(r)
        case "SendTaskFailure": return try sendTaskFailure(r)
        case "SendTaskHeartbeat": return try sendTaskHeartbeat(r)
        case "CreateActivity": return try createActivity(r)
        case "DescribeActivity": return try describeActivity(r)
        case "DeleteActivity": return try deleteActivity(r)
        case "ListActivities": return try listActivities(r)
        case "GetActivityTask": return try await getActivityTask(r)
        case "DescribeMapRun": return try describeMapRun(r)
        case "ListMapRuns": return try listMapRuns(r)
        case "UpdateMapRun": return try updateMapRun(r)
        case "TestState": return try await testState(r)
        default: throw .unknownOperation(operation)
        }
    }

    /// Stops every running execution (the server is shutting down) and closes the store. The runs
    /// end without a record of how: at the next start they are what a crash leaves (see
    /// ``recoverInterrupted()``).
    package func shutdown() {
        let (running, waiting) = data.withLock { d in
            d.stopping = true
            defer { d.endWaiters = [:] }
            return (d.live.values.map(\.task), d.endWaiters.values.flatMap(\.values))
        }
        for task in running { task.cancel() }
        for continuation in waiting { continuation.resume(returning: nil) }
        activityHub.shutdown()
        store?.close()
    }

    // MARK: Shared helpers

    /// Simulator options for this service: its clock, time scale, region, account and partition.
    func simulatorOptions() -> Simulator.Options {
        var options = Simulator.Options()
        options.clock = self.options.clock
        options.timeScale = self.options.timeScale
        options.region = self.options.region
        options.accountId = self.options.accountId
        options.partition = self.options.partition
        return options
    }

    /// Now, to the millisecond (AWS's timestamps have millisecond precision).
    static func now() -> Date {
        Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }

    /// A fresh random (version 4) UUID, lowercased as AWS writes them.
    ///
    /// Not Foundation's `UUID()`, which on Linux opens and reads `/dev/urandom` for each one: a
    /// StartSyncExecution makes three, and those file operations were its largest single cost.
    static func uuid() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next()
        let low = generator.next()
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            for index in 0..<32 {
                if index == 8 || index == 12 || index == 16 || index == 20 {
                    buffer[position] = UInt8(ascii: "-")
                    position += 1
                }
                let word = index < 16 ? high : low
                var nibble = Int((word >> UInt64(60 - 4 * (index % 16))) & 0xF)
                if index == 12 { nibble = 4 }  // version 4
                if index == 16 { nibble = 8 | (nibble & 0x3) }  // variant 10xx
                buffer[position] = digits[nibble]
                position += 1
            }
            return position
        }
    }

    /// Queues a change for the data directory (when there is one); ``call(_:_:)`` answers once it is
    /// durable. Called under the service's lock, right after the change, so records keep its order.
    func persist(_ record: @autoclosure () -> JSONValue, in d: inout ServiceData) {
        guard let store else { return }
        store.append(record())
        store.compactIfDue(recordCount: { StoreRecord.count(d) }) { StoreRecord.snapshot(of: &d) }
    }
}

/// Everything the service holds, behind the service's one lock.
struct ServiceData: Sendable {
    /// State machines by name.
    var machines: [String: MachineRecord] = [:]
    /// Executions by ARN.
    var executions: [String: ExecutionRecord] = [:]
    /// Each machine's executions' ARNs, oldest first.
    var executionsByMachine: [String: [String]] = [:]
    /// Activities by name.
    var activities: [String: ActivityRecord] = [:]
    /// Map Runs by ARN.
    var mapRuns: [String: MapRunRecord] = [:]
    /// Which running execution issued each task token.
    var tokens: [String: String] = [:]
    /// Running executions by ARN.
    var live: [String: LiveExecution] = [:]
    /// Set when the service shuts down: runs that end then are not recorded as ended.
    var stopping = false
    /// Who waits for a running execution to end (`states:startExecution.sync` parents), by ARN.
    var endWaiters: [String: [Int: CheckedContinuation<ChildExecution.End?, Never>]] = [:]
    /// The last number given to an end waiter.
    var nextEndWaiter = 0
    /// The SQS stand-in's queues by name (in memory only).
    var queues: [String: QueueRecord] = [:]
    /// CloudWatch Logs log groups (the stand-in that logging configurations name).
    var logGroups: [String: Date] = [:]
    /// Log streams and their events, by log group (the execution logs of logging configurations).
    var logStreams: [String: [String: [LogEvent]]] = [:]
    /// S3 buckets and their objects' text (the stand-in that Map's ItemReader and ResultWriter use).
    var buckets: [String: [String: String]] = [:]
    /// CloudFormation stacks by stack id, deleted ones included (the stand-in that deploys templates).
    var stacks: [String: StackRecord] = [:]
}

/// A running execution: the run's handle and what watches it.
struct LiveExecution: Sendable {
    let handle: RunningExecution
    let observer: ExecutionObserver
    let task: Task<Void, Never>
    /// Which run this is: a run that was stopped (and maybe redriven since) ends in the background,
    /// and what it reports then no longer counts.
    let run: RunIdentity
    /// The task tokens it issued (forgotten when it ends).
    var tokens: [String] = []
    /// How many of its history events the data directory holds (those a client has been shown).
    var journaledEvents = 0
}

/// The identity of one run of an execution (its start, or one of its redrives).
final class RunIdentity: Sendable {}

/// Why the service could not start (e.g. its data directory is unusable).
package struct ServiceSetupError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    package var message: String
    /// Creates an error.
    package init(_ message: String) { self.message = message }
    /// The message.
    package var description: String { message }
}
