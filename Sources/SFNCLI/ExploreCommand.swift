import Foundation
import JSONCore
import StepFunctionsCompiler
import StepFunctionsSimulator

/// `sfn explore FILE`: every path of a definition under injected task outcomes (Simulator.explore).
let exploreCommand = Command(
    name: "explore",
    summary: "Run every path of a definition (each task succeeding, failing, timing out) and report what breaks",
    help: """
        OVERVIEW: Explore a definition's behaviours on the simulator, depth first.

        Every Task call is answered by the explorer, once per outcome: success (returning the
        state's sample outputs, else its input), each error its Retry and Catch distinguish,
        States.TaskFailed when nothing catches it, a timeout or missed heartbeat when it has
        TimeoutSeconds or HeartbeatSeconds, a callback never answered, and for EXPRESS machines
        (or with --duplicates) the task's side effect delivered twice. A retry fails with the
        same error as the attempt before, or succeeds. Prints the states and transitions no path
        covered (dead Catch handlers, Choice branches the inputs never reach), the paths that end
        FAILED without being caught and those that end TIMED_OUT, each with its shortest path, and
        the result of each assertion. Exits 1 when an assertion breaks (see Docs/Explore.md).

        USAGE: sfn explore FILE [--input JSON|@FILE]... [--max-paths N] [--max-depth N] [--express]
                           [--duplicates] [--sample STATE=JSON|@FILE]... [--samples FILE] [--assert FILE]
                           [--format text|json] [--all-paths] [--state-machine ID]
                           [--substitute NAME=VALUE]... [--substitutions FILE]

        OPTIONS:
          --input JSON|@FILE      An execution input (repeatable: each is explored; default {}).
          --max-paths N           Stop after N paths (default 10000).
          --max-depth N           Branch on at most N task outcomes a path; later calls succeed
                                  (default 64).
          --max-transitions N     End a path after N state transitions (default 1000).
          --express               Explore the machine as EXPRESS (a template's type is used
                                  otherwise): duplicate deliveries, the five-minute limit.
          --duplicates            Inject duplicate deliveries on a STANDARD machine too.
          --no-duplicates         Never inject duplicate deliveries.
          --sample STATE=JSON     A sample output of STATE's task (repeatable: each is an outcome);
                                  STATE=@FILE reads it from a file.
          --samples FILE          Sample outputs from a JSON object: {"State": [output, ...]}.
          --assert FILE           Assertions checked on every path, as JSON rules:
                                  {"maxSuccesses": {"ChargeCard": 1}}, maxCalls, neverEnters,
                                  endsWith, succeedsBefore (an object or an array of them).
          --format text|json      The report as text (default) or JSON.
          --all-paths             With --format json, list every path.
        \(costOptionsHelp)
        \(definitionOptionsHelp)
        \(substitutionOptionsHelp)
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        let usage =
            "Usage: sfn explore FILE [--input JSON|@FILE]... [--max-paths N] [--max-depth N] [--express] [--duplicates] [--sample STATE=JSON]... [--samples FILE] [--assert FILE] [--format text|json] [--all-paths]"
        do throws(UsageError) {
            let args = try ArgumentList(
                arguments, flags: ["--express", "--duplicates", "--no-duplicates", "--all-paths", "--cost"],
                options: [
                    "--input", "--max-paths", "--max-depth", "--max-transitions", "--sample", "--samples", "--assert",
                    "--format", "--state-machine", "--substitute", "--substitutions", "--rates", "--executions",
                ])
            let cost = try CostOptions(args, io: io)
            guard args.positionals.count == 1, let file = args.positionals.first else {
                throw UsageError(message: "give exactly one FILE")
            }
            let format = args.value("--format") ?? "text"
            guard format == "text" || format == "json" else {
                throw UsageError(message: "unknown format '\(format)' (text or json)")
            }
            if args.has("--duplicates") && args.has("--no-duplicates") {
                throw UsageError(message: "--duplicates and --no-duplicates contradict each other")
            }
            var explore = ExploreOptions()
            func count(_ name: String) throws(UsageError) -> Int? {
                guard let v = args.value(name) else { return nil }
                guard let n = Int(v), n >= 0 else { throw UsageError(message: "\(name) needs a non-negative integer") }
                return n
            }
            if let n = try count("--max-paths") { explore.maxPaths = n }
            if let n = try count("--max-depth") { explore.maxDepth = n }
            if let n = try count("--max-transitions") { explore.maxTransitionsPerPath = max(1, n) }
            explore.measureUsage = cost != nil
            if args.has("--duplicates") { explore.duplicateDeliveries = true }
            if args.has("--no-duplicates") { explore.duplicateDeliveries = false }

            guard let source = try loadDefinitionReporting(file, stateMachine: args.value("--state-machine"), io: io)
            else { return ExitStatus.failure }
            let values = try substitutions(args, io: io)
            let document = source.document(substitutions: values)
            guard let definition = document.definition, !document.hasErrors else {
                for d in document.errors { io.err(d.formatted(file: source.file)) }
                return ExitStatus.failure
            }
            let states = Set(allStateNames(definition.graph))
            func json(_ text: String, _ what: String) throws(UsageError) -> JSONValue {
                let body = text.hasPrefix("@") ? try readTextFile(String(text.dropFirst()), io: io) : text
                do {
                    return try JSONParser.parse(body)
                } catch {
                    throw UsageError(message: "\(what) is not JSON: \(error)")
                }
            }
            func known(_ state: String, _ what: String) throws(UsageError) -> String {
                guard states.contains(state) else {
                    var message = "\(what): no state is named '\(state)'"
                    if let s = closestWord(to: state, in: states.sorted()) { message += "; did you mean '\(s)'?" }
                    throw UsageError(message: message)
                }
                return state
            }
            if let file = args.value("--samples") {
                guard case .object(let o) = try json("@" + file, "--samples \(file)") else {
                    throw UsageError(
                        message: "--samples \(file) must hold an object of state names and arrays of outputs")
                }
                for (state, outputs) in o {
                    guard case .array(let list) = outputs, !list.isEmpty else {
                        throw UsageError(
                            message: "--samples \(file): '\(state)' needs a non-empty array of sample outputs")
                    }
                    explore.sampleOutputs[try known(state, "--samples \(file)"), default: []] += list
                }
            }
            for pair in args.allValues("--sample") {
                guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                    throw UsageError(message: "--sample takes STATE=JSON, got '\(pair)'")
                }
                let state = try known(String(pair[..<eq]), "--sample")
                explore.sampleOutputs[state, default: []].append(
                    try json(String(pair[pair.index(after: eq)...]), "--sample \(state)"))
            }
            if let file = args.value("--assert") {
                let rules = try json("@" + file, "--assert \(file)")
                do {
                    explore.assertions = try ExploreAssertion.rules(rules, states: states)
                } catch {
                    io.err("Error: \(file): \(error)")
                    return ExitStatus.failure
                }
            }
            let inputTexts = args.allValues("--input").isEmpty ? ["{}"] : args.allValues("--input")
            var inputs: [JSONValue] = []
            for text in inputTexts { inputs.append(try json(text, "--input")) }

            var options = Simulator.Options()
            if args.has("--express") || source.type == .express { options.stateMachineType = .express }
            options.stateMachineName =
                source.name ?? source.logicalId
                ?? URL(fileURLWithPath: file).deletingPathExtension().deletingPathExtension().lastPathComponent
            let simulator = Simulator(definition, options: options)
            let settings = explore
            let starts = inputs
            let report = Simulator.runBlocking { await simulator.explore(inputs: starts, options: settings) }
            let costs = cost.map { c in
                report.paths.compactMap { $0.usage.map { ExecutionCost(usage: $0, rates: c.rates) } }
            }
            if format == "json" {
                var json = report.json(allPaths: args.has("--all-paths"))
                if let costs, let c = cost, case .object(var o) = json {
                    o["cost"] = pathCostsJSON(costs, executions: c.executions)
                    json = .object(o)
                }
                io.out(JSONWriter.pretty.string(json))
            } else {
                io.write(report.text)
                if let costs, let c = cost { io.write(pathCostsText(costs, executions: c.executions)) }
            }
            return report.failedAssertions.isEmpty ? ExitStatus.ok : ExitStatus.failure
        } catch {
            return error.report(usage: usage, io: io)
        }
    })

/// The explored paths' costs: the cheapest, the dearest, and the first path (every task
/// succeeding) priced per execution and for `executions` a month.
func pathCostsText(_ costs: [ExecutionCost], executions: Int) -> String {
    guard let first = costs.first else { return "" }
    let cheapest = costs.min { $0.perExecution < $1.perExecution } ?? first
    let dearest = costs.max { $0.perExecution < $1.perExecution } ?? first
    let rates = first.rates
    func line(_ name: String, _ c: ExecutionCost) -> String {
        let what =
            c.usage.type == .standard
            ? "\(c.usage.stateTransitions) state transitions"
            : "\(c.billedDurationSeconds) s at \(c.billedMemoryMB) MB"
        return "  \(name): \(what), \(ExecutionCost.dollars(c.perExecution)) per execution, "
            + "\(ExecutionCost.dollars(c.monthly(executions: executions))) for \(ExecutionCost.grouped(String(executions))) a month"
    }
    let largest = costs.map(\.usage.largestPayloadBytes).max() ?? 0
    let events = costs.map(\.usage.historyEvents).max() ?? 0
    var lines = [
        "", "Cost per path (\(first.usage.type.rawValue); \(rates.source), \(rates.asOf)):",
        line("first path (every task succeeds)", first), line("cheapest", cheapest), line("dearest", dearest),
        "  largest payload on any path: \(ExecutionCost.grouped(String(largest))) bytes of \(ExecutionCost.grouped(String(ExecutionUsage.payloadLimit)))",
    ]
    if first.usage.type == .standard {
        lines.append(
            "  most history events on any path: \(ExecutionCost.grouped(String(events))) of \(ExecutionCost.grouped(String(ExecutionUsage.historyEventLimit)))"
        )
    }
    return lines.joined(separator: "\n") + "\n"
}

/// The explored paths' costs as JSON: each path's, in the order of the paths.
func pathCostsJSON(_ costs: [ExecutionCost], executions: Int) -> JSONValue {
    .array(costs.map { $0.json(executions: executions) })
}

/// Every state name of a graph, nested branches and processors included.
func allStateNames(_ graph: StateGraph) -> [String] {
    var out: [String] = []
    for entry in graph.states {
        out.append(entry.name)
        for child in entry.state.childGraphs { out += allStateNames(child) }
    }
    return out
}
