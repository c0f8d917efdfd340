import JSONCore
import StepFunctionsModel
import StepFunctionsSimulator

extension LocalStepFunctions {
    /// TestState: runs one state as AWS does (`TestStateRequest.run(asAWS: true)`) and answers AWS's
    /// response, or AWS's error (`ValidationException`, `InvalidDefinition`,
    /// `InvalidExecutionInput`) with AWS's message.
    ///
    /// A Task tested without a mock (AWS calls the service with `roleArn`) is answered by the same
    /// integrations an execution has here: Step Functions' own operations, and the S3 stand-in's
    /// objects for a Map's `ItemReader`.
    func testState(_ r: Request) async throws(AWSError) -> JSONValue {
        do throws(TestStateError) {
            let request = try TestStateRequest(apiJSON: .object(r.body))
            return try await request.run(asAWS: true) { definition in testStateSimulator(definition) }.apiJSON
        } catch {
            throw AWSError(error.code.rawValue, error.message)
        }
    }

    /// A simulator for a TestState request's definition: this service's region, account and
    /// clock, and its integrations.
    private func testStateSimulator(_ definition: StateMachineDefinition) -> Simulator {
        var options = simulatorOptions()
        options.unansweredTaskAdvice =
            "give the request a mock (TestState's mock.result or mock.errorOutput); sfn serve does not call "
            + "this service"
        var simulator = Simulator(definition, options: options)
        installIntegrations(&simulator, definition: definition)
        let objects = s3Objects
        if !objects.isEmpty { simulator.objects = objects }
        return simulator
    }
}
