extension HTTPServer {
    /// Where to listen and the limits that protect the server from large, slow or idle clients.
    ///
    /// Limits are enforced per connection; a request over a limit is answered with an error
    /// status and its connection is closed.
    public struct Configuration: Sendable, Hashable {
        /// The address to bind: an IPv4 or IPv6 literal or a host name. Loopback unless told otherwise.
        public var host: String
        /// The TCP port; 0 picks a free ephemeral port (read it from `start()`).
        public var port: Int
        /// Largest request line plus header fields, in bytes (also bounds chunked trailers); over it: 431.
        public var maxHeadSize: Int
        /// Largest request body, in bytes, after chunked decoding; over it: 413.
        public var maxBodySize: Int
        /// Time allowed from a request's first byte to the end of its head; then 408 and close.
        public var headerReadTimeout: Duration
        /// Time allowed from the end of a request's head to the end of its body; then 408 and close.
        public var bodyReadTimeout: Duration
        /// How long a kept-alive connection may wait for its next request before it is closed.
        public var idleTimeout: Duration
        /// How long a response may wait for the client to read it (reset on progress); then close.
        public var writeTimeout: Duration
        /// Connections served at once; one more is answered 503 and closed at once.
        public var maxConnections: Int
        /// The `listen(2)` backlog: connections the kernel queues before `accept`.
        public var listenBacklog: Int
        /// Descriptors left free for the rest of the process: nearer the descriptor limit than
        /// this, the server leaves new connections waiting in the backlog (0: accept until EMFILE).
        public var descriptorReserve = 16
        /// The value of the `Server` response field; `nil` sends none.
        public var serverName: String?
        /// Use poll(2) even where epoll is available (tests exercise both mechanisms).
        var usePoll = false
        /// The priority of the handler tasks (nil: the default). Tests raise it: in a full test run
        /// hundreds of tests queue on the cooperative pool, and a server's handler queued behind
        /// them misses its client's timeout.
        package var handlerPriority: TaskPriority? {
            get { handlerPriorityValue.map(TaskPriority.init(rawValue:)) }
            set { handlerPriorityValue = newValue?.rawValue }
        }
        /// `handlerPriority`'s raw value (stored so, `TaskPriority` not being `Hashable`).
        private var handlerPriorityValue: UInt8? = nil

        /// Creates a configuration; every parameter has a default suited to a local API server.
        public init(
            host: String = "127.0.0.1",
            port: Int = 0,
            maxHeadSize: Int = 16 * 1024,
            maxBodySize: Int = 1024 * 1024,
            headerReadTimeout: Duration = .seconds(10),
            bodyReadTimeout: Duration = .seconds(30),
            idleTimeout: Duration = .seconds(60),
            writeTimeout: Duration = .seconds(30),
            maxConnections: Int = 1024,
            listenBacklog: Int = 1024,
            serverName: String? = nil
        ) {
            self.host = host
            self.port = port
            self.maxHeadSize = maxHeadSize
            self.maxBodySize = maxBodySize
            self.headerReadTimeout = headerReadTimeout
            self.bodyReadTimeout = bodyReadTimeout
            self.idleTimeout = idleTimeout
            self.writeTimeout = writeTimeout
            self.maxConnections = maxConnections
            self.listenBacklog = listenBacklog
            self.serverName = serverName
        }
    }
}
