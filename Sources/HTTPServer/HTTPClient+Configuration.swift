extension HTTPClient {
    /// Timeouts, response size limits and connection-pool sizes.
    public struct Configuration: Sendable, Hashable {
        /// Time allowed for one TCP connect (per address tried); then the request fails with `.timeout`.
        public var connectTimeout: Duration
        /// Time allowed for a whole request: name resolution, waiting for a connection, connect,
        /// sending, the response, and the one retry; `send(..., timeout:)` overrides it per request.
        public var requestTimeout: Duration
        /// Largest response head (status line and fields; also chunked trailers), in bytes.
        public var maxResponseHeadSize: Int
        /// Largest response body, in bytes (after chunked decoding).
        public var maxResponseBodySize: Int
        /// Connections open at once per host and port; further requests wait for one in order.
        public var maxConnectionsPerHost: Int
        /// Idle keep-alive connections kept per host and port for reuse; more are closed.
        public var maxIdleConnectionsPerHost: Int
        /// How long an idle pooled connection is kept before it is closed.
        public var idleConnectionTimeout: Duration
        /// Use poll(2) even where epoll is available (tests exercise both mechanisms).
        var usePoll = false

        /// Creates a configuration; the defaults suit calls to a local endpoint.
        public init(
            connectTimeout: Duration = .seconds(10),
            requestTimeout: Duration = .seconds(60),
            maxResponseHeadSize: Int = 64 * 1024,
            maxResponseBodySize: Int = 32 * 1024 * 1024,
            maxConnectionsPerHost: Int = 256,
            maxIdleConnectionsPerHost: Int = 32,
            idleConnectionTimeout: Duration = .seconds(30)
        ) {
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.maxResponseHeadSize = maxResponseHeadSize
            self.maxResponseBodySize = maxResponseBodySize
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.maxIdleConnectionsPerHost = maxIdleConnectionsPerHost
            self.idleConnectionTimeout = idleConnectionTimeout
        }
    }
}
