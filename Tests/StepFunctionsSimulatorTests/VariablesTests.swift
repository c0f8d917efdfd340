import Foundation
import JSONCore
import StepFunctionsCompiler
import StepFunctionsSimulator
import Testing

/// The variables each `*StateExited` event of `state` says were assigned (JSON texts).
func assigned(_ execution: Execution, _ state: String) -> [String: String]? {
    execution.history.last { $0.stateName == state && $0.type.rawValue.hasSuffix("StateExited") }?.assignedVariables
}

@Suite struct AssignTests {
    @Test func jsonPathAssignTakesLiteralsPathsAndIntrinsicsWithDollarTheResult() async throws {
        let asl = #"""
            {"StartAt": "A", "States": {
              "A": {"Type": "Pass", "Result": {"answer": 42}, "ResultPath": "$.r",
                    "Assign": {"fromResult.$": "$.answer", "literal": "$.not.a.path", "n": 1.5,
                               "joined.$": "States.Format('{}-{}', $.answer, $$.State.Name)", "obj": {"k.$": "$.answer"}},
                    "Next": "B"},
              "B": {"Type": "Pass", "Parameters": {"a.$": "$fromResult", "lit.$": "$literal", "k.$": "$obj.k"}, "End": true}}}
            """#
        let execution = try await run(asl, input: ["x": 1])
        #expect(execution.output == ["a": 42, "lit": "$.not.a.path", "k": 42])
        #expect(
            assigned(execution, "A") == [
                "fromResult": "42", "literal": #""$.not.a.path""#, "n": "1.5", "joined": #""42-A""#,
                "obj": #"{"k":42}"#,
            ])
        let exited = try #require(execution.historyJSON.arrayValue?.first { $0["type"] == "PassStateExited" })
        #expect(exited["stateExitedEventDetails"]?["assignedVariablesDetails"] == ["truncated": false])
    }

    @Test func jsonataAssignSeesInputAndResult() async throws {
        let asl = jsonata(
            #"""
            "S": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                  "Assign": {"id": "{% $states.input.id %}", "sent": "{% $states.result.MessageId %}", "both": ["{% $states.input.id %}", 2]},
                  "Next": "T"},
            "T": {"Type": "Pass", "Output": {"id": "{% $id %}", "sent": "{% $sent %}", "both": "{% $both %}"}, "End": true}
            """#)
        let execution = try await run(asl, input: ["id": "o-1"]) { sim in
            sim.handle(state: "S") { _ in ["MessageId": "m-9"] }
        }
        #expect(execution.output == ["id": "o-1", "sent": "m-9", "both": ["o-1", 2]])
        #expect(assigned(execution, "S") == ["id": #""o-1""#, "sent": #""m-9""#, "both": #"["o-1",2]"#])
    }

    @Test func everyAssignmentOfAStateSeesTheValuesFromBeforeIt() async throws {
        let asl = #"""
            {"StartAt": "Init", "States": {
              "Init": {"Type": "Pass", "Assign": {"a": 1, "b": 2}, "Next": "Swap"},
              "Swap": {"Type": "Pass", "Assign": {"a.$": "$b", "b.$": "$a"}, "OutputPath": "$a", "Next": "Check"},
              "Check": {"Type": "Pass", "QueryLanguage": "JSONata", "Assign": {"a": "{% $b %}", "b": "{% $a %}"},
                        "Output": {"a": "{% $a %}", "b": "{% $b %}", "in": "{% $states.input %}"}, "End": true}}}
            """#
        let execution = try await run(asl)
        // Swap's OutputPath still saw a = 1; Check's Output saw Swap's values (a = 2, b = 1).
        #expect(execution.output == ["a": 2, "b": 1, "in": 1])
        #expect(assigned(execution, "Swap") == ["a": "2", "b": "1"])
        #expect(assigned(execution, "Check") == ["a": "1", "b": "2"])
    }

    @Test func variablesWorkInEveryJSONPathField() async throws {
        let asl = #"""
            {"StartAt": "Init", "States": {
              "Init": {"Type": "Pass", "Assign": {"items": [1, 2, 3], "key": "k", "limit": 2, "sel": {"k": "chosen"}, "wait": 5, "secs": 9}, "Next": "Pick"},
              "Pick": {"Type": "Pass", "InputPath": "$sel", "Parameters": {"v.$": "States.Format('{}!', $.k)", "n.$": "States.ArrayLength($items)"}, "Next": "Choose"},
              "Choose": {"Type": "Choice", "Choices": [{"Variable": "$limit", "NumericEqualsPath": "$.n", "Next": "Nope"},
                                                       {"Variable": "$key", "StringEquals": "k", "Next": "Sleep"}]},
              "Sleep": {"Type": "Wait", "SecondsPath": "$wait", "Next": "Loop"},
              "Loop": {"Type": "Map", "ItemsPath": "$items", "MaxConcurrencyPath": "$limit",
                       "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "Parameters": {"i.$": "$", "k.$": "$key"}, "End": true}}},
                       "Next": "Call"},
              "Call": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "TimeoutSecondsPath": "$secs",
                       "ResultSelector": {"r.$": "$.m", "k.$": "$key"}, "OutputPath": "$.k", "End": true},
              "Nope": {"Type": "Fail"}}}
            """#
        let execution = try await run(asl) { sim in sim.handle(state: "Call") { _ in ["m": 1] } }
        #expect(execution.status == .succeeded)
        #expect(execution.output(of: "Pick") == ["v": "chosen!", "n": 3])
        #expect(execution.duration == 5)
        #expect(execution.output(of: "Loop") == [["i": 1, "k": "k"], ["i": 2, "k": "k"], ["i": 3, "k": "k"]])
        #expect(execution.output == "k")
        #expect(event(execution, "TaskScheduled")?["taskScheduledEventDetails"]?["timeoutInSeconds"] == 9)
    }

    @Test func choiceRulesAssignAndTheStatesAssignAppliesOnEveryPath() async throws {
        let asl = #"""
            {"StartAt": "C", "States": {
              "C": {"Type": "Choice", "Assign": {"status": "DEFAULT", "seen.$": "$.v"},
                    "Choices": [{"Variable": "$.v", "NumericGreaterThan": 10, "Assign": {"status": "BIG"}, "Next": "Done"}],
                    "Default": "Done"},
              "Done": {"Type": "Pass", "Parameters": {"status.$": "$status", "seen.$": "$seen"}, "End": true}}}
            """#
        let big = try await run(asl, input: ["v": 11])
        #expect(big.output == ["status": "BIG", "seen": 11])
        let other = try await run(asl, input: ["v": 1])
        #expect(other.output == ["status": "DEFAULT", "seen": 1])
    }

    @Test func anEmptyAssignRecordsNothing() async throws {
        let execution = try await run(single(#"{"Type": "Pass", "Assign": {}, "End": true}"#))
        #expect(assigned(execution, "S") == nil)
        let exited = try #require(execution.historyJSON.arrayValue?.first { $0["type"] == "PassStateExited" })
        #expect(exited["stateExitedEventDetails"]?["assignedVariables"] == nil)
    }

    @Test func undefinedVariables() async throws {
        let jsonataRef = try await run(
            jsonata(#""S": {"Type": "Pass", "Assign": {"r": "{% $nothing %}"}, "End": true}"#))
        #expect(jsonataRef.error == "States.QueryEvaluationError")
        #expect(
            jsonataRef.cause
                == "An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$nothing' specified for the field 'Assign/r' returned nothing (undefined)."
        )
        let jsonPathRef = try await run(single(#"{"Type": "Pass", "Parameters": {"v.$": "$nothing"}, "End": true}"#))
        #expect(jsonPathRef.error == "States.Runtime")
        #expect(
            jsonPathRef.cause?.hasSuffix(
                "The JSONPath '$nothing' specified for the field 'v.$' could not be found in the input '{}'") == true)
    }
}

/// The worked examples of the Developer Guide's "Passing data between states with variables" page.
@Suite struct DeveloperGuideVariableExamples {
    @Test func expressionsAreEvaluatedFirstThenAssigned() async throws {
        // "Starting values: $x=3, $a=6" ... "Ending values: $x=6, $nextX=3".
        let asl = jsonata(
            #"""
            "Start": {"Type": "Pass", "Assign": {"x": 3, "a": 6}, "Next": "S"},
            "S": {"Type": "Pass", "Assign": {"x": "{% $a %}", "nextX": "{% $x %}"}, "Next": "T"},
            "T": {"Type": "Pass", "Output": {"x": "{% $x %}", "nextX": "{% $nextX %}"}, "End": true}
            """#, startAt: "Start")
        let execution = try await run(asl)
        #expect(execution.output == ["x": 6, "nextX": 3])
    }

    @Test func theExampleFailsWhenXWasNeverAssigned() async throws {
        // "If $x had not been previously assigned, the example would fail because $x would be undefined."
        let asl = jsonata(
            #"""
            "Start": {"Type": "Pass", "Assign": {"a": 6}, "Next": "S"},
            "S": {"Type": "Pass", "Assign": {"x": "{% $a %}", "nextX": "{% $x %}"}, "End": true}
            """#, startAt: "Start")
        let execution = try await run(asl)
        #expect(execution.status == .failed)
        #expect(execution.error == "States.QueryEvaluationError")
    }

    @Test func jsonPathAssignWithTemplatesIntrinsicsAndTheContext() async throws {
        // The page's JSONPath example: `$` is the result, `$customer` a variable, `$$` the context.
        let asl = #"""
            {"StartAt": "Init", "States": {
              "Init": {"Type": "Pass", "Assign": {"customer": {"name": "Ana"}}, "Next": "Work"},
              "Work": {"Type": "Pass", "Result": {"order": {"items": [1, 2]}, "result": {"code": 200}},
                       "Assign": {"details": {"status": "SUCCESS", "lineItems.$": "$.order.items"},
                                  "resultCode.$": "$.result.code",
                                  "message.$": "States.Format('Hello {}', $customer.name)",
                                  "startTime.$": "$$.Execution.StartTime"},
                       "Next": "Show"},
              "Show": {"Type": "Pass", "Parameters": {"details.$": "$details", "resultCode.$": "$resultCode",
                       "message.$": "$message", "started.$": "States.ArrayLength(States.Array($startTime))"}, "End": true}}}
            """#
        let execution = try await run(asl)
        #expect(
            execution.output == [
                "details": ["status": "SUCCESS", "lineItems": [1, 2]], "resultCode": 200, "message": "Hello Ana",
                "started": 1,
            ])
    }
}

@Suite struct VariableScopeTests {
    @Test func parallelBranchesReadOuterVariablesAndKeepTheirOwn() async throws {
        let asl = #"""
            {"StartAt": "Init", "States": {
              "Init": {"Type": "Pass", "Assign": {"x": 1}, "Next": "P"},
              "P": {"Type": "Parallel", "Branches": [
                  {"StartAt": "A1", "States": {
                    "A1": {"Type": "Pass", "Assign": {"mine": "a"}, "Next": "A2"},
                    "A2": {"Type": "Pass", "Parameters": {"x.$": "$x", "mine.$": "$mine"}, "End": true}}},
                  {"StartAt": "B1", "States": {
                    "B1": {"Type": "Pass", "Assign": {"mine": "b"}, "Next": "B2"},
                    "B2": {"Type": "Pass", "Parameters": {"x.$": "$x", "mine.$": "$mine"}, "End": true}}}],
                "Next": "After"},
              "After": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"x": "{% $x %}", "mine": "{% $mine %}"}, "End": true}}}
            """#
        let execution = try await run(asl)
        #expect(execution.output(of: "P") == [["x": 1, "mine": "a"], ["x": 1, "mine": "b"]])
        // What a branch assigns stays in the branch.
        #expect(execution.status == .failed)
        #expect(
            execution.cause?.hasSuffix(
                "The JSONata expression '$mine' specified for the field 'Output/mine' returned nothing (undefined).")
                == true)
    }

    @Test func mapIterationsDoNotSeeEachOthersVariables() async throws {
        let asl = #"""
            {"StartAt": "M", "States": {
              "M": {"Type": "Map", "MaxConcurrency": 1, "ItemProcessor": {"StartAt": "Read", "States": {
                  "Read": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $exists($last) %}", "Assign": {"last": "{% $states.input %}"}, "End": true}}},
                "End": true}}}
            """#
        let execution = try await run(asl, input: [1, 2, 3])
        #expect(execution.output == [false, false, false])
    }

    @Test func anInnerScopeCannotAssignAnOuterVariable() async throws {
        let asl = #"""
            {"StartAt": "Init", "States": {
              "Init": {"Type": "Pass", "Assign": {"x": 1}, "Next": "M"},
              "M": {"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "Assign": {"x": 2}, "End": true}}},
                "End": true}}}
            """#
        let execution = try await run(asl, input: [1])
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
        #expect(
            execution.cause
                == "An error occurred while executing the state 'I' (entered at the event id #7). The variable 'x' belongs to an outer scope: a state in a Parallel branch or Map iteration can read it but cannot assign it"
        )
    }

    @Test func distributedChildrenStartWithoutVariables() async throws {
        let asl = #"""
            {"StartAt": "Init", "States": {
              "Init": {"Type": "Pass", "Assign": {"x": 1}, "Next": "M"},
              "M": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                  "StartAt": "I", "States": {"I": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "End": true}}},
                "End": true}}}
            """#
        let execution = try await run(asl, input: [1])
        #expect(execution.status == .failed)
        #expect(
            execution.cause?.hasSuffix(
                "The JSONPath '$x' specified for the field 'x.$' could not be found in the input '1'") == true)
    }

    @Test func theNameStatesIsReservedAtCreation() throws {
        // The validator refuses it, as AWS does; the run-time check stays for definitions built in code.
        do {
            _ = try Simulator(aslJSON: single(#"{"Type": "Pass", "Assign": {"states": 1}, "End": true}"#))
            Issue.record("a definition assigning 'states' was accepted")
        } catch let failure as ValidationFailure {
            #expect(failure.diagnostics.contains { $0.code == .invalidVariableName })
        }
    }
}

@Suite struct VariableLimitTests {
    @Test func aValueOverTheLimitIsDataLimitExceeded() async throws {
        var options = Simulator.Options()
        options.variableSizeLimit = 10
        let execution = try await run(
            single(#"{"Type": "Pass", "Assign": {"big": "0123456789"}, "End": true}"#), options: options)
        #expect(execution.error == "States.DataLimitExceeded")
        #expect(
            execution.cause
                == "An error occurred while executing the state 'S' (entered at the event id #2). The value assigned to the variable 'big' has a size of 12 bytes, exceeding the maximum of 10 bytes for a variable."
        )
        let perState = try await run(
            single(#"{"Type": "Pass", "Assign": {"a": "12345", "b": "12345"}, "End": true}"#), options: options)
        #expect(
            perState.cause?.hasSuffix(
                "The variables assigned by the state have a combined size of 14 bytes, exceeding the maximum of 10 bytes for one Assign."
            ) == true)
    }

    @Test func allVariablesTogetherHaveALimit() async throws {
        var options = Simulator.Options()
        options.variablesTotalSizeLimit = 20
        let asl = #"""
            {"StartAt": "A", "States": {
              "A": {"Type": "Pass", "Assign": {"a": "0123456789"}, "Next": "B"},
              "B": {"Type": "Pass", "Assign": {"a": "x", "b": "0123456789"}, "Next": "C"},
              "C": {"Type": "Pass", "Assign": {"c": "0123456789"}, "End": true}}}
            """#
        let execution = try await run(asl, options: options)
        // B replaces a (12 bytes become 3), so B fits; C would bring the total to 27.
        #expect(execution.error == "States.DataLimitExceeded")
        #expect(execution.cause?.hasPrefix("An error occurred while executing the state 'C'") == true)
        #expect(
            execution.cause?.hasSuffix(
                "The variables of the execution would have a combined size of 27 bytes, exceeding the maximum of 20 bytes."
            ) == true)
    }
}

@Suite struct ErrorOutputTests {
    @Test func jsonataCatchOutputDefaultsToTheErrorOutputAndAssignSeesIt() async throws {
        let asl = jsonata(
            #"""
            "S": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Assign": {"never": 1},
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"err": "{% $states.errorOutput.Error %}", "in": "{% $states.input %}"}, "Next": "H"}],
                  "End": true},
            "H": {"Type": "Pass", "Output": {"caught": "{% $states.input %}", "err": "{% $err %}", "in": "{% $in %}"}, "End": true}
            """#)
        let execution = try await run(asl, input: ["k": 1]) { sim in
            sim.handle(state: "S") { _ in throw TaskError(error: "Boom", cause: "bad") }
        }
        #expect(execution.output == ["caught": ["Error": "Boom", "Cause": "bad"], "err": "Boom", "in": ["k": 1]])
        // The state's own Assign does not apply when a catcher is taken.
        #expect(assigned(execution, "S") == ["err": #""Boom""#, "in": #"{"k":1}"#])
    }

    @Test func jsonataCatchOutputReplacesTheErrorOutput() async throws {
        let asl = jsonata(
            #"""
            "S": {"Type": "Parallel", "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "C"}}}],
                  "Catch": [{"ErrorEquals": ["E"], "Output": {"input": "{% $states.input %}", "error": "{% $states.errorOutput %}"}, "Next": "H"}],
                  "End": true},
            "H": {"Type": "Succeed"}
            """#)
        let execution = try await run(asl, input: ["v": 1])
        #expect(execution.output == ["input": ["v": 1], "error": ["Error": "E", "Cause": "C"]])
    }

    @Test func jsonPathCatcherAssignSeesTheErrorOutput() async throws {
        let asl = #"""
            {"StartAt": "S", "States": {
              "S": {"Type": "Map", "ItemProcessor": {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "C"}}},
                    "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Assign": {"why.$": "$.Cause"}, "Next": "H"}],
                    "End": true},
              "H": {"Type": "Pass", "Parameters": {"why.$": "$why", "error.$": "$.error.Error"}, "End": true}}}
            """#
        let execution = try await run(asl, input: [1])
        #expect(execution.status == .failed)  // ResultPath into an array input
        let objectInput = try await run(
            asl.replacingOccurrences(of: #""Type": "Map", "#, with: #""Type": "Map", "ItemsPath": "$.items", "#),
            input: ["items": [1]])
        #expect(objectInput.output == ["why": "C", "error": "E"])
    }
}

@Suite struct HistoryOptionsTests {
    @Test func aRunPastTheHorizonIsReportedRunning() async throws {
        var options = Simulator.Options()
        options.horizon = 3_600
        let execution = try await run(
            #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 7200, "Next": "P"}, "P": {"Type": "Pass", "End": true}}}"#,
            options: options)
        #expect(execution.status == .running)
        #expect(execution.history.map(\.type) == [.executionStarted, .waitStateEntered])
        #expect(execution.output == nil)
    }

    @Test func distributedMapExitFollowsMapRunStartedSinceNovember2024() async throws {
        let asl = #"""
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
              "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}
            """#
        let now = try await run(asl, input: [1])
        let runStarted = try #require(now.history.first { $0.type == .mapRunStarted })
        let runSucceeded = try #require(now.history.first { $0.type == .mapRunSucceeded })
        #expect(now.history.first { $0.type == .mapStateExited }?.previousEventId == runStarted.id)
        #expect(now.history.first { $0.type == .mapStateSucceeded }?.previousEventId == runSucceeded.id)
        var options = Simulator.Options()
        options.historyAsOf = Timestamp.parse("2024-06-01T00:00:00Z")
        let before = try await run(asl, input: [1], options: options)
        #expect(before.history.first { $0.type == .mapStateExited }?.previousEventId == runSucceeded.id)
    }
}
