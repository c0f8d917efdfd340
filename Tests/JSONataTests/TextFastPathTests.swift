import JSONCore
import Testing

@testable import JSONata

extension Functions {
    /// ``utf16String(_:)`` as the standard library decodes (the reference the tests compare with).
    static func decodedUTF16String<C: Collection>(_ units: C) -> String where C.Element == UInt16 {
        String(decoding: units, as: UTF16.self)
    }
}

/// The lexer's and the signatures' fast paths against the slow ones they replace, on many inputs.
@Suite struct TextFastPathTests {
    /// A fixed-seed generator (SplitMix64), so a failure repeats.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("UTF-16 units become the string the standard library decodes, lone surrogates included")
    func utf16Strings() {
        var g = Generator(state: 7)
        // ASCII, two- and three-byte units, both surrogate halves, and the edges between them.
        let pool: [UInt16] = [
            0, 0x41, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000, 0xFFFD, 0xFFFF, 0x20,
            0xD83D, 0xDE00,
        ]
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...24, using: &g)
            let units: [UInt16] = (0..<count).map { _ in
                Bool.random(using: &g)
                    ? pool.randomElement(using: &g)! : UInt16.random(in: 0...UInt16.max, using: &g)
            }
            #expect(Functions.utf16String(units) == Functions.decodedUTF16String(units))
            #expect(Array(Functions.utf16String(units).utf8) == Array(Functions.decodedUTF16String(units).utf8))
            let cut = Int.random(in: 0...count, using: &g)
            #expect(Functions.utf16String(units[cut...]) == Functions.decodedUTF16String(units[cut...]))
        }
        for text in ["", "a", "héllo wörld", "😀 and 𝄞", String(repeating: "x", count: 100), "\u{0}\u{7F}\u{80}"] {
            let units = Array(text.utf16)
            #expect(Functions.utf16String(units) == text)
        }
    }

    @Test("expressions with non-ASCII names and strings lex as before")
    func nonASCIITokens() throws {
        let e = try CompiledJSONata("$.`naïve 😀` & 'ünïcode \\u00e9' & \"x\"")
        let v = try e.evaluate(["naïve 😀": "ok "])
        #expect(v == .string("ok ünïcode éx"))
    }

    /// Reduces a parse to what can be compared: the parameters, or the error's code and position.
    func outcome(_ parse: (String) throws(JSONataError) -> Signature, _ text: String) -> String {
        do throws(JSONataError) {
            let s = try parse(text)
            return "ok \(s.definition) " + s.params.map { "\($0)" }.joined(separator: "; ")
        } catch {
            return "error \(error.code) \(error.position ?? -1) \(error.message)"
        }
    }

    @Test("signatures read by bytes equal signatures read by characters")
    func signatures() {
        let library = [
            "<a<n>:n>", "<a:n>", "<s-n?:s>", "<x-:s>", "<s-nn?:s>", "<af>", "<(sf)(sf)n?:s>", "<f?:f>", "<a<o>a<o>:a>",
            "<o-:a>", "<x-b?:s>", "<(oa):o>", "<n-n?:s>", "<s-(sf)(sf)n?:s>", "<j-:b>", "<ss?:s>", "<afj?:j>",
            "<a+:a>", "<x-:o>",
        ]
        for text in library {
            #expect(outcome(Signature.parseASCII, text) == outcome(Signature.parseCharacters, text))
            #expect(outcome(Signature.parse, text) == outcome(Signature.parseCharacters, text))
        }
        var g = Generator(state: 11)
        let alphabet = Array("<>()snblofajx-?+:mzé\r\n ")
        for _ in 0..<5_000 {
            let count = Int.random(in: 0...12, using: &g)
            let text = "<" + String((0..<count).map { _ in alphabet.randomElement(using: &g)! }) + ">"
            #expect(outcome(Signature.parse, text) == outcome(Signature.parseCharacters, text))
            let ascii = text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }
            if ascii { #expect(outcome(Signature.parseASCII, text) == outcome(Signature.parseCharacters, text)) }
        }
    }

    @Test("a symbol set holds the one-byte characters a set of characters holds")
    func symbols() {
        var g = Generator(state: 13)
        let alphabet = Array("snblofajxm<>(é\r\n\u{301}")
        for _ in 0..<2_000 {
            let text = String((0..<Int.random(in: 0...8, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
            let symbols = Signature.Symbols(text)
            let set = Set(text)
            let probes: [Character] = Array("snblofajxm<>(é") + ["\r\n", "\r", "\n", "s\u{301}"]
            // Only one-byte characters are symbols (the values' type letters are all one asks about).
            for c in probes {
                if c.utf8.count == 1 {
                    #expect(symbols.contains(c) == set.contains(c))
                } else {
                    #expect(!symbols.contains(c))
                }
            }
        }
    }
}
