/// The eight kinds of state.
public enum StateType: String, Sendable, Hashable, CaseIterable {
    /// `Task`
    case task = "Task"
    /// `Pass`
    case pass = "Pass"
    /// `Choice`
    case choice = "Choice"
    /// `Wait`
    case wait = "Wait"
    /// `Succeed`
    case succeed = "Succeed"
    /// `Fail`
    case fail = "Fail"
    /// `Parallel`
    case parallel = "Parallel"
    /// `Map`
    case map = "Map"

    /// The type named `name` (what `init(rawValue:)` finds), told by the name's first byte and
    /// length and then compared with that one name: the reader asks for every state's `Type`, and
    /// the raw-value initializer compares it with every name. No name holds a character another text
    /// is canonically equal to, so equal texts have equal bytes.
    package init?(name: String) {
        let candidate: StateType
        switch (name.utf8.first, name.utf8.count) {
        case (UInt8(ascii: "T"), 4): candidate = .task
        case (UInt8(ascii: "P"), 4): candidate = .pass
        case (UInt8(ascii: "P"), 8): candidate = .parallel
        case (UInt8(ascii: "C"), 6): candidate = .choice
        case (UInt8(ascii: "W"), 4): candidate = .wait
        case (UInt8(ascii: "S"), 7): candidate = .succeed
        case (UInt8(ascii: "F"), 4): candidate = .fail
        case (UInt8(ascii: "M"), 3): candidate = .map
        default: return nil
        }
        guard candidate.rawValue == name else { return nil }
        self = candidate
    }
}

/// One state of a state machine.
public enum State: Sendable, Hashable {
    /// A Task state.
    case task(TaskState)
    /// A Pass state.
    case pass(PassState)
    /// A Choice state.
    case choice(ChoiceState)
    /// A Wait state.
    case wait(WaitState)
    /// A Succeed state.
    case succeed(SucceedState)
    /// A Fail state.
    case fail(FailState)
    /// A Parallel state.
    case parallel(ParallelState)
    /// A Map state.
    case map(MapState)

    /// A state of `type` with `fields` (already checked against the type's schema).
    public init(type: StateType, fields: FieldSet) {
        switch type {
        case .task: self = .task(TaskState(fields: fields))
        case .pass: self = .pass(PassState(fields: fields))
        case .choice: self = .choice(ChoiceState(fields: fields))
        case .wait: self = .wait(WaitState(fields: fields))
        case .succeed: self = .succeed(SucceedState(fields: fields))
        case .fail: self = .fail(FailState(fields: fields))
        case .parallel: self = .parallel(ParallelState(fields: fields))
        case .map: self = .map(MapState(fields: fields))
        }
    }

    /// The state's fields (without `Type`), in canonical order.
    public var fields: FieldSet {
        get {
            switch self {
            case .task(let s): return s.fields
            case .pass(let s): return s.fields
            case .choice(let s): return s.fields
            case .wait(let s): return s.fields
            case .succeed(let s): return s.fields
            case .fail(let s): return s.fields
            case .parallel(let s): return s.fields
            case .map(let s): return s.fields
            }
        }
        set { self = State(type: type, fields: newValue) }
    }

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
        get { CommonFields(fields) }
        set {
            var f = fields
            newValue.apply(to: &f)
            fields = f
        }
    }

    package var queryLanguage: QueryLanguage? { fields.enumeration(.queryLanguage) }

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
        forEachSuccessor { out.append($0) }
        return out
    }

    /// Calls `body` with each of ``successors`` in order, without building the list (the validator
    /// walks every state's transitions).
    package func forEachSuccessor(_ body: (String) -> Void) {
        if let next = transition?.nextState { body(next) }
        switch self {
        case .choice(let c):
            for rule in c.choices { body(rule.next) }
            if let d = c.default { body(d) }
        case .task(let t): for c in t.catch { body(c.next) }
        case .parallel(let p): for c in p.catch { body(c.next) }
        case .map(let m): for c in m.catch { body(c.next) }
        default: break
        }
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

/// Fields shared by every state type (a view of the state's fields).
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

    /// The common fields of a state's `fields`.
    public init(_ fields: FieldSet) {
        // One pass over the entries (a look-up per field scanned them six times); a field holds
        // one entry at most, and a value of another kind reads as absent, as the typed getters say.
        for i in fields.entries.indices {
            switch fields.entries[i].field {
            case .comment: if case .string(let v) = fields.entries[i].value { comment = v }
            case .queryLanguage:
                if case .string(let v) = fields.entries[i].value { queryLanguage = QueryLanguage(rawValue: v) }
            case .inputPath: if case .nullablePath(let v) = fields.entries[i].value { inputPath = v }
            case .outputPath: if case .nullablePath(let v) = fields.entries[i].value { outputPath = v }
            case .output: if case .template(let v) = fields.entries[i].value { output = v }
            case .assign: if case .template(let v) = fields.entries[i].value { assign = v }
            default: continue
            }
        }
    }

    /// Writes these values into `fields` (nil removes a field).
    public func apply(to fields: inout FieldSet) {
        fields.set(.comment, comment, FieldValue.string)
        fields.set(.queryLanguage, queryLanguage) { .string($0.rawValue) }
        fields.set(.inputPath, inputPath, FieldValue.nullablePath)
        fields.set(.outputPath, outputPath, FieldValue.nullablePath)
        fields.set(.output, output, FieldValue.template)
        fields.set(.assign, assign, FieldValue.template)
    }
}

// The state types are typed views of their fields (see `FieldSet` and `ASLSchema`): generic code reads
// and writes `fields`; the properties below give the same data with Swift types.
/// `"Type": "Task"`: calls a resource.
public struct TaskState: FieldSetView {
    /// The state's fields (without `Type`).
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// Shared fields.
    public var common: CommonFields {
        get { CommonFields(fields) }
        set { newValue.apply(to: &fields) }
    }

    /// `Resource`
    public var resource: TaskResource {
        get { fields.resource(.resource) ?? TaskResource("") }
        set { fields[.resource] = .resource(newValue) }
    }

    /// `Parameters` (JSONPath)
    public var parameters: PayloadTemplate? {
        get { fields.template(.parameters) }
        set { fields.set(.parameters, newValue, FieldValue.template) }
    }

    /// `Arguments` (JSONata)
    public var arguments: PayloadTemplate? {
        get { fields.template(.arguments) }
        set { fields.set(.arguments, newValue, FieldValue.template) }
    }

    /// `ResultSelector` (JSONPath)
    public var resultSelector: PayloadTemplate? {
        get { fields.template(.resultSelector) }
        set { fields.set(.resultSelector, newValue, FieldValue.template) }
    }

    /// `ResultPath` (JSONPath)
    public var resultPath: NullablePath? {
        get { fields.nullablePath(.resultPath) }
        set { fields.set(.resultPath, newValue, FieldValue.nullablePath) }
    }

    /// `TimeoutSeconds` (a number, or JSONata)
    public var timeoutSeconds: DynamicValue<Int>? {
        get { fields.dynamicInteger(.timeoutSeconds) }
        set { fields.set(.timeoutSeconds, newValue, FieldValue.dynamicInteger) }
    }

    /// `TimeoutSecondsPath` (JSONPath)
    public var timeoutSecondsPath: JSONPath? {
        get { fields.path(.timeoutSecondsPath) }
        set { fields.set(.timeoutSecondsPath, newValue, FieldValue.path) }
    }

    /// `HeartbeatSeconds`
    public var heartbeatSeconds: DynamicValue<Int>? {
        get { fields.dynamicInteger(.heartbeatSeconds) }
        set { fields.set(.heartbeatSeconds, newValue, FieldValue.dynamicInteger) }
    }

    /// `HeartbeatSecondsPath` (JSONPath)
    public var heartbeatSecondsPath: JSONPath? {
        get { fields.path(.heartbeatSecondsPath) }
        set { fields.set(.heartbeatSecondsPath, newValue, FieldValue.path) }
    }

    /// `Credentials`: the role to assume (`{"RoleArn": ...}`).
    public var credentials: PayloadTemplate? {
        get { fields.template(.credentials) }
        set { fields.set(.credentials, newValue, FieldValue.template) }
    }

    /// `Retry`
    public var retry: [Retrier] {
        get { fields.objects(.retry).map(Retrier.init(fields:)) }
        set { fields.setObjects(.retry, newValue.map(\.fields)) }
    }

    /// `Catch`
    public var `catch`: [Catcher] {
        get { fields.objects(.`catch`).map(Catcher.init(fields:)) }
        set { fields.setObjects(.`catch`, newValue.map(\.fields)) }
    }

    /// `Next` or `End`
    public var transition: Transition {
        get { Transition(fields) }
        set { newValue.apply(to: &fields) }
    }

    /// Creates a Task state.
    public init(
        common: CommonFields = CommonFields(), resource: TaskResource, parameters: PayloadTemplate? = nil,
        arguments: PayloadTemplate? = nil, resultSelector: PayloadTemplate? = nil, resultPath: NullablePath? = nil,
        timeoutSeconds: DynamicValue<Int>? = nil, timeoutSecondsPath: JSONPath? = nil,
        heartbeatSeconds: DynamicValue<Int>? = nil, heartbeatSecondsPath: JSONPath? = nil,
        credentials: PayloadTemplate? = nil, retry: [Retrier] = [], catch: [Catcher] = [], transition: Transition
    ) {
        fields = FieldSet()
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
        self.`catch` = `catch`
        self.transition = transition
    }
}

/// `"Type": "Pass"`: passes its input (or a fixed `Result`) to its output.
public struct PassState: FieldSetView {
    /// The state's fields (without `Type`).
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// Shared fields.
    public var common: CommonFields {
        get { CommonFields(fields) }
        set { newValue.apply(to: &fields) }
    }

    /// `Parameters` (JSONPath)
    public var parameters: PayloadTemplate? {
        get { fields.template(.parameters) }
        set { fields.set(.parameters, newValue, FieldValue.template) }
    }

    /// `Result` (JSONPath): a fixed value; `.$` keys in it are not evaluated.
    public var result: JSONValue? {
        get { fields.json(.result) }
        set { fields.set(.result, newValue, FieldValue.json) }
    }

    /// `ResultPath` (JSONPath)
    public var resultPath: NullablePath? {
        get { fields.nullablePath(.resultPath) }
        set { fields.set(.resultPath, newValue, FieldValue.nullablePath) }
    }

    /// `Next` or `End`
    public var transition: Transition {
        get { Transition(fields) }
        set { newValue.apply(to: &fields) }
    }

    /// Creates a Pass state.
    public init(
        common: CommonFields = CommonFields(), parameters: PayloadTemplate? = nil, result: JSONValue? = nil,
        resultPath: NullablePath? = nil, transition: Transition
    ) {
        fields = FieldSet()
        self.common = common
        self.parameters = parameters
        self.result = result
        self.resultPath = resultPath
        self.transition = transition
    }
}

/// `"Type": "Choice"`: branches on rules.
public struct ChoiceState: FieldSetView {
    /// The state's fields (without `Type`).
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// Shared fields.
    public var common: CommonFields {
        get { CommonFields(fields) }
        set { newValue.apply(to: &fields) }
    }

    /// `Choices`, tried in order.
    public var choices: [ChoiceRule] {
        get {
            if case .rules(let r)? = fields[.choices] { return r }
            return []
        }
        set { fields[.choices] = .rules(newValue) }
    }

    /// `Default`: where to go when no rule matches.
    public var `default`: String? {
        get { fields.string(.`default`) }
        set { fields.set(.`default`, newValue, FieldValue.string) }
    }

    /// Creates a Choice state.
    public init(
        common: CommonFields = CommonFields(), choices: [ChoiceRule], default: String? = nil
    ) {
        fields = FieldSet()
        self.common = common
        self.choices = choices
        self.`default` = `default`
    }
}

/// `"Type": "Wait"`: waits for a time or until a timestamp.
public struct WaitState: FieldSetView {
    /// The state's fields (without `Type`).
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// Shared fields.
    public var common: CommonFields {
        get { CommonFields(fields) }
        set { newValue.apply(to: &fields) }
    }

    /// How long or until when.
    public var duration: WaitDuration {
        get { WaitDuration(fields) }
        set { newValue.apply(to: &fields) }
    }

    /// `Next` or `End`
    public var transition: Transition {
        get { Transition(fields) }
        set { newValue.apply(to: &fields) }
    }

    /// Creates a Wait state.
    public init(
        common: CommonFields = CommonFields(), duration: WaitDuration, transition: Transition
    ) {
        fields = FieldSet()
        self.common = common
        self.duration = duration
        self.transition = transition
    }
}

/// `"Type": "Succeed"`: ends the execution (or branch) successfully.
public struct SucceedState: FieldSetView {
    /// The state's fields (without `Type`).
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// Shared fields.
    public var common: CommonFields {
        get { CommonFields(fields) }
        set { newValue.apply(to: &fields) }
    }

    /// Creates a Succeed state.
    public init(
        common: CommonFields = CommonFields()
    ) {
        fields = FieldSet()
        self.common = common
    }
}

/// `"Type": "Fail"`: ends the execution with an error.
public struct FailState: FieldSetView {
    /// The state's fields (without `Type`).
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// Shared fields.
    public var common: CommonFields {
        get { CommonFields(fields) }
        set { newValue.apply(to: &fields) }
    }

    /// `Error`
    public var error: DynamicValue<String>? {
        get { fields.dynamicString(.error) }
        set { fields.set(.error, newValue, FieldValue.dynamicString) }
    }

    /// `ErrorPath`: a path or intrinsic call.
    public var errorPath: PathOrIntrinsic? {
        get { fields.pathOrIntrinsic(.errorPath) }
        set { fields.set(.errorPath, newValue, FieldValue.pathOrIntrinsic) }
    }

    /// `Cause`
    public var cause: DynamicValue<String>? {
        get { fields.dynamicString(.cause) }
        set { fields.set(.cause, newValue, FieldValue.dynamicString) }
    }

    /// `CausePath`: a path or intrinsic call.
    public var causePath: PathOrIntrinsic? {
        get { fields.pathOrIntrinsic(.causePath) }
        set { fields.set(.causePath, newValue, FieldValue.pathOrIntrinsic) }
    }

    /// Creates a Fail state.
    public init(
        common: CommonFields = CommonFields(), error: DynamicValue<String>? = nil, errorPath: PathOrIntrinsic? = nil,
        cause: DynamicValue<String>? = nil, causePath: PathOrIntrinsic? = nil
    ) {
        fields = FieldSet()
        self.common = common
        self.error = error
        self.errorPath = errorPath
        self.cause = cause
        self.causePath = causePath
    }
}

/// `"Type": "Parallel"`: runs branches concurrently.
public struct ParallelState: FieldSetView {
    /// The state's fields (without `Type`).
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// Shared fields.
    public var common: CommonFields {
        get { CommonFields(fields) }
        set { newValue.apply(to: &fields) }
    }

    /// `Branches`
    public var branches: [StateGraph] {
        get { fields.objects(.branches).map(StateGraph.init(fields:)) }
        set { fields[.branches] = .objects(newValue.map(\.fields)) }
    }

    /// `Parameters` (JSONPath)
    public var parameters: PayloadTemplate? {
        get { fields.template(.parameters) }
        set { fields.set(.parameters, newValue, FieldValue.template) }
    }

    /// `Arguments` (JSONata)
    public var arguments: PayloadTemplate? {
        get { fields.template(.arguments) }
        set { fields.set(.arguments, newValue, FieldValue.template) }
    }

    /// `ResultSelector` (JSONPath)
    public var resultSelector: PayloadTemplate? {
        get { fields.template(.resultSelector) }
        set { fields.set(.resultSelector, newValue, FieldValue.template) }
    }

    /// `ResultPath` (JSONPath)
    public var resultPath: NullablePath? {
        get { fields.nullablePath(.resultPath) }
        set { fields.set(.resultPath, newValue, FieldValue.nullablePath) }
    }

    /// `Retry`
    public var retry: [Retrier] {
        get { fields.objects(.retry).map(Retrier.init(fields:)) }
        set { fields.setObjects(.retry, newValue.map(\.fields)) }
    }

    /// `Catch`
    public var `catch`: [Catcher] {
        get { fields.objects(.`catch`).map(Catcher.init(fields:)) }
        set { fields.setObjects(.`catch`, newValue.map(\.fields)) }
    }

    /// `Next` or `End`
    public var transition: Transition {
        get { Transition(fields) }
        set { newValue.apply(to: &fields) }
    }

    /// Creates a Parallel state.
    public init(
        common: CommonFields = CommonFields(), branches: [StateGraph] = [], parameters: PayloadTemplate? = nil,
        arguments: PayloadTemplate? = nil, resultSelector: PayloadTemplate? = nil, resultPath: NullablePath? = nil,
        retry: [Retrier] = [], catch: [Catcher] = [], transition: Transition
    ) {
        fields = FieldSet()
        self.common = common
        self.branches = branches
        self.parameters = parameters
        self.arguments = arguments
        self.resultSelector = resultSelector
        self.resultPath = resultPath
        self.retry = retry
        self.`catch` = `catch`
        self.transition = transition
    }
}

/// `"Type": "Map"`: runs a processor for each item, inline or as child executions (distributed).
public struct MapState: FieldSetView {
    /// The state's fields (without `Type`).
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// Shared fields.
    public var common: CommonFields {
        get { CommonFields(fields) }
        set { newValue.apply(to: &fields) }
    }

    /// `ItemProcessor` (or the legacy `Iterator`).
    public var itemProcessor: ItemProcessor {
        get { ItemProcessor(mapFields: fields) }
        set { newValue.apply(to: &fields) }
    }

    /// `ItemsPath` (JSONPath)
    public var itemsPath: JSONPath? {
        get { fields.path(.itemsPath) }
        set { fields.set(.itemsPath, newValue, FieldValue.path) }
    }

    /// `Items` (JSONata): an array or an expression.
    public var items: PayloadTemplate? {
        get { fields.template(.items) }
        set { fields.set(.items, newValue, FieldValue.template) }
    }

    /// `ItemSelector`
    public var itemSelector: PayloadTemplate? {
        get { fields.template(.itemSelector) }
        set { fields.set(.itemSelector, newValue, FieldValue.template) }
    }

    /// `Parameters`: the legacy name of `ItemSelector`.
    public var parameters: PayloadTemplate? {
        get { fields.template(.parameters) }
        set { fields.set(.parameters, newValue, FieldValue.template) }
    }

    /// `ItemReader` (distributed)
    public var itemReader: ItemReader? {
        get { fields.object(.itemReader).map(ItemReader.init(fields:)) }
        set { fields.set(.itemReader, newValue) { .object($0.fields) } }
    }

    /// `ItemBatcher` (distributed)
    public var itemBatcher: ItemBatcher? {
        get { fields.object(.itemBatcher).map(ItemBatcher.init(fields:)) }
        set { fields.set(.itemBatcher, newValue) { .object($0.fields) } }
    }

    /// `ResultWriter` (distributed)
    public var resultWriter: ResultWriter? {
        get { fields.object(.resultWriter).map(ResultWriter.init(fields:)) }
        set { fields.set(.resultWriter, newValue) { .object($0.fields) } }
    }

    /// `ResultSelector` (JSONPath)
    public var resultSelector: PayloadTemplate? {
        get { fields.template(.resultSelector) }
        set { fields.set(.resultSelector, newValue, FieldValue.template) }
    }

    /// `ResultPath` (JSONPath)
    public var resultPath: NullablePath? {
        get { fields.nullablePath(.resultPath) }
        set { fields.set(.resultPath, newValue, FieldValue.nullablePath) }
    }

    /// `MaxConcurrency` (0 means no limit)
    public var maxConcurrency: DynamicValue<Int>? {
        get { fields.dynamicInteger(.maxConcurrency) }
        set { fields.set(.maxConcurrency, newValue, FieldValue.dynamicInteger) }
    }

    /// `MaxConcurrencyPath`
    public var maxConcurrencyPath: JSONPath? {
        get { fields.path(.maxConcurrencyPath) }
        set { fields.set(.maxConcurrencyPath, newValue, FieldValue.path) }
    }

    /// `ToleratedFailureCount` (distributed)
    public var toleratedFailureCount: DynamicValue<Int>? {
        get { fields.dynamicInteger(.toleratedFailureCount) }
        set { fields.set(.toleratedFailureCount, newValue, FieldValue.dynamicInteger) }
    }

    /// `ToleratedFailureCountPath`
    public var toleratedFailureCountPath: JSONPath? {
        get { fields.path(.toleratedFailureCountPath) }
        set { fields.set(.toleratedFailureCountPath, newValue, FieldValue.path) }
    }

    /// `ToleratedFailurePercentage` (distributed)
    public var toleratedFailurePercentage: DynamicValue<Double>? {
        get { fields.dynamicNumber(.toleratedFailurePercentage) }
        set { fields.set(.toleratedFailurePercentage, newValue, FieldValue.dynamicNumber) }
    }

    /// `ToleratedFailurePercentagePath`
    public var toleratedFailurePercentagePath: JSONPath? {
        get { fields.path(.toleratedFailurePercentagePath) }
        set { fields.set(.toleratedFailurePercentagePath, newValue, FieldValue.path) }
    }

    /// `Label` (distributed): the Map Run's name prefix.
    public var label: String? {
        get { fields.string(.label) }
        set { fields.set(.label, newValue, FieldValue.string) }
    }

    /// `Retry`
    public var retry: [Retrier] {
        get { fields.objects(.retry).map(Retrier.init(fields:)) }
        set { fields.setObjects(.retry, newValue.map(\.fields)) }
    }

    /// `Catch`
    public var `catch`: [Catcher] {
        get { fields.objects(.`catch`).map(Catcher.init(fields:)) }
        set { fields.setObjects(.`catch`, newValue.map(\.fields)) }
    }

    /// `Next` or `End`
    public var transition: Transition {
        get { Transition(fields) }
        set { newValue.apply(to: &fields) }
    }

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
        fields = FieldSet()
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
        self.`catch` = `catch`
        self.transition = transition
    }

    /// Whether the Map runs child executions (`ProcessorConfig.Mode` is `DISTRIBUTED`).
    public var isDistributed: Bool { itemProcessor.config?.mode == .distributed }
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

    /// The form a Wait state's fields hold (`Seconds` 0 when none: the reader reports that).
    public init(_ fields: FieldSet) {
        if let v = fields.dynamicInteger(.seconds) {
            self = .seconds(v)
        } else if let p = fields.path(.secondsPath) {
            self = .secondsPath(p)
        } else if let t = fields.dynamicString(.timestamp) {
            self = .timestamp(t)
        } else if let p = fields.path(.timestampPath) {
            self = .timestampPath(p)
        } else {
            self = .seconds(.literal(0))
        }
    }

    /// Writes this form into `fields`, removing the other three.
    public func apply(to fields: inout FieldSet) {
        for f in [ASLField.seconds, .secondsPath, .timestamp, .timestampPath] { fields[f] = nil }
        switch self {
        case .seconds(let v): fields[.seconds] = .dynamicInteger(v)
        case .secondsPath(let p): fields[.secondsPath] = .path(p)
        case .timestamp(let t): fields[.timestamp] = .dynamicString(t)
        case .timestampPath(let p): fields[.timestampPath] = .path(p)
        }
    }
}

extension Transition {
    /// `Next` when a state's fields name one, else `End`.
    public init(_ fields: FieldSet) {
        if let next = fields.string(.next) { self = .next(next) } else { self = .end }
    }

    /// Writes `Next` or `"End": true` into `fields`, removing the other.
    public func apply(to fields: inout FieldSet) {
        switch self {
        case .next(let name):
            fields[.end] = nil
            fields[.next] = .string(name)
        case .end:
            fields[.next] = nil
            fields[.end] = .bool(true)
        }
    }
}

/// A Map's `ItemProcessor` (or legacy `Iterator`).
public struct ItemProcessor: Sendable, Hashable {
    /// Whether it was written as the legacy `Iterator` field.
    public var isLegacyIterator: Bool
    /// Its fields: `Comment`, `ProcessorConfig`, `StartAt` and `States`.
    public var fields: FieldSet

    /// Creates a processor.
    public init(isLegacyIterator: Bool = false, config: ProcessorConfig? = nil, graph: StateGraph) {
        self.isLegacyIterator = isLegacyIterator
        fields = graph.fields
        self.config = config
    }

    /// The processor a Map state's fields hold (`ItemProcessor`, else `Iterator`; empty when neither).
    init(mapFields: FieldSet) {
        if let f = mapFields.object(.itemProcessor) {
            isLegacyIterator = false
            fields = f
        } else {
            isLegacyIterator = mapFields.object(.iterator) != nil
            fields = mapFields.object(.iterator) ?? FieldSet()
        }
    }

    /// Writes the processor into a Map state's fields, under `ItemProcessor` or `Iterator`.
    func apply(to mapFields: inout FieldSet) {
        mapFields[isLegacyIterator ? .itemProcessor : .iterator] = nil
        mapFields[isLegacyIterator ? .iterator : .itemProcessor] = .object(fields)
    }

    /// `ProcessorConfig`
    public var config: ProcessorConfig? {
        get { fields.object(.processorConfig).map(ProcessorConfig.init(fields:)) }
        set { fields.set(.processorConfig, newValue) { .object($0.fields) } }
    }

    /// The processor's states.
    public var graph: StateGraph {
        get {
            var g = fields
            g[.processorConfig] = nil
            return StateGraph(fields: g)
        }
        set {
            let config = fields[.processorConfig]
            fields = newValue.fields
            fields[.processorConfig] = config
        }
    }
}

/// `ProcessorConfig`: inline or distributed, and the child execution type.
public struct ProcessorConfig: FieldSetView {
    /// `Mode`
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// `INLINE`
        case inline = "INLINE"
        /// `DISTRIBUTED`
        case distributed = "DISTRIBUTED"
    }

    /// `ExecutionType` (distributed)
    public enum ExecutionType: String, Sendable, Hashable, CaseIterable {
        /// `STANDARD`
        case standard = "STANDARD"
        /// `EXPRESS`
        case express = "EXPRESS"
    }

    /// The fields.
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// `Mode` (INLINE when absent)
    public var mode: Mode? {
        get { fields.enumeration(.mode) }
        set { fields.set(.mode, newValue) { .string($0.rawValue) } }
    }

    /// `ExecutionType`
    public var executionType: ExecutionType? {
        get { fields.enumeration(.executionType) }
        set { fields.set(.executionType, newValue) { .string($0.rawValue) } }
    }

    /// Creates a config.
    public init(mode: Mode? = nil, executionType: ExecutionType? = nil) {
        fields = FieldSet()
        self.mode = mode
        self.executionType = executionType
    }
}

/// `ItemReader`: where a distributed Map reads its items (S3 objects, CSV/JSON files, manifests).
public struct ItemReader: FieldSetView {
    /// The fields.
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// `Resource` (e.g. `arn:aws:states:::s3:getObject`, `arn:aws:states:::s3:listObjectsV2`)
    public var resource: TaskResource {
        get { fields.resource(.resource) ?? TaskResource("") }
        set { fields[.resource] = .resource(newValue) }
    }

    /// `ReaderConfig`
    public var readerConfig: ReaderConfig? {
        get { fields.object(.readerConfig).map(ReaderConfig.init(fields:)) }
        set { fields.set(.readerConfig, newValue) { .object($0.fields) } }
    }

    /// `Parameters` (JSONPath)
    public var parameters: PayloadTemplate? {
        get { fields.template(.parameters) }
        set { fields.set(.parameters, newValue, FieldValue.template) }
    }

    /// `Arguments` (JSONata)
    public var arguments: PayloadTemplate? {
        get { fields.template(.arguments) }
        set { fields.set(.arguments, newValue, FieldValue.template) }
    }

    /// Creates a reader.
    public init(
        resource: TaskResource, readerConfig: ReaderConfig? = nil, parameters: PayloadTemplate? = nil,
        arguments: PayloadTemplate? = nil
    ) {
        fields = FieldSet()
        self.resource = resource
        self.readerConfig = readerConfig
        self.parameters = parameters
        self.arguments = arguments
    }
}

/// `ReaderConfig`
public struct ReaderConfig: FieldSetView {
    /// The fields.
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// `InputType`: `CSV`, `JSON`, `JSONL`, `MANIFEST` or `PARQUET`.
    public var inputType: String? {
        get { fields.string(.inputType) }
        set { fields.set(.inputType, newValue, FieldValue.string) }
    }

    /// `CSVHeaderLocation`: `FIRST_ROW` or `GIVEN`.
    public var csvHeaderLocation: String? {
        get { fields.string(.csvHeaderLocation) }
        set { fields.set(.csvHeaderLocation, newValue, FieldValue.string) }
    }

    /// `CSVHeaders` (with `GIVEN`)
    public var csvHeaders: DynamicValue<[String]>? {
        get { fields.dynamicStrings(.csvHeaders) }
        set { fields.set(.csvHeaders, newValue, FieldValue.dynamicStrings) }
    }

    /// `CSVDelimiter`: `COMMA`, `PIPE`, `SEMICOLON`, `SPACE` or `TAB`.
    public var csvDelimiter: String? {
        get { fields.string(.csvDelimiter) }
        set { fields.set(.csvDelimiter, newValue, FieldValue.string) }
    }

    /// `ManifestType`: `S3_INVENTORY` or `ATHENA_DATA`.
    public var manifestType: String? {
        get { fields.string(.manifestType) }
        set { fields.set(.manifestType, newValue, FieldValue.string) }
    }

    /// `MaxItems`
    public var maxItems: DynamicValue<Int>? {
        get { fields.dynamicInteger(.maxItems) }
        set { fields.set(.maxItems, newValue, FieldValue.dynamicInteger) }
    }

    /// `MaxItemsPath`
    public var maxItemsPath: JSONPath? {
        get { fields.path(.maxItemsPath) }
        set { fields.set(.maxItemsPath, newValue, FieldValue.path) }
    }

    /// Creates a reader config.
    public init(
        inputType: String? = nil, csvHeaderLocation: String? = nil, csvHeaders: DynamicValue<[String]>? = nil,
        csvDelimiter: String? = nil, manifestType: String? = nil, maxItems: DynamicValue<Int>? = nil,
        maxItemsPath: JSONPath? = nil
    ) {
        fields = FieldSet()
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
public struct ItemBatcher: FieldSetView {
    /// The fields.
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// `MaxItemsPerBatch`
    public var maxItemsPerBatch: DynamicValue<Int>? {
        get { fields.dynamicInteger(.maxItemsPerBatch) }
        set { fields.set(.maxItemsPerBatch, newValue, FieldValue.dynamicInteger) }
    }

    /// `MaxItemsPerBatchPath`
    public var maxItemsPerBatchPath: JSONPath? {
        get { fields.path(.maxItemsPerBatchPath) }
        set { fields.set(.maxItemsPerBatchPath, newValue, FieldValue.path) }
    }

    /// `MaxInputBytesPerBatch`
    public var maxInputBytesPerBatch: DynamicValue<Int>? {
        get { fields.dynamicInteger(.maxInputBytesPerBatch) }
        set { fields.set(.maxInputBytesPerBatch, newValue, FieldValue.dynamicInteger) }
    }

    /// `MaxInputBytesPerBatchPath`
    public var maxInputBytesPerBatchPath: JSONPath? {
        get { fields.path(.maxInputBytesPerBatchPath) }
        set { fields.set(.maxInputBytesPerBatchPath, newValue, FieldValue.path) }
    }

    /// `BatchInput`: a fixed (or templated) object added to every batch.
    public var batchInput: PayloadTemplate? {
        get { fields.template(.batchInput) }
        set { fields.set(.batchInput, newValue, FieldValue.template) }
    }

    /// Creates a batcher.
    public init(
        maxItemsPerBatch: DynamicValue<Int>? = nil, maxItemsPerBatchPath: JSONPath? = nil,
        maxInputBytesPerBatch: DynamicValue<Int>? = nil, maxInputBytesPerBatchPath: JSONPath? = nil,
        batchInput: PayloadTemplate? = nil
    ) {
        fields = FieldSet()
        self.maxItemsPerBatch = maxItemsPerBatch
        self.maxItemsPerBatchPath = maxItemsPerBatchPath
        self.maxInputBytesPerBatch = maxInputBytesPerBatch
        self.maxInputBytesPerBatchPath = maxInputBytesPerBatchPath
        self.batchInput = batchInput
    }
}

/// `ResultWriter`: where a distributed Map writes its results.
public struct ResultWriter: FieldSetView {
    /// The fields.
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// `Resource` (`arn:aws:states:::s3:putObject`)
    public var resource: TaskResource? {
        get { fields.resource(.resource) }
        set { fields.set(.resource, newValue, FieldValue.resource) }
    }

    /// `Parameters` (JSONPath)
    public var parameters: PayloadTemplate? {
        get { fields.template(.parameters) }
        set { fields.set(.parameters, newValue, FieldValue.template) }
    }

    /// `Arguments` (JSONata)
    public var arguments: PayloadTemplate? {
        get { fields.template(.arguments) }
        set { fields.set(.arguments, newValue, FieldValue.template) }
    }

    /// `WriterConfig`
    public var writerConfig: WriterConfig? {
        get { fields.object(.writerConfig).map(WriterConfig.init(fields:)) }
        set { fields.set(.writerConfig, newValue) { .object($0.fields) } }
    }

    /// Creates a writer.
    public init(
        resource: TaskResource? = nil, parameters: PayloadTemplate? = nil, arguments: PayloadTemplate? = nil,
        writerConfig: WriterConfig? = nil
    ) {
        fields = FieldSet()
        self.resource = resource
        self.parameters = parameters
        self.arguments = arguments
        self.writerConfig = writerConfig
    }
}

/// `WriterConfig`
public struct WriterConfig: FieldSetView {
    /// The fields.
    public var fields: FieldSet

    /// A view of `fields`.
    public init(fields: FieldSet) { self.fields = fields }

    /// `OutputType`: `JSON` or `JSONL`.
    public var outputType: String? {
        get { fields.string(.outputType) }
        set { fields.set(.outputType, newValue, FieldValue.string) }
    }

    /// `Transformation`: `NONE`, `COMPACT` or `FLATTEN`.
    public var transformation: String? {
        get { fields.string(.transformation) }
        set { fields.set(.transformation, newValue, FieldValue.string) }
    }

    /// Creates a writer config.
    public init(outputType: String? = nil, transformation: String? = nil) {
        fields = FieldSet()
        self.outputType = outputType
        self.transformation = transformation
    }
}
