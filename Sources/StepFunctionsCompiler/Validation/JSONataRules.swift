import JSONCore
import JSONata

/// JSONata syntax: every `{% %}` expression of a JSONata state goes through
/// ``ASLValidator/Options/jsonataSyntax`` (by default the JSONata engine's parser).
extension ValidationContext {
    mutating func checkJSONata(_ state: State, scope: StateScope) {
        guard let check = options.jsonataSyntax, scope.language == .jsonata else { return }
        var found: [(JSONataExpression, FieldPath)] = []
        // Strings that open an expression with `{%` but do not close it with `%}`.
        var unclosed: [(String, FieldPath)] = []
        let p = scope.path
        func literal(_ v: JSONValue, _ at: @autoclosure () -> FieldPath) {
            switch v {
            case .string(let s): if Self.isUnclosedExpression(s) { unclosed.append((s, at())) }
            case .object(let o): for (k, x) in o { literal(x, at().appending(k)) }
            case .array(let items): for (i, x) in items.enumerated() { literal(x, at().appending(i)) }
            default: break
            }
        }
        // Places are built only for what is found (most fields are absent or hold no expression).
        func template(_ t: PayloadTemplate?, _ at: @autoclosure () -> FieldPath) {
            guard let t else { return }
            switch t {
            case .expression(let e): found.append((e, at()))
            case .object(let fields): for f in fields { template(f.value, at().appending(f.name)) }
            case .array(let items): for (i, e) in items.enumerated() { template(e, at().appending(i)) }
            case .literal(let v): literal(v, at())
            case .path, .intrinsic: break
            }
        }
        func dynamic<V>(_ v: DynamicValue<V>?, _ at: @autoclosure () -> FieldPath) {
            if case .expression(let e) = v { found.append((e, at())) }
            if case .literal(let s as String) = v, Self.isUnclosedExpression(s) { unclosed.append((s, at())) }
        }
        template(state.fields.template(.output), p.appending("Output"))
        template(state.fields.template(.assign), p.appending("Assign"))
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
        for (text, at) in unclosed {
            error(
                .invalidJSONata,
                "the string \(Self.abbreviated(text)) in state '\(scope.name)' opens a JSONata expression with '{%' "
                    + "but does not close it with '%}'", at: at)
        }
        for (expression, at) in found {
            if let problem = check(expression.source) {
                error(
                    .invalidJSONata,
                    "the JSONata expression \(Self.abbreviated(expression.delimited)) "
                        + "in state '\(scope.name)' does not parse: \(problem)", at: at,
                    aws: Self.jsonataSyntaxWording(expression.source, at: at))
            } else {
                checkStatesFields(expression, at: at, state: state, scope: scope)
            }
        }
    }

    /// A string that starts with `{%` but does not end with `%}`: in a JSONata state, an
    /// expression left open rather than a literal. (A string with anything before `{%`, even a
    /// blank, is a literal: AWS ran LocalStack's `" {% states.input %} "` as one.)
    static func isUnclosedExpression(_ s: String) -> Bool {
        s.hasPrefix("{%") && JSONataExpression(delimited: s) == nil
    }

    static func abbreviated(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(57)) + "..." : text
    }

    /// `$states.result` exists only in the state-level `Output` and `Assign` of a Task, Parallel or
    /// Map (the result of its work), `$states.errorOutput` only in a catcher's `Output` and
    /// `Assign`; AWS refuses an expression that reads them anywhere else.
    mutating func checkStatesFields(_ expression: JSONataExpression, at: FieldPath, state: State, scope: StateScope) {
        let source = expression.source
        guard source.containsBytes("$states"), source.containsBytes("result") || source.containsBytes("errorOutput"),
            let compiled = try? CompiledJSONata.shared(source)
        else { return }
        let members = compiled.membersRead(of: "states")
        guard members.contains("result") || members.contains("errorOutput") else { return }
        let relative = Array(at.components.dropFirst(scope.path.components.count))
        // Compared directly: a set literal was built (and hashed into) for every expression checked.
        func outputOrAssign(_ c: FieldPathComponent) -> Bool { c == .key("Output") || c == .key("Assign") }
        let stateLevel = relative.first.map(outputOrAssign) ?? false
        let inCatcher = relative.count >= 3 && relative[0] == .key("Catch") && outputOrAssign(relative[2])
        let hasResult: Bool
        switch state {
        case .task, .parallel, .map: hasResult = true
        default: hasResult = false
        }
        // Written only for a reported field.
        var field: String { FieldPath(Array(relative.prefix(inCatcher ? 3 : 1))).description }
        if members.contains("result") && !(stateLevel && hasResult) {
            let why =
                !hasResult
                ? "a \(state.type.rawValue) state has no result"
                : "the result exists only in the state's 'Output' and 'Assign'"
            error(
                .unavailableStatesField,
                "'\(field)' of state '\(scope.name)' reads '$states.result', which is not available there: \(why)",
                at: at)
        }
        if members.contains("errorOutput") && !inCatcher {
            error(
                .unavailableStatesField,
                "'\(field)' of state '\(scope.name)' reads '$states.errorOutput', which is available only in a "
                    + "catcher's 'Output' and 'Assign'", at: at)
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
            // Kept: the plan of the definition compiles the same texts.
            _ = try CompiledJSONata.shared(source)
            return nil
        } catch {
            if let position = error.position { return "\(error.description) (at character \(position))" }
            return error.description
        }
    }
}
