import Foundation
import JSONCore
import SFNCLI
import StepFunctionsCompiler
import StepFunctionsConformance
import StepFunctionsModel
import StepFunctionsSimulator

// `sfn-test`: what users feel. `sfn test`'s code path run in-process over generated case files
// (payment, a 10-state chain, a 1,000-item Map; with and without expected histories), per-case CPU
// as the slope between two case counts (start-up cancels); plan building per state and by nesting
// depth; JSON parse and write MB/s on the conformance corpus's files beside Foundation's.
//
//     StepFunctionsBenchmarks sfn-test          (SFN_TEST_KEEP=DIR keeps the generated cases in DIR)

/// A case file's fields before its expectations: definition, input and mocked responses.
struct GeneratedCase {
    var name: String
    var definition: JSONValue
    var input: JSONValue
    var mocks: JSONValue
}

/// The payment workflow's case number `i`: its own order, each Lambda answering with its input.
func paymentCase(_ i: Int) -> GeneratedCase {
    let order: JSONValue = ["orderId": .string("o-\(i)"), "amount": .int(10 + i % 90), "items": ["book", "pen"]]
    var paid = order.objectValue ?? JSONObject()
    paid["confirmationMessage"] = .string("order o-\(i) paid")
    func lambda(_ payload: JSONValue) -> JSONValue { ["0": ["Return": payload]] }
    let mocks: JSONValue = [
        "ValidateOrder": lambda(order), "CheckInventory": lambda(order), "ProcessPayment": lambda(.object(paid)),
        "UpdateDatabase": lambda(["updated": true]), "SendConfirmation": lambda(["MessageId": .string("m-\(i)")]),
    ]
    let definition = (try? JSONParser.parse(benchmarkPaymentWorkflow)) ?? .null
    return GeneratedCase(name: "payment-\(i)", definition: definition, input: order, mocks: mocks)
}

/// A chain of `length` Pass states, each adding a field.
func chainCase(_ i: Int, length: Int = 10) -> GeneratedCase {
    var states = JSONObject()
    for s in 0..<length {
        var state: JSONObject = ["Type": "Pass", "Result": .int(s), "ResultPath": .string("$.s\(s)")]
        if s == length - 1 { state["End"] = true } else { state["Next"] = .string("S\(s + 1)") }
        states["S\(s)"] = .object(state)
    }
    let definition: JSONValue = ["StartAt": "S0", "States": .object(states)]
    return GeneratedCase(
        name: "chain-\(i)", definition: definition, input: ["id": .int(i)], mocks: .object(JSONObject()))
}

/// An inline Map over the input's `items` with a Pass iterator.
let inlinePassMap: JSONValue = [
    "StartAt": "Map",
    "States": [
        "Map": [
            "Type": "Map", "ItemsPath": "$.items", "End": true,
            "ItemProcessor": ["StartAt": "P", "States": ["P": ["Type": "Pass", "End": true]]],
        ]
    ],
]

/// An inline Map over `items` items with a Pass iterator.
func mapCase(_ i: Int, items: Int = 1_000) -> GeneratedCase {
    let definition = inlinePassMap
    let input: JSONValue = ["items": .array((0..<items).map { .int($0 + i) })]
    return GeneratedCase(name: "map-\(i)", definition: definition, input: input, mocks: .object(JSONObject()))
}

/// The case file's JSON: the case run once through `sfn test`'s runner, its result recorded as the
/// expectation (with its events when `events` is set).
func caseFile(_ c: GeneratedCase, events: Bool) async -> String? {
    let base: JSONValue = [
        "name": .string(c.name), "group": "benchmark", "definition": c.definition, "input": c.input,
        "mocks": c.mocks, "expected": ["status": "SUCCEEDED"],
    ]
    guard let probe = try? ConformanceCase(text: JSONWriter.compact.string(base), fileName: c.name),
        let execution = await probe.run().execution, execution.status == .succeeded,
        case .object(var o) = base
    else { return nil }
    var expected: JSONObject = ["status": "SUCCEEDED", "output": execution.output ?? .null]
    if events { expected["events"] = execution.historyJSON }
    o["expected"] = .object(expected)
    return JSONWriter.compact.string(.object(o))
}

/// Writes `count` cases made by `make` into a new directory; returns it and the bytes written.
func writeCases(
    _ root: String, _ label: String, count: Int, events: Bool, _ make: (Int) -> GeneratedCase
) -> (directory: String, bytes: Int)? {
    let directory = root + "/" + label + "-\(count)"
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    var bytes = 0
    for i in 0..<count {
        let c = make(i)
        guard let text = Simulator.runBlocking({ await caseFile(c, events: events) }) else {
            print("  \(label): case \(i) did not succeed when generated")
            return nil
        }
        bytes += text.utf8.count
        let file = directory + "/" + String(format: "%06d", i) + ".json"
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8)) else { return nil }
    }
    return (directory, bytes)
}

/// Runs `sfn test DIR --quiet` in-process; returns its CPU seconds and its summary line.
func runTestCommand(_ directory: String) -> (cpu: Double, wall: Double, summary: String) {
    let lines = Lines()
    let io = CommandIO(
        out: { lines.append($0) }, write: { lines.append($0) }, err: { lines.append($0) }, readStandardInput: { "" })
    let cpu0 = processCPUSeconds()
    var status: Int32 = 0
    let wall = measureSeconds { status = SFN.main(["test", directory, "--quiet"], io: io) }
    let cpu = processCPUSeconds() - cpu0
    let summary = lines.all.last ?? ""
    return (cpu, wall, status == 0 ? summary : "exit \(status): " + lines.all.suffix(3).joined(separator: " | "))
}

/// Lines collected from several threads.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

@MainActor
func runTestCommandBenchmarks() {
    let root =
        ProcessInfo.processInfo.environment["SFN_TEST_KEEP"] ?? NSTemporaryDirectory() + "sfn-test-bench-\(getpid())"
    defer {
        if ProcessInfo.processInfo.environment["SFN_TEST_KEEP"] == nil {
            try? FileManager.default.removeItem(atPath: root)
        }
    }
    print("sfn test over generated cases, in-process; CPU (user + system, both threads) per case = slope between two N")
    let kinds: [(label: String, small: Int, large: Int, events: Bool, make: (Int) -> GeneratedCase)] = [
        ("payment", 200, 1_000, true, { paymentCase($0) }),
        ("payment-no-events", 200, 1_000, false, { paymentCase($0) }),
        ("chain10", 200, 1_000, true, { chainCase($0) }),
        ("map1000", 5, 25, true, { mapCase($0) }),
        ("map1000-no-events", 5, 25, false, { mapCase($0) }),
    ]
    for kind in kinds {
        guard let small = writeCases(root, kind.label, count: kind.small, events: kind.events, kind.make),
            let large = writeCases(root, kind.label, count: kind.large, events: kind.events, kind.make)
        else { continue }
        // Warm up once (first touches of the code and the page cache), then measure.
        _ = runTestCommand(small.directory)
        let a = runTestCommand(small.directory)
        let b = runTestCommand(large.directory)
        let perCase = (b.cpu - a.cpu) / Double(kind.large - kind.small)
        let wallPerCase = (b.wall - a.wall) / Double(kind.large - kind.small)
        print(
            String(
                format:
                    "  %@: %.1f µs CPU per case (wall %.1f µs; N=%d: %.3f s CPU, N=%d: %.3f s CPU; %.1f KB per case file) — %@",
                kind.label, perCase * 1e6, wallPerCase * 1e6, kind.small, a.cpu, kind.large, b.cpu,
                Double(large.bytes) / Double(kind.large) / 1024, b.summary))
    }
    runPlanBenchmarks()
    runJSONThroughputBenchmarks()
}

/// Building a simulator (reading the model into its plan): µs per state for a chain, and by nesting depth.
func runPlanBenchmarks() {
    print("plan building (Simulator(definition): plan and handler bindings), CPU")
    for length in [100, 1_000, 10_000] {
        let definition = passChain(length)
        let rounds = max(1, 100_000 / length)
        let cpu0 = processCPUSeconds()
        for _ in 0..<rounds { _ = Simulator(definition) }
        let cpu = processCPUSeconds() - cpu0
        print(
            String(format: "  chain of %d Pass states: %.2f µs per state", length, cpu / Double(rounds * length) * 1e6))
    }
    for depth in [10, 50, 150] {
        guard let definition = nestedParallel(depth) else {
            print("  Parallel nested \(depth) deep: the definition could not be read")
            continue
        }
        let rounds = max(1, 3_000 / depth)
        let cpu0 = processCPUSeconds()
        for _ in 0..<rounds { _ = Simulator(definition) }
        let cpu = processCPUSeconds() - cpu0
        print(
            String(
                format: "  Parallel nested %d deep (%d states): %.1f µs per plan, %.2f µs per state", depth,
                2 * depth + 1,
                cpu / Double(rounds) * 1e6, cpu / Double(rounds * (2 * depth + 1)) * 1e6))
    }
}

/// `depth` Parallel states each holding the next in its one branch, beside a Pass state (read, not
/// validated: AWS's limits on nesting are not what is measured).
func nestedParallel(_ depth: Int) -> StateMachineDefinition? {
    var graph: JSONValue = ["StartAt": "Leaf", "States": ["Leaf": ["Type": "Pass", "End": true]]]
    for level in 0..<depth {
        var states = JSONObject()
        states["P\(level)"] = ["Type": "Parallel", "Branches": [graph], "Next": .string("Q\(level)")]
        states["Q\(level)"] = ["Type": "Pass", "End": true]
        graph = ["StartAt": .string("P\(level)"), "States": .object(states)]
    }
    return ASLReader().read(json: graph).definition
}

/// JSON parse and compact write MB/s over the conformance corpus's files, beside Foundation's JSONSerialization.
///
/// Every round's parsed trees are kept until the timing ends, so parsing is timed without freeing
/// the previous round's trees (as `Scripts/moto-sfn-test.py` times CPython's `json.loads`); freeing
/// them is timed apart. `StepFunctionsBenchmarks json` runs this alone.
func runJSONThroughputBenchmarks() {
    let directory = ProcessInfo.processInfo.environment["SFN_CONFORMANCE"] ?? "../shared/conformance/localstack"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
        print("JSON throughput: conformance corpus not found at \(directory) (set SFN_CONFORMANCE); skipped")
        return
    }
    let texts = names.sorted().filter { $0.hasSuffix(".json") }.compactMap {
        try? String(contentsOfFile: directory + "/" + $0, encoding: .utf8)
    }
    let bytes = Double(texts.reduce(0) { $0 + $1.utf8.count })
    let env = ProcessInfo.processInfo.environment
    if let part = env["SFN_JSON_PART"] {
        // One part alone, `SFN_JSON_ROUNDS` times, for counting instructions (callgrind: the slope
        // between two round counts is the part's cost without start-up and file reading).
        runJSONPart(part, texts: texts, rounds: Int(env["SFN_JSON_ROUNDS"] ?? "") ?? 1)
        return
    }
    let rounds = 5
    var kept: [[JSONValue]] = []
    kept.reserveCapacity(rounds)
    var cpu0 = processCPUSeconds()
    for _ in 0..<rounds { kept.append(texts.compactMap { try? JSONParser.parse($0) }) }
    let parse = processCPUSeconds() - cpu0
    let values = kept[0]
    cpu0 = processCPUSeconds()
    kept = []
    let free = processCPUSeconds() - cpu0
    cpu0 = processCPUSeconds()
    var written = 0
    for _ in 0..<rounds { for v in values { written += JSONWriter.compact.string(v).utf8.count } }
    let write = processCPUSeconds() - cpu0
    // The same files as `JSONDocument`s: the text kept in one buffer and a tape of its values.
    let byteArrays = texts.map { Array($0.utf8) }
    var keptDocuments: [[JSONDocument]] = []
    keptDocuments.reserveCapacity(rounds)
    cpu0 = processCPUSeconds()
    for _ in 0..<rounds { keptDocuments.append(byteArrays.compactMap { try? JSONDocument(parsing: $0) }) }
    let documentParse = processCPUSeconds() - cpu0
    let documents = keptDocuments[0]
    keptDocuments = []
    cpu0 = processCPUSeconds()
    var documentWritten = 0
    for _ in 0..<rounds { for d in documents { documentWritten += d.string().utf8.count } }
    let documentWrite = processCPUSeconds() - cpu0
    var buffer: [UInt8] = []
    cpu0 = processCPUSeconds()
    for _ in 0..<rounds {
        for d in documents {
            buffer.removeAll(keepingCapacity: true)
            d.root.write(into: &buffer)
        }
    }
    let documentWriteBytes = processCPUSeconds() - cpu0
    // The tree writer into a reused byte buffer (no final `String`).
    cpu0 = processCPUSeconds()
    for _ in 0..<rounds {
        for v in values {
            buffer.removeAll(keepingCapacity: true)
            JSONWriter.compact.write(v, into: &buffer)
        }
    }
    let writeBytes = processCPUSeconds() - cpu0
    let datas = texts.map { Data($0.utf8) }
    var keptObjects: [[Any]] = []
    cpu0 = processCPUSeconds()
    for _ in 0..<rounds { keptObjects.append(datas.compactMap { try? JSONSerialization.jsonObject(with: $0) }) }
    let foundationParse = processCPUSeconds() - cpu0
    let objects = keptObjects[0]
    keptObjects = []
    cpu0 = processCPUSeconds()
    var foundationWritten = 0
    for _ in 0..<rounds {
        for o in objects { foundationWritten += (try? JSONSerialization.data(withJSONObject: o))?.count ?? 0 }
    }
    let foundationWrite = processCPUSeconds() - cpu0
    print(
        String(
            format:
                "JSON over %d conformance files (%.1f MB), CPU: parse %.0f MB/s (freeing the trees after: %.0f MB/s), compact write %.0f MB/s (of output); Foundation JSONSerialization parse %.0f MB/s, write %.0f MB/s",
            texts.count, bytes / 1e6, bytes * Double(rounds) / parse / 1e6, bytes * Double(rounds - 1) / free / 1e6,
            Double(written) / write / 1e6, bytes * Double(rounds) / foundationParse / 1e6,
            Double(foundationWritten) / foundationWrite / 1e6))
    print(
        String(
            format:
                "  JSONValue tree: parse %.0f MB/s, compact write %.0f MB/s as a String, %.0f MB/s into a byte buffer; JSONDocument (text + tape): parse %.0f MB/s, compact write %.0f MB/s as a String, %.0f MB/s into a byte buffer",
            bytes * Double(rounds) / parse / 1e6, Double(written) / write / 1e6,
            Double(written) / writeBytes / 1e6, bytes * Double(rounds) / documentParse / 1e6,
            Double(documentWritten) / documentWrite / 1e6, Double(documentWritten) / documentWriteBytes / 1e6))
}

/// What `runJSONPart` parsed, kept to the end of the process so that freeing is not counted.
nonisolated(unsafe) var jsonPartKept: [Any] = []

/// One part of the JSON suite alone (`tree-parse`, `tree-write`, `document-parse`, `document-write`).
func runJSONPart(_ part: String, texts: [String], rounds: Int) {
    var checksum = 0
    switch part {
    case "tree-parse":
        for _ in 0..<rounds { jsonPartKept.append(texts.compactMap { try? JSONParser.parse($0) }) }
        checksum = jsonPartKept.count
    case "tree-write":
        let values = texts.compactMap { try? JSONParser.parse($0) }
        for _ in 0..<rounds { for v in values { checksum &+= JSONWriter.compact.string(v).utf8.count } }
    case "document-parse":
        let byteArrays = texts.map { Array($0.utf8) }
        for _ in 0..<rounds { jsonPartKept.append(byteArrays.compactMap { try? JSONDocument(parsing: $0) }) }
        checksum = jsonPartKept.count
    case "document-write":
        let documents = texts.compactMap { try? JSONDocument(parsing: $0) }
        for _ in 0..<rounds { for d in documents { checksum &+= d.string().utf8.count } }
    default:
        print("SFN_JSON_PART: tree-parse, tree-write, document-parse or document-write")
    }
    print("\(part) × \(rounds): checksum \(checksum)")
}
