/// Writes ``JSONValue``s as JSON text, compact or pretty.
///
/// Pretty output is the package's canonical form: two-space indentation, `"key": value`, one array
/// element per line, `[]`/`{}` when empty, `/` unescaped, numbers as JavaScript prints them (so
/// `2.0` is written `2`), and non-ASCII characters as UTF-8.
public struct JSONWriter: Sendable {
    /// Whether to indent and break lines.
    public var pretty: Bool
    /// Spaces per indentation level in pretty mode.
    public var indentWidth: Int
    /// Whether to escape every non-ASCII character as `\uXXXX`.
    public var escapeNonASCII: Bool
    /// Whether to print doubles as Java's `Double.toString` does (`0.0`, `1.0E21`), as AWS's
    /// history events do; integers are unaffected.
    public var javaDoubles: Bool = false

    /// Creates a writer.
    public init(pretty: Bool = false, indentWidth: Int = 2, escapeNonASCII: Bool = false) {
        self.pretty = pretty
        self.indentWidth = indentWidth
        self.escapeNonASCII = escapeNonASCII
    }

    /// Compact output with no whitespace, as AWS prints inputs and outputs.
    public static let compact = JSONWriter()
    /// Two-space pretty output, the canonical form.
    public static let pretty = JSONWriter(pretty: true)
    /// Compact output with doubles as Java prints them (`0.0`): the text of AWS history payloads.
    public static let compactJava: JSONWriter = {
        var w = JSONWriter()
        w.javaDoubles = true
        return w
    }()

    /// A number as Java's `Double.toString` prints a double (`0.0`, `3.3`, `1.0E7`, `1.0E-4`).
    public static func javaString(_ n: JSONNumber) -> String {
        guard case .double(let d) = n, d.isFinite else { return n.description }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let magnitude = abs(d)
        if magnitude >= 1e-3 && magnitude < 1e7 {
            let text = JSONNumber.javaScriptString(d)
            return text.contains(".") ? text : text + ".0"
        }
        let (negative, digits, exponent) = JSONNumber.shortestDigits(d)
        var out = negative ? "-" : ""
        out += String(digits.prefix(1)) + "."
        out += digits.count > 1 ? String(digits.dropFirst()) : "0"
        out += "E\(exponent - 1)"
        return out
    }

    /// The JSON text of `value`.
    public func string(_ value: JSONValue) -> String {
        var out = [UInt8]()
        out.reserveCapacity(256)
        write(value, into: &out, depth: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the JSON text of `value` to `out` as UTF-8.
    public func write(_ value: JSONValue, into out: inout [UInt8]) {
        write(value, into: &out, depth: 0)
    }

    /// The number of UTF-8 bytes of the compact JSON text of `value`, without building it.
    public static func compactByteCount(_ value: JSONValue) -> Int {
        compactByteCount(value, depth: 0)
    }

    private static func compactByteCount(_ value: JSONValue, depth: Int) -> Int {
        if depth >= recursionDepth {
            // Deep values: count with an explicit stack (see `writeDeep`).
            var total = 0
            var stack = [value]
            while let v = stack.popLast() {
                switch v {
                case .array(let a):
                    total += 2 + max(0, a.count - 1)
                    stack.append(contentsOf: a)
                case .object(let o):
                    total += 2 + max(0, o.count - 1)
                    for k in o.keys { total += escapedByteCount(k) + 1 }
                    stack.append(contentsOf: o.values)
                default: total += compactByteCount(v, depth: 0)
                }
            }
            return total
        }
        switch value {
        case .null: return 4
        case .bool(let b): return b ? 4 : 5
        case .number(let n): return n.description.utf8.count
        case .string(let s): return escapedByteCount(s)
        case .array(let a):
            var total = 2 + max(0, a.count - 1)
            for e in a { total += compactByteCount(e, depth: depth + 1) }
            return total
        case .object(let o):
            var total = 2 + max(0, o.count - 1)
            for (k, v) in o { total += escapedByteCount(k) + 1 + compactByteCount(v, depth: depth + 1) }
            return total
        }
    }

    static func escapedByteCount(_ s: String) -> Int {
        // Over the contiguous bytes, eight at a time between escapes: iterating `s.utf8` cost ~37
        // instructions a byte (a byte at a time, ~6), and the simulator counts every state's
        // output this way once it may be near the payload limit.
        var s = s
        return s.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return 2 }
            let n = bytes.count
            var total = 2 + n
            var i = JSONBytes.firstEscape(base, from: 0, to: n)
            while i < n {
                total += JSONBytes.escapeLength(base[i]) - 1
                i = JSONBytes.firstEscape(base, from: i + 1, to: n)
            }
            return total
        }
    }

    private func newline(_ out: inout [UInt8], _ depth: Int) {
        out.append(0x0A)
        let n = depth * indentWidth
        if n > 0 { out.append(contentsOf: repeatElement(0x20, count: n)) }
    }

    /// The depth past which values are written by ``writeDeep(_:into:depth:)``: recursion is
    /// faster, but a value built outside the parser's depth limit (50,000 levels) would overflow
    /// the stack (`../shared/reliability` F11).
    static let recursionDepth = 256

    package func write(_ value: JSONValue, into out: inout [UInt8], depth: Int) {
        if depth >= JSONWriter.recursionDepth {
            writeDeep(value, into: &out, depth: depth)
            return
        }
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(.int(let i)): JSONWriter.writeInteger(i, into: &out)
        case .number(let n): out.append(contentsOf: (javaDoubles ? JSONWriter.javaString(n) : n.description).utf8)
        case .string(let s): JSONWriter.writeString(s, into: &out, escapeNonASCII: escapeNonASCII)
        case .array(let a):
            if a.isEmpty {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, e) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { newline(&out, depth + 1) }
                write(e, into: &out, depth: depth + 1)
            }
            if pretty { newline(&out, depth) }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            if o.isEmpty {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            let keys = o._keys
            let values = o._values
            for i in 0..<keys.count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { newline(&out, depth + 1) }
                JSONWriter.writeString(keys[i], into: &out, escapeNonASCII: escapeNonASCII)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(0x20) }
                write(values[i], into: &out, depth: depth + 1)
            }
            if pretty { newline(&out, depth) }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// One open array or object of ``writeDeep(_:into:depth:)``: its members, and the next one to write.
    private struct Frame {
        let keys: [String]?
        let values: [JSONValue]
        var next = 0
    }

    /// Writes `value` with an explicit stack instead of recursion, for values of any depth.
    private func writeDeep(_ value: JSONValue, into out: inout [UInt8], depth base: Int) {
        var stack: [Frame] = []
        var pending: JSONValue? = value
        while true {
            if let v = pending {
                pending = nil
                switch v {
                case .array(let a) where !a.isEmpty:
                    out.append(UInt8(ascii: "["))
                    stack.append(Frame(keys: nil, values: a))
                case .object(let o) where !o.isEmpty:
                    out.append(UInt8(ascii: "{"))
                    stack.append(Frame(keys: o.keys, values: o.values))
                default:
                    // Scalars and empty containers never recurse.
                    write(v, into: &out, depth: 0)
                }
            }
            guard var frame = stack.popLast() else { return }
            let depth = base + stack.count
            if frame.next == frame.values.count {
                if pretty { newline(&out, depth) }
                out.append(UInt8(ascii: frame.keys == nil ? "]" : "}"))
                continue
            }
            if frame.next > 0 { out.append(UInt8(ascii: ",")) }
            if pretty { newline(&out, depth + 1) }
            if let keys = frame.keys {
                JSONWriter.writeString(keys[frame.next], into: &out, escapeNonASCII: escapeNonASCII)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(0x20) }
            }
            pending = frame.values[frame.next]
            frame.next += 1
            stack.append(frame)
        }
    }

    /// Appends an integer's decimal digits without making a string.
    @inline(__always)
    static func writeInteger(_ value: Int64, into out: inout [UInt8]) {
        if value >= 0 && value < 10 {
            out.append(UInt8(truncatingIfNeeded: value) &+ 0x30)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: JSONStreamWriter.maxIntegerCount) { room in
            let n = JSONStreamWriter.writeInteger(Int(value), to: room.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: room[0..<n]))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `s` as a quoted, escaped JSON string.
    public static func writeString(_ s: String, into out: inout [UInt8], escapeNonASCII: Bool = false) {
        out.append(0x22)
        if escapeNonASCII {
            for unit in s.utf16 {
                if unit >= 0x80 {
                    appendUnicodeEscape(unit, into: &out)
                } else if unit < 0x20 || unit == 0x22 || unit == 0x5C {
                    appendEscaped(UInt8(unit), into: &out)
                } else {
                    out.append(UInt8(unit))
                }
            }
            out.append(0x22)
            return
        }
        // Runs without escapes are found 8 bytes at a time and copied at once.
        let written: Void? = s.utf8.withContiguousStorageIfAvailable { appendEscaped(bytes: $0, into: &out) }
        if written == nil {
            var copy = s
            copy.withUTF8 { appendEscaped(bytes: $0, into: &out) }
        }
        out.append(0x22)
    }

    /// Appends UTF-8 bytes with `"`, `\` and control characters escaped (no quotes around them).
    @inline(__always)
    package static func appendEscaped(bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        guard let p = bytes.baseAddress else { return }
        let end = bytes.count
        var run = 0
        var i = JSONBytes.firstEscape(p, from: 0, to: end)
        while i < end {
            if i > run { out.append(contentsOf: UnsafeBufferPointer(start: p + run, count: i - run)) }
            appendEscaped(p[i], into: &out)
            run = i + 1
            i = JSONBytes.firstEscape(p, from: run, to: end)
        }
        if end > run { out.append(contentsOf: UnsafeBufferPointer(start: p + run, count: end - run)) }
    }

    /// Appends the escape of `b`, a byte `JSONBytes.firstEscape` stops at.
    @inline(__always)
    private static func appendEscaped(_ b: UInt8, into out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 6) { q in
            let n = JSONBytes.writeEscape(b, to: q.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: q[0..<n]))
        }
    }

    private static func appendUnicodeEscape(_ unit: UInt16, into out: inout [UInt8]) {
        out.append(0x5C)
        out.append(UInt8(ascii: "u"))
        out.append(hexDigits[Int(unit >> 12) & 0xF])
        out.append(hexDigits[Int(unit >> 8) & 0xF])
        out.append(hexDigits[Int(unit >> 4) & 0xF])
        out.append(hexDigits[Int(unit) & 0xF])
    }
}
