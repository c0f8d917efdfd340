import Foundation
import JSONCore
import StepFunctionsModel
import StepFunctionsSimulator

/// `Simulator.explore` on the seed payment workflow: paths per second, as STANDARD (every outcome
/// of each task call, 250 paths) and as EXPRESS (duplicate deliveries too, 3,931 paths), with an
/// assertion checked on every path.
@MainActor
func runExploreBenchmarks() {
    let input: JSONValue = ["orderId": "o-1", "confirmationMessage": "thanks"]
    for type in [StateMachineType.standard, .express] {
        var options = Simulator.Options()
        options.stateMachineType = type
        guard let sim = try? Simulator(aslJSON: benchmarkPaymentWorkflow, options: options) else {
            print("payment workflow failed to load")
            return
        }
        var explore = ExploreOptions()
        explore.assertions = [.maxSuccesses("ProcessPayment", 1)]
        let settings = explore
        _ = Simulator.runBlocking { await sim.explore(inputs: [input], options: settings) }
        // Repeat the small STANDARD exploration so that each measurement takes a while.
        let rounds = type == .standard ? 40 : 3
        var paths = 0
        var broken = 0
        let seconds = measureSeconds {
            let (p, b) = Simulator.runBlocking {
                var p = 0
                var b = 0
                for _ in 0..<rounds {
                    let report = await sim.explore(inputs: [input], options: settings)
                    p += report.paths.count
                    b += report.assertions[0].violations
                }
                return (p, b)
            }
            paths = p
            broken = b
        }
        print("explore: seed payment workflow as \(type.rawValue), \(paths / rounds) paths x \(rounds) rounds")
        print(
            "  \(formatRate(Double(paths) / seconds)) paths/s (\(String(format: "%.2f", seconds)) s), "
                + "'ProcessPayment succeeds at most 1 time' broken on \(broken / rounds) paths")
    }
}
