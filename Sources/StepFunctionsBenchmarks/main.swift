import Foundation

// Benchmarks, run in a release build:
//   swift run -c release StepFunctionsBenchmarks [SUITE...] [--OPTION VALUE...]
// With no SUITE every suite runs except the HTTP load suites (`http`, `serve`) and `scaling` (minutes,
// gigabytes), which are named explicitly. Each suite prints its figures; Docs/Benchmarks.md records them.

/// A named group of measurements.
struct BenchmarkSuite {
    /// The name given on the command line.
    let name: String
    /// Whether it runs when no suite is named (the HTTP load suites do not).
    var byDefault = true
    /// Runs the measurements and prints the figures.
    let run: @MainActor (BenchmarkArguments) -> Void
}

/// The command line: suite names, and `--name value` options for the suites that take them.
struct BenchmarkArguments: Sendable {
    /// The options every suite may read (each takes a value; `--header` may repeat).
    static let known: Set<String> = [
        "--connections", "--duration", "--warmup", "--rounds", "--url", "--method", "--header", "--body",
        "--serve-http", "--serve-sfn", "--lambda-endpoint", "--moto-url",
    ]
    /// The suites named, in order.
    var suites: [String] = []
    /// The options, in order.
    var options: [(name: String, value: String)] = []

    /// Splits the arguments; nil with a message when an option is unknown or lacks its value.
    static func parse(_ arguments: [String]) -> Result<BenchmarkArguments, BenchmarkUsageError> {
        var parsed = BenchmarkArguments()
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("--") else {
                parsed.suites.append(argument)
                continue
            }
            guard known.contains(argument) else {
                return .failure(
                    BenchmarkUsageError(
                        "unknown option '\(argument)'; options: \(known.sorted().joined(separator: ", "))"))
            }
            guard let value = iterator.next() else { return .failure(BenchmarkUsageError("\(argument) needs a value")) }
            parsed.options.append((argument, value))
        }
        return .success(parsed)
    }

    /// The last value of an option.
    func value(_ name: String) -> String? { options.last { $0.name == name }?.value }

    /// Every value of an option, in order.
    func values(_ name: String) -> [String] { options.filter { $0.name == name }.map(\.value) }

    /// A number option, or `fallback`.
    func number(_ name: String, _ fallback: Double) -> Double { value(name).flatMap(Double.init) ?? fallback }

    /// `--connections 1,16` as a list, or `fallback`.
    func connections(_ fallback: [Int]) -> [Int] {
        let list = value("--connections")?.split(separator: ",").compactMap { Int($0) } ?? []
        return list.isEmpty ? fallback : list
    }
}

/// A command-line mistake.
struct BenchmarkUsageError: Error {
    /// What is wrong.
    let message: String
    init(_ message: String) { self.message = message }
}

@MainActor
func allSuites() -> [BenchmarkSuite] {
    [
        BenchmarkSuite(name: "asl", run: { _ in runASLBenchmarks() }),
        BenchmarkSuite(name: "dsl", run: { _ in runDSLBenchmarks() }),
        BenchmarkSuite(name: "simulator", run: { _ in runSimulatorBenchmarks() }),
        BenchmarkSuite(name: "explore", run: { _ in runExploreBenchmarks() }),
        BenchmarkSuite(name: "jsonata", run: { _ in runJSONataBenchmarks() }),
        BenchmarkSuite(name: "journal", run: { _ in runJournalBenchmarks() }),
        BenchmarkSuite(name: "sfn-test", run: { _ in runTestCommandBenchmarks() }),
        BenchmarkSuite(name: "scaling", byDefault: false, run: { _ in runScalingBenchmarks() }),
        BenchmarkSuite(name: "json", byDefault: false, run: { _ in runJSONThroughputBenchmarks() }),
        BenchmarkSuite(name: "history", run: { _ in runHistoryBenchmarks() }),
        BenchmarkSuite(name: "http", byDefault: false, run: runHTTPBenchmarks),
        BenchmarkSuite(name: "serve", byDefault: false, run: runServeBenchmarks),
    ]
}

@MainActor
func benchmarkMain() -> Int32 {
    // One point of the `scaling` suite, in a process of its own (its peak RSS is the point's).
    if CommandLine.arguments.dropFirst().first == "scaling-point" {
        return runScalingPoint(Array(CommandLine.arguments.dropFirst(2)))
    }
    let arguments: BenchmarkArguments
    switch BenchmarkArguments.parse(Array(CommandLine.arguments.dropFirst())) {
    case .success(let parsed): arguments = parsed
    case .failure(let error):
        FileHandle.standardError.write(Data("StepFunctionsBenchmarks: \(error.message)\n".utf8))
        return 64
    }
    // Server modes (a server for another process to measure), not suites.
    if let port = arguments.value("--serve-http") { return serveHTTPForBenchmarks(port: Int(port) ?? 0) }
    if arguments.value("--serve-sfn") != nil {
        return serveSFNForBenchmarks(lambdaEndpoint: arguments.value("--lambda-endpoint"))
    }
    let suites = allSuites()
    for name in arguments.suites where !suites.contains(where: { $0.name == name }) {
        FileHandle.standardError.write(
            Data("unknown suite '\(name)'; suites: \(suites.map(\.name).joined(separator: ", "))\n".utf8))
        return 64
    }
    for suite in suites
    where arguments.suites.isEmpty ? suite.byDefault : arguments.suites.contains(suite.name) {
        print("== \(suite.name) ==")
        suite.run(arguments)
    }
    return 0
}

exit(benchmarkMain())
