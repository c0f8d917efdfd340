import Foundation
import Testing

@testable import Journal

/// Appending, recovering, snapshots, ordering, locking and limits.
@Suite struct JournalTests {
    @Test func roundTripThroughEveryAppendFlavour() async throws {
        let directory = TemporaryDirectory()
        do {
            let (journal, recovery) = try Journal.open(directory: directory.path)
            #expect(recovery.records.isEmpty)
            #expect(recovery.damage == nil)
            try await journal.append(bytes("a"))
            try journal.appendSync(bytes("b"))
            try await journal.append([bytes("c"), bytes("d")])
            try journal.appendSync([bytes("e"), []])
            let result = await withCheckedContinuation { continuation in
                journal.append([bytes("f")]) { continuation.resume(returning: $0) }
            }
            try result.get()
            try await journal.append([[UInt8]]())  // nothing to do
            #expect(journal.appendedSinceSnapshot == 7)
            journal.close()
        }
        let (journal, recovery) = try Journal.open(directory: directory.path)
        defer { journal.close() }
        #expect(strings(recovery.records) == ["a", "b", "c", "d", "e", "", "f"])
        #expect(recovery.snapshotRecords == 0)
        #expect(recovery.discardedBytes == 0)
        #expect(journal.appendedSinceSnapshot == 7)
        #expect(journal.statistics.fileSize == directory.read(directory.journal).count)
    }

    @Test func recordsAreOpaqueBytes() throws {
        let directory = TemporaryDirectory()
        let records: [[UInt8]] = [Array(0...255), [], [0], Array(repeating: 0xFF, count: 70_000)]
        do {
            let (journal, _) = try Journal.open(directory: directory.path, options: .init(fsync: false))
            for record in records { try journal.appendSync(record) }
            journal.close()
        }
        let (journal, recovery) = try Journal.open(directory: directory.path)
        journal.close()
        #expect(recovery.records == records)
    }

    @Test func manyConcurrentAppendersEachRecoveredOnceInOrder() async throws {
        let directory = TemporaryDirectory()
        let appenders = 32
        let perAppender = 60
        do {
            let (journal, _) = try Journal.open(directory: directory.path)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for appender in 0..<appenders {
                    group.addTask {
                        for sequence in 0..<perAppender {
                            try await journal.append(bytes("\(appender)/\(sequence)"))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let statistics = journal.statistics
            #expect(statistics.recordsCommitted == appenders * perAppender)
            journal.close()
        }
        let (journal, recovery) = try Journal.open(directory: directory.path)
        journal.close()
        #expect(recovery.records.count == appenders * perAppender)
        var next = [Int](repeating: 0, count: appenders)
        for text in strings(recovery.records) {
            let parts = text.split(separator: "/").compactMap { Int($0) }
            try #require(parts.count == 2)
            // Per-appender order is preserved, and each record appears exactly once.
            #expect(parts[1] == next[parts[0]], "appender \(parts[0]): got \(parts[1]), expected \(next[parts[0]])")
            next[parts[0]] = parts[1] + 1
        }
        #expect(next == [Int](repeating: perAppender, count: appenders))
    }

    @Test func manyThreadsAppendingSynchronously() throws {
        let directory = TemporaryDirectory()
        let threads = 8
        let perThread = 50
        do {
            let (journal, _) = try Journal.open(directory: directory.path)
            let failures = Locked(0)
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                for sequence in 0..<perThread {
                    do { try journal.appendSync(bytes("\(thread)/\(sequence)")) } catch {
                        failures.withLock { $0 += 1 }
                    }
                }
            }
            #expect(failures.withLock { $0 } == 0)
            journal.close()
        }
        let (journal, recovery) = try Journal.open(directory: directory.path)
        journal.close()
        let texts = strings(recovery.records)
        #expect(Set(texts).count == threads * perThread && texts.count == threads * perThread)
        for thread in 0..<threads {
            let own = texts.filter { $0.hasPrefix("\(thread)/") }
            #expect(own == (0..<perThread).map { "\(thread)/\($0)" })
        }
    }

    @Test func snapshotThenAppendsThenReopen() async throws {
        let directory = TemporaryDirectory()
        do {
            let (journal, _) = try Journal.open(directory: directory.path)
            for n in 0..<10 { try await journal.append(bytes("old\(n)")) }
            try await journal.snapshot([bytes("s1"), bytes("s2")])
            #expect(journal.appendedSinceSnapshot == 0)
            try await journal.append(bytes("x"))
            try journal.appendSync([bytes("y"), bytes("z")])
            #expect(journal.appendedSinceSnapshot == 3)
            let statistics = journal.statistics
            #expect(statistics.snapshotRecords == 2 && statistics.snapshots == 1)
            journal.close()
        }
        do {
            let (journal, recovery) = try Journal.open(directory: directory.path)
            #expect(strings(recovery.records) == ["s1", "s2", "x", "y", "z"])
            #expect(recovery.snapshotRecords == 2)
            #expect(journal.appendedSinceSnapshot == 3)
            // A second snapshot, to nothing at all, and the journal after it.
            try journal.snapshotSync([])
            try journal.appendSync(bytes("after"))
            journal.close()
        }
        let (journal, recovery) = try Journal.open(directory: directory.path)
        journal.close()
        #expect(strings(recovery.records) == ["after"])
        #expect(recovery.snapshotRecords == 0)
        #expect(!FileManager.default.fileExists(atPath: directory.journal + ".tmp"))
    }

    @Test func aSnapshotFailingBeforeItsRenameLeavesTheJournalAsItWas() async throws {
        let directory = TemporaryDirectory()
        let (journal, _) = try Journal.open(directory: directory.path)
        try await journal.append(bytes("a"))
        // A directory where the snapshot's temporary file should go makes its creation fail.
        try FileManager.default.createDirectory(atPath: directory.journal + ".tmp", withIntermediateDirectories: false)
        let error = await #expect(throws: JournalError.self) { try await journal.snapshot([bytes("s")]) }
        #expect(error?.kind == .io)
        #expect(error?.path == directory.journal + ".tmp")
        #expect(journal.appendedSinceSnapshot == 1)
        try await journal.append(bytes("b"))
        journal.close()
        try FileManager.default.removeItem(atPath: directory.journal + ".tmp")
        let (reopened, recovery) = try Journal.open(directory: directory.path)
        reopened.close()
        #expect(strings(recovery.records) == ["a", "b"])
    }

    @Test func bigSnapshotSpansManyFrames() throws {
        let directory = TemporaryDirectory()
        let records = (0..<3000).map { n in Array(repeating: UInt8(n % 251), count: n % 1000) }
        do {
            let (journal, _) = try Journal.open(directory: directory.path, options: .init(fsync: false))
            try journal.snapshotSync(records)
            journal.close()
        }
        let (journal, recovery) = try Journal.open(directory: directory.path)
        journal.close()
        #expect(recovery.records == records)
        #expect(recovery.snapshotRecords == records.count)
    }

    @Test func requestsTakeEffectInTheOrderTheyWereMade() throws {
        // Queued without waiting: the snapshot replaces the appends queued before it, not those after it.
        let directory = TemporaryDirectory()
        do {
            let (journal, _) = try Journal.open(directory: directory.path)
            let results = Locked<[String]>([])
            for n in 0..<100 {
                journal.append([bytes("before\(n)")]) { _ in results.withLock { $0.append("a\(n)") } }
            }
            journal.snapshot([bytes("snapshot")]) { _ in results.withLock { $0.append("s") } }
            for n in 0..<100 {
                journal.append([bytes("after\(n)")]) { _ in results.withLock { $0.append("b\(n)") } }
            }
            journal.close()
            // Completions run in queue order too.
            #expect(results.withLock { $0 } == (0..<100).map { "a\($0)" } + ["s"] + (0..<100).map { "b\($0)" })
        }
        let (journal, recovery) = try Journal.open(directory: directory.path)
        journal.close()
        #expect(strings(recovery.records) == ["snapshot"] + (0..<100).map { "after\($0)" })
    }

    @Test func anActorsChangesAndSnapshotsStayInStep() async throws {
        // The owner's pattern: change the state and queue its record in one actor step; snapshot the state now
        // and then. Recovery must give back exactly the state, with nothing twice.
        let directory = TemporaryDirectory()
        let (journal, _) = try Journal.open(directory: directory.path, options: .init(fsync: false))
        let store = Store(journal: journal)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for appender in 0..<16 {
                group.addTask {
                    for n in 0..<50 { try await store.add("\(appender)/\(n)") }
                }
            }
            try await group.waitForAll()
        }
        let state = await store.items
        journal.close()
        let (reopened, recovery) = try Journal.open(directory: directory.path)
        reopened.close()
        // Exactly the state, in the order of its changes: each record was queued in the actor step that made it.
        #expect(strings(recovery.records) == state)
        #expect(Set(state).count == 16 * 50)
    }

    @Test func fromAnActorRequestsAreQueuedBeforeTheFirstSuspension() async throws {
        // What makes the actor pattern above correct, checked deterministically: an immediate task runs
        // synchronously up to its first suspension, so the counters show whether the request was queued by then.
        guard #available(macOS 26, *) else { return }
        let directory = TemporaryDirectory()
        let (journal, _) = try Journal.open(directory: directory.path)
        defer { journal.close() }
        let probe = QueueingProbe(journal: journal)
        let (appendQueued, appendTask) = await probe.appendImmediately()
        #expect(appendQueued)
        try await appendTask.value
        let (snapshotQueued, snapshotTask) = await probe.snapshotImmediately()
        #expect(snapshotQueued)
        try await snapshotTask.value
    }

    @Test func secondOpenOfTheSameDirectoryIsRefused() throws {
        let directory = TemporaryDirectory()
        let (journal, _) = try Journal.open(directory: directory.path)
        let error = #expect(throws: JournalError.self) { try Journal.open(directory: directory.path) }
        #expect(error?.kind == .locked)
        #expect(error?.description == "the journal in \(directory.path) is already open in this process")
        // Another spelling of the same directory is the same directory.
        #expect(throws: JournalError.self) { try Journal.open(directory: directory.path + "/./") }
        journal.close()
        // Closing releases the lock, and so does dropping the journal.
        var again: Journal? = try Journal.open(directory: directory.path).journal
        _ = again
        again = nil
        let (third, _) = try Journal.open(directory: directory.path)
        third.close()
    }

    @Test func oversizedRecordsAreRefusedAndTheJournalCarriesOn() async throws {
        let directory = TemporaryDirectory()
        let (journal, _) = try Journal.open(directory: directory.path, options: .init(maximumRecordSize: 1000))
        let single = await #expect(throws: JournalError.self) {
            try await journal.append(Array(repeating: 1, count: 1001))
        }
        #expect(single?.kind == .recordTooLarge)
        #expect(single?.description.contains("1001") == true)
        let group = #expect(throws: JournalError.self) {
            try journal.appendSync([Array(repeating: 1, count: 600), Array(repeating: 2, count: 600)])
        }
        #expect(group?.kind == .recordTooLarge)
        let snapshot = #expect(throws: JournalError.self) {
            try journal.snapshotSync([Array(repeating: 1, count: 1001)])
        }
        #expect(snapshot?.kind == .recordTooLarge)
        try await journal.append(Array(repeating: 7, count: 1000))
        journal.close()
        let (reopened, recovery) = try Journal.open(directory: directory.path)
        reopened.close()
        #expect(recovery.records == [Array(repeating: 7, count: 1000)])
    }

    @Test func callsAfterCloseFail() async throws {
        let directory = TemporaryDirectory()
        let (journal, _) = try Journal.open(directory: directory.path)
        journal.close()
        journal.close()
        let error = await #expect(throws: JournalError.self) { try await journal.append(bytes("late")) }
        #expect(error?.kind == .closed)
        #expect(throws: JournalError.self) { try journal.snapshotSync([]) }
    }

    @Test func blockingCallsFromACompletionHandlerAreRefused() throws {
        let directory = TemporaryDirectory()
        let (journal, _) = try Journal.open(directory: directory.path)
        defer { journal.close() }
        let inner = Locked<JournalError?>(nil)
        try journal.appendSync(bytes("warm-up"))
        let done = DispatchSemaphore(value: 0)
        journal.append([bytes("outer")]) { _ in
            do throws(JournalError) {
                try journal.appendSync(bytes("inner"))
            } catch {
                inner.withLock { $0 = error }
            }
            done.signal()
        }
        done.wait()
        #expect(inner.withLock { $0 }?.kind == .misuse)
    }
}

/// A state owner like the server's: an actor that changes its state and queues the record in the same step.
actor Store {
    let journal: Journal
    var items: [String] = []

    init(journal: Journal) {
        self.journal = journal
    }

    func add(_ item: String) async throws {
        items.append(item)
        try await journal.append(bytes(item))
        if journal.appendedSinceSnapshot >= 7 {
            try await journal.snapshot(items.map(bytes))
        }
    }
}

/// Starts journal requests in immediate tasks on an actor and reports whether they were queued synchronously.
actor QueueingProbe {
    let journal: Journal

    init(journal: Journal) {
        self.journal = journal
    }

    @available(macOS 26, *)
    func appendImmediately() -> (queued: Bool, task: Task<Void, any Error>) {
        let before = journal.appendedSinceSnapshot
        let task = Task.immediate { try await self.journal.append(bytes("probe")) }
        return (journal.appendedSinceSnapshot == before + 1, task)
    }

    @available(macOS 26, *)
    func snapshotImmediately() -> (queued: Bool, task: Task<Void, any Error>) {
        let task = Task.immediate { try await self.journal.snapshot([bytes("snapshot")]) }
        return (journal.appendedSinceSnapshot == 0, task)
    }
}

/// A value behind a lock, for test bookkeeping across threads.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) {
        self.value = value
    }

    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
