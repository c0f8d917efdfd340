/// The on-disk format of a journal file (all integers little-endian; NOTES.md has the picture).
///
/// A file is a header, the snapshot's frames, then the frames appended since. A frame is
/// `[payload length: u32][CRC-32C of the length's 4 bytes and the payload: u32][payload]`, and a payload is one or
/// more records, each `[length: u32][bytes]`. The I/O thread writes each group commit as ONE frame with ONE `write`
/// then fsyncs it, so at most the last frame can be unsynced when the power goes: damage followed by an intact frame
/// cannot be a crash's torn tail, which is how recovery tells the two apart.
enum JournalFormat {
    /// "SFNJRNL" and a newline (a newline mangled by a text-mode transfer shows up as a bad magic).
    static let magic: [UInt8] = Array("SFNJRNL\n".utf8)
    /// The format version this code writes and reads.
    static let version: UInt32 = 1
    /// The header's size: magic, version, header length, snapshot records, snapshot end, reserved, CRC.
    static let headerLength = 40
    /// A frame's header: payload length and CRC.
    static let frameHeaderLength = 8
    /// A record's length prefix inside a payload.
    static let recordHeaderLength = 4
    /// The largest payload a frame's 32-bit length can describe.
    static let maximumPayloadLength = Int(UInt32.max)

    /// What the header says.
    struct Header: Equatable {
        /// How many records the snapshot holds (the first records of the file).
        var snapshotRecords: Int
        /// The offset where the snapshot's frames end and appended frames begin.
        var snapshotEnd: Int
    }

    /// The encoded header.
    static func encode(_ header: Header) -> [UInt8] {
        var bytes = magic
        bytes.reserveCapacity(headerLength)
        append(version, to: &bytes)
        append(UInt32(headerLength), to: &bytes)
        append(UInt64(header.snapshotRecords), to: &bytes)
        append(UInt64(header.snapshotEnd), to: &bytes)
        append(UInt32(0), to: &bytes)
        append(CRC32C.checksum(bytes), to: &bytes)
        return bytes
    }

    /// The header at the start of `bytes`, or why it isn't one (the error's message has no path yet).
    static func decodeHeader(_ bytes: UnsafeRawBufferPointer) -> Result<Header, JournalError> {
        func unsupported(_ why: String) -> Result<Header, JournalError> {
            .failure(JournalError(kind: .unsupportedFormat, message: why))
        }
        guard bytes.count >= magic.count, magic.elementsEqual(bytes[0..<magic.count]) else {
            return unsupported("not a journal file (bad magic)")
        }
        guard bytes.count >= headerLength else { return unsupported("truncated header") }
        let version = readUInt32(bytes, at: 8)
        guard version == JournalFormat.version else {
            return unsupported("format version \(version), but this program reads version \(JournalFormat.version)")
        }
        guard readUInt32(bytes, at: 12) == headerLength,
            readUInt32(bytes, at: 36) == CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<36]))
        else { return .failure(.corrupt(path: "", offset: 0, "the header's checksum does not match")) }
        let records = readUInt64(bytes, at: 16)
        let end = readUInt64(bytes, at: 24)
        guard end >= UInt64(headerLength), end <= UInt64(Int.max), records <= UInt64(Int.max) else {
            return .failure(.corrupt(path: "", offset: 0, "the header's snapshot fields are out of range"))
        }
        return .success(Header(snapshotRecords: Int(records), snapshotEnd: Int(end)))
    }

    /// The payload bytes of `records`: each record's length, then its bytes.
    static func payloadLength(of records: [[UInt8]]) -> Int {
        records.reduce(0) { $0 + recordHeaderLength + $1.count }
    }

    /// Appends a frame holding `records` to `bytes`.
    static func appendFrame(_ records: some Sequence<[UInt8]>, to bytes: inout [UInt8]) {
        let start = beginFrame(in: &bytes)
        for record in records {
            appendRecord(record, to: &bytes)
        }
        finishFrame(startingAt: start, in: &bytes)
    }

    /// Appends a frame header to be completed by `finishFrame` once the records follow; returns where it starts.
    static func beginFrame(in bytes: inout [UInt8]) -> Int {
        let start = bytes.count
        append(UInt64(0), to: &bytes)
        return start
    }

    /// Appends one record (its length, then its bytes) to the frame being built.
    static func appendRecord(_ record: [UInt8], to bytes: inout [UInt8]) {
        append(UInt32(record.count), to: &bytes)
        bytes.append(contentsOf: record)
    }

    /// Fills in the length and checksum of the frame that `beginFrame` started at `start`.
    static func finishFrame(startingAt start: Int, in bytes: inout [UInt8]) {
        let length = UInt32(bytes.count - start - frameHeaderLength)
        bytes.withUnsafeMutableBytes { all in
            all.storeBytes(of: length.littleEndian, toByteOffset: start, as: UInt32.self)
            let lengthCRC = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: all[start..<(start + 4)]))
            let crc = CRC32C.checksum(
                UnsafeRawBufferPointer(rebasing: all[(start + frameHeaderLength)...]), continuing: lengthCRC)
            all.storeBytes(of: crc.littleEndian, toByteOffset: start + 4, as: UInt32.self)
        }
    }

    /// What lies at an offset of a file.
    enum Frame {
        /// An intact frame, whose payload is `payload` and which ends at `end`.
        case valid(payload: Range<Int>, end: Int)
        /// Not an intact frame, and why.
        case invalid(String)
    }

    /// Checks the frame at `offset`: complete, checksum matching, payload well-formed.
    static func frame(at offset: Int, in bytes: UnsafeRawBufferPointer) -> Frame {
        let available = bytes.count - offset
        guard available >= frameHeaderLength else {
            return .invalid("\(available) bytes, too few for a frame header")
        }
        let length = Int(readUInt32(bytes, at: offset))
        guard length >= recordHeaderLength else { return .invalid("a frame length of \(length)") }
        guard length <= available - frameHeaderLength else {
            return .invalid("a frame of \(length) bytes, but only \(available - frameHeaderLength) follow")
        }
        let payload = (offset + frameHeaderLength)..<(offset + frameHeaderLength + length)
        let lengthCRC = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 4)]))
        let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[payload]), continuing: lengthCRC)
        guard crc == readUInt32(bytes, at: offset + 4) else { return .invalid("a checksum mismatch") }
        // A matching checksum over a malformed payload means a bug, not a bit flip; either way it is damage.
        var position = payload.lowerBound
        while position < payload.upperBound {
            guard payload.upperBound - position >= recordHeaderLength else {
                return .invalid("a record header cut off by the frame's end")
            }
            let recordLength = Int(readUInt32(bytes, at: position))
            position += recordHeaderLength
            guard recordLength <= payload.upperBound - position else {
                return .invalid("a record running past the frame's end")
            }
            position += recordLength
        }
        return .valid(payload: payload, end: payload.upperBound)
    }

    /// Appends the records of a valid frame's `payload` to `records`.
    static func appendRecords(in payload: Range<Int>, of bytes: UnsafeRawBufferPointer, to records: inout [[UInt8]]) {
        var position = payload.lowerBound
        while position < payload.upperBound {
            let length = Int(readUInt32(bytes, at: position))
            position += recordHeaderLength
            records.append(Array(bytes[position..<(position + length)]))
            position += length
        }
    }

    /// The first offset after `offset` where an intact frame starts, if any: proof that damage at `offset` is not
    /// a torn tail. Candidates whose length runs past the end are rejected before any checksum is computed, so
    /// the scan is quick over the garbage a crash leaves.
    static func nextValidFrame(after offset: Int, in bytes: UnsafeRawBufferPointer) -> Int? {
        var candidate = offset + 1
        while candidate + frameHeaderLength + recordHeaderLength <= bytes.count {
            let length = Int(readUInt32(bytes, at: candidate))
            if length >= recordHeaderLength, length <= bytes.count - candidate - frameHeaderLength,
                case .valid = frame(at: candidate, in: bytes)
            {
                return candidate
            }
            candidate += 1
        }
        return nil
    }

    /// Appends `value` little-endian.
    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends `value` little-endian.
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// The little-endian `UInt32` at `offset`.
    static func readUInt32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// The little-endian `UInt64` at `offset`.
    static func readUInt64(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
