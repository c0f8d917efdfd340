/// A box drawn around a group of nodes and nested clusters (a Parallel state, one of its branches, a Map's
/// item processor), laid out as one unit inside its parent.
public struct LayoutCluster: Sendable, Hashable {
    /// Unique among all node and cluster ids of the graph; nodes, clusters and edges refer to it.
    public var id: String
    /// The id of the enclosing cluster, or `nil` for the top level.
    public var parent: String?
    /// The size of the title drawn in the box's top-left corner (zero for none).
    public var title: LayoutSize
    /// The space between the box's border and its title and members.
    public var padding: Double

    /// Creates a cluster.
    public init(id: String, parent: String? = nil, title: LayoutSize = .zero, padding: Double = 12) {
        self.id = id
        self.parent = parent
        self.title = title
        self.padding = padding
    }
}
