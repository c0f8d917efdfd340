import Foundation
import JSONCore
import StepFunctionsCompiler
import WorkflowPictures

/// `sfn graph FILE [--format mermaid|dot|html|svg] [-o OUT] [--history FILE]`: pictures of a definition
/// (`--output-dir DIR FILE|DIR...`: of many, one file each).
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

        With --output-dir, FILE may be several files and directories (a directory stands for its
        *.asl.json files, recursively, or every *.json file when it holds none; hidden folders and
        node_modules skipped, as for sfn format and validate), all drawn in one process: each
        picture is written to DIR as NAME.EXT (NAME the file's name without .asl.json, EXT the
        format's: mmd, dot, html, svg), under the subfolders it had in the directory it was found
        in. A file that cannot be read or drawn is reported (FILE: error: ..., or its diagnostics)
        and the others are still drawn; the exit status is the gravest (66 for a file that cannot
        be read, 1 for a definition that cannot be read at all).

        USAGE: sfn graph FILE [--format mermaid|dot|html|svg] [-o OUT] [--name NAME] [--history FILE]
               sfn graph --output-dir DIR [--format mermaid|dot|html|svg] FILE|DIR...

        ARGUMENTS:
          FILE                    An ASL definition (.asl.json), or '-' for standard input.
          DIR                     With --output-dir: a directory of definitions (searched recursively).

        OPTIONS:
          --format F              mermaid (default), dot, html or svg; without it, taken from
                                  OUT's extension (.mmd, .dot/.gv, .html, .svg).
          -o, --output OUT        Write the picture to OUT instead of standard output.
          --output-dir DIR        Write one picture per definition into DIR (several FILEs and DIRs).
          --name NAME             The picture's title (default: FILE's name without .asl.json).
          --history FILE          Draw this run on the graph (implies --format html).
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        let usage =
            "Usage: sfn graph FILE [--format mermaid|dot|html|svg] [-o OUT] [--name NAME] [--history FILE]"
            + " | sfn graph --output-dir DIR [--format mermaid|dot|html|svg] FILE|DIR..."
        do throws(UsageError) {
            let args = try ArgumentList(
                arguments.map { $0 == "-o" ? "--output" : $0 }, flags: [],
                options: ["--format", "--output", "--output-dir", "--name", "--history"])
            guard !args.positionals.isEmpty else { throw UsageError(message: "give a FILE") }
            let output = args.value("--output")
            let outputDirectory = args.value("--output-dir")
            if output != nil && outputDirectory != nil {
                throw UsageError(message: "-o writes one picture and --output-dir one per definition; give one of them")
            }
            let several = args.positionals.count > 1 || args.positionals.contains(where: isDirectory)
            if several && outputDirectory == nil {
                throw UsageError(
                    message:
                        "several definitions (or a DIR) need --output-dir DIR, which gets one picture per definition")
            }
            if several, let option = ["--name", "--history"].first(where: { args.value($0) != nil }) {
                throw UsageError(message: "\(option) is about one picture; give one FILE with it")
            }
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
            guard let outputDirectory else {
                let file = args.positionals[0]
                guard
                    let rendered = try drawPicture(
                        file, name: args.value("--name"), format: format, history: args.value("--history"), io: io)
                else { return ExitStatus.failure }
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
            }
            // One picture per definition, under --output-dir, each problem reported with its file.
            var status = CombinedStatus()
            var drawnFrom: [String: String] = [:]
            for input in definitionFiles(args.positionals, yaml: false, cdkOutputs: false) {
                let file: InputFile
                switch input {
                case .success(let f): file = f
                case .failure(let e):
                    reportFileProblem(e, io: io)
                    status.record(e.exitStatus)
                    continue
                }
                let target = picturePath(of: file, in: outputDirectory, format: format)
                if let other = drawnFrom[target] {
                    reportFileProblem(
                        UsageError(file: file.path, message: "its picture would be \(target), the picture of \(other)"),
                        io: io)
                    status.record(ExitStatus.usage)
                    continue
                }
                drawnFrom[target] = file.path
                do throws(UsageError) {
                    guard
                        let rendered = try drawPicture(
                            file.path, name: args.value("--name"), format: format, history: args.value("--history"),
                            io: io)
                    else {
                        status.record(ExitStatus.failure)
                        continue
                    }
                    do throws(UsageError) {
                        try writeTextFile(rendered, to: target)
                    } catch {
                        io.err("\(file.path): " + io.style.failed("error") + ": \(error.message)")
                        status.record(ExitStatus.failure)
                    }
                } catch {
                    reportFileProblem(error, io: io)
                    status.record(error.exitStatus)
                }
            }
            return status.status
        } catch {
            return error.report(usage: usage, io: io)
        }
    })

/// The picture of the definition in `file` (with the run in `history` drawn on it), or nil when the
/// definition cannot be read at all (its errors are printed); a file that cannot be read is thrown.
private func drawPicture(_ file: String, name: String?, format: PictureFormat, history: String?, io: CommandIO)
    throws(UsageError) -> String?
{
    let text = try readTextFile(file, io: io)
    let document = ASLDocument(text: text, fileName: file)
    guard let definition = document.definition else {
        for d in document.errors { io.err(d.formatted(file: file)) }
        return nil
    }
    if document.hasErrors {
        for d in document.errors { io.err(d.formatted(file: file)) }
        io.err("warning: \(file) has errors; the picture shows it as written")
    }
    let picture = WorkflowPicture(definition, name: name ?? workflowName(file))
    guard let history else { return picture.render(format) }
    let historyText = try readTextFile(history, io: io)
    do {
        let trace = try ExecutionTrace(history: try JSONParser.parse(historyText))
        return picture.html(run: trace)
    } catch {
        io.err("Error: \(history): \(error)")
        return nil
    }
}

/// Where `--output-dir` puts the picture of `file`: `DIR/NAME.EXT`, NAME the file's name without
/// `.asl.json`, under the same subfolders as in the directory it was found in.
func picturePath(of file: InputFile, in directory: String, format: PictureFormat) -> String {
    let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
    var folder = ""
    if let inDirectory = file.inDirectory, let slash = inDirectory.lastIndex(of: "/") {
        folder = String(inDirectory[...slash])
    }
    let name = workflowName(file.inDirectory ?? file.path)
    return base + "/" + folder + name + "." + format.fileExtension
}

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
