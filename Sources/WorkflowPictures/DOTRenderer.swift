import StepFunctionsModel

/// Writes a picture as a Graphviz DOT digraph: states by shape and colour, Parallel and Map states
/// as clusters (`compound=true`: an edge to or from a cluster is drawn to its border), Choice
/// rules and Catch errors on edges.
enum DOTRenderer {
    static func render(_ graph: PictureGraph, title: String?) -> String {
        var out = "digraph " + quoted(title ?? "workflow") + " {\n"
        out += "    graph [rankdir=TB, compound=true, newrank=true, nodesep=0.35, ranksep=0.45, "
        out += "fontname=\"Helvetica,Arial,sans-serif\", fontsize=11];\n"
        out += "    node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica,Arial,sans-serif\", fontsize=11, "
        out += "margin=\"0.15,0.06\"];\n"
        out += "    edge [fontname=\"Helvetica,Arial,sans-serif\", fontsize=9, color=\"#4a5568\", arrowsize=0.7];\n"
        let children = Dictionary(grouping: graph.clusters.filter { $0.parent != nil }, by: { $0.parent ?? "" })
        // A Parallel or Map has an invisible entry point at its top and exit point at its bottom,
        // tied to the first and the last states of each branch (or of the processor): an edge to or
        // from the cluster ends there, clipped at the border, and the branches sit side by side.
        let clusterIDs = Set(graph.clusters.map(\.id))
        func entry(_ id: String) -> String { clusterIDs.contains(id) ? id + "__in" : id }
        func exit(_ id: String) -> String { clusterIDs.contains(id) ? id + "__out" : id }
        var structure: [String] = []
        for c in graph.clusters where !isBranch(c.kind) {
            let regions = c.kind == .map ? [c.id] : (children[c.id] ?? []).map(\.id)
            for region in regions {
                if let first = graph.regionStarts[region] {
                    structure.append(
                        quoted(c.id + "__in") + " -> " + quoted(entry(first)) + " [style=invis, weight=10];")
                }
                for state in graph.states where state.region == region && state.state.isTerminal {
                    structure.append(quoted(exit(state.id)) + " -> " + quoted(c.id + "__out") + " [style=invis];")
                }
            }
        }

        func nodeLine(_ node: PictureGraph.Node, indent: String) -> String {
            var label = "<b>" + html(node.name) + "</b>"
            if !node.subtitle.isEmpty { label += "<br/><font point-size=\"9\">" + html(node.subtitle) + "</font>" }
            if let retry = node.retry {
                label += "<br/><font point-size=\"9\" color=\"#975a16\">↻ " + html(retry) + "</font>"
            }
            var attributes = ["label=<" + label + ">"]
            switch node.kind {
            case .start, .end:
                attributes = [
                    "label=" + quoted(node.name), "shape=" + (node.kind == .start ? "circle" : "doublecircle"),
                    "style=filled", "fillcolor=\"#2d3748\"", "fontcolor=white", "fontsize=9", "width=0.55",
                    "fixedsize=true",
                ]
            case .missing:
                attributes += ["style=\"rounded,dashed\"", "color=\"#c53030\"", "fontcolor=\"#c53030\""]
            case .state(let type):
                let (fill, stroke) = colours(type)
                attributes += ["fillcolor=\"\(fill)\"", "color=\"\(stroke)\""]
                switch type {
                case .choice: attributes.append("shape=hexagon")
                case .succeed, .fail: attributes.append("peripheries=2")
                case .pass: attributes.append("style=\"rounded,filled,dashed\"")
                default: break
                }
            }
            if let comment = node.comment { attributes.append("tooltip=" + quoted(comment)) }
            return indent + quoted(node.id) + " [" + attributes.joined(separator: ", ") + "];\n"
        }

        func cluster(_ c: PictureGraph.Cluster, indent: String) -> String {
            var s = indent + "subgraph " + quoted("cluster_" + c.id) + " {\n"
            var label = "<b>" + html(c.name) + "</b>"
            if !c.subtitle.isEmpty { label += " <font point-size=\"9\">" + html(c.subtitle) + "</font>" }
            if let retry = c.retry { label += " <font point-size=\"9\" color=\"#975a16\">↻ " + html(retry) + "</font>" }
            s += indent + "    label=<" + label + ">; labeljust=l;\n"
            switch c.kind {
            case .parallel:
                s += indent + "    style=\"dashed,rounded,filled\"; color=\"#4a5568\"; fillcolor=\"#f7fafc\";\n"
            case .map: s += indent + "    style=\"dashed,rounded,filled\"; color=\"#2c7a7b\"; fillcolor=\"#effaf9\";\n"
            case .branch:
                s += indent + "    style=\"rounded,filled\"; color=\"#a0aec0\"; fillcolor=\"#ffffff\"; fontsize=9;\n"
            }
            for child in children[c.id] ?? [] { s += cluster(child, indent: indent + "    ") }
            for node in graph.nodes where node.cluster == c.id { s += nodeLine(node, indent: indent + "    ") }
            if !isBranch(c.kind) {
                for point in ["__in", "__out"] {
                    s +=
                        indent + "    " + quoted(c.id + point)
                        + " [shape=point, style=invis, width=0.01, height=0.01];\n"
                }
            }
            s += indent + "}\n"
            return s
        }

        for node in graph.nodes where node.cluster == nil && node.kind != .end { out += nodeLine(node, indent: "    ") }
        for c in graph.clusters where c.parent == nil { out += cluster(c, indent: "    ") }
        for node in graph.nodes where node.kind == .end { out += nodeLine(node, indent: "    ") }
        for line in structure { out += "    " + line + "\n" }
        for edge in graph.edges {
            var attributes: [String] = []
            let from = exit(edge.from)
            let to = entry(edge.to)
            if from != edge.from { attributes.append("ltail=" + quoted("cluster_" + edge.from)) }
            if to != edge.to { attributes.append("lhead=" + quoted("cluster_" + edge.to)) }
            if let label = edge.label { attributes.append("label=" + quoted(label)) }
            if let detail = edge.detail { attributes.append("tooltip=" + quoted(detail)) }
            switch edge.role {
            case .catch: attributes += ["style=dashed", "color=\"#c05621\"", "fontcolor=\"#9c4221\""]
            case .defaultRule: attributes.append("fontcolor=\"#718096\"")
            default: break
            }
            out += "    " + quoted(from) + " -> " + quoted(to)
            out += attributes.isEmpty ? ";\n" : " [" + attributes.joined(separator: ", ") + "];\n"
        }
        return out + "}\n"
    }

    static func isBranch(_ kind: PictureGraph.ClusterKind) -> Bool {
        if case .branch = kind { return true }
        return false
    }

    /// Fill and border colours by state type (the same as the HTML page's).
    static func colours(_ type: StateType) -> (String, String) {
        switch type {
        case .task: return ("#e8f1fb", "#2b6cb0")
        case .pass: return ("#f4f5f7", "#718096")
        case .choice: return ("#fff6df", "#b7791f")
        case .wait: return ("#f1ecfb", "#6b46c1")
        case .succeed: return ("#e6f6ea", "#2f855a")
        case .fail: return ("#fdecea", "#c53030")
        case .parallel: return ("#f7fafc", "#4a5568")
        case .map: return ("#effaf9", "#2c7a7b")
        }
    }

    /// A DOT string: quotes and backslashes escaped, line breaks as `\n`.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for c in text {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    /// Text inside a DOT HTML-like label.
    static func html(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "<br/>"
            default: out.append(c)
            }
        }
        return out
    }
}
