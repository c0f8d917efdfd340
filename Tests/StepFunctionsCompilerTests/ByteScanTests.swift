import JSONCore
import Testing

@testable import StepFunctionsCompiler

/// Scans that read a text's bytes in place must answer as the copies and decodings they replace.
@Suite("Byte scans")
struct ByteScanTests {
    @Test("a key compared in place matches as its decoded bytes do")
    func keysInPlace() {
        let pieces = ["a", "b", "é", "\\\"", "\\\\", "\\u0041", "\\n", "A", "\"", " ", ":", "中"]
        let wanted = ["a", "ab", "A", "aA", "é", "", "\"", "\\", "\n", "b中"].map { Array($0.utf8) }
        var random = SplitMix64(seed: 5)
        var compared = 0
        for _ in 0..<5_000 {
            let text = "\"" + (0..<random.below(6)).map { _ in pieces[random.below(pieces.count)] }.joined()
            let locator = JSONLocator(text)
            for w in wanted {
                let (decoded, after) = locator.string(at: 0)
                let (matches, end) = locator.keyMatches(w, at: 0)
                #expect(matches == (decoded == w), "\(text)")
                #expect(end == after, "\(text)")
                if matches { compared += 1 }
            }
        }
        // Some keys matched (the test would prove little otherwise).
        #expect(compared > 100)
    }

    @Test("a text starts like JSON by its own bytes as by a copy of them")
    func startsLikeJSON() {
        let pieces = [" ", "\n", "\r\n", "\t", "{", "[", "a", "\u{FEFF}", "é", "#", "-"]
        var random = SplitMix64(seed: 9)
        var yes = 0
        var texts = [
            "", "{", " {", "\u{FEFF}{", "\u{FEFF} \n{", String(repeating: " ", count: 4095) + "{",
            String(repeating: " ", count: 4096) + "{", "\u{FEFF}" + String(repeating: " ", count: 4093) + "{",
        ]
        for _ in 0..<5_000 {
            texts.append((0..<random.below(6)).map { _ in pieces[random.below(pieces.count)] }.joined())
        }
        for text in texts {
            let expected = TemplateSource.startsLikeJSONCopying(text)
            #expect(TemplateSource.startsLikeJSON(text) == expected, "\(text.utf8.count) bytes")
            if expected { yes += 1 }
        }
        #expect(yes > 500 && yes < 4_500)
    }
}
