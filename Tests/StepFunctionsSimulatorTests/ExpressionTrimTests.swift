import JSONCore
import Testing

@testable import StepFunctionsSimulator

/// An expression's text is trimmed on its bytes when its ends are ASCII: the result must be what
/// the scalar-by-scalar trim gives (Unicode's White_Space), on fixed and random texts.
@Suite("Expression trimming")
struct ExpressionTrimTests {
    @Test("the byte trim gives what the scalar trim gives")
    func trims() {
        let texts = [
            "", " ", "   ", "x", " x ", "\t\n x \r\n", " \u{A0}x ", " x\u{A0} ", "\u{A0} x", "x \u{2028}", "\u{85}",
            " e\u{301} ", " \u{301}x ", "\u{B}\u{C}x\u{B}\u{C}", " $states.input ", "a b", " é ",
        ]
        for text in texts {
            #expect(CompiledExpression.trimmed(text) == CompiledExpression.scalarTrimmed(text), "\(text)")
        }
        let pieces = [" ", "\t", "\n", "\r\n", "\u{B}", "\u{A0}", "\u{2028}", "\u{85}", "x", "$", "é", "\u{301}", "."]
        var random = SplitMix64(seed: 21)
        for _ in 0..<20_000 {
            let text = (0..<random.below(8)).map { _ in pieces[random.below(pieces.count)] }.joined()
            let fast = CompiledExpression.trimmed(text)
            let slow = CompiledExpression.scalarTrimmed(text)
            #expect(fast == slow, "\(text.unicodeScalars.map(\.value))")
            #expect(Array(fast.unicodeScalars) == Array(slow.unicodeScalars))
        }
    }
}
