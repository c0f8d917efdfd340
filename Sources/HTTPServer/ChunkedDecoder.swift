/// Incremental decoder for a `Transfer-Encoding: chunked` request body (RFC 9112 §7.1).
///
/// Chunk extensions are accepted and ignored; trailer fields are read (bounded) and discarded.
struct ChunkedDecoder {
    private enum State {
        /// Expecting a chunk-size line.
        case size
        /// Inside a chunk's data.
        case data(remaining: Int)
        /// Expecting the CRLF after a chunk's data.
        case dataEnd
        /// Reading trailer lines after the last chunk; `size` bytes were read so far.
        case trailers(size: Int)
        case done
    }

    private var state = State.size
    /// Largest decoded body, in bytes.
    let maxBodySize: Int
    /// Largest trailer section, in bytes.
    let maxTrailerSize: Int

    /// Creates a decoder with its limits.
    init(maxBodySize: Int, maxTrailerSize: Int) {
        self.maxBodySize = maxBodySize
        self.maxTrailerSize = maxTrailerSize
    }

    /// Decodes what `buffer` holds, appending chunk data to `body`; true once the body is complete.
    mutating func decode(_ buffer: inout ByteBuffer, into body: inout [UInt8]) throws(RequestError) -> Bool {
        while true {
            switch state {
            case .size:
                let limitError = RequestError.badRequest("chunk size line too long")
                guard let line = try Self.takeLine(&buffer, limit: RequestParser.maxChunkLineLength, error: limitError)
                else { return false }
                let size = try Self.chunkSize(line, available: maxBodySize - body.count)
                state = size == 0 ? .trailers(size: 0) : .data(remaining: size)
            case .data(let remaining):
                let take = min(remaining, buffer.readableCount)
                guard take > 0 else { return false }
                body.append(contentsOf: buffer.bytes[buffer.readIndex..<(buffer.readIndex + take)])
                buffer.consume(take)
                state = take == remaining ? .dataEnd : .data(remaining: remaining - take)
            case .dataEnd:
                guard buffer.readableCount > 0 else { return false }
                let first = buffer.bytes[buffer.readIndex]
                if first == ASCII.lf {
                    buffer.consume(1)
                } else if first == ASCII.cr {
                    guard buffer.readableCount > 1 else { return false }
                    guard buffer.bytes[buffer.readIndex + 1] == ASCII.lf else {
                        throw .badRequest("missing CRLF after chunk data")
                    }
                    buffer.consume(2)
                } else {
                    throw .badRequest("missing CRLF after chunk data")
                }
                state = .size
            case .trailers(let size):
                guard let line = try Self.takeLine(&buffer, limit: maxTrailerSize - size, error: .headTooLarge)
                else { return false }
                if line.isEmpty {
                    state = .done
                    return true
                }
                guard line.allSatisfy({ ($0 >= 0x20 || $0 == ASCII.tab) && $0 != 0x7F }) else {
                    throw .badRequest("control character in trailer field")
                }
                state = .trailers(size: size + line.count + 2)
            case .done:
                return true
            }
        }
    }

    /// Removes one line (without its CRLF or LF) from `buffer`, or returns `nil` if it is incomplete.
    private static func takeLine(
        _ buffer: inout ByteBuffer, limit: Int, error: RequestError
    ) throws(RequestError) -> ArraySlice<UInt8>? {
        let start = buffer.readIndex
        guard let lineFeed = buffer.bytes[start...].firstIndex(of: ASCII.lf) else {
            if buffer.readableCount > limit { throw error }
            return nil
        }
        var end = lineFeed
        if end > start && buffer.bytes[end - 1] == ASCII.cr { end -= 1 }
        if end - start > limit { throw error }
        let line = buffer.bytes[start..<end]
        buffer.consume(lineFeed + 1 - start)
        return line
    }

    /// Parses `chunk-size [ BWS ";" chunk-ext ]`, rejecting sizes over `available`.
    private static func chunkSize(_ line: ArraySlice<UInt8>, available: Int) throws(RequestError) -> Int {
        var size = 0
        var index = line.startIndex
        while index < line.endIndex, let digit = ASCII.hexValue(line[index]) {
            size = size * 16 + digit
            // Checked per digit, so the value stays far below overflow (available <= 2^50).
            if size > available { throw .bodyTooLarge }
            index += 1
        }
        guard index > line.startIndex else { throw .badRequest("invalid chunk size") }
        while index < line.endIndex && (line[index] == ASCII.space || line[index] == ASCII.tab) { index += 1 }
        if index < line.endIndex {
            guard line[index] == UInt8(ascii: ";") else { throw .badRequest("invalid chunk size") }
            guard line[index...].allSatisfy({ ($0 >= 0x20 || $0 == ASCII.tab) && $0 != 0x7F }) else {
                throw .badRequest("control character in chunk extension")
            }
        }
        return size
    }
}
