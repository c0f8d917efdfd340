import Foundation
import JSONCore
import StepFunctionsModel
import StepFunctionsSimulator

extension LocalStepFunctions {
    /// Answers the Task states that call this service itself: `aws-sdk:sfn:*` (a worker machine
    /// polling an activity, one machine starting another) and `states:startExecution` in every
    /// integration pattern (the child is an execution of this service: ``startChildExecution(_:waitForEnd:)``).
    func installIntegrations(_ simulator: inout Simulator, definition: StateMachineDefinition) {
        simulator.useChildExecutions(ChildExecutions(service: self))
        simulator.useCallbackSubmitter(CallbackSubmissions(service: self))
        for resource in Self.taskResources(definition.graph) {
            guard case .sdk(let service, let action, let pattern) = TaskResource(resource).kind, service == "sfn",
                pattern == .requestResponse
            else { continue }
            let operation = action.prefix(1).uppercased() + action.dropFirst()
            simulator.handle(resource: resource) { [weak self] call in
                guard let self else { throw TaskError(error: "States.Runtime", cause: "sfn serve stopped") }
                return try await self.selfCall(operation, call.parameters, errorPrefix: "Sfn")
            }
        }
    }

    /// Calls one of this service's operations with a Task's PascalCase parameters; answers in PascalCase.
    func selfCall(_ operation: String, _ parameters: JSONValue, errorPrefix: String) async throws -> JSONValue {
        switch await call(operation, Self.recase(parameters, upper: false)) {
        case .success(let response):
            return Self.recase(response, upper: true)
        case .failure(let error):
            throw Self.taskError(error, errorPrefix: errorPrefix)
        }
    }

    /// The error a Task fails with when this service refused its call (`Sfn.…` for an SDK
    /// integration, `StepFunctions.…` for the optimized one), in AWS's words.
    static func taskError(_ error: AWSError, errorPrefix: String) -> TaskError {
        let name = error.type.hasSuffix("Exception") ? error.type : error.type + "Exception"
        if errorPrefix == "StepFunctions" {
            // As AWS words it (`test_start_execution_no_such_arn`).
            return TaskError(
                error: "StepFunctions.\(name)",
                cause:
                    "\(error.message) (Service: AWSStepFunctions; Status Code: \(error.status); Error Code: \(error.type); "
                    + "Request ID: \(Self.uuid()); Proxy: null)")
        }
        return TaskError(
            error: "\(errorPrefix).\(name)",
            cause:
                "\(error.message) (Service: \(errorPrefix == "Sfn" ? "Sfn" : "AWSStepFunctions"), Status Code: \(error.status), Request ID: \(Self.uuid()))"
        )
    }

    /// Object keys with their first letter upper- or lower-cased, at every depth (SDK integrations
    /// name API members in PascalCase).
    static func recase(_ value: JSONValue, upper: Bool) -> JSONValue {
        switch value {
        case .object(let o):
            var out = JSONObject(minimumCapacity: o.count)
            for (key, v) in o {
                let first = upper ? key.prefix(1).uppercased() : key.prefix(1).lowercased()
                out[first + key.dropFirst()] = recase(v, upper: upper)
            }
            return .object(out)
        case .array(let a): return .array(a.map { recase($0, upper: upper) })
        default: return value
        }
    }

    /// Every Task state's `Resource` in a graph and the graphs inside it.
    static func taskResources(_ graph: StateGraph) -> Set<String> {
        var out: Set<String> = []
        for entry in graph.states {
            if case .task(let task) = entry.state { out.insert(task.resource.arn) }
            for child in entry.state.childGraphs { out.formUnion(taskResources(child)) }
        }
        return out
    }
}
