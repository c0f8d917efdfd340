/// What AWS's JSON parser (Jackson) says about text that is not JSON, for `InvalidExecutionInput`,
/// `InvalidOutput` and a definition's `INVALID_JSON_DESCRIPTION`: the first problem, in its words.
package enum JacksonMessage {
    /// The first problem Jackson reports, and where it reports it when that is known (1-based line
    /// and column, counted as Jackson counts them: the column after the characters it has read).
    package struct Problem: Sendable, Hashable {
        /// Jackson's message, without its location.
        package var message: String
        /// The line Jackson names, when known.
        package var line: Int?
        /// The column Jackson names, when known.
        package var column: Int?
    }

    /// The first problem's message, or "Invalid JSON" when the text reads as JSON (or nests too deep
    /// to be judged).
    package static func describe(_ text: String) -> String {
        firstProblem(text)?.message ?? "Invalid JSON"
    }

    /// The first problem in `text`, or nil when it reads as JSON or nests deeper than 1,000 levels. Only an unrecognised token
    /// (`Unrecognized token 'not': ...`) carries its place: Jackson reports it after the token.
    package static func firstProblem(_ text: String) -> Problem? {
        var scanner = Scanner(Array(text.unicodeScalars))
        guard let message = scanner.firstProblem(), !scanner.tooDeep else { return nil }
        var problem = Problem(message: message)
        if let end = scanner.tokenEnd { (problem.line, problem.column) = scanner.lineAndColumn(at: end) }
        return problem
    }

    /// The longest part of the text Jackson quotes in a location.
    static let maxQuotedLength = 500

    /// Jackson's location for a problem in a string source:
    /// `[Source: (String)"<text>"; line: 1, column: 4]`, the text cut at 500 characters
    /// (`"..."[truncated N chars]`).
    package static func sourceReference(_ text: String, line: Int, column: Int) -> String {
        let units = Array(text.utf16)
        var quoted = "\"" + text + "\""
        if units.count > maxQuotedLength {
            let kept = String(decoding: units.prefix(maxQuotedLength), as: UTF16.self)
            quoted = "\"" + kept + "\"[truncated \(units.count - maxQuotedLength) chars]"
        }
        return "[Source: (String)\(quoted); line: \(line), column: \(column)]"
    }

    private struct Scanner {
        let chars: [Unicode.Scalar]
        var i = 0
        /// Where an unrecognised token ends (the index after it), when that is the problem.
        var tokenEnd: Int?
        /// How deep the scanner is in arrays and objects.
        var depth = 0
        /// Whether the text nests deeper than the scanner follows (its problem is then not known).
        var tooDeep = false
        /// The deepest nesting followed: deeper text is not judged (it would exhaust the stack).
        static let maxDepth = 1000

        init(_ chars: [Unicode.Scalar]) { self.chars = chars }

        mutating func skipSpace() {
            while i < chars.count, [" ", "\t", "\n", "\r"].contains(chars[i]) { i += 1 }
        }

        static let expectedValue =
            "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"

        static func shown(_ c: Unicode.Scalar) -> String {
            let code = c.value
            let printable = code >= 0x20 && code != 0x7F ? "'\(Character(c))'" : "CTRL-CHAR"
            return "(\(printable) (code \(code)))"
        }

        /// The first problem in the text, or nil when it reads as JSON.
        mutating func firstProblem() -> String? {
            skipSpace()
            if let problem = value() { return problem }
            skipSpace()
            if i < chars.count {
                return "Unexpected character \(Self.shown(chars[i])): expected end-of-input"
            }
            return nil
        }

        mutating func value() -> String? {
            skipSpace()
            guard i < chars.count else { return "No content to map due to end-of-input" }
            let c = chars[i]
            switch c {
            case "{", "[":
                guard depth < Self.maxDepth else {
                    tooDeep = true
                    return "too deep"
                }
                depth += 1
                defer { depth -= 1 }
                return c == "{" ? object() : array()
            case "\"": return string()
            case "-", "0"..."9": return number()
            default:
                if isLetter(c) {
                    let start = i
                    while i < chars.count, isTokenChar(chars[i]) { i += 1 }
                    let word = String(String.UnicodeScalarView(chars[start..<i]))
                    if word == "true" || word == "false" || word == "null" { return nil }
                    tokenEnd = i
                    return
                        "Unrecognized token '\(word)': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
                }
                return "Unexpected character \(Self.shown(c)): \(Self.expectedValue)"
            }
        }

        /// Jackson's line and column after `index`: lines end at `\n`, `\r` or `\r\n`; columns count
        /// UTF-16 units from 1.
        func lineAndColumn(at index: Int) -> (Int, Int) {
            var line = 1
            var rowStart = 0
            var k = 0
            while k < index {
                if chars[k] == "\r" || chars[k] == "\n" {
                    if chars[k] == "\r", k + 1 < index, chars[k + 1] == "\n" { k += 1 }
                    line += 1
                    rowStart = k + 1
                }
                k += 1
            }
            let column = chars[rowStart..<index].reduce(0) { $0 + $1.utf16.count } + 1
            return (line, column)
        }

        func isLetter(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic }
        func isTokenChar(_ c: Unicode.Scalar) -> Bool {
            c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "$"
        }

        mutating func object() -> String? {
            i += 1
            skipSpace()
            if i < chars.count, chars[i] == "}" {
                i += 1
                return nil
            }
            while true {
                skipSpace()
                guard i < chars.count else { return "Unexpected end-of-input: expected close marker for OBJECT" }
                guard chars[i] == "\"" else {
                    return
                        "Unexpected character \(Self.shown(chars[i])): was expecting double-quote to start field name"
                }
                if let problem = string() { return problem }
                skipSpace()
                guard i < chars.count else { return "Unexpected end-of-input: expected close marker for OBJECT" }
                guard chars[i] == ":" else {
                    return
                        "Unexpected character \(Self.shown(chars[i])): was expecting a colon to separate field name and value"
                }
                i += 1
                if let problem = value() { return problem }
                skipSpace()
                guard i < chars.count else { return "Unexpected end-of-input: expected close marker for OBJECT" }
                if chars[i] == "," {
                    i += 1
                    continue
                }
                if chars[i] == "}" {
                    i += 1
                    return nil
                }
                return "Unexpected character \(Self.shown(chars[i])): was expecting comma to separate Object entries"
            }
        }

        mutating func array() -> String? {
            i += 1
            skipSpace()
            if i < chars.count, chars[i] == "]" {
                i += 1
                return nil
            }
            while true {
                if let problem = value() { return problem }
                skipSpace()
                guard i < chars.count else { return "Unexpected end-of-input: expected close marker for ARRAY" }
                if chars[i] == "," {
                    i += 1
                    continue
                }
                if chars[i] == "]" {
                    i += 1
                    return nil
                }
                return "Unexpected character \(Self.shown(chars[i])): was expecting comma to separate Array entries"
            }
        }

        mutating func string() -> String? {
            i += 1
            while i < chars.count {
                let c = chars[i]
                if c == "\"" {
                    i += 1
                    return nil
                }
                if c == "\\" {
                    i += 2
                    continue
                }
                if c.value < 0x20 {
                    return
                        "Illegal unquoted character ((CTRL-CHAR, code \(c.value))): has to be escaped using backslash to be included in string value"
                }
                i += 1
            }
            return "Unexpected end-of-input: was expecting closing quote for a string value"
        }

        mutating func number() -> String? {
            while i < chars.count, "0123456789+-.eE".unicodeScalars.contains(chars[i]) { i += 1 }
            return nil
        }
    }
}
