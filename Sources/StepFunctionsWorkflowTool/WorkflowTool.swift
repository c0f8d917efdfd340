import Foundation
import StepFunctions

/// Turns an executable into a command-line tool over the workflows it lists: `compile` writes one
/// `NAME.asl.json` per workflow (and, on request, a CloudFormation template), `validate` prints every
/// diagnostic as `File.swift:LINE: error: [code] message`, `list` prints the names.
///
/// ```swift
/// // Sources/workflows/main.swift
/// import StepFunctions
/// WorkflowTool.main([payment, orders])
/// ```
/// Then `swift run workflows compile --output build/asl`.
public enum WorkflowTool {
    /// Runs the tool with the process's arguments and exits with its status.
    public static func main(_ workflows: [any CompilableWorkflow]) -> Never {
        let status = run(workflows, arguments: Array(CommandLine.arguments.dropFirst()))
        exit(status)
    }

    /// Runs the tool with `arguments` (without the program name); returns the exit status: 0 on success,
    /// 1 when a workflow has errors or a file cannot be written, 64 for a usage error.
    public static func run(
        _ workflows: [any CompilableWorkflow], arguments: [String], output: (String) -> Void = { print($0) },
        errorOutput: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    ) -> Int32 {
        var names: Set<String> = []
        for w in workflows where !names.insert(w.name).inserted {
            errorOutput("Error: two workflows are named '\(w.name)'; give each a unique name: (StateMachine(_:name:))")
            return 1
        }
        guard let command = arguments.first else {
            errorOutput(usage)
            return 64
        }
        let rest = Array(arguments.dropFirst())
        do throws(UsageFailure) {
            switch command {
            case "compile": return try compile(workflows, rest, output, errorOutput)
            case "validate": return try validate(workflows, rest, output)
            case "list":
                for w in workflows { output(w.name) }
                return 0
            case "-h", "--help", "help":
                output(usage)
                return 0
            default:
                throw UsageFailure(message: "unknown subcommand '\(command)'")
            }
        } catch {
            errorOutput("Error: \(error.message)\n\n\(usage)")
            return 64
        }
    }

    /// The help text.
    public static let usage = """
        USAGE: <tool> compile [--output DIR] [--compact] [--terraform] [--cloudformation yaml|json]
                              [--warnings-as-errors] [WORKFLOW...]
               <tool> validate [--no-warnings] [WORKFLOW...]
               <tool> list

        SUBCOMMANDS:
          compile    Write NAME.asl.json for each workflow (all when none is named) into DIR
                     (default: the current directory); --cloudformation also writes NAME.cfn.yaml|json.
          validate   Print every diagnostic as FILE:LINE: error|warning: [code] message.
          list       Print the workflows' names.

        OPTIONS:
          --output DIR            Where compile writes its files.
          --compact               One-line JSON.
          --terraform             Escape '${' and '%{' that are not placeholders, for templatefile.
          --cloudformation FMT    Also write a CloudFormation template (yaml or json).
          --warnings-as-errors    Fail when a workflow has warnings.
          --no-warnings           validate: report errors only.
        """

    private struct UsageFailure: Error {
        let message: String
    }

    private static func select(_ workflows: [any CompilableWorkflow], _ names: [String]) throws(UsageFailure)
        -> [any CompilableWorkflow]
    {
        guard !names.isEmpty else { return workflows }
        return try names.map { (name: String) throws(UsageFailure) -> any CompilableWorkflow in
            guard let w = workflows.first(where: { $0.name == name }) else {
                throw UsageFailure(
                    message: "no workflow named '\(name)'; workflows: \(workflows.map(\.name).joined(separator: ", "))")
            }
            return w
        }
    }

    private static func compile(
        _ workflows: [any CompilableWorkflow], _ arguments: [String], _ output: (String) -> Void,
        _ errorOutput: (String) -> Void
    ) throws(UsageFailure) -> Int32 {
        var directory = "."
        var options = CompileOptions()
        var cloudFormation: CloudFormationOptions.Format?
        var positionals: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            i += 1
            switch a {
            case "--compact": options.format = .compact
            case "--terraform": options.placeholderSyntax = .terraform
            case "--warnings-as-errors": options.warningsAsErrors = true
            case "--output", "--cloudformation":
                guard i < arguments.count else { throw UsageFailure(message: "option '\(a)' needs a value") }
                let value = arguments[i]
                i += 1
                if a == "--output" {
                    directory = value
                } else {
                    switch value {
                    case "yaml": cloudFormation = .yaml
                    case "json": cloudFormation = .json
                    default: throw UsageFailure(message: "--cloudformation takes 'yaml' or 'json', not '\(value)'")
                    }
                }
            default:
                if a.hasPrefix("-") { throw UsageFailure(message: "unknown option '\(a)'") }
                positionals.append(a)
            }
        }
        var failed = false
        for workflow in try select(workflows, positionals) {
            do {
                let compiled = try workflow.compile(options)
                for w in compiled.warnings { output(w.description) }
                output("wrote \(try compiled.write(toDirectory: directory))")
                if let format = cloudFormation {
                    let path = try compiled.writeCloudFormationTemplate(
                        toDirectory: directory, CloudFormationOptions(format: format))
                    output("wrote \(path)")
                }
            } catch let failure as ValidationFailure {
                for d in failure.diagnostics { errorOutput(d.description) }
                errorOutput("\(workflow.name): not compiled (\(failure.errors.count) errors)")
                failed = true
            } catch {
                errorOutput("Error: \(error)")
                failed = true
            }
        }
        return failed ? 1 : 0
    }

    private static func validate(
        _ workflows: [any CompilableWorkflow], _ arguments: [String], _ output: (String) -> Void
    ) throws(UsageFailure) -> Int32 {
        var warnings = true
        var positionals: [String] = []
        for a in arguments {
            if a == "--no-warnings" {
                warnings = false
            } else if a.hasPrefix("-") {
                throw UsageFailure(message: "unknown option '\(a)'")
            } else {
                positionals.append(a)
            }
        }
        var failed = false
        for workflow in try select(workflows, positionals) {
            let diagnostics = workflow.validate(warnings: warnings)
            for d in diagnostics { output(d.description) }
            if diagnostics.contains(where: { $0.severity == .error }) { failed = true }
            if diagnostics.isEmpty { output("\(workflow.name): ok") }
        }
        return failed ? 1 : 0
    }
}

extension CompiledStateMachine {
    /// Writes ``json`` to `DIRECTORY/NAME.asl.json` (creating the directory) and returns the path.
    @discardableResult
    public func write(toDirectory directory: String) throws -> String {
        try Self.write(json, to: directory, fileName: fileName)
    }

    /// Writes a CloudFormation template to `DIRECTORY/NAME.cfn.yaml` (or `.cfn.json`) and returns the path.
    @discardableResult
    public func writeCloudFormationTemplate(
        toDirectory directory: String, _ options: CloudFormationOptions = CloudFormationOptions()
    ) throws -> String {
        let fileName = name + (options.format == .yaml ? ".cfn.yaml" : ".cfn.json")
        return try Self.write(cloudFormationTemplate(options), to: directory, fileName: fileName)
    }

    private static func write(_ text: String, to directory: String, fileName: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
