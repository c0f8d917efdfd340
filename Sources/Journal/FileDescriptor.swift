#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open file and its path, with the few POSIX calls the journal makes, each retried on `EINTR` and failing
/// with a `JournalError` that names the call and the path.
struct FileDescriptor: Sendable {
    /// The descriptor.
    let fd: Int32
    /// The path it was opened with, for error messages.
    let path: String

    /// Opens `path` with `flags` (`O_CLOEXEC` is added so that child processes don't inherit it, or its lock).
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(JournalError) -> FileDescriptor {
        while true {
            let fd = posixOpen(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return FileDescriptor(fd: fd, path: path) }
            if errno != EINTR { throw .system("open", path: path) }
        }
    }

    /// Closes the descriptor; errors are ignored because every write that matters was already fsync'ed (or, with
    /// fsync off, has reached the page cache, which `close` doesn't change).
    func close() {
        _ = posixClose(fd)
    }

    /// The file's size.
    func size() throws(JournalError) -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .system("fstat", path: path) }
        return Int(info.st_size)
    }

    /// Writes all of `bytes` at `offset`, looping over short writes.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(JournalError) {
        var done = 0
        while done < bytes.count {
            let count = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if count < 0 {
                if errno == EINTR { continue }
                throw .system("write", path: path)
            }
            done += count
        }
    }

    /// Writes all of `bytes` at `offset`.
    func write(_ bytes: [UInt8], at offset: Int) throws(JournalError) {
        // `withUnsafeBytes` rethrows untyped errors, so the typed error travels in a `Result`.
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(JournalError) in try write(buffer, at: offset) }
        }
        try result.get()
    }

    /// Reads the whole file (of `size` bytes) into memory.
    func readAll(size: Int) throws(JournalError) -> [UInt8] {
        var failure: JournalError?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while initialized < size {
                let count = pread(fd, buffer.baseAddress! + initialized, size - initialized, off_t(initialized))
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = .system("read", path: path)
                    return
                }
                // The file shrank under us (nothing else should write it, the directory is locked): stop there.
                if count == 0 { return }
                initialized += count
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Cuts the file to `size` bytes.
    func truncate(to size: Int) throws(JournalError) {
        while ftruncate(fd, off_t(size)) != 0 {
            if errno != EINTR { throw .system("ftruncate", path: path) }
        }
    }

    /// Flushes the file's data (and the metadata needed to read it back, such as its size) to stable storage.
    ///
    /// Linux's `fdatasync` skips only metadata that reading doesn't need (timestamps). On Darwin `fsync` only
    /// reaches the drive's volatile cache, so `F_FULLFSYNC` is asked for, with `fsync` as the fallback on file
    /// systems that don't support it.
    func sync() throws(JournalError) {
        #if canImport(Darwin)
            if fcntl(fd, F_FULLFSYNC) == 0 { return }
            while fsync(fd) != 0 {
                if errno != EINTR { throw .system("fsync", path: path) }
            }
        #else
            while fdatasync(fd) != 0 {
                if errno != EINTR { throw .system("fdatasync", path: path) }
            }
        #endif
    }

    /// Flushes everything about the file, metadata included: used for directories, whose entries (a rename, a new
    /// file) are otherwise not durable.
    func syncAll() throws(JournalError) {
        #if canImport(Darwin)
            if fcntl(fd, F_FULLFSYNC) == 0 { return }
        #endif
        while fsync(fd) != 0 {
            if errno != EINTR { throw .system("fsync", path: path) }
        }
    }
}

/// `open(2)` under a name that doesn't clash with `FileDescriptor.open`.
private func posixOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    open(path, flags, mode)
}

/// `close(2)` under a name that doesn't clash with `FileDescriptor.close`.
private func posixClose(_ fd: Int32) -> Int32 {
    close(fd)
}
