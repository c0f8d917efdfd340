import Foundation
import Testing

@testable import JSONCore

/// `JSONDocument` against the tree: the same values, the same written bytes, the same errors.
@Suite("JSON document")
struct JSONDocumentTests {
    /// Parses `bytes` both ways and checks they agree: the same error, or identical trees and the
    /// same compact, pretty and 4-space text; returns the document when it parsed.
    @discardableResult
    func agree(
        _ bytes: [UInt8], options: JSONParser.Options = .init(), sourceLocation: SourceLocation = #_sourceLocation
    ) -> JSONDocument? {
        let label = String(decoding: bytes.prefix(80), as: UTF8.self).debugDescription
        let tree: Result<JSONValue, JSONParseError>
        do { tree = .success(try JSONParser(options: options).parse(bytes: bytes)) } catch { tree = .failure(error) }
        let document: Result<JSONDocument, JSONParseError>
        do { document = .success(try JSONDocument(parsing: bytes, options: options)) } catch {
            document = .failure(error)
        }
        switch (tree, document) {
        case (.failure(let a), .failure(let b)):
            #expect(a == b, "\(label)", sourceLocation: sourceLocation)
            return nil
        case (.success(let value), .success(let doc)):
            #expect(doc.value.isIdentical(to: value), "\(label)", sourceLocation: sourceLocation)
            var wide = JSONWriter.pretty
            wide.indentWidth = 4
            for writer in [JSONWriter.compact, .pretty, wide, .compactJava] {
                #expect(doc.string(writer) == writer.string(value), "\(label)", sourceLocation: sourceLocation)
            }
            return doc
        case (.failure(let e), .success):
            Issue.record("\(label): the tree fails (\(e)), the document parses", sourceLocation: sourceLocation)
        case (.success, .failure(let e)):
            Issue.record("\(label): the document fails (\(e)), the tree parses", sourceLocation: sourceLocation)
        }
        return nil
    }

    @discardableResult
    func agree(
        _ text: String, options: JSONParser.Options = .init(), sourceLocation: SourceLocation = #_sourceLocation
    ) -> JSONDocument? {
        agree(Array(text.utf8), options: options, sourceLocation: sourceLocation)
    }

    static let valid: [String] = [
        "null", "true", "false", "0", "-0", "[-0, -0.0, 0.0]", "7", "-12", "123456789012345678", "1234567890123456789",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809", "0.5", "1.25",
        "1.50", "2.0", "1e3", "1E+3", "2e-2", "0.000001", "0.0000001", "1e21", "1e-7", "123456789.012345",
        "12345678901234.5", "1234567890123456.5", "1.7976931348623157e308", "5e-324", "0.30000000000000004",
        "100000000000000000000000", #""""#, #""a""#, #""héllo wörld""#, #""日本語のテキスト、十六バイトより長い""#,
        #""\"\\\/\b\f\n\r\t""#, #""\u0041\u00e9\u4e2d""#, #""\ud83d\ude00 and \uD83D\uDE00""#, #""lone \ud800 high""#,
        #""lone \udc00 low""#, #""high then not low \ud800\u0041""#, #""\ud800""#, #""\u0000\u001f\u007f""#,
        #""a long string without escapes, well over fifteen bytes""#, #""emoji 😀 raw""#, "[]", "{}", "[[]]",
        "[{}]", #"{"a":{}}"#, " \t\r\n [ 1 , 2 ] \n", "\u{FEFF}[1]",
        #"{"a": 1, "b": [true, false, null], "c": {"d": "e"}}"#,
        #"{"a": 1, "b": 2, "a": 3}"#, #"{"a": 1, "a": {"x": [1, 2]}, "b": 0}"#, #"[{"k": 1, "k": 2}, {"k": 3}]"#,
        #"{"ab": 1, "a\u0062": 2}"#, #"{"a\u0062": 1, "ab": 2}"#, #"{"\/": 1, "/": 2}"#, #"{"x": {"y": 1, "y": 2}}"#,
        #"{"key with \"quotes\"": "value\twith\ttabs"}"#, #"["\u2028\u2029", "\u00ff"]"#,
    ]

    @Test("every kind of value: the same tree and the same text, compact and pretty")
    func valuesAgree() throws {
        for text in Self.valid {
            #expect(agree(text) != nil, "\(text.debugDescription) should parse")
        }
    }

    @Test("large objects (hash index) with repeated keys, plain and escaped")
    func largeObjects() throws {
        for repeatAt in [0, 5, 13, 30] {
            var members = (0..<40).map { "\"key\($0)\": \($0)" }
            members.append(#""k\u0065y\#(repeatAt)": "again""#)
            members.append(#""key\#(repeatAt)": [1, {"z": 2}]"#)
            let text = "{" + members.joined(separator: ", ") + "}"
            let doc = agree(text)
            #expect(doc?.root.count == 40)
            #expect(doc?.root["key\(repeatAt)"]?.value == [1, ["z": 2]])
            agree(text, options: .init(rejectDuplicateKeys: true))
        }
        // Keys that differ only past the first word, and long keys.
        let long = String(repeating: "long", count: 10)
        agree(#"{"abcdefgh1": 1, "abcdefgh2": 2, "\#(long)": 3, "\#(long)x": 4, "\#(long)": 5}"#)
        // Small objects (keys compared by length and end bytes first): keys alike but for the
        // middle, repeated plain and escaped.
        let small = agree(#"{"abXcd": 1, "abYcd": 2, "abXcd": 3, "a": 4, "\u0061": 5, "": 6, "": 7}"#)
        #expect(small?.root.count == 4)
        #expect(small?.root["abXcd"]?.value == 3)
        #expect(small?.root["a"]?.value == 5)
        #expect(small?.root.members?.map(\.key) == ["abXcd", "abYcd", "a", ""])
    }

    @Test("deep nesting: at, past and under the limit, and deeper than the writer recurses")
    func nesting() throws {
        for depth in [1, 255, 256, 257, 300, 512, 513] {
            agree(String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth))
            agree(String(repeating: #"{"a":"#, count: depth) + "[]" + String(repeating: "}", count: depth))
        }
        let options = JSONParser.Options(maxDepth: 2_000)
        agree(
            String(repeating: #"[{"a":1,"a":"#, count: 900) + "0" + String(repeating: "}]", count: 900),
            options: options)
        agree("[[[1]]]", options: .init(maxDepth: 3))
        agree("[[[[1]]]]", options: .init(maxDepth: 3))
    }

    @Test("every invalid input of the parser's tests gives the same error from both")
    func invalidInputs() throws {
        let texts = [
            "", "   ", "{", "{\"a\" 1}", "{\"a\": 1,}", "[1, 2", "[1 2]", "{\"a\": 1 \"b\": 2}", "{a: 1}", "tru", "nul",
            "\"abc", "\"a\\qb\"", "\"\\u12G4\"", "\"\\u12\"", "\"a\tb\"", "-", "01", "1.", "1e+", "1e400", "{} x",
            "\n\n  [1,\n   ?]", "@", "[\"héllo\", ?]", "\"a\\nb\u{1}\"", "{\"a\"", "{\"a\":", "{\"a\":1", "[", "[1,",
            "\"\\", "\"\\u", "\"\\ud800\\u12", "{\"a\\n\" 1}", "{\"a\\n\":1,\"b\"}", "-01", "-a", "1.e5", "1e", "[1,]",
            "{\"a\":1,,}", "nulll", "truex", "[01]", "\"\\x\"", "{\"é\" x}",
            String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
            String(repeating: "{\"a\":", count: 10_000) + "1" + String(repeating: "}", count: 10_000),
        ]
        for text in texts {
            #expect(agree(text) == nil, "\(text.prefix(40).debugDescription) should not parse")
        }
        for text in [#"{"a": 1, "a": 3}"#, #"{"a": {"b": 1, "b": 2}}"#, #"{"a\u0062": 1, "ab": 3}"#] {
            agree(text, options: .init(rejectDuplicateKeys: true))
        }
        // Invalid UTF-8 anywhere in a string, with and without escapes, in values and keys.
        for prefix in 0...17 {
            let run = Array(repeating: UInt8(ascii: "a"), count: prefix)
            for bad in [
                [0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
            ]
                as [[UInt8]]
            {
                agree(Array("\"".utf8) + run + bad + Array("\"".utf8))
                agree(Array("\"\\n".utf8) + run + bad + Array("\"".utf8))
                agree(Array("{\"".utf8) + run + bad + Array("\":1}".utf8))
            }
        }
    }

    @Test("every prefix and every one-byte change of a document gives the same result from both")
    func mutations() throws {
        let text = #"{"a": [1, -2.5e3, "x\u00e9\n", true, null], "b\"c": {"d": false, "d": 0}, "é": "😀"}"#
        let bytes = Array(text.utf8)
        for n in 0...bytes.count { agree(Array(bytes[..<n])) }
        var random = SplitMix64(seed: 10)
        let replacements = Array("{}[]\":,\\ \nu0e-+.tfa".utf8) + [0x00, 0x80, 0xC3, 0xFF]
        for i in bytes.indices {
            for _ in 0..<4 {
                var changed = bytes
                changed[i] = replacements[random.below(replacements.count)]
                agree(changed)
                agree(changed, options: .init(rejectDuplicateKeys: true))
            }
        }
    }

    /// A random value: every kind, strings with escapes and non-ASCII characters, edge numbers.
    static func randomValue(_ random: inout SplitMix64, depth: Int) -> JSONValue {
        let strings = ["", "a", "key", "quote \" and \\", "tab\tnew\nline", "é", "😀", "\u{1}", "/slash", "日本"]
        switch random.below(depth > 4 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(random.below(2) == 0)
        case 2:
            let ints: [Int64] = [0, 1, -1, 42, Int64.max, Int64.min, 1 << 53, -(1 << 53) - 1]
            return .number(.int(ints[random.below(ints.count)]))
        case 3:
            let doubles = [
                0.5, -0.25, 1e21, 1e-7, 123.456, 1.7976931348623157e308, 0.1 + 0.2, 1e300, Double.leastNonzeroMagnitude,
            ]
            return .number(.double(doubles[random.below(doubles.count)]))
        case 4:
            let count = random.below(3)
            return .string((0..<count).map { _ in strings[random.below(strings.count)] }.joined())
        case 5:
            return .array((0..<random.below(5)).map { _ in randomValue(&random, depth: depth + 1) })
        default:
            var object = JSONObject()
            for _ in 0..<random.below(16) {
                object[strings[random.below(strings.count)] + String(random.below(20))] = randomValue(
                    &random, depth: depth + 1)
            }
            return .object(object)
        }
    }

    @Test("random documents: the same tree and text, and navigation finds what the tree holds")
    func randomDocuments() throws {
        var random = SplitMix64(seed: 2026)
        for _ in 0..<300 {
            let value = Self.randomValue(&random, depth: 0)
            for writer in [JSONWriter.compact, .pretty, JSONWriter(escapeNonASCII: true)] {
                guard let doc = agree(writer.string(value)) else { continue }
                checkNavigation(doc.root, value)
            }
        }
    }

    /// Every accessor of `node` against the tree `value`, recursively.
    func checkNavigation(_ node: JSONDocument.Node, _ value: JSONValue) {
        #expect(node.value.isIdentical(to: value))
        #expect(node.isNull == value.isNull)
        #expect(node.boolValue == value.boolValue)
        #expect(node.stringValue == value.stringValue)
        switch (node.numberValue, value.numberValue) {
        case (.int(let a)?, .int(let b)?): #expect(a == b)
        case (.double(let a)?, .double(let b)?): #expect(a.bitPattern == b.bitPattern)
        case (nil, nil): break
        default: Issue.record("numbers differ: \(String(describing: node.numberValue)) and \(value)")
        }
        switch value {
        case .array(let a):
            #expect(node.kind == .array)
            #expect(node.count == a.count)
            let elements = Array(node.elements ?? .init(document: node.document, start: 0, end: 0))
            #expect(elements.count == a.count)
            for (i, e) in a.enumerated() {
                #expect(node[i]?.value.isIdentical(to: e) == true)
                if i < elements.count { checkNavigation(elements[i], e) }
            }
            #expect(node[a.count] == nil && node[-1] == nil && node["a"] == nil)
        case .object(let o):
            #expect(node.kind == .object)
            #expect(node.count == o.count)
            let members = node.members ?? []
            #expect(members.map(\.key) == o.keys)
            for (i, (k, v)) in o.enumerated() {
                #expect(node[k]?.value.isIdentical(to: v) == true)
                if i < members.count { checkNavigation(members[i].value, v) }
            }
            #expect(node["no such key"] == nil && node[0] == nil)
        default:
            #expect(node.count == 0 && node.elements == nil && node.members == nil)
        }
    }

    @Test("navigation in a document with repeated and escaped keys, and positions")
    func navigation() throws {
        let text = "{\n  \"a\": 1,\n  \"b\\u0022\": [10, {\"c\": \"d\"}],\n  \"a\": 2\n}"
        let doc = try JSONDocument(parsing: text)
        #expect(doc.root.kind == .object)
        #expect(doc.root.count == 2)
        #expect(doc.root["a"]?.numberValue == .int(2))
        #expect(doc.root["b\""]?[1]?["c"]?.stringValue == "d")
        #expect(doc.root.members?.map(\.key) == ["a", "b\""])
        let offset = Array(text.utf8).firstIndex(of: UInt8(ascii: "{"), after: 1)
        #expect(doc.root["b\""]?[1]?.position == SourcePosition(line: 3, column: 19, offset: offset))
        #expect(doc.root["b\""]?[1]?.position == JSONParser.position(of: offset, in: text))
        #expect(doc.root["b\""]?.elements.map { Array($0).map(\.kind) } == [.number, .object])
    }

    @Test("the writer's short-string path escapes what the byte-by-byte path escapes, at every length and place")
    func shortStrings() {
        for length in 0...17 {
            for special in ["a", "\"", "\\", "\n", "\u{1}", "\u{1F}", "/", "\u{7F}", " "] {
                for at in 0..<max(length, 1) {
                    var characters = Array(repeating: "x", count: length)
                    if length > 0 { characters[at] = special }
                    let s = characters.joined()
                    var fast: [UInt8] = []
                    var slow: [UInt8] = []
                    JSONWriter.writeString(s, into: &fast)
                    // All ASCII: the `\uXXXX` path escapes the same bytes, one at a time.
                    JSONWriter.writeString(s, into: &slow, escapeNonASCII: true)
                    #expect(fast == slow, "\(s.debugDescription)")
                }
            }
        }
    }

    @Test("objects the parser marks as having distinct keys, and objects with repeats it must not mark")
    func distinctMarks() throws {
        // Keys alike in length, first and last byte (one mark) and unlike ones, repeated or not.
        for n in 1...40 {
            let keys = (0..<n).map { "k\($0 % 10)\($0 / 10)z" }
            let plain = "{" + keys.map { "\"\($0)\": 1" }.joined(separator: ", ") + "}"
            let doc = try #require(agree(Array(plain.utf8)))
            #expect(doc.root.count == n)
            for at in [0, n / 2, n - 1] {
                let repeated = "{" + (keys + [keys[at]]).map { "\"\($0)\": \"\($0)\"" }.joined(separator: ",") + "}"
                let doc = try #require(agree(Array(repeated.utf8)))
                #expect(doc.tape[0] & Tape.distinct == 0)
                #expect(doc.root.count == n)
            }
        }
        let marked = try JSONDocument(parsing: #"{"a": {"b": 1, "c": [{"d": 1, "d": 2}]}, "e": 3}"#)
        #expect(marked.tape[0] & Tape.distinct != 0)
        #expect(marked.root["a"].map { $0.document.tape[2 &* $0.index] & Tape.distinct != 0 } == true)
        #expect(marked.root["a"]?["c"]?[0]?.count == 1)
        #expect(marked.string() == #"{"a":{"b":1,"c":[{"d":2}]},"e":3}"#)
    }

    @Test("the conformance corpus's files: the same tree and text (when ../shared is present)")
    func corpus() throws {
        let directory = "../shared/conformance/localstack"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names.sorted() where name.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: directory + "/" + name) else { continue }
            agree([UInt8](data))
        }
    }
}

extension Array where Element == UInt8 {
    /// The first index of `byte` after `start`.
    fileprivate func firstIndex(of byte: UInt8, after start: Int) -> Int {
        self[(start + 1)...].firstIndex(of: byte) ?? -1
    }
}
