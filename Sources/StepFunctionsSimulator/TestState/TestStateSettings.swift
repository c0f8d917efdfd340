import JSONCore
import StepFunctionsModel

/// What a TestState run changes in the engine (``Engine/testState``; nil for executions): the state
/// runs one attempt, as retry attempt `retrierRetryCount`; a retriable failure is reported instead of
/// waited for; a Map's iterations and a Parallel's branches do not run, their mock is the result.
/// A Task's mock is an ordinary mocked response (``MockedResponses``) of the test's simulator.
final class TestStateSettings: Sendable {
    /// What a mocked Map or Parallel produces.
    enum Mock: Sendable {
        /// The state's result.
        case result(JSONValue)
        /// A failure with this error and cause.
        case error(String?, String?)
    }

    /// The mock of the tested state (nil for a state that is not mocked).
    let mock: Mock?
    /// The retries that already happened (the attempt's `RetryCount`).
    let retrierRetryCount: Int
    /// How many of a mocked Map's iterations fail.
    let mapIterationFailureCount: Int
    /// The text an `ItemReader` reads instead of its source.
    let mapItemReaderData: String?

    init(mock: Mock?, retrierRetryCount: Int, mapIterationFailureCount: Int, mapItemReaderData: String?) {
        self.mock = mock
        self.retrierRetryCount = retrierRetryCount
        self.mapIterationFailureCount = mapIterationFailureCount
        self.mapItemReaderData = mapItemReaderData
    }

    /// A mocked Map's or Parallel's result, or its failure: the mocked error; or, for a Map whose
    /// tolerances are set, `States.ExceedToleratedFailureThreshold` when `failureCount` failed
    /// iterations exceed them (AWS: a Map without tolerances does not fail for them).
    func mockedResult(failureCount: Int, toleratedCount: Int?, toleratedPercentage: Double?) throws(StateFailure)
        -> JSONValue
    {
        switch mock {
        case .error(let error, let cause)?:
            throw StateFailure(error: error, cause: cause, kind: .error)
        case .result(let value)?:
            let total = value.arrayValue?.count ?? 0
            let overCount = toleratedCount.map { failureCount > $0 } ?? false
            let overPercentage =
                toleratedPercentage.map { total > 0 && Double(failureCount) * 100 / Double(total) > $0 } ?? false
            if failureCount > 0 && (overCount || overPercentage) {
                throw StateFailure(
                    error: StatesError.exceedToleratedFailureThreshold,
                    cause: "The specified tolerated failure threshold was exceeded", kind: .error)
            }
            return value
        case nil:
            // TestState refuses a Map or Parallel without a mock before running it.
            throw StateFailure.runtime("TestState runs a Map or Parallel state only with a mock")
        }
    }
}
