import Foundation
import JSONCore
import StepFunctionsCompiler
import WorkflowPictures

/// `sfn graph FILE [--format mermaid|dot|html|svg] [-o OUT] [--history FILE]`: pictures of a definition.
let graphCommand = Command(
    name: "graph",
    summary: "Draw a definition as Mermaid, Graphviz DOT, SVG or an HTML page (optionally with a run on it)",
    help: """
        OVERVIEW: Draw an ASL definition as the Step Functions console's graph view does.

        States are drawn by type, Choice rules and Default on their edges, Catch edges dashed and
        labelled with the errors they take, retries under the state's name, Parallel branches and
        Map processors as nested boxes. The layout is deterministic: the same file gives the same
        bytes, and adding a state moves the others as little as possible.

        The HTML page is self-contained (inline SVG, inline script, no network): click a state to
        see its definition. With --history, the page shows a run on the graph instead: the path
        taken coloured (succeeded, caught, failed, retried, not reached), each state's input,
        output, errors and virtual times, Map iterations to choose from, and the timeline. The
        history is what `sfn run --json` prints, or `aws stepfunctions get-execution-history`'s
        output for a run on AWS.

        A definition with errors is still drawn as written (a transition to a state that does not
        exist points at a red dashed box); the errors are printed on standard error.

        USAGE: sfn graph FILE [--format mermaid|dot|html|svg] [-o OUT] [--name NAME] [--history FILE]

        ARGUMENTS:
          FILE                    An ASL definition (.asl.json), or '-' for standard input.

        OPTIONS:
          --format F              mermaid (default), dot, html or svg; without it, taken from
                                  OUT's extension (.mmd, .dot/.gv, .html, .svg).
          -o, --output OUT        Write the picture to OUT instead of standard output.
          --name NAME             The picture's title (default: FILE's name without .asl.json).
          --history FILE          Draw this run on the graph (implies --format html).
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        let usage = "Usage: sfn graph FILE [--format mermaid|dot|html|svg] [-o OUT] [--name NAME] [--history FILE]"
        do throws(UsageError) {
            let args = try ArgumentList(
                arguments.map { $0 == "-o" ? "--output" : $0 }, flags: [],
                options: ["--format", "--output", "--name", "--history"])
            guard args.positionals.count == 1, let file = args.positionals.first else {
                throw UsageError(message: "give exactly one FILE")
            }
            let output = args.value("--output")
            var format: PictureFormat = .mermaid
            if let name = args.value("--format") {
                guard let f = PictureFormat(rawValue: name) else {
                    var message = "unknown format '\(name)' (mermaid, dot, html or svg)"
                    if let s = closestWord(to: name, in: PictureFormat.allCases.map(\.rawValue)) {
                        message += "; did you mean '\(s)'?"
                    }
                    throw UsageError(message: message)
                }
                format = f
            } else if let output, let f = pictureFormat(forFile: output) {
                format = f
            }
            if args.value("--history") != nil {
                if args.value("--format") != nil, format != .html {
                    throw UsageError(
                        message: "--history draws an HTML page; --format \(format.rawValue) cannot show a run")
                }
                format = .html
            }
            let text = try readTextFile(file, io: io)
            let document = ASLDocument(text: text, fileName: file)
            guard let definition = document.definition else {
                for d in document.errors { io.err(d.formatted(file: file)) }
                return ExitStatus.failure
            }
            if document.hasErrors {
                for d in document.errors { io.err(d.formatted(file: file)) }
                io.err("warning: \(file) has errors; the picture shows it as written")
            }
            let name = args.value("--name") ?? workflowName(file)
            let picture = WorkflowPicture(definition, name: name)
            var rendered = picture.render(format)
            if let historyFile = args.value("--history") {
                let historyText = try readTextFile(historyFile, io: io)
                do {
                    let trace = try ExecutionTrace(history: try JSONParser.parse(historyText))
                    rendered = picture.html(run: trace)
                } catch {
                    io.err("Error: \(historyFile): \(error)")
                    return ExitStatus.failure
                }
            }
            guard let output else {
                io.write(rendered)
                return ExitStatus.ok
            }
            do throws(UsageError) {
                try writeTextFile(rendered, to: output)
            } catch {
                io.err("Error: \(error.message)")
                return ExitStatus.failure
            }
            return ExitStatus.ok
        } catch {
            return error.report(usage: usage, io: io)
        }
    })

/// The picture format a file name asks for, by its extension.
func pictureFormat(forFile path: String) -> PictureFormat? {
    let lower = path.lowercased()
    if lower.hasSuffix(".mmd") || lower.hasSuffix(".mermaid") { return .mermaid }
    if lower.hasSuffix(".dot") || lower.hasSuffix(".gv") { return .dot }
    if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { return .html }
    if lower.hasSuffix(".svg") { return .svg }
    return nil
}

/// A workflow's name from its file: `orders.asl.json` -> `orders`.
func workflowName(_ file: String) -> String {
    if file == "-" { return "workflow" }
    var name = URL(fileURLWithPath: file).lastPathComponent
    for suffix in [".json", ".asl"] where name.hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
    return name
}

/// Writes `text` to `path` (creating the folder), or throws a message naming the file.
func writeTextFile(_ text: String, to path: String) throws(UsageError) {
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    do {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        throw UsageError(message: "cannot write \(path): \(error.localizedDescription)")
    }
}
