import Foundation
import JSONCore
import StepFunctionsModel
import StepFunctionsSimulator

/// One revision of a state machine: what a version freezes and an execution runs.
struct Revision: Sendable {
    /// The definition as it was sent (AWS returns the text unchanged).
    var definitionText: String
    /// The role.
    var roleArn: String
    /// `loggingConfiguration` as AWS describes it.
    var logging: JSONValue
    /// `tracingConfiguration`.
    var tracing: JSONValue
    /// The revision's id (nil for the first revision, which AWS does not name).
    var revisionId: String?
    /// `description` of the state machine (a version keeps its own).
    var description: String?

    /// Whether two revisions run the same thing (an update that changes nothing makes no revision).
    func sameContent(as other: Revision) -> Bool {
        definitionText == other.definitionText && roleArn == other.roleArn && logging == other.logging
            && tracing == other.tracing
    }
}

/// A state machine, its versions and its aliases.
struct MachineRecord: Sendable {
    var name: String
    var arn: String
    var type: StateMachineType
    var creationDate: Date
    /// The latest revision.
    var current: Revision
    /// When the latest effective update happened.
    var updateDate: Date?
    /// Published versions by number.
    var versions: [Int: VersionRecord] = [:]
    /// The next version number (never reused after a deletion).
    var nextVersion = 1
    /// Aliases by name.
    var aliases: [String: AliasRecord] = [:]
    var tags: [Tag] = []
}

/// A published version: a frozen revision.
struct VersionRecord: Sendable {
    var number: Int
    var arn: String
    var revision: Revision
    var description: String?
    var creationDate: Date
}

/// An alias: weighted routing to versions.
struct AliasRecord: Sendable {
    var name: String
    var arn: String
    var description: String?
    var routing: [RoutingEntry]
    var creationDate: Date
    var updateDate: Date?
}

/// One entry of an alias's routing configuration.
struct RoutingEntry: Sendable, Hashable {
    var versionArn: String
    var weight: Int

    var json: JSONValue { ["stateMachineVersionArn": .string(versionArn), "weight": .int(weight)] }
}

/// The status of an execution, as the API names it.
enum ExecutionState: String, Sendable {
    case running = "RUNNING"
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case timedOut = "TIMED_OUT"
    case aborted = "ABORTED"
    case pendingRedrive = "PENDING_REDRIVE"

    init(_ status: ExecutionStatus) {
        switch status {
        case .running: self = .running
        case .succeeded: self = .succeeded
        case .failed: self = .failed
        case .timedOut: self = .timedOut
        case .aborted: self = .aborted
        }
    }
}

/// One execution.
struct ExecutionRecord: Sendable {
    var arn: String
    var name: String
    var machineName: String
    var machineArn: String
    var versionArn: String?
    var aliasArn: String?
    var express: Bool
    /// The input as sent.
    var inputText: String
    var status: ExecutionState
    var startDate: Date
    var stopDate: Date?
    /// The output as JSON text.
    var outputText: String?
    var error: String?
    var cause: String?
    /// The history, once the execution ended (while it runs, the runner's live history).
    var history: [HistoryEvent] = []
    var redriveCount = 0
    var redriveDate: Date?
    /// The revision it runs (for DescribeStateMachineForExecution).
    var revision: Revision
    var traceHeader: String?
    /// The Map Runs it started, in order.
    var mapRuns: [String] = []
    /// The Step Functions Local test case it runs with (`stateMachineArn#TestCase`); a redrive uses it too.
    var testCase: String? = nil
    /// The client tokens of its last redrives (RedriveExecution answers a repeated one as it did).
    var redriveTokens: [RedriveToken] = []
}

/// A `clientToken` that redrove an execution: AWS answers it again, without redriving again, for
/// 15 minutes after its first use, and keeps an execution's last 10.
struct RedriveToken: Sendable, Hashable {
    var token: String
    /// When it was first used, and the redrive it started.
    var used: Date
    var redriveDate: Date

    /// How long a token is answered again.
    static let validity: TimeInterval = 15 * 60
    /// How many tokens an execution keeps.
    static let kept = 10
}

/// An activity.
struct ActivityRecord: Sendable {
    var name: String
    var arn: String
    var creationDate: Date
    var tags: [Tag] = []
}

/// A distributed Map's run.
struct MapRunRecord: Sendable {
    var arn: String
    var executionArn: String
    /// `stateMachineArn` in ListMapRuns: the machine's ARN with `/label`.
    var machineArn: String
    var startDate: Date
    var stopDate: Date?
    var status: String
    var maxConcurrency: Int
    var toleratedFailureCount: Int
    var toleratedFailurePercentage: Double
    var itemCounts: JSONObject
    var executionCounts: JSONObject
    /// How many times a redrive of its execution redrove it, and when it last did.
    var redriveCount = 0
    var redriveDate: Date? = nil
    /// The outputs of the children that succeeded, by index, while the run has not succeeded: a
    /// redrive of the execution runs only the others again.
    var childOutputs: [Int: JSONValue] = [:]
}
