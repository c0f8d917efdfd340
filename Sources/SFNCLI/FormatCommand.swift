import StepFunctionsCompiler

/// `sfn format FILE`: prints the canonical JSON of a definition (`--in-place`: rewrites many files;
/// `--check`: lists the files that are not in the canonical form).
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

        With --in-place, FILE may be several files and directories, all rewritten in one process. A
        directory stands for its *.asl.json files, recursively (every *.json file when it holds no
        *.asl.json; hidden folders and node_modules skipped). Each file that cannot be read or
        formatted is reported as FILE: error: ... (or its diagnostics) and left unchanged, and the
        others are still rewritten; the exit status is the gravest (66 for a file that cannot be
        read, 64 for a template or YAML file, 1 for a definition with reading errors).

        With --check, nothing is written: each file (of several files and directories, as with
        --in-place) that --in-place would change is listed on standard output, and the exit status
        is 1 when there is any (or a file cannot be read), 0 when every file is in the canonical form.

        USAGE: sfn format [--state-machine ID] FILE
               sfn format --in-place FILE|DIR...
               sfn format --check FILE|DIR...

        OPTIONS:
          --in-place              Rewrite each FILE (ASL JSON files) instead of printing.
          --check                 List the files --in-place would change, without writing; exit 1 if any.
        \(definitionOptionsHelp)
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        let usage =
            "Usage: sfn format [--state-machine ID] FILE | sfn format --in-place FILE|DIR... | sfn format --check FILE|DIR..."
        do throws(UsageError) {
            let args = try ArgumentList(arguments, flags: ["--in-place", "--check"], options: ["--state-machine"])
            if args.has("--in-place") && args.has("--check") {
                throw UsageError(message: "--check writes nothing; it does not combine with --in-place")
            }
            let mode: FormatMode = args.has("--check") ? .check : args.has("--in-place") ? .inPlace : .print
            guard mode != .print ? !args.positionals.isEmpty : args.positionals.count == 1 else {
                throw UsageError(message: mode != .print ? "give at least one FILE or DIR" : "give exactly one FILE")
            }
            if mode == .print {
                let file = args.positionals[0]
                let outcome = try formatFile(file, stateMachine: args.value("--state-machine"), mode: mode, io: io)
                return outcome == .failed ? ExitStatus.failure : ExitStatus.ok
            }
            // Many files: each problem is reported with its file, and the other files are still formatted.
            let inputs = definitionFiles(args.positionals, yaml: false, cdkOutputs: false)
            var status = CombinedStatus()
            var changed = 0
            for input in inputs {
                let file: String
                switch input {
                case .success(let f): file = f.path
                case .failure(let e):
                    reportFileProblem(e, io: io)
                    status.record(e.exitStatus)
                    continue
                }
                do throws(UsageError) {
                    switch try formatFile(file, stateMachine: args.value("--state-machine"), mode: mode, io: io) {
                    case .failed: status.record(ExitStatus.failure)
                    case .changed:
                        changed += 1
                        if mode == .check { io.out(file) }
                    case .unchanged: break
                    }
                } catch {
                    io.err("\(error.file ?? file): " + io.style.failed("error") + ": \(error.message)")
                    status.record(error.exitStatus)
                }
            }
            if mode == .check && changed > 0 {
                let files = inputs.filter { (try? $0.get()) != nil }.count
                io.err("\(changed) of \(files) file\(files == 1 ? "" : "s") would be reformatted")
                status.record(ExitStatus.failure)
            }
            return status.status
        } catch {
            return error.report(usage: usage, io: io)
        }
    })

/// What `sfn format` does with each file.
private enum FormatMode {
    case print, inPlace, check
}

/// What became of one file.
private enum FormatOutcome {
    /// It could not be read or written (reported).
    case failed
    /// Its text is (or was) not the canonical form: rewritten, or listed by `--check`.
    case changed
    /// Printed, or already in the canonical form.
    case unchanged
}

/// Formats one file: prints it, rewrites it (`inPlace`), or compares it with its canonical form
/// (`check`); a file that cannot be read or rewritten (a template, YAML) is thrown.
private func formatFile(_ file: String, stateMachine: String?, mode: FormatMode, io: CommandIO) throws(UsageError)
    -> FormatOutcome
{
    let option = mode == .check ? "--check" : "--in-place"
    let takes = mode == .check ? "--check compares" : "--in-place rewrites"
    guard let source = try loadDefinitionReporting(file, stateMachine: stateMachine, io: io) else { return .failed }
    var original = ""
    if mode != .print {
        guard file != "-" else { throw UsageError(message: "\(option) needs a FILE, not '-'") }
        if source.isTemplate {
            throw UsageError(
                message: "\(takes) ASL JSON files only; \(file) is a template. Print the definition "
                    + "(sfn format \(file)\(source.logicalId.map { " --state-machine \($0)" } ?? "") > "
                    + "NAME.asl.json) and edit the template yourself")
        }
        original = try readTextFile(file, io: io)
        if !original.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).hasPrefix("{") {
            throw UsageError(message: "\(takes) ASL JSON files only; \(file) is YAML (it would become JSON)")
        }
    }
    let read = source.read()
    guard let definition = read.definition, !read.hasErrors else {
        for d in read.diagnostics { io.err(d.formatted(file: source.file)) }
        return .failed
    }
    let output = ASLWriter().text(definition)
    switch mode {
    case .print:
        io.write(output)
        return .unchanged
    case .check:
        return output == original ? .unchanged : .changed
    case .inPlace:
        guard output != original else { return .unchanged }
        do {
            try output.write(toFile: file, atomically: true, encoding: .utf8)
        } catch {
            io.err("Error: cannot write \(file): \(error.localizedDescription)")
            return .failed
        }
        return .changed
    }
}
