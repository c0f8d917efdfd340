#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small HTTP/1.1 client (plain http only) with keep-alive connection pools, on one event-loop
/// thread of its own, so thousands of requests in flight cost no thread each.
///
/// ```swift
/// let client = HTTPClient()
/// let response = try await client.send("POST", url: "http://127.0.0.1:3001/2015-03-31/functions/f/invocations",
///                                      body: Array(#"{"x":1}"#.utf8))
/// let failed = response.headers["X-Amz-Function-Error"] != nil
/// await client.shutdown()
/// ```
///
/// A request whose reused keep-alive connection turns out to be closed by the server before
/// any byte of the response arrived is sent again, once, on a new connection (whatever its
/// method); every other failure is reported as an `HTTPClientError`.
public final class HTTPClient: Sendable {
    /// The configuration given at creation.
    public let configuration: Configuration
    private let lifecycle = Locked(Lifecycle.idle)

    private enum Lifecycle {
        case idle
        case running(Running)
        case stopped(LoopExit?)
    }

    private struct Running {
        var thread: pthread_t
        var mailbox: ClientMailbox
        var exit: LoopExit
        var nextRequestID: UInt64 = 1
        var stopRequested = false
    }

    /// Creates a client; its event-loop thread starts with the first request.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    deinit {
        stop()
    }

    /// Sends `request` to `host:port` and returns the whole response; reuses an idle keep-alive
    /// connection to the same host and port when there is one.
    ///
    /// The request goes out as HTTP/1.1 with `Host` (unless set) and `Content-Length` added; its
    /// own framing fields are replaced. `timeout` (default: the configuration's `requestTimeout`)
    /// bounds the whole call. Cancelling the calling task fails the call with `.cancelled` at once.
    public func send(
        _ request: HTTPRequest, host: String, port: Int, timeout: Duration? = nil
    ) async throws(HTTPClientError) -> HTTPResponse {
        guard !host.isEmpty else { throw HTTPClientError(.invalidRequest, "empty host") }
        guard (1...65535).contains(port) else { throw HTTPClientError(.invalidRequest, "invalid port \(port)") }
        let authority = HTTPURL(host: host, port: port).authority
        let serialized = try RequestSerializer.serialize(request, authority: authority)
        if Task.isCancelled { throw HTTPClientError(.cancelled, "the request was cancelled") }
        let (mailbox, id) = try loopMailbox()
        let limit = timeout ?? configuration.requestTimeout
        let pending = PendingResponse(id: id)
        let clientRequest = ClientRequest(
            pending: pending, bytes: serialized.bytes, closeAfter: serialized.closeAfter,
            isHEAD: request.method == "HEAD", host: host, port: port,
            deadline: MonotonicClock.now() + MonotonicClock.nanoseconds(limit), timeout: limit)
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<PendingResponse.Outcome, Never>) in
                guard pending.attach(continuation) else {
                    continuation.resume(returning: .failure(HTTPClientError(.cancelled, "the request was cancelled")))
                    return
                }
                if !mailbox.post(.start(clientRequest)) {
                    pending.complete(.failure(HTTPClientError(.shutdown, "the HTTP client was shut down")))
                }
            }
        } onCancel: {
            if pending.cancel() { mailbox.post(.cancel(id)) }
        }
        return try outcome.get()
    }

    /// Sends a request to an `http://` URL (see `HTTPURL`) and returns the whole response.
    public func send(
        _ method: String = "GET", url: String, headers: HTTPHeaders = [:], body: [UInt8] = [],
        timeout: Duration? = nil
    ) async throws(HTTPClientError) -> HTTPResponse {
        let parsed = try HTTPURL(url)
        let request = HTTPRequest(method: method, target: parsed.target, headers: headers, body: body)
        return try await send(request, host: parsed.host, port: parsed.port, timeout: timeout)
    }

    /// Fails requests in flight with `.shutdown`, closes every connection, and returns once the
    /// event-loop thread has exited. Blocks the caller briefly: from async code prefer `shutdown()`.
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

    /// The running loop's mailbox and a fresh request id, starting the loop on first use.
    private func loopMailbox() throws(HTTPClientError) -> (ClientMailbox, UInt64) {
        let result = lifecycle.withLock { state -> Result<(ClientMailbox, UInt64), HTTPClientError> in
            switch state {
            case .idle:
                do throws(HTTPClientError) {
                    var running = try launch()
                    let id = running.nextRequestID
                    running.nextRequestID += 1
                    state = .running(running)
                    return .success((running.mailbox, id))
                } catch {
                    return .failure(error)
                }
            case .running(var running):
                guard !running.stopRequested else {
                    return .failure(HTTPClientError(.shutdown, "the HTTP client was shut down"))
                }
                let id = running.nextRequestID
                running.nextRequestID += 1
                state = .running(running)
                return .success((running.mailbox, id))
            case .stopped:
                return .failure(HTTPClientError(.shutdown, "the HTTP client was shut down"))
            }
        }
        return try result.get()
    }

    /// Creates the mailbox and the event-loop thread.
    private func launch() throws(HTTPClientError) -> Running {
        let mailbox: ClientMailbox
        do throws(HTTPServerError) {
            mailbox = try ClientMailbox()
        } catch {
            throw HTTPClientError(.system, "cannot start the HTTP client: \(error.message)", errno: error.errno)
        }
        let loopExit = LoopExit()
        let setup = ClientEventLoop.Setup(configuration: configuration, mailbox: mailbox)
        guard
            let thread = HTTPServer.spawnThread({
                HTTPServer.nameCurrentThread("http-client")
                ClientEventLoop(setup).run()
                loopExit.signal()
            })
        else {
            _ = mailbox.close()
            throw HTTPClientError(.system, "cannot create the HTTP client's event-loop thread")
        }
        return Running(thread: thread, mailbox: mailbox, exit: loopExit)
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

    /// Reclaims the finished thread, once, whoever stops first.
    private func joinThread() {
        let thread: pthread_t? = lifecycle.withLock { state in
            guard case .running(let running) = state else { return nil }
            state = .stopped(running.exit)
            return running.thread
        }
        if let thread { _ = pthread_join(thread, nil) }
    }
}
