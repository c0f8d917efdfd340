import JSONCore
import Testing

@testable import StepFunctionsCompiler

@Suite("JSON locator")
struct JSONLocatorTests {
    /// Every value's position from the locator equals the parser's source map.
    @Test(
        "agrees with the parser's source map on every value",
        arguments: [
            #"{"a": 1, "b": {"c": [1, {"d": "x\"}y"}, [true, null]], "e\u0041": -2.5e3}, "f": "é中😀", "g": {}}"#,
            "{\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\",\t\"End\": true}\n  },\r\n  \"k\": [[], [[1]], \"\\\\\"]\n}",
            "[1,2,[3,[4,[5]]],{\"z\":{\"y\":{}}}]",
            "  \"text\"  ",
        ])
    func agreesWithSourceMap(text: String) throws {
        let (json, map) = try JSONParser().parseWithSourceMap(text)
        let locator = JSONLocator(text)
        var work: [(JSONValue, FieldPath)] = [(json, .root)]
        var checked = 0
        while let (value, path) = work.popLast() {
            checked += 1
            #expect(locator.position(of: path) == map.position(of: path), "\(path)")
            if case .object(let o) = value { for (k, v) in o { work.append((v, path.appending(k))) } }
            if case .array(let a) = value { for (i, v) in a.enumerated() { work.append((v, path.appending(i))) } }
        }
        #expect(checked > 1 || !text.contains("{"))
    }

    @Test("a path that leaves the document resolves to its deepest existing part")
    func fallback() throws {
        let text = "{\"a\": {\"b\": 1}}"
        let (_, map) = try JSONParser().parseWithSourceMap(text)
        let locator = JSONLocator(text)
        for path in [
            FieldPath.root.appending("a").appending("zz"), FieldPath.root.appending("a").appending(3),
            FieldPath.root.appending("q"),
        ] {
            #expect(locator.position(of: path) == map.position(of: path), "\(path)")
        }
    }
}
