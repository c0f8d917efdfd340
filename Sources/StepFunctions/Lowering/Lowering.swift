/// Turns the DSL's nodes into the model: links each block's states (`Next`/`End`), places inline and
/// handler blocks, parses paths, intrinsic calls and expressions, and records where in the Swift
/// source every state and field was written.
///
/// Problems the Swift compiler cannot see while the DSL is written (an unparsable path, a sub-second
/// duration, a name used twice in one graph) become diagnostics; the rest is the validator's job.
struct Lowering {
    /// The state machine's default query language.
    let defaultLanguage: QueryLanguage
    /// Where each recorded field path was written.
    var sourceMap = SourceMap()
    /// Problems found while lowering, with their Swift locations.
    var diagnostics: [Diagnostic] = []
    /// Graphs from which a state was dropped (a repeated name), whose shape the validator may misjudge.
    var incompleteGraphs: Set<FieldPath> = []

    init(defaultLanguage: QueryLanguage) { self.defaultLanguage = defaultLanguage }

    // MARK: Reporting

    /// Reports an error at `path`, located at the nearest recorded field.
    mutating func error(_ code: DiagnosticCode, _ message: String, at path: FieldPath) {
        diagnostics.append(Diagnostic(.error, code, message, at: path, location: sourceMap.location(for: path)))
    }

    /// Reports a warning at `path`.
    mutating func warning(_ code: DiagnosticCode, _ message: String, at path: FieldPath) {
        diagnostics.append(Diagnostic(.warning, code, message, at: path, location: sourceMap.location(for: path)))
    }

    // MARK: Graphs

    /// Lowers one graph: the main block, then inline blocks, then `handlers`.
    mutating func graph(
        _ main: [StateNode], handlers: [StateNode] = [], comment: String? = nil, at path: FieldPath, what: String
    ) -> StateGraph {
        var list = StateList()
        var seen: [String: DiagnosticLocation] = [:]
        guard let first = main.first else {
            error(.emptyBlock, "\(what) has no states; write at least one state in its block", at: path)
            return StateGraph(comment: comment, startAt: "", states: list)
        }
        append(main, at: path, into: &list, seen: &seen)
        append(handlers, at: path, into: &list, seen: &seen)
        return StateGraph(comment: comment, startAt: first.name, states: list)
    }

    /// Appends a block's states, linked in sequence, then (recursively) the blocks they declare inline.
    private mutating func append(
        _ block: [StateNode], at graphPath: FieldPath, into list: inout StateList, seen: inout [String: DiagnosticLocation]
    ) {
        var attached: [[StateNode]] = []
        for (i, node) in block.enumerated() {
            let transition: Transition
            if let explicit = node.explicitTransition {
                transition = explicit
            } else if i + 1 < block.count {
                transition = .next(block[i + 1].name)
            } else {
                transition = .end
            }
            let statePath = graphPath.appending("States").appending(node.name)
            if let earlier = seen[node.name] {
                diagnostics.append(
                    Diagnostic(
                        .error, .duplicateStateName,
                        "state name '\(node.name)' is declared twice in this graph (first at \(earlier)); all states "
                            + "must have unique names", at: statePath, location: node.location))
                incompleteGraphs.insert(graphPath)
                continue
            }
            seen[node.name] = node.location
            list[node.name] = state(node, at: statePath, transition: transition)
            attached += node.attachedBlocks
        }
        for block in attached { append(block, at: graphPath, into: &list, seen: &seen) }
    }

    // MARK: States

    /// Lowers one state; `transition` applies to the kinds that have `Next`/`End`.
    mutating func state(_ node: StateNode, at path: FieldPath, transition: Transition) -> State {
        sourceMap.record(path, node.location)
        for (field, location) in node.fieldLocations { sourceMap.record(path.appending(field), location) }
        let f = node.fields
        let language = f.queryLanguage ?? defaultLanguage
        var common = CommonFields(comment: f.comment, queryLanguage: f.queryLanguage)
        common.inputPath = nullablePath(f.inputPath, at: path.appending("InputPath"))
        common.outputPath = nullablePath(f.outputPath, at: path.appending("OutputPath"))
        common.output = template(f.output, at: path.appending("Output"), language)
        common.assign = template(f.assign, at: path.appending("Assign"), language)

        switch node.kind {
        case .task(let spec):
            return .task(task(spec, f, common, at: path, language, transition))
        case .pass:
            return .pass(
                PassState(
                    common: common, parameters: template(f.parameters, at: path.appending("Parameters"), language),
                    result: f.result, resultPath: nullablePath(f.resultPath, at: path.appending("ResultPath")),
                    transition: transition))
        case .choice(let entries):
            return .choice(choice(entries, common, at: path, language))
        case .wait(let spec):
            return .wait(WaitState(common: common, duration: wait(spec, at: path), transition: transition))
        case .succeed:
            return .succeed(SucceedState(common: common))
        case .fail:
            var fail = FailState(common: common)
            (fail.error, fail.errorPath) = text(f.error, at: path, field: "Error")
            (fail.cause, fail.causePath) = text(f.cause, at: path, field: "Cause")
            return .fail(fail)
        case .parallel(let branches):
            var graphs: [StateGraph] = []
            for (i, b) in branches.enumerated() {
                let branchPath = path.appending("Branches").appending(i)
                sourceMap.record(branchPath, b.location)
                graphs.append(
                    graph(
                        b.states, comment: b.comment, at: branchPath,
                        what: "branch \(i) of Parallel state '\(node.name)'"))
            }
            if branches.isEmpty {
                error(.emptyBlock, "Parallel state '\(node.name)' has no branches; add at least one Branch", at: path)
            }
            return .parallel(
                ParallelState(
                    common: common, branches: graphs,
                    parameters: template(f.parameters, at: path.appending("Parameters"), language),
                    arguments: template(f.arguments, at: path.appending("Arguments"), language),
                    resultSelector: template(f.resultSelector, at: path.appending("ResultSelector"), language),
                    resultPath: nullablePath(f.resultPath, at: path.appending("ResultPath")),
                    retry: retriers(f.retry, at: path), catch: catchers(f.catchers, at: path, language),
                    transition: transition))
        case .map(let processor):
            return .map(map(processor, node.name, f, common, at: path, language, transition))
        }
    }

    private mutating func task(
        _ spec: StateNode.TaskSpec, _ f: StateFields, _ common: CommonFields, at path: FieldPath,
        _ language: QueryLanguage, _ transition: Transition
    ) -> TaskState {
        var arn = spec.resource
        if spec.pattern != .requestResponse {
            if spec.acceptsPattern {
                arn = TaskResource.IntegrationPattern.allCases.reduce(arn) { text, p in
                    p == .requestResponse || !text.hasSuffix(p.rawValue)
                        ? text : String(text.dropLast(p.rawValue.count))
                }
                arn += spec.pattern.rawValue
            } else {
                error(
                    .invalidResource,
                    "'\(spec.pattern.rawValue)' needs a service integration resource, but '\(arn)' is called directly; "
                        + "use LambdaInvoke(_:function:) (arn:aws:states:::lambda:invoke) for callbacks",
                    at: path.appending("Resource"))
            }
        }
        var parameters = f.parameters
        var arguments = f.arguments
        if let request = spec.request {
            if language == .jsonPath {
                parameters = merged(request, parameters)
            } else {
                arguments = merged(request, arguments)
            }
        }
        var timeout: (DynamicValue<Int>?, JSONPath?) = (nil, nil)
        if let t = f.timeout { timeout = seconds(t, at: path, field: "TimeoutSeconds") }
        var heartbeat: (DynamicValue<Int>?, JSONPath?) = (nil, nil)
        if let h = f.heartbeat { heartbeat = seconds(h, at: path, field: "HeartbeatSeconds") }
        return TaskState(
            common: common, resource: TaskResource(arn),
            parameters: template(parameters, at: path.appending("Parameters"), language),
            arguments: template(arguments, at: path.appending("Arguments"), language),
            resultSelector: template(f.resultSelector, at: path.appending("ResultSelector"), language),
            resultPath: nullablePath(f.resultPath, at: path.appending("ResultPath")),
            timeoutSeconds: timeout.0, timeoutSecondsPath: timeout.1,
            heartbeatSeconds: heartbeat.0, heartbeatSecondsPath: heartbeat.1,
            credentials: template(f.credentials, at: path.appending("Credentials"), language),
            retry: retriers(f.retry, at: path), catch: catchers(f.catchers, at: path, language), transition: transition)
    }

    /// A service task's request with the state's own `.parameters`/`.arguments` members merged in
    /// (a member of the same name replaces the request's).
    private func merged(_ request: Payload, _ extra: Payload?) -> Payload {
        guard let extra else { return request }
        guard case .object(var members) = request.node, case .object(let more) = extra.node else { return extra }
        for m in more {
            if let i = members.firstIndex(where: { $0.key == m.key }) {
                members[i] = m
            } else {
                members.append(m)
            }
        }
        return Payload(.object(members))
    }

    private mutating func choice(
        _ entries: [ChoiceEntry], _ common: CommonFields, at path: FieldPath, _ language: QueryLanguage
    ) -> ChoiceState {
        var rules: [ChoiceRule] = []
        var defaultTarget: String?
        var defaults = 0
        for entry in entries {
            guard let condition = entry.condition else {
                defaults += 1
                sourceMap.record(path.appending("Default"), entry.location)
                if defaults > 1 {
                    diagnostics.append(
                        Diagnostic(
                            .error, .conflictingFields,
                            "a Choice has one default, but this one has \(defaults) Otherwise entries",
                            at: path.appending("Default"), location: entry.location))
                }
                defaultTarget = target(entry.target, at: path.appending("Default"), what: "the Otherwise block")
                continue
            }
            let rulePath = path.appending("Choices").appending(rules.count)
            sourceMap.record(rulePath, entry.location)
            rules.append(
                ChoiceRule(
                    condition: self.condition(condition, at: rulePath, language),
                    next: target(entry.target, at: rulePath.appending("Next"), what: "the rule's inline block"),
                    assign: template(entry.assign, at: rulePath.appending("Assign"), language),
                    output: template(entry.output, at: rulePath.appending("Output"), language), comment: entry.comment))
        }
        return ChoiceState(common: common, choices: rules, default: defaultTarget)
    }

    /// A rule's or catcher's target; an empty inline block is reported.
    private mutating func target(_ name: String?, at path: FieldPath, what: String) -> String {
        guard let name else {
            error(.emptyBlock, "\(what) has no states; write at least one state in it", at: path)
            return ""
        }
        return name
    }

    private mutating func condition(_ c: ChoiceCondition, at path: FieldPath, _ language: QueryLanguage) -> Condition {
        switch c.node {
        case .and(let items): return .and(items.map { condition($0, at: path, language) })
        case .or(let items): return .or(items.map { condition($0, at: path, language) })
        case .not(let inner): return .not(condition(inner, at: path, language))
        case .commented(let text, let inner): return .commented(comment: text, condition(inner, at: path, language))
        case .literal(let b): return .jsonata(.literal(b))
        case .jsonata(let source):
            if language == .jsonPath {
                error(
                    .queryLanguageField,
                    "a JSONata condition needs a JSONata state; set .queryLanguage(.jsonata) on the Choice or the "
                        + "state machine, or compare a Variable", at: path.appending("Condition"))
            }
            return .jsonata(.expression(.spaced(source)))
        case .comparison(let variable, let op, let operand):
            if language == .jsonata {
                error(
                    .queryLanguageField,
                    "'\(op.rawValue)' compares a JSONPath Variable, which JSONata states do not have; write "
                        + ".jsonata(\"...\") instead", at: path.appending("Variable"))
            }
            let v = jsonPath(variable, at: path.appending("Variable")) ?? .input
            let rhs: Comparison.Operand
            switch operand {
            case .value(let value): rhs = .value(value)
            case .path(let text): rhs = .path(jsonPath(text, at: path.appending(op.rawValue)) ?? .input)
            }
            return .comparison(Comparison(variable: v, op: op, operand: rhs))
        }
    }

    private mutating func wait(_ spec: StateNode.WaitSpec, at path: FieldPath) -> WaitDuration {
        switch spec {
        case .seconds(let d): return .seconds(.literal(wholeSeconds(d, at: path.appending("Seconds"))))
        case .secondsExpression(let e): return .seconds(.expression(JSONataExpression(e)))
        case .secondsPath(let p): return .secondsPath(jsonPath(p, at: path.appending("SecondsPath")) ?? .input)
        case .timestamp(let t): return .timestamp(Placeholder.name(in: t) != nil ? .placeholder(t) : .literal(t))
        case .timestampExpression(let e): return .timestamp(.expression(JSONataExpression(e)))
        case .timestampPath(let p): return .timestampPath(jsonPath(p, at: path.appending("TimestampPath")) ?? .input)
        }
    }

    private mutating func map(
        _ processor: [StateNode], _ name: String, _ f: StateFields, _ common: CommonFields, at path: FieldPath,
        _ language: QueryLanguage, _ transition: Transition
    ) -> MapState {
        let processorPath = path.appending(f.legacyIterator ? "Iterator" : "ItemProcessor")
        let graph = graph(
            processor, comment: f.processorComment, at: processorPath, what: "the item processor of Map state '\(name)'"
        )
        var m = MapState(
            common: common,
            itemProcessor: ItemProcessor(isLegacyIterator: f.legacyIterator, config: f.processorConfig, graph: graph),
            transition: transition)
        m.itemsPath = f.itemsPath.flatMap { jsonPath($0, at: path.appending("ItemsPath")) }
        m.items = template(f.items, at: path.appending("Items"), language)
        m.itemSelector = template(f.itemSelector, at: path.appending("ItemSelector"), language)
        m.parameters = template(f.parameters, at: path.appending("Parameters"), language)
        m.resultSelector = template(f.resultSelector, at: path.appending("ResultSelector"), language)
        m.resultPath = nullablePath(f.resultPath, at: path.appending("ResultPath"))
        (m.maxConcurrency, m.maxConcurrencyPath) = count(f.maxConcurrency, at: path, field: "MaxConcurrency")
        (m.toleratedFailureCount, m.toleratedFailureCountPath) = count(
            f.toleratedFailureCount, at: path, field: "ToleratedFailureCount")
        switch f.toleratedFailurePercentage {
        case .literal(let d): m.toleratedFailurePercentage = .literal(d)
        case .expression(let e): m.toleratedFailurePercentage = .expression(JSONataExpression(e))
        case .path(let p):
            m.toleratedFailurePercentagePath = jsonPath(p, at: path.appending("ToleratedFailurePercentagePath"))
        case nil: break
        }
        m.label = f.label
        if let r = f.itemReader {
            let readerPath = path.appending("ItemReader")
            var reader = ItemReader(
                resource: TaskResource(r.resource),
                parameters: template(r.parameters, at: readerPath.appending("Parameters"), language),
                arguments: template(r.arguments, at: readerPath.appending("Arguments"), language))
            if let c = r.readerConfig {
                var config = ReaderConfig(
                    inputType: c.inputType, csvHeaderLocation: c.csvHeaderLocation,
                    csvHeaders: c.csvHeaders, csvDelimiter: c.csvDelimiter,
                    manifestType: c.manifestType)
                (config.maxItems, config.maxItemsPath) = count(
                    c.maxItems, at: readerPath.appending("ReaderConfig"), field: "MaxItems")
                reader.readerConfig = config
            }
            m.itemReader = reader
        }
        if let b = f.itemBatcher {
            let batcherPath = path.appending("ItemBatcher")
            var batcher = ItemBatcher(
                batchInput: template(b.batchInput, at: batcherPath.appending("BatchInput"), language))
            (batcher.maxItemsPerBatch, batcher.maxItemsPerBatchPath) = count(
                b.maxItemsPerBatch, at: batcherPath, field: "MaxItemsPerBatch")
            (batcher.maxInputBytesPerBatch, batcher.maxInputBytesPerBatchPath) = count(
                b.maxInputBytesPerBatch, at: batcherPath, field: "MaxInputBytesPerBatch")
            m.itemBatcher = batcher
        }
        if let w = f.resultWriter {
            let writerPath = path.appending("ResultWriter")
            m.resultWriter = ResultWriter(
                resource: w.resource.map(TaskResource.init),
                parameters: template(w.parameters, at: writerPath.appending("Parameters"), language),
                arguments: template(w.arguments, at: writerPath.appending("Arguments"), language),
                writerConfig: w.writerConfig)
        }
        m.retry = retriers(f.retry, at: path)
        m.catch = catchers(f.catchers, at: path, language)
        return m
    }

    // MARK: Error handling

    private mutating func retriers(_ specs: [RetrySpec], at path: FieldPath) -> [Retrier] {
        specs.enumerated().map { i, r in
            let p = path.appending("Retry").appending(i)
            return Retrier(
                errorEquals: r.errors.map(\.rawValue),
                intervalSeconds: r.interval.map { wholeSeconds($0, at: p.appending("IntervalSeconds")) },
                maxAttempts: r.maxAttempts, backoffRate: r.backoffRate,
                maxDelaySeconds: r.maxDelay.map { wholeSeconds($0, at: p.appending("MaxDelaySeconds")) },
                jitterStrategy: r.jitter, comment: r.comment)
        }
    }

    private mutating func catchers(_ specs: [CatchSpec], at path: FieldPath, _ language: QueryLanguage) -> [Catcher] {
        specs.enumerated().map { i, c in
            let p = path.appending("Catch").appending(i)
            return Catcher(
                errorEquals: c.errors.map(\.rawValue),
                next: target(c.target, at: p.appending("Next"), what: "the Catch's inline handler block"),
                resultPath: nullablePath(c.resultPath, at: p.appending("ResultPath")),
                output: template(c.output, at: p.appending("Output"), language),
                assign: template(c.assign, at: p.appending("Assign"), language), comment: c.comment)
        }
    }

    // MARK: Values

    /// A parsed JSONPath, or `nil` with a diagnostic.
    mutating func jsonPath(_ text: String, at path: FieldPath) -> JSONPath? {
        do {
            return try JSONPath(parsing: text)
        } catch {
            self.error(.invalidPath, "'\(text)' is not a valid JSONPath: \(error)", at: path)
            return nil
        }
    }

    private mutating func nullablePath(_ value: PathOrNull?, at path: FieldPath) -> NullablePath? {
        guard let value else { return nil }
        guard let text = value.path else { return .null }
        return jsonPath(text, at: path).map(NullablePath.path)
    }

    /// Whole seconds of a duration; a fraction or a negative value is reported.
    private mutating func wholeSeconds(_ duration: Duration, at path: FieldPath) -> Int {
        let (seconds, attoseconds) = duration.components
        if attoseconds != 0 {
            error(
                .subSecondDuration,
                "\(path.lastKey ?? "this field") is \(duration), but Step Functions counts whole seconds; "
                    + "use a whole number of seconds", at: path)
        } else if seconds < 0 {
            error(.subSecondDuration, "\(path.lastKey ?? "this field") is \(duration); it cannot be negative", at: path)
        }
        return Int(seconds)
    }

    private mutating func seconds(_ spec: SecondsSpec, at path: FieldPath, field: String) -> (
        DynamicValue<Int>?, JSONPath?
    ) {
        switch spec {
        case .duration(let d): return (.literal(wholeSeconds(d, at: path.appending(field))), nil)
        case .expression(let e): return (.expression(JSONataExpression(e)), nil)
        case .path(let p): return (nil, jsonPath(p, at: path.appending(field + "Path")))
        }
    }

    private mutating func count(_ spec: CountSpec?, at path: FieldPath, field: String) -> (
        DynamicValue<Int>?, JSONPath?
    ) {
        switch spec {
        case .literal(let n): return (.literal(n), nil)
        case .expression(let e): return (.expression(JSONataExpression(e)), nil)
        case .placeholder(let p): return (.placeholder(p), nil)
        case .path(let p): return (nil, jsonPath(p, at: path.appending(field + "Path")))
        case nil: return (nil, nil)
        }
    }

    /// A Fail state's `Error`/`Cause` and `ErrorPath`/`CausePath`.
    private mutating func text(
        _ spec: TextSpec?, at path: FieldPath, field: String
    ) -> (DynamicValue<String>?, PathOrIntrinsic?) {
        switch spec {
        case .literal(let s): return (Placeholder.name(in: s) != nil ? .placeholder(s) : .literal(s), nil)
        case .expression(let e): return (.expression(JSONataExpression(e)), nil)
        case .path(let p):
            do {
                return (nil, try PathOrIntrinsic(parsing: p))
            } catch {
                self.error(
                    .invalidPath, "'\(p)' is not a valid path or intrinsic call: \(error)",
                    at: path.appending(field + "Path"))
                return (nil, nil)
            }
        case nil: return (nil, nil)
        }
    }
}

extension DiagnosticCode {
    /// A block (a state machine body, a branch, a Map processor, an inline handler) has no states.
    public static let emptyBlock: DiagnosticCode = "empty-block"
    /// A duration has a fractional or negative number of seconds.
    public static let subSecondDuration: DiagnosticCode = "sub-second-duration"
    /// A payload member's key ends in `.$`: write the value as `.path(...)` or an intrinsic instead.
    public static let dollarKey: DiagnosticCode = "dollar-key"
    /// A case of a `CaseIterable` state-name type that no state declares.
    public static let undeclaredStateName: DiagnosticCode = "undeclared-state-name"
}
