// libFuzzer harness: reads and validates the input as an ASL definition (JSON text → model →
// validation), and writes back and reads again what it accepted.
//
// Build (the target exists only with SFN_FUZZ=1; see Docs/Fuzzing.md):
//   SFN_FUZZ=1 swift build -c release --build-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld \
//     -Xswiftc -parse-as-library --product ASLFuzz
// Run (or Scripts/fuzz.sh ASLFuzz SECONDS):
//   ASAN_OPTIONS=detect_stack_use_after_return=0 SWIFT_BACKTRACE=enable=no \
//     .build-fuzz/release/ASLFuzz -fork=1 -timeout=10 -rss_limit_mb=2048 CORPUS_DIR
//
// Every input must end with a value or a thrown error: a crash, a hang, a leak or a memory
// blow-up is a finding.
import FuzzSupport
import StepFunctionsCompiler

private func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let document = ASLDocument(text: text, fileName: "fuzz.asl.json")
    guard let definition = document.definition, !document.hasErrors else { return 0 }
    // What the validator accepted must survive the writer: written and read again, no errors.
    let again = ASLDocument(text: ASLWriter().text(definition), fileName: "again.asl.json")
    if again.hasErrors { fatalError("written definition has errors: \(again.errors)") }
    return 0
}

/// SwiftPM links executables with `--defsym main=ASLFuzz_main`; libFuzzer's driver is run from here.
@_cdecl("ASLFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzDriver(argc, argv, fuzzOne)
}
