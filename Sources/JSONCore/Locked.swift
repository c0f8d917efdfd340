#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value behind a lock, shared across tasks.
///
/// The mutex lives in a heap object of one class whatever the value's type, and the value in
/// memory of its own: a generic storage class (`ManagedBuffer<Value, …>`) had its metadata looked
/// up in the runtime's table at each lock made and taken (~700 instructions) outside the module,
/// and the simulator makes three locks an execution. It uses a pthread mutex rather than
/// `Synchronization.Mutex`, whose futex-based Linux implementation the thread sanitizer cannot
/// see, so TSan runs stay free of false reports. `@unchecked Sendable` is safe here: the value is
/// only touched inside `withLock`, which holds the mutex for the whole access.
///
/// `init` and `withLock` are inlinable, so each caller gets them specialized for its value, result
/// and closure: unspecialized, a lock taken across modules cost ~1,000 instructions (generic
/// result and error passing, a generic `withExtendedLifetime`), a lock made ~700. (The type is
/// `@usableFromInline`: the inlinable members of a plain `package` type are not inlined elsewhere.)
@usableFromInline
package struct Locked<Value>: @unchecked Sendable {
    @usableFromInline let box: LockBox

    /// Creates a lock around `value`.
    @inlinable
    package init(_ value: Value) {
        let pointer = UnsafeMutablePointer<Value>.allocate(capacity: 1)
        pointer.initialize(to: value)
        box = LockBox.make(value: UnsafeMutableRawPointer(pointer), type: Value.self)
    }

    /// Runs `body` with exclusive access to the value.
    @inlinable
    package func withLock<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R {
        let (header, mutex) = box.withUnsafeMutablePointers { ($0, $1) }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        let value = header.pointee.value.assumingMemoryBound(to: Value.self)
        // The pointers stay valid: `box` (which this struct holds) owns the mutex and the value.
        return try withExtendedLifetime(box) { () throws(E) -> R in try body(&value.pointee) }
    }
}

/// Where a lock's value is, and its type (to destroy it).
@usableFromInline
struct LockHeader {
    @usableFromInline let value: UnsafeMutableRawPointer
    @usableFromInline let type: Any.Type

    @usableFromInline
    init(value: UnsafeMutableRawPointer, type: Any.Type) {
        self.value = value
        self.type = type
    }
}

/// A lock's heap object: the value's address as the header, the mutex as the one element
/// (elements of a `ManagedBuffer` have a stable address, as a pthread mutex needs).
@usableFromInline
final class LockBox: ManagedBuffer<LockHeader, pthread_mutex_t> {
    @usableFromInline
    static func make(value: UnsafeMutableRawPointer, type: Any.Type) -> LockBox {
        let buffer = create(minimumCapacity: 1) { _ in LockHeader(value: value, type: type) }
        let box = unsafeDowncast(buffer, to: LockBox.self)
        _ = box.withUnsafeMutablePointerToElements { pthread_mutex_init($0, nil) }
        return box
    }

    deinit {
        withUnsafeMutablePointers { header, mutex in
            _ = pthread_mutex_destroy(mutex)
            LockBox.destroy(header.pointee.value, as: header.pointee.type)
        }
    }

    /// Destroys and frees the value (its type opened from the header).
    private static func destroy<T>(_ value: UnsafeMutableRawPointer, as _: T.Type) {
        let pointer = value.assumingMemoryBound(to: T.self)
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }
}
