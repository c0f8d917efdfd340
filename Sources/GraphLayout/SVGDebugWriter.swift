/// A minimal SVG picture of a layout, for debugging and tests: cluster boxes with titles, node boxes with
/// text, polyline edges with arrowheads (side flow dashed), and labels.
public enum SVGDebugWriter {
    /// The SVG document for `layout`; node, cluster-title and edge-label texts default to their ids (a cluster
    /// with an empty title frame gets no title).
    public static func svg(
        _ layout: PositionedGraph, nodeText: [String: String] = [:], clusterText: [String: String] = [:],
        edgeText: [String: String] = [:]
    ) -> String {
        let pad = 10.0
        var s = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(number(layout.size.width + 2 * pad))" \
            height="\(number(layout.size.height + 2 * pad))" viewBox="\(number(-pad)) \(number(-pad)) \
            \(number(layout.size.width + 2 * pad)) \(number(layout.size.height + 2 * pad))" \
            font-family="sans-serif" font-size="12">
            <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" \
            orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>
            <rect x="\(number(-pad))" y="\(number(-pad))" width="100%" height="100%" fill="white"/>

            """
        for cluster in layout.clusters {
            let f = cluster.frame
            s += "<rect x=\"\(number(f.x))\" y=\"\(number(f.y))\" width=\"\(number(f.width))\" "
            s += "height=\"\(number(f.height))\" rx=\"6\" fill=\"#f4f7fb\" fill-opacity=\"0.6\" "
            s += "stroke=\"#7a8ca5\" stroke-dasharray=\"5,3\"/>\n"
            let t = cluster.titleFrame
            guard t.width > 0 || t.height > 0 else { continue }
            s += "<text x=\"\(number(t.x))\" y=\"\(number(t.y + t.height * 0.8))\" fill=\"#445\">"
            s += escaped(clusterText[cluster.id] ?? cluster.id) + "</text>\n"
        }
        for edge in layout.edges where edge.points.count >= 2 {
            let points = edge.points.map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " ")
            s += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(edge.isReversed ? "#a56" : "#555")\" "
            if edge.kind == .secondary { s += "stroke-dasharray=\"4,3\" " }
            s += "marker-end=\"url(#arrow)\"/>\n"
        }
        for node in layout.nodes {
            let f = node.frame
            s += "<rect x=\"\(number(f.x))\" y=\"\(number(f.y))\" width=\"\(number(f.width))\" "
            s += "height=\"\(number(f.height))\" rx=\"4\" fill=\"#e8f0fe\" stroke=\"#3b6db3\"/>\n"
            s += "<text x=\"\(number(f.center.x))\" y=\"\(number(f.center.y + 4))\" text-anchor=\"middle\">"
            s += escaped(nodeText[node.id] ?? node.id) + "</text>\n"
        }
        for edge in layout.edges {
            guard let f = edge.labelFrame else { continue }
            s += "<rect x=\"\(number(f.x))\" y=\"\(number(f.y))\" width=\"\(number(f.width))\" "
            s += "height=\"\(number(f.height))\" rx=\"3\" fill=\"#fff8e1\" stroke=\"#c9a227\"/>\n"
            s += "<text x=\"\(number(f.center.x))\" y=\"\(number(f.center.y + 4))\" text-anchor=\"middle\" "
            s += "font-size=\"10\">" + escaped(edgeText[edge.id] ?? edge.id) + "</text>\n"
        }
        return s + "</svg>\n"
    }

    /// Escapes the characters XML text and attribute values may not contain literally.
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A coordinate with at most two decimals and no exponent (what SVG expects), without Foundation.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let fraction = magnitude % 100
        if fraction == 0 { return sign + String(magnitude / 100) }
        let digits = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0" : "") + String(fraction)
        return sign + String(magnitude / 100) + "." + digits
    }
}
