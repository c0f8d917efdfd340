import GraphLayout
import Testing

/// Big graphs: times are printed (run `swift test -c release --no-parallel --filter Performance` for real
/// numbers); the bounds asserted are loose enough for a debug build on a slow machine.
@Suite("Performance")
struct PerformanceTests {
    /// A workflow-shaped graph: a main chain where every 10th state is a Choice with a short side branch
    /// rejoining later, every 7th catches to a shared handler, every 25th loops back, and every 50 states
    /// sit in a Parallel-like cluster with two branches.
    static func bigWorkflow(states count: Int) -> LayoutGraph {
        var nodes: [LayoutNode] = []
        var edges: [LayoutEdge] = []
        var clusters: [LayoutCluster] = []
        var rng = SeededGenerator(seed: 42)
        var last = ""
        for i in 0..<count {
            let id = "s\(i)"
            var cluster: String?
            if i % 50 >= 20, i % 50 < 30 {
                let parallel = "par\(i / 50)"
                let branch = "\(parallel)b\(i % 2)"
                if i % 50 == 20 {
                    clusters.append(LayoutCluster(id: parallel, title: LayoutSize(width: 60, height: 14)))
                    clusters.append(LayoutCluster(id: "\(parallel)b0", parent: parallel))
                    clusters.append(LayoutCluster(id: "\(parallel)b1", parent: parallel))
                }
                cluster = branch
            }
            nodes.append(LayoutNode(id: id, width: Double(80 + rng.int(80)), height: 36, cluster: cluster))
            if i > 0 {
                let inBranch = cluster != nil && i % 50 >= 21
                let from = inBranch ? "s\(i - 2)" : last
                edges.append(LayoutEdge(id: "n\(i)", from: from, to: id))
                if i % 50 == 30 { edges.append(LayoutEdge(id: "j\(i)", from: "s\(i - 2)", to: id)) }
            }
            if i % 10 == 3, i + 4 < count, cluster == nil {
                edges.append(
                    LayoutEdge(id: "c\(i)", from: id, to: "s\(i + 4)", label: LayoutSize(width: 50, height: 16)))
            }
            if i % 7 == 0, i > 0 {
                edges.append(LayoutEdge(id: "x\(i)", from: id, to: "handler\(i / 100)", kind: .secondary))
            }
            if i % 25 == 24 { edges.append(LayoutEdge(id: "b\(i)", from: id, to: "s\(i - 5)")) }
            last = id
        }
        for h in 0...(count / 100) { nodes.append(LayoutNode(id: "handler\(h)", width: 100, height: 36)) }
        return LayoutGraph(
            nodes: nodes,
            edges: edges.filter { e in e.to.hasPrefix("handler") ? Int(e.to.dropFirst(7))! <= count / 100 : true },
            clusters: clusters)
    }

    static func time(_ graph: LayoutGraph) throws -> (Duration, PositionedGraph) {
        let clock = ContinuousClock()
        var result: PositionedGraph?
        let elapsed = try clock.measure { result = try LayeredLayout.layout(graph) }
        return (elapsed, result!)
    }

    /// Debug builds run about 20 times slower, so they skip the 10,000-node size to keep `swift test` quick.
    #if DEBUG
        static let sizes = [2_000]
    #else
        static let sizes = [2_000, 10_000]
    #endif

    @Test("big workflows, random DAGs and many small parts", arguments: sizes)
    func big(_ count: Int) throws {
        let workflow = Self.bigWorkflow(states: count)
        let (t1, layout1) = try Self.time(workflow)
        print(
            "layout of \(workflow.nodes.count) nodes / \(workflow.edges.count) edges / \(workflow.clusters.count) clusters (workflow): \(t1)"
        )
        #expect(layout1.nodes.count == workflow.nodes.count)
        let dag = GraphCatalog.randomDAG(seed: 9, nodes: count, edges: count * 3 / 2)
        let (t2, layout2) = try Self.time(dag)
        print("layout of \(dag.nodes.count) nodes / \(dag.edges.count) edges (random DAG): \(t2)")
        #expect(layout2.nodes.count == dag.nodes.count)
        // Many small parts: must not be quadratic in the number of parts.
        let pairs = LayoutGraph(
            nodes: (0..<count).map { LayoutNode(id: "p\($0)", width: 80, height: 30) },
            edges: (0..<(count / 2)).map { LayoutEdge(id: "q\($0)", from: "p\(2 * $0)", to: "p\(2 * $0 + 1)") })
        let (t3, layout3) = try Self.time(pairs)
        print("layout of \(pairs.nodes.count) nodes / \(pairs.edges.count) edges (\(count / 2) components): \(t3)")
        #expect(layout3.nodes.count == pairs.nodes.count)
        #expect(t1 < .seconds(120) && t2 < .seconds(120) && t3 < .seconds(120))
    }
}
