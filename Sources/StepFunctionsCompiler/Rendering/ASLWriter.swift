/// Writes a ``StateMachineDefinition`` as Amazon States Language JSON in the canonical form.
///
/// Output is deterministic: keys follow ASL's own field order (`Type` first, the data-flow fields in
/// the order they apply, `Retry`/`Catch`, then `Next`/`End` last), states keep declaration order,
/// payload keys keep the author's order, and paths and intrinsic calls get their `.$` key suffix.
public struct ASLWriter: Sendable {
    /// Creates a writer.
    public init() {}

    /// The definition as ordered JSON.
    public func json(_ definition: StateMachineDefinition) -> JSONValue {
        var o = JSONObject()
        o.set("Comment", definition.comment.map(JSONValue.string))
        o.set("QueryLanguage", definition.queryLanguage.map { .string($0.rawValue) })
        o["StartAt"] = .string(definition.startAt)
        o.set("TimeoutSeconds", definition.timeoutSeconds.map(JSONValue.int))
        o.set("Version", definition.version.map(JSONValue.string))
        o["States"] = states(definition.states)
        return .object(o)
    }

    /// The definition as JSON text: pretty (two-space, trailing newline) or compact.
    public func text(_ definition: StateMachineDefinition, pretty: Bool = true) -> String {
        let value = json(definition)
        return pretty ? JSONWriter.pretty.string(value) + "\n" : JSONWriter.compact.string(value)
    }

    /// One state as ordered JSON.
    public func json(_ state: State) -> JSONValue {
        var o = JSONObject()
        o["Type"] = .string(state.type.rawValue)
        let common = state.common
        o.set("Comment", common.comment.map(JSONValue.string))
        o.set("QueryLanguage", common.queryLanguage.map { .string($0.rawValue) })

        switch state {
        case .task(let t):
            o["Resource"] = .string(t.resource.arn)
            o.set("Credentials", t.credentials.map(template))
            o.set("InputPath", common.inputPath.map(nullablePath))
            o.set("Parameters", t.parameters.map(template))
            o.set("Arguments", t.arguments.map(template))
            o.set("ResultSelector", t.resultSelector.map(template))
            o.set("ResultPath", t.resultPath.map(nullablePath))
            o.set("OutputPath", common.outputPath.map(nullablePath))
            o.set("Output", common.output.map(template))
            o.set("Assign", common.assign.map(template))
            o.set("TimeoutSeconds", t.timeoutSeconds.map(dynamic))
            o.set("TimeoutSecondsPath", t.timeoutSecondsPath.map { .string($0.source) })
            o.set("HeartbeatSeconds", t.heartbeatSeconds.map(dynamic))
            o.set("HeartbeatSecondsPath", t.heartbeatSecondsPath.map { .string($0.source) })
            errorHandling(&o, t.retry, t.catch)
            transition(&o, t.transition)
        case .pass(let p):
            o.set("InputPath", common.inputPath.map(nullablePath))
            o.set("Parameters", p.parameters.map(template))
            o.set("Result", p.result)
            o.set("ResultPath", p.resultPath.map(nullablePath))
            o.set("OutputPath", common.outputPath.map(nullablePath))
            o.set("Output", common.output.map(template))
            o.set("Assign", common.assign.map(template))
            transition(&o, p.transition)
        case .choice(let c):
            o.set("InputPath", common.inputPath.map(nullablePath))
            o["Choices"] = .array(c.choices.map(rule))
            o.set("Default", c.default.map(JSONValue.string))
            o.set("OutputPath", common.outputPath.map(nullablePath))
            o.set("Output", common.output.map(template))
            o.set("Assign", common.assign.map(template))
        case .wait(let w):
            o.set("InputPath", common.inputPath.map(nullablePath))
            switch w.duration {
            case .seconds(let s): o["Seconds"] = dynamic(s)
            case .secondsPath(let p): o["SecondsPath"] = .string(p.source)
            case .timestamp(let t): o["Timestamp"] = dynamic(t)
            case .timestampPath(let p): o["TimestampPath"] = .string(p.source)
            }
            o.set("OutputPath", common.outputPath.map(nullablePath))
            o.set("Output", common.output.map(template))
            o.set("Assign", common.assign.map(template))
            transition(&o, w.transition)
        case .succeed:
            o.set("InputPath", common.inputPath.map(nullablePath))
            o.set("OutputPath", common.outputPath.map(nullablePath))
            o.set("Output", common.output.map(template))
        case .fail(let f):
            o.set("Error", f.error.map(dynamic))
            o.set("ErrorPath", f.errorPath.map { .string($0.source) })
            o.set("Cause", f.cause.map(dynamic))
            o.set("CausePath", f.causePath.map { .string($0.source) })
        case .parallel(let p):
            o.set("InputPath", common.inputPath.map(nullablePath))
            o.set("Parameters", p.parameters.map(template))
            o.set("Arguments", p.arguments.map(template))
            o["Branches"] = .array(p.branches.map { graph($0, config: nil) })
            o.set("ResultSelector", p.resultSelector.map(template))
            o.set("ResultPath", p.resultPath.map(nullablePath))
            o.set("OutputPath", common.outputPath.map(nullablePath))
            o.set("Output", common.output.map(template))
            o.set("Assign", common.assign.map(template))
            errorHandling(&o, p.retry, p.catch)
            transition(&o, p.transition)
        case .map(let m):
            o.set("InputPath", common.inputPath.map(nullablePath))
            o.set("ItemReader", m.itemReader.map(itemReader))
            o.set("ItemsPath", m.itemsPath.map { .string($0.source) })
            o.set("Items", m.items.map(template))
            o.set("ItemSelector", m.itemSelector.map(template))
            o.set("Parameters", m.parameters.map(template))
            o.set("ItemBatcher", m.itemBatcher.map(itemBatcher))
            o.set("MaxConcurrency", m.maxConcurrency.map(dynamic))
            o.set("MaxConcurrencyPath", m.maxConcurrencyPath.map { .string($0.source) })
            o.set("ToleratedFailureCount", m.toleratedFailureCount.map(dynamic))
            o.set("ToleratedFailureCountPath", m.toleratedFailureCountPath.map { .string($0.source) })
            o.set("ToleratedFailurePercentage", m.toleratedFailurePercentage.map(dynamic))
            o.set("ToleratedFailurePercentagePath", m.toleratedFailurePercentagePath.map { .string($0.source) })
            o.set("Label", m.label.map(JSONValue.string))
            let processor = graph(m.itemProcessor.graph, config: m.itemProcessor.config)
            o[m.itemProcessor.isLegacyIterator ? "Iterator" : "ItemProcessor"] = processor
            o.set("ResultWriter", m.resultWriter.map(resultWriter))
            o.set("ResultSelector", m.resultSelector.map(template))
            o.set("ResultPath", m.resultPath.map(nullablePath))
            o.set("OutputPath", common.outputPath.map(nullablePath))
            o.set("Output", common.output.map(template))
            o.set("Assign", common.assign.map(template))
            errorHandling(&o, m.retry, m.catch)
            transition(&o, m.transition)
        }
        return .object(o)
    }

    /// A payload template as JSON: `.$` keys for paths and intrinsic calls, `{% %}` for expressions.
    public func template(_ t: PayloadTemplate) -> JSONValue {
        switch t {
        case .literal(let v): return v
        case .path(let p): return .string(p.source)
        case .intrinsic(let f): return .string(f.source)
        case .expression(let e): return .string(e.delimited)
        case .array(let items): return .array(items.map(template))
        case .object(let fields):
            var o = JSONObject(minimumCapacity: fields.count)
            for f in fields {
                let key = f.value.needsDollarSuffix ? f.name + ".$" : f.name
                o[key] = template(f.value)
            }
            return .object(o)
        }
    }

    // MARK: Parts

    private func states(_ list: StateList) -> JSONValue {
        var o = JSONObject(minimumCapacity: list.count)
        for entry in list { o[entry.name] = json(entry.state) }
        return .object(o)
    }

    private func graph(_ g: StateGraph, config: ProcessorConfig?) -> JSONValue {
        var o = JSONObject()
        o.set("Comment", g.comment.map(JSONValue.string))
        if let config {
            var c = JSONObject()
            c.set("Mode", config.mode.map { .string($0.rawValue) })
            c.set("ExecutionType", config.executionType.map { .string($0.rawValue) })
            o["ProcessorConfig"] = .object(c)
        }
        o["StartAt"] = .string(g.startAt)
        o["States"] = states(g.states)
        return .object(o)
    }

    private func nullablePath(_ p: NullablePath) -> JSONValue {
        switch p {
        case .null: return .null
        case .path(let path): return .string(path.source)
        }
    }

    /// A dynamic field: its literal as `literal` writes it, an expression as `{% %}`, a placeholder as written.
    private func dynamic<V>(_ v: DynamicValue<V>, literal: (V) -> JSONValue) -> JSONValue {
        switch v {
        case .literal(let x): return literal(x)
        case .expression(let e): return .string(e.delimited)
        case .placeholder(let p): return .string(p)
        }
    }

    private func dynamic(_ v: DynamicValue<Int>) -> JSONValue { dynamic(v, literal: JSONValue.int) }
    private func dynamic(_ v: DynamicValue<String>) -> JSONValue { dynamic(v, literal: JSONValue.string) }
    private func dynamic(_ v: DynamicValue<Bool>) -> JSONValue { dynamic(v, literal: JSONValue.bool) }
    private func dynamic(_ v: DynamicValue<[String]>) -> JSONValue {
        dynamic(v) { .array($0.map(JSONValue.string)) }
    }
    private func dynamic(_ v: DynamicValue<Double>) -> JSONValue {
        dynamic(v) { .number($0.rounded() == $0 && abs($0) < 1e15 ? .int(Int64($0)) : .double($0)) }
    }

    private func transition(_ o: inout JSONObject, _ t: Transition) {
        switch t {
        case .next(let n): o["Next"] = .string(n)
        case .end: o["End"] = .bool(true)
        }
    }

    private func errorHandling(_ o: inout JSONObject, _ retry: [Retrier], _ catchers: [Catcher]) {
        if !retry.isEmpty { o["Retry"] = .array(retry.map(retrier)) }
        if !catchers.isEmpty { o["Catch"] = .array(catchers.map(catcher)) }
    }

    private func retrier(_ r: Retrier) -> JSONValue {
        var o = JSONObject()
        o["ErrorEquals"] = .array(r.errorEquals.map(JSONValue.string))
        o.set("Comment", r.comment.map(JSONValue.string))
        o.set("IntervalSeconds", r.intervalSeconds.map(JSONValue.int))
        o.set("MaxAttempts", r.maxAttempts.map(JSONValue.int))
        o.set("BackoffRate", r.backoffRate.map { dynamic(.literal($0)) })
        o.set("MaxDelaySeconds", r.maxDelaySeconds.map(JSONValue.int))
        o.set("JitterStrategy", r.jitterStrategy.map { .string($0.rawValue) })
        return .object(o)
    }

    private func catcher(_ c: Catcher) -> JSONValue {
        var o = JSONObject()
        o["ErrorEquals"] = .array(c.errorEquals.map(JSONValue.string))
        o.set("Comment", c.comment.map(JSONValue.string))
        o.set("ResultPath", c.resultPath.map(nullablePath))
        o.set("Output", c.output.map(template))
        o.set("Assign", c.assign.map(template))
        o["Next"] = .string(c.next)
        return .object(o)
    }

    private func rule(_ r: ChoiceRule) -> JSONValue {
        var o = JSONObject()
        o.set("Comment", r.comment.map(JSONValue.string))
        condition(r.condition, into: &o)
        o.set("Output", r.output.map(template))
        o.set("Assign", r.assign.map(template))
        o["Next"] = .string(r.next)
        return .object(o)
    }

    private func condition(_ c: Condition, into o: inout JSONObject) {
        switch c {
        case .and(let items): o["And"] = .array(items.map(conditionObject))
        case .or(let items): o["Or"] = .array(items.map(conditionObject))
        case .not(let inner): o["Not"] = conditionObject(inner)
        case .jsonata(let v): o["Condition"] = dynamic(v)
        case .commented(let comment, let inner):
            o["Comment"] = .string(comment)
            condition(inner, into: &o)
        case .comparison(let cmp):
            o["Variable"] = .string(cmp.variable.source)
            let key = cmp.operatorPlaceholder ?? cmp.op.rawValue
            switch cmp.operand {
            case .value(let v): o[key] = v
            case .path(let p): o[key] = .string(p.source)
            }
        }
    }

    private func conditionObject(_ c: Condition) -> JSONValue {
        var o = JSONObject()
        condition(c, into: &o)
        return .object(o)
    }

    private func itemReader(_ r: ItemReader) -> JSONValue {
        var o = JSONObject()
        o["Resource"] = .string(r.resource.arn)
        if let c = r.readerConfig {
            var co = JSONObject()
            co.set("InputType", c.inputType.map(JSONValue.string))
            co.set("CSVHeaderLocation", c.csvHeaderLocation.map(JSONValue.string))
            co.set("CSVHeaders", c.csvHeaders.map(dynamic))
            co.set("CSVDelimiter", c.csvDelimiter.map(JSONValue.string))
            co.set("ManifestType", c.manifestType.map(JSONValue.string))
            co.set("MaxItems", c.maxItems.map(dynamic))
            co.set("MaxItemsPath", c.maxItemsPath.map { .string($0.source) })
            o["ReaderConfig"] = .object(co)
        }
        o.set("Parameters", r.parameters.map(template))
        o.set("Arguments", r.arguments.map(template))
        return .object(o)
    }

    private func itemBatcher(_ b: ItemBatcher) -> JSONValue {
        var o = JSONObject()
        o.set("MaxItemsPerBatch", b.maxItemsPerBatch.map(dynamic))
        o.set("MaxItemsPerBatchPath", b.maxItemsPerBatchPath.map { .string($0.source) })
        o.set("MaxInputBytesPerBatch", b.maxInputBytesPerBatch.map(dynamic))
        o.set("MaxInputBytesPerBatchPath", b.maxInputBytesPerBatchPath.map { .string($0.source) })
        o.set("BatchInput", b.batchInput.map(template))
        return .object(o)
    }

    private func resultWriter(_ w: ResultWriter) -> JSONValue {
        var o = JSONObject()
        o.set("Resource", w.resource.map { .string($0.arn) })
        o.set("Parameters", w.parameters.map(template))
        o.set("Arguments", w.arguments.map(template))
        if let c = w.writerConfig {
            var co = JSONObject()
            co.set("OutputType", c.outputType.map(JSONValue.string))
            co.set("Transformation", c.transformation.map(JSONValue.string))
            o["WriterConfig"] = .object(co)
        }
        return .object(o)
    }
}

extension JSONObject {
    /// Sets `key` only when `value` is present (absent optional fields are not written).
    mutating func set(_ key: String, _ value: JSONValue?) {
        if let value { self[key] = value }
    }
}
