import Testing

@testable import JSONCore

/// The word-at-a-time paths of the parser and writer (strings built from their bytes, the number
/// fast path, key hashes), checked against the standard library's own conversions.
@Suite("JSON byte-level paths")
struct JSONBytesTests {
    /// Strings of every length around the 8- and 16-byte word boundaries, with the byte that ends
    /// or interrupts a run at every position.
    static let samples: [String] = {
        var samples: [String] = []
        for length in 0...40 {
            let plain = String((0..<length).map { Character(Unicode.Scalar(UInt8(0x61 + $0 % 26))) })
            samples.append(plain)
            for position in Set([0, length / 2, max(0, length - 1)]) where position < length {
                for inserted in ["\"", "\\", "\n", "\u{1}", "é", "€", "😀", "/", "\u{7F}"] {
                    var s = plain
                    s.insert(contentsOf: inserted, at: s.index(s.startIndex, offsetBy: position))
                    samples.append(s)
                }
            }
        }
        return samples
    }()

    @Test("the small-string layout check passes on this platform's 64-bit little-endian layout")
    func smallStringLayout() {
        #if (arch(x86_64) || arch(arm64)) && _endian(little)
            #expect(JSONBytes.directSmallStrings)
        #endif
    }

    @Test("a string reads back equal, with the same bytes, as a value and as a key, whatever its length")
    func stringsRoundTrip() throws {
        for s in JSONBytesTests.samples {
            let text = JSONWriter.compact.string(["k": .string(s), s: 1])
            let value = try JSONParser.parse(text)
            #expect(value["k"]?.stringValue == s)
            #expect(value["k"]?.stringValue.map { Array($0.utf8) } == Array(s.utf8))
            #expect(value.objectValue?.keys.last.map { Array($0.utf8) } == Array(s.utf8))
            // Written back byte for byte as the standard path writes it.
            #expect(JSONWriter.compact.string(value) == text)
            // The same text in the middle of a longer document (words read across the string's end).
            let padded = try JSONParser.parse("[" + text + ", \"" + String(repeating: "x", count: 20) + "\"]")
            #expect(padded[0]?["k"]?.stringValue == s)
        }
    }

    @Test("short ASCII strings made from their bytes hash and compare as the standard library's")
    func directStringsBehaveAsStandard() throws {
        for length in 0...15 {
            let expected = String(repeating: "Ab", count: 8).prefix(length)
            let parsed = try JSONParser.parse("\"\(expected)\"").stringValue ?? "?"
            #expect(parsed == String(expected))
            #expect(parsed.hashValue == String(expected).hashValue)
            #expect(parsed.count == length)
            var copy = parsed
            copy += "!"
            #expect(copy == String(expected) + "!")
        }
    }

    @Test("a key repeated through escapes or at any length is found, in small and large objects")
    func repeatedKeys() throws {
        let options = JSONParser.Options(rejectDuplicateKeys: true)
        for key in [
            "ab", "a\\u0062", String(repeating: "k", count: 15), String(repeating: "k", count: 16),
            String(repeating: "long", count: 10),
        ] {
            let decoded = try JSONParser.parse("\"\(key)\"").stringValue ?? "?"
            let plain = JSONWriter.compact.string(.string(decoded))
            for filler in [0, 20] {
                let others = (0..<filler).map { "\"f\($0)\": 0, " }.joined()
                let text = "{\"\(key)\": 1, " + others + "\(plain): 2}"
                #expect(throws: JSONParseError.self) { try JSONParser(options: options).parse(text) }
                let value = try JSONParser.parse(text)
                #expect(value[decoded] == 2)
                #expect(value.objectValue?.count == filler + 1)
            }
        }
        // Keys that differ in one byte past the first word are distinct.
        let value = try JSONParser(options: options).parse("{\"abcdefgh1\": 1, \"abcdefgh2\": 2}")
        #expect(value.objectValue?.count == 2)
    }

    @Test("numbers read by the fast path are the integers and doubles the full path reads")
    func numbers() throws {
        let texts = [
            "0", "-0", "7", "-12", "123456789012345678", "-123456789012345678", "1234567890123456789",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "0.5", "-0.0", "1.25",
            "3.14159", "123456789.012345", "0.000001", "12345678901234.5", "1234567890123456.5", "1.5e3",
            "2E-2", "0.1", "0.2", "0.30000000000000004", "99.99", "1.7976931348623157",
        ]
        for text in texts {
            let fast = try JSONParser.parse(text).numberValue
            let full: JSONNumber? =
                text.utf8.withContiguousStorageIfAvailable { buffer in
                    var state = ParserState(buffer: buffer, options: .init(), recorder: nil)
                    return try? state.parseNumberInFull()
                } ?? nil
            switch (fast, full) {
            case (.int(let a)?, .int(let b)?): #expect(a == b, "\(text)")
            case (.double(let a)?, .double(let b)?): #expect(a.bitPattern == b.bitPattern, "\(text)")
            default: Issue.record("\(text): \(String(describing: fast)) vs \(String(describing: full))")
            }
        }
        #expect(JSONWriter.compact.string(try JSONParser.parse("[-0.0, 0.1, 12.5]")) == "[0,0.1,12.5]")
    }

    @Test("a non-ASCII run is validated, wherever in the string it is")
    func invalidUTF8() throws {
        for prefix in 0...17 {
            var bytes = Array("\"".utf8) + Array(repeating: UInt8(ascii: "a"), count: prefix)
            bytes += [0xC3, 0x28] + Array("\"".utf8)
            #expect(throws: JSONParseError.self) { try JSONParser().parse(bytes: bytes) }
            var escaped = Array("\"\\n".utf8) + Array(repeating: UInt8(ascii: "a"), count: prefix)
            escaped += [0xFF] + Array("\"".utf8)
            #expect(throws: JSONParseError.self) { try JSONParser().parse(bytes: escaped) }
        }
    }

    @Test("whitespaceEnd stops where a byte-by-byte walk does, from every start of random runs")
    func whitespaceEndMatchesTheByteWalk() {
        var rng = SplitMix64(seed: 11)
        let pieces: [[UInt8]] = [
            [0x20], [0x0A], [0x0D], [0x09], Array("\n    ".utf8), Array("\r\n  ".utf8),
            [UInt8](repeating: 0x20, count: 7), [UInt8](repeating: 0x20, count: 8),
            [UInt8](repeating: 0x20, count: 9), [UInt8](repeating: 0x20, count: 17), [0x0B], [0x0C], [0x00],
            [0x1F], [0x21], Array("\"a".utf8), [0x7B], [0xC3, 0xA9], [0xFF],
        ]
        for round in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<rng.below(8) { bytes += pieces[rng.below(pieces.count)] }
            bytes.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for start in 0...buffer.count {
                    var walk = start
                    while walk < buffer.count, [0x20, 0x0A, 0x0D, 0x09].contains(buffer[walk]) { walk += 1 }
                    let got = JSONBytes.whitespaceEnd(base, from: start, to: buffer.count)
                    #expect(got == walk, "round \(round) start \(start) \(bytes)")
                }
            }
        }
    }
}
