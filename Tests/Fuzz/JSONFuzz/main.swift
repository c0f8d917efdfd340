// libFuzzer harness: parses the input as JSON three ways (plain, with a source map, rejecting
// repeated keys), which must agree, and writes what it parsed, compact and pretty, which must parse
// back to an equal value.
//
// Build (the target exists only with SFN_FUZZ=1; see Docs/Fuzzing.md):
//   Scripts/fuzz.sh build JSONFuzz
// Run:
//   Scripts/fuzz.sh run JSONFuzz SECONDS
//
// Every input must end with a value or a thrown error: a crash, a hang, a leak, a memory blow-up
// or a broken property is a finding.
import FuzzSupport
import JSONCore

/// Equal values, numbers compared as the doubles JSON text stands for: a double past 2^53 is
/// written with its shortest digits (`77777777777777780`, as JavaScript prints it), which read back
/// as that exact integer, as Java reads them (the first run found this; it is not a parser fault).
private func sameJSON(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.number(let x), .number(let y)): return x == y || x.doubleValue == y.doubleValue
    case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { sameJSON($0, $1) }
    case (.object(let x), .object(let y)):
        return x.count == y.count && x.keys == y.keys && zip(x.values, y.values).allSatisfy { sameJSON($0, $1) }
    default: return a == b
    }
}

private func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let parsed = try? JSONParser().parse(bytes: bytes)
    // The source-map parse reads text: compare on inputs that are valid UTF-8 as they are.
    if let text = String(validating: bytes, as: UTF8.self) {
        let mapped = try? JSONParser().parseWithSourceMap(text)
        if (parsed == nil) != (mapped == nil) || (parsed != nil && parsed != mapped?.0) {
            fatalError("the source-map parse disagrees with the plain parse")
        }
        let noting = try? JSONParser().parseNotingDuplicateKeys(text)
        let strict = try? JSONParser(options: .init(rejectDuplicateKeys: true)).parse(text)
        if let noting, noting.repeats != (strict == nil) {
            fatalError(
                "repeated keys noted (\(noting.repeats)) but the strict parse \(strict == nil ? "failed" : "succeeded")"
            )
        }
    }
    guard let parsed else { return 0 }
    for writer in [JSONWriter.compact, JSONWriter.pretty] {
        let text = writer.string(parsed)
        guard let again = try? JSONParser.parse(text, options: .init(maxDepth: 100_000)) else {
            fatalError("written JSON does not parse: \(text.prefix(200))")
        }
        if !sameJSON(again, parsed) { fatalError("written JSON parses to another value: \(text.prefix(200))") }
    }
    return 0
}

/// SwiftPM links executables with `--defsym main=JSONFuzz_main`; libFuzzer's driver is run from here.
@_cdecl("JSONFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzDriver(argc, argv, fuzzOne)
}
