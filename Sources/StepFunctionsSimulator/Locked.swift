import Foundation

/// A value behind a lock, shared across tasks.
///
/// It uses `NSLock` (a pthread mutex) rather than `Synchronization.Mutex`, whose futex-based Linux
/// implementation the thread sanitizer cannot see, so TSan runs stay free of false reports.
/// `@unchecked Sendable` is safe here: `value` is private and only touched inside `withLock`,
/// which holds `lock` for the whole access.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// Creates a lock around `value`.
    init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
