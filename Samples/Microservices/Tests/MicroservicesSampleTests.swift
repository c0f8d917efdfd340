import Foundation
import MicroservicesSample
import StepFunctions
import StepFunctionsTesting
import Testing

@Suite("Microservices sample")
struct MicroservicesSampleTests {
    @Test func microservicesOrchestrationMatchesItsGolden() {
        let problems = GoldenFile.verify(microservicesOrchestration, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func microservicesOrchestrationPicturesMatchTheirGoldens() {
        let problems = GoldenFile.verifyPictures(microservicesOrchestration, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}

/// The seed's version, as printed: the Parallel has no ResultPath, so SendNotification reads members
/// of an array. It compiles (AWS accepts it), with a warning at the SendNotification line for each path
/// that can never match.
@Test func theSeedsArrayInputIsReportedAtSendNotification() throws {
    let seedAsPrinted = StateMachine(MicroserviceStep.self, name: "microservices-as-printed") {
        Pass(.validateInput)
        LambdaInvoke(.getUserData, function: "${PROJECT_NAME}-user-service")
            .resultPath("$.userResult")
        Parallel(.processOrderAndPayment) {
            Branch {
                LambdaInvoke(
                    .createOrder, function: "${PROJECT_NAME}-order-service",
                    payload: ["orderData": .path("$.orderData"), "userData": .path("$.userResult.Payload")])
            }
            Branch {
                LambdaInvoke(
                    .processPayment, function: "${PROJECT_NAME}-payment-service",
                    payload: ["orderData": .path("$.orderData"), "userData": .path("$.userResult.Payload")])
            }
            Branch {
                LambdaInvoke(
                    .checkInventory, function: "${PROJECT_NAME}-inventory-service",
                    payload: ["orderData": .path("$.orderData")])
            }
        }
        LambdaInvoke(  // ← the array reader
            .sendNotification, function: "${PROJECT_NAME}-notification-service",
            payload: [
                "userData": .path("$.userResult.Payload"),
                "orderData": .path("$[0].Payload"),
                "paymentData": .path("$[1].Payload"),
            ])
    }
    let compiled = try seedAsPrinted.compile()
    let found = compiled.warnings.filter { $0.code == .memberOfArrayInput }
    #expect(found.count == 1)
    let warning = try #require(found.first)
    #expect(warning.path.description == #"States.SendNotification.Parameters.Payload["userData.$"]"#)
    #expect(warning.message.contains("'$.userResult.Payload'") && warning.message.contains("ProcessOrderAndPayment"))
    #expect(warning.location?.file == "Samples/Microservices/Tests/MicroservicesSampleTests.swift")
    #expect(warning.location?.line == line(of: "← the array reader"))
    // The fixed sample has no such warning.
    #expect(try microservicesOrchestration.compile().warnings.allSatisfy { $0.code != .memberOfArrayInput })
}

/// The 1-based line of this file that contains `marker` (and is not this lookup itself).
private func line(of marker: String, file: StaticString = #filePath) -> Int? {
    guard let data = FileManager.default.contents(atPath: "\(file)") else { return nil }
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    return lines.firstIndex { $0.contains(marker) && !$0.contains("line(of:") }.map { $0 + 1 }
}
