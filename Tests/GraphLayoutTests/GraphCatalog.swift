import GraphLayout

/// A generated test graph with a readable name (shown by Swift Testing for parameterised tests).
struct NamedGraph: Sendable, CustomStringConvertible {
    var name: String
    var graph: LayoutGraph
    var options = LayoutOptions()
    var description: String { name }
}

/// Builders for the graph families the invariants are checked on.
enum GraphCatalog {
    static func box(_ id: String, _ cluster: String? = nil, width: Double = 120, height: Double = 36) -> LayoutNode {
        LayoutNode(id: id, width: width, height: height, cluster: cluster)
    }

    static func edge(
        _ from: String, _ to: String, label: LayoutSize? = nil, kind: EdgeKind = .primary, id: String? = nil
    ) -> LayoutEdge {
        LayoutEdge(id: id ?? "\(from)->\(to)", from: from, to: to, label: label, kind: kind)
    }

    static func chain(_ count: Int, prefix: String = "S", width: Double = 120) -> LayoutGraph {
        let nodes = (0..<count).map { box("\(prefix)\($0)", width: width) }
        let edges = (0..<max(0, count - 1)).map { edge("\(prefix)\($0)", "\(prefix)\($0 + 1)") }
        return LayoutGraph(nodes: nodes, edges: edges)
    }

    static func diamond() -> LayoutGraph {
        LayoutGraph(
            nodes: ["A", "B", "C", "D"].map { box($0) },
            edges: [edge("A", "B"), edge("A", "C"), edge("B", "D"), edge("C", "D")])
    }

    /// Start → Choice with `branches` labelled rules → join → end.
    static func choice(branches: Int) -> LayoutGraph {
        var nodes = [box("Start"), box("Choice", width: 90)]
        var edges = [edge("Start", "Choice")]
        for b in 0..<branches {
            nodes.append(box("B\(b)"))
            edges.append(edge("Choice", "B\(b)", label: LayoutSize(width: 60, height: 16)))
            edges.append(edge("B\(b)", "Join"))
        }
        nodes += [box("Join"), box("End")]
        edges.append(edge("Join", "End"))
        return LayoutGraph(nodes: nodes, edges: edges)
    }

    /// A Parallel state with `branches` branch clusters of `length` states each.
    static func parallel(branches: Int, length: Int, entryIntoBranches: Bool = true) -> LayoutGraph {
        var nodes = [box("Before")]
        var edges: [LayoutEdge] = []
        var clusters = [LayoutCluster(id: "Parallel", title: LayoutSize(width: 60, height: 14))]
        if !entryIntoBranches { edges.append(edge("Before", "Parallel")) }
        for b in 0..<branches {
            clusters.append(LayoutCluster(id: "Branch\(b)", parent: "Parallel", padding: 8))
            for s in 0..<length {
                nodes.append(box("P\(b)_\(s)", "Branch\(b)", width: 80))
                if s > 0 { edges.append(edge("P\(b)_\(s - 1)", "P\(b)_\(s)")) }
            }
            if entryIntoBranches {
                edges.append(edge("Before", "P\(b)_0"))
                edges.append(edge("P\(b)_\(length - 1)", "After"))
            }
        }
        nodes.append(box("After"))
        if !entryIntoBranches { edges.append(edge("Parallel", "After")) }
        return LayoutGraph(nodes: nodes, edges: edges, clusters: clusters)
    }

    /// Clusters nested `depth` deep, each holding a short chain, with edges into and out of the innermost.
    static func nested(depth: Int) -> LayoutGraph {
        var nodes = [box("Top")]
        var edges: [LayoutEdge] = []
        var clusters: [LayoutCluster] = []
        var previous = "Top"
        for d in 0..<depth {
            let id = "C\(d)"
            clusters.append(
                LayoutCluster(id: id, parent: d == 0 ? nil : "C\(d - 1)", title: LayoutSize(width: 40, height: 14)))
            nodes.append(box("N\(d)a", id))
            nodes.append(box("N\(d)b", id))
            edges.append(edge(previous, "N\(d)a"))
            edges.append(edge("N\(d)a", "N\(d)b"))
            previous = "N\(d)a"
        }
        nodes.append(box("Bottom"))
        for d in 0..<depth { edges.append(edge("N\(d)b", "Bottom")) }
        // A catch out of the innermost cluster to a handler at the top level, and a loop back up.
        nodes.append(box("Handler"))
        edges.append(edge("N\(depth - 1)b", "Handler", kind: .secondary))
        edges.append(edge("Handler", "Top"))
        return LayoutGraph(nodes: nodes, edges: edges, clusters: clusters)
    }

    /// A console-like workflow: Choice with labels and a loop, Catch edges, a retry self-loop, a Parallel
    /// and a Map, edges to and from cluster boxes.
    static func workflow() -> LayoutGraph {
        let label = { (w: Double) in LayoutSize(width: w, height: 16) }
        let nodes: [LayoutNode] = [
            box("Validate"), box("Check", width: 90), box("Wait", width: 90), box("Charge"),
            box("Ship", "B0"), box("Notify", "B1"), box("Audit", "B1"), box("Pack", "Proc"),
            box("Label", "Proc"), box("Done", width: 90), box("Refund"), box("Failed", width: 90),
        ]
        let clusters = [
            LayoutCluster(id: "Fulfil", title: LayoutSize(width: 70, height: 14)),
            LayoutCluster(id: "B0", parent: "Fulfil", padding: 8),
            LayoutCluster(id: "B1", parent: "Fulfil", padding: 8),
            LayoutCluster(id: "Items", title: LayoutSize(width: 50, height: 14)),
            LayoutCluster(id: "Proc", parent: "Items", padding: 8),
        ]
        let edges: [LayoutEdge] = [
            edge("Validate", "Check"),
            edge("Check", "Charge", label: label(70)),
            edge("Check", "Wait", label: label(50)),
            edge("Check", "Failed", label: label(40)),
            edge("Wait", "Check"),
            edge("Charge", "Charge", label: label(40), kind: .secondary, id: "retry"),
            edge("Charge", "Ship"), edge("Charge", "Notify"),
            edge("Notify", "Audit"),
            edge("Ship", "Items"), edge("Audit", "Items"),
            edge("Pack", "Label"),
            edge("Items", "Done"),
            edge("Charge", "Refund", label: label(60), kind: .secondary),
            edge("Fulfil", "Refund", kind: .secondary),
            edge("Refund", "Failed"),
        ]
        return LayoutGraph(nodes: nodes, edges: edges, clusters: clusters)
    }

    /// A random DAG: edges only go from lower to higher index.
    static func randomDAG(seed: UInt64, nodes count: Int, edges edgeCount: Int) -> LayoutGraph {
        var rng = SeededGenerator(seed: seed)
        let nodes = (0..<count).map {
            box("n\($0)", width: Double(40 + rng.int(100)), height: Double(20 + rng.int(30)))
        }
        var edges: [LayoutEdge] = []
        for i in 0..<edgeCount {
            let a = rng.int(count - 1)
            let b = a + 1 + rng.int(min(6, count - 1 - a))
            let label = rng.int(4) == 0 ? LayoutSize(width: Double(20 + rng.int(40)), height: 14) : nil
            edges.append(
                LayoutEdge(
                    id: "e\(i)", from: "n\(a)", to: "n\(b)", label: label, kind: rng.int(5) == 0 ? .secondary : .primary
                ))
        }
        return LayoutGraph(nodes: nodes, edges: edges)
    }

    /// A random graph with cycles, self-loops, multi-edges and nested clusters (up to 3 deep), edges between
    /// any two nodes and sometimes to a cluster's box.
    static func randomClustered(seed: UInt64, nodes count: Int, clusters clusterCount: Int, edges edgeCount: Int)
        -> LayoutGraph
    {
        var rng = SeededGenerator(seed: seed)
        var clusters: [LayoutCluster] = []
        var depth: [Int] = []
        var parentOf: [Int] = []
        for c in 0..<clusterCount {
            var parent = rng.int(c + 1) - 1
            if parent >= 0, depth[parent] >= 2 { parent = -1 }
            parentOf.append(parent)
            depth.append(parent < 0 ? 0 : depth[parent] + 1)
            clusters.append(
                LayoutCluster(
                    id: "c\(c)", parent: parent < 0 ? nil : "c\(parent)",
                    title: rng.int(2) == 0 ? LayoutSize(width: Double(30 + rng.int(60)), height: 14) : .zero,
                    padding: Double(4 + rng.int(10))))
        }
        var nodeCluster: [Int] = []
        let nodes = (0..<count).map { i -> LayoutNode in
            let c = clusterCount > 0 && rng.int(3) > 0 ? rng.int(clusterCount) : -1
            nodeCluster.append(c)
            return box(
                "n\(i)", c < 0 ? nil : "c\(c)", width: Double(30 + rng.int(90)), height: Double(20 + rng.int(30)))
        }
        func ancestors(ofCluster c: Int) -> [Int] {
            var out: [Int] = []
            var x = c
            while x >= 0 {
                out.append(x)
                x = parentOf[x]
            }
            return out
        }
        var edges: [LayoutEdge] = []
        for i in 0..<edgeCount {
            let a = rng.int(count)
            let b = rng.int(count)
            var from = "n\(a)"
            var to = "n\(b)"
            if clusterCount > 0, rng.int(8) == 0 {
                // An edge to or from a cluster box that does not contain the other end.
                let c = rng.int(clusterCount)
                let toCluster = rng.int(2) == 0
                let other = toCluster ? a : b
                if !(nodeCluster[other] >= 0 && ancestors(ofCluster: nodeCluster[other]).contains(c)) {
                    if toCluster { to = "c\(c)" } else { from = "c\(c)" }
                }
            }
            let label = rng.int(4) == 0 ? LayoutSize(width: Double(20 + rng.int(40)), height: 14) : nil
            edges.append(
                LayoutEdge(id: "e\(i)", from: from, to: to, label: label, kind: rng.int(4) == 0 ? .secondary : .primary)
            )
        }
        return LayoutGraph(nodes: nodes, edges: edges, clusters: clusters)
    }

    /// Every family, as used by the invariant tests.
    static let all: [NamedGraph] = {
        var list: [NamedGraph] = [
            NamedGraph(name: "empty", graph: LayoutGraph()),
            NamedGraph(name: "single", graph: chain(1)),
            NamedGraph(name: "two components", graph: LayoutGraph(nodes: [box("A"), box("B")])),
            NamedGraph(name: "chain 10", graph: chain(10)),
            NamedGraph(name: "diamond", graph: diamond()),
            NamedGraph(name: "choice 5", graph: choice(branches: 5)),
            NamedGraph(name: "parallel 50", graph: parallel(branches: 50, length: 2)),
            NamedGraph(name: "parallel 3 boxed", graph: parallel(branches: 3, length: 3, entryIntoBranches: false)),
            NamedGraph(name: "nested 3", graph: nested(depth: 3)),
            NamedGraph(name: "workflow", graph: workflow()),
            NamedGraph(
                name: "workflow left-to-right", graph: workflow(), options: LayoutOptions(direction: .leftToRight)),
            NamedGraph(
                name: "cycle",
                graph: LayoutGraph(
                    nodes: ["A", "B", "C", "D"].map { box($0) },
                    edges: [edge("A", "B"), edge("B", "C"), edge("C", "A"), edge("C", "D"), edge("D", "B")])),
            NamedGraph(
                name: "self-loops and multi-edges",
                graph: LayoutGraph(
                    nodes: ["A", "B"].map { box($0) },
                    edges: [
                        edge("A", "A", id: "l1"), edge("A", "A", label: LayoutSize(width: 30, height: 12), id: "l2"),
                        edge("A", "B", id: "m1"), edge("A", "B", label: LayoutSize(width: 30, height: 12), id: "m2"),
                        edge("B", "A", id: "m3"),
                    ])),
        ]
        for seed in 1...12 {
            list.append(
                NamedGraph(
                    name: "random DAG \(seed)",
                    graph: randomDAG(seed: UInt64(seed), nodes: 15 + Int(seed) * 6, edges: 20 + Int(seed) * 9)))
        }
        for seed in 1...16 {
            list.append(
                NamedGraph(
                    name: "random clustered \(seed)",
                    graph: randomClustered(
                        seed: UInt64(100 + seed), nodes: 10 + seed * 4, clusters: seed % 7, edges: 8 + seed * 5)))
        }
        for seed in 1...4 {
            list.append(
                NamedGraph(
                    name: "random clustered left-to-right \(seed)",
                    graph: randomClustered(seed: UInt64(200 + seed), nodes: 30, clusters: 5, edges: 40),
                    options: LayoutOptions(direction: .leftToRight)))
        }
        list.append(NamedGraph(name: "workflow 300", graph: PerformanceTests.bigWorkflow(states: 300)))
        list.append(
            NamedGraph(
                name: "random clustered 150",
                graph: randomClustered(seed: 300, nodes: 150, clusters: 14, edges: 190)))
        list.append(
            NamedGraph(
                name: "random DAG, tight spacing",
                graph: randomDAG(seed: 301, nodes: 80, edges: 140),
                options: LayoutOptions(nodeSpacing: 0, edgeSpacing: 0, layerSpacing: 0, componentSpacing: 0)))
        return list
    }()
}
