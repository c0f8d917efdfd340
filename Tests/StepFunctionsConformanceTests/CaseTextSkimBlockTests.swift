import JSONCore
import Testing

@testable import StepFunctionsConformance

/// The skim's reading of a 16-byte block of JSON text held in a string (`quotedTextBlock`), on its
/// two words, against the reading on 16-bit masks it replaced, over random blocks of the bytes that
/// matter (quotes, backslashes, control characters, escape letters).
@Suite struct CaseTextSkimBlockTests {
    /// The reading on masks (the former `quotedTextBlock`).
    static func maskReading(_ p: UnsafeRawPointer, escaped: inout Bool) -> Int {
        var quotes: UInt32 = 0
        var backslashes: UInt32 = 0
        var controls: UInt32 = 0
        for i in 0..<16 {
            let c = p.load(fromByteOffset: i, as: UInt8.self)
            if c == 0x22 { quotes |= 1 << i }
            if c == 0x5C { backslashes |= 1 << i }
            if c < 0x20 { controls |= 1 << i }
        }
        let escapes = backslashes &<< 1
        let ends = quotes & ~escapes
        let end = ends == 0 ? 16 : ends.trailingZeroBitCount
        let before: UInt32 = (1 &<< UInt32(end)) &- 1
        let odd = (controls | backslashes & escapes | escapes & ~quotes) & before
        guard odd == 0 else { return 0 }
        if backslashes & before != 0 { escaped = true }
        if end < 16 { return -(end + 1) }
        return backslashes & 0x8000 == 0 ? 16 : 15
    }

    @Test func wordReadingMatchesTheMaskReading() {
        var rng = SplitMix64(seed: 17)
        let alphabet: [UInt8] = [
            0x22, 0x22, 0x5C, 0x5C, 0x5C, 0x01, 0x1F, 0x20, 0x61, 0x6E, 0x75, 0x7B, 0x3A, 0xC3, 0xFF,
        ]
        for round in 0..<200_000 {
            var block = [UInt8](repeating: 0x61, count: 16)
            for i in 0..<16 where rng.below(3) == 0 { block[i] = alphabet[rng.below(alphabet.count)] }
            if round < 16 * alphabet.count {
                block = [UInt8](repeating: 0x61, count: 16)
                block[round % 16] = alphabet[round / 16]
            }
            let start = rng.below(2) == 0
            block.withUnsafeBytes { raw in
                var escapedWords = start
                var escapedMasks = start
                let words = CaseTextSkim.Scanner.quotedTextBlock(raw.baseAddress!, escaped: &escapedWords)
                let masks = Self.maskReading(raw.baseAddress!, escaped: &escapedMasks)
                #expect(words == masks, "\(block)")
                #expect(escapedWords == escapedMasks, "\(block)")
            }
        }
    }

    @Test func keyComparisonMatchesStringEquality() {
        var rng = SplitMix64(seed: 23)
        let names: [StaticString] =
            CaseTextSkim.topNames + CaseTextSkim.expectedNames + CaseTextSkim.executionNames + ["events", "a", "ab"]
        for round in 0..<20_000 {
            let name = names[rng.below(names.count)]
            var key = Array("\(name)".utf8)
            // The name itself, or changed at one byte, or shortened or lengthened by one.
            switch rng.below(4) {
            case 0: break
            case 1: if !key.isEmpty { key[rng.below(key.count)] ^= UInt8(1 << rng.below(8)) }
            case 2: if !key.isEmpty { key.removeLast() }
            default: key.append(UInt8(ascii: "s"))
            }
            let text = Array("\"".utf8) + key + Array("\":1".utf8)
            text.withUnsafeBufferPointer { buffer in
                let scanner = CaseTextSkim.Scanner(b: buffer)
                let same = key == Array("\(name)".utf8)
                #expect(scanner.keyIs(1..<(1 + key.count), name) == same, "round \(round) \(key) \(name)")
            }
        }
    }
}
