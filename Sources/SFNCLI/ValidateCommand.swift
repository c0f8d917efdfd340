import JSONCore
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

        With --aws-json, prints one JSON object per file instead: what AWS answers for the definition,
        in AWS's words where they are known (Docs/AWSWording.md): "result" and "diagnostics" as
        ValidateStateMachineDefinition returns them (errors only), and "invalidDefinition", the message
        of CreateStateMachine's InvalidDefinition error (null when the definition is valid).

        Only ${Name} is a placeholder (what CloudFormation's DefinitionSubstitutions and Terraform's
        templatefile fill in); --localstack-placeholders also takes LocalStack's test-template stand-ins
        (%Name%, _tbd_, __tbc__) for placeholders.

        USAGE: sfn validate [--express] [--no-warnings] [--quiet] [--aws-json] [--localstack-placeholders] FILE...

        ARGUMENTS:
          FILE                    An .asl.json file ('-' reads standard input).

        OPTIONS:
          --express               Apply the rules for EXPRESS state machines.
          --no-warnings           Report errors only.
          --quiet                 Print nothing for files without diagnostics (default prints 'FILE: ok').
          --aws-json              Print AWS's answers as JSON (one object per file, one per line).
          --localstack-placeholders
                                  Read %Name%, _tbd_ and __tbc__ as placeholders.
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        do throws(UsageError) {
            let args = try ArgumentList(
                arguments, flags: ["--express", "--no-warnings", "--quiet", "--aws-json", "--localstack-placeholders"],
                options: [])
            guard !args.positionals.isEmpty else { throw UsageError(message: "give at least one FILE") }
            let options = ASLValidator.Options(
                stateMachineType: args.has("--express") ? .express : .standard, warnings: !args.has("--no-warnings"))
            var failed = false
            for file in args.positionals {
                let text = try readTextFile(file, io: io)
                let document = ASLDocument(
                    text: text, fileName: file, validation: options,
                    localStackPlaceholders: args.has("--localstack-placeholders"))
                if document.hasErrors { failed = true }
                if args.has("--aws-json") {
                    io.out(JSONWriter.compact.string(awsAnswer(document, text: text, file: file)))
                    continue
                }
                for d in document.diagnostics { io.out(d.formatted(file: file)) }
                if document.diagnostics.isEmpty && !args.has("--quiet") { io.out("\(file): ok") }
            }
            return failed ? ExitStatus.failure : ExitStatus.ok
        } catch {
            io.err(
                "Error: \(error.message)\nUsage: sfn validate [--express] [--no-warnings] [--quiet] [--aws-json] "
                    + "[--localstack-placeholders] FILE..."
            )
            return ExitStatus.usage
        }
    })

/// `{"file", "result", "diagnostics", "invalidDefinition"}`: AWS's answers for one definition.
private func awsAnswer(_ document: ASLDocument, text: String, file: String) -> JSONValue {
    let diagnostics: [JSONValue] = AWSWording.reportedErrors(document.diagnostics).map { d in
        let aws = AWSWording.answering(d)
        var o: JSONObject = ["severity": "ERROR", "code": .string(aws.code), "message": .string(aws.message)]
        if let location = aws.location { o["location"] = .string(location) }
        return .object(o)
    }
    let message = AWSWording.invalidDefinitionMessage(for: document.diagnostics, definition: text)
    return [
        "file": .string(file), "result": .string(document.hasErrors ? "FAIL" : "OK"),
        "diagnostics": .array(diagnostics),
        "invalidDefinition": message.map(JSONValue.string) ?? .null,
    ]
}
