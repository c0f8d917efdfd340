/// The server's single I/O thread: accepts, reads, parses, hands requests to handler tasks,
/// writes responses and enforces timeouts, for every connection.
///
/// All socket and connection state is confined to this thread, so none of it needs locks; the
/// only shared object is the `Mailbox` through which handler tasks return responses.
final class EventLoop {
    /// Everything the loop needs, created by `HTTPServer.start()` on the caller's thread.
    struct Setup: Sendable {
        /// The listening socket (non-blocking).
        var listener: Int32
        /// The configuration in force.
        var configuration: HTTPServer.Configuration
        /// The application's handler.
        var handler: HTTPServer.Handler
        /// The channel from handler tasks and `stop()`.
        var mailbox: Mailbox
    }

    private static let listenerID: UInt64 = 0
    private static let mailboxID: UInt64 = 1
    /// Bytes read per `recv`.
    private static let readChunk = 64 * 1024
    /// How long a closing connection may linger to let the client read its last response.
    private static let lingerNanoseconds: UInt64 = 2_000_000_000
    /// Most input discarded while lingering, so a client cannot keep a closing connection busy.
    private static let lingerByteLimit = 4 * 1024 * 1024
    /// Pause before retrying `accept` after running out of descriptors (else poll would spin).
    private static let acceptBackoffNanoseconds: UInt64 = 100_000_000

    private let listener: Int32
    private let configuration: HTTPServer.Configuration
    private let handler: HTTPServer.Handler
    private let mailbox: Mailbox
    private let limits: RequestParser.Limits
    private let headerTimeout: UInt64
    private let bodyTimeout: UInt64
    private let idleTimeout: UInt64
    private let writeTimeout: UInt64
    private let poller: Poller
    private var connections: [UInt64: Connection] = [:]
    private var nextConnectionID: UInt64 = 2
    private let readBuffer: UnsafeMutableRawBufferPointer
    /// Earliest deadline of any connection (may be earlier than the real one: then the sweep finds nothing).
    private var nextSweep = UInt64.max
    /// While accepting is paused after descriptor exhaustion: when to resume.
    private var acceptResumesAt: UInt64?
    private var dateCache = HTTPDateCache()
    private var stopping = false

    /// Takes ownership of the setup's listener and mailbox.
    init(_ setup: Setup) {
        listener = setup.listener
        configuration = setup.configuration
        handler = setup.handler
        mailbox = setup.mailbox
        limits = RequestParser.Limits(
            maxHeadSize: setup.configuration.maxHeadSize, maxBodySize: setup.configuration.maxBodySize)
        headerTimeout = MonotonicClock.nanoseconds(setup.configuration.headerReadTimeout)
        bodyTimeout = MonotonicClock.nanoseconds(setup.configuration.bodyReadTimeout)
        idleTimeout = MonotonicClock.nanoseconds(setup.configuration.idleTimeout)
        writeTimeout = MonotonicClock.nanoseconds(setup.configuration.writeTimeout)
        readBuffer = .allocate(byteCount: Self.readChunk, alignment: 16)
        poller = Poller(usePoll: setup.configuration.usePoll)
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Runs until `stop` is requested, then closes every descriptor the server owns.
    func run() {
        // Registration of two fresh descriptors fails only when the kernel is out of memory;
        // the loop then ends at once, as if stopped.
        stopping =
            !poller.register(fd: listener, id: Self.listenerID, interest: .read)
            || !poller.register(fd: mailbox.wakeFD, id: Self.mailboxID, interest: .read)
        while !stopping {
            poller.wait(timeoutMilliseconds: pollTimeout())
            for event in poller.events {
                switch event.id {
                case Self.listenerID: acceptConnections()
                case Self.mailboxID: takeMail()
                default: handle(event)
                }
                if stopping { break }
            }
            let now = MonotonicClock.now()
            if now >= nextSweep { sweep(now) }
            if let resume = acceptResumesAt, now >= resume {
                acceptResumesAt = nil
                poller.setInterest(.read, fd: listener, id: Self.listenerID)
            }
        }
        tearDown()
    }

    private func tearDown() {
        for connection in connections.values {
            connection.task?.cancel()
            Socket.closeDescriptor(connection.fd)
        }
        connections.removeAll()
        Socket.closeDescriptor(listener)
        poller.close()
        mailbox.close()
    }

    /// Milliseconds until the next deadline or accept resumption (-1: none), rounded up.
    private func pollTimeout() -> Int32 {
        var wake = nextSweep
        if let resume = acceptResumesAt { wake = min(wake, resume) }
        guard wake != .max else { return -1 }
        let now = MonotonicClock.now()
        guard wake > now else { return 0 }
        return Int32(clamping: (wake - now + 999_999) / 1_000_000)
    }

    // MARK: Accepting

    /// Stops watching the listener for a while (connections wait in the kernel's backlog).
    private func pauseAccepting() {
        poller.setInterest([], fd: listener, id: Self.listenerID)
        acceptResumesAt = MonotonicClock.now() + Self.acceptBackoffNanoseconds
    }

    /// Whether one more connection would leave fewer than `descriptorReserve` descriptors free.
    /// The rest of the process needs them: libdispatch's worker monitor, for one, traps when it
    /// cannot open `/proc/self/task/N/stat`, so a server that took the last descriptor could crash.
    private func nearDescriptorLimit(_ ceiling: Int) -> Bool {
        let reserve = configuration.descriptorReserve
        guard reserve > 0, ceiling != .max else { return false }
        let lowestFree = Socket.lowestFreeDescriptor(duplicating: listener)
        return lowestFree < 0 || lowestFree + reserve >= ceiling
    }

    private func acceptConnections() {
        let ceiling = Socket.descriptorCeiling()
        // Bounded per wake-up so a connection storm cannot starve established connections.
        for _ in 0..<128 {
            if nearDescriptorLimit(ceiling) {
                pauseAccepting()
                return
            }
            switch Socket.acceptConnection(listener) {
            case .wouldBlock:
                return
            case .retry:
                continue
            case .exhausted:
                pauseAccepting()
                return
            case .accepted(let fd):
                guard connections.count < configuration.maxConnections else {
                    rejectOverCapacity(fd)
                    continue
                }
                guard Socket.configureAccepted(fd) else {
                    Socket.closeDescriptor(fd)
                    continue
                }
                let connection = Connection(id: nextConnectionID, fd: fd, limits: limits)
                nextConnectionID += 1
                guard poller.register(fd: fd, id: connection.id, interest: .read) else {
                    Socket.closeDescriptor(fd)
                    continue
                }
                connections[connection.id] = connection
                // A new connection must send its first request within the header timeout.
                setDeadline(connection, after: headerTimeout, kind: .idle)
            }
        }
    }

    /// Best-effort 503 for a connection over the limit, then close at once: it gets no state.
    private func rejectOverCapacity(_ fd: Int32) {
        var bytes: [UInt8] = []
        let response = ResponseSerializer.errorResponse(
            RequestError(status: 503, message: "too many connections"))
        let context = ResponseSerializer.Context(
            isHEAD: false, keepAlive: false, version: .http1_1, date: dateCache.current(),
            serverName: configuration.serverName)
        _ = ResponseSerializer.append(response, context: context, to: &bytes)
        if Socket.setNonBlocking(fd) {
            _ = bytes.withUnsafeBytes { Socket.sendBytes(fd, $0) }
        }
        Socket.closeDescriptor(fd)
    }

    // MARK: Events

    private func handle(_ event: Poller.Event) {
        // The connection may have been closed by an earlier event in the same batch.
        guard let connection = connections[event.id] else { return }
        if event.failed {
            close(connection)
            return
        }
        if event.writable {
            flush(connection)
            guard connections[event.id] != nil else { return }
        }
        if event.readable { readable(connection) }
    }

    private func readable(_ connection: Connection) {
        switch connection.phase {
        case .reading:
            switch Socket.receiveBytes(connection.fd, into: readBuffer) {
            case .transferred(let count):
                connection.input.append(UnsafeRawBufferPointer(rebasing: readBuffer[..<count]))
                process(connection)
            case .wouldBlock:
                return
            case .endOfFile, .failed:
                // A partial request cannot complete: the client is gone.
                close(connection)
            }
        case .draining:
            switch Socket.receiveBytes(connection.fd, into: readBuffer) {
            case .transferred(let count):
                connection.drainedBytes += count
                if connection.drainedBytes > Self.lingerByteLimit { close(connection) }
            case .wouldBlock:
                return
            case .endOfFile, .failed:
                close(connection)
            }
        case .handling, .writing:
            return
        }
    }

    /// Parses buffered input and acts on it: dispatch a request, send 100 Continue, or reject.
    private func process(_ connection: Connection) {
        while true {
            switch connection.parser.parse(&connection.input) {
            case .needMore:
                if connection.parser.isReadingBody {
                    if connection.deadlineKind != .body { setDeadline(connection, after: bodyTimeout, kind: .body) }
                } else if connection.input.readableCount > 0 && connection.deadlineKind != .head {
                    if connection.requestCount == 0 && connection.deadlineKind == .idle {
                        // A new connection's header timeout already runs from accept.
                        connection.deadlineKind = .head
                    } else {
                        setDeadline(connection, after: headerTimeout, kind: .head)
                    }
                }
                updateInterest(connection)
                return
            case .sendContinue:
                // The body timeout starts now, while the client waits for the 100.
                setDeadline(connection, after: bodyTimeout, kind: .body)
                connection.output.append(contentsOf: ResponseSerializer.continueResponse)
                flush(connection)
                guard connections[connection.id] != nil else { return }
            case .request(let request, let keepAlive):
                dispatch(request, keepAlive: keepAlive, on: connection)
                return
            case .failure(let error):
                respond(with: ResponseSerializer.errorResponse(error), on: connection, keepAlive: false)
                return
            }
        }
    }

    /// Hands a request to the application on a new task; the response comes back by the mailbox.
    private func dispatch(_ request: HTTPRequest, keepAlive: Bool, on connection: Connection) {
        connection.phase = .handling
        connection.requestCount += 1
        connection.requestIsHEAD = request.method == "HEAD"
        connection.requestKeepAlive = keepAlive && !stopping
        connection.requestVersion = request.version
        clearDeadline(connection)
        updateInterest(connection)
        let handler = handler
        let mailbox = mailbox
        let id = connection.id
        connection.task = Task(priority: configuration.handlerPriority) {
            let response = await handler(request)
            mailbox.post(Mailbox.Delivery(connectionID: id, response: response))
        }
    }

    private func takeMail() {
        let (deliveries, stopRequested) = mailbox.take()
        if stopRequested {
            stopping = true
            return
        }
        for delivery in deliveries {
            // The connection may have died meanwhile; its response is dropped.
            guard let connection = connections[delivery.connectionID], connection.phase == .handling else { continue }
            connection.task = nil
            respond(with: delivery.response, on: connection, keepAlive: connection.requestKeepAlive)
        }
    }

    /// Queues a final response and starts sending it.
    private func respond(with response: HTTPResponse, on connection: Connection, keepAlive: Bool) {
        let context = ResponseSerializer.Context(
            isHEAD: connection.phase == .handling && connection.requestIsHEAD, keepAlive: keepAlive,
            version: connection.requestVersion, date: dateCache.current(), serverName: configuration.serverName)
        let closeAfter = ResponseSerializer.append(response, context: context, to: &connection.output)
        connection.phase = .writing(closeAfter: closeAfter)
        if closeAfter { connection.input.clear() }
        setDeadline(connection, after: writeTimeout, kind: .write)
        flush(connection)
    }

    /// Sends pending output; when a response is complete, moves to the next request or closes.
    private func flush(_ connection: Connection) {
        var progressed = false
        while connection.hasPendingOutput {
            let result = connection.output.withUnsafeBytes {
                Socket.sendBytes(connection.fd, UnsafeRawBufferPointer(rebasing: $0[connection.outputOffset...]))
            }
            switch result {
            case .transferred(let count):
                connection.outputOffset += count
                progressed = true
            case .wouldBlock:
                if progressed && connection.deadlineKind == .write {
                    setDeadline(connection, after: writeTimeout, kind: .write)
                }
                updateInterest(connection)
                return
            case .endOfFile, .failed:
                close(connection)
                return
            }
        }
        connection.output.removeAll(keepingCapacity: connection.output.capacity <= 64 * 1024)
        connection.outputOffset = 0
        guard case .writing(let closeAfter) = connection.phase else {
            updateInterest(connection)  // an interim 100 Continue: keep reading the body
            return
        }
        if closeAfter {
            linger(connection)
        } else {
            connection.phase = .reading
            if connection.input.readableCount > 0 {
                setDeadline(connection, after: headerTimeout, kind: .head)
            } else {
                setDeadline(connection, after: idleTimeout, kind: .idle)
            }
            process(connection)  // a pipelined request may already be buffered
        }
    }

    /// Half-closes after the last response and waits briefly for the client to close.
    private func linger(_ connection: Connection) {
        Socket.shutdownWrite(connection.fd)
        connection.phase = .draining
        connection.input.clear()
        setDeadline(connection, after: Self.lingerNanoseconds, kind: .drain)
        updateInterest(connection)
    }

    private func updateInterest(_ connection: Connection) {
        let desired = connection.desiredInterest
        if desired != connection.interest {
            connection.interest = desired
            poller.setInterest(desired, fd: connection.fd, id: connection.id)
        }
    }

    private func close(_ connection: Connection) {
        guard connections.removeValue(forKey: connection.id) != nil else { return }
        connection.task?.cancel()
        connection.task = nil
        poller.unregister(fd: connection.fd, id: connection.id)
        Socket.closeDescriptor(connection.fd)
    }

    // MARK: Deadlines

    /// Arms the connection's one deadline (`timeout` nanoseconds from now) and notes it for the sweep.
    private func setDeadline(_ connection: Connection, after timeout: UInt64, kind: Connection.DeadlineKind) {
        let deadline = MonotonicClock.now() + max(timeout, 1)
        connection.deadline = deadline
        connection.deadlineKind = kind
        nextSweep = min(nextSweep, deadline)
    }

    private func clearDeadline(_ connection: Connection) {
        connection.deadline = 0
        connection.deadlineKind = .none
    }

    /// Acts on every passed deadline and finds the next one: O(connections), run only when due.
    private func sweep(_ now: UInt64) {
        var next = UInt64.max
        var expired: [Connection] = []
        for connection in connections.values where connection.deadline != 0 {
            if connection.deadline <= now {
                expired.append(connection)
            } else {
                next = min(next, connection.deadline)
            }
        }
        nextSweep = next
        for connection in expired where connections[connection.id] != nil {
            switch connection.deadlineKind {
            case .head, .body:
                respond(with: ResponseSerializer.errorResponse(.timeout), on: connection, keepAlive: false)
            case .none, .idle, .write, .drain:
                close(connection)
            }
        }
    }
}
