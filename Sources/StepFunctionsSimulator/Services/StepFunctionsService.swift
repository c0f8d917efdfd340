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
        let inputString = inputText ?? JSONWriter.compact.string(childInput)
        if pattern == .requestResponse {
            return .success([
                "ExecutionArn": .string(sub.options.executionArn), "StartDate": .string(Timestamp.format(flow.now)),
            ])
        }
        var o = JSONObject()
        if execution.status != .succeeded {
            if let c = execution.cause { o["Cause"] = .string(c) }
            if let e = execution.error { o["Error"] = .string(e) }
        }
        o["ExecutionArn"] = .string(sub.options.executionArn)
        o["Input"] = pattern == .sync2 ? childInput : .string(inputString)
        o["InputDetails"] = ["Included": true]
        o["Name"] = .string(sub.options.executionName)
        if let output = execution.output {
            o["Output"] = pattern == .sync2 ? output : .string(JSONWriter.compact.string(output))
            o["OutputDetails"] = ["Included": true]
        }
        o["RedriveCount"] = 0
        o["RedriveStatus"] = "NOT_REDRIVABLE"
        o["StartDate"] = .string(Timestamp.format(execution.startDate))
        o["StateMachineArn"] = .string(arn)
        o["Status"] = .string(execution.status.rawValue)
        o["StopDate"] = .string(Timestamp.format(execution.stopDate))
        flow.now = max(flow.now, execution.stopDate)
        if execution.status == .succeeded { return .success(.object(o)) }
        return .failure(
            StateFailure(error: StatesError.taskFailed, cause: JSONWriter.compact.string(.object(o)), kind: .error))
    }
}
