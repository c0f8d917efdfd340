/// Query language rules: which fields belong to JSONPath states and which to JSONata states,
/// and the rule that a JSONata machine cannot have JSONPath states.
extension ValidationContext {
    /// What replaces each JSONPath-only field in a JSONata state (for the message).
    static let jsonataReplacement: [String: String] = [
        "InputPath": "use 'Arguments' (or 'Output') with a {% %} expression",
        "Parameters": "use 'Arguments'", "ResultSelector": "use 'Output'", "ResultPath": "use 'Output' or 'Assign'",
        "OutputPath": "use 'Output'", "Result": "use 'Output'", "ItemsPath": "use 'Items'",
    ]

    mutating func checkQueryLanguage(_ state: State, scope: StateScope) {
        if definition.queryLanguage == .jsonata, state.common.queryLanguage == .jsonPath {
            error(
                .queryLanguageDowngrade,
                "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine: state "
                    + "'\(scope.name)' sets JSONPath, but the machine's top-level 'QueryLanguage' is JSONata; remove "
                    + "the state's 'QueryLanguage' and use JSONata, or drop the top-level setting and set JSONata "
                    + "state by state", at: scope.path.appending("QueryLanguage"),
                aws: AWSWording(
                    "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
                    at: scope.path.appending("QueryLanguage")))
        }
        var present: [(field: String, at: FieldPath)] = []
        let p = scope.path
        func add(_ field: String, _ isPresent: Bool, at path: FieldPath? = nil) {
            if isPresent { present.append((field, (path ?? p).appending(field))) }
        }
        func addExpression(_ field: String, _ value: DynamicValue<Int>?) {
            if case .expression = value { add(field, true) }
        }
        switch scope.language {
        case .jsonata:
            // JSONPath-only fields in a JSONata state.
            add("InputPath", state.common.inputPath != nil)
            add("OutputPath", state.common.outputPath != nil)
            switch state {
            case .task(let t):
                add("Parameters", t.parameters != nil)
                add("ResultSelector", t.resultSelector != nil)
                add("ResultPath", t.resultPath != nil)
                add("TimeoutSecondsPath", t.timeoutSecondsPath != nil)
                add("HeartbeatSecondsPath", t.heartbeatSecondsPath != nil)
            case .pass(let s):
                add("Parameters", s.parameters != nil)
                add("Result", s.result != nil)
                add("ResultPath", s.resultPath != nil)
            case .wait(let w):
                if case .secondsPath = w.duration { add("SecondsPath", true) }
                if case .timestampPath = w.duration { add("TimestampPath", true) }
            case .fail(let f):
                add("ErrorPath", f.errorPath != nil)
                add("CausePath", f.causePath != nil)
            case .parallel(let s):
                add("Parameters", s.parameters != nil)
                add("ResultSelector", s.resultSelector != nil)
                add("ResultPath", s.resultPath != nil)
            case .map(let m):
                add("ItemsPath", m.itemsPath != nil)
                add("Parameters", m.parameters != nil)
                add("ResultSelector", m.resultSelector != nil)
                add("ResultPath", m.resultPath != nil)
                add("MaxConcurrencyPath", m.maxConcurrencyPath != nil)
                add("ToleratedFailureCountPath", m.toleratedFailureCountPath != nil)
                add("ToleratedFailurePercentagePath", m.toleratedFailurePercentagePath != nil)
                let reader = p.appending("ItemReader")
                add("Parameters", m.itemReader?.parameters != nil, at: reader)
                add("MaxItemsPath", m.itemReader?.readerConfig?.maxItemsPath != nil, at: reader.appending("ReaderConfig"))
                let batcher = p.appending("ItemBatcher")
                add("MaxItemsPerBatchPath", m.itemBatcher?.maxItemsPerBatchPath != nil, at: batcher)
                add("MaxInputBytesPerBatchPath", m.itemBatcher?.maxInputBytesPerBatchPath != nil, at: batcher)
                add("Parameters", m.resultWriter?.parameters != nil, at: p.appending("ResultWriter"))
            case .choice(let c):
                for (i, rule) in c.choices.enumerated() where rule.condition.usesJSONPath {
                    present.append(("Variable", p.appending("Choices").appending(i)))
                }
            case .succeed: break
            }
            for (i, c) in state.catch.enumerated() {
                add("ResultPath", c.resultPath != nil, at: p.appending("Catch").appending(i))
            }
            for item in present {
                let fix = Self.jsonataReplacement[item.field].map { "; \($0)" } ?? ""
                let what =
                    item.field == "Variable"
                    ? "a JSONPath choice rule ('Variable' with a comparison); use 'Condition' with a {% %} expression"
                    : "'\(item.field)', a JSONPath-only field\(fix)"
                error(
                    .queryLanguageField,
                    "state '\(scope.name)' uses JSONata, so it cannot have \(what); or set \"QueryLanguage\": "
                        + "\"JSONPath\" on the state\(definition.queryLanguage == .jsonata ? " (not allowed in a JSONata machine)" : "")",
                    at: item.at)
            }
        case .jsonPath:
            add("Output", state.common.output != nil)
            switch state {
            case .task(let t):
                add("Arguments", t.arguments != nil)
                addExpression("TimeoutSeconds", t.timeoutSeconds)
                addExpression("HeartbeatSeconds", t.heartbeatSeconds)
            case .parallel(let s):
                add("Arguments", s.arguments != nil)
            case .wait(let w):
                if case .seconds(let s) = w.duration { addExpression("Seconds", s) }
            case .map(let m):
                add("Items", m.items != nil)
                addExpression("MaxConcurrency", m.maxConcurrency)
                addExpression("ToleratedFailureCount", m.toleratedFailureCount)
                if case .expression = m.toleratedFailurePercentage { add("ToleratedFailurePercentage", true) }
                let reader = p.appending("ItemReader")
                add("Arguments", m.itemReader?.arguments != nil, at: reader)
                if case .expression = m.itemReader?.readerConfig?.maxItems {
                    add("MaxItems", true, at: reader.appending("ReaderConfig"))
                }
                if case .expression = m.itemReader?.readerConfig?.csvHeaders {
                    add("CSVHeaders", true, at: reader.appending("ReaderConfig"))
                }
                let batcher = p.appending("ItemBatcher")
                if case .expression = m.itemBatcher?.maxItemsPerBatch { add("MaxItemsPerBatch", true, at: batcher) }
                if case .expression = m.itemBatcher?.maxInputBytesPerBatch { add("MaxInputBytesPerBatch", true, at: batcher) }
                add("Arguments", m.resultWriter?.arguments != nil, at: p.appending("ResultWriter"))
            case .choice(let c):
                for (i, rule) in c.choices.enumerated() {
                    let rulePath = p.appending("Choices").appending(i)
                    if rule.condition.usesJSONata { present.append(("Condition", rulePath.appending("Condition"))) }
                    add("Output", rule.output != nil, at: rulePath)
                }
            case .pass, .succeed, .fail: break
            }
            for (i, c) in state.catch.enumerated() {
                add("Output", c.output != nil, at: p.appending("Catch").appending(i))
            }
            for item in present {
                let what =
                    ["Output", "Arguments", "Items", "Condition"].contains(item.field)
                    ? "'\(item.field)', a JSONata-only field"
                    : "a {% %} JSONata expression in '\(item.field)' (a JSONPath state takes a number here, or "
                        + "'\(item.field)Path')"
                error(
                    .queryLanguageField,
                    "state '\(scope.name)' uses JSONPath, so it cannot have \(what); set \"QueryLanguage\": \"JSONata\" "
                        + "on the state or the machine", at: item.at)
            }
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
