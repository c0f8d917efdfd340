import StepFunctionsCompiler

/// `sfn format FILE`: prints the canonical JSON of a definition (`--in-place`: rewrites many files).
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

        With --in-place, FILE may be several files and directories (every *.json file directly in
        a directory, sorted), all rewritten in one process; each file that cannot be read is
        reported and left unchanged, and the others are still rewritten.

        USAGE: sfn format [--state-machine ID] FILE
               sfn format --in-place FILE|DIR...

        OPTIONS:
          --in-place              Rewrite each FILE (ASL JSON files) instead of printing.
        \(definitionOptionsHelp)
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        let usage = "Usage: sfn format [--state-machine ID] FILE | sfn format --in-place FILE|DIR..."
        do throws(UsageError) {
            let args = try ArgumentList(arguments, flags: ["--in-place"], options: ["--state-machine"])
            let inPlace = args.has("--in-place")
            guard inPlace ? !args.positionals.isEmpty : args.positionals.count == 1 else {
                throw UsageError(message: inPlace ? "give at least one FILE or DIR" : "give exactly one FILE")
            }
            let files = inPlace ? try caseFiles(args.positionals) : args.positionals
            var failed = false
            for file in files {
                let ok = try formatFile(file, stateMachine: args.value("--state-machine"), inPlace: inPlace, io: io)
                if !ok { failed = true }
            }
            return failed ? ExitStatus.failure : ExitStatus.ok
        } catch {
            io.err("Error: \(error.message)\n\(usage)")
            return ExitStatus.usage
        }
    })

/// Formats one file: prints it, or rewrites it with `inPlace`; false when it could not be read or written.
private func formatFile(_ file: String, stateMachine: String?, inPlace: Bool, io: CommandIO) throws(UsageError) -> Bool
{
    guard let source = try loadDefinitionReporting(file, stateMachine: stateMachine, io: io) else { return false }
    if inPlace {
        guard file != "-" else { throw UsageError(message: "--in-place needs a FILE, not '-'") }
        if source.isTemplate {
            throw UsageError(
                message: "--in-place rewrites ASL JSON files only; \(file) is a template. Print the definition "
                    + "(sfn format \(file)\(source.logicalId.map { " --state-machine \($0)" } ?? "") > "
                    + "NAME.asl.json) and edit the template yourself")
        }
        let original = try readTextFile(file, io: io)
        if !original.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).hasPrefix("{") {
            throw UsageError(message: "--in-place rewrites ASL JSON files only; \(file) is YAML (it would become JSON)")
        }
    }
    let read = source.read()
    guard let definition = read.definition, !read.hasErrors else {
        for d in read.diagnostics { io.err(d.formatted(file: source.file)) }
        return false
    }
    let output = ASLWriter().text(definition)
    guard inPlace else {
        io.write(output)
        return true
    }
    do {
        try output.write(toFile: file, atomically: true, encoding: .utf8)
    } catch {
        io.err("Error: cannot write \(file): \(error.localizedDescription)")
        return false
    }
    return true
}
