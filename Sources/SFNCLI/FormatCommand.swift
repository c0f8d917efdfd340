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

        USAGE: sfn format [--in-place] FILE

        OPTIONS:
          --in-place              Rewrite FILE instead of printing.
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        do throws(UsageError) {
            let args = try ArgumentList(arguments, flags: ["--in-place"], options: [])
            guard args.positionals.count == 1, let file = args.positionals.first else {
                throw UsageError(message: "give exactly one FILE")
            }
            let text = try readTextFile(file, io: io)
            let read = ASLReader(options: .init(fileName: file)).read(text)
            guard let definition = read.definition, !read.hasErrors else {
                for d in read.diagnostics { io.err(d.formatted(file: file)) }
                return ExitStatus.failure
            }
            let output = ASLWriter().text(definition)
            if args.has("--in-place") {
                guard file != "-" else { throw UsageError(message: "--in-place needs a FILE, not '-'") }
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
            io.err("Error: \(error.message)\nUsage: sfn format [--in-place] FILE")
            return ExitStatus.usage
        }
    })
