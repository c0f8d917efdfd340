import JSONCore
import Testing

@testable import StepFunctionsSimulator

/// The main flow's random source keeps its generator in the execution's shared state (no lock of
/// its own); it must draw exactly what a source with a lock of its own draws.
@Suite struct RandomSourceTests {
    @Test func aSourceInTheSharedStateDrawsWhatItsOwnWould() {
        for seed: UInt64 in [0, 1, 0x5EED, .max, 0x9E37_79B9_7F4A_7C15] {
            let own = RandomSource(seed: seed)
            let shared = RandomSource(seed: seed, sharing: Locked(Engine.Shared()))
            #expect(own.seed == shared.seed)
            for _ in 0..<100 { #expect(own.next() == shared.next()) }
            #expect(own.uuid() == shared.uuid())
            #expect(own.nextUnit() == shared.nextUnit())
            #expect(own.child(3).next() == shared.child(3).next())
            // Copies share the generator, as before.
            let copy = shared
            let next = own.next()
            #expect(copy.next() == next)
        }
    }

    @Test func anExecutionDrawsFromItsSeed() async throws {
        let asl = #"""
            {"StartAt": "A", "States": {
              "A": {"Type": "Pass", "Parameters": {"u.$": "States.UUID()"}, "ResultPath": "$.a", "Next": "B"},
              "B": {"Type": "Pass", "Parameters": {"u.$": "States.UUID()"}, "ResultPath": "$.b", "End": true}}}
            """#
        for seed: UInt64 in [0, 77, 0x5EED] {
            var options = Simulator.Options()
            options.seed = seed
            let e = await (try Simulator(aslJSON: asl, options: options)).run(input: [:])
            // The main flow's draws are those of a source of the run's seed, in order.
            let source = RandomSource(seed: seed)
            #expect(e.output?["a"]?["u"] == .string(source.uuid()))
            #expect(e.output?["b"]?["u"] == .string(source.uuid()))
        }
    }
}
