import StepFunctions
import Testing

@Suite("Task: fields and modifiers")
struct TaskStepTests {
    @Test func everyJSONPathField() throws {
        let json = try stateJSON(
            StateMachine(S.self) {
                TaskStep(.a, resource: "arn:aws:states:us-east-1:123456789012:activity:approve")
                    .comment("Every JSONPath field")
                    .inputPath("$.order")
                    .parameters(["orderId": .path("$.id"), "kind": "approval"])
                    .resultSelector(["approved": .path("$.approved")])
                    .resultPath("$.approval")
                    .outputPath("$.approval")
                    .assign(["approver": .path("$.approver")])
                    .timeout(.seconds(3600))
                    .heartbeat(.seconds(300))
                    .credentials(["RoleArn": "arn:aws:iam::111122223333:role/Approver"])
                    .retry(
                        on: .timeout, "Activity.Busy", interval: .seconds(3), maxAttempts: 5, backoffRate: 1.5,
                        maxDelay: .seconds(60), jitter: .full, comment: "Busy approvers"
                    )
                    .retry(on: .all)
                    .catch("Approval.Rejected", resultPath: "$.rejection", comment: "Rejected", next: .handler)
                    .catch(.all, resultPath: .null, next: .handler)
                Pass(.handler)
            }, .a)
        #expect(
            json == """
                {
                  "Type": "Task",
                  "Comment": "Every JSONPath field",
                  "Resource": "arn:aws:states:us-east-1:123456789012:activity:approve",
                  "Credentials": {
                    "RoleArn": "arn:aws:iam::111122223333:role/Approver"
                  },
                  "InputPath": "$.order",
                  "Parameters": {
                    "orderId.$": "$.id",
                    "kind": "approval"
                  },
                  "ResultSelector": {
                    "approved.$": "$.approved"
                  },
                  "ResultPath": "$.approval",
                  "OutputPath": "$.approval",
                  "Assign": {
                    "approver.$": "$.approver"
                  },
                  "TimeoutSeconds": 3600,
                  "HeartbeatSeconds": 300,
                  "Retry": [
                    {
                      "ErrorEquals": [
                        "States.Timeout",
                        "Activity.Busy"
                      ],
                      "Comment": "Busy approvers",
                      "IntervalSeconds": 3,
                      "MaxAttempts": 5,
                      "BackoffRate": 1.5,
                      "MaxDelaySeconds": 60,
                      "JitterStrategy": "FULL"
                    },
                    {
                      "ErrorEquals": [
                        "States.ALL"
                      ]
                    }
                  ],
                  "Catch": [
                    {
                      "ErrorEquals": [
                        "Approval.Rejected"
                      ],
                      "Comment": "Rejected",
                      "ResultPath": "$.rejection",
                      "Next": "Handler"
                    },
                    {
                      "ErrorEquals": [
                        "States.ALL"
                      ],
                      "ResultPath": null,
                      "Next": "Handler"
                    }
                  ],
                  "Next": "Handler"
                }
                """)
    }

    @Test func timeoutAndHeartbeatPaths() throws {
        let json = try stateJSON(
            StateMachine(S.self) {
                TaskStep(.a, resource: "arn:aws:states:::http:invoke")
                    .timeout(path: "$.timeout")
                    .heartbeat(path: "$.heartbeat")
            }, .a)
        #expect(
            json == """
                {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::http:invoke",
                  "TimeoutSecondsPath": "$.timeout",
                  "HeartbeatSecondsPath": "$.heartbeat",
                  "End": true
                }
                """)
    }

    @Test func everyJSONataField() throws {
        let json = try stateJSON(
            StateMachine(S.self) {
                TaskStep(.a, resource: "arn:aws:states:::http:invoke")
                    .arguments([
                        "ApiEndpoint": "https://example.com/orders", "Method": "GET",
                        "QueryParameters": ["id": .jsonata("$states.input.id")],
                    ])
                    .output(.jsonata("$states.result.ResponseBody"))
                    .assign(["status": .jsonata("$states.result.StatusCode")])
                    .timeout(.jsonata("$states.input.timeout"))
                    .heartbeat(.jsonata("$states.input.heartbeat"))
                    .catch(
                        .all, output: ["error": .jsonata("$states.errorOutput")], assign: ["failed": true],
                        next: .handler)
                Pass(.handler)
            }.queryLanguage(.jsonata), .a)
        #expect(
            json == """
                {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::http:invoke",
                  "Arguments": {
                    "ApiEndpoint": "https://example.com/orders",
                    "Method": "GET",
                    "QueryParameters": {
                      "id": "{% $states.input.id %}"
                    }
                  },
                  "Output": "{% $states.result.ResponseBody %}",
                  "Assign": {
                    "status": "{% $states.result.StatusCode %}"
                  },
                  "TimeoutSeconds": "{% $states.input.timeout %}",
                  "HeartbeatSeconds": "{% $states.input.heartbeat %}",
                  "Catch": [
                    {
                      "ErrorEquals": [
                        "States.ALL"
                      ],
                      "Output": {
                        "error": "{% $states.errorOutput %}"
                      },
                      "Assign": {
                        "failed": true
                      },
                      "Next": "Handler"
                    }
                  ],
                  "Next": "Handler"
                }
                """)
    }

    @Test func stateLevelQueryLanguageOverridesTheMachine() throws {
        let machine = StateMachine(S.self) {
            Pass(.a).queryLanguage(.jsonata).output(["x": .jsonata("1 + 1")])
            Pass(.b).parameters(["y": .path("$.x")])
        }
        #expect(
            try machineJSON(machine) == """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {
                      "Type": "Pass",
                      "QueryLanguage": "JSONata",
                      "Output": {
                        "x": "{% 1 + 1 %}"
                      },
                      "Next": "B"
                    },
                    "B": {
                      "Type": "Pass",
                      "Parameters": {
                        "y.$": "$.x"
                      },
                      "End": true
                    }
                  }
                }
                """)
    }

    @Test func waitForTaskTokenAppendsTheSuffixOnce() throws {
        let json = try stateJSON(
            StateMachine(S.self) {
                TaskStep(.a, resource: "arn:aws:states:::events:putEvents.waitForTaskToken").waitForTaskToken()
            }, .a)
        #expect(json.contains(#""Resource": "arn:aws:states:::events:putEvents.waitForTaskToken","#))
    }
}
