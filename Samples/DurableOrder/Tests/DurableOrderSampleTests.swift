import DurableOrderSample
import StepFunctions
import Testing

@Suite("Durable order sample")
struct DurableOrderSampleTests {
    @Test func durableOrderMatchesItsGolden() {
        let problems = GoldenFile.verify(durableOrder, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func durableFulfilmentMatchesItsGolden() {
        let problems = GoldenFile.verify(durableFulfilment, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// Every task of the fulfilment pipeline has a timeout, so it compiles without warnings.
    @Test func durableFulfilmentHasNoWarnings() throws {
        let compiled = try durableFulfilment.compile()
        #expect(compiled.warnings.isEmpty, "\(compiled.warnings)")
    }
}
