import Foundation
import JSONCore
import SFNCLI
import Testing

/// Case files that take their mocks from a Step Functions Local mock configuration
/// (`"mockConfig"`, `"testCase"`, `"stateMachine"`; Docs/TestCases.md).
@Suite("sfn test: cases answered by a mock configuration's test cases")
struct MockConfigCaseTests {
    static let definition = """
        {"StartAt": "Charge", "States": {
          "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "charge", "Payload.$": "$"}, "OutputPath": "$.Payload",
            "Catch": [{"ErrorEquals": ["Declined"], "Next": "Refused"}], "End": true},
          "Refused": {"Type": "Fail", "Error": "Refused"}
        }}
        """
    static let mocks = """
        {"StateMachines": {"Payments": {"TestCases": {"Happy": {"Charge": "Charged"}, "Declined": {"Charge": "Declines"}}}},
         "MockedResponses": {
           "Charged": {"0": {"Return": {"StatusCode": 200, "Payload": {"charged": true}}}},
           "Declines": {"0": {"Throw": {"Error": "Declined", "Cause": "no funds"}}}}}
        """

    static func sfn(_ arguments: [String]) async -> (Int32, CommandIO.Captured) {
        await runSFN(arguments)
    }

    @Test func eachCaseRunsItsTestCaseOfTheMockFile() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-mockcases-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: dir + "/cases", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.mocks.write(toFile: dir + "/MockConfigFile.json", atomically: true, encoding: .utf8)
        func write(_ name: String, _ fields: String) throws {
            try
                #"{"name": "\#(name)", "definition": \#(Self.definition), "mockConfig": "../MockConfigFile.json", \#(fields)}"#
                .write(toFile: dir + "/cases/\(name).json", atomically: true, encoding: .utf8)
        }
        try write(
            "happy",
            #""stateMachine": "Payments", "testCase": "Happy", "expected": {"status": "SUCCEEDED", "output": {"charged": true}}"#
        )
        try write("declined", #""testCase": "Declined", "expected": {"status": "FAILED", "error": "Refused"}"#)
        try write("wrong", #""testCase": "Declined", "expected": {"status": "SUCCEEDED"}"#)
        try write("unknown", #""testCase": "Nope", "expected": {"status": "SUCCEEDED"}"#)
        let (status, captured) = await Self.sfn(["test", "--format", "json", dir + "/cases"])
        #expect(status == 1)
        let report = try JSONParser.parse(captured.output)
        let statuses = Dictionary(
            uniqueKeysWithValues: (report["cases"]?.arrayValue ?? []).map {
                ($0["name"]?.stringValue ?? "", $0["status"]?.stringValue ?? "")
            })
        #expect(statuses["happy"] == "passed")
        #expect(statuses["declined"] == "passed")
        #expect(statuses["wrong"] == "failed")
        let error = (report["cases"]?.arrayValue ?? []).first { $0["status"] == "error" }
        #expect(error?["name"]?.stringValue?.contains("no test case 'Nope'") == true)
    }
}
