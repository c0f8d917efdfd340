import StepFunctionsCompiler

/// `sfn validate FILE...`: prints every diagnostic as `FILE:LINE:COL: error: [code] message`.
let validateCommand = Command(
    name: "validate",
    summary: "Check ASL definitions the way AWS does, and warn about risky constructs",
    help: """
        OVERVIEW: Check Amazon States Language definitions.

        Prints each problem as FILE:LINE:COL: error|warning: [code] message and exits 1 when any
        file has an error. Warnings (a Task without TimeoutSeconds, a Choice without Default, a
        Catch that drops the input) do not change the exit status.

        USAGE: sfn validate [--express] [--no-warnings] [--quiet] FILE...

        ARGUMENTS:
          FILE                    An .asl.json file ('-' reads standard input).

        OPTIONS:
          --express               Apply the rules for EXPRESS state machines.
          --no-warnings           Report errors only.
          --quiet                 Print nothing for files without diagnostics (default prints 'FILE: ok').
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        do throws(UsageError) {
            let args = try ArgumentList(arguments, flags: ["--express", "--no-warnings", "--quiet"], options: [])
            guard !args.positionals.isEmpty else { throw UsageError(message: "give at least one FILE") }
            let options = ASLValidator.Options(
                stateMachineType: args.has("--express") ? .express : .standard, warnings: !args.has("--no-warnings"))
            var failed = false
            for file in args.positionals {
                let text = try readTextFile(file, io: io)
                let document = ASLDocument(text: text, fileName: file, validation: options)
                for d in document.diagnostics { io.out(d.formatted(file: file)) }
                if document.hasErrors { failed = true }
                if document.diagnostics.isEmpty && !args.has("--quiet") { io.out("\(file): ok") }
            }
            return failed ? ExitStatus.failure : ExitStatus.ok
        } catch {
            io.err("Error: \(error.message)\nUsage: sfn validate [--express] [--no-warnings] [--quiet] FILE...")
            return ExitStatus.usage
        }
    })
