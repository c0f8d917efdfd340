// libFuzzer harness: feeds the input to the server's HTTP/1.1 request parser in two pieces (split
// where the first byte says), reading pipelined requests until it needs more or fails.
//
// Build (the target exists only with SFN_FUZZ=1; see Docs/Fuzzing.md):
//   SFN_FUZZ=1 swift build -c release --build-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld \
//     -Xswiftc -parse-as-library -Xswiftc -enable-testing --product HTTPRequestFuzz
// Run (or Scripts/fuzz.sh HTTPRequestFuzz SECONDS):
//   ASAN_OPTIONS=detect_stack_use_after_return=0 SWIFT_BACKTRACE=enable=no \
//     .build-fuzz/release/HTTPRequestFuzz -fork=1 -timeout=10 -rss_limit_mb=2048 CORPUS_DIR
//
// Every input must end with a value or a thrown error: a crash, a hang, a leak or a memory
// blow-up is a finding.
import FuzzSupport

@testable import HTTPServer

private func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    var parser = RequestParser(limits: .init(maxHeadSize: 8192, maxBodySize: 65536))
    var buffer = ByteBuffer()
    for piece in [bytes[..<split], bytes[split...]] {
        buffer.append(Array(piece))
        // Each request consumes at least one byte, so this loop ends.
        var steps = 0
        loop: while steps <= bytes.count + 2 {
            steps += 1
            switch parser.parse(&buffer) {
            case .needMore: break loop
            case .sendContinue: continue
            case .request: continue
            case .failure: return 0
            }
        }
        if steps > bytes.count + 2 { fatalError("the parser made no progress") }
    }
    return 0
}

/// SwiftPM links executables with `--defsym main=HTTPRequestFuzz_main`; libFuzzer's driver is run from here.
@_cdecl("HTTPRequestFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzDriver(argc, argv, fuzzOne)
}
