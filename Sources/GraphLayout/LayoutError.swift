/// Why a graph cannot be laid out.
public enum LayoutError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Two nodes or clusters share an id (nodes and clusters share one namespace).
    case duplicateID(String)
    /// Two edges share an id.
    case duplicateEdgeID(String)
    /// An edge names an endpoint that is neither a node nor a cluster.
    case unknownEndpoint(edge: String, endpoint: String)
    /// A node or cluster names a parent cluster that does not exist.
    case unknownCluster(owner: String, cluster: String)
    /// Clusters are nested in a cycle.
    case clusterCycle(String)
    /// An edge connects a cluster with something inside it.
    case edgeIntoOwnCluster(edge: String)
    /// A size, padding or spacing is negative, infinite or NaN.
    case invalidSize(String)

    /// A one-line explanation naming the offending id.
    public var description: String {
        switch self {
        case .duplicateID(let id): "duplicate node or cluster id '\(id)'"
        case .duplicateEdgeID(let id): "duplicate edge id '\(id)'"
        case .unknownEndpoint(let edge, let endpoint): "edge '\(edge)' refers to unknown node or cluster '\(endpoint)'"
        case .unknownCluster(let owner, let cluster): "'\(owner)' refers to unknown cluster '\(cluster)'"
        case .clusterCycle(let id): "cluster '\(id)' is nested inside itself"
        case .edgeIntoOwnCluster(let edge): "edge '\(edge)' connects a cluster with one of its own members"
        case .invalidSize(let what): "invalid size or spacing: \(what)"
        }
    }
}
