import ECommerceSample
import StepFunctions
import StepFunctionsSimulator
import Testing

/// Seed 001's approval flow explored: the reviewer who never answers leaves the order waiting a year.
@Suite("E-commerce approval explored")
struct ECommerceExploreTests {
    @Test func theApprovalThatNeverComesBackTimesTheExecutionOutAfterAYear() async throws {
        let simulator = Simulator(try ecommerceApproval.compile().definition)
        var options = ExploreOptions()
        options.sampleOutputs = ["WaitForApproval": [["approved": true], ["approved": false]]]
        options.assertions = [.endsWith([.succeeded, .failed])]
        let report = await simulator.explore(inputs: [["orderId": "o-1"]], options: options)
        #expect(report.complete)
        // Both reviewers' answers are explored: every state and transition is covered.
        #expect(report.statesNeverEntered.isEmpty)
        #expect(report.transitionsNeverTaken.isEmpty)
        let waiting = try #require(report.unfinished.first)
        #expect(waiting.status == .timedOut && waiting.state == "WaitForApproval")
        #expect(waiting.shortest.steps.last?.injection == .neverAnswered)
        #expect(waiting.shortest.duration == 365 * 86_400)
        let broken = try #require(report.assertions.first?.counterExample)
        #expect(
            broken.description.hasSuffix(
                "WaitForApproval: never answered\n  => TIMED_OUT in WaitForApproval after 365 days"))
    }
}
