#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The HTTP client's single I/O thread: connects, writes requests, reads and parses responses,
/// pools keep-alive connections and enforces timeouts, for every request of one `HTTPClient`.
///
/// As in the server's `EventLoop`, every socket and all connection state is confined to this
/// thread (no locks on the I/O path); requests arrive through the `ClientMailbox` and responses
/// leave by resuming each caller's continuation (`PendingResponse`).
final class ClientEventLoop {
    /// Everything the loop needs, created by `HTTPClient` on the caller's thread.
    struct Setup: Sendable {
        /// The configuration in force.
        var configuration: HTTPClient.Configuration
        /// The channel from `send` and the resolver threads.
        var mailbox: ClientMailbox
    }

    private static let mailboxID: UInt64 = 0
    /// Bytes read per `recv`.
    private static let readChunk = 64 * 1024
    /// How long a name lookup is reused (getaddrinfo reports no TTL; local endpoints rarely move).
    private static let addressCacheNanoseconds: UInt64 = 60_000_000_000

    private let configuration: HTTPClient.Configuration
    private let mailbox: ClientMailbox
    private let poller: Poller
    private let limits: ResponseParser.Limits
    private let connectTimeout: UInt64
    private let idleTimeout: UInt64
    private let maxConnectionsPerHost: Int
    private let readBuffer: UnsafeMutableRawBufferPointer
    /// Open sockets by registration id.
    private var connections: [UInt64: ClientConnection] = [:]
    /// Requests in progress by request id (wherever they are: resolving, queued, on a connection).
    private var exchanges: [UInt64: ClientExchange] = [:]
    private var pools: [HostKey: HostPool] = [:]
    private var addressCache: [String: (addresses: [SocketAddress], expires: UInt64)] = [:]
    /// Exchanges waiting for a lookup, by host; one resolver thread per host at a time.
    private var resolving: [String: [ClientExchange]] = [:]
    private var nextConnectionID: UInt64 = 1
    /// Earliest deadline of any exchange or connection (may be early: the sweep then finds nothing).
    private var nextSweep = UInt64.max
    private var stopping = false

    /// Takes ownership of the setup's mailbox.
    init(_ setup: Setup) {
        configuration = setup.configuration
        mailbox = setup.mailbox
        poller = Poller(usePoll: setup.configuration.usePoll)
        limits = ResponseParser.Limits(
            maxHeadSize: setup.configuration.maxResponseHeadSize, maxBodySize: setup.configuration.maxResponseBodySize)
        connectTimeout = MonotonicClock.nanoseconds(setup.configuration.connectTimeout)
        idleTimeout = MonotonicClock.nanoseconds(setup.configuration.idleConnectionTimeout)
        maxConnectionsPerHost = max(1, setup.configuration.maxConnectionsPerHost)
        readBuffer = .allocate(byteCount: Self.readChunk, alignment: 16)
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Runs until stop is requested, then fails what is pending and closes every descriptor.
    func run() {
        // Registering a fresh pipe fails only when the kernel is out of memory: stop at once.
        stopping = !poller.register(fd: mailbox.wakeFD, id: Self.mailboxID, interest: .read)
        while !stopping {
            poller.wait(timeoutMilliseconds: pollTimeout())
            for event in poller.events {
                if event.id == Self.mailboxID {
                    takeMail()
                } else {
                    handle(event)
                }
                if stopping { break }
            }
            let now = MonotonicClock.now()
            if now >= nextSweep { sweep(now) }
        }
        tearDown()
    }

    private func tearDown() {
        let error = HTTPClientError(.shutdown, "the HTTP client was shut down")
        // Closing the mailbox first makes later `send` calls fail by themselves.
        for case .start(let request) in mailbox.close() {
            request.pending.complete(.failure(error))
        }
        for exchange in exchanges.values {
            exchange.request.pending.complete(.failure(error))
        }
        exchanges.removeAll()
        for connection in connections.values {
            Socket.closeDescriptor(connection.fd)
        }
        connections.removeAll()
        pools.removeAll()
        poller.close()
    }

    /// Milliseconds until the next deadline (-1: none), rounded up.
    private func pollTimeout() -> Int32 {
        guard nextSweep != .max else { return -1 }
        let now = MonotonicClock.now()
        guard nextSweep > now else { return 0 }
        return Int32(clamping: (nextSweep - now + 999_999) / 1_000_000)
    }

    private func noteDeadline(_ deadline: UInt64) {
        nextSweep = min(nextSweep, deadline)
    }

    // MARK: Commands

    private func takeMail() {
        let (commands, stopRequested) = mailbox.take()
        if stopRequested {
            stopping = true
            let error = HTTPClientError(.shutdown, "the HTTP client was shut down")
            for case .start(let request) in commands { request.pending.complete(.failure(error)) }
            return
        }
        for command in commands {
            switch command {
            case .start(let request):
                start(request)
            case .cancel(let id):
                if let exchange = exchanges[id] {
                    fail(exchange, HTTPClientError(.cancelled, "the request was cancelled"))
                }
            case .resolved(let host, let result):
                resolved(host: host, result)
            }
        }
    }

    private func start(_ request: ClientRequest) {
        // Cancelled between posting and now: its caller has already been answered.
        guard !request.pending.isFinished else { return }
        let exchange = ClientExchange(request)
        exchanges[exchange.id] = exchange
        noteDeadline(request.deadline)
        let host = request.host
        if let address = SocketAddress.numeric(host) {
            exchange.addresses = [address]
            dispatch(exchange)
        } else if let cached = addressCache[host], cached.expires > MonotonicClock.now() {
            exchange.addresses = cached.addresses
            dispatch(exchange)
        } else {
            exchange.location = .resolving
            if resolving[host] != nil {
                resolving[host]?.append(exchange)
            } else {
                resolving[host] = [exchange]
                startResolver(host)
            }
        }
    }

    /// Looks `host` up on a detached thread: getaddrinfo blocks (DNS), and must stall neither
    /// this loop nor the cooperative pool. The result comes back through the mailbox.
    private func startResolver(_ host: String) {
        let mailbox = mailbox
        let thread = HTTPServer.spawnThread {
            mailbox.post(.resolved(host: host, SocketAddress.resolve(host)))
        }
        if let thread {
            pthread_detach(thread)
        } else {
            resolved(host: host, .failure(HTTPClientError(.system, "cannot start a thread to resolve '\(host)'")))
        }
    }

    private func resolved(host: String, _ result: Result<[SocketAddress], HTTPClientError>) {
        let waiting = resolving.removeValue(forKey: host) ?? []
        if case .success(let addresses) = result {
            addressCache[host] = (addresses, MonotonicClock.now() + Self.addressCacheNanoseconds)
        }
        // Exchanges that timed out or were cancelled meanwhile are no longer in `exchanges`.
        for exchange in waiting where exchanges[exchange.id] === exchange {
            switch result {
            case .success(let addresses):
                exchange.location = .none
                exchange.addresses = addresses
                dispatch(exchange)
            case .failure(let error):
                fail(exchange, error)
            }
        }
    }

    // MARK: Pool

    private func pool(_ key: HostKey) -> HostPool {
        if let pool = pools[key] { return pool }
        let pool = HostPool()
        pools[key] = pool
        return pool
    }

    /// Puts an exchange on an idle connection, a new connection, or the host's queue.
    private func dispatch(_ exchange: ClientExchange) {
        let pool = pool(exchange.key)
        // A retry always takes a new connection: the idle ones may be as stale as the one that failed.
        if !exchange.retried, let connection = pool.idle.popLast() {
            assign(exchange, to: connection)
        } else if pool.openCount < maxConnectionsPerHost || exchange.retried {
            // (A retry reuses the slot its failed connection just gave back, so the limit holds.)
            open(for: exchange, in: pool)
        } else {
            exchange.location = .queued
            pool.enqueue(exchange)
        }
    }

    /// Starts the exchange on an idle pooled connection.
    private func assign(_ exchange: ClientExchange, to connection: ClientConnection) {
        connection.idleDeadline = 0
        connection.exchange = exchange
        exchange.location = .connection(connection.id)
        begin(connection)
    }

    /// Opens a new connection (taking a slot) and starts the exchange on it once connected.
    private func open(for exchange: ClientExchange, in pool: HostPool) {
        let connection = ClientConnection(key: exchange.key, addresses: exchange.addresses, limits: limits)
        pool.openCount += 1
        connection.exchange = exchange
        connect(connection)
    }

    /// A connection finished its exchange and may be reused: hand it to a waiting exchange,
    /// or park it idle, or close it when the host already has enough idle connections.
    private func release(_ connection: ClientConnection) {
        let pool = pool(connection.key)
        if let waiter = pool.dequeue() {
            assign(waiter, to: connection)
        } else if pool.idle.count < configuration.maxIdleConnectionsPerHost {
            connection.phase = .idle
            connection.idleDeadline = MonotonicClock.now() + max(idleTimeout, 1)
            noteDeadline(connection.idleDeadline)
            pool.idle.append(connection)
            updateInterest(connection)
        } else {
            discard(connection)
        }
    }

    /// Closes a connection and gives back its slot; the slot then goes to a waiting exchange.
    private func discard(_ connection: ClientConnection, serveWaiting: Bool = true) {
        guard !connection.discarded else { return }
        connection.discarded = true
        closeSocket(connection)
        let pool = pool(connection.key)
        pool.openCount -= 1
        if connection.phase == .idle { pool.idle.removeAll { $0 === connection } }
        if serveWaiting && pool.openCount < maxConnectionsPerHost, let waiter = pool.dequeue() {
            open(for: waiter, in: pool)
        }
    }

    private func closeSocket(_ connection: ClientConnection) {
        guard connection.fd >= 0 else { return }
        poller.unregister(fd: connection.fd, id: connection.id)
        Socket.closeDescriptor(connection.fd)
        connections.removeValue(forKey: connection.id)
        connection.fd = -1
        connection.interest = []
    }

    // MARK: Connecting

    /// Connects to the connection's addresses in order, from `addressIndex`.
    private func connect(_ connection: ClientConnection) {
        let port = connection.key.port
        while connection.addressIndex < connection.addresses.count {
            let address = connection.addresses[connection.addressIndex]
            let fd: Int32
            let connected: Bool
            switch Socket.startConnect(to: address, port: port) {
            case .connected(let socket):
                (fd, connected) = (socket, true)
            case .inProgress(let socket):
                (fd, connected) = (socket, false)
            case .failed(let code):
                connection.lastConnectError = code
                connection.addressIndex += 1
                continue
            }
            connection.fd = fd
            connection.id = nextConnectionID
            nextConnectionID += 1
            connection.exchange?.location = .connection(connection.id)
            connection.phase = connected ? .active : .connecting
            connection.interest = connection.desiredInterest
            guard poller.register(fd: fd, id: connection.id, interest: connection.interest) else {
                Socket.closeDescriptor(fd)
                connection.fd = -1
                connectionFailed(connection, HTTPClientError(.system, "cannot watch a new socket (out of memory)"))
                return
            }
            connections[connection.id] = connection
            if connected {
                begin(connection)
            } else {
                connection.connectDeadline = MonotonicClock.now() + max(connectTimeout, 1)
                noteDeadline(connection.connectDeadline)
            }
            return
        }
        let code = connection.lastConnectError
        let tried = connection.addresses.map(\.description).joined(separator: ", ")
        connectionFailed(
            connection,
            HTTPClientError(
                code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM ? .system : .connect,
                "connect to \(connection.key.description) (\(tried)) failed: \(Socket.errorText(code))", errno: code))
    }

    /// A non-blocking connect finished: begin the exchange, or try the next address.
    private func connectFinished(_ connection: ClientConnection, failed: Bool) {
        let code = Socket.pendingError(connection.fd)
        if code == 0 && !failed {
            connection.connectDeadline = 0
            connection.phase = .active
            begin(connection)
            return
        }
        connection.lastConnectError = code != 0 ? code : ECONNREFUSED
        closeSocket(connection)
        connection.addressIndex += 1
        connect(connection)
    }

    /// No address could be connected: fail the exchange and give back the slot.
    private func connectionFailed(_ connection: ClientConnection, _ error: HTTPClientError) {
        if let host = connection.exchange?.request.host { addressCache.removeValue(forKey: host) }
        if let exchange = connection.exchange {
            connection.exchange = nil
            exchange.location = .none
            finish(exchange, .failure(error))
        }
        discard(connection)
    }

    // MARK: Exchanges

    /// Starts sending the connection's exchange on a connected socket.
    private func begin(_ connection: ClientConnection) {
        guard let exchange = connection.exchange else { return }
        connection.phase = .active
        connection.outputOffset = 0
        connection.writeFailed = false
        connection.receivedBytes = false
        connection.input.clear()
        connection.parser = ResponseParser(limits: limits, isHEAD: exchange.request.isHEAD)
        flush(connection)
    }

    /// Sends what the socket takes of the request.
    private func flush(_ connection: ClientConnection) {
        guard let exchange = connection.exchange else { return }
        let bytes = exchange.request.bytes
        while connection.hasPendingOutput {
            let result = bytes.withUnsafeBytes {
                Socket.sendBytes(connection.fd, UnsafeRawBufferPointer(rebasing: $0[connection.outputOffset...]))
            }
            switch result {
            case .transferred(let count):
                connection.outputOffset += count
            case .wouldBlock:
                updateInterest(connection)
                return
            case .endOfFile, .failed:
                // The server closed or reset. It may have answered first (an early error
                // response), so the outcome is decided by reading what it sent.
                connection.writeFailed = true
            }
        }
        updateInterest(connection)
    }

    private func handle(_ event: Poller.Event) {
        // The connection may have been closed by an earlier event of the same batch.
        guard let connection = connections[event.id] else { return }
        switch connection.phase {
        case .connecting:
            connectFinished(connection, failed: event.failed)
        case .idle:
            // End-of-file (the server closed it), a reset, or bytes nobody asked for: unusable.
            discard(connection)
        case .active:
            if event.writable && connection.hasPendingOutput {
                flush(connection)
                guard connections[event.id] === connection else { return }
            }
            // An error or hang-up is read too: the response may precede it in the socket.
            if event.readable || event.failed { receive(connection) }
        }
    }

    private func receive(_ connection: ClientConnection) {
        switch Socket.receiveBytes(connection.fd, into: readBuffer) {
        case .transferred(let count):
            connection.receivedBytes = true
            connection.input.append(UnsafeRawBufferPointer(rebasing: readBuffer[..<count]))
            process(connection)
        case .wouldBlock:
            return
        case .endOfFile:
            endOfInput(connection, errno: nil)
        case .failed(let code):
            endOfInput(connection, errno: code)
        }
    }

    private func process(_ connection: ClientConnection) {
        guard let exchange = connection.exchange else { return }
        switch connection.parser.parse(&connection.input) {
        case .needMore:
            return
        case .response(let response, let keepAlive):
            completed(connection, exchange, response, keepAlive: keepAlive)
        case .failure(let error):
            fail(exchange, error)
        }
    }

    /// The connection ended (end-of-file, or `errno` for a reset) while an exchange was on it.
    private func endOfInput(_ connection: ClientConnection, errno code: Int32?) {
        guard let exchange = connection.exchange else {
            discard(connection)
            return
        }
        // The retry rule: a reused connection that ends before any byte of the response came
        // was most likely closed by the server while idle, as the request went out; the request
        // is sent again, once, on a new connection. Never when a byte arrived (the server
        // answered, so it may have acted), never on a fresh connection, never twice.
        if !connection.receivedBytes && connection.responsesReceived > 0 && !exchange.retried {
            exchange.retried = true
            connection.exchange = nil
            discard(connection, serveWaiting: false)
            exchange.location = .none
            dispatch(exchange)
            return
        }
        let endpoint = connection.key.description
        if let code {
            let reason = Socket.errorText(code)
            fail(
                exchange,
                HTTPClientError(
                    .closed,
                    connection.receivedBytes
                        ? "the connection to \(endpoint) broke inside the response: \(reason)"
                        : "the connection to \(endpoint) broke before a response: \(reason)", errno: code))
            return
        }
        switch connection.parser.endOfInput() {
        case .response(let response, _):
            completed(connection, exchange, response, keepAlive: false)
        case .failure where !connection.receivedBytes:
            fail(exchange, HTTPClientError(.closed, "\(endpoint) closed the connection without sending a response"))
        case .failure(let error):
            fail(exchange, HTTPClientError(error.kind, "\(endpoint): \(error.message)", errno: error.errno))
        case .needMore:
            fail(exchange, HTTPClientError(.closed, "\(endpoint) closed the connection inside the response"))
        }
    }

    /// A response is complete: answer the caller, then reuse or close the connection.
    private func completed(
        _ connection: ClientConnection, _ exchange: ClientExchange, _ response: HTTPResponse, keepAlive: Bool
    ) {
        connection.exchange = nil
        connection.responsesReceived += 1
        exchange.location = .none
        // Reusable only when the framing left the connection in a known state: the whole request
        // went out and nothing beyond the response came in.
        let reusable =
            keepAlive && !exchange.request.closeAfter && !connection.writeFailed
            && connection.outputOffset == exchange.request.bytes.count && connection.input.readableCount == 0
        finish(exchange, .success(response))
        if reusable {
            release(connection)
        } else {
            discard(connection)
        }
    }

    /// Removes the exchange and resumes its caller.
    private func finish(_ exchange: ClientExchange, _ outcome: PendingResponse.Outcome) {
        exchanges.removeValue(forKey: exchange.id)
        exchange.request.pending.complete(outcome)
    }

    /// Fails an exchange wherever it is; a connection carrying it is closed (its state is unknown).
    private func fail(_ exchange: ClientExchange, _ error: HTTPClientError) {
        switch exchange.location {
        case .connection(let id):
            if let connection = connections[id], connection.exchange === exchange {
                connection.exchange = nil
                discard(connection)
            }
        case .queued:
            pools[exchange.key]?.remove(exchange)
        case .resolving, .none:
            break  // a pending lookup skips exchanges no longer in `exchanges`
        }
        exchange.location = .none
        finish(exchange, .failure(error))
    }

    private func updateInterest(_ connection: ClientConnection) {
        guard connection.fd >= 0 else { return }
        let desired = connection.desiredInterest
        if desired != connection.interest {
            connection.interest = desired
            poller.setInterest(desired, fd: connection.fd, id: connection.id)
        }
    }

    // MARK: Deadlines

    /// Fails requests past their deadline, connects past the connect timeout, and closes idle
    /// connections past the idle timeout: O(requests + connections), run only when one is due.
    private func sweep(_ now: UInt64) {
        var next = UInt64.max
        var expiredExchanges: [ClientExchange] = []
        for exchange in exchanges.values {
            if exchange.request.deadline <= now {
                expiredExchanges.append(exchange)
            } else {
                next = min(next, exchange.request.deadline)
            }
        }
        var expiredConnections: [ClientConnection] = []
        for connection in connections.values {
            let deadline =
                switch connection.phase {
                case .connecting: connection.connectDeadline
                case .idle: connection.idleDeadline
                case .active: UInt64(0)
                }
            guard deadline != 0 else { continue }
            if deadline <= now {
                expiredConnections.append(connection)
            } else {
                next = min(next, deadline)
            }
        }
        nextSweep = next
        for exchange in expiredExchanges where exchanges[exchange.id] === exchange {
            let request = exchange.request
            fail(
                exchange,
                HTTPClientError(
                    .timeout, "the request to \(exchange.key.description) timed out after \(request.timeout)"))
        }
        for connection in expiredConnections where connections[connection.id] === connection {
            switch connection.phase {
            case .connecting:
                if let exchange = connection.exchange {
                    let address = connection.addresses[connection.addressIndex]
                    fail(
                        exchange,
                        HTTPClientError(
                            .timeout,
                            "connect to \(connection.key.description) (\(address)) timed out after "
                                + "\(configuration.connectTimeout)"))
                } else {
                    discard(connection)
                }
            case .idle:
                discard(connection)
            case .active:
                break
            }
        }
    }
}
