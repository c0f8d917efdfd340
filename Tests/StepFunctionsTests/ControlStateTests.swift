import StepFunctions
import Testing

@Suite("Wait, Succeed, Fail, Parallel and the top level")
struct ControlStateTests {
    /// The four Wait forms, and a Wait's data-flow fields.
    @Test func waitForms() throws {
        let machine = StateMachine(S.self) {
            Wait(.a, for: .seconds(30)).comment("Cool down").inputPath("$.x").outputPath("$.y").assign([
                "waited": .path("$.n")
            ])
            Wait(.b, secondsPath: "$.delay")
            Wait(.c, until: "2026-01-01T00:00:00Z")
            Wait(.d, timestampPath: "$.dueAt")
        }
        #expect(
            try machineJSON(machine) == """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Wait",
                      "Comment": "Cool down",
                      "InputPath": "$.x",
                      "Seconds": 30,
                      "OutputPath": "$.y",
                      "Assign": {
                        "waited.$": "$.n"
                      },
                      "Next": "B"
                    },
                    "B": {
                      "Type": "Wait",
                      "SecondsPath": "$.delay",
                      "Next": "C"
                    },
                    "C": {
                      "Type": "Wait",
                      "Timestamp": "2026-01-01T00:00:00Z",
                      "Next": "D"
                    },
                    "D": {
                      "Type": "Wait",
                      "TimestampPath": "$.dueAt",
                      "End": true
                    }
                  }
                }
                """)
    }

    /// Wait `Seconds` and `Timestamp` as JSONata expressions, with `Output` and `Assign`.
    @Test func jsonataWaits() throws {
        let machine = StateMachine(S.self) {
            Wait(.a, for: .jsonata("$states.input.delay")).output(["slept": true]).assign(["at": .jsonata("$now()")])
            Wait(.b, until: .jsonata("$states.input.dueAt"))
        }.queryLanguage(.jsonata)
        #expect(
            try machineJSON(machine) == """
                {
                  "QueryLanguage": "JSONata",
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Wait",
                      "Seconds": "{% $states.input.delay %}",
                      "Output": {
                        "slept": true
                      },
                      "Assign": {
                        "at": "{% $now() %}"
                      },
                      "Next": "B"
                    },
                    "B": {
                      "Type": "Wait",
                      "Timestamp": "{% $states.input.dueAt %}",
                      "End": true
                    }
                  }
                }
                """)
    }

    /// Succeed with its fields; Fail with `Error`/`Cause` and with `ErrorPath`/`CausePath` (a path and an intrinsic call).
    @Test func succeedAndFail() throws {
        let machine = StateMachine(S.self) {
            Choice(.a) {
                When(.booleanEquals("$.ok", true), next: .done)
                When(.isPresent("$.error"), next: .b)
                Otherwise(.failed)
            }
            Succeed(.done).comment("All good").inputPath("$.result").outputPath("$.summary")
            Fail(.b).errorPath("$.error.Error").causePath("States.Format('Order {} failed', $.orderId)").comment(
                "Rethrow")
            Fail(.failed, error: "OrderFailed", cause: "The order could not be processed")
        }
        #expect(
            try machineJSON(machine) == """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Choice",
                      "Choices": [
                        {
                          "Variable": "$.ok",
                          "BooleanEquals": true,
                          "Next": "Done"
                        },
                        {
                          "Variable": "$.error",
                          "IsPresent": true,
                          "Next": "B"
                        }
                      ],
                      "Default": "Failed"
                    },
                    "Done": {
                      "Type": "Succeed",
                      "Comment": "All good",
                      "InputPath": "$.result",
                      "OutputPath": "$.summary"
                    },
                    "B": {
                      "Type": "Fail",
                      "Comment": "Rethrow",
                      "ErrorPath": "$.error.Error",
                      "CausePath": "States.Format('Order {} failed', $.orderId)"
                    },
                    "Failed": {
                      "Type": "Fail",
                      "Error": "OrderFailed",
                      "Cause": "The order could not be processed"
                    }
                  }
                }
                """)
    }

    /// Succeed's `Output` and Fail's `Error`/`Cause` as JSONata expressions.
    @Test func jsonataSucceedAndFail() throws {
        let machine = StateMachine(S.self) {
            Choice(.a) {
                When(.jsonata("$states.input.ok"), next: .done)
                Otherwise(.failed)
            }
            Succeed(.done).output(["result": .jsonata("$states.input.result")])
            Fail(.failed).error(.jsonata("$states.input.errorName")).cause(.jsonata("$string($states.input)"))
        }.queryLanguage(.jsonata)
        #expect(
            try machineJSON(machine) == """
                {
                  "QueryLanguage": "JSONata",
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Choice",
                      "Choices": [
                        {
                          "Condition": "{% $states.input.ok %}",
                          "Next": "Done"
                        }
                      ],
                      "Default": "Failed"
                    },
                    "Done": {
                      "Type": "Succeed",
                      "Output": {
                        "result": "{% $states.input.result %}"
                      }
                    },
                    "Failed": {
                      "Type": "Fail",
                      "Error": "{% $states.input.errorName %}",
                      "Cause": "{% $string($states.input) %}"
                    }
                  }
                }
                """)
    }

    /// Every JSONPath field of a Parallel, a branch `Comment`, and branches linked in sequence.
    @Test func parallelJSONPathFields() throws {
        let machine = StateMachine(S.self) {
            Parallel(.a) {
                Branch(comment: "Stock") { LambdaInvoke(.b, function: "stock") }
                Branch {
                    Pass(.c)
                    Pass(.d)
                }
            }
            .comment("Checks")
            .inputPath("$.order")
            .parameters(["order": .path("$")])
            .resultSelector(["stock": .path("$[0].Payload"), "extra": .path("$[1]")])
            .resultPath("$.checks")
            .outputPath("$.checks")
            .assign(["checked": true])
            .retry(on: .branchFailed, interval: .seconds(1), maxAttempts: 2)
            .catch(.all, resultPath: "$.error", next: .handler)
            Pass(.handler)
        }
        #expect(
            try machineJSON(machine) == """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Parallel",
                      "Comment": "Checks",
                      "InputPath": "$.order",
                      "Parameters": {
                        "order.$": "$"
                      },
                      "Branches": [
                        {
                          "Comment": "Stock",
                          "StartAt": "B",
                          "States": {
                            "B": {
                              "Type": "Task",
                              "Resource": "arn:aws:states:::lambda:invoke",
                              "Parameters": {
                                "FunctionName": "stock",
                                "Payload.$": "$"
                              },
                              "End": true
                            }
                          }
                        },
                        {
                          "StartAt": "C",
                          "States": {
                            "C": {
                              "Type": "Pass",
                              "Next": "D"
                            },
                            "D": {
                              "Type": "Pass",
                              "End": true
                            }
                          }
                        }
                      ],
                      "ResultSelector": {
                        "stock.$": "$[0].Payload",
                        "extra.$": "$[1]"
                      },
                      "ResultPath": "$.checks",
                      "OutputPath": "$.checks",
                      "Assign": {
                        "checked": true
                      },
                      "Retry": [
                        {
                          "ErrorEquals": [
                            "States.BranchFailed"
                          ],
                          "IntervalSeconds": 1,
                          "MaxAttempts": 2
                        }
                      ],
                      "Catch": [
                        {
                          "ErrorEquals": [
                            "States.ALL"
                          ],
                          "ResultPath": "$.error",
                          "Next": "Handler"
                        }
                      ],
                      "Next": "Handler"
                    },
                    "Handler": {
                      "Type": "Pass",
                      "End": true
                    }
                  }
                }
                """)
    }

    /// A Parallel's `Arguments`, `Output` and `Assign` in a JSONata state machine.
    @Test func parallelJSONataFields() throws {
        let machine = StateMachine(S.self) {
            Parallel(.a) {
                Branch { Pass(.b) }
            }
            .arguments(["order": .jsonata("$states.input.order")])
            .output(.jsonata("$states.result[0]"))
            .assign(["branches": .jsonata("$count($states.result)")])
        }.queryLanguage(.jsonata)
        #expect(
            try machineJSON(machine) == """
                {
                  "QueryLanguage": "JSONata",
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Parallel",
                      "Arguments": {
                        "order": "{% $states.input.order %}"
                      },
                      "Branches": [
                        {
                          "StartAt": "B",
                          "States": {
                            "B": {
                              "Type": "Pass",
                              "End": true
                            }
                          }
                        }
                      ],
                      "Output": "{% $states.result[0] %}",
                      "Assign": {
                        "branches": "{% $count($states.result) %}"
                      },
                      "End": true
                    }
                  }
                }
                """)
    }
}
