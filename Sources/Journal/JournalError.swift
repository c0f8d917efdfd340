#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a journal operation failed; `description` says what failed, on which file (and offset), with the errno text.
package struct JournalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of failure, for callers that react differently (e.g. refuse to start on `.corrupt`).
    package enum Kind: Sendable, Hashable {
        /// A system call failed (`errno` is set): permissions, disk full, I/O error.
        case io
        /// Another process (or another `Journal` in this one) holds the directory's lock.
        case locked
        /// The file is damaged somewhere other than its tail (`offset` is set): recovering would drop records.
        case corrupt
        /// The file is not a journal, or one written by an incompatible version.
        case unsupportedFormat
        /// A record (or an atomic group of records) is larger than `Options.maximumRecordSize` allows.
        case recordTooLarge
        /// The journal was closed.
        case closed
        /// An earlier write or fsync failed, so what is on disk is unknown: every later operation fails too.
        case failed
        /// The call would deadlock (a blocking call from a completion handler, which runs on the I/O thread).
        case misuse
    }

    /// The category of failure.
    package var kind: Kind
    /// The whole explanation, e.g. `fsync(/data/journal.sfnj): Input/output error (errno 5)`.
    package var message: String
    /// The file or directory concerned, when there is one.
    package var path: String?
    /// The byte offset in `path` where damage starts, for `.corrupt`.
    package var offset: Int?
    /// The `errno` of the failed system call, for `.io` and `.locked`.
    package var errno: Int32?

    /// Creates an error.
    package init(kind: Kind, message: String, path: String? = nil, offset: Int? = nil, errno: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.offset = offset
        self.errno = errno
    }

    /// The message.
    package var description: String { message }

    /// A failed system call `call` on `path`, with the text of `code` (defaults to the current `errno`).
    static func system(_ call: String, path: String, errno given: Int32? = nil) -> JournalError {
        let code = given ?? currentErrno()
        return JournalError(
            kind: .io, message: "\(call)(\(path)): \(String(cString: strerror(code))) (errno \(code))", path: path,
            errno: code)
    }

    /// Damage at `offset` of `path`.
    static func corrupt(path: String, offset: Int, _ detail: String) -> JournalError {
        JournalError(
            kind: .corrupt, message: "\(path) is corrupt at offset \(offset): \(detail)", path: path, offset: offset)
    }
}

/// The calling thread's `errno` (a function, because inside `JournalError` the name means its property).
private func currentErrno() -> Int32 {
    errno
}
