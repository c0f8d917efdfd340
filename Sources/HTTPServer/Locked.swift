#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value behind a pthread mutex, shared between the event-loop thread and handler tasks.
///
/// `@unchecked Sendable` is safe: the value is only reached through `withLock`, which holds the
/// mutex for the whole access. A pthread mutex (not `Synchronization.Mutex`) keeps macOS 13 and
/// lets the thread sanitizer see the locking.
struct Locked<Value>: @unchecked Sendable {
    private let storage: Storage

    /// The value as the header and the mutex as the one element (elements have a stable address).
    private final class Storage: ManagedBuffer<Value, pthread_mutex_t> {
        deinit {
            _ = withUnsafeMutablePointerToElements { pthread_mutex_destroy($0) }
        }
    }

    /// Creates a lock around `value`.
    init(_ value: Value) {
        let buffer = Storage.create(minimumCapacity: 1) { _ in value }
        storage = unsafeDowncast(buffer, to: Storage.self)
        _ = storage.withUnsafeMutablePointerToElements { pthread_mutex_init($0, nil) }
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        try storage.withUnsafeMutablePointers { value, mutex in
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            return try body(&value.pointee)
        }
    }
}
