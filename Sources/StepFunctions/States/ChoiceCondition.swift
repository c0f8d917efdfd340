/// The condition of a Choice rule: a comparison of a `Variable` (JSONPath states), a boolean
/// combination, or a JSONata `Condition`.
///
/// The static members are the ASL operators in lowerCamelCase; each `...Path` form compares with the
/// value at another path.
///
/// ```swift
/// When(.stringEquals("$.status", "APPROVED"), next: .ship)
/// When(.and(.isPresent("$.amount"), .numericGreaterThan("$.amount", 1000)), next: .review)
/// When(.jsonata("$states.input.amount > 1000"), next: .review)        // JSONata state
/// ```
public struct ChoiceCondition: Sendable {
    indirect enum Node: Sendable {
        case comparison(variable: String, op: ComparisonOperator, operand: Operand)
        case and([ChoiceCondition])
        case or([ChoiceCondition])
        case not(ChoiceCondition)
        case jsonata(String)
        /// A JSONata condition written exactly as the expression holds it.
        case expression(JSONataExpression)
        case literal(Bool)
        case commented(String, ChoiceCondition)
    }

    enum Operand: Sendable {
        case value(JSONValue)
        case path(String)
    }

    var node: Node

    init(_ node: Node) { self.node = node }

    private static func compare(_ variable: String, _ op: ComparisonOperator, _ value: JSONValue) -> ChoiceCondition {
        ChoiceCondition(.comparison(variable: variable, op: op, operand: .value(value)))
    }

    private static func compare(_ variable: String, _ op: ComparisonOperator, path: String) -> ChoiceCondition {
        ChoiceCondition(.comparison(variable: variable, op: op, operand: .path(path)))
    }

    // MARK: Boolean combinations

    /// `And`: every condition holds.
    public static func and(_ conditions: ChoiceCondition...) -> ChoiceCondition { ChoiceCondition(.and(conditions)) }
    /// `Or`: at least one condition holds.
    public static func or(_ conditions: ChoiceCondition...) -> ChoiceCondition { ChoiceCondition(.or(conditions)) }
    /// `Not`: the condition does not hold.
    public static func not(_ condition: ChoiceCondition) -> ChoiceCondition { ChoiceCondition(.not(condition)) }

    /// `Condition` (JSONata states): an expression written without `{% %}`.
    public static func jsonata(_ expression: String) -> ChoiceCondition { ChoiceCondition(.jsonata(expression)) }
    /// `Condition` (JSONata states) with a literal boolean.
    public static func condition(_ value: Bool) -> ChoiceCondition { ChoiceCondition(.literal(value)) }

    /// A JSONata `Condition` exactly as `expression` holds it, spacing included (as `sfn import` writes
    /// one that is not spaced `{% expr %}`): `.condition(JSONataExpression("$states.input.ok"))`.
    public static func condition(_ expression: JSONataExpression) -> ChoiceCondition {
        ChoiceCondition(.expression(expression))
    }

    /// The same condition with a `Comment` (for conditions nested in `And`, `Or` or `Not`; a rule's
    /// own comment is the `comment:` of ``When``).
    public func comment(_ text: String) -> ChoiceCondition { ChoiceCondition(.commented(text, self)) }

    // MARK: Strings

    /// `StringEquals`
    public static func stringEquals(_ variable: String, _ value: String) -> ChoiceCondition {
        compare(variable, .stringEquals, .string(value))
    }
    /// `StringEqualsPath`
    public static func stringEqualsPath(_ variable: String, _ path: String) -> ChoiceCondition {
        compare(variable, .stringEqualsPath, path: path)
    }
    /// `StringLessThan`
    public static func stringLessThan(_ variable: String, _ value: String) -> ChoiceCondition {
        compare(variable, .stringLessThan, .string(value))
    }
    /// `StringLessThanPath`
    public static func stringLessThanPath(_ variable: String, _ path: String) -> ChoiceCondition {
        compare(variable, .stringLessThanPath, path: path)
    }
    /// `StringGreaterThan`
    public static func stringGreaterThan(_ variable: String, _ value: String) -> ChoiceCondition {
        compare(variable, .stringGreaterThan, .string(value))
    }
    /// `StringGreaterThanPath`
    public static func stringGreaterThanPath(_ variable: String, _ path: String) -> ChoiceCondition {
        compare(variable, .stringGreaterThanPath, path: path)
    }
    /// `StringLessThanEquals`
    public static func stringLessThanEquals(_ variable: String, _ value: String) -> ChoiceCondition {
        compare(variable, .stringLessThanEquals, .string(value))
    }
    /// `StringLessThanEqualsPath`
    public static func stringLessThanEqualsPath(_ variable: String, _ path: String) -> ChoiceCondition {
        compare(variable, .stringLessThanEqualsPath, path: path)
    }
    /// `StringGreaterThanEquals`
    public static func stringGreaterThanEquals(_ variable: String, _ value: String) -> ChoiceCondition {
        compare(variable, .stringGreaterThanEquals, .string(value))
    }
    /// `StringGreaterThanEqualsPath`
    public static func stringGreaterThanEqualsPath(_ variable: String, _ path: String) -> ChoiceCondition {
        compare(variable, .stringGreaterThanEqualsPath, path: path)
    }
    /// `StringMatches`: `*` matches any run of characters; `\*` a literal star.
    public static func stringMatches(_ variable: String, _ pattern: String) -> ChoiceCondition {
        compare(variable, .stringMatches, .string(pattern))
    }

    // MARK: Numbers

    /// `NumericEquals`
    public static func numericEquals(_ variable: String, _ value: Int) -> ChoiceCondition {
        compare(variable, .numericEquals, .int(value))
    }
    /// `NumericEquals`
    public static func numericEquals(_ variable: String, _ value: Double) -> ChoiceCondition {
        compare(variable, .numericEquals, .double(value))
    }
    /// `NumericEqualsPath`
    public static func numericEqualsPath(_ variable: String, _ path: String) -> ChoiceCondition {
        compare(variable, .numericEqualsPath, path: path)
    }
    /// `NumericLessThan`
    public static func numericLessThan(_ variable: String, _ value: Int) -> ChoiceCondition {
        compare(variable, .numericLessThan, .int(value))
    }
    /// `NumericLessThan`
    public static func numericLessThan(_ variable: String, _ value: Double) -> ChoiceCondition {
        compare(variable, .numericLessThan, .double(value))
    }
    /// `NumericLessThanPath`
    public static func numericLessThanPath(_ variable: String, _ path: String) -> ChoiceCondition {
        compare(variable, .numericLessThanPath, path: path)
    }
    /// `NumericGreaterThan`
    public static func numericGreaterThan(_ variable: String, _ value: Int) -> ChoiceCondition {
        compare(variable, .numericGreaterThan, .int(value))
    }
    /// `NumericGreaterThan`
    public static func numericGreaterThan(_ variable: String, _ value: Double) -> ChoiceCondition {
        compare(variable, .numericGreaterThan, .double(value))
    }
    /// `NumericGreaterThanPath`
    public static func numericGreaterThanPath(_ variable: String, _ path: String) -> ChoiceCondition {
        compare(variable, .numericGreaterThanPath, path: path)
    }
    /// `NumericLessThanEquals`
    public static func numericLessThanEquals(_ variable: String, _ value: Int) -> ChoiceCondition {
        compare(variable, .numericLessThanEquals, .int(value))
    }
    /// `NumericLessThanEquals`
    public static func numericLessThanEquals(_ variable: String, _ value: Double) -> ChoiceCondition {
        compare(variable, .numericLessThanEquals, .double(value))
    }
    /// `NumericLessThanEqualsPath`
    public static func numericLessThanEqualsPath(_ variable: String, _ path: String) -> ChoiceCondition {
        compare(variable, .numericLessThanEqualsPath, path: path)
    }
    /// `NumericGreaterThanEquals`
    public static func numericGreaterThanEquals(_ variable: String, _ value: Int) -> ChoiceCondition {
        compare(variable, .numericGreaterThanEquals, .int(value))
    }
    /// `NumericGreaterThanEquals`
    public static func numericGreaterThanEquals(_ variable: String, _ value: Double) -> ChoiceCondition {
        compare(variable, .numericGreaterThanEquals, .double(value))
    }
    /// `NumericGreaterThanEqualsPath`
    public static func numericGreaterThanEqualsPath(_ variable: String, _ path: String) -> ChoiceCondition {
        compare(variable, .numericGreaterThanEqualsPath, path: path)
    }

    // MARK: Booleans

    /// `BooleanEquals`
    public static func booleanEquals(_ variable: String, _ value: Bool) -> ChoiceCondition {
        compare(variable, .booleanEquals, .bool(value))
    }
    /// `BooleanEqualsPath`
    public static func booleanEqualsPath(_ variable: String, _ path: String) -> ChoiceCondition {
        compare(variable, .booleanEqualsPath, path: path)
    }

    // MARK: Timestamps

    /// `TimestampEquals` (RFC 3339 timestamps such as `2026-01-01T00:00:00Z`)
    public static func timestampEquals(_ variable: String, _ value: String) -> ChoiceCondition {
        compare(variable, .timestampEquals, .string(value))
    }
    /// `TimestampEqualsPath`
    public static func timestampEqualsPath(_ variable: String, _ path: String) -> ChoiceCondition {
        compare(variable, .timestampEqualsPath, path: path)
    }
    /// `TimestampLessThan`
    public static func timestampLessThan(_ variable: String, _ value: String) -> ChoiceCondition {
        compare(variable, .timestampLessThan, .string(value))
    }
    /// `TimestampLessThanPath`
    public static func timestampLessThanPath(_ variable: String, _ path: String) -> ChoiceCondition {
        compare(variable, .timestampLessThanPath, path: path)
    }
    /// `TimestampGreaterThan`
    public static func timestampGreaterThan(_ variable: String, _ value: String) -> ChoiceCondition {
        compare(variable, .timestampGreaterThan, .string(value))
    }
    /// `TimestampGreaterThanPath`
    public static func timestampGreaterThanPath(_ variable: String, _ path: String) -> ChoiceCondition {
        compare(variable, .timestampGreaterThanPath, path: path)
    }
    /// `TimestampLessThanEquals`
    public static func timestampLessThanEquals(_ variable: String, _ value: String) -> ChoiceCondition {
        compare(variable, .timestampLessThanEquals, .string(value))
    }
    /// `TimestampLessThanEqualsPath`
    public static func timestampLessThanEqualsPath(_ variable: String, _ path: String) -> ChoiceCondition {
        compare(variable, .timestampLessThanEqualsPath, path: path)
    }
    /// `TimestampGreaterThanEquals`
    public static func timestampGreaterThanEquals(_ variable: String, _ value: String) -> ChoiceCondition {
        compare(variable, .timestampGreaterThanEquals, .string(value))
    }
    /// `TimestampGreaterThanEqualsPath`
    public static func timestampGreaterThanEqualsPath(_ variable: String, _ path: String) -> ChoiceCondition {
        compare(variable, .timestampGreaterThanEqualsPath, path: path)
    }

    // MARK: Type tests

    /// `IsNull`
    public static func isNull(_ variable: String, _ expected: Bool = true) -> ChoiceCondition {
        compare(variable, .isNull, .bool(expected))
    }
    /// `IsPresent`
    public static func isPresent(_ variable: String, _ expected: Bool = true) -> ChoiceCondition {
        compare(variable, .isPresent, .bool(expected))
    }
    /// `IsNumeric`
    public static func isNumeric(_ variable: String, _ expected: Bool = true) -> ChoiceCondition {
        compare(variable, .isNumeric, .bool(expected))
    }
    /// `IsString`
    public static func isString(_ variable: String, _ expected: Bool = true) -> ChoiceCondition {
        compare(variable, .isString, .bool(expected))
    }
    /// `IsBoolean`
    public static func isBoolean(_ variable: String, _ expected: Bool = true) -> ChoiceCondition {
        compare(variable, .isBoolean, .bool(expected))
    }
    /// `IsTimestamp`
    public static func isTimestamp(_ variable: String, _ expected: Bool = true) -> ChoiceCondition {
        compare(variable, .isTimestamp, .bool(expected))
    }
}
