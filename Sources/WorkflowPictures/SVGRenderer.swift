import GraphLayout
import StepFunctionsModel

/// Draws a laid-out picture as SVG, as the console's graph view does: states as coloured boxes by
/// type (a Choice pointed, Succeed and Fail rounded), Parallel and Map states as dashed boxes
/// holding their branches or processor, rules and errors on the edges, Catch edges dashed, retries
/// under the state's name, start and end markers.
///
/// Every state's element carries `data-state` (its name) and an id (`n-ID` for a box, `c-ID` for a
/// cluster); every edge `data-from` and `data-to`; the HTML page finds them by these.
enum SVGRenderer {
    static func render(_ layout: PictureLayout, title: String?) -> String {
        let g = layout.graph
        let p = layout.positioned
        let width = Markup.number(p.size.width)
        let height = Markup.number(p.size.height)
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sfn-graph\" width=\"\(width)\" height=\"\(height)\" "
        s += "viewBox=\"0 0 \(width) \(height)\" role=\"img\" font-family=\"\(fontFamily)\">\n"
        if let title, !title.isEmpty { s += "<title>" + Markup.xml(title) + "</title>\n" }
        s += "<style>" + style + "</style>\n"
        s += """
            <defs><marker id="sfn-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" \
            orient="auto-start-reverse"><path d="M0,1 L9,5 L0,9 z" class="arrowhead"/></marker>\
            <marker id="sfn-arrow-catch" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" \
            orient="auto-start-reverse"><path d="M0,1 L9,5 L0,9 z" class="arrowhead-catch"/></marker>\
            <marker id="sfn-arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" \
            orient="auto-start-reverse"><path d="M0,1 L9,5 L0,9 z" class="arrowhead-taken"/></marker></defs>

            """
        let nodes = Dictionary(uniqueKeysWithValues: g.nodes.map { ($0.id, $0) })
        let stateNames = Dictionary(g.states.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })

        // Clusters, outermost first (the layout keeps the input order: parents before children).
        s += "<g class=\"clusters\">\n"
        for (cluster, frame) in zip(g.clusters, p.clusters) {
            let f = frame.frame
            let kind: String
            switch cluster.kind {
            case .parallel: kind = "parallel"
            case .map: kind = "map"
            case .branch: kind = "branch"
            }
            s += "<g class=\"cluster k-\(kind)\" id=\"c-\(cluster.id)\""
            if let name = stateNames[cluster.id] {
                s +=
                    " data-state=\"\(Markup.xml(name))\" data-type=\"\(kind == "map" ? "Map" : "Parallel")\" tabindex=\"0\""
            }
            s +=
                " data-x=\"\(Markup.number(f.x))\" data-y=\"\(Markup.number(f.y))\" data-w=\"\(Markup.number(f.width))\">"
            s += "<title>" + Markup.xml(tooltip(cluster.name, cluster.subtitle, cluster.comment, cluster.retryDetail))
            s += "</title>\n"
            s += rect(f, radius: kind == "branch" ? 6 : 10, cls: "frame") + "\n"
            guard let text = layout.clusterText[cluster.id] else { continue }
            let t = frame.titleFrame
            if case .branch = cluster.kind {
                s += "<text class=\"branch-title\" x=\"\(Markup.number(t.x))\" y=\"\(Markup.number(t.y + 10))\">"
                s += Markup.xml(cluster.name) + "</text></g>\n"
                continue
            }
            var y = t.y + 12
            for line in text.name {
                s += "<text class=\"title\" x=\"\(Markup.number(t.x))\" y=\"\(Markup.number(y))\" "
                s += "data-fit=\"\(Markup.number(text.width))\">" + Markup.xml(line) + "</text>\n"
                y += PictureLayout.titleLine
            }
            for subtitle in text.subtitle {
                s += "<text class=\"subtitle\" x=\"\(Markup.number(t.x))\" y=\"\(Markup.number(y - 1))\" "
                s += "data-fit=\"\(Markup.number(text.width))\">" + Markup.xml(subtitle) + "</text>\n"
                y += PictureLayout.subtitleLine
            }
            if let retry = text.retry {
                s += "<text class=\"retry\" x=\"\(Markup.number(t.x))\" y=\"\(Markup.number(y - 2))\">"
                s += Markup.xml(retry) + "</text>\n"
            }
            s += "</g>\n"
        }
        s += "</g>\n"

        // Edges, then their labels on top of every line.
        s += "<g class=\"edges\">\n"
        for (edge, route) in zip(g.edges, p.edges) where route.points.count >= 2 {
            s += "<g class=\"edge r-\(role(edge.role))\" id=\"\(elementID(edge))\" data-from=\"\(edge.from)\" "
            s += "data-to=\"\(edge.to)\"><path d=\"\(path(route.points))\" "
            s += "marker-end=\"url(#\(edge.role == .catch ? "sfn-arrow-catch" : "sfn-arrow"))\"/></g>\n"
        }
        s += "</g>\n<g class=\"edge-labels\">\n"
        for (edge, route) in zip(g.edges, p.edges) {
            guard let f = route.labelFrame, let lines = layout.labelLines[edge.id] else { continue }
            s += "<g class=\"edge-label r-\(role(edge.role))\" data-edge=\"\(elementID(edge))\">"
            s += "<title>" + Markup.xml(edge.detail ?? edge.label ?? "") + "</title>"
            s += rect(f, radius: 4, cls: "label-box")
            var y = f.y + 3 + PictureLayout.labelLine - 3
            for line in lines {
                s += "<text x=\"\(Markup.number(f.center.x))\" y=\"\(Markup.number(y))\" "
                s += "data-fit=\"\(Markup.number(f.width - 6))\">" + Markup.xml(line) + "</text>"
                y += PictureLayout.labelLine
            }
            s += "</g>\n"
        }
        s += "</g>\n"

        // State boxes and markers.
        s += "<g class=\"nodes\">\n"
        for placed in p.nodes {
            guard let node = nodes[placed.id], let text = layout.nodeText[placed.id] else { continue }
            let f = placed.frame
            let kind: String
            switch node.kind {
            case .start: kind = "marker start"
            case .end: kind = "marker end"
            case .missing: kind = "missing"
            case .state(let type): kind = "t-" + type.rawValue.lowercased()
            }
            s += "<g class=\"node \(kind)\" id=\"n-\(node.id)\""
            if case .state(let type) = node.kind {
                s += " data-state=\"\(Markup.xml(node.name))\" data-type=\"\(type.rawValue)\" tabindex=\"0\""
            }
            s +=
                " data-x=\"\(Markup.number(f.x))\" data-y=\"\(Markup.number(f.y))\" data-w=\"\(Markup.number(f.width))\">"
            s += "<title>" + Markup.xml(tooltip(node.name, node.subtitle, node.comment, node.retryDetail)) + "</title>"
            switch node.kind {
            case .start, .end:
                s += rect(f, radius: f.height / 2, cls: "shape")
                s += "<text class=\"marker-text\" x=\"\(Markup.number(f.center.x))\" "
                s += "y=\"\(Markup.number(f.center.y + 4))\">\(node.name)</text></g>\n"
                continue
            case .state(.choice):
                let tip = PictureLayout.choiceTips
                let points = [
                    (f.x + tip, f.y), (f.maxX - tip, f.y), (f.maxX, f.center.y), (f.maxX - tip, f.maxY),
                    (f.x + tip, f.maxY), (f.x, f.center.y),
                ].map { Markup.number($0.0) + "," + Markup.number($0.1) }.joined(separator: " ")
                s += "<polygon class=\"shape\" points=\"\(points)\"/>"
            case .state(.succeed), .state(.fail):
                s += rect(f, radius: min(f.height / 2, 18), cls: "shape")
            default:
                s += rect(f, radius: 6, cls: "shape")
            }
            var y = f.y + 10 + 13
            let fit = Markup.number(min(text.width, f.width - 2 * PictureLayout.textPadding + 4))
            for line in text.name {
                s += "<text class=\"name\" x=\"\(Markup.number(f.center.x))\" y=\"\(Markup.number(y))\" "
                s += "data-fit=\"\(fit)\">" + Markup.xml(line) + "</text>"
                y += PictureLayout.nameLine
            }
            for subtitle in text.subtitle {
                s += "<text class=\"subtitle\" x=\"\(Markup.number(f.center.x))\" y=\"\(Markup.number(y - 2))\" "
                s += "data-fit=\"\(fit)\">" + Markup.xml(subtitle) + "</text>"
                y += PictureLayout.subtitleLine
            }
            if !text.subtitle.isEmpty { y -= 2 }
            if let retry = text.retry {
                y -= 2
                s += "<text class=\"retry\" x=\"\(Markup.number(f.center.x))\" y=\"\(Markup.number(y))\" "
                s += "data-fit=\"\(fit)\">" + Markup.xml(retry) + "</text>"
            }
            s += "</g>\n"
        }
        s += "</g>\n</svg>\n"
        return s
    }

    /// The fonts the picture asks for (the sizes assume Arial's widths or a little wider).
    static let fontFamily = "Helvetica Neue, Helvetica, Arial, Liberation Sans, DejaVu Sans, sans-serif"

    /// The picture's own style, so that the SVG looks right alone; the HTML page adds run colours.
    static let style = """
        .sfn-graph text{font-size:11px;fill:#2d3748}\
        .sfn-graph .name{font-size:13px;font-weight:600;text-anchor:middle;fill:#1a202c}\
        .sfn-graph .subtitle{font-size:11px;text-anchor:middle;fill:#4a5568}\
        .sfn-graph .cluster .title{font-size:12px;font-weight:600;fill:#1a202c}\
        .sfn-graph .cluster .subtitle{text-anchor:start}\
        .sfn-graph .cluster .retry{text-anchor:start}\
        .sfn-graph .retry{font-size:10px;text-anchor:middle;fill:#975a16}\
        .sfn-graph .branch-title{font-size:10px;fill:#718096}\
        .sfn-graph .shape{stroke-width:1.5}\
        .sfn-graph .t-task .shape{fill:#e8f1fb;stroke:#2b6cb0}\
        .sfn-graph .t-pass .shape{fill:#f4f5f7;stroke:#718096;stroke-dasharray:4 3}\
        .sfn-graph .t-choice .shape{fill:#fff6df;stroke:#b7791f}\
        .sfn-graph .t-wait .shape{fill:#f1ecfb;stroke:#6b46c1}\
        .sfn-graph .t-succeed .shape{fill:#e6f6ea;stroke:#2f855a}\
        .sfn-graph .t-fail .shape{fill:#fdecea;stroke:#c53030}\
        .sfn-graph .missing .shape{fill:#fff;stroke:#c53030;stroke-dasharray:3 3}\
        .sfn-graph .marker .shape{fill:#2d3748;stroke:#2d3748}\
        .sfn-graph .marker-text{font-size:11px;font-weight:600;fill:#fff;text-anchor:middle}\
        .sfn-graph .cluster .frame{stroke-width:1.2}\
        .sfn-graph .k-parallel>.frame{fill:#f7fafc;stroke:#4a5568;stroke-dasharray:6 3}\
        .sfn-graph .k-map>.frame{fill:#effaf9;stroke:#2c7a7b;stroke-dasharray:6 3}\
        .sfn-graph .k-branch>.frame{fill:#fff;fill-opacity:.7;stroke:#a0aec0}\
        .sfn-graph .edge path{fill:none;stroke:#4a5568;stroke-width:1.4;stroke-linejoin:round}\
        .sfn-graph .edge.r-catch path{stroke:#c05621;stroke-dasharray:5 3}\
        .sfn-graph .arrowhead{fill:#4a5568}.sfn-graph .arrowhead-catch{fill:#c05621}\
        .sfn-graph .arrowhead-taken{fill:#2f855a}\
        .sfn-graph .edge-label .label-box{fill:#fffdf5;stroke:#d6bc7a}\
        .sfn-graph .edge-label.r-catch .label-box{fill:#fff5eb;stroke:#dd9a6b}\
        .sfn-graph .edge-label.r-defaultRule .label-box{fill:#f7fafc;stroke:#cbd5e0}\
        .sfn-graph .edge-label text{font-size:11px;text-anchor:middle;fill:#5f370e}\
        .sfn-graph .edge-label.r-catch text{fill:#9c4221}\
        .sfn-graph .edge-label.r-defaultRule text{fill:#4a5568;font-style:italic}
        """

    static func rect(_ f: LayoutRect, radius: Double, cls: String) -> String {
        "<rect class=\"\(cls)\" x=\"\(Markup.number(f.x))\" y=\"\(Markup.number(f.y))\" "
            + "width=\"\(Markup.number(f.width))\" height=\"\(Markup.number(f.height))\" rx=\"\(Markup.number(radius))\"/>"
    }

    /// The polyline with its bends rounded.
    static func path(_ points: [LayoutPoint]) -> String {
        guard let first = points.first else { return "" }
        var d = "M" + Markup.number(first.x) + "," + Markup.number(first.y)
        for i in 1..<points.count {
            let p = points[i]
            guard i < points.count - 1 else {
                d += " L" + Markup.number(p.x) + "," + Markup.number(p.y)
                break
            }
            let a = points[i - 1]
            let b = points[i + 1]
            let inLength = ((p.x - a.x) * (p.x - a.x) + (p.y - a.y) * (p.y - a.y)).squareRoot()
            let outLength = ((b.x - p.x) * (b.x - p.x) + (b.y - p.y) * (b.y - p.y)).squareRoot()
            let r = min(8, inLength / 2, outLength / 2)
            guard r > 0.5 else {
                d += " L" + Markup.number(p.x) + "," + Markup.number(p.y)
                continue
            }
            let before = LayoutPoint(x: p.x - (p.x - a.x) / inLength * r, y: p.y - (p.y - a.y) / inLength * r)
            let after = LayoutPoint(x: p.x + (b.x - p.x) / outLength * r, y: p.y + (b.y - p.y) / outLength * r)
            d += " L" + Markup.number(before.x) + "," + Markup.number(before.y)
            d += " Q" + Markup.number(p.x) + "," + Markup.number(p.y) + " " + Markup.number(after.x) + ","
            d += Markup.number(after.y)
        }
        return d
    }

    /// The SVG element id of an edge: `e-FROM--TO`, with `--catch` for a Catch.
    static func elementID(_ edge: PictureGraph.Edge) -> String {
        "e-" + edge.from + "--" + edge.to + (edge.role == .catch ? "--catch" : "")
    }

    static func role(_ role: PictureGraph.EdgeRole) -> String {
        switch role {
        case .start: return "start"
        case .next: return "next"
        case .choice: return "choice"
        case .defaultRule: return "defaultRule"
        case .catch: return "catch"
        case .end: return "end"
        }
    }

    static func tooltip(_ name: String, _ subtitle: String, _ comment: String?, _ retry: String?) -> String {
        var lines = [subtitle.isEmpty ? name : name + " — " + subtitle]
        if let comment { lines.append(comment) }
        if let retry { lines.append("Retry: " + retry.replacingAll("\n", with: "; ")) }
        return lines.joined(separator: "\n")
    }
}
