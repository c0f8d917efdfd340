import JSONCore

/// Where the lines of a text start, to turn byte offsets into line and column.
struct LineTable: Sendable {
    let bytes: [UInt8]
    let starts: [Int]

    init(_ text: String) { self.init(bytes: Array(text.utf8)) }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
        self.starts = starts
    }

    /// The 1-based line and column (in Unicode scalars) of a byte offset.
    func position(ofOffset offset: Int) -> SourcePosition {
        let offset = max(0, min(offset, bytes.count))
        var lo = 0
        var hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = starts[lo]
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourcePosition(line: lo + 1, column: column, offset: offset)
    }

    /// The byte offset of a 1-based line and column, clamped to the text.
    func offset(line: Int, column: Int) -> Int {
        guard line >= 1 else { return 0 }
        guard line <= starts.count else { return bytes.count }
        var i = starts[line - 1]
        var c = 1
        while c < column, i < bytes.count, bytes[i] != 0x0A {
            i += 1
            while i < bytes.count, bytes[i] & 0xC0 == 0x80 { i += 1 }
            c += 1
        }
        return i
    }
}

/// Text assembled from pieces of a source file (strings of a template, a definition file) and
/// values put in their place (references, substitutions), which remembers where each byte came
/// from: a diagnostic at an offset of the text is placed at a line and column of the file.
struct MappedText: Sendable {
    /// Where a run of bytes comes from.
    enum Origin: Sendable, Hashable {
        /// Copied from the source: the run's first byte is at this source offset, the next ones follow it.
        case source(Int)
        /// Put in for something written at this source offset (a `!Ref`, a `${Name}` that was substituted).
        case point(Int)
    }

    struct Mark: Sendable {
        var start: Int
        var origin: Origin
    }

    private(set) var bytes: [UInt8] = []
    private(set) var marks: [Mark] = []

    init() {}

    /// The whole of a source text, each byte from its own offset.
    init(identity text: String) {
        bytes = Array(text.utf8)
        marks = [Mark(start: 0, origin: .source(0))]
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends text put in for something written at source offset `offset`.
    mutating func append(_ text: String, at offset: Int) {
        guard !text.isEmpty else { return }
        mark(.point(offset))
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends `text`, whose bytes come from the source as `runs` say: each run is (offset in
    /// `text`, source offset of that byte), the bytes after it following on until the next run.
    mutating func append(_ text: String, runs: [(Int, Int)]) {
        let base = bytes.count
        bytes.append(contentsOf: text.utf8)
        for (offset, source) in runs where offset < text.utf8.count {
            marks.append(Mark(start: base + offset, origin: .source(source)))
        }
    }

    /// Appends another mapped text.
    mutating func append(_ other: MappedText) {
        let base = bytes.count
        bytes.append(contentsOf: other.bytes)
        for m in other.marks { marks.append(Mark(start: base + m.start, origin: m.origin)) }
    }

    /// The bytes in `range`, with their origins.
    func slice(_ range: Range<Int>) -> MappedText {
        var out = MappedText()
        guard !range.isEmpty else { return out }
        out.bytes = Array(bytes[range])
        out.marks.append(Mark(start: 0, origin: origin(at: range.lowerBound)))
        for m in marks where m.start > range.lowerBound && m.start < range.upperBound {
            out.marks.append(Mark(start: m.start - range.lowerBound, origin: m.origin))
        }
        return out
    }

    /// Where the byte at `offset` comes from.
    func origin(at offset: Int) -> Origin {
        guard !marks.isEmpty else { return .point(0) }
        var lo = 0
        var hi = marks.count - 1
        if offset < marks[0].start { return marks[0].origin }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if marks[mid].start <= offset { lo = mid } else { hi = mid - 1 }
        }
        switch marks[lo].origin {
        case .source(let s): return .source(s + offset - marks[lo].start)
        case .point(let p): return .point(p)
        }
    }

    /// The line and column in the source of the byte at `offset` of this text.
    func sourcePosition(at offset: Int, in lines: LineTable) -> SourcePosition {
        switch origin(at: offset) {
        case .source(let s), .point(let s): return lines.position(ofOffset: s)
        }
    }

    private mutating func mark(_ origin: Origin) {
        if let last = marks.last, last.start == bytes.count {
            marks[marks.count - 1].origin = origin
        } else {
            marks.append(Mark(start: bytes.count, origin: origin))
        }
    }

    // MARK: Placeholders

    /// Every `${...}` in the text: the byte range of the whole placeholder and the name inside.
    func placeholders() -> [(range: Range<Int>, name: String)] {
        var out: [(Range<Int>, String)] = []
        var i = 0
        let n = bytes.count
        while i + 2 < n {
            if bytes[i] == UInt8(ascii: "$"), bytes[i + 1] == UInt8(ascii: "{") {
                var j = i + 2
                while j < n, bytes[j] != UInt8(ascii: "}"), bytes[j] != UInt8(ascii: "{"), bytes[j] != 0x0A { j += 1 }
                if j < n, bytes[j] == UInt8(ascii: "}"), j > i + 2 {
                    out.append((i..<(j + 1), String(decoding: bytes[(i + 2)..<j], as: UTF8.self)))
                    i = j + 1
                    continue
                }
            }
            i += 1
        }
        return out
    }

    /// The text with each `${Name}` that `values` names replaced by its value, as text (as
    /// CloudFormation's `DefinitionSubstitutions` and Terraform's `templatefile` do: nothing is
    /// escaped), again and again while a value put in names another (at most 32 rounds, which only
    /// values that name each other in a cycle reach).
    func substituting(_ values: [String: String]) -> MappedText {
        var text = self
        for _ in 0..<32 {
            let found = text.placeholders().filter { values[$0.name] != nil }
            guard !found.isEmpty else { break }
            var out = MappedText()
            var copied = 0
            for p in found {
                out.append(text.slice(copied..<p.range.lowerBound))
                out.append(values[p.name]!, at: text.anchor(p.range.lowerBound))
                copied = p.range.upperBound
            }
            out.append(text.slice(copied..<text.bytes.count))
            text = out
        }
        return text
    }

    /// The source offset to give text that replaces the bytes from `offset`.
    func anchor(_ offset: Int) -> Int {
        switch origin(at: offset) {
        case .source(let s), .point(let s): return s
        }
    }
}
