import Foundation
import JSONCore
import StepFunctionsCompiler
import StepFunctionsSimulator
import Testing

/// A simulator made from a definition planned once (``Simulator/Planned``, what the conformance
/// runner keeps with each checked definition) runs exactly as one made through the plan cache.
@Suite struct PlannedSimulatorTests {
    static let definitions: [String] = [
        #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"y.$": "$.x"}, "End": true}}}"#,
        #"""
        {"StartAt": "T", "States": {
          "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "F"}], "Next": "C"},
          "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "S"}],
                "Default": "F"},
          "S": {"Type": "Succeed"},
          "F": {"Type": "Fail", "Error": "E", "Cause": "c"}}}
        """#,
        #"""
        {"StartAt": "M", "States": {
          "M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "W", "States": {
            "W": {"Type": "Wait", "Seconds": 1, "End": true}}}, "Next": "Par"},
          "Par": {"Type": "Parallel", "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": 2, "End": true}}}], "End": true}}}
        """#,
        #"""
        {"QueryLanguage": "JSONata", "StartAt": "J", "States": {
          "J": {"Type": "Pass", "Assign": {"v": "{% $states.input.x %}"}, "Output": "{% [$v, $states.context.Execution.Name] %}",
                "Next": "K"},
          "K": {"Type": "Choice", "Choices": [{"Condition": "{% $v = 1 %}", "Next": "Done"}], "Default": "Bad"},
          "Done": {"Type": "Succeed"},
          "Bad": {"Type": "Fail", "Error": "{% 'E' & $string($v) %}"}}}
        """#,
    ]

    @Test(arguments: 0..<definitions.count)
    func runsAsTheCachedPlanDoes(_ index: Int) async throws {
        let text = Self.definitions[index]
        let definition = try ASLDocument(text: text).validDefinition()
        var options = Simulator.Options()
        options.startDate = Date(timeIntervalSince1970: 1_700_000_000)
        options.concurrent = false
        options.strict = false
        for input: JSONValue in [["x": 1], ["x": "a", "items": [1, 2, 3]], [:]] {
            let planned = await Simulator(Simulator.Planned(definition), options: options).run(input: input)
            let cached = await Simulator(definition, text: text, options: options).run(input: input)
            #expect(planned.status == cached.status)
            #expect(planned.output == cached.output)
            #expect(planned.error == cached.error)
            #expect(planned.cause == cached.cause)
            #expect(planned.historyJSON == cached.historyJSON)
            #expect(!planned.history.isEmpty)
        }
    }
}
