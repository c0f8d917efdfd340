import JSONCore
import StepFunctionsModel

/// Choice rules written for people: `$.status == "approved"`, `$.total >= 100 and $.vip`,
/// `$.note is present`, a JSONata condition as its expression.
enum ConditionText {
    /// The rule's condition as one line.
    static func text(_ condition: Condition) -> String {
        text(condition, nested: false)
    }

    private static func text(_ condition: Condition, nested: Bool) -> String {
        switch condition {
        case .commented(_, let inner):
            return text(inner, nested: nested)
        case .and(let parts):
            let joined = parts.map { text($0, nested: true) }.joined(separator: " and ")
            return nested ? "(\(joined))" : joined
        case .or(let parts):
            let joined = parts.map { text($0, nested: true) }.joined(separator: " or ")
            return nested ? "(\(joined))" : joined
        case .not(let inner):
            return "not " + text(inner, nested: true)
        case .jsonata(let value):
            switch value {
            case .literal(let b): return b ? "true" : "false"
            case .expression(let e): return trimmed(e.source)
            case .placeholder(let p): return p
            }
        case .comparison(let c):
            return comparison(c)
        }
    }

    private static func comparison(_ c: Comparison) -> String {
        let variable = c.variable.description
        let operand: String
        switch c.operand {
        case .path(let p): operand = p.description
        case .value(let v): operand = JSONWriter.compact.string(v)
        }
        if let placeholder = c.operatorPlaceholder { return "\(variable) \(placeholder) \(operand)" }
        let isTrue: Bool = {
            if case .value(.bool(let b)) = c.operand { return b }
            return true
        }()
        switch c.op.literalForm {
        case .isNull: return variable + (isTrue ? " is null" : " is not null")
        case .isPresent: return variable + (isTrue ? " is present" : " is absent")
        case .isNumeric: return variable + (isTrue ? " is numeric" : " is not numeric")
        case .isString: return variable + (isTrue ? " is a string" : " is not a string")
        case .isBoolean: return variable + (isTrue ? " is boolean" : " is not boolean")
        case .isTimestamp: return variable + (isTrue ? " is a timestamp" : " is not a timestamp")
        case .stringMatches: return "\(variable) matches \(operand)"
        default: break
        }
        let symbol: String
        switch c.op.literalForm {
        case .stringEquals, .numericEquals, .booleanEquals, .timestampEquals: symbol = "=="
        case .stringLessThan, .numericLessThan, .timestampLessThan: symbol = "<"
        case .stringGreaterThan, .numericGreaterThan, .timestampGreaterThan: symbol = ">"
        case .stringLessThanEquals, .numericLessThanEquals, .timestampLessThanEquals: symbol = "<="
        case .stringGreaterThanEquals, .numericGreaterThanEquals, .timestampGreaterThanEquals: symbol = ">="
        default: symbol = c.op.rawValue
        }
        return "\(variable) \(symbol) \(operand)"
    }

    private static func trimmed(_ s: String) -> String {
        var t = Substring(s)
        while t.first == " " || t.first == "\n" { t = t.dropFirst() }
        while t.last == " " || t.last == "\n" { t = t.dropLast() }
        return t.split(whereSeparator: { $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }
}
