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
}
