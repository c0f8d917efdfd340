import JSONCore
import JSONata
import Testing

/// Edge cases where this engine must give what jsonata-js 2.0.6 gives (fractional, negative,
/// undefined, NaN and infinite arguments). Each expectation was checked against jsonata-js's
/// source and a 2.0.x build of it.
@Suite struct JSONataFidelityTests {
    /// Expression and the JSON result (`undefined` for none).
    static let results: [(String, String)] = [
        // an array of indexes selects each, duplicates kept, in the order of the items
        ("[1,2,3][[0,0]]", "[1,1]"),
        ("[1,2,3][[2,0]]", "[1,3]"),
        ("[1,2,3][[0,-1,0]]", "[1,1,3]"),
        // $substring adds start and length before slice truncates them
        ("$substring('abcd', 0.5, 1.5)", #""ab""#),
        ("$substring('abcdef', 1.5, 2.5)", #""bcd""#),
        ("$substring('abcdef', -1.5, 1)", #""""#),
        ("$substring('abcdef', 1, 0/0)", #""""#),
        // $keys descends into nested arrays
        ("$keys([[{'a':1}],[{'b':2}]])", #"["a","b"]"#),
        ("$keys([{'a':1},[{'a':2,'c':3}]])", #"["a","c"]"#),
        // number formatting never shows C's inf/nan
        ("$formatNumber(1/0, '#')", #""Infinity""#),
        ("$formatNumber(-1/0, '#')", #""-Infinity""#),
        ("$formatNumber(0/0, '#')", #""-NaN""#),
        ("$formatNumber(1/0, '#,##0.00')", #""NaN.00""#),
        ("$formatNumber(1/0, '0%')", #""Infinity%""#),
        ("$formatNumber(1e21, '#,###')", #""1e,+21""#),
        ("$formatInteger(0/0, '0')", #""NaN""#),
        ("$formatInteger(0/0, '0;o')", #""NaNth""#),
        ("$formatInteger(0/0, 'a')", #""""#),
        ("$formatInteger(0/0, 'i')", #""""#),
        ("$formatInteger(1/0, '#,##0')", #""In,fin,ity""#),
        ("$formatInteger(1e21, '0;o')", #""1e+21st""#),
        ("$formatBase(1/0)", #""Infinity""#),
        // $round shifts through the number's text: a fractional precision makes it NaN (null)
        ("$round(123.456, 1.5)", "null"),
        ("$round(1/0, 2)", "null"),
        ("$round(-2.5)", "-2"),
        ("$round(0.49999999999999994)", "0"),
        // NaN is not a number to distinct either
        ("$distinct([0/0, 0/0])", "[null,null]"),
        ("$distinct([0, -0])", "[0]"),
        // $replace appends an undefined replacement as text
        ("$replace('abc', 'b', undefined)", #""aundefinedc""#),
        ("$replace('abc', 'x', undefined)", #""abc""#),
        ("$replace('abc', /x/, undefined)", #""abc""#),
        // $split's limit: NaN and 0 give none; a string separator takes ToUint32(limit)
        ("$split('a,b', ',', 1/0)", "[]"),
        ("$split('a,b', /,/, 0/0)", "[]"),
        ("$split('a,b,c', ',', 4294967297)", #"["a"]"#),
        // JavaScript dates: milliseconds truncate toward zero, out of range is "Invalid Date"
        ("$fromMillis(-1.5)", #""1969-12-31T23:59:59.999Z""#),
        ("$fromMillis(0/0)", #""0NaN-NaN-NaNTNaN:NaN:NaN.NaNZ""#),
        ("$fromMillis(8.64e15 + 1)", #""0NaN-NaN-NaNTNaN:NaN:NaN.NaNZ""#),
        ("$fromMillis(8.64e15, '[Y]', '+0100')", #""NaN""#),
        ("$fromMillis(0/0, '[MNn] [FNn] [P] [D1o] [z]')", #""undefined undefined am NaNth GMT+00:00""#),
        // toString(radix): radix 10 is the number's text, other radixes keep only the digits a
        // double holds
        ("$formatBase(1e21)", #""1e+21""#),
        ("$formatBase(1152921504606846976)", #""1152921504606847000""#),
        ("$formatBase(1e21, 16)", #""3635c9adc5dea00000""#),
        ("$formatBase(2e300, 36) ~> $substring(0, 14)", #""uyxx2quowfk000""#),
        // time zones are read with parseInt and applied whatever their size
        ("$fromMillis(0, '[H]:[m] [Z]', 'abc')", #""NaN:NaN 0N:aN""#),
        ("$fromMillis(0, '[Y]', '+999999')", #""1971""#),
        ("$fromMillis(0, '[H01]:[m01] [Z]', '-0530')", #""17:30 -06:30""#),
        ("$toMillis('2020-01-01T00:00:00+24:00')", "null"),
        ("$toMillis('2020-01-01T00:00:00+23:59')", "1577750460000"),
        // an undefined width pads nothing (Math.abs(undefined) is NaN)
        ("$pad('a', undefined)", #""a""#),
        // NaN from $parseInteger is still "object" to $type
        ("$type($parseInteger('abc', 'w'))", #""object""#),
    ]

    @Test(arguments: results)
    func resultMatchesJsonataJs(_ testCase: (String, String)) throws {
        let result = try evaluate(testCase.0, nil)
        #expect(same(result, expected(testCase.1)), "\(testCase.0) gave \(result.map { "\($0)" } ?? "undefined")")
    }

    /// Expression, error code and (when it matters) message.
    static let errors: [(String, String, String?)] = [
        // NaN is not numeric: negation and the one-argument $sort refuse it
        ("-$parseInteger('abc', 'w')", "D1002", "Cannot negate a non-numeric value: null"),
        ("-(0/0)", "D1002", nil),
        ("-(1 % 0)", "D1002", nil),
        ("$sort([$parseInteger('abc', 'w'), 1])", "D3070", nil),
        ("$formatInteger($parseInteger('abc', 'w'), '#')", "D3130", nil),
        // infinities are out of range wherever jsonata-js tests `isNumeric`, and JSON.stringify
        // writes them as null in the message
        ("(1/0) + 1", "D1001", "Number out of range: null"),
        ("-(1/0)", "D1001", "Number out of range: null"),
        ("$boolean(1/0)", "D1001", nil),
        ("$boolean([0, 1/0])", "D1001", nil),
        ("(1/0) ? 1 : 2", "D1001", nil),
        ("$type(1/0)", "D1001", nil),
        ("$sort([1/0, 1])", "D1001", nil),
        ("$sort(['a', 1/0])", "D1001", nil),
        ("[1,2][[1/0]]", "D1001", nil),
        // Math.pow(2, undefined) is NaN
        (
            "$power(2, undefined)", "D3061",
            "The power function has resulted in a value that cannot be represented as a JSON number: base=2, exponent=undefined"
        ),
        ("$power(1, 1/0)", "D3061", nil),
        ("$power(1, 0/0)", "D3061", nil),
        // unterminated brackets and escapes at the end of the expression
        ("(", "S0203", "Expected \")\" before end of expression"),
        ("[1, 2", "S0203", "Expected \"]\" before end of expression"),
        ("{", "S0203", "Expected \":\" before end of expression"),
        ("$f(1", "S0203", nil),
        ("\"abc\\", "S0103", "Unsupported escape sequence: \\\"\""),
        ("1 +", "S0207", nil),
        // JavaScript runtime errors jsonata-js lets through
        ("$pad('ab', 5.5)", "RangeError", "Invalid array length"),
        ("$pad('ab', 1/0)", "RangeError", "Invalid array length"),
        ("$pad('ab', 4294967300)", "RangeError", "Invalid array length"),
        ("$pad('ab', 4294967296)", "RangeError", "Invalid string length"),
        ("$pad('ab', 1000000000)", "RangeError", "Invalid string length"),
        ("$replace('abc', /b/, undefined)", "TypeError", nil),
        ("$formatBase(10, 0/0)", "RangeError", "toString() radix argument must be between 2 and 36"),
        ("$formatInteger(0/0, 'w')", "RangeError", "Maximum call stack size exceeded"),
        ("$formatInteger(1/0, 'I')", "RangeError", "Maximum call stack size exceeded"),
        ("$formatInteger(1e7, 'I')", "RangeError", "Maximum call stack size exceeded"),
        (
            "$formatNumber(1, '0.' & $pad('', 101, '0'))", "RangeError",
            "toFixed() digits argument must be between 0 and 100"
        ),
        ("$fromMillis(0/0, '[MN]')", "TypeError", nil),
        // an undefined matcher or picture: jsonata-js calls a method on undefined
        ("$split('a,b', undefined)", "TypeError", "Cannot read properties of undefined (reading 'apply')"),
        ("$contains('abc', undefined)", "TypeError", nil),
        ("$replace('abc', undefined, 'x')", "TypeError", nil),
        ("$formatNumber(1, undefined)", "TypeError", "Cannot read properties of undefined (reading 'split')"),
        ("$formatInteger(1, undefined)", "TypeError", "Cannot read properties of undefined (reading 'lastIndexOf')"),
        ("$parseInteger('1', undefined)", "TypeError", nil),
        // jsonata-js loops forever on these; the engine stops at once
        ("$formatInteger(1/0, 'a')", "U1001", nil),
        ("$formatNumber(1/0, '0.0e0')", "U1001", nil),
    ]

    @Test(arguments: errors)
    func errorMatchesJsonataJs(_ testCase: (String, String, String?)) {
        let e = errorOf(testCase.0, nil)
        #expect(e?.code == testCase.1, "\(testCase.0) gave \(e.map { "\($0)" } ?? "no error")")
        if let message = testCase.2 { #expect(e?.message == message) }
    }
}
