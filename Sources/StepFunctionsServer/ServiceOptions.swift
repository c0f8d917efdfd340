import Foundation
import StepFunctionsSimulator

/// How the local Step Functions service is set up (`sfn serve`'s options).
public struct ServiceOptions: Sendable {
    /// The account in every ARN.
    public var accountId = "123456789012"
    /// The region in every ARN.
    public var region = "us-east-1"
    /// The partition in every ARN.
    public var partition = "aws"
    /// The clock executions run on: the real clock (a 10 s Wait takes 10 s) or virtual time (Waits
    /// and retry delays end at once while timestamps advance).
    public var clock: Simulator.Options.ClockMode = .real
    /// On the real clock, the wall time one simulated second takes (0.1: ten times faster).
    public var timeScale: Double = 1
    /// Where acknowledged changes are kept across restarts (nil: in memory only).
    public var dataDirectory: String? = nil
    /// When the data directory's journal is damaged somewhere other than its torn tail: keep the
    /// records before the damage (the damaged file is kept beside it) instead of refusing to start.
    public var recoverTruncated = false
    /// The journal is replaced by a snapshot once it holds more than twice the records the data
    /// needs and at least this many (tests lower it to exercise compaction).
    package var compactionMinimum = 10_000
    /// A Step Functions Local mock configuration: executions started with `stateMachineArn#TestCase`
    /// get that test case's mocked responses.
    public var mockConfiguration: MockConfiguration? = nil
    /// A local Lambda endpoint (`sam local start-lambda`) that answers Lambda tasks, e.g. `http://127.0.0.1:3001`.
    public var lambdaEndpoint: String? = nil

    /// The wall clock the service reads where AWS's rules count days (redrive's 14-day period);
    /// tests set it to be later than it is. nil: the system clock.
    package var wallClock: (@Sendable () -> Date)? = nil

    /// Default options: account 123456789012, us-east-1, the real clock, in memory.
    public init() {}
}
