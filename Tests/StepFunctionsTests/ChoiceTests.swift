import Foundation
import StepFunctions
import Testing

@Suite("Choice")
struct ChoiceTests {
    /// All 39 comparison operators, each with its operand (a literal, or a path for the `...Path` forms).
    @Test func everyComparisonOperator() throws {
        let machine = StateMachine(S.self) {
            Choice(.a) {
                When(.stringEquals("$.s", "a"), next: .b)
                When(.stringEqualsPath("$.s", "$.t"), next: .b)
                When(.stringLessThan("$.s", "m"), next: .b)
                When(.stringLessThanPath("$.s", "$.t"), next: .b)
                When(.stringGreaterThan("$.s", "m"), next: .b)
                When(.stringGreaterThanPath("$.s", "$.t"), next: .b)
                When(.stringLessThanEquals("$.s", "m"), next: .b)
                When(.stringLessThanEqualsPath("$.s", "$.t"), next: .b)
                When(.stringGreaterThanEquals("$.s", "m"), next: .b)
                When(.stringGreaterThanEqualsPath("$.s", "$.t"), next: .b)
                When(.stringMatches("$.s", "order-*"), next: .b)
                When(.numericEquals("$.n", 1), next: .b)
                When(.numericEqualsPath("$.n", "$.m"), next: .b)
                When(.numericLessThan("$.n", 1.5), next: .b)
                When(.numericLessThanPath("$.n", "$.m"), next: .b)
                When(.numericGreaterThan("$.n", 1000), next: .b)
                When(.numericGreaterThanPath("$.n", "$.m"), next: .b)
                When(.numericLessThanEquals("$.n", 0), next: .b)
                When(.numericLessThanEqualsPath("$.n", "$.m"), next: .b)
                When(.numericGreaterThanEquals("$.n", -2.25), next: .b)
                When(.numericGreaterThanEqualsPath("$.n", "$.m"), next: .b)
                When(.booleanEquals("$.b", true), next: .b)
                When(.booleanEqualsPath("$.b", "$.c"), next: .b)
                When(.timestampEquals("$.t", "2026-01-01T00:00:00Z"), next: .b)
                When(.timestampEqualsPath("$.t", "$.u"), next: .b)
                When(.timestampLessThan("$.t", "2026-01-01T00:00:00Z"), next: .b)
                When(.timestampLessThanPath("$.t", "$.u"), next: .b)
                When(.timestampGreaterThan("$.t", "2026-01-01T00:00:00Z"), next: .b)
                When(.timestampGreaterThanPath("$.t", "$.u"), next: .b)
                When(.timestampLessThanEquals("$.t", "2026-01-01T00:00:00Z"), next: .b)
                When(.timestampLessThanEqualsPath("$.t", "$.u"), next: .b)
                When(.timestampGreaterThanEquals("$.t", "2026-01-01T00:00:00Z"), next: .b)
                When(.timestampGreaterThanEqualsPath("$.t", "$.u"), next: .b)
                When(.isNull("$.x"), next: .b)
                When(.isPresent("$.x", false), next: .b)
                When(.isNumeric("$.x"), next: .b)
                When(.isString("$.x"), next: .b)
                When(.isBoolean("$.x"), next: .b)
                When(.isTimestamp("$.x"), next: .b)
            }
            Pass(.b)
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
                          "Variable": "$.s",
                          "StringEquals": "a",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.s",
                          "StringEqualsPath": "$.t",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.s",
                          "StringLessThan": "m",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.s",
                          "StringLessThanPath": "$.t",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.s",
                          "StringGreaterThan": "m",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.s",
                          "StringGreaterThanPath": "$.t",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.s",
                          "StringLessThanEquals": "m",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.s",
                          "StringLessThanEqualsPath": "$.t",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.s",
                          "StringGreaterThanEquals": "m",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.s",
                          "StringGreaterThanEqualsPath": "$.t",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.s",
                          "StringMatches": "order-*",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.n",
                          "NumericEquals": 1,
                          "Next": "B"
                        },
                        {
                          "Variable": "$.n",
                          "NumericEqualsPath": "$.m",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.n",
                          "NumericLessThan": 1.5,
                          "Next": "B"
                        },
                        {
                          "Variable": "$.n",
                          "NumericLessThanPath": "$.m",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.n",
                          "NumericGreaterThan": 1000,
                          "Next": "B"
                        },
                        {
                          "Variable": "$.n",
                          "NumericGreaterThanPath": "$.m",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.n",
                          "NumericLessThanEquals": 0,
                          "Next": "B"
                        },
                        {
                          "Variable": "$.n",
                          "NumericLessThanEqualsPath": "$.m",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.n",
                          "NumericGreaterThanEquals": -2.25,
                          "Next": "B"
                        },
                        {
                          "Variable": "$.n",
                          "NumericGreaterThanEqualsPath": "$.m",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.b",
                          "BooleanEquals": true,
                          "Next": "B"
                        },
                        {
                          "Variable": "$.b",
                          "BooleanEqualsPath": "$.c",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.t",
                          "TimestampEquals": "2026-01-01T00:00:00Z",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.t",
                          "TimestampEqualsPath": "$.u",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.t",
                          "TimestampLessThan": "2026-01-01T00:00:00Z",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.t",
                          "TimestampLessThanPath": "$.u",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.t",
                          "TimestampGreaterThan": "2026-01-01T00:00:00Z",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.t",
                          "TimestampGreaterThanPath": "$.u",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.t",
                          "TimestampLessThanEquals": "2026-01-01T00:00:00Z",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.t",
                          "TimestampLessThanEqualsPath": "$.u",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.t",
                          "TimestampGreaterThanEquals": "2026-01-01T00:00:00Z",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.t",
                          "TimestampGreaterThanEqualsPath": "$.u",
                          "Next": "B"
                        },
                        {
                          "Variable": "$.x",
                          "IsNull": true,
                          "Next": "B"
                        },
                        {
                          "Variable": "$.x",
                          "IsPresent": false,
                          "Next": "B"
                        },
                        {
                          "Variable": "$.x",
                          "IsNumeric": true,
                          "Next": "B"
                        },
                        {
                          "Variable": "$.x",
                          "IsString": true,
                          "Next": "B"
                        },
                        {
                          "Variable": "$.x",
                          "IsBoolean": true,
                          "Next": "B"
                        },
                        {
                          "Variable": "$.x",
                          "IsTimestamp": true,
                          "Next": "B"
                        }
                      ]
                    },
                    "B": {
                      "Type": "Pass",
                      "End": true
                    }
                  }
                }
                """)
    }

    /// `And`, `Or`, `Not` (with a nested `Comment`), a rule's `Assign` and `Comment`, `Default`, and the Choice's own JSONPath fields.
    @Test func booleanCombinationsAndRuleFields() throws {
        let machine = StateMachine(S.self) {
            Choice(.a) {
                When(
                    .and(
                        .isPresent("$.amount"),
                        .or(
                            .numericGreaterThan("$.amount", 1000),
                            .not(.stringEquals("$.tier", "gold").comment("Not gold")))),
                    assign: ["review": true], comment: "Large orders", next: .b)
                Otherwise(.c)
            }
            .comment("Route by amount")
            .inputPath("$.order")
            .outputPath("$.order")
            .assign(["routed": true])
            Pass(.b)
            Pass(.c)
        }
        #expect(
            try machineJSON(machine) == """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Choice",
                      "Comment": "Route by amount",
                      "InputPath": "$.order",
                      "Choices": [
                        {
                          "Comment": "Large orders",
                          "And": [
                            {
                              "Variable": "$.amount",
                              "IsPresent": true
                            },
                            {
                              "Or": [
                                {
                                  "Variable": "$.amount",
                                  "NumericGreaterThan": 1000
                                },
                                {
                                  "Not": {
                                    "Comment": "Not gold",
                                    "Variable": "$.tier",
                                    "StringEquals": "gold"
                                  }
                                }
                              ]
                            }
                          ],
                          "Assign": {
                            "review": true
                          },
                          "Next": "B"
                        }
                      ],
                      "Default": "C",
                      "OutputPath": "$.order",
                      "Assign": {
                        "routed": true
                      }
                    },
                    "B": {
                      "Type": "Pass",
                      "Next": "C"
                    },
                    "C": {
                      "Type": "Pass",
                      "End": true
                    }
                  }
                }
                """)
    }

    /// JSONata `Condition`s (an expression and a literal), a rule's `Output`, and the Choice's `Output`.
    @Test func jsonataConditions() throws {
        let machine = StateMachine(S.self) {
            Choice(.a) {
                When(
                    .jsonata("$states.input.amount > 1000"), assign: ["big": true],
                    output: ["amount": .jsonata("$states.input.amount")], next: .b)
                When(.condition(false), next: .b)
                Otherwise(.c)
            }
            .output(.jsonata("$states.input"))
            Pass(.b)
            Pass(.c)
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
                          "Condition": "{% $states.input.amount > 1000 %}",
                          "Output": {
                            "amount": "{% $states.input.amount %}"
                          },
                          "Assign": {
                            "big": true
                          },
                          "Next": "B"
                        },
                        {
                          "Condition": false,
                          "Next": "B"
                        }
                      ],
                      "Default": "C",
                      "Output": "{% $states.input %}"
                    },
                    "B": {
                      "Type": "Pass",
                      "Next": "C"
                    },
                    "C": {
                      "Type": "Pass",
                      "End": true
                    }
                  }
                }
                """)
    }

    /// A rule's and the default's targets written inline: placed after the block, linked in sequence.
    @Test func inlineRuleTargets() throws {
        let machine = StateMachine(S.self) {
            Choice(.a) {
                When(.booleanEquals("$.ok", true)) {
                    Pass(.b)
                    Succeed(.done)
                }
                Otherwise {
                    Fail(.failed, error: "NotOk")
                }
            }
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
                          "Next": "B"
                        }
                      ],
                      "Default": "Failed"
                    },
                    "B": {
                      "Type": "Pass",
                      "Next": "Done"
                    },
                    "Done": {
                      "Type": "Succeed"
                    },
                    "Failed": {
                      "Type": "Fail",
                      "Error": "NotOk"
                    }
                  }
                }
                """)
    }
}

@Test func theOperatorTestCoversEveryOperator() throws {
    let source = try #require(FileManager.default.contents(atPath: "\(#filePath)"))
    let text = String(decoding: source, as: UTF8.self)
    for op in ComparisonOperator.allCases {
        #expect(text.contains("\"\(op.rawValue)\": "), "no golden line for \(op.rawValue)")
    }
}
