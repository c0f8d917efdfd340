#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A joinable pthread running one closure: the journal's I/O thread, which may block in fsync for milliseconds
/// without holding a thread of Swift's cooperative pool.
final class PosixThread: @unchecked Sendable {
    /// The closure, boxed so that it can cross `pthread_create`'s `void *` argument.
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// Written once by `start` before any other thread can see it; read by `join` and `isCurrent`.
    private var thread: pthread_t

    private init(thread: pthread_t) {
        self.thread = thread
    }

    /// Starts a thread running `body`, named `name` where the platform's headers allow (Glibc's module hides
    /// `pthread_setname_np`); the name also appears in error messages.
    static func start(name: String, _ body: @escaping () -> Void) -> Result<PosixThread, JournalError> {
        let argument = Unmanaged.passRetained(
            Body {
                #if canImport(Darwin)
                    pthread_setname_np(name)
                #endif
                body()
            }
        ).toOpaque()
        #if canImport(Darwin)
            var thread: pthread_t?
            let code = pthread_create(
                &thread, nil,
                { raw in
                    Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().run()
                    return nil
                }, argument)
            guard code == 0, let thread else {
                Unmanaged<Body>.fromOpaque(argument).release()
                return .failure(.system("pthread_create", path: name, errno: code))
            }
        #else
            var thread = pthread_t()
            let code = pthread_create(
                &thread, nil,
                { raw in
                    if let raw { Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().run() }
                    return nil
                }, argument)
            guard code == 0 else {
                Unmanaged<Body>.fromOpaque(argument).release()
                return .failure(.system("pthread_create", path: name, errno: code))
            }
        #endif
        return .success(PosixThread(thread: thread))
    }

    /// Whether the caller is running on this thread.
    var isCurrent: Bool { pthread_equal(pthread_self(), thread) != 0 }

    /// Waits for the thread to finish.
    func join() {
        pthread_join(thread, nil)
    }

    /// Lets the thread release its resources by itself when it finishes (for when nobody can wait for it).
    func detach() {
        pthread_detach(thread)
    }
}
