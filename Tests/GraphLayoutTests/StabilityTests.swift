import GraphLayout
import Testing

/// Small edits should move as little as possible of what was already there.
@Suite("Stability")
struct StabilityTests {
    typealias G = GraphCatalog

    @Test("appending a state to a 10-state chain keeps the first 10 in place")
    func appendToChain() throws {
        let before = try LayeredLayout.layout(G.chain(10))
        let after = try LayeredLayout.layout(G.chain(11))
        #expect(Array(after.nodes.prefix(10)) == before.nodes)
        #expect(Array(after.edges.prefix(9)) == before.edges)
    }

    @Test("appending to a chain of varied widths keeps every relative position")
    func appendToVariedChain() throws {
        var graph = G.chain(10)
        for i in graph.nodes.indices { graph.nodes[i].size.width = Double(60 + (i * 37) % 90) }
        let before = try LayeredLayout.layout(graph)
        graph.nodes.append(G.box("S10", width: 200))
        graph.edges.append(G.edge("S9", "S10"))
        let after = try LayeredLayout.layout(graph)
        let dx = after.nodes[0].frame.x - before.nodes[0].frame.x
        for i in 0..<10 {
            #expect(after.nodes[i].frame.x - before.nodes[i].frame.x == dx)
            #expect(after.nodes[i].frame.y == before.nodes[i].frame.y)
        }
    }

    @Test("appending a state after the workflow's end keeps every other state in place")
    func appendToWorkflow() throws {
        var graph = G.workflow()
        let before = try LayeredLayout.layout(graph)
        graph.nodes.append(G.box("Archive"))
        graph.edges.append(G.edge("Done", "Archive"))
        let after = try LayeredLayout.layout(graph)
        #expect(Array(after.nodes.prefix(before.nodes.count)) == before.nodes)
        #expect(Array(after.clusters) == before.clusters)
    }

    @Test("adding a Choice branch keeps the other branches' order and the layers")
    func addBranch() throws {
        let before = try LayeredLayout.layout(G.choice(branches: 3))
        let after = try LayeredLayout.layout(G.choice(branches: 4))
        let xs = (0..<3).map { after.node("B\($0)")!.frame.x }
        #expect(xs == xs.sorted())
        for id in ["Start", "Choice", "B0", "B1", "B2", "Join", "End"] {
            #expect(after.node(id)!.frame.y == before.node(id)!.frame.y, "\(id) moved vertically")
        }
    }

    @Test("adding a catch edge to a new handler keeps the main flow's layers and order")
    func addCatch() throws {
        var graph = G.diamond()
        let before = try LayeredLayout.layout(graph)
        graph.nodes.append(G.box("Handler"))
        graph.edges.append(G.edge("B", "Handler", kind: .secondary))
        let after = try LayeredLayout.layout(graph)
        for id in ["A", "B", "C", "D"] {
            #expect(after.node(id)!.frame.y == before.node(id)!.frame.y, "\(id) moved vertically")
        }
        #expect(after.node("B")!.frame.x < after.node("C")!.frame.x)
        #expect(after.node("A")!.frame.x == after.node("D")!.frame.x)
    }

    @Test("a new component at the end leaves the existing ones untouched")
    func addComponent() throws {
        var graph = G.workflow()
        let before = try LayeredLayout.layout(graph)
        graph.nodes += [G.box("X"), G.box("Y")]
        graph.edges.append(G.edge("X", "Y"))
        let after = try LayeredLayout.layout(graph)
        #expect(Array(after.nodes.prefix(before.nodes.count)) == before.nodes)
        #expect(Array(after.edges.prefix(before.edges.count)) == before.edges)
    }
}
