#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A request as handed to the client's event loop: serialized, with where and until when.
struct ClientRequest: Sendable {
    /// Where the response goes.
    var pending: PendingResponse
    /// Head and body, ready to send (kept whole for the one retry).
    var bytes: [UInt8]
    /// The request carries `Connection: close`: do not reuse the connection after it.
    var closeAfter: Bool
    /// The request is `HEAD`: the response has no body.
    var isHEAD: Bool
    /// The host as given (name or address literal).
    var host: String
    /// The port.
    var port: Int
    /// Monotonic nanoseconds after which the request fails with `.timeout`.
    var deadline: UInt64
    /// The timeout that set `deadline`, for the error message.
    var timeout: Duration
}

/// Carries commands from any thread to the client's event loop and wakes it through a pipe;
/// the same scheme as the server's `Mailbox` (one pipe write per batch, none after closing).
final class ClientMailbox: Sendable {
    /// Work for the event loop.
    enum Command: Sendable {
        /// Send a request.
        case start(ClientRequest)
        /// The request with this id was cancelled by its task: abandon it.
        case cancel(UInt64)
        /// A resolver thread finished looking up `host`.
        case resolved(host: String, Result<[SocketAddress], HTTPClientError>)
    }

    private struct State {
        var commands: [Command] = []
        var stopRequested = false
        var wakePending = false
        var closed = false
    }

    private let state = Locked(State())
    /// The end of the wake pipe the event loop polls.
    let wakeFD: Int32
    private let wakeWriteFD: Int32

    /// Creates the mailbox and its wake pipe.
    init() throws(HTTPServerError) {
        (wakeFD, wakeWriteFD) = try Socket.makePipe()
    }

    /// Queues a command; false when the loop has shut down (the command is dropped).
    @discardableResult
    func post(_ command: Command) -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            state.commands.append(command)
            wake(&state)
            return true
        }
    }

    /// Asks the event loop to fail what is pending and exit.
    func requestStop() {
        state.withLock { state in
            guard !state.closed else { return }
            state.stopRequested = true
            wake(&state)
        }
    }

    private func wake(_ state: inout State) {
        guard !state.wakePending else { return }
        state.wakePending = true
        var byte: UInt8 = 1
        // Non-blocking; the pipe can never be full since at most one byte is pending.
        _ = write(wakeWriteFD, &byte, 1)
    }

    /// Takes the queued commands and the stop flag (event-loop thread).
    func take() -> (commands: [Command], stopRequested: Bool) {
        // Empty the pipe first: a post after `take` then writes a fresh byte.
        var scratch = (UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &scratch, { read(wakeFD, $0.baseAddress, $0.count) }) > 0 {}
        return state.withLock { state in
            let commands = state.commands
            state.commands = []
            state.wakePending = false
            return (commands, state.stopRequested)
        }
    }

    /// Closes the pipe and returns the commands never taken; later posts are refused
    /// (event-loop thread, at shutdown).
    func close() -> [Command] {
        state.withLock { state in
            guard !state.closed else { return [] }
            state.closed = true
            defer { state.commands = [] }
            Socket.closeDescriptor(wakeFD)
            Socket.closeDescriptor(wakeWriteFD)
            return state.commands
        }
    }
}
