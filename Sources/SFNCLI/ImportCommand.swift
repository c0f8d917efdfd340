import StepFunctionsCompiler

/// `sfn import FILE --name NAME`: prints the definition as Swift source in the DSL.
let importCommand = Command(
    name: "import",
    summary: "Print a definition as Swift source in the DSL",
    help: """
        OVERVIEW: Print an ASL definition (or a template's state machine) as Swift DSL source.

        Prints one Swift file that declares `let NAME` (a StateMachine) and its state-name enum,
        so that `try NAME.compile().json` is the definition again (key order aside). States that
        follow one another are written in sequence, states reached only by a Catch or a Choice
        rule in `handlers:`, service tasks with their typed initializers where the request fits
        one, payloads as Swift literals. What the DSL cannot express is reported with the state
        and field (exit 1); no Swift is printed then.

        USAGE: sfn import [--name NAME] [--state-machine ID] FILE

        OPTIONS:
          --name NAME             The Swift name of the workflow's `let` (default: from the
                                  template's logical id, or FILE's name: order-flow.asl.json
                                  -> orderFlow); the enum is NAME capitalised + Step.
        \(definitionOptionsHelp)
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        let usage = "Usage: sfn import [--name NAME] [--state-machine ID] FILE"
        do throws(UsageError) {
            let args = try ArgumentList(arguments, flags: [], options: ["--name", "--state-machine"])
            guard args.positionals.count == 1, let file = args.positionals.first else {
                throw UsageError(message: "give exactly one FILE")
            }
            if let name = args.value("--name"), !SwiftWriter.isIdentifier(name) {
                throw UsageError(
                    message: "--name '\(name)' is not a Swift identifier (letters, digits and _, not starting with "
                        + "a digit, not a keyword)")
            }
            guard let source = try loadDefinitionReporting(file, stateMachine: args.value("--state-machine"), io: io)
            else {
                return ExitStatus.failure
            }
            let name = args.value("--name") ?? defaultImportName(file, logicalId: source.logicalId)
            let read = source.read()
            guard let definition = read.definition, !read.hasErrors else {
                for d in read.diagnostics { io.err(d.formatted(file: source.file)) }
                return ExitStatus.failure
            }
            do throws(SwiftImportError) {
                io.write(try SwiftWriter(name: name).source(for: definition))
            } catch {
                io.err("\(displayName(file, source)): cannot import: \(error)")
                return ExitStatus.failure
            }
            return ExitStatus.ok
        } catch {
            return error.report(usage: usage, io: io)
        }
    })

/// A Swift name for the workflow: from a template's logical id (`OrderFlow` -> `orderFlow`), else from
/// the file name (`order-flow.asl.json` -> `orderFlow`); `workflow` when none fits.
func defaultImportName(_ file: String, logicalId: String?) -> String {
    let base = file.split(separator: "/").last.map(String.init) ?? file
    let stem = logicalId ?? (file == "-" ? "workflow" : base.split(separator: ".").first.map(String.init) ?? base)
    var name = SwiftWriter.identifier(stem)
    if !SwiftWriter.isIdentifier(name) { name = "workflow" }
    return name
}
