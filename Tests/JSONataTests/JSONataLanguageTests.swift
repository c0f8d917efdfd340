import JSONCore
import JSONata
import Testing

/// The language: paths, operators, constructors, functions as values, transforms, regexes.
@Suite struct JSONataLanguageTests {
    /// (expression, expected JSON or "undefined")
    static let cases: [(String, String)] = [
        // paths and predicates
        ("Account.Name", #""Firefly""#),
        ("Account.Order[0].OrderID", #""order103""#),
        ("Account.Order[-1].OrderID", #""order104""#),
        ("Account.Order.Product.Price", "[34.45, 21.67, 34.45, 107.99]"),
        ("Account.Order.Product[0].Price", "[34.45, 34.45]"),
        ("(Account.Order.Product)[0].Price", "34.45"),
        ("Account.Order.Product[Price > 30].Name", #"["Bowler Hat", "Bowler Hat", "Cloak"]"#),
        ("Account.Order.Product[Quantity = 1][0].Name", #"["Trilby hat", "Cloak"]"#),
        ("Account.Order[0].Product[[0,1]].ID", "[858383, 858236]"),
        ("Account.Order.Product.Missing", "undefined"),
        ("Account.Order[0].Product[0].Description.Colour[]", #"["Purple"]"#),
        ("Account.`Name`", #""Firefly""#),
        // wildcards and descendants
        ("Account.Order[0].Product[0].Description.*", #"["Purple", 0.75]"#),
        ("Account.Order[0].**.Colour", #"["Purple", "Orange"]"#),
        ("$count(**.Price)", "4"),
        // binding operators and joins
        (
            "library.loans@$l.books@$b[$l.isbn=$b.isbn].{'title': $b.title, 'customer': $l.customer}",
            #"[{"title":"Structure and Interpretation","customer":"10001"},{"title":"The C Programming Language","customer":"10003"}]"#
        ),
        ("Account.Order.Product#$i[$i = 1].Name", #"["Trilby hat", "Cloak"]"#),
        ("Account.Order#$o.Product.{'o': $o, 'n': Name}[1]", #"{"o":0,"n":"Trilby hat"}"#),
        // parent operator
        ("Account.Order.Product[Price > 100].%.OrderID", #""order104""#),
        ("Account.Order.Product.{'name': Name, 'order': %.OrderID}[3]", #"{"name":"Cloak","order":"order104"}"#),
        // sorting and grouping
        ("Account.Order.Product^(Price).Name", #"["Trilby hat", "Bowler Hat", "Bowler Hat", "Cloak"]"#),
        ("Account.Order.Product^(>Price, Name).SKU", #"["0406654603", "0406654608", "040657863", "0406634348"]"#),
        ("Account.Order.Product{Name: $sum(Quantity)}", #"{"Bowler Hat": 6, "Trilby hat": 1, "Cloak": 1}"#),
        ("(Account.Order.Product{Name: Price}).`Bowler Hat`", "[34.45, 34.45]"),
        // constructors
        ("[1, 2, [3, 4], []]", "[1, 2, [3, 4], []]"),
        ("[Account.Order.OrderID]", #"["order103", "order104"]"#),
        ("{'a': 1, 'b': [true, null]}", #"{"a": 1, "b": [true, null]}"#),
        ("Account.Order.{'id': OrderID, 'n': $count(Product)}", #"[{"id":"order103","n":2},{"id":"order104","n":2}]"#),
        // operators
        ("1 + 2 * 3 - 4 / 2", "5"),
        ("7 % 4", "3"),
        ("-Account.Order[0].Product[0].Quantity", "-2"),
        ("'a' & 1 & true & null", #""a1truenull""#),
        ("1 = 1.0 and 'x' != 'y'", "true"),
        ("'abc' < 'abd'", "true"),
        ("3 in [1, 2, 3]", "true"),
        ("[1..5]", "[1, 2, 3, 4, 5]"),
        ("[1..3, 7]", "[1, 2, 3, 7]"),
        ("Account.Order[0].Product[0].Price > 30 ? 'dear' : 'cheap'", #""dear""#),
        ("false ? 1", "undefined"),
        ("nothing = 1", "false"),
        ("(1; 2; 3)", "3"),
        ("($x := 5; $y := $x * 2; $y)", "10"),
        // functions as values, lambdas, closures, partial application, chaining
        ("function($x){$x * 2}(21)", "42"),
        ("($add := function($a, $b){$a + $b}; $add(2, 3))", "5"),
        ("($make := function($n){function($x){$x + $n}}; $inc := $make(1); $inc(41))", "42"),
        ("($first3 := $substring(?, 0, 3); $first3('Hello'))", #""Hel""#),
        ("'hello' ~> $uppercase()", #""HELLO""#),
        ("($f := $uppercase ~> $substring(?, 0, 2); $f('hello'))", #""HE""#),
        ("Account.Order.Product.Price ~> $sum()", "198.56"),
        ("λ($x){$x+1}(1)", "2"),
        ("function($s)<s:s>{$uppercase($s)}('x')", #""X""#),
        // recursion and tail calls
        ("($fact := function($n){$n <= 1 ? 1 : $n * $fact($n - 1)}; $fact(10))", "3628800"),
        ("($loop := function($n, $acc){$n = 0 ? $acc : $loop($n - 1, $acc + 1)}; $loop(20000, 0))", "20000"),
        // transforms
        (
            "Account.Order[0].Product[0] ~> |Description|{'Colour': 'Red'}, ['Weight']|",
            #"{"Name":"Bowler Hat","ID":858383,"SKU":"0406654608","Price":34.45,"Quantity":2,"Description":{"Colour":"Red"}}"#
        ),
        ("({'a': {'b': 1}} ~> |a|{'c': 2}|).a", #"{"b": 1, "c": 2}"#),
        // regular expressions
        ("$match('ab12cd345', /[0-9]+/).match", #"["12", "345"]"#),
        ("$replace('John Smith', /(\\w+)\\s(\\w+)/, '$2, $1')", #""Smith, John""#),
        ("$contains('Hello World', /wo/i)", "true"),
        ("$split('a1b22c', /[0-9]+/)", #"["a", "b", "c"]"#),
        ("Account.Order.Product[$contains(Name, /hat$/i)].SKU", #"["0406654608", "0406634348", "040657863"]"#),
        ("$replace('abracadabra', /a.*?a/, '*')", #""*c*bra""#),
        ("$match('aXbX', /(?:a|b)(X)/).groups", #"["X", "X"]"#),
        // context and root
        ("Account.Order[0].($$.Account.Name)", #""Firefly""#),
        ("Account.Order[0].$.OrderID", #""order103""#),
    ]

    @Test(arguments: cases)
    func expressionEvaluates(_ testCase: (String, String)) throws {
        let result = try evaluate(testCase.0)
        #expect(same(result, expected(testCase.1)), "\(testCase.0) gave \(result.map { "\($0)" } ?? "undefined")")
    }

    /// (expression, error code)
    static let errorCases: [(String, String)] = [
        ("1 +", "S0207"),
        ("(1", "S0203"),
        ("[1, 2", "S0203"),
        ("'unterminated", "S0101"),
        ("\"\\y\"", "S0103"),
        ("`name", "S0105"),
        ("/* open", "S0106"),
        ("1 2", "S0201"),
        ("foo(", "S0203"), ("1 +", "S0207"),
        ("function(a){1}", "S0208"),
        ("1 := 2", "S0212"),
        ("a.1", "S0213"),
        ("a@b", "S0214"),
        ("%", "S0217"),
        ("/[a/", "S0302"),
        ("!", "S0204"),
        ("'a' + 1", "T2001"),
        ("1 + 'a'", "T2002"),
        ("1 < 'a'", "T2009"),
        ("{} < 1", "T2010"),
        ("[1..1.5]", "T2004"),
        ("[1..10000001]", "D2014"),
        ("$foo()", "T1006"),
        ("uppercase('x')", "T1005"),
        ("$uppercase(1)", "T0410"),
        ("$substring(1)", "T0411"),
        ("$sum(['a'])", "T0412"),
        ("{1: 2}", "T1003"),
        ("{'a': 1, 'a': 2}", "D1009"),
        ("1 ~> 2", "T2006"),
        ("-'x'", "D1002"),
        ("$number('abc')", "D3030"),
        ("$error('boom')", "D3137"),
        ("$single([1, 2])", "D3138"),
        ("$match('aaa', /a*?/)", "D1004"),
    ]

    @Test(arguments: errorCases)
    func expressionFails(_ testCase: (String, String)) {
        let error = errorOf(testCase.0)
        #expect(error?.code == testCase.1, "\(testCase.0) gave \(error.map { "\($0)" } ?? "no error")")
    }

    @Test func errorsCarryJsonataWordingTokenAndPosition() {
        let e = errorOf("Account.Name + 1")
        #expect(e?.code == "T2001")
        #expect(e?.message == "The left side of the \"+\" operator must evaluate to a number")
        #expect(e?.token == "+")
        #expect(e?.position == 14)
        #expect(e?.description == "T2001: The left side of the \"+\" operator must evaluate to a number")

        let call = errorOf("$notAFunction()")
        #expect(call?.description == "T1006: Attempted to invoke a non-function")

        let syntax = errorOf("(1 2)")
        #expect(syntax?.code == "S0202")
        #expect(syntax?.message == "Expected \")\", got \"2\"")
        #expect(syntax?.position == 4)

        let signature = errorOf("$uppercase(1)")
        #expect(signature?.message == "Argument 1 of function \"uppercase\" does not match function signature")
        #expect(signature?.token == "uppercase")
    }

    @Test func arrayInputIsWrappedLikeJsonataJs() throws {
        let input: JSONValue = [["a": 1], ["a": 2]]
        #expect(same(try evaluate("a", input), [1, 2]))
        #expect(same(try evaluate("$[0]", input), ["a": 1]))
        #expect(same(try evaluate("$count($)", input), 2))
    }

    @Test func bindingsAreVariables() throws {
        let states: JSONValue = ["input": ["order": ["items": [["price": 3.5], ["price": 4]]]]]
        let result = try evaluate("$states.input.order.items[1].price", nil, bindings: ["states": states])
        #expect(same(result, 4))
        #expect(try evaluate("$x", nil) == nil)
    }

    @Test func integersStayIntegers() throws {
        #expect(try evaluate("1 + 2", nil)?.numberValue == .int(3))
        #expect(try evaluate("7 / 2", nil)?.numberValue == .double(3.5))
        #expect(try evaluate("1e300 * 10", nil)?.numberValue == .double(1e301))
        // numbers are JavaScript doubles, so integers beyond 2^53 round as they do in jsonata-js
        #expect(
            try evaluate("$x", nil, bindings: ["x": .number(.int(9_007_199_254_740_993))])?.numberValue
                == .int(9_007_199_254_740_992))
    }

    @Test func compiledExpressionIsReusableAcrossTasks() async throws {
        let compiled = try CompiledJSONata("$sum(values)")
        let results = await withTaskGroup(of: JSONValue?.self) { group in
            for i in 0..<8 {
                group.addTask { try? compiled.evaluate(["values": [.int(i), .int(i)]]) }
            }
            var all: [JSONValue?] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 8)
        #expect(compiled.source == "$sum(values)")
    }

    @Test func resultsTellUndefinedFromFunctions() throws {
        #expect(try CompiledJSONata("$fn := function($x){$x}").evaluateResult(nil) == .function)
        #expect(try CompiledJSONata("$doesNotExist").evaluateResult(nil) == .undefined)
        #expect(try CompiledJSONata("[1, $uppercase]").evaluateResult(nil) == .value([1, nil]))
        #expect(try CompiledJSONata("{'a': 1, 'f': $uppercase}").evaluateResult(nil).json == ["a": 1])
    }

    @Test func customMatcherFunctions() throws {
        let expr = """
            (
              $matcher := function($s) { $contains($s, 'x') ? {'match': 'x', 'start': 0, 'end': 1, 'groups': []} };
              $contains('axb', $matcher)
            )
            """
        #expect(same(try evaluate(expr, nil), true))
    }
}
