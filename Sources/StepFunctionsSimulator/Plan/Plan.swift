import JSONCore
import StepFunctionsCompiler
import StepFunctionsModel

/// A definition compiled once per ``Simulator``: every graph and state held by reference, with
/// successors resolved to indices, each state's effective query language and whether it reads the
/// context object, and each Task's parsed resource.
///
/// Stepping through states then retains one reference per state instead of copying the model's
/// `State` enum and hashing its name.
final class Plan: Sendable {
    /// The definition compiled.
    let definition: StateMachineDefinition
    /// The top-level states.
    let root: GraphPlan
    /// Every Task state, by ``TaskPlan/id`` (handlers are bound per task, see ``HandlerBindings``).
    let tasks: [TaskPlan]
    /// Every graph, by ``GraphPlan/id`` (the top level, Parallel branches, Map processors).
    let graphs: [GraphPlan]
    /// Whether some state reads the context object (`$$`, `$states.context`).
    let readsContext: Bool
    /// Each Task resource's parsed ARN.
    let resources: [String: ResourceInfo]
    /// Every `{% %}` expression, compiled.
    let expressions: JSONataExpressions
    /// By ``TaskPlan/id``: where the execution counts the task's calls (mocks and recorded details
    /// answer by call number per state name): the id of the first task of that name.
    let callSlots: [Int]
    /// The bindings of a simulator without handlers or mocks, and the Task resources as
    /// `TaskScheduled` events show them, for the region last asked for: simulators sharing the plan
    /// (test cases sharing a definition) share them, instead of making a resource object per Task
    /// each time a simulator is made or given its mocks.
    private let bound = Locked<(region: String, scheduled: [ScheduledResource], plain: HandlerBindings?)?>(nil)

    init(_ definition: StateMachineDefinition) {
        var builder = Builder(language: definition.defaultQueryLanguage)
        // Only its states and `StartAt` are read.
        root = builder.graph(definition.graphReadingFields)
        self.definition = definition
        tasks = builder.tasks
        graphs = builder.graphs
        readsContext = builder.readsContext
        resources = builder.resources
        expressions = JSONataExpressions(builder.expressions)
        var first: [String: Int] = [:]
        callSlots = builder.tasks.map { t in
            if let slot = first[t.name] { return slot }
            first[t.name] = t.id
            return t.id
        }
    }

    /// Each Task's resource with the region its `TaskScheduled` events show (the ARN's, else `region`).
    func scheduled(region: String) -> [ScheduledResource] {
        if let held = bound.withLock({ b in b?.region == region ? b?.scheduled : nil }) { return held }
        let made = tasks.map { ScheduledResource(info: $0.info, region: $0.info.region ?? region) }
        bound.withLock { $0 = (region, made, nil) }
        return made
    }

    /// The bindings of a simulator without handlers, mocks or activities, in `region`.
    func plainBindings(region: String) -> HandlerBindings {
        if let held = bound.withLock({ b in b?.region == region ? b?.plain : nil }) { return held }
        let made = HandlerBindings(plan: self, stateHandlers: [:], resourceHandlers: [:], mocks: nil, region: region)
        bound.withLock { b in
            if b?.region == region { b?.plain = made } else { b = (region, made.scheduled, made) }
        }
        return made
    }

    /// The resource `resource` names, taken apart once per process: definitions repeat a few ARNs,
    /// and taking one apart costs thousands of instructions (an immutable object, shared by plans).
    static func resourceInfo(_ resource: TaskResource) -> ResourceInfo {
        knownResources.value(for: resource.arn) { ResourceInfo(resource) }
    }

    /// The resources taken apart, by ARN (bounded, as the plans' own cache is).
    private static let knownResources = TextKeyedCache<ResourceInfo>(capacity: 4096, byteCapacity: 4 << 20)

    /// Builds the plans depth first: nested graphs before the state holding them.
    private struct Builder {
        let language: QueryLanguage
        var tasks: [TaskPlan] = []
        var graphs: [GraphPlan] = []
        var readsContext = false
        var resources: [String: ResourceInfo] = [:]
        /// Every `{% %}` expression met.
        var expressions: [JSONataExpression] = []

        mutating func graph(_ graph: StateGraph) -> GraphPlan {
            var missing: [String] = []
            // Taken out of the graph's fields once (each `graph.states` looks the field up and copies it).
            let list = graph.states
            func target(_ name: String) -> Int {
                if let i = list.position(of: name) { return i }
                if let k = missing.firstIndex(of: name) { return -1 - k }
                missing.append(name)
                return -missing.count
            }
            var states: [StatePlan] = []
            states.reserveCapacity(list.count)
            for entry in list {
                let state = entry.state
                let jsonata = (state.queryLanguage ?? language) == .jsonata
                // Whether the state reads `$$` / `$states.context`: found in its parsed paths and
                // intrinsic calls and its expressions' text, by walking its fields (not its nested states').
                var usage = ContextUsage(jsonata: jsonata)
                usage.scan(state.fields)
                if usage.reads { readsContext = true }
                expressions += usage.expressions
                // Read once: the Pass plan and the state plan both take it.
                let common = state.common
                let body: StatePlan.Body
                switch state {
                case .task(let t):
                    let info = resources[t.resource.arn] ?? Plan.resourceInfo(t.resource)
                    resources[t.resource.arn] = info
                    let plan = TaskPlan(id: tasks.count, name: entry.name, state: t, info: info, jsonata: jsonata)
                    tasks.append(plan)
                    body = .task(plan)
                case .pass(let p): body = .pass(PassPlan(p, common: common, jsonata: jsonata))
                case .choice(let c):
                    body = .choice(
                        ChoicePlan(state: c, targets: c.choices.map { target($0.next) }, default: c.default.map(target))
                    )
                case .wait(let w): body = .wait(Boxed(w.duration))
                case .succeed: body = .succeed
                case .fail(let f): body = .fail(Boxed(f))
                case .parallel(let p):
                    let branches = p.branches.map { self.graph($0) }
                    body = .parallel(ParallelPlan(state: p, branches: branches))
                case .map(let m):
                    body = .map(MapPlan(state: m, processor: self.graph(m.itemProcessor.graph)))
                }
                states.append(
                    StatePlan(
                        name: entry.name, type: state.type, jsonata: jsonata, readsContext: usage.reads,
                        common: common, next: state.transition?.nextState.map(target),
                        catchTargets: state.catch.map { target($0.next) }, body: body))
            }
            let waits = states.contains { state in
                switch state.body {
                case .task(let t): return t.info.pattern == .waitForTaskToken
                case .parallel(let p): return p.branches.contains(where: \.mayWaitForCallback)
                case .map(let m): return m.processor.mayWaitForCallback
                default: return false
                }
            }
            let plan = GraphPlan(
                id: graphs.count, startAt: graph.startAt, start: target(graph.startAt), states: states,
                missing: missing,
                mayWaitForCallback: waits)
            graphs.append(plan)
            return plan
        }
    }
}

/// A graph's states by index: the top level, a Parallel branch or a Map processor.
final class GraphPlan: Sendable {
    /// The index in ``Plan/graphs``.
    let id: Int
    /// `StartAt`
    let startAt: String
    /// The first state, as a target index (see ``state(_:)``).
    let start: Int
    /// The states, in declaration order.
    let states: [StatePlan]
    /// Names that transitions mention but no state has (a definition built in code without validation).
    let missing: [String]
    /// Whether a Task here (or in a nested graph) waits for a callback token (it may block on the test).
    let mayWaitForCallback: Bool

    init(id: Int, startAt: String, start: Int, states: [StatePlan], missing: [String], mayWaitForCallback: Bool) {
        self.id = id
        self.startAt = startAt
        self.start = start
        self.states = states
        self.missing = missing
        self.mayWaitForCallback = mayWaitForCallback
    }

    /// The state a target index names; a negative target is a missing name, which fails the run.
    func state(_ target: Int) throws(StateFailure) -> StatePlan {
        if target >= 0 { return states[target] }
        throw StateFailure(
            error: StatesError.runtime, cause: "The state '\(missing[-1 - target])' does not exist", kind: .runtime)
    }
}

/// One state, ready to run.
final class StatePlan: Sendable {
    /// The state's name.
    let name: String
    /// Its `Type`.
    let type: StateType
    /// Its `*StateEntered` event type.
    let entered: HistoryEventType
    /// Its `*StateExited` event type.
    let exited: HistoryEventType
    /// Whether its effective query language is JSONata.
    let jsonata: Bool
    /// Whether it reads the context object (only then is it built).
    let readsContext: Bool
    /// `Comment`, `QueryLanguage`, `InputPath`, `OutputPath`, `Output` and `Assign`, read once.
    let common: CommonFields
    /// `Next` as a target index (nil: `End`, or a state without a transition).
    let next: Int?
    /// Each `Catch` entry's `Next` as a target index.
    let catchTargets: [Int]
    /// The type's own fields.
    let body: Body

    /// A state's type-specific part, read once from the model and held by reference, so that running
    /// it neither copies nor looks up fields.
    enum Body: Sendable {
        case task(TaskPlan)
        case pass(PassPlan)
        case choice(ChoicePlan)
        case wait(Boxed<WaitDuration>)
        case succeed
        case fail(Boxed<FailState>)
        case parallel(ParallelPlan)
        case map(MapPlan)
    }

    init(
        name: String, type: StateType, jsonata: Bool, readsContext: Bool, common: CommonFields, next: Int?,
        catchTargets: [Int], body: Body
    ) {
        self.name = name
        self.type = type
        self.entered = StatePlan.enteredType(type)
        self.exited = StatePlan.exitedType(type)
        self.jsonata = jsonata
        self.readsContext = readsContext
        self.common = common
        self.next = next
        self.catchTargets = catchTargets
        self.body = body
    }

    static func enteredType(_ type: StateType) -> HistoryEventType {
        switch type {
        case .task: return .taskStateEntered
        case .pass: return .passStateEntered
        case .choice: return .choiceStateEntered
        case .wait: return .waitStateEntered
        case .succeed: return .succeedStateEntered
        case .fail: return .failStateEntered
        case .parallel: return .parallelStateEntered
        case .map: return .mapStateEntered
        }
    }

    static func exitedType(_ type: StateType) -> HistoryEventType {
        switch type {
        case .task: return .taskStateExited
        case .pass: return .passStateExited
        case .choice: return .choiceStateExited
        case .wait: return .waitStateExited
        case .succeed: return .succeedStateExited
        case .fail: return .executionFailed
        case .parallel: return .parallelStateExited
        case .map: return .mapStateExited
        }
    }
}

/// A model value held by reference.
final class Boxed<Value: Sendable>: Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A Task state with its parsed resource and its fields read once.
final class TaskPlan: Sendable {
    /// The index in ``Plan/tasks``.
    let id: Int
    /// The state's name (handlers and mocks are bound by it).
    let name: String
    let info: ResourceInfo
    let parameters: PayloadTemplate?
    let arguments: PayloadTemplate?
    let resultSelector: PayloadTemplate?
    let resultPath: NullablePath?
    let credentials: PayloadTemplate?
    let timeoutSeconds: DynamicValue<Int>?
    let timeoutSecondsPath: JSONPath?
    let heartbeatSeconds: DynamicValue<Int>?
    let heartbeatSecondsPath: JSONPath?
    let retry: [Retrier]
    let `catch`: [Catcher]
    /// Whether it sets `TimeoutSeconds(Path)` or `HeartbeatSeconds(Path)`.
    let hasTimeouts: Bool
    /// A JSONPath Task without data-flow fields: its input is the call's parameters, its result
    /// its output.
    let isPlain: Bool

    init(id: Int, name: String, state: TaskState, info: ResourceInfo, jsonata: Bool) {
        self.id = id
        self.name = name
        self.info = info
        parameters = state.parameters
        arguments = state.arguments
        resultSelector = state.resultSelector
        resultPath = state.resultPath
        credentials = state.credentials
        timeoutSeconds = state.timeoutSeconds
        timeoutSecondsPath = state.timeoutSecondsPath
        heartbeatSeconds = state.heartbeatSeconds
        heartbeatSecondsPath = state.heartbeatSecondsPath
        retry = state.retry
        self.catch = state.catch
        hasTimeouts =
            state.timeoutSeconds != nil || state.timeoutSecondsPath != nil || state.heartbeatSeconds != nil
            || state.heartbeatSecondsPath != nil
        let c = state.common
        isPlain =
            !jsonata && c.inputPath == nil && c.outputPath == nil && c.assign == nil && state.parameters == nil
            && state.resultSelector == nil && state.resultPath == nil && state.credentials == nil
    }
}

/// A Pass state's fields, read once.
final class PassPlan: Sendable {
    let parameters: PayloadTemplate?
    let result: JSONValue?
    let resultPath: NullablePath?
    /// Whether the state only places its `Result` (or its input) at its `ResultPath`: a JSONPath
    /// Pass without `Parameters`, `InputPath`, `OutputPath`, `Assign` or `Output` (the commonest
    /// state of all), which runs without the template's data flow (``Engine/runPlacingPass(_:_:input:flow:)``).
    let placesOnly: Bool
    /// The member `name` of a `ResultPath` of `$.name` (nil for any other `ResultPath`).
    let resultMember: String?

    init(_ state: PassState, common: CommonFields, jsonata: Bool) {
        parameters = state.parameters
        result = state.result
        resultPath = state.resultPath
        placesOnly =
            !jsonata && state.parameters == nil && common.inputPath == nil && common.outputPath == nil
            && common.assign == nil && common.output == nil
        if case .path(let path)? = state.resultPath, path.root == .input, path.segments.count == 1,
            case .member(let name) = path.segments[0]
        {
            resultMember = name
        } else {
            resultMember = nil
        }
    }
}

/// A Choice state with its rules' targets resolved.
final class ChoicePlan: Sendable {
    let choices: [ChoiceRule]
    /// Each rule's `Next` as a target index.
    let targets: [Int]
    /// `Default` as a target index.
    let `default`: Int?

    init(state: ChoiceState, targets: [Int], default: Int?) {
        choices = state.choices
        self.targets = targets
        self.default = `default`
    }
}

/// A Parallel state with its branches compiled and its fields read once.
final class ParallelPlan: Sendable {
    let branches: [GraphPlan]
    let parameters: PayloadTemplate?
    let arguments: PayloadTemplate?
    let resultSelector: PayloadTemplate?
    let resultPath: NullablePath?
    let retry: [Retrier]
    let `catch`: [Catcher]

    init(state: ParallelState, branches: [GraphPlan]) {
        self.branches = branches
        parameters = state.parameters
        arguments = state.arguments
        resultSelector = state.resultSelector
        resultPath = state.resultPath
        retry = state.retry
        self.catch = state.catch
    }
}

/// A Map state with its item processor compiled and its fields read once.
final class MapPlan: Sendable {
    let processor: GraphPlan
    let isDistributed: Bool
    let itemsPath: JSONPath?
    let items: PayloadTemplate?
    /// `ItemSelector`, or its legacy name `Parameters`.
    let itemSelector: PayloadTemplate?
    let itemReader: ItemReader?
    let itemBatcher: ItemBatcher?
    let resultWriter: ResultWriter?
    let resultSelector: PayloadTemplate?
    let resultPath: NullablePath?
    let maxConcurrency: DynamicValue<Int>?
    let maxConcurrencyPath: JSONPath?
    let toleratedFailureCount: DynamicValue<Int>?
    let toleratedFailureCountPath: JSONPath?
    let toleratedFailurePercentage: DynamicValue<Double>?
    let toleratedFailurePercentagePath: JSONPath?
    let label: String?
    let retry: [Retrier]
    let `catch`: [Catcher]

    init(state m: MapState, processor: GraphPlan) {
        self.processor = processor
        isDistributed = m.isDistributed
        itemsPath = m.itemsPath
        items = m.items
        itemSelector = m.itemSelector ?? m.parameters
        itemReader = m.itemReader
        itemBatcher = m.itemBatcher
        resultWriter = m.resultWriter
        resultSelector = m.resultSelector
        resultPath = m.resultPath
        maxConcurrency = m.maxConcurrency
        maxConcurrencyPath = m.maxConcurrencyPath
        toleratedFailureCount = m.toleratedFailureCount
        toleratedFailureCountPath = m.toleratedFailureCountPath
        toleratedFailurePercentage = m.toleratedFailurePercentage
        toleratedFailurePercentagePath = m.toleratedFailurePercentagePath
        label = m.label
        retry = m.retry
        self.catch = m.catch
    }
}

/// A Task's resource and the region its `TaskScheduled` event shows (the ARN's, else the
/// simulator's): what the event stores, by reference.
@usableFromInline
final class ScheduledResource: Sendable {
    @usableFromInline let info: ResourceInfo
    @usableFromInline let region: String

    init(info: ResourceInfo, region: String) {
        self.info = info
        self.region = region
    }
}

/// A Task handler as registered: one that may suspend, or a synchronous one that cannot.
enum BoundHandler: Sendable {
    case async(TaskHandler)
    case sync(SynchronousTaskHandler)
}

/// The handlers of a simulator bound to its plan's Task states, and which graphs may suspend for
/// real (wait on something outside virtual time). Rebuilt whenever handlers or mocks change.
final class HandlerBindings: Sendable {
    /// Each Task's handler (the state's, else its resource's), by ``TaskPlan/id``.
    let handlers: [BoundHandler?]
    /// By ``GraphPlan/id``: whether running the graph may suspend for real: an asynchronous
    /// handler, a callback or `.sync` task without a handler or mock, or a child execution. Graphs
    /// that cannot (and a virtual clock) let a Parallel or Map run their branches in the current
    /// task with the same result and history as running them concurrently.
    let graphMaySuspend: [Bool]
    /// Each Task's resource with the region its `TaskScheduled` events show, by ``TaskPlan/id``.
    let scheduled: [ScheduledResource]
    /// Each Task's mocked responses (empty: none), by ``TaskPlan/id``: a call finds its answer
    /// without hashing the state's name.
    let mocked: [[MockResponse]]
    /// What is wrong with the state handlers and mocked responses that answer no Task state of the
    /// plan (a misspelt name, a state of another workflow, a Pass state), one line each, sorted:
    /// a strict run stops on them (``Simulator/Options/strict``).
    let unusedAnswers: [String]

    init(
        plan: Plan, stateHandlers: [String: BoundHandler], resourceHandlers: [String: BoundHandler],
        mocks: MockedResponses?, region: String, activities: Bool = false
    ) {
        scheduled = plan.scheduled(region: region)
        unusedAnswers = HandlerBindings.unusedAnswers(
            plan, handlers: Array(stateHandlers.keys), mocks: mocks.map { Array($0.byState.keys) } ?? [])
        var handlers: [BoundHandler?] = []
        handlers.reserveCapacity(plan.tasks.count)
        // Empty tables (a run with mocks only) are not asked: asking hashes the name first.
        let byState = !stateHandlers.isEmpty
        let byResource = !resourceHandlers.isEmpty
        for t in plan.tasks {
            handlers.append(
                (byState ? stateHandlers[t.name] : nil) ?? (byResource ? resourceHandlers[t.info.resource.arn] : nil))
        }
        self.handlers = handlers
        var lists = [[MockResponse]](repeating: [], count: plan.tasks.count)
        if let mocks, !mocks.byState.isEmpty {
            if mocks.byState.count * plan.tasks.count <= 1_024 {
                // A few names (a case's mocks): compared with the tasks' directly, without hashing each.
                for (name, list) in mocks.byState {
                    for t in plan.tasks where t.name == name { lists[t.id] = list }
                }
            } else {
                for t in plan.tasks { lists[t.id] = mocks.byState[t.name] ?? [] }
            }
        }
        mocked = lists
        let mocked = self.mocked
        // Graphs were built depth first, so nested graphs come before the graphs holding them.
        var suspends = [Bool](repeating: false, count: plan.graphs.count)
        for graph in plan.graphs {
            suspends[graph.id] = graph.states.contains { state in
                switch state.body {
                case .task(let t):
                    switch handlers[t.id] {
                    case .async?: return true
                    case .sync?: return false
                    case nil:
                        if !mocked[t.id].isEmpty { return false }
                        if t.info.isStartExecution { return true }
                        if activities, case .activity = t.info.kind { return true }
                        return t.info.pattern != .requestResponse
                    }
                case .parallel(let p): return p.branches.contains { suspends[$0.id] }
                case .map(let m): return suspends[m.processor.id]
                default: return false
                }
            }
        }
        graphMaySuspend = suspends
    }

    /// One line per handler or mocked response whose state name answers no Task state of `plan`.
    static func unusedAnswers(_ plan: Plan, handlers: [String], mocks: [String]) -> [String] {
        // Nothing to check (most simulators): no set or table of the plan's states built per simulator.
        if handlers.isEmpty && mocks.isEmpty { return [] }
        // Answers that all name Task states (the usual case) need no table either: a few names are
        // looked for among the plan's tasks directly.
        if (handlers.count + mocks.count) * plan.tasks.count <= 1_024
            && handlers.allSatisfy({ name in plan.tasks.contains { $0.name == name } })
            && mocks.allSatisfy({ name in plan.tasks.contains { $0.name == name } })
        {
            return []
        }
        let tasks = Set(plan.tasks.map(\.name))
        var types: [String: StateType] = [:]
        for graph in plan.graphs { for state in graph.states { types[state.name] = state.type } }
        var lines: [String] = []
        for (names, what) in [(handlers, "a handler"), (mocks, "a mocked response")] {
            for name in names.sorted() where !tasks.contains(name) {
                if let type = types[name] {
                    lines.append("\(what) answers '\(name)', a \(type.rawValue) state: only Task states call one")
                } else {
                    var line = "\(what) answers '\(name)', but the workflow has no state of that name"
                    if let near = Suggestions.closest(to: name, in: tasks.sorted()) {
                        line += " (did you mean '\(near)'?)"
                    }
                    lines.append(line)
                }
            }
        }
        return lines
    }
}

/// What one state's own fields say about the context object and JSONata: whether any of them reads
/// `$$` (a JSONPath or an intrinsic call's argument rooted at the context) or `$states.context` (a
/// JSONata expression naming it, or `$states` as a whole), and every `{% %}` expression in them
/// (found by ``FieldReferences``, which walks the fields as the schema describes them).
struct ContextUsage {
    /// Whether the state's language is JSONata (only JSONata expressions can read `$states`).
    let jsonata: Bool
    private(set) var reads = false
    private(set) var expressions: [JSONataExpression] = []

    init(jsonata: Bool) { self.jsonata = jsonata }

    mutating func scan(_ fields: FieldSet) {
        var reads = self.reads
        var expressions = self.expressions
        let jsonata = self.jsonata
        FieldReferences.visit(
            fields, path: { if $0.root == .context { reads = true } },
            expression: { e in
                expressions.append(e)
                if jsonata && Simulator.mentionsStatesContext(e.source) { reads = true }
            })
        self.reads = reads
        self.expressions = expressions
    }
}
