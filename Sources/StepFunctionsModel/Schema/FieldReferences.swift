/// Every JSONPath and every JSONata expression a state's own fields hold (its `Parameters`, paths,
/// Choice rules, `Retry`/`Catch`, `ItemReader`...), found by walking its ``FieldSet`` as the schema
/// describes it, so a new field is covered without code. The states of its child graphs (a
/// Parallel's branches, a Map's processor) are not visited: they are states of their own.
public struct FieldReferences {
    private var onPath: (JSONPath) -> Void
    private var onExpression: (JSONataExpression) -> Void

    /// Calls `path` with every JSONPath (intrinsic functions' arguments included) and `expression`
    /// with every `{% %}` expression in `fields`.
    public static func visit(
        _ fields: FieldSet, path: (JSONPath) -> Void, expression: (JSONataExpression) -> Void
    ) {
        withoutActuallyEscaping(path) { path in
            withoutActuallyEscaping(expression) { expression in
                var visitor = FieldReferences(onPath: path, onExpression: expression)
                visitor.scan(fields)
            }
        }
    }

    private mutating func scan(_ fields: FieldSet) {
        for entry in fields { scan(entry.value) }
    }

    private mutating func scan(_ value: FieldValue) {
        switch value {
        case .path(let p): onPath(p)
        case .nullablePath(let p): if case .path(let path) = p { onPath(path) }
        case .pathOrIntrinsic(.path(let p)): onPath(p)
        case .pathOrIntrinsic(.intrinsic(let f)): scan(f)
        case .template(let t): scan(t)
        case .dynamicInteger(let d): scan(d)
        case .dynamicNumber(let d): scan(d)
        case .dynamicString(let d): scan(d)
        case .dynamicStrings(let d): scan(d)
        case .object(let f): scan(f)
        case .objects(let list): for f in list { scan(f) }
        case .rules(let rules):
            for rule in rules {
                scan(rule.condition)
                if let a = rule.assign { scan(a) }
                if let o = rule.output { scan(o) }
            }
        case .states, .string, .bool, .integer, .number, .strings, .json, .resource: break
        }
    }

    private mutating func scan(_ f: IntrinsicFunction) {
        for argument in f.arguments {
            switch argument {
            case .path(let p): onPath(p)
            case .call(let g): scan(g)
            default: break
            }
        }
    }

    private mutating func scan(_ t: PayloadTemplate) {
        switch t {
        case .literal: break
        case .path(let p): onPath(p)
        case .intrinsic(let f): scan(f)
        case .expression(let e): onExpression(e)
        case .object(let fields): for f in fields { scan(f.value) }
        case .array(let items): for i in items { scan(i) }
        }
    }

    private mutating func scan<V>(_ d: DynamicValue<V>) {
        if case .expression(let e) = d { onExpression(e) }
    }

    private mutating func scan(_ c: Condition) {
        switch c {
        case .and(let all), .or(let all): for x in all { scan(x) }
        case .not(let x), .commented(_, let x): scan(x)
        case .jsonata(let v): scan(v)
        case .comparison(let cmp):
            onPath(cmp.variable)
            if case .path(let p) = cmp.operand { onPath(p) }
        }
    }
}
