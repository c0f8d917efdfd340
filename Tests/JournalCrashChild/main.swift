// The crash test's victim: appends numbered records and acknowledges each on stdout once `append` has returned.
//
// Usage: JournalCrashChild DIRECTORY FSYNC(0|1) APPENDERS SNAPSHOT_EVERY [FILE_SIZE_LIMIT]
//
// An actor owns the state (the set of numbers) the way `sfn serve` will: it changes its state and queues the record
// in one step, and snapshots its state every SNAPSHOT_EVERY appends. Numbers continue after the largest recovered
// one. Each record is `N:` and a padding of `Record.padding(N)` dots, so records straddle pages and frames vary in
// size. The process runs until SIGKILL (or 60 s, so that a crashed test leaves no process behind).
//
// With FILE_SIZE_LIMIT, RLIMIT_FSIZE makes writes past that size fail (EFBIG) to exercise the journal's handling of
// a failed write: the child appends until an append fails, prints `error:KIND` for that append and for the next one,
// and exits.
import Journal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The record of number `n`, and its inverse.
enum Record {
    /// How many padding bytes number `n` has (deterministic, so the test can check every record whole).
    static func padding(_ n: Int) -> Int { (n &* 7919) % 1500 }

    /// The record of `n`.
    static func encode(_ n: Int) -> [UInt8] {
        Array("\(n):".utf8) + [UInt8](repeating: UInt8(ascii: "."), count: padding(n))
    }

    /// The number of a record, if it is well-formed.
    static func decode(_ record: [UInt8]) -> Int? {
        guard let colon = record.firstIndex(of: UInt8(ascii: ":")),
            let n = Int(String(decoding: record[..<colon], as: UTF8.self)),
            record.count - colon - 1 == padding(n), record[(colon + 1)...].allSatisfy({ $0 == UInt8(ascii: ".") })
        else { return nil }
        return n
    }
}

/// The state owner, as the server's store will be.
actor Store {
    let journal: Journal
    let snapshotEvery: Int
    var numbers: [Int]

    init(journal: Journal, numbers: [Int], snapshotEvery: Int) {
        self.journal = journal
        self.numbers = numbers
        self.snapshotEvery = snapshotEvery
    }

    /// Adds `n` and returns once it is durable.
    func add(_ n: Int) async throws(JournalError) {
        // No suspension between the change and the queueing: a snapshot can't come between them.
        numbers.append(n)
        try await journal.append(Record.encode(n))
        if snapshotEvery > 0, journal.appendedSinceSnapshot >= snapshotEvery {
            try await journal.snapshot(numbers.map(Record.encode))
        }
    }
}

/// Writes `text` to stdout in one `write(2)`, unbuffered, so that what the test reads was really acknowledged.
func acknowledge(_ n: Int) {
    let line = Array("\(n)\n".utf8)
    _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

/// Reports `message` on stderr and exits.
func fail(_ message: String) -> Never {
    let line = Array("JournalCrashChild: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}

/// Prints `error:KIND` for a failed append.
func report(_ error: JournalError) {
    let line = Array("error:\(error.kind)\n".utf8)
    _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

let arguments = CommandLine.arguments
guard (5...6).contains(arguments.count), let appenders = Int(arguments[3]), let snapshotEvery = Int(arguments[4])
else {
    fail("usage: JournalCrashChild DIRECTORY FSYNC(0|1) APPENDERS SNAPSHOT_EVERY [FILE_SIZE_LIMIT]")
}
let fileSizeLimit = arguments.count == 6 ? Int(arguments[5]) : nil
let opened: (journal: Journal, recovery: Journal.Recovery)
do {
    opened = try Journal.open(directory: arguments[1], options: .init(fsync: arguments[2] == "1"))
} catch {
    fail("\(error)")
}
if let damage = opened.recovery.damage {
    // For people running it by hand; the tests don't read stderr unless the child fails.
    let line = Array("JournalCrashChild: recovered after \(damage)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
var recovered: [Int] = []
for record in opened.recovery.records {
    guard let n = Record.decode(record) else { fail("a malformed record was recovered") }
    recovered.append(n)
}
let first = (recovered.max() ?? -1) + 1
if let fileSizeLimit {
    // Past the limit the kernel sends SIGXFSZ, which would kill us instead of failing the write.
    signal(SIGXFSZ, SIG_IGN)
    #if canImport(Glibc)
        var limit = rlimit(rlim_cur: rlim_t(fileSizeLimit), rlim_max: rlim_t(fileSizeLimit))
        setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limit)
    #else
        var limit = rlimit(rlim_cur: rlim_t(fileSizeLimit), rlim_max: rlim_t(fileSizeLimit))
        setrlimit(RLIMIT_FSIZE, &limit)
    #endif
    var n = first
    while true {
        do {
            try await opened.journal.append(Record.encode(n))
        } catch {
            report(error)
            do {
                try await opened.journal.append(Record.encode(n + 1))
                fail("an append after a failed one succeeded")
            } catch {
                report(error)
            }
            exit(0)
        }
        acknowledge(n)
        n += 1
    }
}
let store = Store(journal: opened.journal, numbers: recovered, snapshotEvery: snapshotEvery)
let deadline = ContinuousClock.now + .seconds(60)
await withTaskGroup(of: Void.self) { group in
    for appender in 0..<appenders {
        group.addTask {
            var n = first + appender
            while ContinuousClock.now < deadline {
                do {
                    try await store.add(n)
                } catch {
                    fail("append \(n): \(error)")
                }
                acknowledge(n)
                n += appenders
            }
        }
    }
}
