/// A host and port: the unit of connection pooling.
struct HostKey: Hashable {
    /// The host as given by the caller (name or address literal).
    var host: String
    /// The port.
    var port: Int

    /// `host:port`, with brackets around an IPv6 literal, for messages.
    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// The connections to one host and port: idle ones for reuse, the count of open ones against
/// the per-host limit, and the exchanges waiting for a slot; confined to the event-loop thread.
final class HostPool {
    /// Idle keep-alive connections; the most recently used is last and is reused first (it is
    /// the least likely to have been closed by the server meanwhile).
    var idle: [ClientConnection] = []
    /// Connections holding a slot: connecting, active or idle.
    var openCount = 0
    private var waiting: [ClientExchange] = []
    private var waitingHead = 0

    /// Whether exchanges wait for a slot.
    var hasWaiting: Bool { waitingHead < waiting.count }

    /// Queues an exchange for the next free slot.
    func enqueue(_ exchange: ClientExchange) {
        waiting.append(exchange)
    }

    /// The longest-waiting exchange, removed from the queue.
    func dequeue() -> ClientExchange? {
        guard waitingHead < waiting.count else { return nil }
        let exchange = waiting[waitingHead]
        waitingHead += 1
        // Compact now and then so the array does not grow with the history of the queue.
        if waitingHead == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            waitingHead = 0
        } else if waitingHead >= 64 && waitingHead * 2 >= waiting.count {
            waiting.removeSubrange(0..<waitingHead)
            waitingHead = 0
        }
        return exchange
    }

    /// Removes a queued exchange (timed out or cancelled while waiting).
    func remove(_ exchange: ClientExchange) {
        guard let index = waiting[waitingHead...].firstIndex(where: { $0 === exchange }) else { return }
        waiting.remove(at: index)
    }
}
