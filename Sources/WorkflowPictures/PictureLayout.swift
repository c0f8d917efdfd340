import GraphLayout

/// The geometry of a picture: every box sized to its text (names wrapped, never cut short of four
/// lines), then placed by ``LayeredLayout`` (deterministic, and stable when a state is added).
package struct PictureLayout: Sendable {
    /// What is drawn.
    package var graph: PictureGraph
    /// Where everything went.
    package var positioned: PositionedGraph
    /// Each node's text, by node id.
    var nodeText: [String: BoxText] = [:]
    /// Each cluster's title, by cluster id.
    var clusterText: [String: BoxText] = [:]
    /// Each edge label's lines, by edge id.
    var labelLines: [String: [String]] = [:]

    /// The lines of a box: the name (wrapped), the subtitle and the retry line.
    struct BoxText: Sendable {
        var name: [String]
        var subtitle: [String] = []
        var retry: String?
        /// The widest line allowed, for the page's fit check.
        var width: Double
    }

    static let nameSize = 13.0
    static let nameLine = 17.0
    static let subtitleSize = 11.0
    static let subtitleLine = 15.0
    static let retrySize = 10.0
    static let retryLine = 14.0
    static let labelSize = 11.0
    static let labelLine = 14.0
    static let titleSize = 12.0
    static let titleLine = 16.0
    static let branchSize = 10.0
    /// The widest text line in a state's box.
    static let maxText = 200.0
    /// Horizontal room around a box's text.
    static let textPadding = 14.0
    /// Extra width of a Choice's pointed ends.
    static let choiceTips = 14.0
    /// The empty border around the drawing.
    static let margin = 16.0

    /// Sizes every box and lays the graph out.
    package init(_ graph: PictureGraph, options: LayoutOptions = PictureLayout.options) throws(LayoutError) {
        self.graph = graph
        var input = LayoutGraph()
        for node in graph.nodes {
            let size: LayoutSize
            switch node.kind {
            case .start, .end:
                size = LayoutSize(width: 64, height: 26)
                nodeText[node.id] = BoxText(name: [node.name], width: 56)
            case .state, .missing:
                let name = TextMetrics.wrap(node.name, maxWidth: Self.maxText, size: Self.nameSize, bold: true)
                let subtitle =
                    node.subtitle.isEmpty
                    ? []
                    : TextMetrics.wrap(node.subtitle, maxWidth: Self.maxText, size: Self.subtitleSize, maxLines: 2)
                let retry = node.retry.map { "↻ " + $0 }
                var width = name.map { TextMetrics.width($0, size: Self.nameSize, bold: true) }.max() ?? 0
                for line in subtitle { width = max(width, TextMetrics.width(line, size: Self.subtitleSize)) }
                if let retry { width = max(width, TextMetrics.width(retry, size: Self.retrySize)) }
                var boxWidth = max(120, (width + 2 * Self.textPadding).rounded(.up))
                if node.kind == .state(.choice) { boxWidth += 2 * Self.choiceTips }
                var height = 20 + Self.nameLine * Double(name.count) + Self.subtitleLine * Double(subtitle.count)
                if retry != nil { height += Self.retryLine }
                size = LayoutSize(width: boxWidth, height: height)
                nodeText[node.id] = BoxText(name: name, subtitle: subtitle, retry: retry, width: Self.maxText)
            }
            input.nodes.append(LayoutNode(id: node.id, size: size, cluster: node.cluster))
        }
        for cluster in graph.clusters {
            switch cluster.kind {
            case .branch:
                let width = TextMetrics.width(cluster.name, size: Self.branchSize)
                clusterText[cluster.id] = BoxText(name: [cluster.name], width: width + 8)
                input.clusters.append(
                    LayoutCluster(
                        id: cluster.id, parent: cluster.parent,
                        title: LayoutSize(width: width.rounded(.up), height: 12), padding: 10))
            case .parallel, .map:
                let maxWidth = 260.0
                let name = TextMetrics.wrap(cluster.name, maxWidth: maxWidth, size: Self.titleSize, bold: true)
                let subtitle = TextMetrics.wrap(
                    cluster.subtitle, maxWidth: maxWidth, size: Self.subtitleSize, maxLines: 1)
                let retry = cluster.retry.map { "↻ " + $0 }
                var width = name.map { TextMetrics.width($0, size: Self.titleSize, bold: true) }.max() ?? 0
                for line in subtitle { width = max(width, TextMetrics.width(line, size: Self.subtitleSize)) }
                if let retry { width = max(width, TextMetrics.width(retry, size: Self.retrySize)) }
                var height = Self.titleLine * Double(name.count) + Self.subtitleLine
                if retry != nil { height += Self.retryLine }
                clusterText[cluster.id] = BoxText(name: name, subtitle: subtitle, retry: retry, width: maxWidth)
                input.clusters.append(
                    LayoutCluster(
                        id: cluster.id, parent: cluster.parent,
                        title: LayoutSize(width: width.rounded(.up), height: height), padding: 12))
            }
        }
        for edge in graph.edges {
            var label: LayoutSize?
            if let text = edge.label {
                let lines = TextMetrics.wrap(text, maxWidth: 150, size: Self.labelSize, maxLines: 3)
                labelLines[edge.id] = lines
                let width = lines.map { TextMetrics.width($0, size: Self.labelSize) }.max() ?? 0
                label = LayoutSize(width: (width + 10).rounded(.up), height: Self.labelLine * Double(lines.count) + 6)
            }
            input.edges.append(
                LayoutEdge(
                    id: edge.id, from: edge.from, to: edge.to, label: label,
                    kind: edge.role == .catch ? .secondary : .primary))
        }
        positioned = try LayeredLayout.layout(input, options: options)
    }

    /// The spacing the pictures use.
    package static let options = LayoutOptions(nodeSpacing: 36, layerSpacing: 44, margin: margin)
}
