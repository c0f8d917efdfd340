#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a piece of deep evaluation on a new thread with a large stack, waiting for it.
///
/// The evaluator recurses once per nested expression. Swift Concurrency threads have small
/// stacks, and debug builds use several kilobytes per level, so rather than failing early the
/// evaluator moves to a fresh 16 MB stack when its budget on the current stack runs out. Depth
/// stays bounded by ``JSONataOptions/maxDepth``; only the stack it runs on changes.
enum StackExtension {
    /// The stack size of an extension thread.
    static let stackSize = 16 * 1024 * 1024

    /// Hands a closure to another thread and back.
    ///
    /// `@unchecked Sendable` is safe: the thread that creates the context blocks in
    /// `pthread_join` until the new thread has finished with it, so the two never touch the
    /// captured evaluator state at the same time, and the join orders the writes.
    private final class Context: @unchecked Sendable {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    /// Runs `body` on a new thread with a ``stackSize`` stack; returns false if no thread could be made.
    static func run(_ body: () -> Void) -> Bool {
        withoutActuallyEscaping(body) { escaping in
            let context = Unmanaged.passRetained(Context(escaping)).toOpaque()
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setstacksize(&attributes, stackSize)
            #if canImport(Darwin)
                var thread: pthread_t? = nil
                let status = pthread_create(
                    &thread, &attributes,
                    { raw in
                        Unmanaged<Context>.fromOpaque(raw).takeRetainedValue().work()
                        return nil
                    }, context)
                guard status == 0, let thread else {
                    Unmanaged<Context>.fromOpaque(context).release()
                    return false
                }
                pthread_join(thread, nil)
            #else
                var thread = pthread_t()
                let status = pthread_create(
                    &thread, &attributes,
                    { raw in
                        if let raw { Unmanaged<Context>.fromOpaque(raw).takeRetainedValue().work() }
                        return nil
                    }, context)
                guard status == 0 else {
                    Unmanaged<Context>.fromOpaque(context).release()
                    return false
                }
                pthread_join(thread, nil)
            #endif
            return true
        }
    }
}
