import JSONCore
import JSONata
import Testing

/// The function library, one or more cases per function.
@Suite struct JSONataFunctionTests {
    static let cases: [(String, String)] = [
        // strings
        ("$string(22/7)", #""3.14285714285714""#),
        ("$string(1e21)", #""1e+21""#),
        ("$string(0.000001)", #""0.000001""#),
        ("$string(1e-7)", #""1e-7""#),
        ("$string({'a': [1, 'x']})", #""{\"a\":[1,\"x\"]}""#),
        ("$string({'a': 1}, true)", #""{\n  \"a\": 1\n}""#),
        ("$length('h🎉llo')", "5"),
        ("$substring('h🎉llo', 1, 2)", #""🎉l""#),
        ("$substring('Hello World', -5)", #""World""#),
        ("$substringBefore('Hello World', ' ')", #""Hello""#),
        ("$substringAfter('Hello World', ' ')", #""World""#),
        ("$uppercase('abc')", #""ABC""#),
        ("$lowercase('ABC')", #""abc""#),
        ("$trim('  a \n b  ')", #""a b""#),
        ("$pad('x', 4, '-')", #""x---""#),
        ("$pad('x', -4, '#')", "\"###x\""),
        ("$contains('abc', 'b')", "true"),
        ("$split('a,b,c', ',', 2)", #"["a", "b"]"#),
        ("$join(['a', 'b'], '-')", #""a-b""#),
        ("$replace('aaa', 'a', 'b', 2)", #""bba""#),
        ("$base64encode('hello:world')", #""aGVsbG86d29ybGQ=""#),
        ("$base64decode('aGVsbG86d29ybGQ=')", #""hello:world""#),
        ("$encodeUrlComponent('?x=test')", #""%3Fx%3Dtest""#),
        ("$encodeUrl('https://x.org/?x=шеллы')", #""https://x.org/?x=%D1%88%D0%B5%D0%BB%D0%BB%D1%8B""#),
        ("$decodeUrlComponent('%3Fx%3Dtest')", #""?x=test""#),
        ("$decodeUrl('https://x.org/?x=%D1%88')", #""https://x.org/?x=ш""#),
        // numbers
        ("$number('0x12')", "18"),
        ("$number('1e2')", "100"),
        ("$number(true)", "1"),
        ("$abs(-5)", "5"),
        ("$floor(-1.5)", "-2"),
        ("$ceil(1.2)", "2"),
        ("$round(2.5)", "2"),
        ("$round(3.5)", "4"),
        ("$round(1.255, 2)", "1.26"),
        ("$round(125, -1)", "120"),
        ("$power(2, 10)", "1024"),
        ("$sqrt(16)", "4"),
        ("$formatNumber(12345.6, '#,###.00')", #""12,345.60""#),
        ("$formatNumber(0.14, '#%')", #""14%""#),
        ("$formatNumber(1234.5678, '00.000e0')", #""12.346e2""#),
        ("$formatBase(255, 16)", #""ff""#),
        ("$formatBase(-5, 2)", #""-101""#),
        ("$formatInteger(123, 'w')", #""one hundred and twenty-three""#),
        ("$formatInteger(1999, 'I')", #""MCMXCIX""#),
        ("$formatInteger(28, 'A')", #""AB""#),
        ("$formatInteger(1234567, '#,##0')", #""1,234,567""#),
        ("$formatInteger(21, '1;o')", #""21st""#),
        ("$parseInteger('one hundred and twenty-three', 'w')", "123"),
        ("$parseInteger('MCMXCIX', 'I')", "1999"),
        ("$parseInteger('1,234,567', '#,##0')", "1234567"),
        // aggregation
        ("$sum([1, 2, 3])", "6"),
        ("$count([1, 2, 3])", "3"),
        ("$count(nothing)", "0"),
        ("$max([1, 5, 3])", "5"),
        ("$min([4, 2, 8])", "2"),
        ("$average([1, 2, 3, 4])", "2.5"),
        // booleans
        ("$boolean([0, 1])", "true"),
        ("$boolean({})", "false"),
        ("$not('')", "true"),
        ("$exists(Account.Name)", "true"),
        ("$exists(Account.Nope)", "false"),
        // arrays
        ("$append([1, 2], 3)", "[1, 2, 3]"),
        ("$reverse([1, 2, 3])", "[3, 2, 1]"),
        ("$sort([3, 1, 2])", "[1, 2, 3]"),
        ("$sort(['b', 'a'])", #"["a", "b"]"#),
        ("$sort([{'n':2,'i':0},{'n':1,'i':1},{'n':2,'i':2}], function($a, $b){$a.n > $b.n}).i", "[1, 0, 2]"),
        ("$distinct([1, 2, 2, 'a', 'a', [1], [1]])", #"[1, 2, "a", [1]]"#),
        ("$zip([1, 2], ['a', 'b'], [true])", #"[[1, "a", true]]"#),
        ("$count($shuffle([1, 2, 3, 4]))", "4"),
        // objects
        ("$keys({'a': 1, 'b': 2})", #"["a", "b"]"#),
        ("$lookup({'a': 1}, 'a')", "1"),
        ("$spread({'a': 1, 'b': 2})", #"[{"a": 1}, {"b": 2}]"#),
        ("$merge([{'a': 1}, {'b': 2}, {'a': 3}])", #"{"a": 3, "b": 2}"#),
        ("$each({'a': 1, 'b': 2}, function($v, $k){$k & $v})", #"["a1", "b2"]"#),
        ("$sift({'a': 1, 'b': 2}, function($v){$v > 1})", #"{"b": 2}"#),
        (
            "$type(null) & $type(1) & $type('') & $type([]) & $type({}) & $type($type)",
            #""nullnumberstringarrayobjectfunction""#
        ),
        // higher-order
        ("$map([1, 2, 3], function($v, $i){$v * $i})", "[0, 2, 6]"),
        ("$map(['a', 'b'], $uppercase)", #"["A", "B"]"#),
        ("$filter([1, 2, 3, 4], function($v){$v % 2 = 0})", "[2, 4]"),
        ("$reduce([1, 2, 3, 4], function($a, $b){$a + $b})", "10"),
        ("$reduce([1, 2, 3], function($a, $b){$a + $b}, 10)", "16"),
        ("$single([1, 2, 3], function($v){$v = 2})", "2"),
        // evaluation
        ("$eval('1 + 2')", "3"),
        ("$eval('Name', Account)", #""Firefly""#),
        ("$clone({'a': [1]})", #"{"a": [1]}"#),
        // date/time with a fixed clock
        ("$fromMillis(1510067557121)", #""2017-11-07T15:12:37.121Z""#),
        ("$fromMillis(1510067557121, '[Y0001]-[M01]-[D01]')", #""2017-11-07""#),
        (
            "$fromMillis(1510067557121, '[D1o] [MNn] [Y] [h]:[m01][P] [Z]', '-0500')",
            #""7th November 2017 10:12am -05:00""#
        ),
        (
            "$fromMillis(1510067557121, '[FNn,3-3], [D01]/[M01]/[Y0001] [H01]:[m01]:[s01] [z]')",
            #""Tue, 07/11/2017 15:12:37 GMT+00:00""#
        ),
        ("$fromMillis(1510067557121, '[Y,2]-[W01]-[F1]')", #""17-45-2""#),
        ("$toMillis('2017-11-07T15:12:37.121Z')", "1510067557121"),
        ("$toMillis('2018-02-01')", "1517443200000"),
        ("$toMillis('07/11/2017', '[D01]/[M01]/[Y0001]')", "1510012800000"),
        ("$toMillis('2017-11-07 3:12pm', '[Y]-[M]-[D] [h]:[m][P]')", "1510067520000"),
        ("$now()", #""2017-11-07T15:12:37.121Z""#),
        ("$millis()", "1510067557121"),
        ("$now('[Y]')", #""2017""#),
    ]

    @Test(arguments: cases)
    func functionEvaluates(_ testCase: (String, String)) throws {
        let options = JSONataOptions(now: 1_510_067_557_121)
        let result = try evaluate(testCase.0, options: options)
        #expect(same(result, expected(testCase.1)), "\(testCase.0) gave \(result.map { "\($0)" } ?? "undefined")")
    }

    /// (expression, error code)
    static let errorCases: [(String, String)] = [
        ("$sqrt(-1)", "D3060"),
        ("$power(10, 1000)", "D3061"),
        ("$string(1/0)", "D3001"),
        ("$formatBase(10, 1)", "D3100"),
        ("$formatNumber(1, '#.#.#')", "D3081"),
        ("$formatNumber(1, '#;#;#')", "D3080"),
        ("$formatInteger(1, 'x')", "D3130"),
        ("$toMillis('not a date')", "D3110"),
        ("$fromMillis(1, '[Q]')", "D3132"),
        ("$fromMillis(1, '[Y')", "D3135"),
        ("$sort([{}, {}])", "D3070"),
        ("$reduce([1], function($a){$a})", "D3050"),
        ("$single([1, 2], function($v){false})", "D3139"),
        ("$replace('a', '', 'b')", "D3010"),
        ("$split('a', ',', -1)", "D3020"),
        ("$match('a', /a/, -1)", "D3040"),
        ("$assert(false, 'nope')", "D3141"),
        ("$decodeUrl('%E0%A4%A')", "D3140"),
        ("$eval('1 +')", "D3120"),
        ("$eval('$x()')", "D3121"),
        ("$keys(1, 2)", "T0410"),
        ("$length(1)", "T0410"),
    ]

    @Test(arguments: errorCases)
    func functionFails(_ testCase: (String, String)) {
        let error = errorOf(testCase.0)
        #expect(error?.code == testCase.1, "\(testCase.0) gave \(error.map { "\($0)" } ?? "no error")")
    }

    @Test func errorAndAssertMessages() {
        #expect(errorOf("$error('Too Expensive')")?.message == "Too Expensive")
        #expect(errorOf("$error()")?.message == "$error() function evaluated")
        #expect(errorOf("$assert(false)")?.message == "$assert() statement failed")
        let url = errorOf("$decodeUrlComponent('%E0%A4%A')")
        #expect(url?.message == #"Malformed URL passed to $decodeUrlComponent(): "%E0%A4%A""#)
        #expect(url?.functionName == "decodeUrlComponent")
    }

    @Test func seededRandomIsReproducible() throws {
        let options = JSONataOptions(randomSeed: 42)
        let a = try evaluate("[$random(), $random(), $shuffle([1,2,3,4,5])]", nil, options: options)
        let b = try evaluate("[$random(), $random(), $shuffle([1,2,3,4,5])]", nil, options: options)
        #expect(same(a, b))
        if case .number(let n)?? = a?.arrayValue?.first.map({ $0 }) {
            #expect(n.doubleValue >= 0 && n.doubleValue < 1)
        }
    }

    @Test func registeredNativeFunctions() throws {
        let env = JSONataEnvironment.standard.registering("double", signature: "<n:n>") { args in
            guard let n = args.first??.doubleValue else { return nil }
            return .double(n * 2)
        }
        #expect(same(try evaluate("$double(21)", nil, environment: env), 42))
        #expect(errorOf("$double('x')", nil, environment: env)?.code == "T0410")
        #expect(env.functionNames.contains("double"))
        #expect(errorOf("$double(1)", nil, environment: env.removing("double"))?.code == "T1006")
    }
}
