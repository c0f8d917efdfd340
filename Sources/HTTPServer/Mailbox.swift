#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Carries finished responses (and the stop request) from any thread to the event-loop thread,
/// and wakes it through a pipe that the loop polls.
///
/// The pipe is written at most once per batch (`wakePending`), and only under the lock while the
/// mailbox is open, so a late handler can never write to a closed, possibly reused, descriptor.
final class Mailbox: Sendable {
    /// A handler's response for the request in flight on a connection.
    struct Delivery: Sendable {
        /// The connection the response belongs to.
        var connectionID: UInt64
        /// The response.
        var response: HTTPResponse
    }

    private struct State {
        var deliveries: [Delivery] = []
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

    /// Queues a response for the event loop (dropped once the loop has shut down).
    func post(_ delivery: Delivery) {
        state.withLock { state in
            guard !state.closed else { return }
            state.deliveries.append(delivery)
            wake(&state)
        }
    }

    /// Asks the event loop to shut down.
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

    /// Takes the queued deliveries and the stop flag (event-loop thread).
    func take() -> (deliveries: [Delivery], stopRequested: Bool) {
        // Empty the pipe first: a post after `take` then writes a fresh byte.
        var scratch = (UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &scratch, { read(wakeFD, $0.baseAddress, $0.count) }) > 0 {}
        return state.withLock { state in
            let deliveries = state.deliveries
            state.deliveries = []
            state.wakePending = false
            return (deliveries, state.stopRequested)
        }
    }

    /// Closes the pipe; later posts are dropped (event-loop thread, at shutdown).
    func close() {
        state.withLock { state in
            guard !state.closed else { return }
            state.closed = true
            state.deliveries = []
            Socket.closeDescriptor(wakeFD)
            Socket.closeDescriptor(wakeWriteFD)
        }
    }
}
