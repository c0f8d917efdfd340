import JSONCore
import Testing
import YAML

/// Anchors, aliases, merge keys, and the limits that keep alias expansion bounded.
@Suite struct YAMLAliasTests {
    @Test func aliasesRepeatTheAnchoredNode() {
        YAMLTestSupport.expectJSON("a: &x 1\nb: *x\n", #"{"a": 1, "b": 1}"#)
        YAMLTestSupport.expectJSON(
            "base: &b {x: 1, y: [2, 3]}\ncopy: *b\nlist: [*b, *b]\n",
            #"{"base": {"x": 1, "y": [2, 3]}, "copy": {"x": 1, "y": [2, 3]}, "list": [{"x": 1, "y": [2, 3]}, {"x": 1, "y": [2, 3]}]}"#
        )
        YAMLTestSupport.expectJSON("a: &seq\n  - p\n  - q\nb: *seq\n", #"{"a": ["p", "q"], "b": ["p", "q"]}"#)
        YAMLTestSupport.expectJSON(
            "a: &inner\n  b: &leaf 1\nc: *leaf\nd: *inner\n", #"{"a": {"b": 1}, "c": 1, "d": {"b": 1}}"#)
        YAMLTestSupport.expectJSON(
            "a: !!str &t 5\nb: &u !!str 6\nc: [*t, *u]\n", #"{"a": "5", "b": "6", "c": ["5", "6"]}"#)
        YAMLTestSupport.expectJSON("a: &empty\nb: *empty\n", #"{"a": null, "b": null}"#)
    }

    @Test func anchorsMayBeRedefined() {
        // YAML 1.2: an alias refers to the most recent anchor of that name.
        YAMLTestSupport.expectJSON("- &a first\n- *a\n- &a second\n- *a\n", #"["first", "first", "second", "second"]"#)
    }

    @Test func aliasAsKey() {
        YAMLTestSupport.expectJSON("k: &key name\n*key : value\n", #"{"k": "name", "name": "value"}"#)
    }

    @Test func mergeKeys() {
        YAMLTestSupport.expectJSON(
            "base: &base\n  a: 1\n  b: 2\nderived:\n  <<: *base\n  b: 20\n  c: 3\n",
            #"{"base": {"a": 1, "b": 2}, "derived": {"a": 1, "b": 20, "c": 3}}"#)
        // Explicit keys win even when written before the merge; merged keys go where '<<' is.
        YAMLTestSupport.expectJSON(
            "base: &base {a: 1, b: 2}\nd:\n  b: 0\n  <<: *base\n  z: 9\n",
            #"{"base": {"a": 1, "b": 2}, "d": {"b": 0, "a": 1, "z": 9}}"#)
        // Several sources: the first to give a key wins.
        YAMLTestSupport.expectJSON(
            "x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nm:\n  <<: [*x, *y]\n  d: 4\n",
            #"{"x": {"a": 1, "b": 1}, "y": {"b": 2, "c": 2}, "m": {"a": 1, "b": 1, "c": 2, "d": 4}}"#)
        YAMLTestSupport.expectJSON("m:\n  <<: {a: 1}\n  b: 2\n", #"{"m": {"a": 1, "b": 2}}"#)
        YAMLTestSupport.expectJSON("m: {<<: {a: 1}, a: 2}\n", #"{"m": {"a": 2}}"#)
        // A quoted '<<' is an ordinary key.
        YAMLTestSupport.expectJSON("m:\n  '<<': {a: 1}\n", #"{"m": {"<<": {"a": 1}}}"#)
    }

    @Test func mergeValueMustBeMappings() {
        YAMLTestSupport.expectError("m:\n  <<: 1\n", .invalidValue, line: 2, column: 7, "merge key")
        YAMLTestSupport.expectError("m:\n  <<: [{a: 1}, 2]\n", .invalidValue, line: 2, column: 16, "must be a mapping")
    }

    @Test func undefinedAndForwardAliasesAreErrors() {
        YAMLTestSupport.expectError("a: *nope\n", .undefinedAlias, line: 1, column: 4, "*nope")
        YAMLTestSupport.expectError("a: *later\nb: &later 1\n", .undefinedAlias, line: 1, column: 4)
        // A collection cannot contain an alias to itself: its anchor is defined only once it is complete.
        YAMLTestSupport.expectError("a: &loop [*loop]\n", .undefinedAlias, line: 1, column: 11)
        YAMLTestSupport.expectError("a: &a [1]\nb: &a *a\n", .syntax, line: 2, column: 7, "alias cannot have")
    }

    @Test func billionLaughsIsStopped() {
        var yaml = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
            yaml += "l\(level): &l\(level) [\(refs)]\n"
        }
        let start = ContinuousClock.now
        guard let error = YAMLTestSupport.error(yaml) else { return }
        #expect(error.kind == .aliasExpansionLimit)
        #expect(error.message.contains("billion laughs"))
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func aliasBudgetIsConfigurable() throws {
        let yaml = "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n"
        // Each alias of `a` adds 4 nodes (the sequence and its 3 scalars).
        #expect(throws: YAMLError.self) { try YAMLParser.parse(yaml, options: .init(maxAliasExpansion: 11)) }
        #expect(
            try YAMLParser.parseJSON(yaml, options: .init(maxAliasExpansion: 12)) == [
                "a": [1, 2, 3], "b": [[1, 2, 3], [1, 2, 3], [1, 2, 3]],
            ])
    }

    @Test func aliasesCannotNestBeyondTheDepthLimit() {
        // Each level nests the previous one inside two more collections.
        var yaml = "a0: &a0 [[x]]\n"
        for level in 1...4 { yaml += "a\(level): &a\(level) [[*a\(level - 1)]]\n" }
        YAMLTestSupport.expectError(yaml, .tooDeep, line: 4, column: 11, options: .init(maxDepth: 8))
        YAMLTestSupport.expectJSON(
            "a: &a [[x]]\nb: [*a]\n", #"{"a": [["x"]], "b": [[["x"]]]}"#, options: .init(maxDepth: 4))
    }
}
