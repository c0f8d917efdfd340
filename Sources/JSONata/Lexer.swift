/// A token of a JSONata expression.
struct Token {
    enum Kind { case name, variable, op, string, number, value, regex, end }
    var kind: Kind
    var text: String = ""
    var number: Double = 0
    var regex: RegexProgram?
    /// The position just after the token, in UTF-16 code units (as jsonata-js reports).
    var position: Int
}

/// Splits an expression into tokens, following jsonata-js's tokenizer.
struct Lexer {
    let source: [UInt16]
    var position = 0

    init(_ text: String) {
        source = Array(text.utf16)
    }

    static let operatorChars = CharClass(".[]{}(),@#;:?+-*/%|=<>^&!~")
    static let whitespace = CharClass(" \t\n\r\u{0B}")

    /// A set of ASCII code units as a 128-bit mask (a `Set` lookup hashed every character).
    struct CharClass: Sendable {
        private var low: UInt64 = 0
        private var high: UInt64 = 0

        init(_ chars: String) {
            for c in chars.utf16 where c < 128 {
                if c < 64 { low |= 1 << UInt64(c) } else { high |= 1 << UInt64(c - 64) }
            }
        }

        @inline(__always)
        func contains(_ c: UInt16) -> Bool {
            if c < 64 { return low & (1 << UInt64(c)) != 0 }
            if c < 128 { return high & (1 << UInt64(c - 64)) != 0 }
            return false
        }
    }

    private func char(_ i: Int) -> UInt16 { i < source.count ? source[i] : 0 }

    private func make(_ kind: Token.Kind, _ text: String) -> Token {
        Token(kind: kind, text: text, position: position)
    }

    /// The next token; `infix` tells whether an operator is expected (then `/` is division, not a regex).
    mutating func next(infix: Bool) throws(JSONataError) -> Token {
        let length = source.count
        if position >= length { return Token(kind: .end, position: length) }
        var c = source[position]
        // whitespace
        while position < length && Lexer.whitespace.contains(c) {
            position += 1
            if position >= length { return Token(kind: .end, position: length) }
            c = source[position]
        }
        // comments
        if c == 0x2F && char(position + 1) == 0x2A {  // /*
            let start = position
            position += 2
            while !(char(position) == 0x2A && char(position + 1) == 0x2F) {
                position += 1
                if position >= length {
                    throw JSONataError("S0106", position: start)
                }
            }
            position += 2
            return try next(infix: infix)
        }
        // regex
        if !infix && c == 0x2F {
            position += 1
            return try scanRegex()
        }
        // two-character operators
        let n = char(position + 1)
        for (a, b, op) in Lexer.doubleOperators where c == a && n == b {
            position += 2
            return make(.op, op)
        }
        if Lexer.operatorChars.contains(c) {
            position += 1
            return make(.op, Functions.utf16String(CollectionOfOne(c)))
        }
        // strings
        if c == 0x22 || c == 0x27 {
            return try scanString(quote: c)
        }
        // numbers
        if c >= 0x30 && c <= 0x39 {
            return try scanNumber()
        }
        // quoted names
        if c == 0x60 {
            position += 1
            let start = position
            while position < length {
                if source[position] == 0x60 {
                    let name = Functions.utf16String(source[start..<position])
                    position += 1
                    return make(.name, name)
                }
                position += 1
            }
            position = length
            throw JSONataError("S0105", position: length)
        }
        // names and variables
        var i = position
        while i < length {
            let ch = source[i]
            if Lexer.whitespace.contains(ch) || Lexer.operatorChars.contains(ch) { break }
            i += 1
        }
        if source[position] == 0x24 {  // $
            let name = Functions.utf16String(source[(position + 1)..<i])
            position = i
            return make(.variable, name)
        }
        let name = Functions.utf16String(source[position..<i])
        position = i
        switch name {
        case "and", "or", "in": return make(.op, name)
        case "true", "false", "null":
            return make(.value, name)
        default:
            if position == length && name.isEmpty { return Token(kind: .end, position: length) }
            return make(.name, name)
        }
    }

    static let doubleOperators: [(UInt16, UInt16, String)] = [
        (0x2E, 0x2E, ".."), (0x3A, 0x3D, ":="), (0x21, 0x3D, "!="), (0x3E, 0x3D, ">="),
        (0x3C, 0x3D, "<="), (0x2A, 0x2A, "**"), (0x7E, 0x3E, "~>"),
    ]

    private mutating func scanString(quote: UInt16) throws(JSONataError) -> Token {
        position += 1
        var units = [UInt16]()
        let length = source.count
        while position < length {
            var c = source[position]
            if c == 0x5C {  // backslash
                position += 1
                guard position < length else {
                    // jsonata-js reads charAt(length), "", which is no escape it knows
                    var e = JSONataError("S0103", position: position)
                    e.token = ""
                    e.refresh()
                    throw e
                }
                c = source[position]
                switch c {
                case 0x22, 0x5C, 0x2F: units.append(c)
                case 0x62: units.append(0x08)
                case 0x66: units.append(0x0C)
                case 0x6E: units.append(0x0A)
                case 0x72: units.append(0x0D)
                case 0x74: units.append(0x09)
                case 0x75:  // \uXXXX
                    var value: UInt16 = 0
                    var ok = position + 4 < length
                    if ok {
                        for k in 1...4 {
                            guard let d = Lexer.hexValue(source[position + k]) else {
                                ok = false
                                break
                            }
                            value = value &* 16 &+ UInt16(d)
                        }
                    }
                    guard ok else { throw JSONataError("S0104", position: position) }
                    units.append(value)
                    position += 4
                default:
                    var e = JSONataError("S0103", position: position)
                    e.token = Functions.utf16String(CollectionOfOne(c))
                    e.refresh()
                    throw e
                }
            } else if c == quote {
                position += 1
                return make(.string, Functions.utf16String(units))
            } else {
                units.append(c)
            }
            position += 1
        }
        throw JSONataError("S0101", position: position)
    }

    static func hexValue(_ c: UInt16) -> Int? {
        switch c {
        case 0x30...0x39: return Int(c - 0x30)
        case 0x41...0x46: return Int(c - 0x41 + 10)
        case 0x61...0x66: return Int(c - 0x61 + 10)
        default: return nil
        }
    }

    private func isDigit(_ i: Int) -> Bool { i < source.count && source[i] >= 0x30 && source[i] <= 0x39 }

    private mutating func scanNumber() throws(JSONataError) -> Token {
        // -?(0|[1-9][0-9]*)(\.[0-9]+)?([Ee][-+]?[0-9]+)?  (the sign is always an operator here)
        let start = position
        var i = position
        if source[i] == 0x30 {
            i += 1
        } else {
            while isDigit(i) { i += 1 }
        }
        if char(i) == 0x2E && isDigit(i + 1) {
            i += 1
            while isDigit(i) { i += 1 }
        }
        if char(i) == 0x45 || char(i) == 0x65 {
            var j = i + 1
            if char(j) == 0x2B || char(j) == 0x2D { j += 1 }
            if isDigit(j) {
                while isDigit(j) { j += 1 }
                i = j
            }
        }
        let text = Functions.utf16String(source[start..<i])
        position = i
        guard let d = Double(text), d.isFinite else {
            var e = JSONataError("S0102", position: position)
            e.token = text
            e.refresh()
            throw e
        }
        var t = make(.number, text)
        t.number = d
        return t
    }

    private mutating func scanRegex() throws(JSONataError) -> Token {
        let start = position
        var depth = 0
        let length = source.count
        func isClosingSlash(_ p: Int) -> Bool {
            if source[p] == 0x2F && depth == 0 {
                var backslashes = 0
                while p - (backslashes + 1) >= 0 && source[p - (backslashes + 1)] == 0x5C { backslashes += 1 }
                if backslashes % 2 == 0 { return true }
            }
            return false
        }
        while position < length {
            let c = source[position]
            if isClosingSlash(position) {
                let pattern = Functions.utf16String(source[start..<position])
                if pattern.isEmpty { throw JSONataError("S0301", position: position) }
                position += 1
                let flagStart = position
                while position < length && (source[position] == 0x69 || source[position] == 0x6D) { position += 1 }
                let flags = Functions.utf16String(source[flagStart..<position])
                let program: RegexProgram
                do throws(RegexProgram.SyntaxError) {
                    program = try RegexProgram(pattern: pattern, flags: flags)
                } catch {
                    var e = JSONataError("S0303", position: position)
                    e.details["message"] = .string(error.message)
                    e.refresh()
                    throw e
                }
                var t = make(.regex, pattern)
                t.regex = program
                return t
            }
            let previous = position > 0 ? source[position - 1] : 0
            if (c == 0x28 || c == 0x5B || c == 0x7B) && previous != 0x5C { depth += 1 }
            if (c == 0x29 || c == 0x5D || c == 0x7D) && previous != 0x5C { depth -= 1 }
            position += 1
        }
        throw JSONataError("S0302", position: position)
    }
}
