/// Every field name of the Amazon States Language, in the canonical order the writer uses.
///
/// One order serves every object of ASL (states, retriers, catchers, item readers, the top level...):
/// each object writes its fields in the order they appear here. `Type` comes first, then the fields
/// in the order their data flows through a state (input, request, result, output), error handling,
/// and `Next`/`End`; `States` ends every graph. Which fields an object has, of what kind and for
/// which query language, is ``ASLSchema``'s business.
public enum ASLField: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// `ErrorEquals`
    case errorEquals = "ErrorEquals"
    /// `Type`
    case type = "Type"
    /// `Comment`
    case comment = "Comment"
    /// `QueryLanguage`
    case queryLanguage = "QueryLanguage"
    /// `Mode`
    case mode = "Mode"
    /// `ExecutionType`
    case executionType = "ExecutionType"
    /// `ProcessorConfig`
    case processorConfig = "ProcessorConfig"
    /// `StartAt`
    case startAt = "StartAt"
    /// `InputType`
    case inputType = "InputType"
    /// `CSVHeaderLocation`
    case csvHeaderLocation = "CSVHeaderLocation"
    /// `CSVHeaders`
    case csvHeaders = "CSVHeaders"
    /// `CSVDelimiter`
    case csvDelimiter = "CSVDelimiter"
    /// `ManifestType`
    case manifestType = "ManifestType"
    /// `MaxItems`
    case maxItems = "MaxItems"
    /// `MaxItemsPath`
    case maxItemsPath = "MaxItemsPath"
    /// `Resource`
    case resource = "Resource"
    /// `ReaderConfig`
    case readerConfig = "ReaderConfig"
    /// `Credentials`
    case credentials = "Credentials"
    /// `InputPath`
    case inputPath = "InputPath"
    /// `ItemReader`
    case itemReader = "ItemReader"
    /// `ItemsPath`
    case itemsPath = "ItemsPath"
    /// `Items`
    case items = "Items"
    /// `ItemSelector`
    case itemSelector = "ItemSelector"
    /// `Parameters`
    case parameters = "Parameters"
    /// `Arguments`
    case arguments = "Arguments"
    /// `WriterConfig`
    case writerConfig = "WriterConfig"
    /// `Branches`
    case branches = "Branches"
    /// `Result`
    case result = "Result"
    /// `ItemBatcher`
    case itemBatcher = "ItemBatcher"
    /// `MaxItemsPerBatch`
    case maxItemsPerBatch = "MaxItemsPerBatch"
    /// `MaxItemsPerBatchPath`
    case maxItemsPerBatchPath = "MaxItemsPerBatchPath"
    /// `MaxInputBytesPerBatch`
    case maxInputBytesPerBatch = "MaxInputBytesPerBatch"
    /// `MaxInputBytesPerBatchPath`
    case maxInputBytesPerBatchPath = "MaxInputBytesPerBatchPath"
    /// `BatchInput`
    case batchInput = "BatchInput"
    /// `MaxConcurrency`
    case maxConcurrency = "MaxConcurrency"
    /// `MaxConcurrencyPath`
    case maxConcurrencyPath = "MaxConcurrencyPath"
    /// `ToleratedFailureCount`
    case toleratedFailureCount = "ToleratedFailureCount"
    /// `ToleratedFailureCountPath`
    case toleratedFailureCountPath = "ToleratedFailureCountPath"
    /// `ToleratedFailurePercentage`
    case toleratedFailurePercentage = "ToleratedFailurePercentage"
    /// `ToleratedFailurePercentagePath`
    case toleratedFailurePercentagePath = "ToleratedFailurePercentagePath"
    /// `Label`
    case label = "Label"
    /// `ItemProcessor`
    case itemProcessor = "ItemProcessor"
    /// `Iterator`
    case iterator = "Iterator"
    /// `ResultWriter`
    case resultWriter = "ResultWriter"
    /// `OutputType`
    case outputType = "OutputType"
    /// `Transformation`
    case transformation = "Transformation"
    /// `Choices`
    case choices = "Choices"
    /// `Default`
    case `default` = "Default"
    /// `Seconds`
    case seconds = "Seconds"
    /// `SecondsPath`
    case secondsPath = "SecondsPath"
    /// `Timestamp`
    case timestamp = "Timestamp"
    /// `TimestampPath`
    case timestampPath = "TimestampPath"
    /// `ResultSelector`
    case resultSelector = "ResultSelector"
    /// `ResultPath`
    case resultPath = "ResultPath"
    /// `OutputPath`
    case outputPath = "OutputPath"
    /// `Output`
    case output = "Output"
    /// `Assign`
    case assign = "Assign"
    /// `TimeoutSeconds`
    case timeoutSeconds = "TimeoutSeconds"
    /// `TimeoutSecondsPath`
    case timeoutSecondsPath = "TimeoutSecondsPath"
    /// `HeartbeatSeconds`
    case heartbeatSeconds = "HeartbeatSeconds"
    /// `HeartbeatSecondsPath`
    case heartbeatSecondsPath = "HeartbeatSecondsPath"
    /// `IntervalSeconds`
    case intervalSeconds = "IntervalSeconds"
    /// `MaxAttempts`
    case maxAttempts = "MaxAttempts"
    /// `BackoffRate`
    case backoffRate = "BackoffRate"
    /// `MaxDelaySeconds`
    case maxDelaySeconds = "MaxDelaySeconds"
    /// `JitterStrategy`
    case jitterStrategy = "JitterStrategy"
    /// `Version`
    case version = "Version"
    /// `Error`
    case error = "Error"
    /// `ErrorPath`
    case errorPath = "ErrorPath"
    /// `Cause`
    case cause = "Cause"
    /// `CausePath`
    case causePath = "CausePath"
    /// `Retry`
    case retry = "Retry"
    /// `Catch`
    case `catch` = "Catch"
    /// `Next`
    case next = "Next"
    /// `End`
    case end = "End"
    /// `States`
    case states = "States"

    /// The field's JSON name.
    public var name: String { rawValue }
    /// The field's JSON name.
    public var description: String { rawValue }

    /// The field's position in the canonical order.
    ///
    /// The case's index in declaration order (the order of `allCases`), read from its one-byte tag
    /// rather than hashed into a table: every field set insertion and schema lookup asks for it.
    public var rank: Int { Int(unsafeBitCast(self, to: UInt8.self)) }

    /// The number of fields (the ranks run from 0 below it).
    package static let count = allCases.count

    /// The field named `name`, if ASL has one.
    public init?(name: String) {
        // The reader looks up every key of every object: the few names of the key's length and
        // first byte are compared with it, instead of hashing it (or comparing it with every name, as
        // the raw-value initializer does). No name holds a character another is canonically equal to.
        // The candidates are chained by rank in two flat tables (a table of arrays retained and
        // released the row it read).
        let utf8 = name.utf8
        let count = utf8.count
        guard count > 0, count < ASLField.longestName, let first = utf8.first else { return nil }
        var rank = Int(ASLField.firstOfSlot[count << 7 | Int(first & 0x7F)])
        while rank >= 0 {
            let field = unsafeBitCast(UInt8(truncatingIfNeeded: rank), to: ASLField.self)
            if field.rawValue == name {
                self = field
                return
            }
            rank = Int(ASLField.nextInSlot[rank])
        }
        return nil
    }

    /// One more than the longest name's length in UTF-8 bytes (a bound for the slots).
    private static let longestName = 64

    /// For each slot (a name's length and first byte, `length << 7 | first & 0x7F`), the rank of
    /// its first field, or -1.
    private static let firstOfSlot: [Int8] = slotTables.first
    /// For each field's rank, the rank of the next field of its slot, or -1.
    private static let nextInSlot: [Int8] = slotTables.next

    private static var slotTables: (first: [Int8], next: [Int8]) {
        var first = [Int8](repeating: -1, count: longestName << 7)
        var next = [Int8](repeating: -1, count: allCases.count)
        // Backwards, so that each slot chains its fields in canonical order.
        for field in allCases.reversed() {
            let utf8 = field.rawValue.utf8
            let slot = utf8.count << 7 | Int(utf8.first! & 0x7F)
            next[field.rank] = first[slot]
            first[slot] = Int8(field.rank)
        }
        return (first, next)
    }

    /// Canonical order.
    public static func < (lhs: ASLField, rhs: ASLField) -> Bool { lhs.rank < rhs.rank }
}
