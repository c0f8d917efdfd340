import ECommerceSample
import Foundation
import StepFunctions
import StepFunctionsTesting
import Testing

@Suite("E-commerce sample")
struct ECommerceSampleTests {
    @Test func ecommerceOrderMatchesItsGolden() {
        let problems = GoldenFile.verify(ecommerceOrder, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func ecommerceApprovalMatchesItsGolden() {
        let problems = GoldenFile.verify(ecommerceApproval, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func ecommerceOrderPicturesMatchTheirGoldens() {
        let problems = GoldenFile.verifyPictures(ecommerceOrder, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func ecommerceApprovalPicturesMatchTheirGoldens() {
        let problems = GoldenFile.verifyPictures(ecommerceApproval, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// The seed's bug written in the DSL: the Catch names `RefundAndNotify`, which no state declares.
    /// `compile()` refuses it and points at the `.catch` line.
    @Test func theSeedsMissingRefundStateIsReportedAtTheCatch() throws {
        let seedAsWritten = StateMachine(OrderStep.self, name: "ecommerce-order-as-printed") {
            LambdaInvoke(.validateOrder, functionARN: "arn:aws:lambda:us-east-1:123:function:validate-order")
                .catch("InvalidOrderError", next: .orderFailed)
            Parallel(.parallelChecks) {
                Branch {
                    LambdaInvoke(.checkInventory, functionARN: "arn:aws:lambda:us-east-1:123:function:check-inventory")
                }
                Branch {
                    LambdaInvoke(.fraudCheck, functionARN: "arn:aws:lambda:us-east-1:123:function:fraud-detection")
                }
            }
            LambdaInvoke(.chargePayment, functionARN: "arn:aws:lambda:us-east-1:123:function:process-payment")
                .catch("PaymentFailedError", next: .refundAndNotify)  // ← the missing state
            LambdaInvoke(.sendConfirmation, functionARN: "arn:aws:lambda:us-east-1:123:function:send-email")
        } handlers: {
            LambdaInvoke(.orderFailed, functionARN: "arn:aws:lambda:us-east-1:123:function:notify-failure")
        }
        let failure = try #require(throws: ValidationFailure.self) { try seedAsWritten.compile() }
        let errors = failure.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.code == .undefinedState)
        #expect(error.path.description == "States.ChargePayment.Catch[0].Next")
        #expect(error.message.contains("RefundAndNotify"))
        #expect(error.location?.file == "Samples/ECommerce/Tests/ECommerceSampleTests.swift")
        #expect(error.location?.line == line(of: "← the missing state"))
    }
}

/// The 1-based line of this file that contains `marker` (and is not this lookup itself).
private func line(of marker: String, file: StaticString = #filePath) -> Int? {
    guard let data = FileManager.default.contents(atPath: "\(file)") else { return nil }
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    return lines.firstIndex { $0.contains(marker) && !$0.contains("line(of:") }.map { $0 + 1 }
}
