import JSONCore
import Testing

/// A value written a piece at a time is the text the writer gives for it whole.
@Suite struct JSONStreamWriterTests {
    /// Writes `value` through the stream writer's calls (members by key, elements one by one).
    func stream(_ value: JSONValue, into w: inout JSONStreamWriter) {
        switch value {
        case .array(let a):
            w.beginArray()
            for e in a { stream(e, into: &w) }
            w.endArray()
        case .object(let o):
            w.beginObject()
            for (k, v) in o {
                w.key(k)
                stream(v, into: &w)
            }
            w.endObject()
        case .string(let s): w.string(s)
        case .number(.int(let i)): w.int(Int(i))
        default: w.value(value)
        }
    }

    static let values: [JSONValue] = [
        [:], [], 1, "a\"b\\c\n\u{1}é",
        ["a": [], "b": [:], "c": [1, [2, [3, ["x": [:]]]]], "d": ["e": 1.5, "f": nil, "g": true], "h\"é": "✓"],
        [[["deep": [1, 2]]], [], [[:]], -7, 1e21, 0.1],
    ]

    @Test(arguments: values)
    func streamedIsWhole(_ value: JSONValue) {
        var nonASCII = JSONWriter(pretty: true, indentWidth: 3, escapeNonASCII: true)
        nonASCII.javaDoubles = true
        for format in [JSONWriter.pretty, JSONWriter.compact, nonASCII] {
            var w = JSONStreamWriter(format, capacity: 8)
            stream(value, into: &w)
            #expect(String(decoding: w.bytes, as: UTF8.self) == format.string(value))
            // Nested values written whole at any depth are indented as the writer indents them.
            var whole = JSONStreamWriter(format)
            whole.beginArray()
            whole.beginObject()
            whole.key("v")
            whole.value(value)
            whole.key("text")
            whole.jsonText(value, as: .compactJava)
            whole.endObject()
            whole.endArray()
            let expected: JSONValue = [["v": value, "text": .string(JSONWriter.compactJava.string(value))]]
            #expect(String(decoding: whole.bytes, as: UTF8.self) == format.string(expected))
        }
    }

    @Test func takeHandsOverTheTextSoFar() {
        var w = JSONStreamWriter(.compact)
        w.beginArray()
        w.int(1)
        var pieces: [String] = []
        w.take { pieces.append(String(decoding: $0, as: UTF8.self)) }
        w.string("x")
        w.endArray()
        w.take { pieces.append(String(decoding: $0, as: UTF8.self)) }
        #expect(pieces == ["[1", ",\"x\"]"])
    }

    @Test func integersAndEscapesWrittenStraightIntoMemoryAreTheWritersText() {
        var random = SplitMix64(seed: 3)
        var values = [0, 9, 10, 99, 100, -1, -9, -10, Int.max, Int.min, Int.min + 1]
        var power = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -power]
        }
        for _ in 0..<2000 { values.append(Int(truncatingIfNeeded: random.next()) >> Int(random.next() % 64)) }
        let room = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        defer { room.deallocate() }
        for v in values {
            let n = JSONStreamWriter.writeInteger(v, to: room)
            #expect(String(decoding: UnsafeBufferPointer(start: room, count: n), as: UTF8.self) == String(v))
        }
        for s in ["", "plain", "a \"b\" \\ c\nd\t\u{1}\u{1F}é ✓", String(repeating: "x\"", count: 20)] {
            var expected: [UInt8] = []
            JSONWriter.writeString(s, into: &expected)
            var copy = s
            copy.withUTF8 { text in
                let n = JSONStreamWriter.writeEscaped(text, to: room)
                #expect(JSONStreamWriter.escapedCount(text) == n)
                #expect([0x22] + Array(UnsafeBufferPointer(start: room, count: n)) + [0x22] == expected)
            }
        }
    }
}
