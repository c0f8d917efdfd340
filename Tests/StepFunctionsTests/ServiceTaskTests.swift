import StepFunctions
import Testing

@Suite("Service tasks")
struct ServiceTaskTests {
    /// Lambda (both fields and the callback form), SNS, SQS and DynamoDB, with `.parameters` replacing a request member.
    @Test func everyJSONPathRequest() throws {
        let machine = StateMachine(S.self) {
            LambdaInvoke(
                .a, function: "arn:aws:lambda:us-east-1:123456789012:function:score", invocationType: "RequestResponse",
                qualifier: "live", clientContext: "e30=")
            LambdaInvoke(.b, function: "notify", payload: nil).waitForTaskToken()
            SNSPublish(
                .c, topic: "arn:aws:sns:us-east-1:123456789012:orders", message: ["orderId": .path("$.orderId")],
                subject: "Order", messageAttributes: ["kind": ["DataType": "String", "StringValue": "order"]],
                messageGroupId: "orders")
            SQSSendMessage(
                .d, queueURL: "https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo", messageBody: .path("$"),
                delaySeconds: 5, messageAttributes: ["k": ["DataType": "String", "StringValue": "v"]],
                messageDeduplicationId: .path("$.id"), messageGroupId: "orders")
            DynamoDBGetItem(
                .e, table: "Orders", key: ["OrderId": ["S": .path("$.orderId")]], projectionExpression: "#s",
                expressionAttributeNames: ["#s": "Status"], consistentRead: true)
            DynamoDBPutItem(
                .f, table: "Orders", item: ["OrderId": ["S": .path("$.orderId")]],
                conditionExpression: "attribute_not_exists(OrderId)", expressionAttributeNames: ["#s": "Status"],
                expressionAttributeValues: [":s": ["S": "NEW"]], returnValues: "NONE")
            DynamoDBUpdateItem(
                .g, table: "Orders", key: ["OrderId": ["S": .path("$.orderId")]], updateExpression: "SET #s = :s",
                conditionExpression: "attribute_exists(OrderId)", expressionAttributeNames: ["#s": "Status"],
                expressionAttributeValues: [":s": ["S": "SHIPPED"]], returnValues: "ALL_NEW"
            )
            .parameters(["TableName": .path("$.table")])
        }
        #expect(
            try machineJSON(machine) == """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {
                        "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:score",
                        "Payload.$": "$",
                        "InvocationType": "RequestResponse",
                        "Qualifier": "live",
                        "ClientContext": "e30="
                      },
                      "Next": "B"
                    },
                    "B": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                      "Parameters": {
                        "FunctionName": "notify"
                      },
                      "Next": "C"
                    },
                    "C": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::sns:publish",
                      "Parameters": {
                        "TopicArn": "arn:aws:sns:us-east-1:123456789012:orders",
                        "Message": {
                          "orderId.$": "$.orderId"
                        },
                        "Subject": "Order",
                        "MessageAttributes": {
                          "kind": {
                            "DataType": "String",
                            "StringValue": "order"
                          }
                        },
                        "MessageGroupId": "orders"
                      },
                      "Next": "D"
                    },
                    "D": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::sqs:sendMessage",
                      "Parameters": {
                        "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo",
                        "MessageBody.$": "$",
                        "DelaySeconds": 5,
                        "MessageAttributes": {
                          "k": {
                            "DataType": "String",
                            "StringValue": "v"
                          }
                        },
                        "MessageDeduplicationId.$": "$.id",
                        "MessageGroupId": "orders"
                      },
                      "Next": "E"
                    },
                    "E": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::dynamodb:getItem",
                      "Parameters": {
                        "TableName": "Orders",
                        "Key": {
                          "OrderId": {
                            "S.$": "$.orderId"
                          }
                        },
                        "ProjectionExpression": "#s",
                        "ExpressionAttributeNames": {
                          "#s": "Status"
                        },
                        "ConsistentRead": true
                      },
                      "Next": "F"
                    },
                    "F": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::dynamodb:putItem",
                      "Parameters": {
                        "TableName": "Orders",
                        "Item": {
                          "OrderId": {
                            "S.$": "$.orderId"
                          }
                        },
                        "ConditionExpression": "attribute_not_exists(OrderId)",
                        "ExpressionAttributeNames": {
                          "#s": "Status"
                        },
                        "ExpressionAttributeValues": {
                          ":s": {
                            "S": "NEW"
                          }
                        },
                        "ReturnValues": "NONE"
                      },
                      "Next": "G"
                    },
                    "G": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::dynamodb:updateItem",
                      "Parameters": {
                        "TableName.$": "$.table",
                        "Key": {
                          "OrderId": {
                            "S.$": "$.orderId"
                          }
                        },
                        "UpdateExpression": "SET #s = :s",
                        "ConditionExpression": "attribute_exists(OrderId)",
                        "ExpressionAttributeNames": {
                          "#s": "Status"
                        },
                        "ExpressionAttributeValues": {
                          ":s": {
                            "S": "SHIPPED"
                          }
                        },
                        "ReturnValues": "ALL_NEW"
                      },
                      "End": true
                    }
                  }
                }
                """)
    }

    /// Nested executions (request-response, `.sync`, `.sync:2`, `.waitForTaskToken`), ECS, Batch and Glue `.sync`, and an SDK call.
    @Test func jobsCallbacksAndSDKCalls() throws {
        let machine = StateMachine(S.self) {
            StepFunctionsStartExecution(.a, stateMachine: "arn:aws:states:us-east-1:123456789012:stateMachine:Child")
            StepFunctionsStartExecution(
                .b, stateMachine: "arn:aws:states:us-east-1:123456789012:stateMachine:Child",
                input: ["token": .taskToken], executionName: .path("$.name")
            ).sync()
            StepFunctionsStartExecution(
                .c, stateMachine: "arn:aws:states:us-east-1:123456789012:stateMachine:Child", input: .path("$")
            ).sync2()
            StepFunctionsStartExecution(
                .d, stateMachine: "arn:aws:states:us-east-1:123456789012:stateMachine:Child",
                input: ["token": .taskToken]
            ).waitForTaskToken()
            ECSRunTask(
                .e, cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/main", taskDefinition: "pack:1",
                launchType: "FARGATE", networkConfiguration: ["AwsvpcConfiguration": ["Subnets": ["subnet-1"]]],
                overrides: ["ContainerOverrides": []]
            ).sync()
            BatchSubmitJob(
                .f, jobName: "nightly", jobQueue: "queue", jobDefinition: "def:1",
                jobParameters: ["day": .path("$.day")], containerOverrides: ["Command": ["run"]],
                arrayProperties: ["Size": 10]
            ).sync()
            GlueStartJobRun(.g, jobName: "etl", jobArguments: ["--day": .path("$.day")]).sync()
            CallAWSService(.h, service: "s3", action: "getObject", request: ["Bucket": "b", "Key": .path("$.key")])
                .waitForTaskToken()
        }
        #expect(
            try machineJSON(machine) == """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::states:startExecution",
                      "Parameters": {
                        "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child"
                      },
                      "Next": "B"
                    },
                    "B": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::states:startExecution.sync",
                      "Parameters": {
                        "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child",
                        "Input": {
                          "token.$": "$$.Task.Token"
                        },
                        "Name.$": "$.name"
                      },
                      "Next": "C"
                    },
                    "C": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::states:startExecution.sync:2",
                      "Parameters": {
                        "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child",
                        "Input.$": "$"
                      },
                      "Next": "D"
                    },
                    "D": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
                      "Parameters": {
                        "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child",
                        "Input": {
                          "token.$": "$$.Task.Token"
                        }
                      },
                      "Next": "E"
                    },
                    "E": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::ecs:runTask.sync",
                      "Parameters": {
                        "Cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/main",
                        "TaskDefinition": "pack:1",
                        "LaunchType": "FARGATE",
                        "NetworkConfiguration": {
                          "AwsvpcConfiguration": {
                            "Subnets": [
                              "subnet-1"
                            ]
                          }
                        },
                        "Overrides": {
                          "ContainerOverrides": []
                        }
                      },
                      "Next": "F"
                    },
                    "F": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::batch:submitJob.sync",
                      "Parameters": {
                        "JobName": "nightly",
                        "JobQueue": "queue",
                        "JobDefinition": "def:1",
                        "Parameters": {
                          "day.$": "$.day"
                        },
                        "ContainerOverrides": {
                          "Command": [
                            "run"
                          ]
                        },
                        "ArrayProperties": {
                          "Size": 10
                        }
                      },
                      "Next": "G"
                    },
                    "G": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::glue:startJobRun.sync",
                      "Parameters": {
                        "JobName": "etl",
                        "Arguments": {
                          "--day.$": "$.day"
                        }
                      },
                      "Next": "H"
                    },
                    "H": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::aws-sdk:s3:getObject.waitForTaskToken",
                      "Parameters": {
                        "Bucket": "b",
                        "Key.$": "$.key"
                      },
                      "End": true
                    }
                  }
                }
                """)
    }

    /// In JSONata states the request is `Arguments`, the default Lambda payload is `$states.input` and `.taskToken` is `$states.context.Task.Token`.
    @Test func jsonataRequestsAreArguments() throws {
        let machine = StateMachine(S.self) {
            LambdaInvoke(.a, function: "score")
            LambdaInvoke(
                .b, function: "notify", payload: ["token": .taskToken, "order": .jsonata("$states.input.order")]
            ).waitForTaskToken()
            SNSPublish(.c, topic: "t", message: .jsonata("$string($states.input)"))
            CallAWSService(
                .d, service: "dynamodb", action: "getItem",
                request: ["TableName": "Orders", "Key": ["id": ["S": .jsonata("$states.input.id")]]])
        }.queryLanguage(.jsonata)
        #expect(
            try machineJSON(machine) == """
                {
                  "QueryLanguage": "JSONata",
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::lambda:invoke",
                      "Arguments": {
                        "FunctionName": "score",
                        "Payload": "{% $states.input %}"
                      },
                      "Next": "B"
                    },
                    "B": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                      "Arguments": {
                        "FunctionName": "notify",
                        "Payload": {
                          "token": "{% $states.context.Task.Token %}",
                          "order": "{% $states.input.order %}"
                        }
                      },
                      "Next": "C"
                    },
                    "C": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::sns:publish",
                      "Arguments": {
                        "TopicArn": "t",
                        "Message": "{% $string($states.input) %}"
                      },
                      "Next": "D"
                    },
                    "D": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::aws-sdk:dynamodb:getItem",
                      "Arguments": {
                        "TableName": "Orders",
                        "Key": {
                          "id": {
                            "S": "{% $states.input.id %}"
                          }
                        }
                      },
                      "End": true
                    }
                  }
                }
                """)
    }

    @Test func lambdaFunctionARNFormIsTheResource() throws {
        let json = try stateJSON(
            StateMachine(S.self) {
                LambdaInvoke(.a, functionARN: "arn:aws:lambda:eu-west-1:123456789012:function:Validate")
            },
            .a)
        #expect(
            json == """
                {
                  "Type": "Task",
                  "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:Validate",
                  "End": true
                }
                """)
    }
}
