/// The one description of the Amazon States Language: for every object of a definition (each state
/// type, retriers, catchers, item readers, the top level...), which fields it has, the kind of value
/// each holds, which query language owns it, and which fields it requires.
///
/// The reader's allowed-field checks and value parsing, the writer's key order (``ASLField``'s order),
/// the validator's query-language rules and the DSL's generated modifiers are all driven by these
/// tables. Adding a field to a state type is one edit here (plus its semantics where it has some).
public enum ASLSchema {
    /// Every field a state can have, in canonical order, with the state types that have it.
    public static let stateFields: [FieldSpec] = [
        FieldSpec(.type, .stateType, owners: .all, doc: "The state's type."),
        FieldSpec(.comment, .string, owners: .all, doc: "A human-readable description of the state."),
        FieldSpec(
            .queryLanguage, .enumeration(QueryLanguage.allCases.map(\.rawValue)), owners: .all,
            doc: "The query language of this state, overriding the state machine's."),
        FieldSpec(.resource, .resource, owners: [.task], doc: "The ARN of what the Task calls."),
        FieldSpec(.credentials, .template(.credentials), owners: [.task], doc: "The role the Task assumes."),
        FieldSpec(
            .inputPath, .nullablePath, language: .jsonPath, owners: .all.subtracting([.fail]),
            replacement: "use 'Arguments' (or 'Output') with a {% %} expression",
            doc: "The part of the state input the state works on."),
        FieldSpec(
            .itemReader, .object(ASLSchema.itemReader), owners: [.map], doc: "Where a distributed Map reads its items."),
        FieldSpec(
            .itemsPath, .path, language: .jsonPath, owners: [.map], replacement: "use 'Items'",
            doc: "Where the array to iterate is in the effective input."),
        FieldSpec(
            .items, .template(.arrayOrExpression), language: .jsonata, owners: [.map],
            doc: "The array to iterate, or an expression giving it."),
        FieldSpec(.itemSelector, .template(.any), owners: [.map], doc: "The input of each iteration."),
        FieldSpec(
            .parameters, .template(.any), language: .jsonPath, owners: [.task, .pass, .parallel, .map],
            replacement: "use 'Arguments'", doc: "The effective input: the request, or the branches' input."),
        FieldSpec(
            .arguments, .template(.any), language: .jsonata, owners: [.task, .parallel],
            doc: "The request, or the branches' input."),
        FieldSpec(
            .branches, .objects(ASLSchema.graph), owners: [.parallel], required: .nonEmpty,
            doc: "The branches, run in parallel."),
        FieldSpec(
            .result, .json, language: .jsonPath, owners: [.pass], replacement: "use 'Output'",
            doc: "A fixed result."),
        FieldSpec(.itemBatcher, .object(ASLSchema.itemBatcher), owners: [.map], doc: "Groups items into batches."),
        FieldSpec(
            .maxConcurrency, .dynamicInteger, owners: [.map], expressionNeedsJSONata: true,
            doc: "How many iterations run at once (0: no limit)."),
        FieldSpec(
            .maxConcurrencyPath, .path, language: .jsonPath, owners: [.map], doc: "MaxConcurrency, from the input."),
        FieldSpec(
            .toleratedFailureCount, .dynamicInteger, owners: [.map], expressionNeedsJSONata: true,
            doc: "How many failed items a distributed Map tolerates."),
        FieldSpec(
            .toleratedFailureCountPath, .path, language: .jsonPath, owners: [.map],
            doc: "ToleratedFailureCount, from the input."),
        FieldSpec(
            .toleratedFailurePercentage, .dynamicNumber, owners: [.map], expressionNeedsJSONata: true,
            doc: "The share of failed items a distributed Map tolerates (0 to 100)."),
        FieldSpec(
            .toleratedFailurePercentagePath, .path, language: .jsonPath, owners: [.map],
            doc: "ToleratedFailurePercentage, from the input."),
        FieldSpec(.label, .string, owners: [.map], doc: "The prefix of a distributed Map's child execution names."),
        FieldSpec(
            .itemProcessor, .object(ASLSchema.itemProcessor), owners: [.map],
            doc: "The states run for each item, and how (inline or distributed)."),
        FieldSpec(
            .iterator, .object(ASLSchema.itemProcessor), owners: [.map],
            doc: "The name ItemProcessor had before 2023."),
        FieldSpec(
            .resultWriter, .object(ASLSchema.resultWriter), owners: [.map],
            doc: "Where a distributed Map writes its results."),
        FieldSpec(.choices, .choiceRules, owners: [.choice], required: .nonEmpty, doc: "The rules, tried in order."),
        FieldSpec(.default, .string, owners: [.choice], doc: "Where to go when no rule matches."),
        FieldSpec(
            .seconds, .dynamicInteger, owners: [.wait], expressionNeedsJSONata: true, doc: "How long to wait."),
        FieldSpec(.secondsPath, .path, language: .jsonPath, owners: [.wait], doc: "Seconds, from the input."),
        FieldSpec(.timestamp, .dynamicString, owners: [.wait], doc: "Until when to wait (RFC 3339)."),
        FieldSpec(.timestampPath, .path, language: .jsonPath, owners: [.wait], doc: "Timestamp, from the input."),
        FieldSpec(
            .resultSelector, .template(.any), language: .jsonPath, owners: [.task, .parallel, .map],
            replacement: "use 'Output'", doc: "Reshapes the raw result."),
        FieldSpec(
            .resultPath, .nullablePath, language: .jsonPath, owners: [.task, .pass, .parallel, .map],
            replacement: "use 'Output' or 'Assign'", doc: "Where the result goes in the input."),
        FieldSpec(
            .outputPath, .nullablePath, language: .jsonPath, owners: .all.subtracting([.fail]),
            replacement: "use 'Output'", doc: "The part of the result passed on."),
        FieldSpec(
            .output, .template(.any), language: .jsonata, owners: .all.subtracting([.fail]), doc: "The state's output."),
        FieldSpec(
            .assign, .template(.object), owners: .all.subtracting([.succeed, .fail]),
            doc: "Variables set when the state completes."),
        FieldSpec(
            .timeoutSeconds, .dynamicInteger, owners: [.task], expressionNeedsJSONata: true,
            doc: "The longest the Task may run."),
        FieldSpec(
            .timeoutSecondsPath, .path, language: .jsonPath, owners: [.task], doc: "TimeoutSeconds, from the input."),
        FieldSpec(
            .heartbeatSeconds, .dynamicInteger, owners: [.task], expressionNeedsJSONata: true,
            doc: "The longest the Task may go without a heartbeat."),
        FieldSpec(
            .heartbeatSecondsPath, .path, language: .jsonPath, owners: [.task], doc: "HeartbeatSeconds, from the input."
        ),
        FieldSpec(.error, .dynamicString, owners: [.fail], doc: "The error name."),
        FieldSpec(
            .errorPath, .pathOrIntrinsic, language: .jsonPath, owners: [.fail], doc: "The error name, from the input."),
        FieldSpec(.cause, .dynamicString, owners: [.fail], doc: "The cause."),
        FieldSpec(
            .causePath, .pathOrIntrinsic, language: .jsonPath, owners: [.fail], doc: "The cause, from the input."),
        FieldSpec(
            .retry, .objects(ASLSchema.retrier), owners: [.task, .parallel, .map], doc: "Retry policies, in order."),
        FieldSpec(
            .catch, .objects(ASLSchema.catcher), owners: [.task, .parallel, .map], doc: "Fallback states, in order."),
        FieldSpec(.next, .string, owners: StateType.chainable, doc: "The state to go to next."),
        FieldSpec(.end, .bool, owners: StateType.chainable, doc: "Ends the execution (or branch)."),
    ]

    /// The fields of a state of `type`, in canonical order, with its presence rules.
    public static func state(_ type: StateType) -> ObjectSchema {
        // By the type's position among the cases: a dictionary keyed by `StateType` hashed its raw
        // value's text on every lookup.
        stateSchemaList[stateTypeIndex(type)]
    }

    private static func stateTypeIndex(_ type: StateType) -> Int {
        switch type {
        case .task: return 0
        case .pass: return 1
        case .choice: return 2
        case .wait: return 3
        case .succeed: return 4
        case .fail: return 5
        case .parallel: return 6
        case .map: return 7
        }
    }

    private static let stateSchemaList: [ObjectSchema] = StateType.allCases.map { type in
        stateSchemas[type] ?? ObjectSchema(name: "a \(type.rawValue) state", fields: [])
    }

    private static let stateSchemas: [StateType: ObjectSchema] = {
        var out: [StateType: ObjectSchema] = [:]
        for type in StateType.allCases {
            var rules: [PresenceRule] = []
            switch type {
            case .task: rules = [.required(.resource, "needs a 'Resource'"), .transition]
            case .pass, .parallel: rules = [.transition]
            case .wait: rules = [.exactlyOne([.seconds, .secondsPath, .timestamp, .timestampPath]), .transition]
            case .map:
                rules = [
                    .required(
                        .itemProcessor, "needs 'ItemProcessor' (or the legacy 'Iterator')", alternative: .iterator),
                    .atMostOne([.itemProcessor, .iterator], "keep one"), .transition,
                ]
            case .choice: rules = [.required(.choices, "needs 'Choices'")]
            case .succeed, .fail: rules = []
            }
            if type == .parallel { rules.insert(.required(.branches, "needs 'Branches'"), at: 0) }
            out[type] = ObjectSchema(
                name: "a \(type.rawValue) state", fields: stateFields.filter { $0.owners.contains(type) }, rules: rules)
        }
        return out
    }()

    /// The top level of a definition.
    public static let machine = ObjectSchema(
        name: "the top level of a state machine",
        fields: [
            FieldSpec(.comment, .string, doc: "A description of the state machine."),
            FieldSpec(
                .queryLanguage, .enumeration(QueryLanguage.allCases.map(\.rawValue)),
                doc: "The default query language of every state."),
            FieldSpec(.startAt, .string, doc: "The first state."),
            FieldSpec(.timeoutSeconds, .integer, doc: "The longest an execution may run."),
            FieldSpec(.version, .string, doc: "The ASL version."),
            FieldSpec(.states, .states, doc: "The states."),
        ],
        rules: [.required(.startAt, "needs 'StartAt', the name of its first state"), .graphStates])

    /// A Parallel branch.
    public static let graph = ObjectSchema(
        name: "a branch",
        fields: [
            FieldSpec(.comment, .string, doc: "A description of the branch."),
            FieldSpec(.startAt, .string, doc: "The first state."),
            FieldSpec(.states, .states, doc: "The states."),
        ],
        rules: [.required(.startAt, "needs 'StartAt', the name of its first state"), .graphStates])

    /// A Map's `ItemProcessor` (or legacy `Iterator`).
    public static let itemProcessor = ObjectSchema(
        name: "an ItemProcessor",
        fields: [
            FieldSpec(.comment, .string, doc: "A description of the processor."),
            FieldSpec(.processorConfig, .object(ASLSchema.processorConfig), doc: "Inline or distributed."),
            FieldSpec(.startAt, .string, doc: "The first state."),
            FieldSpec(.states, .states, doc: "The states."),
        ],
        rules: [.required(.startAt, "needs 'StartAt', the name of its first state"), .graphStates])

    /// `ProcessorConfig`.
    public static let processorConfig = ObjectSchema(
        name: "a ProcessorConfig",
        fields: [
            FieldSpec(.mode, .enumeration(["INLINE", "DISTRIBUTED"]), doc: "INLINE or DISTRIBUTED."),
            FieldSpec(.executionType, .enumeration(["STANDARD", "EXPRESS"]), doc: "The child executions' type."),
        ])

    /// One `Retry` entry.
    public static let retrier = ObjectSchema(
        name: "a retrier",
        fields: [
            FieldSpec(.errorEquals, .errorNames, doc: "The errors this retrier matches."),
            FieldSpec(.comment, .string, doc: "A description."),
            FieldSpec(.intervalSeconds, .integer, doc: "Seconds before the first retry (default 1)."),
            FieldSpec(.maxAttempts, .integer, doc: "Retries allowed (default 3)."),
            FieldSpec(.backoffRate, .number, doc: "The interval's multiplier (default 2.0)."),
            FieldSpec(.maxDelaySeconds, .integer, doc: "The cap on the interval."),
            FieldSpec(.jitterStrategy, .enumeration(["FULL", "NONE"]), doc: "FULL or NONE."),
        ],
        rules: [.required(.errorEquals, "needs 'ErrorEquals', a non-empty array of error names")])

    /// One `Catch` entry.
    public static let catcher = ObjectSchema(
        name: "a catcher",
        fields: [
            FieldSpec(.errorEquals, .errorNames, doc: "The errors this catcher matches."),
            FieldSpec(.comment, .string, doc: "A description."),
            FieldSpec(
                .resultPath, .nullablePath, language: .jsonPath, replacement: "use 'Output' or 'Assign'",
                doc: "Where the error output goes in the input."),
            FieldSpec(.output, .template(.any), language: .jsonata, doc: "The state output after the catch."),
            FieldSpec(.assign, .template(.object), doc: "Variables set when this catcher is taken."),
            FieldSpec(.next, .string, doc: "The state to go to."),
        ],
        rules: [
            .required(.errorEquals, "needs 'ErrorEquals', a non-empty array of error names"),
            .required(.next, "needs 'Next', the state to go to"),
        ])

    /// A distributed Map's `ItemReader`.
    public static let itemReader = ObjectSchema(
        name: "an ItemReader",
        fields: [
            FieldSpec(.resource, .resource, doc: "The S3 action that reads the items."),
            FieldSpec(.readerConfig, .object(ASLSchema.readerConfig), doc: "How to read them."),
            FieldSpec(.parameters, .template(.any), language: .jsonPath, doc: "The request (JSONPath)."),
            FieldSpec(.arguments, .template(.any), language: .jsonata, doc: "The request (JSONata)."),
        ],
        rules: [.required(.resource, "needs a 'Resource'")])

    /// `ItemReader.ReaderConfig`.
    public static let readerConfig = ObjectSchema(
        name: "a ReaderConfig",
        fields: [
            FieldSpec(.inputType, .string, doc: "CSV, JSON, JSONL, MANIFEST or PARQUET."),
            FieldSpec(.csvHeaderLocation, .string, doc: "FIRST_ROW or GIVEN."),
            FieldSpec(.csvHeaders, .dynamicStrings, expressionNeedsJSONata: true, doc: "The CSV headers (GIVEN)."),
            FieldSpec(.csvDelimiter, .string, doc: "COMMA, PIPE, SEMICOLON, SPACE or TAB."),
            FieldSpec(.manifestType, .string, doc: "S3_INVENTORY or ATHENA_DATA."),
            FieldSpec(.maxItems, .dynamicInteger, expressionNeedsJSONata: true, doc: "The most items to read."),
            FieldSpec(.maxItemsPath, .path, language: .jsonPath, doc: "MaxItems, from the input."),
        ])

    /// A distributed Map's `ItemBatcher`.
    public static let itemBatcher = ObjectSchema(
        name: "an ItemBatcher",
        fields: [
            FieldSpec(.maxItemsPerBatch, .dynamicInteger, expressionNeedsJSONata: true, doc: "Items per batch."),
            FieldSpec(.maxItemsPerBatchPath, .path, language: .jsonPath, doc: "MaxItemsPerBatch, from the input."),
            FieldSpec(.maxInputBytesPerBatch, .dynamicInteger, expressionNeedsJSONata: true, doc: "Bytes per batch."),
            FieldSpec(
                .maxInputBytesPerBatchPath, .path, language: .jsonPath, doc: "MaxInputBytesPerBatch, from the input."),
            FieldSpec(.batchInput, .template(.any), doc: "A value added to every batch."),
        ])

    /// A distributed Map's `ResultWriter`.
    public static let resultWriter = ObjectSchema(
        name: "a ResultWriter",
        fields: [
            FieldSpec(.resource, .resource, doc: "The S3 action that writes the results."),
            FieldSpec(.parameters, .template(.any), language: .jsonPath, doc: "The request (JSONPath)."),
            FieldSpec(.arguments, .template(.any), language: .jsonata, doc: "The request (JSONata)."),
            FieldSpec(.writerConfig, .object(ASLSchema.writerConfig), doc: "How to write them."),
        ])

    /// `ResultWriter.WriterConfig`.
    public static let writerConfig = ObjectSchema(
        name: "a WriterConfig",
        fields: [
            FieldSpec(.outputType, .string, doc: "JSON or JSONL."),
            FieldSpec(.transformation, .string, doc: "NONE, COMPACT or FLATTEN."),
        ])

    /// The fields of a top-level Choice rule besides its condition.
    public static let choiceRule = ObjectSchema(
        name: "a choice rule",
        fields: [
            FieldSpec(.comment, .string, doc: "A description."),
            FieldSpec(.output, .template(.any), language: .jsonata, doc: "The state output when the rule is taken."),
            FieldSpec(.assign, .template(.object), doc: "Variables set when the rule is taken."),
            FieldSpec(.next, .string, doc: "The state to go to."),
        ])
}

/// One field of one kind of ASL object.
public struct FieldSpec: Sendable {
    /// The field.
    public let field: ASLField
    /// What it holds.
    public let kind: ValueKind
    /// The query language that owns it (nil: both). A template is parsed in this language, else in the
    /// state's.
    public let language: QueryLanguage?
    /// For state fields: the state types that have it.
    public let owners: Set<StateType>
    /// For a field with a ``ValueKind/dynamicInteger``-like kind: whether a `{% %}` expression in it
    /// needs a JSONata state (in a JSONPath state it is an error, and the `…Path` form is the way).
    public let expressionNeedsJSONata: Bool
    /// For a JSONPath-only field: what a JSONata state uses instead (for the message).
    public let replacement: String?
    /// Whether it must be present (and, for arrays and objects, non-empty).
    public let required: Requirement?
    /// One line saying what the field does.
    public let doc: String

    /// How a field is required.
    public enum Requirement: Sendable, Hashable {
        /// It must be present and hold at least one element.
        case nonEmpty
    }

    /// Describes a field.
    public init(
        _ field: ASLField, _ kind: ValueKind, language: QueryLanguage? = nil, owners: Set<StateType> = [],
        expressionNeedsJSONata: Bool = false, replacement: String? = nil, required: Requirement? = nil, doc: String
    ) {
        self.field = field
        self.kind = kind
        self.language = language
        self.owners = owners
        self.expressionNeedsJSONata = expressionNeedsJSONata
        self.replacement = replacement
        self.required = required
        self.doc = doc
    }
}

/// What a field holds (how the reader parses it and the writer writes it).
public enum ValueKind: Sendable {
    /// The state's `Type` (not stored: it is the ``State`` case).
    case stateType
    /// A string.
    case string
    /// A string, one of these values.
    case enumeration([String])
    /// A boolean.
    case bool
    /// A literal integer.
    case integer
    /// A literal number.
    case number
    /// A non-empty list of error names (`ErrorEquals`).
    case errorNames
    /// An integer, or a `{% %}` expression, or a `${Name}` placeholder.
    case dynamicInteger
    /// A number, or a `{% %}` expression, or a placeholder.
    case dynamicNumber
    /// A string, or a `{% %}` expression (a placeholder string stays a placeholder).
    case dynamicString
    /// A list of strings, or a `{% %}` expression, or a placeholder.
    case dynamicStrings
    /// A JSONPath.
    case path
    /// A JSONPath or `null`.
    case nullablePath
    /// A JSONPath or an intrinsic function call.
    case pathOrIntrinsic
    /// A payload template of this shape.
    case template(TemplateShape)
    /// A constant JSON value.
    case json
    /// A resource ARN.
    case resource
    /// A nested object.
    case object(ObjectSchema)
    /// An array of nested objects.
    case objects(ObjectSchema)
    /// Choice rules.
    case choiceRules
    /// A graph's named states.
    case states

    /// What a template field's value must be.
    public enum TemplateShape: Sendable, Hashable {
        /// Any JSON value.
        case any
        /// An object (`Assign`: variable names and values).
        case object
        /// An object with `RoleArn` (`Credentials`).
        case credentials
        /// An array, or a `{% %}` expression giving one (`Items`).
        case arrayOrExpression
    }
}

/// One kind of ASL object: its fields in canonical order and what must be present.
public struct ObjectSchema: Sendable {
    /// How messages name it (`a retrier`, `a Task state`).
    public let name: String
    /// Its fields, in canonical order.
    public let fields: [FieldSpec]
    /// What must (or must not) be present together.
    public let rules: [PresenceRule]

    /// Each field's position in ``fields`` by ``ASLField/rank`` (-1: the object does not have it), so
    /// that finding a field's description is one load, not a walk comparing fields or names.
    private let positions: [Int8]

    /// Describes an object.
    public init(name: String, fields: [FieldSpec], rules: [PresenceRule] = []) {
        self.name = name
        self.fields = fields
        self.rules = rules
        var positions = [Int8](repeating: -1, count: ASLField.count)
        for (i, spec) in fields.enumerated().reversed() { positions[spec.field.rank] = Int8(i) }
        self.positions = positions
    }

    /// The position in ``fields`` of `field`'s description, when the object has it.
    package func position(of field: ASLField) -> Int? {
        let i = Int(positions[field.rank])
        return i < 0 ? nil : i
    }

    /// The description of `field`, when the object has it.
    public func spec(_ field: ASLField) -> FieldSpec? { position(of: field).map { fields[$0] } }

    /// The description of the field named `name`, when the object has it.
    public func spec(named name: String) -> FieldSpec? { ASLField(name: name).flatMap(spec) }

    /// Whether the object has a field named `name`.
    package func has(named name: String) -> Bool { ASLField(name: name).flatMap(position(of:)) != nil }

    /// The names of its fields, in canonical order.
    public var names: [String] { fields.map(\.field.rawValue) }
}

/// A rule on which fields an object must, or must not, have together.
public enum PresenceRule: Sendable {
    /// `field` (or `alternative`) must be present; `text` completes "… state 'X' needs …".
    case required(ASLField, String, alternative: ASLField? = nil)
    /// Exactly one of these must be present.
    case exactlyOne([ASLField])
    /// At most one of these may be present; `text` says what to do.
    case atMostOne([ASLField], String)
    /// `Next`, or `"End": true`, and not both.
    case transition
    /// `States`: present, an object, and not empty.
    case graphStates
}

extension Set where Element == StateType {
    /// Every state type.
    public static var all: Set<StateType> { Set(StateType.allCases) }
}

extension StateType {
    /// The types with `Next`/`End`: Task, Pass, Wait, Parallel and Map.
    public static let chainable: Set<StateType> = [.task, .pass, .wait, .parallel, .map]
}
