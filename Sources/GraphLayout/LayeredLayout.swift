/// A deterministic layered (Sugiyama-style) layout of directed graphs with nested clusters.
///
/// Each cluster is laid out on its own, innermost first, and then takes part in its parent's layout as one
/// box; an edge that crosses cluster borders is split at each border into a "port" on that border, so every
/// level is an ordinary layered layout. See NOTES.md for the phases and the guarantees.
public enum LayeredLayout {
    /// Lays out `graph`: same input, same output, bit for bit.
    public static func layout(
        _ graph: LayoutGraph, options: LayoutOptions = LayoutOptions()
    ) throws(LayoutError) -> PositionedGraph {
        try validate(options)
        let hierarchy = try Hierarchy(graph)
        let transposed = options.direction == .leftToRight
        // Left-to-right is top-to-bottom with x and y swapped: swap the sizes now and the results at the end.
        func flip(_ size: LayoutSize) -> LayoutSize {
            transposed ? LayoutSize(width: size.height, height: size.width) : size
        }
        let nodeCount = hierarchy.nodeCount
        let clusterCount = hierarchy.clusterCount
        let rootLevel = clusterCount

        // Phase 1, per level: lift every edge to the level of its endpoints' innermost common cluster and
        // break the cycles there; that fixes which way the edge runs through every border it crosses.
        struct Slot {
            var edge: Int
            var role: Role
            /// The level member on the tail side and on the head side (only one matters for ports).
            var tailMember: Int
            var headMember: Int
        }
        enum Role { case lifted, leaving, entering }
        var arcs = [[CycleBreaker.Arc]](repeating: [], count: clusterCount + 1)
        var arcEdge = [[Int]](repeating: [], count: clusterCount + 1)
        var memberIndex = [Int](repeating: 0, count: nodeCount + clusterCount)
        for level in 0...rootLevel {
            for (i, entity) in hierarchy.members[level].enumerated() { memberIndex[entity] = i }
        }
        var loops = [[(edge: Int, label: LayoutSize?)]](repeating: [], count: nodeCount + clusterCount)
        var lcaOf = [Int](repeating: -1, count: graph.edges.count)
        for (e, edge) in graph.edges.enumerated() {
            let (from, to) = (hierarchy.edgeFrom[e], hierarchy.edgeTo[e])
            if from == to {
                loops[from].append((e, edge.label.map(flip)))
                continue
            }
            let lca = hierarchy.commonAncestor(from, to)
            lcaOf[e] = lca
            let level = lca < 0 ? rootLevel : lca - nodeCount
            let a = hierarchy.path(from: from, upTo: lca).member
            let b = hierarchy.path(from: to, upTo: lca).member
            arcs[level].append(.init(tail: memberIndex[a], head: memberIndex[b], primary: edge.kind == .primary))
            arcEdge[level].append(e)
        }
        var reversed = [Bool](repeating: false, count: graph.edges.count)
        for level in 0...rootLevel where !arcs[level].isEmpty {
            let flags = CycleBreaker.reversedArcs(itemCount: hierarchy.members[level].count, arcs: arcs[level])
            for (i, flag) in flags.enumerated() { reversed[arcEdge[level][i]] = flag }
        }

        // Which part of each edge each level routes, and in which order the parts join up.
        var slots = [[Slot]](repeating: [], count: clusterCount + 1)
        var inPorts = [[Int]](repeating: [], count: clusterCount + 1)
        var outPorts = [[Int]](repeating: [], count: clusterCount + 1)
        var pieces = [[(level: Int, slot: Int)]](repeating: [], count: graph.edges.count)
        for e in graph.edges.indices where hierarchy.edgeFrom[e] != hierarchy.edgeTo[e] {
            let lca = lcaOf[e]
            let tail = reversed[e] ? hierarchy.edgeTo[e] : hierarchy.edgeFrom[e]
            let head = reversed[e] ? hierarchy.edgeFrom[e] : hierarchy.edgeTo[e]
            let up = hierarchy.path(from: tail, upTo: lca)
            let down = hierarchy.path(from: head, upTo: lca)
            for (cluster, member) in up.crossed {
                let level = cluster - nodeCount
                pieces[e].append((level, slots[level].count))
                slots[level].append(Slot(edge: e, role: .leaving, tailMember: member, headMember: -1))
                outPorts[level].append(e)
            }
            let level = lca < 0 ? rootLevel : lca - nodeCount
            pieces[e].append((level, slots[level].count))
            slots[level].append(Slot(edge: e, role: .lifted, tailMember: up.member, headMember: down.member))
            for (cluster, member) in down.crossed.reversed() {
                let level = cluster - nodeCount
                pieces[e].append((level, slots[level].count))
                slots[level].append(Slot(edge: e, role: .entering, tailMember: -1, headMember: member))
                inPorts[level].append(e)
            }
        }

        // Phase 2–6, innermost levels first, so every nested cluster is a finished box for its parent.
        var results = [LevelLayout.Result](repeating: LevelLayout.Result(), count: clusterCount + 1)
        let bottomUp =
            (0..<clusterCount).sorted {
                hierarchy.depth[$0] != hierarchy.depth[$1] ? hierarchy.depth[$0] > hierarchy.depth[$1] : $0 < $1
            } + [rootLevel]
        for level in bottomUp {
            let members = hierarchy.members[level]
            var items: [LevelLayout.Item] = []
            items.reserveCapacity(members.count + inPorts[level].count + outPorts[level].count)
            for entity in members {
                let size = entity < nodeCount ? flip(graph.nodes[entity].size) : results[entity - nodeCount].size
                items.append(LevelLayout.Item(kind: .entity(entity), size: size, loops: loops[entity]))
            }
            var portItem: [Int: Int] = [:]
            for e in inPorts[level] {
                portItem[e] = items.count
                items.append(LevelLayout.Item(kind: .inPort(e), size: .zero))
            }
            for e in outPorts[level] {
                portItem[e] = items.count
                items.append(LevelLayout.Item(kind: .outPort(e), size: .zero))
            }
            var edges: [LevelLayout.Edge] = []
            edges.reserveCapacity(slots[level].count)
            for slot in slots[level] {
                let e = slot.edge
                let tailEntity = reversed[e] ? hierarchy.edgeTo[e] : hierarchy.edgeFrom[e]
                let headEntity = reversed[e] ? hierarchy.edgeFrom[e] : hierarchy.edgeTo[e]
                func attach(_ member: Int, endpoint: Int, leaving: Bool) -> LevelLayout.Attach {
                    if member == endpoint { return .border }
                    let child = results[member - nodeCount]
                    return .blockPort((leaving ? child.outPortX[e] : child.inPortX[e]) ?? child.size.width / 2)
                }
                var edge = LevelLayout.Edge(
                    edge: e, tail: 0, head: 0, main: graph.edges[e].kind == .primary && !reversed[e], label: nil,
                    tailAttach: .ownPort, headAttach: .ownPort)
                switch slot.role {
                case .lifted:
                    edge.tail = memberIndex[slot.tailMember]
                    edge.head = memberIndex[slot.headMember]
                    edge.tailAttach = attach(slot.tailMember, endpoint: tailEntity, leaving: true)
                    edge.headAttach = attach(slot.headMember, endpoint: headEntity, leaving: false)
                    edge.label = graph.edges[e].label.map(flip)
                case .leaving:
                    edge.tail = memberIndex[slot.tailMember]
                    edge.head = portItem[e]!
                    edge.tailAttach = attach(slot.tailMember, endpoint: tailEntity, leaving: true)
                case .entering:
                    edge.tail = portItem[e]!
                    edge.head = memberIndex[slot.headMember]
                    edge.headAttach = attach(slot.headMember, endpoint: headEntity, leaving: false)
                }
                edges.append(edge)
            }
            let insets = level == rootLevel ? rootInsets(options) : clusterInsets(graph.clusters[level], transposed)
            results[level] = LevelLayout(items: items, edges: edges, insets: insets, options: options).run()
        }

        // Absolute positions, outermost level first.
        var origin = [LayoutPoint](repeating: LayoutPoint(x: 0, y: 0), count: clusterCount + 1)
        var nodeFrames = [LayoutRect](repeating: LayoutRect(x: 0, y: 0, width: 0, height: 0), count: nodeCount)
        var clusterFrames = [LayoutRect](
            repeating: LayoutRect(x: 0, y: 0, width: 0, height: 0), count: clusterCount)
        for level in bottomUp.reversed() {
            for (i, entity) in hierarchy.members[level].enumerated() {
                let local = results[level].centers[i]
                let center = LayoutPoint(x: origin[level].x + local.x, y: origin[level].y + local.y)
                if entity < nodeCount {
                    nodeFrames[entity] = LayoutRect(center: center, size: flip(graph.nodes[entity].size))
                } else {
                    let frame = LayoutRect(center: center, size: results[entity - nodeCount].size)
                    clusterFrames[entity - nodeCount] = frame
                    origin[entity - nodeCount] = LayoutPoint(x: frame.x, y: frame.y)
                }
            }
        }
        func shifted(_ p: LayoutPoint, _ level: Int) -> LayoutPoint {
            LayoutPoint(x: p.x + origin[level].x, y: p.y + origin[level].y)
        }

        // Routes: join the pieces of every edge; labels come from the level the edge was lifted to.
        var routes = [[LayoutPoint]](repeating: [], count: graph.edges.count)
        var labelCenters = [LayoutPoint?](repeating: nil, count: graph.edges.count)
        for e in graph.edges.indices where !pieces[e].isEmpty {
            var points: [LayoutPoint] = []
            for (level, slot) in pieces[e] {
                for p in results[level].routes[slot] {
                    let q = shifted(p, level)
                    // Consecutive pieces meet at a port; rounding may differ in the last bits.
                    if let last = points.last, abs(last.x - q.x) < 1e-6, abs(last.y - q.y) < 1e-6 { continue }
                    points.append(q)
                }
                if slots[level][slot].role == .lifted, let center = results[level].labelCenters[slot] {
                    labelCenters[e] = shifted(center, level)
                }
            }
            points = LevelLayout.simplified(points)
            routes[e] = reversed[e] ? points.reversed() : points
        }
        for level in 0...rootLevel {
            for loop in results[level].loops {
                routes[loop.edge] = loop.points.map { shifted($0, level) }
                labelCenters[loop.edge] = loop.label.map { shifted($0, level) }
            }
        }

        // Back to the caller's orientation.
        func out(_ p: LayoutPoint) -> LayoutPoint { transposed ? LayoutPoint(x: p.y, y: p.x) : p }
        func out(_ r: LayoutRect) -> LayoutRect {
            transposed ? LayoutRect(x: r.y, y: r.x, width: r.height, height: r.width) : r
        }
        let total = flip(results[rootLevel].size)
        return PositionedGraph(
            size: total,
            nodes: graph.nodes.enumerated().map { PositionedNode(id: $1.id, frame: out(nodeFrames[$0])) },
            clusters: graph.clusters.enumerated().map { c, cluster in
                let frame = out(clusterFrames[c])
                let title = LayoutRect(
                    x: frame.x + cluster.padding, y: frame.y + cluster.padding, width: cluster.title.width,
                    height: cluster.title.height)
                return PositionedCluster(id: cluster.id, frame: frame, titleFrame: title)
            },
            edges: graph.edges.enumerated().map { e, edge in
                PositionedEdge(
                    id: edge.id, from: edge.from, to: edge.to, kind: edge.kind, points: routes[e].map(out),
                    isReversed: reversed[e],
                    labelFrame: edge.label.flatMap { label in
                        labelCenters[e].map { LayoutRect(center: out($0), size: label) }
                    })
            })
    }

    /// Rejects spacings that would make positions meaningless.
    static func validate(_ options: LayoutOptions) throws(LayoutError) {
        let lengths: [(String, Double)] = [
            ("nodeSpacing", options.nodeSpacing), ("edgeSpacing", options.edgeSpacing),
            ("layerSpacing", options.layerSpacing), ("componentSpacing", options.componentSpacing),
            ("margin", options.margin), ("selfLoopSize", options.selfLoopSize),
        ]
        for (name, value) in lengths where !Hierarchy.valid(value) {
            throw .invalidSize("option \(name) is \(value)")
        }
    }

    /// The top level's border: the margin.
    static func rootInsets(_ options: LayoutOptions) -> LevelLayout.Insets {
        let m = options.margin
        return LevelLayout.Insets(
            top: m, left: m, bottom: m, right: m, minWidth: 2 * m, minHeight: 2 * m)
    }

    /// A cluster's border in layout space: padding all round, the title (and one more padding) at the top of
    /// the drawing, which is the layout's left side when the drawing runs left to right.
    static func clusterInsets(_ cluster: LayoutCluster, _ transposed: Bool) -> LevelLayout.Insets {
        let p = cluster.padding
        let hasTitle = cluster.title.width > 0 || cluster.title.height > 0
        let titleBand = p + cluster.title.height + (hasTitle ? p : 0)
        let titleWidth = cluster.title.width + 2 * p
        if transposed {
            return LevelLayout.Insets(
                top: p, left: titleBand, bottom: p, right: p, minWidth: titleBand + p, minHeight: titleWidth)
        }
        return LevelLayout.Insets(
            top: titleBand, left: p, bottom: p, right: p, minWidth: titleWidth, minHeight: titleBand + p)
    }
}
