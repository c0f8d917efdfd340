/// The I/O thread's side: it owns the open file and performs the queued requests in order, one group commit (one
/// frame, one `write`, one fsync) for all the appends queued while the previous commit ran.
final class JournalWriter {
    /// Shared with the callers.
    private let core: JournalCore
    /// The journal file, replaced by each snapshot.
    private var file: FileDescriptor
    /// The directory's lock, released when the thread ends.
    private let lock: DirectoryLock
    /// Where the next frame goes: the end of the last commit.
    private var end: Int
    /// The frame being built, kept between commits to reuse its memory.
    private var buffer: [UInt8] = []
    /// The first failure, after which everything fails (a copy of `State.failure` without the lock).
    private var failure: JournalError?

    /// A queued append taken into a group commit.
    private typealias Entry = (records: [[UInt8]], completion: JournalCore.Completion)

    /// Creates the writer of `file`, whose intact part ends at `end`.
    init(core: JournalCore, file: FileDescriptor, end: Int, lock: DirectoryLock) {
        self.core = core
        self.file = file
        self.end = end
        self.lock = lock
    }

    /// The thread's body: performs requests until `close` and an empty queue, then closes the files.
    func run() {
        var spare: [JournalCore.Request] = []
        while true {
            var work = spare
            core.monitor.withLock(waitingUntil: { !$0.queue.isEmpty || $0.closing }) { state in
                // Swapping the arrays keeps both buffers' capacity: no allocation per commit.
                swap(&work, &state.queue)
            }
            if work.isEmpty { break }
            perform(work)
            work.removeAll(keepingCapacity: true)
            spare = work
        }
        if !core.options.fsync && failure == nil {
            // A clean shutdown leaves nothing for a power loss to take, even without per-append fsyncs.
            try? file.sync()
        }
        file.close()
        lock.release()
        core.monitor.withLockBroadcasting { $0.finished = true }
    }

    /// Performs `work` in order: each run of consecutive appends is group-committed, snapshots go alone.
    private func perform(_ work: [JournalCore.Request]) {
        var index = 0
        while index < work.count {
            switch work[index] {
            case .snapshot(let records, let undo, let completion):
                index += 1
                snapshot(records, undo: undo, completion: completion)
            case .append:
                var batch: [Entry] = []
                var bytes = 0
                while index < work.count, case .append(let records, let size, let completion) = work[index],
                    batch.isEmpty || bytes + size <= core.options.maximumBatchBytes
                {
                    batch.append((records, completion))
                    bytes += size
                    index += 1
                }
                commit(batch, bytes: bytes)
            }
        }
    }

    /// Writes `batch` as one frame and fsyncs it, then tells every appender.
    private func commit(_ batch: [Entry], bytes: Int) {
        if let failure {
            for entry in batch { entry.completion(.failure(JournalCore.failed(after: failure))) }
            return
        }
        buffer.removeAll(keepingCapacity: true)
        buffer.reserveCapacity(JournalFormat.frameHeaderLength + bytes)
        let start = JournalFormat.beginFrame(in: &buffer)
        var records = 0
        for entry in batch {
            for record in entry.records {
                JournalFormat.appendRecord(record, to: &buffer)
            }
            records += entry.records.count
        }
        JournalFormat.finishFrame(startingAt: start, in: &buffer)
        do throws(JournalError) {
            try file.write(buffer, at: end)
            if core.options.fsync { try file.sync() }
        } catch {
            // After a failed fsync the page cache may hold anything (Linux may even drop the dirty pages and
            // report success next time), so the only safe course is to stop; cutting the frame off is best effort,
            // and the next `open` cuts it off anyway as a torn tail.
            try? file.truncate(to: end)
            fail(error)
            for entry in batch { entry.completion(.failure(error)) }
            return
        }
        end += buffer.count
        let size = end
        core.monitor.withLock { state in
            state.statistics.fileSize = size
            state.statistics.commits += 1
            state.statistics.recordsCommitted += records
        }
        for entry in batch { entry.completion(.success(())) }
        if buffer.capacity > 16 << 20 {
            // Don't hold on to the memory of an exceptionally large batch.
            buffer = []
        }
    }

    /// Writes `records` as a new file, renames it over the journal and fsyncs the directory.
    private func snapshot(
        _ records: [[UInt8]], undo: (records: Int, bytes: Int), completion: JournalCore.Completion
    ) {
        if let failure {
            completion(.failure(JournalCore.failed(after: failure)))
            return
        }
        // Until the rename the old file is intact and current (the appends queued before this snapshot are in it),
        // so on failure the journal carries on with it: the snapshot was only a compaction.
        let written: (file: FileDescriptor, end: Int)
        do throws(JournalError) {
            written = try core.directory.writeSnapshot(records)
        } catch {
            abandonSnapshot(undo: undo, error: error, completion: completion)
            return
        }
        do throws(JournalError) {
            try core.directory.install()
        } catch {
            written.file.close()
            abandonSnapshot(undo: undo, error: error, completion: completion)
            return
        }
        file.close()
        file = written.file
        end = written.end
        do throws(JournalError) {
            try core.directory.syncDirectory()
        } catch {
            fail(error)
            completion(.failure(error))
            return
        }
        let size = end
        core.monitor.withLock { state in
            state.statistics.fileSize = size
            state.statistics.snapshotRecords = records.count
            state.statistics.snapshots += 1
        }
        completion(.success(()))
    }

    /// Restores the counters of a snapshot that failed before its rename, and reports the failure.
    private func abandonSnapshot(
        undo: (records: Int, bytes: Int), error: JournalError, completion: JournalCore.Completion
    ) {
        core.monitor.withLock { state in
            state.statistics.appendedSinceSnapshot += undo.records
            state.statistics.bytesSinceSnapshot += undo.bytes
        }
        completion(.failure(error))
    }

    /// Records the first failure, after which every request fails.
    private func fail(_ error: JournalError) {
        failure = error
        core.monitor.withLock { $0.failure = error }
    }
}
