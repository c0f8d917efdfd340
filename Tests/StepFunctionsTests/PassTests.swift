import StepFunctions
import Testing

@Suite("Pass")
struct PassTests {
    @Test func everyJSONPathField() throws {
        let json = try stateJSON(
            StateMachine(S.self) {
                Pass(.a, result: ["retries": 3, "mode": "fast"])
                    .comment("Defaults")
                    .inputPath("$.order")
                    .resultPath("$.config")
                    .outputPath("$.config")
                    .assign(["mode": .path("$.mode")])
            }, .a)
        #expect(
            json == """
                {
                  "Type": "Pass",
                  "Comment": "Defaults",
                  "InputPath": "$.order",
                  "Result": {
                    "retries": 3,
                    "mode": "fast"
                  },
                  "ResultPath": "$.config",
                  "OutputPath": "$.config",
                  "Assign": {
                    "mode.$": "$.mode"
                  },
                  "End": true
                }
                """)
    }

    @Test func parametersAndNullPaths() throws {
        let json = try stateJSON(
            StateMachine(S.self) {
                Pass(.a)
                    .parameters(["orderId": .path("$.orderId"), "source": "web", "at": .path("$$.State.EnteredTime")])
                    .inputPath(.null)
                    .resultPath(.null)
                    .outputPath(.null)
            }, .a)
        #expect(
            json == """
                {
                  "Type": "Pass",
                  "InputPath": null,
                  "Parameters": {
                    "orderId.$": "$.orderId",
                    "source": "web",
                    "at.$": "$$.State.EnteredTime"
                  },
                  "ResultPath": null,
                  "OutputPath": null,
                  "End": true
                }
                """)
    }

    @Test func everyJSONataField() throws {
        let json = try stateJSON(
            StateMachine(S.self) {
                Pass(.a)
                    .queryLanguage(.jsonata)
                    .comment("Totals")
                    .output(["total": .jsonata("$sum($states.input.items.price)"), "currency": "EUR"])
                    .assign(["count": .jsonata("$count($states.input.items)")])
            }, .a)
        #expect(
            json == """
                {
                  "Type": "Pass",
                  "Comment": "Totals",
                  "QueryLanguage": "JSONata",
                  "Output": {
                    "total": "{% $sum($states.input.items.price) %}",
                    "currency": "EUR"
                  },
                  "Assign": {
                    "count": "{% $count($states.input.items) %}"
                  },
                  "End": true
                }
                """)
    }

    @Test func resultModifierReplacesInitializerResult() throws {
        let json = try stateJSON(StateMachine(S.self) { Pass(.a, result: 1).result([true, nil, 2.5]) }, .a)
        #expect(
            json == """
                {
                  "Type": "Pass",
                  "Result": [
                    true,
                    null,
                    2.5
                  ],
                  "End": true
                }
                """)
    }
}
