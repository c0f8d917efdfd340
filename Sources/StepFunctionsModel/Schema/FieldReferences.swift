/// Every JSONPath and every JSONata expression a state's own fields hold (its `Parameters`, paths,
/// Choice rules, `Retry`/`Catch`, `ItemReader`...), found by walking its ``FieldSet`` as the schema
/// describes it, so a new field is covered without code. The states of its child graphs (a
/// Parallel's branches, a Map's processor) are not visited: they are states of their own.
public struct FieldReferences {
    /// Calls `path` with every JSONPath (intrinsic functions' arguments included) and `expression`
    /// with every `{% %}` expression in `fields`.
    public static func visit(
        _ fields: FieldSet, path: (JSONPath) -> Void, expression: (JSONataExpression) -> Void
    ) {
        // The closures are passed down, never stored: stored ones escaped, so each call boxed what
        // its callers' closures captured (the validator and the planner visit every state).
        scan(fields, path, expression)
    }

    private static func scan(
        _ fields: FieldSet, _ onPath: (JSONPath) -> Void, _ onExpression: (JSONataExpression) -> Void
    ) {
        // By index: a `for entry in fields` loop copied (retained and released) every entry.
        for i in fields.entries.indices { scan(fields.entries[i].value, onPath, onExpression) }
    }

    private static func scan(
        _ value: FieldValue, _ onPath: (JSONPath) -> Void, _ onExpression: (JSONataExpression) -> Void
    ) {
        switch value {
        case .path(let p): onPath(p)
        case .nullablePath(let p): if case .path(let path) = p { onPath(path) }
        case .pathOrIntrinsic(.path(let p)): onPath(p)
        case .pathOrIntrinsic(.intrinsic(let f)): scan(f, onPath)
        case .template(let t): scan(t, onPath, onExpression)
        case .dynamicInteger(.expression(let e)): onExpression(e)
        case .dynamicNumber(.expression(let e)): onExpression(e)
        case .dynamicString(.expression(let e)): onExpression(e)
        case .dynamicStrings(.expression(let e)): onExpression(e)
        case .dynamicInteger, .dynamicNumber, .dynamicString, .dynamicStrings: break
        case .object(let f): scan(f, onPath, onExpression)
        case .objects(let list): for f in list { scan(f, onPath, onExpression) }
        case .rules(let rules):
            for rule in rules {
                scan(rule.condition, onPath, onExpression)
                if let a = rule.assign { scan(a, onPath, onExpression) }
                if let o = rule.output { scan(o, onPath, onExpression) }
            }
        case .states, .string, .bool, .integer, .number, .strings, .json, .resource: break
        }
    }

    private static func scan(_ f: IntrinsicFunction, _ onPath: (JSONPath) -> Void) {
        for argument in f.arguments {
            switch argument {
            case .path(let p): onPath(p)
            case .call(let g): scan(g, onPath)
            default: break
            }
        }
    }

    private static func scan(
        _ t: PayloadTemplate, _ onPath: (JSONPath) -> Void, _ onExpression: (JSONataExpression) -> Void
    ) {
        switch t {
        case .literal: break
        case .path(let p): onPath(p)
        case .intrinsic(let f): scan(f, onPath)
        case .expression(let e): onExpression(e)
        case .object(let fields): for f in fields { scan(f.value, onPath, onExpression) }
        case .array(let items): for i in items { scan(i, onPath, onExpression) }
        }
    }

    private static func scan(
        _ c: Condition, _ onPath: (JSONPath) -> Void, _ onExpression: (JSONataExpression) -> Void
    ) {
        switch c {
        case .and(let all), .or(let all): for x in all { scan(x, onPath, onExpression) }
        case .not(let x), .commented(_, let x): scan(x, onPath, onExpression)
        case .jsonata(let v): if case .expression(let e) = v { onExpression(e) }
        case .comparison(let cmp):
            onPath(cmp.variable)
            if case .path(let p) = cmp.operand { onPath(p) }
        }
    }
}
