import JSONCore
import Testing
import YAML

/// Every error names its kind, line and column, and what is wrong.
@Suite struct YAMLErrorTests {
    @Test func badIndentation() {
        YAMLTestSupport.expectError("a:\n  b: 1\n c: 2\n", .badIndentation, line: 3, column: 2, "column 1")
        YAMLTestSupport.expectError("a:\n  - x\n - y\n", .badIndentation, line: 3, column: 2)
        YAMLTestSupport.expectError("- a\nb: c\n", .badIndentation, line: 2, column: 1, "found a mapping key")
        YAMLTestSupport.expectError("a: 1\n- b\n", .badIndentation, line: 2, column: 1, "found a sequence entry")
        YAMLTestSupport.expectError("a: |\n    x\n  y\n", .badIndentation, line: 3, column: 3)
    }

    @Test func overIndentedValuesAndColonsInPlainText() {
        YAMLTestSupport.expectError("a: 1\n  b: 2\n", .syntax, line: 2, column: 4, "check the indentation")
        YAMLTestSupport.expectError("Description: Note: it fails\n", .syntax, line: 1, column: 18, "quote a value")
        YAMLTestSupport.expectError("key: - a\n", .syntax, line: 1, column: 6, "sequence entry")
    }

    @Test func tabIndentation() {
        YAMLTestSupport.expectError("a:\n\tb: 1\n", .tabIndentation, line: 2, column: 1, "tab")
        YAMLTestSupport.expectError("a:\n  \tb: 1\n", .tabIndentation, line: 2, column: 3)
        YAMLTestSupport.expectError("a:\n\t- b\n", .tabIndentation, line: 2, column: 1)
    }

    @Test func missingColon() {
        YAMLTestSupport.expectError("a: 1\nb\nc: 2\n", .syntax, line: 2, column: 1, "expected ':'")
        YAMLTestSupport.expectError("a: 1\nb", .syntax, line: 2, column: 1, "expected ':'")
    }

    @Test func unterminatedQuotes() {
        YAMLTestSupport.expectError("a: \"open\nb: 2\n", .unterminatedScalar, line: 1, column: 4, "double-quoted")
        YAMLTestSupport.expectError("a: 'open\n", .unterminatedScalar, line: 1, column: 4, "single-quoted")
        YAMLTestSupport.expectError("a: \"x\n---\ny\"\n", .unterminatedScalar, line: 1, column: 4, "document marker")
        YAMLTestSupport.expectError("a: \"ends with backslash\\", .unterminatedScalar, line: 1, column: 4)
    }

    @Test func unterminatedFlowCollections() {
        YAMLTestSupport.expectError("a: [1, 2\n", .unterminatedFlowCollection, line: 1, column: 4, "'[' at 1:4")
        YAMLTestSupport.expectError(
            "a: {x: 1,\n  y: 2\n", .unterminatedFlowCollection, line: 1, column: 4, "never closed")
        YAMLTestSupport.expectError("a: [1, 2\nb: 3\n", .syntax, line: 2, column: 2, "expected ',' or ']'")
        YAMLTestSupport.expectError("a: [1 2}\n", .syntax, line: 1, column: 8)
        YAMLTestSupport.expectError("a: ]\n", .syntax, line: 1, column: 4, "closes no flow collection")
        YAMLTestSupport.expectError("[a, - b]\n", .syntax, line: 1, column: 5, "inside a flow collection")
        YAMLTestSupport.expectError("[, a]\n", .syntax, line: 1, column: 2, "expected a value")
    }

    @Test func duplicateKeysReportBothLines() {
        guard let error = YAMLTestSupport.error("a: 1\nb: 2\na: 3\n") else { return }
        #expect(error.kind == .duplicateKey)
        #expect(error.line == 3 && error.column == 1)
        #expect(error.relatedPosition?.line == 1)
        #expect(error.message.contains("'a'") && error.message.contains("line 1"))
        YAMLTestSupport.expectError("{x: 1, y: 2, x: 3}\n", .duplicateKey, line: 1, column: 14)
        YAMLTestSupport.expectError("1: a\n\"1\": b\n", .duplicateKey, line: 2, column: 1)
        // Many keys: found through the index too.
        let many = (0..<20).map { "k\($0): \($0)" }.joined(separator: "\n") + "\nk7: again\n"
        YAMLTestSupport.expectError(many, .duplicateKey, line: 21, column: 1, "line 8")
    }

    @Test func keysMustBeScalars() {
        YAMLTestSupport.expectError("[a, b]: c\n", .invalidKey, line: 1, column: 1, "sequence")
        YAMLTestSupport.expectError("{a: 1}: c\n", .invalidKey, line: 1, column: 1, "mapping")
        YAMLTestSupport.expectError("? - a\n: v\n", .invalidKey, line: 1, column: 3)
        YAMLTestSupport.expectError(": v\n", .invalidKey, line: 1, column: 1, "missing")
        YAMLTestSupport.expectError("{: v}\n", .invalidKey, line: 1, column: 2)
    }

    @Test func escapes() {
        YAMLTestSupport.expectError(#"a: "bad \q escape""#, .invalidEscape, line: 1, column: 9, #"'\q'"#)
        YAMLTestSupport.expectError(#"a: "\x4""#, .invalidEscape, line: 1, column: 5, "2 hexadecimal digits")
        YAMLTestSupport.expectError(#"a: "\uD800""#, .invalidEscape, line: 1, column: 5, "not a Unicode scalar")
        YAMLTestSupport.expectError(#"a: "\U00110000""#, .invalidEscape, line: 1, column: 5)
    }

    @Test func tags() {
        YAMLTestSupport.expectError("a: !!int abc\n", .invalidValue, line: 1, column: 10, "!!int")
        YAMLTestSupport.expectError("a: !!bool yes\n", .invalidValue, line: 1, column: 11)
        YAMLTestSupport.expectError("a: !!null x\n", .invalidValue, line: 1, column: 11)
        YAMLTestSupport.expectError("a: !!float x\n", .invalidValue, line: 1, column: 12)
        YAMLTestSupport.expectError("a: !!str [x]\n", .invalidTag, line: 1, column: 4, "sequence")
        YAMLTestSupport.expectError("a: !!seq {x: 1}\n", .invalidTag, line: 1, column: 4, "mapping")
        YAMLTestSupport.expectError("a: !!set x\n", .invalidTag, line: 1, column: 4, "unsupported tag '!!set'")
        YAMLTestSupport.expectError("a: !e!x y\n", .invalidTag, line: 1, column: 4, "%TAG")
        YAMLTestSupport.expectError("a: !<tag:example.com,2024:x> y\n", .invalidTag, line: 1, column: 4)
        YAMLTestSupport.expectError("a: !<unclosed y\n", .invalidTag, line: 1, column: 4, "'>'")
        YAMLTestSupport.expectError("a: !Ref\"x\"\n", .invalidTag, line: 1, column: 8, "space after the tag")
    }

    @Test func anchorsAndAliasesNeedNames() {
        YAMLTestSupport.expectError("a: & x\n", .syntax, line: 1, column: 4, "name")
        YAMLTestSupport.expectError("a: * \n", .syntax, line: 1, column: 4, "name")
    }

    @Test func forbiddenCharacters() {
        YAMLTestSupport.expectError("a: b\u{0}c\n", .invalidCharacter, line: 1, column: 5, "U+0000")
        YAMLTestSupport.expectError("a: 1\nb: \u{7}\n", .invalidCharacter, line: 2, column: 4, "U+0007")
        YAMLTestSupport.expectError("é: \u{85}x\u{9F}\n", .invalidCharacter, line: 1, column: 6, "U+009F")
        YAMLTestSupport.expectError("a: \u{FFFE}\n", .invalidCharacter, line: 1, column: 4, "U+FFFE")
        YAMLTestSupport.expectError("a: @x\n", .syntax, line: 1, column: 4, "reserved")
        YAMLTestSupport.expectError("a: `x`\n", .syntax, line: 1, column: 4, "reserved")
    }

    @Test func blockScalarHeaders() {
        YAMLTestSupport.expectError("a: |0\n  x\n", .syntax, line: 1, column: 5, "1 to 9")
        YAMLTestSupport.expectError("a: |x\n  y\n", .syntax, line: 1, column: 5, "line break")
        YAMLTestSupport.expectError("a: |\n     \n  x\n", .badIndentation, line: 2, column: 6)
    }

    @Test func directives() {
        YAMLTestSupport.expectError("%YAML 2.0\n---\na\n", .syntax, line: 1, column: 1, "unsupported YAML version")
        YAMLTestSupport.expectError("%YAML 1.2\n%YAML 1.2\n---\na\n", .syntax, line: 2, column: 1, "second %YAML")
        YAMLTestSupport.expectError("%YAML 1.2\na: 1\n", .syntax, line: 2, column: 1, "'---'")
        YAMLTestSupport.expectJSON("%FUTURE directive\n---\na\n", #""a""#)
        YAMLTestSupport.expectError("%FUTURE directive\n", .syntax, line: 2, column: 1, "'---'")
        YAMLTestSupport.expectError("% x\n---\na\n", .syntax, line: 1, column: 1, "directive name")
        // Inside a document, '%' at the start of a line is not a directive.
        YAMLTestSupport.expectError("a: 1\n%YAML 1.2\n", .syntax, line: 2, column: 1, "'%'")
        YAMLTestSupport.expectError("---\n%b: c\n", .syntax, line: 2, column: 1)
        // After '...', directives may start the next document.
        YAMLTestSupport.expectError("a: 1\n...\n%YAML 1.2\n---\nb\n", .multipleDocuments, line: 4, column: 1)
    }

    @Test func contentAfterTheRootNode() {
        YAMLTestSupport.expectError("\"a\"\n\"b\"\n", .syntax, line: 2, column: 1, "end of the document")
        YAMLTestSupport.expectError("[a]\nb: c\n", .badIndentation, line: 2, column: 1)
    }

    @Test func messagesQuoteUserTextSafely() {
        guard let error = YAMLTestSupport.error("\"a\\nb\": 1\n\"a\\nb\": 2\n") else { return }
        #expect(error.message.contains(#"'a\nb'"#), "\(error.message)")
        let long = String(repeating: "k", count: 200)
        guard let error2 = YAMLTestSupport.error("\(long): 1\n\(long): 2\n") else { return }
        #expect(error2.message.count < 150 && error2.message.contains("..."), "\(error2.message)")
    }

    @Test func errorDescriptionHasPosition() {
        guard let error = YAMLTestSupport.error("a: *x\n") else { return }
        #expect(error.description.hasPrefix("1:4: "))
        #expect(error.position.offset == 3)
    }

    @Test func columnsCountUnicodeScalars() {
        YAMLTestSupport.expectError("ключ: значение\nключ: 2\n", .duplicateKey, line: 2, column: 1)
        YAMLTestSupport.expectError("😀é: *nope\n", .undefinedAlias, line: 1, column: 5)
    }

    @Test func depthLimit() {
        let deepFlow = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        YAMLTestSupport.expectError(deepFlow, .tooDeep, line: 1, column: 513)
        let okFlow = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try YAMLParser.parse(okFlow) }
        var deepBlock = ""
        for level in 0..<600 { deepBlock += String(repeating: " ", count: level) + "k:\n" }
        YAMLTestSupport.expectError(deepBlock, .tooDeep, line: 513, column: 513)
        let deepSequence = String(repeating: "- ", count: 600) + "x\n"
        YAMLTestSupport.expectError(deepSequence, .tooDeep, line: 1, column: 1025)
        YAMLTestSupport.expectError("a: [[[x]]]\n", .tooDeep, line: 1, column: 6, options: .init(maxDepth: 2))
        // A short-form tag's wrapper counts as a level.
        YAMLTestSupport.expectError("a: !Sub [x]\n", .tooDeep, line: 1, column: 9, options: .init(maxDepth: 2))
        YAMLTestSupport.expectError("a: [!Ref x]\n", .tooDeep, line: 1, column: 10, options: .init(maxDepth: 2))
    }
}
