import Foundation

// Benchmarks, run in a release build:
//   swift run -c release StepFunctionsBenchmarks [SUITE...]
// With no SUITE every suite runs. Each suite prints its figures; Docs/Benchmarks.md records them.

/// A named group of measurements.
struct BenchmarkSuite {
    /// The name given on the command line.
    let name: String
    /// Runs the measurements and prints the figures.
    let run: @MainActor () -> Void
}

@MainActor
func allSuites() -> [BenchmarkSuite] {
    [
        BenchmarkSuite(name: "asl", run: runASLBenchmarks),
        BenchmarkSuite(name: "dsl", run: runDSLBenchmarks),
        BenchmarkSuite(name: "simulator", run: runSimulatorBenchmarks),
        BenchmarkSuite(name: "jsonata", run: runJSONataBenchmarks),
        BenchmarkSuite(name: "journal", run: runJournalBenchmarks),
    ]
}

@MainActor
func benchmarkMain() -> Int32 {
    let suites = allSuites()
    let requested = Array(CommandLine.arguments.dropFirst())
    for name in requested where !suites.contains(where: { $0.name == name }) {
        FileHandle.standardError.write(
            Data("unknown suite '\(name)'; suites: \(suites.map(\.name).joined(separator: ", "))\n".utf8))
        return 64
    }
    for suite in suites where requested.isEmpty || requested.contains(suite.name) {
        print("== \(suite.name) ==")
        suite.run()
    }
    return 0
}

exit(benchmarkMain())
