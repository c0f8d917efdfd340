import JSONCore
import StepFunctionsCompiler
import StepFunctionsModel
import StepFunctionsSimulator
import Testing

// One test (or a few) per rule of the TestState specification (/work/scratch/teststate-spec-b/SPEC.md
// when it was written; Docs/TestState.md now), with AWS's messages where AWS's wording is recorded.

/// A simulator for one state given as its own JSON.
private func state(_ json: String, options: Simulator.Options = Simulator.Options()) throws -> Simulator {
    try Simulator(stateDefinition: json, options: options)
}

/// The TestStateError `body` throws (nil when it does not throw).
private func refusal(_ body: () async throws(TestStateError) -> TestStateResult) async -> TestStateError? {
    do throws(TestStateError) {
        _ = try await body()
        return nil
    } catch {
        return error
    }
}

/// AWS's answer to a TestState request given as AWS's JSON (as a server receives it).
private func respond(_ request: JSONValue) async -> Result<JSONValue, TestStateError> {
    do throws(TestStateError) {
        return .success(try await TestStateRequest.respond(toAPIJSON: request))
    } catch {
        return .failure(error)
    }
}

private let lambdaTask = #"""
    {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
     "Parameters": {"FunctionName": "f", "Payload.$": "$"}, "Next": "After"}
    """#

@Suite("TestState: definitions (one state, or a state of a machine)")
struct TestStateDefinitionTests {
    @Test func aStateGivenAloneIsNamedStateNameAndItsNextNeedNotExist() async throws {
        let sim = try state(#"{"Type": "Pass", "Result": {"x": 1}, "Next": "NowhereYet"}"#)
        #expect(sim.definition.startAt == Simulator.testStateName)
        let result = try await sim.testState()
        #expect(result.status == .succeeded)
        #expect(result.nextState == "NowhereYet")
        #expect(result.output == ["x": 1])
    }

    @Test func choiceTargetsAndCatchTargetsNeedNotExistEither() async throws {
        let sim = try state(
            #"{"Type": "Choice", "Choices": [{"Variable": "$.v", "NumericEquals": 1, "Next": "One"}], "Default": "Other"}"#
        )
        #expect(try await sim.testState(input: ["v": 1]).nextState == "One")
        #expect(try await sim.testState(input: ["v": 2]).nextState == "Other")
    }

    @Test func theStatesOwnStructureIsValidatedWithAWSsWording() async {
        let error = await refusal { () throws(TestStateError) in
            try await Simulator(stateDefinition: #"{"Type": "Parallel", "Branches": [], "End": true}"#).testState()
        }
        #expect(error?.code == .invalidDefinition)
        #expect(
            error?.message
                == "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/StateName/Branches'"
        )
    }

    @Test func aDefinitionErrorIsPlacedInTheStatesOwnText() {
        do {
            _ = try Simulator(stateDefinition: "{\"Type\": \"Parallel\",\n \"Branches\": [],\n \"End\": true}")
            Issue.record("expected an error")
        } catch {
            let d = error.diagnostics.first
            #expect(d?.location?.line == 2)
            #expect(d?.location?.column == 2)
        }
    }

    @Test func aStateThatIsNotJSONIsInvalid() {
        #expect(throws: TestStateError.self) { try Simulator(stateDefinition: "{not json") }
    }

    @Test func nestedGraphsAreValidatedAsUsual() {
        let map = #"""
            {"Type": "Map", "ItemProcessor": {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Missing"}}},
             "End": true}
            """#
        #expect(throws: TestStateError.self) { try Simulator(stateDefinition: map) }
    }

    @Test func aWholeMachineIsValidatedWithItsStateNames() async {
        let definition = #"""
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "ExistingButInvalidState"},
             "ExistingButInvalidState": {"Type": "TypeThatDoesNotExist", "End": true}}}
            """#
        let result = await respond(["definition": .string(definition), "stateName": "A"])
        guard case .failure(let error) = result else {
            Issue.record("expected InvalidDefinition")
            return
        }
        #expect(error.code == .invalidDefinition)
        #expect(
            error.message
                == "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map] at /States/ExistingButInvalidState/Type'"
        )
    }

    @Test func aStateInsideAMapIsFoundAndAnUnknownOneIsNot() async throws {
        let sim = try Simulator(
            aslJSON: #"""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                 "ItemProcessor": {"StartAt": "HandleItem", "States": {"HandleItem": {"Type": "Pass", "End": true}}}}}}
                """#)
        #expect(try await sim.testState("HandleItem", input: ["a": 1]).output == ["a": 1])
        let error = await refusal { () throws(TestStateError) in try await sim.testState("dne") }
        #expect(error == TestStateError(.validationException, "State not found in definition"))
    }

    @Test func onlyTheStateRunsAndItIsCalledStateNameInItsContext() async throws {
        let sim = try Simulator(
            aslJSON: #"""
                {"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
                 "Init": {"Type": "Pass", "Assign": {"fromInit": 1}, "Next": "State0"},
                 "State0": {"Type": "Pass", "Output": {"name": "{% $states.context.State.Name %}",
                   "seen": "{% $exists($fromInit) %}", "given": "{% $given %}"}, "Next": "State1"},
                 "State1": {"Type": "Succeed"}}}
                """#)
        let result = try await sim.testState("State0", variables: ["given": 10])
        #expect(result.nextState == "State1")
        // JSONata: the machine's QueryLanguage applies; Init's Assign did not run.
        #expect(result.output == ["name": "StateName", "seen": false, "given": 10])
    }

    enum Step: String, StateName { case charge = "Charge" }

    @Test func aTypedStateNameWorksToo() async throws {
        let sim = try Simulator(
            aslJSON: #"{"StartAt": "Charge", "States": {"Charge": {"Type": "Pass", "Result": 7, "End": true}}}"#)
        #expect(try await sim.testState(Step.charge).output == 7)
    }
}

@Suite("TestState: request checks, in AWS's order, with AWS's messages")
struct TestStateRequestCheckTests {
    private let map = #"""
        {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass",
         "End": true}}}, "ToleratedFailureCount": 1, "End": true}
        """#
    private let parallel = #"""
        {"Type": "Parallel", "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
         {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}], "End": true}
        """#

    private func expect(
        _ sim: Simulator, input: JSONValue = [:], context: JSONValue? = nil, mock: TestStateMock? = nil,
        configuration: TestStateConfiguration = TestStateConfiguration(), _ code: TestStateError.Code,
        _ message: String
    ) async {
        let error = await refusal { () throws(TestStateError) in
            try await sim.testState(input: input, context: context, mock: mock, configuration: configuration)
        }
        #expect(error?.code == code)
        #expect(error?.message == message)
    }

    @Test func mapIterationFailureCountNeedsAMockAndIsCheckedBeforeTheMapNeedsOne() async throws {
        await expect(
            try state(map), configuration: TestStateConfiguration(mapIterationFailureCount: 1), .validationException,
            "TestState does not support MapIterationFailureCount when a mock is not specified.")
    }

    @Test func mapAndParallelNeedAMock() async throws {
        let message =
            "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]"
        await expect(try state(map), .invalidDefinition, message)
        await expect(try state(parallel), .invalidDefinition, message)
    }

    @Test func onlyTaskMapAndParallelTakeAMock() async throws {
        for (json, type) in [
            (#"{"Type": "Pass", "End": true}"#, "Pass"), (#"{"Type": "Succeed"}"#, "Succeed"),
            (#"{"Type": "Fail", "Error": "E"}"#, "Fail"), (#"{"Type": "Wait", "Seconds": 1, "End": true}"#, "Wait"),
        ] {
            await expect(
                try state(json), mock: .result([:]), .validationException,
                "State type '\(type)' is not supported when a mock is specified")
            await expect(
                try state(json), mock: .error("E"), .validationException,
                "State type '\(type)' is not supported when a mock is specified")
        }
    }

    @Test func aMockHasAResultOrAnErrorAndTheResultMustBeJSON() async {
        let both: JSONValue = [
            "definition": .string(lambdaTask),
            "mock": ["result": "{}", "errorOutput": ["error": "E", "cause": "C"]],
        ]
        #expect(
            await respond(both).failure
                == TestStateError(
                    .validationException,
                    "A test mock should have only one of the following fields: [result, errorOutput]."))
        let notJSON: JSONValue = [
            "definition": .string(lambdaTask), "mock": ["result": "not JSON string", "fieldValidationMode": "NONE"],
        ]
        #expect(
            await respond(notJSON).failure == TestStateError(.validationException, "Mocked result must be valid JSON"))
    }

    @Test func aMapMockIsAnArrayOrWithAResultWriterAnObject() async throws {
        await expect(try state(map), mock: .result(["a": 1]), .validationException, "Mocked result must be an array.")
        let writer = #"""
            {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
             "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
             "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "p"}},
             "End": true}
            """#
        await expect(
            try state(writer), mock: .result([1, 2]), .validationException, "Mocked result must be a JSON object.")
        let written = try await state(writer).testState(input: [1], mock: .result(["ResultWriterDetails": [:]]))
        #expect(written.output == ["ResultWriterDetails": [:]])
    }

    @Test func theFailureCountCannotExceedTheMockedIterations() async throws {
        await expect(
            try state(map), input: ["items": [1, 2, 3]], mock: .result([1, 2, 3]),
            configuration: TestStateConfiguration(mapIterationFailureCount: 4), .validationException,
            "Map iteration failure count must be less than or equal to the number of Map iterations")
    }

    @Test func aParallelMockHasOneItemPerBranch() async throws {
        await expect(
            try state(parallel), mock: .result(["a": 1]), .validationException, "Mocked result must be an array.")
        await expect(
            try state(parallel), mock: .result([1]), .validationException,
            "Mocked result must contain the same number of items as number of Parallel branches.")
    }

    @Test func aGivenContextIsChecked() async throws {
        let task = try state(lambdaTask)
        let prefix = "Invalid Context object provided: "
        await expect(
            task, context: ["Map": [:]], mock: .result([:]), .validationException,
            prefix + "'Map' field is not supported when mocking a Context object")
        await expect(
            task, context: ["Execution": ["pokemon": "squirtle"]], mock: .result([:]), .validationException,
            prefix + "Field 'pokemon' is not allowed")
        await expect(
            task, context: ["Execution": ["Id": 1]], mock: .result([:]), .validationException,
            prefix + "Execution.Id must be a string")
        await expect(
            task, context: ["Task": ["Token": "t"]], mock: .result([:]), .validationException,
            prefix
                + "Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern"
        )
    }

    @Test func aContextNeedsAMock() async throws {
        await expect(
            try state(#"{"Type": "Pass", "End": true}"#), context: [:], .validationException,
            "TestState does not support Context when a mock is not specified.")
    }

    @Test func awsNeedsARoleToCallARealServiceTheSimulatorDoesNot() async throws {
        #expect(
            await respond(["definition": .string(lambdaTask)]).failure
                == TestStateError(.validationException, "RoleArn must be specified when testing a Task state"))
        var sim = try state(lambdaTask)
        sim.handle(state: Simulator.testStateName) { call in ["Payload": call.input] }
        #expect(try await sim.testState(input: ["x": 1]).status == .succeeded)
    }

    @Test func callbackTasksNeedAMockOnAWS() async {
        let definition = #"""
            {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
             "Parameters": {"QueueUrl": "q", "MessageBody.$": "$$.Task.Token"}, "End": true}
            """#
        let answer = await respond(["definition": .string(definition), "roleArn": "arn:aws:iam::1:role/r"])
        #expect(answer.failure?.code == .validationException)
        #expect(
            answer.failure?.message.hasPrefix("TestState only supports the following when a mock is specified") == true)
    }

    @Test func theRequestsMembersAreCheckedAsAWSChecksThem() async {
        #expect(
            await respond(["definition": "{}", "stateName": ""]).failure?.message
                == "1 validation error detected: Value '' at 'stateName' failed to satisfy constraint: Member must have length greater than or equal to 1"
        )
        #expect(
            await respond(["definition": "{}", "inspectionLevel": "LOUD"]).failure?.message
                == "1 validation error detected: Value 'LOUD' at 'inspectionLevel' failed to satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]"
        )
        #expect(
            await respond(["input": "{}"]).failure?.message
                == "1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null"
        )
        let negative: JSONValue = [
            "definition": #"{"Type": "Pass", "End": true}"#, "stateConfiguration": ["retrierRetryCount": -1],
        ]
        #expect(await respond(negative).failure?.code == .validationException)
        #expect(
            await respond(["definition": #"{"Type": "Pass", "End": true}"#, "input": "{nope"]).failure?.code
                == .invalidExecutionInput)
    }
}

@Suite("TestState: mock results checked against the service's response shape")
struct TestStateMockValidationTests {
    private func task(_ resource: String) throws -> Simulator {
        try state(#"{"Type": "Task", "Resource": "\#(resource)", "End": true}"#)
    }

    private func problem(_ resource: String, _ result: JSONValue, _ mode: TestStateMock.FieldValidationMode = .strict)
        async throws -> String?
    {
        let sim = try task(resource)
        return await refusal { () throws(TestStateError) in
            try await sim.testState(mock: .result(result, fieldValidationMode: mode))
        }?.message
    }

    private let prefix = "Mock result schema validation error: "

    @Test func strictRequiresTheRequiredMembersInPascalCase() async throws {
        let start = "arn:aws:states:::states:startExecution"
        #expect(try await problem(start, [:]) == prefix + "Required field 'ExecutionArn' is missing")
        #expect(
            try await problem(start, ["executionArn": "a", "startDate": "d"])
                == prefix + "Required field 'ExecutionArn' is missing")
        #expect(try await problem(start, [:], .present) == nil)
        #expect(try await problem(start, ["executionArn": "a"], .present) == nil)
        #expect(try await problem(start, ["ExecutionArn": "a", "StartDate": "2025-01-01T00:00:00"]) == nil)
    }

    @Test func typesAreCheckedInStrictAndPresentNotInNone() async throws {
        let start = "arn:aws:states:::states:startExecution"
        #expect(
            try await problem(start, ["ExecutionArn": 1_764_103_483], .present)
                == prefix + "Field 'ExecutionArn' must be a string")
        #expect(
            try await problem(start, ["ExecutionArn": "a", "StartDate": 1_764_103_483])
                == prefix + "Field 'StartDate' must be a string")
        #expect(
            try await problem(start, ["StartDate": true], .present) == prefix + "Field 'StartDate' must be a string")
        #expect(try await problem(start, ["ExecutionArn": "a", "StartDate": true], .none) == nil)
        #expect(
            try await problem("arn:aws:states:::lambda:invoke", ["StatusCode": "200"])
                == prefix + "Field 'StatusCode' must be a number")
        #expect(
            try await problem("arn:aws:states:::aws-sdk:s3:getObject", ["ContentLength": "9000"])
                == prefix + "Field 'ContentLength' must be a number")
        #expect(
            try await problem("arn:aws:states:::aws-sdk:kms:encrypt", ["CiphertextBlob": 123], .present)
                == prefix + "Field 'CiphertextBlob' must be a string")
    }

    @Test func nestedMembersAndListElementsAreNamedAlone() async throws {
        #expect(
            try await problem("arn:aws:states:::dynamodb:putItem", ["ConsumedCapacity": ["CapacityUnits": "123.45"]])
                == prefix + "Field 'CapacityUnits' must be a number")
        let events = "arn:aws:states:::events:putEvents"
        #expect(try await problem(events, ["Entries": "x"]) == prefix + "Field 'Entries' must be an array")
        #expect(
            try await problem(events, ["Entries": [["EventId": "a"], ["EventId": ["b"]]]])
                == prefix + "Field 'EventId' must be a string")
    }

    @Test func rangesLengthsAndEnumsAreChecked() async throws {
        let getFunction = "arn:aws:states:::aws-sdk:lambda:getFunction"
        #expect(
            try await problem(getFunction, ["Configuration": ["MemorySize": 127]])
                == prefix + "Field 'MemorySize' is less than the minimum value")
        // Pinned: AWS's model says 10240 where botocore says 32768.
        #expect(
            try await problem(getFunction, ["Configuration": ["MemorySize": 10241]])
                == prefix + "Field 'MemorySize' exceeds the maximum value")
        #expect(try await problem(getFunction, ["Configuration": ["MemorySize": 10240]]) == nil)
        #expect(
            try await problem("arn:aws:states:::aws-sdk:kms:encrypt", ["CiphertextBlob": ""])
                == prefix + "Field 'CiphertextBlob' is smaller than the minimum length")
        #expect(
            try await problem("arn:aws:states:::aws-sdk:s3:getObject", ["StorageClass": "Papyrus"])
                == prefix + "Field 'StorageClass' is not an expected value")
    }

    @Test func unknownMembersPassAndAreKept() async throws {
        let sim = try task("arn:aws:states:::events:putEvents")
        let result = try await sim.testState(mock: .result(["random": "json"]))
        #expect(result.output == ["random": "json"])
    }

    @Test func aLambdaPayloadIsAnyJSONAndUncheckedResourcesAreNotChecked() async throws {
        #expect(try await problem("arn:aws:states:::lambda:invoke", ["Payload": ["any": [1, 2]]]) == nil)
        #expect(try await problem("arn:aws:lambda:us-east-1:1:function:f", ["StatusCode": "x"]) == nil)
        #expect(try await problem("arn:aws:states:::sqs:sendMessage.waitForTaskToken", ["MessageId": 1]) == nil)
        #expect(try await problem("arn:aws:states:::aws-sdk:unknownservice:doThing", ["x": 1]) == nil)
    }

    @Test func theOptimizedIntegrationsServicesAreKnown() async throws {
        let checked = [
            "arn:aws:states:::sns:publish", "arn:aws:states:::sqs:sendMessage", "arn:aws:states:::ecs:runTask",
            "arn:aws:states:::batch:submitJob", "arn:aws:states:::glue:startJobRun",
            "arn:aws:states:::athena:startQueryExecution", "arn:aws:states:::dynamodb:getItem",
            "arn:aws:states:::codebuild:startBuild", "arn:aws:states:::aws-sdk:sfn:describeExecution",
            "arn:aws:states:::aws-sdk:eventbridge:putEvents", "arn:aws:states:::aws-sdk:secretsmanager:getSecretValue",
        ]
        for resource in checked {
            // Every output shape is a structure: an array is refused.
            #expect(try await problem(resource, [1]) != nil, "\(resource)")
        }
    }
}

@Suite("TestState: running the state (status, next state, output, error)")
struct TestStateRunTests {
    @Test func passShowsResultOverParametersAsAWSDoes() async throws {
        let sim = try state(
            #"""
            {"Type": "Pass", "InputPath": "$.in", "Parameters": {"p.$": "$.x"}, "Result": {"r": 1},
             "ResultPath": "$.out", "End": true}
            """#)
        let result = try await sim.testState(input: ["in": ["x": 2]], inspectionLevel: .debug)
        #expect(result.output == ["in": ["x": 2], "out": ["r": 1]])
        #expect(result.inspectionData?.result == ["r": 1])
        #expect(result.inspectionData?.afterInputPath == nil)
        #expect(result.inspectionData?.afterParameters == nil)
    }

    @Test func failFailsWithItsErrorAndCause() async throws {
        let result = try await state(#"{"Type": "Fail", "Error": "SomeFailure", "Cause": "because"}"#).testState()
        #expect(result.status == .failed)
        #expect(result.error == "SomeFailure")
        #expect(result.cause == "because")
        #expect(result.output == nil)
        #expect(result.nextState == nil)
    }

    @Test func aChoiceWithoutAMatchFails() async throws {
        let sim = try state(#"{"Type": "Choice", "Choices": [{"Variable": "$.v", "NumericEquals": 1, "Next": "One"}]}"#)
        let result = try await sim.testState(input: ["v": 2])
        #expect(result.status == .failed)
        #expect(result.error == "States.NoChoiceMatched")
    }

    @Test func aWaitDoesNotWaitButLongerThanFiveMinutesTimesOut() async throws {
        let short = try await state(#"{"Type": "Wait", "Seconds": 60, "Next": "N"}"#).testState(input: [1])
        #expect(short.status == .succeeded)
        #expect(short.nextState == "N")
        let long = try await state(#"{"Type": "Wait", "Seconds": 600, "Next": "N"}"#).testState()
        #expect(long.status == .failed)
        #expect(long.error == "States.Timeout")
    }

    @Test func aRuntimeErrorHasNoStatePrefix() async throws {
        let sim = try state(#"{"Type": "Pass", "InputPath": "$.missing", "End": true}"#)
        let result = try await sim.testState(input: [:])
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause?.hasPrefix("An error occurred while executing the state") == false)
    }

    @Test func aTaskIsAnsweredByItsMock() async throws {
        let sim = try state(
            #"""
            {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f",
             "Payload.$": "$"}, "ResultSelector": {"v.$": "$.Payload.v"}, "ResultPath": "$.r", "Next": "Ship"}
            """#)
        let result = try await sim.testState(
            input: ["amount": 5], mock: .result(["Payload": ["v": 1], "StatusCode": 200]), inspectionLevel: .debug)
        #expect(result.status == .succeeded)
        #expect(result.nextState == "Ship")
        #expect(result.output == ["amount": 5, "r": ["v": 1]])
        let inspection = try #require(result.inspectionData)
        #expect(inspection.afterParameters == ["FunctionName": "f", "Payload": ["amount": 5]])
        #expect(inspection.result == ["Payload": ["v": 1], "StatusCode": 200])
        #expect(inspection.afterResultSelector == ["v": 1])
        #expect(inspection.afterResultPath == ["amount": 5, "r": ["v": 1]])
    }

    @Test func aMockWinsOverTheSimulatorsHandlers() async throws {
        var sim = try state(lambdaTask)
        sim.handle(resource: "arn:aws:states:::lambda:invoke") { _ in ["from": "handler"] }
        // Without a mock the simulator answers as in an execution (the Invoke response around the payload).
        #expect(try await sim.testState().output?["Payload"] == ["from": "handler"])
        #expect(try await sim.testState(mock: .result(["from": "mock"])).output == ["from": "mock"])
    }

    @Test func aTaskNobodyAnswersFailsAndSaysHow() async throws {
        let result = try await state(lambdaTask).testState()
        #expect(result.status == .failed)
        #expect(result.error == "Simulator.NoHandler")
        #expect(result.cause?.contains("give testState a mock") == true)
    }
}

@Suite("TestState: Retry and Catch (retrierRetryCount, errorDetails)")
struct TestStateRetryCatchTests {
    private let task = #"""
        {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "arn:aws:states:::lambda:invoke",
         "Arguments": {"FunctionName": "foo"},
         "Retry": [{"ErrorEquals": ["Other"]}, {"ErrorEquals": ["MockException"], "IntervalSeconds": 1,
           "MaxAttempts": 5, "BackoffRate": 2.0}],
         "Catch": [{"ErrorEquals": ["MockException"], "Next": "Handle"}, {"ErrorEquals": ["States.ALL"],
           "Output": "{% $states.errorOutput %}", "Next": "Other"}],
         "End": true}
        """#

    @Test func aMatchingRetrierWithAttemptsLeftIsRetriableWithItsBackoff() async throws {
        let result = try await state(task).testState(
            mock: .error("MockException", cause: "c"),
            configuration: TestStateConfiguration(retrierRetryCount: 4))
        #expect(result.status == .retriable)
        #expect(result.error == "MockException")
        #expect(result.cause == "c")
        #expect(result.output == nil)
        #expect(result.nextState == nil)
        // The first matching retrier's index; 1 × 2^4 seconds.
        #expect(result.errorDetails == InspectionData.ErrorDetails(retryIndex: 1, retryBackoffIntervalSeconds: 16))
        #expect(result.inspectionData == nil)
    }

    @Test func anExhaustedRetrierLeavesTheErrorToTheCatchers() async throws {
        let caught = try await state(task).testState(
            mock: .error("MockException", cause: "c"),
            configuration: TestStateConfiguration(retrierRetryCount: 5),
            inspectionLevel: .debug)
        #expect(caught.status == .caughtError)
        #expect(caught.nextState == "Handle")
        #expect(caught.errorDetails == InspectionData.ErrorDetails(catchIndex: 0))
        #expect(caught.output == ["Error": "MockException", "Cause": "c"])
        #expect(caught.inspectionData?.errorDetails == caught.errorDetails)
        #expect(caught.inspectionData?.afterArguments == ["FunctionName": "foo"])
        #expect(caught.inspectionData?.result == nil)
    }

    @Test func anExhaustedRetrierWithoutACatcherFailsAndIsShown() async throws {
        let sim = try state(
            #"""
            {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
             "Retry": [{"ErrorEquals": ["MockException"], "MaxAttempts": 5}], "End": true}
            """#)
        let result = try await sim.testState(
            mock: .error("MockException"), configuration: TestStateConfiguration(retrierRetryCount: 5))
        #expect(result.status == .failed)
        #expect(result.errorDetails == InspectionData.ErrorDetails(retryIndex: 0))
    }

    @Test func theBackoffIsCappedAndNotJittered() async throws {
        let sim = try state(
            #"""
            {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["E"],
             "IntervalSeconds": 3, "BackoffRate": 3, "MaxAttempts": 10, "MaxDelaySeconds": 50, "JitterStrategy": "FULL"}],
             "End": true}
            """#)
        let first = try await sim.testState(mock: .error("E"))
        #expect(first.errorDetails?.retryBackoffIntervalSeconds == 3)
        let later = try await sim.testState(
            mock: .error("E"), configuration: TestStateConfiguration(retrierRetryCount: 3))
        #expect(later.errorDetails?.retryBackoffIntervalSeconds == 50)
    }

    @Test func aJSONPathCatcherPlacesTheErrorWithResultPath() async throws {
        let sim = try state(
            #"""
            {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
             "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Recover"}], "End": true}
            """#)
        let result = try await sim.testState(input: ["a": 1], mock: .error("E", cause: "C"))
        #expect(result.status == .caughtError)
        #expect(result.output == ["a": 1, "error": ["Error": "E", "Cause": "C"]])
        #expect(result.nextState == "Recover")
    }

    @Test func theRetryCountShowsInTheContextObject() async throws {
        let sim = try state(
            #"""
            {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
             "ResultSelector": {"retries.$": "$$.State.RetryCount"}, "End": true}
            """#)
        let result = try await sim.testState(
            mock: .result([:]), configuration: TestStateConfiguration(retrierRetryCount: 2))
        #expect(result.output == ["retries": 2])
    }
}

@Suite("TestState: Map and Parallel with a mock")
struct TestStateMapParallelTests {
    private let map = #"""
        {"Type": "Map", "ItemsPath": "$.Values", "MaxConcurrency": 2,
         "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
           "StartAt": "HandleItem", "States": {"HandleItem": {"Type": "Task",
           "Resource": "arn:aws:states:::lambda:invoke", "End": true}}},
         "ToleratedFailureCount": 1, "ResultPath": "$.results", "End": true}
        """#

    @Test func theMockIsTheMapsResultAndItsFieldsAreShown() async throws {
        let result = try await state(map).testState(
            input: ["Values": ["a", "b", "c"]], mock: .result([1, 2, 3]), inspectionLevel: .trace)
        #expect(result.status == .succeeded)
        #expect(result.output == ["Values": ["a", "b", "c"], "results": [1, 2, 3]])
        let inspection = try #require(result.inspectionData)
        #expect(inspection.afterItemsPath == ["a", "b", "c"])
        #expect(inspection.maxConcurrency == 2)
        #expect(inspection.toleratedFailureCount == 1)
        #expect(inspection.result == nil)
        #expect(inspection.afterResultPath == ["Values": ["a", "b", "c"], "results": [1, 2, 3]])
    }

    @Test func failedIterationsOverTheToleranceFailTheMap() async throws {
        let sim = try state(map)
        let tolerated = try await sim.testState(
            input: ["Values": [1, 2, 3]], mock: .result([1, 0, 1]),
            configuration: TestStateConfiguration(mapIterationFailureCount: 1))
        #expect(tolerated.status == .succeeded)
        let exceeded = try await sim.testState(
            input: ["Values": [1, 2, 3]], mock: .result([0, 0, 1]),
            configuration: TestStateConfiguration(mapIterationFailureCount: 2))
        #expect(exceeded.status == .failed)
        #expect(exceeded.error == "States.ExceedToleratedFailureThreshold")
        #expect(exceeded.cause == "The specified tolerated failure threshold was exceeded")
    }

    @Test func withoutATolerancefailedIterationsDoNotFailTheMap() async throws {
        let sim = try state(
            #"""
            {"Type": "Map", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
             "End": true}
            """#)
        let result = try await sim.testState(
            input: [1, 2, 3], mock: .result([1, 1, 1]),
            configuration: TestStateConfiguration(mapIterationFailureCount: 2))
        #expect(result.status == .succeeded)
    }

    @Test func aMockedErrorFailsTheMapWhateverTheFailureCount() async throws {
        let result = try await state(map).testState(
            input: ["Values": [1, 2, 3]], mock: .error("MockException", cause: "Mock the error cause."),
            configuration: TestStateConfiguration(errorCausedByState: "HandleItem", mapIterationFailureCount: 0))
        #expect(result.status == .failed)
        #expect(result.error == "MockException")
    }

    @Test func anItemsPathThatIsNotAnArrayFailsWithTestStatesWording() async throws {
        let sim = try state(
            #"""
            {"Type": "Map", "ItemsPath": "$$.Execution.Input", "ItemProcessor": {"StartAt": "P",
             "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}
            """#)
        let result = try await sim.testState(
            context: ["Execution": ["Input": ["not": "an array"]]], mock: .result([]), inspectionLevel: .debug)
        #expect(result.status == .failed)
        #expect(result.error == "States.Runtime")
        #expect(result.cause == #"Reference path "$.Execution.Input" must point to array."#)
        #expect(result.inspectionData?.afterItemsPath == nil)
        #expect(result.inspectionData?.maxConcurrency == nil)
    }

    @Test func anItemReaderReadsTheGivenData() async throws {
        let sim = try state(
            #"""
            {"Type": "Map", "QueryLanguage": "JSONata", "ItemReader": {"ReaderConfig": {"InputType": "JSON"},
             "Resource": "arn:aws:states:::s3:getObject", "Arguments": {"Bucket": "b", "Key": "k"}},
             "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
             "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
             "ItemSelector": {"v": "{% $states.context.Map.Item.Value %}"}, "End": true}
            """#)
        let result = try await sim.testState(
            mock: .result([1, 4, 9]), configuration: TestStateConfiguration(mapItemReaderData: "[1, 2, 3]"),
            inspectionLevel: .debug)
        #expect(result.output == [1, 4, 9])
        #expect(result.inspectionData?.afterItemSelector == [["v": 1], ["v": 2], ["v": 3]])
    }

    @Test func theParallelsMockIsItsResultMergedIntoTheRawInput() async throws {
        let sim = try state(
            #"""
            {"Type": "Parallel", "InputPath": "$.in", "ResultPath": "$.out", "Branches": [
             {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}], "End": true}
            """#)
        let result = try await sim.testState(input: ["in": 1], mock: .result([["b": 1]]), inspectionLevel: .debug)
        #expect(result.output == ["in": 1, "out": [["b": 1]]])
        let inspection = try #require(result.inspectionData)
        #expect(inspection.afterInputPath == nil)
        #expect(inspection.afterResultSelector == [["b": 1]])
    }
}

@Suite("TestState: context object, variables, inspection data, AWS's response")
struct TestStateDataTests {
    private let showContext =
        #"{"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.context %}", "End": true}"#

    @Test func theMadeUpContextIsAnExpressExecutionOfAMadeUpMachine() async throws {
        var options = Simulator.Options()
        options.accountId = "111111111111"
        let sim = try state(showContext, options: options)
        let context = try #require(try await sim.testState(input: ["v": 1]).output)
        let execution = try #require(context["Execution"])
        let name = try #require(execution["Name"]?.stringValue)
        let machine = try #require(context["StateMachine"]?["Name"]?.stringValue)
        #expect(execution["Id"] == .string("arn:aws:states:us-east-1:111111111111:express:\(machine):\(name)"))
        #expect(execution["Input"] == ["v": 1])
        #expect(execution["RoleArn"] == .null)
        #expect(execution["RedriveCount"] == nil)
        #expect(
            context["StateMachine"]?["Id"] == .string("arn:aws:states:us-east-1:111111111111:stateMachine:\(machine)"))
        #expect(context["State"]?["Name"] == "StateName")
        // A Pass has no RetryCount.
        #expect(context["State"]?["RetryCount"] == nil)
    }

    @Test func aGivenContextIsUsedAsItIs() async throws {
        let sim = try state(
            #"""
            {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
             "Parameters": {"QueueUrl": "q", "MessageBody": {"TaskToken.$": "$$.Task.Token", "all.$": "$$"}}, "End": true}
            """#)
        let context: JSONValue = ["Execution": [:], "Task": ["Token": "abcd123"]]
        let result = try await sim.testState(context: context, mock: .result(["ok": true]), inspectionLevel: .debug)
        #expect(
            result.inspectionData?.afterParameters == [
                "QueueUrl": "q", "MessageBody": ["TaskToken": "abcd123", "all": context],
            ])
    }

    @Test func variablesAreSeenAndShownWithTheStatesAssignments() async throws {
        let sim = try state(
            #"""
            {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $a + 1 %}", "Assign": {"b": "{% $a * 2 %}"},
             "End": true}
            """#)
        let result = try await sim.testState(variables: ["a": 10], inspectionLevel: .debug)
        #expect(result.output == 11)
        #expect(result.inspectionData?.variables == ["a": 10, "b": 20])
        let none = try await sim.testState(variables: [:], inspectionLevel: .debug)
        #expect(none.status == .failed)
        #expect(none.inspectionData?.variables == nil)
    }

    @Test func theInspectionMembersFollowTheStateType() async throws {
        let succeed = try await state(#"{"Type": "Succeed", "InputPath": "$.a"}"#).testState(
            input: ["a": 1], inspectionLevel: .trace)
        #expect(
            succeed.inspectionData
                == {
                    var d = InspectionData()
                    d.input = ["a": 1]
                    d.afterInputPath = 1
                    return d
                }())
        let fail = try await state(#"{"Type": "Fail", "Error": "E"}"#).testState(
            input: ["a": 1], inspectionLevel: .debug)
        #expect(fail.inspectionData?.afterInputPath == ["a": 1])
        let pass = try await state(#"{"Type": "Pass", "End": true}"#).testState(
            input: ["a": 1], inspectionLevel: .debug)
        #expect(pass.inspectionData?.afterParameters == ["a": 1])
        #expect(pass.inspectionData?.result == nil)
        let jsonata = try await state(#"{"Type": "Pass", "QueryLanguage": "JSONata", "End": true}"#).testState(
            input: ["a": 1], inspectionLevel: .debug)
        #expect(jsonata.inspectionData?.afterInputPath == nil)
        #expect(jsonata.inspectionData?.input == ["a": 1])
    }

    @Test func theResponseHasAWSsMembersAndJSONTexts() async {
        let request: JSONValue = [
            "definition": #"{"Type": "Pass", "Result": [1, {"a": "b"}], "Next": "N"}"#, "inspectionLevel": "DEBUG",
        ]
        guard case .success(let response) = await respond(request) else {
            Issue.record("expected a response")
            return
        }
        #expect(response["output"] == #"[1, {"a": "b"}]"#)
        #expect(response["nextState"] == "N")
        #expect(response["status"] == "SUCCEEDED")
        #expect(response["error"] == nil)
        #expect(response["inspectionData"]?["result"] == #"[1, {"a": "b"}]"#)
        #expect(response["inspectionData"]?["input"] == "{}")
        let info = await respond(["definition": #"{"Type": "Pass", "End": true}"#])
        #expect(info.success?["inspectionData"] == nil)
        #expect(info.success?["nextState"] == nil)
    }

    @Test func errorDetailsAreIntegersInTheResponse() async {
        let request: JSONValue = [
            "definition": #"""
            {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
             "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 1, "BackoffRate": 1.5}], "End": true}
            """#, "inspectionLevel": "TRACE", "mock": ["errorOutput": ["error": "E"]],
            "stateConfiguration": ["retrierRetryCount": 2],
        ]
        let response = await respond(request).success
        #expect(response?["status"] == "RETRIABLE")
        #expect(response?["output"] == nil)
        // 1 × 1.5² = 2.25: whole seconds.
        #expect(response?["inspectionData"]?["errorDetails"] == ["retryIndex": 0, "retryBackoffIntervalSeconds": 2])
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }

    fileprivate var success: Success? {
        if case .success(let v) = self { return v }
        return nil
    }
}
