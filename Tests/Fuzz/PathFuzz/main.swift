// libFuzzer harness: parses the input as a JSONPath, as an intrinsic function call and as
// either (what a `.$` field holds).
//
// Build (the target exists only with SFN_FUZZ=1; see Docs/Fuzzing.md):
//   SFN_FUZZ=1 swift build -c release --build-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld \
//     -Xswiftc -parse-as-library --product PathFuzz
// Run (or Scripts/fuzz.sh PathFuzz SECONDS):
//   ASAN_OPTIONS=detect_stack_use_after_return=0 SWIFT_BACKTRACE=enable=no \
//     .build-fuzz/release/PathFuzz -fork=1 -timeout=10 -rss_limit_mb=2048 CORPUS_DIR
//
// Every input must end with a value or a thrown error: a crash, a hang, a leak or a memory
// blow-up is a finding.
import FuzzSupport
import StepFunctionsModel

private func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? JSONPath(parsing: text)
    _ = try? IntrinsicFunction(parsing: text)
    _ = try? PathOrIntrinsic(parsing: text)
    return 0
}

/// SwiftPM links executables with `--defsym main=PathFuzz_main`; libFuzzer's driver is run from here.
@_cdecl("PathFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzDriver(argc, argv, fuzzOne)
}
