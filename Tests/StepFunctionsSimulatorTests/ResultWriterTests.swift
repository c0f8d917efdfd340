import Foundation
import JSONCore
import StepFunctionsSimulator
import Testing

/// A distributed Map's `ResultWriter`, as the Developer Guide's "ResultWriter (Map)" page describes
/// it: the files an export writes, their shapes under each `WriterConfig`, and the preview.
@Suite struct ResultWriterTests {
    /// A distributed Map over `items` whose children output `$.out` (JSONPath), with `writer` as
    /// its `ResultWriter`; each child takes a second, and one whose item has `"fail": true` fails with `Boom`.
    static func machine(_ writer: String, extra: String = "") -> String {
        #"""
        {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "Label": "Orders", \#(extra)
          "ResultWriter": \#(writer),
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Work", "States": {
              "Work": {"Type": "Wait", "Seconds": 1, "Next": "Check"},
              "Check": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$.fail", "IsPresent": true},
                        {"Variable": "$.fail", "BooleanEquals": true}], "Next": "Boom"}], "Default": "Out"},
              "Boom": {"Type": "Fail", "Error": "Boom", "Cause": "item failed"},
              "Out": {"Type": "Pass", "OutputPath": "$.out", "End": true}}},
          "End": true}}}
        """#
    }

    static let export =
        #"{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "csvProcessJobs"}}"#

    /// The page's transformation examples: each child outputs an array of two orders.
    static let orders: JSONValue = [
        "items": [
            [
                "out": [
                    ["customer_id": "145538", "order_id": "100000"], ["customer_id": "898037", "order_id": "100001"],
                ]
            ],
            [
                "out": [
                    ["customer_id": "845352", "order_id": "100002"], ["customer_id": "154818", "order_id": "100003"],
                ]
            ],
        ]
    ]

    func object(_ execution: Execution, _ key: String, bucket: String = "out") throws -> String {
        try #require(execution.objectsWritten[ItemStore.Key(bucket: bucket, key: key)], "no s3://\(bucket)/\(key)")
    }

    func json(_ execution: Execution, _ key: String) throws -> JSONValue {
        try JSONParser.parse(try object(execution, key))
    }

    func runId(_ execution: Execution) throws -> String {
        let arn = try #require(execution.mapRuns.first?.mapRunArn)
        return String(try #require(arn.split(separator: ":").last))
    }

    @Test func anExportWritesTheManifestAndASucceededFileAndOutputsWhereTheManifestIs() async throws {
        let execution = try await run(Self.machine(Self.export), input: Self.orders)
        #expect(execution.status == .succeeded, "\(execution.cause ?? "")")
        let id = try runId(execution)
        let manifestKey = "csvProcessJobs/\(id)/manifest.json"
        // The state's output: the Map Run and the manifest's place.
        #expect(execution.output?["MapRunArn"]?.stringValue == execution.mapRuns.first?.mapRunArn)
        #expect(execution.output?["ResultWriterDetails"] == ["Bucket": "out", "Key": .string(manifestKey)])
        let manifest = try json(execution, manifestKey)
        #expect(manifest["DestinationBucket"] == "out")
        #expect(manifest["MapRunArn"] == execution.output?["MapRunArn"])
        let succeededKey = "csvProcessJobs/\(id)/SUCCEEDED_0.json"
        let text = try object(execution, succeededKey)
        #expect(
            manifest["ResultFiles"] == [
                "FAILED": [], "PENDING": [],
                "SUCCEEDED": [["Key": .string(succeededKey), "Size": .int(text.utf8.count)]],
            ])
        // Transformation NONE (an export's default): each child's record, its input and output as JSON text.
        guard case .array(let records) = try JSONParser.parse(text) else {
            Issue.record("not an array")
            return
        }
        #expect(records.count == 2)
        let first = records[0]
        #expect(first["Status"] == "SUCCEEDED")
        #expect(
            first["Input"]
                == #"{"out":[{"customer_id":"145538","order_id":"100000"},{"customer_id":"898037","order_id":"100001"}]}"#
        )
        #expect(
            first["Output"]
                == #"[{"customer_id":"145538","order_id":"100000"},{"customer_id":"898037","order_id":"100001"}]"#)
        #expect(first["InputDetails"] == ["Included": true])
        #expect(first["OutputDetails"] == ["Included": true])
        #expect(first["RedriveCount"] == 0)
        #expect(first["RedriveStatus"] == "NOT_REDRIVABLE")
        #expect(first["RedriveStatusReason"] == "Execution is SUCCEEDED and cannot be redriven")
        let name = try #require(first["Name"]?.stringValue)
        #expect(
            first["ExecutionArn"]?.stringValue?.hasSuffix(
                ":execution:\(Simulator.Options().stateMachineName)/Orders:\(name)") == true)
        #expect(
            first["StateMachineArn"]?.stringValue?.hasSuffix(
                ":stateMachine:\(Simulator.Options().stateMachineName)/Orders") == true)
        #expect(first["StartDate"]?.stringValue != nil && first["StopDate"]?.stringValue != nil)
        #expect(records[0]["Name"] != records[1]["Name"])
        // No file for a status no child has.
        #expect(execution.objectsWritten.keys.filter { $0.bucket == "out" }.count == 2)
    }

    @Test func thePrefixIsOptionalAndATrailingSlashIsNotDoubled() async throws {
        let noPrefix = try await run(
            Self.machine(#"{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out"}}"#),
            input: Self.orders)
        #expect(noPrefix.output?["ResultWriterDetails"]?["Key"] == .string("\(try runId(noPrefix))/manifest.json"))
        let slash = try await run(
            Self.machine(
                #"{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "jobs/"}}"#),
            input: Self.orders)
        #expect(slash.output?["ResultWriterDetails"]?["Key"] == .string("jobs/\(try runId(slash))/manifest.json"))
    }

    @Test func compactWritesEachChildsOutput() async throws {
        let writer =
            #"{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "p"}, "WriterConfig": {"Transformation": "COMPACT", "OutputType": "JSON"}}"#
        let execution = try await run(Self.machine(writer), input: Self.orders)
        let file = try json(execution, "p/\(try runId(execution))/SUCCEEDED_0.json")
        #expect(file == [Self.orders["items"]![0]!["out"]!, Self.orders["items"]![1]!["out"]!])
    }

    @Test func flattenSplicesArrayOutputs() async throws {
        let writer =
            #"{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "p"}, "WriterConfig": {"Transformation": "FLATTEN", "OutputType": "JSON"}}"#
        let execution = try await run(Self.machine(writer), input: Self.orders)
        let file = try json(execution, "p/\(try runId(execution))/SUCCEEDED_0.json")
        #expect(file.arrayValue?.map { $0["order_id"] } == ["100000", "100001", "100002", "100003"])
    }

    @Test func jsonLinesWritesOneValueALine() async throws {
        let writer =
            #"{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "p"}, "WriterConfig": {"Transformation": "FLATTEN", "OutputType": "JSONL"}}"#
        let execution = try await run(Self.machine(writer), input: Self.orders)
        let text = try object(execution, "p/\(try runId(execution))/SUCCEEDED_0.json")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(text.hasSuffix("\n"))
        #expect(lines.count == 4)
        #expect(try lines.map { try JSONParser.parse($0)["order_id"] } == ["100000", "100001", "100002", "100003"])
    }

    @Test func aWriterConfigAloneShapesTheResultAndWritesNothing() async throws {
        let flatten = try await run(
            Self.machine(#"{"WriterConfig": {"Transformation": "FLATTEN", "OutputType": "JSON"}}"#), input: Self.orders)
        #expect(flatten.status == .succeeded, "\(flatten.cause ?? "")")
        #expect(flatten.output?.arrayValue?.count == 4)
        #expect(flatten.objectsWritten.isEmpty)
        let compact = try await run(
            Self.machine(#"{"WriterConfig": {"Transformation": "COMPACT"}}"#), input: Self.orders)
        #expect(compact.output == [Self.orders["items"]![0]!["out"]!, Self.orders["items"]![1]!["out"]!])
        let none = try await run(Self.machine(#"{"WriterConfig": {"Transformation": "NONE"}}"#), input: Self.orders)
        #expect(none.output?.arrayValue?.map { $0["Status"] } == ["SUCCEEDED", "SUCCEEDED"])
    }

    @Test func aToleratedFailedChildIsItsRecordInTheFailedFile() async throws {
        let writer =
            #"{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "p"}, "WriterConfig": {"Transformation": "COMPACT"}}"#
        let input: JSONValue = ["items": [["out": 1], ["fail": true], ["out": 3]]]
        let execution = try await run(Self.machine(writer, extra: #""ToleratedFailureCount": 1,"#), input: input)
        #expect(execution.status == .succeeded, "\(execution.cause ?? "")")
        let id = try runId(execution)
        #expect(try json(execution, "p/\(id)/SUCCEEDED_0.json") == [1, 3])
        let failed = try json(execution, "p/\(id)/FAILED_0.json")
        #expect(failed.arrayValue?.count == 1)
        #expect(failed[0]?["Status"] == "FAILED")
        #expect(failed[0]?["Error"] == "Boom")
        #expect(failed[0]?["Cause"] == "item failed")
        #expect(failed[0]?["Input"] == #"{"fail":true}"#)
        #expect(failed[0]?["Output"] == nil)
        #expect(failed[0]?["RedriveStatus"] == "REDRIVABLE_BY_MAP_RUN")
        // A failed child is its NONE record whatever the transformation, in a preview too.
        let preview = try await run(
            Self.machine(#"{"WriterConfig": {"Transformation": "COMPACT"}}"#, extra: #""ToleratedFailureCount": 1,"#),
            input: input)
        #expect(preview.output?[0] == 1)
        #expect(preview.output?[1]?["Error"] == "Boom")
        #expect(preview.output?[1]?["Status"] == "FAILED")
    }

    @Test func aFailedMapRunStillWritesItsFailedAndPendingChildren() async throws {
        let input: JSONValue = ["items": [["out": 1], ["fail": true], ["out": 3], ["out": 4]]]
        let execution = try await run(Self.machine(Self.export, extra: #""MaxConcurrency": 1,"#), input: input)
        #expect(execution.status == .failed)
        #expect(execution.error == "States.ExceedToleratedFailureThreshold")
        let id = try runId(execution)
        let manifest = try json(execution, "csvProcessJobs/\(id)/manifest.json")
        #expect(manifest["ResultFiles"]?["SUCCEEDED"]?[0]?["Key"] == .string("csvProcessJobs/\(id)/SUCCEEDED_0.json"))
        #expect(manifest["ResultFiles"]?["FAILED"]?[0]?["Key"] == .string("csvProcessJobs/\(id)/FAILED_0.json"))
        #expect(manifest["ResultFiles"]?["PENDING"]?[0]?["Key"] == .string("csvProcessJobs/\(id)/PENDING_0.json"))
        // The children after the failure never started (one at a time): they are pending.
        #expect(
            try json(execution, "csvProcessJobs/\(id)/PENDING_0.json") == [
                ["Input": #"{"out":3}"#, "InputDetails": ["Included": true], "Status": "PENDING"],
                ["Input": #"{"out":4}"#, "InputDetails": ["Included": true], "Status": "PENDING"],
            ])
    }

    @Test func jsonataArgumentsNameTheBucket() async throws {
        let asl = #"""
            {"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map", "Items": "{% $states.input.items %}",
              "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Arguments": {"Bucket": "{% 'o' & 'ut' %}", "Prefix": "j"}},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}
            """#
        let execution = try await run(asl, input: ["items": [1, 2]])
        #expect(execution.output?["ResultWriterDetails"]?["Bucket"] == "out")
        #expect(
            try json(execution, "j/\(try runId(execution))/SUCCEEDED_0.json").arrayValue?.map { $0["Output"] } == [
                "1", "2",
            ])
    }

    @Test func noBucketIsAResultWriterFailure() async throws {
        let writer = #"{"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Prefix": "p"}}"#
        let execution = try await run(Self.machine(writer), input: Self.orders)
        #expect(execution.error == "States.ResultWriterFailed")
        #expect(execution.cause?.contains("'Bucket'") == true)
    }
}
