import JSONCore

/// What TestState answers for one state: how it ended, where the execution would go next, its
/// output or error, and (at ``InspectionLevel/debug`` and ``InspectionLevel/trace``) each step of
/// its data processing.
///
/// ```swift
/// let result = try await simulator.testState("ChargeCard", input: ["amount": 5],
///                                            mock: .result(["Payload": ["charged": true]]))
/// #expect(result.status == .succeeded)
/// #expect(result.nextState == "Ship")
/// ```
public struct TestStateResult: Sendable, Hashable {
    /// How the state ended (AWS's `status`).
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// It completed: ``output`` is its output, ``nextState`` its `Next` (a Choice: the branch taken).
        case succeeded = "SUCCEEDED"
        /// It failed and nothing retries or catches the error (or the retrier that matches has no
        /// attempts left and no catcher matches).
        case failed = "FAILED"
        /// It failed and a retrier with attempts left matches: the state would run again after
        /// ``InspectionData/ErrorDetails/retryBackoffIntervalSeconds``.
        case retriable = "RETRIABLE"
        /// It failed and a catcher took the error: ``output`` is the catcher's output, ``nextState`` its `Next`.
        case caughtError = "CAUGHT_ERROR"
    }

    /// How the state ended.
    public var status: Status
    /// The state the execution would go to (none at the end, or when the state failed).
    public var nextState: String?
    /// The state's output (a catcher's output for ``Status/caughtError``; nil when it failed).
    public var output: JSONValue?
    /// The error name, when the state failed (or was caught).
    public var error: String?
    /// The error's cause.
    public var cause: String?
    /// Each step of the data processing (nil at ``InspectionLevel/info``, as AWS answers).
    public var inspectionData: InspectionData?
    /// How Retry and Catch handled the failure, whatever the inspection level (AWS shows it in
    /// ``InspectionData/errorDetails`` only).
    public var errorDetails: InspectionData.ErrorDetails?

    /// Creates a result.
    public init(
        status: Status, nextState: String? = nil, output: JSONValue? = nil, error: String? = nil, cause: String? = nil,
        inspectionData: InspectionData? = nil, errorDetails: InspectionData.ErrorDetails? = nil
    ) {
        self.status = status
        self.nextState = nextState
        self.output = output
        self.error = error
        self.cause = cause
        self.inspectionData = inspectionData
        self.errorDetails = errorDetails
    }
}

/// The steps of one state's data processing that TestState shows (AWS's `inspectionData`); a step
/// is nil when the state's type and query language do not have it, as on AWS.
public struct InspectionData: Sendable, Hashable {
    /// The state's input.
    public var input: JSONValue?
    /// After `InputPath` (JSONPath).
    public var afterInputPath: JSONValue?
    /// After `Parameters`: the request of a Task (JSONPath).
    public var afterParameters: JSONValue?
    /// After `Arguments`: the request of a Task (JSONata).
    public var afterArguments: JSONValue?
    /// The raw result (a Task's response, a Pass's `Result`).
    public var result: JSONValue?
    /// After `ResultSelector` (JSONPath).
    public var afterResultSelector: JSONValue?
    /// After `ResultPath`: the result placed in the input (JSONPath).
    public var afterResultPath: JSONValue?
    /// A Map's items, selected by `ItemsPath` (JSONPath).
    public var afterItemsPath: JSONValue?
    /// A Map's iteration inputs, after `ItemSelector`.
    public var afterItemSelector: JSONValue?
    /// A Map's batches, after `ItemBatcher`.
    public var afterItemBatcher: JSONValue?
    /// A Map's `ItemsPointer` selection (not produced by the simulator).
    public var afterItemsPointer: JSONValue?
    /// A Map's evaluated `MaxConcurrency` (0: no limit).
    public var maxConcurrency: Int?
    /// A Map's evaluated `ToleratedFailureCount`, when it has one.
    public var toleratedFailureCount: Int?
    /// A Map's evaluated `ToleratedFailurePercentage`, when it has one.
    public var toleratedFailurePercentage: Double?
    /// The workflow variables after the state: those given to the test and the state's `Assign`
    /// (nil when there are none).
    public var variables: JSONObject?
    /// How Retry and Catch handled a failure.
    public var errorDetails: ErrorDetails?

    /// How Retry and Catch handled a failure (AWS's `errorDetails`).
    public struct ErrorDetails: Sendable, Hashable {
        /// The catcher that took the error (0-based).
        public var catchIndex: Int?
        /// The retrier that matched the error (0-based): retrying it, or exhausted.
        public var retryIndex: Int?
        /// The backoff before the retry, in whole seconds (`IntervalSeconds × BackoffRate^retries`,
        /// capped by `MaxDelaySeconds`, without jitter); nil when the retrier is exhausted.
        public var retryBackoffIntervalSeconds: Int?

        /// Creates error details.
        public init(catchIndex: Int? = nil, retryIndex: Int? = nil, retryBackoffIntervalSeconds: Int? = nil) {
            self.catchIndex = catchIndex
            self.retryIndex = retryIndex
            self.retryBackoffIntervalSeconds = retryBackoffIntervalSeconds
        }
    }

    /// Creates inspection data (every step absent).
    public init() {}
}
