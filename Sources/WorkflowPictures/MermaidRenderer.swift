/// Writes a picture as a Mermaid flowchart: states by shape and class, Parallel and Map states
/// as subgraphs (a branch is a subgraph of its Parallel's), Choice rules and Catch errors on edges.
enum MermaidRenderer {
    static func render(_ graph: PictureGraph, title: String?) -> String {
        var out = ""
        if let title, !title.isEmpty { out += "---\ntitle: \(escapedTitle(title))\n---\n" }
        out += "flowchart TD\n"
        var classes: [(String, String)] = []
        let children = Dictionary(grouping: graph.clusters.filter { $0.parent != nil }, by: { $0.parent ?? "" })

        func nodeLine(_ node: PictureGraph.Node, indent: String) -> String {
            var lines = [escaped(node.name)]
            if !node.subtitle.isEmpty { lines.append("<small>" + escaped(node.subtitle) + "</small>") }
            if let retry = node.retry { lines.append("<small>↻ " + escaped(retry) + "</small>") }
            let label = "\"" + lines.joined(separator: "<br/>") + "\""
            let shape: String
            switch node.kind {
            case .start: shape = "((\"Start\"))"
            case .end: shape = "(((\"End\")))"
            case .missing: shape = "[" + label + "]"
            case .state(let type):
                switch type {
                case .choice: shape = "{{" + label + "}}"
                case .succeed, .fail: shape = "([" + label + "])"
                default: shape = "[" + label + "]"
                }
            }
            classes.append((node.id, className(node.kind)))
            return indent + node.id + shape + "\n"
        }

        func cluster(_ c: PictureGraph.Cluster, indent: String) -> String {
            var title = c.name
            if !c.subtitle.isEmpty { title += " · " + c.subtitle }
            if let retry = c.retry { title += " · ↻ " + retry }
            var s = indent + "subgraph " + c.id + " [\"" + escaped(title) + "\"]\n"
            s += indent + "    direction TB\n"
            for child in children[c.id] ?? [] { s += cluster(child, indent: indent + "    ") }
            for node in graph.nodes where node.cluster == c.id { s += nodeLine(node, indent: indent + "    ") }
            s += indent + "end\n"
            switch c.kind {
            case .parallel: classes.append((c.id, "parallel"))
            case .map: classes.append((c.id, "map"))
            case .branch: classes.append((c.id, "branch"))
            }
            return s
        }

        for node in graph.nodes where node.cluster == nil && node.kind != .end { out += nodeLine(node, indent: "    ") }
        for c in graph.clusters where c.parent == nil { out += cluster(c, indent: "    ") }
        for node in graph.nodes where node.kind == .end { out += nodeLine(node, indent: "    ") }
        for edge in graph.edges {
            let arrow = edge.role == .catch ? "-.->" : "-->"
            if let label = edge.label {
                out += "    \(edge.from) \(arrow)|\"\(escaped(label))\"| \(edge.to)\n"
            } else {
                out += "    \(edge.from) \(arrow) \(edge.to)\n"
            }
        }
        var byClass: [String: [String]] = [:]
        var classOrder: [String] = []
        for (id, name) in classes {
            if byClass[name] == nil { classOrder.append(name) }
            byClass[name, default: []].append(id)
        }
        // The styles of the classes used, then which boxes have them.
        for name in classOrder { out += "    classDef \(name) \(classStyles[name] ?? "")\n" }
        for name in classOrder {
            out += "    class " + (byClass[name] ?? []).joined(separator: ",") + " " + name + "\n"
        }
        return out
    }

    /// Each class's style: the HTML page's colours.
    static let classStyles: [String: String] = [
        "task": "fill:#e8f1fb,stroke:#2b6cb0,color:#1a365d",
        "pass": "fill:#f4f5f7,stroke:#718096,color:#2d3748,stroke-dasharray:4 3",
        "choice": "fill:#fff6df,stroke:#b7791f,color:#5f370e",
        "wait": "fill:#f1ecfb,stroke:#6b46c1,color:#322659",
        "succeed": "fill:#e6f6ea,stroke:#2f855a,color:#1c4532",
        "fail": "fill:#fdecea,stroke:#c53030,color:#63171b",
        "marker": "fill:#2d3748,stroke:#2d3748,color:#ffffff",
        "missing": "fill:#ffffff,stroke:#c53030,color:#c53030,stroke-dasharray:3 3",
        "parallel": "fill:#f7fafc,stroke:#4a5568,stroke-dasharray:6 3",
        "map": "fill:#effaf9,stroke:#2c7a7b,stroke-dasharray:6 3",
        "branch": "fill:#ffffff,stroke:#a0aec0",
    ]

    static func className(_ kind: PictureGraph.NodeKind) -> String {
        switch kind {
        case .start, .end: return "marker"
        case .missing: return "missing"
        case .state(let type): return type.rawValue.lowercased()
        }
    }

    /// Text inside a quoted Mermaid label: quotes and markup characters as Mermaid's entity codes.
    static func escaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\"": out += "#quot;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "&": out += "#amp;"
            case "#": out += "#35;"
            case "\n": out += "<br/>"
            default: out.append(c)
            }
        }
        return out
    }

    /// The front matter's title, quoted when YAML needs it.
    static func escapedTitle(_ title: String) -> String {
        "\"" + title.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
    }
}

extension String {
    /// Every occurrence of `target` replaced (without Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
