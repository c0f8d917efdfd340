import JSONCore
import StepFunctionsModel
import StepFunctionsSimulator
import Testing

/// `Simulator.explore`: every path of a workflow under injected task outcomes, what they cover and
/// what breaks; the seed documents' failure stories are found on their own workflows.
@Suite struct ExploreTests {
    /// An input with what the payment workflow's SendConfirmation reads (`$.confirmationMessage`).
    static let paymentInput: JSONValue = ["orderId": "o-1", "confirmationMessage": "thanks"]

    // MARK: The seeds' stories

    @Test func paymentRefundPathIsExploredAndARefundThatFailsIsUncaught() async throws {
        let sim = try Simulator(aslJSON: SeedWorkflowTests.payment)
        let report = await sim.explore(inputs: [Self.paymentInput])
        #expect(report.complete)
        #expect(report.statesNeverEntered.isEmpty)
        #expect(report.transitionsNeverTaken.isEmpty)
        // The refund path: ProcessPayment fails through its two retries, the Catch refunds, the failure is reported.
        let refund = try #require(report.transitions.first { $0.from == "ProcessPayment" && $0.to == "RefundPayment" })
        #expect(refund.isCatch && refund.via == ["Catch[0]"] && refund.paths > 0)
        let refunded = try #require(
            report.paths.first { $0.status == .succeeded && $0.statesEntered.contains("RefundPayment") })
        #expect(
            refunded.steps.map(\.description) == [
                "ValidateOrder: succeeded", "CheckInventory: succeeded", "ProcessPayment: failed States.TaskFailed",
                "ProcessPayment (retry 1): failed States.TaskFailed",
                "ProcessPayment (retry 2): failed States.TaskFailed", "RefundPayment: succeeded",
                "HandleFailure: succeeded",
            ])
        #expect(refunded.statesEntered.suffix(2) == ["RefundPayment", "HandleFailure"])
        // Nothing catches a refund that fails: the customer was charged and the execution ends FAILED.
        let group = try #require(report.uncaughtFailures.first { $0.state == "RefundPayment" })
        #expect(group.error == "States.TaskFailed")
        #expect(
            group.shortest.steps.map(\.description) == [
                "ValidateOrder: succeeded", "CheckInventory: succeeded", "ProcessPayment: failed States.TaskFailed",
                "ProcessPayment (retry 1): failed States.TaskFailed",
                "ProcessPayment (retry 2): failed States.TaskFailed", "RefundPayment: failed States.TaskFailed",
            ])
        // Without duplicate deliveries (STANDARD), the payment is never charged twice.
        #expect(report.paths.allSatisfy { $0.successes(of: "ProcessPayment") <= 1 })
    }

    @Test func paymentChargedTwiceUnderExpressDuplicateDelivery() async throws {
        var options = Simulator.Options()
        options.stateMachineType = .express
        let sim = try Simulator(aslJSON: SeedWorkflowTests.payment, options: options)
        var explore = ExploreOptions()
        explore.assertions = [.maxSuccesses("ProcessPayment", 1)]
        let report = await sim.explore(inputs: [Self.paymentInput], options: explore)
        let result = try #require(report.assertions.first)
        #expect(result.name == "ProcessPayment succeeds at most 1 time")
        #expect(result.violations > 0)
        let counter = try #require(result.counterExample)
        #expect(
            counter.steps.prefix(3).map(\.description) == [
                "ValidateOrder: succeeded", "CheckInventory: succeeded", "ProcessPayment: succeeded, delivered twice",
            ])
        #expect(counter.successes(of: "ProcessPayment") == 2)
        // The same workflow as STANDARD has no duplicate deliveries unless asked for.
        let standard = try Simulator(aslJSON: SeedWorkflowTests.payment)
        #expect(await standard.explore(inputs: [Self.paymentInput], options: explore).failedAssertions.isEmpty)
        explore.duplicateDeliveries = true
        #expect(await standard.explore(inputs: [Self.paymentInput], options: explore).failedAssertions.count == 1)
    }

    @Test func microservicesSeedFailsOnEveryPathThatReachesSendNotification() async throws {
        let sim = try Simulator(aslJSON: SeedWorkflowTests.microservices)
        let report = await sim.explore(inputs: [["userId": "u-1", "orderData": ["sku": "A"]]])
        let notification = try #require(report.states.first { $0.name == "SendNotification" })
        #expect(notification.pathsEntering > 0)
        #expect(notification.pathsLeaving == 0)
        let runtime = try #require(report.uncaughtFailures.first { $0.error == "States.Runtime" })
        #expect(runtime.state == "SendNotification")
        #expect(runtime.count == notification.pathsEntering)
        #expect(runtime.shortest.cause?.contains("'$.userResult.Payload'") == true)
        #expect(runtime.shortest.steps.allSatisfy { $0.injection == .succeeded })
        #expect(report.paths.allSatisfy { $0.status != .succeeded })
        #expect(report.text.contains("never left normally: SendNotification"))
    }

    @Test func aCallbackNobodyAnswersLeavesTheExecutionWaitingUntilItTimesOut() async throws {
        let sim = try Simulator(aslJSON: SeedWorkflowTests.approval)
        let report = await sim.explore(inputs: [["orderId": "o-1"]])
        let waiting = try #require(report.unfinished.first)
        #expect(waiting.status == .timedOut)
        #expect(waiting.state == "WaitForApproval")
        #expect(waiting.shortest.steps.map(\.injection) == [.neverAnswered])
        #expect(waiting.shortest.duration == 365 * 86_400)
    }

    // MARK: Outcomes and coverage

    static let choiceAfterTask = """
        {"StartAt": "Review", "States": {
          "Review": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"T.$": "$$.Task.Token"}}, "ResultPath": "$.review",
            "TimeoutSeconds": 3600, "HeartbeatSeconds": 600,
            "Catch": [{"ErrorEquals": ["Rejected"], "Next": "Rejected"}, {"ErrorEquals": ["Never.Thrown"], "Next": "Rejected"}],
            "Next": "Decide"},
          "Decide": {"Type": "Choice", "Choices": [
              {"Variable": "$.review.approved", "BooleanEquals": true, "Next": "Ship"},
              {"Variable": "$.amount", "NumericGreaterThan": 1000, "Next": "Audit"}],
            "Default": "Rejected"},
          "Ship": {"Type": "Succeed"},
          "Audit": {"Type": "Succeed"},
          "Rejected": {"Type": "Fail", "Error": "Rejected"}}}
        """

    @Test func everyErrorTimeoutAndSampleOutputIsAnOutcome() async throws {
        let sim = try Simulator(aslJSON: Self.choiceAfterTask)
        var options = ExploreOptions()
        options.sampleOutputs = ["Review": [["approved": true], ["approved": false]]]
        let report = await sim.explore(inputs: [["amount": 10]], options: options)
        #expect(report.complete && !report.depthLimited)
        // Two samples, the two errors the Catch names, States.TaskFailed (uncaught), a timeout, a missed heartbeat.
        #expect(
            report.paths.map { $0.steps.map(\.description) } == [
                ["Review: succeeded"], ["Review: succeeded (sample output 2)"], ["Review: failed Rejected"],
                ["Review: failed Never.Thrown"], ["Review: failed States.TaskFailed"], ["Review: timed out"],
                ["Review: missed its heartbeat"],
            ])
        #expect(report.paths.map(\.status) == [.succeeded, .failed, .failed, .failed, .failed, .failed, .failed])
        #expect(report.paths[5].error == "States.Timeout")
        #expect(report.paths[6].error == "States.HeartbeatTimeout")
        // The Choice rule on the amount is never reached from this input: an unreachable branch.
        let never = report.transitionsNeverTaken.map { "\($0.from)->\($0.to) \($0.via)" }
        #expect(never == ["Decide->Audit [\"Choices[1]\"]"])
        #expect(report.statesNeverEntered.map(\.name) == ["Audit"])
        #expect(report.text.contains("never taken: Decide -> Audit (Choices[1]): Choice branch not reached"))
        // A second input reaches it.
        let both = await sim.explore(inputs: [["amount": 10], ["amount": 5000]], options: options)
        #expect(both.transitionsNeverTaken.isEmpty)
        #expect(both.inputCount == 2 && both.paths.count == 14)
    }

    @Test func aCatchNoErrorCanReachIsReportedDead() async throws {
        let definition = """
            {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:w",
                "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Handle"}, {"ErrorEquals": ["Late"], "Next": "Late"}],
                "End": true},
              "Handle": {"Type": "Pass", "End": true},
              "Late": {"Type": "Pass", "End": true}}}
            """
        let report = await (try Simulator(aslJSON: definition)).explore()
        // States.TaskFailed comes first and matches Late too, so the handler for Late never runs.
        #expect(report.transitionsNeverTaken.map(\.to) == ["Late"])
        #expect(report.text.contains("never taken: Work -> Late (Catch[1]): dead Catch handler"))
        #expect(report.uncaughtFailures.isEmpty)
    }

    @Test func retriesRepeatTheirErrorUntilExhaustedUnlessErrorsMix() async throws {
        let definition = """
            {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:w",
                "Retry": [{"ErrorEquals": ["A", "B"], "MaxAttempts": 2}], "End": true}}}
            """
        let sim = try Simulator(aslJSON: definition)
        let report = await sim.explore()
        // S | A S | A A S | A A A | B S | B B S | B B B | TaskFailed
        #expect(report.paths.count == 8)
        #expect(report.uncaughtFailures.map(\.error) == ["A", "B", "States.TaskFailed"])
        var mixed = ExploreOptions()
        mixed.mixErrorsAcrossRetries = true
        // Each retry may fail with any of the three: more paths.
        #expect(await sim.explore(options: mixed).paths.count > 8)
    }

    @Test func boundsStopTheExplorationAndSaySo() async throws {
        let sim = try Simulator(aslJSON: SeedWorkflowTests.payment)
        var options = ExploreOptions()
        options.maxPaths = 5
        let few = await sim.explore(inputs: [Self.paymentInput], options: options)
        #expect(few.paths.count == 5 && !few.complete)
        #expect(few.text.contains("stopped at the path bound"))
        options = ExploreOptions()
        options.maxDepth = 1
        let shallow = await sim.explore(inputs: [Self.paymentInput], options: options)
        #expect(shallow.depthLimited && shallow.complete)
        #expect(shallow.paths.count == 2)  // ValidateOrder succeeds or fails; everything after succeeds
        // A loop that never ends when every task succeeds stops at the transition bound.
        let loop = """
            {"StartAt": "Poll", "States": {
              "Poll": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:p", "Next": "Done?"},
              "Done?": {"Type": "Choice", "Choices": [{"Variable": "$.done", "BooleanEquals": true, "Next": "End"}],
                "Default": "Poll"},
              "End": {"Type": "Succeed"}}}
            """
        options = ExploreOptions()
        options.maxDepth = 0
        options.maxTransitionsPerPath = 50
        let looping = await (try Simulator(aslJSON: loop)).explore(inputs: [["done": false]], options: options)
        #expect(looping.paths.count == 1)
        #expect(looping.paths[0].stoppedAtBound)
        #expect(looping.unfinished.first?.status == .timedOut)
    }

    @Test func mapItemFailuresWithinTheToleranceSucceedAndBeyondItFail() async throws {
        let definition = """
            {"StartAt": "Items", "States": {"Items": {"Type": "Map", "ItemsPath": "$.items",
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Work",
                "States": {"Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:w", "End": true}}},
              "ToleratedFailureCount": 1, "End": true}}}
            """
        let report = await (try Simulator(aslJSON: definition)).explore(inputs: [["items": [1, 2, 3]]])
        // Each of the three items succeeds or fails: 8 paths; one failure is tolerated, two are not.
        #expect(report.paths.count == 8)
        for path in report.paths {
            let failures = path.steps.filter { $0.injection.error != nil }.count
            #expect(path.status == (failures <= 1 ? .succeeded : .failed))
        }
        #expect(report.uncaughtFailures.map(\.error) == ["States.ExceedToleratedFailureThreshold"])
        // The children's task is covered, though their histories are their own.
        #expect(report.statesNeverEntered.isEmpty)
    }

    // MARK: Assertions

    @Test func jsonRulesBecomeAssertionsAndTheShortestCounterExampleIsKept() async throws {
        let rules = try JSONParser.parse(
            """
            [{"maxSuccesses": {"ProcessPayment": 1}, "neverEnters": ["RefundPayment"]},
             {"endsWith": ["SUCCEEDED"], "succeedsBefore": {"CheckInventory": "ProcessPayment"}, "maxCalls": {"ProcessPayment": 3}}]
            """)
        let sim = try Simulator(aslJSON: SeedWorkflowTests.payment)
        var options = ExploreOptions()
        options.assertions = try ExploreAssertion.rules(rules, states: Set(sim.definition.states.names))
        let report = await sim.explore(inputs: [Self.paymentInput], options: options)
        #expect(
            report.assertions.map(\.name) == [
                "ProcessPayment succeeds at most 1 time", "RefundPayment is never entered", "every path ends SUCCEEDED",
                "ProcessPayment succeeds only after CheckInventory succeeded",
                "ProcessPayment is called at most 3 times",
            ])
        #expect(report.assertions.map { $0.violations > 0 } == [false, true, true, false, false])
        // The shortest path to RefundPayment: three failed payment calls, then the refund.
        #expect(report.assertions[1].counterExample?.steps.count == 6)
        // The shortest path that does not succeed: ValidateOrder's retries exhausted, then HandleFailure fails.
        #expect(
            report.assertions[2].counterExample?.steps.map(\.state) == [
                "ValidateOrder", "ValidateOrder", "ValidateOrder", "ValidateOrder", "HandleFailure",
            ])
        let json = report.json()
        #expect(json["assertions"]?[1]?["holds"] == false)
        // The shortest path into RefundPayment is the one where the refund fails too.
        #expect(json["assertions"]?[1]?["counterExample"]?["status"] == "FAILED")
    }

    @Test func aSwiftClosureIsAnAssertion() async throws {
        let sim = try Simulator(aslJSON: SeedWorkflowTests.payment)
        var options = ExploreOptions()
        options.assertions = [
            ExploreAssertion("no refund without a charge attempt") { path in
                !path.statesEntered.contains("RefundPayment") || path.calls(of: "ProcessPayment") > 0
            }
        ]
        let report = await sim.explore(inputs: [Self.paymentInput], options: options)
        #expect(report.failedAssertions.isEmpty)
        #expect(report.text.contains("ok   no refund without a charge attempt"))
    }

    @Test(arguments: [
        (#"{"maxSucesses": {"A": 1}}"#, "$.maxSucesses: unknown rule 'maxSucesses'"),
        (
            #"{"maxSuccesses": {"ChargeCrad": 1}}"#,
            "$.maxSuccesses.ChargeCrad: no state is named 'ChargeCrad'; did you mean 'ChargeCard'?"
        ),
        (#"{"maxSuccesses": {"ChargeCard": -1}}"#, "$.maxSuccesses.ChargeCard: expected a count"),
        (#"[{"endsWith": ["DONE"]}]"#, "$[0].endsWith[0]: expected SUCCEEDED, FAILED"),
        (#"[3]"#, "$[0]: a rule is an object, not number"),
        (#"{}"#, "$: an empty rule asserts nothing"),
    ])
    func badRulesAreReportedWhereTheyAre(rules: String, message: String) throws {
        let json = try JSONParser.parse(rules)
        #expect {
            _ = try ExploreAssertion.rules(json, states: ["ChargeCard"])
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }
}
