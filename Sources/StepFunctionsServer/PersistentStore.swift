import JSONCore
import Journal
import StepFunctionsSimulator

/// The service's data directory: every change as a record in a ``Journal`` (crash-safe, group
/// committed), read back at start; the service answers a request only once the records it queued
/// are durable (``durable()``).
///
/// Records are queued under the service's lock, in the order of the changes they describe, and
/// each replaces (or deletes) a resource whole, so replaying them rebuilds ``ServiceData``. When
/// the journal has grown well past the data it describes, a snapshot of the data replaces it.
final class PersistentStore: Sendable {
    private let journal: Journal
    private let progress = Locked(Progress())
    /// See ``ServiceOptions/compactionMinimum``.
    private let compactionMinimum: Int

    /// How far the queue has come, and who waits for it.
    private struct Progress {
        /// Requests queued (appends and snapshots), numbered from 1.
        var queued = 0
        /// The highest request known durable (the journal completes them in order).
        var durable = 0
        /// Set when a write failed: what is on disk is unknown, and every later request fails.
        var failure: JournalError?
        /// Callers waiting for a request number to become durable.
        var waiters: [(number: Int, continuation: CheckedContinuation<JournalError?, Never>)] = []
    }

    private init(journal: Journal, compactionMinimum: Int) {
        self.journal = journal
        self.compactionMinimum = compactionMinimum
    }

    /// Opens (creating) the journal in `directory` and rebuilds the data it holds.
    ///
    /// A torn last record (the process died while writing it, before anything acknowledged it) is
    /// cut off. Damage anywhere else stops the start, unless `truncateDamage` keeps the records before
    /// it (the damaged file is kept beside it).
    static func open(
        directory: String, truncateDamage: Bool = false, compactionMinimum: Int = 10_000
    ) throws(ServiceSetupError) -> (
        PersistentStore, ServiceData, notice: String?
    ) {
        let opened: (journal: Journal, recovery: Journal.Recovery)
        do {
            opened = try Journal.open(
                directory: directory, options: Journal.Options(onCorruption: truncateDamage ? .truncate : .fail))
        } catch {
            switch error.kind {
            case .corrupt:
                throw ServiceSetupError(
                    "the data directory is damaged: \(error.message); restore it from a backup, or start with "
                        + "--recover-truncate to keep the records before the damage (the damaged file is kept)")
            case .locked:
                throw ServiceSetupError("another sfn serve uses the data directory \(directory): \(error.message)")
            default:
                throw ServiceSetupError("cannot open the data directory \(directory): \(error.message)")
            }
        }
        var data = ServiceData()
        for (i, bytes) in opened.recovery.records.enumerated() {
            do {
                let record = try JSONParser().parse(bytes: bytes)
                try StoreRecord.apply(record, to: &data)
            } catch {
                opened.journal.close()
                throw ServiceSetupError("\(directory): record \(i + 1) of the journal is unreadable: \(error)")
            }
        }
        return (
            PersistentStore(journal: opened.journal, compactionMinimum: compactionMinimum), data, opened.recovery.damage
        )
    }

    /// Queues a record. Call it under the service's lock, right after the change it records, so that
    /// records reach the journal in the order of the changes.
    func append(_ record: JSONValue) {
        var bytes: [UInt8] = []
        JSONWriter().write(record, into: &bytes)
        let number = progress.withLock { p in
            p.queued += 1
            return p.queued
        }
        journal.append([bytes]) { [self] result in completed(number, result) }
    }

    /// Replaces the journal with `records` (the whole data) when it has grown past twice their count
    /// (and at least ``ServiceOptions/compactionMinimum`` records). Call it under the service's lock, like ``append(_:)``.
    func compactIfDue(recordCount: () -> Int, records: () -> [JSONValue]) {
        // Every change calls this: the data is counted only once the journal is past the minimum.
        let appended = journal.appendedSinceSnapshot
        guard appended > compactionMinimum, appended > 2 * recordCount() else { return }
        let encoded = records().map { record in
            var bytes: [UInt8] = []
            JSONWriter().write(record, into: &bytes)
            return bytes
        }
        let number = progress.withLock { p in
            p.queued += 1
            return p.queued
        }
        journal.snapshot(encoded) { [self] result in
            // A snapshot that failed before its rename leaves the journal as it was: no data is lost.
            if case .failure(let error) = result, error.kind != .io {
                completed(number, result)
            } else {
                completed(number, .success(()))
            }
        }
    }

    /// Waits until every record queued so far is durable; the error when the data directory could
    /// not be written (the change may or may not be on disk).
    func durable() async -> JournalError? {
        let target = progress.withLock { $0.queued }
        return await withCheckedContinuation { (continuation: CheckedContinuation<JournalError?, Never>) in
            let ready: JournalError?? = progress.withLock { p in
                if let failure = p.failure { return .some(failure) }
                if p.durable >= target { return .some(nil) }
                p.waiters.append((target, continuation))
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Completes every queued request and closes the journal (releasing the directory's lock).
    func close() {
        journal.close()
    }

    /// A request finished (on the journal's thread, in queue order).
    private func completed(_ number: Int, _ result: Result<Void, JournalError>) {
        let woken: [(CheckedContinuation<JournalError?, Never>, JournalError?)] = progress.withLock { p in
            switch result {
            case .success: p.durable = max(p.durable, number)
            case .failure(let error): if p.failure == nil { p.failure = error }
            }
            var out: [(CheckedContinuation<JournalError?, Never>, JournalError?)] = []
            p.waiters.removeAll { w in
                if let failure = p.failure {
                    out.append((w.continuation, failure))
                    return true
                }
                guard w.number <= p.durable else { return false }
                out.append((w.continuation, nil))
                return true
            }
            return out
        }
        for (continuation, error) in woken { continuation.resume(returning: error) }
    }
}
