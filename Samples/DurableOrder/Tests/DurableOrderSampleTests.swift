import DurableOrderSample
import StepFunctions
import StepFunctionsTesting
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

    @Test func durableOrderPicturesMatchTheirGoldens() {
        let problems = GoldenFile.verifyPictures(durableOrder, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func durableFulfilmentPicturesMatchTheirGoldens() {
        let problems = GoldenFile.verifyPictures(durableFulfilment, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// Every task of the fulfilment pipeline has a timeout, so it compiles without warnings.
    @Test func durableFulfilmentHasNoWarnings() throws {
        let compiled = try durableFulfilment.compile()
        #expect(compiled.warnings.isEmpty, "\(compiled.warnings)")
    }
}

/// `.sync` and `.waitForTaskToken` are Standard-only: the same workflow as EXPRESS is rejected, each
/// finding at the line of the task concerned.
@Test func durableFulfilmentIsRejectedAsExpress() {
    let errors = durableFulfilment.type(.express).validate().filter { $0.severity == .error }
    #expect(errors.count == 4, "\(errors)")
    #expect(
        errors.allSatisfy {
            $0.code == .expressUnsupported
                && $0.location?.file == "Samples/DurableOrder/Sources/DurableFulfilment.swift"
        })
}
