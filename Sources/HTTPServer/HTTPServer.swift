#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small HTTP/1.1 server: POSIX sockets, one event-loop thread, an async handler per request.
///
/// ```swift
/// let server = HTTPServer { request in HTTPResponse(text: "hello") }
/// let port = try server.start()
/// // ...
/// await server.shutdown()
/// ```
/// A server starts once; after `stop()`/`shutdown()` create a new one.
public final class HTTPServer: Sendable {
    /// The application: turns a request into a response. Runs on a new task per request, so it
    /// may suspend freely; requests on one connection are handled one at a time, in order.
    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

    /// The configuration given at creation.
    public let configuration: Configuration
    private let handler: Handler
    private let lifecycle = Locked(Lifecycle.idle)

    private enum Lifecycle {
        case idle
        case running(Running)
        case stopped(LoopExit?)
    }

    private struct Running {
        var thread: pthread_t
        var port: Int
        var mailbox: Mailbox
        var exit: LoopExit
        var stopRequested = false
    }

    /// Creates a server; nothing is bound until `start()`.
    public init(configuration: Configuration = Configuration(), handler: @escaping Handler) {
        self.configuration = configuration
        self.handler = handler
    }

    deinit {
        stop()
    }

    /// The bound port while the server runs, else `nil`.
    public var port: Int? {
        lifecycle.withLock { state in
            if case .running(let running) = state { return running.port }
            return nil
        }
    }

    /// Binds, listens and starts the event-loop thread; returns the bound port.
    @discardableResult
    public func start() throws(HTTPServerError) -> Int {
        // Binding happens under the lock so two concurrent `start()` calls cannot both run.
        let result = lifecycle.withLock { state -> Result<Int, HTTPServerError> in
            guard case .idle = state else {
                return .failure(HTTPServerError(message: "the server was already started"))
            }
            do throws(HTTPServerError) {
                let running = try launch()
                state = .running(running)
                return .success(running.port)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Creates the listener, the mailbox and the event-loop thread.
    private func launch() throws(HTTPServerError) -> Running {
        let (listener, port) = try Socket.makeListener(
            host: configuration.host, port: configuration.port, backlog: configuration.listenBacklog)
        let mailbox: Mailbox
        do throws(HTTPServerError) {
            mailbox = try Mailbox()
        } catch {
            Socket.closeDescriptor(listener)
            throw error
        }
        let loopExit = LoopExit()
        let setup = EventLoop.Setup(
            listener: listener, configuration: configuration, handler: handler, mailbox: mailbox)
        guard
            let thread = Self.spawnThread({
                Self.nameCurrentThread("http-\(port)")
                EventLoop(setup).run()
                loopExit.signal()
            })
        else {
            Socket.closeDescriptor(listener)
            mailbox.close()
            throw HTTPServerError(message: "cannot create the event-loop thread")
        }
        return Running(thread: thread, port: port, mailbox: mailbox, exit: loopExit)
    }

    /// Closes the listener and every connection, and returns once the event-loop thread has
    /// exited and every descriptor is closed. Responses still being computed are dropped (their
    /// tasks are cancelled). Blocks the caller briefly: from async code prefer `shutdown()`.
    public func stop() {
        guard let exit = requestStop() else { return }
        exit.wait()
        joinThread()
    }

    /// Like `stop()`, but suspends instead of blocking a thread while the loop shuts down.
    public func shutdown() async {
        guard let exit = requestStop() else { return }
        await exit.wait()
        joinThread()
    }

    /// Asks the loop to stop; returns what signals its exit (`nil` if it never started).
    private func requestStop() -> LoopExit? {
        lifecycle.withLock { state in
            switch state {
            case .idle:
                state = .stopped(nil)
                return nil
            case .running(var running):
                if !running.stopRequested {
                    running.stopRequested = true
                    running.mailbox.requestStop()
                    state = .running(running)
                }
                return running.exit
            case .stopped(let exit):
                return exit
            }
        }
    }

    /// Reclaims the finished thread, once, whoever stops first (the thread has already signalled
    /// its exit, so the join does not wait on server work).
    private func joinThread() {
        let thread: pthread_t? = lifecycle.withLock { state in
            guard case .running(let running) = state else { return nil }
            state = .stopped(running.exit)
            return running.thread
        }
        if let thread { _ = pthread_join(thread, nil) }
    }

    /// Names the calling thread (Linux), so `top -H`, debuggers and tests can tell it apart.
    /// Written through /proc because `pthread_setname_np` is not exported by Swift's Glibc module.
    static func nameCurrentThread(_ name: String) {
        #if os(Linux)
            let fd = open("/proc/thread-self/comm", O_WRONLY)
            guard fd >= 0 else { return }
            let bytes = Array(name.utf8.prefix(15))
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        #endif
    }

    /// Boxes the thread body for the C entry point.
    private final class ThreadBody {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Starts a joinable pthread running `body`; `nil` if the system refuses.
    static func spawnThread(_ body: @escaping @Sendable () -> Void) -> pthread_t? {
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        #if canImport(Darwin)
            var thread: pthread_t?
            let status = pthread_create(
                &thread, nil,
                { context in
                    Unmanaged<ThreadBody>.fromOpaque(context).takeRetainedValue().run()
                    return nil
                }, context)
            guard status == 0, let thread else {
                Unmanaged<ThreadBody>.fromOpaque(context).release()
                return nil
            }
            return thread
        #else
            var thread = pthread_t()
            let status = pthread_create(
                &thread, nil,
                { context in
                    if let context { Unmanaged<ThreadBody>.fromOpaque(context).takeRetainedValue().run() }
                    return nil
                }, context)
            guard status == 0 else {
                Unmanaged<ThreadBody>.fromOpaque(context).release()
                return nil
            }
            return thread
        #endif
    }
}
