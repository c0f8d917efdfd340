import GraphLayout
import Testing

/// Small layouts with hand-computed coordinates, pinning the algorithm and the default spacings
/// (node spacing 40, layer spacing 50, component spacing 60).
@Suite("Exact positions")
struct ExactPositionTests {
    typealias G = GraphCatalog

    @Test("empty graph has zero size")
    func empty() throws {
        let layout = try LayeredLayout.layout(LayoutGraph())
        #expect(layout.size == .zero)
        #expect(layout.nodes.isEmpty && layout.edges.isEmpty && layout.clusters.isEmpty)
    }

    @Test("single node sits at the origin; the margin is added around it")
    func single() throws {
        let graph = LayoutGraph(nodes: [LayoutNode(id: "A", width: 100, height: 40)])
        let layout = try LayeredLayout.layout(graph)
        #expect(layout.size == LayoutSize(width: 100, height: 40))
        #expect(layout.nodes[0].frame == LayoutRect(x: 0, y: 0, width: 100, height: 40))
        let margined = try LayeredLayout.layout(graph, options: LayoutOptions(margin: 20))
        #expect(margined.size == LayoutSize(width: 140, height: 80))
        #expect(margined.nodes[0].frame == LayoutRect(x: 20, y: 20, width: 100, height: 40))
    }

    @Test("a chain is one straight column, one layer gap apart")
    func chain() throws {
        let layout = try LayeredLayout.layout(G.chain(3))
        #expect(layout.nodes.map(\.frame) == [0.0, 86, 172].map { LayoutRect(x: 0, y: $0, width: 120, height: 36) })
        #expect(layout.edges[0].points == [LayoutPoint(x: 60, y: 36), LayoutPoint(x: 60, y: 86)])
        #expect(layout.size == LayoutSize(width: 120, height: 208))
    }

    @Test("a diamond is symmetric: the fork and the join centred over the branches")
    func diamond() throws {
        let layout = try LayeredLayout.layout(G.diamond())
        #expect(layout.node("A")?.frame == LayoutRect(x: 80, y: 0, width: 120, height: 36))
        #expect(layout.node("B")?.frame == LayoutRect(x: 0, y: 86, width: 120, height: 36))
        #expect(layout.node("C")?.frame == LayoutRect(x: 160, y: 86, width: 120, height: 36))
        #expect(layout.node("D")?.frame == LayoutRect(x: 80, y: 172, width: 120, height: 36))
        // Edges leave within the middle half of the border, towards their target.
        #expect(layout.edge("A->B")?.points.first == LayoutPoint(x: 110, y: 36))
        #expect(layout.edge("A->C")?.points.first == LayoutPoint(x: 170, y: 36))
    }

    @Test("a label gets its own layer between the two nodes, centred on the edge")
    func label() throws {
        let graph = LayoutGraph(
            nodes: [G.box("A"), G.box("B")], edges: [G.edge("A", "B", label: LayoutSize(width: 40, height: 16))])
        let layout = try LayeredLayout.layout(graph)
        #expect(layout.node("B")?.frame == LayoutRect(x: 0, y: 102, width: 120, height: 36))
        #expect(layout.edges[0].labelFrame == LayoutRect(x: 40, y: 61, width: 40, height: 16))
        #expect(layout.edges[0].points == [LayoutPoint(x: 60, y: 36), LayoutPoint(x: 60, y: 102)])
    }

    @Test("disconnected parts sit side by side in declaration order")
    func components() throws {
        let graph = LayoutGraph(nodes: [G.box("B"), G.box("A", width: 80)])
        let layout = try LayeredLayout.layout(graph)
        #expect(layout.node("B")?.frame.x == 0)
        #expect(layout.node("A")?.frame.x == 180)
        #expect(layout.size == LayoutSize(width: 260, height: 36))
    }

    @Test("a cluster box holds title, padding and members")
    func cluster() throws {
        let graph = LayoutGraph(
            nodes: [G.box("A", "C")],
            clusters: [LayoutCluster(id: "C", title: LayoutSize(width: 30, height: 12), padding: 10)])
        let layout = try LayeredLayout.layout(graph)
        #expect(layout.cluster("C")?.frame == LayoutRect(x: 0, y: 0, width: 140, height: 78))
        #expect(layout.cluster("C")?.titleFrame == LayoutRect(x: 10, y: 10, width: 30, height: 12))
        #expect(layout.node("A")?.frame == LayoutRect(x: 10, y: 32, width: 120, height: 36))
    }

    @Test("an edge into a cluster's first node enters through the box's top border, straight")
    func entering() throws {
        let graph = LayoutGraph(
            nodes: [G.box("A"), G.box("B", "C")], edges: [G.edge("A", "B")],
            clusters: [LayoutCluster(id: "C", padding: 10)])
        let layout = try LayeredLayout.layout(graph)
        #expect(layout.node("A")?.frame == LayoutRect(x: 10, y: 0, width: 120, height: 36))
        #expect(layout.cluster("C")?.frame == LayoutRect(x: 0, y: 86, width: 140, height: 56))
        #expect(layout.edges[0].points == [LayoutPoint(x: 70, y: 36), LayoutPoint(x: 70, y: 96)])
    }

    @Test("a self-loop sits on the node's right side and reserves room there")
    func selfLoop() throws {
        let graph = LayoutGraph(
            nodes: [G.box("A"), G.box("B")], edges: [G.edge("A", "A"), G.edge("A", "B")])
        let layout = try LayeredLayout.layout(graph)
        #expect(
            layout.edges[0].points == [
                LayoutPoint(x: 120, y: 9), LayoutPoint(x: 144, y: 9), LayoutPoint(x: 144, y: 27),
                LayoutPoint(x: 120, y: 27),
            ])
        #expect(layout.size.width == 144)
    }

    @Test("left to right swaps the axes")
    func leftToRight() throws {
        let layout = try LayeredLayout.layout(G.chain(2), options: LayoutOptions(direction: .leftToRight))
        #expect(
            layout.nodes.map(\.frame) == [
                LayoutRect(x: 0, y: 0, width: 120, height: 36), LayoutRect(x: 170, y: 0, width: 120, height: 36),
            ])
        #expect(layout.edges[0].points == [LayoutPoint(x: 120, y: 18), LayoutPoint(x: 170, y: 18)])
        #expect(layout.size == LayoutSize(width: 290, height: 36))
    }

    @Test("a back edge is reversed, drawn from its source to its target, and the main flow stays straight")
    func loop() throws {
        let graph = LayoutGraph(
            nodes: [G.box("A"), G.box("B"), G.box("C")],
            edges: [G.edge("A", "B"), G.edge("B", "C"), G.edge("C", "B")])
        let layout = try LayeredLayout.layout(graph)
        let back = try #require(layout.edge("C->B"))
        #expect(back.isReversed)
        #expect(!layout.edge("B->C")!.isReversed)
        #expect(layout.node("A")?.frame.x == layout.node("B")?.frame.x)
        #expect(layout.node("B")?.frame.x == layout.node("C")?.frame.x)
        // Starts on C's top border, ends on B's bottom border.
        #expect(back.points.first?.y == layout.node("C")?.frame.y)
        #expect(back.points.last?.y == layout.node("B")?.frame.maxY)
    }

    @Test("the secondary edge of a two-cycle is the one reversed")
    func secondaryReversedFirst() throws {
        let graph = LayoutGraph(
            nodes: [G.box("T"), G.box("H")],
            edges: [G.edge("H", "T", kind: .secondary), G.edge("T", "H")])
        let layout = try LayeredLayout.layout(graph)
        #expect(layout.edge("H->T")?.isReversed == true)
        #expect(layout.edge("T->H")?.isReversed == false)
        #expect(layout.node("T")!.frame.y < layout.node("H")!.frame.y)
    }
}
