import JSONCore

extension LocalStepFunctions {
    func testState(_ r: Request) async throws(AWSError) -> JSONValue {
        throw AWSError("ValidationException", "TestState is not available yet in sfn serve")
    }

}
