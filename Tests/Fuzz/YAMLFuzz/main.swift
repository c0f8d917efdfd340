// libFuzzer harness: parses the input as YAML (every document), and as one document into JSON
// with CloudFormation's short-form tags.
//
// Build (the target exists only with SFN_FUZZ=1; see Docs/Fuzzing.md):
//   SFN_FUZZ=1 swift build -c release --build-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld \
//     -Xswiftc -parse-as-library --product YAMLFuzz
// Run (or Scripts/fuzz.sh YAMLFuzz SECONDS):
//   ASAN_OPTIONS=detect_stack_use_after_return=0 SWIFT_BACKTRACE=enable=no \
//     .build-fuzz/release/YAMLFuzz -fork=1 -timeout=10 -rss_limit_mb=2048 CORPUS_DIR
//
// Every input must end with a value or a thrown error: a crash, a hang, a leak or a memory
// blow-up is a finding.
import FuzzSupport
import YAML

private func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? YAMLParser().parseDocuments(text)
    _ = try? YAMLParser.parseJSON(text)
    _ = try? YAMLParser(options: .init(cloudFormationTags: false)).parse(text)
    return 0
}

/// SwiftPM links executables with `--defsym main=YAMLFuzz_main`; libFuzzer's driver is run from here.
@_cdecl("YAMLFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzDriver(argc, argv, fuzzOne)
}
