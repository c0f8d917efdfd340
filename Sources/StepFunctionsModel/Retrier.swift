/// One entry of a state's `Retry` array.
///
/// Fields left `nil` take AWS's defaults (see ``effectiveIntervalSeconds`` and friends) and are
/// not written, so a definition round-trips as authored.
public struct Retrier: FieldSetView {
    /// The fields.
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// `ErrorEquals`: the error names this retrier matches (`States.ALL` matches any).
    public var errorEquals: [String] {
        get { fields.strings(.errorEquals) ?? [] }
        set { fields[.errorEquals] = .strings(newValue) }
    }

    /// `IntervalSeconds`: seconds before the first retry (default 1).
    public var intervalSeconds: Int? {
        get { fields.integer(.intervalSeconds) }
        set { fields.set(.intervalSeconds, newValue, FieldValue.integer) }
    }

    /// `MaxAttempts`: retries allowed (default 3; 0 means never retry).
    public var maxAttempts: Int? {
        get { fields.integer(.maxAttempts) }
        set { fields.set(.maxAttempts, newValue, FieldValue.integer) }
    }

    /// `BackoffRate`: the multiplier applied to the interval on each attempt (default 2.0).
    public var backoffRate: Double? {
        get { fields.number(.backoffRate) }
        set { fields.set(.backoffRate, newValue, FieldValue.number) }
    }

    /// `MaxDelaySeconds`: the cap on the interval.
    public var maxDelaySeconds: Int? {
        get { fields.integer(.maxDelaySeconds) }
        set { fields.set(.maxDelaySeconds, newValue, FieldValue.integer) }
    }

    /// `JitterStrategy`: `FULL` or `NONE` (default `NONE`).
    public var jitterStrategy: JitterStrategy? {
        get { fields.enumeration(.jitterStrategy) }
        set { fields.set(.jitterStrategy, newValue) { .string($0.rawValue) } }
    }

    /// `Comment`
    public var comment: String? {
        get { fields.string(.comment) }
        set { fields.set(.comment, newValue, FieldValue.string) }
    }

    /// Creates a retrier.
    public init(
        errorEquals: [String], intervalSeconds: Int? = nil, maxAttempts: Int? = nil, backoffRate: Double? = nil,
        maxDelaySeconds: Int? = nil, jitterStrategy: JitterStrategy? = nil, comment: String? = nil
    ) {
        fields = FieldSet()
        self.errorEquals = errorEquals
        self.intervalSeconds = intervalSeconds
        self.maxAttempts = maxAttempts
        self.backoffRate = backoffRate
        self.maxDelaySeconds = maxDelaySeconds
        self.jitterStrategy = jitterStrategy
        self.comment = comment
    }

    /// `IntervalSeconds`, or AWS's default of 1.
    public var effectiveIntervalSeconds: Int { intervalSeconds ?? 1 }
    /// `MaxAttempts`, or AWS's default of 3.
    public var effectiveMaxAttempts: Int { maxAttempts ?? 3 }
    /// `BackoffRate`, or AWS's default of 2.0.
    public var effectiveBackoffRate: Double { backoffRate ?? 2.0 }
}

/// How a retrier randomises its delays.
public enum JitterStrategy: String, Sendable, Hashable, CaseIterable {
    /// Each delay is drawn uniformly between 0 and the computed interval.
    case full = "FULL"
    /// Delays are exactly as computed.
    case none = "NONE"
}

/// One entry of a state's `Catch` array.
public struct Catcher: FieldSetView {
    /// The fields.
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// `ErrorEquals`: the error names this catcher matches.
    public var errorEquals: [String] {
        get { fields.strings(.errorEquals) ?? [] }
        set { fields[.errorEquals] = .strings(newValue) }
    }

    /// `Next`: the state to go to.
    public var next: String {
        get { fields.string(.next) ?? "" }
        set { fields[.next] = .string(newValue) }
    }

    /// `ResultPath` (JSONPath): where the error output goes in the input (`nil`: `$`, replacing it).
    public var resultPath: NullablePath? {
        get { fields.nullablePath(.resultPath) }
        set { fields.set(.resultPath, newValue, FieldValue.nullablePath) }
    }

    /// `Output` (JSONata): the state output after the catch.
    public var output: PayloadTemplate? {
        get { fields.template(.output) }
        set { fields.set(.output, newValue, FieldValue.template) }
    }

    /// `Assign`: variables set when this catcher is taken.
    public var assign: PayloadTemplate? {
        get { fields.template(.assign) }
        set { fields.set(.assign, newValue, FieldValue.template) }
    }

    /// `Comment`
    public var comment: String? {
        get { fields.string(.comment) }
        set { fields.set(.comment, newValue, FieldValue.string) }
    }

    /// Creates a catcher.
    public init(
        errorEquals: [String], next: String, resultPath: NullablePath? = nil, output: PayloadTemplate? = nil,
        assign: PayloadTemplate? = nil, comment: String? = nil
    ) {
        fields = FieldSet()
        self.errorEquals = errorEquals
        self.next = next
        self.resultPath = resultPath
        self.output = output
        self.assign = assign
        self.comment = comment
    }
}

/// The predefined error names of Step Functions.
public enum StatesError {
    /// Matches any error name (except `States.Runtime` in a Catch, and `States.DataLimitExceeded` etc. as AWS documents).
    public static let all = "States.ALL"
    /// Any error except `States.Timeout`.
    public static let taskFailed = "States.TaskFailed"
    /// A Task ran longer than `TimeoutSeconds`, or the execution exceeded its timeout.
    public static let timeout = "States.Timeout"
    /// A Task missed its `HeartbeatSeconds`.
    public static let heartbeatTimeout = "States.HeartbeatTimeout"
    /// Insufficient privileges.
    public static let permissions = "States.Permissions"
    /// A Parallel or Map branch failed.
    public static let branchFailed = "States.BranchFailed"
    /// No Choice rule matched and there is no `Default`.
    public static let noChoiceMatched = "States.NoChoiceMatched"
    /// A `Parameters` path failed.
    public static let parameterPathFailure = "States.ParameterPathFailure"
    /// A `ResultPath` could not be applied.
    public static let resultPathMatchFailure = "States.ResultPathMatchFailure"
    /// An intrinsic function failed.
    public static let intrinsicFailure = "States.IntrinsicFailure"
    /// A payload exceeded the size quota.
    public static let dataLimitExceeded = "States.DataLimitExceeded"
    /// A runtime error that no Catch can catch (invalid paths, bad values).
    public static let runtime = "States.Runtime"
    /// A Map exceeded its tolerated failures.
    public static let exceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold"
    /// An item reader failed.
    public static let itemReaderFailed = "States.ItemReaderFailed"
    /// A result writer failed.
    public static let resultWriterFailed = "States.ResultWriterFailed"
    /// A JSONata expression failed.
    public static let queryEvaluationError = "States.QueryEvaluationError"

    /// Every predefined name.
    public static let allNames: [String] = [
        all, taskFailed, timeout, heartbeatTimeout, permissions, branchFailed, noChoiceMatched, parameterPathFailure,
        resultPathMatchFailure, intrinsicFailure, dataLimitExceeded, runtime, exceedToleratedFailureThreshold,
        itemReaderFailed, resultWriterFailed, queryEvaluationError,
    ]
}
