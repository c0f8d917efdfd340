import Foundation
import StepFunctions
import Testing

/// State names written once: the ASL names come from the case names.
private enum CaseNamed: StateName, CaseIterable {
    case validateOrder, callExternalAPI, sendSMS2, x
}

/// A raw value still overrides the case name.
private enum Overridden: String, StateName {
    case validateOrder = "Validate order"
    case charge = "Charge"
}

/// A struct that conformed when `StateName` required `RawRepresentable`, without declaring it.
private struct MadeAtRunTime: StateName {
    let rawValue: String
}

/// A JSONata workflow's names: its states offer only the JSONata modifiers.
private enum JSONataStep: JSONataStateName, CaseIterable {
    case lookUp, charge
}

/// A JSONPath workflow's names.
private enum JSONPathStep: JSONPathStateName {
    case lookUp, charge
}

/// The compiled workflow as canonical pretty JSON, without the trailing newline.
private func compiled(_ machine: some CompilableWorkflow) throws -> String {
    var json = try machine.compile(CompileOptions()).json
    if json.hasSuffix("\n") { json.removeLast() }
    return json
}

/// The compiled definition as a JSON value, for picking out fields.
private func definition(_ machine: some CompilableWorkflow) throws -> JSONValue {
    try JSONParser.parse(try compiled(machine))
}

/// The errors of a workflow that must not compile.
private func errors(_ machine: some CompilableWorkflow) -> [Diagnostic] {
    do {
        _ = try machine.compile(CompileOptions())
        Issue.record("expected the workflow not to compile")
        return []
    } catch {
        return error.diagnostics.filter { $0.severity == .error }
    }
}

@Suite("Authoring: names written once")
struct StateNamingTests {
    @Test func caseNamesBecomeStateNamesWithTheFirstLetterUppercased() throws {
        #expect(CaseNamed.validateOrder.stateName == "ValidateOrder")
        #expect(CaseNamed.callExternalAPI.stateName == "CallExternalAPI")
        #expect(CaseNamed.sendSMS2.stateName == "SendSMS2")
        #expect(CaseNamed.x.stateName == "X")
        #expect(StateNaming.aslName(fromCase: "_retry") == "_retry")
        #expect(StateNaming.aslName(fromCase: "") == "")
        let json = try compiled(
            StateMachine(CaseNamed.self) {
                Pass(.validateOrder)
                Pass(.callExternalAPI)
                Pass(.sendSMS2).next(.x)
                Succeed(.x)
            })
        #expect(
            json == """
                {
                  "StartAt": "ValidateOrder",
                  "States": {
                    "ValidateOrder": {
                      "Type": "Pass",
                      "Next": "CallExternalAPI"
                    },
                    "CallExternalAPI": {
                      "Type": "Pass",
                      "Next": "SendSMS2"
                    },
                    "SendSMS2": {
                      "Type": "Pass",
                      "Next": "X"
                    },
                    "X": {
                      "Type": "Succeed"
                    }
                  }
                }
                """)
    }

    @Test func aRawValueStillOverridesTheCaseName() throws {
        #expect(Overridden.validateOrder.stateName == "Validate order")
        let json = try compiled(
            StateMachine(Overridden.self) {
                Pass(.validateOrder)
                Pass(.charge)
            })
        #expect(json.contains(#""StartAt": "Validate order""#))
        #expect(json.contains(#""Next": "Charge""#))
    }

    @Test func aStructWithAStoredRawValueKeepsItsNames() throws {
        #expect(MadeAtRunTime(rawValue: "Step 1").stateName == "Step 1")
        let json = try compiled(StateMachine(MadeAtRunTime.self) { Pass(MadeAtRunTime(rawValue: "Step 1")) })
        #expect(json.contains(#""StartAt": "Step 1""#))
    }

    @Test func namesMapBackToCasesWithRawValuesOrCaseIterable() {
        #expect(CaseNamed.named("CallExternalAPI") == .callExternalAPI)
        #expect(CaseNamed.named("callExternalAPI") == nil)
        #expect(Overridden.named("Validate order") == .validateOrder)
        #expect(Overridden.named("ValidateOrder") == nil)
        #expect(JSONPathStep.named("LookUp") == nil)  // neither raw values nor CaseIterable
    }

    @Test func anUndeclaredCaseIsWarnedAboutByItsDerivedName() throws {
        let machine = StateMachine(CaseNamed.self) { Pass(.validateOrder) }
        let warnings = try machine.compile(CompileOptions()).warnings.filter { $0.code == .undeclaredStateName }
        #expect(warnings.count == 3)
        #expect(warnings.contains { $0.message.contains("'CallExternalAPI'") })
    }
}

@Suite("Authoring: reusable policies and defaults")
struct PolicyTests {
    static let transient = RetryPolicy(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
    static let throttled = RetryPolicy(on: "Lambda.TooManyRequestsException", interval: .minutes(1), jitter: .full)

    @Test func policiesAreTheSameAsTheirInlineSpelling() throws {
        let toHandler = CatchPolicy<S>(.all, resultPath: "$.error", next: .handler)
        let inline = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents")
                .retry(on: "Lambda.TooManyRequestsException", interval: .seconds(60), jitter: .full)
                .retry(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
                .catch(.all, resultPath: "$.error", next: .handler)
            Pass(.handler)
        }
        let reused = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents")
                .retry(Self.throttled, Self.transient)
                .catch(toHandler)
            Pass(.handler)
        }
        let fromArrays = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents")
                .retry([Self.throttled, Self.transient])
                .catch([toHandler])
            Pass(.handler)
        }
        let expected = try compiled(inline)
        #expect(try compiled(reused) == expected)
        #expect(try compiled(fromArrays) == expected)
        #expect(expected.contains(#""IntervalSeconds": 60"#))
    }

    @Test func taskDefaultsFillInWhatATaskDoesNotSetItself() throws {
        let machine = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents")
            TaskStep(.b, resource: "arn:aws:states:::events:putEvents")
                .timeout(.minutes(5))
                .retry(on: "Custom.Error", maxAttempts: 1)
            TaskStep(.c, resource: "arn:aws:states:::events:putEvents").timeout(path: "$.limit")
            Parallel(.d) {
                Branch { TaskStep(.e, resource: "arn:aws:states:::events:putEvents") }
            }
            Pass(.f)
        }
        .taskDefaults(timeout: .seconds(30), heartbeat: .seconds(10), retry: [Self.transient])
        let d = try definition(machine)
        let states = d["States"]
        #expect(states?["A"]?["TimeoutSeconds"] == 30)
        #expect(states?["A"]?["HeartbeatSeconds"] == 10)
        #expect(states?["A"]?["Retry"]?[0]?["ErrorEquals"] == ["States.TaskFailed"])
        #expect(states?["B"]?["TimeoutSeconds"] == 300)
        #expect(states?["B"]?["Retry"]?.arrayValue?.count == 1)
        #expect(states?["B"]?["Retry"]?[0]?["ErrorEquals"] == ["Custom.Error"])
        #expect(states?["C"]?["TimeoutSeconds"] == nil)
        #expect(states?["C"]?["TimeoutSecondsPath"] == "$.limit")
        #expect(states?["D"]?["Branches"]?[0]?["States"]?["E"]?["TimeoutSeconds"] == 30)
        #expect(states?["D"]?["TimeoutSeconds"] == nil)  // not a Task
        #expect(states?["D"]?["Retry"] == nil)
        #expect(states?["F"]?["TimeoutSeconds"] == nil)
    }

    @Test func aBadDefaultIsReportedWhereTheDefaultsWereWritten() {
        let machine = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents")
        }
        .taskDefaults(timeout: .milliseconds(1500))  // ← here: bad default
        let found = errors(machine)
        #expect(found.count == 1)
        #expect(found.first?.code == .subSecondDuration)
        #expect(found.first?.location?.line == line(of: "← here: bad default"))
    }

    @Test func durationsInMinutesHoursAndDays() throws {
        let d = try definition(
            StateMachine(S.self) {
                TaskStep(.a, resource: "arn:aws:states:::events:putEvents")
                    .timeout(.days(2))
                    .heartbeat(.hours(6))
                    .retry(on: .all, interval: .minutes(1), maxDelay: .hours(1))
            })
        #expect(d["States"]?["A"]?["TimeoutSeconds"] == 172_800)
        #expect(d["States"]?["A"]?["HeartbeatSeconds"] == 21_600)
        #expect(d["States"]?["A"]?["Retry"]?[0]?["IntervalSeconds"] == 60)
        #expect(d["States"]?["A"]?["Retry"]?[0]?["MaxDelaySeconds"] == 3600)
    }

    @Test func aDurationAWSDoesNotAcceptIsReportedAtItsModifier() {
        let machine = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents")
                .timeout(.days(5000))  // ← here: too long
        }
        let found = errors(machine)
        #expect(found.count == 1)
        #expect(found.first?.path.description == "States.A.TimeoutSeconds")
        #expect(found.first?.message.contains("99999999") == true, "\(found)")
        #expect(found.first?.location?.line == line(of: "← here: too long"))
        // A count so large it would overflow is held, then reported the same way.
        #expect(Duration.days(Int.max) == .seconds(1_000_000_000_000_000))
        #expect(Duration.minutes(-3) == .seconds(-180))
        let negative = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents").timeout(.minutes(-3))
        }
        #expect(errors(negative).map(\.code) == [.subSecondDuration])
    }
}

@Suite("Authoring: fewer strings")
struct ReferenceTests {
    @Test func contextAndMapItemHelpersInJSONPathStates() throws {
        let d = try definition(
            StateMachine(S.self) {
                Map(.a, itemsPath: "$.items") {
                    TaskStep(.b, resource: "arn:aws:states:::events:putEvents")
                        .parameters([
                            "execution": .executionID, "name": .executionName, "started": .executionStartTime,
                            "input": .executionInput, "role": .executionRoleARN, "machine": .stateMachineID,
                            "machineName": .stateMachineName, "state": .currentStateName,
                            "entered": .stateEnteredTime, "retries": .retryCount, "order": .input("order", "id"),
                            "odd": .input("a b", "it's"), "whole": .stateInput,
                            "indexed": .input("results", 0, "Payload"), "third": .input(.key("items"), .index(2)),
                        ])
                }
                .itemSelector(["sku": .mapItem("sku"), "item": .mapItem(), "index": .mapItemIndex])
            })
        let map = d["States"]?["A"]
        #expect(
            map?["ItemSelector"] == [
                "sku.$": "$$.Map.Item.Value.sku", "item.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index",
            ])
        let parameters = map?["ItemProcessor"]?["States"]?["B"]?["Parameters"]
        #expect(
            parameters == [
                "execution.$": "$$.Execution.Id", "name.$": "$$.Execution.Name",
                "started.$": "$$.Execution.StartTime", "input.$": "$$.Execution.Input",
                "role.$": "$$.Execution.RoleArn", "machine.$": "$$.StateMachine.Id",
                "machineName.$": "$$.StateMachine.Name", "state.$": "$$.State.Name",
                "entered.$": "$$.State.EnteredTime", "retries.$": "$$.State.RetryCount", "order.$": "$.order.id",
                "odd.$": "$['a b']['it\\'s']", "whole.$": "$", "indexed.$": "$.results[0].Payload",
                "third.$": "$.items[2]",
            ])
    }

    @Test func theSameHelpersInJSONataStates() throws {
        let d = try definition(
            StateMachine(S.self) {
                Map(.a) {
                    TaskStep(.b, resource: "arn:aws:states:::events:putEvents")
                        .arguments([
                            "execution": .executionID, "order": .input("order", "id"), "odd": .input("a b"),
                            "first": .input("items", 0),
                        ])
                }
                .items(.input("items"))
                .itemSelector(["sku": .mapItem("sku"), "index": .mapItemIndex])
            }
            .queryLanguage(.jsonata))
        let map = d["States"]?["A"]
        #expect(map?["Items"] == "{% $states.input.items %}")
        #expect(
            map?["ItemSelector"] == [
                "sku": "{% $states.context.Map.Item.Value.sku %}", "index": "{% $states.context.Map.Item.Index %}",
            ])
        #expect(
            map?["ItemProcessor"]?["States"]?["B"]?["Arguments"] == [
                "execution": "{% $states.context.Execution.Id %}", "order": "{% $states.input.order.id %}",
                "odd": "{% $states.input.`a b` %}", "first": "{% $states.input.items[0] %}",
            ])
    }

    @Test func helpersAsIntrinsicArguments() throws {
        let d = try definition(
            StateMachine(S.self) {
                Pass(.a).parameters(["key": .format("{}-{}", .executionName, .input("orderId"))])
            })
        #expect(d["States"]?["A"]?["Parameters"]?["key.$"] == "States.Format('{}-{}', $$.Execution.Name, $.orderId)")
    }

    @Test func optionalModifiersLeaveTheFieldUnsetForNil() throws {
        func machine(_ resultPath: PathOrNull?, _ timeout: Duration?, _ comment: String?) -> StateMachine<S> {
            StateMachine(S.self) {
                TaskStep(.a, resource: "arn:aws:states:::events:putEvents")
                    .resultPath(resultPath)
                    .timeout(timeout)
                    .comment(comment)
            }
        }
        let unset = try definition(machine(nil, nil, nil))["States"]?["A"]
        #expect(unset?["ResultPath"] == nil)
        #expect(unset?["TimeoutSeconds"] == nil)
        #expect(unset?["Comment"] == nil)
        let set = try definition(machine(.null, .seconds(5), "c"))["States"]?["A"]
        #expect(set?["ResultPath"] == .null)
        #expect(set?["TimeoutSeconds"] == 5)
        #expect(set?["Comment"] == "c")
        let path = try definition(machine("$.r", nil, nil))["States"]?["A"]
        #expect(path?["ResultPath"] == "$.r")
    }

    @Test func typedResourceReferences() throws {
        let function = LambdaFunction.placeholder("ValidateFunctionArn")
        let queue = SQSQueue.url("https://sqs.us-east-1.amazonaws.com/123456789012/approvals")
        let topic = SNSTopic.arn("arn:aws:sns:us-east-1:123456789012:alerts")
        let table = DynamoDBTable.named("Orders")
        let d = try definition(
            StateMachine(S.self) {
                LambdaInvoke(.a, function: function)
                SQSSendMessage(.b, queue: queue, messageBody: ["id": .input("id")])
                SNSPublish(.c, topic: topic, message: "hi")
                DynamoDBPutItem(.d, table: table, item: ["Id": ["S": .input("id")]])
                DynamoDBGetItem(.e, table: .placeholder("OrdersTable"), key: ["Id": ["S": .input("id")]])
                DynamoDBUpdateItem(
                    .f, table: "Orders", key: ["Id": ["S": .input("id")]], updateExpression: "SET n = n + :one",
                    expressionAttributeValues: [":one": ["N": "1"]])
                LambdaInvoke(.g, function: .named("notify"))
            })
        let s = d["States"]
        #expect(s?["A"]?["Parameters"]?["FunctionName"] == "${ValidateFunctionArn}")
        #expect(s?["B"]?["Parameters"]?["QueueUrl"] == "https://sqs.us-east-1.amazonaws.com/123456789012/approvals")
        #expect(s?["C"]?["Parameters"]?["TopicArn"] == "arn:aws:sns:us-east-1:123456789012:alerts")
        #expect(s?["D"]?["Parameters"]?["TableName"] == "Orders")
        #expect(s?["E"]?["Parameters"]?["TableName"] == "${OrdersTable}")
        #expect(s?["G"]?["Parameters"]?["FunctionName"] == "notify")
    }

    @Test func payloadResponseOnlyCallsTheFunctionDirectly() throws {
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:validate"
        let direct = try compiled(
            StateMachine(S.self) { LambdaInvoke(.a, function: .arn(arn), payloadResponseOnly: true) })
        let legacy = try compiled(StateMachine(S.self) { LambdaInvoke(.a, functionARN: arn) })
        #expect(direct == legacy)
        let withPayload = try definition(
            StateMachine(S.self) {
                LambdaInvoke(
                    .a, function: .placeholder("ValidateArn"), payload: ["order": .input("order")],
                    payloadResponseOnly: true)
            })
        #expect(withPayload["States"]?["A"]?["Resource"] == "${ValidateArn}")
        #expect(withPayload["States"]?["A"]?["Parameters"] == ["order.$": "$.order"])
    }

    @Test func payloadResponseOnlyMistakesAreReported() {
        let byName = errors(
            StateMachine(S.self) {
                LambdaInvoke(.a, function: .named("validate"), payloadResponseOnly: true)  // ← here: by name
            })
        #expect(byName.contains { $0.code == .invalidResource && $0.message.contains("'validate' is a name") })
        #expect(byName.first?.location?.line == line(of: "← here: by name"))
        let qualified = errors(
            StateMachine(S.self) {
                LambdaInvoke(
                    .a, function: .arn("arn:aws:lambda:us-east-1:123456789012:function:f"), qualifier: "live",
                    payloadResponseOnly: true)
            })
        #expect(qualified.map(\.code) == [.invalidValue])
        #expect(qualified.first?.message.contains("qualifier") == true)
        let noPayload = errors(
            StateMachine(S.self) {
                LambdaInvoke(.a, function: .placeholder("F"), payload: nil, payloadResponseOnly: true)
            })
        #expect(noPayload.map(\.code) == [.invalidValue])
    }
}

@Suite("Authoring: the query language in the types")
struct TypedQueryLanguageTests {
    @Test func aJSONataNameTypeMakesAJSONataWorkflow() throws {
        let d = try definition(
            StateMachine(JSONataStep.self) {
                LambdaInvoke(.lookUp, function: "look-up")
                    .output(.jsonata("$states.result.Payload"))
                    .timeout(.jsonata("$states.input.limit"))
                LambdaInvoke(.charge, function: "charge").arguments(["id": .input("id")])
            })
        #expect(d["QueryLanguage"] == "JSONata")
        #expect(d["States"]?["LookUp"]?["Output"] == "{% $states.result.Payload %}")
        #expect(d["States"]?["LookUp"]?["TimeoutSeconds"] == "{% $states.input.limit %}")
        #expect(
            d["States"]?["Charge"]?["Arguments"] == [
                "FunctionName": "charge", "Payload": "{% $states.input %}", "id": "{% $states.input.id %}",
            ])
    }

    @Test func aStateNamedMixedOverridesTheWorkflowsLanguage() throws {
        let d = try definition(
            StateMachine(JSONPathStep.self) {
                LambdaInvoke(.mixed(.lookUp), function: "look-up")
                    .queryLanguage(.jsonata)
                    .output(.jsonata("$states.result.Payload"))
                    .next(.mixed(.charge))
                LambdaInvoke(.charge, function: "charge").resultPath("$.charged")
            })
        #expect(d["QueryLanguage"] == nil)
        #expect(d["StartAt"] == "LookUp")
        #expect(d["States"]?["LookUp"]?["QueryLanguage"] == "JSONata")
        #expect(d["States"]?["LookUp"]?["Output"] == "{% $states.result.Payload %}")
        #expect(d["States"]?["LookUp"]?["Arguments"]?["Payload"] == "{% $states.input %}")
        #expect(d["States"]?["LookUp"]?["Next"] == "Charge")
        #expect(d["States"]?["Charge"]?["ResultPath"] == "$.charged")
        #expect(MixedLanguage<CaseNamed>.named("X")?.base == .x)
    }

    @Test func aJSONataWorkflowCannotHaveAJSONPathStateEvenWhenNamedMixed() {
        // AWS forbids the downgrade; the escape hatch does not get around it.
        let found = errors(
            StateMachine(JSONataStep.self) {
                LambdaInvoke(.mixed(.charge), function: "charge").queryLanguage(.jsonPath).resultPath("$.c")
            })
        #expect(found.map(\.code) == [.queryLanguageDowngrade])
    }

    @Test func aJSONPathNameTypeWritesNoQueryLanguage() throws {
        let d = try definition(
            StateMachine(JSONPathStep.self) {
                LambdaInvoke(.lookUp, function: "look-up").resultPath("$.found").timeout(path: "$.limit")
            })
        #expect(d["QueryLanguage"] == nil)
        #expect(d["States"]?["LookUp"]?["ResultPath"] == "$.found")
    }
}
