import GraphLayout
import StepFunctionsCompiler
import StepFunctionsModel

/// A kind of picture.
public enum PictureFormat: String, Sendable, Hashable, CaseIterable {
    /// A Mermaid flowchart: GitHub, GitLab and most Markdown tools draw it.
    case mermaid
    /// A Graphviz digraph: `dot -Tsvg workflow.dot > workflow.svg`.
    case dot
    /// A self-contained HTML page: the graph as inline SVG, no network, no external scripts.
    case html
    /// A standalone SVG image of the graph (its style inside).
    case svg

    /// The file extension for the format: `mmd`, `dot`, `html` or `svg`.
    public var fileExtension: String {
        switch self {
        case .mermaid: return "mmd"
        case .dot: return "dot"
        case .html: return "html"
        case .svg: return "svg"
        }
    }
}

/// Pictures of a state machine, laid out as the Step Functions console's graph view: Mermaid and
/// DOT text, SVG, and HTML pages of the workflow and of a run on it.
///
/// ```swift
/// let picture = try orders.picture()         // or definition.picture(name:), compiled.picture()
/// let mermaid = picture.mermaid()            // for a README
/// let page = picture.html()                  // the workflow, to open in a browser
/// let run = await Simulator(try orders.compile().definition).run(input: ["orderId": "o-1"])
/// let runPage = try picture.html(run: ExecutionTrace(history: run.json))  // the run on it
/// ```
///
/// The output is deterministic: the same definition gives the same bytes, and adding a state moves
/// the others as little as the layout can.
public struct WorkflowPicture: Sendable {
    /// The definition drawn.
    public let definition: StateMachineDefinition
    /// The workflow's name, used as the title (may be empty).
    public let name: String
    /// What is drawn.
    package let graph: PictureGraph
    /// Where it goes (a layout error cannot happen for a graph read from a definition; it is kept
    /// to be shown rather than trapped on).
    package let layout: Result<PictureLayout, LayoutError>

    /// Reads `definition` into a picture titled `name`.
    public init(_ definition: StateMachineDefinition, name: String = "") {
        self.definition = definition
        self.name = name
        let graph = PictureGraph(definition)
        self.graph = graph
        do throws(LayoutError) {
            layout = .success(try PictureLayout(graph))
        } catch {
            layout = .failure(error)
        }
    }

    /// The picture as a Mermaid flowchart.
    public func mermaid() -> String {
        MermaidRenderer.render(graph, title: title)
    }

    /// The picture as a Graphviz DOT digraph.
    public func dot() -> String {
        DOTRenderer.render(graph, title: title)
    }

    /// The picture as a standalone SVG document (its style inside).
    public func svg() -> String {
        switch layout {
        case .success(let layout): return SVGRenderer.render(layout, title: title)
        case .failure(let error):
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"40\"><text x=\"10\" y=\"24\">"
                + Markup.xml("cannot lay out the workflow: \(error)") + "</text></svg>\n"
        }
    }

    /// A self-contained HTML page of the workflow: the graph, a legend, and each state's
    /// definition when it is clicked.
    public func html() -> String {
        HTMLPage(picture: self, trace: nil).render()
    }

    /// A self-contained HTML page of a run: the path taken coloured on the graph (succeeded,
    /// failed, caught, retried, not reached), each state's input, output, errors and times, a
    /// chooser for Map iterations, and the timeline beside it.
    public func html(run trace: ExecutionTrace) -> String {
        HTMLPage(picture: self, trace: trace).render()
    }

    /// The run's page with `notes` above the graph (`sfn test --html` shows a failed case's
    /// differences from its recording there).
    package func html(run trace: ExecutionTrace, notes: [String]) -> String {
        HTMLPage(picture: self, trace: trace, notes: notes).render()
    }

    /// The picture in `format` (the workflow's page for `.html`).
    public func render(_ format: PictureFormat) -> String {
        switch format {
        case .mermaid: return mermaid()
        case .dot: return dot()
        case .html: return html()
        case .svg: return svg()
        }
    }

    /// The title: the name, else the definition's comment.
    var title: String? {
        if !name.isEmpty { return name }
        return definition.comment
    }
}

extension StateMachineDefinition {
    /// Pictures of this definition, titled `name`.
    public func picture(name: String = "") -> WorkflowPicture {
        WorkflowPicture(self, name: name)
    }
}

extension CompiledStateMachine {
    /// Pictures of the compiled workflow, titled with its name.
    public func picture() -> WorkflowPicture {
        WorkflowPicture(definition, name: name)
    }
}
