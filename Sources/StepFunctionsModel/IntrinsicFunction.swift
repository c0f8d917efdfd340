/// A parsed intrinsic function call such as `States.Format('Hello, {}', $.name)`.
public struct IntrinsicFunction: Sendable, Hashable, CustomStringConvertible {
    /// One argument of a call.
    public indirect enum Argument: Sendable, Hashable {
        /// `'text'`, with `\'` resolved and `\\`, `\{`, `\}` kept as written, so `States.Format`
        /// can tell an escaped brace from a placeholder; see ``IntrinsicFunction/resolveEscapes(_:)``.
        case string(String)
        /// `42`, `-1.5`
        case number(JSONNumber)
        /// `true` / `false`
        case bool(Bool)
        /// `null`
        case null
        /// `$.path`, `$$.context` or `$variable`
        case path(JSONPath)
        /// A nested call.
        case call(IntrinsicFunction)
    }

    /// The 18 intrinsic functions Step Functions defines.
    public enum Name: String, Sendable, Hashable, CaseIterable {
        /// `States.Format`
        case format = "States.Format"
        /// `States.StringToJson`
        case stringToJson = "States.StringToJson"
        /// `States.JsonToString`
        case jsonToString = "States.JsonToString"
        /// `States.Array`
        case array = "States.Array"
        /// `States.ArrayPartition`
        case arrayPartition = "States.ArrayPartition"
        /// `States.ArrayContains`
        case arrayContains = "States.ArrayContains"
        /// `States.ArrayRange`
        case arrayRange = "States.ArrayRange"
        /// `States.ArrayGetItem`
        case arrayGetItem = "States.ArrayGetItem"
        /// `States.ArrayLength`
        case arrayLength = "States.ArrayLength"
        /// `States.ArrayUnique`
        case arrayUnique = "States.ArrayUnique"
        /// `States.Base64Encode`
        case base64Encode = "States.Base64Encode"
        /// `States.Base64Decode`
        case base64Decode = "States.Base64Decode"
        /// `States.Hash`
        case hash = "States.Hash"
        /// `States.JsonMerge`
        case jsonMerge = "States.JsonMerge"
        /// `States.MathRandom`
        case mathRandom = "States.MathRandom"
        /// `States.MathAdd`
        case mathAdd = "States.MathAdd"
        /// `States.StringSplit`
        case stringSplit = "States.StringSplit"
        /// `States.UUID`
        case uuid = "States.UUID"
    }

    /// Which function.
    public var name: Name
    /// The arguments, in order.
    public var arguments: [Argument]
    /// The call exactly as written.
    public var source: String

    /// Creates a call from parts.
    public init(name: Name, arguments: [Argument], source: String) {
        self.name = name
        self.arguments = arguments
        self.source = source
    }

    /// Parses a call, throwing a ``JSONPathSyntaxError`` that names what is wrong.
    public init(parsing text: String) throws(JSONPathSyntaxError) {
        var parser = IntrinsicParser(text)
        self = try parser.parseTop()
    }

    /// The value of a string argument: `\\` becomes `\`, `\{` becomes `{` and `\}` becomes `}`.
    public static func resolveEscapes(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var out = ""
        var escaped = false
        for c in text {
            if escaped {
                out.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        if escaped { out.append("\\") }
        return out
    }

    /// Whether `text` looks like an intrinsic call (starts with `States.`).
    public static func looksLikeCall(_ text: String) -> Bool { text.hasPrefix("States.") }

    /// The text.
    public var description: String { source }
}

/// A `.$` value, Fail `ErrorPath`/`CausePath` and similar fields: a path or an intrinsic call.
public enum PathOrIntrinsic: Sendable, Hashable, CustomStringConvertible {
    /// A JSONPath.
    case path(JSONPath)
    /// An intrinsic function call.
    case intrinsic(IntrinsicFunction)

    /// Parses a path (text starting with `$`) or an intrinsic call (anything else).
    public init(parsing text: String) throws(JSONPathSyntaxError) {
        if JSONPath.looksLikePath(text) {
            self = .path(try JSONPath(parsing: text))
        } else {
            self = .intrinsic(try IntrinsicFunction(parsing: text))
        }
    }

    /// The text as written.
    public var source: String {
        switch self {
        case .path(let p): return p.source
        case .intrinsic(let f): return f.source
        }
    }

    /// The text as written.
    public var description: String { source }
}

struct IntrinsicParser {
    /// The characters, when the text is not all printable ASCII (empty otherwise: see ``ascii``).
    let chars: [Character]
    let text: String
    var i = 0
    /// How deeply calls nest here.
    var depth = 0
    /// The deepest nesting of calls accepted: hostile input (20,000 nested calls) is an error, never
    /// a stack overflow or quadratic work. AWS's own limit is not known.
    static let maxDepth = 100

    /// The text's bytes when each of its characters is one printable ASCII byte (nearly every
    /// call): the parser then reads bytes, and never splits the text into `Character`s (comparing
    /// and appending those cost a string operation each).
    let ascii: [UInt8]?
    /// The number of characters.
    let count: Int

    /// A parser of `text`; `characters` reads it as `Character`s even when it is ASCII (the
    /// general path, which tests compare the byte path with).
    init(_ text: String, characters: Bool = false) {
        self.text = text
        let bytes = Array(text.utf8)
        if !characters, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            (chars, ascii, count) = ([], bytes, bytes.count)
        } else {
            let chars = Array(text)
            (self.chars, ascii, count) = (chars, nil, chars.count)
        }
    }

    /// The character at `k` as a byte: its ASCII byte, or 0x80 for a character that is not one
    /// ASCII scalar. Every character the grammar names is ASCII, and none of them is canonically
    /// equal to anything but itself, so comparing these bytes answers what comparing the
    /// `Character`s would.
    @inline(__always)
    func unit(_ k: Int) -> UInt8 {
        if let ascii { return ascii[k] }
        let utf8 = chars[k].utf8
        return utf8.count == 1 ? utf8.first! : 0x80
    }

    /// The character at `k` (for messages).
    func character(_ k: Int) -> Character {
        if let ascii { return Character(Unicode.Scalar(ascii[k])) }
        return chars[k]
    }

    /// `isLetterQuick` of the character at `k`.
    func isLetter(_ k: Int) -> Bool {
        let u = unit(k)
        if u < 0x80 { return (u >= 65 && u <= 90) || (u >= 97 && u <= 122) }
        return chars[k].isLetter
    }

    /// `isNumberQuick` of the character at `k`.
    func isNumber(_ k: Int) -> Bool {
        let u = unit(k)
        if u < 0x80 { return u >= 48 && u <= 57 }
        return chars[k].isNumber
    }

    /// The characters in `range`, as a string.
    func string(_ range: Range<Int>) -> String {
        if let ascii { return String(decoding: ascii[range], as: UTF8.self) }
        // Appended one by one: `String(_:)` of a slice of characters ran unspecialized, ~160,000
        // instructions a call.
        var out = ""
        for c in chars[range] { out.append(c) }
        return out
    }

    /// The current character as a byte (see ``unit(_:)``), or nil at the end.
    var current: UInt8? { i < count ? unit(i) : nil }

    func fail(_ message: String, at offset: Int? = nil) -> JSONPathSyntaxError {
        JSONPathSyntaxError(message: message, offset: offset ?? i)
    }

    mutating func skipSpaces() {
        while let c = current, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1 }
    }

    mutating func parseTop() throws(JSONPathSyntaxError) -> IntrinsicFunction {
        let call = try parseCall()
        skipSpaces()
        guard i >= count else { throw fail("unexpected '\(character(i))' after the end of the call") }
        return call
    }

    mutating func parseCall() throws(JSONPathSyntaxError) -> IntrinsicFunction {
        guard depth < IntrinsicParser.maxDepth else {
            throw fail("intrinsic function calls nest more than \(IntrinsicParser.maxDepth) levels deep")
        }
        depth += 1
        defer { depth -= 1 }
        let start = i
        while i < count, isLetter(i) || isNumber(i) || unit(i) == UInt8(ascii: ".") || unit(i) == UInt8(ascii: "_") {
            i += 1
        }
        let nameText = string(start..<i)
        guard !nameText.isEmpty else { throw fail("expected an intrinsic function name such as States.Format") }
        guard let name = IntrinsicFunction.Name(rawValue: nameText) else {
            if nameText.hasPrefix("States.") {
                throw fail("'\(nameText)' is not an intrinsic function", at: start)
            }
            throw fail(
                "'\(nameText)' is neither a path (starting with '$') nor an intrinsic function (States.*)", at: start)
        }
        skipSpaces()
        guard current == UInt8(ascii: "(") else { throw fail("expected '(' after \(nameText)") }
        i += 1
        var args: [IntrinsicFunction.Argument] = []
        skipSpaces()
        if current == UInt8(ascii: ")") {
            i += 1
            return IntrinsicFunction(name: name, arguments: [], source: string(start..<i))
        }
        while true {
            skipSpaces()
            args.append(try parseArgument())
            skipSpaces()
            guard let c = current else { throw fail("expected ')' to close \(nameText)(", at: start) }
            if c == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if c == UInt8(ascii: ")") {
                i += 1
                break
            }
            throw fail(
                "unexpected '\(character(i))' in the arguments of \(nameText); expected ',' or ')'")
        }
        return IntrinsicFunction(name: name, arguments: args, source: string(start..<i))
    }

    /// Where a path argument that starts at `start` ends: at the first `,` or `)` outside brackets,
    /// parentheses and quotes, or past the end. `byte` gives an element's ASCII byte (any other
    /// element: a byte from 0x80, which is none of those).
    static func pathArgumentEnd<Elements: RandomAccessCollection>(
        _ elements: Elements, from start: Int, byte: (Elements.Element) -> UInt8
    ) -> Int where Elements.Index == Int {
        var i = start
        var depth = 0
        var quote: UInt8 = 0
        while i < elements.count {
            let p = byte(elements[i])
            if quote != 0 {
                if p == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                if p == quote { quote = 0 }
            } else if p == UInt8(ascii: "'") || p == UInt8(ascii: "\"") {
                quote = p
            } else if p == UInt8(ascii: "[") || p == UInt8(ascii: "(") {
                depth += 1
            } else if p == UInt8(ascii: "]") || (p == UInt8(ascii: ")") && depth > 0) {
                depth -= 1
            } else if depth == 0 && (p == UInt8(ascii: ",") || p == UInt8(ascii: ")")) {
                break
            }
            i += 1
        }
        return i
    }

    /// The literal words an argument may be, with their bytes.
    private static let words: [([UInt8], IntrinsicFunction.Argument)] = [
        (Array("true".utf8), .bool(true)), (Array("false".utf8), .bool(false)), (Array("null".utf8), .null),
    ]

    mutating func parseArgument() throws(JSONPathSyntaxError) -> IntrinsicFunction.Argument {
        guard let c = current else { throw fail("expected an argument") }
        if c == UInt8(ascii: "'") { return .string(try parseString()) }
        if c == UInt8(ascii: "$") {
            // A path runs until ',' or ')' at this level (brackets and quotes may hold either).
            let start = i
            i =
                ascii.map { IntrinsicParser.pathArgumentEnd($0, from: start) { $0 } }
                ?? IntrinsicParser.pathArgumentEnd(chars, from: start) { $0.asciiValue ?? 0x80 }
            var text = string(start..<min(i, count))
            while text.last == " " { text.removeLast() }
            do {
                return .path(try JSONPath(parsing: text))
            } catch {
                throw JSONPathSyntaxError(
                    message: "invalid path argument '\(text)': \(error.message)", offset: start + error.offset)
            }
        }
        if c == UInt8(ascii: "-") || isNumber(i) {
            let start = i
            i += 1
            while let d = current,
                isNumber(i) || d == UInt8(ascii: ".") || d == UInt8(ascii: "e") || d == UInt8(ascii: "E")
                    || d == UInt8(ascii: "+") || d == UInt8(ascii: "-")
            {
                i += 1
            }
            let t = string(start..<i)
            if let v = Int64(t) { return .number(.int(v)) }
            if let v = Double(t), v.isFinite { return .number(.double(v)) }
            throw fail("invalid number '\(t)'", at: start)
        }
        // Only an argument starting t, f or n can be a literal word.
        if c == UInt8(ascii: "t") || c == UInt8(ascii: "f") || c == UInt8(ascii: "n") {
            for (word, value) in IntrinsicParser.words where i + word.count <= count {
                var same = true
                for (k, b) in word.enumerated() where unit(i + k) != b {
                    same = false
                    break
                }
                guard same else { continue }
                let after = i + word.count
                if after >= count || !(isLetter(after) || isNumber(after)) {
                    i = after
                    return value
                }
            }
        }
        if isLetter(i) { return .call(try parseCall()) }
        throw fail(
            "unexpected '\(character(i))'; an argument is a 'string', a number, true, false, null, a path or a call")
    }

    /// A single-quoted string; the escapes Step Functions allows are `\'`, `\{`, `\}` and `\\`.
    mutating func parseString() throws(JSONPathSyntaxError) -> String {
        let start = i
        i += 1
        var out = ""
        // The plain characters from `run` up to `i` are not in `out` yet: they are copied in runs,
        // not one by one.
        var run = i
        while let c = current {
            if c == UInt8(ascii: "'") {
                out += string(run..<i)
                i += 1
                return out
            }
            if c == UInt8(ascii: "\\") {
                guard i + 1 < count else { break }
                out += string(run..<i)
                let e = unit(i + 1)
                switch e {
                case UInt8(ascii: "'"):
                    out.append("'")
                case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "\\"):
                    // Kept escaped so States.Format can tell them from placeholders.
                    out.append("\\")
                    out.append(character(i + 1))
                default:
                    throw fail(
                        "illegal escape '\\\(character(i + 1))' in a string argument; allowed are \\' \\{ \\} and \\\\",
                        at: i)
                }
                i += 2
                run = i
                continue
            }
            i += 1
        }
        throw fail("unterminated string argument", at: start)
    }
}
