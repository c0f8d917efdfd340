import StepFunctions
import Testing

@Suite("Map")
struct MapTests {
    /// An inline Map: `ItemsPath`, `ItemSelector`, `MaxConcurrency`, `ProcessorConfig`, the result fields, retry and catch; the processor is a sequence.
    @Test func inlineMapFields() throws {
        let machine = StateMachine(S.self) {
            Map(.a, itemsPath: "$.order.items") {
                LambdaInvoke(.b, function: "process-item")
                Pass(.c)
            }
            .comment("Each item")
            .inputPath("$.input")
            .itemSelector(["item": .path("$$.Map.Item.Value"), "index": .path("$$.Map.Item.Index")])
            .maxConcurrency(10)
            .processorConfig(mode: .inline)
            .processorComment("One item")
            .resultSelector(["count": .arrayLength(.path("$"))])
            .resultPath("$.processed")
            .outputPath("$.processed")
            .assign(["mapped": true])
            .retry(on: .all, maxAttempts: 1)
            .catch(.all, next: .handler)
            Pass(.handler)
        }
        #expect(
            try machineJSON(machine) == """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Map",
                      "Comment": "Each item",
                      "InputPath": "$.input",
                      "ItemsPath": "$.order.items",
                      "ItemSelector": {
                        "item.$": "$$.Map.Item.Value",
                        "index.$": "$$.Map.Item.Index"
                      },
                      "MaxConcurrency": 10,
                      "ItemProcessor": {
                        "Comment": "One item",
                        "ProcessorConfig": {
                          "Mode": "INLINE"
                        },
                        "StartAt": "B",
                        "States": {
                          "B": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::lambda:invoke",
                            "Parameters": {
                              "FunctionName": "process-item",
                              "Payload.$": "$"
                            },
                            "Next": "C"
                          },
                          "C": {
                            "Type": "Pass",
                            "End": true
                          }
                        }
                      },
                      "ResultSelector": {
                        "count.$": "States.ArrayLength($)"
                      },
                      "ResultPath": "$.processed",
                      "OutputPath": "$.processed",
                      "Assign": {
                        "mapped": true
                      },
                      "Retry": [
                        {
                          "ErrorEquals": [
                            "States.ALL"
                          ],
                          "MaxAttempts": 1
                        }
                      ],
                      "Catch": [
                        {
                          "ErrorEquals": [
                            "States.ALL"
                          ],
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

    /// The legacy spellings: `Parameters` for `ItemSelector` and `Iterator` for `ItemProcessor`, and `MaxConcurrencyPath`.
    @Test func legacyMapFields() throws {
        let machine = StateMachine(S.self) {
            Map(.a) {
                Pass(.b)
            }
            .itemsPath("$.items")
            .parameters(["value": .path("$$.Map.Item.Value")])
            .maxConcurrency(path: "$.limit")
            .legacyIterator()
        }
        #expect(
            try machineJSON(machine) == """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Map",
                      "ItemsPath": "$.items",
                      "Parameters": {
                        "value.$": "$$.Map.Item.Value"
                      },
                      "MaxConcurrencyPath": "$.limit",
                      "Iterator": {
                        "StartAt": "B",
                        "States": {
                          "B": {
                            "Type": "Pass",
                            "End": true
                          }
                        }
                      },
                      "End": true
                    }
                  }
                }
                """)
    }

    /// A distributed Map: item reader (every `ReaderConfig` field), batcher, tolerances, label and result writer.
    @Test func distributedMapFields() throws {
        let machine = StateMachine(S.self) {
            Map(.a) {
                LambdaInvoke(.b, function: "process-batch")
            }
            .processorConfig(mode: .distributed, executionType: .express)
            .itemReader(
                resource: "arn:aws:states:::s3:getObject", parameters: ["Bucket": "orders", "Key": .path("$.key")],
                inputType: "CSV", csvHeaderLocation: "GIVEN", csvHeaders: ["id", "amount"], csvDelimiter: "SEMICOLON",
                maxItems: 1000
            )
            .itemBatcher(
                maxItemsPerBatch: 100, maxInputBytesPerBatch: 262_144, batchInput: ["run": .path("$$.Execution.Id")]
            )
            .maxConcurrency(500)
            .toleratedFailureCount(10)
            .toleratedFailurePercentage(5)
            .label("orders")
            .resultWriter(
                resource: "arn:aws:states:::s3:putObject", parameters: ["Bucket": "results", "Prefix": "runs"],
                outputType: "JSONL", transformation: "COMPACT"
            )
            .resultPath(.null)
        }
        #expect(
            try machineJSON(machine) == """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Map",
                      "ItemReader": {
                        "Resource": "arn:aws:states:::s3:getObject",
                        "ReaderConfig": {
                          "InputType": "CSV",
                          "CSVHeaderLocation": "GIVEN",
                          "CSVHeaders": [
                            "id",
                            "amount"
                          ],
                          "CSVDelimiter": "SEMICOLON",
                          "MaxItems": 1000
                        },
                        "Parameters": {
                          "Bucket": "orders",
                          "Key.$": "$.key"
                        }
                      },
                      "ItemBatcher": {
                        "MaxItemsPerBatch": 100,
                        "MaxInputBytesPerBatch": 262144,
                        "BatchInput": {
                          "run.$": "$$.Execution.Id"
                        }
                      },
                      "MaxConcurrency": 500,
                      "ToleratedFailureCount": 10,
                      "ToleratedFailurePercentage": 5,
                      "Label": "orders",
                      "ItemProcessor": {
                        "ProcessorConfig": {
                          "Mode": "DISTRIBUTED",
                          "ExecutionType": "EXPRESS"
                        },
                        "StartAt": "B",
                        "States": {
                          "B": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::lambda:invoke",
                            "Parameters": {
                              "FunctionName": "process-batch",
                              "Payload.$": "$"
                            },
                            "End": true
                          }
                        }
                      },
                      "ResultWriter": {
                        "Resource": "arn:aws:states:::s3:putObject",
                        "Parameters": {
                          "Bucket": "results",
                          "Prefix": "runs"
                        },
                        "WriterConfig": {
                          "OutputType": "JSONL",
                          "Transformation": "COMPACT"
                        }
                      },
                      "ResultPath": null,
                      "End": true
                    }
                  }
                }
                """)
    }

    /// The `...Path` forms of the distributed Map's counts.
    @Test func distributedMapPathForms() throws {
        let machine = StateMachine(S.self) {
            Map(.a) {
                Pass(.b)
            }
            .processorConfig(mode: .distributed, executionType: .standard)
            .itemReader(
                resource: "arn:aws:states:::s3:listObjectsV2", parameters: ["Bucket": .path("$.bucket")],
                maxItemsPath: "$.max"
            )
            .itemBatcher(maxItemsPerBatchPath: "$.batch", maxInputBytesPerBatchPath: "$.bytes")
            .toleratedFailureCount(path: "$.failures")
            .toleratedFailurePercentage(path: "$.percent")
        }
        #expect(
            try machineJSON(machine) == """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Map",
                      "ItemReader": {
                        "Resource": "arn:aws:states:::s3:listObjectsV2",
                        "ReaderConfig": {
                          "MaxItemsPath": "$.max"
                        },
                        "Parameters": {
                          "Bucket.$": "$.bucket"
                        }
                      },
                      "ItemBatcher": {
                        "MaxItemsPerBatchPath": "$.batch",
                        "MaxInputBytesPerBatchPath": "$.bytes"
                      },
                      "ToleratedFailureCountPath": "$.failures",
                      "ToleratedFailurePercentagePath": "$.percent",
                      "ItemProcessor": {
                        "ProcessorConfig": {
                          "Mode": "DISTRIBUTED",
                          "ExecutionType": "STANDARD"
                        },
                        "StartAt": "B",
                        "States": {
                          "B": {
                            "Type": "Pass",
                            "End": true
                          }
                        }
                      },
                      "End": true
                    }
                  }
                }
                """)
    }

    /// A JSONata Map: `Items`, `ItemSelector` and `MaxConcurrency` as expressions.
    @Test func jsonataMapFields() throws {
        let machine = StateMachine(S.self) {
            Map(.a) {
                Pass(.b).output(.jsonata("$states.input * 2"))
            }
            .items(.jsonata("$states.input.numbers"))
            .itemSelector(["n": .jsonata("$states.context.Map.Item.Value")])
            .maxConcurrency(.jsonata("$states.input.limit"))
            .output(.jsonata("$states.result"))
            .assign(["total": .jsonata("$sum($states.result)")])
        }.queryLanguage(.jsonata)
        #expect(
            try machineJSON(machine) == """
                {
                  "QueryLanguage": "JSONata",
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Map",
                      "Items": "{% $states.input.numbers %}",
                      "ItemSelector": {
                        "n": "{% $states.context.Map.Item.Value %}"
                      },
                      "MaxConcurrency": "{% $states.input.limit %}",
                      "ItemProcessor": {
                        "StartAt": "B",
                        "States": {
                          "B": {
                            "Type": "Pass",
                            "Output": "{% $states.input * 2 %}",
                            "End": true
                          }
                        }
                      },
                      "Output": "{% $states.result %}",
                      "Assign": {
                        "total": "{% $sum($states.result) %}"
                      },
                      "End": true
                    }
                  }
                }
                """)
    }

    /// A JSONata distributed Map: reader and writer `Arguments`, tolerances as expressions.
    @Test func jsonataDistributedMapFields() throws {
        let machine = StateMachine(S.self) {
            Map(.a) {
                Pass(.b)
            }
            .toleratedFailureCount(.jsonata("$states.input.failures"))
            .toleratedFailurePercentage(.jsonata("$states.input.percent"))
            .processorConfig(mode: .distributed, executionType: .express)
            .itemReader(
                resource: "arn:aws:states:::s3:getObject",
                arguments: ["Bucket": "b", "Key": .jsonata("$states.input.key")], inputType: "JSONL"
            )
            .resultWriter(resource: "arn:aws:states:::s3:putObject", arguments: ["Bucket": "r", "Prefix": "out"])
        }.queryLanguage(.jsonata)
        #expect(
            try machineJSON(machine) == """
                {
                  "QueryLanguage": "JSONata",
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Map",
                      "ItemReader": {
                        "Resource": "arn:aws:states:::s3:getObject",
                        "ReaderConfig": {
                          "InputType": "JSONL"
                        },
                        "Arguments": {
                          "Bucket": "b",
                          "Key": "{% $states.input.key %}"
                        }
                      },
                      "ToleratedFailureCount": "{% $states.input.failures %}",
                      "ToleratedFailurePercentage": "{% $states.input.percent %}",
                      "ItemProcessor": {
                        "ProcessorConfig": {
                          "Mode": "DISTRIBUTED",
                          "ExecutionType": "EXPRESS"
                        },
                        "StartAt": "B",
                        "States": {
                          "B": {
                            "Type": "Pass",
                            "End": true
                          }
                        }
                      },
                      "ResultWriter": {
                        "Resource": "arn:aws:states:::s3:putObject",
                        "Arguments": {
                          "Bucket": "r",
                          "Prefix": "out"
                        }
                      },
                      "End": true
                    }
                  }
                }
                """)
    }
}

/// JSONata expressions in the reader's and batcher's counts and in `CSVHeaders`.
@Test func jsonataReaderAndBatcherCounts() throws {
    let machine = StateMachine(S.self) {
        Map(.a) {
            Pass(.b)
        }
        .processorConfig(mode: .distributed, executionType: .standard)
        .itemReader(
            resource: "arn:aws:states:::s3:getObject", arguments: ["Bucket": "b", "Key": "k.csv"], inputType: "CSV",
            csvHeaderLocation: "GIVEN", csvHeaders: .jsonata("$states.input.headers"),
            maxItems: .jsonata("$states.input.limit")
        )
        .itemBatcher(maxItemsPerBatch: .jsonata("$states.input.batch"), maxInputBytesPerBatch: 65_536)
    }.queryLanguage(.jsonata)
    let json = try machineJSON(machine)
    #expect(json.contains(#""CSVHeaders": "{% $states.input.headers %}""#))
    #expect(json.contains(#""MaxItems": "{% $states.input.limit %}""#))
    #expect(json.contains(#""MaxItemsPerBatch": "{% $states.input.batch %}""#))
    #expect(json.contains(#""MaxInputBytesPerBatch": 65536"#))
}
