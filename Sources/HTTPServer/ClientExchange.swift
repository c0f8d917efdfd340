/// One request in the client's event loop, from its arrival to its response or failure;
/// confined to the event-loop thread.
final class ClientExchange {
    /// Where the exchange is waiting or running.
    enum Location: Equatable {
        /// Not yet placed, or finished.
        case none
        /// Waiting for a resolver thread to look up its host.
        case resolving
        /// Waiting in its host's queue for a connection slot.
        case queued
        /// On the connection registered under this id.
        case connection(UInt64)
    }

    /// The request as handed over by `HTTPClient.send`.
    let request: ClientRequest
    /// Where it is.
    var location = Location.none
    /// The host's addresses, once resolved.
    var addresses: [SocketAddress] = []
    /// The request was already retried once on a new connection: no second retry.
    var retried = false

    /// Creates the exchange for a request.
    init(_ request: ClientRequest) {
        self.request = request
    }

    /// The id of the request (its `PendingResponse`'s).
    var id: UInt64 { request.pending.id }

    /// The pool key: host and port.
    var key: HostKey { HostKey(host: request.host, port: request.port) }
}
