/// A top-level rule of a Choice state: a condition and the state to go to when it holds.
public struct ChoiceRule: Sendable, Hashable {
    /// When the rule matches.
    public var condition: Condition
    /// `Next`
    public var next: String
    /// `Assign`: variables set when this rule is taken.
    public var assign: PayloadTemplate?
    /// `Output` (JSONata): the state output when this rule is taken.
    public var output: PayloadTemplate?
    /// `Comment`
    public var comment: String?

    /// Creates a rule.
    public init(
        condition: Condition, next: String, assign: PayloadTemplate? = nil, output: PayloadTemplate? = nil,
        comment: String? = nil
    ) {
        self.condition = condition
        self.next = next
        self.assign = assign
        self.output = output
        self.comment = comment
    }
}

/// A Choice condition: a comparison, a boolean combination, or a JSONata `Condition`.
public indirect enum Condition: Sendable, Hashable {
    /// `And`: every condition holds.
    case and([Condition])
    /// `Or`: some condition holds.
    case or([Condition])
    /// `Not`
    case not(Condition)
    /// `Variable` compared by an operator.
    case comparison(Comparison)
    /// `Condition` (JSONata): `"{% expr %}"` or a literal boolean.
    case jsonata(DynamicValue<Bool>)
    /// A nested rule (inside `And`, `Or` or `Not`) that carries a `Comment`.
    case commented(comment: String, Condition)

    /// The condition without any comment wrapper.
    public var uncommented: Condition {
        if case .commented(_, let inner) = self { return inner.uncommented }
        return self
    }
}

/// `"Variable": path, "<Operator>": operand`.
public struct Comparison: Sendable, Hashable {
    /// `Variable`: the value compared.
    public var variable: JSONPath
    /// The operator.
    public var op: ComparisonOperator
    /// What it is compared with: a literal, or a path for the `…Path` operators.
    public var operand: Operand
    /// A template's stand-in for the operator key (`${Operator}` or `%Operator%`), filled in at
    /// deployment; when set, it is written instead of ``op``, which is then meaningless.
    public var operatorPlaceholder: String?

    /// The right-hand side of a comparison.
    public enum Operand: Sendable, Hashable {
        /// A literal (string, number, boolean or timestamp string).
        case value(JSONValue)
        /// A path, for the `…Path` operators.
        case path(JSONPath)
    }

    /// Creates a comparison.
    public init(variable: JSONPath, op: ComparisonOperator, operand: Operand, operatorPlaceholder: String? = nil) {
        self.variable = variable
        self.op = op
        self.operand = operand
        self.operatorPlaceholder = operatorPlaceholder
    }
}

/// The 39 comparison operators of Choice rules (with `And`, `Or` and `Not`, the 42 rule kinds).
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    /// `StringEquals`
    case stringEquals = "StringEquals"
    /// `StringEqualsPath`
    case stringEqualsPath = "StringEqualsPath"
    /// `StringLessThan`
    case stringLessThan = "StringLessThan"
    /// `StringLessThanPath`
    case stringLessThanPath = "StringLessThanPath"
    /// `StringGreaterThan`
    case stringGreaterThan = "StringGreaterThan"
    /// `StringGreaterThanPath`
    case stringGreaterThanPath = "StringGreaterThanPath"
    /// `StringLessThanEquals`
    case stringLessThanEquals = "StringLessThanEquals"
    /// `StringLessThanEqualsPath`
    case stringLessThanEqualsPath = "StringLessThanEqualsPath"
    /// `StringGreaterThanEquals`
    case stringGreaterThanEquals = "StringGreaterThanEquals"
    /// `StringGreaterThanEqualsPath`
    case stringGreaterThanEqualsPath = "StringGreaterThanEqualsPath"
    /// `StringMatches`
    case stringMatches = "StringMatches"
    /// `NumericEquals`
    case numericEquals = "NumericEquals"
    /// `NumericEqualsPath`
    case numericEqualsPath = "NumericEqualsPath"
    /// `NumericLessThan`
    case numericLessThan = "NumericLessThan"
    /// `NumericLessThanPath`
    case numericLessThanPath = "NumericLessThanPath"
    /// `NumericGreaterThan`
    case numericGreaterThan = "NumericGreaterThan"
    /// `NumericGreaterThanPath`
    case numericGreaterThanPath = "NumericGreaterThanPath"
    /// `NumericLessThanEquals`
    case numericLessThanEquals = "NumericLessThanEquals"
    /// `NumericLessThanEqualsPath`
    case numericLessThanEqualsPath = "NumericLessThanEqualsPath"
    /// `NumericGreaterThanEquals`
    case numericGreaterThanEquals = "NumericGreaterThanEquals"
    /// `NumericGreaterThanEqualsPath`
    case numericGreaterThanEqualsPath = "NumericGreaterThanEqualsPath"
    /// `BooleanEquals`
    case booleanEquals = "BooleanEquals"
    /// `BooleanEqualsPath`
    case booleanEqualsPath = "BooleanEqualsPath"
    /// `TimestampEquals`
    case timestampEquals = "TimestampEquals"
    /// `TimestampEqualsPath`
    case timestampEqualsPath = "TimestampEqualsPath"
    /// `TimestampLessThan`
    case timestampLessThan = "TimestampLessThan"
    /// `TimestampLessThanPath`
    case timestampLessThanPath = "TimestampLessThanPath"
    /// `TimestampGreaterThan`
    case timestampGreaterThan = "TimestampGreaterThan"
    /// `TimestampGreaterThanPath`
    case timestampGreaterThanPath = "TimestampGreaterThanPath"
    /// `TimestampLessThanEquals`
    case timestampLessThanEquals = "TimestampLessThanEquals"
    /// `TimestampLessThanEqualsPath`
    case timestampLessThanEqualsPath = "TimestampLessThanEqualsPath"
    /// `TimestampGreaterThanEquals`
    case timestampGreaterThanEquals = "TimestampGreaterThanEquals"
    /// `TimestampGreaterThanEqualsPath`
    case timestampGreaterThanEqualsPath = "TimestampGreaterThanEqualsPath"
    /// `IsNull`
    case isNull = "IsNull"
    /// `IsPresent`
    case isPresent = "IsPresent"
    /// `IsNumeric`
    case isNumeric = "IsNumeric"
    /// `IsString`
    case isString = "IsString"
    /// `IsBoolean`
    case isBoolean = "IsBoolean"
    /// `IsTimestamp`
    case isTimestamp = "IsTimestamp"

    /// Whether the operand is a path (`…Path` operators).
    public var takesPath: Bool { rawValue.hasSuffix("Path") }

    /// The kind of value the operator compares.
    public enum Family: Sendable, Hashable {
        /// Compares strings.
        case string
        /// Compares numbers.
        case numeric
        /// Compares booleans.
        case boolean
        /// Compares RFC 3339 timestamps.
        case timestamp
        /// Matches a string against a pattern with `*` wildcards.
        case stringMatches
        /// Tests presence or type (`IsNull`, `IsPresent`, `IsNumeric`...).
        case typeTest
    }

    /// The kind of value the operator compares.
    public var family: Family {
        let name = rawValue
        if name == "StringMatches" { return .stringMatches }
        if name.hasPrefix("String") { return .string }
        if name.hasPrefix("Numeric") { return .numeric }
        if name.hasPrefix("Boolean") { return .boolean }
        if name.hasPrefix("Timestamp") { return .timestamp }
        return .typeTest
    }

    /// The operator named `name` (what `init(rawValue:)` finds), looked up among the few names of
    /// its length and first byte: the reader asks for every key of every choice rule, and the raw-value
    /// initializer compares the key with every name. No name holds a character another text is
    /// canonically equal to, so equal texts have equal bytes.
    package init?(name: String) {
        let utf8 = name.utf8
        let count = utf8.count
        guard count > 0, count < ComparisonOperator.longestName, let first = utf8.first else { return nil }
        for op in ComparisonOperator.byLengthAndFirst[count << 7 | Int(first & 0x7F)] where op.rawValue == name {
            self = op
            return
        }
        return nil
    }

    /// One more than the longest name's length in UTF-8 bytes (a bound for ``byLengthAndFirst``).
    private static let longestName = 32

    /// The operators by their name's length and first byte (`length << 7 | first & 0x7F`).
    private static let byLengthAndFirst: [[ComparisonOperator]] = {
        var table = [[ComparisonOperator]](repeating: [], count: longestName << 7)
        for op in allCases {
            let utf8 = op.rawValue.utf8
            table[utf8.count << 7 | Int(utf8.first! & 0x7F)].append(op)
        }
        return table
    }()

    /// The comparison without the `Path` suffix (`StringEqualsPath` → `StringEquals`).
    public var literalForm: ComparisonOperator {
        guard takesPath else { return self }
        return ComparisonOperator(rawValue: String(rawValue.dropLast(4)))!
    }
}
