/// Lays out one level of the cluster hierarchy: the members of one cluster (or of the top level), where
/// each nested cluster is a single box already laid out, plus the ports where edges cross the cluster's
/// border. Runs phases 2 to 6 on each connected part and packs the parts side by side.
///
/// Coordinates are in "top-to-bottom" layout space with the level's box at the origin; the hierarchy code
/// translates them and, for left-to-right drawings, transposes them.
struct LevelLayout {
    /// Something placed in the level.
    enum ItemKind: Equatable {
        /// A node or a nested cluster's box (an index into the hierarchy's entities).
        case entity(Int)
        /// Where an edge enters the level's box from above (the original edge's index).
        case inPort(Int)
        /// Where an edge leaves the level's box downwards (the original edge's index).
        case outPort(Int)
    }

    /// How a route meets one of its end items.
    enum Attach: Equatable {
        /// The item is the edge's real endpoint: meet its top or bottom border near the middle.
        case border
        /// The edge continues inside this nested box: meet its border at this offset from its left side.
        case blockPort(Double)
        /// The item is one of this level's own ports: meet the level's border there.
        case ownPort

        /// Whether the route continues inside a nested box.
        var isBlockPort: Bool {
            if case .blockPort = self { return true }
            return false
        }
    }

    /// A member of the level.
    struct Item {
        /// What it is.
        var kind: ItemKind
        /// Its box size (zero for ports).
        var size: LayoutSize
        /// The self-loops drawn on its right side: (original edge index, label size).
        var loops: [(edge: Int, label: LayoutSize?)] = []
    }

    /// One edge (or the part of an edge inside this level), already pointing down.
    struct Edge {
        /// The original edge's index.
        var edge: Int
        /// The upper item.
        var tail: Int
        /// The lower item.
        var head: Int
        /// Main flow (primary and not reversed).
        var main: Bool
        /// The label's size, for the level where the edge's label lives.
        var label: LayoutSize?
        /// How the route starts.
        var tailAttach: Attach
        /// How the route ends.
        var headAttach: Attach
    }

    /// Border space of the level's box: title and padding.
    struct Insets {
        var top = 0.0
        var left = 0.0
        var bottom = 0.0
        var right = 0.0
        /// The smallest box width (a wide title) and height.
        var minWidth = 0.0
        var minHeight = 0.0
    }

    /// What the level contributes to the drawing, relative to its box's top-left corner.
    struct Result {
        /// The level's box size.
        var size = LayoutSize.zero
        /// Each item's centre.
        var centers: [LayoutPoint] = []
        /// Where each edge enters the box from above: x offset by original edge index.
        var inPortX: [Int: Double] = [:]
        /// Where each edge leaves the box downwards: x offset by original edge index.
        var outPortX: [Int: Double] = [:]
        /// Each level edge's route, from tail to head, in the order of `edges`.
        var routes: [[LayoutPoint]] = []
        /// Each level edge's label centre, if it has a label.
        var labelCenters: [LayoutPoint?] = []
        /// Self-loops: original edge index, route, label centre.
        var loops: [(edge: Int, points: [LayoutPoint], label: LayoutPoint?)] = []
    }

    var items: [Item]
    var edges: [Edge]
    var insets: Insets
    var options: LayoutOptions

    /// The label gap and the loop nesting step of self-loops.
    static let loopLabelGap = 4.0

    /// A connected part after phases 2–5, in its own coordinates.
    private struct Part {
        var graph = LayerGraph()
        /// The part's items, in declaration order.
        var members: [Int] = []
        /// Graph nodes of each level edge: tail, dummies…, head; and the label dummy if any.
        var chains: [(edge: Int, nodes: [Int], label: Int?)] = []
        var x: [Double] = []
        var layerTop: [Double] = []
        var layerHeight: [Double] = []
        var width = 0.0
        var height = 0.0
    }

    /// Runs the layout of the level.
    func run() -> Result {
        // Item index -> index within its part (= its graph node); shared scratch so parts cost their own size.
        var localIndex = [Int](repeating: -1, count: items.count)
        let parts = components().map { layoutPart($0.members, $0.edges, &localIndex) }
        // Pack the parts side by side, top-aligned, in declaration order.
        var offsets: [Double] = []
        var contentWidth = 0.0
        var contentHeight = 0.0
        for part in parts {
            if !offsets.isEmpty { contentWidth += options.componentSpacing }
            offsets.append(contentWidth)
            contentWidth += part.width
            contentHeight = max(contentHeight, part.height)
        }
        let width = max(contentWidth + insets.left + insets.right, insets.minWidth)
        let height = max(contentHeight + insets.top + insets.bottom, insets.minHeight)
        let originX = insets.left + (width - insets.left - insets.right - contentWidth) / 2
        let originY = insets.top + (height - insets.top - insets.bottom - contentHeight) / 2

        var result = Result()
        result.size = LayoutSize(width: width, height: height)
        result.centers = [LayoutPoint](repeating: LayoutPoint(x: 0, y: 0), count: items.count)
        result.routes = [[LayoutPoint]](repeating: [], count: edges.count)
        result.labelCenters = [LayoutPoint?](repeating: nil, count: edges.count)

        for (p, part) in parts.enumerated() {
            let dx = originX + offsets[p]
            func layerTop(_ layer: Int) -> Double { originY + part.layerTop[layer] }
            func layerBottom(_ layer: Int) -> Double { originY + part.layerTop[layer] + part.layerHeight[layer] }
            for (node, item) in part.members.enumerated() {
                let x = dx + part.x[node]
                let layer = part.graph.layerOf[node]
                switch items[item].kind {
                case .entity:
                    // Top-aligned: a node beside a tall cluster box stays close to its predecessor.
                    result.centers[item] = LayoutPoint(x: x, y: layerTop(layer) + part.graph.height[node] / 2)
                case .inPort(let e):
                    result.centers[item] = LayoutPoint(x: x, y: 0)
                    result.inPortX[e] = x
                case .outPort(let e):
                    result.centers[item] = LayoutPoint(x: x, y: height)
                    result.outPortX[e] = x
                }
            }
            for chain in part.chains {
                let edge = edges[chain.edge]
                let nodes = chain.nodes
                var points: [LayoutPoint] = []
                // Start: on the tail's bottom border (or this level's top border for an entering edge).
                let tailCenter = result.centers[edge.tail]
                let tailSize = items[edge.tail].size
                let nextX = dx + part.x[nodes[1]]
                switch edge.tailAttach {
                case .ownPort:
                    points.append(tailCenter)
                case .border, .blockPort:
                    let x: Double
                    if case .blockPort(let offset) = edge.tailAttach {
                        x = tailCenter.x - tailSize.width / 2 + offset
                    } else {
                        x = Self.attachX(center: tailCenter.x, width: tailSize.width, toward: nextX)
                    }
                    points.append(LayoutPoint(x: x, y: tailCenter.y + tailSize.height / 2))
                    points.append(LayoutPoint(x: x, y: layerBottom(part.graph.layerOf[nodes[0]])))
                }
                // Dummies: straight down through their whole layer, so bends only happen between layers.
                for node in nodes.dropFirst().dropLast() {
                    let layer = part.graph.layerOf[node]
                    let x = dx + part.x[node]
                    points.append(LayoutPoint(x: x, y: layerTop(layer)))
                    if part.layerHeight[layer] > 0 { points.append(LayoutPoint(x: x, y: layerBottom(layer))) }
                    if node == chain.label {
                        result.labelCenters[chain.edge] = LayoutPoint(
                            x: x, y: layerTop(layer) + part.layerHeight[layer] / 2)
                    }
                }
                // End: on the head's top border (or this level's bottom border for a leaving edge).
                let headCenter = result.centers[edge.head]
                let headSize = items[edge.head].size
                let previousX = points.last?.x ?? headCenter.x
                switch edge.headAttach {
                case .ownPort:
                    points.append(headCenter)
                case .border, .blockPort:
                    let x: Double
                    if case .blockPort(let offset) = edge.headAttach {
                        x = headCenter.x - headSize.width / 2 + offset
                    } else {
                        x = Self.attachX(center: headCenter.x, width: headSize.width, toward: previousX)
                    }
                    points.append(LayoutPoint(x: x, y: layerTop(part.graph.layerOf[nodes[nodes.count - 1]])))
                    points.append(LayoutPoint(x: x, y: headCenter.y - headSize.height / 2))
                }
                result.routes[chain.edge] = Self.simplified(points)
            }
        }
        for (i, item) in items.enumerated() where !item.loops.isEmpty {
            result.loops.append(contentsOf: loopRoutes(item, center: result.centers[i]))
        }
        return result
    }

    /// Where a route meets a box's top or bottom border: towards the route's next point, but within the middle
    /// half of the border so that routes fan out from the centre like a flowchart's.
    static func attachX(center: Double, width: Double, toward target: Double) -> Double {
        min(max(target, center - width / 4), center + width / 4)
    }

    /// Drops repeated points and middle points of straight vertical or horizontal runs; keeps at least two.
    static func simplified(_ points: [LayoutPoint]) -> [LayoutPoint] {
        var out: [LayoutPoint] = []
        out.reserveCapacity(points.count)
        for p in points {
            if let last = out.last, abs(last.x - p.x) < 1e-9, abs(last.y - p.y) < 1e-9 { continue }
            if out.count >= 2 {
                let a = out[out.count - 2]
                let b = out[out.count - 1]
                if (a.x == b.x && b.x == p.x) || (a.y == b.y && b.y == p.y) {
                    out[out.count - 1] = p
                    continue
                }
            }
            out.append(p)
        }
        // A route of zero length (no spacing at all) still has a start and an end.
        if out.count == 1, let last = points.last { out.append(last) }
        return out
    }

    /// The extra room a self-looping item needs: to its right (loops plus labels) and in height (labels).
    func loopExtent(_ item: Item) -> (right: Double, height: Double) {
        guard !item.loops.isEmpty else { return (0, item.size.height) }
        let reach = options.selfLoopSize + Double(item.loops.count - 1) * Self.loopLabelGap * 2
        var labelWidth = 0.0
        var labelHeight = 0.0
        for loop in item.loops {
            guard let label = loop.label else { continue }
            labelWidth = max(labelWidth, label.width)
            labelHeight += label.height + (labelHeight > 0 ? Self.loopLabelGap : 0)
        }
        return (reach + (labelWidth > 0 ? Self.loopLabelGap + labelWidth : 0), max(item.size.height, labelHeight))
    }

    /// Self-loops as small rectangles on the item's right border, nested; labels stacked to their right.
    func loopRoutes(_ item: Item, center: LayoutPoint) -> [(edge: Int, points: [LayoutPoint], label: LayoutPoint?)] {
        let right = center.x + item.size.width / 2
        let half = item.size.height / 2
        let reach = options.selfLoopSize + Double(item.loops.count - 1) * Self.loopLabelGap * 2
        var labelHeight = 0.0
        for loop in item.loops {
            if let label = loop.label { labelHeight += label.height + (labelHeight > 0 ? Self.loopLabelGap : 0) }
        }
        var labelY = center.y - labelHeight / 2
        var result: [(edge: Int, points: [LayoutPoint], label: LayoutPoint?)] = []
        for (i, loop) in item.loops.enumerated() {
            let out = options.selfLoopSize + Double(i) * Self.loopLabelGap * 2
            let dy = min(half * 0.8, half / 2 + Double(i) * Self.loopLabelGap)
            let points = [
                LayoutPoint(x: right, y: center.y - dy), LayoutPoint(x: right + out, y: center.y - dy),
                LayoutPoint(x: right + out, y: center.y + dy), LayoutPoint(x: right, y: center.y + dy),
            ]
            var labelCenter: LayoutPoint?
            if let label = loop.label {
                labelCenter = LayoutPoint(
                    x: right + reach + Self.loopLabelGap + label.width / 2, y: labelY + label.height / 2)
                labelY += label.height + Self.loopLabelGap
            }
            result.append((loop.edge, points, labelCenter))
        }
        return result
    }

    /// Moves the dummies of an edge that runs entirely beside both of its ends (a side edge the alignment
    /// left floating, typically next to a cluster box it enters through a port) sideways towards its ends, as
    /// far as the neighbours in every layer allow. Only ever shrinks a detour; never breaks separation.
    private func pullInDetours(
        _ graph: LayerGraph, _ chains: [(edge: Int, nodes: [Int], label: Int?)], _ x: inout [Double]
    ) {
        let position = graph.positions()
        for chain in chains where chain.nodes.count > 2 {
            let nodes = chain.nodes
            let first = graph.outSegments[nodes[0]].first { graph.segmentHead[$0] == nodes[1] }!
            let last = graph.inSegments[nodes[nodes.count - 1]].first {
                graph.segmentTail[$0] == nodes[nodes.count - 2]
            }!
            let a = x[nodes[0]] + graph.segmentTailOffset[first]
            let b = x[nodes[nodes.count - 1]] + graph.segmentHeadOffset[last]
            let dummies = nodes[1..<(nodes.count - 1)]
            let low = dummies.map { x[$0] }.min()!
            let high = dummies.map { x[$0] }.max()!
            var delta = 0.0
            if low > max(a, b) {
                delta = max(a, b) - low
                for d in dummies {
                    let layer = graph.layers[graph.layerOf[d]]
                    let p = position[d]
                    if p > 0 {
                        delta = max(delta, x[layer[p - 1]] + graph.separation(left: layer[p - 1], right: d) - x[d])
                    }
                }
            } else if high < min(a, b) {
                delta = min(a, b) - high
                for d in dummies {
                    let layer = graph.layers[graph.layerOf[d]]
                    let p = position[d]
                    if p + 1 < layer.count {
                        delta = min(delta, x[layer[p + 1]] - graph.separation(left: d, right: layer[p + 1]) - x[d])
                    }
                }
            }
            if (low > max(a, b) && delta < 0) || (high < min(a, b) && delta > 0) {
                for d in dummies { x[d] += delta }
            }
        }
    }

    /// Moves each port (alone in the first or last layer, so free to move) right under or over the point its
    /// edge comes from, as close as order and spacing allow: least-squares isotonic regression (pool adjacent
    /// violators) on the ideal positions minus the cumulative separations. Then re-normalises to x ≥ 0.
    private func straightenPorts(_ graph: LayerGraph, _ x: inout [Double], layers: [Int]) {
        var moved = false
        for layer in layers {
            let nodes = graph.layers[layer]
            guard !nodes.isEmpty else { continue }
            var shifted: [Double] = []
            var cumulative = 0.0
            var offsets: [Double] = []
            for (i, v) in nodes.enumerated() {
                if i > 0 { cumulative += graph.separation(left: nodes[i - 1], right: v) }
                offsets.append(cumulative)
                var ideal = x[v]
                if let s = graph.outSegments[v].first {
                    ideal = x[graph.segmentHead[s]] + graph.segmentHeadOffset[s] - graph.segmentTailOffset[s]
                } else if let s = graph.inSegments[v].first {
                    ideal = x[graph.segmentTail[s]] + graph.segmentTailOffset[s] - graph.segmentHeadOffset[s]
                }
                shifted.append(ideal - cumulative)
            }
            // Pool adjacent violators: blocks of (sum, count) with non-decreasing means.
            var sums: [Double] = []
            var counts: [Int] = []
            for value in shifted {
                sums.append(value)
                counts.append(1)
                while sums.count > 1,
                    sums[sums.count - 2] / Double(counts[counts.count - 2]) > sums[sums.count - 1]
                        / Double(counts[counts.count - 1])
                {
                    sums[sums.count - 2] += sums.removeLast()
                    counts[counts.count - 2] += counts.removeLast()
                }
            }
            var i = 0
            for (sum, count) in zip(sums, counts) {
                let mean = sum / Double(count)
                for _ in 0..<count {
                    x[nodes[i]] = mean + offsets[i]
                    i += 1
                }
            }
            moved = true
        }
        guard moved else { return }
        var low = Double.infinity
        for v in 0..<graph.count { low = min(low, x[v] - graph.leftExtent[v]) }
        if low != 0 { for v in 0..<graph.count { x[v] -= low } }
    }

    /// The connected parts: item lists in declaration order with their edges, ordered by their first item.
    private func components() -> [(members: [Int], edges: [Int])] {
        var parent = Array(0..<items.count)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for edge in edges {
            let (a, b) = (find(edge.tail), find(edge.head))
            // The smaller index becomes the root so each part is named by its first item.
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        var partOfRoot = [Int](repeating: -1, count: items.count)
        var parts: [(members: [Int], edges: [Int])] = []
        for i in items.indices {
            let r = find(i)
            if partOfRoot[r] < 0 {
                partOfRoot[r] = parts.count
                parts.append(([], []))
            }
            parts[partOfRoot[r]].members.append(i)
        }
        for (e, edge) in edges.enumerated() { parts[partOfRoot[find(edge.tail)]].edges.append(e) }
        return parts
    }

    /// Phases 2–5 for one connected part.
    private func layoutPart(_ members: [Int], _ partEdges: [Int], _ local: inout [Int]) -> Part {
        var part = Part()
        part.members = members
        for (i, item) in members.enumerated() { local[item] = i }

        // Phase 2: longest path from the sources, in steps of 2 so a label layer sits between any two node
        // layers. Ports are left out: entering ports go above everything, leaving ports below.
        let count = members.count
        var isEntity = [Bool](repeating: false, count: count)
        for (i, item) in members.enumerated() { if case .entity = items[item].kind { isEntity[i] = true } }
        var outs = [[Int]](repeating: [], count: count)
        var indegree = [Int](repeating: 0, count: count)
        var entered = [Bool](repeating: false, count: count)
        for e in partEdges {
            let (t, h) = (local[edges[e].tail], local[edges[e].head])
            if isEntity[t] && isEntity[h] {
                outs[t].append(h)
                indegree[h] += 1
            } else if isEntity[h] {
                entered[h] = true
            }
        }
        let hasIn = indegree.map { $0 > 0 }
        var rank = [Int](repeating: 0, count: count)
        var order: [Int] = []
        order.reserveCapacity(count)
        for i in 0..<count where isEntity[i] && indegree[i] == 0 { order.append(i) }
        var head = 0
        while head < order.count {
            let u = order[head]
            head += 1
            for w in outs[u] {
                rank[w] = max(rank[w], rank[u] + 2)
                indegree[w] -= 1
                if indegree[w] == 0 { order.append(w) }
            }
        }
        // A source other than an entry point moves down next to its nearest successor instead of hanging at the
        // top with a long edge (an unreachable state, a second start).
        for u in order.reversed() where !hasIn[u] && !entered[u] && !outs[u].isEmpty {
            rank[u] = outs[u].map { rank[$0] - 2 }.min()!
        }
        let minRank = order.map { rank[$0] }.min() ?? 0
        var layerOfLocal = [Int](repeating: 0, count: count)
        var lastContentLayer = 1
        for i in 0..<count where isEntity[i] {
            layerOfLocal[i] = rank[i] - minRank + 1
            lastContentLayer = max(lastContentLayer, layerOfLocal[i])
        }
        let layerCount = lastContentLayer + 2
        for (i, item) in members.enumerated() {
            switch items[item].kind {
            case .entity: break
            case .inPort: layerOfLocal[i] = 0
            case .outPort: layerOfLocal[i] = lastContentLayer + 1
            }
        }

        // Phase 3: the proper layered graph, with dummies on long edges and a label dummy in the middle layer.
        var graph = LayerGraph()
        var roots: [Int] = []
        for (i, item) in members.enumerated() {
            let entity = isEntity[i]
            let extent = loopExtent(items[item])
            let node = graph.addNode(
                layer: layerOfLocal[i], left: items[item].size.width / 2,
                right: items[item].size.width / 2 + extent.right, height: extent.height,
                spacing: entity ? options.nodeSpacing : options.edgeSpacing, edgeLike: !entity)
            assert(node == i, "item nodes come first, in member order")
            roots.append(node)
        }
        var bundle: [Int: [Int]] = [:]
        for e in partEdges {
            let edge = edges[e]
            let tail = local[edge.tail]
            let head = local[edge.head]
            let (from, to) = (graph.layerOf[tail], graph.layerOf[head])
            var labelLayer = -1
            if let label = edge.label, label.width > 0 || label.height > 0, to - from >= 2 {
                // Node layers are odd, so the label layers are even: the middle one, rounding towards the tail.
                let slots = (to - from) / 2
                labelLayer = from + 1 + 2 * ((slots - 1) / 2)
            }
            // A route through a nested box's port should line up with that port, not the box's centre.
            var tailOffset = 0.0
            var headOffset = 0.0
            if case .blockPort(let offset) = edge.tailAttach { tailOffset = offset - items[edge.tail].size.width / 2 }
            if case .blockPort(let offset) = edge.headAttach { headOffset = offset - items[edge.head].size.width / 2 }
            // Unlabelled edges between the same two items that end at different ports of a cluster box share
            // one run of dummies: the box then sits centred under the source, and the routes fork at the box.
            let bundles =
                edge.label == nil && to - from > 1 && (edge.tailAttach.isBlockPort || edge.headAttach.isBlockPort)
            let bundleKey = (edge.tail * items.count + edge.head) * 2 + (edge.main ? 1 : 0)
            if bundles, let shared = bundle[bundleKey] {
                graph.addSegment(from: tail, to: shared[0], main: edge.main, tailOffset: tailOffset)
                graph.addSegment(from: shared[shared.count - 1], to: head, main: edge.main, headOffset: headOffset)
                part.chains.append((e, [tail] + shared + [head], nil))
                continue
            }
            var nodes = [tail]
            var labelNode: Int?
            for layer in stride(from: from + 1, to: to, by: 1) {
                let node: Int
                if layer == labelLayer, let label = edge.label {
                    node = graph.addNode(
                        layer: layer, left: label.width / 2, right: label.width / 2, height: label.height,
                        spacing: options.edgeSpacing, edgeLike: true)
                    labelNode = node
                } else {
                    node = graph.addNode(
                        layer: layer, left: 0, right: 0, height: 0, spacing: options.edgeSpacing, edgeLike: true)
                }
                graph.addSegment(
                    from: nodes[nodes.count - 1], to: node, main: edge.main,
                    tailOffset: nodes.count == 1 ? tailOffset : 0)
                nodes.append(node)
            }
            graph.addSegment(
                from: nodes[nodes.count - 1], to: head, main: edge.main,
                tailOffset: nodes.count == 1 ? tailOffset : 0, headOffset: headOffset)
            nodes.append(head)
            if bundles { bundle[bundleKey] = Array(nodes[1..<(nodes.count - 1)]) }
            part.chains.append((e, nodes, labelNode))
        }

        // Phases 4 and 5.
        CrossingMinimizer.order(&graph, roots: roots, layerCount: layerCount, sweeps: options.crossingSweeps)
        part.x = BrandesKoepf.xCoordinates(graph)
        pullInDetours(graph, part.chains, &part.x)
        straightenPorts(graph, &part.x, layers: [0, layerCount - 1])
        var width = 0.0
        for v in 0..<graph.count { width = max(width, part.x[v] + graph.rightExtent[v]) }
        part.width = width

        // Vertical: each layer as tall as its tallest member, half a layer gap around every label layer.
        part.layerHeight = [Double](repeating: 0, count: layerCount)
        for v in 0..<graph.count {
            part.layerHeight[graph.layerOf[v]] = max(part.layerHeight[graph.layerOf[v]], graph.height[v])
        }
        part.layerHeight[0] = 0
        part.layerHeight[layerCount - 1] = 0
        part.layerTop = [Double](repeating: 0, count: layerCount)
        var y = 0.0
        for layer in 1...lastContentLayer {
            part.layerTop[layer] = y
            y += part.layerHeight[layer] + (layer < lastContentLayer ? options.layerSpacing / 2 : 0)
        }
        part.layerTop[layerCount - 1] = y
        part.height = y
        part.graph = graph
        return part
    }
}
