/// Writes JSON text a piece at a time, in exactly the bytes ``JSONWriter`` writes for the whole value,
/// so that a large document (a history of millions of events) is written out as it is produced and
/// never held as one `JSONValue` or one string.
///
/// Open containers with ``beginObject()``/``beginArray()``, name members with ``key(_:)``, write
/// values, close with ``endObject()``/``endArray()``; take the text written so far with
/// ``take(_:)`` at any point (an event boundary is also a UTF-8 boundary).
package struct JSONStreamWriter {
    /// The text written and not yet taken.
    package private(set) var bytes: [UInt8] = []
    /// The layout (pretty or compact, indentation, non-ASCII escapes, Java doubles).
    package let format: JSONWriter
    /// One entry per open container: bit 0 set for an array, bit 1 once it has a member.
    private var open: [UInt8] = []
    /// A scratch buffer for values written whole (reused, so writing allocates nothing once warm).
    private var scratch: [UInt8] = []

    /// A writer in `format`, with room for `capacity` bytes before ``take(_:)``.
    package init(_ format: JSONWriter = .compact, capacity: Int = 1 << 16) {
        self.format = format
        bytes.reserveCapacity(capacity)
        open.reserveCapacity(16)
        scratch.reserveCapacity(256)
    }

    /// Hands the text written so far to `body` and forgets it.
    package mutating func take(_ body: ([UInt8]) throws -> Void) rethrows {
        try body(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// The nesting depth (open containers).
    package var depth: Int { open.count }

    /// Starts an object (as a value: the top-level one, an array element or after ``key(_:)``).
    package mutating func beginObject() {
        element()
        bytes.append(UInt8(ascii: "{"))
        open.append(0)
    }

    /// Ends the innermost object.
    package mutating func endObject() { close(UInt8(ascii: "}")) }

    /// Starts an array.
    package mutating func beginArray() {
        element()
        bytes.append(UInt8(ascii: "["))
        open.append(1)
    }

    /// Ends the innermost array.
    package mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts a member of the innermost object named `name`, which must be ASCII that needs no
    /// escape (the fixed names of an API shape); the member's value is written next.
    package mutating func key(_ name: StaticString) {
        memberPrefix()
        bytes.append(0x22)
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(0x22)
        keySuffix()
    }

    /// Starts a member of the innermost object named `name` (escaped as needed).
    package mutating func key(_ name: String) {
        memberPrefix()
        quoted(name)
        keySuffix()
    }

    /// Starts a member whose name is given as its JSON text, quotes included (made once with
    /// ``JSONWriter/writeString(_:into:escapeNonASCII:)``, for a name written many times).
    package mutating func key(text: [UInt8]) {
        memberPrefix()
        bytes.append(contentsOf: text)
        keySuffix()
    }

    /// Writes a string value.
    package mutating func string(_ s: String) {
        element()
        quoted(s)
    }

    /// Writes a value given as its JSON text (made once, for a value written many times).
    package mutating func value(text: [UInt8]) {
        element()
        bytes.append(contentsOf: text)
    }

    /// Appends `s` quoted and escaped (the writer copies the runs that need no escape at once).
    @inline(__always)
    private mutating func quoted(_ s: String) {
        JSONWriter.writeString(s, into: &bytes, escapeNonASCII: format.escapeNonASCII)
    }

    /// Writes a string value whose characters `body` appends: ASCII that needs no escape (a timestamp).
    package mutating func plainString(_ body: (inout [UInt8]) -> Void) {
        element()
        bytes.append(0x22)
        body(&bytes)
        bytes.append(0x22)
    }

    /// Writes an integer value.
    package mutating func int(_ value: Int) {
        element()
        JSONWriter.writeInteger(Int64(value), into: &bytes)
    }

    /// Writes `value` as ``JSONWriter`` would at this place.
    package mutating func value(_ value: JSONValue) {
        element()
        switch value {
        case .string(let s): quoted(s)
        case .number(.int(let i)): JSONWriter.writeInteger(i, into: &bytes)
        case .array(let a) where !a.isEmpty: nested(value)
        case .object(let o) where !o.isEmpty: nested(value)
        default: format.write(value, into: &bytes)
        }
    }

    /// Writes the JSON text of `value` in `text`'s layout as a string value (how AWS's API shows a
    /// payload: `"{\"a\":1}"`).
    package mutating func jsonText(_ value: JSONValue, as text: JSONWriter) {
        element()
        scratch.removeAll(keepingCapacity: true)
        switch value {
        case .number(.int(let i)): JSONWriter.writeInteger(i, into: &scratch)
        default: text.write(value, into: &scratch)
        }
        if format.escapeNonASCII {
            JSONWriter.writeString(String(decoding: scratch, as: UTF8.self), into: &bytes, escapeNonASCII: true)
            return
        }
        bytes.append(0x22)
        scratch.withUnsafeBufferPointer { JSONWriter.appendEscaped(bytes: $0, into: &bytes) }
        bytes.append(0x22)
    }

    /// A non-empty array or object: written whole, then indented to this depth (every line break of
    /// pretty JSON text is structural: breaks inside strings are escaped).
    private mutating func nested(_ value: JSONValue) {
        guard format.pretty, !open.isEmpty else {
            format.write(value, into: &bytes)
            return
        }
        scratch.removeAll(keepingCapacity: true)
        format.write(value, into: &scratch)
        let indent = open.count * format.indentWidth
        for b in scratch {
            bytes.append(b)
            if b == 0x0A { bytes.append(contentsOf: repeatElement(0x20, count: indent)) }
        }
    }

    /// Before a value: in an array, the comma and line break before the element.
    @inline(__always)
    private mutating func element() {
        guard let last = open.last, last & 1 == 1 else { return }
        if last & 2 != 0 { bytes.append(UInt8(ascii: ",")) }
        open[open.count - 1] = 3
        if format.pretty { newline(open.count) }
    }

    @inline(__always)
    private mutating func memberPrefix() {
        precondition(open.last.map { $0 & 1 == 0 } ?? false, "a key outside an object")
        if open[open.count - 1] & 2 != 0 { bytes.append(UInt8(ascii: ",")) }
        open[open.count - 1] = 2
        if format.pretty { newline(open.count) }
    }

    @inline(__always)
    private mutating func keySuffix() {
        bytes.append(UInt8(ascii: ":"))
        if format.pretty { bytes.append(0x20) }
    }

    private mutating func close(_ bracket: UInt8) {
        guard let last = open.popLast() else { preconditionFailure("nothing to close") }
        if last & 2 != 0, format.pretty { newline(open.count) }
        bytes.append(bracket)
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 64)

    @inline(__always)
    private mutating func newline(_ depth: Int) {
        bytes.append(0x0A)
        var n = depth * format.indentWidth
        while n > 0 {
            let k = min(n, 64)
            JSONStreamWriter.spaces.withUnsafeBufferPointer {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<k]))
            }
            n -= k
        }
    }
}
