import JSONCore

/// Finds where a field is in JSON text without building a source map: it walks the text along
/// one path, skipping every value off that path. Diagnostics are few, so locating each one this
/// way costs far less than recording the position of every value of the document.
///
/// A member's position is that of its key (the line and column point at the field's name); an
/// array element's is that of its value. A path that leaves the document resolves to its deepest
/// part that exists. The text is assumed to be JSON that parsed.
struct JSONLocator {
    let bytes: [UInt8]

    init(_ text: String) { bytes = Array(text.utf8) }

    /// The line and column of `path`, or of its nearest ancestor that exists.
    func position(of path: FieldPath) -> SourcePosition? {
        var i = skipSpace(0)
        guard i < bytes.count else { return nil }
        var found = i
        for component in path.components {
            guard i < bytes.count else { break }
            switch component {
            case .key(let key):
                guard bytes[i] == UInt8(ascii: "{"), let (keyOffset, valueOffset) = member(key, inObjectAt: i) else {
                    return position(ofOffset: found)
                }
                found = keyOffset
                i = valueOffset
            case .index(let index):
                guard bytes[i] == UInt8(ascii: "["), let offset = element(index, inArrayAt: i) else {
                    return position(ofOffset: found)
                }
                found = offset
                i = offset
            }
        }
        return position(ofOffset: found)
    }

    /// The offsets of the key and value of member `key` of the object at `start`.
    func member(_ key: String, inObjectAt start: Int) -> (Int, Int)? {
        let wanted = Array(key.utf8)
        var i = skipSpace(start + 1)
        while i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
            let keyStart = i
            let (isWanted, afterKey) = keyMatches(wanted, at: i)
            i = skipSpace(afterKey)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            i = skipSpace(i + 1)
            if isWanted { return (keyStart, i) }
            i = skipSpace(skipValue(i))
            guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { return nil }
            i = skipSpace(i + 1)
        }
        return nil
    }

    /// The offset of element `index` of the array at `start`.
    func element(_ index: Int, inArrayAt start: Int) -> Int? {
        var i = skipSpace(start + 1)
        var n = 0
        while i < bytes.count, bytes[i] != UInt8(ascii: "]") {
            if n == index { return i }
            i = skipSpace(skipValue(i))
            guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { return nil }
            i = skipSpace(i + 1)
            n += 1
        }
        return nil
    }

    func skipSpace(_ start: Int) -> Int {
        var i = start
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        return i
    }

    /// Whether the string at `start` decodes to `wanted`, and the offset after its closing quote. A
    /// key without escapes is compared where it is written (decoding every key of every object on
    /// the way built an array for each).
    func keyMatches(_ wanted: [UInt8], at start: Int) -> (Bool, Int) {
        var i = start + 1
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
            let (name, after) = string(at: start)
            return (name == wanted, after)
        }
        let length = i - start - 1
        guard length == wanted.count else { return (false, i + 1) }
        var k = 0
        while k < length, bytes[start + 1 + k] == wanted[k] { k += 1 }
        return (k == length, i + 1)
    }

    /// The decoded UTF-8 bytes of the string at `start` and the offset after its closing quote.
    func string(at start: Int) -> ([UInt8], Int) {
        var out: [UInt8] = []
        var i = start + 1
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { return (out, i + 1) }
            if b == UInt8(ascii: "\\"), i + 1 < bytes.count {
                let e = bytes[i + 1]
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    // Rare in keys; decode the BMP scalar (pairs and lone surrogates compare as U+FFFD).
                    var v: UInt32 = 0
                    for k in 0..<4 where i + 2 + k < bytes.count { v = v * 16 + UInt32(hex(bytes[i + 2 + k])) }
                    out.append(contentsOf: Array(String(Unicode.Scalar(v).map(Character.init) ?? "\u{FFFD}").utf8))
                    i += 6
                    continue
                default: out.append(e)
                }
                i += 2
                continue
            }
            out.append(b)
            i += 1
        }
        return (out, i)
    }

    func hex(_ b: UInt8) -> Int {
        switch b {
        case 0x30...0x39: return Int(b - 0x30)
        case 0x41...0x46: return Int(b - 0x41 + 10)
        case 0x61...0x66: return Int(b - 0x61 + 10)
        default: return 0
        }
    }

    /// The offset just after the value at `start` (containers skipped with a depth counter, so
    /// deep nesting needs no recursion).
    func skipValue(_ start: Int) -> Int {
        var i = start
        var depth = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""):
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                i += 1
                if depth == 0 { return i }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return i }  // the end of the enclosing container, after a scalar
                depth -= 1
                if depth == 0 { return i + 1 }
            case UInt8(ascii: ","), 0x20, 0x0A, 0x0D, 0x09:
                if depth == 0 { return i }
            default:
                break
            }
            i += 1
        }
        return i
    }

    /// Line and column (in Unicode scalars, from 1) of a byte offset.
    func position(ofOffset offset: Int) -> SourcePosition {
        var line = 1
        var lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        var column = 1
        var i = lineStart
        while i < offset && i < bytes.count {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourcePosition(line: line, column: column, offset: offset)
    }
}
