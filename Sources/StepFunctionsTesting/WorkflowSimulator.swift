import Foundation
import StepFunctions
import StepFunctionsSimulator

/// A ``Simulator`` typed to one workflow: its Task states are named by the workflow's own
/// ``StateName`` type, so a handler for a state of another workflow, or for a name that is not a
/// state name at all, does not compile.
///
/// It runs the compiled workflow as a ``StateMachine`` of that name and type (STANDARD or EXPRESS)
/// would run on AWS, and answers with a ``WorkflowExecution`` whose queries are typed too:
///
/// ```swift
/// var sim = try WorkflowSimulator(payment)
/// sim.handle(.chargeCard) { (order: Order) in Receipt(orderId: order.id, charged: order.amount) }
/// let execution = try await sim.run(input: Order(id: "o-1", amount: 42))
/// #expect(execution.statesEntered == [.validateOrder, .chargeCard])
/// #expect(execution.calls(to: .chargeCard).first?.attempt == 1)
/// let receipt = try execution.output(as: Receipt.self)
/// ```
///
/// Everything the untyped ``Simulator`` offers stays reachable through ``simulator``.
public struct WorkflowSimulator<Name: StateName>: Sendable {
    /// The untyped simulator underneath (mocks, S3 objects, activities, redrive, TestState...).
    public var simulator: Simulator
    /// The workflow as compiled (its definition, name, type and warnings).
    public let compiled: CompiledStateMachine

    /// Compiles `workflow` and makes a simulator for it, named after it and of its type (EXPRESS
    /// workflows run as EXPRESS executions); `options` set the rest.
    /// - Throws: ``ValidationFailure`` when the workflow does not compile.
    public init(_ workflow: StateMachine<Name>, options: Simulator.Options = Simulator.Options())
        throws(ValidationFailure)
    {
        compiled = try workflow.compile()
        var options = options
        options.stateMachineName = workflow.name
        options.stateMachineType = workflow.type
        simulator = Simulator(compiled.definition, options: options)
    }

    /// How runs are set up (the workflow's name and type are already in them).
    public var options: Simulator.Options {
        get { simulator.options }
        set { simulator.options = newValue }
    }

    // MARK: Handlers

    /// Answers the Task state `state` with a closure taking and returning JSON.
    public mutating func handle(_ state: Name, _ handler: @escaping TaskHandler) {
        simulator.handle(state: state.stateName, handler)
    }

    /// Answers the Task state `state` with a closure that returns at once.
    public mutating func handle(_ state: Name, _ handler: @escaping SynchronousTaskHandler) {
        simulator.handle(state: state.stateName, handler)
    }

    /// Answers the Task state `state` with a closure on your own `Codable` types (an input that
    /// does not decode fails the task with `States.Runtime`, naming the state and the type).
    public mutating func handle<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ state: Name, _ handler: @escaping @Sendable (Input) async throws -> Output
    ) {
        simulator.handle(state: state.stateName, handler)
    }

    /// Answers the Task state `state` with a synchronous closure on your own `Codable` types.
    public mutating func handle<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ state: Name, _ handler: @escaping @Sendable (Input) throws -> Output
    ) {
        simulator.handle(state: state.stateName, handler)
    }

    /// Answers every Task whose `Resource` is `resource` (a state handler takes precedence).
    public mutating func handle(resource: String, _ handler: @escaping TaskHandler) {
        simulator.handle(resource: resource, handler)
    }

    /// Answers every Task whose `Resource` is `resource` with a closure that returns at once.
    public mutating func handle(resource: String, _ handler: @escaping SynchronousTaskHandler) {
        simulator.handle(resource: resource, handler)
    }

    /// Registers another workflow that this one starts (`states:startExecution`, any integration
    /// pattern), under its name: a `StateMachineArn` ending in `:stateMachine:NAME` runs it.
    /// - Throws: ``ValidationFailure`` when the child does not compile.
    public mutating func register<Child: StateName>(child workflow: StateMachine<Child>) throws(ValidationFailure) {
        simulator.register(childMachine: workflow.name, definition: try workflow.compile().definition)
    }

    // MARK: Running

    /// Runs the workflow with `input` (JSON) to completion.
    public func run(input: JSONValue = .object(JSONObject())) async -> WorkflowExecution<Name> {
        WorkflowExecution(await simulator.run(input: input))
    }

    /// Runs the workflow with `input` encoded as JSON (your own `Encodable` type) to completion.
    /// (Disfavoured so that a literal, `["orderId": "o-1"]`, is a `JSONValue` and needs no `try`.)
    /// - Throws: the encoder's error when `input` cannot be encoded as JSON.
    @_disfavoredOverload
    public func run<Input: Encodable & Sendable>(input: Input) async throws -> WorkflowExecution<Name> {
        WorkflowExecution(await simulator.run(input: try JSONBridge.value(of: input)))
    }

    /// Starts a run: send it task tokens, then wrap its ``RunningExecution/result()`` in
    /// ``WorkflowExecution/init(_:)``.
    public func start(input: JSONValue = .object(JSONObject())) -> RunningExecution {
        simulator.start(input: input)
    }
}

extension StateMachine {
    /// A simulator typed to this workflow (see ``WorkflowSimulator``).
    /// - Throws: ``ValidationFailure`` when the workflow does not compile.
    public func simulator(options: Simulator.Options = Simulator.Options()) throws(ValidationFailure)
        -> WorkflowSimulator<Name>
    {
        try WorkflowSimulator(self, options: options)
    }
}

/// An ``Execution`` of a workflow whose state names are `Name`: states entered, calls, retries and
/// outputs by state are asked for and answered with `Name`'s cases. The untyped execution's other
/// properties (`status`, `output`, `error`, `cause`, `history`, `duration`, `mapRuns`...) read
/// through, and ``execution`` is the whole untyped result.
@dynamicMemberLookup
public struct WorkflowExecution<Name: StateName>: Sendable {
    /// The untyped result.
    public var execution: Execution

    /// Types `execution`'s queries with `Name` (for a ``RunningExecution``'s result, say).
    public init(_ execution: Execution) { self.execution = execution }

    /// A property of the untyped ``Execution`` (`status`, `output`, `error`, `cause`, `duration`...).
    public subscript<Value>(dynamicMember keyPath: KeyPath<Execution, Value>) -> Value { execution[keyPath: keyPath] }

    /// How it ended.
    public var status: ExecutionStatus { execution.status }
    /// The output when it succeeded (``output(as:)`` decodes it).
    public var output: JSONValue? { execution.output }
    /// The error name when it failed.
    public var error: String? { execution.error }
    /// The cause when it failed.
    public var cause: String? { execution.cause }

    /// The states entered, in order (Parallel branches and inline Map iterations included; a
    /// distributed Map's children are in ``mapRuns(of:)``).
    public var statesEntered: [Name] { execution.statesEntered.compactMap(Name.named) }

    /// Every call of the Task state `state`, in order, with its input and attempt.
    public func calls(to state: Name) -> [WorkflowTaskCall<Name>] {
        execution.taskCalls.filter { $0.stateName == state.stateName }.map {
            WorkflowTaskCall(state: state, resource: $0.resource, input: $0.input, attempt: $0.retryCount + 1)
        }
    }

    /// How many times `state` was retried (calls after the first, over all its entries).
    public func retries(of state: Name) -> Int { execution.retries(of: state.stateName) }

    /// The output `state` produced the last time it exited.
    public func output(of state: Name) -> JSONValue? { execution.output(of: state.stateName) }

    /// The output `state` produced the last time it exited, decoded as `T`.
    /// - Throws: ``WorkflowExecutionError`` when the state never exited or its output is not a `T`.
    public func output<T: Decodable>(of state: Name, as type: T.Type) throws -> T {
        guard let value = execution.output(of: state.stateName) else {
            throw WorkflowExecutionError("'\(state.stateName)' never exited, so it has no output")
        }
        return try JSONBridge.decode(T.self, from: value, what: "the output of '\(state.stateName)'")
    }

    /// The execution's output decoded as `T`.
    /// - Throws: ``WorkflowExecutionError`` when the execution did not succeed (naming its error
    ///   and cause) or its output is not a `T`.
    public func output<T: Decodable>(as type: T.Type) throws -> T {
        guard let value = execution.output else {
            let why = [execution.error, execution.cause].compactMap { $0 }.joined(separator: ": ")
            throw WorkflowExecutionError(
                "the execution is \(execution.status.rawValue), so it has no output" + (why.isEmpty ? "" : " (\(why))"))
        }
        return try JSONBridge.decode(T.self, from: value, what: "the execution's output")
    }

    /// Every variable the states assigned, with the last value assigned to it, as JSON values.
    public var variables: [String: JSONValue] { execution.assignedVariables }

    /// The variables `state` assigned the last time it exited, as JSON values (nil: none).
    public func variables(assignedBy state: Name) -> [String: JSONValue]? {
        execution.variables(assignedBy: state.stateName)
    }

    /// The Map Runs of the distributed Map state `state`, in the order they ran (one per entry or
    /// retry of the state), each with its child executions.
    public func mapRuns(of state: Name) -> [WorkflowMapRun<Name>] {
        let reports = Dictionary(execution.mapRuns.map { ($0.mapRunArn, $0) }, uniquingKeysWith: { _, b in b })
        return execution.mapRunChildren.filter { $0.stateName == state.stateName }.map {
            WorkflowMapRun(state: state, report: reports[$0.mapRunArn], children: $0.children.map(WorkflowChild.init))
        }
    }
}

/// One call of a Task state, typed to its workflow.
public struct WorkflowTaskCall<Name: StateName>: Sendable {
    /// The Task state called.
    public var state: Name
    /// Its `Resource` ARN.
    public var resource: String
    /// What the task received (for `lambda:invoke`, the `Payload`).
    public var input: JSONValue
    /// 1 for the first call of an entry of the state, 2 for its first retry, and so on.
    public var attempt: Int

    /// The input decoded as `T`.
    public func input<T: Decodable>(as type: T.Type) throws -> T {
        try JSONBridge.decode(T.self, from: input, what: "the input of '\(state.stateName)' (attempt \(attempt))")
    }
}

/// A distributed Map Run of a workflow: what `DescribeMapRun` shows, and its child executions.
public struct WorkflowMapRun<Name: StateName>: Sendable {
    /// The distributed Map state.
    public var state: Name
    /// The run's counts, tolerances and status (nil only when the run did not end).
    public var report: MapRunReport?
    /// The child executions, in item index order.
    public var children: [WorkflowChild<Name>]

    /// The children that failed (whether tolerated or not).
    public var failures: [WorkflowChild<Name>] { children.filter { $0.status == .failed || $0.status == .timedOut } }

    /// Whether more children failed than `ToleratedFailureCount`/`ToleratedFailurePercentage`
    /// allow, which fails the Map with `States.ExceedToleratedFailureThreshold`.
    public var exceededTolerance: Bool { report?.status == "FAILED" }

    /// How many children failed without failing the Map (0 when the tolerance was exceeded).
    public var toleratedFailures: Int { exceededTolerance ? 0 : failures.count }
}

/// One child execution of a distributed Map Run, typed to its workflow.
public struct WorkflowChild<Name: StateName>: Sendable {
    /// The untyped record.
    public var child: MapRunChild

    init(_ child: MapRunChild) { self.child = child }

    /// The item's index.
    public var index: Int { child.index }
    /// The child's input.
    public var input: JSONValue { child.input }
    /// Succeeded, failed or aborted.
    public var status: ExecutionStatus { child.status }
    /// Its output, when it succeeded.
    public var output: JSONValue? { child.output }
    /// Its error and cause, when it failed.
    public var error: String? { child.error }
    /// Its cause, when it failed.
    public var cause: String? { child.cause }
    /// The states it entered, in order (empty when its history was not recorded).
    public var statesEntered: [Name] { child.statesEntered.compactMap(Name.named) }

    /// Its output decoded as `T`.
    public func output<T: Decodable>(as type: T.Type) throws -> T {
        guard let output = child.output else {
            throw WorkflowExecutionError(
                "child \(index) is \(status.rawValue), so it has no output"
                    + (error.map { " (\($0)\(cause.map { ": \($0)" } ?? ""))" } ?? ""))
        }
        return try JSONBridge.decode(T.self, from: output, what: "the output of child \(index)")
    }
}

/// A result asked for that an execution does not have, or that is not of the type asked for.
public struct WorkflowExecutionError: Error, Sendable, CustomStringConvertible {
    /// What is missing or wrong.
    public var description: String

    init(_ description: String) { self.description = description }
}

/// `Codable` values to and from ``JSONValue``, through JSON text.
enum JSONBridge {
    static func value<T: Encodable>(of value: T) throws -> JSONValue {
        let data = try JSONEncoder().encode(value)
        return try JSONParser.parse(String(decoding: data, as: UTF8.self))
    }

    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(JSONWriter.compact.string(value).utf8))
        } catch {
            throw WorkflowExecutionError("\(what) cannot be decoded as \(T.self): \(error)")
        }
    }
}
