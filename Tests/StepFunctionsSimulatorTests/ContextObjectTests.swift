import Foundation
import JSONCore
import StepFunctionsSimulator
import Testing

/// The Developer Guide's "Accessing execution data from the Context object" page: every field it
/// lists, in both query languages, and its Map examples.
@Suite struct ContextObjectTests {
    /// The page's Map example input and its documented output.
    let people: JSONValue = [["who": "bob"], ["who": "meg"], ["who": "joe"]]
    var documentedOutput: JSONValue {
        [
            ["ContextIndex": 0, "ContextValue": ["who": "bob"], "ContextSource": "STATE_DATA"],
            ["ContextIndex": 1, "ContextValue": ["who": "meg"], "ContextSource": "STATE_DATA"],
            ["ContextIndex": 2, "ContextValue": ["who": "joe"], "ContextSource": "STATE_DATA"],
        ]
    }

    @Test func aDistributedChildIsAnExecutionOfItsOwn() async throws {
        let asl = #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "Label": "Orders",
              "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out"}},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {
                  "id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "input.$": "$$.Execution.Input",
                  "machine.$": "$$.StateMachine.Name", "redrives.$": "$$.Execution.RedriveCount"}, "End": true}}},
              "End": true}}}
            """#
        let execution = try await run(asl, input: [["n": 1], ["n": 2]])
        #expect(execution.status == .succeeded, "\(execution.cause ?? "")")
        let key = try #require(execution.output?["ResultWriterDetails"]?["Key"]?.stringValue)
        let file = key.replacingOccurrences(of: "manifest.json", with: "SUCCEEDED_0.json")
        let records = try JSONParser.parse(
            try #require(execution.objectsWritten[ItemStore.Key(bucket: "out", key: file)]))
        for i in 0..<2 {
            let output = try JSONParser.parse(try #require(records[i]?["Output"]?.stringValue))
            // The child's own execution: the name and ARN its record gives, its item as input.
            #expect(output["name"] == records[i]?["Name"])
            #expect(output["id"] == records[i]?["ExecutionArn"])
            #expect(output["input"] == ["n": .int(i + 1)])
            #expect(output["machine"] == .string(Simulator.Options().stateMachineName + "/Orders"))
            #expect(output["redrives"] == 0)
        }
        #expect(records[0]?["Name"] != records[1]?["Name"])
    }
    @Test func mapItemIndexValueAndSourceInJSONPath() async throws {
        let asl = #"""
            {"StartAt": "ExampleMapState", "States": {"ExampleMapState": {"Type": "Map",
              "ItemSelector": {"ContextIndex.$": "$$.Map.Item.Index", "ContextValue.$": "$$.Map.Item.Value",
                               "ContextSource.$": "$$.Map.Item.Source"},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "TestPass",
                                "States": {"TestPass": {"Type": "Pass", "End": true}}},
              "End": true}}}
            """#
        let execution = try await run(asl, input: people)
        #expect(execution.output == documentedOutput)
    }

    @Test func mapItemIndexValueAndSourceInJSONata() async throws {
        let asl = #"""
            {"QueryLanguage": "JSONata", "StartAt": "ExampleMapState", "States": {"ExampleMapState": {"Type": "Map",
              "ItemSelector": {"ContextIndex": "{% $states.context.Map.Item.Index %}",
                               "ContextValue": "{% $states.context.Map.Item.Value %}",
                               "ContextSource": "{% $states.context.Map.Item.Source %}"},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "TestPass",
                                "States": {"TestPass": {"Type": "Pass", "End": true}}},
              "End": true}}}
            """#
        let execution = try await run(asl, input: people)
        #expect(execution.output == documentedOutput)
    }

    @Test func aDistributedMapOverStateDataHasTheSameSource() async throws {
        let asl = #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map",
              "ItemSelector": {"source.$": "$$.Map.Item.Source"},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                                "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
              "End": true}}}
            """#
        let execution = try await run(asl, input: [1])
        #expect(execution.output == [["source": "STATE_DATA"]])
    }

    @Test func anItemReaderFileIsTheObjectsURIAndAListingTheBucketsURI() async throws {
        func reader(_ resource: String, _ parameters: String) -> String {
            #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map",
              "ItemReader": {"Resource": "arn:aws:states:::s3:\#(resource)", "Parameters": {\#(parameters)}},
              "ItemSelector": {"source.$": "$$.Map.Item.Source", "index.$": "$$.Map.Item.Index"},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                                "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
              "End": true}}}
            """#
        }
        var file = try Simulator(aslJSON: reader("getObject", #""Bucket": "data", "Key": "in/items.json""#))
        file.putObject(bucket: "data", key: "in/items.json", text: "[10, 20]")
        let fromFile = await file.run()
        #expect(
            fromFile.output == [
                ["source": "S3://data/in/items.json", "index": 0], ["source": "S3://data/in/items.json", "index": 1],
            ])

        var listing = try Simulator(aslJSON: reader("listObjectsV2", #""Bucket": "data", "Prefix": "in/""#))
        listing.putObject(bucket: "data", key: "in/a.json", text: "{}")
        let fromListing = await listing.run()
        #expect(fromListing.output == [["source": "S3://data", "index": 0]])
    }

    @Test func everyExecutionStateAndStateMachineField() async throws {
        var options = Simulator.Options()
        options.executionName = "executionName"
        options.stateMachineName = "stateMachineName"
        options.roleArn = "arn:aws:iam::123456789012:role/r"
        options.startDate = Date(timeIntervalSince1970: 1_756_289_082)  // 2025-08-27T10:04:42Z
        let asl = single(#"{"Type": "Pass", "Parameters": {"context.$": "$$"}, "End": true}"#)
        let context = try #require(try await run(asl, input: ["key": "value"], options: options).output?["context"])
        #expect(
            context["Execution"] == [
                "Id": .string(options.executionArn), "Input": ["key": "value"], "StartTime": "2025-08-27T10:04:42Z",
                "Name": "executionName", "RoleArn": "arn:aws:iam::123456789012:role/r", "RedriveCount": 0,
            ])
        #expect(context["StateMachine"] == ["Id": .string(options.stateMachineArn), "Name": "stateMachineName"])
        #expect(context["State"] == ["Name": "S", "EnteredTime": "2025-08-27T10:04:42Z"])
        #expect(context["Task"] == nil)
        #expect(context["Map"] == nil)
    }

    @Test func jsonataSeesTheSameContext() async throws {
        let asl = #"""
            {"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass",
              "Output": {"id": "{% $states.context.Execution.Id %}", "state": "{% $states.context.State.Name %}",
                         "machine": "{% $states.context.StateMachine.Name %}"}, "End": true}}}
            """#
        let options = Simulator.Options()
        let execution = try await run(asl, options: options)
        #expect(
            execution.output == [
                "id": .string(options.executionArn), "state": "S", "machine": .string(options.stateMachineName),
            ])
    }

    @Test func redriveTimeOnlyForARedrivenExecution() async throws {
        let asl = single(#"{"Type": "Pass", "Parameters": {"execution.$": "$$.Execution"}, "End": true}"#)
        let first = try await run(asl)
        #expect(first.output?["execution"]?["RedriveCount"] == 0)
        #expect(first.output?["execution"]?["RedriveTime"] == nil)

        var options = Simulator.Options()
        options.redriveCount = 2
        options.redriveDate = Date(timeIntervalSince1970: 1_756_289_082.001)
        let redriven = try await run(asl, options: options)
        #expect(redriven.output?["execution"]?["RedriveCount"] == 2)
        #expect(redriven.output?["execution"]?["RedriveTime"] == "2025-08-27T10:04:42.001Z")
    }

    @Test func expressExecutionsHaveNoRedriveCount() async throws {
        var options = Simulator.Options()
        options.stateMachineType = .express
        let asl = single(#"{"Type": "Pass", "Parameters": {"execution.$": "$$.Execution"}, "End": true}"#)
        let execution = try await run(asl, options: options)
        #expect(execution.output?["execution"]?["RedriveCount"] == nil)
        #expect(execution.output?["execution"]?["Id"] != nil)
    }

    @Test func retryCountAndTaskTokenInATaskContext() async throws {
        let asl = #"""
            {"StartAt": "T", "States": {"T": {"Type": "Task",
              "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token", "retry.$": "$$.State.RetryCount"}},
              "End": true}}}
            """#
        var sim = try Simulator(aslJSON: asl)
        sim.handle(state: "T") { call in
            [
                "sent": call.parameters["MessageBody"] ?? nil, "token": call.taskToken.map(JSONValue.string) ?? nil,
                "retryCount": .int(call.retryCount),
            ]
        }
        let execution = await sim.run()
        #expect(execution.status == .succeeded, "\(execution.cause ?? "")")
        let output = try #require(execution.output)
        #expect(output["token"] != nil && output["token"] != JSONValue.null)
        #expect(output["sent"]?["token"] == output["token"])
        #expect(output["sent"]?["retry"] == 0)
        #expect(output["retryCount"] == 0)
    }
}
