import StepFunctions
import Testing

private let includeAudit = true
private let regions = ["eu", "us"]

/// A reusable group of states.
private func notifyAndFail() -> StateGroup<S> {
    StateGroup {
        SNSPublish(.g, topic: "arn:aws:sns:us-east-1:123456789012:alerts", message: .path("$.error"))
        Fail(.failed, error: "OrderFailed")
    }
}

@Suite("Builders: payloads, intrinsics, sequencing")
struct BuilderTests {
    /// Payload literals keep their order; only `.path`/intrinsic values get the `.$` suffix, so a string starting with `$` stays a string.
    @Test func payloadLiterals() throws {
        let machine = StateMachine(S.self) {
            Pass(.a).parameters([
                "string": "$.not-a-path",
                "int": 42,
                "double": 2.5,
                "bool": false,
                "null": nil,
                "array": [1, "two", ["three": .path("$.three")]],
                "nested": [
                    "deeper": [
                        "path": .path("$.x.y[0]"), "context": .path("$$.Execution.Id"), "variable": .path("$total"),
                    ]
                ],
                "json": .value(["already": ["json": true]]),
                "placeholder": .placeholder("TableName"),
                "input": .stateInput,
            ])
        }
        #expect(
            try machineJSON(machine) == """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Pass",
                      "Parameters": {
                        "string": "$.not-a-path",
                        "int": 42,
                        "double": 2.5,
                        "bool": false,
                        "null": null,
                        "array": [
                          1,
                          "two",
                          {
                            "three.$": "$.three"
                          }
                        ],
                        "nested": {
                          "deeper": {
                            "path.$": "$.x.y[0]",
                            "context.$": "$$.Execution.Id",
                            "variable.$": "$total"
                          }
                        },
                        "json": {
                          "already": {
                            "json": true
                          }
                        },
                        "placeholder": "${TableName}",
                        "input.$": "$"
                      },
                      "End": true
                    }
                  }
                }
                """)
    }

    /// Every typed intrinsic builder, string escaping (`'` and braces outside a Format template), nesting, and the raw form.
    @Test func everyIntrinsic() throws {
        let machine = StateMachine(S.self) {
            Pass(.a).parameters([
                "format": .format("Hello {}, it's {}", .path("$.name"), .path("$$.State.EnteredTime")),
                "stringToJson": .stringToJson(.path("$.text")),
                "jsonToString": .jsonToString(.path("$.object")),
                "array": .array(1, "two", .path("$.three"), true, nil),
                "arrayPartition": .arrayPartition(.path("$.items"), 2),
                "arrayContains": .arrayContains(.path("$.items"), "x"),
                "arrayRange": .arrayRange(1, 9, 2),
                "arrayGetItem": .arrayGetItem(.path("$.items"), 0),
                "arrayLength": .arrayLength(.path("$.items")),
                "arrayUnique": .arrayUnique(.path("$.items")),
                "base64Encode": .base64Encode("it's {braces}"),
                "base64Decode": .base64Decode(.path("$.encoded")),
                "hash": .hash(.path("$.value"), "SHA-256"),
                "jsonMerge": .jsonMerge(.path("$.a"), .path("$.b")),
                "mathRandom": .mathRandom(1, 100),
                "mathRandomSeeded": .mathRandom(1, 100, seed: .path("$.seed")),
                "mathAdd": .mathAdd(.path("$.n"), -1),
                "stringSplit": .stringSplit(.path("$.csv"), ","),
                "uuid": .uuid(),
                "nested": .format("{} items", .arrayLength(.path("$.items"))),
                "raw": .intrinsic("States.Format('{}', $.x)"),
            ])
        }
        #expect(
            try machineJSON(machine) == #"""
                {
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Pass",
                      "Parameters": {
                        "format.$": "States.Format('Hello {}, it\\'s {}', $.name, $$.State.EnteredTime)",
                        "stringToJson.$": "States.StringToJson($.text)",
                        "jsonToString.$": "States.JsonToString($.object)",
                        "array.$": "States.Array(1, 'two', $.three, true, null)",
                        "arrayPartition.$": "States.ArrayPartition($.items, 2)",
                        "arrayContains.$": "States.ArrayContains($.items, 'x')",
                        "arrayRange.$": "States.ArrayRange(1, 9, 2)",
                        "arrayGetItem.$": "States.ArrayGetItem($.items, 0)",
                        "arrayLength.$": "States.ArrayLength($.items)",
                        "arrayUnique.$": "States.ArrayUnique($.items)",
                        "base64Encode.$": "States.Base64Encode('it\\'s \\{braces\\}')",
                        "base64Decode.$": "States.Base64Decode($.encoded)",
                        "hash.$": "States.Hash($.value, 'SHA-256')",
                        "jsonMerge.$": "States.JsonMerge($.a, $.b, false)",
                        "mathRandom.$": "States.MathRandom(1, 100)",
                        "mathRandomSeeded.$": "States.MathRandom(1, 100, $.seed)",
                        "mathAdd.$": "States.MathAdd($.n, -1)",
                        "stringSplit.$": "States.StringSplit($.csv, ',')",
                        "uuid.$": "States.UUID()",
                        "nested.$": "States.Format('{} items', States.ArrayLength($.items))",
                        "raw.$": "States.Format('{}', $.x)"
                      },
                      "End": true
                    }
                  }
                }
                """#)
    }

    /// Each state goes to the next; Choice, Succeed, Fail, `.next(...)` and `.end()` close the chain; handlers form their own chain.
    @Test func sequencing() throws {
        let machine = StateMachine(S.self) {
            Pass(.a)
            Choice(.b) {
                When(.booleanEquals("$.skip", true), next: .d)
                When(.stringEquals("$.mode", "e"), next: .e)
                When(.stringEquals("$.mode", "g"), next: .g)
                When(.stringEquals("$.mode", "h"), next: .h)
                Otherwise(.c)
            }
            Pass(.c)
            Pass(.d).next(.f)
            Pass(.e)
            Succeed(.done)
        } handlers: {
            Pass(.f)
            Fail(.failed, error: "Handled")
            Pass(.g).end()
            Pass(.h)
        }
        #expect(
            try machineJSON(machine) == """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Pass",
                      "Next": "B"
                    },
                    "B": {
                      "Type": "Choice",
                      "Choices": [
                        {
                          "Variable": "$.skip",
                          "BooleanEquals": true,
                          "Next": "D"
                        },
                        {
                          "Variable": "$.mode",
                          "StringEquals": "e",
                          "Next": "E"
                        },
                        {
                          "Variable": "$.mode",
                          "StringEquals": "g",
                          "Next": "G"
                        },
                        {
                          "Variable": "$.mode",
                          "StringEquals": "h",
                          "Next": "H"
                        }
                      ],
                      "Default": "C"
                    },
                    "C": {
                      "Type": "Pass",
                      "Next": "D"
                    },
                    "D": {
                      "Type": "Pass",
                      "Next": "F"
                    },
                    "E": {
                      "Type": "Pass",
                      "Next": "Done"
                    },
                    "Done": {
                      "Type": "Succeed"
                    },
                    "F": {
                      "Type": "Pass",
                      "Next": "Failed"
                    },
                    "Failed": {
                      "Type": "Fail",
                      "Error": "Handled"
                    },
                    "G": {
                      "Type": "Pass",
                      "End": true
                    },
                    "H": {
                      "Type": "Pass",
                      "End": true
                    }
                  }
                }
                """)
    }

    /// Inline Catch blocks come after the block's states and before the handlers, each linked in sequence.
    @Test func inlineCatchPlacement() throws {
        let machine = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents")
                .catch("Retryable") {
                    Wait(.b, for: .seconds(5))
                    Pass(.c).next(.a)
                }
                .catch(.timeout, next: .handler)
                .catch(.all) {
                    Fail(.failed, error: "Unexpected")
                }
            Succeed(.done)
        } handlers: {
            Pass(.handler)
        }
        #expect(
            try machineJSON(machine) == """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::events:putEvents",
                      "Catch": [
                        {
                          "ErrorEquals": [
                            "Retryable"
                          ],
                          "Next": "B"
                        },
                        {
                          "ErrorEquals": [
                            "States.Timeout"
                          ],
                          "Next": "Handler"
                        },
                        {
                          "ErrorEquals": [
                            "States.ALL"
                          ],
                          "Next": "Failed"
                        }
                      ],
                      "Next": "Done"
                    },
                    "Done": {
                      "Type": "Succeed"
                    },
                    "B": {
                      "Type": "Wait",
                      "Seconds": 5,
                      "Next": "C"
                    },
                    "C": {
                      "Type": "Pass",
                      "Next": "A"
                    },
                    "Failed": {
                      "Type": "Fail",
                      "Error": "Unexpected"
                    },
                    "Handler": {
                      "Type": "Pass",
                      "End": true
                    }
                  }
                }
                """)
    }

    /// `if`, `if`/`else` and `for` in state blocks and in a Parallel's branches.
    @Test func builderControlFlow() throws {
        let machine = StateMachine(S.self) {
            Pass(.a)
            if includeAudit {
                Pass(.b)
            }
            if !includeAudit {
                Pass(.c)
            } else {
                Pass(.d)
            }
            Parallel(.e) {
                for region in regions {
                    Branch { Pass(region == "eu" ? .f : .g) }
                }
            }
            for name in [S.h] {
                Pass(name)
            }
        }
        #expect(
            try machineJSON(machine) == """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Pass",
                      "Next": "B"
                    },
                    "B": {
                      "Type": "Pass",
                      "Next": "D"
                    },
                    "D": {
                      "Type": "Pass",
                      "Next": "E"
                    },
                    "E": {
                      "Type": "Parallel",
                      "Branches": [
                        {
                          "StartAt": "F",
                          "States": {
                            "F": {
                              "Type": "Pass",
                              "End": true
                            }
                          }
                        },
                        {
                          "StartAt": "G",
                          "States": {
                            "G": {
                              "Type": "Pass",
                              "End": true
                            }
                          }
                        }
                      ],
                      "Next": "H"
                    },
                    "H": {
                      "Type": "Pass",
                      "End": true
                    }
                  }
                }
                """)
    }

    @Test func stateGroupsSplice() throws {
        let machine = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents").catch(.all, next: .g)
            Succeed(.done)
        } handlers: {
            notifyAndFail()
        }
        let definition = try machine.compile().definition
        #expect(definition.states.names == ["A", "Done", "G", "Failed"])
        #expect(definition.states["G"]?.transition == .next("Failed"))
    }

    /// Reading the compiled JSON back gives the definition the DSL built, also for `{% %}` strings
    /// written as plain literals in JSONata states (they are expressions, as the reader sees them).
    @Test func jsonataLiteralsReadBackAsTheSameDefinition() throws {
        let machine = StateMachine(S.self) {
            Pass(.a).output(["plain": "{% 1 + 1 %}", "nested": .value(["deep": ["{% $states.input %}"]])])
        }
        .queryLanguage(.jsonata)
        let compiled = try machine.compile()
        let document = ASLDocument(text: compiled.json)
        #expect(document.errors.isEmpty, "\(document.errors)")
        #expect(document.definition == compiled.definition)
    }
}
