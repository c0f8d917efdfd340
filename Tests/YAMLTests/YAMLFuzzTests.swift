import JSONCore
import Testing
import YAML

/// Hostile and broken input: every text must parse or fail with a `YAMLError`, quickly, without
/// crashing, hanging or exhausting the stack.
@Suite struct YAMLFuzzTests {
    /// Small documents that between them use every construct the reader knows.
    static let corpus: [String] =
        [
            "a: 1\nb:\n  - x\n  - {y: [1, 2], z: 'q'}\n",
            "- key: v\n  k2: \"esc \\u00e9 \\t\"\n- - nested\n  - seq\n",
            "base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\nl: [*b, *b]\n",
            "t: |+\n  lit\n\n\nf: >-\n  fold\n  ed\n\nk: |2\n    x\n",
            "? a\n: b\n? [c]\n",
            "%YAML 1.2\n%TAG !e! tag:example.com,2024:\n--- !!map\n!!str a: !!int 1\n...\n",
            "r: !Ref X\ns: !Sub [\"${A}\", {A: !GetAtt B.C}]\ni: !If [c, !Ref a, !Ref 'AWS::NoValue']\n",
            "{a: [b, {c: d}], \"e\": 'f', g: h i,\n  j: [k,\n  l]}\n",
            "plain\n  multi\n\n  line # c\n",
            "\u{FEFF}# bom\r\na: \"x\r\n  y\"\r\n",
            "a:\n- 1\n- 2\nb: 0x1F\nc: .inf\nd: ~\ne: True\n",
        ] + [TemplateFixtures.samDefinition, TemplateFixtures.cfnDefinitionString, TemplateFixtures.cfnNetwork]

    static let pieces: [String] = [
        " ", "  ", "\n", "\r\n", "\t", ":", ": ", "-", "- ", "?", "? ", "[", "]", "{", "}", ",", "#", "# c\n",
        "&a ", "*a", "&a", "!", "!!str ", "!Ref ", "!GetAtt ", "|", "|-", ">+2", "'", "''", "\"", "\\", "\\u12",
        "%", "@", "`", "---", "...", "<<: *a", "<<", "é", "😀", "\u{FEFF}", "\0", "0x", ".inf", "~", "null",
        "a", "key", "123", "\n  ", "\n    - ", "\n- ",
    ]

    /// Parses `text` and, when it parses, converts it and checks that its JSON reads back the same.
    static func exercise(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let node = try YAMLParser.parse(text)
            let value = node.jsonValue()
            _ = node.position(of: FieldPath([.key("a"), .index(0)]))
            // JSON is YAML: the compact and pretty JSON texts must read back as the same value.
            for writer in [JSONWriter.compact, JSONWriter.pretty] {
                let json = writer.string(value)
                do {
                    let again = try YAMLParser.parseJSON(json)
                    #expect(again == value, "JSON \(json) read back as \(again)", sourceLocation: sourceLocation)
                } catch {
                    Issue.record(
                        "JSON \(json) of \(text.debugDescription) fails: \(error)", sourceLocation: sourceLocation)
                }
            }
        } catch {
            #expect(
                error.line >= 1 && error.column >= 1 && error.position.offset <= text.utf8.count,
                "bad position in \(error)", sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        }
    }

    /// A window of about `size` bytes of `text`, starting at a line start.
    static func window(_ text: String, size: Int, rng: inout SplitMix64) -> [UInt8] {
        let bytes = Array(text.utf8)
        guard bytes.count > size else { return bytes }
        var start = rng.below(bytes.count - size)
        while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
        return Array(bytes[start..<min(bytes.count, start + size)])
    }

    @Test(.timeLimit(.minutes(1))) func mutatedDocuments() {
        var rng = SplitMix64(seed: 0x59A3_1F00)
        var parsed = 0
        for _ in 0..<1_200 {
            var bytes = YAMLFuzzTests.window(
                YAMLFuzzTests.corpus[rng.below(YAMLFuzzTests.corpus.count)], size: 400, rng: &rng)
            for _ in 0..<(1 + rng.below(4)) {
                let at = rng.below(bytes.count + 1)
                switch rng.below(6) {
                case 0:  // insert a piece
                    bytes.insert(
                        contentsOf: Array(YAMLFuzzTests.pieces[rng.below(YAMLFuzzTests.pieces.count)].utf8), at: at)
                case 1:  // delete a few bytes (possibly splitting a UTF-8 sequence)
                    bytes.removeSubrange(at..<min(bytes.count, at + 1 + rng.below(4)))
                case 2:  // replace a byte
                    if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: rng.next()) }
                case 3:  // duplicate a stretch (repeats keys and anchors)
                    let end = min(bytes.count, at + rng.below(40))
                    bytes.insert(contentsOf: Array(bytes[at..<end]), at: end)
                case 4:  // change the indentation at a line start
                    var lineStart = min(at, bytes.count)
                    while lineStart > 0 && bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
                    if rng.below(2) == 0 {
                        bytes.insert(contentsOf: repeatElement(0x20, count: 1 + rng.below(3)), at: lineStart)
                    } else if lineStart < bytes.count && bytes[lineStart] == 0x20 {
                        bytes.remove(at: lineStart)
                    }
                default:  // truncate
                    bytes.removeSubrange(at...)
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            YAMLFuzzTests.exercise(text)
            if (try? YAMLParser.parse(text)) != nil { parsed += 1 }
        }
        // The mutations must leave a fair share valid, or the test only exercises error paths.
        #expect(parsed > 150, "only \(parsed) mutated documents parsed")
    }

    @Test(.timeLimit(.minutes(1))) func randomText() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<600 {
            var text = ""
            for _ in 0..<rng.below(60) {
                if rng.below(5) == 0 {
                    // Any Unicode scalar, controls included.
                    let value = UInt32(truncatingIfNeeded: rng.next()) % 0x11_0000
                    text.unicodeScalars.append(Unicode.Scalar(value) ?? "?")
                } else {
                    text += YAMLFuzzTests.pieces[rng.below(YAMLFuzzTests.pieces.count)]
                }
            }
            YAMLFuzzTests.exercise(text)
        }
        for _ in 0..<200 {
            let bytes = (0..<rng.below(200)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            YAMLFuzzTests.exercise(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test(.timeLimit(.minutes(1))) func deepNestingFailsCleanly() {
        let n = 20_000
        let inputs = [
            String(repeating: "[", count: n),
            String(repeating: "{a: ", count: n),
            String(repeating: "[{", count: n / 2),
            String(repeating: "- ", count: n) + "x",
            String(repeating: "!Sub [", count: n),
            String(repeating: "&a [", count: n),
            String(repeating: "? ", count: n) + "x",
            "a: " + String(repeating: "[", count: n) + String(repeating: "]", count: n),
        ]
        for text in inputs {
            guard let error = YAMLTestSupport.error(text) else { continue }
            #expect(error.kind == .tooDeep, "\(error)")
        }
        // Nesting made of aliases is bounded the same way.
        var chain = "a0: &a0 [x]\n"
        for i in 1...1_000 { chain += "a\(i): &a\(i) [*a\(i - 1)]\n" }
        #expect(YAMLTestSupport.error(chain)?.kind == .tooDeep)
        // Just under the limit works, and converts without exhausting the stack.
        let deep = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect((try? YAMLParser.parseJSON(deep)) != nil)
    }

    @Test(.timeLimit(.minutes(1))) func hugeAliasTreesAreBounded() {
        // Doubling chains: 2^200 nodes if expanded.
        var doubling = "a0: &a0 [x, y]\n"
        for i in 1...200 { doubling += "a\(i): &a\(i) [*a\(i - 1), *a\(i - 1)]\n" }
        #expect(YAMLTestSupport.error(doubling)?.kind == .aliasExpansionLimit)
        // The same with mappings and merge keys.
        var merging = "m0: &m0 {k0: [1, 2, 3]}\n"
        for i in 1...60 { merging += "m\(i): &m\(i) {<<: [*m\(i - 1)], k\(i): [*m\(i - 1), *m\(i - 1)]}\n" }
        #expect(YAMLTestSupport.error(merging)?.kind == .aliasExpansionLimit)
        // An unlimited budget must not overflow its arithmetic either.
        let unlimited = YAMLParser.Options(maxAliasExpansion: .max)
        var chain = "a0: &a0 [x, y]\n"
        for i in 1...70 { chain += "a\(i): &a\(i) [*a\(i - 1), *a\(i - 1)]\n" }
        #expect(YAMLTestSupport.error(chain, options: unlimited)?.kind == .aliasExpansionLimit)
        // Many aliases of a small anchor are fine.
        let many = "a: &a {x: 1}\nl: [" + Array(repeating: "*a", count: 10_000).joined(separator: ", ") + "]\n"
        #expect((try? YAMLParser.parseJSON(many))?["l"]?.arrayValue?.count == 10_000)
    }
}
