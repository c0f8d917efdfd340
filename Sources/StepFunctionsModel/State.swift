/// The eight kinds of state.
public enum StateType: String, Sendable, Hashable, CaseIterable {
    case task = "Task"
    case pass = "Pass"
    case choice = "Choice"
    case wait = "Wait"
    case succeed = "Succeed"
    case fail = "Fail"
    case parallel = "Parallel"
    case map = "Map"
}

/// One state of a state machine.
public enum State: Sendable, Hashable {
    case task(TaskState)
    case pass(PassState)
    case choice(ChoiceState)
    case wait(WaitState)
    case succeed(SucceedState)
    case fail(FailState)
    case parallel(ParallelState)
    case map(MapState)

    /// The state's `Type`.
    public var type: StateType {
        switch self {
        case .task: return .task
        case .pass: return .pass
        case .choice: return .choice
        case .wait: return .wait
        case .succeed: return .succeed
        case .fail: return .fail
        case .parallel: return .parallel
        case .map: return .map
        }
    }

    /// The fields every state has.
    public var common: CommonFields {
        get {
            switch self {
            case .task(let s): return s.common
            case .pass(let s): return s.common
            case .choice(let s): return s.common
            case .wait(let s): return s.common
            case .succeed(let s): return s.common
            case .fail(let s): return s.common
            case .parallel(let s): return s.common
            case .map(let s): return s.common
            }
        }
        set {
            switch self {
            case .task(var s): s.common = newValue; self = .task(s)
            case .pass(var s): s.common = newValue; self = .pass(s)
            case .choice(var s): s.common = newValue; self = .choice(s)
            case .wait(var s): s.common = newValue; self = .wait(s)
            case .succeed(var s): s.common = newValue; self = .succeed(s)
            case .fail(var s): s.common = newValue; self = .fail(s)
            case .parallel(var s): s.common = newValue; self = .parallel(s)
            case .map(var s): s.common = newValue; self = .map(s)
            }
        }
    }

    /// `Next`/`End` for states that have one (not Choice, Succeed, Fail).
    public var transition: Transition? {
        switch self {
        case .task(let s): return s.transition
        case .pass(let s): return s.transition
        case .wait(let s): return s.transition
        case .parallel(let s): return s.transition
        case .map(let s): return s.transition
        case .choice, .succeed, .fail: return nil
        }
    }

    /// Whether the state can end an execution (`End: true`, Succeed or Fail).
    public var isTerminal: Bool {
        switch self {
        case .succeed, .fail: return true
        default: return transition == .end
        }
    }

    /// Every state name this state can go to: `Next`, Choice rules and `Default`, Catch targets.
    public var successors: [String] {
        var out: [String] = []
        if let next = transition?.nextState { out.append(next) }
        switch self {
        case .choice(let c):
            out += c.choices.map(\.next)
            if let d = c.default { out.append(d) }
        case .task(let t): out += t.catch.map(\.next)
        case .parallel(let p): out += p.catch.map(\.next)
        case .map(let m): out += m.catch.map(\.next)
        default: break
        }
        return out
    }

    /// The state's `Retry` entries (empty for states that cannot retry).
    public var retry: [Retrier] {
        switch self {
        case .task(let s): return s.retry
        case .parallel(let s): return s.retry
        case .map(let s): return s.retry
        default: return []
        }
    }

    /// The state's `Catch` entries (empty for states that cannot catch).
    public var `catch`: [Catcher] {
        switch self {
        case .task(let s): return s.catch
        case .parallel(let s): return s.catch
        case .map(let s): return s.catch
        default: return []
        }
    }

    /// The nested graphs: Parallel branches or the Map item processor.
    public var childGraphs: [StateGraph] {
        switch self {
        case .parallel(let p): return p.branches
        case .map(let m): return [m.itemProcessor.graph]
        default: return []
        }
    }
}

/// Fields shared by every state type.
public struct CommonFields: Sendable, Hashable {
    /// `Comment`
    public var comment: String?
    /// `QueryLanguage`: overrides the machine's default for this state.
    public var queryLanguage: QueryLanguage?
    /// `InputPath` (JSONPath; not on Fail).
    public var inputPath: NullablePath?
    /// `OutputPath` (JSONPath; not on Fail).
    public var outputPath: NullablePath?
    /// `Output` (JSONata; not on Fail).
    public var output: PayloadTemplate?
    /// `Assign` (not on Succeed or Fail).
    public var assign: PayloadTemplate?

    /// Creates common fields.
    public init(
        comment: String? = nil, queryLanguage: QueryLanguage? = nil, inputPath: NullablePath? = nil,
        outputPath: NullablePath? = nil, output: PayloadTemplate? = nil, assign: PayloadTemplate? = nil
    ) {
        self.comment = comment
        self.queryLanguage = queryLanguage
        self.inputPath = inputPath
        self.outputPath = outputPath
        self.output = output
        self.assign = assign
    }
}

/// `"Type": "Task"`: calls a resource.
public struct TaskState: Sendable, Hashable {
    /// Shared fields.
    public var common: CommonFields
    /// `Resource`
    public var resource: TaskResource
    /// `Parameters` (JSONPath)
    public var parameters: PayloadTemplate?
    /// `Arguments` (JSONata)
    public var arguments: PayloadTemplate?
    /// `ResultSelector` (JSONPath)
    public var resultSelector: PayloadTemplate?
    /// `ResultPath` (JSONPath)
    public var resultPath: NullablePath?
    /// `TimeoutSeconds` (a number, or JSONata)
    public var timeoutSeconds: DynamicValue<Int>?
    /// `TimeoutSecondsPath` (JSONPath)
    public var timeoutSecondsPath: JSONPath?
    /// `HeartbeatSeconds`
    public var heartbeatSeconds: DynamicValue<Int>?
    /// `HeartbeatSecondsPath` (JSONPath)
    public var heartbeatSecondsPath: JSONPath?
    /// `Credentials`: the role to assume (`{"RoleArn": ...}`).
    public var credentials: PayloadTemplate?
    /// `Retry`
    public var retry: [Retrier]
    /// `Catch`
    public var `catch`: [Catcher]
    /// `Next` or `End`
    public var transition: Transition

    /// Creates a Task state.
    public init(
        common: CommonFields = CommonFields(), resource: TaskResource, parameters: PayloadTemplate? = nil,
        arguments: PayloadTemplate? = nil, resultSelector: PayloadTemplate? = nil, resultPath: NullablePath? = nil,
        timeoutSeconds: DynamicValue<Int>? = nil, timeoutSecondsPath: JSONPath? = nil,
        heartbeatSeconds: DynamicValue<Int>? = nil, heartbeatSecondsPath: JSONPath? = nil,
        credentials: PayloadTemplate? = nil, retry: [Retrier] = [], catch: [Catcher] = [], transition: Transition
    ) {
        self.common = common
        self.resource = resource
        self.parameters = parameters
        self.arguments = arguments
        self.resultSelector = resultSelector
        self.resultPath = resultPath
        self.timeoutSeconds = timeoutSeconds
        self.timeoutSecondsPath = timeoutSecondsPath
        self.heartbeatSeconds = heartbeatSeconds
        self.heartbeatSecondsPath = heartbeatSecondsPath
        self.credentials = credentials
        self.retry = retry
        self.catch = `catch`
        self.transition = transition
    }
}

/// `"Type": "Pass"`: passes its input (or a fixed `Result`) to its output.
public struct PassState: Sendable, Hashable {
    /// Shared fields.
    public var common: CommonFields
    /// `Parameters` (JSONPath)
    public var parameters: PayloadTemplate?
    /// `Result` (JSONPath): a fixed value; `.$` keys in it are not evaluated.
    public var result: JSONValue?
    /// `ResultPath` (JSONPath)
    public var resultPath: NullablePath?
    /// `Next` or `End`
    public var transition: Transition

    /// Creates a Pass state.
    public init(
        common: CommonFields = CommonFields(), parameters: PayloadTemplate? = nil, result: JSONValue? = nil,
        resultPath: NullablePath? = nil, transition: Transition
    ) {
        self.common = common
        self.parameters = parameters
        self.result = result
        self.resultPath = resultPath
        self.transition = transition
    }
}

/// `"Type": "Choice"`: branches on rules.
public struct ChoiceState: Sendable, Hashable {
    /// Shared fields.
    public var common: CommonFields
    /// `Choices`, tried in order.
    public var choices: [ChoiceRule]
    /// `Default`: where to go when no rule matches.
    public var `default`: String?

    /// Creates a Choice state.
    public init(common: CommonFields = CommonFields(), choices: [ChoiceRule], default: String? = nil) {
        self.common = common
        self.choices = choices
        self.default = `default`
    }
}

/// `"Type": "Wait"`: waits for a time or until a timestamp.
public struct WaitState: Sendable, Hashable {
    /// Shared fields.
    public var common: CommonFields
    /// How long or until when.
    public var duration: WaitDuration
    /// `Next` or `End`
    public var transition: Transition

    /// Creates a Wait state.
    public init(common: CommonFields = CommonFields(), duration: WaitDuration, transition: Transition) {
        self.common = common
        self.duration = duration
        self.transition = transition
    }
}

/// The four forms of a Wait.
public enum WaitDuration: Sendable, Hashable {
    /// `Seconds`
    case seconds(DynamicValue<Int>)
    /// `SecondsPath`
    case secondsPath(JSONPath)
    /// `Timestamp`: an RFC 3339 timestamp (`2026-01-01T00:00:00Z`).
    case timestamp(DynamicValue<String>)
    /// `TimestampPath`
    case timestampPath(JSONPath)
}

/// `"Type": "Succeed"`: ends the execution (or branch) successfully.
public struct SucceedState: Sendable, Hashable {
    /// Shared fields.
    public var common: CommonFields

    /// Creates a Succeed state.
    public init(common: CommonFields = CommonFields()) { self.common = common }
}

/// `"Type": "Fail"`: ends the execution with an error.
public struct FailState: Sendable, Hashable {
    /// Shared fields.
    public var common: CommonFields
    /// `Error`
    public var error: DynamicValue<String>?
    /// `ErrorPath`: a path or intrinsic call.
    public var errorPath: PathOrIntrinsic?
    /// `Cause`
    public var cause: DynamicValue<String>?
    /// `CausePath`: a path or intrinsic call.
    public var causePath: PathOrIntrinsic?

    /// Creates a Fail state.
    public init(
        common: CommonFields = CommonFields(), error: DynamicValue<String>? = nil, errorPath: PathOrIntrinsic? = nil,
        cause: DynamicValue<String>? = nil, causePath: PathOrIntrinsic? = nil
    ) {
        self.common = common
        self.error = error
        self.errorPath = errorPath
        self.cause = cause
        self.causePath = causePath
    }
}

/// `"Type": "Parallel"`: runs branches concurrently.
public struct ParallelState: Sendable, Hashable {
    /// Shared fields.
    public var common: CommonFields
    /// `Branches`
    public var branches: [StateGraph]
    /// `Parameters` (JSONPath)
    public var parameters: PayloadTemplate?
    /// `Arguments` (JSONata)
    public var arguments: PayloadTemplate?
    /// `ResultSelector` (JSONPath)
    public var resultSelector: PayloadTemplate?
    /// `ResultPath` (JSONPath)
    public var resultPath: NullablePath?
    /// `Retry`
    public var retry: [Retrier]
    /// `Catch`
    public var `catch`: [Catcher]
    /// `Next` or `End`
    public var transition: Transition

    /// Creates a Parallel state.
    public init(
        common: CommonFields = CommonFields(), branches: [StateGraph], parameters: PayloadTemplate? = nil,
        arguments: PayloadTemplate? = nil, resultSelector: PayloadTemplate? = nil, resultPath: NullablePath? = nil,
        retry: [Retrier] = [], catch: [Catcher] = [], transition: Transition
    ) {
        self.common = common
        self.branches = branches
        self.parameters = parameters
        self.arguments = arguments
        self.resultSelector = resultSelector
        self.resultPath = resultPath
        self.retry = retry
        self.catch = `catch`
        self.transition = transition
    }
}

/// `"Type": "Map"`: runs a processor for each item, inline or as child executions (distributed).
public struct MapState: Sendable, Hashable {
    /// Shared fields.
    public var common: CommonFields
    /// `ItemProcessor` (or the legacy `Iterator`).
    public var itemProcessor: ItemProcessor
    /// `ItemsPath` (JSONPath)
    public var itemsPath: JSONPath?
    /// `Items` (JSONata): an array or an expression.
    public var items: PayloadTemplate?
    /// `ItemSelector`
    public var itemSelector: PayloadTemplate?
    /// `Parameters`: the legacy name of `ItemSelector`.
    public var parameters: PayloadTemplate?
    /// `ItemReader` (distributed)
    public var itemReader: ItemReader?
    /// `ItemBatcher` (distributed)
    public var itemBatcher: ItemBatcher?
    /// `ResultWriter` (distributed)
    public var resultWriter: ResultWriter?
    /// `ResultSelector` (JSONPath)
    public var resultSelector: PayloadTemplate?
    /// `ResultPath` (JSONPath)
    public var resultPath: NullablePath?
    /// `MaxConcurrency` (0 means no limit)
    public var maxConcurrency: DynamicValue<Int>?
    /// `MaxConcurrencyPath`
    public var maxConcurrencyPath: JSONPath?
    /// `ToleratedFailureCount` (distributed)
    public var toleratedFailureCount: DynamicValue<Int>?
    /// `ToleratedFailureCountPath`
    public var toleratedFailureCountPath: JSONPath?
    /// `ToleratedFailurePercentage` (distributed)
    public var toleratedFailurePercentage: DynamicValue<Double>?
    /// `ToleratedFailurePercentagePath`
    public var toleratedFailurePercentagePath: JSONPath?
    /// `Label` (distributed): the Map Run's name prefix.
    public var label: String?
    /// `Retry`
    public var retry: [Retrier]
    /// `Catch`
    public var `catch`: [Catcher]
    /// `Next` or `End`
    public var transition: Transition

    /// Creates a Map state.
    public init(
        common: CommonFields = CommonFields(), itemProcessor: ItemProcessor, itemsPath: JSONPath? = nil,
        items: PayloadTemplate? = nil, itemSelector: PayloadTemplate? = nil, parameters: PayloadTemplate? = nil,
        itemReader: ItemReader? = nil, itemBatcher: ItemBatcher? = nil, resultWriter: ResultWriter? = nil,
        resultSelector: PayloadTemplate? = nil, resultPath: NullablePath? = nil,
        maxConcurrency: DynamicValue<Int>? = nil, maxConcurrencyPath: JSONPath? = nil,
        toleratedFailureCount: DynamicValue<Int>? = nil, toleratedFailureCountPath: JSONPath? = nil,
        toleratedFailurePercentage: DynamicValue<Double>? = nil, toleratedFailurePercentagePath: JSONPath? = nil,
        label: String? = nil, retry: [Retrier] = [], catch: [Catcher] = [], transition: Transition
    ) {
        self.common = common
        self.itemProcessor = itemProcessor
        self.itemsPath = itemsPath
        self.items = items
        self.itemSelector = itemSelector
        self.parameters = parameters
        self.itemReader = itemReader
        self.itemBatcher = itemBatcher
        self.resultWriter = resultWriter
        self.resultSelector = resultSelector
        self.resultPath = resultPath
        self.maxConcurrency = maxConcurrency
        self.maxConcurrencyPath = maxConcurrencyPath
        self.toleratedFailureCount = toleratedFailureCount
        self.toleratedFailureCountPath = toleratedFailureCountPath
        self.toleratedFailurePercentage = toleratedFailurePercentage
        self.toleratedFailurePercentagePath = toleratedFailurePercentagePath
        self.label = label
        self.retry = retry
        self.catch = `catch`
        self.transition = transition
    }

    /// Whether the Map runs child executions (`ProcessorConfig.Mode` is `DISTRIBUTED`).
    public var isDistributed: Bool { itemProcessor.config?.mode == .distributed }
}

/// A Map's `ItemProcessor` (or legacy `Iterator`).
public struct ItemProcessor: Sendable, Hashable {
    /// Whether it was written as the legacy `Iterator` field.
    public var isLegacyIterator: Bool
    /// `ProcessorConfig`
    public var config: ProcessorConfig?
    /// The processor's states.
    public var graph: StateGraph

    /// Creates a processor.
    public init(isLegacyIterator: Bool = false, config: ProcessorConfig? = nil, graph: StateGraph) {
        self.isLegacyIterator = isLegacyIterator
        self.config = config
        self.graph = graph
    }
}

/// `ProcessorConfig`: inline or distributed, and the child execution type.
public struct ProcessorConfig: Sendable, Hashable {
    /// `Mode`
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case inline = "INLINE"
        case distributed = "DISTRIBUTED"
    }

    /// `ExecutionType` (distributed)
    public enum ExecutionType: String, Sendable, Hashable, CaseIterable {
        case standard = "STANDARD"
        case express = "EXPRESS"
    }

    /// `Mode` (INLINE when absent)
    public var mode: Mode?
    /// `ExecutionType`
    public var executionType: ExecutionType?

    /// Creates a config.
    public init(mode: Mode? = nil, executionType: ExecutionType? = nil) {
        self.mode = mode
        self.executionType = executionType
    }
}

/// `ItemReader`: where a distributed Map reads its items (S3 objects, CSV/JSON files, manifests).
public struct ItemReader: Sendable, Hashable {
    /// `Resource` (e.g. `arn:aws:states:::s3:getObject`, `arn:aws:states:::s3:listObjectsV2`)
    public var resource: TaskResource
    /// `ReaderConfig`
    public var readerConfig: ReaderConfig?
    /// `Parameters` (JSONPath)
    public var parameters: PayloadTemplate?
    /// `Arguments` (JSONata)
    public var arguments: PayloadTemplate?

    /// Creates a reader.
    public init(
        resource: TaskResource, readerConfig: ReaderConfig? = nil, parameters: PayloadTemplate? = nil,
        arguments: PayloadTemplate? = nil
    ) {
        self.resource = resource
        self.readerConfig = readerConfig
        self.parameters = parameters
        self.arguments = arguments
    }
}

/// `ReaderConfig`
public struct ReaderConfig: Sendable, Hashable {
    /// `InputType`: `CSV`, `JSON`, `JSONL`, `MANIFEST` or `PARQUET`.
    public var inputType: String?
    /// `CSVHeaderLocation`: `FIRST_ROW` or `GIVEN`.
    public var csvHeaderLocation: String?
    /// `CSVHeaders` (with `GIVEN`)
    public var csvHeaders: DynamicValue<[String]>?
    /// `CSVDelimiter`: `COMMA`, `PIPE`, `SEMICOLON`, `SPACE` or `TAB`.
    public var csvDelimiter: String?
    /// `ManifestType`: `S3_INVENTORY` or `ATHENA_DATA`.
    public var manifestType: String?
    /// `MaxItems`
    public var maxItems: DynamicValue<Int>?
    /// `MaxItemsPath`
    public var maxItemsPath: JSONPath?

    /// Creates a reader config.
    public init(
        inputType: String? = nil, csvHeaderLocation: String? = nil, csvHeaders: DynamicValue<[String]>? = nil,
        csvDelimiter: String? = nil, manifestType: String? = nil, maxItems: DynamicValue<Int>? = nil,
        maxItemsPath: JSONPath? = nil
    ) {
        self.inputType = inputType
        self.csvHeaderLocation = csvHeaderLocation
        self.csvHeaders = csvHeaders
        self.csvDelimiter = csvDelimiter
        self.manifestType = manifestType
        self.maxItems = maxItems
        self.maxItemsPath = maxItemsPath
    }
}

/// `ItemBatcher`: groups items into batches for each child execution.
public struct ItemBatcher: Sendable, Hashable {
    /// `MaxItemsPerBatch`
    public var maxItemsPerBatch: DynamicValue<Int>?
    /// `MaxItemsPerBatchPath`
    public var maxItemsPerBatchPath: JSONPath?
    /// `MaxInputBytesPerBatch`
    public var maxInputBytesPerBatch: DynamicValue<Int>?
    /// `MaxInputBytesPerBatchPath`
    public var maxInputBytesPerBatchPath: JSONPath?
    /// `BatchInput`: a fixed (or templated) object added to every batch.
    public var batchInput: PayloadTemplate?

    /// Creates a batcher.
    public init(
        maxItemsPerBatch: DynamicValue<Int>? = nil, maxItemsPerBatchPath: JSONPath? = nil,
        maxInputBytesPerBatch: DynamicValue<Int>? = nil, maxInputBytesPerBatchPath: JSONPath? = nil,
        batchInput: PayloadTemplate? = nil
    ) {
        self.maxItemsPerBatch = maxItemsPerBatch
        self.maxItemsPerBatchPath = maxItemsPerBatchPath
        self.maxInputBytesPerBatch = maxInputBytesPerBatch
        self.maxInputBytesPerBatchPath = maxInputBytesPerBatchPath
        self.batchInput = batchInput
    }
}

/// `ResultWriter`: where a distributed Map writes its results.
public struct ResultWriter: Sendable, Hashable {
    /// `Resource` (`arn:aws:states:::s3:putObject`)
    public var resource: TaskResource?
    /// `Parameters` (JSONPath)
    public var parameters: PayloadTemplate?
    /// `Arguments` (JSONata)
    public var arguments: PayloadTemplate?
    /// `WriterConfig`
    public var writerConfig: WriterConfig?

    /// Creates a writer.
    public init(
        resource: TaskResource? = nil, parameters: PayloadTemplate? = nil, arguments: PayloadTemplate? = nil,
        writerConfig: WriterConfig? = nil
    ) {
        self.resource = resource
        self.parameters = parameters
        self.arguments = arguments
        self.writerConfig = writerConfig
    }
}

/// `WriterConfig`
public struct WriterConfig: Sendable, Hashable {
    /// `OutputType`: `JSON` or `JSONL`.
    public var outputType: String?
    /// `Transformation`: `NONE`, `COMPACT` or `FLATTEN`.
    public var transformation: String?

    /// Creates a writer config.
    public init(outputType: String? = nil, transformation: String? = nil) {
        self.outputType = outputType
        self.transformation = transformation
    }
}
