import Foundation
import JSONCore
import StepFunctionsSimulator

private let testStateUsage = """
    sfn test-state FILE [--state NAME] [--input JSON|@FILE] [--mock-result JSON|@FILE | --mock-error ERROR \
    [--mock-cause CAUSE]] [--variables JSON|@FILE] [--context JSON|@FILE] [--inspection-level INFO|DEBUG|TRACE] [--json]
    """

/// `sfn test-state FILE --state NAME ...`: AWS's TestState, offline: runs one state and prints how it
/// ended and each step of its data processing.
let testStateCommand = Command(
    name: "test-state",
    summary: "Test one state as AWS's TestState API does (mocks, retries, inspection data)",
    help: """
        OVERVIEW: Test one state of a definition as AWS's TestState API does, offline.

        FILE is a whole state machine (name the state with --state; it may be inside a Map or
        Parallel) or one state on its own (named StateName, as AWS names it; its Next need not
        exist). Only that state runs, once: a Task's call, a Map's iterations and a Parallel's
        branches are replaced by the mock (Map and Parallel states need one); a Task without a mock
        fails with Simulator.NoHandler. Nothing is waited for: a failure a retrier would retry is
        RETRIABLE, with the backoff it would wait. Prints the status, the next state, the output or
        the error, and (with --inspection-level DEBUG or TRACE) each step of the data processing;
        --json prints AWS's TestState response instead. A request AWS would refuse prints AWS's error
        (definition errors as FILE:LINE:COLUMN diagnostics). Exit status: 0 when the state
        succeeded or its error was caught, 1 when it failed, is retriable or was refused, 64 for
        usage errors.

        USAGE: \(testStateUsage)

        OPTIONS:
          --state NAME                    The state to test (required when FILE is a state machine).
          --input JSON|@FILE              The state's input (default {}); '@path' reads a file.
          --mock-result JSON|@FILE        The mocked result: a Task's service response, a Map's or Parallel's result.
          --mock-error ERROR              The mocked error name (with --mock-cause CAUSE).
          --mock-cause CAUSE              The mocked error's cause.
          --field-validation-mode MODE    How a Task's mocked result is checked: STRICT (default), PRESENT, NONE.
          --variables JSON|@FILE          Workflow variables (an object).
          --context JSON|@FILE            The context object ($$), used as given (needs a mock).
          --role-arn ARN                  $$.Execution.RoleArn.
          --retrier-retry-count N         Retries already made by the retrier that applies.
          --error-caused-by-state NAME    The state inside a Map or Parallel the mocked error stands for.
          --map-iteration-failure-count N How many Map iterations fail (needs a mock).
          --map-item-reader-data TEXT|@FILE  What a distributed Map's ItemReader reads.
          --inspection-level LEVEL        INFO (default), DEBUG or TRACE.
          --json                          Print AWS's TestState response (or error) as JSON.
          -h, --help                      Show this help.
        """,
    run: { arguments, io in
        do throws(UsageError) {
            let args = try ArgumentList(
                arguments, flags: ["--json"],
                options: [
                    "--state", "--input", "--mock-result", "--mock-error", "--mock-cause", "--field-validation-mode",
                    "--variables", "--context", "--role-arn", "--retrier-retry-count", "--error-caused-by-state",
                    "--map-iteration-failure-count", "--map-item-reader-data", "--inspection-level",
                ])
            guard args.positionals.count == 1, let file = args.positionals.first else {
                throw UsageError(message: "give exactly one FILE")
            }
            let definition = try readTextFile(file, io: io)
            let request = try testStateRequest(args, definition: definition, io: io)
            let json = args.has("--json")
            let result: Result<TestStateResult, TestStateError> = Simulator.runBlocking {
                do throws(TestStateError) {
                    let request = try TestStateRequest(apiJSON: request)
                    return .success(
                        try await request.run(asAWS: false, fileName: file) { definition in
                            var options = Simulator.Options()
                            options.unansweredTaskAdvice = "give a mock with --mock-result or --mock-error"
                            return Simulator(definition, options: options)
                        })
                } catch {
                    return .failure(error)
                }
            }
            switch result {
            case .success(let answer):
                if json {
                    io.out(JSONWriter.pretty.string(answer.apiJSON))
                } else {
                    io.out(summary(answer, state: args.value("--state") ?? Simulator.testStateName))
                }
                return answer.status == .succeeded || answer.status == .caughtError
                    ? ExitStatus.ok : ExitStatus.failure
            case .failure(let error):
                if json {
                    io.out(
                        JSONWriter.pretty.string([
                            "__type": .string(error.code.rawValue), "message": .string(error.message),
                        ]))
                }
                if error.diagnostics.isEmpty {
                    io.err("\(file): error: [\(error.code.rawValue)] \(error.message)")
                } else {
                    for d in error.diagnostics { io.err(d.formatted(file: file)) }
                    io.err("\(file): error: [\(error.code.rawValue)] \(error.message)")
                }
                return ExitStatus.failure
            }
        } catch {
            return error.report(usage: "Usage: \(testStateUsage)", io: io)
        }
    })

/// AWS's TestState request for the command line's options.
private func testStateRequest(_ args: ArgumentList, definition: String, io: CommandIO) throws(UsageError) -> JSONValue {
    func text(_ option: String) throws(UsageError) -> String? {
        guard let value = args.value(option) else { return nil }
        return value.hasPrefix("@") ? try readTextFile(String(value.dropFirst()), io: io) : value
    }
    func json(_ option: String) throws(UsageError) -> String? {
        guard let value = try text(option) else { return nil }
        do {
            _ = try JSONParser.parse(value)
        } catch {
            throw UsageError(message: "\(option) is not JSON: \(error)")
        }
        return value
    }
    func count(_ option: String) throws(UsageError) -> JSONValue? {
        guard let value = args.value(option) else { return nil }
        guard let n = Int(value), n >= 0 else {
            throw UsageError(message: "\(option) needs a non-negative integer, got '\(value)'")
        }
        return .int(n)
    }
    var o = JSONObject()
    o["definition"] = .string(definition)
    let isMachine = (try? JSONParser.parse(definition))?["States"] != nil
    if let state = args.value("--state") {
        guard isMachine else {
            throw UsageError(message: "--state names a state of a state machine, but FILE is one state")
        }
        o["stateName"] = .string(state)
    } else if isMachine {
        throw UsageError(message: "FILE is a state machine: name the state to test with --state NAME")
    }
    if let input = try json("--input") { o["input"] = .string(input) }
    if let level = args.value("--inspection-level") { o["inspectionLevel"] = .string(level.uppercased()) }
    if let variables = try json("--variables") { o["variables"] = .string(variables) }
    if let context = try json("--context") { o["context"] = .string(context) }
    if let role = args.value("--role-arn") { o["roleArn"] = .string(role) }
    var mock = JSONObject()
    if let result = try text("--mock-result") { mock["result"] = .string(result) }
    if let error = args.value("--mock-error") {
        var e: JSONObject = ["error": .string(error)]
        if let cause = args.value("--mock-cause") { e["cause"] = .string(cause) }
        mock["errorOutput"] = .object(e)
    } else if args.value("--mock-cause") != nil {
        throw UsageError(message: "--mock-cause needs --mock-error")
    }
    if let mode = args.value("--field-validation-mode") { mock["fieldValidationMode"] = .string(mode.uppercased()) }
    if !mock.isEmpty { o["mock"] = .object(mock) }
    var configuration = JSONObject()
    if let n = try count("--retrier-retry-count") { configuration["retrierRetryCount"] = n }
    if let s = args.value("--error-caused-by-state") { configuration["errorCausedByState"] = .string(s) }
    if let n = try count("--map-iteration-failure-count") { configuration["mapIterationFailureCount"] = n }
    if let data = try text("--map-item-reader-data") { configuration["mapItemReaderData"] = .string(data) }
    if !configuration.isEmpty { o["stateConfiguration"] = .object(configuration) }
    return .object(o)
}

/// The answer for a reader: status, next state, output or error, and the inspection data.
private func summary(_ r: TestStateResult, state: String) -> String {
    var lines = ["\(state): \(r.status.rawValue)" + (r.nextState.map { " -> \($0)" } ?? "")]
    func line(_ label: String, _ value: String) {
        lines.append("  " + label.padding(toLength: 28, withPad: " ", startingAt: 0) + value)
    }
    func json(_ v: JSONValue) -> String { TestStateResult.text(v) }
    if let error = r.error { line("error", error) }
    if let cause = r.cause { line("cause", cause) }
    if let output = r.output { line("output", json(output)) }
    if let d = r.errorDetails {
        if let i = d.retryIndex {
            line(
                "retrier",
                "Retry[\(i)]"
                    + (d.retryBackoffIntervalSeconds.map { ", retried after \($0) s" } ?? ", no attempts left"))
        }
        if let i = d.catchIndex { line("catcher", "Catch[\(i)]") }
    }
    if let inspection = r.inspectionData {
        lines.append("  inspection:")
        let steps: [(String, JSONValue?)] = [
            ("input", inspection.input), ("afterInputPath", inspection.afterInputPath),
            ("afterParameters", inspection.afterParameters), ("afterArguments", inspection.afterArguments),
            ("afterItemsPath", inspection.afterItemsPath), ("afterItemSelector", inspection.afterItemSelector),
            ("afterItemBatcher", inspection.afterItemBatcher),
            ("maxConcurrency", inspection.maxConcurrency.map { .int($0) }),
            ("toleratedFailureCount", inspection.toleratedFailureCount.map { .int($0) }),
            ("toleratedFailurePercentage", inspection.toleratedFailurePercentage.map { .double($0) }),
            ("result", inspection.result), ("afterResultSelector", inspection.afterResultSelector),
            ("afterResultPath", inspection.afterResultPath), ("variables", inspection.variables.map { .object($0) }),
        ]
        for (name, value) in steps {
            if let value { line("  " + name, json(value)) }
        }
    }
    return lines.joined(separator: "\n")
}
