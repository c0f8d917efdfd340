#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value behind a lock, shared across tasks.
///
/// The value and a pthread mutex live in one heap object (a `ManagedBuffer`), so a lock costs one
/// allocation: the simulator makes a few per execution (callbacks, random sources, task clocks).
/// It uses a pthread mutex rather than `Synchronization.Mutex`, whose futex-based Linux
/// implementation the thread sanitizer cannot see, so TSan runs stay free of false reports.
/// `@unchecked Sendable` is safe here: the value is only touched inside `withLock`, which holds
/// the mutex for the whole access.
package struct Locked<Value>: @unchecked Sendable {
    private let storage: Storage

    /// The heap object: the value as the header, the mutex as the one element (elements of a
    /// `ManagedBuffer` have a stable address, as a pthread mutex needs).
    private final class Storage: ManagedBuffer<Value, pthread_mutex_t> {
        deinit {
            _ = withUnsafeMutablePointerToElements { pthread_mutex_destroy($0) }
        }
    }

    /// Creates a lock around `value`.
    package init(_ value: Value) {
        let buffer = Storage.create(minimumCapacity: 1) { _ in value }
        storage = unsafeDowncast(buffer, to: Storage.self)
        _ = storage.withUnsafeMutablePointerToElements { pthread_mutex_init($0, nil) }
    }

    /// Runs `body` with exclusive access to the value.
    package func withLock<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R {
        let (value, mutex) = storage.withUnsafeMutablePointers { ($0, $1) }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        // The pointers stay valid: `storage` (which this struct holds) keeps the buffer alive.
        return try withExtendedLifetime(storage) { () throws(E) -> R in try body(&value.pointee) }
    }
}
