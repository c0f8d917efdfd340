import Foundation
import JSONCore
import StepFunctionsModel
import StepFunctionsSimulator

extension LocalStepFunctions {
    /// Answers the Task states that call this service itself: `aws-sdk:sfn:*` (a worker machine
    /// polling an activity, one machine starting another) and `states:startExecution` without `.sync`.
    func installIntegrations(_ simulator: inout Simulator, definition: StateMachineDefinition) {
        for resource in Self.taskResources(definition.graph) {
            guard case .sdk(let service, let action, let pattern) = TaskResource(resource).kind, service == "sfn",
                pattern == .requestResponse
            else {
                if case .integration("states", "startExecution", .requestResponse) = TaskResource(resource).kind {
                    simulator.handle(resource: resource) { [weak self] call in
                        guard let self else { throw TaskError(error: "States.Runtime", cause: "sfn serve stopped") }
                        return try await self.selfCall("StartExecution", call.parameters, errorPrefix: "StepFunctions")
                    }
                }
                continue
            }
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
            let name = error.type.hasSuffix("Exception") ? error.type : error.type + "Exception"
            throw TaskError(
                error: "\(errorPrefix).\(name)",
                cause:
                    "\(error.message) (Service: \(errorPrefix == "Sfn" ? "Sfn" : "AWSStepFunctions"), Status Code: \(error.status), Request ID: \(Self.uuid()))"
            )
        }
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
