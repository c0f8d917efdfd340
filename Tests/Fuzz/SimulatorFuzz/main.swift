// libFuzzer harness: reads the input as an ASL definition and, when the validator accepts it, runs
// it on the simulator (tasks unanswered, so they fail as a missing resource does on AWS, and each
// Retry and Catch is exercised) with a small input, on a 30-day virtual horizon.
//
// Build (the target exists only with SFN_FUZZ=1; see Docs/Fuzzing.md):
//   Scripts/fuzz.sh build SimulatorFuzz
// Run (seeds: definitions, e.g. FUZZ_SEEDS=../shared/conformance/... ):
//   Scripts/fuzz.sh run SimulatorFuzz SECONDS
//
// Every run must end with a status: a crash, a hang, a leak or a memory blow-up is a finding.
import FuzzSupport
import JSONCore
import StepFunctionsCompiler
import StepFunctionsSimulator

private let input: JSONValue = [
    "items": [1, 2, 3], "n": 2, "name": "fuzz", "order": ["id": "o-1", "total": 42.5, "lines": [["sku": "a"]]],
]

private func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let document = ASLDocument(text: text, fileName: "fuzz.asl.json")
    guard let definition = document.definition, !document.hasErrors else { return 0 }
    var options = Simulator.Options()
    options.strict = false
    options.horizon = 86_400 * 30
    let simulator = Simulator(definition, options: options)
    // (A failed execution may have no error: a Fail state's `Error` is optional, as on AWS.)
    let execution = Simulator.runBlocking { await simulator.run(input: input) }
    if execution.status == .running && execution.history.isEmpty { fatalError("an execution that never started") }
    return 0
}

/// SwiftPM links executables with `--defsym main=SimulatorFuzz_main`; libFuzzer's driver is run from here.
@_cdecl("SimulatorFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzDriver(argc, argv, fuzzOne)
}
