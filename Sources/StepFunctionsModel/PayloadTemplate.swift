/// A JSON template evaluated against data when a state runs: `Parameters`, `ResultSelector`,
/// `ItemSelector`, `Arguments`, `Output`, `Assign`, `Credentials` and similar fields.
///
/// In JSONPath states a member whose key ends in `.$` holds a path or an intrinsic call; the
/// model stores the key *without* `.$` and the value as ``path(_:)`` or ``intrinsic(_:)``, and
/// the writer adds the suffix back. In JSONata states a string `"{% expr %}"` is an expression.
/// Parts without any dynamic value collapse to ``literal(_:)``.
public indirect enum PayloadTemplate: Sendable, Hashable {
    /// A constant value.
    case literal(JSONValue)
    /// An object with at least one dynamic member, in the author's key order.
    case object([Field])
    /// An array with at least one dynamic element.
    case array([PayloadTemplate])
    /// A JSONPath, from a `"key.$": "$.path"` member.
    case path(JSONPath)
    /// An intrinsic function call, from a `"key.$": "States.Format(...)"` member.
    case intrinsic(IntrinsicFunction)
    /// A JSONata expression, from a `"{% ... %}"` string.
    case expression(JSONataExpression)

    /// One object member: its output name (no `.$`) and value.
    public struct Field: Sendable, Hashable {
        /// The member name as it appears in the result (without `.$`).
        public var name: String
        /// The member's value.
        public var value: PayloadTemplate

        /// Creates a member.
        public init(_ name: String, _ value: PayloadTemplate) {
            self.name = name
            self.value = value
        }
    }

    /// Whether evaluating the template needs no data (it is a constant).
    public var isLiteral: Bool {
        if case .literal = self { return true }
        return false
    }

    /// Whether this node is a path or intrinsic, written with a `.$` key suffix in JSONPath states.
    public var needsDollarSuffix: Bool {
        switch self {
        case .path, .intrinsic: return true
        default: return false
        }
    }

    /// Builds an object template, collapsing to a literal when no member is dynamic.
    public static func makeObject(_ fields: [Field]) -> PayloadTemplate {
        // Most objects built here hold a path or an expression: the literal object is allocated only
        // when every member is a literal.
        for f in fields {
            guard case .literal = f.value else { return .object(fields) }
        }
        var literal = JSONObject(minimumCapacity: fields.count)
        for f in fields {
            guard case .literal(let v) = f.value, !literal.contains(f.name) else { return .object(fields) }
            literal.append(key: f.name, value: v)
        }
        return .literal(.object(literal))
    }

    /// Builds an array template, collapsing to a literal when no element is dynamic.
    public static func makeArray(_ elements: [PayloadTemplate]) -> PayloadTemplate {
        var values: [JSONValue] = []
        values.reserveCapacity(elements.count)
        for e in elements {
            guard case .literal(let v) = e else { return .array(elements) }
            values.append(v)
        }
        return .literal(.array(values))
    }

    /// The members when this is an object (literal or dynamic), in order.
    public var fields: [Field]? {
        switch self {
        case .object(let f): return f
        case .literal(.object(let o)): return o.map { Field($0.key, .literal($0.value)) }
        default: return nil
        }
    }

    /// Every path used anywhere in the template.
    public var paths: [JSONPath] {
        var out: [JSONPath] = []
        collect(into: &out)
        return out
    }

    private func collect(into out: inout [JSONPath]) {
        switch self {
        case .literal, .expression: return
        case .path(let p): out.append(p)
        case .intrinsic(let f): IntrinsicFunction.collectPaths(f, into: &out)
        case .object(let fields): for f in fields { f.value.collect(into: &out) }
        case .array(let items): for e in items { e.collect(into: &out) }
        }
    }
}

extension IntrinsicFunction {
    static func collectPaths(_ f: IntrinsicFunction, into out: inout [JSONPath]) {
        for a in f.arguments {
            switch a {
            case .path(let p): out.append(p)
            case .call(let g): collectPaths(g, into: &out)
            default: break
            }
        }
    }
}
