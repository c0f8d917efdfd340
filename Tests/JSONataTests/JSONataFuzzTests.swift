import Foundation
import JSONCore
import JSONata
import Testing

/// Mutates suite-like expressions with a fixed seed and checks that compiling and evaluating
/// never crash or hang: every outcome is a value, undefined, or a `JSONataError`.
/// A longer run is described in Docs/JSONata.md.
@Suite struct JSONataFuzzTests {
    static let seeds: [String] = [
        "Account.Order.Product[Price > 30].Name",
        "Account.Order.Product{Name: $sum(Quantity)}",
        "library.loans@$l.books@$b[$l.isbn=$b.isbn].{'title': $b.title}",
        "Account.Order.Product^(>Price).SKU",
        "Account.Order#$i.Product[$i = 0].%.OrderID",
        "($f := function($n){$n <= 1 ? 1 : $n * $f($n - 1)}; $f(5))",
        "$map([1..5], function($v, $i){$v * $i}) ~> $sum()",
        "$replace('John Smith', /(\\w+)\\s(\\w+)/, '$2, $1')",
        "$fromMillis(1510067557121, '[D1o] [MNn] [Y] [h]:[m01][P]')",
        "$formatNumber(12345.678, '#,##0.00')",
        "Account.Order[0].Product[0] ~> |Description|{'Colour': 'Red'}, ['Weight']|",
        "{'a': [1, 2, {'b': true}], 'c': null}.a[2].b",
        "$string({'x': 1/3}) & $substring('hello', 1, 3)",
        "**.Colour[$ = 'Purple']",
        "$reduce([1, 2, 3], function($a, $b){$a + $b}, 10)",
        "$sort(Account.Order.Product, function($a, $b){$a.Price > $b.Price}).Name",
        "$formatInteger(1234, 'w') & $parseInteger('MCMXCIX', 'I')",
        "$toMillis('2018-02-01T09:42:13.123+00:00')",
        "($x := [1..3]; $x[$ > 1])",
        "$match('ab12cd345', /[0-9]+/).match ~> $join(',')",
    ]

    static let fragments: [String] = [
        "(", ")", "[", "]", "{", "}", ".", ",", ";", ":", "?", "$", "$$", "%", "#$i", "@$x", "^(", "*", "**", "..",
        "~>", ":=", "&", "+", "-", "/", "=", "!=", "<", ">", "and", "or", "in", "'x'", "\"y\"", "0", "-1", "1e308",
        "/a*/", "function($x){$x}", "$f(", "?", "|", "null", "true", "[1..3]", "$count(", "λ", "\\", "`q`", "/*",
    ]

    static func mutate(_ source: String, _ g: inout SplitMix64) -> String {
        var chars = Array(source)
        let edits = 1 + g.below(3)
        for _ in 0..<edits {
            let position = chars.isEmpty ? 0 : g.below(chars.count + 1)
            switch g.below(4) {
            case 0 where !chars.isEmpty:
                chars.remove(at: min(position, chars.count - 1))
            case 1:
                chars.insert(contentsOf: Array(fragments[g.below(fragments.count)]), at: position)
            case 2 where !chars.isEmpty:
                let a = min(position, chars.count - 1)
                let b = g.below(chars.count)
                chars.swapAt(a, b)
            default:
                let other = Array(seeds[g.below(seeds.count)])
                let cut = other.isEmpty ? 0 : g.below(other.count)
                chars.insert(contentsOf: other[cut...], at: position)
            }
        }
        return String(chars)
    }

    /// `JSONATA_FUZZ_ITERATIONS` and `JSONATA_FUZZ_SEED` make a longer or different run.
    static var iterations: Int {
        ProcessInfo.processInfo.environment["JSONATA_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 1500
    }
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["JSONATA_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_1234
    }

    @Test func mutatedExpressionsNeverCrashOrHang() async {
        let count = JSONataFuzzTests.iterations
        var g = SplitMix64(seed: JSONataFuzzTests.seed)
        var outcomes = (values: 0, undefined: 0, errors: 0)
        let options = JSONataOptions(maxDepth: 500, timeLimit: .milliseconds(250))
        var expressions: [String] = []
        for i in 0..<count {
            expressions.append(JSONataFuzzTests.mutate(JSONataFuzzTests.seeds[i % JSONataFuzzTests.seeds.count], &g))
        }
        // run on a concurrency thread, whose stack is small
        let batch = expressions
        let results = await Task { () -> [Int] in
            batch.map { expr -> Int in
                do throws(JSONataError) {
                    let compiled = try CompiledJSONata(expr)
                    return try compiled.evaluate(sampleDocument, options: options) == nil ? 1 : 0
                } catch {
                    return error.code.isEmpty ? 3 : 2
                }
            }
        }.value
        for r in results {
            switch r {
            case 0: outcomes.values += 1
            case 1: outcomes.undefined += 1
            default: outcomes.errors += 1
            }
        }
        #expect(results.count == count)
        print(
            "fuzz: \(count) expressions: \(outcomes.values) values, \(outcomes.undefined) undefined, \(outcomes.errors) errors"
        )
        #expect(!results.contains(3))
        // the mutations keep a share of expressions valid, so evaluation is exercised too
        #expect(outcomes.values > 100)
        #expect(outcomes.errors > 100)
    }

    static let edgeArguments: [String] = [
        "1e308 * 10", "-1e308 * 10", "0/0", "-1", "0", "1.5", "1e20", "-1e20", "9007199254740993", "''", "'abc'",
        "'[Y]-[M01]'", "'#,##0.00'", "'w'", "'%E0%A4%A'", "[]", "[1, 2]", "['a', 'b']", "{}", "{'a': 1}", "null",
        "true",
        "function($x){$x}", "function($a, $b){$a}", "/a*/", "$", "[1..1000]", "'\\u0000'",
    ]

    @Test func functionsWithEdgeArgumentsNeverCrash() async {
        let names = JSONataEnvironment.stepFunctions.functionNames
        var g = SplitMix64(seed: JSONataFuzzTests.seed ^ 0xF00D)
        var expressions: [String] = []
        for _ in 0..<(JSONataFuzzTests.iterations * 4) {
            let name = names[g.below(names.count)]
            let argc = g.below(4)
            let args = (0..<argc).map { _ in
                JSONataFuzzTests.edgeArguments[g.below(JSONataFuzzTests.edgeArguments.count)]
            }
            expressions.append("$\(name)(\(args.joined(separator: ", ")))")
        }
        let batch = expressions
        let options = JSONataOptions(maxDepth: 500, timeLimit: .milliseconds(250))
        let completed = await Task { () -> Int in
            var n = 0
            for expr in batch {
                _ = try? CompiledJSONata(expr).evaluate(["a": 1], environment: .stepFunctions, options: options)
                n += 1
            }
            return n
        }.value
        #expect(completed == batch.count)
    }
}
