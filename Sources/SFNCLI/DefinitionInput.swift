import Foundation
import JSONCore
import StepFunctionsCompiler

/// The options every command that reads a definition shares, for the help texts.
let definitionOptionsHelp = """
      --state-machine ID      In a template, the state machine with this logical id (needed when
                              it declares several).
    """

/// The substitution options' help (`run`, `test`, `validate`).
let substitutionOptionsHelp = """
      --substitute NAME=VALUE Fill the ${NAME} placeholders with VALUE (repeatable); wins over the
                              template's DefinitionSubstitutions and --substitutions.
      --substitutions FILE    Fill placeholders from a JSON object of names and values.
    """

/// A command-line problem with a definition file: a usage error (64), a file that cannot be read
/// (66, a ``UsageError`` with its file), or a file that holds no definition to read.
enum DefinitionInputError: Error {
    case usage(UsageError)
    case template(TemplateError)
}

/// Reads the definitions FILE holds: an ASL file (JSON or YAML) is one; a template gives the state
/// machine `stateMachine` names, or its only one, or (with `all`) every one it declares. A directory
/// is a CDK output (`cdk.out`): its `*.template.json` files are read as one template.
func loadDefinitions(_ file: String, stateMachine: String?, all: Bool = false, io: CommandIO)
    throws(DefinitionInputError) -> [Result<DefinitionSource, TemplateError>]
{
    if isDirectory(file) {
        return try loadCDKOutput(file, stateMachine: stateMachine, all: all, io: io)
    }
    let text: String
    do throws(UsageError) {
        text = try readTextFile(file, io: io)
    } catch {
        throw .usage(error)
    }
    do throws(TemplateError) {
        if all, stateMachine == nil, CloudFormationTemplate.isTemplate(text) {
            let template = try CloudFormationTemplate(text: text, fileName: file)
            guard !template.stateMachineIds.isEmpty else {
                _ = try template.stateMachine(nil)
                return []
            }
            return template.stateMachineIds.map { id in
                Result { () throws(TemplateError) in try template.stateMachine(id) }
            }
        }
        return [.success(try DefinitionSource(text: text, fileName: file, stateMachine: stateMachine))]
    } catch {
        switch error.kind {
        case .ambiguous, .unknownStateMachine, .notATemplate: throw .usage(UsageError(message: error.message))
        default: throw .template(error)
        }
    }
}

/// The state machines of a CDK output directory's templates (`*.template.json`, sorted by name).
private func loadCDKOutput(_ directory: String, stateMachine: String?, all: Bool, io: CommandIO)
    throws(DefinitionInputError) -> [Result<DefinitionSource, TemplateError>]
{
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
        $0.hasSuffix(".template.json")
    }.sorted()
    guard !names.isEmpty else {
        throw .usage(
            UsageError(file: directory, message: "is a directory without *.template.json files (a cdk.out holds them)"))
    }
    var templates: [CloudFormationTemplate] = []
    for name in names {
        let path = (directory.hasSuffix("/") ? directory : directory + "/") + name
        let text: String
        do throws(UsageError) {
            text = try readTextFile(path, io: io)
        } catch {
            throw .usage(error)
        }
        do throws(TemplateError) {
            templates.append(try CloudFormationTemplate(text: text, fileName: path))
        } catch {
            throw .template(error)
        }
    }
    let machines = templates.flatMap { t in t.stateMachineIds.map { (t, $0) } }
    let listing = templates.filter { !$0.stateMachineIds.isEmpty }.map {
        "\($0.fileName): \($0.stateMachineIds.joined(separator: ", "))"
    }.joined(separator: "; ")
    func read(_ t: CloudFormationTemplate, _ id: String) -> Result<DefinitionSource, TemplateError> {
        Result { () throws(TemplateError) in try t.stateMachine(id) }
    }
    if let stateMachine {
        let matching = machines.filter { $0.1 == stateMachine }
        guard !matching.isEmpty else {
            throw .usage(UsageError(message: "no state machine '\(stateMachine)' in \(directory) (\(listing))"))
        }
        return all ? matching.map { read($0.0, $0.1) } : [read(matching[0].0, matching[0].1)]
    }
    if all {
        guard !machines.isEmpty else {
            throw .template(TemplateError(.noStateMachine, "\(directory): no template declares a state machine"))
        }
        return machines.map { read($0.0, $0.1) }
    }
    guard machines.count == 1 else {
        if machines.isEmpty {
            throw .template(TemplateError(.noStateMachine, "\(directory): no template declares a state machine"))
        }
        throw .usage(
            UsageError(
                message: "\(directory) declares \(machines.count) state machines (\(listing)); choose one with "
                    + "--state-machine LOGICAL_ID"))
    }
    return [read(machines[0].0, machines[0].1)]
}

/// The one definition FILE holds (see ``loadDefinitions(_:stateMachine:all:io:)``).
func loadDefinition(_ file: String, stateMachine: String?, io: CommandIO) throws(DefinitionInputError)
    -> DefinitionSource
{
    switch try loadDefinitions(file, stateMachine: stateMachine, io: io)[0] {
    case .success(let source): return source
    case .failure(let error): throw .template(error)
    }
}

/// ``loadDefinition(_:stateMachine:io:)`` for a command that takes one definition: a problem in the
/// file (a template that cannot be read) is printed and gives nil, and the command exits with a
/// failure; a usage problem is thrown.
func loadDefinitionReporting(_ file: String, stateMachine: String?, io: CommandIO) throws(UsageError)
    -> DefinitionSource?
{
    do throws(DefinitionInputError) {
        return try loadDefinition(file, stateMachine: stateMachine, io: io)
    } catch {
        switch error {
        case .usage(let e): throw e
        case .template(let e):
            io.err(e.location == nil ? "\(file): \(e)" : e.description)
            return nil
        }
    }
}

/// `--substitutions FILE` then `--substitute NAME=VALUE` (which win), as one table.
func substitutions(_ args: ArgumentList, io: CommandIO) throws(UsageError) -> [String: String] {
    var out: [String: String] = [:]
    if let file = args.value("--substitutions") {
        let text = try readTextFile(file, io: io)
        guard case .object(let o)? = try? JSONParser.parse(text) else {
            throw UsageError(message: "--substitutions \(file) must hold a JSON object of names and values")
        }
        for (name, value) in o {
            if case .string(let s) = value { out[name] = s } else { out[name] = JSONWriter.compact.string(value) }
        }
    }
    for pair in args.allValues("--substitute") {
        guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
            throw UsageError(message: "--substitute takes NAME=VALUE, got '\(pair)'")
        }
        var name = String(pair[..<eq])
        if name.hasPrefix("${") && name.hasSuffix("}") { name = String(name.dropFirst(2).dropLast()) }
        out[name] = String(pair[pair.index(after: eq)...])
    }
    return out
}

/// Whether `path` names a directory.
func isDirectory(_ path: String) -> Bool {
    var directory: ObjCBool = false
    return path != "-" && FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
}

/// The name a template's state machine goes by in messages: `FILE (LogicalId)`, or FILE.
func displayName(_ file: String, _ source: DefinitionSource) -> String {
    source.logicalId.map { "\(file) (\($0))" } ?? file
}

/// One definition file a command's FILE or DIR arguments stand for.
struct InputFile: Equatable {
    /// The path to read (`-` for standard input).
    let path: String
    /// For a file found in a DIR argument, its path inside that directory (`sub/order.asl.json`);
    /// nil for a file named on the command line.
    let inDirectory: String?
}

/// The definition files that `paths` (files and directories, in the order given) stand for, each a
/// file to read or a problem to report (`FILE: error: ...`, exit 66) while the others are processed.
///
/// A file is taken whatever its name. A directory stands for the files under it, recursively, in
/// sorted path order: those named `*.asl.json` (and `*.asl.yaml`, `*.asl.yml` when `yaml` is set),
/// or, when it holds none, every `*.json` file. Entries whose names begin with `.` (`.git`,
/// `.aws-sam`) and `node_modules` folders are skipped. With `cdkOutputs`, a directory that holds
/// `*.template.json` files is a CDK output (`cdk.out`) and stays one input, read as one template.
/// (`sfn format`, `validate` and `graph` share this, so their directories mean the same files.)
func definitionFiles(_ paths: [String], yaml: Bool, cdkOutputs: Bool) -> [Result<InputFile, UsageError>] {
    var out: [Result<InputFile, UsageError>] = []
    for path in paths {
        var directory: ObjCBool = false
        guard path == "-" || FileManager.default.fileExists(atPath: path, isDirectory: &directory) else {
            out.append(.failure(UsageError(file: path, message: "no such file or directory")))
            continue
        }
        guard directory.boolValue else {
            out.append(.success(InputFile(path: path, inDirectory: nil)))
            continue
        }
        if cdkOutputs, let names = try? FileManager.default.contentsOfDirectory(atPath: path),
            names.contains(where: { $0.hasSuffix(".template.json") })
        {
            out.append(.success(InputFile(path: path, inDirectory: nil)))
            continue
        }
        var files: [String] = []
        var problems: [UsageError] = []
        walk(path, "", into: &files, problems: &problems, visited: [])
        let aslSuffixes = yaml ? [".asl.json", ".asl.yaml", ".asl.yml"] : [".asl.json"]
        var chosen = files.filter { name in aslSuffixes.contains { name.lowercased().hasSuffix($0) } }
        if chosen.isEmpty { chosen = files.filter { $0.lowercased().hasSuffix(".json") } }
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        out += problems.map { .failure($0) }
        out += chosen.map { .success(InputFile(path: base + "/" + $0, inDirectory: $0)) }
        if chosen.isEmpty && problems.isEmpty {
            out.append(
                .failure(
                    UsageError(
                        file: path,
                        message:
                            "is a directory without definition files (*.asl.json\(yaml ? ", *.asl.yaml" : "") or *.json)"
                    )))
        }
    }
    return out
}

/// Collects the files under `root/relative` (paths relative to `root`, sorted), skipping hidden
/// entries and `node_modules`; a folder that cannot be listed is a problem, and a folder reached
/// again through a symbolic link is not walked twice.
private func walk(
    _ root: String, _ relative: String, into files: inout [String], problems: inout [UsageError], visited: Set<String>
) {
    let path = relative.isEmpty ? root : root + "/" + relative
    let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    guard !visited.contains(real) else { return }
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
        problems.append(UsageError(file: path, message: "cannot be read (permission denied)"))
        return
    }
    for name in names.sorted() where !name.hasPrefix(".") && name != "node_modules" {
        let child = relative.isEmpty ? name : relative + "/" + name
        var directory: ObjCBool = false
        // A dangling link is kept as a file: reading it reports it.
        if FileManager.default.fileExists(atPath: root + "/" + child, isDirectory: &directory), directory.boolValue {
            walk(root, child, into: &files, problems: &problems, visited: visited.union([real]))
        } else {
            files.append(child)
        }
    }
}

/// The exit status of a command over many files: the gravest outcome of any of them (a usage
/// problem, then a file that cannot be read, then an invalid definition, then a failure).
struct CombinedStatus {
    /// The status so far (``ExitStatus/ok`` until something is recorded).
    private(set) var status = ExitStatus.ok

    /// Records one file's outcome.
    mutating func record(_ outcome: Int32) {
        let order = [
            ExitStatus.ok, ExitStatus.failure, ExitStatus.invalidDefinition, ExitStatus.fileProblem, ExitStatus.usage,
        ]
        if (order.firstIndex(of: outcome) ?? order.count) > (order.firstIndex(of: status) ?? order.count) {
            status = outcome
        }
    }
}

/// Prints a file problem as `FILE: error: message`.
func reportFileProblem(_ error: UsageError, io: CommandIO) {
    io.err("\(error.file ?? "-"): " + io.style.failed("error") + ": \(error.message)")
}
