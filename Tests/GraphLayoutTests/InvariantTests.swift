import GraphLayout
import Testing

@Suite("Invariants on generated graphs")
struct InvariantTests {
    @Test("geometric invariants hold", arguments: GraphCatalog.all)
    func invariants(_ named: NamedGraph) throws {
        let layout = try LayeredLayout.layout(named.graph, options: named.options)
        let problems = InvariantChecker.violations(named.graph, layout, options: named.options)
        #expect(problems.isEmpty, "\(problems.prefix(12).joined(separator: "\n"))")
    }

    @Test("two runs give identical layouts", arguments: GraphCatalog.all)
    func deterministic(_ named: NamedGraph) throws {
        let first = try LayeredLayout.layout(named.graph, options: named.options)
        let second = try LayeredLayout.layout(named.graph, options: named.options)
        #expect(first == second)
    }
}

@Suite("Fuzz")
struct FuzzTests {
    @Test("invariants hold on 200 more random clustered graphs, both directions, some without spacing")
    func randomClustered() throws {
        var failures: [String] = []
        for seed in 0..<200 {
            let graph = GraphCatalog.randomClustered(
                seed: UInt64(1_000 + seed), nodes: 5 + seed % 40, clusters: seed % 9, edges: 3 + (seed * 7) % 60)
            var options = LayoutOptions(direction: seed % 4 == 3 ? .leftToRight : .topToBottom)
            if seed % 5 == 4 {
                // No spacing at all: boxes may touch but still must not overlap.
                options.nodeSpacing = 0
                options.edgeSpacing = 0
                options.layerSpacing = 0
                options.componentSpacing = 0
                options.selfLoopSize = 0
            }
            let layout = try LayeredLayout.layout(graph, options: options)
            let problems = InvariantChecker.violations(graph, layout, options: options)
            if let first = problems.first { failures.append("seed \(1_000 + seed): \(first)") }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
    }
}
