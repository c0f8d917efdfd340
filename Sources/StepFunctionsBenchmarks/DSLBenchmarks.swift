import Foundation
import StepFunctions

/// A state name made at run time, for generated workflows.
struct GeneratedStep: StateName, RawRepresentable {
    let rawValue: String
    init(rawValue: String) { self.rawValue = rawValue }
    init(_ i: Int) { rawValue = "Step\(i)" }
}

/// A generated workflow of `count` states (plus one handler): Lambda tasks with retry, catch and a
/// payload, Pass states with parameters, and every tenth state a Choice going on to the next state.
func generatedWorkflow(states count: Int) -> StateMachine<GeneratedStep> {
    let failed = GeneratedStep(rawValue: "Failed")
    return StateMachine(GeneratedStep.self, name: "generated", comment: "\(count) generated states") {
        for i in 0..<count {
            if i % 10 == 9 {
                Choice(GeneratedStep(i)) {
                    When(.numericGreaterThan("$.n", i), next: GeneratedStep(i + 1 < count ? i + 1 : 0))
                    Otherwise(i + 1 < count ? GeneratedStep(i + 1) : failed)
                }
            } else if i % 2 == 0 {
                LambdaInvoke(
                    GeneratedStep(i), function: "fn-\(i % 7)",
                    payload: ["n": .path("$.n"), "step": "\(i)", "at": .path("$$.State.EnteredTime")]
                )
                .resultPath("$.r\(i % 3)")
                .timeout(.seconds(30))
                .retry(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
                .catch(.all, resultPath: "$.error", next: failed)
            } else {
                Pass(GeneratedStep(i)).parameters(["n": .path("$.n"), "label": .format("step {}", .path("$.n"))])
            }
        }
    } handlers: {
        Fail(failed, error: "Generated", cause: "A generated step failed")
    }
}

/// Builds, lowers, validates and renders a generated 10,000-state workflow; prints the best of five
/// rounds for each phase and for `compile()` as a whole.
@MainActor
func runDSLBenchmarks() {
    let count = 10_000
    let rounds = 5
    var best = (build: Double.infinity, lower: Double.infinity, validate: Double.infinity, compile: Double.infinity)
    var bytes = 0
    for _ in 0..<rounds {
        var machine: StateMachine<GeneratedStep>?
        best.build = min(best.build, measureSeconds { machine = generatedWorkflow(states: count) })
        guard let machine else { return }
        var definition: StateMachineDefinition?
        best.lower = min(best.lower, measureSeconds { definition = machine.lower().definition })
        if let definition {
            best.validate = min(best.validate, measureSeconds { _ = ASLValidator().validate(definition) })
        }
        best.compile = min(
            best.compile,
            measureSeconds {
                do {
                    bytes = try machine.compile().json.utf8.count
                } catch {
                    print("the generated workflow does not compile: \(error)")
                }
            })
    }
    print("DSL: a generated workflow of \(count + 1) states (\(bytes / 1024) KiB of JSON), best of \(rounds)")
    print(String(format: "  build the DSL tree   %8.1f ms", best.build * 1e3))
    print(String(format: "  lower to the model   %8.1f ms", best.lower * 1e3))
    print(String(format: "  validate             %8.1f ms", best.validate * 1e3))
    print(String(format: "  compile() in all     %8.1f ms  (lower + validate + render JSON)", best.compile * 1e3))
}
