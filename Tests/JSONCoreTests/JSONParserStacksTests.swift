import Testing

@testable import JSONCore

/// Values parsed one after another on shared ``JSONParserStacks`` (as `sfn test` reads a case's
/// members) must come out as each parsed on its own, failures in between included.
@Suite struct JSONParserStacksTests {
    /// Values of every kind: containers deep and wide, a large object (its key index), repeated
    /// keys, escapes, and leaves.
    static let seeds: [String] = [
        #"{"a":1,"b":[1.5,-2,3e2,"x\u00e9\n"],"c":{"d":{"e":[[{"k":null}]]}}}"#,
        #"[{"a":"b","a":"c"},{},[],[[]],{"x":{"y":{"z":[true,false,null]}}}]"#,
        "{" + (0..<40).map { "\"k\($0)\":[\($0),{\"v\":\"\\\"q\\\"\"}]" }.joined(separator: ",") + ",\"k3\":7}",
        #""plain""#, #""esc\"aped\\\u0041""#, "-12.5e-3", "0", "true", "false", "null", "{}", "[]",
        #"[1,[2,[3,[4,[5,[6]]]]]]"#, #"{ "spaced" : [ 1 , 2 ] , "t" : "\ud83d\ude00" }"#,
    ]

    /// Whether both are nil or both the identical value.
    func same(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.isIdentical(to: b)
    }

    /// Parses each of `texts` with one set of stacks and with fresh ones (and, when it can be
    /// compared, as a whole document), and checks they agree.
    func agree(_ texts: [[UInt8]], maxDepth: Int, _ note: String) {
        let parser = JSONParser(options: JSONParser.Options(maxDepth: maxDepth))
        var stacks = JSONParserStacks()
        for (i, bytes) in texts.enumerated() {
            let shared = bytes.withUnsafeBufferPointer { parser.parseValue(exactly: $0, stacks: &stacks) }
            let fresh = bytes.withUnsafeBufferPointer { parser.parseValue(exactly: $0) }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(same(shared, fresh), "\(note) #\(i): \(text)")
            // Without whitespace around it, the value is the whole document's.
            if let first = bytes.first, let last = bytes.last, first > 0x20, last > 0x20, first != 0xEF {
                let whole = try? parser.parse(bytes: bytes)
                #expect(same(shared, whole), "\(note) #\(i) whole: \(text)")
            }
        }
    }

    @Test func theSeedsAgree() {
        let texts = Self.seeds.map { Array($0.utf8) }
        agree(texts + texts.reversed(), maxDepth: 512, "seeds")
        agree(texts, maxDepth: 3, "seeds, 3 deep")
    }

    @Test func truncatedValuesBetweenWholeOnesAgree() {
        for seed in Self.seeds {
            let utf8 = Array(seed.utf8)
            var texts: [[UInt8]] = []
            for cut in 0..<utf8.count {
                texts.append(Array(utf8[..<cut]))
                texts.append(utf8)
            }
            agree(texts, maxDepth: 512, "truncated \(seed)")
        }
    }

    @Test func mutatedValuesAgree() {
        var rng = SplitMix64(seed: 5)
        let bytes: [UInt8] = Array(#"{}[]",:\ 0-1.eEtfnxu"#.utf8) + [0x01, 0x0A, 0xC3, 0xFF]
        var texts: [[UInt8]] = []
        for _ in 0..<3000 {
            var text = Array(Self.seeds[rng.below(Self.seeds.count)].utf8)
            for _ in 0..<(1 + rng.below(3)) {
                let at = rng.below(text.count)
                switch rng.below(3) {
                case 0: text[at] = bytes[rng.below(bytes.count)]
                case 1: text.insert(bytes[rng.below(bytes.count)], at: at)
                default: if text.count > 1 { text.remove(at: at) }
                }
            }
            texts.append(text)
        }
        agree(texts, maxDepth: 512, "mutated")
        agree(texts, maxDepth: 4, "mutated, 4 deep")
    }
}
