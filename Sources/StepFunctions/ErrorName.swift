/// An error name in a Retry or Catch `ErrorEquals` list: one of the predefined `States.*` names,
/// or your own (`"Payment.Declined"`, `"Lambda.ServiceException"`) as a string literal.
public struct ErrorName: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The name as written in `ErrorEquals`.
    public var rawValue: String

    /// Creates a name.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// Creates a name from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The name.
    public var description: String { rawValue }

    /// `States.ALL`: any error. Must be alone in its list, and its retrier or catcher must be last.
    public static let all = ErrorName(StatesError.all)
    /// `States.TaskFailed`: any error except `States.Timeout`.
    public static let taskFailed = ErrorName(StatesError.taskFailed)
    /// `States.Timeout`: a Task ran longer than its timeout or missed a heartbeat.
    public static let timeout = ErrorName(StatesError.timeout)
    /// `States.HeartbeatTimeout`: a Task missed its heartbeat.
    public static let heartbeatTimeout = ErrorName(StatesError.heartbeatTimeout)
    /// `States.Permissions`: insufficient privileges.
    public static let permissions = ErrorName(StatesError.permissions)
    /// `States.BranchFailed`: a Parallel or Map branch failed.
    public static let branchFailed = ErrorName(StatesError.branchFailed)
    /// `States.NoChoiceMatched`: no Choice rule matched and there is no default.
    public static let noChoiceMatched = ErrorName(StatesError.noChoiceMatched)
    /// `States.ParameterPathFailure`: a path in `Parameters` failed.
    public static let parameterPathFailure = ErrorName(StatesError.parameterPathFailure)
    /// `States.ResultPathMatchFailure`: a `ResultPath` could not be applied.
    public static let resultPathMatchFailure = ErrorName(StatesError.resultPathMatchFailure)
    /// `States.IntrinsicFailure`: an intrinsic function failed.
    public static let intrinsicFailure = ErrorName(StatesError.intrinsicFailure)
    /// `States.DataLimitExceeded`: a payload exceeded the size quota.
    public static let dataLimitExceeded = ErrorName(StatesError.dataLimitExceeded)
    /// `States.ExceedToleratedFailureThreshold`: a Map exceeded its tolerated failures.
    public static let exceedToleratedFailureThreshold = ErrorName(StatesError.exceedToleratedFailureThreshold)
    /// `States.ItemReaderFailed`: a Map's item reader failed.
    public static let itemReaderFailed = ErrorName(StatesError.itemReaderFailed)
    /// `States.ResultWriterFailed`: a Map's result writer failed.
    public static let resultWriterFailed = ErrorName(StatesError.resultWriterFailed)
    /// `States.QueryEvaluationError`: a JSONata expression failed.
    public static let queryEvaluationError = ErrorName(StatesError.queryEvaluationError)
    /// `States.Runtime`: an error no Catch can catch (listed for completeness).
    public static let runtime = ErrorName(StatesError.runtime)
}
