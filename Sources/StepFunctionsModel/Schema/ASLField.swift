/// Every field name of the Amazon States Language, in the canonical order the writer uses.
///
/// One order serves every object of ASL (states, retriers, catchers, item readers, the top level...):
/// each object writes its fields in the order they appear here. `Type` comes first, then the fields
/// in the order their data flows through a state (input, request, result, output), error handling,
/// and `Next`/`End`; `States` ends every graph. Which fields an object has, of what kind and for
/// which query language, is ``ASLSchema``'s business.
public enum ASLField: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case errorEquals = "ErrorEquals"
    case type = "Type"
    case comment = "Comment"
    case queryLanguage = "QueryLanguage"
    case mode = "Mode"
    case executionType = "ExecutionType"
    case processorConfig = "ProcessorConfig"
    case startAt = "StartAt"
    case inputType = "InputType"
    case csvHeaderLocation = "CSVHeaderLocation"
    case csvHeaders = "CSVHeaders"
    case csvDelimiter = "CSVDelimiter"
    case manifestType = "ManifestType"
    case maxItems = "MaxItems"
    case maxItemsPath = "MaxItemsPath"
    case resource = "Resource"
    case readerConfig = "ReaderConfig"
    case credentials = "Credentials"
    case inputPath = "InputPath"
    case itemReader = "ItemReader"
    case itemsPath = "ItemsPath"
    case items = "Items"
    case itemSelector = "ItemSelector"
    case parameters = "Parameters"
    case arguments = "Arguments"
    case writerConfig = "WriterConfig"
    case branches = "Branches"
    case result = "Result"
    case itemBatcher = "ItemBatcher"
    case maxItemsPerBatch = "MaxItemsPerBatch"
    case maxItemsPerBatchPath = "MaxItemsPerBatchPath"
    case maxInputBytesPerBatch = "MaxInputBytesPerBatch"
    case maxInputBytesPerBatchPath = "MaxInputBytesPerBatchPath"
    case batchInput = "BatchInput"
    case maxConcurrency = "MaxConcurrency"
    case maxConcurrencyPath = "MaxConcurrencyPath"
    case toleratedFailureCount = "ToleratedFailureCount"
    case toleratedFailureCountPath = "ToleratedFailureCountPath"
    case toleratedFailurePercentage = "ToleratedFailurePercentage"
    case toleratedFailurePercentagePath = "ToleratedFailurePercentagePath"
    case label = "Label"
    case itemProcessor = "ItemProcessor"
    case iterator = "Iterator"
    case resultWriter = "ResultWriter"
    case outputType = "OutputType"
    case transformation = "Transformation"
    case choices = "Choices"
    case `default` = "Default"
    case seconds = "Seconds"
    case secondsPath = "SecondsPath"
    case timestamp = "Timestamp"
    case timestampPath = "TimestampPath"
    case resultSelector = "ResultSelector"
    case resultPath = "ResultPath"
    case outputPath = "OutputPath"
    case output = "Output"
    case assign = "Assign"
    case timeoutSeconds = "TimeoutSeconds"
    case timeoutSecondsPath = "TimeoutSecondsPath"
    case heartbeatSeconds = "HeartbeatSeconds"
    case heartbeatSecondsPath = "HeartbeatSecondsPath"
    case intervalSeconds = "IntervalSeconds"
    case maxAttempts = "MaxAttempts"
    case backoffRate = "BackoffRate"
    case maxDelaySeconds = "MaxDelaySeconds"
    case jitterStrategy = "JitterStrategy"
    case version = "Version"
    case error = "Error"
    case errorPath = "ErrorPath"
    case cause = "Cause"
    case causePath = "CausePath"
    case retry = "Retry"
    case `catch` = "Catch"
    case next = "Next"
    case end = "End"
    case states = "States"

    /// The field's JSON name.
    public var name: String { rawValue }
    /// The field's JSON name.
    public var description: String { rawValue }

    /// The field's position in the canonical order.
    public var rank: Int { ASLField.ranks[self] ?? 0 }

    private static let ranks: [ASLField: Int] = Dictionary(
        uniqueKeysWithValues: allCases.enumerated().map { ($0.element, $0.offset) })

    /// The field named `name`, if ASL has one.
    public init?(name: String) { self.init(rawValue: name) }

    /// Canonical order.
    public static func < (lhs: ASLField, rhs: ASLField) -> Bool { lhs.rank < rhs.rank }
}
