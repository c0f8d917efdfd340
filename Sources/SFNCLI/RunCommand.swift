import Foundation
import JSONCore
import StepFunctionsCompiler
import StepFunctionsSimulator
import WorkflowPictures

/// `sfn run FILE --input JSON|@FILE`: runs a definition in the simulator and prints a timeline.
let runCommand = Command(
    name: "run",
    summary: "Run a definition in the simulator (virtual time) and print its timeline and output",
    help: """
        OVERVIEW: Run an ASL definition in-process with AWS Step Functions' semantics.

        Time is virtual: Waits and retry delays complete at once while timestamps advance as on
        AWS. Task states are answered by a Step Functions Local mock configuration (--mock-config
        with --test-case, from the state machine named like FILE, or --state-machine); an unanswered
        Task stops the run with Simulator.NoHandler, and a mock for a name that is no Task state of
        the definition with Simulator.UnknownState (--lenient takes AWS's error paths and ignores
        such mocks). Prints each state with its virtual start time and duration (Parallel branches
        and Map iterations labelled and indented), retries, errors with their causes, and on a
        timeout the state that was still waiting; then the output. Exits 1 when the execution does
        not succeed, 65 when the definition has errors (nothing ran), 64 on a usage error and 66
        when a file cannot be read (Docs/CLI.md, "Exit statuses").

        --handler STATE=COMMAND answers a Task state with a command in any language (repeatable):
        it runs with /bin/sh -c, reads the task's input as JSON on standard input and prints the
        result as JSON; a non-zero exit is a task failure named by {"Error", "Cause"} on standard
        output (or a Lambda runtime's {"errorType", "errorMessage"}). --handler-resource
        ARN-PATTERN=COMMAND answers every Task whose Resource matches the pattern (* any run of
        characters, ? one), or, for arn:aws:states:::lambda:invoke, whose FunctionName does; a
        --handler naming the state wins, then the first pattern that matches.

        With --html, also writes a self-contained page of the run on the workflow's graph: the
        path taken coloured, each state's input, output and errors, Map iterations to choose
        from, and the timeline (see Docs/Pictures.md).

        sfn run takes one definition: its input, mocks, timeline, --json and --html belong to one
        execution. To run many executions in one process, write them as test cases (sfn test DIR).

        FILE may be a CloudFormation or SAM template (JSON or YAML): its state machine (the one
        --state-machine names when it declares several) runs, with its DefinitionSubstitutions
        and --substitute/--substitutions filling the ${...} placeholders; placeholders left
        unfilled are listed on standard error.

        USAGE: sfn run FILE [--input JSON|@FILE] [--mock-config FILE --test-case NAME] [--handler STATE=COMMAND]...
                       [--handler-resource ARN-PATTERN=COMMAND]... [--json] [--html OUT]
                       [--lenient] [--express] [--no-limits] [--cost [--rates FILE] [--executions N]] [--state-machine ID] [--substitute NAME=VALUE]... [--substitutions FILE]

        OPTIONS:
          --input JSON|@FILE      The execution input (default {}); '@path' reads a file.
          --mock-config FILE      A Step Functions Local mock configuration file.
          --test-case NAME        The test case of the mock configuration to use.
          --handler STATE=COMMAND Answer the Task state STATE with a shell command (JSON in, JSON out).
          --handler-resource ARN-PATTERN=COMMAND
                                  Answer the Tasks whose Resource (or Lambda FunctionName) matches.
          --state-machine NAME    In a template, the state machine with this logical id; in the mock
                                  configuration, the state machine whose test case is used (default:
                                  FILE's name without .asl.json; for a template, its StateMachineName or
                                  logical id is tried too).
          --lenient               AWS's error paths for Tasks nothing answers and unregistered
                                  child state machines; mocks for unknown states are ignored.
        \(substitutionOptionsHelp)
          --seed N                The random seed (jitter, States.UUID, States.MathRandom).
          --json                  Print the whole result (status, output, error, events) as JSON.
          --html OUT              Also write the run drawn on the workflow's graph to OUT (an HTML page).
          --express               Run as an EXPRESS machine (a template's type is used otherwise).
          --no-limits             Lift the history-event limits and the payload and variable size quotas
                                  (for runs larger than AWS allows; the guard against endless loops stays).
        \(costOptionsHelp)
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        do throws(UsageError) {
            let args = try ArgumentList(
                arguments, flags: ["--json", "--lenient", "--cost", "--express", "--no-limits"],
                options: [
                    "--input", "--mock-config", "--test-case", "--state-machine", "--seed", "--substitute",
                    "--substitutions", "--html", "--rates", "--executions", "--handler", "--handler-resource",
                ])
            let handlers = try CommandHandlers(args)
            let cost = try CostOptions(args, io: io)
            guard args.positionals.count == 1, let file = args.positionals.first else {
                // One execution: its input, mocks, timeline, --json and --html are about one definition.
                throw UsageError(
                    message:
                        "give exactly one FILE (sfn run runs one execution; sfn test DIR runs many cases in one process)"
                )
            }
            // `--state-machine` chooses a template's state machine; for an ASL file it only names the
            // mock configuration's. A directory is a cdk.out (its templates).
            var isTemplate = isDirectory(file)
            if !isTemplate { isTemplate = CloudFormationTemplate.isTemplate(try readTextFile(file, io: io)) }
            guard
                let source = try loadDefinitionReporting(
                    file, stateMachine: isTemplate ? args.value("--state-machine") : nil, io: io)
            else {
                return ExitStatus.invalidDefinition
            }
            let values = try substitutions(args, io: io)
            let document = source.document(substitutions: values)
            guard let definition = document.definition, !document.hasErrors else {
                for d in document.errors { io.err(d.formatted(file: source.file)) }
                return ExitStatus.invalidDefinition
            }
            let unfilled = source.placeholders(substitutions: values)
            if !unfilled.isEmpty {
                io.err(
                    "note: placeholders left unfilled: \(unfilled.map { "${\($0)}" }.joined(separator: ", ")) "
                        + "(fill them with --substitute NAME=VALUE)")
            }
            var inputText = args.value("--input") ?? "{}"
            if inputText.hasPrefix("@") { inputText = try readTextFile(String(inputText.dropFirst()), io: io) }
            var options = Simulator.Options()
            if let seed = args.value("--seed") {
                guard let n = UInt64(seed) else { throw UsageError(message: "--seed needs a non-negative integer") }
                options.seed = n
            }
            options.stateMachineName =
                source.name ?? source.logicalId
                ?? URL(fileURLWithPath: file).deletingPathExtension().deletingPathExtension().lastPathComponent
            options.strict = !args.has("--lenient")
            if args.has("--express") || source.type == .express { options.stateMachineType = .express }
            if args.has("--no-limits") {
                options.historyEventLimit = nil
                options.expressHistoryEventLimit = nil
                options.payloadSizeLimit = .max
                options.variableSizeLimit = .max
                options.variablesTotalSizeLimit = .max
            }
            var sim = Simulator(definition, options: options)
            if let mockFile = args.value("--mock-config") {
                guard let testCase = args.value("--test-case") else {
                    throw UsageError(message: "--mock-config needs --test-case NAME")
                }
                let mockText = try readTextFile(mockFile, io: io)
                do {
                    let config = try MockConfiguration(text: mockText)
                    // The test case of this machine only: one of another machine is an error, not a pick.
                    // For a template, the mock configuration may name the machine by --state-machine, its
                    // StateMachineName or its logical id: the first it has.
                    var mockMachine = args.value("--state-machine") ?? options.stateMachineName
                    if isTemplate {
                        mockMachine =
                            [args.value("--state-machine"), source.name, source.logicalId].compactMap { $0 }
                            .first { config.stateMachines[$0] != nil } ?? mockMachine
                    }
                    try sim.useMocks(config, testCase: testCase, stateMachine: mockMachine)
                } catch let e as MockConfigurationError {
                    io.err("Error: \(mockFile): \(e.message)")
                    return ExitStatus.failure
                } catch {
                    io.err("Error: \(error)")
                    return ExitStatus.failure
                }
            }
            if !handlers.isEmpty {
                let text = source.text(substitutions: values)
                let json = (try? JSONParser.parse(text)) ?? .object(JSONObject())
                for pattern in handlers.install(in: &sim, definition: json) {
                    io.err("note: --handler-resource '\(pattern)' matches no Task state of \(file)")
                }
            }
            let simulator = sim
            let input = inputText
            let result: Result<Execution, JSONParseError> = Simulator.runBlocking {
                do throws(JSONParseError) {
                    // Nobody can send a task token from the command line: `run` lets an unanswered
                    // callback run into its timeout instead of waiting forever.
                    return .success(try await simulator.run(inputText: input))
                } catch {
                    return .failure(error)
                }
            }
            let execution: Execution
            switch result {
            case .success(let e): execution = e
            case .failure(let e): throw UsageError(message: "--input is not JSON: \(e)")
            }
            let priced = cost.map { c in
                ExecutionCost(
                    usage: ExecutionUsage(
                        execution: execution, type: options.stateMachineType,
                        definitionBytes: ExecutionUsage.definitionBytes(definition)), rates: c.rates)
            }
            if args.has("--json") {
                // Written a piece at a time: a history of millions of events is never one value or one string.
                var extra: [(String, JSONValue)] = []
                if let priced, let c = cost { extra.append(("cost", priced.json(executions: c.executions))) }
                execution.writeJSON(.pretty, extra: extra) { $0.withUnsafeBufferPointer(io.writeBytes) }
                io.write("\n")
            } else {
                // Written a piece at a time, as the JSON is.
                Timeline(execution).write(io.writeBytes)
                io.write("\n")
                if let priced, let c = cost { io.write(priced.text(executions: c.executions)) }
            }
            if let page = args.value("--html") {
                do {
                    let trace = try ExecutionTrace(history: execution.json)
                    try writeTextFile(
                        WorkflowPicture(definition, name: options.stateMachineName).html(run: trace), to: page)
                    io.err("wrote the run's page to \(page)")
                } catch {
                    io.err("Error: cannot draw the run: \(error)")
                    return ExitStatus.failure
                }
            }
            return execution.status == .succeeded ? ExitStatus.ok : ExitStatus.failure
        } catch {
            return error.report(
                usage:
                    "Usage: sfn run FILE [--input JSON|@FILE] [--mock-config FILE --test-case NAME] [--handler STATE=COMMAND]... [--handler-resource ARN-PATTERN=COMMAND]... [--json] [--html OUT] [--lenient] [--express] [--no-limits] [--cost [--rates FILE] [--executions N]] [--state-machine ID] [--substitute NAME=VALUE]... [--substitutions FILE]",
                io: io)
        }
    })
