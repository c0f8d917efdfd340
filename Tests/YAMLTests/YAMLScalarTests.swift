import JSONCore
import Testing
import YAML

/// Plain, quoted and block scalars, and how the core schema types plain scalars.
@Suite struct YAMLScalarTests {
    @Test func plainScalars() {
        YAMLTestSupport.expectJSON("a: hello world\n", #"{"a": "hello world"}"#)
        YAMLTestSupport.expectJSON(
            "a: x:y\nb: http://h/p?q#f\nc: a#b\nd: -x\ne: ?x\n",
            #"{"a": "x:y", "b": "http://h/p?q#f", "c": "a#b", "d": "-x", "e": "?x"}"#)
        YAMLTestSupport.expectJSON(
            "a: States.Format('{}', $.x)\nb: $.items[*]\n", #"{"a": "States.Format('{}', $.x)", "b": "$.items[*]"}"#)
        YAMLTestSupport.expectJSON("a: trailing spaces   \n", #"{"a": "trailing spaces"}"#)
        YAMLTestSupport.expectJSON("a: value # a comment\n", #"{"a": "value"}"#)
        YAMLTestSupport.expectJSON("a: tab\tinside\n", #"{"a": "tab\tinside"}"#)
        YAMLTestSupport.expectJSON("just a scalar\n", #""just a scalar""#)
    }

    @Test func multiLinePlainScalarsFold() {
        YAMLTestSupport.expectJSON(
            """
            a: first
              second
              third

              after blank
            b: x
            """, #"{"a": "first second third\nafter blank", "b": "x"}"#)
        YAMLTestSupport.expectJSON("- a\n  b\n- c\n", #"["a b", "c"]"#)
        YAMLTestSupport.expectJSON("top\nlevel\n", #""top level""#)
        YAMLTestSupport.expectJSON("a: x\r\n  y\r\nb: z\r\n", #"{"a": "x y", "b": "z"}"#)
    }

    @Test func singleQuotedScalars() {
        YAMLTestSupport.expectJSON("a: 'it''s'\n", #"{"a": "it's"}"#)
        YAMLTestSupport.expectJSON("a: 'no \\escapes\\n'\n", #"{"a": "no \\escapes\\n"}"#)
        YAMLTestSupport.expectJSON("a: 'one\n  two\n\n  three'\n", #"{"a": "one two\nthree"}"#)
        YAMLTestSupport.expectJSON("a: ''\nb: '#not a comment'\n", ##"{"a": "", "b": "#not a comment"}"##)
        YAMLTestSupport.expectJSON("a: '123'\nb: 'true'\nc: 'null'\n", #"{"a": "123", "b": "true", "c": "null"}"#)
    }

    @Test func doubleQuotedEscapes() {
        YAMLTestSupport.expectJSON(
            #"a: "tab\there\nnew \"q\" \\ \/ \x41\u00e9\U0001F600""#, #"{"a": "tab\there\nnew \"q\" \\ / Aé😀"}"#)
        YAMLTestSupport.expectJSON(
            #"a: "\0\a\b\v\f\r\e\ \N\_\L\P""#, #"{"a": "\u0000\u0007\b\u000b\f\r\u001b \u0085\u00a0\u2028\u2029"}"#)
        YAMLTestSupport.expectJSON("a: \"tab\\\tescaped\"\n", #"{"a": "tab\tescaped"}"#)
    }

    @Test func doubleQuotedLineFolding() {
        YAMLTestSupport.expectJSON("a: \"one\n  two\n\n  three\"\n", #"{"a": "one two\nthree"}"#)
        YAMLTestSupport.expectJSON("a: \"joined\\\n   without space\"\n", #"{"a": "joinedwithout space"}"#)
        YAMLTestSupport.expectJSON("a: \"empty\\\n \r\n\n  lines kept\"\n", #"{"a": "empty\n\nlines kept"}"#)
        YAMLTestSupport.expectJSON("a: \"kept \\\n  space\"\n", #"{"a": "kept space"}"#)
        YAMLTestSupport.expectJSON("a: \"trailing   \n  spaces dropped\"\n", #"{"a": "trailing spaces dropped"}"#)
        YAMLTestSupport.expectJSON("a: \"escaped\\ \n  space kept\"\n", #"{"a": "escaped  space kept"}"#)
    }

    @Test func literalBlockScalars() {
        YAMLTestSupport.expectJSON(
            "a: |\n  line 1\n    indented\n  line 3\nb: 1\n", #"{"a": "line 1\n  indented\nline 3\n", "b": 1}"#)
        YAMLTestSupport.expectJSON("a: |\n  x\n\n\nb: 1\n", #"{"a": "x\n", "b": 1}"#)
        YAMLTestSupport.expectJSON("a: |-\n  x\n\n\nb: 1\n", #"{"a": "x", "b": 1}"#)
        YAMLTestSupport.expectJSON("a: |+\n  x\n\n\nb: 1\n", #"{"a": "x\n\n\n", "b": 1}"#)
        YAMLTestSupport.expectJSON("a: |\n\n  after blank\n", #"{"a": "\nafter blank\n"}"#)
        YAMLTestSupport.expectJSON("a: |\n  no newline at end", #"{"a": "no newline at end"}"#)
        YAMLTestSupport.expectJSON("a: |\n  # not a comment\n  x\n", ##"{"a": "# not a comment\nx\n"}"##)
        YAMLTestSupport.expectJSON("a: | # a comment\n  x\n", #"{"a": "x\n"}"#)
        YAMLTestSupport.expectJSON("a: |\nb: 1\n", #"{"a": "", "b": 1}"#)
        YAMLTestSupport.expectJSON("- |\n  in a sequence\n- x\n", #"["in a sequence\n", "x"]"#)
        YAMLTestSupport.expectJSON("a:\n- |\n  compact\n- y\n", #"{"a": ["compact\n", "y"]}"#)
    }

    @Test func explicitIndentationIndicators() {
        YAMLTestSupport.expectJSON("a: |2\n    leading spaces\n  kept\n", #"{"a": "  leading spaces\nkept\n"}"#)
        YAMLTestSupport.expectJSON("a: |1-\n  x\n", #"{"a": " x"}"#)
        YAMLTestSupport.expectJSON("a: >-2\n   x\n  y\n", #"{"a": " x\ny"}"#)
        YAMLTestSupport.expectJSON("- |2+\n   x\n\n", #"[" x\n\n"]"#)
    }

    @Test func foldedBlockScalars() {
        YAMLTestSupport.expectJSON(
            "a: >\n  folded\n  text\n\n  new paragraph\n    more indented\n  back\nb: 1\n",
            #"{"a": "folded text\nnew paragraph\n  more indented\nback\n", "b": 1}"#)
        YAMLTestSupport.expectJSON("a: >-\n  x\n  y\n\n", #"{"a": "x y"}"#)
        YAMLTestSupport.expectJSON("a: >+\n  x\n\n", #"{"a": "x\n\n"}"#)
        YAMLTestSupport.expectJSON("a: >\n\n  x\n\n", #"{"a": "\nx\n"}"#)
    }

    @Test func coreSchemaNullsAndBooleans() {
        YAMLTestSupport.expectJSON(
            "a: null\nb: Null\nc: NULL\nd: ~\ne:\nf: true\ng: True\nh: TRUE\ni: false\nj: False\nk: FALSE\n",
            #"{"a": null, "b": null, "c": null, "d": null, "e": null, "f": true, "g": true, "h": true, "i": false, "j": false, "k": false}"#
        )
        // YAML 1.1 booleans and near misses stay strings under the 1.2 core schema.
        YAMLTestSupport.expectJSON(
            "a: yes\nb: no\nc: on\nd: off\ne: nULL\nf: tRUE\ng: y\n",
            #"{"a": "yes", "b": "no", "c": "on", "d": "off", "e": "nULL", "f": "tRUE", "g": "y"}"#)
    }

    @Test func coreSchemaNumbers() {
        YAMLTestSupport.expectJSON(
            "a: 0\nb: -12\nc: +7\nd: 0o17\ne: 0x1F\nf: 0xff\ng: 010\nh: 9223372036854775807\ni: -9223372036854775808\n",
            #"{"a": 0, "b": -12, "c": 7, "d": 15, "e": 31, "f": 255, "g": 10, "h": 9223372036854775807, "i": -9223372036854775808}"#
        )
        YAMLTestSupport.expectJSON(
            "a: 1.5\nb: -0.25\nc: 1e3\nd: .5\ne: 1.\nf: 2.5E-3\ng: 9223372036854775808\n",
            #"{"a": 1.5, "b": -0.25, "c": 1000.0, "d": 0.5, "e": 1.0, "f": 0.0025, "g": 9223372036854775808.0}"#)
        // Not numbers under the core schema.
        YAMLTestSupport.expectJSON(
            "a: 1_000\nb: 0x\nc: 0o8\nd: 12:30\ne: 2024-01-01\nf: 1.2.3\ng: +\nh: .\ni: 0b101\nj: 1e\n",
            #"{"a": "1_000", "b": "0x", "c": "0o8", "d": "12:30", "e": "2024-01-01", "f": "1.2.3", "g": "+", "h": ".", "i": "0b101", "j": "1e"}"#
        )
    }

    @Test func infinityAndNaN() throws {
        let node = try YAMLParser.parse("a: .inf\nb: -.Inf\nc: .NaN\nd: +.INF\n")
        #expect(node["a"]?.scalar?.value.doubleValue == .infinity)
        #expect(node["b"]?.scalar?.value.doubleValue == -.infinity)
        #expect(node["c"]?.scalar?.value.doubleValue?.isNaN == true)
        #expect(node["d"]?.scalar?.value.doubleValue == .infinity)
        // JSON has no such numbers: the JSON form keeps the YAML text.
        YAMLTestSupport.expectJSON("a: .inf\nb: -.Inf\nc: .NaN\n", #"{"a": ".inf", "b": "-.Inf", "c": ".NaN"}"#)
    }

    @Test func quotedAndBlockScalarsAreStrings() {
        YAMLTestSupport.expectJSON("a: \"1\"\nb: '~'\nc: |\n  true\n", #"{"a": "1", "b": "~", "c": "true\n"}"#)
    }

    @Test func standardTags() {
        YAMLTestSupport.expectJSON(
            "a: !!str 123\nb: !!int \"42\"\nc: !!float 1\nd: !!bool \"true\"\ne: !!null ''\nf: !!str\ng: ! 12\nh: !!int 0x10\ni: !!float '-.inf'\n",
            #"{"a": "123", "b": 42, "c": 1.0, "d": true, "e": null, "f": "", "g": "12", "h": 16, "i": "-.inf"}"#)
        YAMLTestSupport.expectJSON(
            "a: !!map {x: 1}\nb: !!seq [1]\nc: !<tag:yaml.org,2002:str> 5\nd: !!timestamp 2024-01-01\n",
            #"{"a": {"x": 1}, "b": [1], "c": "5", "d": "2024-01-01"}"#)
        YAMLTestSupport.expectJSON("%TAG !yaml! tag:yaml.org,2002:\n---\na: !yaml!str 5\n", #"{"a": "5"}"#)
    }

    @Test func scalarDetailsAreKept() throws {
        let node = try YAMLParser.parse("a: 'x'\nb: \"y\"\nc: |\n  z\nd: >\n  w\ne: 0x10\n")
        #expect(node["a"]?.scalar?.style == .singleQuoted)
        #expect(node["b"]?.scalar?.style == .doubleQuoted)
        #expect(node["c"]?.scalar?.style == .literal)
        #expect(node["d"]?.scalar?.style == .folded)
        #expect(node["e"]?.scalar?.style == .plain)
        #expect(node["e"]?.scalar?.text == "0x10")
        #expect(node["e"]?.scalar?.value == 16)
    }

    @Test func unicodeContent() {
        YAMLTestSupport.expectJSON("ключ: значение\n漢字: [é, 😀]\n", #"{"ключ": "значение", "漢字": ["é", "😀"]}"#)
    }
}
