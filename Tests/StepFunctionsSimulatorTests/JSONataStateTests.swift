import Foundation
import JSONCore
import StepFunctionsSimulator
import Testing

/// A machine whose states all use JSONata.
func jsonata(_ states: String, startAt: String = "S") -> String {
    #"{"QueryLanguage": "JSONata", "StartAt": ""# + startAt + #"", "States": {"# + states + "}}"
}

/// The history event of `type` (the first one).
func event(_ execution: Execution, _ type: String) -> JSONValue? {
    execution.historyJSON.arrayValue?.first { $0["type"]?.stringValue == type }
}

@Suite struct JSONataDataFlowTests {
    @Test func passOutputIsAnExpressionOrATemplateAndDefaultsToTheInput() async throws {
        let expression = try await run(
            jsonata(#""S": {"Type": "Pass", "Output": "{% $states.input.a + 1 %}", "End": true}"#), input: ["a": 41])
        #expect(expression.output == 42)
        let template = try await run(
            jsonata(
                #""S": {"Type": "Pass", "Output": {"sum": "{% $sum($states.input.n) %}", "fixed": [1, "{% 'two' %}"], "text": " {% not one %} "}, "End": true}"#
            ),
            input: ["n": [1, 2, 3]])
        #expect(template.output == ["sum": 6, "fixed": [1, "two"], "text": " {% not one %} "])
        let passthrough = try await run(jsonata(#""S": {"Type": "Pass", "End": true}"#), input: ["a": 1])
        #expect(passthrough.output == ["a": 1])
        let literal = try await run(jsonata(#""S": {"Type": "Pass", "Output": false, "End": true}"#), input: ["a": 1])
        #expect(literal.output == false)
    }

    @Test func taskArgumentsGoToTheHandlerAndOutputSeesTheResult() async throws {
        let asl = jsonata(
            #"""
            "S": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Arguments": {"FunctionName": "f", "Payload": {"id": "{% $states.input.order.id %}"}},
                  "Output": {"charged": "{% $states.result.Payload.amount %}", "id": "{% $states.input.order.id %}"},
                  "End": true}
            """#)
        let execution = try await run(asl, input: ["order": ["id": "o-1"]]) { sim in
            sim.handle(state: "S") { call in ["amount": 12, "echo": call.input] }
        }
        #expect(execution.status == .succeeded)
        #expect(execution.calls(to: "S") == [["id": "o-1"]])
        #expect(execution.output == ["charged": 12, "id": "o-1"])
        #expect(
            event(execution, "TaskScheduled")?["taskScheduledEventDetails"]?["parameters"]
                == #"{"FunctionName":"f","Payload":{"id":"o-1"}}"#)
    }

    @Test func taskWithoutArgumentsOrOutputPassesTheInputAndReturnsTheResult() async throws {
        let asl = jsonata(#""S": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}"#)
        let execution = try await run(asl, input: ["m": 1]) { sim in
            sim.handle(state: "S") { call in ["got": call.input] }
        }
        #expect(execution.output == ["got": ["m": 1]])
    }

    @Test func timeoutHeartbeatAndCredentialsTakeExpressions() async throws {
        let asl = jsonata(
            #"""
            "S": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                  "TimeoutSeconds": "{% $states.input.t %}", "HeartbeatSeconds": "{% $states.input.t - 5 %}",
                  "Credentials": {"RoleArn": "{% $states.input.role %}"}, "End": true}
            """#)
        let execution = try await run(asl, input: ["t": 30, "role": "arn:aws:iam::1:role/r"]) { sim in
            sim.handle(state: "S") { _ in [:] }
        }
        let details = event(execution, "TaskScheduled")?["taskScheduledEventDetails"]
        #expect(details?["timeoutInSeconds"] == 30)
        #expect(details?["heartbeatInSeconds"] == 25)
        #expect(details?["taskCredentials"] == ["roleArn": "arn:aws:iam::1:role/r"])

        let bad = try await run(asl, input: ["t": "soon", "role": "r"]) { sim in sim.handle(state: "S") { _ in [:] } }
        #expect(bad.error == "States.QueryEvaluationError")
        #expect(
            bad.cause
                == #"An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$states.input.t' specified for the field 'TimeoutSeconds' returned an unexpected result type. Expected 'positive integer', but was 'string' for value: "soon""#
        )
    }

    @Test func choiceConditionsAndOutputs() async throws {
        let asl = jsonata(
            #"""
            "S": {"Type": "Choice", "Choices": [
                    {"Condition": "{% $states.input.n > 10 %}", "Next": "Big", "Output": {"size": "big"}},
                    {"Condition": true, "Next": "Small"}],
                  "Output": "{% {'size': 'small', 'n': $states.input.n} %}"},
            "Big": {"Type": "Succeed"},
            "Small": {"Type": "Succeed"}
            """#)
        let big = try await run(asl, input: ["n": 11])
        #expect(big.statesEntered == ["S", "Big"])
        #expect(big.output == ["size": "big"])
        let small = try await run(asl, input: ["n": 1])
        #expect(small.statesEntered == ["S", "Small"])
        #expect(small.output == ["size": "small", "n": 1])

        let notBoolean = try await run(
            jsonata(
                #""S": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n %}", "Next": "T"}], "Default": "T"}, "T": {"Type": "Succeed"}"#
            ),
            input: ["n": 3])
        #expect(notBoolean.error == "States.QueryEvaluationError")
        #expect(
            notBoolean.cause?.hasSuffix(
                "for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was 'number' for value: 3"
            ) == true)
    }

    @Test func waitSecondsAndTimestampExpressionsUseTheVirtualClock() async throws {
        var options = Simulator.Options()
        options.startDate = Timestamp.parse("2026-01-01T00:00:00Z")
        let seconds = try await run(
            jsonata(
                #""S": {"Type": "Wait", "Seconds": "{% $states.input.s * 60 %}", "Output": "{% $now() %}", "End": true}"#
            ),
            input: ["s": 2], options: options)
        #expect(seconds.duration == 120)
        #expect(seconds.output == "2026-01-01T00:02:00.000Z")
        let timestamp = try await run(
            jsonata(#""S": {"Type": "Wait", "Timestamp": "{% $states.input.at %}", "End": true}"#),
            input: ["at": "2026-01-02T00:00:00Z"], options: options)
        #expect(timestamp.duration == 86_400)
    }

    @Test func aTimestampThatDoesNotParseIsAQueryEvaluationErrorFollowingTheEnteredEvent() async throws {
        let execution = try await run(
            jsonata(#""S": {"Type": "Wait", "Timestamp": "{% $states.input.at %}", "End": true}"#),
            input: ["at": "2016-12-05T21:29:29"])
        let cause =
            "An error occurred while executing the state 'S' (entered at the event id #2). The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: 2016-12-05T21:29:29"
        #expect(execution.error == "States.QueryEvaluationError")
        #expect(execution.cause == cause)
        let failed = try #require(event(execution, "EvaluationFailed"))
        #expect(failed["previousEventId"] == 2)
        #expect(
            failed["evaluationFailedEventDetails"]
                == [
                    "cause": .string(cause), "error": "States.QueryEvaluationError", "location": "Timestamp",
                    "state": "S",
                ])
    }

    @Test func succeedOutputAndFailErrorAndCauseExpressions() async throws {
        let succeed = try await run(
            jsonata(#""S": {"Type": "Succeed", "Output": "{% $states.input.x %}"}"#), input: ["x": [1]])
        #expect(succeed.output == [1])
        let fail = try await run(
            jsonata(
                #""S": {"Type": "Fail", "Error": "{% $states.input.e %}", "Cause": "{% 'because ' & $states.input.c %}"}"#
            ),
            input: ["e": "Oops", "c": "reasons"])
        #expect(fail.error == "Oops")
        #expect(fail.cause == "because reasons")
        let notText = try await run(jsonata(#""S": {"Type": "Fail", "Error": "{% 42 %}"}"#))
        #expect(notText.error == "States.QueryEvaluationError")
        #expect(notText.cause?.hasSuffix("Expected 'string', but was 'number' for value: 42") == true)
    }

    @Test func parallelArgumentsAreEachBranchesInputAndOutputSeesTheResults() async throws {
        let asl = jsonata(
            #"""
            "S": {"Type": "Parallel", "Arguments": {"v": "{% $states.input.v * 2 %}"},
                  "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input.v + 1 %}", "End": true}}},
                    {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}],
                  "Output": {"all": "{% $states.result %}", "first": "{% $states.result[0] %}"}, "End": true}
            """#)
        let execution = try await run(asl, input: ["v": 5])
        #expect(execution.output == ["all": [11, ["v": 10]], "first": 11])
    }

    @Test func mapItemsItemSelectorAndMaxConcurrencyTakeExpressions() async throws {
        let asl = jsonata(
            #"""
            "S": {"Type": "Map", "Items": "{% $states.input.list %}", "MaxConcurrency": "{% 1 %}",
                  "ItemSelector": {"value": "{% $states.context.Map.Item.Value %}", "index": "{% $states.context.Map.Item.Index %}", "tag": "{% $states.input.tag %}"},
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
                  "Output": "{% $count($states.result) %}", "End": true}
            """#)
        let execution = try await run(asl, input: ["list": ["a", "b"], "tag": "t"])
        #expect(execution.output == 2)
        #expect(execution.output(of: "P") == ["value": "b", "index": 1, "tag": "t"])

        let literalItems = try await run(
            jsonata(
                #"""
                "S": {"Type": "Map", "Items": [1, "{% $states.input.x %}"],
                      "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}
                """#), input: ["x": 2])
        #expect(literalItems.output == [1, 2])
    }

    @Test func mapItemsMustBeAnArray() async throws {
        let processor = #""ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#
        let notArray = try await run(
            jsonata(#""S": {"Type": "Map", "Items": "{% $states.input %}", "# + processor + #", "End": true}"#),
            input: ["a": 1])
        #expect(
            notArray.cause
                == #"An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$states.input' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'object' for value: {"a":1}"#
        )
        #expect(
            notArray.history.map(\.type.rawValue).suffix(3) == [
                "EvaluationFailed", "MapStateFailed", "ExecutionFailed",
            ])
        let inputNotArray = try await run(
            jsonata(#""S": {"Type": "Map", "# + processor + #", "End": true}"#), input: ["a": 1])
        #expect(
            inputNotArray.cause
                == #"An error occurred while executing the state 'S' (entered at the event id #2). Map state input must be an array but was: {"a":1}"#
        )
        #expect(event(inputNotArray, "EvaluationFailed")?["evaluationFailedEventDetails"]?["location"] == nil)
    }

    @Test func distributedMapFieldsTakeExpressions() async throws {
        let asl = jsonata(
            #"""
            "S": {"Type": "Map",
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Arguments": {"Bucket": "{% $states.input.bucket %}", "Key": "items.json"}},
                  "ItemBatcher": {"MaxItemsPerBatch": "{% 2 %}", "BatchInput": {"run": "{% $states.input.run %}"}},
                  "ToleratedFailureCount": "{% 0 %}", "ToleratedFailurePercentage": "{% 0 %}",
                  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Arguments": {"Bucket": "{% $states.input.bucket %}", "Prefix": "out"}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $count($states.input.Items) & '/' & $states.input.BatchInput.run %}", "End": true}}},
                  "End": true}
            """#)
        let execution = try await run(asl, input: ["bucket": "b", "run": "r1"]) { sim in
            sim.putObject(bucket: "b", key: "items.json", text: "[1, 2, 3]")
        }
        #expect(execution.status == .succeeded)
        let key = try #require(execution.output?["ResultWriterDetails"]?["Key"]?.stringValue)
        #expect(key.hasPrefix("out/") && key.hasSuffix("/manifest.json"))
        let results = key.replacingOccurrences(of: "manifest.json", with: "SUCCEEDED_0.json")
        let file = try JSONParser.parse(
            try #require(execution.objectsWritten[ItemStore.Key(bucket: "b", key: results)]))
        #expect(file.arrayValue?.map { $0["Output"] } == [#""2/r1""#, #""1/r1""#])
    }

    @Test func noDollarInputAndNoEval() async throws {
        // `$` is not bound to the state input (use `$states.input`), and AWS leaves `$eval` out.
        let bare = try await run(jsonata(#""S": {"Type": "Pass", "Output": "{% a %}", "End": true}"#), input: ["a": 1])
        #expect(
            bare.cause?.hasSuffix(
                "The JSONata expression 'a' specified for the field 'Output' returned nothing (undefined).") == true)
        let eval = try await run(jsonata(#""S": {"Type": "Pass", "Output": "{% $eval('1') %}", "End": true}"#))
        #expect(
            eval.cause?.hasSuffix("threw an error during evaluation. T1006: Attempted to invoke a non-function") == true
        )
        let parse = try await run(jsonata(#""S": {"Type": "Pass", "Output": "{% $parse('[1]') %}", "End": true}"#))
        #expect(parse.output == [1])
    }

    @Test func randomFunctionsAreReproducibleAndSeededByTheRun() async throws {
        let asl = jsonata(
            #""S": {"Type": "Pass", "Output": {"r": "{% $random() %}", "u": "{% $uuid() %}"}, "End": true}"#)
        let a = try await run(asl)
        let b = try await run(asl)
        #expect(a.output == b.output)
        var options = Simulator.Options()
        options.seed = 7
        let c = try await run(asl, options: options)
        #expect(c.output != a.output)
    }
}

@Suite struct MixedQueryLanguageTests {
    @Test func stateLevelQueryLanguageOverridesTheMachines() async throws {
        let asl = #"""
            {"StartAt": "P", "States": {
              "P": {"Type": "Pass", "Parameters": {"x.$": "$.a"}, "Next": "J"},
              "J": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"y": "{% $states.input.x * 10 %}"}, "Next": "Q"},
              "Q": {"Type": "Pass", "InputPath": "$.y", "End": true}}}
            """#
        let execution = try await run(asl, input: ["a": 4])
        #expect(execution.output == 40)
    }

    @Test func aStringThatLooksLikeJSONataIsTextInAJSONPathState() async throws {
        let execution = try await run(single(#"{"Type": "Pass", "Parameters": {"t": "{% 1 + 1 %}"}, "End": true}"#))
        #expect(execution.output == ["t": "{% 1 + 1 %}"])
    }
}

@Suite struct QueryEvaluationErrorTests {
    @Test func undefinedResultsAreErrorsNamingTheField() async throws {
        let execution = try await run(
            jsonata(#""S": {"Type": "Pass", "Output": {"a": {"b": "{% $states.input.none %}"}}, "End": true}"#))
        #expect(execution.status == .failed)
        #expect(execution.error == "States.QueryEvaluationError")
        #expect(
            execution.cause
                == "An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$states.input.none' specified for the field 'Output/a/b' returned nothing (undefined)."
        )
        #expect(
            execution.history.map(\.type.rawValue) == [
                "ExecutionStarted", "PassStateEntered", "EvaluationFailed", "ExecutionFailed",
            ])
        let failed = try #require(event(execution, "EvaluationFailed"))
        // AWS links it to the event before the entered event (here: 0), not to the entered event.
        #expect(failed["previousEventId"] == 0)
        #expect(failed["evaluationFailedEventDetails"]?["location"] == "Output/a/b")
        #expect(failed["evaluationFailedEventDetails"]?["state"] == "S")
        #expect(event(execution, "ExecutionFailed")?["previousEventId"] == 3)
    }

    @Test func thrownErrorsAndFunctionResults() async throws {
        let thrown = try await run(jsonata(#""S": {"Type": "Pass", "Output": {"r": "{% $nope(1) %}"}, "End": true}"#))
        #expect(
            thrown.cause
                == "An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$nope(1)' specified for the field 'Output/r' threw an error during evaluation. T1006: Attempted to invoke a non-function"
        )
        let function = try await run(
            jsonata(#""S": {"Type": "Pass", "Output": "{% function($x){$x} %}", "End": true}"#))
        #expect(
            function.cause?.hasSuffix("specified for the field 'Output' returned an unsupported result type.") == true)
        // The validator rejects a syntax error; a definition built in code meets it when the state runs.
        let definition = StateMachineDefinition(
            queryLanguage: .jsonata, startAt: "S",
            states: [
                .init(
                    "S",
                    .pass(
                        PassState(
                            common: CommonFields(output: .expression(JSONataExpression(" 1 + "))), transition: .end)))
            ])
        let syntax = await Simulator(definition).run()
        #expect(syntax.error == "States.QueryEvaluationError")
        #expect(
            syntax.cause
                == "An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '1 +' specified for the field 'Output' threw an error during evaluation. S0207: Unexpected end of expression"
        )
    }

    @Test func anErrorInArgumentsCanBeRetriedAndCaught() async throws {
        let asl = jsonata(
            #"""
            "S": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Arguments": {"m": "{% $states.input.missing %}"},
                  "Retry": [{"ErrorEquals": ["States.QueryEvaluationError"], "MaxAttempts": 1, "IntervalSeconds": 3}],
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}], "End": true},
            "H": {"Type": "Pass", "End": true}
            """#)
        let execution = try await run(asl) { sim in sim.handle(state: "S") { _ in [:] } }
        #expect(execution.status == .succeeded)
        #expect(execution.duration == 3)
        #expect(execution.taskCalls.isEmpty)
        #expect(execution.history.filter { $0.type == .evaluationFailed }.count == 2)
        #expect(execution.output?["Error"] == "States.QueryEvaluationError")
        #expect(
            execution.output?["Cause"]?.stringValue?.hasSuffix(
                "specified for the field 'Arguments/m' returned nothing (undefined).") == true)
    }

    @Test func anErrorInsideAMapIterationFailsTheIterationAndTheMap() async throws {
        let asl = jsonata(
            #"""
            "S": {"Type": "Map", "Items": [1, 2],
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $states.input.x %}", "End": true}}},
                  "End": true}
            """#)
        let execution = try await run(asl)
        #expect(
            execution.history.map(\.type.rawValue) == [
                "ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapIterationStarted", "PassStateEntered",
                "EvaluationFailed", "MapIterationFailed", "MapStateFailed", "ExecutionFailed",
            ])
        #expect(
            execution.cause?.hasPrefix("An error occurred while executing the state 'P' (entered at the event id #5).")
                == true)
    }

    @Test func concurrentIterationsQuoteTheirMergedEventIds() async throws {
        // Iterations run at the same time; the failing one's entered event gets its id when merged.
        let asl = jsonata(
            #"""
            "S": {"Type": "Map", "Items": [1, 2, 3],
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $states.input = 3 ? $states.input.x : 1 %}", "End": true}}},
                  "End": true}
            """#)
        let execution = try await run(asl)
        let entered = try #require(execution.history.last { $0.type == .passStateEntered })
        #expect(
            execution.cause?.hasPrefix(
                "An error occurred while executing the state 'P' (entered at the event id #\(entered.id)).") == true)
        let failed = try #require(execution.history.first { $0.type == .evaluationFailed })
        #expect(failed[detail: "cause"]?.apiValue.stringValue == execution.cause)
    }
}
