import Testing

@testable import JSONCore

@Suite("JSON parser")
struct JSONParserTests {
    /// Parses `text`, expecting an error; returns it.
    func parseError(_ text: String, options: JSONParser.Options = .init()) -> JSONParseError? {
        do {
            _ = try JSONParser(options: options).parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "every syntax error names the problem and its line and column",
        arguments: [
            ("", "empty", 1, 1),
            ("   ", "empty", 1, 4),
            ("{", "end of input", 1, 2),
            ("{\"a\" 1}", "expected ':'", 1, 6),
            ("{\"a\": 1,}", "expected a member name", 1, 9),
            ("[1, 2", "end of input", 1, 6),
            ("[1 2]", "expected ',' or ']'", 1, 4),
            ("{\"a\": 1 \"b\": 2}", "expected ',' or '}'", 1, 9),
            ("{a: 1}", "member name in double quotes", 1, 2),
            ("tru", "invalid literal", 1, 1),
            ("nul", "invalid literal", 1, 1),
            ("\"abc", "unterminated string", 1, 1),
            ("\"a\\qb\"", "invalid escape", 1, 3),
            ("\"\\u12G4\"", "hexadecimal", 1, 6),
            ("\"\\u12\"", "\\u", 1, 4),
            ("\"a\tb\"", "control character", 1, 3),
            ("-", "digit after '-'", 1, 1),
            ("01", "leading zeros", 1, 1),
            ("1.", "digit after '.'", 1, 1),
            ("1e+", "exponent", 1, 1),
            ("1e400", "out of range", 1, 1),
            ("{} x", "after the end", 1, 4),
            ("\n\n  [1,\n   ?]", "expected a value", 4, 4),
            ("@", "expected a value", 1, 1),
        ])
    func syntaxErrors(text: String, fragment: String, line: Int, column: Int) {
        let e = parseError(text)
        #expect(e != nil, "\(text.debugDescription) should not parse")
        guard let e else { return }
        #expect(e.message.contains(fragment), "message '\(e.message)' should mention '\(fragment)'")
        #expect(e.position.line == line, "\(text.debugDescription): line \(e.position.line), expected \(line)")
        #expect(
            e.position.column == column, "\(text.debugDescription): column \(e.position.column), expected \(column)")
    }

    @Test("columns count characters, not bytes")
    func columnsCountCharacters() {
        let e = parseError("[\"héllo\", ?]")
        #expect(e?.position.line == 1)
        #expect(e?.position.column == 11)
    }

    @Test("integers stay integers, fractions and exponents become doubles")
    func numberKinds() throws {
        #expect(try JSONParser.parse("42") == .number(.int(42)))
        #expect(try JSONParser.parse("-7") == .number(.int(-7)))
        guard case .number(.double(let d)) = try JSONParser.parse("1.5") else {
            Issue.record("1.5 should be a double")
            return
        }
        #expect(d == 1.5)
        guard case .number(.double) = try JSONParser.parse("1e2") else {
            Issue.record("1e2 should be a double")
            return
        }
        guard case .number(.double) = try JSONParser.parse("2.0") else {
            Issue.record("2.0 should be a double (written with a fraction)")
            return
        }
    }

    @Test("minus zero reads as the integer 0, as AWS's Jackson-based engine reads it")
    func minusZero() throws {
        let v = try JSONParser.parse("-0")
        #expect(v == .number(.int(0)))
        #expect(JSONWriter.compact.string(v) == "0")
        #expect(try JSONParser.parse("-0.0") == .number(.double(0)))
    }

    @Test("the 64-bit boundary: 2^63-1 is an Int64, 2^63 and beyond are doubles")
    func int64Boundary() throws {
        #expect(try JSONParser.parse("9223372036854775807") == .number(.int(Int64.max)))
        #expect(try JSONParser.parse("-9223372036854775808") == .number(.int(Int64.min)))
        guard case .number(.double(let d)) = try JSONParser.parse("9223372036854775808") else {
            Issue.record("2^63 should be read as a double")
            return
        }
        #expect(d == 9_223_372_036_854_775_808.0)
        guard case .number(.double(let big)) = try JSONParser.parse("123456789012345678901234567890") else {
            Issue.record("a 30-digit integer should be read as a double")
            return
        }
        #expect(big == 1.2345678901234568e29)
    }

    @Test("a huge digit string is a clear error or a finite double, never a crash")
    func hugeDigitStrings() throws {
        let digits = String(repeating: "9", count: 5000)
        #expect(parseError(digits)?.message.contains("out of range") == true)
        let fraction = "0." + String(repeating: "1", count: 5000)
        guard case .number(.double(let d)) = try JSONParser.parse(fraction) else {
            Issue.record("a long fraction should be a double")
            return
        }
        #expect(abs(d - 0.1111111111111111) < 1e-15)
        #expect(parseError("-1e400")?.message.contains("out of range") == true)
        #expect(try JSONParser.parse("1e-400") == .number(.double(0)))
    }

    @Test("string escapes, including surrogate pairs")
    func escapes() throws {
        #expect(try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{C}\n\r\t"))
        #expect(try JSONParser.parse(#""\u00e9\u4e2d""#) == .string("é中"))
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONParser.parse("\"😀 raw\"") == .string("😀 raw"))
        // Runs between escapes, raw non-ASCII after an escape, and escapes at both ends.
        #expect(try JSONParser.parse(#""\"{\"id\":1,\"é\":\"中\"}\"""#) == .string(#""{"id":1,"é":"中"}""#))
        #expect(try JSONParser.parse(#""\n""#) == .string("\n"))
        // Invalid UTF-8 after an escape is still an error.
        var bytes = Array(#""a\nb"#.utf8)
        bytes += [0xC3, 0x28, 0x22]
        #expect(throws: JSONParseError.self) { try JSONParser().parse(bytes: bytes) }
        // A control character after an escape must be escaped too.
        #expect(throws: JSONParseError.self) { try JSONParser.parse("\"a\\nb\u{1}\"") }
    }

    @Test("a lone surrogate escape becomes U+FFFD instead of failing")
    func loneSurrogates() throws {
        // JSON text allows lone surrogate escapes; Swift strings cannot hold them.
        for text in [#""\ud83d""#, #""\ude00x""#, #""\ud83d\u0041""#] {
            guard case .string(let s) = try JSONParser.parse(text) else {
                Issue.record("\(text) should be a string")
                continue
            }
            #expect(s.unicodeScalars.contains("\u{FFFD}"), "\(text) -> \(s.debugDescription)")
        }
    }

    @Test("invalid UTF-8 bytes are an error at the string")
    func invalidUTF8() {
        let bytes: [UInt8] = Array("[\"ab".utf8) + [0xFF, 0xFE] + Array("\"]".utf8)
        do {
            _ = try JSONParser().parse(bytes: bytes)
            Issue.record("invalid UTF-8 should not parse")
        } catch {
            #expect(error.message.contains("UTF-8"))
            #expect(error.position.line == 1)
        }
    }

    @Test("10,000 levels of nesting give one clear error, not a crash")
    func deepNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let e = parseError(deep)
        #expect(e?.message.contains("nesting is deeper than 512") == true)
        #expect(e?.position.column == 513)
        let objects = String(repeating: "{\"a\":", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(parseError(objects)?.message.contains("nesting") == true)
    }

    @Test("nesting up to the limit parses")
    func nestingAtLimit() throws {
        let text = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        _ = try JSONParser.parse(text)
        let limited = JSONParser.Options(maxDepth: 3)
        #expect(parseError("[[[1]]]", options: limited) == nil)
        #expect(parseError("[[[[1]]]]", options: limited) != nil)
    }

    @Test("duplicate keys: last value wins in first position, or an error when asked")
    func duplicateKeys() throws {
        let v = try JSONParser.parse(#"{"a": 1, "b": 2, "a": 3}"#)
        #expect(v["a"] == .number(.int(3)))
        #expect(v.objectValue?.keys == ["a", "b"])
        let e = parseError(#"{"a": 1, "a": 3}"#, options: .init(rejectDuplicateKeys: true))
        #expect(e?.message.contains("duplicate key \"a\"") == true)
        #expect(e?.position.column == 10)
    }

    @Test("whitespace and a BOM-free document around a value")
    func whitespace() throws {
        #expect(try JSONParser.parse(" \t\r\n true \n") == .bool(true))
        #expect(try JSONParser.parse("null") == .null)
        #expect(try JSONParser.parse("[]") == .array([]))
        #expect(try JSONParser.parse("{}") == .object(JSONObject()))
    }

    @Test("the source map gives the line and column of a nested value")
    func sourceMap() throws {
        let text = """
            {
              "States": {
                "A": {"Type": "Pass", "Next": "B"}
              }
            }
            """
        let (_, map) = try JSONParser().parseWithSourceMap(text)
        let next = map.exactPosition(of: FieldPath.root.appending("States").appending("A").appending("Next"))
        #expect(next?.line == 3)
        #expect(next != nil && next!.column > 20)
        // A path that does not exist falls back to its nearest ancestor.
        #expect(map.position(of: FieldPath.root.appending("States").appending("A").appending("Missing"))?.line == 3)
    }
}

@Suite("Repeated keys")
struct DuplicateKeyTests {
    @Test func theFirstLookSaysWhetherAKeyRepeats() throws {
        #expect(try JSONParser().parseNotingDuplicateKeys(#"{"a": 1, "b": {"a": 2}}"#).repeats == false)
        let (value, repeats) = try JSONParser().parseNotingDuplicateKeys(#"{"a": 1, "a": 2}"#)
        #expect(repeats)
        #expect(value == ["a": 2])
    }

    @Test func repeatsAreFoundInLargeObjectsAndThroughEscapes() throws {
        // Past JSONObject.indexThreshold keys the parser looks repeats up in an index.
        let members = (0..<40).map { "\"k\($0)\": \($0)" }
        let text = "{" + members.joined(separator: ", ") + #", "k3": "again", "k\u0031": "escaped", "k39": [1]}"#
        let (value, repeats) = try JSONParser().parseNotingDuplicateKeys(text)
        #expect(repeats)
        let object = try #require(value.objectValue)
        #expect(object.count == 40)
        #expect(object.keys == (0..<40).map { "k\($0)" })
        #expect(object["k3"] == "again")
        #expect(object["k1"] == "escaped")
        #expect(object["k39"] == [1])
        #expect(object["k20"] == 20)
        // A small object: the repeat is found by its escaped spelling too, and nested objects keep their own keys.
        let small = try JSONParser.parse(#"{"a": {"a": 1, "b": [{"a": 2}]}, "\u0061": 3, "b": 4}"#)
        #expect(small == ["a": 3, "b": 4])
        #expect(small.objectValue?.keys == ["a", "b"])
        let strict = JSONParser(options: .init(rejectDuplicateKeys: true))
        #expect(throws: JSONParseError.self) { try strict.parse(text) }
        do {
            _ = try strict.parse(text)
        } catch {
            #expect(error.message.contains("duplicate key \"k3\""))
        }
    }

    @Test func theSourceMapLocatesEachRepeatOnceWithItsFirstOccurrence() throws {
        let text = "{\"x\": {\"a\": {\"k\": 1},\n \"a\": {\"k\": 2}, \"a\": 3}}"
        let (_, map) = try JSONParser().parseWithSourceMap(text)
        #expect(map.duplicateKeys.count == 2)
        #expect(map.duplicateKeys.allSatisfy { $0.path == FieldPath([.key("x"), .key("a")]) })
        let first = try #require(map.duplicateKeys.first)
        #expect([first.first.line, first.first.column, first.second.line, first.second.column] == [1, 8, 2, 2])
    }
}
