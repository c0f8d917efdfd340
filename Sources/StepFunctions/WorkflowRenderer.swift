/// Renders the DSL's states as the ASL JSON they stand for: links each block's states (`Next`/`End`),
/// places inline and handler blocks, writes payloads for the state's query language, and records
/// where in the Swift source every state and field was written.
///
/// The JSON then goes through ``ASLReader`` like any `.asl.json` file (one conversion path, one set
/// of parsing rules), and the reader's and validator's diagnostics get Swift locations from the
/// ``SourceMap``. What only the DSL can see (an empty block, a JSONPath value in a JSONata state, a
/// state name used twice in one block) is reported here.
struct WorkflowRenderer {
    /// The state machine's default query language.
    let defaultLanguage: QueryLanguage
    /// Where each recorded field path was written.
    var sourceMap = SourceMap()
    /// Problems found while rendering, with their Swift locations.
    var diagnostics: [Diagnostic] = []
    /// Graphs from which a state was dropped (a repeated name), whose shape the validator may misjudge.
    var incompleteGraphs: Set<FieldPath> = []
    /// What every Task gets unless it sets the field itself.
    var taskDefaults: TaskDefaults?

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

    /// Writes one graph's `StartAt` and `States` into `object`: the main block, then inline blocks,
    /// then `handlers`.
    mutating func graph(
        _ main: [StateNode], handlers: [StateNode] = [], at path: FieldPath, what: String, into object: inout JSONObject
    ) {
        var states = JSONObject()
        var seen: [String: DiagnosticLocation] = [:]
        if main.isEmpty {
            error(
                .emptyBlock, "\(what) has no states; write at least one state in its block",
                at: path.appending("States"))
        }
        append(main, at: path, into: &states, seen: &seen)
        append(handlers, at: path, into: &states, seen: &seen)
        object["StartAt"] = .string(main.first?.name ?? "")
        object["States"] = .object(states)
    }

    /// Appends a block's states, linked in sequence, then (recursively) the blocks they declare inline.
    private mutating func append(
        _ block: [StateNode], at graphPath: FieldPath, into states: inout JSONObject,
        seen: inout [String: DiagnosticLocation]
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
            states[node.name] = .object(state(node, at: statePath, transition: transition))
            attached += node.attachedBlocks
        }
        for block in attached { append(block, at: graphPath, into: &states, seen: &seen) }
    }

    // MARK: States

    /// One state as ASL JSON; `transition` applies to the types that have `Next`/`End`.
    mutating func state(_ node: StateNode, at path: FieldPath, transition: Transition) -> JSONObject {
        var node = node
        taskDefaults?.apply(to: &node)
        sourceMap.record(path, node.location)
        for (field, location) in node.fieldLocations { sourceMap.record(path.appending(field), location) }
        for var problem in node.problems {
            problem.path = path.appending(problem.path)
            diagnostics.append(problem)
        }
        var language = defaultLanguage
        if let entry = node.fields.first(where: { $0.field == .queryLanguage }),
            case .json(.string(let raw)) = entry.content,
            let l = QueryLanguage(rawValue: raw)
        {
            language = l
        }
        var o = JSONObject()
        o["Type"] = .string(node.type.rawValue)
        for (field, content) in node.fields {
            o[field.rawValue] = render(content, at: path.appending(field.rawValue), language)
        }
        switch node.body {
        case .plain:
            break
        case .task(let spec):
            o["Resource"] = .string(resource(spec, at: path))
            if let request = spec.request {
                // The service helper's request, with the state's own Parameters/Arguments members merged in.
                let field: ASLField = language == .jsonPath ? .parameters : .arguments
                let own = node.fields.first { $0.field == field }.flatMap { entry -> Payload? in
                    if case .template(let p) = entry.content { return p }
                    return nil
                }
                o[field.rawValue] = template(merged(request, own), at: path.appending(field.rawValue), language)
            }
        case .choice(let entries):
            choice(entries, into: &o, at: path, language)
        case .parallel(let branches):
            if branches.isEmpty {
                error(
                    .emptyBlock, "Parallel state '\(node.name)' has no branches; add at least one Branch",
                    at: path.appending("Branches"))
            }
            var rendered: [JSONValue] = []
            for (i, b) in branches.enumerated() {
                let branchPath = path.appending("Branches").appending(i)
                sourceMap.record(branchPath, b.location)
                var g = JSONObject()
                if let comment = b.comment { g["Comment"] = .string(comment) }
                graph(b.states, at: branchPath, what: "branch \(i) of Parallel state '\(node.name)'", into: &g)
                rendered.append(.object(g))
            }
            o["Branches"] = .array(rendered)
        case .map(let body):
            let key = body.legacyIterator ? "Iterator" : "ItemProcessor"
            let processorPath = path.appending(key)
            var p = JSONObject()
            if let comment = body.comment { p["Comment"] = .string(comment) }
            if let config = body.config {
                p["ProcessorConfig"] = render(config, at: processorPath.appending("ProcessorConfig"), language)
            }
            graph(body.processor, at: processorPath, what: "the item processor of Map state '\(node.name)'", into: &p)
            o[key] = .object(p)
        }
        if StateType.chainable.contains(node.type) {
            switch transition {
            case .next(let name): o["Next"] = .string(name)
            case .end: o["End"] = .bool(true)
            }
        }
        return o
    }

    /// A Task's `Resource`, with the integration pattern the DSL asked for.
    private mutating func resource(_ spec: StateNode.TaskResourceSpec, at path: FieldPath) -> String {
        guard spec.pattern != .requestResponse else { return spec.resource }
        guard spec.acceptsPattern else {
            error(
                .invalidResource,
                "'\(spec.pattern.rawValue)' needs a service integration resource, but '\(spec.resource)' is called "
                    + "directly; use LambdaInvoke(_:function:) (arn:aws:states:::lambda:invoke) for callbacks",
                at: path.appending("Resource"))
            return spec.resource
        }
        let base = TaskResource.IntegrationPattern.allCases.reduce(spec.resource) { text, p in
            p == .requestResponse || !text.hasSuffix(p.rawValue) ? text : String(text.dropLast(p.rawValue.count))
        }
        return base + spec.pattern.rawValue
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

    // MARK: Choice

    private mutating func choice(
        _ entries: [ChoiceEntry], into o: inout JSONObject, at path: FieldPath, _ language: QueryLanguage
    ) {
        var rules: [JSONValue] = []
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
                if let target = target(entry.target, at: path.appending("Default"), what: "the Otherwise block") {
                    o["Default"] = .string(target)
                }
                continue
            }
            let rulePath = path.appending("Choices").appending(rules.count)
            sourceMap.record(rulePath, entry.location)
            var r = JSONObject()
            if let comment = entry.comment { r["Comment"] = .string(comment) }
            self.condition(condition, into: &r, at: rulePath, language)
            if let output = entry.output { r["Output"] = template(output, at: rulePath.appending("Output"), language) }
            if let assign = entry.assign { r["Assign"] = template(assign, at: rulePath.appending("Assign"), language) }
            if let next = target(entry.target, at: rulePath.appending("Next"), what: "the rule's inline block") {
                r["Next"] = .string(next)
            }
            rules.append(.object(r))
        }
        o["Choices"] = .array(rules)
    }

    /// A rule's target; an empty inline block is reported.
    private mutating func target(_ name: String?, at path: FieldPath, what: String) -> String? {
        if name == nil { error(.emptyBlock, "\(what) has no states; write at least one state in it", at: path) }
        return name
    }

    private mutating func condition(
        _ c: ChoiceCondition, into o: inout JSONObject, at path: FieldPath, _ language: QueryLanguage
    ) {
        func nested(_ inner: ChoiceCondition) -> JSONValue {
            var n = JSONObject()
            condition(inner, into: &n, at: path, language)
            return .object(n)
        }
        switch c.node {
        case .and(let items): o["And"] = .array(items.map(nested))
        case .or(let items): o["Or"] = .array(items.map(nested))
        case .not(let inner): o["Not"] = nested(inner)
        case .commented(let text, let inner):
            o["Comment"] = .string(text)
            condition(inner, into: &o, at: path, language)
        case .literal(let b): o["Condition"] = .bool(b)
        case .jsonata(let source):
            jsonataCondition(JSONataExpression.spaced(source), into: &o, at: path, language)
        case .expression(let expression):
            jsonataCondition(expression, into: &o, at: path, language)
        case .comparison(let variable, let op, let operand):
            if language == .jsonata {
                error(
                    .queryLanguageField,
                    "'\(op.rawValue)' compares a JSONPath Variable, which JSONata states do not have; write "
                        + ".jsonata(\"...\") instead", at: path.appending("Variable"))
            }
            o["Variable"] = .string(variable)
            switch operand {
            case .value(let value): o[op.rawValue] = value
            case .path(let text): o[op.rawValue] = .string(text)
            }
        }
    }

    /// A JSONata `Condition`; in a JSONPath state it is reported.
    private mutating func jsonataCondition(
        _ expression: JSONataExpression, into o: inout JSONObject, at path: FieldPath, _ language: QueryLanguage
    ) {
        if language == .jsonPath {
            error(
                .queryLanguageField,
                "a JSONata condition needs a JSONata state; set .queryLanguage(.jsonata) on the Choice or the "
                    + "state machine, or compare a Variable", at: path.appending("Condition"))
        }
        o["Condition"] = .string(expression.delimited)
    }

    // MARK: Values

    /// A field's content as JSON.
    mutating func render(_ content: FieldContent, at path: FieldPath, _ language: QueryLanguage) -> JSONValue {
        switch content {
        case .json(let value): return value
        case .template(let payload): return template(payload, at: path, language)
        case .array(let items):
            return .array(items.enumerated().map { render($0.element, at: path.appending($0.offset), language) })
        case .object(let members):
            var o = JSONObject(minimumCapacity: members.count)
            for m in members { o[m.key] = render(m.content, at: path.appending(m.key), language) }
            return .object(o)
        }
    }

    /// A payload as the JSON of a template field of a state using `language`.
    mutating func template(_ payload: Payload, at path: FieldPath, _ language: QueryLanguage) -> JSONValue {
        let (value, dynamic) = render(payload, at: path, language)
        if dynamic {
            error(
                .invalidValue,
                "\(path.lastKey ?? "this field") cannot be a bare path or intrinsic call; put it in an object "
                    + "member (e.g. [\"value\": .path(...)])", at: path)
        }
        return value
    }

    /// A payload as JSON, and whether it is a path or intrinsic call (written with a `.$` key suffix
    /// in JSONPath states). A value of the wrong query language is reported.
    private mutating func render(_ payload: Payload, at path: FieldPath, _ language: QueryLanguage) -> (JSONValue, Bool)
    {
        switch payload.node {
        case .literal(let value):
            if language == .jsonPath { checkDollarKeys(value, at: path) }
            return (value, false)
        case .object(let members):
            var o = JSONObject(minimumCapacity: members.count)
            for m in members {
                let memberPath = path.appending(m.key)
                if m.key.hasSuffix(".$") && language == .jsonPath {
                    error(
                        .dollarKey,
                        "key '\(m.key)' ends in '.$'; write the key without it and the value as .path(...) or an "
                            + "intrinsic call, and the suffix is added for you", at: memberPath)
                }
                let (value, dynamic) = render(m.value, at: memberPath, language)
                let key = dynamic ? m.key + ".$" : m.key
                if o[key] != nil || o[dynamic ? m.key : m.key + ".$"] != nil {
                    error(.invalidValue, "key '\(m.key)' appears twice in this object", at: memberPath)
                    continue
                }
                o[key] = value
            }
            return (.object(o), false)
        case .array(let items):
            var out: [JSONValue] = []
            for (i, item) in items.enumerated() {
                let (value, dynamic) = render(item, at: path.appending(i), language)
                if dynamic {
                    // JSONPath marks a dynamic value by its key's `.$`; an array element has no key.
                    error(
                        .invalidValue,
                        "a path or intrinsic call cannot be an array element (it would be written as a plain "
                            + "string); build the array with .array(...) (States.Array) or put it in an object member",
                        at: path.appending(i))
                }
                out.append(value)
            }
            return (.array(out), false)
        case .path(let text):
            guard language == .jsonPath else {
                error(
                    .queryLanguageField,
                    "'\(text)' is a JSONPath, but this is a JSONata state; write .jsonata(\"$states.input...\")",
                    at: path)
                return (.string(text), false)
            }
            return (.string(text), true)
        case .intrinsic(let text):
            guard language == .jsonPath else {
                error(
                    .queryLanguageField,
                    "intrinsic functions are JSONPath-only, but this is a JSONata state; use a JSONata function",
                    at: path)
                return (.string(text), false)
            }
            return (.string(text), true)
        case .jsonata(let source):
            let text = JSONataExpression.spaced(source).delimited
            if language != .jsonata {
                error(
                    .queryLanguageField,
                    "a JSONata expression needs a JSONata state; set .queryLanguage(.jsonata) on the state or the "
                        + "state machine, or use .path(...)", at: path)
            }
            return (.string(text), false)
        case .reference(let root, let keys):
            return language == .jsonPath
                ? (.string(root.jsonPath(keys)), true) : (.string("{% " + root.jsonata(keys) + " %}"), false)
        }
    }

    /// Reports object keys ending in `.$` in a literal of a JSONPath state (write `.path(...)` instead).
    private mutating func checkDollarKeys(_ value: JSONValue, at path: FieldPath) {
        switch value {
        case .object(let o):
            for (key, member) in o {
                if key.hasSuffix(".$") {
                    error(
                        .dollarKey,
                        "key '\(key)' ends in '.$'; write the key without it and the value as .path(...) or an "
                            + "intrinsic call, and the suffix is added for you", at: path.appending(key))
                }
                checkDollarKeys(member, at: path.appending(key))
            }
        case .array(let items):
            for (i, item) in items.enumerated() { checkDollarKeys(item, at: path.appending(i)) }
        default:
            break
        }
    }
}
