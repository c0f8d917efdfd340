import Foundation
import JSONCore
import StepFunctionsModel

/// Evaluates JSONPath Choice conditions exactly as AWS compares: a value of the wrong type
/// never matches, strings compare by UTF-16 code units (Java's `compareTo`), timestamps by instant.
struct ChoiceEvaluator {
    /// Reads a path (`$.x` or `$$.x`); returns `nil` when it selects nothing.
    var read: (JSONPath) throws(StateFailure) -> JSONValue?
    /// Evaluates a JSONata `Condition` (set for JSONata states).
    var jsonataCondition: ((DynamicValue<Bool>) throws(StateFailure) -> Bool)? = nil

    func evaluate(_ condition: Condition) throws(StateFailure) -> Bool {
        switch condition {
        case .and(let all):
            for c in all where try !evaluate(c) { return false }
            return true
        case .or(let any):
            for c in any where try evaluate(c) { return true }
            return false
        case .not(let c): return try !evaluate(c)
        case .commented(_, let c): return try evaluate(c)
        case .jsonata(let v):
            guard let jsonataCondition else {
                throw StateFailure.runtime("A JSONata 'Condition' needs a JSONata state (QueryLanguage: JSONata)")
            }
            return try jsonataCondition(v)
        case .comparison(let comparison): return try evaluate(comparison)
        }
    }

    func evaluate(_ c: Comparison) throws(StateFailure) -> Bool {
        let value = try read(c.variable)
        if c.op == .isPresent {
            guard case .value(let expected) = c.operand, case .bool(let want) = expected else { return false }
            return (value != nil) == want
        }
        guard let value else {
            throw StateFailure.runtime(
                "Invalid path '\(c.variable.source)': The choice state's condition path references an invalid value.")
        }
        let operand: JSONValue
        switch c.operand {
        case .value(let v): operand = v
        case .path(let p):
            guard let v = try read(p) else {
                throw StateFailure.runtime(
                    "Invalid path '\(p.source)': The choice state's condition path references an invalid value.")
            }
            operand = v
        }
        let op = c.op.literalForm
        switch op.family {
        case .typeTest:
            guard case .bool(let want) = operand else { return false }
            let actual: Bool
            switch op {
            case .isNull: actual = value.isNull
            case .isNumeric: actual = value.numberValue != nil
            case .isString: actual = value.stringValue != nil
            case .isBoolean: actual = value.boolValue != nil
            case .isTimestamp: actual = value.stringValue.flatMap(Timestamp.parse) != nil
            default: actual = false
            }
            return actual == want
        case .boolean:
            guard case .bool(let a) = value, case .bool(let b) = operand else { return false }
            return a == b
        case .numeric:
            guard case .number(let a) = value, case .number(let b) = operand else { return false }
            return order(a < b ? -1 : (a == b ? 0 : 1), op)
        case .string:
            guard case .string(let a) = value, case .string(let b) = operand else { return false }
            return order(ChoiceEvaluator.javaCompare(a, b), op)
        case .timestamp:
            guard case .string(let a) = value, case .string(let b) = operand, let ta = Timestamp.parse(a),
                let tb = Timestamp.parse(b)
            else { return false }
            return order(ta < tb ? -1 : (ta == tb ? 0 : 1), op)
        case .stringMatches:
            guard case .string(let a) = value, case .string(let pattern) = operand else { return false }
            return ChoiceEvaluator.wildcardMatch(a, pattern)
        }
    }

    func order(_ o: Int, _ op: ComparisonOperator) -> Bool {
        switch op {
        case .stringEquals, .numericEquals, .timestampEquals: return o == 0
        case .stringLessThan, .numericLessThan, .timestampLessThan: return o < 0
        case .stringGreaterThan, .numericGreaterThan, .timestampGreaterThan: return o > 0
        case .stringLessThanEquals, .numericLessThanEquals, .timestampLessThanEquals: return o <= 0
        case .stringGreaterThanEquals, .numericGreaterThanEquals, .timestampGreaterThanEquals: return o >= 0
        default: return false
        }
    }

    /// Java's `String.compareTo`: UTF-16 code units.
    static func javaCompare(_ a: String, _ b: String) -> Int {
        if a == b { return 0 }
        return a.utf16.lexicographicallyPrecedes(b.utf16) ? -1 : 1
    }

    /// `StringMatches`: `*` matches any run of characters; `\*` and `\\` are literal.
    static func wildcardMatch(_ text: String, _ pattern: String) -> Bool {
        enum Token { case char(Character), star }
        var tokens: [Token] = []
        var escaped = false
        for c in pattern {
            if escaped {
                tokens.append(.char(c))
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "*" {
                tokens.append(.star)
            } else {
                tokens.append(.char(c))
            }
        }
        if escaped { tokens.append(.char("\\")) }
        let t = Array(text)
        var ti = 0, pi = 0
        var starP = -1, starT = 0
        while ti < t.count {
            if pi < tokens.count, case .char(let c) = tokens[pi], c == t[ti] {
                ti += 1
                pi += 1
            } else if pi < tokens.count, case .star = tokens[pi] {
                starP = pi
                starT = ti
                pi += 1
            } else if starP >= 0 {
                pi = starP + 1
                starT += 1
                ti = starT
            } else {
                return false
            }
        }
        while pi < tokens.count, case .star = tokens[pi] { pi += 1 }
        return pi == tokens.count
    }
}
