/// An error in JSON text, with the position where it was found.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in one sentence.
    public var message: String
    /// Where it is.
    public var position: SourcePosition

    /// Creates an error.
    public init(message: String, position: SourcePosition) {
        self.message = message
        self.position = position
    }

    /// `LINE:COL: message`
    public var description: String { "\(position): \(message)" }
}

/// A fast, iterative parser of JSON text (RFC 8259) into ``JSONValue``.
///
/// It never recurses, so hostile input cannot exhaust the stack; nesting is bounded by
/// ``Options/maxDepth``, every error names a line and column, and work is linear in the input.
public struct JSONParser: Sendable {
    /// What the parser accepts.
    public struct Options: Sendable {
        /// The deepest nesting of arrays and objects accepted.
        public var maxDepth: Int
        /// Whether a repeated object key is an error (otherwise the last value wins, as in Java and JavaScript).
        public var rejectDuplicateKeys: Bool

        /// Creates options.
        public init(maxDepth: Int = 512, rejectDuplicateKeys: Bool = false) {
            self.maxDepth = maxDepth
            self.rejectDuplicateKeys = rejectDuplicateKeys
        }
    }

    /// The options in use.
    public var options: Options

    /// Creates a parser.
    public init(options: Options = Options()) { self.options = options }

    /// Parses JSON text.
    public static func parse(_ text: String, options: Options = Options()) throws(JSONParseError) -> JSONValue {
        try JSONParser(options: options).parse(text)
    }

    /// Parses JSON text.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, JSONParseError> = text.withUTF8 { buffer in
            var state = ParserState(buffer: buffer, options: options, recorder: nil)
            do throws(JSONParseError) {
                return .success(try state.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses JSON text, and says whether some object repeats a key (the last value is kept):
    /// a cheap first look, after which ``parseWithSourceMap(_:)`` locates each repeat
    /// (``JSONSourceMap/duplicateKeys``).
    package func parseNotingDuplicateKeys(_ text: String) throws(JSONParseError) -> (JSONValue, repeats: Bool) {
        var text = text
        let result: Result<(JSONValue, Bool), JSONParseError> = text.withUTF8 { buffer in
            var state = ParserState(buffer: buffer, options: options, recorder: nil)
            do throws(JSONParseError) {
                let value = try state.parseDocument()
                return .success((value, state.sawDuplicateKey))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses UTF-8 bytes.
    public func parse(bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            var state = ParserState(buffer: buffer, options: options, recorder: nil)
            do throws(JSONParseError) {
                return .success(try state.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses the JSON value that is exactly `bytes` (no byte order mark or whitespace around it);
    /// nil when they are not one. For a reader that delimited the value in a larger text and words
    /// that text's errors itself; `maxDepth` counts from the value.
    package func parseValue(exactly bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        var stacks = JSONParserStacks()
        return parseValue(exactly: bytes, stacks: &stacks)
    }

    /// ``parseValue(exactly:)`` building containers on `stacks`, which a reader of many values
    /// keeps from one to the next (strings, numbers, literals and empty containers leave them alone).
    package func parseValue(
        exactly bytes: UnsafeBufferPointer<UInt8>, stacks: inout JSONParserStacks
    ) -> JSONValue? {
        guard let first = bytes.first else { return Optional.none }
        var state = ParserState(buffer: bytes, options: options, recorder: nil)
        do throws(JSONParseError) {
            let value: JSONValue
            // Strings, numbers and literals (most members) without the containers' stacks.
            switch first {
            case UInt8(ascii: "\""): value = .string(try state.parseString(hashing: false).string)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = .number(try state.parseNumber())
            case UInt8(ascii: "t"):
                try state.expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try state.expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try state.expectLiteral("null")
                value = .null
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if bytes.count == 2 && bytes[1] == first + 2 {
                    state.pos = 2
                    value = first == UInt8(ascii: "{") ? .object(JSONObject()) : .array([])
                } else {
                    state.scratch = stacks.scratch
                    defer { stacks.scratch = state.scratch }
                    do {
                        value = try state.parseValueTree(&stacks)
                    } catch {
                        stacks.removeAll()
                        throw error
                    }
                }
            default: return Optional.none
            }
            // (`Optional.none`: a `nil` here could be read as `JSONValue.null`.)
            guard state.pos == state.end else { return Optional.none }
            return value
        } catch {
            return Optional.none
        }
    }

    /// Parses JSON text and records where every value and member starts.
    public func parseWithSourceMap(_ text: String) throws(JSONParseError) -> (JSONValue, JSONSourceMap) {
        var text = text
        let recorder = LocationRecorder()
        let result: Result<JSONValue, JSONParseError> = text.withUTF8 { buffer in
            var state = ParserState(buffer: buffer, options: options, recorder: recorder)
            do throws(JSONParseError) {
                return .success(try state.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        let value = try result.get()
        var map = JSONSourceMap(text: text, offsets: recorder.offsets)
        map.duplicateKeys = recorder.duplicates.map {
            JSONSourceMap.DuplicateKey(
                path: $0.path, first: map.position(ofOffset: $0.first), second: map.position(ofOffset: $0.second))
        }
        return (value, map)
    }

    /// The position of a byte offset in `text` (1-based line and scalar column).
    public static func position(of offset: Int, in text: String) -> SourcePosition {
        var line = 1
        var column = 1
        var i = 0
        for b in text.utf8 {
            if i >= offset { break }
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return SourcePosition(line: line, column: column, offset: offset)
    }
}

/// Where each value of a parsed document starts; for object members, where the key starts.
public struct JSONSourceMap: Sendable {
    private let lineStarts: [Int]
    private let text: [UInt8]
    private let offsets: [FieldPath: Int]

    /// A key an object has twice (the value kept is the last one's).
    package struct DuplicateKey: Sendable {
        /// The member's path (its object's path and the key).
        package var path: FieldPath
        /// Where the key is written first, and where again.
        package var first: SourcePosition, second: SourcePosition
    }

    /// Every repeated key, in document order (the third and later occurrences each pair with the first).
    package var duplicateKeys: [DuplicateKey] = []

    init(text: String, offsets: [FieldPath: Int]) {
        self.text = Array(text.utf8)
        self.offsets = offsets
        var starts = [0]
        for (i, b) in self.text.enumerated() where b == 0x0A { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// The position of the value at `path`, or of its nearest recorded ancestor.
    public func position(of path: FieldPath) -> SourcePosition? {
        var p = path
        while true {
            if let offset = offsets[p] { return position(ofOffset: offset) }
            if p.components.isEmpty { return nil }
            p = p.parent
        }
    }

    /// The exact position recorded for `path`, if any.
    public func exactPosition(of path: FieldPath) -> SourcePosition? {
        offsets[path].map(position(ofOffset:))
    }

    /// The line and column of a byte offset.
    public func position(ofOffset offset: Int) -> SourcePosition {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = lineStarts[lo]
        while i < offset && i < text.count {
            if text[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourcePosition(line: lo + 1, column: column, offset: offset)
    }
}

final class LocationRecorder {
    var offsets: [FieldPath: Int] = [:]
    var path: [FieldPathComponent] = []
    /// For a path recorded again, the offset it had before (a repeated key's first occurrence).
    var earlier: [FieldPath: Int] = [:]
    /// Repeated keys: the member's path and the offsets of its first and repeated key.
    var duplicates: [(path: FieldPath, first: Int, second: Int)] = []
}

struct ParserState {
    let buffer: UnsafeBufferPointer<UInt8>
    let options: JSONParser.Options
    let recorder: LocationRecorder?
    /// The number of bytes.
    let end: Int
    /// Whether short ASCII strings are made from their bytes directly (``JSONBytes/directSmallStrings``).
    let directSmallStrings: Bool
    var pos = 0
    /// Whether some object repeated a key.
    var sawDuplicateKey = false
    /// The innermost open object's keys' marks or'ed, and the bits two of them shared, while
    /// parsing a ``JSONDocument`` (see ``keyMark(_:_:)``).
    var keyMarks: UInt64 = 0
    var keyClashes: UInt64 = 0
    /// The decoded bytes of a string with escapes (made at the first escape, then reused).
    var scratch: ByteBuffer? = nil

    init(buffer: UnsafeBufferPointer<UInt8>, options: JSONParser.Options, recorder: LocationRecorder?) {
        self.buffer = buffer
        self.options = options
        self.recorder = recorder
        self.end = buffer.count
        self.directSmallStrings = JSONBytes.directSmallStrings
    }

    /// The first byte (only read at offsets below `end`, so never dereferenced when empty).
    @inline(__always)
    var base: UnsafePointer<UInt8> { buffer.baseAddress.unsafelyUnwrapped }

    func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
        let offset = offset ?? pos
        var line = 1
        var column = 1
        var i = 0
        while i < offset && i < buffer.count {
            let b = buffer[i]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return JSONParseError(message: message, position: SourcePosition(line: line, column: column, offset: offset))
    }

    @inline(__always)
    mutating func skipWhitespace() {
        if pos < end && buffer[pos] > 0x20 { return }
        skipWhitespaceRun()
    }

    mutating func skipWhitespaceRun() {
        if pos < end { pos = JSONBytes.whitespaceEnd(base, from: pos, to: end) }
    }

    func describe(_ b: UInt8) -> String {
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x" + String(b, radix: 16, uppercase: true)
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        // A UTF-8 byte order mark is tolerated.
        if buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { pos = 3 }
        skipWhitespace()
        if pos >= buffer.count { throw error("the text is empty: expected a JSON value") }
        let value = try parseValueTree()
        skipWhitespace()
        if pos < buffer.count {
            throw error("unexpected \(describe(buffer[pos])) after the end of the JSON value")
        }
        return value
    }

    mutating func record(_ offset: Int) {
        guard let recorder else { return }
        let path = FieldPath(recorder.path)
        if let old = recorder.offsets.updateValue(offset, forKey: path), recorder.earlier[path] == nil {
            recorder.earlier[path] = old
        }
    }

    mutating func parseValueTree() throws(JSONParseError) -> JSONValue {
        var stacks = JSONParserStacks(forDocument: ())
        return try parseValueTree(&stacks)
    }

    /// Parses a value on `stacks` (empty; left empty on return, but not when it throws).
    mutating func parseValueTree(_ stacks: inout JSONParserStacks) throws(JSONParseError) -> JSONValue {
        // The members of every open container live on shared stacks (values, and keys with their
        // hashes and offsets); a container is built once, at its end, with its exact size, its
        // members moved off the stacks.
        if recorder != nil { record(pos) }

        while true {
            // Parse one value (or open a container).
            skipWhitespace()
            guard pos < end else { throw error("unexpected end of input: expected a value") }
            var value: JSONValue
            let b = buffer[pos]
            switch b {
            case UInt8(ascii: "\""):
                value = .string(try parseString(hashing: false).string)
            case UInt8(ascii: "{"):
                if stacks.frames.count >= options.maxDepth {
                    throw error("nesting is deeper than \(options.maxDepth) levels")
                }
                pos += 1
                skipWhitespace()
                if pos < end && buffer[pos] == UInt8(ascii: "}") {
                    pos += 1
                    value = .object(JSONObject())
                } else {
                    stacks.frames.append(
                        JSONParserStacks.Frame(
                            isObject: true, valueStart: stacks.values.count, keyStart: stacks.keys.count))
                    let (key, hash, keyOffset) = try parseKey()
                    if let recorder {
                        recorder.path.append(.key(key))
                        record(keyOffset)
                    }
                    stacks.keys.push(key)
                    stacks.places.push(JSONParserStacks.KeyPlace(hash: hash, offset: keyOffset))
                    continue
                }
            case UInt8(ascii: "["):
                if stacks.frames.count >= options.maxDepth {
                    throw error("nesting is deeper than \(options.maxDepth) levels")
                }
                pos += 1
                skipWhitespace()
                if pos < end && buffer[pos] == UInt8(ascii: "]") {
                    pos += 1
                    value = .array([])
                } else {
                    stacks.frames.append(
                        JSONParserStacks.Frame(
                            isObject: false, valueStart: stacks.values.count, keyStart: stacks.keys.count))
                    if let recorder {
                        recorder.path.append(.index(0))
                        record(pos)
                    }
                    continue
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try parseNumber())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            default:
                throw error(
                    "unexpected \(describe(b)): expected a value (object, array, string, number, true, false or null)")
            }

            // Attach the value to the enclosing containers, closing those that end here.
            while true {
                guard let frame = stacks.frames.last else { return value }
                skipWhitespace()
                if !frame.isObject {
                    stacks.values.push(consume value)
                    guard pos < end else {
                        throw error("unexpected end of input: expected ',' or ']' in an array")
                    }
                    let c = buffer[pos]
                    if c == UInt8(ascii: ",") {
                        pos += 1
                        if let recorder {
                            recorder.path[recorder.path.count - 1] = .index(stacks.values.count - frame.valueStart)
                            skipWhitespace()
                            record(pos)
                        }
                        break
                    } else if c == UInt8(ascii: "]") {
                        pos += 1
                        stacks.frames.removeLast()
                        value = .array(stacks.values.moveOut(from: frame.valueStart))
                        recorder?.path.removeLast()
                        continue
                    } else {
                        throw error("unexpected \(describe(c)) in an array: expected ',' or ']'")
                    }
                } else {
                    // The member's key is the last on the key stack; an earlier equal key keeps its
                    // position and takes this value (the last value wins).
                    let last = stacks.keys.count - 1
                    var existing: Int? = nil
                    if frame.indexSlot >= 0 {
                        existing = stacks.indexes[frame.indexSlot][stacks.keys[last]]
                    } else {
                        let hash = stacks.places[last].hash
                        var i = frame.keyStart
                        while i < last {
                            if stacks.places[i].hash == hash && stacks.keys[i] == stacks.keys[last] {
                                existing = i - frame.keyStart
                                break
                            }
                            i += 1
                        }
                    }
                    if let existing {
                        let keyOffset = stacks.places[last].offset
                        if options.rejectDuplicateKeys {
                            throw error("duplicate key \"\(stacks.keys[last])\" in an object", at: keyOffset)
                        }
                        sawDuplicateKey = true
                        if let recorder {
                            let path = FieldPath(recorder.path)
                            recorder.duplicates.append((path, recorder.earlier[path] ?? keyOffset, keyOffset))
                        }
                        stacks.values[frame.valueStart + existing] = consume value
                        stacks.keys.removeAll(from: last)
                        stacks.places.removeAll(from: last)
                    } else {
                        stacks.values.push(consume value)
                        let count = stacks.keys.count - frame.keyStart
                        if frame.indexSlot >= 0 {
                            stacks.indexes[frame.indexSlot][stacks.keys[last]] = count - 1
                        } else if count > JSONObject.indexThreshold {
                            var index = [String: Int](minimumCapacity: count * 2)
                            for i in frame.keyStart..<stacks.keys.count { index[stacks.keys[i]] = i - frame.keyStart }
                            stacks.indexes.append(index)
                            stacks.frames[stacks.frames.count - 1].indexSlot = stacks.indexes.count - 1
                        }
                    }
                    guard pos < end else {
                        throw error("unexpected end of input: expected ',' or '}' in an object")
                    }
                    let c = buffer[pos]
                    if c == UInt8(ascii: ",") {
                        pos += 1
                        let (nextKey, nextHash, nextOffset) = try parseKey()
                        if let recorder {
                            recorder.path[recorder.path.count - 1] = .key(nextKey)
                            record(nextOffset)
                        }
                        stacks.keys.push(nextKey)
                        stacks.places.push(JSONParserStacks.KeyPlace(hash: nextHash, offset: nextOffset))
                        break
                    } else if c == UInt8(ascii: "}") {
                        pos += 1
                        let closed = stacks.frames.removeLast()
                        let index = closed.indexSlot >= 0 ? stacks.indexes.removeLast() : nil
                        stacks.places.removeAll(from: closed.keyStart)
                        value = .object(
                            JSONObject(
                                uniqueKeys: stacks.keys.moveOut(from: closed.keyStart),
                                values: stacks.values.moveOut(from: closed.valueStart),
                                index: index))
                        recorder?.path.removeLast()
                        continue
                    } else {
                        throw error("unexpected \(describe(c)) in an object: expected ',' or '}'")
                    }
                }
            }
        }
    }

    /// Parses `"key"` and the `:` after it; returns the key, its hash and where it starts.
    @inline(__always)
    mutating func parseKey() throws(JSONParseError) -> (String, UInt64, Int) {
        skipWhitespace()
        guard pos < end else { throw error("unexpected end of input: expected a member name") }
        guard buffer[pos] == UInt8(ascii: "\"") else {
            throw error("unexpected \(describe(buffer[pos])): expected a member name in double quotes")
        }
        let start = pos
        let (key, hash) = try parseString(hashing: true)
        if pos < end && buffer[pos] == UInt8(ascii: ":") {
            pos += 1
            return (key, hash, start)
        }
        skipWhitespace()
        guard pos < end, buffer[pos] == UInt8(ascii: ":") else {
            if pos >= end { throw error("unexpected end of input: expected ':' after member name") }
            throw error("unexpected \(describe(buffer[pos])): expected ':' after member name \"\(key)\"")
        }
        pos += 1
        return (key, hash, start)
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let start = pos
        let matches: Bool = literal.withUTF8Buffer { lit in
            guard pos + count <= end else { return false }
            for i in 0..<count where buffer[pos + i] != lit[i] { return false }
            return true
        }
        guard matches else {
            throw error("invalid literal: expected '\(literal)'", at: start)
        }
        pos += count
    }

    /// Parses a string; with `hashing`, also ``JSONBytes/hash(_:count:readable:)`` of its decoded
    /// bytes (for keys).
    @inline(__always)
    mutating func parseString(hashing: Bool) throws(JSONParseError) -> (string: String, hash: UInt64) {
        let quote = pos
        let start = pos + 1
        // Runs without escapes are found 8 bytes at a time; only runs with non-ASCII bytes are
        // validated as UTF-8.
        let (stop, nonASCII) = JSONBytes.scanString(base, from: start, to: end)
        guard stop < end else { throw error("unterminated string", at: quote) }
        if buffer[stop] == 0x22 {
            pos = stop + 1
            let count = stop - start
            if !nonASCII && count <= 15 && directSmallStrings {
                let (w0, w1) = JSONBytes.shortWords(base + start, count: count, readable: end - start)
                let hash = hashing ? JSONBytes.shortHash(w0, w1, count: count) : 0
                return (JSONBytes.unsafeSmallString(w0, w1, count: count), hash)
            }
            let hash = hashing ? JSONBytes.hash(base + start, count: count, readable: end - start) : 0
            if !nonASCII {
                let s = JSONBytes.asciiString(
                    base + start, count: count, readable: end - start, direct: directSmallStrings)
                return (s, hash)
            }
            if let s = String(validating: UnsafeBufferPointer(start: base + start, count: count), as: UTF8.self) {
                return (s, hash)
            }
            throw error("the string is not valid UTF-8", at: start)
        }
        pos = stop
        return try parseEscapedString(quote: quote, nonASCII: nonASCII, hashing: hashing)
    }

    /// The rest of a string from its first escape (or control character) at `pos`.
    mutating func parseEscapedString(quote: Int, nonASCII: Bool, hashing: Bool) throws(JSONParseError) -> (
        string: String, hash: UInt64
    ) {
        let start = quote + 1
        let nonASCII = try decodeEscapedString(quote: quote, nonASCII: nonASCII)
        let bytes = scratch.unsafelyUnwrapped
        // Bytes from escapes are valid UTF-8 by construction: only raw non-ASCII needs validating.
        let p = UnsafePointer(bytes.base)
        let count = bytes.count
        // The buffer keeps 16 bytes beyond its count.
        let readable = bytes.capacity
        let hash = hashing ? JSONBytes.hash(p, count: count, readable: readable) : 0
        if !nonASCII {
            return (JSONBytes.asciiString(p, count: count, readable: readable, direct: directSmallStrings), hash)
        }
        if let s = String(validating: UnsafeBufferPointer(start: p, count: count), as: UTF8.self) {
            return (s, hash)
        }
        throw error("the string is not valid UTF-8", at: start)
    }

    /// Decodes the rest of a string from its first escape (or control character) at `pos` into
    /// ``scratch`` (from the string's start), leaving `pos` after the closing quote; returns
    /// whether the decoded bytes hold a non-ASCII byte (raw ones are not validated here).
    mutating func decodeEscapedString(quote: Int, nonASCII: Bool) throws(JSONParseError) -> Bool {
        let start = quote + 1
        var nonASCII = nonASCII
        let bytes: ByteBuffer
        if let scratch {
            bytes = scratch
        } else {
            bytes = ByteBuffer()
            scratch = bytes
        }
        bytes.count = 0
        bytes.append(base + start, count: pos - start)
        while pos < end {
            let b = buffer[pos]
            if b == 0x22 {
                pos += 1
                return nonASCII
            }
            if b < 0x20 { throw error("control character \(describe(b)) in a string must be escaped") }
            if b != 0x5C {
                // A run without escapes is copied at once.
                let (stop, runNonASCII) = JSONBytes.scanString(base, from: pos, to: end)
                nonASCII = nonASCII || runNonASCII
                bytes.append(base + pos, count: stop - pos)
                pos = stop
                continue
            }
            pos += 1
            guard pos < end else { break }
            let e = buffer[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): bytes.append(0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C)
            case UInt8(ascii: "/"): bytes.append(0x2F)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by a low one; a lone one becomes U+FFFD.
                    if pos + 1 < end && buffer[pos] == 0x5C && buffer[pos + 1] == UInt8(ascii: "u") {
                        let save = pos
                        pos += 2
                        let low = try parseHex4()
                        if (0xDC00...0xDFFF).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            pos = save
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    scalar = 0xFFFD
                }
                let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                if s.value >= 0x80 { nonASCII = true }
                for unit in UTF8.encode(s)! { bytes.append(unit) }
            default:
                throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: pos - 2)
            }
        }
        throw error("unterminated string", at: quote)
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard pos + 4 <= end else { throw error("incomplete \\u escape in a string") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = buffer[pos]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("invalid hexadecimal digit \(describe(c)) in a \\u escape")
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    /// Powers of ten that doubles hold exactly (the fast path of short decimals).
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]

    @inline(__always)
    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        // Fast path: an integer of at most 18 digits (exact in Int64), or a decimal of at most 15
        // significant digits without exponent (Clinger's fast path: the quotient of two exactly
        // held doubles is the correctly rounded value, as `Double(text)` reads it).
        let start = pos
        var i = pos
        let negative = buffer[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        let digitsStart = i
        var mantissa: UInt64 = 0
        while i < end {
            let d = buffer[i] &- 0x30
            if d > 9 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
        let integerDigits = i - digitsStart
        if integerDigits > 0 && integerDigits <= 18 && (integerDigits == 1 || buffer[digitsStart] != 0x30) {
            if i == end || (buffer[i] != UInt8(ascii: ".") && buffer[i] | 0x20 != UInt8(ascii: "e")) {
                pos = i
                let magnitude = Int64(mantissa)
                return .int(negative ? 0 - magnitude : magnitude)
            }
            if buffer[i] == UInt8(ascii: ".") {
                var j = i + 1
                while j < end {
                    let d = buffer[j] &- 0x30
                    if d > 9 { break }
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    j += 1
                }
                let fractionDigits = j - i - 1
                if fractionDigits > 0 && integerDigits + fractionDigits <= 15
                    && (j == end || buffer[j] | 0x20 != UInt8(ascii: "e"))
                {
                    pos = j
                    let magnitude = Double(mantissa) / ParserState.exactPowersOfTen[fractionDigits]
                    return .double(negative ? -magnitude : magnitude)
                }
            }
        }
        pos = start
        return try parseNumberInFull()
    }

    mutating func parseNumberInFull() throws(JSONParseError) -> JSONNumber {
        let start = pos
        var isInteger = true
        if buffer[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[pos]) else {
            throw error("invalid number: expected a digit after '-'", at: start)
        }
        if buffer[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[pos]) {
                throw error("invalid number: leading zeros are not allowed", at: start)
            }
        } else {
            while pos < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[pos]) { pos += 1 }
        }
        if pos < end && buffer[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard pos < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[pos]) else {
                throw error("invalid number: expected a digit after '.'", at: start)
            }
            while pos < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[pos]) { pos += 1 }
        }
        if pos < end && (buffer[pos] == UInt8(ascii: "e") || buffer[pos] == UInt8(ascii: "E")) {
            isInteger = false
            pos += 1
            if pos < end && (buffer[pos] == UInt8(ascii: "+") || buffer[pos] == UInt8(ascii: "-")) { pos += 1 }
            guard pos < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[pos]) else {
                throw error("invalid number: expected a digit in the exponent", at: start)
            }
            while pos < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[pos]) { pos += 1 }
        }
        if isInteger {
            var negative = false
            var i = start
            if buffer[i] == UInt8(ascii: "-") {
                negative = true
                i += 1
            }
            var value: Int64 = 0
            var overflow = false
            while i < pos {
                let d = Int64(buffer[i] - UInt8(ascii: "0"))
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
                if o1 || o2 {
                    overflow = true
                    break
                }
                value = s
                i += 1
            }
            if !overflow { return .int(value) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<pos]), as: UTF8.self)
        guard let d = Double(text), d.isFinite else {
            throw error("number \(text) is out of range (larger than a 64-bit double)", at: start)
        }
        return .double(d)
    }
}
