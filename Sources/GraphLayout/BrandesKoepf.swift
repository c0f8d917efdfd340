/// Phase 5: horizontal coordinates (Brandes & Köpf 2001, in the form dagre uses, with variable widths).
///
/// Four alignments (up/down × left/right) each line nodes up with a median neighbour into vertical blocks and
/// pack the blocks as tightly as the separations allow; the result is the average of the two middle
/// candidates per node, which centres a node over its children and keeps long edges straight. Two changes
/// favour the main flow: a node only aligns with neighbours reached through its most important segments
/// (main flow over side flow), and a segment that crosses a more important one (main over side, inner dummy
/// chains over the rest) may not be aligned at all. A final pass per layer restores any separation the
/// averaging broke. Linear in nodes plus segments.
enum BrandesKoepf {
    /// The centre x of every node, with the leftmost extent at 0.
    static func xCoordinates(_ graph: LayerGraph) -> [Double] {
        let n = graph.count
        guard n > 0 else { return [] }
        let conflicted = markConflicts(graph)
        var candidates: [[Double]] = []
        var leftAligned: [Bool] = []
        for upward in [true, false] {
            for rightward in [false, true] {
                var layers = upward ? graph.layers : graph.layers.reversed()
                if rightward { layers = layers.map { $0.reversed() } }
                var position = [Int](repeating: 0, count: n)
                for layer in layers {
                    for (i, node) in layer.enumerated() { position[node] = i }
                }
                let (root, shift) = verticalAlignment(
                    graph, layers: layers, position: position, upward: upward, mirrored: rightward,
                    conflicted: conflicted)
                var xs = horizontalCompaction(graph, layers: layers, root: root, shift: shift, mirrored: rightward)
                if rightward { xs = xs.map { -$0 } }
                candidates.append(xs)
                leftAligned.append(!rightward)
            }
        }
        // Align every candidate to the narrowest one (by its left side or its right side), then balance.
        let widths = candidates.map { xs in
            var low = Double.infinity
            var high = -Double.infinity
            for v in 0..<n {
                low = min(low, xs[v] - graph.leftExtent[v])
                high = max(high, xs[v] + graph.rightExtent[v])
            }
            return high - low
        }
        var narrowest = 0
        for i in 1..<widths.count where widths[i] < widths[narrowest] { narrowest = i }
        let targetMin = candidates[narrowest].min() ?? 0
        let targetMax = candidates[narrowest].max() ?? 0
        for i in candidates.indices {
            let delta =
                leftAligned[i]
                ? targetMin - (candidates[i].min() ?? 0) : targetMax - (candidates[i].max() ?? 0)
            if delta != 0 { candidates[i] = candidates[i].map { $0 + delta } }
        }
        var x = [Double](repeating: 0, count: n)
        for v in 0..<n {
            var values = [candidates[0][v], candidates[1][v], candidates[2][v], candidates[3][v]]
            values.sort()
            x[v] = (values[1] + values[2]) / 2
        }
        // Averaging can, rarely, bring two neighbours too close: push to the right where it did.
        for layer in graph.layers where layer.count > 1 {
            for i in 1..<layer.count {
                let minimum = x[layer[i - 1]] + graph.separation(left: layer[i - 1], right: layer[i])
                if x[layer[i]] < minimum { x[layer[i]] = minimum }
            }
        }
        var low = Double.infinity
        for v in 0..<n { low = min(low, x[v] - graph.leftExtent[v]) }
        return x.map { $0 - low }
    }

    /// Importance of a segment: main flow counts twice as much as being an inner (dummy-to-dummy) segment.
    static func importance(_ graph: LayerGraph, _ segment: Int) -> Int {
        let inner = graph.isEdgeLike[graph.segmentTail[segment]] && graph.isEdgeLike[graph.segmentHead[segment]]
        return (graph.segmentIsMain[segment] ? 2 : 0) + (inner ? 1 : 0)
    }

    /// Marks every segment that crosses a more important segment between the same two layers. Per layer pair
    /// and importance threshold, prefix maxima and suffix minima of the upper ends of the protected segments
    /// (indexed by lower end) answer "does this segment cross any of them" in O(1).
    static func markConflicts(_ graph: LayerGraph) -> [Bool] {
        var conflicted = [Bool](repeating: false, count: graph.segmentTail.count)
        let position = graph.positions()
        guard graph.layers.count > 1 else { return conflicted }
        for layer in 0..<(graph.layers.count - 1) {
            let lowerCount = graph.layers[layer + 1].count
            var segments: [Int] = []
            for node in graph.layers[layer] { segments.append(contentsOf: graph.outSegments[node]) }
            guard segments.count > 1 else { continue }
            let levels = segments.map { importance(graph, $0) }
            for threshold in [3, 2, 1] {
                var maxUpperAt = [Int](repeating: -1, count: lowerCount)
                var minUpperAt = [Int](repeating: Int.max, count: lowerCount)
                var any = false
                for (i, s) in segments.enumerated() where levels[i] >= threshold {
                    let lower = position[graph.segmentHead[s]]
                    let upper = position[graph.segmentTail[s]]
                    maxUpperAt[lower] = max(maxUpperAt[lower], upper)
                    minUpperAt[lower] = min(minUpperAt[lower], upper)
                    any = true
                }
                guard any else { continue }
                // before[i]: max upper end of protected segments whose lower end is left of i.
                var before = [Int](repeating: -1, count: lowerCount + 1)
                for i in 0..<lowerCount { before[i + 1] = max(before[i], maxUpperAt[i]) }
                // after[i]: min upper end of protected segments whose lower end is right of i.
                var after = [Int](repeating: Int.max, count: lowerCount + 1)
                var i = lowerCount - 1
                while i > 0 {
                    after[i - 1] = min(after[i], minUpperAt[i])
                    i -= 1
                }
                for (k, s) in segments.enumerated() where levels[k] < threshold {
                    let lower = position[graph.segmentHead[s]]
                    let upper = position[graph.segmentTail[s]]
                    if before[lower] > upper || after[lower] < upper { conflicted[s] = true }
                }
            }
        }
        return conflicted
    }

    /// Groups nodes into vertical blocks, each node joining its median neighbour in the previous layer of
    /// `layers` (upper neighbours when `upward`, lower ones otherwise) unless that would cross an earlier
    /// alignment in the same layer pair. Returns each node's block root and its offset from the root's centre
    /// line, non-zero where a segment meets a box off-centre (at a port); offsets are negated when `mirrored`.
    static func verticalAlignment(
        _ graph: LayerGraph, layers: [[Int]], position: [Int], upward: Bool, mirrored: Bool, conflicted: [Bool]
    ) -> (root: [Int], shift: [Double]) {
        var root = Array(0..<graph.count)
        var align = Array(0..<graph.count)
        var shift = [Double](repeating: 0, count: graph.count)
        // Candidates: (neighbour, offset between the two attachment points, all its segments conflicted).
        var neighbours: [(node: Int, delta: Double, conflicted: Bool)] = []
        for layer in layers {
            var previous = -1
            for v in layer {
                let segments = upward ? graph.inSegments[v] : graph.outSegments[v]
                guard !segments.isEmpty else { continue }
                // Only the most important segments are candidates: the main flow decides where a node goes.
                let hasMain = segments.contains { graph.segmentIsMain[$0] }
                neighbours.removeAll(keepingCapacity: true)
                for s in segments where !hasMain || graph.segmentIsMain[s] {
                    let (offsetTail, offsetHead) = (graph.segmentTailOffset[s], graph.segmentHeadOffset[s])
                    let delta = upward ? offsetTail - offsetHead : offsetHead - offsetTail
                    neighbours.append((upward ? graph.segmentTail[s] : graph.segmentHead[s], delta, conflicted[s]))
                }
                neighbours.sort { a, b in
                    position[a.node] != position[b.node] ? position[a.node] < position[b.node] : a.delta < b.delta
                }
                // Several segments to one neighbour (ports of one cluster box) count once, at their mean offset.
                var merged = 0
                var runLength = 0
                for i in neighbours.indices {
                    if merged > 0, neighbours[merged - 1].node == neighbours[i].node {
                        runLength += 1
                        let previousDelta = neighbours[merged - 1].delta
                        neighbours[merged - 1].delta =
                            previousDelta + (neighbours[i].delta - previousDelta) / Double(runLength)
                        neighbours[merged - 1].conflicted =
                            neighbours[merged - 1].conflicted && neighbours[i].conflicted
                    } else {
                        neighbours[merged] = neighbours[i]
                        merged += 1
                        runLength = 1
                    }
                }
                neighbours.removeLast(neighbours.count - merged)
                let low = (neighbours.count - 1) / 2
                let high = neighbours.count / 2
                for i in low...high {
                    let (w, delta, isConflicted) = neighbours[i]
                    if align[v] == v, previous < position[w], !isConflicted {
                        align[w] = v
                        root[v] = root[w]
                        align[v] = root[v]
                        previous = position[w]
                        // Line the two attachment points up: x_v + offset_v == x_w + offset_w.
                        shift[v] = shift[w] + (mirrored ? -delta : delta)
                    }
                }
            }
        }
        return (root, shift)
    }

    /// Packs the blocks left to right as tightly as separations allow, then pulls each block right towards
    /// its right neighbours where there is slack (dagre's two passes over the block graph).
    static func horizontalCompaction(
        _ graph: LayerGraph, layers: [[Int]], root: [Int], shift: [Double], mirrored: Bool
    ) -> [Double] {
        let n = graph.count
        var predecessors = [[(node: Int, gap: Double)]](repeating: [], count: n)
        var successors = [[(node: Int, gap: Double)]](repeating: [], count: n)
        var indegree = [Int](repeating: 0, count: n)
        for layer in layers where layer.count > 1 {
            for i in 1..<layer.count {
                let (u, v) = (layer[i - 1], layer[i])
                // In a mirrored pass the left neighbour in `layers` is the right one on the page.
                let separation = mirrored ? graph.separation(left: v, right: u) : graph.separation(left: u, right: v)
                let gap = separation + shift[u] - shift[v]
                predecessors[root[v]].append((root[u], gap))
                successors[root[u]].append((root[v], gap))
                indegree[root[v]] += 1
            }
        }
        // Topological order of the block graph (Kahn, smallest index first among the ready roots).
        var order: [Int] = []
        order.reserveCapacity(n)
        for v in 0..<n where root[v] == v && indegree[v] == 0 { order.append(v) }
        var head = 0
        while head < order.count {
            let u = order[head]
            head += 1
            for (w, _) in successors[u] {
                indegree[w] -= 1
                if indegree[w] == 0 { order.append(w) }
            }
        }
        if order.count < n {
            // A cyclic block graph would be a bug; place the leftovers anyway, the separation pass repairs.
            var seen = [Bool](repeating: false, count: n)
            for v in order { seen[v] = true }
            for v in 0..<n where root[v] == v && !seen[v] { order.append(v) }
        }
        var xs = [Double](repeating: 0, count: n)
        for v in order {
            var x = -Double.infinity
            for (u, gap) in predecessors[v] { x = max(x, xs[u] + gap) }
            if x == -.infinity { x = 0 }
            xs[v] = x
        }
        for v in order.reversed() {
            var limit = Double.infinity
            for (w, gap) in successors[v] { limit = min(limit, xs[w] - gap) }
            if limit != .infinity { xs[v] = max(xs[v], limit) }
        }
        var result = [Double](repeating: 0, count: n)
        for v in 0..<n { result[v] = xs[root[v]] + shift[v] }
        return result
    }
}
