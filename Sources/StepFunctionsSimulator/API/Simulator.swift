import Foundation
import JSONCore
import StepFunctionsCompiler
import StepFunctionsModel

/// Runs a state machine in-process with AWS Step Functions' semantics.
///
/// Create it from a definition, answer its Task states with closures (or a Step Functions Local
/// mock file), run it, and inspect the ``Execution``:
///
/// ```swift
/// var sim = try Simulator(aslJSON: text)
/// sim.handle(state: "ChargeCard") { call in ["charged": true] }
/// let execution = await sim.run(input: ["orderId": "o-1"])
/// #expect(execution.status == .succeeded)
/// ```
public struct Simulator: Sendable {
    /// The state machine being run.
    public var definition: StateMachineDefinition { plan.definition }
    /// The definition compiled once: states by reference, successors by index.
    let plan: Plan
    /// Options, handlers, mocks and the rest, in one copy-on-write box.
    private(set) var setup: Setup

    /// How runs are set up (clock, seed, names, type).
    public var options: Options {
        get { setup.options }
        set {
            let setup = mutableSetup()
            let regionChanged = setup.options.region != newValue.region
            setup.options = newValue
            if regionChanged { setup.rebind(plan) }
        }
    }

    /// Everything about a simulator but its definition, in one object: a run holds it with one
    /// reference, and concurrent runs share it without touching each field's reference count.
    ///
    /// `@unchecked Sendable` is safe: a setup is changed only through ``mutableSetup()``, which
    /// copies it first unless the simulator is its only holder (copy-on-write), so a setup that
    /// another simulator or a run holds is never changed.
    final class Setup: @unchecked Sendable {
        var options: Options { didSet { roleArn = options.effectiveRoleArn } }
        /// `options.effectiveRoleArn`, which every run records (built once, not per run).
        private(set) var roleArn: String
        var stateHandlers: [String: BoundHandler] = [:]
        var resourceHandlers: [String: BoundHandler] = [:]
        var mocks: MockedResponses?
        /// The handlers bound to the plan's Task states (rebuilt when handlers or mocks change).
        var bindings: HandlerBindings
        var childMachines: [String: StateMachineDefinition] = [:]
        /// Who runs `states:startExecution` children instead of ``childMachines`` (a server).
        var childRunner: (any ChildExecutionRunner)?
        /// Who submits unanswered `.waitForTaskToken` Tasks' requests (a server).
        var callbackSubmitter: (any CallbackSubmitter)?
        var itemStore = ItemStore()
        /// Where activity tasks go (nil: they are answered by handlers and mocks like other tasks).
        var activities: (any ActivityDispatcher)?

        init(options: consuming Options, bindings: HandlerBindings) {
            roleArn = options.effectiveRoleArn
            self.bindings = bindings
            self.options = options
        }

        func copy() -> Setup {
            let c = Setup(options: options, bindings: bindings)
            c.stateHandlers = stateHandlers
            c.resourceHandlers = resourceHandlers
            c.mocks = mocks
            c.childMachines = childMachines
            c.childRunner = childRunner
            c.callbackSubmitter = callbackSubmitter
            c.itemStore = itemStore
            c.activities = activities
            return c
        }

        /// Binds the handlers and mocks to `plan` again after a change.
        func rebind(_ plan: Plan) {
            bindings = HandlerBindings(
                plan: plan, stateHandlers: stateHandlers, resourceHandlers: resourceHandlers, mocks: mocks,
                region: options.region, activities: activities != nil)
        }
    }

    /// Creates a simulator for a definition.
    public init(_ definition: StateMachineDefinition, options: Options = Options()) {
        self.init(plan: Plan(definition), options: options)
    }

    /// Creates a simulator for a definition read from `text`, sharing the plan of every simulator
    /// made from the same text (see ``planCache``).
    package init(_ definition: StateMachineDefinition, text: String, options: Options = Options()) {
        self.init(plan: Simulator.planCache.value(for: text) { Plan(definition) }, options: options)
    }

    /// A definition planned once: a holder that makes many simulators from one definition (the
    /// conformance runner's checked definitions) neither plans it again nor looks its text up in
    /// ``planCache`` (hashing the text, and a second cache's upkeep) for each.
    package struct Planned: Sendable {
        /// The plan.
        let plan: Plan

        /// Plans `definition` (which should have passed validation, as for any simulator).
        package init(_ definition: StateMachineDefinition) { plan = Plan(definition) }
    }

    /// Creates a simulator for a definition planned already.
    package init(_ planned: Planned, options: consuming Options = Options()) {
        self.init(plan: planned.plan, options: options)
    }

    /// Plans by definition text: simulators made from the same ASL text (a test suite that builds
    /// one per test, `sfn test` over cases that share a definition) read, validate and plan it once.
    static let planCache = TextKeyedCache<Plan>(capacity: 256, byteCapacity: 32 << 20)

    private init(plan: Plan, options: consuming Options) {
        // The options are moved into the setup (a copy of them costs ~700 instructions a run).
        let bindings = plan.plainBindings(region: options.region)
        self.init(plan: plan, setup: Setup(options: options, bindings: bindings))
    }

    init(plan: Plan, setup: Setup) {
        self.plan = plan
        self.setup = setup
    }

    /// The setup, copied first when another simulator or a run shares it.
    private mutating func mutableSetup() -> Setup {
        if !isKnownUniquelyReferenced(&setup) { setup = setup.copy() }
        return setup
    }

    /// Whether a JSONata state's text may read `$states.context` (`$states.context…`, or `$states`
    /// as a whole); the context object is built only for such states.
    static func mentionsStatesContext(_ text: String) -> Bool {
        // Byte by byte: Foundation's `range(of:)` cost more than the rest of planning the state.
        var from = 0
        while let i = text.utf8Offset(of: "$states", from: from) {
            let after = i + 7
            if !text.utf8HasPrefix(".", at: after) || text.utf8HasPrefix(".context", at: after) { return true }
            from = after
        }
        return false
    }

    /// A copy that runs another definition with the same handlers, mocks and options.
    func running(_ other: StateMachineDefinition) -> Simulator {
        let plan = Plan(other)
        let copy = setup.copy()
        copy.rebind(plan)
        return Simulator(plan: plan, setup: copy)
    }

    /// Reads and validates ASL JSON text; throws ``ValidationFailure`` listing every error.
    ///
    /// The text is read, validated and planned once per process: simulators made from the same
    /// text share the plan.
    public init(aslJSON text: String, options: Options = Options()) throws {
        let plan = try Simulator.planCache.value(for: text) { () throws(ValidationFailure) -> Plan in
            Plan(try ASLDocument(text: text).validDefinition())
        }
        self.init(plan: plan, options: options)
    }

    /// How a run is set up.
    public struct Options: Sendable {
        /// Virtual time (a Wait completes at once while timestamps advance) or the real clock.
        public enum ClockMode: Sendable, Hashable {
            /// Time advances only by Waits, retry delays and simulated task durations.
            case virtual
            /// Waits and retry delays really sleep.
            case real
        }

        /// The clock (virtual by default).
        public var clock: ClockMode = .virtual
        /// Whether mistakes in setting a run up stop it, so that a test cannot pass for the wrong
        /// reason (true, the default): a Task nothing answers (`Simulator.NoHandler`), a
        /// `states:startExecution` of a state machine nobody registered (`Simulator.NoChildMachine`),
        /// and a handler or mocked response for a name that is no Task state of the workflow
        /// (`Simulator.UnknownState`, before the first state) fail the execution at once, whatever
        /// its Retry and Catch say. false takes AWS's error paths instead: the Task fails with the
        /// catchable error AWS gives for a resource that does not exist
        /// (`Lambda.ResourceNotFoundException`, `StepFunctions.StateMachineDoesNotExistException`,
        /// else `States.TaskFailed`), and answers for unknown names are ignored.
        public var strict: Bool = true
        /// What the failure of a Task nothing answers tells the user to do (nil: register a handler
        /// or use a mock configuration); a server names its own ways.
        public var unansweredTaskAdvice: String? = nil
        /// On the real clock, the wall time one simulated second takes (0.01: a 10 s Wait takes 0.1 s);
        /// the history's timestamps then advance by simulated time. 1 runs in real time.
        public var timeScale: Double = 1
        /// The execution's start time (default: 2026-01-01T00:00:00Z for virtual time, now for real time).
        public var startDate: Date? = nil
        /// The seed for jitter, `States.MathRandom`, `States.UUID` and task tokens.
        public var seed: UInt64 = 0x5EED
        /// `$$.Execution.Name`.
        public var executionName: String = "simulated-execution"
        /// `$$.StateMachine.Name`.
        public var stateMachineName: String = "SimulatedStateMachine"
        /// STANDARD or EXPRESS.
        public var stateMachineType: StateMachineType = .standard
        /// The region in ARNs and task events.
        public var region: String = "us-east-1"
        /// The account in ARNs.
        public var accountId: String = "123456789012"
        /// The partition in ARNs.
        public var partition: String = "aws"
        /// `$$.Execution.RoleArn`.
        public var roleArn: String? = nil
        /// `$$.Execution.RedriveCount` of a STANDARD execution: how often it was redriven (a run that
        /// stands for a redrive sets it, and ``redriveDate``).
        public var redriveCount: Int = 0
        /// `$$.Execution.RedriveTime`: when the execution was last redriven; shown only when
        /// ``redriveCount`` is above 0 (the context object page: only for a redriven execution).
        public var redriveDate: Date? = nil
        /// Whether Parallel branches and Map iterations run concurrently (true) or one after another.
        public var concurrent: Bool = true
        /// Whether to record the history (turn off for the last bit of speed).
        public var recordHistory: Bool = true
        /// How many child executions of each distributed Map Run record their own history (the
        /// first ones by index), for ``Execution/mapRunChildren``; every child's input, status,
        /// output or error is kept whatever this says. 0 records none.
        public var mapRunChildHistories: Int = 10_000
        /// The payload size limit in bytes (AWS: 256 KiB).
        public var payloadSizeLimit: Int = 262_144
        /// The largest value one variable may hold, and the largest total one state may assign, in
        /// bytes of compact JSON (AWS: 256 KiB).
        public var variableSizeLimit: Int = 262_144
        /// The largest total size of all the variables an execution path sees (AWS: 10 MiB).
        public var variablesTotalSizeLimit: Int = 10_485_760
        /// Virtual seconds after the start at which a run stops and reports `RUNNING` with the history
        /// so far, as AWS shows an execution still in progress (a long Wait, a long retry backoff).
        /// nil: run to the end (AWS's one-year limit at most).
        public var horizon: Double? = nil
        /// The most history events a STANDARD execution may record: AWS fails the execution with
        /// `States.Runtime` ("The execution reached the maximum number of history events (25000).")
        /// as event 25,000. EXPRESS executions have no such limit on AWS (see
        /// ``expressHistoryEventLimit``). nil: no limit.
        public var historyEventLimit: Int? = 25_000
        /// The most history events the simulator records for an EXPRESS execution. AWS keeps no
        /// history for them and has no limit, but a recorded history of a huge Map would exhaust
        /// memory (a 1,000,000-item Map records 4,000,000 events), so the run ends `FAILED` with
        /// `States.Runtime` and a cause naming this option. Does not apply when ``recordHistory``
        /// is false. nil: no limit.
        public var expressHistoryEventLimit: Int? = 1_000_000
        /// The most state transitions one path of an execution may make: a guard against loops that
        /// never advance virtual time (AWS would end an EXPRESS execution after five minutes of them;
        /// a STANDARD one reaches ``historyEventLimit`` first). The run then ends `TIMED_OUT`. nil: no limit.
        public var transitionLimit: Int? = 1_000_000
        /// Record the history as AWS did on this date, for the few details AWS changed over time
        /// (see ``HistoryChange``); nil: as AWS records it today.
        public var historyAsOf: Date? = nil

        /// Default options.
        public init() {}

        /// The state machine ARN.
        public var stateMachineArn: String {
            "arn:\(partition):states:\(region):\(accountId):stateMachine:\(stateMachineName)"
        }

        /// The execution ARN (`…:express:…` for EXPRESS machines).
        public var executionArn: String {
            if stateMachineType == .express {
                // Express execution ARNs carry a run id after the name.
                var random = SplitMix64(seed: seed)
                let runId = RandomSource(seed: random.next()).uuid()
                return
                    "arn:\(partition):states:\(region):\(accountId):express:\(stateMachineName):\(executionName):\(runId)"
            }
            return "arn:\(partition):states:\(region):\(accountId):execution:\(stateMachineName):\(executionName)"
        }

        /// Whether the history should look as it did before `change` (``historyAsOf`` is earlier).
        func historyBefore(_ change: HistoryChange) -> Bool {
            guard let historyAsOf else { return false }
            return historyAsOf < change.date
        }

        /// The role ARN used when none is set.
        public var effectiveRoleArn: String {
            if let roleArn { return roleArn }
            // The default partition and account (nearly every run) need no interpolation.
            if partition == "aws" && accountId == "123456789012" { return Options.defaultRoleArn }
            return "arn:\(partition):iam::\(accountId):role/StepFunctionsSimulatorRole"
        }

        /// The role ARN used when none is set, in the default partition and account.
        private static let defaultRoleArn = "arn:aws:iam::123456789012:role/StepFunctionsSimulatorRole"
    }

    /// A detail of the execution history that AWS changed at some point (see `Options.historyAsOf`).
    public enum HistoryChange: Sendable, CaseIterable {
        /// A distributed Map's `MapStateExited` follows its `MapRunStarted` event; before (recordings
        /// of February to July 2024) it followed `MapRunSucceeded`. Seen from November 2024.
        case mapExitFollowsMapRunStarted
        /// The first state's entered event shows the execution input compacted; before (recordings of
        /// February and March 2024) it echoed the text as sent, as `ExecutionStarted` still does.
        /// Seen in a recording of July 2024.
        case firstStateInputCompacted

        /// When the change appeared (the first day of the month of the first recording showing it).
        public var date: Date {
            switch self {
            case .mapExitFollowsMapRunStarted: return Date(timeIntervalSince1970: 1_730_419_200)  // 2024-11-01
            case .firstStateInputCompacted: return Date(timeIntervalSince1970: 1_719_792_000)  // 2024-07-01
            }
        }
    }

    // MARK: Handlers

    /// Answers the Task state `state` with a closure taking and returning JSON.
    public mutating func handle(state: String, _ handler: @escaping TaskHandler) {
        register(state: state, .async(handler))
    }

    /// Answers the Task state `state` with a closure that returns at once (it cannot suspend, so
    /// Parallel branches and Map iterations made only of such tasks run without child tasks).
    public mutating func handle(state: String, _ handler: @escaping SynchronousTaskHandler) {
        register(state: state, .sync(handler))
    }

    /// Answers the Task state named by a workflow's ``StateName`` type.
    public mutating func handle<Name: StateName>(_ state: Name, _ handler: @escaping TaskHandler) {
        handle(state: state.stateName, handler)
    }

    /// Answers the Task state named by a ``StateName`` with a closure that returns at once.
    public mutating func handle<Name: StateName>(_ state: Name, _ handler: @escaping SynchronousTaskHandler) {
        handle(state: state.stateName, handler)
    }

    /// Answers the Task state `state` with a closure on your own `Codable` types.
    public mutating func handle<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        state: String, _ handler: @escaping @Sendable (Input) async throws -> Output
    ) {
        register(state: state, .async(Simulator.codable(handler)))
    }

    /// Answers the Task state `state` with a synchronous closure on your own `Codable` types.
    public mutating func handle<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        state: String, _ handler: @escaping @Sendable (Input) throws -> Output
    ) {
        register(state: state, .sync(Simulator.codable(handler)))
    }

    /// Answers the Task state named by a ``StateName`` with a closure on your own `Codable` types.
    public mutating func handle<Name: StateName, Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ state: Name, _ handler: @escaping @Sendable (Input) async throws -> Output
    ) {
        handle(state: state.stateName, handler)
    }

    /// Answers the Task state named by a ``StateName`` with a synchronous closure on your own `Codable` types.
    public mutating func handle<Name: StateName, Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ state: Name, _ handler: @escaping @Sendable (Input) throws -> Output
    ) {
        handle(state: state.stateName, handler)
    }

    /// Answers every Task whose `Resource` is `resource` (a state handler takes precedence).
    public mutating func handle(resource: String, _ handler: @escaping TaskHandler) {
        let setup = mutableSetup()
        setup.resourceHandlers[resource] = .async(handler)
        setup.rebind(plan)
    }

    /// Answers every Task whose `Resource` is `resource` with a closure that returns at once.
    public mutating func handle(resource: String, _ handler: @escaping SynchronousTaskHandler) {
        let setup = mutableSetup()
        setup.resourceHandlers[resource] = .sync(handler)
        setup.rebind(plan)
    }

    /// Uses the responses of `testCase` in a Step Functions Local mock configuration.
    ///
    /// `stateMachine` picks the machine when several define a test case of that name.
    public mutating func useMocks(_ config: MockConfiguration, testCase: String, stateMachine: String? = nil) throws {
        useMocks(try config.responses(testCase: testCase, stateMachine: stateMachine))
    }

    /// Uses mocked responses keyed by state name (the `MockedResponses` of one test case).
    public mutating func useMocks(_ responses: MockedResponses) {
        let setup = mutableSetup()
        setup.mocks = responses
        setup.rebind(plan)
    }

    private mutating func register(state: String, _ handler: BoundHandler) {
        let setup = mutableSetup()
        setup.stateHandlers[state] = handler
        setup.rebind(plan)
    }

    /// Sends activity tasks (Task states whose `Resource` is an activity ARN) to `dispatcher`'s
    /// workers, unless a handler or mock answers the state.
    public mutating func useActivities(_ dispatcher: any ActivityDispatcher) {
        let setup = mutableSetup()
        setup.activities = dispatcher
        setup.rebind(plan)
    }

    /// Registers a state machine that `states:startExecution` Tasks can start (by ARN or name).
    public mutating func register(childMachine arnOrName: String, definition: StateMachineDefinition) {
        mutableSetup().childMachines[arnOrName] = definition
    }

    /// Has `runner` start the executions that `states:startExecution` Tasks ask for (every
    /// integration pattern), in place of registered child machines: `sfn serve` runs them as its own.
    package mutating func useChildExecutions(_ runner: any ChildExecutionRunner) {
        mutableSetup().childRunner = runner
    }

    /// Has `submitter` submit the requests of `.waitForTaskToken` Tasks that no handler or mock
    /// answers (the Task still waits for its token).
    package mutating func useCallbackSubmitter(_ submitter: any CallbackSubmitter) {
        mutableSetup().callbackSubmitter = submitter
    }

    /// Puts an object in the in-memory "S3" store that `ItemReader` and `ResultWriter` use.
    public mutating func putObject(bucket: String, key: String, text: String) {
        mutableSetup().itemStore.objects[ItemStore.Key(bucket: bucket, key: key)] = text
    }

    /// The objects in the in-memory "S3" store, by bucket and key: what `ItemReader` reads (set
    /// them all at once, as a server does from its own store, or one by one with ``putObject(bucket:key:text:)``).
    public var objects: [ItemStore.Key: String] {
        get { setup.itemStore.objects }
        set { mutableSetup().itemStore.objects = newValue }
    }

    static func codable<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ handler: @escaping @Sendable (Input) async throws -> Output
    ) -> TaskHandler {
        { call in try encode(try await handler(try decode(call))) }
    }

    static func codable<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ handler: @escaping @Sendable (Input) throws -> Output
    ) -> SynchronousTaskHandler {
        { call in try encode(try handler(try decode(call))) }
    }

    /// A handler's input decoded as the handler's own type.
    private static func decode<Input: Decodable>(_ call: TaskCall) throws -> Input {
        do {
            return try JSONDecoder().decode(Input.self, from: Data(JSONWriter.compact.string(call.input).utf8))
        } catch {
            throw TaskError(
                error: "States.Runtime",
                cause: "The input of state '\(call.stateName)' cannot be decoded as \(Input.self): \(error)")
        }
    }

    /// A handler's output as JSON.
    private static func encode<Output: Encodable>(_ output: Output) throws -> JSONValue {
        let data = try JSONEncoder().encode(output)
        return try JSONParser.parse(String(decoding: data, as: UTF8.self))
    }

    // MARK: Running

    /// Runs the state machine to completion and returns what happened.
    public func run(input: JSONValue = .object(JSONObject())) async -> Execution {
        // Runs in the caller's task: no hop to another thread for the common case.
        await Engine(simulator: self).run(input: input, inputText: nil)
    }

    /// Runs with an input already read, and the text it was read from (echoed verbatim in the
    /// history, as AWS does).
    public func run(input: JSONValue, inputText: String?) async -> Execution {
        await Engine(simulator: self).run(input: input, inputText: inputText)
    }

    /// Runs with the input given as JSON text (echoed verbatim in the history, as AWS does).
    public func run(inputText: String) async throws(JSONParseError) -> Execution {
        let input = try JSONParser.parse(inputText)
        return await Engine(simulator: self).run(input: input, inputText: inputText)
    }

    /// Runs as ``run(input:inputText:)`` does, on an input no other run shares (a test case's: no
    /// copy of it is made to keep other runs' reference counts apart). As there, nothing can send a
    /// task token: a callback the handlers and mocks leave unanswered ends at its limits at once,
    /// in virtual time, instead of waiting for them on the wall clock (or for ever, with none).
    package nonisolated(nonsending) func runOwningInput(input: JSONValue, inputText: String?) async -> Execution {
        await Engine(simulator: self).run(input: input, inputText: inputText, unshare: false)
    }

    /// Starts a run and returns a handle to send task tokens and await the result; `observer`
    /// sees its history grow and the task tokens it issues while it runs.
    public func start(
        input: JSONValue = .object(JSONObject()), inputText: String? = nil, observer: ExecutionObserver? = nil
    ) -> RunningExecution {
        let engine = Engine(simulator: self, callbacksAnswerable: true, observer: observer)
        return RunningExecution(engine: engine, input: input, inputText: inputText)
    }
}

/// A Task handler: receives the call (effective input, state, resource, token) and returns the result.
public typealias TaskHandler = @Sendable (TaskCall) async throws -> JSONValue

/// A Task handler that returns without suspending: the simulator can then run the Parallel
/// branches and Map iterations calling it in the current task, with the same history.
public typealias SynchronousTaskHandler = @Sendable (TaskCall) throws -> JSONValue

/// What a Task handler receives.
public struct TaskCall: Sendable {
    /// The Task state's name.
    public var stateName: String
    /// The `Resource` ARN.
    public var resource: String
    /// The effective input: `Parameters` applied (or the Lambda payload for `lambda:invoke`).
    public var input: JSONValue
    /// The full `Parameters` result as sent to the service (for `lambda:invoke`, with `FunctionName`).
    public var parameters: JSONValue
    /// `$$.Task.Token` for `.waitForTaskToken` tasks.
    public var taskToken: String?
    /// The context object (`$$`).
    public var context: JSONValue
    /// How many retries came before this call (`$$.State.RetryCount`).
    public var retryCount: Int
    let clock: TaskClock

    /// Simulates the task running for `seconds` (virtual time): past `TimeoutSeconds` it times out.
    public func elapse(seconds: Double) { clock.add(seconds) }

    /// Records a heartbeat now (resets the `HeartbeatSeconds` window).
    public func heartbeat() { clock.heartbeat() }
}

/// Thrown by a Task handler to fail the task with an exact ASL error name and cause.
public struct TaskError: Error, Sendable, Hashable {
    /// The error name matched by `ErrorEquals` (`nil`: none, as `SendTaskFailure` without an error).
    public var error: String?
    /// The cause text.
    public var cause: String?

    /// Creates an error.
    public init(error: String?, cause: String? = nil) {
        self.error = error
        self.cause = cause
    }

    /// `States.Timeout`, as when the task exceeded its `TimeoutSeconds`.
    public static let timeout = TaskError(error: "States.Timeout")
}
