/// How much an edge matters to the shape of the drawing.
public enum EdgeKind: Sendable, Hashable {
    /// Main flow (`Next`, Choice rules, `Default`): kept pointing down and drawn straight first.
    case primary
    /// Side flow (`Catch`, error paths): reversed first when breaking cycles, straightened last.
    case secondary
}

/// A directed connection between two nodes, or between a node and a cluster's box.
public struct LayoutEdge: Sendable, Hashable {
    /// Unique among the graph's edges.
    public var id: String
    /// The id of the node or cluster the edge leaves.
    public var from: String
    /// The id of the node or cluster the edge enters (equal to `from` for a self-loop).
    public var to: String
    /// The size of the edge's label, if it has one; the layout reserves room for it.
    public var label: LayoutSize?
    /// Main or side flow.
    public var kind: EdgeKind

    /// Creates an edge.
    public init(id: String, from: String, to: String, label: LayoutSize? = nil, kind: EdgeKind = .primary) {
        self.id = id
        self.from = from
        self.to = to
        self.label = label
        self.kind = kind
    }
}
