#if os(Linux)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #endif

    /// epoll(7), level-triggered, reached through `dlsym`.
    ///
    /// Swift's Glibc module does not export `<sys/epoll.h>` and the package carries no C shim, so
    /// the three calls are looked up at run time and called through `@convention(c)` pointers; the
    /// constants and the `epoll_event` layout are the kernel ABI (packed, 12 bytes, on x86_64; 16
    /// bytes elsewhere). Where the lookup fails (e.g. a static binary) the server falls back to poll.
    final class Epoll {
        private typealias Create = @convention(c) (Int32) -> Int32
        private typealias Control = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
        private typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32

        // Kernel ABI constants (include/uapi/linux/eventpoll.h).
        private static let input: UInt32 = 0x001
        private static let priority: UInt32 = 0x002
        private static let output: UInt32 = 0x004
        private static let error: UInt32 = 0x008
        private static let hangUp: UInt32 = 0x010
        private static let add: Int32 = 1
        private static let delete: Int32 = 2
        private static let modify: Int32 = 3

        #if arch(x86_64)
            private static let eventSize = 12
            private static let dataOffset = 4
        #else
            private static let eventSize = 16
            private static let dataOffset = 8
        #endif
        /// Events fetched per `epoll_wait`; more ready sockets are reported by the next call.
        private static let capacity = 256

        private var fd: Int32
        private let control: Control
        private let waitForEvents: Wait
        private let buffer: UnsafeMutableRawPointer

        /// Creates an epoll instance, or returns `nil` if epoll is unavailable.
        init?() {
            guard let createSymbol = dlsym(nil, "epoll_create1"), let controlSymbol = dlsym(nil, "epoll_ctl"),
                let waitSymbol = dlsym(nil, "epoll_wait")
            else { return nil }
            let create = unsafeBitCast(createSymbol, to: Create.self)
            let fd = create(Int32(O_CLOEXEC))  // EPOLL_CLOEXEC is defined as O_CLOEXEC
            guard fd >= 0 else { return nil }
            self.fd = fd
            control = unsafeBitCast(controlSymbol, to: Control.self)
            waitForEvents = unsafeBitCast(waitSymbol, to: Wait.self)
            buffer = .allocate(byteCount: Self.capacity * Self.eventSize, alignment: 8)
        }

        deinit {
            buffer.deallocate()
            closeDescriptor()
        }

        /// Closes the epoll descriptor (idempotent); the instance must not be used afterwards.
        func closeDescriptor() {
            if fd >= 0 { close(fd) }
            fd = -1
        }

        /// Starts watching `socket` under `id`; false if the kernel refuses (out of memory or watches).
        func add(_ socket: Int32, id: UInt64, interest: Poller.Interest) -> Bool {
            change(Self.add, socket, id: id, interest: interest)
        }

        /// Changes what `socket` is watched for.
        func modify(_ socket: Int32, id: UInt64, interest: Poller.Interest) {
            _ = change(Self.modify, socket, id: id, interest: interest)
        }

        /// Stops watching `socket`.
        func remove(_ socket: Int32) {
            _ = change(Self.delete, socket, id: 0, interest: [])
        }

        private func change(_ operation: Int32, _ socket: Int32, id: UInt64, interest: Poller.Interest) -> Bool {
            var events: UInt32 = 0
            if interest.contains(.read) { events |= Self.input }
            if interest.contains(.write) { events |= Self.output }
            var event = (UInt64(0), UInt64(0))  // 16 bytes: room for either layout
            return withUnsafeMutableBytes(of: &event) { raw in
                raw.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
                raw.storeBytes(of: id, toByteOffset: Self.dataOffset, as: UInt64.self)
                return control(fd, operation, socket, raw.baseAddress) == 0
            }
        }

        /// Waits up to `timeoutMilliseconds` (-1: forever) and appends the ready sockets to `events`.
        func wait(timeoutMilliseconds: Int32, into events: inout [Poller.Event]) {
            let count = waitForEvents(fd, buffer, Int32(Self.capacity), timeoutMilliseconds)
            guard count > 0 else { return }  // timeout, or EINTR: the caller loops anyway
            for index in 0..<Int(count) {
                let base = index * Self.eventSize
                let flags = buffer.loadUnaligned(fromByteOffset: base, as: UInt32.self)
                let id = buffer.loadUnaligned(fromByteOffset: base + Self.dataOffset, as: UInt64.self)
                events.append(
                    Poller.Event(
                        id: id, readable: flags & (Self.input | Self.priority) != 0, writable: flags & Self.output != 0,
                        failed: flags & (Self.error | Self.hangUp) != 0))
            }
        }
    }
#endif
