import JSONCore
import Testing

@testable import StepFunctionsModel

/// `IntrinsicParser` reads a printable-ASCII call from its bytes and any other text as `Character`s:
/// both must give what the parser did before (kept below as ``LegacyIntrinsicParser``, which read
/// every text as `Character`s), calls and errors alike, on fixed, random and mutated texts.
@Suite("Intrinsic parser paths")
struct IntrinsicParserTests {
    /// The call or the error, as a comparable value.
    enum Outcome: Equatable {
        case call(IntrinsicFunction)
        case error(JSONPathSyntaxError)
    }

    static func new(_ text: String, characters: Bool) -> Outcome {
        var parser = IntrinsicParser(text, characters: characters)
        do { return .call(try parser.parseTop()) } catch { return .error(error) }
    }

    static func legacy(_ text: String) -> Outcome {
        var parser = LegacyIntrinsicParser(text)
        do { return .call(try parser.parseTop()) } catch { return .error(error) }
    }

    /// Checks the three readings of `text` agree; true when the byte path read it.
    @discardableResult
    static func agree(_ text: String) -> Bool {
        let old = legacy(text)
        #expect(new(text, characters: false) == old, "\(text.unicodeScalars.map(\.value))")
        #expect(new(text, characters: true) == old, "\(text.unicodeScalars.map(\.value))")
        return IntrinsicParser(text).ascii != nil
    }

    static let samples = [
        "States.Format('Hello, {}', $.name)", "States.Array(States.UUID(), $.a['x,y'], States.MathAdd($.n, 1))",
        #"States.Format('\{\} \\ {}', 1)"#, "States.StringToJson($.s)", "States.JsonMerge($.a, $.b, false)",
        "States.ArrayRange(1, 9, 2)", "States.MathAdd(-1.5, 2e3)", "States.Array(true, false, null, $$.Execution.Id)",
        "States.Array(truex, nullish)", "States.Format('it\\'s {}', $var.x)", "States.Hash($.d, 'SHA-256')",
        "States.ArrayGetItem($.a[0], 0)", "States.Array( 1 , 2 )", "States.UUID", "States.Xyz($.a)", "Foo($.a)",
        "States.Format('a'", "States.Format('a)", "States.Format('\\n')", "States.Format('a' 'b')",
        "States.Format('a'))", "States.Format(@)", "States.Format($.a[)", " States.Array(1)", "",
        "States.Format('é {}', $.ü)", "States.Format('a\r\nb')", "States.Array(1\r\n)", "States.Array(\u{37E})",
        "States.Format('\\\u{301}')", "States.Array(t\u{301}rue)", "States.Array(true\u{301})",
        "States.Array(K, \u{212A})", "States.MathAdd(1e400, 1)", "States.Array(1,,2)", "States.Array($.a , $.b )",
    ]

    @Test("fixed calls and errors: the byte and character paths give what the old parser gave")
    func fixedTexts() {
        for text in IntrinsicParserTests.samples { IntrinsicParserTests.agree(text) }
    }

    @Test("random texts of call pieces: the byte and character paths give what the old parser gave")
    func randomTexts() {
        let pieces = [
            "States.Format", "States.Array", "States.MathAdd", "States.UUID", "(", ")", ",", " ", "'", "\\", "{", "}",
            "$", "$.a", "$$.x", "$v", "[", "]", "1", "-", ".", "e", "true", "false", "null", "t", "n", "é", "\u{301}",
            "\r\n", "\t", "x", "_", "\"", "States.",
        ]
        var random = SplitMix64(seed: 0x1A7_5EED)
        var bytePath = 0
        for _ in 0..<20_000 {
            let text = (0..<random.below(12)).map { _ in pieces[random.below(pieces.count)] }.joined()
            if IntrinsicParserTests.agree(text) { bytePath += 1 }
        }
        // The byte path was taken (the test would prove nothing otherwise).
        #expect(bytePath > 5_000)
    }

    @Test("mutated and truncated calls: the byte and character paths give what the old parser gave")
    func mutatedTexts() {
        var random = SplitMix64(seed: 0xC0FFEE)
        let alphabet = Array("()',$.[]\\ {}-e1aStu\u{301}é")
        for sample in IntrinsicParserTests.samples {
            let chars = Array(sample)
            for cut in 0...chars.count { IntrinsicParserTests.agree(String(chars[..<cut])) }
            for _ in 0..<200 where !chars.isEmpty {
                var m = chars
                let at = random.below(m.count)
                switch random.below(3) {
                case 0: m[at] = alphabet[random.below(alphabet.count)]
                case 1: m.remove(at: at)
                default: m.insert(alphabet[random.below(alphabet.count)], at: at)
                }
                IntrinsicParserTests.agree(String(m))
            }
        }
    }

    @Test("an operator's name finds it as its raw value does")
    func comparisonOperatorNames() {
        for op in ComparisonOperator.allCases {
            #expect(ComparisonOperator(name: op.rawValue) == op)
        }
        let texts = [
            "", "S", "StringEqual", "StringEqualsX", "stringEquals", "IsNull", "IsNul", "Is", "Variable", "Next",
            "TimestampGreaterThanEqualsPath", "TimestampGreaterThanEqualsPathX", "StringEquals\u{301}", "\u{1}",
        ]
        for text in texts { #expect(ComparisonOperator(name: text) == ComparisonOperator(rawValue: text), "\(text)") }
        var random = SplitMix64(seed: 99)
        let names = ComparisonOperator.allCases.map(\.rawValue)
        for _ in 0..<5_000 {
            var text = Array(names[random.below(names.count)])
            if random.below(2) == 0, !text.isEmpty { text.remove(at: random.below(text.count)) }
            let s = String(text)
            #expect(ComparisonOperator(name: s) == ComparisonOperator(rawValue: s), "\(s)")
        }
    }

    @Test("common fields read in one pass are the fields the typed getters read")
    func commonFields() throws {
        var random = SplitMix64(seed: 5)
        let values: [FieldValue] = [
            .string("c"), .string("JSONata"), .string("JSONPath"), .string("x"), .bool(true),
            .nullablePath(.null), .nullablePath(.path(try JSONPath(parsing: "$.a"))),
            .template(.literal(.string("t"))), .integer(3),
        ]
        let fields: [ASLField] = [.comment, .queryLanguage, .inputPath, .outputPath, .output, .assign, .next, .end]
        for _ in 0..<2_000 {
            var set = FieldSet()
            for _ in 0..<random.below(8) {
                set[fields[random.below(fields.count)]] = values[random.below(values.count)]
            }
            let common = CommonFields(set)
            #expect(common.comment == set.string(.comment))
            #expect(common.queryLanguage == set.enumeration(.queryLanguage, as: QueryLanguage.self))
            #expect(common.inputPath == set.nullablePath(.inputPath))
            #expect(common.outputPath == set.nullablePath(.outputPath))
            #expect(common.output == set.template(.output))
            #expect(common.assign == set.template(.assign))
        }
    }
}

/// The parser as it was before it read bytes: every text as `Character`s (the reference).
struct LegacyIntrinsicParser {
    let chars: [Character]
    let text: String
    var i = 0
    /// How deeply calls nest here.
    var depth = 0
    /// The deepest nesting of calls accepted: hostile input (20,000 nested calls) is an error, never
    /// a stack overflow or quadratic work. AWS's own limit is not known.
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

    var current: Character? { i < chars.count ? chars[i] : nil }

    func fail(_ message: String, at offset: Int? = nil) -> JSONPathSyntaxError {
        JSONPathSyntaxError(message: message, offset: offset ?? i)
    }

    mutating func skipSpaces() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1 }
    }

    mutating func parseTop() throws(JSONPathSyntaxError) -> IntrinsicFunction {
        let call = try parseCall()
        skipSpaces()
        guard i >= chars.count else { throw fail("unexpected '\(chars[i])' after the end of the call") }
        return call
    }

    mutating func parseCall() throws(JSONPathSyntaxError) -> IntrinsicFunction {
        guard depth < LegacyIntrinsicParser.maxDepth else {
            throw fail("intrinsic function calls nest more than \(LegacyIntrinsicParser.maxDepth) levels deep")
        }
        depth += 1
        defer { depth -= 1 }
        let start = i
        while let c = current, c.isLetterQuick || c.isNumberQuick || c == "." || c == "_" { i += 1 }
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
        guard current == "(" else { throw fail("expected '(' after \(nameText)") }
        i += 1
        var args: [IntrinsicFunction.Argument] = []
        skipSpaces()
        if current == ")" {
            i += 1
            return IntrinsicFunction(name: name, arguments: [], source: string(start..<i))
        }
        while true {
            skipSpaces()
            args.append(try parseArgument())
            skipSpaces()
            guard let c = current else { throw fail("expected ')' to close \(nameText)(", at: start) }
            if c == "," {
                i += 1
                continue
            }
            if c == ")" {
                i += 1
                break
            }
            throw fail("unexpected '\(c)' in the arguments of \(nameText); expected ',' or ')'")
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

    mutating func parseArgument() throws(JSONPathSyntaxError) -> IntrinsicFunction.Argument {
        guard let c = current else { throw fail("expected an argument") }
        if c == "'" { return .string(try parseString()) }
        if c == "$" {
            // A path runs until ',' or ')' at this level (brackets and quotes may hold either).
            let start = i
            // Over the bytes when each character is one (comparing `Character`s costs a string
            // comparison each).
            i =
                ascii.map { LegacyIntrinsicParser.pathArgumentEnd($0, from: start) { $0 } }
                ?? LegacyIntrinsicParser.pathArgumentEnd(chars, from: start) { $0.asciiValue ?? 0x80 }
            var text = string(start..<min(i, chars.count))
            while text.last == " " { text.removeLast() }
            do {
                return .path(try JSONPath(parsing: text))
            } catch {
                throw JSONPathSyntaxError(
                    message: "invalid path argument '\(text)': \(error.message)", offset: start + error.offset)
            }
        }
        if c == "-" || c.isNumberQuick {
            let start = i
            i += 1
            while let d = current, d.isNumberQuick || d == "." || d == "e" || d == "E" || d == "+" || d == "-" {
                i += 1
            }
            let t = string(start..<i)
            if let v = Int64(t) { return .number(.int(v)) }
            if let v = Double(t), v.isFinite { return .number(.double(v)) }
            throw fail("invalid number '\(t)'", at: start)
        }
        // Only an argument starting t, f or n can be a literal word (the loop builds arrays).
        if c == "t" || c == "f" || c == "n" {
            for (word, value) in [
                ("true", IntrinsicFunction.Argument.bool(true)), ("false", .bool(false)), ("null", .null),
            ] {
                let w = Array(word)
                if i + w.count <= chars.count && Array(chars[i..<(i + w.count)]) == w {
                    let after = i + w.count
                    if after >= chars.count || !(chars[after].isLetterQuick || chars[after].isNumberQuick) {
                        i = after
                        return value
                    }
                }
            }
        }
        if c.isLetterQuick { return .call(try parseCall()) }
        throw fail("unexpected '\(c)'; an argument is a 'string', a number, true, false, null, a path or a call")
    }

    /// A single-quoted string; the escapes Step Functions allows are `\'`, `\{`, `\}` and `\\`.
    mutating func parseString() throws(JSONPathSyntaxError) -> String {
        let start = i
        i += 1
        var out = ""
        while let c = current {
            if c == "'" {
                i += 1
                return out
            }
            if c == "\\" {
                guard i + 1 < chars.count else { break }
                let e = chars[i + 1]
                switch e {
                case "'":
                    out.append("'")
                case "{", "}", "\\":
                    // Kept escaped so States.Format can tell them from placeholders.
                    out.append("\\")
                    out.append(e)
                default:
                    throw fail("illegal escape '\\\(e)' in a string argument; allowed are \\' \\{ \\} and \\\\", at: i)
                }
                i += 2
                continue
            }
            out.append(c)
            i += 1
        }
        throw fail("unterminated string argument", at: start)
    }
}
