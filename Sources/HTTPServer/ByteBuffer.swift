/// Bytes received on a connection and not yet consumed by the parser.
///
/// Consumed bytes are dropped lazily (when at least half the storage is consumed), so parsing a
/// stream costs amortized O(1) per byte without shifting the array after every request.
struct ByteBuffer {
    /// The storage; bytes before `readIndex` are consumed.
    private(set) var bytes: [UInt8] = []
    /// Index in `bytes` of the first unconsumed byte.
    private(set) var readIndex = 0

    /// Storage kept after the buffer empties; larger buffers (a big body) are released.
    private static let retainedCapacity = 64 * 1024

    /// Number of unconsumed bytes.
    var readableCount: Int { bytes.count - readIndex }

    /// Appends received bytes.
    mutating func append(_ received: UnsafeRawBufferPointer) {
        if readIndex > 0 && readIndex * 2 >= bytes.count {
            bytes.removeSubrange(0..<readIndex)
            readIndex = 0
        }
        bytes.append(contentsOf: received)
    }

    /// Appends bytes (used by tests and the parser's unit tests).
    mutating func append(_ received: [UInt8]) {
        received.withUnsafeBytes { append($0) }
    }

    /// Marks the next `count` bytes as consumed.
    mutating func consume(_ count: Int) {
        readIndex += min(count, readableCount)
        if readIndex == bytes.count {
            bytes.removeAll(keepingCapacity: bytes.capacity <= Self.retainedCapacity)
            readIndex = 0
        }
    }

    /// Discards every unconsumed byte.
    mutating func clear() {
        bytes.removeAll(keepingCapacity: bytes.capacity <= Self.retainedCapacity)
        readIndex = 0
    }
}
