import Foundation
import JSONCore
import StepFunctionsModel

// What the simulator emulates of Step Functions' own integration (`states:startExecution`): child
// executions of registered state machines, with `.sync`/`.sync:2` responses, and what a submission
// answers when no mock says.
extension Engine {
    /// What a `.waitForTaskToken` or `.sync` task's submission returns when no recording says.
    static func defaultSubmittedOutput(
        _ kind: TaskResource.Kind, parameters: JSONValue, options: Simulator.Options, flow: Flow
    )
        -> JSONValue
    {
        if case .integration("states", "startExecution", _) = kind {
            let name = parameters["Name"]?.stringValue ?? flow.random.uuid()
            let machine = parameters["StateMachineArn"]?.stringValue ?? ""
            let arn = machine.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":" + name
            return ["ExecutionArn": .string(arn), "StartDate": .string(Timestamp.format(flow.now))]
        }
        return .object(JSONObject())
    }

    /// Runs a registered child state machine for `states:startExecution`.
    nonisolated(nonsending) func startChildExecution(
        parameters: JSONValue, pattern: TaskResource.IntegrationPattern, flow: inout Flow
    ) async
        -> Result<JSONValue, StateFailure>
    {
        let arn = parameters["StateMachineArn"]?.stringValue ?? ""
        let shortName = arn.split(separator: ":").last.map(String.init) ?? arn
        guard let child = setup.childMachines[arn] ?? setup.childMachines[shortName] else {
            if setup.options.strict {
                return .failure(
                    StateFailure(
                        error: "Simulator.NoChildMachine",
                        cause:
                            "No state machine '\(arn)' is registered: register it with register(childMachine:definition:)"
                            + " (Options.strict = false gives AWS's StateMachineDoesNotExist error instead)",
                        kind: .runtime))
            }
            // AWS's cause, as recorded (`test_start_execution_no_such_arn`).
            return .failure(
                StateFailure(
                    error: "StepFunctions.StateMachineDoesNotExistException",
                    cause:
                        "State Machine Does Not Exist: '\(arn)' (Service: AWSStepFunctions; Status Code: 400; Error Code: "
                        + "StateMachineDoesNotExist; Request ID: \(flow.random.uuid()); Proxy: null)", kind: .error))
        }
        var childInput: JSONValue = .object(JSONObject())
        var inputText: String?
        switch parameters["Input"] {
        case .string(let text)?:
            inputText = text
            childInput = (try? JSONParser.parse(text)) ?? .string(text)
        case let v?: childInput = v
        case nil: break
        }
        var sub = Simulator(plan: plan, setup: setup).running(child)
        sub.options.stateMachineName = shortName
        sub.options.executionName = parameters["Name"]?.stringValue ?? flow.random.uuid()
        sub.options.startDate = flow.now
        sub.options.seed = flow.random.next()
        let execution = await sub.start(input: childInput, inputText: inputText).result()
        if pattern == .requestResponse {
            return .success([
                "ExecutionArn": .string(sub.options.executionArn), "StartDate": .string(Timestamp.format(flow.now)),
            ])
        }
        flow.now = max(flow.now, execution.stopDate)
        let started = ChildExecution(
            executionArn: sub.options.executionArn, name: sub.options.executionName,
            inputText: inputText ?? JSONWriter.compact.string(childInput), startDate: execution.startDate)
        let end = ChildExecution.End(
            status: execution.status, outputText: execution.output.map { JSONWriter.compact.string($0) },
            error: execution.error, cause: execution.cause, stopDate: execution.stopDate)
        return Engine.childResult(
            started, end, stateMachineArn: arn, input: childInput, output: execution.output, pattern: pattern)
    }

    /// Starts a child execution through the runner (`sfn serve`'s own executions): request-response
    /// answers at once, `.sync` and `.sync:2` wait for its end; nil for `.waitForTaskToken`, whose
    /// callback answers.
    nonisolated(nonsending) func startChildExecution(
        _ call: Call, runner: any ChildExecutionRunner, flow: inout Flow
    ) async -> Result<JSONValue, StateFailure>? {
        let pattern = call.task.info.pattern
        var parameters = call.parameters
        if parameters["Name"] == nil, case .object(var o) = parameters {
            // The name the TaskSubmitted event gave the child's ARN, else a fresh one (as AWS names it).
            let submitted = call.submitted?["ExecutionArn"]?.stringValue?.split(separator: ":").last.map(String.init)
            o["Name"] = .string(submitted ?? flow.random.uuid())
            parameters = .object(o)
        }
        let waits = pattern == .sync || pattern == .sync2
        let wallStart = ContinuousClock.now
        let start = flow.now
        let options = setup.options
        // On the real clock the runner waits at most the Task's TimeoutSeconds (scaled).
        let waitLimit = call.timeout.flatMap { t in
            waits && options.clock == .real ? Duration.seconds(Double(t) / options.timeScale) : nil
        }
        let child: ChildExecution
        do {
            child = try await runner.startExecution(parameters: parameters, waitForEnd: waits, waitLimit: waitLimit)
        } catch {
            if error is CancellationError, Task.isCancelled {
                return .failure(StateFailure(error: nil, cause: nil, kind: .aborted))
            }
            return .failure(LambdaService.failure(from: error, lambda: false))
        }
        guard waits else {
            if pattern == .waitForTaskToken { return nil }
            return .success([
                "ExecutionArn": .string(child.executionArn), "StartDate": .string(Timestamp.format(child.startDate)),
            ])
        }
        if child.timedOut, let timeout = call.timeout { return Self.syncTimeout(timeout, from: start, flow: &flow) }
        // Not ended: the parent was stopped, or the server is stopping.
        guard let end = child.end else { return .failure(StateFailure(error: nil, cause: nil, kind: .aborted)) }
        // On the virtual clock the child's own run says how long the Task waited.
        if options.clock != .real, let timeout = call.timeout,
            end.stopDate.timeIntervalSince(child.startDate) > Double(timeout)
        {
            return Self.syncTimeout(timeout, from: start, flow: &flow)
        }
        if options.clock == .real {
            let spent = ContinuousClock.now - wallStart
            let seconds = Double(spent.components.seconds) + Double(spent.components.attoseconds) / 1e18
            flow.now = options.timeScale == 1 ? Date() : flow.now.addingTimeInterval(seconds / options.timeScale)
        } else {
            flow.now = max(flow.now, end.stopDate)
        }
        let input = (try? JSONParser.parse(child.inputText)) ?? .string(child.inputText)
        let output = end.outputText.map { (try? JSONParser.parse($0)) ?? .string($0) }
        return Engine.childResult(
            child, end, stateMachineArn: parameters["StateMachineArn"]?.stringValue ?? "", input: input,
            output: output, pattern: pattern)
    }

    /// A `.sync` or `.sync:2` Task whose child ran past its `TimeoutSeconds`: it fails with
    /// `States.Timeout` when the timeout ran out, as any Task does.
    static func syncTimeout(_ timeout: Int, from start: Date, flow: inout Flow) -> Result<JSONValue, StateFailure> {
        flow.now = start.addingTimeInterval(Double(timeout))
        return .failure(StateFailure(error: StatesError.timeout, cause: nil, kind: .error))
    }

    /// A `.sync` or `.sync:2` Task's result: the child's description in PascalCase, its `Input` and
    /// `Output` as JSON text (`.sync`) or as JSON (`.sync:2`); a child that did not succeed fails
    /// the Task with `States.TaskFailed` and the description as the cause.
    static func childResult(
        _ child: ChildExecution, _ end: ChildExecution.End, stateMachineArn: String, input: JSONValue,
        output: JSONValue?, pattern: TaskResource.IntegrationPattern
    ) -> Result<JSONValue, StateFailure> {
        var o = JSONObject()
        if end.status != .succeeded {
            if let c = end.cause { o["Cause"] = .string(c) }
            if let e = end.error { o["Error"] = .string(e) }
        }
        o["ExecutionArn"] = .string(child.executionArn)
        o["Input"] = pattern == .sync2 ? input : .string(child.inputText)
        o["InputDetails"] = ["Included": true]
        o["Name"] = .string(child.name)
        if let output, let text = end.outputText {
            o["Output"] = pattern == .sync2 ? output : .string(text)
            o["OutputDetails"] = ["Included": true]
        }
        o["RedriveCount"] = 0
        o["RedriveStatus"] = "NOT_REDRIVABLE"
        o["StartDate"] = .string(Timestamp.format(child.startDate))
        o["StateMachineArn"] = .string(stateMachineArn)
        o["Status"] = .string(end.status.rawValue)
        o["StopDate"] = .string(Timestamp.format(end.stopDate))
        if end.status == .succeeded { return .success(.object(o)) }
        return .failure(
            StateFailure(error: StatesError.taskFailed, cause: JSONWriter.compact.string(.object(o)), kind: .error))
    }
}
