import JSONata

/// JSONata syntax: every `{% %}` expression of a JSONata state goes through
/// ``ASLValidator/Options/jsonataSyntax`` (by default the JSONata engine's parser).
extension ValidationContext {
    mutating func checkJSONata(_ state: State, scope: StateScope) {
        guard let check = options.jsonataSyntax, scope.language == .jsonata else { return }
        var found: [(JSONataExpression, FieldPath)] = []
        let p = scope.path
        func template(_ t: PayloadTemplate?, _ at: FieldPath) {
            guard let t else { return }
            switch t {
            case .expression(let e): found.append((e, at))
            case .object(let fields): for f in fields { template(f.value, at.appending(f.name)) }
            case .array(let items): for (i, e) in items.enumerated() { template(e, at.appending(i)) }
            case .literal, .path, .intrinsic: break
            }
        }
        func dynamic<V>(_ v: DynamicValue<V>?, _ at: FieldPath) {
            if case .expression(let e) = v { found.append((e, at)) }
        }
        template(state.common.output, p.appending("Output"))
        template(state.common.assign, p.appending("Assign"))
        switch state {
        case .task(let t):
            template(t.arguments, p.appending("Arguments"))
            template(t.credentials, p.appending("Credentials"))
            dynamic(t.timeoutSeconds, p.appending("TimeoutSeconds"))
            dynamic(t.heartbeatSeconds, p.appending("HeartbeatSeconds"))
        case .parallel(let s):
            template(s.arguments, p.appending("Arguments"))
        case .wait(let w):
            if case .seconds(let v) = w.duration { dynamic(v, p.appending("Seconds")) }
            if case .timestamp(let v) = w.duration { dynamic(v, p.appending("Timestamp")) }
        case .fail(let f):
            dynamic(f.error, p.appending("Error"))
            dynamic(f.cause, p.appending("Cause"))
        case .map(let m):
            template(m.items, p.appending("Items"))
            template(m.itemSelector, p.appending("ItemSelector"))
            dynamic(m.maxConcurrency, p.appending("MaxConcurrency"))
            dynamic(m.toleratedFailureCount, p.appending("ToleratedFailureCount"))
            dynamic(m.toleratedFailurePercentage, p.appending("ToleratedFailurePercentage"))
            let reader = p.appending("ItemReader")
            template(m.itemReader?.arguments, reader.appending("Arguments"))
            dynamic(m.itemReader?.readerConfig?.maxItems, reader.appending("ReaderConfig").appending("MaxItems"))
            dynamic(m.itemReader?.readerConfig?.csvHeaders, reader.appending("ReaderConfig").appending("CSVHeaders"))
            let batcher = p.appending("ItemBatcher")
            dynamic(m.itemBatcher?.maxItemsPerBatch, batcher.appending("MaxItemsPerBatch"))
            dynamic(m.itemBatcher?.maxInputBytesPerBatch, batcher.appending("MaxInputBytesPerBatch"))
            template(m.itemBatcher?.batchInput, batcher.appending("BatchInput"))
            template(m.resultWriter?.arguments, p.appending("ResultWriter").appending("Arguments"))
        case .choice(let c):
            for (i, rule) in c.choices.enumerated() {
                let at = p.appending("Choices").appending(i)
                collectConditions(rule.condition, at, &found)
                template(rule.output, at.appending("Output"))
                template(rule.assign, at.appending("Assign"))
            }
        case .pass, .succeed: break
        }
        for (i, c) in state.catch.enumerated() {
            let at = p.appending("Catch").appending(i)
            template(c.output, at.appending("Output"))
            template(c.assign, at.appending("Assign"))
        }
        for (expression, at) in found {
            if let problem = check(expression.source) {
                error(
                    .invalidJSONata,
                    "the JSONata expression \(expression.delimited.count > 60 ? String(expression.delimited.prefix(57)) + "..." : expression.delimited) "
                        + "in state '\(scope.name)' does not parse: \(problem)", at: at,
                    aws: Self.jsonataSyntaxWording(expression.source, at: at))
            }
        }
    }

    /// AWS's `INVALID_JSONATA_EXPRESSION`: the JSONata parser's message without its code, at the
    /// field; `nil` when this package's JSONata parser accepts the expression (another checker refused it).
    static func jsonataSyntaxWording(_ source: String, at path: FieldPath) -> AWSWording? {
        do throws(JSONataError) {
            _ = try CompiledJSONata(source)
            return nil
        } catch {
            return AWSWording(code: "INVALID_JSONATA_EXPRESSION", error.message, at: path)
        }
    }

    func collectConditions(_ c: Condition, _ at: FieldPath, _ found: inout [(JSONataExpression, FieldPath)]) {
        switch c {
        case .jsonata(.expression(let e)): found.append((e, at.appending("Condition")))
        case .commented(_, let inner): collectConditions(inner, at, &found)
        case .jsonata, .comparison, .and, .or, .not: break
        }
    }
}

extension ASLValidator {
    /// The JSONata engine's parser as a syntax check: `nil` when `source` parses, otherwise the
    /// engine's error (`S0202: Expected ")", got "]"` and similar, with its position).
    public static let jsonataParser: @Sendable (String) -> String? = { source in
        do throws(JSONataError) {
            _ = try CompiledJSONata(source)
            return nil
        } catch {
            if let position = error.position { return "\(error.description) (at character \(position))" }
            return error.description
        }
    }
}
