import Testing

@testable import JSONCore

extension JSONWriter {
    /// ``escapedByteCount(_:)`` a byte at a time (the reference the tests compare with).
    static func escapedByteCountBytewise(_ s: String) -> Int {
        var total = 2
        for b in s.utf8 {
            total += b < 0x20 || b == 0x22 || b == 0x5C ? JSONBytes.escapeLength(b) : 1
        }
        return total
    }
}

@Suite("JSON writer, numbers and objects")
struct JSONWriterTests {
    let sample: JSONValue = [
        "name": "Ünïcode \"quoted\" \\ slash/",
        "n": 1, "x": 1.5, "list": [true, false, nil, [], [:]], "nested": ["a": [1, 2]],
    ]

    @Test("numbers with up to three decimals (timestamps) take a fast path with the same digits")
    func millisecondNumbers() {
        var generator = SplitMix64(seed: 0x5EED)
        for index in 0..<20_000 {
            let magnitude = [1e3, 1e6, 1e9, 1e11, 10][index % 5]
            let millis = Int64(generator.next() % UInt64(magnitude * 1000)) + 1000
            let d = Double(millis) / 1000 * (index % 7 == 0 ? -1 : 1)
            let expected = d.rounded(.towardZero) == d ? String(Int64(d)) : d.description
            #expect(JSONNumber.javaScriptString(d) == expected, "\(millis)")
        }
        #expect(JSONNumber.millisecondString(1_796_580_396.977) == "1796580396.977")
        #expect(JSONNumber.millisecondString(2.5) == "2.5")
        #expect(JSONNumber.millisecondString(1.05) == "1.05")
        #expect(JSONNumber.millisecondString(0.5) == nil)  // below 1: the general path
        #expect(JSONNumber.millisecondString(1.0001) == nil)  // four decimals
        #expect(JSONNumber.millisecondString(1e12) == nil)
    }

    /// A value deeper than the parser's default limit (built by a caller that raised it) is written
    /// without recursion past a few hundred levels (`../shared/reliability` F11: 50,000 levels used
    /// to overflow the stack), compact and pretty, byte for byte as the recursive writer would.
    @Test("values of any depth are written without overflowing the stack")
    func deepValues() throws {
        let depth = 10_000
        let text = String(repeating: "[", count: depth) + #"1,{"a":[true,{}]}"# + String(repeating: "]", count: depth)
        let value = try JSONParser.parse(text, options: .init(maxDepth: depth + 10))
        #expect(JSONWriter().string(value) == text)
        #expect(JSONWriter.compactByteCount(value) == text.utf8.count)
        // Pretty text indents each level, so it grows with the square of the depth: 1,000 levels.
        let nested = try JSONParser.parse(
            String(repeating: "[", count: 1_000) + "0" + String(repeating: "]", count: 1_000),
            options: .init(maxDepth: 1_010))
        let pretty = JSONWriter(pretty: true).string(nested)
        #expect(
            JSONWriter().string(try JSONParser.parse(pretty, options: .init(maxDepth: 1_010)))
                == JSONWriter().string(nested))

        // Across the switch to the iterative writer, pretty output is what the recursion gives.
        var shallow: JSONValue = ["k": [1, [:], ["x": "y"]], "e": []]
        var deep = shallow
        for _ in 0..<300 { deep = [deep, "s"] }
        for _ in 0..<100 { shallow = [shallow, "s"] }
        let deepText = JSONWriter(pretty: true).string(deep)
        let shallowText = JSONWriter(pretty: true).string(shallow)
        // The innermost 100 levels of `deep` are written iteratively: the same lines, indented 200 more.
        let indented = shallowText.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String(repeating: " ", count: 400) + $0 }.joined(separator: "\n")
        #expect(deepText.contains(indented.dropFirst(400)))
        #expect(try JSONParser.parse(deepText) == deep)
    }

    @Test("compact output is exact")
    func compact() {
        #expect(
            JSONWriter.compact.string(sample)
                == #"{"name":"Ünïcode \"quoted\" \\ slash/","n":1,"x":1.5,"list":[true,false,null,[],{}],"nested":{"a":[1,2]}}"#
        )
    }

    @Test("pretty output is exact: two spaces, ': ', empty containers inline")
    func pretty() {
        let expected = """
            {
              "name": "Ünïcode \\"quoted\\" \\\\ slash/",
              "n": 1,
              "x": 1.5,
              "list": [
                true,
                false,
                null,
                [],
                {}
              ],
              "nested": {
                "a": [
                  1,
                  2
                ]
              }
            }
            """
        #expect(JSONWriter.pretty.string(sample) == expected)
    }

    @Test("control characters are escaped, short forms first; non-ASCII only on request")
    func escaping() {
        let s: JSONValue = .string("\u{0}\u{1F}\n\t\r\u{8}\u{C}é")
        #expect(JSONWriter.compact.string(s) == #""\u0000\u001f\n\t\r\b\fé""#)
        #expect(JSONWriter(escapeNonASCII: true).string(.string("é😀")) == #""\u00e9\ud83d\ude00""#)
    }

    @Test("compactByteCount matches the compact text")
    func byteCount() {
        // Every escape class (two-byte escapes, \u00XX controls, '"' and '\\'), bytes beyond ASCII,
        // and a string long enough to be counted past the payload limit's estimate.
        let controls = String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) })
        let mixed = controls + "\"\\/é😀\u{7F}x"
        let long = String(repeating: "ab\"c\n", count: 20_000)
        for v in [
            sample, .string("\u{1}\"x"), .number(.double(1e21)), .array([]), .string(mixed), .string(long),
            ["k\t": .string(mixed)],
        ] as [JSONValue] {
            #expect(JSONWriter.compactByteCount(v) == JSONWriter.compact.string(v).utf8.count)
        }
    }

    @Test("escaped byte counts, eight bytes at a time, equal the count a byte at a time")
    func escapedCounts() {
        // Escapes at every offset of a word, runs of them, bytes beyond ASCII (0x80-0xFF must not
        // look like controls), and lengths around the word size.
        var state: UInt64 = 5
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let pool: [Character] = ["a", "\"", "\\", "\n", "\u{1}", "\u{1F}", " ", "é", "😀", "\u{7F}", "\u{80}", "~"]
        for _ in 0..<4_000 {
            let count = Int(next() % 40)
            let s = String((0..<count).map { _ in pool[Int(next() % UInt64(pool.count))] })
            #expect(JSONWriter.escapedByteCount(s) == JSONWriter.escapedByteCountBytewise(s))
            #expect(JSONWriter.escapedByteCount(s) == JSONWriter.compact.string(.string(s)).utf8.count)
            let sub = String(s.dropFirst(Int(next() % 3)))
            #expect(JSONWriter.escapedByteCount(sub) == JSONWriter.escapedByteCountBytewise(sub))
        }
    }

    @Test(
        "numbers print as JavaScript prints them",
        arguments: [
            (0.0, "0"), (-0.0, "0"), (1.0, "1"), (-2.5, "-2.5"), (0.1, "0.1"), (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (123456789012345680000.0, "123456789012345680000"), (0.000001, "0.000001"), (1e-7, "1e-7"),
            (1.5e-10, "1.5e-10"), (2.5e300, "2.5e+300"), (1.7976931348623157e308, "1.7976931348623157e+308"),
            (Double.leastNonzeroMagnitude, "5e-324"), (0.1 + 0.2, "0.30000000000000004"), (100.0, "100"),
        ])
    func javaScriptNumbers(value: Double, text: String) {
        #expect(JSONNumber.javaScriptString(value) == text)
    }

    @Test("integers are written digit by digit, extremes included")
    func integerDigits() {
        for i: Int64 in [0, 7, 9, 10, -1, -9, -10, 42, 1_000_000, -123_456_789, .max, .min, .max - 1, .min + 1] {
            #expect(JSONWriter.compact.string(.number(.int(i))) == String(i))
            #expect(JSONWriter.pretty.string([.number(.int(i))]) == "[\n  \(i)\n]")
        }
    }

    @Test("integers print exactly; int and double compare by value")
    func numberEquality() {
        #expect(JSONNumber.int(Int64.max).description == "9223372036854775807")
        #expect(JSONNumber.int(3) == JSONNumber.double(3.0))
        #expect(JSONNumber.int(3) != JSONNumber.double(3.5))
        #expect(JSONNumber.int(3).hashValue == JSONNumber.double(3.0).hashValue)
        #expect(JSONNumber.double(9.3e18).int64Value == nil)
        #expect(JSONNumber.double(2.0).isIntegral)
        #expect(!JSONNumber.double(2.5).isIntegral)
        #expect(JSONNumber.int(1) < JSONNumber.double(1.5))
    }

    @Test("numbers round-trip through text")
    func numberRoundTrip() throws {
        for text in ["0", "-1", "1.5", "1e+21", "5e-324", "0.30000000000000004", "9223372036854775807"] {
            let v = try JSONParser.parse(text)
            #expect(JSONWriter.compact.string(v) == text)
        }
    }

    @Test("objects keep insertion order; equality ignores order; isIdentical does not")
    func objectOrder() {
        var a = JSONObject()
        a["z"] = 1
        a["a"] = 2
        a["m"] = 3
        #expect(a.keys == ["z", "a", "m"])
        a["a"] = 20
        #expect(a.keys == ["z", "a", "m"])
        #expect(a["a"] == 20)
        let b: JSONObject = ["m": 3, "z": 1, "a": 20]
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(!a.isIdentical(to: b))
        a["z"] = nil
        #expect(a.keys == ["a", "m"])
        #expect(a["z"] == nil)
    }

    @Test("lookups stay right across the hash-index threshold")
    func indexThreshold() {
        var o = JSONObject()
        let n = JSONObject.indexThreshold * 3
        for i in 0..<n { o["k\(i)"] = .int(i) }
        for i in 0..<n { #expect(o["k\(i)"] == .int(i)) }
        #expect(o.count == n)
        for i in stride(from: 0, to: n, by: 2) { _ = o.removeValue(forKey: "k\(i)") }
        #expect(o.count == n / 2)
        for i in 0..<n { #expect((o["k\(i)"] == nil) == (i % 2 == 0), "k\(i)") }
        #expect(o.keys.first == "k1")
        // Shrinking below the threshold keeps lookups right.
        for i in stride(from: 1, to: n - 2, by: 2) { _ = o.removeValue(forKey: "k\(i)") }
        #expect(o.keys == ["k\(n - 1)"])
        #expect(o["k\(n - 1)"] == .int(n - 1))
    }

    @Test("merge appends new keys and replaces existing ones in place")
    func merge() {
        var a: JSONObject = ["x": 1, "y": 2]
        a.merge(["y": 3, "z": 4])
        #expect(a.keys == ["x", "y", "z"])
        #expect(a["y"] == 3)
    }
}
