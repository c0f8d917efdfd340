/// The input of a layout: nodes, edges and clusters, each list in declaration order.
///
/// Declaration order is the tie-breaker everywhere (component order, which branch goes left, which edge of a
/// cycle is reversed), so a caller gets a stable, predictable drawing by declaring the main flow first.
public struct LayoutGraph: Sendable, Hashable {
    /// The boxes to place.
    public var nodes: [LayoutNode]
    /// The connections to route.
    public var edges: [LayoutEdge]
    /// The groups, in any order (a parent need not come before its children).
    public var clusters: [LayoutCluster]

    /// Creates a graph.
    public init(nodes: [LayoutNode] = [], edges: [LayoutEdge] = [], clusters: [LayoutCluster] = []) {
        self.nodes = nodes
        self.edges = edges
        self.clusters = clusters
    }
}
