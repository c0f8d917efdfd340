import PaymentSample
import StepFunctions
import StepFunctionsTesting
import Testing

@Suite("Payment sample")
struct PaymentSampleTests {
    @Test func paymentProcessingMatchesItsGolden() {
        let problems = GoldenFile.verify(paymentProcessing, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func paymentIntegrationsMatchesItsGolden() {
        let problems = GoldenFile.verify(paymentIntegrations, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func paymentProcessingPicturesMatchTheirGoldens() {
        let problems = GoldenFile.verifyPictures(paymentProcessing, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func paymentIntegrationsPicturesMatchTheirGoldens() {
        let problems = GoldenFile.verifyPictures(paymentIntegrations, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}
