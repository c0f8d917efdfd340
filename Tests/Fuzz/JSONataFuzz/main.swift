// libFuzzer harness: compiles and evaluates the input as a JSONata expression.
//
// Build (the target exists only with SFN_FUZZ=1; see "Building libFuzzer targets with SwiftPM"):
//   SFN_FUZZ=1 swift build -c release --build-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld \
//     -Xswiftc -parse-as-library --product JSONataFuzz
// Run:
//   ASAN_OPTIONS=detect_stack_use_after_return=0 SWIFT_BACKTRACE=enable=no \
//     .build-fuzz/release/JSONataFuzz -fork=1 -timeout=10 -rss_limit_mb=2048 CORPUS_DIR
//
// Every outcome must be a value, undefined or a JSONataError: a crash, a hang past the
// time limit, a leak or a memory blow-up is a finding.
import FuzzSupport
import JSONCore
import JSONata

/// A small document with the shapes the suite's expressions query.
private let document: JSONValue = {
    let text = """
        {"Account": {"Name": "Firefly", "Order": [
          {"OrderID": "order103", "Product": [
            {"Name": "Bowler Hat", "ID": 858383, "Price": 34.45, "Quantity": 2,
             "Description": {"Colour": "Purple", "Weight": 0.75}},
            {"Name": "Trilby hat", "ID": 858236, "Price": 21.67, "Quantity": 1}]},
          {"OrderID": "order104", "Product": [{"Name": "Cloak", "Price": 107.99, "Quantity": 1}]}]},
         "a": [1, 2, [3, 4], {"b": "x"}], "s": "hello", "n": -1.5, "t": true, "z": null}
        """
    return (try? JSONParser.parse(text)) ?? .null
}()

/// Tight limits keep each input fast: deep recursion, long loops and big allocations end
/// with an error well within libFuzzer's timeout. The first runs (500 ms, 2 M values) spent
/// most of their time in the few inputs that ran to a limit: about 400 executions a second.
private let options = JSONataOptions(
    maxDepth: 200, timeLimit: .milliseconds(50), now: 1_700_000_000_000, randomSeed: 1,
    maxValues: 200_000, maxStringBytes: 4 << 20)

private func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    // Expressions are text; invalid UTF-8 is repaired, as a String would be built anyway.
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let compiled = try? CompiledJSONata(source) else { return 0 }
    _ = try? compiled.evaluateResult(document, environment: .stepFunctions, options: options)
    _ = try? compiled.evaluateResult(nil, options: options)
    return 0
}

/// SwiftPM links executables with `--defsym main=JSONataFuzz_main`; libFuzzer's driver is run from here.
@_cdecl("JSONataFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzDriver(argc, argv, fuzzOne)
}
