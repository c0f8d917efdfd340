import JSONCore
import Testing
import YAML

/// Block and flow collections, comments, document markers and the byte order mark.
@Suite struct YAMLCollectionTests {
    @Test func blockMappingsKeepKeyOrder() {
        YAMLTestSupport.expectJSON("z: 1\na: 2\nm: 3\n", #"{"z": 1, "a": 2, "m": 3}"#)
        YAMLTestSupport.expectJSON(
            "outer:\n  inner:\n    deep: x\n  sibling: y\nnext: z\n",
            #"{"outer": {"inner": {"deep": "x"}, "sibling": "y"}, "next": "z"}"#)
        YAMLTestSupport.expectJSON("    indented: 1\n    document: 2\n", #"{"indented": 1, "document": 2}"#)
        YAMLTestSupport.expectJSON(
            "\"quoted key\": 1\n'single': 2\nkey with spaces: 3\n",
            #"{"quoted key": 1, "single": 2, "key with spaces": 3}"#)
        YAMLTestSupport.expectJSON("a:\nb:   \nc: # comment\n", #"{"a": null, "b": null, "c": null}"#)
    }

    @Test func nonStringKeysBecomeTheirText() {
        YAMLTestSupport.expectJSON(
            "1: a\ntrue: b\n1.50: c\nnull: d\n", #"{"1": "a", "true": "b", "1.50": "c", "null": "d"}"#)
    }

    @Test func blockSequences() {
        YAMLTestSupport.expectJSON("- a\n- b\n-\n- - x\n  - y\n", #"["a", "b", null, ["x", "y"]]"#)
        YAMLTestSupport.expectJSON("- - - deep\n    - er\n  - mid\n- top\n", #"[[["deep", "er"], "mid"], "top"]"#)
        YAMLTestSupport.expectJSON("-   spaced\n-\tafter tab\n", #"["spaced", "after tab"]"#)
    }

    @Test func compactSequencesUnderAKey() {
        YAMLTestSupport.expectJSON("a:\n- x\n- y\nb: z\n", #"{"a": ["x", "y"], "b": "z"}"#)
        YAMLTestSupport.expectJSON("a:\n  b:\n  - 1\n  - 2\n  c: 3\n", #"{"a": {"b": [1, 2], "c": 3}}"#)
    }

    @Test func mappingsInsideSequences() {
        YAMLTestSupport.expectJSON(
            "- name: a\n  value: 1\n- name: b\n  nested:\n    - k: v\n      k2: v2\n",
            #"[{"name": "a", "value": 1}, {"name": "b", "nested": [{"k": "v", "k2": "v2"}]}]"#)
        YAMLTestSupport.expectJSON("-   a: 1\n    b: 2\n", #"[{"a": 1, "b": 2}]"#)
    }

    @Test func explicitKeys() {
        YAMLTestSupport.expectJSON("? a\n: 1\n? b\n", #"{"a": 1, "b": null}"#)
        YAMLTestSupport.expectJSON("? |\n  block key\n: v\n", #"{"block key\n": "v"}"#)
    }

    @Test func flowCollections() {
        YAMLTestSupport.expectJSON("{a: 1, b: [x, y], c: {d: e}}", #"{"a": 1, "b": ["x", "y"], "c": {"d": "e"}}"#)
        YAMLTestSupport.expectJSON(
            "[a, 'b', \"c\", 1, true, null, ~, [], {}]", #"["a", "b", "c", 1, true, null, null, [], {}]"#)
        YAMLTestSupport.expectJSON("[a, b, ]\n", #"["a", "b"]"#)
        YAMLTestSupport.expectJSON("{a, b: , c: 1}\n", #"{"a": null, "b": null, "c": 1}"#)
        YAMLTestSupport.expectJSON("[a: 1, b]\n", #"[{"a": 1}, "b"]"#)
        YAMLTestSupport.expectJSON("{a:b, c: d:e, f: http://x}\n", #"{"a:b": null, "c": "d:e", "f": "http://x"}"#)
        YAMLTestSupport.expectJSON(#"{"json": "style", "n": [1, 2.5, -3]}"#, #"{"json": "style", "n": [1, 2.5, -3]}"#)
        YAMLTestSupport.expectJSON(#"{"a":1,"b":[true,false]}"#, #"{"a": 1, "b": [true, false]}"#)
        YAMLTestSupport.expectJSON("key: [a b, c  d]\n", #"{"key": ["a b", "c  d"]}"#)
    }

    @Test func multiLineFlowCollections() {
        YAMLTestSupport.expectJSON(
            """
            States: {
              A: {Type: Pass, Next: B},   # comment inside
              B: {
                Type: Succeed
              }
            }
            List: [
              one,
              two words
                folded,
              [nested]
            ]
            """,
            #"{"States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}, "List": ["one", "two words folded", ["nested"]]}"#
        )
    }

    @Test func commentsAnywhere() {
        YAMLTestSupport.expectJSON(
            """
            # leading comment
            a: 1 # trailing
              # indented comment line
            b: # before a nested block
              # between
              c: 2
            # between entries

            d: [1, # in flow
                2]
            # final
            """, #"{"a": 1, "b": {"c": 2}, "d": [1, 2]}"#)
    }

    @Test func documentMarkers() {
        YAMLTestSupport.expectJSON("---\na: 1\n", #"{"a": 1}"#)
        YAMLTestSupport.expectJSON("---\na: 1\n...\n", #"{"a": 1}"#)
        YAMLTestSupport.expectJSON("--- # comment\na: 1\n...\n# after the end\n", #"{"a": 1}"#)
        YAMLTestSupport.expectJSON("--- [a, b]\n", #"["a", "b"]"#)
        YAMLTestSupport.expectJSON("--- |\n  text\n", #""text\n""#)
        YAMLTestSupport.expectJSON("%YAML 1.2\n---\na: 1\n", #"{"a": 1}"#)
        YAMLTestSupport.expectJSON("---\n", "null")
        YAMLTestSupport.expectJSON("", "null")
        YAMLTestSupport.expectJSON("# only a comment\n", "null")
    }

    @Test func severalDocumentsAreAnErrorOrReadOnRequest() throws {
        YAMLTestSupport.expectError("a: 1\n---\nb: 2\n", .multipleDocuments, line: 2, column: 1)
        YAMLTestSupport.expectError("a: 1\n...\n---\n", .multipleDocuments, line: 3, column: 1)
        let documents = try YAMLParser().parseDocuments("a: 1\n---\nb: 2\n...\n--- 3\n")
        #expect(documents.map { $0.jsonValue() } == [["a": 1], ["b": 2], 3])
        #expect(try YAMLParser().parseDocuments("").isEmpty)
    }

    @Test func byteOrderMarkAndLineEndings() throws {
        YAMLTestSupport.expectJSON("\u{FEFF}a: 1\n", #"{"a": 1}"#)
        YAMLTestSupport.expectJSON("a: 1\r\nb:\r\n  - x\r\n  - |\r\n    t\r\n", #"{"a": 1, "b": ["x", "t\n"]}"#)
        let node = try YAMLParser.parse("\u{FEFF}a: 1\n")
        #expect(node.position.line == 1 && node.position.column == 1)
    }

    @Test func tabsMaySeparateButNotIndent() {
        YAMLTestSupport.expectJSON("a:\t1\nb: \t[x,\ty]\n", #"{"a": 1, "b": ["x", "y"]}"#)
        YAMLTestSupport.expectJSON("a: 1\n\t\n\t# tabbed comment line\nb: 2\n", #"{"a": 1, "b": 2}"#)
        YAMLTestSupport.expectJSON("a: |\n  \ttab content\n", #"{"a": "\ttab content\n"}"#)
    }

    @Test func emptyValuesAndEntries() {
        YAMLTestSupport.expectJSON("a:\n  -\n  - b\n  -\n", #"{"a": [null, "b", null]}"#)
        YAMLTestSupport.expectJSON("a: ''\nb: \"\"\nc: []\nd: {}\n", #"{"a": "", "b": "", "c": [], "d": {}}"#)
    }

    @Test func nodeAccessors() throws {
        let node = try YAMLParser.parse("a:\n  - x\n  - {y: 1}\n")
        #expect(node.mapping?.count == 1)
        #expect(node["a"]?.sequence?.count == 2)
        #expect(node["a"]?[1]?["y"]?.scalar?.value == 1)
        #expect(node["a"]?[2] == nil)
        #expect(node["missing"] == nil)
        #expect(node.node(at: path("a", 1, "y"))?.jsonValue() == 1)
        #expect(node.node(at: path("a", "y")) == nil)
    }
}
