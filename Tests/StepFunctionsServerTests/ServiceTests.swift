import Foundation
import JSONCore
import StepFunctionsSimulator
import Testing

@testable import StepFunctionsServer

/// The API in process: each operation's answers and AWS's errors, on the virtual clock.
@Suite("LocalStepFunctions: the API in process")
struct ServiceTests {
    static let role = "arn:aws:iam::111111111111:role/r"
    static let pass = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"ok":true},"End":true}}}"#

    /// A fresh service on the virtual clock (account 111111111111).
    static func service(_ configure: (inout ServiceOptions) -> Void = { _ in }) throws -> LocalStepFunctions {
        var options = ServiceOptions()
        options.accountId = "111111111111"
        options.clock = .virtual
        configure(&options)
        return try LocalStepFunctions(options: options)
    }

    @Test func createDescribeUpdateDelete() async throws {
        let s = try Self.service()
        let created = try await s.ok(
            "CreateStateMachine", ["name": "m", "definition": .string(Self.pass), "roleArn": .string(Self.role)])
        let arn = try #require(created["stateMachineArn"]?.stringValue)
        #expect(arn == "arn:aws:states:us-east-1:111111111111:stateMachine:m")
        let described = try await s.ok("DescribeStateMachine", ["stateMachineArn": .string(arn)])
        #expect(described["definition"]?.stringValue == Self.pass)
        #expect(described["status"] == "ACTIVE")
        #expect(described["revisionId"] == nil)
        // The same create again answers as the first; a different one is refused.
        let again = try await s.ok(
            "CreateStateMachine", ["name": "m", "definition": .string(Self.pass), "roleArn": .string(Self.role)])
        #expect(again["creationDate"] == created["creationDate"])
        let other = #"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#
        let conflict = await s.error(
            "CreateStateMachine", ["name": "m", "definition": .string(other), "roleArn": .string(Self.role)])
        #expect(conflict.type == "StateMachineAlreadyExists")
        // An update that changes something gets a revision id; one that changes nothing keeps it.
        let updated = try await s.ok(
            "UpdateStateMachine", ["stateMachineArn": .string(arn), "definition": .string(other)])
        let revision = try #require(updated["revisionId"]?.stringValue)
        let same = try await s.ok(
            "UpdateStateMachine", ["stateMachineArn": .string(arn), "definition": .string(other)])
        #expect(same["revisionId"]?.stringValue == revision)
        _ = try await s.ok("DeleteStateMachine", ["stateMachineArn": .string(arn)])
        let gone = await s.error("DescribeStateMachine", ["stateMachineArn": .string(arn)])
        #expect(gone.type == "StateMachineDoesNotExist")
        #expect(gone.message == "State Machine Does Not Exist: '\(arn)'")
    }

    @Test func invalidDefinitionsAndArnsAreRefusedWithAWSWords() async throws {
        let s = try Self.service()
        let bad = await s.error(
            "CreateStateMachine",
            ["name": "m", "definition": #"{"StartAt":"A","States":{}}"#, "roleArn": .string(Self.role)])
        #expect(bad.type == "InvalidDefinition")
        #expect(bad.message.hasPrefix("Invalid State Machine Definition: '"))
        let arn = await s.error("DescribeStateMachine", ["stateMachineArn": "not-an-arn"])
        #expect(arn.type == "InvalidArn")
        #expect(arn.message == "Invalid Arn: 'Invalid ARN prefix: not-an-arn'")
        let name = await s.error("CreateActivity", ["name": "a b"])
        #expect(name.type == "InvalidName")
        let unknown = await s.error("Frobnicate", [:])
        #expect(unknown.type == "UnknownOperationException")
        let tooMany = await s.error("ListStateMachines", ["maxResults": 1001])
        #expect(tooMany.type == "ValidationException")
        #expect(tooMany.message.contains("less than or equal to 1000"))
    }

    @Test func versionsAndAliasesRouteExecutions() async throws {
        let s = try Self.service()
        let created = try await s.ok(
            "CreateStateMachine",
            ["name": "m", "definition": .string(Self.pass), "roleArn": .string(Self.role), "publish": true])
        let v1 = try #require(created["stateMachineVersionArn"]?.stringValue)
        #expect(v1.hasSuffix(":m:1"))
        // Publishing an unchanged revision gives the same version back.
        let again = try await s.ok(
            "PublishStateMachineVersion", ["stateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:m"])
        #expect(again["stateMachineVersionArn"]?.stringValue == v1)
        let alias = try await s.ok(
            "CreateStateMachineAlias",
            ["name": "live", "routingConfiguration": [["stateMachineVersionArn": .string(v1), "weight": 100]]])
        let aliasArn = try #require(alias["stateMachineAliasArn"]?.stringValue)
        let started = try await s.ok("StartExecution", ["stateMachineArn": .string(aliasArn), "name": "e1"])
        let executionArn = try #require(started["executionArn"]?.stringValue)
        let done = try await s.waitForEnd(executionArn)
        #expect(done["status"] == "SUCCEEDED")
        #expect(done["stateMachineAliasArn"]?.stringValue == aliasArn)
        #expect(done["stateMachineVersionArn"]?.stringValue == v1)
        // A version an alias routes to cannot be deleted; version numbers are never reused.
        let refused = await s.error("DeleteStateMachineVersion", ["stateMachineVersionArn": .string(v1)])
        #expect(refused.type == "ConflictException")
        let weights = await s.error(
            "UpdateStateMachineAlias",
            [
                "stateMachineAliasArn": .string(aliasArn),
                "routingConfiguration": [["stateMachineVersionArn": .string(v1), "weight": 99]],
            ])
        #expect(weights.message == "Sum of routing configuration weights must equal 100. Received: [99]")
    }

    @Test func executionsListNewestFirstAndPage() async throws {
        let s = try Self.service()
        _ = try await s.ok(
            "CreateStateMachine", ["name": "m", "definition": .string(Self.pass), "roleArn": .string(Self.role)])
        let machine = "arn:aws:states:us-east-1:111111111111:stateMachine:m"
        for i in 1...5 {
            let started = try await s.ok(
                "StartExecution", ["stateMachineArn": .string(machine), "name": .string("e\(i)")])
            _ = try await s.waitForEnd(try #require(started["executionArn"]?.stringValue))
        }
        let first = try await s.ok("ListExecutions", ["stateMachineArn": .string(machine), "maxResults": 2])
        #expect(first["executions"]?.arrayValue?.map { $0["name"] } == ["e5", "e4"])
        let token = try #require(first["nextToken"]?.stringValue)
        let rest = try await s.ok(
            "ListExecutions", ["stateMachineArn": .string(machine), "maxResults": 10, "nextToken": .string(token)])
        #expect(rest["executions"]?.arrayValue?.map { $0["name"] } == ["e3", "e2", "e1"])
        #expect(rest["nextToken"] == nil)
        let bad = await s.error("ListExecutions", ["stateMachineArn": .string(machine), "nextToken": "garbage"])
        #expect(bad.type == "InvalidToken")
        // The same name and input while running answers as the first start; a finished one is refused.
        let again = await s.error("StartExecution", ["stateMachineArn": .string(machine), "name": "e1"])
        #expect(again.type == "ExecutionAlreadyExists")
    }

    @Test func invalidInputGetsTheParsersWords() async throws {
        let s = try Self.service()
        _ = try await s.ok(
            "CreateStateMachine", ["name": "m", "definition": .string(Self.pass), "roleArn": .string(Self.role)])
        let machine = "arn:aws:states:us-east-1:111111111111:stateMachine:m"
        let e = await s.error("StartExecution", ["stateMachineArn": .string(machine), "input": "not some json"])
        #expect(e.type == "InvalidExecutionInput")
        #expect(
            e.message
                == "Invalid State Machine Execution Input: 'Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')'"
        )
        let quote = await s.error("StartExecution", ["stateMachineArn": .string(machine), "input": "{'not': 'json'"])
        #expect(
            quote.message
                == "Invalid State Machine Execution Input: 'Unexpected character (''' (code 39)): was expecting double-quote to start field name'"
        )
    }

    @Test func aCallbackTaskWaitsForSendTaskSuccess() async throws {
        let s = try Self.service()
        let definition = #"""
            {"StartAt":"Wait","States":{"Wait":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
             "Parameters":{"QueueUrl":"q","MessageBody":{"Token.$":"$$.Task.Token"}},"End":true}}}
            """#
        _ = try await s.ok(
            "CreateStateMachine", ["name": "cb", "definition": .string(definition), "roleArn": .string(Self.role)])
        let started = try await s.ok(
            "StartExecution", ["stateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:cb"])
        let arn = try #require(started["executionArn"]?.stringValue)
        // The token is in the TaskScheduled event's parameters, as a client reading the queue would see it.
        var token: String?
        for _ in 0..<200 where token == nil {
            let history = try await s.ok("GetExecutionHistory", ["executionArn": .string(arn)])
            for event in history["events"]?.arrayValue ?? [] where event["type"] == "TaskScheduled" {
                let parameters = try JSONParser.parse(
                    event["taskScheduledEventDetails"]?["parameters"]?.stringValue ?? "{}")
                token = parameters["MessageBody"]?["Token"]?.stringValue
            }
            if token == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        let running = try await s.ok("DescribeExecution", ["executionArn": .string(arn)])
        #expect(running["status"] == "RUNNING")
        _ = try await s.ok(
            "SendTaskSuccess", ["taskToken": .string(try #require(token)), "output": #"{"approved":true}"#])
        let done = try await s.waitForEnd(arn)
        #expect(done["status"] == "SUCCEEDED")
        #expect(done["output"]?.stringValue == #"{"approved":true}"#)
        let twice = await s.error("SendTaskSuccess", ["taskToken": .string(token ?? ""), "output": "{}"])
        #expect(twice.type == "InvalidToken" || twice.type == "TaskTimedOut")
    }

    @Test func anActivityWorkerTakesAndAnswersTheTask() async throws {
        let s = try Self.service()
        let activity = try await s.ok("CreateActivity", ["name": "work"])
        let activityArn = try #require(activity["activityArn"]?.stringValue)
        let definition = #"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"\#(activityArn)","End":true}}}"#
        _ = try await s.ok(
            "CreateStateMachine", ["name": "act", "definition": .string(definition), "roleArn": .string(Self.role)])
        let started = try await s.ok(
            "StartExecution",
            ["stateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:act", "input": #"{"n":1}"#])
        let arn = try #require(started["executionArn"]?.stringValue)
        let task = try await s.ok("GetActivityTask", ["activityArn": .string(activityArn), "workerName": "w1"])
        #expect(task["input"]?.stringValue == #"{"n":1}"#)
        _ = try await s.ok("SendTaskSuccess", ["taskToken": task["taskToken"] ?? "", "output": #"{"done":1}"#])
        _ = try await s.waitForEnd(arn)
        let history = try await s.ok("GetExecutionHistory", ["executionArn": .string(arn)])
        let types = history["events"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
        #expect(
            types == [
                "ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded",
                "TaskStateExited", "ExecutionSucceeded",
            ])
        let started4 = history["events"]?.arrayValue?.first { $0["type"] == "ActivityStarted" }
        #expect(started4?["activityStartedEventDetails"]?["workerName"] == "w1")
    }

    @Test func stopAbortsARunningExecution() async throws {
        let s = try Self.service { $0.clock = .real }
        let definition = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}"#
        _ = try await s.ok(
            "CreateStateMachine", ["name": "w", "definition": .string(definition), "roleArn": .string(Self.role)])
        let started = try await s.ok(
            "StartExecution", ["stateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:w"])
        let arn = try #require(started["executionArn"]?.stringValue)
        _ = try await s.ok("StopExecution", ["executionArn": .string(arn), "error": "Stopped", "cause": "test"])
        let described = try await s.ok("DescribeExecution", ["executionArn": .string(arn)])
        #expect(described["status"] == "ABORTED")
        #expect(described["redriveStatus"] == "REDRIVABLE")
        let history = try await s.ok("GetExecutionHistory", ["executionArn": .string(arn), "reverseOrder": true])
        #expect(history["events"]?[0]?["type"] == "ExecutionAborted")
    }

    @Test func expressRunsSynchronouslyAndIsNotDescribable() async throws {
        let s = try Self.service()
        let created = try await s.ok(
            "CreateStateMachine",
            ["name": "x", "definition": .string(Self.pass), "roleArn": .string(Self.role), "type": "EXPRESS"])
        let arn = try #require(created["stateMachineArn"]?.stringValue)
        let result = try await s.ok("StartSyncExecution", ["stateMachineArn": .string(arn), "input": "{}"])
        #expect(result["status"] == "SUCCEEDED")
        #expect(result["output"]?.stringValue == #"{"ok":true}"#)
        #expect(result["billingDetails"]?["billedDurationInMilliseconds"] == 100)
        let executionArn = try #require(result["executionArn"]?.stringValue)
        #expect(executionArn.contains(":express:x:"))
        let describe = await s.error("DescribeExecution", ["executionArn": .string(executionArn)])
        #expect(describe.message == "Invalid Arn: 'Resource type not valid in this context: express'")
        let standard = try await s.ok(
            "CreateStateMachine", ["name": "s", "definition": .string(Self.pass), "roleArn": .string(Self.role)])
        let refused = await s.error("StartSyncExecution", ["stateMachineArn": standard["stateMachineArn"] ?? ""])
        #expect(refused.type == "StateMachineTypeNotSupported")
    }

    /// A synchronous EXPRESS run records no history unless a logging configuration reads it: then
    /// every event reaches the log stream.
    @Test func loggedSyncExecutionsWriteTheirWholeHistory() async throws {
        let s = try Self.service()
        _ = try s.logs("CreateLogGroup", Request(["logGroupName": "/sfn/x"])).get()
        let group = "arn:aws:logs:us-east-1:111111111111:log-group:/sfn/x:*"
        let chain = #"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","End":true}}}"#
        let created = try await s.ok(
            "CreateStateMachine",
            [
                "name": "logged", "definition": .string(chain), "roleArn": .string(Self.role), "type": "EXPRESS",
                "loggingConfiguration": [
                    "level": "ALL", "includeExecutionData": true,
                    "destinations": [["cloudWatchLogsLogGroup": ["logGroupArn": .string(group)]]],
                ],
            ])
        let arn = try #require(created["stateMachineArn"])
        let result = try await s.ok("StartSyncExecution", ["stateMachineArn": arn, "input": "{}"])
        #expect(result["status"] == "SUCCEEDED")
        let streams = try s.logs("DescribeLogStreams", Request(["logGroupName": "/sfn/x"])).get()
        let stream = try #require(streams["logStreams"]?[0]?["logStreamName"]?.stringValue)
        let events = try s.logs(
            "GetLogEvents",
            Request(["logGroupName": "/sfn/x", "logStreamName": .string(stream), "startFromHead": true])
        ).get()
        let types = (events["events"]?.arrayValue ?? []).compactMap {
            try? JSONParser.parse($0["message"]?.stringValue ?? "")["type"]?.stringValue
        }
        #expect(
            types == [
                "ExecutionStarted", "PassStateEntered", "PassStateExited", "PassStateEntered", "PassStateExited",
                "ExecutionSucceeded",
            ])
    }

    @Test func mockConfigurationTestCasesAnswerTasks() async throws {
        let mocks = try MockConfigurationFixture.make()
        let s = try Self.service { $0.mockConfiguration = mocks }
        let definition =
            #"{"StartAt":"Charge","States":{"Charge":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"charge"},"OutputPath":"$.Payload","End":true}}}"#
        _ = try await s.ok(
            "CreateStateMachine", ["name": "pay", "definition": .string(definition), "roleArn": .string(Self.role)])
        let started = try await s.ok(
            "StartExecution", ["stateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:pay#HappyPath"])
        let done = try await s.waitForEnd(try #require(started["executionArn"]?.stringValue))
        #expect(done["status"] == "SUCCEEDED")
        #expect(done["output"]?.stringValue == #"{"charged":true}"#)
        // Without a test case, nothing answers the Task: the error says how to answer it.
        let bare = try await s.ok(
            "StartExecution", ["stateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:pay"])
        let failed = try await s.waitForEnd(try #require(bare["executionArn"]?.stringValue))
        #expect(failed["status"] == "FAILED")
        #expect(failed["cause"]?.stringValue?.contains("--mock-config") == true)
    }

    @Test func uuidsAreRandomVersion4InLowercase() {
        let ids = (0..<1000).map { _ in LocalStepFunctions.uuid() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(50) {
            let groups = id.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
            #expect(groups == [8, 4, 4, 4, 12], "\(id)")
            #expect(id.allSatisfy { "0123456789abcdef-".contains($0) }, "\(id)")
            #expect(Array(id)[14] == "4", "\(id)")
            #expect("89ab".contains(Array(id)[19]), "\(id)")
        }
    }

    @Test func tagsAreKeptPerResource() async throws {
        let s = try Self.service()
        let created = try await s.ok(
            "CreateStateMachine",
            [
                "name": "t", "definition": .string(Self.pass), "roleArn": .string(Self.role),
                "tags": [["key": "a", "value": "1"]],
            ])
        let arn = try #require(created["stateMachineArn"])
        _ = try await s.ok(
            "TagResource", ["resourceArn": arn, "tags": [["key": "b", "value": "2"], ["key": "a", "value": "3"]]])
        _ = try await s.ok("UntagResource", ["resourceArn": arn, "tagKeys": ["b"]])
        let tags = try await s.ok("ListTagsForResource", ["resourceArn": arn])
        #expect(tags["tags"] == [["key": "a", "value": "3"]])
    }

    @Test func describeShowsVariableReferences() async throws {
        let s = try Self.service()
        let definition = #"""
            {"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":1},"Next":"B"},
             "B":{"Type":"Pass","QueryLanguage":"JSONata","Output":"{% $x + $count([1]) + $states.input.n %}","End":true}}}
            """#
        let created = try await s.ok(
            "CreateStateMachine", ["name": "v", "definition": .string(definition), "roleArn": .string(Self.role)])
        let described = try await s.ok("DescribeStateMachine", ["stateMachineArn": created["stateMachineArn"] ?? ""])
        #expect(described["variableReferences"] == ["B": ["x"]])
    }

    @Test func testStateRunsOneStateAndAnswersAsAWS() async throws {
        let s = try Self.service()
        let machine = #"""
            {"StartAt":"Charge","States":{"Charge":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
             "Parameters":{"FunctionName":"charge","Payload.$":"$"},"ResultSelector":{"charged.$":"$.Payload.charged"},
             "Retry":[{"ErrorEquals":["Throttled"],"IntervalSeconds":2,"MaxAttempts":3}],"Next":"Ship"},
             "Ship":{"Type":"Succeed"}}}
            """#
        let answer = try await s.ok(
            "TestState",
            [
                "definition": .string(machine), "stateName": "Charge", "input": #"{"amount": 5}"#,
                "inspectionLevel": "DEBUG", "mock": ["result": #"{"Payload": {"charged": true}, "StatusCode": 200}"#],
            ])
        #expect(answer["status"] == "SUCCEEDED")
        #expect(answer["nextState"] == "Ship")
        #expect(answer["output"] == #"{"charged": true}"#)
        #expect(
            answer["inspectionData"]?["afterParameters"] == #"{"FunctionName": "charge", "Payload": {"amount": 5}}"#)

        let retriable = try await s.ok(
            "TestState",
            ["definition": .string(machine), "stateName": "Charge", "mock": ["errorOutput": ["error": "Throttled"]]])
        #expect(retriable["status"] == "RETRIABLE")
        #expect(retriable["error"] == "Throttled")

        // AWS's errors, with AWS's type and message.
        let badMock = await s.error(
            "TestState",
            ["definition": .string(machine), "stateName": "Charge", "mock": ["result": #"{"StatusCode": "200"}"#]])
        #expect(badMock.type == "ValidationException")
        #expect(badMock.message == "Mock result schema validation error: Field 'StatusCode' must be a number")
        let noRole = await s.error("TestState", ["definition": .string(machine), "stateName": "Charge"])
        #expect(noRole.type == "ValidationException")
        let invalid = await s.error("TestState", ["definition": #"{"Type":"Parallel","Branches":[],"End":true}"#])
        #expect(invalid.type == "InvalidDefinition")
        #expect(
            invalid.message
                == "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/StateName/Branches'"
        )
    }
}

/// RedriveExecution: an unsuccessful execution continues from its unsuccessful step.
@Suite("LocalStepFunctions: RedriveExecution")
struct RedriveServiceTests {
    /// A machine `name` whose `Work` state is activity `work`'s task, after a Pass: returns the
    /// machine's and the activity's ARNs.
    static func workMachine(_ s: LocalStepFunctions, name: String = "m") async throws -> (String, String) {
        let activity = try await s.ok("CreateActivity", ["name": "work"])
        let activityArn = try #require(activity["activityArn"]?.stringValue)
        let definition = #"""
            {"StartAt":"Prepare","States":{
             "Prepare":{"Type":"Pass","Parameters":{"order.$":"$.order","step":"prepared"},"Next":"Work"},
             "Work":{"Type":"Task","Resource":"\#(activityArn)","End":true}}}
            """#
        let created = try await s.ok(
            "CreateStateMachine",
            ["name": .string(name), "definition": .string(definition), "roleArn": .string(ServiceTests.role)])
        return (try #require(created["stateMachineArn"]?.stringValue), activityArn)
    }

    /// Takes activity `arn`'s next task and answers it: with `output`, or fails it with `error`.
    static func work(
        _ s: LocalStepFunctions, _ arn: String, output: String? = nil, error: String? = nil
    ) async throws -> JSONValue {
        let task = try await s.ok("GetActivityTask", ["activityArn": .string(arn), "workerName": "w"])
        let token = try #require(task["taskToken"])
        if let output {
            _ = try await s.ok("SendTaskSuccess", ["taskToken": token, "output": .string(output)])
        } else {
            _ = try await s.ok("SendTaskFailure", ["taskToken": token, "error": .string(error ?? "Failed")])
        }
        return task
    }

    static func types(_ s: LocalStepFunctions, _ arn: String) async throws -> [String] {
        let history = try await s.ok("GetExecutionHistory", ["executionArn": .string(arn)])
        return history["events"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
    }

    @Test func aFailedExecutionContinuesFromItsFailedStep() async throws {
        let s = try ServiceTests.service()
        let (machine, activity) = try await Self.workMachine(s)
        let started = try await s.ok(
            "StartExecution", ["stateMachineArn": .string(machine), "name": "e1", "input": #"{"order":"o-1"}"#])
        let arn = try #require(started["executionArn"]?.stringValue)
        _ = try await Self.work(s, activity, error: "Busy")
        let failed = try await s.waitForEnd(arn)
        #expect(failed["status"] == "FAILED")
        #expect(failed["redriveStatus"] == "REDRIVABLE")
        #expect(failed["redriveCount"] == 0)
        #expect(failed["redriveDate"] == nil)

        let redriven = try await s.ok("RedriveExecution", ["executionArn": .string(arn), "clientToken": "t-1"])
        let redriveDate = try #require(redriven["redriveDate"])
        let running = try await s.ok("DescribeExecution", ["executionArn": .string(arn)])
        #expect(running["status"] == "RUNNING")
        #expect(running["redriveCount"] == 1)
        #expect(running["redriveDate"] == redriveDate)
        #expect(running["stopDate"] == nil)
        #expect(running["error"] == nil)
        #expect(running["redriveStatus"] == "NOT_REDRIVABLE")
        #expect(running["redriveStatusReason"] == "Execution is RUNNING and cannot be redriven")
        // The same client token answers as the first time; another is refused while it runs.
        let again = try await s.ok("RedriveExecution", ["executionArn": .string(arn), "clientToken": "t-1"])
        #expect(again["redriveDate"] == redriveDate)
        let other = await s.error("RedriveExecution", ["executionArn": .string(arn), "clientToken": "t-2"])
        #expect(other.type == "ExecutionNotRedrivable")
        #expect(other.message == "Execution is RUNNING and cannot be redriven")
        let listed = try await s.ok(
            "ListExecutions", ["stateMachineArn": .string(machine), "redriveFilter": "REDRIVEN"])
        #expect(listed["executions"]?[0]?["redriveCount"] == 1)
        #expect(listed["executions"]?[0]?["redriveDate"] == redriveDate)
        let notRedriven = try await s.ok(
            "ListExecutions", ["stateMachineArn": .string(machine), "redriveFilter": "NOT_REDRIVEN"])
        #expect(notRedriven["executions"]?.arrayValue?.isEmpty == true)

        // The failed step runs again on the input it was entered with; Prepare does not run again.
        let task = try await Self.work(s, activity, output: #"{"done":true}"#)
        #expect(task["input"] == #"{"order":"o-1","step":"prepared"}"#)
        let done = try await s.waitForEnd(arn)
        #expect(done["status"] == "SUCCEEDED")
        #expect(done["output"] == #"{"done":true}"#)
        #expect(done["redriveCount"] == 1)
        #expect(done["redriveStatusReason"] == "Execution is SUCCEEDED and cannot be redriven")
        #expect(
            try await Self.types(s, arn) == [
                "ExecutionStarted", "PassStateEntered", "PassStateExited", "TaskStateEntered", "ActivityScheduled",
                "ActivityStarted", "ActivityFailed", "ExecutionFailed", "ExecutionRedriven", "ActivityScheduled",
                "ActivityStarted", "ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded",
            ])
        let history = try await s.ok("GetExecutionHistory", ["executionArn": .string(arn)])
        #expect(history["events"]?[8]?["executionRedrivenEventDetails"] == ["redriveCount": 1])
        let refused = await s.error("RedriveExecution", ["executionArn": .string(arn)])
        #expect(refused.type == "ExecutionNotRedrivable")
        #expect(refused.message == "Execution is SUCCEEDED and cannot be redriven")
    }

    @Test func aWorkflowIsRedrivableForFourteenDaysWhileItsMachineExists() async throws {
        let offset = Locked(0.0)
        let s = try ServiceTests.service { $0.wallClock = { Date().addingTimeInterval(offset.withLock { $0 }) } }
        let (machine, activity) = try await Self.workMachine(s)
        let started = try await s.ok(
            "StartExecution", ["stateMachineArn": .string(machine), "input": #"{"order":1}"#])
        let arn = try #require(started["executionArn"]?.stringValue)
        _ = try await Self.work(s, activity, error: "Busy")
        _ = try await s.waitForEnd(arn)
        offset.withLock { $0 = 13 * 86_400 }
        #expect(try await s.ok("DescribeExecution", ["executionArn": .string(arn)])["redriveStatus"] == "REDRIVABLE")
        offset.withLock { $0 = 15 * 86_400 }
        let late = try await s.ok("DescribeExecution", ["executionArn": .string(arn)])
        #expect(late["redriveStatus"] == "NOT_REDRIVABLE")
        #expect(late["redriveStatusReason"] == "Execution redrivable period exceeded.")
        let refused = await s.error("RedriveExecution", ["executionArn": .string(arn)])
        #expect(refused.type == "ExecutionNotRedrivable")
        #expect(refused.message == "Execution redrivable period exceeded.")

        offset.withLock { $0 = 0 }
        _ = try await s.ok("DeleteStateMachine", ["stateMachineArn": .string(machine)])
        let orphan = try await s.ok("DescribeExecution", ["executionArn": .string(arn)])
        #expect(orphan["redriveStatusReason"] == "State machine is in DELETING status.")
        let gone = await s.error("RedriveExecution", ["executionArn": .string(arn)])
        #expect(gone.type == "ExecutionNotRedrivable")
        let missing = await s.error(
            "RedriveExecution", ["executionArn": "arn:aws:states:us-east-1:111111111111:execution:m:nope"])
        #expect(missing.type == "ExecutionDoesNotExist")
    }

    @Test func aStoppedExecutionCanBeRedrivenAndItsMapRunIsRedriven() async throws {
        let s = try ServiceTests.service()
        let activity = try await s.ok("CreateActivity", ["name": "child"])
        let activityArn = try #require(activity["activityArn"]?.stringValue)
        let definition = #"""
            {"StartAt":"Each","States":{"Each":{"Type":"Map","End":true,"ItemProcessor":{
             "ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"C",
             "States":{"C":{"Type":"Task","Resource":"\#(activityArn)","End":true}}}}}}
            """#
        let created = try await s.ok(
            "CreateStateMachine",
            ["name": "d", "definition": .string(definition), "roleArn": .string(ServiceTests.role)])
        let started = try await s.ok(
            "StartExecution", ["stateMachineArn": created["stateMachineArn"] ?? "", "input": "[1, 2]"])
        let arn = try #require(started["executionArn"]?.stringValue)
        // One child succeeds, the other fails: the Map Run fails, and the execution with it.
        let succeeded = try await Self.work(s, activityArn, output: #""ok""#)
        let failing = try await Self.work(s, activityArn, error: "Busy")
        let failed = try await s.waitForEnd(arn)
        #expect(failed["status"] == "FAILED")
        let runs = try await s.ok("ListMapRuns", ["executionArn": .string(arn)])
        let mapRunArn = try #require(runs["mapRuns"]?[0]?["mapRunArn"])
        #expect(try await s.ok("DescribeMapRun", ["mapRunArn": mapRunArn])["status"] == "FAILED")

        _ = try await s.ok("RedriveExecution", ["executionArn": .string(arn)])
        // Only the child that failed runs again.
        let task = try await Self.work(s, activityArn, output: #""again""#)
        #expect(task["input"] == failing["input"])
        let done = try await s.waitForEnd(arn)
        #expect(done["status"] == "SUCCEEDED")
        let output: JSONValue = succeeded["input"] == "1" ? ["ok", "again"] : ["again", "ok"]
        #expect(try JSONParser.parse(done["output"]?.stringValue ?? "") == output)
        let described = try await s.ok("DescribeMapRun", ["mapRunArn": mapRunArn])
        #expect(described["status"] == "SUCCEEDED")
        #expect(described["redriveCount"] == 1)
        #expect(described["itemCounts"]?["succeeded"] == 2)
        #expect(try await s.ok("ListMapRuns", ["executionArn": .string(arn)])["mapRuns"]?.arrayValue?.count == 1)
        #expect(try await Self.types(s, arn).contains("MapRunRedriven"))

        // Stopped while its task waits, it continues from that task.
        let second = try await s.ok(
            "StartExecution", ["stateMachineArn": created["stateMachineArn"] ?? "", "input": "[3]"])
        let secondArn = try #require(second["executionArn"]?.stringValue)
        for _ in 0..<200 {
            if try await Self.types(s, secondArn).contains("MapRunStarted") { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        _ = try await s.ok("StopExecution", ["executionArn": .string(secondArn)])
        #expect(try await s.waitForEnd(secondArn)["status"] == "ABORTED")
        _ = try await s.ok("RedriveExecution", ["executionArn": .string(secondArn)])
        let child = try await Self.work(s, activityArn, output: #""three""#)
        #expect(child["input"] == "3")
        let secondDone = try await s.waitForEnd(secondArn)
        #expect(secondDone["status"] == "SUCCEEDED")
        #expect(secondDone["output"] == #"["three"]"#)
    }
}

/// A Step Functions Local mock configuration with one test case.
enum MockConfigurationFixture {
    static func make() throws -> MockConfiguration {
        try MockConfiguration(
            text: #"""
                {"StateMachines": {"pay": {"TestCases": {"HappyPath": {"Charge": "Charged"}}}},
                 "MockedResponses": {"Charged": {"0": {"Return": {"StatusCode": 200, "Payload": {"charged": true}}}}}}
                """#)
    }
}

extension LocalStepFunctions {
    /// Calls an operation that must succeed.
    func ok(_ operation: String, _ body: JSONObject) async throws -> JSONValue {
        switch await call(operation, .object(body)) {
        case .success(let v): return v
        case .failure(let e): throw e
        }
    }

    /// Calls an operation that must fail, and returns its error.
    func error(_ operation: String, _ body: JSONObject) async -> AWSError {
        switch await call(operation, .object(body)) {
        case .success(let v): return AWSError("UnexpectedSuccess", "\(v)")
        case .failure(let e): return e
        }
    }

    /// Polls DescribeExecution until the execution ends (bounded).
    func waitForEnd(_ arn: String) async throws -> JSONValue {
        for _ in 0..<1000 {
            let d = try await ok("DescribeExecution", ["executionArn": .string(arn)])
            if d["status"] != "RUNNING" { return d }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw AWSError("Timeout", "\(arn) still running")
    }
}

/// `--data-dir`: what was acknowledged is there after a restart.
@Suite("LocalStepFunctions: the data directory")
struct DataDirectoryTests {
    static func directory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-data-\(UUID().uuidString)").path
        return path
    }

    @Test func everythingAcknowledgedSurvivesARestart() async throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try ServiceTests.service {
            $0.dataDirectory = dir
            $0.clock = .real
        }
        let created = try await first.ok(
            "CreateStateMachine",
            [
                "name": "m", "definition": .string(ServiceTests.pass), "roleArn": .string(ServiceTests.role),
                "publish": true, "tags": [["key": "team", "value": "a"]],
            ])
        let machine = try #require(created["stateMachineArn"])
        _ = try await first.ok("CreateActivity", ["name": "act"])
        let done = try await first.ok("StartExecution", ["stateMachineArn": machine, "name": "done"])
        _ = try await first.waitForEnd(try #require(done["executionArn"]?.stringValue))
        let slow = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}"#
        let waiting = try await first.ok(
            "CreateStateMachine", ["name": "slow", "definition": .string(slow), "roleArn": .string(ServiceTests.role)])
        let running = try await first.ok(
            "StartExecution", ["stateMachineArn": waiting["stateMachineArn"] ?? "", "name": "r"])
        first.shutdown()

        let second = try ServiceTests.service { $0.dataDirectory = dir }
        let described = try await second.ok("DescribeStateMachine", ["stateMachineArn": machine])
        #expect(described["definition"]?.stringValue == ServiceTests.pass)
        let versions = try await second.ok("ListStateMachineVersions", ["stateMachineArn": machine])
        #expect(versions["stateMachineVersions"]?.arrayValue?.count == 1)
        #expect(
            try await second.ok("ListTagsForResource", ["resourceArn": machine])["tags"] == [
                ["key": "team", "value": "a"]
            ])
        #expect(try await second.ok("ListActivities", [:])["activities"]?.arrayValue?.count == 1)
        let finished = try await second.ok("DescribeExecution", ["executionArn": done["executionArn"] ?? ""])
        #expect(finished["status"] == "SUCCEEDED")
        #expect(finished["output"]?.stringValue == #"{"ok":true}"#)
        let history = try await second.ok("GetExecutionHistory", ["executionArn": done["executionArn"] ?? ""])
        #expect(history["events"]?.arrayValue?.count == 4)
        // A run the server was in the middle of ends, at the restart, as a documented failure.
        let interrupted = try await second.ok("DescribeExecution", ["executionArn": running["executionArn"] ?? ""])
        #expect(interrupted["status"] == "FAILED")
        #expect(interrupted["error"] == "States.Runtime")
        #expect(interrupted["cause"]?.stringValue?.contains("sfn serve stopped") == true)
        second.shutdown()
    }

    @Test func executionsThatFailedOrWereInterruptedBeforeARestartAreRedrivenAfterIt() async throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try ServiceTests.service { $0.dataDirectory = dir }
        let (machine, activity) = try await RedriveServiceTests.workMachine(first)
        let failing = try await first.ok(
            "StartExecution", ["stateMachineArn": .string(machine), "input": #"{"order":1}"#])
        let failedArn = try #require(failing["executionArn"]?.stringValue)
        _ = try await RedriveServiceTests.work(first, activity, error: "Busy")
        #expect(try await first.waitForEnd(failedArn)["status"] == "FAILED")
        // Running when the server stops: its task waits for a worker.
        let waiting = try await first.ok(
            "StartExecution", ["stateMachineArn": .string(machine), "input": #"{"order":2}"#])
        let waitingArn = try #require(waiting["executionArn"]?.stringValue)
        for _ in 0..<200 {
            if try await RedriveServiceTests.types(first, waitingArn).contains("ActivityScheduled") { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        first.shutdown()

        let second = try ServiceTests.service { $0.dataDirectory = dir }
        let failed = try await second.ok("DescribeExecution", ["executionArn": .string(failedArn)])
        #expect(failed["redriveStatus"] == "REDRIVABLE")
        let interrupted = try await second.ok("DescribeExecution", ["executionArn": .string(waitingArn)])
        #expect(interrupted["status"] == "FAILED")
        #expect(interrupted["redriveStatus"] == "REDRIVABLE")
        #expect(interrupted["cause"]?.stringValue?.contains("Redrive it") == true)
        for arn in [failedArn, waitingArn] {
            _ = try await second.ok("RedriveExecution", ["executionArn": .string(arn)])
            let task = try await RedriveServiceTests.work(second, activity, output: #"{"done":true}"#)
            #expect(task["input"]?.stringValue?.contains(#""step":"prepared""#) == true)
            let done = try await second.waitForEnd(arn)
            #expect(done["status"] == "SUCCEEDED")
            #expect(done["redriveCount"] == 1)
            let types = try await RedriveServiceTests.types(second, arn)
            #expect(types.filter { $0 == "PassStateEntered" }.count == 1)
            #expect(types.contains("ExecutionRedriven"))
            #expect(types.last == "ExecutionSucceeded")
        }
        second.shutdown()

        // The redrive and its result are kept too.
        let third = try ServiceTests.service { $0.dataDirectory = dir }
        let kept = try await third.ok("DescribeExecution", ["executionArn": .string(failedArn)])
        #expect(kept["status"] == "SUCCEEDED")
        #expect(kept["redriveCount"] == 1)
        #expect(kept["redriveDate"] != nil)
        let listed = try await third.ok(
            "ListExecutions", ["stateMachineArn": .string(machine), "redriveFilter": "REDRIVEN"])
        #expect(listed["executions"]?.arrayValue?.count == 2)
        third.shutdown()
    }

    @Test func aRedriveThatARestartInterruptsCanBeRedrivenAgain() async throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try ServiceTests.service { $0.dataDirectory = dir }
        let (machine, activity) = try await RedriveServiceTests.workMachine(first)
        let started = try await first.ok(
            "StartExecution", ["stateMachineArn": .string(machine), "input": #"{"order":3}"#])
        let arn = try #require(started["executionArn"]?.stringValue)
        _ = try await RedriveServiceTests.work(first, activity, error: "Busy")
        _ = try await first.waitForEnd(arn)
        _ = try await first.ok("RedriveExecution", ["executionArn": .string(arn)])
        first.shutdown()

        let second = try ServiceTests.service { $0.dataDirectory = dir }
        let interrupted = try await second.ok("DescribeExecution", ["executionArn": .string(arn)])
        #expect(interrupted["status"] == "FAILED")
        #expect(interrupted["redriveCount"] == 1)
        #expect(interrupted["redriveStatus"] == "REDRIVABLE")
        let types = try await RedriveServiceTests.types(second, arn)
        #expect(types.filter { $0 == "ExecutionRedriven" }.count == 1)
        _ = try await second.ok("RedriveExecution", ["executionArn": .string(arn)])
        _ = try await RedriveServiceTests.work(second, activity, output: "{}")
        let done = try await second.waitForEnd(arn)
        #expect(done["status"] == "SUCCEEDED")
        #expect(done["redriveCount"] == 2)
        let history = try await second.ok("GetExecutionHistory", ["executionArn": .string(arn)])
        let counts = (history["events"]?.arrayValue ?? []).compactMap {
            $0["executionRedrivenEventDetails"]?["redriveCount"]?.intValue
        }
        #expect(counts == [1, 2])
        second.shutdown()
    }

    @Test func aCompactedJournalKeepsEverything() async throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let configure: (inout ServiceOptions) -> Void = {
            $0.dataDirectory = dir
            $0.compactionMinimum = 20
        }
        let first = try ServiceTests.service(configure)
        let created = try await first.ok(
            "CreateStateMachine",
            ["name": "m", "definition": .string(ServiceTests.pass), "roleArn": .string(ServiceTests.role)])
        let machine = try #require(created["stateMachineArn"])
        // 200 changes to one resource: the journal is compacted about every 20 records.
        for i in 0..<200 {
            _ = try await first.ok(
                "TagResource", ["resourceArn": machine, "tags": [["key": "n", "value": .string("\(i)")]]])
        }
        let done = try await first.ok("StartExecution", ["stateMachineArn": machine, "name": "e"])
        _ = try await first.waitForEnd(try #require(done["executionArn"]?.stringValue))
        first.shutdown()
        let size = try FileManager.default.attributesOfItem(atPath: dir + "/journal.sfnj")[.size] as? Int ?? 0
        #expect(size < 20_000, "the journal was not compacted: \(size) bytes")

        let second = try ServiceTests.service(configure)
        #expect(
            try await second.ok("ListTagsForResource", ["resourceArn": machine])["tags"] == [
                ["key": "n", "value": "199"]
            ])
        let described = try await second.ok("DescribeExecution", ["executionArn": done["executionArn"] ?? ""])
        #expect(described["status"] == "SUCCEEDED")
        second.shutdown()
    }
}
