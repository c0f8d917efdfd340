/// Where in a run TestState puts the state (AWS's `stateConfiguration`): how many retries already
/// happened, which state inside a Map or Parallel a mocked error stands for, how many Map iterations
/// fail, and what a distributed Map's `ItemReader` reads.
public struct TestStateConfiguration: Sendable, Hashable {
    /// The retries of the applicable retrier that already happened (default 0): with attempts left,
    /// a matching failure is `RETRIABLE` after `IntervalSeconds × BackoffRate^count`; without, the
    /// retrier is exhausted.
    public var retrierRetryCount: Int?
    /// The state inside the Map's item processor (or a Parallel branch) that the mocked error stands for.
    public var errorCausedByState: String?
    /// How many of the Map's iterations fail (at most the mocked result's items); more than the
    /// Map's `ToleratedFailureCount`/`ToleratedFailurePercentage` fails it with
    /// `States.ExceedToleratedFailureThreshold`. Needs a mock.
    public var mapIterationFailureCount: Int?
    /// What a distributed Map's `ItemReader` reads, as found in its source (JSON, JSONL or CSV text),
    /// instead of reading it.
    public var mapItemReaderData: String?

    /// Creates a configuration (every member optional, as in AWS's request).
    public init(
        retrierRetryCount: Int? = nil, errorCausedByState: String? = nil, mapIterationFailureCount: Int? = nil,
        mapItemReaderData: String? = nil
    ) {
        self.retrierRetryCount = retrierRetryCount
        self.errorCausedByState = errorCausedByState
        self.mapIterationFailureCount = mapIterationFailureCount
        self.mapItemReaderData = mapItemReaderData
    }
}
