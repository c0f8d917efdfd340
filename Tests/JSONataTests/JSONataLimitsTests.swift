import JSONCore
import JSONata
import Testing

/// Hostile expressions end with a clear error, never a crash or a hang.
@Suite struct JSONataLimitsTests {
    @Test func deepNonTailRecursionWorksWithinTheDepthLimit() throws {
        let result = try evaluate("($f := function($n){$n = 0 ? 0 : 1 + $f($n - 1)}; $f(300))", nil)
        #expect(same(result, 300))
    }

    @Test func deepRecursionInsideATaskDoesNotOverflowTheSmallStack() async throws {
        let value = try await Task {
            try evaluate(
                "($f := function($n){$n = 0 ? 0 : 1 + $f($n - 1)}; $f(300))", nil,
                options: JSONataOptions(maxDepth: 5000))
        }.value
        #expect(same(value, 300))
        let failure = await Task { errorOf("($f := function($n){$n + $f($n - 1)}; $f(1))", nil) }.value
        #expect(failure?.code == "U1001")
        #expect(failure?.message.hasPrefix("Stack overflow error") == true)
    }

    @Test func runawayRecursionHitsTheDepthLimit() {
        let e = errorOf("($inf := function($n){$n + $inf($n)}; $inf(1))", nil, options: JSONataOptions(maxDepth: 300))
        #expect(e?.code == "U1001")
    }

    @Test func depthIsCountedLikeJsonataJs() throws {
        // jsonata-js's harness: $factorial(99) fits in depth 302, $factorial(100) does not
        let fact = "($factorial := function($n){$n = 0 ? 1 : $n * $factorial($n - 1)}; $factorial(%d))"
        let options = JSONataOptions(maxDepth: 302, timeLimit: .seconds(5))
        #expect(try evaluate(fact.replacingOccurrences("%d", "99"), nil, options: options) != nil)
        #expect(errorOf(fact.replacingOccurrences("%d", "100"), nil, options: options)?.code == "U1001")
    }

    @Test func tailCallsRunInConstantDepth() throws {
        let expr = "($loop := function($n){$n = 0 ? 'done' : $loop($n - 1)}; $loop(100000))"
        #expect(same(try evaluate(expr, nil, options: JSONataOptions(maxDepth: 100)), "done"))
    }

    @Test func infiniteTailLoopTimesOut() {
        let e = errorOf(
            "($inf := function(){$inf()}; $inf())", nil, options: JSONataOptions(timeLimit: .milliseconds(200)))
        #expect(e?.code == "U1001")
        #expect(e?.message == "Expression evaluation timeout: Check for infinite loop")
    }

    @Test func hugeRangesAreRefused() {
        #expect(errorOf("[1..10000001]", nil)?.code == "D2014")
        #expect(
            errorOf("[1..10000001]", nil)?.message
                == "The size of the sequence allocated by the range operator (..) must not exceed 1e7.  Attempted to allocate 10000001."
        )
    }

    @Test func memoryBombsStopAtTheAllocationBudget() {
        let e = errorOf("[1..100000].[1..100000]", nil, options: JSONataOptions(maxValues: 1_000_000))
        #expect(e?.code == "U1001")
        #expect(e?.message.contains("memory budget") == true)
    }

    @Test func padIsLinearAndBoundedByTheStringBudget() throws {
        // F2: the reproducer hung (quadratic), widths from 1e8 returned the string unpadded
        let start = ContinuousClock.now
        #expect(same(try evaluate("$length($pad('', 9999999))", nil), 9_999_999))
        #expect(same(try evaluate("$length($pad('ab', -3000001, 'xyz'))", nil), 3_000_001))
        // about 0.1 s in a release build (1e5 took 17 s before); generous for loaded test machines
        #expect(ContinuousClock.now - start < .seconds(20))
        let small = JSONataOptions(maxStringBytes: 10_000_000)
        let budget = errorOf("$pad('x', 100000000)", nil, options: small)
        #expect(budget?.code == "U1001")
        #expect(budget?.message == "Expression evaluation exceeded its string budget of 10000000 bytes")
        #expect(errorOf("$pad('x', 600000000)", nil)?.code == "RangeError")
    }

    @Test func appendDoublingStopsAtTheValueBudget() {
        // F3: doubling with $append escaped maxValues and aborted the process
        let reproducer = "$count($reduce([1..40], function($a, $i){ $append($a, $a) }, [1]))"
        let e = errorOf(reproducer, nil, options: JSONataOptions(maxValues: 1_000_000))
        #expect(e?.code == "U1001")
        #expect(e?.message.contains("memory budget") == true)
        let spread = errorOf(
            "$count($reduce([1..40], function($a, $i){ $spread($append($a, $a)) }, [{'a': 1}]))", nil,
            options: JSONataOptions(maxValues: 1_000_000))
        #expect(spread?.code == "U1001")
    }

    @Test func stringDoublingStopsAtTheStringBudget() {
        // F4: doubling a string 31 times built a 2 GB string
        let reproducer = "($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $length($f('x', 31)))"
        let e = errorOf(reproducer, nil, options: JSONataOptions(maxStringBytes: 50_000_000))
        #expect(e?.code == "U1001")
        #expect(e?.message.contains("string budget") == true)
        let joined = errorOf(
            "($s := $pad('', 1000000); $join([1..100].($s)))", nil, options: JSONataOptions(maxStringBytes: 50_000_000))
        #expect(joined?.code == "U1001")
        let written = errorOf(
            "($s := $pad('', 1000000); $string([1..100].($s)))", nil,
            options: JSONataOptions(maxStringBytes: 50_000_000))
        #expect(written?.code == "U1001")
        let replaced = errorOf(
            "$replace($pad('', 100000, 'a'), 'a', $pad('', 1000))", nil,
            options: JSONataOptions(maxStringBytes: 50_000_000))
        #expect(replaced?.code == "U1001")
    }

    @Test func longSingleStepsCheckTheClock() {
        // building a 10-million range, or writing it as text, is one step of the evaluator
        let options = JSONataOptions(timeLimit: .milliseconds(20))
        #expect(errorOf("[1..10000000]", nil, options: options)?.code == "U1001")
        #expect(
            errorOf("$string([1..5000000])", nil, options: JSONataOptions(timeLimit: .milliseconds(300)))?.code
                == "U1001")
    }

    @Test func largeRangeWithinTheLimitCompletes() throws {
        #expect(same(try evaluate("$count([1..1000000])", nil), 1_000_000))
    }

    @Test func slowLoopsStopAtTheTimeLimit() {
        let e = errorOf(
            "$reduce([1..10000000], function($a, $b){$a + $b})", nil,
            options: JSONataOptions(timeLimit: .milliseconds(100)))
        #expect(e?.code == "U1001")
    }

    @Test func catastrophicRegexStopsAtTheTimeLimit() {
        let e = errorOf(
            "$match('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', /(a*)*b/)", nil,
            options: JSONataOptions(timeLimit: .milliseconds(100)))
        #expect(e?.code == "U1001")
    }

    @Test func deeplyNestedExpressionsParseOrFailCleanly() async {
        let nested = String(repeating: "(", count: 2000) + "1" + String(repeating: ")", count: 2000)
        let value = await Task { try? evaluate(nested, nil, options: JSONataOptions(maxDepth: 10_000)) }.value
        #expect(same(value, 1))
        let tooDeep = String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
        let e = await Task { errorOf(tooDeep, nil) }.value
        #expect(e?.code == "S0218")
    }

    @Test func runawayConstructionOfNestedValuesIsRefused() async {
        let objects = await Task {
            errorOf("($f := function($x, $n){ $n = 0 ? 'built' : $f({'a': $x}, $n - 1) }; $f(1, 100000))", nil)
        }.value
        #expect(objects?.code == "U1001")
        #expect(objects?.message.hasPrefix("Value nesting exceeds 1000 levels") == true)
        let arrays = await Task {
            errorOf("$reduce([1..5000], function($acc, $v){ [[$acc]] }, 0)", nil)
        }.value
        #expect(arrays?.code == "U1001")
        let closures = await Task {
            errorOf("($f := function($g, $n){ $n = 0 ? $g : $f(function(){ $g }, $n - 1) }; $f(1, 50000))", nil)
        }.value
        #expect(closures?.code == "U1001")
        // nesting within the limit is fine
        let fine = await Task {
            try? evaluate(
                "($f := function($x, $n){ $n = 0 ? $x : $f({'a': $x}, $n - 1) }; $f(1, 500)) ~> $string() ~> $length()",
                nil)
        }.value
        #expect(fine != nil)
    }

    @Test func longOperatorChainsFailCleanlyAndQuickly() async {
        // the reproducers of F7: 100,000 terms used to crash releasing the tree
        for op in ["+", "-", " and ", "&", "."] {
            let terms = op == "." ? "a" : (op == "&" ? "'x'" : "1")
            let expression = Array(repeating: terms, count: 100_000).joined(separator: op)
            // timed inside the task: waiting for a free Concurrency thread does not count
            let (e, elapsed) = await Task { () -> (JSONataError?, Duration) in
                let start = ContinuousClock.now
                return (errorOf(expression, nil), ContinuousClock.now - start)
            }.value
            #expect(e?.code == "S0218", "\(op): \(e.map { "\($0)" } ?? "no error")")
            #expect(elapsed < .seconds(10))
        }
    }

    @Test func longPathsCompileInLinearTime() async throws {
        // 10,000 steps took 0.25 s and 30,000 took 3.9 s: each step re-checked the whole path
        let path = Array(repeating: "a", count: 9_999).joined(separator: ".")
        let (value, elapsed) = try await Task { () throws -> (JSONValue?, Duration) in
            let start = ContinuousClock.now
            return (try evaluate(path, ["a": 1]), ContinuousClock.now - start)
        }.value
        #expect(value == nil)
        // (about 0.1 s in a release build; generous here, for parallel debug test runs)
        #expect(elapsed < .seconds(20))
        // a deep (but accepted) tree is released on a small Concurrency stack without recursion
        let sum = Array(repeating: "1", count: 9_000).joined(separator: "+")
        let e = await Task { errorOf(sum, nil) }.value
        #expect(e?.code == "U1001")
    }

    @Test func deeplyNestedDataIsWalkedSafely() async {
        var deep: JSONValue = 1
        for _ in 0..<400 { deep = ["a": deep] }
        let input = deep
        let count = await Task { try? evaluate("$count(**)", input) }.value
        #expect(count != nil)
        let text = await Task { try? evaluate("$string($)", input) }.value
        #expect(text != nil)
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

/// The regex engine on its own, as the simulator's JSONPath `=~` filters use it (F8): a search
/// that runs out of budget is an error, never a silent "no match".
@Suite struct RegexBudgetTests {
    static let catastrophic = String(repeating: "a", count: 30) + "!"

    @Test func matchesAndNonMatchesWithinTheBudget() throws {
        let program = try RegexProgram(pattern: "b+", flags: "")
        #expect(try program.firstMatch(in: "aabbbc", maxSteps: 10_000, timeLimit: nil) == 2..<5)
        #expect(try program.firstMatch(in: "aaac", maxSteps: 10_000, timeLimit: nil) == nil)
        let whole = try RegexProgram(pattern: "^(a+)+$", flags: "")
        #expect(try whole.matchesWhole("aaaa", maxSteps: 10_000, timeLimit: nil))
        #expect(try !RegexProgram(pattern: "a", flags: "").matchesWhole("aa", maxSteps: 10_000, timeLimit: nil))
        #expect(try RegexProgram(pattern: "a+", flags: "i").matchesWhole("aA", maxSteps: 10_000, timeLimit: nil))
    }

    @Test func exhaustingTheStepBudgetIsAnError() throws {
        let program = try RegexProgram(pattern: "^(a+)+$", flags: "")
        let start = ContinuousClock.now
        #expect(throws: RegexProgram.BudgetExceeded.self) {
            try program.matchesWhole(RegexBudgetTests.catastrophic, maxSteps: 1_000_000, timeLimit: nil)
        }
        #expect(throws: RegexProgram.BudgetExceeded.self) {
            try program.firstMatch(in: RegexBudgetTests.catastrophic, maxSteps: 1_000_000, timeLimit: nil)
        }
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    @Test func exhaustingTheTimeBudgetIsAnError() throws {
        let program = try RegexProgram(pattern: "(a|aa)+$", flags: "")
        do {
            _ = try program.firstMatch(in: RegexBudgetTests.catastrophic, maxSteps: .max, timeLimit: .milliseconds(50))
            Issue.record("the search should have run out of time")
        } catch {
            #expect(error.timedOut)
        }
    }
}
