/// The proper layered graph of one connected part of one level: items plus the dummy nodes that split long
/// edges, so that every segment joins two adjacent layers. Phases 4 and 5 work on it.
struct LayerGraph {
    /// Each node's layer.
    var layerOf: [Int] = []
    /// How far each node reaches left of its centre line.
    var leftExtent: [Double] = []
    /// How far each node reaches right of its centre line (a self-loop makes it more than the left extent).
    var rightExtent: [Double] = []
    /// Each node's height.
    var height: [Double] = []
    /// Each node's share of the gap to a neighbour: node spacing for boxes, edge spacing for edge-like nodes.
    var spacing: [Double] = []
    /// Dummies and ports: a segment between two of them is an "inner segment" that coordinate assignment
    /// prefers to keep vertical.
    var isEdgeLike: [Bool] = []
    /// Each segment's upper node.
    var segmentTail: [Int] = []
    /// Each segment's lower node.
    var segmentHead: [Int] = []
    /// Whether a segment belongs to a primary edge that was not reversed (the main flow).
    var segmentIsMain: [Bool] = []
    /// Where a segment meets its upper node, relative to that node's centre line (a port on a cluster box).
    var segmentTailOffset: [Double] = []
    /// Where a segment meets its lower node, relative to that node's centre line.
    var segmentHeadOffset: [Double] = []
    /// Each node's segments to the next layer, in creation order.
    var outSegments: [[Int]] = []
    /// Each node's segments from the previous layer, in creation order.
    var inSegments: [[Int]] = []
    /// The nodes of each layer, left to right (filled by crossing minimisation).
    var layers: [[Int]] = []

    /// The number of nodes.
    var count: Int { layerOf.count }

    /// Adds a node and returns its index.
    mutating func addNode(
        layer: Int, left: Double, right: Double, height: Double, spacing: Double, edgeLike: Bool
    ) -> Int {
        layerOf.append(layer)
        leftExtent.append(left)
        rightExtent.append(right)
        self.height.append(height)
        self.spacing.append(spacing)
        isEdgeLike.append(edgeLike)
        outSegments.append([])
        inSegments.append([])
        return layerOf.count - 1
    }

    /// Adds a segment between adjacent layers.
    mutating func addSegment(
        from tail: Int, to head: Int, main: Bool, tailOffset: Double = 0, headOffset: Double = 0
    ) {
        let index = segmentTail.count
        segmentTail.append(tail)
        segmentHead.append(head)
        segmentIsMain.append(main)
        segmentTailOffset.append(tailOffset)
        segmentHeadOffset.append(headOffset)
        outSegments[tail].append(index)
        inSegments[head].append(index)
    }

    /// The minimum distance between the centre lines of `left` and `right` when they are neighbours in a layer.
    func separation(left: Int, right: Int) -> Double {
        rightExtent[left] + leftExtent[right] + (spacing[left] + spacing[right]) / 2
    }

    /// Each node's index within its layer.
    func positions() -> [Int] {
        var position = [Int](repeating: 0, count: count)
        for layer in layers {
            for (i, node) in layer.enumerated() { position[node] = i }
        }
        return position
    }
}
