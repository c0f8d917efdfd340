/// A crash-safe append-only log of opaque records, with snapshots that replace everything before them.
///
/// `open` recovers the records; each `append` returns once its records are durable (written and fsync'ed);
/// concurrent appends share one fsync (group commit). All disk I/O runs on one dedicated thread, in the order the
/// requests were made: from an actor, `append` and `snapshot` are queued synchronously, before the first suspension,
/// so the journal's order is the order of the actor's state changes (see NOTES.md, "Ordering").
package final class Journal: Sendable {
    /// The queue and counters shared with the I/O thread.
    private let core: JournalCore

    private init(core: JournalCore) {
        self.core = core
    }

    deinit {
        core.close()
    }

    /// Opens the journal in `directory` (creating both if needed) and locks the directory; returns the journal and
    /// what was recovered: the latest snapshot's records, then every record appended after it, in order.
    package static func open(directory: String, options: Options = Options()) throws(JournalError)
        -> (journal: Journal, recovery: Recovery)
    {
        let limit = JournalFormat.maximumPayloadLength - JournalFormat.recordHeaderLength
        guard (0...limit).contains(options.maximumRecordSize), (1...limit).contains(options.maximumBatchBytes) else {
            throw JournalError(kind: .misuse, message: "the journal's size options must be between 1 and \(limit)")
        }
        // "data/" and "data" are one directory; messages read better without the doubled slash.
        var directory = directory
        while directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
        let files = JournalDirectory(path: directory)
        try files.create()
        let lock = try DirectoryLock.acquire(directory: directory)
        let file: FileDescriptor
        let end: Int
        let recovery: Recovery
        do throws(JournalError) {
            (file, end, recovery) = try files.recover(options: options)
        } catch {
            lock.release()
            throw error
        }
        let appended = recovery.records.count - recovery.snapshotRecords
        let statistics = Statistics(
            appendedSinceSnapshot: appended,
            bytesSinceSnapshot: recovery.records[recovery.snapshotRecords...].reduce(0) {
                $0 + JournalFormat.recordHeaderLength + $1.count
            } + (appended > 0 ? JournalFormat.frameHeaderLength : 0),
            snapshotRecords: recovery.snapshotRecords, fileSize: end)
        let core = JournalCore(directory: files, options: options, statistics: statistics)
        let writer = JournalWriter(core: core, file: file, end: end, lock: lock)
        switch PosixThread.start(name: "sfn-journal", writer.run) {
        case .success(let thread):
            core.monitor.withLock { $0.thread = thread }
        case .failure(let error):
            file.close()
            lock.release()
            throw error
        }
        return (Journal(core: core), recovery)
    }

    /// Appends one record; returns once it is durable. Called from an actor, it is queued before it suspends.
    package func append(_ record: [UInt8], isolation: isolated (any Actor)? = #isolation) async throws(JournalError) {
        try await append([record], isolation: isolation)
    }

    /// Appends `records` atomically (after a crash, all of them are there or none); returns once they are durable.
    package func append(_ records: [[UInt8]], isolation: isolated (any Actor)? = #isolation) async throws(JournalError)
    {
        let bytes = try core.validate(records)
        guard !records.isEmpty else { return }
        let result = await withCheckedContinuation(isolation: isolation) {
            (continuation: CheckedContinuation<Result<Void, JournalError>, Never>) in
            core.enqueueAppend(records, bytes: bytes) { continuation.resume(returning: $0) }
        }
        try result.get()
    }

    /// Appends one record, blocking the calling thread until it is durable (for code outside Swift concurrency).
    package func appendSync(_ record: [UInt8]) throws(JournalError) {
        try appendSync([record])
    }

    /// Appends `records` atomically, blocking the calling thread until they are durable.
    package func appendSync(_ records: [[UInt8]]) throws(JournalError) {
        let bytes = try core.validate(records)
        guard !records.isEmpty else { return }
        try wait { core.enqueueAppend(records, bytes: bytes, completion: $0) }
    }

    /// Queues `records` as one atomic append and returns at once; `completion` runs on the journal's I/O thread
    /// once they are durable (keep it short, and make no blocking journal call from it), or at once if refused.
    package func append(_ records: [[UInt8]], completion: @escaping @Sendable (Result<Void, JournalError>) -> Void) {
        do throws(JournalError) {
            let bytes = try core.validate(records)
            guard !records.isEmpty else { return completion(.success(())) }
            core.enqueueAppend(records, bytes: bytes, completion: completion)
        } catch {
            completion(.failure(error))
        }
    }

    /// Replaces everything queued before it with `records` (compaction); returns once the new file is durable.
    ///
    /// The new file is written and fsync'ed beside the journal, renamed over it, and the directory fsync'ed. Call it
    /// with the same isolation as the appends whose effects `records` holds, so that it is queued after them.
    package func snapshot(_ records: [[UInt8]], isolation: isolated (any Actor)? = #isolation)
        async throws(JournalError)
    {
        try core.validateSnapshot(records)
        let result = await withCheckedContinuation(isolation: isolation) {
            (continuation: CheckedContinuation<Result<Void, JournalError>, Never>) in
            core.enqueueSnapshot(records) { continuation.resume(returning: $0) }
        }
        try result.get()
    }

    /// Replaces everything queued before it with `records`, blocking the calling thread until that is durable.
    package func snapshotSync(_ records: [[UInt8]]) throws(JournalError) {
        try core.validateSnapshot(records)
        try wait { core.enqueueSnapshot(records, completion: $0) }
    }

    /// Queues a snapshot and returns at once; `completion` runs on the I/O thread once it is durable, or at once.
    package func snapshot(_ records: [[UInt8]], completion: @escaping @Sendable (Result<Void, JournalError>) -> Void) {
        do throws(JournalError) {
            try core.validateSnapshot(records)
            core.enqueueSnapshot(records, completion: completion)
        } catch {
            completion(.failure(error))
        }
    }

    /// Records accepted since the last snapshot: the owner snapshots when this (or `statistics`) grows too large.
    package var appendedSinceSnapshot: Int {
        core.monitor.withLock { $0.statistics.appendedSinceSnapshot }
    }

    /// The journal's counters.
    package var statistics: Statistics {
        core.monitor.withLock { $0.statistics }
    }

    /// Completes the queued requests, fsyncs, closes the file and releases the directory's lock; later calls fail
    /// with `.closed`. Called by `deinit` too; calling it again does nothing.
    package func close() {
        core.close()
    }

    /// Queues a request with `enqueue` and blocks until its completion runs.
    private func wait(_ enqueue: (@escaping JournalCore.Completion) -> Void) throws(JournalError) {
        guard !core.isIOThread else {
            throw JournalError(
                kind: .misuse, message: "a blocking journal call from a completion handler would wait for itself")
        }
        let done = Monitor<Result<Void, JournalError>?>(nil)
        enqueue { result in done.withLockBroadcasting { $0 = result } }
        try done.withLock(waitingUntil: { $0 != nil }) { $0! }.get()
    }
}
