/// A candidate implicit ("simple") key: a token that becomes a mapping key if a ':' follows it on
/// the same line. The scanner only learns this later, so it remembers where to insert the KEY token.
struct SimpleKey {
    /// The number (counted from the start of the stream) of the token the key starts at.
    var tokenNumber: Int
    /// Whether the key sits at the current block indentation, so that a missing ':' is an error.
    var required: Bool
    var mark: Mark
}

/// Turns YAML text into tokens, making block structure explicit.
///
/// This follows the design of the YAML reference scanners (libyaml, PyYAML): indentation changes
/// become `blockMappingStart` / `blockSequenceStart` / `blockEnd` tokens, and `key` tokens are
/// inserted back into the queue when a ':' shows that a scalar (or flow collection) was a key.
/// It works with explicit stacks, never recursion, and every loop consumes input, so no input
/// can exhaust the stack or make it hang.
struct YAMLScanner {
    let bytes: [UInt8]
    let count: Int
    let source: YAMLSource
    let maxDepth: Int

    var index: Int
    var line = 1
    var lineStart: Int

    /// Tokens scanned but not yet taken; `tokens[head...]` is the queue.
    var tokens: [YAMLToken] = []
    /// The texts tokens refer to; valid for a taken token until the next call to the scanner.
    var strings: [String] = []
    var head = 0
    var tokensTaken = 0
    var done = false
    /// Whether the last token appended was a quoted scalar or a flow collection's end, after
    /// which a ':' in flow context is a value indicator even without a space (`{"a":1}`).
    var lastWasJSONLike = false
    /// Whether the current document has begun (`---` or content): directives are read only before.
    var inDocument = false

    var flowLevel = 0
    var indent = -1
    var indents: [Int] = []
    var allowSimpleKey = true
    /// The candidate simple key of each flow level (index 0 is block context).
    var simpleKeys: [SimpleKey?] = [nil]
    /// The levels that have a candidate, so that checks cost the number of candidates, not the
    /// nesting depth (one long line inside 500 open brackets must not make every token slow).
    var activeLevels: [Int] = []

    init(source: YAMLSource, maxDepth: Int) {
        self.source = source
        self.bytes = source.bytes
        self.count = source.bytes.count
        self.maxDepth = maxDepth
        self.index = source.bodyStart
        self.lineStart = source.bodyStart
        let mark = Mark(offset: index, line: 1, lineStart: lineStart)
        tokens.append(YAMLToken(.streamStart, start: mark, end: mark))
    }

    // MARK: - Queue

    /// The next token, without taking it.
    mutating func peekToken() throws(YAMLError) -> YAMLToken {
        try fill()
        return tokens[head]
    }

    /// The kind of the next token, without taking it.
    mutating func peekKind() throws(YAMLError) -> YAMLToken.Kind {
        try fill()
        return tokens[head].kind
    }

    /// Takes the next token.
    mutating func nextToken() throws(YAMLError) -> YAMLToken {
        try fill()
        let token = tokens[head]
        head += 1
        tokensTaken += 1
        return token
    }

    /// The text of a token (empty when it has none).
    func value(_ token: YAMLToken) -> String { token.valueIndex >= 0 ? strings[Int(token.valueIndex)] : "" }
    /// The handle of a tag or `%TAG` token (empty when it has none).
    func handle(_ token: YAMLToken) -> String { token.handleIndex >= 0 ? strings[Int(token.handleIndex)] : "" }

    private mutating func store(_ text: String) -> Int32 {
        strings.append(text)
        return Int32(truncatingIfNeeded: strings.count - 1)
    }

    private mutating func fill() throws(YAMLError) {
        if head == tokens.count && head > 0 {
            // Everything was taken (and read): start the queue afresh.
            tokens.removeAll(keepingCapacity: true)
            strings.removeAll(keepingCapacity: true)
            head = 0
        }
        while try needMoreTokens() { try fetchMoreTokens() }
        if head == tokens.count {
            // Past the end: keep answering "end of stream".
            tokens.append(YAMLToken(.streamEnd, start: mark, end: mark))
        }
    }

    private mutating func needMoreTokens() throws(YAMLError) -> Bool {
        if done { return false }
        if head == tokens.count { return true }
        // A pending simple key at the head of the queue may still get a KEY token in front of it.
        try staleSimpleKeys()
        return nextPossibleSimpleKey() == tokensTaken
    }

    private mutating func append(_ token: YAMLToken) {
        tokens.append(token)
        switch token.kind {
        case .streamStart, .versionDirective, .tagDirective, .reservedDirective, .streamEnd: break
        case .documentEnd: inDocument = false
        default: inDocument = true
        }
        lastWasJSONLike =
            token.kind == .scalar
            ? token.style != .plain : token.kind == .flowSequenceEnd || token.kind == .flowMappingEnd
    }

    private mutating func append(_ kind: YAMLToken.Kind, from start: Mark) {
        append(YAMLToken(kind, start: start, end: mark))
    }

    // MARK: - Characters

    var mark: Mark { Mark(offset: index, line: line, lineStart: lineStart) }
    var column: Int { index - lineStart }

    @inline(__always) func peek(_ k: Int = 0) -> UInt8 {
        let i = index + k
        return i < count ? bytes[i] : 0
    }

    @inline(__always) static func isBreak(_ c: UInt8) -> Bool { c == 0x0A || c == 0x0D }
    /// Space, tab, line break, or the end of the input (0: NUL is rejected before scanning).
    @inline(__always) static func isBlankOrEnd(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0
    }
    @inline(__always) static func isFlowIndicator(_ c: UInt8) -> Bool {
        c == UInt8(ascii: ",") || c == UInt8(ascii: "[") || c == UInt8(ascii: "]") || c == UInt8(ascii: "{")
            || c == UInt8(ascii: "}")
    }

    /// Consumes one line break (LF, CR LF or CR) and starts a new line.
    @inline(__always) mutating func consumeLineBreak() {
        if bytes[index] == 0x0D {
            index += 1
            if index < count && bytes[index] == 0x0A { index += 1 }
        } else {
            index += 1
        }
        line += 1
        lineStart = index
    }

    /// Whether a `---` or `...` marker starts here (column 0, followed by a blank or the end).
    func atDocumentMarker() -> Bool {
        guard column == 0, index + 2 < count else { return false }
        let c = bytes[index]
        guard c == UInt8(ascii: "-") || c == UInt8(ascii: ".") else { return false }
        return bytes[index + 1] == c && bytes[index + 2] == c && YAMLScanner.isBlankOrEnd(peek(3))
    }

    func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    func error(_ kind: YAMLError.Kind, _ message: String, at mark: Mark, related: Mark? = nil) -> YAMLError {
        var source = self.source
        let relatedPosition = related.map { source.position($0) }
        return YAMLError(kind, message, at: source.position(mark), related: relatedPosition)
    }

    /// `'x'` for a printable ASCII character, else its code point.
    func describeCharacter(at offset: Int) -> String {
        guard offset < count else { return "the end of the text" }
        let c = bytes[offset]
        if c == 0x09 { return "a tab character" }
        if c == 0x20 { return "a space" }
        if c < 0x20 || c == 0x7F { return "U+\(YAMLSource.hex(Int(c), width: 4))" }
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        var end = offset + 1
        while end < count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        return "'\(string(offset..<end))'"
    }

    // MARK: - Fetching

    private mutating func fetchMoreTokens() throws(YAMLError) {
        try scanToNextToken()
        try staleSimpleKeys()
        try unwindIndent(column)
        if index >= count {
            try fetchStreamEnd()
            return
        }
        let c = bytes[index]
        switch c {
        case UInt8(ascii: "%") where column == 0 && !inDocument:
            try fetchDirective()
        case UInt8(ascii: "-") where atDocumentMarker():
            try fetchDocumentIndicator(.documentStart)
        case UInt8(ascii: ".") where atDocumentMarker():
            try fetchDocumentIndicator(.documentEnd)
        case UInt8(ascii: "["):
            try fetchFlowCollectionStart(.flowSequenceStart)
        case UInt8(ascii: "{"):
            try fetchFlowCollectionStart(.flowMappingStart)
        case UInt8(ascii: "]"):
            try fetchFlowCollectionEnd(.flowSequenceEnd)
        case UInt8(ascii: "}"):
            try fetchFlowCollectionEnd(.flowMappingEnd)
        case UInt8(ascii: ","):
            try fetchFlowEntry()
        case UInt8(ascii: "-") where YAMLScanner.isBlankOrEnd(peek(1)):
            try fetchBlockEntry()
        case UInt8(ascii: "?") where YAMLScanner.isBlankOrEnd(peek(1)):
            try fetchKey()
        case UInt8(ascii: ":") where isValueIndicator():
            try fetchValue()
        case UInt8(ascii: "*"):
            try fetchAnchor(.alias)
        case UInt8(ascii: "&"):
            try fetchAnchor(.anchor)
        case UInt8(ascii: "!"):
            try fetchTag()
        case UInt8(ascii: "|") where flowLevel == 0:
            try fetchBlockScalar(folded: false)
        case UInt8(ascii: ">") where flowLevel == 0:
            try fetchBlockScalar(folded: true)
        case UInt8(ascii: "'"):
            try fetchFlowScalar(double: false)
        case UInt8(ascii: "\""):
            try fetchFlowScalar(double: true)
        default:
            guard isPlainStart(c) else {
                if c == UInt8(ascii: "@") || c == UInt8(ascii: "`") {
                    throw error(
                        .syntax,
                        "'\(Character(Unicode.Scalar(c)))' is reserved and cannot start a plain scalar; quote the value",
                        at: mark)
                }
                throw error(.syntax, "\(describeCharacter(at: index)) cannot start a token here", at: mark)
            }
            try fetchPlain()
        }
    }

    /// A ':' is a value indicator when a blank follows; in flow context also before a flow
    /// indicator, or right after a JSON-like key (`{"a":1}`).
    private func isValueIndicator() -> Bool {
        let next = peek(1)
        if YAMLScanner.isBlankOrEnd(next) { return true }
        guard flowLevel > 0 else { return false }
        if YAMLScanner.isFlowIndicator(next) { return true }
        return lastWasJSONLike
    }

    private func isPlainStart(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
            let next = peek(1)
            return !YAMLScanner.isBlankOrEnd(next) && !(flowLevel > 0 && YAMLScanner.isFlowIndicator(next))
        case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
            UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
            UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
            UInt8(ascii: "`"), 0x20, 0x09, 0x0A, 0x0D:
            return false
        default:
            return true
        }
    }

    /// Skips spaces, comments and line breaks up to the next token.
    private mutating func scanToNextToken() throws(YAMLError) {
        // Whether only spaces precede us on this line (we are in its indentation); worked out
        // only when a tab shows up, so long lines are not rescanned for every token.
        var inIndentation: Bool?
        while true {
            while index < count {
                let c = bytes[index]
                if c == 0x20 {
                    index += 1
                } else if c == 0x09 {
                    if flowLevel == 0 && inIndentation == nil {
                        inIndentation = bytes[lineStart..<index].allSatisfy { $0 == 0x20 }
                    }
                    if flowLevel == 0 && inIndentation == true {
                        // A tab may separate tokens, but it may not indent a line that holds one.
                        var j = index
                        while j < count && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
                        if j < count && bytes[j] != UInt8(ascii: "#") && !YAMLScanner.isBreak(bytes[j]) {
                            throw error(
                                .tabIndentation,
                                "a tab character is used for indentation; YAML indents with spaces only",
                                at: mark)
                        }
                    }
                    index += 1
                } else {
                    break
                }
            }
            if peek() == UInt8(ascii: "#") {
                while index < count && !YAMLScanner.isBreak(bytes[index]) { index += 1 }
            }
            guard index < count, YAMLScanner.isBreak(bytes[index]) else { return }
            consumeLineBreak()
            inIndentation = true
            if flowLevel == 0 { allowSimpleKey = true }
        }
    }

    // MARK: - Simple keys

    private func nextPossibleSimpleKey() -> Int? {
        var best: Int?
        for level in activeLevels {
            if let key = simpleKeys[level], best == nil || key.tokenNumber < best! { best = key.tokenNumber }
        }
        return best
    }

    private mutating func clearSimpleKey(at level: Int) {
        simpleKeys[level] = nil
        if let i = activeLevels.lastIndex(of: level) { activeLevels.remove(at: i) }
    }

    /// Drops candidate keys that can no longer be keys: implicit keys fit on one line and in 1024 characters.
    private mutating func staleSimpleKeys() throws(YAMLError) {
        var i = activeLevels.count - 1
        while i >= 0 {
            let level = activeLevels[i]
            if let key = simpleKeys[level], key.mark.line != line || index - key.mark.offset > 1024 {
                if key.required { throw missingColon(key) }
                simpleKeys[level] = nil
                activeLevels.remove(at: i)
            }
            i -= 1
        }
    }

    private func missingColon(_ key: SimpleKey) -> YAMLError {
        error(.syntax, "expected ':' after this mapping key (each line of a mapping is 'key: value')", at: key.mark)
    }

    private mutating func saveSimpleKey() throws(YAMLError) {
        guard allowSimpleKey else { return }
        let required = flowLevel == 0 && indent == column
        try removeSimpleKey()
        simpleKeys[flowLevel] = SimpleKey(
            tokenNumber: tokensTaken + tokens.count - head, required: required, mark: mark)
        activeLevels.append(flowLevel)
    }

    private mutating func removeSimpleKey() throws(YAMLError) {
        guard let key = simpleKeys[flowLevel] else { return }
        if key.required { throw missingColon(key) }
        clearSimpleKey(at: flowLevel)
    }

    // MARK: - Indentation

    private mutating func unwindIndent(_ column: Int) throws(YAMLError) {
        guard flowLevel == 0 else { return }
        while indent > column {
            append(.blockEnd, from: mark)
            indent = indents.removeLast()
        }
    }

    private mutating func addIndent(_ column: Int, at mark: Mark) throws(YAMLError) -> Bool {
        guard indent < column else { return false }
        indents.append(indent)
        indent = column
        if indents.count > maxDepth {
            throw error(.tooDeep, "block collections are nested deeper than \(maxDepth) levels", at: mark)
        }
        return true
    }

    // MARK: - Token kinds

    private mutating func fetchStreamEnd() throws(YAMLError) {
        try unwindIndent(-1)
        try removeSimpleKey()
        allowSimpleKey = false
        for level in activeLevels { simpleKeys[level] = nil }
        activeLevels.removeAll()
        append(.streamEnd, from: mark)
        done = true
    }

    private mutating func fetchDocumentIndicator(_ kind: YAMLToken.Kind) throws(YAMLError) {
        try unwindIndent(-1)
        try removeSimpleKey()
        allowSimpleKey = false
        let start = mark
        index += 3
        append(kind, from: start)
    }

    private mutating func fetchFlowCollectionStart(_ kind: YAMLToken.Kind) throws(YAMLError) {
        try saveSimpleKey()
        let start = mark
        flowLevel += 1
        if flowLevel > maxDepth {
            throw error(.tooDeep, "flow collections are nested deeper than \(maxDepth) levels", at: start)
        }
        if simpleKeys.count <= flowLevel { simpleKeys.append(nil) }
        allowSimpleKey = true
        index += 1
        append(kind, from: start)
    }

    private mutating func fetchFlowCollectionEnd(_ kind: YAMLToken.Kind) throws(YAMLError) {
        guard flowLevel > 0 else {
            throw error(.syntax, "\(describeCharacter(at: index)) closes no flow collection", at: mark)
        }
        try removeSimpleKey()
        flowLevel -= 1
        allowSimpleKey = false
        let start = mark
        index += 1
        append(kind, from: start)
    }

    private mutating func fetchFlowEntry() throws(YAMLError) {
        allowSimpleKey = true
        try removeSimpleKey()
        let start = mark
        index += 1
        append(.flowEntry, from: start)
    }

    private mutating func fetchBlockEntry() throws(YAMLError) {
        let start = mark
        guard flowLevel == 0 else {
            throw error(.syntax, "a block sequence entry '- ' cannot appear inside a flow collection", at: start)
        }
        guard allowSimpleKey else {
            throw error(
                .syntax, "a sequence entry '- ' is not allowed here (start the sequence on a new line)", at: start)
        }
        if try addIndent(column, at: start) { append(.blockSequenceStart, from: start) }
        allowSimpleKey = true
        try removeSimpleKey()
        index += 1
        append(.blockEntry, from: start)
    }

    private mutating func fetchKey() throws(YAMLError) {
        let start = mark
        if flowLevel == 0 {
            guard allowSimpleKey else { throw error(.syntax, "a mapping key '?' is not allowed here", at: start) }
            if try addIndent(column, at: start) { append(.blockMappingStart, from: start) }
        }
        allowSimpleKey = flowLevel == 0
        try removeSimpleKey()
        index += 1
        append(.key, from: start)
    }

    private mutating func fetchValue() throws(YAMLError) {
        let start = mark
        if let key = simpleKeys[flowLevel] {
            // The candidate was a key after all: put KEY (and maybe BLOCK-MAPPING-START) before it.
            clearSimpleKey(at: flowLevel)
            let position = head + key.tokenNumber - tokensTaken
            tokens.insert(YAMLToken(.key, start: key.mark, end: key.mark), at: position)
            if flowLevel == 0, try addIndent(key.mark.column, at: key.mark) {
                tokens.insert(YAMLToken(.blockMappingStart, start: key.mark, end: key.mark), at: position)
            }
            allowSimpleKey = false
        } else {
            if flowLevel == 0 {
                guard allowSimpleKey else {
                    throw error(
                        .syntax,
                        "':' is not allowed here (quote a value that contains ': ', or check the indentation)",
                        at: start)
                }
                if try addIndent(column, at: start) { append(.blockMappingStart, from: start) }
            }
            allowSimpleKey = flowLevel == 0
            try removeSimpleKey()
        }
        index += 1
        append(.value, from: start)
    }

    private mutating func fetchAnchor(_ kind: YAMLToken.Kind) throws(YAMLError) {
        try saveSimpleKey()
        allowSimpleKey = false
        let start = mark
        index += 1
        let nameStart = index
        while index < count && !YAMLScanner.isBlankOrEnd(bytes[index]) && !YAMLScanner.isFlowIndicator(bytes[index]) {
            index += 1
        }
        guard index > nameStart else {
            let sigil = kind == .alias ? "*" : "&"
            throw error(.syntax, "expected a name after '\(sigil)'", at: start)
        }
        var token = YAMLToken(kind, start: start, end: mark)
        token.valueIndex = store(string(nameStart..<index))
        append(token)
    }

    private mutating func fetchTag() throws(YAMLError) {
        try saveSimpleKey()
        allowSimpleKey = false
        let start = mark
        index += 1
        var token = YAMLToken(.tag, start: start, end: start)
        if peek() == UInt8(ascii: "<") {
            // Verbatim: !<tag:example.com,2024:x>
            index += 1
            let uriStart = index
            while index < count && bytes[index] != UInt8(ascii: ">") && !YAMLScanner.isBlankOrEnd(bytes[index]) {
                index += 1
            }
            guard peek() == UInt8(ascii: ">"), index > uriStart else {
                throw error(.invalidTag, "a verbatim tag '!<...>' must end with '>'", at: start)
            }
            token.valueIndex = store(try percentDecoded(uriStart..<index, tagStart: start))
            index += 1
        } else if YAMLScanner.isBlankOrEnd(peek()) || YAMLScanner.isFlowIndicator(peek()) {
            token.handleIndex = store("!")  // the non-specific tag '!'
        } else {
            let nameStart = index
            var secondBang: Int?
            while index < count && YAMLScanner.isTagCharacter(bytes[index]) {
                if bytes[index] == UInt8(ascii: "!") {
                    guard secondBang == nil else {
                        throw error(.invalidTag, "a tag may hold at most one handle ('!name!suffix')", at: start)
                    }
                    secondBang = index
                }
                index += 1
            }
            if let bang = secondBang {
                let handle = "!" + string(nameStart..<(bang + 1))
                guard bang + 1 < index else {
                    throw error(.invalidTag, "the tag '\(handle)' has no name after its handle", at: start)
                }
                token.handleIndex = store(handle)
                token.valueIndex = store(try percentDecoded((bang + 1)..<index, tagStart: start))
            } else {
                token.handleIndex = store("!")
                token.valueIndex = store(try percentDecoded(nameStart..<index, tagStart: start))
            }
        }
        let next = peek()
        guard YAMLScanner.isBlankOrEnd(next) || (flowLevel > 0 && YAMLScanner.isFlowIndicator(next)) else {
            throw error(.invalidTag, "expected a space after the tag, found \(describeCharacter(at: index))", at: mark)
        }
        token.end = mark
        append(token)
    }

    /// Tag text with `%XX` escapes decoded.
    private func percentDecoded(_ range: Range<Int>, tagStart: Mark) throws(YAMLError) -> String {
        guard bytes[range].contains(UInt8(ascii: "%")) else { return string(range) }
        var out: [UInt8] = []
        var i = range.lowerBound
        while i < range.upperBound {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < range.upperBound, let hi = YAMLScanner.hexValue(bytes[i + 1]),
                    let lo = YAMLScanner.hexValue(bytes[i + 2])
                else { throw error(.invalidTag, "a '%' in a tag must be followed by two hex digits", at: tagStart) }
                out.append(UInt8(hi * 16 + lo))
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A URI character allowed in a tag shorthand (YAML 1.2 ns-tag-char, plus '!' for the handle);
    /// non-ASCII bytes are let through rather than demanding %-escapes.
    static func isTagCharacter(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), 0x80...0xFF:
            return true
        default:
            return "-#;/?:@&=+$_.~*'()!%".utf8.contains(c)
        }
    }

    static func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(c - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(c - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }

    private mutating func fetchDirective() throws(YAMLError) {
        try unwindIndent(-1)
        try removeSimpleKey()
        allowSimpleKey = false
        let start = mark
        index += 1
        let name = scanWord()
        switch name {
        case "YAML":
            skipInlineSpaces()
            let version = scanWord()
            let parts = version.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && Int($0) != nil })
            else { throw error(.syntax, "malformed %YAML directive: expected a version like 1.2", at: start) }
            guard parts[0] == "1" else {
                throw error(.syntax, "unsupported YAML version \(version); this reader reads YAML 1.x", at: start)
            }
            var token = YAMLToken(.versionDirective, start: start, end: mark)
            token.valueIndex = store(version)
            append(token)
        case "TAG":
            skipInlineSpaces()
            let handle = scanWord()
            skipInlineSpaces()
            let prefix = scanWord()
            guard handle.hasPrefix("!"), handle.hasSuffix("!"), !prefix.isEmpty else {
                throw error(.syntax, "malformed %TAG directive: expected '%TAG !handle! prefix'", at: start)
            }
            var token = YAMLToken(.tagDirective, start: start, end: mark)
            token.handleIndex = store(handle)
            token.valueIndex = store(prefix)
            append(token)
        case "":
            throw error(.syntax, "expected a directive name after '%'", at: start)
        default:
            // Reserved directives are to be ignored (YAML 1.2, 6.8); the token keeps the parser
            // expecting '---' after them.
            while index < count && !YAMLScanner.isBreak(bytes[index]) { index += 1 }
            append(.reservedDirective, from: start)
        }
        skipInlineSpaces()
        if peek() == UInt8(ascii: "#") {
            while index < count && !YAMLScanner.isBreak(bytes[index]) { index += 1 }
        }
        guard index >= count || YAMLScanner.isBreak(bytes[index]) else {
            throw error(.syntax, "unexpected \(describeCharacter(at: index)) after a directive", at: mark)
        }
    }

    private mutating func scanWord() -> String {
        let start = index
        while index < count && !YAMLScanner.isBlankOrEnd(bytes[index]) { index += 1 }
        return string(start..<index)
    }

    private mutating func skipInlineSpaces() {
        while index < count && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
    }

    // MARK: - Scalars

    private mutating func fetchPlain() throws(YAMLError) {
        try saveSimpleKey()
        allowSimpleKey = false
        append(scanPlain())
    }

    private mutating func fetchFlowScalar(double: Bool) throws(YAMLError) {
        try saveSimpleKey()
        allowSimpleKey = false
        append(try scanQuoted(double: double))
    }

    private mutating func fetchBlockScalar(folded: Bool) throws(YAMLError) {
        allowSimpleKey = true
        try removeSimpleKey()
        append(try scanBlockScalar(folded: folded))
    }

    /// A plain (unquoted) scalar, possibly over several lines, which fold into single spaces.
    private mutating func scanPlain() -> YAMLToken {
        let start = mark
        var end = start
        let minIndent = indent + 1
        var out: [UInt8] = []
        var firstChunk = 0..<0
        var chunks = 0
        // Separation before the next chunk: in-line whitespace, or a line fold (0 = one space, k = k newlines).
        var pendingSpaces = 0..<0
        var pendingBreaks = -1
        while true {
            if peek() == UInt8(ascii: "#") { break }
            var length = 0
            while true {
                let c = peek(length)
                if YAMLScanner.isBlankOrEnd(c) { break }
                if c == UInt8(ascii: ":") {
                    let next = peek(length + 1)
                    if YAMLScanner.isBlankOrEnd(next) || (flowLevel > 0 && YAMLScanner.isFlowIndicator(next)) { break }
                } else if flowLevel > 0 && YAMLScanner.isFlowIndicator(c) {
                    break
                }
                length += 1
            }
            if length == 0 { break }
            allowSimpleKey = false
            let chunk = index..<(index + length)
            if chunks == 0 {
                firstChunk = chunk
            } else {
                if chunks == 1 { out.append(contentsOf: bytes[firstChunk]) }
                if pendingBreaks == 0 {
                    out.append(0x20)
                } else if pendingBreaks > 0 {
                    out.append(contentsOf: repeatElement(0x0A, count: pendingBreaks))
                } else {
                    out.append(contentsOf: bytes[pendingSpaces])
                }
                out.append(contentsOf: bytes[chunk])
            }
            chunks += 1
            index += length
            end = mark
            // Whitespace after the chunk.
            let spaceStart = index
            while index < count && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
            if index < count && YAMLScanner.isBreak(bytes[index]) {
                consumeLineBreak()
                allowSimpleKey = true
                if atDocumentMarker() { break }
                var breaks = 0
                var endsHere = false
                while true {
                    while index < count && bytes[index] == 0x20 { index += 1 }
                    if index < count && bytes[index] == 0x09 {
                        var j = index
                        while j < count && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
                        if j >= count || YAMLScanner.isBreak(bytes[j]) {
                            index = j  // a blank line holding tabs
                        } else if flowLevel > 0 || column >= minIndent {
                            index = j  // tabs separating the indentation from the text
                            break
                        } else {
                            break  // a tab in the indentation: the next token reports it
                        }
                    }
                    guard index < count, YAMLScanner.isBreak(bytes[index]) else { break }
                    consumeLineBreak()
                    breaks += 1
                    if atDocumentMarker() {
                        endsHere = true
                        break
                    }
                }
                if endsHere { break }
                pendingBreaks = breaks
            } else if index > spaceStart {
                pendingBreaks = -1
                pendingSpaces = spaceStart..<index
            } else {
                break
            }
            if peek() == UInt8(ascii: "#") { break }
            if flowLevel == 0 && column < minIndent { break }
        }
        var token = YAMLToken(.scalar, start: start, end: end)
        token.valueIndex = store(chunks <= 1 ? string(firstChunk) : String(decoding: out, as: UTF8.self))
        token.style = .plain
        return token
    }

    /// A single- or double-quoted scalar.
    private mutating func scanQuoted(double: Bool) throws(YAMLError) -> YAMLToken {
        let start = mark
        let quote: UInt8 = double ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        index += 1
        var out: [UInt8] = []
        while true {
            // Text up to whitespace, an escape, or the closing quote.
            var runStart = index
            while true {
                guard index < count else { throw unterminatedQuote(start, double: double) }
                let c = bytes[index]
                if c == quote {
                    if !double && peek(1) == quote {
                        out.append(contentsOf: bytes[runStart..<(index + 1)])
                        index += 2
                        runStart = index
                        continue
                    }
                    break
                }
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { break }
                if double && c == UInt8(ascii: "\\") {
                    out.append(contentsOf: bytes[runStart..<index])
                    try scanEscape(into: &out)
                    runStart = index
                    continue
                }
                index += 1
            }
            out.append(contentsOf: bytes[runStart..<index])
            if bytes[index] == quote {
                index += 1
                break
            }
            // Whitespace: kept inside a line, folded across line breaks.
            let spaceStart = index
            while index < count && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
            guard index < count else { throw unterminatedQuote(start, double: double) }
            if YAMLScanner.isBreak(bytes[index]) {
                consumeLineBreak()
                let breaks = try scanQuotedBreaks(start, double: double)
                if breaks == 0 {
                    out.append(0x20)
                } else {
                    out.append(contentsOf: repeatElement(0x0A, count: breaks))
                }
            } else {
                out.append(contentsOf: bytes[spaceStart..<index])
            }
        }
        var token = YAMLToken(.scalar, start: start, end: mark)
        token.valueIndex = store(String(decoding: out, as: UTF8.self))
        token.style = double ? .doubleQuoted : .singleQuoted
        return token
    }

    /// Skips the indentation and empty lines after a line break inside a quoted scalar; returns
    /// how many empty lines there were.
    private mutating func scanQuotedBreaks(_ start: Mark, double: Bool) throws(YAMLError) -> Int {
        var breaks = 0
        while true {
            if atDocumentMarker() {
                throw error(
                    .unterminatedScalar,
                    "a document marker appears inside a quoted scalar; the \(double ? "double" : "single") quote opened here is never closed",
                    at: start)
            }
            while index < count && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
            guard index < count, YAMLScanner.isBreak(bytes[index]) else { return breaks }
            consumeLineBreak()
            breaks += 1
        }
    }

    private func unterminatedQuote(_ start: Mark, double: Bool) -> YAMLError {
        error(
            .unterminatedScalar,
            "unterminated \(double ? "double" : "single")-quoted scalar: the quote opened here is never closed",
            at: start)
    }

    /// One backslash escape of a double-quoted scalar; `index` is at the backslash.
    private mutating func scanEscape(into out: inout [UInt8]) throws(YAMLError) {
        let escapeStart = mark
        index += 1
        guard index < count else { return }  // the caller reports the missing quote
        let c = bytes[index]
        var digits = 0
        switch c {
        case UInt8(ascii: "0"): out.append(0x00)
        case UInt8(ascii: "a"): out.append(0x07)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "t"), 0x09: out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "e"): out.append(0x1B)
        case 0x20: out.append(0x20)
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "N"): out.append(contentsOf: [0xC2, 0x85])
        case UInt8(ascii: "_"): out.append(contentsOf: [0xC2, 0xA0])
        case UInt8(ascii: "L"): out.append(contentsOf: [0xE2, 0x80, 0xA8])
        case UInt8(ascii: "P"): out.append(contentsOf: [0xE2, 0x80, 0xA9])
        case UInt8(ascii: "x"): digits = 2
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        case 0x0A, 0x0D:
            // An escaped line break joins the lines with nothing in between; empty lines after
            // it still count as line feeds.
            consumeLineBreak()
            let breaks = try scanQuotedBreaks(escapeStart, double: true)
            out.append(contentsOf: repeatElement(0x0A, count: breaks))
            return
        default:
            throw error(
                .invalidEscape,
                "unknown escape sequence '\\\(describeCharacter(at: index).trimmingQuotes)' in a double-quoted scalar",
                at: escapeStart)
        }
        index += 1
        guard digits > 0 else { return }
        var code: UInt32 = 0
        for _ in 0..<digits {
            guard index < count, let v = YAMLScanner.hexValue(bytes[index]) else {
                throw error(
                    .invalidEscape,
                    "the escape '\\\(Character(Unicode.Scalar(c)))' needs \(digits) hexadecimal digits", at: escapeStart
                )
            }
            code = code * 16 + UInt32(v)
            index += 1
        }
        guard let scalar = Unicode.Scalar(code) else {
            throw error(
                .invalidEscape,
                "the escape names U+\(YAMLSource.hex(Int(code), width: 4)), which is not a Unicode scalar",
                at: escapeStart)
        }
        out.append(contentsOf: String(Character(scalar)).utf8)
    }

    /// A literal (`|`) or folded (`>`) block scalar.
    private mutating func scanBlockScalar(folded: Bool) throws(YAMLError) -> YAMLToken {
        let start = mark
        index += 1
        // Header: chomping indicator and indentation indicator, in either order.
        var chomping = 0  // -1 strip, 0 clip, +1 keep
        var increment: Int?
        for _ in 0..<2 {
            let c = peek()
            if (c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) && chomping == 0 {
                chomping = c == UInt8(ascii: "+") ? 1 : -1
                index += 1
            } else if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") && increment == nil {
                guard c != UInt8(ascii: "0") else {
                    throw error(.syntax, "a block scalar's indentation indicator must be 1 to 9", at: mark)
                }
                increment = Int(c - UInt8(ascii: "0"))
                index += 1
            }
        }
        skipInlineSpaces()
        if peek() == UInt8(ascii: "#") {
            while index < count && !YAMLScanner.isBreak(bytes[index]) { index += 1 }
        }
        if index < count {
            guard YAMLScanner.isBreak(bytes[index]) else {
                throw error(
                    .syntax,
                    "expected a line break after the block scalar header, found \(describeCharacter(at: index))",
                    at: mark)
            }
            consumeLineBreak()
        }
        let minIndent = max(indent + 1, 1)
        var blockIndent: Int
        var breaks = 0
        if let increment {
            blockIndent = minIndent + increment - 1
            breaks = scanBlockBreaks(blockIndent)
        } else {
            // Auto-detect: the indentation of the first non-empty line.
            var maxBlank = 0
            var maxBlankMark = mark
            while true {
                while index < count && bytes[index] == 0x20 { index += 1 }
                guard index < count, YAMLScanner.isBreak(bytes[index]) else { break }
                if column > maxBlank {
                    maxBlank = column
                    maxBlankMark = mark
                }
                consumeLineBreak()
                breaks += 1
            }
            blockIndent = max(column, minIndent)
            if index < count && column >= minIndent && maxBlank > column {
                throw error(
                    .badIndentation,
                    "a leading empty line of this block scalar has more spaces (\(maxBlank)) than its first line of text (\(column))",
                    at: maxBlankMark)
            }
        }
        var out: [UInt8] = []
        var lastBreak = false
        while column == blockIndent && index < count {
            out.append(contentsOf: repeatElement(0x0A, count: breaks))
            let leadingNonSpace = bytes[index] != 0x20 && bytes[index] != 0x09
            let textStart = index
            while index < count && !YAMLScanner.isBreak(bytes[index]) { index += 1 }
            out.append(contentsOf: bytes[textStart..<index])
            lastBreak = index < count
            if lastBreak { consumeLineBreak() }
            breaks = scanBlockBreaks(blockIndent)
            guard column == blockIndent && index < count else { break }
            // Folding joins two adjacent "normal" lines with a space; other breaks are kept.
            if folded && lastBreak && leadingNonSpace && bytes[index] != 0x20 && bytes[index] != 0x09 {
                if breaks == 0 { out.append(0x20) }
            } else if lastBreak {
                out.append(0x0A)
            }
        }
        if chomping >= 0 && lastBreak { out.append(0x0A) }
        if chomping > 0 { out.append(contentsOf: repeatElement(0x0A, count: breaks)) }
        var token = YAMLToken(.scalar, start: start, end: mark)
        token.valueIndex = store(String(decoding: out, as: UTF8.self))
        token.style = folded ? .folded : .literal
        token.blockIndent = Int32(truncatingIfNeeded: blockIndent)
        return token
    }

    /// Skips indentation (up to `blockIndent`) and empty lines; returns how many empty lines.
    private mutating func scanBlockBreaks(_ blockIndent: Int) -> Int {
        var breaks = 0
        while true {
            while column < blockIndent && index < count && bytes[index] == 0x20 { index += 1 }
            guard index < count, YAMLScanner.isBreak(bytes[index]) else { return breaks }
            consumeLineBreak()
            breaks += 1
        }
    }
}

extension String {
    /// `x` from `'x'` (used to quote an escape character once, not twice).
    fileprivate var trimmingQuotes: String {
        guard count >= 2, first == "'", last == "'" else { return self }
        return String(dropFirst().dropLast())
    }
}
