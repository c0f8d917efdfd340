/// A box to place: a stable id, its size, and the cluster it belongs to, if any.
public struct LayoutNode: Sendable, Hashable {
    /// Unique among all node and cluster ids of the graph; edges refer to it.
    public var id: String
    /// The box's size; the layout never changes it.
    public var size: LayoutSize
    /// The id of the innermost cluster that contains the node, or `nil` for the top level.
    public var cluster: String?

    /// Creates a node.
    public init(id: String, size: LayoutSize, cluster: String? = nil) {
        self.id = id
        self.size = size
        self.cluster = cluster
    }

    /// Creates a node from a width and a height.
    public init(id: String, width: Double, height: Double, cluster: String? = nil) {
        self.init(id: id, size: LayoutSize(width: width, height: height), cluster: cluster)
    }
}
