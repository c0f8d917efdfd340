import Foundation
import JSONCore
import StepFunctionsModel

/// One execution path's running state: its events, its logical "now" and its randomness.
///
/// Each Parallel branch and Map iteration gets its own flow, so concurrent paths share nothing
/// mutable; a Parallel or Map ends at the latest of its branches' clocks.
struct Flow: Sendable {
    var log: EventLog
    /// Whether this flow is a Parallel branch (an uncaught Task failure then records `TaskStateAborted`).
    var inParallelBranch = false
    var now: Date
    let random: RandomSource
    /// The id the current state's entered event had (for runtime error causes).
    var enteredId = 0
    /// The event the current state's entered event followed (`EvaluationFailed` follows it too).
    var enteredPrevious = 0
    /// A state a redrive continues: the history's id of the entered event it keeps (nil otherwise).
    var enteredAbsolute: Int? = nil
    /// A Parallel or Map a redrive continues: its latest attempt, which the state takes as it starts.
    var compoundResume: CompoundResume? = nil
    /// The workflow variables this path sees.
    var variables = Variables()
    /// The task calls this path made (a Parallel's or Map's branches are appended in index order).
    var calls: [RecordedTaskCall] = []
    /// The states this path has entered (see ``Simulator/Options/transitionLimit``).
    var transitions = 0
    /// Where the state template's steps are recorded, when someone asked (TestState).
    var inspection: Inspection? = nil
    /// The last output this path checked against the payload size quota, with its size bound; after
    /// a Parallel, its branches' last outputs too. The next check takes their bounds instead of
    /// walking them again: a state passing its input on, or a Parallel whose output holds its
    /// branches', nested as deep as the states (``Engine/exceeds(_:limit:flow:)``).
    var sized: SizedValue? = nil
    var sizedBranches: [SizedValue] = []
}

/// A value whose size bound (``Engine/exceeds(_:limit:flow:)``) is known, and the identity of its
/// storage. The value is held, so its storage stays its own: storage found at the same address is
/// this value's (a change to it would copy it first).
struct SizedValue: Sendable {
    let value: JSONValue
    let bound: Int
    let first: UInt, second: UInt

    init?(_ value: JSONValue, bound: Int) {
        guard let (first, second) = SizedValue.identity(value) else { return nil }
        self.value = value
        self.bound = bound
        self.first = first
        self.second = second
    }

    /// Where an array's or an object's storage is (nil for other values and empty ones, which are
    /// cheap to walk).
    @inline(__always)
    static func identity(_ value: borrowing JSONValue) -> (UInt, UInt)? {
        switch value {
        case .array(let a):
            guard !a.isEmpty else { return nil }
            return (a.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }, 0)
        case .object(let o):
            guard !o.isEmpty else { return nil }
            return (
                o.keys.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) },
                o.values.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
            )
        default: return nil
        }
    }
}

/// Where a state sends the execution next.
enum Outcome: Sendable {
    /// To the state at this target index of the graph (see ``GraphPlan/state(_:)``).
    case next(Int, JSONValue)
    case end(JSONValue)
}

/// Runs one execution. Shared read-only by every flow of the execution; mutable parts are behind locks.
final class Engine: Sendable {
    let plan: Plan
    /// The simulator's options, handlers and mocks.
    let setup: Simulator.Setup
    /// The tokens of `.waitForTaskToken` tasks (their state is in ``shared``).
    let callbacks: CallbackRegistry
    /// What the execution's flows count and collect together, behind one lock: with the callbacks'
    /// state and the main flow's random generator, the execution's only lock (each lock made and
    /// freed cost ~500 instructions a run).
    let shared: Locked<Shared>
    let startDate: Date
    let deadline: Date
    /// When a virtual-time run stops and reports `RUNNING` (``Simulator/Options/horizon``).
    let horizon: Date?
    /// The history event limit that applies: AWS's for STANDARD executions, the simulator's memory
    /// guard for EXPRESS ones that record their history (``Simulator/Options/expressHistoryEventLimit``).
    let historyEventLimit: Int?
    /// Whether someone can answer a `.waitForTaskToken` callback: a test holding the
    /// ``RunningExecution`` of ``Simulator/start(input:inputText:)``. After ``Simulator/run(input:)``
    /// nobody can, so an unanswered callback runs into its timeout at once instead of hanging.
    let callbacksAnswerable: Bool
    /// The context object's `StateMachine` member.
    let stateMachineContext: JSONValue
    /// The definition's `{% %}` expressions, compiled.
    var expressions: JSONataExpressions { plan.expressions }

    /// Who watches the run as it goes (a server showing a running execution).
    let observer: ExecutionObserver?
    /// What a TestState run changes (nil for an execution): one attempt, mocked Map and Parallel
    /// results, the given context object.
    let testState: TestStateSettings?
    /// A redrive: the execution so far and where its paths pick up (nil for a new execution).
    let redrive: Redrive?

    /// What a redriven run continues.
    struct Redrive: Sendable {
        /// The history so far (the new events follow it).
        var history: [HistoryEvent]
        /// The execution input.
        var input: JSONValue
        /// Where the main flow picks up.
        var main: PathResume
        /// The redrive's number (1 for the first) and when it happens.
        var count: Int
        var date: Date
    }

    init(
        simulator: Simulator, callbacksAnswerable: Bool = false, observer: ExecutionObserver? = nil,
        testState: TestStateSettings? = nil, redrive: Redrive? = nil, startedAt: Date? = nil
    ) {
        let shared = Locked(Shared())
        self.shared = shared
        callbacks = CallbackRegistry(sharing: shared)
        self.callbacksAnswerable = callbacksAnswerable
        self.observer = observer
        self.testState = testState
        self.redrive = redrive
        plan = simulator.plan
        let setup = simulator.setup
        self.setup = setup
        // The options are read where they are: a copy of them (a score of fields, eight strings)
        // cost more than the rest of making the engine.
        let start =
            startedAt ?? setup.options.startDate
            ?? (setup.options.clock == .virtual ? Date(timeIntervalSince1970: 1_767_225_600) : Date())
        startDate = start
        // Beyond TimeoutSeconds, AWS caps a STANDARD execution at one year and an EXPRESS one at five minutes.
        // TestState runs a state for up to five minutes, as an EXPRESS execution.
        let cap: Double = setup.options.stateMachineType == .express || testState != nil ? 300 : 365 * 86_400
        // A redrive restarts the state machine's TimeoutSeconds (AWS resets it to 0); the one-year
        // limit still counts from the start.
        let clockStart = redrive?.date ?? start
        deadline = min(
            start.addingTimeInterval(cap),
            clockStart.addingTimeInterval(min(cap, plan.definition.timeoutSeconds.map(Double.init) ?? cap)))
        horizon =
            setup.options.clock == .virtual ? setup.options.horizon.map { clockStart.addingTimeInterval($0) } : nil
        historyEventLimit =
            setup.options.stateMachineType == .standard
            ? setup.options.historyEventLimit
            : (setup.options.recordHistory ? setup.options.expressHistoryEventLimit : nil)
        stateMachineContext =
            plan.readsContext
            ? .object([
                "Id": .string(setup.options.stateMachineArn), "Name": .string(setup.options.stateMachineName),
            ])
            : .null
    }

    /// The mutable state an execution's flows share.
    struct Shared {
        /// Calls made so far per Task state (mocks and recorded details answer by call number), by
        /// ``Plan/callSlots`` (empty until the first call).
        var callCounts: [Int] = []
        /// Objects written by ResultWriters during the run.
        var resultWrites: [(ItemStore.Key, String)] = []
        /// The distributed Map Runs that ended, in order.
        var mapRuns: [MapRunReport] = []
        /// The child executions of those Map Runs, in the same order.
        var mapRunChildren: [MapRunChildren] = []
        /// The callbacks' tokens and waiters (``CallbackRegistry``), made at the first use (its
        /// empty tables cost ~450 instructions a run, and few runs have callbacks).
        var callbacks: CallbackRegistry.State? = nil
        /// The main flow's random generator (``RandomSource/init(seed:sharing:)``).
        var random = SplitMix64(seed: 0)
    }

    // MARK: Execution

    /// Runs the execution; `unshare`: on an input of its own (``unshared(_:)``), for callers whose
    /// input other runs may share.
    nonisolated(nonsending) func run(input original: JSONValue, inputText: String?, unshare: Bool = true) async
        -> Execution
    {
        let input = unshare ? Engine.unshared(original) : original
        var execution = JSONObject()
        // The context object is only built when some state reads `$$`.
        if plan.readsContext {
            execution["Id"] = .string(setup.options.executionArn)
            execution["Input"] = input
            execution["StartTime"] = .string(Timestamp.contextFormat(startDate))
            execution["Name"] = .string(setup.options.executionName)
            execution["RoleArn"] = .string(setup.roleArn)
            let options = setup.options
            if options.stateMachineType == .standard {
                execution["RedriveCount"] = .int(options.redriveCount)
                if options.redriveCount > 0 {
                    execution["RedriveTime"] = .string(Timestamp.contextFormat(options.redriveDate ?? startDate))
                }
            }
        }
        // Without `$$` readers every run's context is the same empty one (not an object each).
        let context =
            plan.readsContext
            ? ExecutionContext(execution: .object(execution), stateMachine: stateMachineContext)
            : ExecutionContext.unread

        var flow = Flow(
            log: EventLog.root(record: setup.options.recordHistory), now: startDate,
            random: RandomSource(seed: setup.options.seed, sharing: shared))
        // Set only when someone watches: setting it (even to nil) makes the log a box of extras.
        if let observer { flow.log.sink = observer.history }
        let inputField: EventField = inputText.map { .text($0) } ?? .payload(input)
        flow.log.add(
            .executionStarted,
            [
                ("input", inputField), ("inputDetails", EventField.notTruncated),
                ("roleArn", .value(.string(setup.roleArn))),
            ],
            at: startDate)
        flow.log.last = 0
        return await conclude(flow: &flow, input: input, inputText: inputText, context: context, resume: nil)
    }

    /// Continues an unsuccessful execution (``redrive``): `ExecutionRedriven`, then each path from
    /// where it stopped, with the same input, `$$.Execution.RedriveCount` and `RedriveTime`.
    func runRedrive() async -> Execution {
        guard let redrive else { return await run(input: .object(JSONObject()), inputText: nil) }
        let input = redrive.input
        var execution = JSONObject()
        if plan.readsContext {
            execution["Id"] = .string(setup.options.executionArn)
            execution["Input"] = input
            execution["StartTime"] = .string(Timestamp.format(startDate))
            execution["Name"] = .string(setup.options.executionName)
            execution["RoleArn"] = .string(setup.roleArn)
            execution["RedriveCount"] = .int(redrive.count)
            execution["RedriveTime"] = .string(Timestamp.format(redrive.date))
        }
        let context = ExecutionContext(execution: .object(execution), stateMachine: stateMachineContext)
        // Each redrive draws its own task tokens and ids, reproducibly.
        let seed = setup.options.seed &+ UInt64(redrive.count) &* 0x9E37_79B9_7F4A_7C15
        var flow = Flow(log: EventLog(continuing: redrive.history), now: redrive.date, random: RandomSource(seed: seed))
        flow.log.sink = observer?.history
        flow.log.add(.executionRedriven, [("redriveCount", .value(.int(redrive.count)))], at: redrive.date)
        return await conclude(flow: &flow, input: input, inputText: nil, context: context, resume: redrive.main)
    }

    /// Runs the main flow (of a new execution, or from where `resume` says a redriven one stopped)
    /// and records how the execution ended.
    @inline(__always)
    private nonisolated(nonsending) func conclude(
        flow: inout Flow, input: JSONValue, inputText: String?, context: ExecutionContext, resume: PathResume?
    ) async -> Execution {
        var status = ExecutionStatus.succeeded
        var output: JSONValue?
        var error: String?
        var cause: String?
        // Whether the history is only the start (a hang); one place below makes the result (with
        // one per way out, the value was built aside and copied).
        var onlyStart = false
        do throws(StateFailure) {
            let unused = setup.bindings.unusedAnswers
            if setup.options.strict && !unused.isEmpty {
                throw StateFailure(
                    error: "Simulator.UnknownState",
                    cause: "The run is set up wrong: " + unused.joined(separator: "; ")
                        + " (Options.strict = false ignores such answers)", kind: .runtime)
            }
            let result: JSONValue
            if let resume {
                result = try await runGraph(plan.root, input: input, flow: &flow, context: context, resume: resume)
            } else {
                if setup.options.stateMachineType == .express {
                    // AWS rejects these at CreateStateMachine; the simulator refuses to run them.
                    for (arn, info) in plan.resources where info.pattern != .requestResponse {
                        throw StateFailure(
                            error: "Simulator.InvalidDefinition",
                            cause:
                                "EXPRESS state machines do not support the \(info.pattern.rawValue) integration pattern (Resource \(arn))",
                            kind: .runtime)
                    }
                }
                if Engine.exceeds(input, limit: setup.options.payloadSizeLimit, flow: &flow) {
                    throw StateFailure(
                        error: StatesError.dataLimitExceeded,
                        cause:
                            "The input of the execution has a size exceeding the maximum number of bytes service limit.",
                        kind: .runtime)
                }
                // AWS used to echo the input verbatim into the first state's entered event too; it now
                // writes it compact there (ExecutionStarted keeps the text as sent).
                result = try await runGraph(
                    plan.root, input: input, flow: &flow, context: context,
                    firstInputText: setup.options.historyBefore(.firstStateInputCompacted) ? inputText : nil)
            }
            output = result
            flow.log.add(.executionSucceeded, storage: .output(.payload(result)), at: flow.now)
        } catch let failure {
            if failure.kind == .hang || failure.kind == .running {
                // Still running: AWS's history shows what happened so far (for a hang, only the start).
                status = .running
                onlyStart = failure.kind == .hang && redrive == nil
            } else {
                var details: [(key: String, value: EventField)] = []
                if let e = failure.error { details.append(("error", .value(.string(e)))) }
                if let c = failure.cause { details.append(("cause", .value(.string(c)))) }
                error = failure.error
                cause = failure.cause
                switch failure.kind {
                case .executionTimeout:
                    status = .timedOut
                    // DescribeExecution reports no error or cause for a timed-out execution.
                    error = nil
                    cause = nil
                    flow.log.add(.executionTimedOut, details, at: flow.now)
                default:
                    status = .failed
                    flow.log.add(.executionFailed, details, at: flow.now)
                }
            }
        }
        let (writes, mapRuns, children) = shared.withLock { ($0.resultWrites, $0.mapRuns, $0.mapRunChildren) }
        return Execution(
            status: status, output: output, error: error, cause: cause,
            history: onlyStart ? Array(flow.log.events.prefix(1)) : flow.log.events, startDate: startDate,
            stopDate: flow.now, taskCalls: flow.calls,
            objectsWritten: status == .running || writes.isEmpty
                ? [:] : Dictionary(writes, uniquingKeysWith: { _, b in b }),
            mapRuns: mapRuns,
            mapRunChildren: children)
    }

    /// A copy of a small value that shares no storage with the original. Executions of the same
    /// input (a test or benchmark running many at once) then count references on objects of
    /// their own instead of contending for the caller's across cores. Values of more than 256
    /// nodes are used as they are: for them the copy would cost more than it saves.
    static func unshared(_ value: JSONValue) -> JSONValue {
        var budget = 256
        return copy(value, budget: &budget) ?? value
    }

    private static func copy(_ value: JSONValue, budget: inout Int) -> JSONValue? {
        budget -= 1
        guard budget >= 0 else { return nil }
        switch value {
        case .null, .bool, .number: return value
        case .string(let s): return .string(unshared(s))
        case .array(let a):
            var out: [JSONValue] = []
            out.reserveCapacity(a.count)
            for element in a {
                guard let c = copy(element, budget: &budget) else { return nil }
                out.append(c)
            }
            return .array(out)
        case .object(let o):
            var out = JSONObject(minimumCapacity: o.count)
            for i in 0..<o.count {
                let (key, element) = o[position: i]
                guard let c = copy(element, budget: &budget) else { return nil }
                out.append(key: unshared(key), value: c)
            }
            return .object(out)
        }
    }

    /// A string that shares no storage (strings of up to 15 bytes are stored inline anyway).
    private static func unshared(_ s: String) -> String {
        s.utf8.count <= 15 ? s : String(decoding: Array(s.utf8), as: UTF8.self)
    }

    // MARK: Graphs

    /// Runs a graph from `StartAt` (or, redriven, from where `resume` says the path stopped) to its end.
    nonisolated(nonsending) func runGraph(
        _ graph: GraphPlan, input: JSONValue, flow: inout Flow, context: ExecutionContext,
        firstInputText: String? = nil,
        resume: PathResume? = nil
    ) async throws(StateFailure) -> JSONValue {
        var target = graph.start
        var current = input
        var inputText = firstInputText
        var open: OpenState?
        if let resume {
            // The variables the path had assigned are as they were.
            if !resume.assignments.isEmpty {
                try flow.variables.assign(resume.assignments, valueLimit: .max, totalLimit: .max)
            }
            switch resume.start {
            case .fresh: break
            case .next(let t, let value):
                target = t
                current = value
            case .done(let value): return value
            case .open(let o):
                target = o.target
                current = o.input
                open = o
            }
        }
        while true {
            let state = try graph.state(target)
            try checkLimits(&flow, entering: true)
            let enteredTime: Date
            if let o = open {
                // A state the redrive continues keeps its entered event: what it records next follows it.
                open = nil
                enteredTime = o.enteredTime
                flow.compoundResume = o.compound
                let anchor = flow.log.isRoot ? o.enteredId : EventLog.anchor(o.enteredId)
                flow.log.last = anchor
                flow.enteredPrevious = anchor
                flow.enteredId = Int.min
                flow.enteredAbsolute = o.enteredId
            } else {
                enteredTime = flow.now
                flow.enteredPrevious = flow.log.last
                flow.enteredAbsolute = nil
                flow.enteredId = flow.log.entered(
                    state.entered, name: state.name, input: inputText.map { .text($0) } ?? .payload(current),
                    at: flow.now)
            }
            inputText = nil
            let outcome: Outcome
            do throws(StateFailure) {
                if case .pass(let p) = state.body, p.placesOnly, flow.inspection == nil {
                    // The commonest state, run here: no context, no async call.
                    outcome = try runPlacingPass(state, p, input: current, flow: &flow)
                } else {
                    let stateContext = StateContext(execution: context, state: state, enteredTime: enteredTime)
                    outcome = try await runState(state, input: current, flow: &flow, context: stateContext)
                }
            } catch var failure {
                settle(&failure, state: state.name, type: state.type, flow: &flow)
                throw failure
            }
            if flow.now > deadline {
                throw StateFailure(error: StatesError.timeout, cause: nil, kind: .executionTimeout)
            }
            try checkHorizon(flow.now)
            try checkLimits(&flow, entering: false)
            switch consume outcome {
            case .next(let t, let out):
                target = t
                current = out
            case .end(let out):
                return out
            }
        }
    }

    /// Gives a failure of the current state AWS's cause prefix ("An error occurred while executing
    /// the state 'X' (entered at the event id #N).") and, for a JSONata evaluation error, records
    /// `EvaluationFailed`. Safe to call more than once.
    func settle(_ failure: inout StateFailure, state name: String, type: StateType, flow: inout Flow) {
        if failure.needsStatePrefix {
            // TestState has no history to point into: its causes have no prefix.
            if testState == nil {
                failure.cause =
                    "An error occurred while executing the state '\(name)' (entered at the event id #\(flow.enteredAbsolute ?? (flow.log.base + flow.enteredId))). "
                    + (failure.cause ?? "")
            }
            failure.needsStatePrefix = false
        }
        guard var evaluation = failure.evaluation, !evaluation.recorded else { return }
        var details: [(key: String, value: EventField)] = []
        if let c = failure.cause { details.append(("cause", .value(.string(c)))) }
        if let e = failure.error { details.append(("error", .value(.string(e)))) }
        if let l = evaluation.location { details.append(("location", .value(.string(l)))) }
        details.append(("state", .value(.string(name))))
        // AWS links the event to the one before the state's entered event, unless the state already
        // recorded more (or is a Wait, whose event follows the entered one).
        let previous = type != .wait && flow.log.last == flow.enteredId ? flow.enteredPrevious : flow.log.last
        flow.log.add(.evaluationFailed, details, at: flow.now, previous: previous)
        evaluation.recorded = true
        failure.evaluation = evaluation
    }

    /// Records the state's exit and picks the next state; an output over the size quota fails the state.
    /// `assigned` (the state's evaluated `Assign`) takes effect here, after everything else the state
    /// evaluated saw the old values.
    func exit(
        _ state: StatePlan, next: Int?, output: JSONValue, assigned: Assignments? = nil, flow: inout Flow,
        previous: Int? = nil, sizeChecked: Bool = false
    ) throws(StateFailure) -> Outcome {
        if flow.now > deadline {
            // The execution timed out while the state ran: it never exits (a redrive runs it again).
            flow.now = deadline
            throw StateFailure(error: StatesError.timeout, cause: nil, kind: .executionTimeout)
        }
        if !sizeChecked && Engine.exceeds(output, limit: setup.options.payloadSizeLimit, flow: &flow) {
            throw StateFailure(
                error: StatesError.dataLimitExceeded,
                cause:
                    "The state/task '\(state.name)' returned a result with a size exceeding the maximum number of bytes service limit.",
                kind: .runtime)
        }
        var texts: [(String, String)]?
        if let assigned, !assigned.isEmpty {
            try flow.variables.assign(
                assigned, valueLimit: setup.options.variableSizeLimit, totalLimit: setup.options.variablesTotalSizeLimit
            )
            texts = assigned.map { ($0.name, JSONWriter.compactJava.string($0.value)) }
        }
        flow.log.exited(
            state.exited, name: state.name, output: output, assigned: texts, at: flow.now, previous: previous)
        if let next { return .next(next, output) }
        return .end(output)
    }

    func scope(
        _ input: JSONValue, _ context: StateContext, flow: Flow, retryCount: Int? = nil, token: String? = nil,
        isTask: Bool = false
    ) -> EvaluationScope {
        EvaluationScope(
            input: input,
            context: context.needsContext ? context.json(retryCount: retryCount, token: token, isTask: isTask) : .null,
            random: flow.random, variables: flow.variables)
    }

    /// A Task's context object (`.null` when the state does not read it).
    func contextObject(_ context: StateContext, retryCount: Int, token: String?) -> JSONValue {
        context.needsContext ? context.json(retryCount: retryCount, token: token, isTask: true) : .null
    }

    /// A JSONPath state's `Assign`, evaluated with `$` = `value` (the state's result, or its input
    /// for Choice and Wait); applied by ``exit(_:_:_:output:assigned:flow:previous:)``.
    @inline(__always)
    func jsonPathAssignments(_ assign: PayloadTemplate?, _ value: JSONValue, _ scope: EvaluationScope)
        throws(StateFailure) -> Assignments?
    {
        guard let assign else { return nil }
        return try jsonPathAssignments(assign: assign, value, scope)
    }

    /// `jsonPathAssignments` for a state that has an `Assign`.
    func jsonPathAssignments(assign: PayloadTemplate, _ value: JSONValue, _ scope: EvaluationScope)
        throws(StateFailure) -> Assignments
    {
        var scope = scope
        scope.input = value
        let evaluated = try JSONPathDataFlow.evaluate(assign, scope, field: "Assign")
        guard case .object(let o) = evaluated else {
            throw StateFailure.runtime("The field 'Assign' must be an object of variable names and values")
        }
        return o.map { (name: $0.key, value: $0.value) }
    }

    // MARK: States

    /// The first rule whose condition holds, and where the state goes: that rule's `Next`, else
    /// `Default`; `States.NoChoiceMatched` when neither.
    func choose(_ plan: ChoicePlan, _ evaluator: ChoiceEvaluator) throws(StateFailure) -> (rule: Int?, target: Int) {
        for (i, rule) in plan.choices.enumerated() where try evaluator.evaluate(rule.condition) {
            return (i, plan.targets[i])
        }
        guard let target = plan.default else {
            throw StateFailure(error: StatesError.noChoiceMatched, cause: "No Matches!", kind: .error)
        }
        return (nil, target)
    }

    /// Reads a number field given as a literal, a JSONata expression (in a JSONata state, `js`;
    /// `convert` reads its value, `expected` names the type it must have) or its `…Path` form
    /// (`fromPath` reads the value; `invalid` is AWS's message when it cannot).
    func numberField<T>(
        _ literal: DynamicValue<T>?, _ path: JSONPath?, field: String, _ scope: EvaluationScope, _ js: JSONataScope?,
        expected: String, convert: (JSONValue) -> T?, fromPath: (JSONValue) -> T?, invalid: (JSONValue) -> String
    ) throws(StateFailure) -> T? {
        if let literal {
            switch literal {
            case .literal(let v): return v
            case .placeholder: return nil
            case .expression(let e):
                guard let js else {
                    throw StateFailure.runtime(
                        "The \(field) field holds '\(e.delimited)', a JSONata expression, in a JSONPath state")
                }
                return try JSONataDataFlow.dynamic(
                    literal, field: field, js, expressions, expected: expected, convert: convert)
            }
        }
        guard let path else { return nil }
        switch try JSONPathDataFlow.read(path, scope) {
        case .failure(let miss): throw StateFailure.runtime("Invalid path '\(path.source)' : \(miss.message)")
        case .success(let v):
            guard let n = fromPath(v) else { throw StateFailure.runtime(invalid(v)) }
            return n
        }
    }

    /// Stops the run when virtual time passes ``Simulator/Options/horizon``: the execution is
    /// reported `RUNNING` with the history so far.
    /// AWS's history limit (a STANDARD execution fails as its event 25,000, having recorded nothing
    /// after event 24,999) and the simulator's guard against loops that take no virtual time.
    func checkLimits(_ flow: inout Flow, entering: Bool) throws(StateFailure) {
        if let limit = historyEventLimit, flow.log.base + flow.log.count >= limit - 1 {
            flow.log.truncate(to: max(0, limit - 1 - flow.log.base))
            let cause =
                setup.options.stateMachineType == .standard
                ? "The execution reached the maximum number of history events (\(limit))."
                : "The simulator stopped this EXPRESS execution at \(limit) history events "
                    + "(Simulator.Options.expressHistoryEventLimit), to bound the memory its history takes; AWS keeps "
                    + "no history for EXPRESS executions: raise the limit, or set recordHistory to false"
            throw StateFailure(error: StatesError.runtime, cause: cause, kind: .runtime)
        }
        guard entering, let limit = setup.options.transitionLimit else { return }
        flow.transitions += 1
        if flow.transitions > limit {
            throw StateFailure(
                error: StatesError.timeout,
                cause: "The simulator stopped the execution after \(limit) state transitions that took no virtual "
                    + "time (Simulator.Options.transitionLimit); on AWS such a loop runs until the execution times out",
                kind: .executionTimeout)
        }
    }

    func checkHorizon(_ time: Date) throws(StateFailure) {
        if let horizon, time > horizon { throw StateFailure(error: nil, cause: nil, kind: .running) }
    }

    /// Advances the flow's clock to `until` (sleeping on the real clock); past the execution's deadline it times out.
    nonisolated(nonsending) func wait(until: Date, flow: inout Flow) async throws(StateFailure) {
        try checkHorizon(until)
        if until > flow.now {
            if setup.options.clock == .real {
                try await sleepReally(until.timeIntervalSince(flow.now))
                flow.now = setup.options.timeScale == 1 ? Date() : until
            } else {
                flow.now = until
            }
        }
        if flow.now > deadline {
            flow.now = deadline
            throw StateFailure(error: StatesError.timeout, cause: nil, kind: .executionTimeout)
        }
    }

    /// `base` with `overrides` replacing its values for the names both set (in `base`'s order, new names last).
    static func overlay(_ base: Assignments?, _ overrides: Assignments) -> Assignments {
        guard var out = base else { return overrides }
        for o in overrides {
            if let i = out.firstIndex(where: { $0.name == o.name }) { out[i].value = o.value } else { out.append(o) }
        }
        return out
    }

    func failField(_ literal: DynamicValue<String>?, _ path: PathOrIntrinsic?, field: String, _ scope: EvaluationScope)
        throws(StateFailure) -> String?
    {
        if let literal {
            switch literal {
            case .literal(let v): return v
            case .placeholder(let p): return p
            case .expression(let e): return e.delimited  // plain text in a JSONPath state
            }
        }
        guard let path else { return nil }
        let value: JSONValue
        switch path {
        case .path(let p):
            switch try JSONPathDataFlow.read(p, scope) {
            case .success(let v): value = v
            case .failure:
                throw StateFailure.runtime(
                    "The JSONPath '\(p.source)' specified for the field '\(field)' could not be found in the input '\(JSONWriter.compact.string(scope.input))'"
                )
            }
        case .intrinsic(let f):
            value = try JSONPathDataFlow.intrinsic(f, scope, field: field)
        }
        if case .string(let s) = value { return s }
        return JSONWriter.compact.string(value)
    }

    /// When a Wait ends, with AWS's errors for bad `SecondsPath`/`TimestampPath` values.
    func waitUntil(_ duration: WaitDuration, _ scope: EvaluationScope, now: Date) throws(StateFailure) -> Date {
        let maxDelay = Double(Int32.max)
        switch duration {
        case .seconds(let v):
            switch v {
            case .literal(let n): return now.addingTimeInterval(Double(n))
            case .placeholder(let p):
                throw StateFailure.runtime("The Seconds field holds the unfilled placeholder '\(p)'")
            case .expression(let e):
                throw StateFailure.runtime(
                    "The Seconds field holds '\(e.delimited)', a JSONata expression, in a JSONPath state")
            }
        case .secondsPath(let p):
            guard case .success(let value) = try JSONPathDataFlow.read(p, scope) else {
                throw StateFailure.runtime("The SecondsPath parameter does not reference an input value: \(p.source)")
            }
            guard case .number(let n) = value, n.isIntegral, let seconds = n.int64Value else {
                throw StateFailure.runtime(
                    "The SecondsPath parameter cannot be parsed as a long value: \(p.source) == \(Engine.plain(value))")
            }
            guard seconds >= 0 else {
                throw StateFailure.runtime(
                    "The SecondsPath parameter references a negative value: \(p.source) == \(seconds)")
            }
            guard Double(seconds) <= maxDelay else { throw StateFailure.runtime("Wait state delay is too long.") }
            return now.addingTimeInterval(Double(seconds))
        case .timestamp(let v):
            switch v {
            case .literal(let text):
                guard let date = Timestamp.parse(text) else {
                    throw StateFailure.runtime(
                        "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: \(text)"
                    )
                }
                guard date.timeIntervalSince(now) <= maxDelay else {
                    throw StateFailure.runtime("Wait state delay is too long.")
                }
                return max(date, now)
            case .placeholder(let p):
                throw StateFailure.runtime("The Timestamp field holds the unfilled placeholder '\(p)'")
            case .expression(let e):
                throw StateFailure.runtime(
                    "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: \(e.delimited)"
                )
            }
        case .timestampPath(let p):
            guard case .success(let value) = try JSONPathDataFlow.read(p, scope) else {
                throw StateFailure.runtime("The TimestampPath parameter does not reference an input value: \(p.source)")
            }
            guard case .string(let text) = value, let date = Timestamp.parse(text) else {
                throw StateFailure.runtime(
                    "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: \(p.source) == \(Engine.plain(value))"
                )
            }
            guard date.timeIntervalSince(now) <= maxDelay else {
                throw StateFailure.runtime("Wait state delay is too long.")
            }
            return max(date, now)
        }
    }

    /// Whether the compact JSON text of `value` is longer than `limit` bytes. A cheap upper bound
    /// (every string byte escaped, every number 25 bytes) settles the common small payload without
    /// scanning strings; only a payload near the limit is measured exactly.
    static func exceeds(_ value: JSONValue, limit: Int) -> Bool {
        var budget = limit
        if fits(value, &budget) { return false }
        return JSONWriter.compactByteCount(value) > limit
    }

    /// `exceeds(_:limit:)` for a state's output on `flow`: values ``Flow/sized`` and
    /// ``Flow/sizedBranches`` hold (the output itself, or parts of it) are counted at their known
    /// bound, not walked again. The same answer: a known bound is the walk's bound or the exact
    /// size, and either is at least the exact size. A value within the limit becomes the flow's
    /// ``Flow/sized`` (with its exact size when the bound was over the limit).
    static func exceeds(_ value: JSONValue, limit: Int, flow: inout Flow) -> Bool {
        var budget = limit
        let known = Known(last: flow.sized, branches: flow.sizedBranches)
        let fitted = fits(value, &budget, known)
        if !flow.sizedBranches.isEmpty { flow.sizedBranches = [] }
        if fitted {
            flow.sized = SizedValue(value, bound: limit - budget)
            return false
        }
        let size = JSONWriter.compactByteCount(value)
        if size > limit { return true }
        flow.sized = SizedValue(value, bound: size)
        return false
    }

    /// Settles the size check of `output`, which is `input` with `result` set at its member `name`
    /// (a Pass state's `ResultPath`), when `input` is the flow's ``Flow/sized`` value: the output's
    /// bound is at most the input's plus the member's, and a sum within `limit` settles it without
    /// walking the output (which becomes the flow's ``Flow/sized`` at that bound). False when it
    /// does not settle it: the usual check decides.
    static func fitsPlaced(
        _ output: JSONValue, input: borrowing JSONValue, name: String, result: borrowing JSONValue, limit: Int,
        flow: inout Flow
    ) -> Bool {
        guard let sized = flow.sized, let (first, second) = SizedValue.identity(input), first == sized.first,
            second == sized.second
        else { return false }
        // A new member adds 2 to the object's own count, 6 a key byte + 2 for its key, and its value.
        var budget = limit - sized.bound - 4 - 6 * name.utf8.count
        guard budget >= 0, fits(result, &budget) else { return false }
        flow.sized = SizedValue(output, bound: limit - budget)
        return true
    }

    /// The values whose bounds a walk may take instead of walking them.
    struct Known {
        let last: SizedValue?
        let branches: [SizedValue]
        var isEmpty: Bool { last == nil && branches.isEmpty }

        /// The bound of `value` if it is one of them.
        func bound(_ value: borrowing JSONValue) -> Int? {
            guard !isEmpty, let (first, second) = SizedValue.identity(value) else { return nil }
            if let last, last.first == first, last.second == second { return last.bound }
            for b in branches where b.first == first && b.second == second { return b.bound }
            return nil
        }

        static let none = Known(last: nil, branches: [])
    }

    /// Takes the upper bound of `value`'s size from `budget`; false once the budget runs out. A
    /// part `known` holds is counted at its bound.
    private static func fits(_ value: borrowing JSONValue, _ budget: inout Int, _ known: borrowing Known = .none)
        -> Bool
    {
        switch value {
        case .null, .bool: budget -= 5
        case .number: budget -= 25
        case .string(let s): budget -= 6 * s.utf8.count + 2
        case .array(let a):
            if let bound = known.bound(value) {
                budget -= bound
                break
            }
            budget -= a.count + 2
            // Indexing borrows each element; a `for in` loop would copy it.
            for i in a.indices where !fits(a[i], &budget, known) { return false }
        case .object(let o):
            if let bound = known.bound(value) {
                budget -= bound
                break
            }
            budget -= o.count * 2 + 2
            let keys = o.keys
            for i in keys.indices { budget -= 6 * keys[i].utf8.count + 2 }
            let values = o.values
            for i in values.indices where !fits(values[i], &budget, known) { return false }
        }
        return budget >= 0
    }

    /// A value as AWS prints it in messages: strings bare, others as JSON.
    static func plain(_ v: JSONValue) -> String {
        if case .string(let s) = v { return s }
        return JSONWriter.compact.string(v)
    }

    // MARK: Retry and Catch

    /// What to do after a failed attempt.
    enum Recovery {
        /// Retried after `delay` seconds by the retrier at index `retrier`.
        case retry(delay: Double, retrier: Int)
        /// Caught by the catcher at this index; `exhausted` is the retrier that matched first but had
        /// no attempts left, if one did.
        case caught(Catcher, Int, exhausted: Int?)
        /// Not handled; `exhausted` as for `caught`.
        case fail(exhausted: Int?)
    }

    /// Decides how a failure is handled: the first retrier whose `ErrorEquals` matches retries it while
    /// it has attempts left (`attempts` counts them per retrier), else the first matching catcher
    /// takes it. `jitter` applies a retrier's `JitterStrategy` (TestState reports the plain backoff).
    func recover(
        _ failure: StateFailure, retriers: [Retrier], catchers: [Catcher], attempts: inout [Int], random: RandomSource,
        jitter: Bool = true
    )
        -> Recovery
    {
        var exhausted: Int?
        if failure.kind == .error {
            // Counted lazily: a state that never fails never allocates its counters.
            if attempts.count < retriers.count { attempts += repeatElement(0, count: retriers.count - attempts.count) }
            for (i, r) in retriers.enumerated() where failure.matches(r.errorEquals) {
                let done = attempts[i]
                if done < r.effectiveMaxAttempts {
                    attempts[i] += 1
                    var delay = Double(r.effectiveIntervalSeconds) * pow(r.effectiveBackoffRate, Double(done))
                    if let cap = r.maxDelaySeconds { delay = min(delay, Double(cap)) }
                    if jitter && r.jitterStrategy == .full { delay = random.nextUnit() * delay }
                    return .retry(delay: delay, retrier: i)
                }
                exhausted = i
                break
            }
            for (i, c) in catchers.enumerated() where failure.matches(c.errorEquals) {
                return .caught(c, i, exhausted: exhausted)
            }
        }
        return .fail(exhausted: exhausted)
    }

    /// Sleeps `seconds` of simulated time on the real clock (scaled by ``Simulator/Options/timeScale``);
    /// a cancelled run (a stopped execution, a failed sibling branch) ends here as aborted.
    nonisolated(nonsending) func sleepReally(_ seconds: Double) async throws(StateFailure) {
        let wall = min(max(0, seconds * setup.options.timeScale), 1e9)
        try? await Task.sleep(nanoseconds: UInt64(wall * 1e9))
        if Task.isCancelled { throw StateFailure(error: nil, cause: nil, kind: .aborted) }
    }

    /// The error output of a failure: `{"Error", "Cause"}` (a timeout's missing cause is `""`).
    static func errorOutput(_ failure: StateFailure) -> JSONValue {
        var o = JSONObject()
        o["Error"] = failure.error.map(JSONValue.string) ?? .null
        let timedOut = failure.error == StatesError.timeout || failure.error == StatesError.heartbeatTimeout
        o["Cause"] = failure.cause.map(JSONValue.string) ?? (timedOut ? .string("") : .null)
        return .object(o)
    }

    nonisolated(nonsending) func sleep(_ seconds: Double, flow: inout Flow) async throws(StateFailure) {
        guard seconds > 0 else { return }
        try checkHorizon(flow.now.addingTimeInterval(seconds))
        if setup.options.clock == .real {
            try await sleepReally(seconds)
            flow.now = setup.options.timeScale == 1 ? Date() : flow.now.addingTimeInterval(seconds)
        } else {
            flow.now = flow.now.addingTimeInterval(seconds)
        }
    }
}

/// The parts of `$$` fixed for the whole execution (empty when no state reads `$$`).
final class ExecutionContext: Sendable {
    let execution: JSONValue
    let stateMachine: JSONValue
    /// TestState: the context object given, used as it is (nil: built as in an execution).
    let given: JSONValue?
    /// TestState: the name the context object gives the state (AWS says `StateName`).
    let stateName: String?

    /// The context of a run whose states read no `$$` (what ``Engine/run(input:inputText:unshare:)``
    /// made for each such run).
    static let unread = ExecutionContext(execution: .object(JSONObject()), stateMachine: .null)

    init(execution: JSONValue, stateMachine: JSONValue, given: JSONValue? = nil, stateName: String? = nil) {
        self.execution = execution
        self.stateMachine = stateMachine
        self.given = given
        self.stateName = stateName
    }
}

/// The parts of `$$` for one state.
struct StateContext: Sendable {
    let execution: ExecutionContext
    /// The state running.
    let state: StatePlan
    let enteredTime: Date
    /// Whether to build the context object (the state reads it, or a Map's `ItemSelector` needs it).
    var needsContext: Bool
    var mapItem: JSONValue? = nil

    init(execution: ExecutionContext, state: StatePlan, enteredTime: Date) {
        self.execution = execution
        self.state = state
        self.enteredTime = enteredTime
        needsContext = state.readsContext
    }

    /// The state's name.
    var name: String { state.name }

    /// The context object, with `RetryCount` for Task/Parallel/Map and `Task.Token` for callbacks.
    func json(retryCount: Int?, token: String?, isTask: Bool = false) -> JSONValue {
        if let given = execution.given {
            guard let mapItem, case .object(var o) = given else { return given }
            o["Map"] = ["Item": mapItem]
            return .object(o)
        }
        var o = JSONObject()
        if isTask, case .object(var e) = execution.execution {
            // AWS's Task context has no RedriveCount (recorded); RedriveTime is left out with it.
            e.removeValue(forKey: "RedriveCount")
            e.removeValue(forKey: "RedriveTime")
            o["Execution"] = .object(e)
        } else {
            o["Execution"] = execution.execution
        }
        o["StateMachine"] = execution.stateMachine
        var state = JSONObject()
        state["Name"] = .string(execution.stateName ?? name)
        state["EnteredTime"] = .string(Timestamp.contextFormat(enteredTime))
        if let retryCount { state["RetryCount"] = .int(retryCount) }
        o["State"] = .object(state)
        if let token { o["Task"] = ["Token": .string(token)] }
        if let mapItem { o["Map"] = ["Item": mapItem] }
        return .object(o)
    }
}
