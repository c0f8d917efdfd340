import StepFunctionsCompiler
import Testing

@testable import WorkflowPictures

/// What the pictures show of a definition: boxes, clusters and edges, in flow order.
@Suite struct PictureGraphTests {
    static let orders = """
        {"Comment": "Orders", "StartAt": "Validate", "States": {
          "Validate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 3}],
            "Catch": [{"ErrorEquals": ["Invalid", "States.Timeout"], "Next": "Reject"}],
            "Next": "Route"},
          "Route": {"Type": "Choice", "Choices": [
              {"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Fulfil"},
              {"And": [{"Variable": "$.vip", "BooleanEquals": true}, {"Variable": "$.note", "IsPresent": true}],
               "Next": "Fulfil"}],
            "Default": "Items"},
          "Fulfil": {"Type": "Parallel", "Branches": [
              {"StartAt": "Ship", "States": {"Ship": {"Type": "Pass", "End": true}}},
              {"StartAt": "Notify", "States": {"Notify": {"Type": "Wait", "Seconds": 5, "End": true}}}],
            "Next": "Done"},
          "Items": {"Type": "Map", "ItemsPath": "$.items",
            "ItemProcessor": {"StartAt": "Pack", "States": {"Pack": {"Type": "Pass", "End": true}}},
            "Next": "Done"},
          "Reject": {"Type": "Fail", "Error": "Rejected"},
          "Done": {"Type": "Succeed"}}}
        """

    static func definition(_ text: String = orders) throws -> StateMachineDefinition {
        try ASLDocument(text: text, fileName: "orders.asl.json").validDefinition()
    }

    @Test func statesAreListedInFlowOrderWithMarkersAtBothEnds() throws {
        let graph = PictureGraph(try Self.definition())
        #expect(
            graph.nodes.map(\.id) == ["Start", "Validate", "Route", "Ship", "Notify", "Done", "Pack", "Reject", "End"])
        #expect(graph.clusters.map(\.id) == ["Fulfil", "Fulfil_branch_1", "Fulfil_branch_2", "Items"])
        #expect(graph.cluster("Fulfil_branch_2")?.parent == "Fulfil")
        #expect(graph.node("Pack")?.cluster == "Items")
    }

    @Test func choiceRulesCatchErrorsAndDefaultAreOnTheEdges() throws {
        let graph = PictureGraph(try Self.definition())
        let labels = Dictionary(uniqueKeysWithValues: graph.edges.map { ($0.id, $0.label ?? "") })
        // Two rules to one state: one edge, both rules; the label is shortened, the detail is whole.
        let both = graph.edges.first { $0.id == "Route->Fulfil" }
        #expect(both?.detail == "$.total > 100; $.vip == true and $.note is present")
        #expect(both?.label == "$.total > 100; $.vip == true and $.note is pres…")
        #expect(labels["Route->Items"] == "Default")
        #expect(labels["Validate-catch->Reject"] == "Invalid, States.Timeout")
        #expect(graph.edges.first { $0.id == "Validate-catch->Reject" }?.role == .catch)
        #expect(labels["Start->Validate"] == "")
        #expect(labels["Reject->End"] == "" && labels["Done->End"] == "")
        #expect(graph.node("Validate")?.retry == "Retry ×3")
        #expect(graph.node("Notify")?.subtitle == "Wait 5 s")
        #expect(graph.node("Validate")?.subtitle == "Lambda: Invoke")
    }

    @Test func aTransitionToAnUndefinedStateIsDrawnAsAMissingBox() throws {
        let text = """
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}
            """
        let document = ASLDocument(text: text, fileName: "broken.asl.json")
        let definition = try #require(document.definition)
        let graph = PictureGraph(definition)
        let missing = try #require(graph.nodes.first { $0.kind == .missing })
        #expect(missing.name == "Nowhere")
        #expect(graph.edges.contains { $0.from == "A" && $0.to == missing.id })
    }
}
