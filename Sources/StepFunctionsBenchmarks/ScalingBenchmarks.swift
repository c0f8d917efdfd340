import Foundation
import JSONCore
import StepFunctionsCompiler
import StepFunctionsModel
import StepFunctionsSimulator

// `scaling`: how plan building, a run and peak memory grow with the size of a workflow, along five
// dimensions (Docs/Benchmarks.md, "Scaling"). Each point runs in a process of its own (this
// executable again, as `scaling-point KIND N`), so that its peak RSS is its own:
//
//     StepFunctionsBenchmarks scaling                  every dimension, every point
//     SFN_SCALING=chain,map StepFunctionsBenchmarks scaling
//     StepFunctionsBenchmarks scaling-point map 100000  one point (for a profiler)
//     SFN_SCALING_RENDER=1 …                            also render each execution as JSON

/// One dimension of the scaling tables.
enum ScalingKind: String, CaseIterable {
    /// A chain of N Pass states.
    case chain
    /// An inline Map over N items with a Pass iterator.
    case map
    /// A Parallel state of N branches, each one Pass state.
    case parallel
    /// Parallel states nested N deep, each beside a Pass state.
    case depth
    /// A 100-state Pass chain carrying an input of N KiB.
    case payload

    /// The points of the table.
    var points: [Int] {
        switch self {
        case .chain: return [10, 100, 1_000, 10_000, 100_000]
        case .map: return [1_000, 10_000, 100_000, 1_000_000]
        case .parallel: return [2, 10, 100, 1_000, 10_000]
        case .depth: return [10, 25, 50, 100, 150]
        case .payload: return [1, 4, 16, 64, 256]
        }
    }

    /// What one of N is, for the per-unit column.
    var one: String {
        switch self {
        case .chain: return "state"
        case .map: return "item"
        case .parallel: return "branch"
        case .depth: return "level"
        case .payload: return "KiB"
        }
    }

    /// What N counts, for the table's headings.
    var unit: String {
        switch self {
        case .chain: return "states"
        case .map: return "items"
        case .parallel: return "branches"
        case .depth: return "levels"
        case .payload: return "KiB"
        }
    }
}

/// The payload chain's length: long enough that the per-state cost of carrying the payload shows.
let payloadChainLength = 100

/// The definition, input and options of one point.
///
/// The limits a big point reaches are lifted through the simulator's options (the benchmark measures
/// the simulator, not AWS's quotas): `historyEventLimit` (AWS stops a STANDARD execution at 25,000
/// events), `transitionLimit` (1,000,000 transitions per path), and `payloadSizeLimit` (256 KiB: the
/// Map's input array and the Parallel's output array are larger). The payload dimension keeps the
/// payload limit: its largest input is exactly 256 KiB, which AWS accepts.
func scalingPoint(_ kind: ScalingKind, _ n: Int) -> (
    definition: StateMachineDefinition, input: JSONValue, options: Simulator.Options
)? {
    var options = Simulator.Options()
    options.historyEventLimit = nil
    options.transitionLimit = nil
    options.payloadSizeLimit = .max
    let small: JSONValue = ["orderId": "o-1", "amount": 42]
    switch kind {
    case .chain:
        return (passChain(n), small, options)
    case .map:
        guard let read = ASLReader().read(json: inlinePassMap).definition else { return nil }
        return (read, ["items": .array((0..<n).map { .int($0) })], options)
    case .parallel:
        let branch: JSONValue = ["StartAt": "P", "States": ["P": ["Type": "Pass", "End": true]]]
        let definition: JSONValue = [
            "StartAt": "Fan",
            "States": [
                "Fan": ["Type": "Parallel", "End": true, "Branches": .array(Array(repeating: branch, count: n))]
            ],
        ]
        guard let read = ASLReader().read(json: definition).definition else { return nil }
        return (read, small, options)
    case .depth:
        guard let read = nestedParallel(n) else { return nil }
        return (read, small, options)
    case .payload:
        options.payloadSizeLimit = Simulator.Options().payloadSizeLimit
        // {"data":"xxx…"}: 11 bytes of JSON around the string, so the input is exactly n KiB.
        let data = String(repeating: "x", count: n * 1024 - 11)
        return (passChain(payloadChainLength), ["data": .string(data)], options)
    }
}

/// `scaling-point KIND N`: builds the point, plans and runs it, and prints one line of figures
/// (`POINT key=value...`) for the parent to read: plan building (repeated until 0.2 s of CPU and
/// averaged), the first run and its peak RSS, and warm runs averaged.
func runScalingPoint(_ arguments: [String]) -> Int32 {
    guard arguments.count == 2, let kind = ScalingKind(rawValue: arguments[0]), let n = Int(arguments[1]), n > 0 else {
        FileHandle.standardError.write(
            Data(
                "usage: StepFunctionsBenchmarks scaling-point \(ScalingKind.allCases.map(\.rawValue).joined(separator: "|")) N\n"
                    .utf8))
        return 64
    }
    guard let point = scalingPoint(kind, n) else {
        FileHandle.standardError.write(Data("scaling-point \(kind) \(n): the definition could not be read\n".utf8))
        return 1
    }
    // Plan building, repeated until it has taken 0.2 s of CPU (at most 1,000 times).
    var simulator = Simulator(point.definition, options: point.options)
    var planRounds = 0
    let planStart = processCPUSeconds()
    // SFN_SCALING_ONCE=1: one plan and one run, so that a profiler's counts compare between points.
    let once = ProcessInfo.processInfo.environment["SFN_SCALING_ONCE"] == "1"
    while planRounds < (once ? 1 : 1_000) && (planRounds == 0 || processCPUSeconds() - planStart < 0.2) {
        simulator = Simulator(point.definition, options: point.options)
        planRounds += 1
    }
    let planCPU = (processCPUSeconds() - planStart) / Double(planRounds)
    let setupPeak = peakResidentBytes() ?? 0

    let input = point.input
    let sim = simulator
    // The first run (cold: its memory is fresh from the system, as for `sfn run`), then warm runs
    // until they have taken 0.2 s of CPU (at least one, at most 10,000), averaged.
    let cpu0 = processCPUSeconds()
    var execution: Execution?
    let firstWall = measureSeconds { execution = Simulator.runBlocking { await sim.run(input: input) } }
    let firstCPU = processCPUSeconds() - cpu0
    let firstPeak = peakResidentBytes() ?? 0
    let events = execution?.history.count ?? 0
    let status = (execution?.status.rawValue ?? "?") + (execution?.error.map { " " + $0 } ?? "")
    // SFN_SCALING_RENDER=1: also the execution as the JSON `sfn run --json` prints (status, output,
    // events), compact, and the peak RSS after it (the history's rendering, the issue's other goal).
    var rendered = ""
    if ProcessInfo.processInfo.environment["SFN_SCALING_RENDER"] == "1", let result = execution {
        let render0 = processCPUSeconds()
        let bytes = JSONWriter.compact.string(result.json).utf8.count
        rendered =
            " renderCPU=\(processCPUSeconds() - render0) renderBytes=\(bytes) renderPeak=\(peakResidentBytes() ?? 0)"
    }
    execution = nil
    var runs = 0
    let warm0 = processCPUSeconds()
    let warmWall = measureSeconds {
        while !once && runs < 10_000 && (runs == 0 || processCPUSeconds() - warm0 < 0.2) {
            _ = Simulator.runBlocking { await sim.run(input: input).history.count }
            runs += 1
        }
    }
    let runCPU = (processCPUSeconds() - warm0) / Double(max(runs, 1))
    print(
        "POINT kind=\(kind.rawValue) n=\(n) plan=\(planCPU) planRounds=\(planRounds) firstCPU=\(firstCPU) "
            + "firstWall=\(firstWall) runCPU=\(runCPU) runWall=\(warmWall / Double(max(runs, 1))) runs=\(runs) events=\(events) "
            + "setupPeak=\(setupPeak) peak=\(firstPeak) status=\(status.replacingOccurrences(of: " ", with: "_"))"
            + rendered
    )
    return 0
}

/// The figures one child printed.
struct ScalingFigures {
    var fields: [String: String] = [:]
    func number(_ key: String) -> Double { fields[key].flatMap(Double.init) ?? .nan }
}

/// Runs `scaling-point KIND N` as a child process and reads its figures.
func measureScalingPoint(_ kind: ScalingKind, _ n: Int) -> ScalingFigures? {
    let process = Process()
    let executable =
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["scaling-point", kind.rawValue, String(n)]
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch {
        print("  \(kind) \(n): cannot start \(executable): \(error)")
        return nil
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0,
        let line = text.split(separator: "\n").first(where: { $0.hasPrefix("POINT ") })
    else {
        print("  \(kind) \(n): the child exited with \(process.terminationStatus)\(text.isEmpty ? "" : ": " + text)")
        return nil
    }
    var figures = ScalingFigures()
    for pair in line.split(separator: " ").dropFirst() {
        guard let eq = pair.firstIndex(of: "=") else { continue }
        figures.fields[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
    }
    return figures
}

/// Seconds as µs, ms or s with three significant figures or so.
func formatSeconds(_ seconds: Double) -> String {
    if seconds.isNaN { return "—" }
    if seconds < 1e-3 { return String(format: "%.1f µs", seconds * 1e6) }
    if seconds < 1 { return String(format: "%.1f ms", seconds * 1e3) }
    return String(format: "%.2f s", seconds)
}

@MainActor
func runScalingBenchmarks() {
    let requested = ProcessInfo.processInfo.environment["SFN_SCALING"].map {
        Set($0.split(separator: ",").map(String.init))
    }
    let largest = ProcessInfo.processInfo.environment["SFN_SCALING_MAX"].flatMap(Int.init) ?? .max
    var load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
    print(
        "scaling: one process per point, release build; load average at the start: \(load.split(separator: " ").prefix(3).joined(separator: " "))"
    )
    print(
        "(plan: CPU of Simulator(definition); a run: CPU (user + system, all threads) and wall time of one execution,")
    print(
        " the first one (cold) and the mean of the warm ones after it; peak RSS: the child's VmHWM after its first run,"
    )
    print(" and before it (definition, input and plan built))")
    for kind in ScalingKind.allCases where requested?.contains(kind.rawValue) ?? true {
        let title =
            kind == .payload
            ? "payload: a \(payloadChainLength)-state Pass chain carrying an input of N KiB"
            : "\(kind.rawValue): N \(kind.unit)"
        print("\n\(title)")
        print(
            "| N \(kind.unit) | plan | first run: CPU | wall | warm run: CPU | wall | CPU per \(kind.one) | events | peak RSS (before the run) | status |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for n in kind.points where n <= largest {
            guard let f = measureScalingPoint(kind, n) else { continue }
            print(
                "| \(formatRate(Double(n))) | \(formatSeconds(f.number("plan"))) | \(formatSeconds(f.number("firstCPU"))) | "
                    + "\(formatSeconds(f.number("firstWall"))) | \(formatSeconds(f.number("runCPU"))) | "
                    + "\(formatSeconds(f.number("runWall"))) | \(formatSeconds(f.number("runCPU") / Double(n))) | "
                    + "\(formatRate(f.number("events"))) | "
                    + String(format: "%.0f MB (%.0f MB)", f.number("peak") / 1e6, f.number("setupPeak") / 1e6)
                    + " | \(f.fields["status"] ?? "?"), \(f.fields["runs"] ?? "?") warm |")
            if f.fields["renderCPU"] != nil {
                print(
                    String(
                        format: "|   rendered as JSON: %@ CPU, %.1f MB of text, peak RSS %.0f MB |",
                        formatSeconds(f.number("renderCPU")), f.number("renderBytes") / 1e6,
                        f.number("renderPeak") / 1e6))
            }
        }
    }
    load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
    print("\nload average at the end: \(load.split(separator: " ").prefix(3).joined(separator: " "))")
}
