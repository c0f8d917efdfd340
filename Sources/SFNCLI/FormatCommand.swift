import StepFunctionsCompiler

/// `sfn format FILE`: prints the canonical JSON of a definition.
let formatCommand = Command(
    name: "format",
    summary: "Print a definition in the canonical form (two-space JSON, ASL field order)",
    help: """
        OVERVIEW: Print an ASL definition in the canonical form.

        Keys follow ASL's field order (Type first, Next/End last), states keep their order, payload
        keys keep the author's order, indentation is two spaces, and integral numbers have no '.0'.
        A definition that cannot be read is reported and left unchanged (exit 1).

        FILE may be a CloudFormation or SAM template (JSON or YAML): the definition of its state
        machine (--state-machine ID when it has several) is printed as ASL JSON, intrinsic functions
        as ${...} placeholders and DefinitionSubstitutions not applied, which is what goes in an
        .asl.json file beside the template. --in-place rewrites ASL JSON files only: a template (or
        an ASL file in YAML) is never rewritten.

        USAGE: sfn format [--in-place] [--state-machine ID] FILE

        OPTIONS:
          --in-place              Rewrite FILE (an ASL JSON file) instead of printing.
        \(definitionOptionsHelp)
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        let usage = "Usage: sfn format [--in-place] [--state-machine ID] FILE"
        do throws(UsageError) {
            let args = try ArgumentList(arguments, flags: ["--in-place"], options: ["--state-machine"])
            guard args.positionals.count == 1, let file = args.positionals.first else {
                throw UsageError(message: "give exactly one FILE")
            }
            guard let source = try loadDefinitionReporting(file, stateMachine: args.value("--state-machine"), io: io)
            else {
                return ExitStatus.failure
            }
            if args.has("--in-place") {
                guard file != "-" else { throw UsageError(message: "--in-place needs a FILE, not '-'") }
                if source.isTemplate {
                    throw UsageError(
                        message: "--in-place rewrites ASL JSON files only; \(file) is a template. Print the definition "
                            + "(sfn format \(file)\(source.logicalId.map { " --state-machine \($0)" } ?? "") > "
                            + "NAME.asl.json) and edit the template yourself")
                }
                let original = try readTextFile(file, io: io)
                if !original.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).hasPrefix("{") {
                    throw UsageError(
                        message: "--in-place rewrites ASL JSON files only; \(file) is YAML (it would become JSON)")
                }
            }
            let read = source.read()
            guard let definition = read.definition, !read.hasErrors else {
                for d in read.diagnostics { io.err(d.formatted(file: source.file)) }
                return ExitStatus.failure
            }
            let output = ASLWriter().text(definition)
            if args.has("--in-place") {
                do {
                    try output.write(toFile: file, atomically: true, encoding: .utf8)
                } catch {
                    io.err("Error: cannot write \(file): \(error.localizedDescription)")
                    return ExitStatus.failure
                }
            } else {
                io.write(output)
            }
            return ExitStatus.ok
        } catch {
            io.err("Error: \(error.message)\n\(usage)")
            return ExitStatus.usage
        }
    })
