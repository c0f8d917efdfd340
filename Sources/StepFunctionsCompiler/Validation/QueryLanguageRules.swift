/// Query language rules: which fields belong to JSONPath states and which to JSONata states,
/// and the rule that a JSONata machine cannot have JSONPath states.
extension ValidationContext {
    /// Checks that every field of `state` (and of the objects nested in it: retriers, catchers, item
    /// readers...) belongs to the state's query language, as ``ASLSchema`` says; a JSONata machine
    /// cannot have JSONPath states.
    mutating func checkQueryLanguage(_ state: State, scope: StateScope) {
        if machineLanguage == .jsonata, state.queryLanguage == .jsonPath {
            error(
                .queryLanguageDowngrade,
                "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine: state "
                    + "'\(scope.name)' sets JSONPath, but the machine's top-level 'QueryLanguage' is JSONata; remove "
                    + "the state's 'QueryLanguage' and use JSONata, or drop the top-level setting and set JSONata "
                    + "state by state", at: scope.path.appending("QueryLanguage"),
                aws: AWSWording(
                    "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", at: scope.path)
            )
        }
        var misplaced: [(spec: FieldSpec, at: FieldPath, expression: Bool)] = []
        collectMisplaced(
            state.fields, ASLSchema.state(state.type), at: scope.path, language: scope.language, into: &misplaced)
        if case .choice(let c) = state {
            // Choice rules: comparisons of a `Variable` are JSONPath, `Condition` is JSONata.
            for (i, rule) in c.choices.enumerated() {
                // Built only for a rule that is reported.
                func rulePath() -> FieldPath { scope.path.appending("Choices").appending(i) }
                switch scope.language {
                case .jsonata where rule.condition.usesJSONPath:
                    error(
                        .queryLanguageField,
                        "state '\(scope.name)' uses JSONata, so it cannot have a JSONPath choice rule ('Variable' with a "
                            + "comparison); use 'Condition' with a {% %} expression; or set \"QueryLanguage\": "
                            + "\"JSONPath\" on the state\(machineLanguage == .jsonata ? " (not allowed in a JSONata machine)" : "")",
                        at: rulePath())
                case .jsonPath where rule.condition.usesJSONata:
                    error(
                        .queryLanguageField,
                        "state '\(scope.name)' uses JSONPath, so it cannot have 'Condition', a JSONata-only field; set "
                            + "\"QueryLanguage\": \"JSONata\" on the state or the machine",
                        at: rulePath().appending("Condition"))
                default: break
                }
                if scope.language == .jsonPath, rule.output != nil {
                    error(
                        .queryLanguageField,
                        "state '\(scope.name)' uses JSONPath, so it cannot have 'Output', a JSONata-only field; set "
                            + "\"QueryLanguage\": \"JSONata\" on the state or the machine",
                        at: rulePath().appending("Output"))
                }
            }
        }
        for item in misplaced {
            let field = item.spec.field.rawValue
            // AWS's words, at the state, are known for a field of the state itself (not one nested in
            // an ItemReader, a retrier...), written in the other language's form.
            let own = item.at == scope.path.appending(field) && !item.expression
            let other: QueryLanguage = scope.language == .jsonata ? .jsonPath : .jsonata
            let aws =
                own
                ? AWSWording(
                    "The QueryLanguage is set to '\(scope.language.rawValue)', but field '\(field)' is only supported "
                        + "for the '\(other.rawValue)' QueryLanguage", at: scope.path) : nil
            switch scope.language {
            case .jsonata:
                let fix = item.spec.replacement.map { "; \($0)" } ?? ""
                error(
                    .queryLanguageField,
                    "state '\(scope.name)' uses JSONata, so it cannot have '\(field)', a JSONPath-only field\(fix); or set "
                        + "\"QueryLanguage\": \"JSONPath\" on the state"
                        + (machineLanguage == .jsonata ? " (not allowed in a JSONata machine)" : ""),
                    at: item.at, aws: aws)
            case .jsonPath:
                let what =
                    item.expression
                    ? "a {% %} JSONata expression in '\(field)' (a JSONPath state takes a number here, or '\(field)Path')"
                    : "'\(field)', a JSONata-only field"
                error(
                    .queryLanguageField,
                    "state '\(scope.name)' uses JSONPath, so it cannot have \(what); set \"QueryLanguage\": \"JSONata\" "
                        + "on the state or the machine", at: item.at, aws: aws)
            }
        }
    }

    /// Collects the fields of `fields` (described by `schema`) that belong to the other query
    /// language, and `{% %}` expressions in fields where only JSONata states may have them.
    /// Nested objects are searched too, but not nested graphs' states (they are states of their own).
    private func collectMisplaced(
        _ fields: FieldSet, _ schema: ObjectSchema, at path: FieldPath, language: QueryLanguage,
        into out: inout [(spec: FieldSpec, at: FieldPath, expression: Bool)]
    ) {
        // The specs are read in place (a copy retained and released each of its parts), and copied
        // only for a field that is reported.
        schema.fields.withUnsafeBufferPointer { specs in
            // By index: a `for entry in fields` loop copied (retained and released) every entry.
            for k in fields.entries.indices {
                let field = fields.entries[k].field
                guard let position = schema.position(of: field) else { continue }
                // The field's path is built only for a field that is reported or searched.
                if let owner = specs[position].language, owner != language {
                    out.append((specs[position], path.appending(field.rawValue), false))
                    continue
                }
                if language == .jsonPath, specs[position].expressionNeedsJSONata, fields.entries[k].value.isExpression {
                    out.append((specs[position], path.appending(field.rawValue), true))
                }
                switch specs[position].kind {
                case .object(let nested):
                    guard case .object(let f) = fields.entries[k].value else { break }
                    collectMisplaced(
                        f, nested, at: path.appending(field.rawValue), language: language, into: &out)
                case .objects(let nested) where field != .branches:
                    guard case .objects(let list) = fields.entries[k].value else { break }
                    let at = path.appending(field.rawValue)
                    for (i, f) in list.enumerated() {
                        collectMisplaced(f, nested, at: at.appending(i), language: language, into: &out)
                    }
                default: break
                }
            }
        }
    }
}

extension FieldValue {
    /// Whether the value is a `{% %}` JSONata expression (in a field that also takes literals).
    var isExpression: Bool {
        switch self {
        case .dynamicInteger(.expression), .dynamicNumber(.expression), .dynamicString(.expression),
            .dynamicStrings(.expression):
            return true
        default: return false
        }
    }
}

extension Condition {
    /// Whether the condition (or any nested one) is a JSONPath comparison.
    var usesJSONPath: Bool {
        switch self {
        case .comparison: return true
        case .jsonata: return false
        case .not(let c), .commented(_, let c): return c.usesJSONPath
        case .and(let cs), .or(let cs): return cs.contains { $0.usesJSONPath }
        }
    }

    /// Whether the condition is a JSONata `Condition`.
    var usesJSONata: Bool {
        switch self {
        case .jsonata: return true
        case .comparison: return false
        case .not(let c), .commented(_, let c): return c.usesJSONata
        case .and(let cs), .or(let cs): return cs.contains { $0.usesJSONata }
        }
    }
}
