import GraphLayout
import Testing

@Suite("Errors")
struct ErrorTests {
    typealias G = GraphCatalog

    func expectError(_ expected: LayoutError, _ graph: LayoutGraph, options: LayoutOptions = LayoutOptions()) {
        #expect(throws: expected) { try LayeredLayout.layout(graph, options: options) }
    }

    @Test("duplicate ids are rejected")
    func duplicates() {
        expectError(.duplicateID("A"), LayoutGraph(nodes: [G.box("A"), G.box("A")]))
        expectError(.duplicateID("A"), LayoutGraph(nodes: [G.box("A")], clusters: [LayoutCluster(id: "A")]))
        expectError(
            .duplicateEdgeID("e"),
            LayoutGraph(
                nodes: [G.box("A"), G.box("B")],
                edges: [G.edge("A", "B", id: "e"), G.edge("B", "A", id: "e")]))
    }

    @Test("unknown references are rejected, naming them")
    func unknown() {
        expectError(
            .unknownEndpoint(edge: "A->Z", endpoint: "Z"), LayoutGraph(nodes: [G.box("A")], edges: [G.edge("A", "Z")]))
        expectError(.unknownCluster(owner: "A", cluster: "C"), LayoutGraph(nodes: [G.box("A", "C")]))
        expectError(
            .unknownCluster(owner: "A", cluster: "B"), LayoutGraph(nodes: [G.box("B"), G.box("A", "B")]))
        expectError(
            .unknownCluster(owner: "C", cluster: "P"), LayoutGraph(clusters: [LayoutCluster(id: "C", parent: "P")]))
        #expect(
            LayoutError.unknownEndpoint(edge: "e", endpoint: "Z").description
                == "edge 'e' refers to unknown node or cluster 'Z'")
    }

    @Test("clusters nested in a cycle are rejected")
    func clusterCycle() {
        let graph = LayoutGraph(clusters: [
            LayoutCluster(id: "C1", parent: "C2"), LayoutCluster(id: "C2", parent: "C1"),
        ])
        #expect(throws: LayoutError.self) { try LayeredLayout.layout(graph) }
        expectError(.clusterCycle("C"), LayoutGraph(clusters: [LayoutCluster(id: "C", parent: "C")]))
    }

    @Test("an edge between a cluster and its own member is rejected")
    func intoOwnCluster() {
        let clusters = [LayoutCluster(id: "C"), LayoutCluster(id: "D", parent: "C")]
        expectError(
            .edgeIntoOwnCluster(edge: "C->A"),
            LayoutGraph(nodes: [G.box("A", "D")], edges: [G.edge("C", "A")], clusters: clusters))
        expectError(
            .edgeIntoOwnCluster(edge: "D->C"),
            LayoutGraph(nodes: [G.box("A", "D")], edges: [G.edge("D", "C")], clusters: clusters))
    }

    @Test("negative, infinite and NaN sizes are rejected")
    func sizes() {
        #expect(throws: LayoutError.self) { try LayeredLayout.layout(LayoutGraph(nodes: [G.box("A", width: -1)])) }
        #expect(throws: LayoutError.self) {
            try LayeredLayout.layout(LayoutGraph(nodes: [LayoutNode(id: "A", width: .nan, height: 1)]))
        }
        #expect(throws: LayoutError.self) {
            try LayeredLayout.layout(
                LayoutGraph(
                    nodes: [G.box("A")], edges: [G.edge("A", "A", label: LayoutSize(width: .infinity, height: 1))]))
        }
        #expect(throws: LayoutError.self) {
            try LayeredLayout.layout(LayoutGraph(), options: LayoutOptions(layerSpacing: -5))
        }
    }

    @Test("zero-size nodes and edges to cluster boxes are fine")
    func degenerate() throws {
        let graph = LayoutGraph(
            nodes: [LayoutNode(id: "A", width: 0, height: 0), G.box("B", "C")],
            edges: [G.edge("A", "C"), G.edge("C", "A"), G.edge("C", "C")],
            clusters: [LayoutCluster(id: "C")])
        let layout = try LayeredLayout.layout(graph)
        #expect(InvariantChecker.violations(graph, layout, options: LayoutOptions()).isEmpty)
    }
}
