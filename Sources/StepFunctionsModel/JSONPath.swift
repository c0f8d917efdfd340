/// A parsed JSONPath as Step Functions accepts it in `InputPath`, `OutputPath`, `ItemsPath`,
/// `*.$` payload values, Choice `Variable`s and every `*Path` field.
///
/// The root is the state input (`$`), the context object (`$$`) or a variable (`$name`). A path
/// made only of member names and non-negative indices is *definite* (a "reference path" in the
/// ASL spec: it names one node); wildcards, slices, unions, filters, recursive descent and
/// functions make it indefinite.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// What the path starts from.
    public enum Root: Sendable, Hashable {
        /// `$`: the state's input (or effective input).
        case input
        /// `$$`: the context object.
        case context
        /// `$name`: a workflow variable.
        case variable(String)
    }

    /// One step of a path.
    public indirect enum Segment: Sendable, Hashable {
        /// `.name` or `['name']`
        case member(String)
        /// `[n]`; negative indices count from the end.
        case index(Int)
        /// `.*` or `[*]`
        case wildcard
        /// `[start:end:step]`
        case slice(start: Int?, end: Int?, step: Int?)
        /// `['a','b']`
        case members([String])
        /// `[0,2]`
        case indices([Int])
        /// `..name`, `..*`, `..[n]`: the following selector applied at every depth.
        case descendant(Segment)
        /// `[?(expression)]`
        case filter(FilterExpression)
        /// A trailing function call such as `.length()`.
        case function(String)
        /// `[(expression)]`: a Jayway script index such as `[(@.length-1)]`, kept as written.
        case script(String)
    }

    /// The path exactly as written.
    public var source: String
    /// Where it starts.
    public var root: Root
    /// The steps after the root.
    public var segments: [Segment]

    /// Creates a path from parts; `source` should be its text.
    public init(source: String, root: Root, segments: [Segment]) {
        self.source = source
        self.root = root
        self.segments = segments
    }

    /// Parses a path, throwing a ``JSONPathSyntaxError`` that names what is wrong.
    public init(parsing text: String) throws(JSONPathSyntaxError) {
        if let simple = JSONPath.simple(text) {
            self = simple
            return
        }
        var parser = JSONPathParser(text)
        self = try parser.parsePath()
    }

    /// `text` read from its bytes when it is `$`, `$$` or `$name` followed by `.name` steps only, in
    /// printable ASCII (nearly every path a definition holds): what the parser gives for it, without
    /// splitting the text into characters. nil for anything else, which the parser reads.
    static func simple(_ text: String) -> JSONPath? {
        var bytes = text
        return bytes.withUTF8 { b -> JSONPath? in
            let n = b.count
            guard n > 0, b[0] == UInt8(ascii: "$") else { return nil }
            for x in b where x < 0x20 || x >= 0x7F { return nil }
            func piece(_ r: Range<Int>) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)
            }
            func isLetter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
            var i = 1
            var root = Root.input
            if i < n && b[i] == UInt8(ascii: "$") {
                i += 1
                root = .context
            } else if i < n && (isLetter(b[i]) || b[i] == UInt8(ascii: "_")) {
                let start = i
                while i < n && (isLetter(b[i]) || (b[i] >= 0x30 && b[i] <= 0x39) || b[i] == UInt8(ascii: "_")) {
                    i += 1
                }
                root = .variable(piece(start..<i))
            }
            var segments: [Segment] = []
            while i < n {
                guard b[i] == UInt8(ascii: ".") else { return nil }
                i += 1
                // `..`, `.*`, `.[`, a trailing `.`: the parser's.
                guard i < n, b[i] != UInt8(ascii: "."), b[i] != UInt8(ascii: "*"), b[i] != UInt8(ascii: "[") else {
                    return nil
                }
                let start = i
                while i < n && b[i] != UInt8(ascii: ".") {
                    // A bracket, a function call or a stray ']': the parser's.
                    if b[i] == UInt8(ascii: "[") || b[i] == UInt8(ascii: "(") || b[i] == UInt8(ascii: "]") {
                        return nil
                    }
                    i += 1
                }
                segments.append(.member(piece(start..<i)))
            }
            return JSONPath(source: text, root: root, segments: segments)
        }
    }

    /// `$`
    public static let input = JSONPath(source: "$", root: .input, segments: [])

    /// Whether the path names at most one node (only members and non-negative indices).
    public var isDefinite: Bool {
        for s in segments {
            switch s {
            case .member: continue
            case .index(let i) where i >= 0: continue
            default: return false
            }
        }
        return true
    }

    /// Whether the path is just `$` (or `$$`).
    public var isRoot: Bool { segments.isEmpty }

    /// The text.
    public var description: String { source }

    /// Whether `text` looks like a path (starts with `$`); used to tell paths from intrinsic calls.
    public static func looksLikePath(_ text: String) -> Bool { text.hasPrefix("$") }
}

/// A filter inside `[?( ... )]`.
public indirect enum FilterExpression: Sendable, Hashable {
    /// `a || b`
    case or(FilterExpression, FilterExpression)
    /// `a && b`
    case and(FilterExpression, FilterExpression)
    /// `!a`
    case not(FilterExpression)
    /// `left OP right`
    case comparison(FilterOperand, FilterOperator, FilterOperand)
    /// `@.field`: true when the operand exists (and is not `false`/`null` for booleans, as in Jayway).
    case exists(FilterOperand)
}

/// A value in a filter expression.
public indirect enum FilterOperand: Sendable, Hashable {
    /// `@...`: a path from the current node.
    case current([JSONPath.Segment])
    /// `$...` or `$$...`: an absolute path.
    case path(JSONPath)
    /// A literal number, string, boolean or null (or a literal array for `in`/`nin`).
    case literal(JSONValue)
    /// `/pattern/flags` for `=~`.
    case regex(pattern: String, flags: String)
}

/// A comparison operator in a filter expression (Jayway JsonPath's set).
public enum FilterOperator: String, Sendable, Hashable, CaseIterable {
    /// `==`
    case equal = "=="
    /// `!=`
    case notEqual = "!="
    /// `<`
    case less = "<"
    /// `<=`
    case lessOrEqual = "<="
    /// `>`
    case greater = ">"
    /// `>=`
    case greaterOrEqual = ">="
    /// `=~`
    case matches = "=~"
    /// `in`
    case `in` = "in"
    /// `nin`
    case notIn = "nin"
    /// `subsetof`
    case subsetOf = "subsetof"
    /// `anyof`
    case anyOf = "anyof"
    /// `noneof`
    case noneOf = "noneof"
    /// `size`
    case size = "size"
    /// `empty`
    case empty = "empty"
    /// `contains`
    case contains = "contains"
}

/// A syntax error in a JSONPath, with the character offset where it was found.
public struct JSONPathSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The 0-based character offset in the path text.
    public var offset: Int

    /// Creates an error.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// The message with its offset.
    public var description: String { "\(message) (at character \(offset + 1))" }
}

/// Recursive-descent parser for ``JSONPath``.
struct JSONPathParser {
    let chars: [Character]
    let text: String
    var i = 0
    /// How deeply filter expressions nest here (parentheses, `!`, filters inside filters).
    var depth = 0
    /// The deepest nesting accepted: hostile input (30,000 parentheses) is an error, never a stack
    /// overflow. AWS's own limit is not known; real filters nest a few levels.
    static let maxDepth = 100

    /// The text's bytes when each of its characters is one printable ASCII byte (nearly every
    /// path), so that names are cut from bytes instead of being rebuilt character by character.
    let ascii: [UInt8]?

    init(_ text: String) {
        self.text = text
        (chars, ascii) = ParsedText.characters(of: text)
    }

    /// The characters in `range`, as a string.
    func string(_ range: Range<Int>) -> String {
        if let ascii { return String(decoding: ascii[range], as: UTF8.self) }
        return String(chars[range])
    }

    var atEnd: Bool { i >= chars.count }
    var current: Character? { i < chars.count ? chars[i] : nil }

    func fail(_ message: String, at offset: Int? = nil) -> JSONPathSyntaxError {
        JSONPathSyntaxError(message: message, offset: offset ?? i)
    }

    static func isVariableStart(_ c: Character) -> Bool { c.isLetterQuick || c == "_" }
    static func isVariableChar(_ c: Character) -> Bool { c.isLetterQuick || c.isNumberQuick || c == "_" }

    mutating func parsePath() throws(JSONPathSyntaxError) -> JSONPath {
        guard current == "$" else {
            if text.isEmpty { throw fail("the path is empty; a path starts with '$'") }
            throw fail("a path must start with '$' (found '\(chars[0])')")
        }
        i += 1
        var root = JSONPath.Root.input
        if current == "$" {
            i += 1
            root = .context
        } else if let c = current, JSONPathParser.isVariableStart(c) {
            let start = i
            while let c = current, JSONPathParser.isVariableChar(c) { i += 1 }
            root = .variable(string(start..<i))
        }
        let segments = try parseSegments(allowFunctions: true, stopAt: nil)
        guard atEnd else { throw fail("unexpected '\(chars[i])' in the path") }
        return JSONPath(source: text, root: root, segments: segments)
    }

    /// Parses segments until the end (or a character in `stopAt`, for paths inside filters).
    mutating func parseSegments(allowFunctions: Bool, stopAt: [Character]?) throws(JSONPathSyntaxError)
        -> [JSONPath.Segment]
    {
        var segments: [JSONPath.Segment] = []
        while let c = current {
            if let stopAt, stopAt.contains(c) { break }
            if c == "." {
                if i + 1 < chars.count && chars[i + 1] == "." {
                    i += 2
                    guard let n = current else { throw fail("'..' must be followed by a name, '*' or '['") }
                    if n == "[" {
                        let inner = try parseBracket()
                        segments.append(.descendant(inner))
                    } else if n == "*" {
                        i += 1
                        segments.append(.descendant(.wildcard))
                    } else {
                        let name = try parseDotName(stopAt: stopAt)
                        segments.append(.descendant(.member(name)))
                    }
                    continue
                }
                i += 1
                guard let n = current else { throw fail("the path ends with '.'; a name must follow") }
                if n == "*" {
                    i += 1
                    segments.append(.wildcard)
                    continue
                }
                if n == "[" {
                    // `$.[0]` and `$.[?(...)]`: Jayway (and so AWS) read the dot as nothing.
                    continue
                }
                let name = try parseDotName(stopAt: stopAt)
                if current == "(" {
                    // A function call such as length(): must be last.
                    i += 1
                    guard current == ")" else { throw fail("function '\(name)' takes no arguments; expected ')'") }
                    i += 1
                    guard allowFunctions else { throw fail("function '\(name)()' is not allowed here") }
                    segments.append(.function(name))
                    if let c = current, !(stopAt?.contains(c) ?? false) {
                        throw fail("nothing may follow the function call '\(name)()'")
                    }
                    continue
                }
                segments.append(.member(name))
            } else if c == "[" {
                segments.append(try parseBracket())
            } else {
                throw fail("unexpected '\(c)'; expected '.' or '['")
            }
        }
        return segments
    }

    /// A member name after '.': runs until '.', '[', '(' or a stop character.
    mutating func parseDotName(stopAt: [Character]?) throws(JSONPathSyntaxError) -> String {
        let start = i
        while let c = current {
            if c == "." || c == "[" || c == "(" { break }
            if let stopAt, stopAt.contains(c) { break }
            if stopAt != nil && (c == " " || c == "=" || c == "!" || c == "<" || c == ">" || c == "&" || c == "|") {
                break
            }
            if c == "]" { throw fail("unexpected ']'") }
            i += 1
        }
        guard i > start else { throw fail("expected a member name") }
        return string(start..<i)
    }

    mutating func skipSpaces() {
        while let c = current, c == " " { i += 1 }
    }

    /// Parses `[ ... ]` starting at '['.
    mutating func parseBracket() throws(JSONPathSyntaxError) -> JSONPath.Segment {
        let open = i
        i += 1
        skipSpaces()
        guard let c = current else { throw fail("unclosed '['", at: open) }
        let segment: JSONPath.Segment
        if c == "*" {
            i += 1
            segment = .wildcard
        } else if c == "'" || c == "\"" {
            var names = [try parseQuoted()]
            skipSpaces()
            while current == "," {
                i += 1
                skipSpaces()
                guard current == "'" || current == "\"" else { throw fail("expected a quoted name after ','") }
                names.append(try parseQuoted())
                skipSpaces()
            }
            segment = names.count == 1 ? .member(names[0]) : .members(names)
        } else if c == "?" {
            i += 1
            skipSpaces()
            guard current == "(" else { throw fail("a filter is written [?( ... )]") }
            i += 1
            let expr = try parseFilterOr()
            skipSpaces()
            guard current == ")" else { throw fail("expected ')' to close the filter") }
            i += 1
            segment = .filter(expr)
        } else if c == "(" {
            // A script index: keep the text up to the matching ')'.
            let start = i
            var depth = 0
            while let p = current {
                if p == "(" { depth += 1 }
                if p == ")" {
                    depth -= 1
                    if depth == 0 {
                        i += 1
                        break
                    }
                }
                i += 1
            }
            guard depth == 0 else { throw fail("unclosed '(' in a script index", at: start) }
            segment = .script(string((start + 1)..<(i - 1)))
        } else if c == "-" || c.isNumberQuick || c == ":" {
            segment = try parseIndexOrSlice()
        } else {
            throw fail("unexpected '\(c)' after '['")
        }
        skipSpaces()
        guard current == "]" else { throw fail("expected ']' to close '['", at: i) }
        i += 1
        return segment
    }

    mutating func parseQuoted() throws(JSONPathSyntaxError) -> String {
        let quote = chars[i]
        let start = i
        i += 1
        var out = ""
        while let c = current {
            if c == quote {
                i += 1
                return out
            }
            if c == "\\" {
                // Jayway unescapes only the quote itself (and a doubled backslash); `\"` inside
                // single quotes stays as written, so `$['a\"b']` names the key `a\"b`.
                i += 1
                guard let e = current else { break }
                if e == quote || e == "\\" {
                    out.append(e)
                } else {
                    out.append("\\")
                    out.append(e)
                }
                i += 1
                continue
            }
            out.append(c)
            i += 1
        }
        throw fail("unterminated quoted name", at: start)
    }

    mutating func parseInteger() throws(JSONPathSyntaxError) -> Int? {
        skipSpaces()
        let start = i
        if current == "-" { i += 1 }
        while let c = current, c.isASCII, c.isNumberQuick { i += 1 }
        if i == start { return nil }
        guard let v = Int(string(start..<i)) else { throw fail("invalid integer", at: start) }
        skipSpaces()
        return v
    }

    mutating func parseIndexOrSlice() throws(JSONPathSyntaxError) -> JSONPath.Segment {
        let first = try parseInteger()
        if current == ":" {
            i += 1
            let end = try parseInteger()
            var step: Int? = nil
            if current == ":" {
                i += 1
                step = try parseInteger()
            }
            return .slice(start: first, end: end, step: step)
        }
        guard let first else { throw fail("expected an index") }
        if current == "," {
            var list = [first]
            while current == "," {
                i += 1
                guard let n = try parseInteger() else { throw fail("expected an index after ','") }
                list.append(n)
            }
            return .indices(list)
        }
        return .index(first)
    }

    // MARK: Filters

    mutating func parseFilterOr() throws(JSONPathSyntaxError) -> FilterExpression {
        var left = try parseFilterAnd()
        while true {
            skipSpaces()
            if current == "|" && i + 1 < chars.count && chars[i + 1] == "|" {
                i += 2
                left = .or(left, try parseFilterAnd())
            } else {
                return left
            }
        }
    }

    mutating func parseFilterAnd() throws(JSONPathSyntaxError) -> FilterExpression {
        var left = try parseFilterUnary()
        while true {
            skipSpaces()
            if current == "&" && i + 1 < chars.count && chars[i + 1] == "&" {
                i += 2
                left = .and(left, try parseFilterUnary())
            } else {
                return left
            }
        }
    }

    mutating func parseFilterUnary() throws(JSONPathSyntaxError) -> FilterExpression {
        guard depth < JSONPathParser.maxDepth else {
            throw fail("the filter nests more than \(JSONPathParser.maxDepth) levels deep")
        }
        depth += 1
        defer { depth -= 1 }
        skipSpaces()
        if current == "!" && !(i + 1 < chars.count && chars[i + 1] == "=") {
            i += 1
            return .not(try parseFilterUnary())
        }
        if current == "(" {
            i += 1
            let inner = try parseFilterOr()
            skipSpaces()
            guard current == ")" else { throw fail("expected ')' in the filter") }
            i += 1
            return inner
        }
        let left = try parseFilterOperand()
        skipSpaces()
        if let op = parseFilterOperator() {
            skipSpaces()
            let right = try parseFilterOperand()
            return .comparison(left, op, right)
        }
        return .exists(left)
    }

    mutating func parseFilterOperator() -> FilterOperator? {
        for op in ["==", "!=", "<=", ">=", "=~", "<", ">"] {
            let opChars = Array(op)
            if i + opChars.count <= chars.count && Array(chars[i..<(i + opChars.count)]) == opChars {
                i += opChars.count
                return FilterOperator(rawValue: op)
            }
        }
        for word in ["nin", "in", "subsetof", "anyof", "noneof", "size", "empty", "contains"] {
            let w = Array(word)
            if i + w.count <= chars.count && Array(chars[i..<(i + w.count)]) == w {
                let after = i + w.count
                if after < chars.count && (chars[after].isLetterQuick) { continue }
                i = after
                return FilterOperator(rawValue: word)
            }
        }
        return nil
    }

    mutating func parseFilterOperand() throws(JSONPathSyntaxError) -> FilterOperand {
        skipSpaces()
        guard let c = current else { throw fail("the filter ends early") }
        // A list, not a set: a set of characters made the runtime build its type the first time
        // a filter was read (~0.4 M instructions), and nine characters are compared as fast.
        let stops: [Character] = [")", " ", "=", "!", "<", ">", "&", "|", ","]
        if c == "@" {
            i += 1
            let segments = try parseSegments(allowFunctions: true, stopAt: stops)
            return .current(segments)
        }
        if c == "$" {
            let start = i
            i += 1
            var root = JSONPath.Root.input
            if current == "$" {
                i += 1
                root = .context
            } else if let v = current, JSONPathParser.isVariableStart(v) {
                let s = i
                while let v = current, JSONPathParser.isVariableChar(v) { i += 1 }
                root = .variable(string(s..<i))
            }
            let segments = try parseSegments(allowFunctions: true, stopAt: stops)
            return .path(JSONPath(source: string(start..<i), root: root, segments: segments))
        }
        if c == "'" || c == "\"" {
            return .literal(.string(try parseQuoted()))
        }
        if c == "/" {
            let start = i
            i += 1
            var pattern = ""
            while let p = current, p != "/" {
                if p == "\\", i + 1 < chars.count {
                    pattern.append(p)
                    i += 1
                    pattern.append(chars[i])
                    i += 1
                    continue
                }
                pattern.append(p)
                i += 1
            }
            guard current == "/" else { throw fail("unterminated regular expression", at: start) }
            i += 1
            var flags = ""
            while let f = current, f.isLetterQuick {
                flags.append(f)
                i += 1
            }
            return .regex(pattern: pattern, flags: flags)
        }
        if c == "[" {
            i += 1
            var items: [JSONValue] = []
            skipSpaces()
            while current != "]" {
                let item = try parseFilterOperand()
                guard case .literal(let v) = item else { throw fail("a list in a filter holds literals only") }
                items.append(v)
                skipSpaces()
                if current == "," { i += 1 } else { break }
            }
            guard current == "]" else { throw fail("expected ']' to close the list") }
            i += 1
            return .literal(.array(items))
        }
        if c == "-" || c.isNumberQuick {
            let start = i
            if c == "-" { i += 1 }
            while let d = current,
                d.isNumberQuick || d == "." || d == "e" || d == "E" || d == "+" || (d == "-" && i > start)
            {
                i += 1
            }
            let text = string(start..<i)
            if let int = Int64(text) { return .literal(.number(.int(int))) }
            if let d = Double(text) { return .literal(.number(.double(d))) }
            throw fail("invalid number '\(text)'", at: start)
        }
        for (word, value) in [("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null)] {
            let w = Array(word)
            if i + w.count <= chars.count && Array(chars[i..<(i + w.count)]) == w {
                i += w.count
                return .literal(value)
            }
        }
        if c.isLetterQuick || c == "_" {
            // A bare word (`@.Name==Receipt`): Jayway compares it as text.
            let start = i
            while let w = current, w.isLetterQuick || w.isNumberQuick || w == "_" || w == "-" { i += 1 }
            return .literal(.string(string(start..<i)))
        }
        throw fail("unexpected '\(c)' in the filter")
    }
}
