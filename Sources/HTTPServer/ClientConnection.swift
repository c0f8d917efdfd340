/// The state of one client connection; owned and touched only by the client's event-loop thread.
final class ClientConnection {
    /// Where the connection is in its life.
    enum Phase: Equatable {
        /// A non-blocking connect is under way.
        case connecting
        /// Carrying an exchange: sending the request and reading the response.
        case active
        /// In its host's pool, waiting to be reused; watched for the server closing it.
        case idle
    }

    /// The id the socket is registered under; a new one per socket (a connect that moves on to
    /// the host's next address gets a fresh id, so a stale event for the old socket finds nothing).
    var id: UInt64 = 0
    /// The socket, or -1 when none is open.
    var fd: Int32 = -1
    /// The pool the connection belongs to.
    let key: HostKey
    /// The current phase.
    var phase = Phase.connecting
    /// The addresses to try, in order, and the one being tried.
    let addresses: [SocketAddress]
    /// Index in `addresses` of the address being connected.
    var addressIndex = 0
    /// The `errno` of the last failed connect attempt, for the error message.
    var lastConnectError: Int32 = 0
    /// Monotonic nanoseconds after which a connect attempt fails; 0 when not connecting.
    var connectDeadline: UInt64 = 0
    /// Monotonic nanoseconds after which an idle connection is closed; 0 when not idle.
    var idleDeadline: UInt64 = 0
    /// The exchange in progress (connecting or active).
    var exchange: ClientExchange?
    /// How many bytes of the exchange's request were sent.
    var outputOffset = 0
    /// Sending failed (the server closed or reset): the outcome now comes from reading.
    var writeFailed = false
    /// Received bytes not yet parsed.
    var input = ByteBuffer()
    /// The response parser of the exchange in progress.
    var parser: ResponseParser
    /// Responses completed on this connection: more than 0 means a reused connection.
    var responsesReceived = 0
    /// Whether any byte of the current exchange's response arrived (decides the retry rule).
    var receivedBytes = false
    /// The interest currently registered with the poller.
    var interest = Poller.Interest()
    /// Set once the connection has given back its pool slot.
    var discarded = false

    /// Creates a connection (no socket yet) for `key`, to be connected to `addresses`.
    init(key: HostKey, addresses: [SocketAddress], limits: ResponseParser.Limits) {
        self.key = key
        self.addresses = addresses
        parser = ResponseParser(limits: limits, isHEAD: false)
    }

    /// Whether request bytes remain to be sent.
    var hasPendingOutput: Bool {
        guard let exchange, !writeFailed else { return false }
        return outputOffset < exchange.request.bytes.count
    }

    /// The interest the phase calls for.
    var desiredInterest: Poller.Interest {
        switch phase {
        case .connecting: .write
        case .active: hasPendingOutput ? [.read, .write] : .read
        case .idle: .read
        }
    }
}
