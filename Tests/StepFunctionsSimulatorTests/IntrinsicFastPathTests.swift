import Foundation
import JSONCore
import Testing

@testable import StepFunctionsSimulator

extension IntrinsicEvaluator {
    /// ``isBlank(_:)`` as Foundation trims (the reference the tests compare with).
    static func isBlankTrimmed(_ s: String) -> Bool { s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}

/// The intrinsic functions' fast paths against the slow ones they replace, on many inputs.
@Suite struct IntrinsicFastPathTests {
    /// A fixed-seed generator (a linear congruential one), so a failure repeats.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test("a blank string is one Foundation trims to nothing")
    func blank() {
        var scalars: [Unicode.Scalar] = (0..<0x80).map { Unicode.Scalar(UInt8($0)) }
        for v: UInt32 in [
            0x85, 0xA0, 0x1680, 0x2000, 0x200A, 0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF, 0x301,
        ] {
            scalars.append(Unicode.Scalar(v)!)
        }
        for s in scalars {
            let text = String(Character(s))
            #expect(IntrinsicEvaluator.isBlank(text) == IntrinsicEvaluator.isBlankTrimmed(text), "\(s.value)")
        }
        var g = Generator(state: 3)
        let pool: [String] = [
            " ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{2028}", "\u{3000}", "x", "{}",
            "\u{301}",
        ]
        for _ in 0..<2_000 {
            let text = (0..<g.next(6)).map { _ in pool[g.next(pool.count)] }.joined()
            #expect(IntrinsicEvaluator.isBlank(text) == IntrinsicEvaluator.isBlankTrimmed(text))
        }
    }

    @Test("a short array searched for repeats keeps what a set keeps")
    func unique() {
        var g = Generator(state: 9)
        let pool: [JSONValue] = [
            .number(.int(1)), .number(.double(1.0)), .number(.double(1.5)), .string("1"), .null, .bool(true),
            .bool(false), [1, 2], [2, 1], ["a": 1, "b": 2], ["b": 2, "a": 1], ["a": 1], .number(.double(-0.0)),
            .number(.int(0)),
        ]
        for _ in 0..<2_000 {
            let items = (0..<g.next(20)).map { _ in pool[g.next(pool.count)] }
            #expect(IntrinsicEvaluator.unique(items) == IntrinsicEvaluator.unique(items, searchedUpTo: -1))
        }
    }
}
