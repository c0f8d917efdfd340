import Testing

@testable import StepFunctionsModel

/// `Placeholder.contains(in:)` answers an ASCII text from its bytes: it must agree with the search
/// by characters on every text, the fast path's own answer included.
@Suite("Placeholder search")
struct PlaceholderSearchTests {
    @Test("the byte search finds a placeholder where the character search does")
    func fixedTexts() {
        let texts = [
            "", "$", "${", "${}", "${X}", "$.a.${X}", "$.a.${X", "}${", "$ {X}", "${X}\r\n", "\r\n${X}", "$$.${A}.b",
            "${é}", "é${X}", "${X}\u{301}", "$\u{301}{X}", "${\u{301}X}", "{$}", "$.items[${I}]",
        ]
        for text in texts {
            #expect(Placeholder.contains(in: text) == Placeholder.characterContains(in: text), "\(text)")
        }
        #expect(Placeholder.contains(in: "$.a.${X}"))
        #expect(!Placeholder.contains(in: "$.a.${X"))
        #expect(!Placeholder.contains(in: "}${"))
        #expect(Placeholder.asciiContains(in: "$.a.${X}") == true)
        #expect(Placeholder.asciiContains(in: "${é}") == nil)
        // A combining mark after the brace makes another character: no placeholder.
        #expect(!Placeholder.contains(in: "${X}\u{301}"))
    }

    @Test("random texts of placeholder pieces: the byte and character searches agree")
    func randomTexts() {
        let pieces = ["$", "{", "}", "${", "a", ".", " ", "\r\n", "\r", "é", "\u{301}", "%", "$$", "[0]"]
        var random = SplitMix64(seed: 7)
        var fastAnswers = 0
        for _ in 0..<20_000 {
            let text = (0..<random.below(9)).map { _ in pieces[random.below(pieces.count)] }.joined()
            let slow = Placeholder.characterContains(in: text)
            #expect(Placeholder.contains(in: text) == slow, "\(text.unicodeScalars.map(\.value))")
            if let fast = Placeholder.asciiContains(in: text) {
                fastAnswers += 1
                #expect(fast == slow, "\(text.unicodeScalars.map(\.value))")
            }
        }
        // The fast path answered (the test would prove nothing otherwise).
        #expect(fastAnswers > 5_000)
    }
}
