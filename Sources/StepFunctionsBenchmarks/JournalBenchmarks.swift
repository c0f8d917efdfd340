import Journal
import StepFunctionsSimulator

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The journal behind `sfn serve --data-dir`: appends per second with fsync on and off, for 1, 8 and
// 64 concurrent appenders (group commit), 300-byte records; snapshot and recovery times.

/// Runs the journal suite in a directory under /tmp (removed afterwards).
@MainActor
func runJournalBenchmarks() {
    let base = "/tmp/journal-benchmark-\(getpid())"
    _ = mkdir(base, 0o755)
    let failure: String? = Simulator.runBlocking {
        let duration = 2.0
        do {
            let on = Journal.Options(fsync: true)
            let off = Journal.Options(fsync: false)
            // A batch limit of one byte lets each commit take one append: group commit off, for comparison.
            let ungrouped = Journal.Options(fsync: true, maximumBatchBytes: 1)
            try await measureJournal("fsync on, 1 appender", base: base, options: on, appenders: 1, duration: duration)
            try await measureJournal("fsync on, 8 appenders", base: base, options: on, appenders: 8, duration: duration)
            try await measureJournal(
                "fsync on, 64 appenders", base: base, options: on, appenders: 64, duration: duration)
            try await measureJournal(
                "fsync on, 64 appenders, no grouping", base: base, options: ungrouped, appenders: 64,
                duration: duration)
            try await measureJournal(
                "fsync off, 1 appender", base: base, options: off, appenders: 1, duration: duration)
            try await measureJournal(
                "fsync off, 64 appenders", base: base, options: off, appenders: 64, duration: duration)
            try measureSync("fsync on, appendSync, 1 thread", base: base, fsync: true, duration: duration)
            try measureSync("fsync off, appendSync, 1 thread", base: base, fsync: false, duration: duration)
            try measureSnapshot(base: base, count: 100_000)
            return nil
        } catch {
            return "journal benchmark failed: \(error)"
        }
    }
    if let failure { print(failure) }
    journalDirectories.forEach(removeDirectory)
    _ = rmdir(base)
}

/// A 300-byte compact-JSON-like record numbered `n`.
func journalRecord(_ n: Int) -> [UInt8] {
    let head = Array(
        "{\"executionArn\":\"arn:aws:states:us-east-1:123456789012:execution:bench:\(n)\",\"data\":\"".utf8)
    return head + [UInt8](repeating: UInt8(ascii: "x"), count: 300 - head.count - 2) + Array("\"}".utf8)
}

/// Directories used so far, removed at the end.
nonisolated(unsafe) var journalDirectories: [String] = []

/// A fresh directory for one run.
func freshDirectory(_ base: String, _ name: String) -> String {
    let path = "\(base)/\(name.replacingSpaces())"
    removeDirectory(path)
    journalDirectories.append(path)
    return path
}

/// Removes a journal directory.
func removeDirectory(_ path: String) {
    _ = unlink(path + "/journal.sfnj")
    _ = unlink(path + "/LOCK")
    _ = rmdir(path)
}

/// Seconds elapsed since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

/// Runs `appenders` tasks appending for about `duration` seconds; prints appends/s and records per commit.
func measureJournal(
    _ label: String, base: String, options: Journal.Options, appenders: Int, duration: Double
) async throws {
    let directory = freshDirectory(base, label)
    let (journal, _) = try Journal.open(directory: directory, options: options)
    let payload = journalRecord(0)
    let start = ContinuousClock.now
    let counts = await withTaskGroup(of: Int.self) { group in
        for _ in 0..<appenders {
            group.addTask {
                var count = 0
                while count % 64 != 0 || seconds(since: start) < duration {
                    try? await journal.append(payload)
                    count += 1
                }
                return count
            }
        }
        return await group.reduce(0, +)
    }
    let elapsed = seconds(since: start)
    let statistics = journal.statistics
    journal.close()
    let perCommit = Double(statistics.recordsCommitted) / Double(max(statistics.commits, 1))
    print(
        "\(label.padding(36)) \(String(Int(Double(counts) / elapsed)).leftPadding(9)) appends/s"
            + "  \(String(format1(perCommit)).leftPadding(6)) records/commit"
            + "  \(String(format1(elapsed * 1e6 / Double(statistics.commits))).leftPadding(7)) µs/commit")
}

/// The same with `appendSync` from one thread.
func measureSync(_ label: String, base: String, fsync: Bool, duration: Double) throws {
    let directory = freshDirectory(base, label)
    let (journal, _) = try Journal.open(directory: directory, options: .init(fsync: fsync))
    let payload = journalRecord(0)
    let start = ContinuousClock.now
    var count = 0
    while count % 64 != 0 || seconds(since: start) < duration {
        try journal.appendSync(payload)
        count += 1
    }
    let elapsed = seconds(since: start)
    journal.close()
    print("\(label.padding(36)) \(String(Int(Double(count) / elapsed)).leftPadding(9)) appends/s")
}

/// Snapshot and reopen times for `count` records.
func measureSnapshot(base: String, count: Int) throws {
    let directory = freshDirectory(base, "snapshot")
    let (journal, _) = try Journal.open(directory: directory)
    let records = (0..<count).map(journalRecord)
    var start = ContinuousClock.now
    try journal.snapshotSync(records)
    let snapshotTime = seconds(since: start)
    for n in 0..<(count / 10) { journal.append([journalRecord(n)]) { _ in } }
    try journal.appendSync(journalRecord(0))
    journal.close()
    start = ContinuousClock.now
    let (reopened, recovery) = try Journal.open(directory: directory)
    let openTime = seconds(since: start)
    let size = reopened.statistics.fileSize
    reopened.close()
    print(
        "snapshot of \(count) records (\(size / 1_000_000) MB): \(format1(snapshotTime * 1000)) ms; "
            + "open recovering \(recovery.records.count) records: \(format1(openTime * 1000)) ms")
}

/// `x` with one decimal.
func format1(_ x: Double) -> String {
    let tenths = Int((x * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}

extension String {
    /// Padded with spaces on the right to `width`.
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    /// With dashes for spaces and no commas, for directory names.
    func replacingSpaces() -> String { String(map { $0 == " " ? "-" : $0 }.filter { $0 != "," }) }
    /// Padded with spaces on the left to `width`.
    func leftPadding(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
