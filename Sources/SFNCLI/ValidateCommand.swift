import JSONCore
import StepFunctionsCompiler

/// `sfn validate FILE|DIR...`: prints every diagnostic as `FILE:LINE:COL: error: [code] message`.
let validateCommand = Command(
    name: "validate",
    summary: "Check ASL definitions the way AWS does, and warn about risky constructs",
    help: """
        OVERVIEW: Check Amazon States Language definitions.

        Prints each problem as FILE:LINE:COL: error|warning: [code] message, in the order of their
        places in the file, and exits 1 when any file has an error (66 when a FILE cannot be read:
        it is reported as FILE: error: ... and the others are still checked; 64 on a usage error). Warnings (a Task without
        TimeoutSeconds, a Choice without Default, a Catch that drops the input) do not change the
        exit status unless --warnings-as-errors is given.

        --format json prints one JSON document: {"files": [{"file", "stateMachine", "diagnostics":
        [{"severity", "code", "message", "path", "file", "line", "column"}]}], "errors", "warnings"}.
        --format sarif prints a SARIF 2.1.0 log (for code-scanning services): a rule per code, a
        result per problem with its file, line and column.

        FILE may be a directory: every definition file under it is checked, recursively (its
        *.asl.json, *.asl.yaml and *.asl.yml files, or every *.json file when it holds none; hidden
        folders and node_modules skipped), all in one process. A directory holding *.template.json
        files is a cdk.out, read as one template.

        A FILE may be a CloudFormation or SAM template (JSON or YAML, cdk.out's *.template.json):
        every state machine it declares is checked (or the one --state-machine names), after its
        DefinitionSubstitutions are applied, with the rules of its type (EXPRESS or STANDARD), and
        problems point at the line and column inside the template. Placeholders nobody fills
        (${Name}, intrinsic functions) are judged as the values AWS would put there.

        With --aws-json, prints one JSON object per definition instead: what AWS answers for it,
        in AWS's words where they are known (Docs/AWSWording.md): "result" and "diagnostics" as
        ValidateStateMachineDefinition returns them (errors only), and "invalidDefinition", the message
        of CreateStateMachine's InvalidDefinition error (null when the definition is valid).

        Only ${Name} is a placeholder (what CloudFormation's DefinitionSubstitutions and Terraform's
        templatefile fill in); --localstack-placeholders also takes LocalStack's test-template stand-ins
        (%Name%, _tbd_, __tbc__) for placeholders.

        USAGE: sfn validate [--express] [--no-warnings] [--warnings-as-errors] [--quiet]
                            [--format text|json|sarif] [--aws-json] [--localstack-placeholders]
                            [--state-machine ID] [--substitute NAME=VALUE]... [--substitutions FILE] FILE|DIR...

        ARGUMENTS:
          FILE                    An ASL file (.asl.json, .asl.yaml) or a template ('-' reads standard input).
          DIR                     A directory of definitions (searched recursively) or a cdk.out.

        OPTIONS:
          --express               Apply the rules for EXPRESS state machines.
          --no-warnings           Report errors only.
          --warnings-as-errors    Report warnings as errors, and fail the run on them.
          --format <format>       text (default), json or sarif.
          --no-color              No colour (text output is coloured on a terminal unless NO_COLOR is set).
          --quiet                 Print nothing for files without diagnostics (default prints 'FILE: ok').
          --aws-json              Print AWS's answers as JSON (one object per definition, one per line).
          --localstack-placeholders
                                  Read %Name%, _tbd_ and __tbc__ as placeholders.
        \(definitionOptionsHelp)
        \(substitutionOptionsHelp)
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        let usage =
            "Usage: sfn validate [--express] [--no-warnings] [--warnings-as-errors] [--quiet] "
            + "[--format text|json|sarif] [--aws-json] [--localstack-placeholders] "
            + "[--state-machine ID] "
            + "[--substitute NAME=VALUE]... [--substitutions FILE] FILE|DIR..."
        do throws(UsageError) {
            let args = try ArgumentList(
                arguments,
                flags: [
                    "--express", "--no-warnings", "--warnings-as-errors", "--quiet", "--aws-json",
                    "--localstack-placeholders",
                ],
                options: ["--state-machine", "--substitute", "--substitutions", "--format"])
            guard !args.positionals.isEmpty else { throw UsageError(message: "give at least one FILE or DIR") }
            let format = args.value("--format") ?? "text"
            guard ["text", "json", "sarif"].contains(format) else {
                throw UsageError(message: "--format takes text, json or sarif, not '\(format)'")
            }
            if format != "text" && args.has("--aws-json") {
                throw UsageError(
                    message: "--aws-json prints AWS's answers; it does not combine with --format \(format)")
            }
            var report = DiagnosticReport(warningsAsErrors: args.has("--warnings-as-errors"))
            /// A file or template problem, as a diagnostic for the json and sarif reports.
            func reportProblem(_ file: String, _ e: TemplateError) {
                report.entries.append(
                    .init(
                        file: file, stateMachine: nil,
                        diagnostics: [Diagnostic(.error, "template-error", e.message, at: .root, location: e.location)])
                )
            }
            let options = ASLValidator.Options(
                stateMachineType: args.has("--express") ? .express : .standard, warnings: !args.has("--no-warnings"))
            let values = try substitutions(args, io: io)
            var failed = false
            var fileProblem = false
            /// A file that cannot be read: reported, and the other files still checked.
            func reportUnreadable(_ e: UsageError) {
                reportFileProblem(e, io: io)
                report.entries.append(
                    .init(
                        file: e.file ?? "-", stateMachine: nil,
                        diagnostics: [Diagnostic(.error, "file-error", e.message, at: .root)]))
            }
            for input in definitionFiles(args.positionals, yaml: true, cdkOutputs: true) {
                let file: String
                switch input {
                case .success(let f): file = f.path
                case .failure(let e):
                    reportUnreadable(e)
                    fileProblem = true
                    continue
                }
                let sources: [Result<DefinitionSource, TemplateError>]
                do throws(DefinitionInputError) {
                    sources = try loadDefinitions(file, stateMachine: args.value("--state-machine"), all: true, io: io)
                } catch {
                    switch error {
                    case .usage(let e) where e.file != nil:
                        reportUnreadable(e)
                        fileProblem = true
                        continue
                    case .usage(let e): throw e
                    case .template(let e):
                        if format == "text" { io.out(e.location == nil ? "\(file): \(e)" : e.description) }
                        reportProblem(file, e)
                        failed = true
                        continue
                    }
                }
                for loaded in sources {
                    let source: DefinitionSource
                    switch loaded {
                    case .success(let s): source = s
                    case .failure(let e):
                        if format == "text" { io.out(e.location == nil ? "\(file): \(e)" : e.description) }
                        reportProblem(file, e)
                        failed = true
                        continue
                    }
                    let document = source.document(
                        substitutions: values, validation: options,
                        localStackPlaceholders: args.has("--localstack-placeholders"))
                    if document.hasErrors { failed = true }
                    // In a cdk.out directory, the template the state machine is in.
                    let name = displayName(isDirectory(file) ? source.file : file, source)
                    if args.has("--aws-json") {
                        let text = source.text(substitutions: values)
                        io.out(JSONWriter.compact.string(awsAnswer(document, text: text, file: file, source: source)))
                        continue
                    }
                    let entry = DiagnosticReport.Entry(
                        file: source.file, stateMachine: source.logicalId, diagnostics: document.diagnostics)
                    report.entries.append(entry)
                    guard format == "text" else { continue }
                    for d in DiagnosticReport.sorted(document.diagnostics) {
                        var shown = d
                        shown.severity = report.severity(d)
                        io.out(io.style.diagnostic(shown.formatted(file: source.file)))
                    }
                    if document.diagnostics.isEmpty && !args.has("--quiet") {
                        io.out("\(name): " + io.style.passed("ok"))
                    }
                }
            }
            switch format {
            case "json": io.out(JSONWriter(pretty: true).string(report.json()))
            case "sarif": io.out(JSONWriter(pretty: true).string(report.sarif()))
            default: break
            }
            if report.warningsAsErrors && report.count(.error) > 0 { failed = true }
            if fileProblem { return ExitStatus.fileProblem }
            return failed ? ExitStatus.failure : ExitStatus.ok
        } catch {
            return error.report(usage: usage, io: io)
        }
    })

/// `{"file", "result", "diagnostics", "invalidDefinition"}`: AWS's answers for one definition.
private func awsAnswer(_ document: ASLDocument, text: String, file: String, source: DefinitionSource) -> JSONValue {
    let diagnostics: [JSONValue] = AWSWording.reportedErrors(document.diagnostics).map { d in
        let aws = AWSWording.answering(d)
        var o: JSONObject = ["severity": "ERROR", "code": .string(aws.code), "message": .string(aws.message)]
        if let location = aws.location { o["location"] = .string(location) }
        return .object(o)
    }
    let message = AWSWording.invalidDefinitionMessage(for: document.diagnostics, definition: text)
    var answer: JSONObject = ["file": .string(file)]
    if let id = source.logicalId { answer["stateMachine"] = .string(id) }
    answer["result"] = .string(document.hasErrors ? "FAIL" : "OK")
    answer["diagnostics"] = .array(diagnostics)
    answer["invalidDefinition"] = message.map(JSONValue.string) ?? .null
    return .object(answer)
}
