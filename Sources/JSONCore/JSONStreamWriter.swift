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

    /// Starts the next element of the innermost container, an array, whose separator (comma,
    /// line break and indent) the caller writes itself; gives whether it is the first element.
    package mutating func beginElement() -> Bool {
        precondition(open.last.map { $0 & 1 == 1 } ?? false, "an element outside an array")
        let first = open[open.count - 1] & 2 == 0
        open[open.count - 1] = 3
        return first
    }

    /// Appends text as it is (after ``beginElement()``: the separator and the element's JSON text).
    package mutating func raw(_ text: UnsafeBufferPointer<UInt8>) {
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

/// Writing straight into memory, for a caller that checks the room once for many pieces (the
/// history writer, per event) instead of once per byte.
extension JSONStreamWriter {
    /// The room ``writeInteger(_:to:)`` needs (a sign and 24 bytes: 20 at most are digits, copied 8 at a time).
    package static let maxIntegerCount = 25

    /// The pairs of decimal digits `00` to `99`, two bytes each.
    private static let digitPairs: StaticString =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// Writes `value`'s decimal digits at `p` (``maxIntegerCount`` bytes of room), two digits per
    /// division, and gives how many it wrote.
    @inline(__always)
    package static func writeInteger(_ value: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        if value >= 0 && value < 10 {
            p.pointee = UInt8(truncatingIfNeeded: value) &+ 0x30
            return 1
        }
        var magnitude = value.magnitude
        var sign = 0
        if value < 0 {
            p.pointee = UInt8(ascii: "-")
            sign = 1
        }
        // Backwards into the middle of 48 bytes, then 24 bytes from the first digit copied out as
        // three words (all of them inside the 48).
        var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &buffer) { raw in
            let digits = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let table = digitPairs.utf8Start
            var i = 24
            while magnitude >= 100 {
                let pair = Int(truncatingIfNeeded: magnitude % 100) &* 2
                magnitude /= 100
                i &-= 2
                digits[i] = table[pair]
                digits[i &+ 1] = table[pair &+ 1]
            }
            if magnitude >= 10 {
                let pair = Int(truncatingIfNeeded: magnitude) &* 2
                i &-= 2
                digits[i] = table[pair]
                digits[i &+ 1] = table[pair &+ 1]
            } else {
                i &-= 1
                digits[i] = UInt8(truncatingIfNeeded: magnitude) &+ 0x30
            }
            let from = UnsafeRawPointer(digits + i)
            let to = UnsafeMutableRawPointer(p + sign)
            to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
            (to + 8).storeBytes(of: (from + 8).loadUnaligned(as: UInt64.self), as: UInt64.self)
            (to + 16).storeBytes(of: (from + 16).loadUnaligned(as: UInt64.self), as: UInt64.self)
            return sign &+ 24 &- i
        }
    }

    /// How many bytes ``writeEscaped(_:to:)`` writes for `text`.
    package static func escapedCount(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = text.baseAddress else { return 0 }
        var total = text.count
        var i = JSONBytes.firstEscape(base, from: 0, to: text.count)
        while i < text.count {
            total += JSONBytes.escapeLength(base[i]) - 1
            i = JSONBytes.firstEscape(base, from: i + 1, to: text.count)
        }
        return total
    }

    /// Writes `text` escaped as the inside of a JSON string (no quotes; non-ASCII bytes as they
    /// are) at `p`, which has room for 6 bytes a byte; gives how many it wrote.
    package static func writeEscaped(_ text: UnsafeBufferPointer<UInt8>, to p: UnsafeMutablePointer<UInt8>) -> Int {
        guard let base = text.baseAddress else { return 0 }
        let end = text.count
        var q = p
        var run = 0
        var i = JSONBytes.firstEscape(base, from: 0, to: end)
        while i < end {
            if i > run {
                (q).update(from: base + run, count: i - run)
                q += i - run
            }
            q += JSONBytes.writeEscape(base[i], to: q)
            run = i + 1
            i = JSONBytes.firstEscape(base, from: run, to: end)
        }
        if end > run {
            q.update(from: base + run, count: end - run)
            q += end - run
        }
        return q - p
    }
}
