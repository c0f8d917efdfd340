import JSONCore
import StepFunctionsModel
import StepFunctionsSimulator
import Testing

/// Cost of a run and of a workload, checked against the worked examples of AWS's pricing page
/// (https://aws.amazon.com/step-functions/pricing/, cited in Docs/Cost.md).
@Suite struct CostTests {
    /// AWS's Express example: 100 million executions a month of 10 seconds each at 64 MB:
    /// $100.00 of requests, 62,500,000 GB-seconds = 17,361.11 GB-hours, priced $60.00 (first 1,000)
    /// + $120.00 (next 4,000) + $202.97 (12,361.11 at $0.01642) = $382.97 of duration; $482.97 in all.
    @Test func awsExpressExampleOfAHundredMillionTenSecondExecutions() {
        let usage = ExecutionUsage(
            type: .express, stateTransitions: 4, durationSeconds: 10, largestPayloadBytes: 1_000, historyEvents: 0,
            parallelAndMapSteps: 0, definitionBytes: 5_000)
        let cost = ExecutionCost(usage: usage)
        #expect(cost.billedMemoryMB == 64)
        #expect(cost.billedDurationSeconds == 10)
        #expect(cost.gbSeconds == 0.625)
        let requests = 100_000_000 * PricingRates.awsUSEast1.perExpressRequest
        #expect(abs(requests - 100) < 1e-6)
        let duration = PricingRates.awsUSEast1.expressDurationCharge(gbSeconds: 62_500_000)
        #expect((duration * 100).rounded() / 100 == 382.97)
        #expect((cost.monthly(executions: 100_000_000) * 100).rounded() / 100 == 482.97)
    }

    /// AWS's memory example: a 50 KB definition and 400 Map steps with 32 KB of payload each use
    /// 50 MB + 50 KB + 12,800 KB = 62.85 MB, billed as 64 MB.
    @Test func awsMemoryExampleBillsSixtyFourMegabytes() {
        let usage = ExecutionUsage(
            type: .express, stateTransitions: 0, durationSeconds: 1, largestPayloadBytes: 32_000, historyEvents: 0,
            parallelAndMapSteps: 400, definitionBytes: 50_000)
        let cost = ExecutionCost(usage: usage)
        #expect(abs(cost.memoryMB - 62.85) < 1e-9)
        #expect(cost.billedMemoryMB == 64)
        // One more step goes over 64 MB: two chunks.
        var more = usage
        more.parallelAndMapSteps = 500
        #expect(ExecutionCost(usage: more).billedMemoryMB == 128)
    }

    /// The page's Standard rules: $0.025 per 1,000 state transitions, 4,000 free a month, retries
    /// charged as transitions. 100,000 executions of 5 transitions: (500,000 - 4,000) x $0.000025 = $12.40.
    @Test func standardIsPerTransitionAfterTheFreeTier() {
        let usage = ExecutionUsage(
            type: .standard, stateTransitions: 5, durationSeconds: 3, largestPayloadBytes: 10, historyEvents: 20,
            parallelAndMapSteps: 0, definitionBytes: 100)
        let cost = ExecutionCost(usage: usage)
        #expect(abs(cost.perExecution - 0.000125) < 1e-12)
        #expect(abs(cost.monthly(executions: 100_000) - 12.40) < 1e-9)
        #expect(cost.monthly(executions: 800) == 0)  // 4,000 transitions: all free
        #expect(ExecutionCost.dollars(cost.perExecution) == "$0.000125")
        #expect(ExecutionCost.dollars(12.4) == "$12.40")
        #expect(ExecutionCost.dollars(1_234_567.891) == "$1,234,567.89")
    }

    /// The simulator's payment run: each state entered and each retry is a transition.
    @Test func aRunCountsEveryStateEnteredAndEveryRetry() async throws {
        var sim = try Simulator(aslJSON: SeedWorkflowTests.payment)
        for state in ["ValidateOrder", "ProcessPayment", "UpdateDatabase", "SendConfirmation", "HandleFailure"] {
            sim.handle(state: state) { call in call.input }
        }
        sim.handle(state: "CheckInventory") { call in
            if call.retryCount < 2 { throw TaskError(error: "States.TaskFailed") }
            return call.input
        }
        let execution = await sim.run(input: ExploreTests.paymentInput)
        #expect(execution.status == .succeeded)
        let usage = ExecutionUsage(execution: execution, type: .standard, definitionBytes: 3_000)
        // ValidateOrder, CheckInventory (+2 retries), ProcessPayment, ParallelPostProcessing,
        // UpdateDatabase, SendConfirmation.
        #expect(usage.stateTransitions == 8)
        #expect(usage.durationSeconds == 6)  // retry delays of 2 s and 4 s
        #expect(usage.historyEvents == execution.history.count)
        #expect(usage.historyEventMargin == 25_000 - execution.history.count)
        #expect(usage.largestPayloadBytes > 0 && usage.payloadMargin == 262_144 - usage.largestPayloadBytes)
        let text = ExecutionCost(usage: usage).text(executions: 1_000_000)
        #expect(text.contains("8 state transitions (retries included): $0.0002 per execution"))
        #expect(text.contains("1,000,000 executions a month: $199.90 (after 4,000 free state transitions)"))
    }

    @Test func ratesAreReadFromJSONAndMistakesNamed() throws {
        let rates = try PricingRates(
            json: try JSONParser.parse(#"{"perStateTransition": 0.0000279, "asOf": "2026-12-01"}"#))
        #expect(rates.perStateTransition == 0.0000279)
        #expect(rates.asOf == "2026-12-01")
        #expect(rates.freeStateTransitionsPerMonth == 4_000)
        #expect(throws: PricingRatesError.self) { try PricingRates(json: ["perStateTransitions": 1]) }
        #expect {
            try PricingRates(json: ["perStateTransitions": 1])
        } throws: { "\($0)" == "$.perStateTransitions: unknown key; did you mean 'perStateTransition'?" }
        #expect {
            try PricingRates(json: ["expressDurationTiers": [["pricePerGBHour": 1], ["pricePerGBHour": 2]]])
        } throws: { "\($0)".hasPrefix("$.expressDurationTiers[0]: only the last tier") }
        // The defaults read back from their own JSON.
        #expect(try PricingRates(json: PricingRates.awsUSEast1.json) == .awsUSEast1)
    }
}
