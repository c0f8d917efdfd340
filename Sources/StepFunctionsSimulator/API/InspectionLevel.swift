/// How much of a state's data processing TestState returns (AWS's `inspectionLevel`).
public enum InspectionLevel: String, Sendable, Hashable, CaseIterable {
    /// The status, next state, output, error and cause only (AWS's default).
    case info = "INFO"
    /// Also each step of the data processing (``TestStateResult/inspection``).
    case debug = "DEBUG"
    /// As `debug` (AWS adds the raw HTTP request and response of an HTTP Task, which the simulator has not).
    case trace = "TRACE"
}
