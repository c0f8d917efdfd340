import JSONCore
import StepFunctionsSimulator

/// Runs ASL JSON text with `input` and optional handlers.
func run(
    _ asl: String, input: JSONValue = [:], options: Simulator.Options = Simulator.Options(),
    configure: (inout Simulator) -> Void = { _ in }
) async throws -> Execution {
    var sim = try Simulator(aslJSON: asl, options: options)
    configure(&sim)
    return await sim.run(input: input)
}

/// A one-state machine around `state` (named `S`).
func single(_ state: String) -> String {
    #"{"StartAt": "S", "States": {"S": "# + state + "}}"
}
