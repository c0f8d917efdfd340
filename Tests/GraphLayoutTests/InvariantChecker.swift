import GraphLayout

/// Checks the geometric promises of a layout and lists every violation in words.
enum InvariantChecker {
    static let epsilon = 1e-6

    static func violations(_ graph: LayoutGraph, _ layout: PositionedGraph, options: LayoutOptions) -> [String] {
        var problems: [String] = []
        let leftToRight = options.direction == .leftToRight
        var frames: [String: LayoutRect] = [:]
        var clusterOf: [String: String?] = [:]
        for node in graph.nodes { clusterOf[node.id] = node.cluster }
        for cluster in graph.clusters { clusterOf[cluster.id] = cluster.parent }
        func ancestors(_ id: String) -> [String] {
            var out: [String] = []
            var x = clusterOf[id] ?? nil
            while let c = x {
                out.append(c)
                x = clusterOf[c] ?? nil
            }
            return out
        }

        guard layout.nodes.map(\.id) == graph.nodes.map(\.id), layout.edges.map(\.id) == graph.edges.map(\.id),
            layout.clusters.map(\.id) == graph.clusters.map(\.id)
        else { return ["output ids differ from input ids"] }
        for node in layout.nodes { frames[node.id] = node.frame }
        for cluster in layout.clusters { frames[cluster.id] = cluster.frame }
        let whole = LayoutRect(x: 0, y: 0, width: layout.size.width, height: layout.size.height)

        // Sizes kept, everything inside the drawing.
        for (node, input) in zip(layout.nodes, graph.nodes) {
            if node.frame.size != input.size { problems.append("\(node.id) changed size") }
            if !grown(whole).contains(node.frame) { problems.append("\(node.id) outside the drawing") }
        }
        // No two nodes overlap.
        let sorted = layout.nodes.sorted { $0.frame.x < $1.frame.x }
        for i in sorted.indices {
            for j in (i + 1)..<sorted.count {
                if sorted[j].frame.x >= sorted[i].frame.maxX { break }
                if shrunk(sorted[i].frame).overlaps(shrunk(sorted[j].frame)) {
                    problems.append("nodes \(sorted[i].id) and \(sorted[j].id) overlap")
                }
            }
        }
        // Nodes inside their clusters and outside all others; clusters nest and do not overlap otherwise.
        for node in layout.nodes {
            let own = Set(ancestors(node.id))
            for cluster in layout.clusters {
                if own.contains(cluster.id) {
                    if !grown(cluster.frame).contains(node.frame) {
                        problems.append("\(node.id) sticks out of \(cluster.id)")
                    }
                } else if shrunk(cluster.frame).overlaps(shrunk(node.frame)) {
                    problems.append("\(node.id) overlaps foreign cluster \(cluster.id)")
                }
            }
        }
        for (i, a) in layout.clusters.enumerated() {
            if !grown(whole).contains(a.frame) { problems.append("cluster \(a.id) outside the drawing") }
            let aAncestors = Set(ancestors(a.id))
            for b in layout.clusters[(i + 1)...] {
                let bAncestors = Set(ancestors(b.id))
                if aAncestors.contains(b.id) {
                    if !grown(b.frame).contains(a.frame) { problems.append("cluster \(a.id) sticks out of \(b.id)") }
                } else if bAncestors.contains(a.id) {
                    if !grown(a.frame).contains(b.frame) { problems.append("cluster \(b.id) sticks out of \(a.id)") }
                } else if shrunk(a.frame).overlaps(shrunk(b.frame)) {
                    problems.append("clusters \(a.id) and \(b.id) overlap")
                }
            }
            // The title lies inside the box, above (or beside) the members.
            if !grown(a.frame).contains(a.titleFrame) { problems.append("title of \(a.id) outside its box") }
        }
        // Edges: endpoints on borders, inside the drawing, not through other nodes; labels clear of nodes.
        for (edge, input) in zip(layout.edges, graph.edges) {
            guard let first = edge.points.first, let last = edge.points.last, edge.points.count >= 2 else {
                problems.append("edge \(edge.id) has no route")
                continue
            }
            if !onBorder(first, frames[input.from]!) {
                problems.append("edge \(edge.id) does not start on \(input.from)'s border: \(first)")
            }
            if !onBorder(last, frames[input.to]!) {
                problems.append("edge \(edge.id) does not end on \(input.to)'s border: \(last)")
            }
            for p in edge.points where !grown(whole).contains(LayoutRect(x: p.x, y: p.y, width: 0, height: 0)) {
                problems.append("edge \(edge.id) leaves the drawing at \(p)")
            }
            for node in layout.nodes {
                let box = shrunk(node.frame, by: 0.5)
                for k in 1..<edge.points.count where crosses(edge.points[k - 1], edge.points[k], box) {
                    problems.append("edge \(edge.id) passes through node \(node.id)")
                }
            }
            for other in layout.edges where other.id != edge.id {
                guard let label = other.labelFrame else { continue }
                let box = shrunk(label, by: 0.5)
                for k in 1..<edge.points.count where crosses(edge.points[k - 1], edge.points[k], box) {
                    problems.append("edge \(edge.id) passes through the label of \(other.id)")
                }
            }
            if let label = edge.labelFrame {
                for node in layout.nodes where shrunk(label).overlaps(shrunk(node.frame)) {
                    problems.append("label of \(edge.id) overlaps node \(node.id)")
                }
            }
            if input.label != nil, edge.labelFrame == nil { problems.append("label of \(edge.id) not placed") }
        }
        // Labels do not overlap each other.
        let labels = layout.edges.compactMap { e in e.labelFrame.map { (e.id, $0) } }
        for i in labels.indices {
            for j in (i + 1)..<labels.count where shrunk(labels[i].1).overlaps(shrunk(labels[j].1)) {
                problems.append("labels of \(labels[i].0) and \(labels[j].0) overlap")
            }
        }
        // A DAG without clusters: nothing reversed, every route runs down (or right).
        if graph.clusters.isEmpty, isAcyclic(graph) {
            for edge in layout.edges where edge.from != edge.to {
                if edge.isReversed { problems.append("edge \(edge.id) of a DAG reversed") }
                for k in 1..<edge.points.count {
                    let delta =
                        leftToRight ? edge.points[k].x - edge.points[k - 1].x : edge.points[k].y - edge.points[k - 1].y
                    if delta < -epsilon { problems.append("edge \(edge.id) goes backwards") }
                }
            }
        }
        return problems
    }

    static func grown(_ r: LayoutRect) -> LayoutRect {
        LayoutRect(x: r.x - epsilon, y: r.y - epsilon, width: r.width + 2 * epsilon, height: r.height + 2 * epsilon)
    }

    static func shrunk(_ r: LayoutRect, by d: Double = epsilon) -> LayoutRect {
        LayoutRect(x: r.x + d, y: r.y + d, width: max(0, r.width - 2 * d), height: max(0, r.height - 2 * d))
    }

    static func onBorder(_ p: LayoutPoint, _ r: LayoutRect) -> Bool {
        guard p.x >= r.x - epsilon, p.x <= r.maxX + epsilon, p.y >= r.y - epsilon, p.y <= r.maxY + epsilon else {
            return false
        }
        return abs(p.x - r.x) < epsilon || abs(p.x - r.maxX) < epsilon || abs(p.y - r.y) < epsilon
            || abs(p.y - r.maxY) < epsilon
    }

    /// Whether the segment a–b meets the rectangle's interior (Liang–Barsky clipping).
    static func crosses(_ a: LayoutPoint, _ b: LayoutPoint, _ r: LayoutRect) -> Bool {
        guard r.width > 0, r.height > 0 else { return false }
        var t0 = 0.0
        var t1 = 1.0
        let dx = b.x - a.x
        let dy = b.y - a.y
        for (p, q) in [(-dx, a.x - r.x), (dx, r.maxX - a.x), (-dy, a.y - r.y), (dy, r.maxY - a.y)] {
            if p == 0 {
                if q <= 0 { return false }
            } else {
                let t = q / p
                if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
                if t0 >= t1 { return false }
            }
        }
        return true
    }

    static func isAcyclic(_ graph: LayoutGraph) -> Bool {
        var index: [String: Int] = [:]
        for (i, n) in graph.nodes.enumerated() { index[n.id] = i }
        var indegree = [Int](repeating: 0, count: graph.nodes.count)
        var out = [[Int]](repeating: [], count: graph.nodes.count)
        for e in graph.edges where e.from != e.to {
            guard let a = index[e.from], let b = index[e.to] else { return false }
            out[a].append(b)
            indegree[b] += 1
        }
        var queue = (0..<graph.nodes.count).filter { indegree[$0] == 0 }
        var seen = 0
        while let u = queue.popLast() {
            seen += 1
            for w in out[u] {
                indegree[w] -= 1
                if indegree[w] == 0 { queue.append(w) }
            }
        }
        return seen == graph.nodes.count
    }
}
