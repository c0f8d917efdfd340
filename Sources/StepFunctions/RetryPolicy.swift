/// A `Retry` entry as a value: define it once and pass it to `.retry(_:)` on every state that
/// retries the same way, or to ``StateMachine/taskDefaults(timeout:heartbeat:retry:file:line:column:)``.
///
/// ```swift
/// let transient = RetryPolicy(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
/// LambdaInvoke(.validateOrder, function: "validate").retry(transient)
/// LambdaInvoke(.chargeCard, function: "charge").retry(.throttled, transient)   // tried in order
/// ```
///
/// Omitted fields take AWS's defaults (interval 1 s, 3 attempts, backoff 2.0) and are not written.
public struct RetryPolicy: Sendable, Hashable {
    /// `ErrorEquals`.
    public var errors: [ErrorName]
    /// `IntervalSeconds`, whole seconds.
    public var interval: Duration?
    /// `MaxAttempts` (0 means never retry).
    public var maxAttempts: Int?
    /// `BackoffRate` (at least 1.0).
    public var backoffRate: Double?
    /// `MaxDelaySeconds`, whole seconds.
    public var maxDelay: Duration?
    /// `JitterStrategy`.
    public var jitter: JitterStrategy?
    /// `Comment`.
    public var comment: String?

    /// Creates a policy for `errors`.
    public init(
        on errors: ErrorName..., interval: Duration? = nil, maxAttempts: Int? = nil, backoffRate: Double? = nil,
        maxDelay: Duration? = nil, jitter: JitterStrategy? = nil, comment: String? = nil
    ) {
        self.init(
            on: errors, interval: interval, maxAttempts: maxAttempts, backoffRate: backoffRate, maxDelay: maxDelay,
            jitter: jitter, comment: comment)
    }

    /// Creates a policy for a list of errors built elsewhere.
    public init(
        on errors: [ErrorName], interval: Duration? = nil, maxAttempts: Int? = nil, backoffRate: Double? = nil,
        maxDelay: Duration? = nil, jitter: JitterStrategy? = nil, comment: String? = nil
    ) {
        self.errors = errors
        self.interval = interval
        self.maxAttempts = maxAttempts
        self.backoffRate = backoffRate
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.comment = comment
    }
}

/// A `Catch` entry as a value, for a workflow whose name type is `Name`: define it once and pass it
/// to `.catch(_:)` on every state that handles the same errors the same way.
///
/// ```swift
/// let toFailure = CatchPolicy<PaymentStep>(.all, resultPath: "$.error", next: .handleFailure)
/// LambdaInvoke(.validateOrder, function: "validate").catch(toFailure)
/// ```
public struct CatchPolicy<Name: StateName>: Sendable, Hashable {
    /// `ErrorEquals`.
    public var errors: [ErrorName]
    /// `ResultPath` (JSONPath): where the error goes in the input.
    public var resultPath: PathOrNull?
    /// `Output` (JSONata).
    public var output: Payload?
    /// `Assign`.
    public var assign: Payload?
    /// `Comment`.
    public var comment: String?
    /// `Next`: the state the workflow goes to.
    public var next: Name

    /// Creates a policy that sends `errors` to `next`.
    public init(
        _ errors: ErrorName..., resultPath: PathOrNull? = nil, output: Payload? = nil, assign: Payload? = nil,
        comment: String? = nil, next: Name
    ) {
        self.init(errors, resultPath: resultPath, output: output, assign: assign, comment: comment, next: next)
    }

    /// Creates a policy for a list of errors built elsewhere.
    public init(
        _ errors: [ErrorName], resultPath: PathOrNull? = nil, output: Payload? = nil, assign: Payload? = nil,
        comment: String? = nil, next: Name
    ) {
        self.errors = errors
        self.resultPath = resultPath
        self.output = output
        self.assign = assign
        self.comment = comment
        self.next = next
    }
}

extension RetryPolicy {
    /// The `Retry` entry, its durations checked as whole seconds where `location` says it was written
    /// (`path` is the entry's path relative to the state).
    func content(checking node: inout StateNode, at path: FieldPath, _ location: DiagnosticLocation)
        -> FieldContent
    {
        func seconds(_ d: Duration?, _ field: String) -> FieldContent? {
            d.map { .json(.int(node.wholeSeconds($0, at: path.appending(field), location))) }
        }
        return .members([
            ("ErrorEquals", .json(.array(errors.map { .string($0.rawValue) }))),
            ("Comment", comment.map(FieldContent.string)),
            ("IntervalSeconds", seconds(interval, "IntervalSeconds")),
            ("MaxAttempts", maxAttempts.map { .json(.int($0)) }),
            ("BackoffRate", backoffRate.map { .json(.double($0)) }),
            ("MaxDelaySeconds", seconds(maxDelay, "MaxDelaySeconds")),
            ("JitterStrategy", jitter.map { .string($0.rawValue) }),
        ])
    }
}

extension StateNode {
    /// Appends `policy` to `Retry`, recorded as written at `location`.
    mutating func appendRetry(_ policy: RetryPolicy, at location: DiagnosticLocation) {
        let path = FieldPath([.key("Retry"), .index(count(.retry))])
        let content = policy.content(checking: &self, at: path, location)
        append(.retry, content, at: location)
    }
}
