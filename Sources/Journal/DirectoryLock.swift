#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The exclusive hold of a journal directory: a POSIX record lock on its `LOCK` file against other processes, and a
/// registry entry against other journals of this process.
///
/// Why not `flock`: a `flock` lock belongs to the open file description, which every child process shares from
/// `fork` until its `exec` closes the descriptor (later still if the descriptor isn't close-on-exec). A process that
/// spawns children can therefore see its own journal's lock outlive `close`, and a reopen fail spuriously (the tests
/// hit exactly that while spawning the crash test's child). `fcntl` record locks belong to the process and are never
/// inherited; the kernel drops them when the process dies, `kill -9` included. Because they are per process, the
/// registry refuses a second open of the same directory within the process (keyed by device and inode, so two
/// spellings of one path are one directory). The one caveat of record locks, that closing ANY descriptor of the file
/// releases them, doesn't bite: only this type opens `LOCK`, and it stays open until `release`.
struct DirectoryLock: Sendable {
    /// The open `LOCK` file.
    let file: FileDescriptor
    /// The directory's identity in the registry.
    private let key: Key

    /// A directory's identity.
    private struct Key: Hashable, Sendable {
        let device: UInt64
        let inode: UInt64
    }

    /// The directories this process has open.
    private static let registry = Monitor<Set<Key>>([])

    /// Takes the lock on `directory` without waiting, or explains who holds it.
    static func acquire(directory: String) throws(JournalError) -> DirectoryLock {
        var info = stat()
        guard stat(directory, &info) == 0 else { throw .system("stat", path: directory) }
        let key = Key(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        let registered = registry.withLock { $0.insert(key).inserted }
        guard registered else {
            throw JournalError(
                kind: .locked, message: "the journal in \(directory) is already open in this process",
                path: directory)
        }
        let path = directory + "/LOCK"
        do throws(JournalError) {
            let file = try FileDescriptor.open(path, O_RDWR | O_CREAT)
            do throws(JournalError) {
                try lock(file, directory: directory)
            } catch {
                file.close()
                throw error
            }
            // For people looking at the directory; the error above asks the kernel, which knows better.
            try? file.truncate(to: 0)
            try? file.write(Array("\(getpid())\n".utf8), at: 0)
            return DirectoryLock(file: file, key: key)
        } catch {
            _ = registry.withLock { $0.remove(key) }
            throw error
        }
    }

    /// Locks the whole of `file` for writing, or says which process holds it.
    private static func lock(_ file: FileDescriptor, directory: String) throws(JournalError) {
        var request = flock()
        request.l_type = Int16(F_WRLCK)
        request.l_whence = Int16(SEEK_SET)
        while fcntl(file.fd, F_SETLK, &request) != 0 {
            let code = errno
            if code == EINTR { continue }
            guard code == EAGAIN || code == EACCES else {
                throw .system("fcntl(F_SETLK)", path: file.path, errno: code)
            }
            var holder = flock()
            holder.l_type = Int16(F_WRLCK)
            holder.l_whence = Int16(SEEK_SET)
            let who =
                fcntl(file.fd, F_GETLK, &holder) == 0 && holder.l_type != Int16(F_UNLCK)
                ? "process \(holder.l_pid)" : "another process"
            throw JournalError(
                kind: .locked,
                message: "\(file.path) is locked by \(who): another server is using the data directory \(directory)",
                path: file.path, errno: code)
        }
    }

    /// Releases the lock (closing the file drops it) and the registry entry.
    func release() {
        file.close()
        _ = Self.registry.withLock { $0.remove(key) }
    }
}
