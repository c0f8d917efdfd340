import JSONCore

/// The bounds and inputs of ``Simulator/explore(inputs:options:)``.
public struct ExploreOptions: Sendable {
    /// The most paths to run (over all inputs); the report says when exploration stopped there.
    public var maxPaths: Int = 10_000
    /// The most decisions (task outcomes chosen among several) one path branches on; later task
    /// calls on the path succeed without branching.
    public var maxDepth: Int = 64
    /// The most state transitions one path may make (a guard against loops that never end when every
    /// task succeeds); such a path ends `TIMED_OUT` and is reported as stopped at the bound.
    public var maxTransitionsPerPath: Int = 1_000
    /// What a Task state returns when it succeeds, by state name (default: the task's input, so that
    /// Choice rules downstream see plausible data). Several samples are several outcomes: a reviewer
    /// who approves and one who rejects, so that each Choice branch after the task is explored.
    public var sampleOutputs: [String: [JSONValue]] = [:]
    /// Whether a task's side effect may happen twice (at-least-once delivery) as one more outcome of
    /// each call; nil: for EXPRESS state machines only.
    public var duplicateDeliveries: Bool? = nil
    /// Whether a retried call may fail with another error than the attempt before (false: a retry
    /// either succeeds or fails as the first attempt did, which keeps the number of paths small).
    public var mixErrorsAcrossRetries: Bool = false
    /// Whether each path records its ``ExecutionUsage`` (for its cost: ``ExplorePath/usage``).
    public var measureUsage: Bool = false
    /// Properties checked on every path (see ``ExploreAssertion``).
    public var assertions: [ExploreAssertion] = []

    /// Default bounds: 10,000 paths, 64 decisions a path.
    public init() {}
}
