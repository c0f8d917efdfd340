/// What AWS's JSON parser (Jackson) says about text that is not JSON, for `InvalidExecutionInput`
/// and `InvalidOutput`: the first problem, in its words.
enum JacksonMessage {
    static func describe(_ text: String) -> String {
        var scanner = Scanner(Array(text.unicodeScalars))
        return scanner.firstProblem() ?? "Invalid JSON"
    }

    private struct Scanner {
        let chars: [Unicode.Scalar]
        var i = 0

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
            case "{": return object()
            case "[": return array()
            case "\"": return string()
            case "-", "0"..."9": return number()
            default:
                if isLetter(c) {
                    let start = i
                    while i < chars.count, isTokenChar(chars[i]) { i += 1 }
                    let word = String(String.UnicodeScalarView(chars[start..<i]))
                    if word == "true" || word == "false" || word == "null" { return nil }
                    return
                        "Unrecognized token '\(word)': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
                }
                return "Unexpected character \(Self.shown(c)): \(Self.expectedValue)"
            }
        }

        func isLetter(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic }
        func isTokenChar(_ c: Unicode.Scalar) -> Bool {
            c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_"
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
