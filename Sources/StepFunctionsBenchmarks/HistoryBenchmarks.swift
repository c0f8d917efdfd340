import Foundation
import JSONCore
import StepFunctionsSimulator

#if canImport(Glibc)
    import Glibc
#endif

// `history`: what a history costs to hold and to print. For an inline Map of N items with a Pass
// iterator (4 N + 6 events): the heap an execution holds per event, the run's CPU, and the CPU of
// rendering its `sfn run --json` text (the tree of JSON values written whole, as before, and the
// streamed writer, checked to give the same bytes); then `sfn run --json` of the same Map as a child
// process for its wall and CPU time and peak RSS (`SFN_BINARY` picks the binary, default: the `sfn`
// beside this one; `HISTORY_ITEMS=N` the largest Map, default 1,000,000).
//
//     StepFunctionsBenchmarks history
//     SFN_BINARY=/path/to/other/sfn StepFunctionsBenchmarks history

/// The Map: `Items` from the input's `n` (a JSONata range, so the input stays small), the output the
/// number of results (so it stays small too).
let historyMapDefinition = """
    {"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map",\
    "Items":"{% [0..($states.input.n - 1)] %}",\
    "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},\
    "Output":"{% $count($states.result) %}","End":true}}}
    """

/// The memory this process holds, in bytes: its resident set after the allocator gave back the
/// pages it holds free (glibc's `malloc_trim`, found at run time), so that what a run freed is not
/// counted; nil where `/proc/self/statm` does not exist.
func heapBytesInUse() -> Int? {
    #if os(Linux)
        typealias Trim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        }
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    #else
        return nil
    #endif
}

/// The process's CPU seconds (user + system) spent in `body`.
func cpuSeconds(_ body: () -> Void) -> Double {
    let start = processCPUSeconds()
    body()
    return processCPUSeconds() - start
}

func runHistoryBenchmarks() {
    // The child first: a child's peak RSS counts this process's at the spawn (Linux keeps the
    // high-water mark across exec), which is small only before the runs below.
    runHistoryChildProcess()
    print("HistoryEvent: \(MemoryLayout<HistoryEvent>.stride) bytes inline (stride)")
    var options = Simulator.Options()
    options.historyEventLimit = nil
    options.expressHistoryEventLimit = nil
    options.payloadSizeLimit = .max
    guard let simulator = try? Simulator(aslJSON: historyMapDefinition, options: options) else {
        print("  the Map definition does not read")
        return
    }
    print(
        "  Map items |   events | held per event | run CPU   | render: tree (before) | streamed, pretty | streamed, compact"
    )
    for items in [10_000, 100_000, 250_000] {
        let heapBefore = heapBytesInUse()
        var execution: Execution?
        let runCPU = cpuSeconds {
            execution = Simulator.runBlocking { await simulator.run(input: ["n": .int(items)]) }
        }
        let heapAfter = heapBytesInUse()
        guard let execution, execution.status == .succeeded else {
            print("  \(items): the run did not succeed")
            return
        }
        let events = execution.history.count
        var held = "n/a"
        if let b = heapBefore, let a = heapAfter { held = "\(Int((Double(a - b) / Double(events)).rounded())) bytes" }
        var tree: [UInt8] = []
        let treeCPU = cpuSeconds {
            JSONWriter.pretty.write(execution.json, into: &tree)
        }
        var streamed: [UInt8] = []
        streamed.reserveCapacity(tree.count)
        let prettyCPU = cpuSeconds {
            execution.writeJSON(.pretty) { streamed.append(contentsOf: $0) }
        }
        let same = streamed == tree ? "" : "  (DIFFERENT BYTES)"
        var compactBytes = 0
        let compactCPU = cpuSeconds {
            execution.writeJSON(.compact) { compactBytes += $0.count }
        }
        func rate(_ cpu: Double) -> String { "\(formatRate(Double(events) / max(cpu, 1e-9))) ev/s" }
        print(
            "  \(pad(formatRate(Double(items)), 9)) | \(pad(formatRate(Double(events)), 8)) | \(pad(held, 14)) | "
                + "\(pad(String(format: "%.3f s", runCPU), 9)) | \(pad(rate(treeCPU), 21)) | "
                + "\(pad(rate(prettyCPU), 16)) | \(pad(rate(compactCPU), 17))\(same)")
        print(
            "    \(formatRate(Double(tree.count))) bytes pretty (\(Int(Double(tree.count) / Double(events))) a event), "
                + "\(formatRate(Double(compactBytes))) compact; streamed pretty at "
                + "\(Int(Double(tree.count) / max(prettyCPU, 1e-9) / 1e6)) MB/s")
    }
}

/// `sfn run --json` of the Map as a child process: wall and CPU time, peak RSS, bytes printed.
func runHistoryChildProcess() {
    let environment = ProcessInfo.processInfo.environment
    let binary =
        environment["SFN_BINARY"]
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sfn").path
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        print("  no sfn binary at \(binary) (build it: swift build -c release --product sfn)")
        return
    }
    let file = NSTemporaryDirectory() + "history-bench-\(getpid()).asl.json"
    let output = NSTemporaryDirectory() + "history-bench-\(getpid()).json"
    guard (try? historyMapDefinition.write(toFile: file, atomically: true, encoding: .utf8)) != nil else {
        print("  cannot write \(file)")
        return
    }
    defer {
        try? FileManager.default.removeItem(atPath: file)
        try? FileManager.default.removeItem(atPath: output)
    }
    let largest = environment["HISTORY_ITEMS"].flatMap(Int.init) ?? 1_000_000
    print("\(binary) run MAP --input '{\"n\": N}' [--express | --no-limits] --json > FILE")
    print("  Map items | limits        |   events |  wall   |   CPU   | peak RSS | printed")
    // 249,000 items make 996,006 events: under the 1,000,000 an EXPRESS run records, so a binary
    // without --no-limits runs it too.
    for (items, flags) in [(249_000, ["--express"]), (largest, ["--no-limits"])] {
        let arguments = ["run", file, "--input", "{\"n\": \(items)}"] + flags + ["--json"]
        guard let r = spawnMeasured(binary, arguments, stdout: output) else {
            print("  cannot start \(binary)")
            return
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
        let events = 4 * items + 6
        let status = r.status == 0 ? "" : "  (exit \(r.status): not supported or failed)"
        print(
            "  \(pad(formatRate(Double(items)), 9)) | \(flags[0].padding(toLength: 13, withPad: " ", startingAt: 0)) | "
                + "\(pad(formatRate(Double(events)), 8)) | \(pad(String(format: "%.2f s", r.wall), 7)) | "
                + "\(pad(String(format: "%.2f s", r.cpu), 7)) | \(pad("\(r.maxRSS / 1_048_576) MB", 8)) | "
                + "\(formatRate(Double(size / 1_048_576))) MB\(status)")
    }
}

/// Runs `path` with `arguments` (standard output to `stdout`, standard error discarded), waits for
/// it, and gives its exit status, wall seconds, CPU seconds (user + system) and peak RSS in bytes.
func spawnMeasured(_ path: String, _ arguments: [String], stdout: String) -> (
    status: Int32, wall: Double, cpu: Double, maxRSS: Int
)? {
    #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { return nil }
        let elapsed = ContinuousClock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpu =
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exit, wall, cpu, usage.ru_maxrss * 1024)
    #else
        return nil
    #endif
}
