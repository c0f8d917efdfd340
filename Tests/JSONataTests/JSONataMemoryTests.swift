import JSONCore
import Testing

@testable import JSONata

/// Evaluations release everything they built: closures bound to variables used to keep their
/// frame alive through a reference cycle (frame → function value → frame).
@Suite struct JSONataMemoryTests {
    /// Evaluates `expression` and returns weak references to the function values it returned.
    static func functionsLeftAlive(_ expression: String) throws -> Int {
        let compiled = try CompiledJSONata(expression)
        weak var function: FunctionValue?
        weak var frame: Frame?
        try compiled.evaluateValue(nil, bindings: [:], environment: .standard, options: JSONataOptions()) {
            (result: Value, _: Evaluator) throws(JSONataError) -> Void in
            if case .function(let f) = result {
                function = f
                if case .lambda(_, let closure, _, _) = f.kind { frame = closure }
            }
        }
        return (function == nil ? 0 : 1) + (frame == nil ? 0 : 1)
    }

    @Test(arguments: [
        "$f := function($x){$x}",
        "($f := function($x){$x}; $f(1); $f)",
        "($big := [1..1000]; $f := function($x){$big}; $f)",
        "($o := {'g': function(){1}}; $o.g)",
        "($make := function(){ ($y := 2; $h := function(){$y}; $h) }; $make())",
        "($t := |a|{'b': 1}|; $t)",
    ])
    func boundFunctionsAreReleased(_ expression: String) throws {
        #expect(try JSONataMemoryTests.functionsLeftAlive(expression) == 0)
    }

    @Test func repeatedEvaluationsKeepNothingAlive() throws {
        // the reproducer of the leak (about 0.6 KB kept per evaluation before the fix)
        let compiled = try CompiledJSONata("($big := [1..100]; $f := function($x){$x}; $f(1); $f)")
        var alive = 0
        for _ in 0..<1000 {
            weak var function: FunctionValue?
            try compiled.evaluateValue(nil, bindings: [:], environment: .standard, options: JSONataOptions()) {
                (result: Value, _: Evaluator) throws(JSONataError) -> Void in
                if case .function(let f) = result { function = f }
            }
            if function != nil { alive += 1 }
        }
        #expect(alive == 0)
    }

    @Test func closuresStillWorkDuringTheEvaluation() throws {
        let expression = """
            ($counter := function($n){ function(){ $n + 1 } };
             $c := $counter(41);
             [$c(), $map([1, 2], function($v){ $c() + $v })])
            """
        #expect(same(try evaluate(expression, nil), [42, 43, 44]))
    }
}
