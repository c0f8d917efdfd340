import Foundation
import GraphLayout
import Testing

/// Writes SVG pictures of sample layouts to /tmp/graph-layout/ so a person can look at them
/// (`rsvg-convert -o x.png x.svg`).
enum SVGSnapshots {
    static let directory = "/tmp/graph-layout"

    static func write(_ name: String, _ layout: PositionedGraph) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let svg = SVGDebugWriter.svg(layout)
        try svg.write(toFile: "\(directory)/\(name).svg", atomically: true, encoding: .utf8)
    }
}

@Suite("SVG pictures")
struct SVGSnapshotTests {
    @Test("sample layouts are written to /tmp/graph-layout as SVG")
    func writePictures() throws {
        let samples: [(String, LayoutGraph, LayoutOptions)] = [
            ("workflow", GraphCatalog.workflow(), LayoutOptions()),
            ("workflow-lr", GraphCatalog.workflow(), LayoutOptions(direction: .leftToRight)),
            ("choice5", GraphCatalog.choice(branches: 5), LayoutOptions()),
            ("parallel3", GraphCatalog.parallel(branches: 3, length: 3), LayoutOptions()),
            (
                "parallel3-boxed", GraphCatalog.parallel(branches: 3, length: 3, entryIntoBranches: false),
                LayoutOptions()
            ),
            ("parallel50", GraphCatalog.parallel(branches: 50, length: 2), LayoutOptions()),
            ("nested3", GraphCatalog.nested(depth: 3), LayoutOptions()),
            ("random-dag", GraphCatalog.randomDAG(seed: 7, nodes: 40, edges: 60), LayoutOptions()),
            ("big-workflow", PerformanceTests.bigWorkflow(states: 40), LayoutOptions()),
            (
                "random-clustered", GraphCatalog.randomClustered(seed: 110, nodes: 40, clusters: 5, edges: 45),
                LayoutOptions()
            ),
        ]
        for (name, graph, options) in samples {
            let layout = try LayeredLayout.layout(graph, options: options)
            try SVGSnapshots.write(name, layout)
            let svg = try String(contentsOfFile: "\(SVGSnapshots.directory)/\(name).svg", encoding: .utf8)
            #expect(svg.hasPrefix("<svg"))
            #expect(svg.contains("</svg>"))
        }
    }

    @Test("XML text is escaped")
    func escaping() {
        #expect(SVGDebugWriter.escaped("a<b & \"c\" > 'd'") == "a&lt;b &amp; &quot;c&quot; &gt; &apos;d&apos;")
        let layout = PositionedGraph(
            size: LayoutSize(width: 10, height: 10),
            nodes: [PositionedNode(id: "<x>", frame: LayoutRect(x: 0, y: 0, width: 10, height: 10))], clusters: [],
            edges: [])
        let svg = SVGDebugWriter.svg(layout)
        #expect(svg.contains("&lt;x&gt;"))
        #expect(!svg.contains("<x>"))
    }
}
