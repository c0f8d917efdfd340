/// A state as written in the DSL, before it is linked into its graph and checked.
///
/// Values are opaque: builders and modifiers fill them in, and ``StateMachine/compile(_:)`` lowers them
/// to the model. Every field keeps its raw text (paths, intrinsic calls, expressions) and the Swift
/// source location where it was written, so that problems point at the right line.
public struct StateNode: Sendable {
    /// The ASL state name.
    var name: String
    /// What kind of state, with the parts only that kind has.
    var kind: Kind
    /// The optional fields (a superset; each kind writes the ones it has).
    var fields = StateFields()
    /// Where the state was written.
    var location: DiagnosticLocation
    /// Where each field (relative to the state, e.g. `Retry[1]`) was written.
    var fieldLocations: [(FieldPath, DiagnosticLocation)] = []
    /// `Next`/`End` set explicitly with `.next(...)`/`.end()`; `nil` means "follow the sequence".
    var explicitTransition: Transition?
    /// Blocks declared inline (a Catch or Choice target written as a closure), placed after the
    /// enclosing block's states.
    var attachedBlocks: [[StateNode]] = []

    init(name: String, kind: Kind, fileID: String, line: UInt) {
        self.name = name
        self.kind = kind
        self.location = DiagnosticLocation(file: fileID, line: Int(line))
    }

    /// Whether a following state in the same block is *not* linked from this one.
    var closesChain: Bool {
        if explicitTransition != nil { return true }
        switch kind {
        case .succeed, .fail, .choice: return true
        default: return false
        }
    }

    /// Records where a field was written.
    mutating func record(_ field: FieldPath, fileID: String, line: UInt) {
        fieldLocations.append((field, DiagnosticLocation(file: fileID, line: Int(line))))
    }

    /// The kinds of state and their required parts.
    enum Kind: Sendable {
        case task(TaskSpec)
        case pass
        case choice(rules: [ChoiceEntry])
        case wait(WaitSpec)
        case succeed
        case fail
        case parallel(branches: [BranchSpec])
        case map(processor: [StateNode])
    }

    /// A Task's resource and, for the service helpers, the request they build.
    struct TaskSpec: Sendable {
        /// The resource ARN without an integration-pattern suffix (or the whole ARN for `TaskStep`).
        var resource: String
        /// The suffix added to ``resource`` (`.sync`, `.sync:2`, `.waitForTaskToken`).
        var pattern: TaskResource.IntegrationPattern = .requestResponse
        /// Whether ``resource`` is a service integration that accepts a pattern suffix.
        var acceptsPattern: Bool
        /// The request a service helper builds (an object): written as `Parameters` (JSONPath) or
        /// `Arguments` (JSONata), merged with the state's own `.parameters`/`.arguments`.
        var request: Payload?
    }

    /// How long a Wait state waits.
    enum WaitSpec: Sendable {
        case seconds(Duration)
        case secondsExpression(String)
        case secondsPath(String)
        case timestamp(String)
        case timestampExpression(String)
        case timestampPath(String)
    }

    /// One Parallel branch.
    struct BranchSpec: Sendable {
        var states: [StateNode]
        var comment: String?
        var location: DiagnosticLocation
    }
}

/// The optional fields of every state type, as written (unparsed); lowering checks and converts them.
struct StateFields: Sendable {
    var comment: String?
    var queryLanguage: QueryLanguage?
    var inputPath: PathOrNull?
    var outputPath: PathOrNull?
    var output: Payload?
    var assign: Payload?
    var parameters: Payload?
    var arguments: Payload?
    var resultSelector: Payload?
    var resultPath: PathOrNull?
    var credentials: Payload?
    var timeout: SecondsSpec?
    var heartbeat: SecondsSpec?
    var retry: [RetrySpec] = []
    var catchers: [CatchSpec] = []
    // Pass
    var result: JSONValue?
    // Fail
    var error: TextSpec?
    var cause: TextSpec?
    // Map
    var itemsPath: String?
    var items: Payload?
    var itemSelector: Payload?
    var itemReader: ItemReaderSpec?
    var itemBatcher: ItemBatcherSpec?
    var resultWriter: ResultWriterSpec?
    var maxConcurrency: CountSpec?
    var toleratedFailureCount: CountSpec?
    var toleratedFailurePercentage: PercentageSpec?
    var label: String?
    var processorConfig: ProcessorConfig?
    var processorComment: String?
    var legacyIterator = false
}

/// A number of seconds: a `Duration`, a JSONata expression, or a JSONPath (`...SecondsPath`).
enum SecondsSpec: Sendable {
    case duration(Duration)
    case expression(String)
    case path(String)
}

/// A count: a literal, a JSONata expression, or a JSONPath (`...Path`).
enum CountSpec: Sendable {
    case literal(Int)
    case expression(String)
    case path(String)
    case placeholder(String)

    /// A count given as the model's dynamic value.
    init(_ value: DynamicValue<Int>) {
        switch value {
        case .literal(let n): self = .literal(n)
        case .expression(let e): self = .expression(e.source)
        case .placeholder(let p): self = .placeholder(p)
        }
    }
}

/// A percentage: a literal, a JSONata expression, or a JSONPath.
enum PercentageSpec: Sendable {
    case literal(Double)
    case expression(String)
    case path(String)
}

/// A Fail state's `Error`/`Cause`: a literal, a JSONata expression, or a path/intrinsic (`...Path`).
enum TextSpec: Sendable {
    case literal(String)
    case expression(String)
    case path(String)
}

/// One `.retry(...)`.
struct RetrySpec: Sendable {
    var errors: [ErrorName]
    var interval: Duration?
    var maxAttempts: Int?
    var backoffRate: Double?
    var maxDelay: Duration?
    var jitter: JitterStrategy?
    var comment: String?
}

/// One `.catch(...)`.
struct CatchSpec: Sendable {
    var errors: [ErrorName]
    var target: String?
    var resultPath: PathOrNull?
    var output: Payload?
    var assign: Payload?
    var comment: String?
}

/// A distributed Map's `ItemReader`.
struct ItemReaderSpec: Sendable {
    var resource: String
    var parameters: Payload?
    var arguments: Payload?
    var readerConfig: ReaderConfigSpec?
}

/// A distributed Map's `ItemBatcher`.
struct ItemBatcherSpec: Sendable {
    var maxItemsPerBatch: CountSpec?
    var maxInputBytesPerBatch: CountSpec?
    var batchInput: Payload?
}

/// A distributed Map's `ResultWriter`.
struct ResultWriterSpec: Sendable {
    var resource: String?
    var parameters: Payload?
    var arguments: Payload?
    var writerConfig: WriterConfig?
}

/// An `ItemReader`'s `ReaderConfig`.
struct ReaderConfigSpec: Sendable {
    var inputType: String?
    var csvHeaderLocation: String?
    var csvHeaders: DynamicValue<[String]>?
    var csvDelimiter: String?
    var manifestType: String?
    var maxItems: CountSpec?
}
