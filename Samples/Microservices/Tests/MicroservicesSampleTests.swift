import MicroservicesSample
import StepFunctions
import Testing

@Suite("Microservices sample")
struct MicroservicesSampleTests {
    @Test func microservicesOrchestrationMatchesItsGolden() {
        let problems = GoldenFile.verify(microservicesOrchestration, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}
