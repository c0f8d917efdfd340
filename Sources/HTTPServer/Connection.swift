/// The state of one client connection; owned and touched only by the event-loop thread.
final class Connection {
    /// Where the connection is in its request/response cycle.
    enum Phase: Equatable {
        /// Reading a request (head or body); more bytes are wanted.
        case reading
        /// A request is with the handler; nothing is read meanwhile (pipelined bytes wait).
        case handling
        /// Sending a response; then close, or go back to reading.
        case writing(closeAfter: Bool)
        /// Response sent and write side shut: discarding input until the client closes, so the
        /// kernel does not reset the connection (and lose the response) over unread bytes.
        case draining
    }

    /// What the current deadline guards, which decides what happens when it passes.
    enum DeadlineKind {
        /// No deadline (a request is being handled).
        case none
        /// Waiting for a request's first byte: close silently.
        case idle
        /// Reading a request's head: answer 408.
        case head
        /// Reading a request's body: answer 408.
        case body
        /// Waiting for the client to read the response: close.
        case write
        /// Lingering before close: close.
        case drain
    }

    /// Unique for the server's lifetime (unlike the descriptor, which the kernel reuses).
    let id: UInt64
    /// The socket.
    let fd: Int32
    /// The current phase.
    var phase = Phase.reading
    /// Received bytes not yet parsed.
    var input = ByteBuffer()
    /// The request parser (keeps its state across reads).
    var parser: RequestParser
    /// Bytes to send; `outputOffset` of them are already sent.
    var output: [UInt8] = []
    /// How many bytes of `output` were sent.
    var outputOffset = 0
    /// The interest currently registered with the poller.
    var interest = Poller.Interest.read
    /// Monotonic nanoseconds after which the deadline fires; 0 for none.
    var deadline: UInt64 = 0
    /// What the deadline guards.
    var deadlineKind = DeadlineKind.none
    /// The handler task for the request in flight, cancelled if the connection dies first.
    var task: Task<Void, Never>?
    /// How to answer the request in flight.
    var requestIsHEAD = false
    /// Whether the request in flight allows keep-alive.
    var requestKeepAlive = false
    /// The version of the request in flight.
    var requestVersion = HTTPVersion.http1_1
    /// Requests dispatched so far on this connection.
    var requestCount = 0
    /// Bytes discarded while draining.
    var drainedBytes = 0

    /// Creates the state for an accepted socket.
    init(id: UInt64, fd: Int32, limits: RequestParser.Limits) {
        self.id = id
        self.fd = fd
        parser = RequestParser(limits: limits)
    }

    /// Whether unsent output remains.
    var hasPendingOutput: Bool { outputOffset < output.count }

    /// The interest the phase calls for.
    var desiredInterest: Poller.Interest {
        switch phase {
        case .reading: hasPendingOutput ? [.read, .write] : .read
        case .handling: []
        case .writing: .write
        case .draining: .read
        }
    }
}
