/// What callers and the I/O thread share: the queue of requests, the counters, the first failure.
final class JournalCore: Sendable {
    /// Called once a request is durable (or failed), on the I/O thread.
    typealias Completion = @Sendable (Result<Void, JournalError>) -> Void

    /// A queued operation; the I/O thread performs them in queue order.
    enum Request: Sendable {
        /// Records to append as one atomic unit, their payload size, and who to tell.
        case append([[UInt8]], bytes: Int, Completion)
        /// Records replacing everything before; `undo` restores the counters if the snapshot fails.
        case snapshot([[UInt8]], undo: (records: Int, bytes: Int), Completion)
    }

    /// Everything the mutex guards.
    struct State {
        /// Requests not yet taken by the I/O thread.
        var queue: [Request] = []
        /// Set by `close`: the I/O thread drains the queue, then exits.
        var closing = false
        /// The first write or fsync failure; once set, nothing more is accepted.
        var failure: JournalError?
        /// The counters `Journal.statistics` reports.
        var statistics: Journal.Statistics
        /// The I/O thread, once started.
        var thread: PosixThread?
        /// Whether some `close` took on joining (or detaching) the thread.
        var joinClaimed = false
        /// Set by the I/O thread when it has closed the files and released the lock.
        var finished = false
    }

    /// The journal's files.
    let directory: JournalDirectory
    /// The options it was opened with.
    let options: Journal.Options
    /// The shared state, and the condition the I/O thread sleeps on.
    let monitor: Monitor<State>

    /// Creates the shared state; `open` then starts the I/O thread.
    init(directory: JournalDirectory, options: Journal.Options, statistics: Journal.Statistics) {
        self.directory = directory
        self.options = options
        monitor = Monitor(State(statistics: statistics))
    }

    /// The payload size of `records` as one atomic group, or why they are refused.
    func validate(_ records: [[UInt8]]) throws(JournalError) -> Int {
        var bytes = 0
        for record in records {
            guard record.count <= options.maximumRecordSize else {
                throw JournalError(
                    kind: .recordTooLarge,
                    message: "a record of \(record.count) bytes exceeds the journal's maximum record size of "
                        + "\(options.maximumRecordSize) bytes")
            }
            bytes += JournalFormat.recordHeaderLength + record.count
        }
        // A group is one frame, so it obeys the same limit as a record (which `open` keeps within a frame's
        // 32-bit length).
        guard bytes <= options.maximumRecordSize + JournalFormat.recordHeaderLength else {
            throw JournalError(
                kind: .recordTooLarge,
                message: "an atomic group of \(records.count) records and \(bytes) bytes exceeds the journal's "
                    + "maximum record size of \(options.maximumRecordSize) bytes")
        }
        return bytes
    }

    /// Queues an append; `completion` runs on the I/O thread once it is durable, or at once if it is refused.
    func enqueueAppend(_ records: [[UInt8]], bytes: Int, completion: @escaping Completion) {
        let refusal: JournalError? = monitor.withLockBroadcasting { state in
            if let refusal = Self.refusal(state) { return refusal }
            state.queue.append(.append(records, bytes: bytes, completion))
            state.statistics.appendedSinceSnapshot += records.count
            state.statistics.bytesSinceSnapshot += bytes + JournalFormat.frameHeaderLength
            return nil
        }
        if let refusal { completion(.failure(refusal)) }
    }

    /// Queues a snapshot; `completion` runs on the I/O thread once it is durable, or at once if it is refused.
    func enqueueSnapshot(_ records: [[UInt8]], completion: @escaping Completion) {
        let refusal: JournalError? = monitor.withLockBroadcasting { state in
            if let refusal = Self.refusal(state) { return refusal }
            let undo = (state.statistics.appendedSinceSnapshot, state.statistics.bytesSinceSnapshot)
            state.queue.append(.snapshot(records, undo: undo, completion))
            state.statistics.appendedSinceSnapshot = 0
            state.statistics.bytesSinceSnapshot = 0
            return nil
        }
        if let refusal { completion(.failure(refusal)) }
    }

    /// Why a new request is refused, if it is.
    private static func refusal(_ state: State) -> JournalError? {
        if let failure = state.failure { return failed(after: failure) }
        if state.closing { return JournalError(kind: .closed, message: "the journal is closed") }
        return nil
    }

    /// The error for requests after the first failure: it says what that failure was.
    static func failed(after failure: JournalError) -> JournalError {
        JournalError(
            kind: .failed,
            message: "the journal stopped accepting writes after an earlier failure (\(failure.message)); "
                + "restart to recover what is on disk",
            path: failure.path, errno: failure.errno)
    }

    /// Whether the caller is the I/O thread, where waiting for the I/O thread would deadlock.
    var isIOThread: Bool {
        monitor.withLock { $0.thread?.isCurrent ?? false }
    }

    /// Finishes the queued requests, then closes the file and releases the lock; returns once that is done (unless
    /// called on the I/O thread itself, which finishes on its own after the current completion handler).
    func close() {
        let (thread, claimed) = monitor.withLockBroadcasting { state in
            state.closing = true
            defer { state.joinClaimed = true }
            return (state.thread, !state.joinClaimed)
        }
        guard let thread else { return }
        if thread.isCurrent {
            if claimed { thread.detach() }
        } else if claimed {
            thread.join()
        } else {
            monitor.withLock(waitingUntil: \.finished) { _ in }
        }
    }
}

extension JournalCore {
    /// Checks that every record of a snapshot fits the maximum record size.
    func validateSnapshot(_ records: [[UInt8]]) throws(JournalError) {
        for record in records where record.count > options.maximumRecordSize {
            throw JournalError(
                kind: .recordTooLarge,
                message: "a snapshot record of \(record.count) bytes exceeds the journal's maximum record size of "
                    + "\(options.maximumRecordSize) bytes")
        }
    }
}
