import JSONCore
internal import YAML

/// A template's text parsed into nodes that know where they are written: YAML through the YAML
/// reader (CloudFormation's short-form tags become their long form), JSON through the JSON parser
/// with a source map, turned into the same nodes.
struct TemplateSource: Sendable {
    /// The document's root.
    let root: YAMLNode
    /// The text's bytes and line starts.
    let lines: LineTable
    /// The file name diagnostics use.
    let fileName: String

    /// Parses `text`: JSON when it starts with `{` (a template in YAML's flow style would have to start
    /// with something else), YAML otherwise.
    static func parse(_ text: String, fileName: String) throws(TemplateError) -> TemplateSource {
        let lines = LineTable(text)
        if TemplateSource.startsLikeJSON(text) {
            do {
                let (value, map) = try JSONParser().parseWithSourceMap(text)
                let root = JSONNodes(bytes: lines.bytes, map: map, lines: lines).node(
                    value, path: .root, offset: TemplateSource.firstNonSpace(lines.bytes))
                return TemplateSource(root: root, lines: lines, fileName: fileName)
            } catch let jsonError {
                throw TemplateError(
                    .malformed, "the template is not valid JSON: \(jsonError.message)",
                    at: DiagnosticLocation(
                        file: fileName, line: jsonError.position.line, column: jsonError.position.column))
            }
        }
        do {
            return TemplateSource(root: try YAMLParser.parse(text), lines: lines, fileName: fileName)
        } catch {
            throw TemplateError(
                .malformed, "the template is not valid YAML: \(error.message)",
                at: DiagnosticLocation(file: fileName, line: error.line, column: error.column))
        }
    }

    /// Whether the first character after white space (and a byte order mark) is `{`.
    static func startsLikeJSON(_ text: String) -> Bool {
        // Over the text's own bytes: copying the first 4,096 into an array went byte by byte
        // (some hundred thousand instructions a file).
        var text = text
        return text.withUTF8 { all in
            let bytes = UnsafeBufferPointer(rebasing: all.prefix(4096))
            let i = firstNonSpace(bytes)
            return i < bytes.count && bytes[i] == UInt8(ascii: "{")
        }
    }

    /// ``startsLikeJSON(_:)`` on a copy of the first 4,096 bytes (the tests' reference).
    static func startsLikeJSONCopying(_ text: String) -> Bool {
        let bytes = Array(text.utf8.prefix(4096))
        let i = firstNonSpace(bytes)
        return i < bytes.count && bytes[i] == UInt8(ascii: "{")
    }

    /// The offset of the first byte after a byte order mark and white space.
    static func firstNonSpace<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Int where Bytes.Index == Int {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        return i
    }

    /// A location in this file for a node.
    func location(_ position: SourcePosition) -> DiagnosticLocation {
        DiagnosticLocation(file: fileName, line: position.line, column: position.column)
    }

    // MARK: Strings, byte by byte

    /// The text of a string scalar with where its bytes are written, so that a position inside the
    /// string can be placed in the file; when the way it is written cannot be followed (a folded or
    /// multi-line flow scalar) every byte is placed at the node.
    func mappedText(_ node: YAMLNode) -> MappedText {
        var out = MappedText()
        guard let scalar = node.scalar else { return out }
        if let runs = runs(of: node, scalar) {
            out.append(scalar.text, runs: runs)
        } else {
            out.append(scalar.text, at: node.position.offset)
        }
        return out
    }

    private func runs(of node: YAMLNode, _ scalar: YAMLScalar) -> [(Int, Int)]? {
        let expected = Array(scalar.text.utf8)
        let start = node.position.offset
        let bytes = lines.bytes
        guard start >= 0, start < bytes.count else { return nil }
        switch scalar.style {
        case .plain:
            guard start + expected.count <= bytes.count, Array(bytes[start..<(start + expected.count)]) == expected
            else { return nil }
            return [(0, start)]
        case .singleQuoted:
            guard bytes[start] == UInt8(ascii: "'") else { return nil }
            var decoded = Runs()
            var i = start + 1
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x0A || b == 0x0D { return nil }
                if b == UInt8(ascii: "'") {
                    guard i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "'") else { break }
                    decoded.append([b], raw: i)
                    decoded.breakRun()
                    i += 2
                    continue
                }
                decoded.append([b], raw: i)
                i += 1
            }
            return decoded.bytes == expected ? decoded.runs : nil
        case .doubleQuoted:
            guard bytes[start] == UInt8(ascii: "\"") else { return nil }
            var decoded = Runs()
            var i = start + 1
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x0A || b == 0x0D { return nil }
                if b == UInt8(ascii: "\"") { break }
                if b == UInt8(ascii: "\\") {
                    guard let (value, length) = TemplateSource.escape(bytes, at: i) else { return nil }
                    decoded.append(value, raw: i)
                    decoded.breakRun()
                    i += length
                    continue
                }
                decoded.append([b], raw: i)
                i += 1
            }
            return decoded.bytes == expected ? decoded.runs : nil
        case .literal:
            // Line k of the text is where the YAML reader says; within a line bytes are as written.
            var runs: [(Int, Int)] = []
            var lineStart = 0
            var line = 1
            var k = 0
            while k <= expected.count {
                if k == expected.count || expected[k] == 0x0A {
                    if k > lineStart || k == expected.count {
                        let inText = SourcePosition(line: line, column: 1, offset: lineStart)
                        if let p = node.sourcePosition(inText: inText) { runs.append((lineStart, p.offset)) }
                    }
                    line += 1
                    lineStart = k + 1
                }
                k += 1
            }
            return runs.isEmpty ? nil : runs
        case .folded:
            return nil
        }
    }

    /// A double-quoted escape at `i` (JSON's and YAML's): its UTF-8 bytes and its length as written.
    static func escape(_ bytes: [UInt8], at i: Int) -> ([UInt8], Int)? {
        guard i + 1 < bytes.count else { return nil }
        let e = bytes[i + 1]
        func utf8(_ v: UInt32) -> [UInt8]? { Unicode.Scalar(v).map { Array(String($0).utf8) } }
        func hex(_ from: Int, _ count: Int) -> UInt32? {
            guard from + count <= bytes.count else { return nil }
            var v: UInt32 = 0
            for k in from..<(from + count) {
                let c = bytes[k]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: return nil
                }
                v = v * 16 + d
            }
            return v
        }
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: " "): return ([e], 2)
        case UInt8(ascii: "b"): return ([0x08], 2)
        case UInt8(ascii: "f"): return ([0x0C], 2)
        case UInt8(ascii: "n"): return ([0x0A], 2)
        case UInt8(ascii: "r"): return ([0x0D], 2)
        case UInt8(ascii: "t"), 0x09: return ([0x09], 2)
        case UInt8(ascii: "0"): return ([0x00], 2)
        case UInt8(ascii: "a"): return ([0x07], 2)
        case UInt8(ascii: "v"): return ([0x0B], 2)
        case UInt8(ascii: "e"): return ([0x1B], 2)
        case UInt8(ascii: "N"): return utf8(0x85).map { ($0, 2) }
        case UInt8(ascii: "_"): return utf8(0xA0).map { ($0, 2) }
        case UInt8(ascii: "L"): return utf8(0x2028).map { ($0, 2) }
        case UInt8(ascii: "P"): return utf8(0x2029).map { ($0, 2) }
        case UInt8(ascii: "x"): return hex(i + 2, 2).flatMap(utf8).map { ($0, 4) }
        case UInt8(ascii: "U"): return hex(i + 2, 8).flatMap(utf8).map { ($0, 10) }
        case UInt8(ascii: "u"):
            guard let high = hex(i + 2, 4) else { return nil }
            if (0xD800..<0xDC00).contains(high), i + 11 < bytes.count, bytes[i + 6] == UInt8(ascii: "\\"),
                bytes[i + 7] == UInt8(ascii: "u"), let low = hex(i + 8, 4), (0xDC00..<0xE000).contains(low)
            {
                return utf8(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).map { ($0, 12) }
            }
            return (utf8(high) ?? Array("\u{FFFD}".utf8), 6)
        default: return nil
        }
    }

    /// Decoded bytes and the runs that say where they are written.
    private struct Runs {
        var bytes: [UInt8] = []
        var runs: [(Int, Int)] = []
        private var continues = false

        mutating func append(_ decoded: [UInt8], raw: Int) {
            if let last = runs.last, continues, last.1 + (bytes.count - last.0) == raw {
                // The run goes on.
            } else {
                runs.append((bytes.count, raw))
            }
            continues = true
            bytes.append(contentsOf: decoded)
        }

        /// The next byte starts a run of its own (after an escape, written longer than it reads).
        mutating func breakRun() { continues = false }
    }
}

/// Turns a parsed JSON document and its source map into nodes with positions.
private struct JSONNodes {
    let bytes: [UInt8]
    let map: JSONSourceMap
    let lines: LineTable

    func node(_ value: JSONValue, path: FieldPath, offset: Int) -> YAMLNode {
        let position = lines.position(ofOffset: offset)
        switch value {
        case .object(let o):
            var entries: [YAMLMappingEntry] = []
            entries.reserveCapacity(o.count)
            for (key, member) in o {
                let childPath = path.appending(key)
                let keyOffset = map.exactPosition(of: childPath)?.offset ?? offset
                let valueOffset = self.valueOffset(afterKeyAt: keyOffset)
                entries.append(
                    YAMLMappingEntry(
                        key: key, keyPosition: lines.position(ofOffset: keyOffset),
                        value: node(member, path: childPath, offset: valueOffset)))
            }
            return YAMLNode(.mapping(entries), position: position)
        case .array(let items):
            var nodes: [YAMLNode] = []
            nodes.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                let childPath = path.appending(i)
                nodes.append(node(item, path: childPath, offset: map.exactPosition(of: childPath)?.offset ?? offset))
            }
            return YAMLNode(.sequence(nodes), position: position)
        case .string(let s):
            return YAMLNode(.scalar(YAMLScalar(text: s, style: .doubleQuoted, value: value)), position: position)
        default:
            return YAMLNode(
                .scalar(YAMLScalar(text: JSONWriter.compact.string(value), style: .plain, value: value)),
                position: position)
        }
    }

    /// The offset of a member's value: past its key string, the colon and white space.
    func valueOffset(afterKeyAt start: Int) -> Int {
        var i = start
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return start }
        i += 1
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
        i += 1
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: ":") { i += 1 }
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        return i
    }
}
