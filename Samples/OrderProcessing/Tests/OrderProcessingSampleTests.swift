import OrderProcessingSample
import StepFunctions
import StepFunctionsTesting
import Testing

@Suite("Order processing sample")
struct OrderProcessingSampleTests {
    @Test func orderProcessingMatchesItsGolden() {
        let problems = GoldenFile.verify(orderProcessing, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func orderProcessingWithLineItemsMatchesItsGolden() {
        let problems = GoldenFile.verify(orderProcessingWithLineItems, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func orderProcessingPicturesMatchTheirGoldens() {
        let problems = GoldenFile.verifyPictures(orderProcessing, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func orderProcessingWithLineItemsPicturesMatchTheirGoldens() {
        let problems = GoldenFile.verifyPictures(orderProcessingWithLineItems, directory: "../Goldens")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// The Terraform variables the seed's `templatefile` call passes are exactly the placeholders
    /// the definition uses (plus the unused `SendConfirmationFunctionArn`).
    @Test func placeholdersAreTheTerraformVariables() throws {
        let compiled = try orderProcessingWithLineItems.compile()
        #expect(
            compiled.placeholders == [
                "AggregateResultsFunctionArn", "ChargePaymentFunctionArn", "CheckInventoryFunctionArn",
                "FulfillOrderFunctionArn", "NotifyPaymentDeclinedFunctionArn", "OrderConfirmationTopicArn",
                "ProcessLineItemFunctionArn", "RollbackOrderFunctionArn", "ValidateOrderFunctionArn",
            ])
    }
}
