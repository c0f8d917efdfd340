import JSONCore
import StepFunctionsCompiler
import StepFunctionsSimulator
import Testing

/// A simulator that cannot make a test pass for the wrong reason: set-up mistakes stop the run,
/// whatever the workflow's Catch says; `Options.strict = false` takes AWS's error paths.
@Suite struct StrictSimulatorTests {
    /// A Task caught by `States.ALL` into `Recovered`.
    func caught(_ task: String) -> String {
        #"""
        {"StartAt": "Work", "States": {
          "Work": {\#(task), "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Recovered"}], "End": true},
          "Recovered": {"Type": "Pass", "End": true}}}
        """#
    }

    var lambda: String {
        caught(#""Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge""#)
    }
    var child: String {
        caught(
            #""Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child"}"#
        )
    }

    func lenient() -> Simulator.Options {
        var options = Simulator.Options()
        options.strict = false
        return options
    }

    @Test func aForgottenHandlerIsNotCaught() async throws {
        let execution = try await run(lambda)
        #expect(execution.status == .failed)
        #expect(execution.error == "Simulator.NoHandler")
        #expect(!execution.statesEntered.contains("Recovered"))
    }

    @Test func withoutStrictnessAForgottenLambdaIsAWSsResourceNotFound() async throws {
        let execution = try await run(lambda, options: lenient())
        #expect(execution.status == .succeeded)
        #expect(execution.output?["error"]?["Error"] == "Lambda.ResourceNotFoundException")
        #expect(execution.statesEntered.contains("Recovered"))
    }

    @Test func anUnregisteredChildMachineIsNotCaught() async throws {
        let execution = try await run(child)
        #expect(execution.status == .failed)
        #expect(execution.error == "Simulator.NoChildMachine")
        #expect(execution.cause?.contains("register(childMachine:definition:)") == true)
    }

    @Test func withoutStrictnessAnUnregisteredChildIsAWSsStateMachineDoesNotExist() async throws {
        let execution = try await run(child, options: lenient())
        #expect(execution.status == .succeeded)
        #expect(execution.output?["error"]?["Error"] == "StepFunctions.StateMachineDoesNotExistException")
        #expect(
            execution.output?["error"]?["Cause"]?.stringValue?.hasPrefix(
                "State Machine Does Not Exist: 'arn:aws:states:us-east-1:123456789012:stateMachine:Child' (Service: AWSStepFunctions;"
            ) == true)
    }

    @Test func aHandlerForAMisspeltStateStopsTheRunBeforeItStarts() async throws {
        let execution = try await run(lambda) { sim in sim.handle(state: "Wrok") { _ in ["ok": true] } }
        #expect(execution.status == .failed)
        #expect(execution.error == "Simulator.UnknownState")
        #expect(execution.cause?.contains("'Wrok'") == true)
        #expect(execution.cause?.contains("did you mean 'Work'?") == true)
        #expect(execution.statesEntered.isEmpty)
    }

    @Test func aMockForAStateTheWorkflowDoesNotHaveStopsTheRun() async throws {
        let execution = try await run(lambda) { sim in
            sim.useMocks(MockedResponses(["Work": [.return(["ok": true])], "Ship": [.return(1)]]))
        }
        #expect(execution.error == "Simulator.UnknownState")
        #expect(execution.cause?.contains("a mocked response answers 'Ship'") == true)
    }

    @Test func aHandlerOnAPassStateStopsTheRun() async throws {
        let execution = try await run(lambda) { sim in
            sim.handle(state: "Work") { _ in ["ok": true] }
            sim.handle(state: "Recovered") { _ in ["ok": true] }
        }
        #expect(execution.error == "Simulator.UnknownState")
        #expect(execution.cause?.contains("'Recovered', a Pass state") == true)
    }

    @Test func withoutStrictnessUnknownNamesAreIgnored() async throws {
        let execution = try await run(lambda, options: lenient()) { sim in
            sim.handle(state: "Work") { _ in ["ok": true] }
            sim.handle(state: "Wrok") { _ in ["ok": false] }
        }
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["ok": true])
    }

    @Test func answeredWorkflowsRunAsBefore() async throws {
        let execution = try await run(lambda) { sim in sim.handle(state: "Work") { _ in ["ok": true] } }
        #expect(execution.status == .succeeded)
    }
}

@Suite struct MockConfigurationSelectionTests {
    static let config = #"""
        {"StateMachines": {
           "Orders": {"TestCases": {"Happy": {"Charge": "Ok"}, "Shared": {"Charge": "Ok"}}},
           "Refunds": {"TestCases": {"Shared": {"Refund": "Ok"}, "OnlyRefunds": {"Refund": "Ok"}}}},
         "MockedResponses": {"Ok": {"0": {"Return": {"ok": true}}}}}
        """#

    @Test func aTestCaseOfOneMachineIsFoundWithoutItsName() throws {
        let config = try MockConfiguration(text: Self.config)
        #expect(try config.responses(testCase: "Happy").byState.keys.sorted() == ["Charge"])
    }

    @Test func aTestCaseSeveralMachinesDefineNeedsTheMachinesName() throws {
        let config = try MockConfiguration(text: Self.config)
        #expect {
            try config.responses(testCase: "Shared")
        } throws: { error in
            (error as? MockConfigurationError)?.message.contains("'Orders' and 'Refunds'") == true
        }
        #expect(try config.responses(testCase: "Shared", stateMachine: "Refunds").byState.keys.sorted() == ["Refund"])
    }

    @Test func aTestCaseOfAnotherMachineIsAnErrorNotAPick() throws {
        let config = try MockConfiguration(text: Self.config)
        #expect {
            try config.responses(testCase: "OnlyRefunds", stateMachine: "Orders")
        } throws: { error in
            (error as? MockConfigurationError)?.message.contains("'OnlyRefunds' is a test case of 'Refunds'") == true
        }
        #expect {
            try config.responses(testCase: "Happy", stateMachine: "Invoices")
        } throws: { error in
            (error as? MockConfigurationError)?.message.contains("no state machine of that name") == true
        }
    }
}
