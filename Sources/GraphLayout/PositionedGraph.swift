/// Where one node ended up.
public struct PositionedNode: Sendable, Hashable {
    /// The node's id.
    public var id: String
    /// The node's box, of the size it was given.
    public var frame: LayoutRect

    /// Creates a placed node.
    public init(id: String, frame: LayoutRect) {
        self.id = id
        self.frame = frame
    }
}

/// Where one cluster's box ended up.
public struct PositionedCluster: Sendable, Hashable {
    /// The cluster's id.
    public var id: String
    /// The box enclosing the title, all members and the padding.
    public var frame: LayoutRect
    /// Where the title goes: the top-left corner inside the padding.
    public var titleFrame: LayoutRect

    /// Creates a placed cluster.
    public init(id: String, frame: LayoutRect, titleFrame: LayoutRect) {
        self.id = id
        self.frame = frame
        self.titleFrame = titleFrame
    }
}

/// The route of one edge.
public struct PositionedEdge: Sendable, Hashable {
    /// The edge's id.
    public var id: String
    /// The id of the node or cluster the edge leaves.
    public var from: String
    /// The id of the node or cluster the edge enters.
    public var to: String
    /// Main or side flow, as given.
    public var kind: EdgeKind
    /// The polyline from `from`'s border to `to`'s border, always in the edge's own direction: draw the arrowhead
    /// at the last point.
    public var points: [LayoutPoint]
    /// Whether the edge was turned around to break a cycle (it points against the layer direction, a loop back).
    public var isReversed: Bool
    /// Where the label goes, centred on the route, if the edge has one.
    public var labelFrame: LayoutRect?

    /// Creates a routed edge.
    public init(
        id: String, from: String, to: String, kind: EdgeKind, points: [LayoutPoint], isReversed: Bool,
        labelFrame: LayoutRect?
    ) {
        self.id = id
        self.from = from
        self.to = to
        self.kind = kind
        self.points = points
        self.isReversed = isReversed
        self.labelFrame = labelFrame
    }
}

/// The result of a layout: every box and route, in the input's declaration order.
public struct PositionedGraph: Sendable, Hashable {
    /// The size of the whole drawing, margins included; every frame and point lies inside it.
    public var size: LayoutSize
    /// One entry per input node, in input order.
    public var nodes: [PositionedNode]
    /// One entry per input cluster, in input order.
    public var clusters: [PositionedCluster]
    /// One entry per input edge, in input order.
    public var edges: [PositionedEdge]

    /// Creates a layout result (the layout makes these; tests and renderers may too).
    public init(size: LayoutSize, nodes: [PositionedNode], clusters: [PositionedCluster], edges: [PositionedEdge]) {
        self.size = size
        self.nodes = nodes
        self.clusters = clusters
        self.edges = edges
    }

    /// The placed node with this id, if there is one (a linear search).
    public func node(_ id: String) -> PositionedNode? { nodes.first { $0.id == id } }
    /// The placed cluster with this id, if there is one (a linear search).
    public func cluster(_ id: String) -> PositionedCluster? { clusters.first { $0.id == id } }
    /// The route of the edge with this id, if there is one (a linear search).
    public func edge(_ id: String) -> PositionedEdge? { edges.first { $0.id == id } }
}
