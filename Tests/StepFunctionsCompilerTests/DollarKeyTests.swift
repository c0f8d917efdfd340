import JSONCore
import Testing

@testable import StepFunctionsCompiler

/// A `.$` key's field name is read from its bytes when the character before the `.` is ASCII: the
/// name must be what the reading by characters gives, on fixed and random keys.
@Suite("Dollar keys")
struct DollarKeyTests {
    @Test("the byte reading of a .$ key gives what the character reading gives")
    func names() {
        let keys = [
            "", ".", "$", ".$", "a.$", "a.$ ", "a$", "a.", "ab.$", "é.$", "e\u{301}.$", "\u{600}.$", "\r.$", "\r\n.$",
            "a.$\u{301}", "a.\u{301}$", "${X}.$", "..$", "$.$", "a.$.$",
        ]
        for key in keys {
            #expect(
                ReadContext.dollarFieldName(key) == ReadContext.characterDollarFieldName(key),
                "\(key.unicodeScalars.map(\.value))")
        }
        #expect(ReadContext.dollarFieldName("a.$") == "a")
        #expect(ReadContext.dollarFieldName(".$") == nil)
        let pieces = ["a", ".", "$", ".$", "é", "\u{301}", "\u{600}", "\r", "\n", " ", "{"]
        var random = SplitMix64(seed: 31)
        var bytePath = 0
        for _ in 0..<20_000 {
            let key = (0..<random.below(6)).map { _ in pieces[random.below(pieces.count)] }.joined()
            let fast = ReadContext.dollarFieldName(key)
            #expect(fast == ReadContext.characterDollarFieldName(key), "\(key.unicodeScalars.map(\.value))")
            if fast != nil { bytePath += 1 }
        }
        #expect(bytePath > 1_000)
    }

    @Test("a $ is found over a key's bytes as over its UTF-8 view")
    func dollars() {
        let pieces = ["a", ".", "$", "é", "\u{301}", "😀", " ", "{", "%"]
        var random = SplitMix64(seed: 37)
        var found = 0
        for _ in 0..<5_000 {
            let key = (0..<random.below(24)).map { _ in pieces[random.below(pieces.count)] }.joined()
            let fast = ReadContext.holdsDollar(key)
            #expect(fast == key.utf8.contains(UInt8(ascii: "$")), "\(key)")
            if fast { found += 1 }
        }
        #expect(found > 1_000)
        #expect(ReadContext.holdsDollar(String(repeating: "x", count: 40) + "$"))
        #expect(!ReadContext.holdsDollar(String(repeating: "x", count: 40)))
    }
}
