import JSONCore

extension LocalStepFunctions {
    func testState(_ r: Request) async throws(AWSError) -> JSONValue {
        throw AWSError("ValidationException", "TestState is not available yet in sfn serve")
    }

    /// `variableReferences` of DescribeStateMachine: the workflow variables each state reads.
    static func variableReferences(_ definitionText: String) -> JSONValue? { nil }
}
