/// The validated input as index-based arrays: nodes and clusters are "entities" (nodes first, then clusters),
/// each with the cluster that contains it, plus the members of every level in declaration order.
struct Hierarchy {
    /// The number of nodes; entity `nodeCount + c` is cluster `c`.
    let nodeCount: Int
    /// The number of clusters; level `c` is cluster `c`'s inside, level `clusterCount` is the top level.
    let clusterCount: Int
    /// Each entity's enclosing cluster entity, or -1 for the top level.
    private(set) var parent: [Int] = []
    /// Each cluster's nesting depth (0 for top-level clusters), by cluster index.
    private(set) var depth: [Int] = []
    /// Each level's member entities in declaration order (a cluster ranks where its first node was declared).
    private(set) var members: [[Int]] = []
    /// Each edge's source and target entities.
    private(set) var edgeFrom: [Int] = []
    private(set) var edgeTo: [Int] = []

    /// Validates `graph` and indexes it; sizes are checked here too.
    init(_ graph: LayoutGraph) throws(LayoutError) {
        nodeCount = graph.nodes.count
        clusterCount = graph.clusters.count
        var index: [String: Int] = [:]
        index.reserveCapacity(nodeCount + clusterCount)
        for (i, node) in graph.nodes.enumerated() {
            guard index.updateValue(i, forKey: node.id) == nil else { throw .duplicateID(node.id) }
            guard Self.valid(node.size) else { throw .invalidSize("node '\(node.id)' has size \(node.size)") }
        }
        for (c, cluster) in graph.clusters.enumerated() {
            guard index.updateValue(nodeCount + c, forKey: cluster.id) == nil else { throw .duplicateID(cluster.id) }
            guard Self.valid(cluster.title), Self.valid(cluster.padding) else {
                throw .invalidSize("cluster '\(cluster.id)' has title \(cluster.title), padding \(cluster.padding)")
            }
        }
        func clusterEntity(_ id: String?, owner: String) throws(LayoutError) -> Int {
            guard let id else { return -1 }
            guard let entity = index[id], entity >= nodeCount else { throw .unknownCluster(owner: owner, cluster: id) }
            return entity
        }
        parent.reserveCapacity(nodeCount + clusterCount)
        for node in graph.nodes { parent.append(try clusterEntity(node.cluster, owner: node.id)) }
        for cluster in graph.clusters { parent.append(try clusterEntity(cluster.parent, owner: cluster.id)) }

        // Depths, detecting nesting cycles (a chain longer than the number of clusters must repeat).
        depth = [Int](repeating: -1, count: clusterCount)
        for c in 0..<clusterCount where depth[c] < 0 {
            var chain: [Int] = []
            var x = nodeCount + c
            while x >= 0, depth[x - nodeCount] < 0 {
                chain.append(x - nodeCount)
                if chain.count > clusterCount { throw .clusterCycle(graph.clusters[c].id) }
                x = parent[x]
            }
            var d = x < 0 ? -1 : depth[x - nodeCount]
            for member in chain.reversed() {
                d += 1
                depth[member] = d
            }
        }

        // Declaration keys: a node's index; a cluster takes its first (transitive) member node's index.
        var key = Array(0..<(nodeCount + clusterCount))
        var keyed = [Bool](repeating: false, count: clusterCount)
        for c in 0..<clusterCount { key[nodeCount + c] = nodeCount + c }
        for n in 0..<nodeCount {
            var x = parent[n]
            while x >= 0, !keyed[x - nodeCount] {
                keyed[x - nodeCount] = true
                key[x] = n
                x = parent[x]
            }
        }
        members = [[Int]](repeating: [], count: clusterCount + 1)
        for entity in 0..<(nodeCount + clusterCount) { members[level(containing: entity)].append(entity) }
        for l in members.indices { members[l].sort { key[$0] != key[$1] ? key[$0] < key[$1] : $0 < $1 } }

        var edgeIDs = Set<String>()
        for edge in graph.edges {
            guard edgeIDs.insert(edge.id).inserted else { throw .duplicateEdgeID(edge.id) }
            guard let from = index[edge.from] else { throw .unknownEndpoint(edge: edge.id, endpoint: edge.from) }
            guard let to = index[edge.to] else { throw .unknownEndpoint(edge: edge.id, endpoint: edge.to) }
            if let label = edge.label, !Self.valid(label) {
                throw .invalidSize("edge '\(edge.id)' has label \(label)")
            }
            if from != to, isAncestor(from, of: to) || isAncestor(to, of: from) {
                throw .edgeIntoOwnCluster(edge: edge.id)
            }
            edgeFrom.append(from)
            edgeTo.append(to)
        }
    }

    /// The level an entity is a member of.
    func level(containing entity: Int) -> Int {
        parent[entity] < 0 ? clusterCount : parent[entity] - nodeCount
    }

    /// The entity whose inside a level is (-1 for the top level).
    func entity(ofLevel level: Int) -> Int { level == clusterCount ? -1 : nodeCount + level }

    /// Whether `ancestor` is a cluster that contains `entity` at any depth.
    func isAncestor(_ ancestor: Int, of entity: Int) -> Bool {
        guard ancestor >= nodeCount else { return false }
        var x = parent[entity]
        while x >= 0 {
            if x == ancestor { return true }
            x = parent[x]
        }
        return false
    }

    /// The innermost cluster entity containing both (not equal to either), or -1 for the top level.
    func commonAncestor(_ a: Int, _ b: Int) -> Int {
        var x = parent[a]
        var y = parent[b]
        func depthOf(_ e: Int) -> Int { e < 0 ? -1 : depth[e - nodeCount] }
        while x != y {
            let (dx, dy) = (depthOf(x), depthOf(y))
            if dx >= dy { x = parent[x] }
            if dy >= dx { y = parent[y] }
        }
        return x
    }

    /// The clusters crossed going up from `entity` to (not including) `top`, innermost first, each with the
    /// member it contains on the way; plus the member of `top`'s level the path arrives at.
    func path(from entity: Int, upTo top: Int) -> (crossed: [(cluster: Int, member: Int)], member: Int) {
        var crossed: [(cluster: Int, member: Int)] = []
        var member = entity
        var x = parent[entity]
        while x != top {
            crossed.append((x, member))
            member = x
            x = parent[x]
        }
        return (crossed, member)
    }

    /// Whether a size is finite and not negative.
    static func valid(_ size: LayoutSize) -> Bool { valid(size.width) && valid(size.height) }

    /// Whether a length is finite and not negative.
    static func valid(_ value: Double) -> Bool { value.isFinite && value >= 0 }
}
