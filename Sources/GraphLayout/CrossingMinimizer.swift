/// Phase 4: orders the nodes within each layer to reduce edge crossings.
///
/// The initial order is a depth-first search from the top layer in declaration order, primary segments first,
/// so the main flow starts on the left and each subtree stays together. Then layer-by-layer barycenter sweeps,
/// alternately down and up, sort each layer by the mean position of its neighbours in the layer just fixed;
/// ties keep the current order, so declaration order decides between equals. The order with the fewest
/// crossings wins (the earliest on a tie, which favours the initial order and therefore stability). The number
/// of sweeps is capped by a work budget so huge graphs stay near-linear.
enum CrossingMinimizer {
    /// Segment visits allowed for sweeping one connected part; beyond it fewer sweeps run.
    static let workBudget = 6_000_000

    /// Fills `graph.layers` with a crossing-reduced order. `roots` lists the non-dummy nodes in declaration
    /// order; `layerCount` is the number of layers.
    static func order(_ graph: inout LayerGraph, roots: [Int], layerCount: Int, sweeps: Int) {
        graph.layers = initialOrder(graph, roots: roots, layerCount: layerCount)
        guard layerCount > 1 else { return }
        let work = max(1, graph.segmentTail.count + graph.count)
        let allowed = min(max(0, sweeps), max(2, workBudget / work))
        var best = graph.layers
        var bestCrossings = crossings(graph)
        var position = graph.positions()
        var sweep = 0
        var sinceImprovement = 0
        while sweep < allowed, bestCrossings > 0, sinceImprovement < 4 {
            let down = sweep % 2 == 0
            let range: [Int] = down ? Array(1..<layerCount) : Array((0..<(layerCount - 1)).reversed())
            for layer in range { reorder(&graph, layer: layer, usingUpper: down, position: &position) }
            let count = crossings(graph)
            if count < bestCrossings {
                bestCrossings = count
                best = graph.layers
                sinceImprovement = 0
            } else {
                sinceImprovement += 1
            }
            sweep += 1
        }
        graph.layers = best
    }

    /// Depth-first order: roots by layer then declaration order; children by main-first, then creation order.
    static func initialOrder(_ graph: LayerGraph, roots: [Int], layerCount: Int) -> [[Int]] {
        var layers = [[Int]](repeating: [], count: layerCount)
        var visited = [Bool](repeating: false, count: graph.count)
        let sortedRoots = roots.enumerated().sorted { a, b in
            let (la, lb) = (graph.layerOf[a.element], graph.layerOf[b.element])
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
        var stack: [Int] = []
        for root in sortedRoots where !visited[root] {
            stack.append(root)
            while let node = stack.popLast() {
                if visited[node] { continue }
                visited[node] = true
                layers[graph.layerOf[node]].append(node)
                // Pushed in reverse so that the first (main) child is visited first.
                let children =
                    graph.outSegments[node].filter { graph.segmentIsMain[$0] }
                    + graph.outSegments[node].filter { !graph.segmentIsMain[$0] }
                for segment in children.reversed() where !visited[graph.segmentHead[segment]] {
                    stack.append(graph.segmentHead[segment])
                }
            }
        }
        // Nodes no root reaches (cannot happen for dummies; kept for safety) go last, in index order.
        for node in 0..<graph.count where !visited[node] { layers[graph.layerOf[node]].append(node) }
        return layers
    }

    /// Sorts one layer by barycenters of its neighbours in the adjacent, already fixed layer. Nodes without
    /// such neighbours keep their slot.
    static func reorder(_ graph: inout LayerGraph, layer: Int, usingUpper: Bool, position: inout [Int]) {
        let nodes = graph.layers[layer]
        var movable: [(barycenter: Double, index: Int, node: Int)] = []
        movable.reserveCapacity(nodes.count)
        var fixed = [Bool](repeating: false, count: nodes.count)
        for (i, node) in nodes.enumerated() {
            let segments = usingUpper ? graph.inSegments[node] : graph.outSegments[node]
            if segments.isEmpty {
                fixed[i] = true
                continue
            }
            var sum = 0.0
            for s in segments {
                sum += usingUpper ? tailKey(graph, s, position) : headKey(graph, s, position)
            }
            movable.append((sum / Double(segments.count), i, node))
        }
        movable.sort { $0.barycenter != $1.barycenter ? $0.barycenter < $1.barycenter : $0.index < $1.index }
        var result = nodes
        var next = 0
        for i in 0..<nodes.count where !fixed[i] {
            result[i] = movable[next].node
            next += 1
        }
        graph.layers[layer] = result
        for (i, node) in result.enumerated() { position[node] = i }
    }

    /// Where a segment leaves its upper node, as a position in that node's layer: the node's index plus a
    /// fraction for a port off the box's centre, so edges to a cluster's left port sort left of those to its
    /// right port.
    static func tailKey(_ graph: LayerGraph, _ segment: Int, _ position: [Int]) -> Double {
        let node = graph.segmentTail[segment]
        return Double(position[node]) + fraction(graph, node, graph.segmentTailOffset[segment])
    }

    /// Where a segment enters its lower node, as a position in that node's layer (see `tailKey`).
    static func headKey(_ graph: LayerGraph, _ segment: Int, _ position: [Int]) -> Double {
        let node = graph.segmentHead[segment]
        return Double(position[node]) + fraction(graph, node, graph.segmentHeadOffset[segment])
    }

    /// An offset from a node's centre line as a fraction strictly between -0.5 and 0.5.
    static func fraction(_ graph: LayerGraph, _ node: Int, _ offset: Double) -> Double {
        offset == 0 ? 0 : offset / (graph.leftExtent[node] + graph.rightExtent[node] + 1) * 0.98
    }

    /// The number of segment crossings between all adjacent layer pairs, counting ports on one box as
    /// distinct positions: segments sorted by upper end, then inversions of their lower ends counted by merge
    /// sort. O(E log E).
    static func crossings(_ graph: LayerGraph) -> Int {
        guard graph.layers.count > 1 else { return 0 }
        let position = graph.positions()
        var total = 0
        var pairs: [(tail: Double, head: Double)] = []
        var heads: [Double] = []
        var buffer: [Double] = []
        for layer in 0..<(graph.layers.count - 1) {
            guard graph.layers[layer + 1].count > 1 || graph.layers[layer].count > 1 else { continue }
            pairs.removeAll(keepingCapacity: true)
            for node in graph.layers[layer] {
                for s in graph.outSegments[node] {
                    pairs.append((tailKey(graph, s, position), headKey(graph, s, position)))
                }
            }
            guard pairs.count > 1 else { continue }
            pairs.sort { $0.tail != $1.tail ? $0.tail < $1.tail : $0.head < $1.head }
            heads = pairs.map(\.head)
            buffer = heads
            total += inversions(&heads, &buffer, 0, heads.count)
        }
        return total
    }

    /// Counts pairs i < j with values[i] > values[j] in values[low..<high], sorting that range.
    static func inversions(_ values: inout [Double], _ buffer: inout [Double], _ low: Int, _ high: Int) -> Int {
        guard high - low > 1 else { return 0 }
        let mid = (low + high) / 2
        var count = inversions(&values, &buffer, low, mid) + inversions(&values, &buffer, mid, high)
        var (i, j, k) = (low, mid, low)
        while i < mid, j < high {
            if values[j] < values[i] {
                count += mid - i
                buffer[k] = values[j]
                j += 1
            } else {
                buffer[k] = values[i]
                i += 1
            }
            k += 1
        }
        while i < mid {
            buffer[k] = values[i]
            i += 1
            k += 1
        }
        while j < high {
            buffer[k] = values[j]
            j += 1
            k += 1
        }
        for t in low..<high { values[t] = buffer[t] }
        return count
    }
}
