import StepFunctionsCompiler
import Testing

@testable import WorkflowPictures

/// The text formats, snippet style (a definition and the picture expected of it), and what every
/// HTML page must be: self-contained, every state an element.
@Suite struct RenderTests {
    static let tiny = """
        {"StartAt": "Charge", "States": {
          "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}], "Next": "Paid?"},
          "Paid?": {"Type": "Choice", "Choices": [{"Variable": "$.paid", "BooleanEquals": true, "Next": "Done"}],
            "Default": "Failed"},
          "Done": {"Type": "Succeed"},
          "Failed": {"Type": "Fail", "Error": "NotPaid"}}}
        """

    static func picture(_ text: String = tiny, name: String = "tiny") throws -> WorkflowPicture {
        WorkflowPicture(try ASLDocument(text: text, fileName: "x.asl.json").validDefinition(), name: name)
    }

    @Test func mermaidShowsShapesRulesAndCatches() throws {
        #expect(
            try Self.picture().mermaid() == """
                ---
                title: "tiny"
                ---
                flowchart TD
                    Start(("Start"))
                    Charge["Charge<br/><small>Lambda: Invoke</small>"]
                    Paid_{{"Paid?<br/><small>Choice</small>"}}
                    Done(["Done<br/><small>Succeed</small>"])
                    Failed(["Failed<br/><small>Fail: NotPaid</small>"])
                    End((("End")))
                    Start --> Charge
                    Charge --> Paid_
                    Charge -.->|"States.ALL"| Failed
                    Paid_ -->|"$.paid == true"| Done
                    Paid_ -->|"Default"| Failed
                    Done --> End
                    Failed --> End
                    classDef marker fill:#2d3748,stroke:#2d3748,color:#ffffff
                    classDef task fill:#e8f1fb,stroke:#2b6cb0,color:#1a365d
                    classDef choice fill:#fff6df,stroke:#b7791f,color:#5f370e
                    classDef succeed fill:#e6f6ea,stroke:#2f855a,color:#1c4532
                    classDef fail fill:#fdecea,stroke:#c53030,color:#63171b
                    class Start,End marker
                    class Charge task
                    class Paid_ choice
                    class Done succeed
                    class Failed fail

                """)
    }

    @Test func dotShowsShapesRulesAndCatches() throws {
        let dot = try Self.picture().dot()
        #expect(dot.hasPrefix("digraph \"tiny\" {\n"))
        #expect(dot.contains(#""Paid_" [label=<<b>Paid?</b><br/><font point-size="9">Choice</font>>, "#))
        #expect(dot.contains(#"shape=hexagon"#))
        #expect(
            dot.contains(
                ##""Charge" -> "Failed" [label="States.ALL", style=dashed, color="#c05621", fontcolor="#9c4221"];"##))
        #expect(dot.contains(#""Paid_" -> "Done" [label="$.paid == true"];"#))
        #expect(dot.contains(##""Paid_" -> "Failed" [label="Default", fontcolor="#718096"];"##))
        #expect(dot.hasSuffix("}\n"))
    }

    @Test func dotDrawsEdgesToClustersToTheirBorders() throws {
        let dot = WorkflowPicture(try PictureGraphTests.definition(), name: "orders").dot()
        #expect(dot.contains(#"subgraph "cluster_Fulfil" {"#))
        #expect(dot.contains(#"subgraph "cluster_Fulfil_branch_1" {"#))
        // Into and out of the Parallel: its entry and exit points, clipped at the cluster's border;
        // invisible edges tie them to each branch's first and last states.
        #expect(dot.contains(#""Route" -> "Fulfil__in" [lhead="cluster_Fulfil", label="$.total > 100; "#))
        #expect(dot.contains(#""Fulfil__out" -> "Done" [ltail="cluster_Fulfil"];"#))
        #expect(dot.contains(#""Fulfil__in" -> "Notify" [style=invis, weight=10];"#))
        #expect(dot.contains(#""Notify" -> "Fulfil__out" [style=invis];"#))
        #expect(dot.contains(#""Items__in" -> "Pack" [style=invis, weight=10];"#))
    }

    @Test func mermaidNestsBranchesInTheirParallel() throws {
        let mermaid = WorkflowPicture(try PictureGraphTests.definition(), name: "orders").mermaid()
        #expect(mermaid.contains("subgraph Fulfil [\"Fulfil · Parallel · 2 branches\"]\n        direction TB\n"))
        #expect(mermaid.contains("        subgraph Fulfil_branch_1 [\"Branch 1\"]\n"))
        #expect(mermaid.contains("    Route -->|\"Default\"| Items\n"))
        #expect(mermaid.contains("    Validate -.->|\"Invalid, States.Timeout\"| Reject\n"))
    }

    @Test func labelsAreEscapedForEachFormat() throws {
        let text = """
            {"StartAt": "Say \\"hi\\" <now> & #1", "States": {"Say \\"hi\\" <now> & #1": {"Type": "Pass", "End": true}}}
            """
        let picture = try Self.picture(text)
        #expect(picture.mermaid().contains(#"["Say #quot;hi#quot; #lt;now#gt; #amp; #35;1<br/><small>Pass</small>"]"#))
        #expect(picture.dot().contains(#"label=<<b>Say &quot;hi&quot; &lt;now&gt; &amp; #1</b>"#))
        #expect(picture.svg().contains(#"data-state="Say &quot;hi&quot; &lt;now&gt; &amp; #1""#))
        #expect(picture.html().contains(#""Say \"hi\" \u003cnow\u003e \u0026 #1""#))
    }

    @Test func aStateNamedLikeAMermaidKeywordGetsAnotherID() throws {
        let text =
            #"{"StartAt": "end", "States": {"end": {"Type": "Pass", "Next": "End"}, "End": {"Type": "Succeed"}}}"#
        let graph = try Self.picture(text).graph
        #expect(graph.stateIDs["end"] == "end_2")
        #expect(graph.stateIDs["End"] == "End_2")
    }

    @Test func theHTMLPageIsSelfContainedAndHasEveryState() throws {
        let picture = WorkflowPicture(try PictureGraphTests.definition(), name: "orders")
        let html = picture.html()
        for name in ["Validate", "Route", "Fulfil", "Ship", "Notify", "Items", "Pack", "Reject", "Done"] {
            #expect(html.contains("data-state=\"\(name)\""), "\(name) has no element")
        }
        Self.expectSelfContained(html)
    }

    /// Nothing is loaded: no script, style sheet, image or font from anywhere.
    static func expectSelfContained(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let withoutNamespace = html.replacingAll("xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            .replacingAll("'http://www.w3.org/2000/svg'", with: "")
        for forbidden in ["http://", "https://", "<script src", "<link", "@import", "url(http", "<img", "@font-face"] {
            #expect(
                !withoutNamespace.contains(forbidden), "the page refers to \(forbidden)", sourceLocation: sourceLocation
            )
        }
    }

    @Test func theSameDefinitionGivesTheSameBytes() throws {
        let a = WorkflowPicture(try PictureGraphTests.definition(), name: "orders")
        let b = WorkflowPicture(try PictureGraphTests.definition(), name: "orders")
        #expect(a.html() == b.html())
        #expect(a.svg() == b.svg())
        #expect(a.dot() == b.dot())
    }

    @Test func longNamesAreWrappedNotCut() {
        let lines = TextMetrics.wrap(
            "ValidateTheCustomerOrderAgainstTheInventoryServiceAndReserveStock", maxWidth: 200, size: 13, bold: true)
        #expect(lines.count > 1 && lines.count <= 4)
        #expect(lines.joined() == "ValidateTheCustomerOrderAgainstTheInventoryServiceAndReserveStock")
        for line in lines { #expect(TextMetrics.width(line, size: 13, bold: true) <= 200) }
        #expect(TextMetrics.wrap("Short", maxWidth: 200, size: 13) == ["Short"])
        let hyphenated = TextMetrics.wrap("send-order-confirmation-email-to-customer", maxWidth: 120, size: 13)
        #expect(hyphenated.first?.hasSuffix("-") == true)
    }
}
