#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Level-triggered readiness notification: epoll on Linux, poll(2) elsewhere or as a fallback.
///
/// epoll costs O(ready sockets) per wait; poll costs O(open sockets), which is microseconds for
/// a few hundred connections but dominates with a thousand idle keep-alive connections. The
/// poll backend keeps a persistent `pollfd` array (one slot per socket, swapped on removal).
/// Confined to the event-loop thread.
final class Poller {
    /// The readiness a socket is watched for.
    struct Interest: OptionSet, Hashable {
        let rawValue: UInt8
        /// Readable: bytes, end-of-file, or a pending connection on a listener.
        static let read = Interest(rawValue: 1)
        /// Writable: room in the send buffer.
        static let write = Interest(rawValue: 2)
    }

    /// One ready socket, from the last `wait`.
    struct Event {
        /// The id the socket was registered with.
        var id: UInt64
        /// Readable (or end-of-file).
        var readable: Bool
        /// Writable.
        var writable: Bool
        /// Error, hang-up or invalid descriptor: the socket is unusable.
        var failed: Bool
    }

    #if os(Linux)
        private let epoll: Epoll?
    #endif
    private var descriptors: [pollfd] = []
    private var ids: [UInt64] = []
    private var slots: [UInt64: Int] = [:]
    /// The ready sockets found by the last `wait`.
    private(set) var events: [Event] = []

    /// Creates a poller: epoll where available unless `usePoll`, else poll.
    init(usePoll: Bool = false) {
        #if os(Linux)
            epoll = usePoll ? nil : Epoll()
        #endif
    }

    /// The mechanism in use, `"epoll"` or `"poll"` (for tests and diagnostics).
    var mechanism: String {
        #if os(Linux)
            if epoll != nil { return "epoll" }
        #endif
        return "poll"
    }

    /// Releases the epoll descriptor, if any (at shutdown, so `stop()` returns with it closed).
    func close() {
        #if os(Linux)
            epoll?.closeDescriptor()
        #endif
    }

    /// Starts watching `fd` under `id` (ids must be unique); false if the kernel refuses.
    func register(fd: Int32, id: UInt64, interest: Interest) -> Bool {
        #if os(Linux)
            if let epoll { return epoll.add(fd, id: id, interest: interest) }
        #endif
        slots[id] = descriptors.count
        descriptors.append(pollfd(fd: fd, events: Self.pollEvents(interest), revents: 0))
        ids.append(id)
        return true
    }

    /// Changes what the socket `fd`, registered under `id`, is watched for.
    func setInterest(_ interest: Interest, fd: Int32, id: UInt64) {
        #if os(Linux)
            if let epoll { return epoll.modify(fd, id: id, interest: interest) }
        #endif
        guard let slot = slots[id] else { return }
        descriptors[slot].events = Self.pollEvents(interest)
    }

    /// Stops watching the socket `fd` registered under `id` (call before closing it).
    func unregister(fd: Int32, id: UInt64) {
        #if os(Linux)
            if let epoll { return epoll.remove(fd) }
        #endif
        guard let slot = slots.removeValue(forKey: id) else { return }
        let last = descriptors.count - 1
        if slot != last {
            descriptors[slot] = descriptors[last]
            ids[slot] = ids[last]
            slots[ids[slot]] = slot
        }
        descriptors.removeLast()
        ids.removeLast()
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever) and fills `events`.
    func wait(timeoutMilliseconds: Int32) {
        events.removeAll(keepingCapacity: true)
        #if os(Linux)
            if let epoll { return epoll.wait(timeoutMilliseconds: timeoutMilliseconds, into: &events) }
        #endif
        let ready = poll(&descriptors, nfds_t(descriptors.count), timeoutMilliseconds)
        guard ready > 0 else { return }  // timeout, or EINTR: the caller loops anyway
        var remaining = Int(ready)
        let readable = Int16(POLLIN | POLLPRI)
        let writable = Int16(POLLOUT)
        let failed = Int16(POLLERR | POLLHUP | POLLNVAL)
        for slot in descriptors.indices where descriptors[slot].revents != 0 {
            let revents = descriptors[slot].revents
            events.append(
                Event(
                    id: ids[slot], readable: revents & readable != 0, writable: revents & writable != 0,
                    failed: revents & failed != 0))
            remaining -= 1
            if remaining == 0 { break }
        }
    }

    private static func pollEvents(_ interest: Interest) -> Int16 {
        var events: Int16 = 0
        if interest.contains(.read) { events |= Int16(POLLIN) }
        if interest.contains(.write) { events |= Int16(POLLOUT) }
        return events
    }
}
