import Foundation
import JSONCore
import StepFunctionsModel

/// One TestState call as both the Swift API and AWS's request describe it, and how it runs: AWS's
/// request checks in AWS's order, then the one state through the state template with
/// ``TestStateSettings`` on the engine, then the answer with AWS's inspection data.
struct TestStateCall {
    /// A mock as a request gives it: its result may not be JSON, and it may have both members.
    struct Mock {
        /// The mocked result (nil: none), or why its text is not JSON.
        var result: Result<JSONValue, JSONParseError>?
        /// The mocked error (`errorOutput`).
        var errorOutput: ErrorOutput?
        /// How strictly a Task's result is checked.
        var fieldValidationMode: TestStateMock.FieldValidationMode = .strict
    }

    /// A mocked `errorOutput`.
    struct ErrorOutput {
        var error: String?
        var cause: String?
    }

    var input: JSONValue = .object(JSONObject())
    var variables = JSONObject()
    var context: JSONValue?
    var mock: Mock?
    var configuration = TestStateConfiguration()
    var inspectionLevel = InspectionLevel.info
    /// `$$.Execution.RoleArn` (null without one).
    var roleArn: String?
    /// AWS's rules for what only a real service can answer: a Task without a mock needs `roleArn`,
    /// and activities, `.sync` and `.waitForTaskToken` need a mock. The Swift API answers those with
    /// the simulator's handlers instead.
    var requiresService = false

    /// The mock of the Swift API.
    static func mock(_ mock: TestStateMock?) -> Mock? {
        guard let mock else { return nil }
        switch mock.outcome {
        case .result(let value): return Mock(result: .success(value), fieldValidationMode: mock.fieldValidationMode)
        case .error(let error, let cause):
            return Mock(
                errorOutput: ErrorOutput(error: error, cause: cause), fieldValidationMode: mock.fieldValidationMode)
        }
    }

    // MARK: Checks

    /// AWS's checks of the request against the state, in AWS's order (SPEC §3); the first that fails
    /// throws its error. Returns the mocked result, when there is one.
    func check(_ state: StatePlan) throws(TestStateError) -> JSONValue? {
        let configuration = configuration
        for (name, value) in [
            ("retrierRetryCount", configuration.retrierRetryCount),
            ("mapIterationFailureCount", configuration.mapIterationFailureCount),
        ] {
            if let value, value < 0 {
                throw .validation(
                    "1 validation error detected: Value '\(value)' at 'stateConfiguration.\(name)' failed to satisfy "
                        + "constraint: Member must have value greater than or equal to 0")
            }
        }
        let mocked = mock != nil
        var pattern: TaskResource.IntegrationPattern?
        var isActivity = false
        if case .task(let t) = state.body {
            pattern = t.info.pattern
            isActivity = t.info.names.isActivity
        }
        // Not recorded: AWS documents that a context needs a mock (the wording follows the next check's).
        if context != nil && !mocked {
            throw .validation("TestState does not support Context when a mock is not specified.")
        }
        if requiresService && !mocked && (isActivity || (pattern != nil && pattern != .requestResponse)) {
            // AWS's documented wording (not recorded).
            throw .validation(
                "TestState only supports the following when a mock is specified: Activity tasks, .sync or "
                    + ".waitForTaskToken service integration patterns, Parallel, or Map states")
        }
        if configuration.mapIterationFailureCount != nil && !mocked {
            throw .validation("TestState does not support MapIterationFailureCount when a mock is not specified.")
        }
        if (state.type == .map || state.type == .parallel) && !mocked {
            throw TestStateError(
                .invalidDefinition,
                "TestState API does not support Map or Parallel states. Supported state types include: "
                    + "[Task, Wait, Pass, Succeed, Fail, Choice]")
        }
        var result: JSONValue?
        if let mock {
            guard [.task, .map, .parallel].contains(state.type) else {
                throw .validation("State type '\(state.type.rawValue)' is not supported when a mock is specified")
            }
            if mock.result != nil && mock.errorOutput != nil {
                throw .validation("A test mock should have only one of the following fields: [result, errorOutput].")
            }
            if let e = mock.errorOutput, e.error == nil {
                // AWS's model says `error` is required in an `errorOutput` (wording not recorded).
                throw .validation("The mocked errorOutput must have an error")
            }
            switch mock.result {
            case .failure?: throw .validation("Mocked result must be valid JSON")
            case .success(let value)?: result = value
            case nil: break
            }
        }
        if let result {
            switch state.body {
            case .map(let m):
                if m.resultWriter != nil {
                    guard case .object = result else { throw .validation("Mocked result must be a JSON object.") }
                } else {
                    guard case .array = result else { throw .validation("Mocked result must be an array.") }
                }
                if let failures = configuration.mapIterationFailureCount, failures > (result.arrayValue?.count ?? 0) {
                    throw .validation(
                        "Map iteration failure count must be less than or equal to the number of Map iterations")
                }
            case .parallel(let p):
                guard case .array(let items) = result else { throw .validation("Mocked result must be an array.") }
                guard items.count == p.branches.count else {
                    throw .validation(
                        "Mocked result must contain the same number of items as number of Parallel branches.")
                }
            case .task(let t):
                if let mock, mock.fieldValidationMode != .none, let target = MockShapes.target(t.info.kind),
                    let message = MockResultValidator(
                        target: target, requireMembers: mock.fieldValidationMode == .strict
                    )
                    .message(result)
                {
                    throw .validation(message)
                }
            default:
                break
            }
        }
        if let context,
            let problem = TestStateContext.problem(
                context, callbackTask: pattern != nil && pattern != .requestResponse)
        {
            throw .validation(problem)
        }
        if requiresService && state.type == .task && !mocked && (roleArn ?? "").isEmpty {
            throw .validation("RoleArn must be specified when testing a Task state")
        }
        return result
    }
}

extension Simulator {
    /// Runs TestState on the state named `stateName` (top level first, then nested graphs).
    func runTestState(_ stateName: String, _ call: TestStateCall) async throws(TestStateError) -> TestStateResult {
        guard let (state, graph) = plan.findState(stateName) else {
            throw .validation("State not found in definition")
        }
        let mockedResult = try call.check(state)
        let configuration = call.configuration

        // A Task's mock answers its one call, as a mocked response; a Map's or Parallel's replaces its work.
        var engineMock: TestStateSettings.Mock?
        var taskMock: MockResponse?
        if let mock = call.mock {
            let outcome: MockResponse.Outcome
            if let e = mock.errorOutput {
                outcome = .throw(error: e.error, cause: e.cause)
                engineMock = .error(e.error, e.cause)
            } else {
                outcome = .return(mockedResult ?? .null)
                engineMock = .result(mockedResult ?? .null)
            }
            if state.type == .task { taskMock = MockResponse(outcome) }
        }
        let simulator = forTestState(task: state.type == .task ? state.name : nil, mock: taskMock)
        let settings = TestStateSettings(
            mock: state.type == .task ? nil : engineMock, retrierRetryCount: configuration.retrierRetryCount ?? 0,
            mapIterationFailureCount: configuration.mapIterationFailureCount ?? 0,
            mapItemReaderData: configuration.mapItemReaderData)
        let engine = Engine(simulator: simulator, testState: settings)
        let start = engine.startDate
        let options = simulator.options
        let executionContext =
            call.context.map { ExecutionContext(execution: .null, stateMachine: .null, given: $0) }
            ?? TestStateContext.madeUp(
                input: call.input, roleArn: call.roleArn, options: options, start: Timestamp.format(start))

        var flow = Flow(log: EventLog(last: 0, record: false), now: start, random: RandomSource(seed: options.seed))
        let inspection = Inspection()
        flow.inspection = inspection
        if !call.variables.isEmpty {
            do throws(StateFailure) {
                try flow.variables.assign(
                    call.variables.map { (name: $0.key, value: $0.value) }, valueLimit: options.variableSizeLimit,
                    totalLimit: options.variablesTotalSizeLimit)
            } catch {
                // Not recorded: AWS's wording for variables it refuses.
                throw .validation("Invalid variables provided: \(error.cause ?? "")")
            }
        }
        let outcome: Result<Outcome, StateFailure>
        do throws(StateFailure) {
            let stateContext = StateContext(execution: executionContext, state: state, enteredTime: start)
            outcome = .success(try await engine.runState(state, input: call.input, flow: &flow, context: stateContext))
        } catch {
            outcome = .failure(error)
        }

        let details = inspection.errorDetails.map { d in
            InspectionData.ErrorDetails(
                catchIndex: d.catchIndex, retryIndex: d.retryIndex,
                retryBackoffIntervalSeconds: d.retryBackoffIntervalSeconds.map { Int($0) })
        }
        var result: TestStateResult
        switch outcome {
        case .success(let exit):
            let target: Int?
            let output: JSONValue
            switch exit {
            case .next(let t, let out): (target, output) = (t, out)
            case .end(let out): (target, output) = (nil, out)
            }
            result = TestStateResult(status: .succeeded, nextState: target.map(graph.name), output: output)
            if details?.catchIndex != nil, let handled = inspection.handledFailure {
                result.status = .caughtError
                result.error = handled.error
                result.cause = handled.cause
            }
        case .failure(let failure):
            result = TestStateResult(status: details?.retryBackoffIntervalSeconds != nil ? .retriable : .failed)
            switch failure.kind {
            case .executionTimeout, .hang:
                // TestState runs a state for five minutes at most.
                result.error = StatesError.timeout
            default:
                result.error = failure.error
                result.cause = failure.cause
            }
        }
        result.errorDetails = details
        if call.inspectionLevel != .info {
            result.inspectionData = TestStateCall.inspectionData(
                state, inspection, input: call.input, status: result.status, variables: flow.variables,
                given: call.variables, details: details)
        }
        return result
    }

    /// A copy for TestState: no history; a mocked Task answered by its mock alone (handlers take
    /// precedence over mocks, so none is kept); an unanswered Task's advice names the mock.
    func forTestState(task: String?, mock: MockResponse?) -> Simulator {
        let copy = setup.copy()
        copy.options.recordHistory = false
        if copy.options.unansweredTaskAdvice == nil {
            copy.options.unansweredTaskAdvice =
                "give testState a mock, register a handler with handle(state:) or handle(resource:), "
                + "or use a mock configuration"
        }
        if let task, let mock {
            copy.stateHandlers = [:]
            copy.resourceHandlers = [:]
            copy.mocks = MockedResponses([task: [mock]])
        }
        copy.rebind(plan)
        return Simulator(plan: plan, setup: copy)
    }
}

extension TestStateCall {
    /// The inspection data AWS shows for the state's type and query language (SPEC §6.2): what the
    /// state template recorded, less the steps AWS does not show.
    static func inspectionData(
        _ state: StatePlan, _ inspection: Inspection, input: JSONValue, status: TestStateResult.Status,
        variables: Variables, given: JSONObject, details: InspectionData.ErrorDetails?
    ) -> InspectionData {
        var d = InspectionData()
        let step = inspection.value
        let produced = status == .succeeded
        d.input = input
        if state.jsonata {
            switch state.body {
            case .task:
                d.afterArguments = step("afterArguments")
                if produced { d.result = step("result") }
            case .map:
                mapSteps(&d, step)
            default:
                break
            }
        } else {
            switch state.body {
            case .pass(let p):
                if p.result != nil {
                    // `Result` replaces the effective input and the parameters: AWS shows neither.
                    d.result = step("result")
                } else {
                    d.afterInputPath = step("afterInputPath")
                    d.afterParameters = step("afterParameters") ?? step("afterInputPath")
                }
                if produced {
                    d.afterResultSelector = step("afterResultSelector")
                    d.afterResultPath = step("afterResultPath")
                }
            case .succeed, .choice, .wait:
                d.afterInputPath = step("afterInputPath")
            case .fail:
                // A Fail state has no InputPath.
                d.afterInputPath = input
            case .task:
                d.afterInputPath = step("afterInputPath")
                d.afterParameters = step("afterParameters")
                if produced {
                    d.result = step("result")
                    d.afterResultSelector = step("afterResultSelector")
                    d.afterResultPath = step("afterResultPath")
                }
            case .parallel:
                if produced {
                    d.afterResultSelector = step("afterResultSelector")
                    d.afterResultPath = step("afterResultPath")
                }
            case .map:
                d.afterInputPath = step("afterInputPath")
                d.afterItemsPath = step("afterItemsPath")
                mapSteps(&d, step)
                if produced {
                    d.afterResultSelector = step("afterResultSelector")
                    d.afterResultPath = step("afterResultPath")
                }
            }
        }
        let after = variables.visible
        if !after.isEmpty {
            // The given variables in their order, then those the state assigned.
            var o = JSONObject()
            for (name, _) in given { if let v = after[name] { o[name] = v } }
            for name in after.keys.sorted() where !o.contains(name) { o[name] = after[name] }
            d.variables = o
        }
        d.errorDetails = details
        return d
    }

    /// A Map's own steps (both query languages).
    private static func mapSteps(_ d: inout InspectionData, _ step: (String) -> JSONValue?) {
        d.afterItemSelector = step("afterItemSelector")
        d.afterItemBatcher = step("afterItemBatcher")
        d.maxConcurrency = step("maxConcurrency")?.intValue
        d.toleratedFailureCount = step("toleratedFailureCount")?.intValue
        d.toleratedFailurePercentage = step("toleratedFailurePercentage")?.doubleValue
    }
}

extension Plan {
    /// The state named `name`: at the top level, else in a Parallel branch or Map processor (depth
    /// first, in definition order), with the graph it belongs to.
    func findState(_ name: String) -> (StatePlan, GraphPlan)? {
        func search(_ graph: GraphPlan) -> (StatePlan, GraphPlan)? {
            if let s = graph.states.first(where: { $0.name == name }) { return (s, graph) }
            for s in graph.states {
                switch s.body {
                case .parallel(let p):
                    for b in p.branches { if let found = search(b) { return found } }
                case .map(let m):
                    if let found = search(m.processor) { return found }
                default:
                    break
                }
            }
            return nil
        }
        return search(root)
    }
}

extension GraphPlan {
    /// The name a target index stands for (a missing state's name for a negative one).
    func name(_ target: Int) -> String {
        target >= 0 ? states[target].name : missing[-1 - target]
    }
}
