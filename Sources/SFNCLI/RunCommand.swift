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
        with --test-case); an unanswered Task fails the run with Simulator.NoHandler. Prints each
        state with its virtual start time and duration (Parallel branches and Map iterations
        labelled and indented), retries, errors with their causes, and on a timeout the state that
        was still waiting; then the output. Exits 1 when the execution does not succeed.

        With --html, also writes a self-contained page of the run on the workflow's graph: the
        path taken coloured, each state's input, output and errors, Map iterations to choose
        from, and the timeline (see Docs/Pictures.md).

        USAGE: sfn run FILE [--input JSON|@FILE] [--mock-config FILE --test-case NAME] [--json] [--html OUT]

        OPTIONS:
          --input JSON|@FILE      The execution input (default {}); '@path' reads a file.
          --mock-config FILE      A Step Functions Local mock configuration file.
          --test-case NAME        The test case of the mock configuration to use.
          --state-machine NAME    The state machine in the mock configuration (when names clash).
          --seed N                The random seed (jitter, States.UUID, States.MathRandom).
          --json                  Print the whole result (status, output, error, events) as JSON.
          --html OUT              Also write the run drawn on the workflow's graph to OUT (an HTML page).
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        do throws(UsageError) {
            let args = try ArgumentList(
                arguments, flags: ["--json"],
                options: ["--input", "--mock-config", "--test-case", "--state-machine", "--seed", "--html"])
            guard args.positionals.count == 1, let file = args.positionals.first else {
                throw UsageError(message: "give exactly one FILE")
            }
            let text = try readTextFile(file, io: io)
            let document = ASLDocument(text: text, fileName: file)
            guard let definition = document.definition, !document.hasErrors else {
                for d in document.errors { io.err(d.formatted(file: file)) }
                return ExitStatus.failure
            }
            var inputText = args.value("--input") ?? "{}"
            if inputText.hasPrefix("@") { inputText = try readTextFile(String(inputText.dropFirst()), io: io) }
            var options = Simulator.Options()
            if let seed = args.value("--seed") {
                guard let n = UInt64(seed) else { throw UsageError(message: "--seed needs a non-negative integer") }
                options.seed = n
            }
            options.stateMachineName =
                URL(fileURLWithPath: file).deletingPathExtension().deletingPathExtension().lastPathComponent
            var sim = Simulator(definition, options: options)
            if let mockFile = args.value("--mock-config") {
                guard let testCase = args.value("--test-case") else {
                    throw UsageError(message: "--mock-config needs --test-case NAME")
                }
                do {
                    let config = try MockConfiguration(text: try readTextFile(mockFile, io: io))
                    try sim.useMocks(config, testCase: testCase, stateMachine: args.value("--state-machine"))
                } catch let e as MockConfigurationError {
                    io.err("Error: \(mockFile): \(e.message)")
                    return ExitStatus.failure
                } catch {
                    io.err("Error: \(error)")
                    return ExitStatus.failure
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
            if args.has("--json") {
                io.out(JSONWriter.pretty.string(execution.json))
            } else {
                io.out(Timeline(execution).text)
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
            io.err(
                "Error: \(error.message)\nUsage: sfn run FILE [--input JSON|@FILE] [--mock-config FILE --test-case NAME] [--json] [--html OUT]"
            )
            return ExitStatus.usage
        }
    })
