/// Reads Amazon States Language JSON into a ``StateMachineDefinition``.
///
/// Reading reports everything the model cannot hold (malformed JSON, unknown or missing fields,
/// wrong types, unparseable paths and intrinsic calls, conflicting fields) as ``Diagnostic``s with
/// the field's path and, for text input, its line and column. Semantic checks (transitions, query
/// language rules, ranges, resources) are the ``ASLValidator``'s; ``ASLCompiler`` runs both.
public struct ASLReader: Sendable {
    /// Reading options.
    public struct Options: Sendable {
        /// The file name put in diagnostics.
        public var fileName: String?
        /// The deepest JSON nesting accepted.
        public var maxDepth: Int

        /// Creates options.
        public init(fileName: String? = nil, maxDepth: Int = 512) {
            self.fileName = fileName
            self.maxDepth = maxDepth
        }
    }

    /// The options in use.
    public var options: Options

    /// Creates a reader.
    public init(options: Options = Options()) { self.options = options }

    /// The outcome of reading: a definition when the structure allowed one, and every diagnostic.
    public struct Result: Sendable {
        /// The definition, or `nil` when the JSON or its structure was too broken to build one.
        public var definition: StateMachineDefinition?
        /// Problems found, in document order, each with a location for text input.
        public var diagnostics: [Diagnostic]
        /// The parsed JSON.
        public var json: JSONValue?

        /// Whether any diagnostic is an error.
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
        /// Names of states that were reported and left out of ``definition``.
        var unreadableStates: Set<String> = []
    }

    /// Reads ASL JSON text.
    public func read(_ text: String) -> Result {
        let file = options.fileName ?? "<input>"
        let json: JSONValue
        do {
            json = try JSONParser(options: .init(maxDepth: options.maxDepth)).parse(text)
        } catch {
            let d = Diagnostic(
                .error, .jsonSyntax, "invalid JSON: \(error.message)", at: .root,
                location: DiagnosticLocation(file: file, line: error.position.line, column: error.position.column))
            return Result(definition: nil, diagnostics: [d], json: nil)
        }
        var result = read(json: json)
        if !result.diagnostics.isEmpty {
            result.diagnostics = ASLReader.locate(result.diagnostics, in: text, file: file, options: options)
        }
        return result
    }

    /// Reads an already parsed ASL document (diagnostics carry paths but no line numbers).
    public func read(json: JSONValue) -> Result {
        let context = ReadContext()
        let definition = context.readDefinition(json)
        var result = Result(definition: definition, diagnostics: context.diagnostics, json: json)
        result.unreadableStates = context.unreadableStates
        return result
    }

    /// Attaches line and column to diagnostics from the JSON text they were found in (the
    /// position of the field's key, or of the nearest enclosing field that exists).
    public static func locate(_ diagnostics: [Diagnostic], in text: String, file: String, options: Options = Options())
        -> [Diagnostic]
    {
        guard diagnostics.contains(where: { $0.location == nil }) else { return diagnostics }
        let locator = JSONLocator(text)
        return diagnostics.map { d in
            var d = d
            if d.location == nil, let pos = locator.position(of: d.path) {
                d.location = DiagnosticLocation(file: file, line: pos.line, column: pos.column)
            }
            return d
        }
    }
}

/// Field tables: which fields each part of a definition accepts (both query languages; the
/// validator enforces which language each belongs to).
enum ASLFields {
    static let top = ["Comment", "QueryLanguage", "StartAt", "States", "TimeoutSeconds", "Version"]
    static let common = ["Type", "Comment", "QueryLanguage"]
    static let perType: [StateType: [String]] = [
        .task: [
            "Resource", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch",
            "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials",
            "Assign", "Arguments", "Output", "Next", "End",
        ],
        .pass: ["InputPath", "OutputPath", "Parameters", "ResultPath", "Result", "Assign", "Output", "Next", "End"],
        .choice: ["Choices", "Default", "InputPath", "OutputPath", "Assign", "Output"],
        .wait: [
            "Seconds", "SecondsPath", "Timestamp", "TimestampPath", "InputPath", "OutputPath", "Assign", "Output", "Next",
            "End",
        ],
        .succeed: ["InputPath", "OutputPath", "Output"],
        .fail: ["Error", "ErrorPath", "Cause", "CausePath"],
        .parallel: [
            "Branches", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch",
            "Assign", "Arguments", "Output", "Next", "End",
        ],
        .map: [
            "ItemProcessor", "Iterator", "ItemsPath", "Items", "ItemSelector", "Parameters", "ItemReader", "ItemBatcher",
            "ResultWriter", "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailureCount", "ToleratedFailureCountPath",
            "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "Label", "InputPath", "OutputPath",
            "ResultPath", "ResultSelector", "Retry", "Catch", "Assign", "Output", "Next", "End",
        ],
    ]
    static let graph = ["Comment", "StartAt", "States"]
    /// The legacy `Iterator` accepts `ProcessorConfig` too (AWS-validated LocalStack templates use it).
    static let iterator = ["Comment", "ProcessorConfig", "StartAt", "States"]
    static let itemProcessor = ["Comment", "ProcessorConfig", "StartAt", "States"]
    static let processorConfig = ["Mode", "ExecutionType"]
    static let retrier = [
        "ErrorEquals", "Comment", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy",
    ]
    static let catcher = ["ErrorEquals", "Comment", "ResultPath", "Output", "Assign", "Next"]
    static let itemReader = ["Resource", "ReaderConfig", "Parameters", "Arguments"]
    static let readerConfig = [
        "InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "ManifestType", "MaxItems", "MaxItemsPath",
    ]
    static let itemBatcher = [
        "MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", "BatchInput",
    ]
    static let resultWriter = ["Resource", "Parameters", "Arguments", "WriterConfig"]
    static let writerConfig = ["OutputType", "Transformation"]
}

/// Collects diagnostics while walking the JSON.
final class ReadContext {
    var diagnostics: [Diagnostic] = []
    /// The machine's `QueryLanguage`, the default for states that do not set their own.
    var machineLanguage: QueryLanguage = .jsonPath
    /// Names of states too broken to read (already reported), so that the validator does not
    /// report transitions to them as undefined.
    var unreadableStates: Set<String> = []

    func error(_ code: DiagnosticCode, _ message: String, at path: FieldPath, aws: AWSWording? = nil) {
        diagnostics.append(Diagnostic(.error, code, message, at: path, aws: aws))
    }

    // MARK: Typed field access

    func describe(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return "the string \"\(s.count > 60 ? String(s.prefix(57)) + "..." : s)\""
        case .number(let n): return "the number \(n)"
        case .bool(let b): return "\(b)"
        case .null: return "null"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    func object(_ v: JSONValue, _ path: FieldPath, what: String) -> JSONObject? {
        if case .object(let o) = v { return o }
        error(.wrongType, "\(what) must be an object, but it is \(describe(v))", at: path)
        return nil
    }

    /// Reports fields of `object` not in `allowed`, suggesting the closest allowed name.
    func checkFields(_ object: JSONObject, allowed: [String], at path: FieldPath, in what: String) {
        for key in object.keys where !allowed.contains(key) {
            var message = "field '\(key)' is not supported in \(what)"
            if let suggestion = Suggestions.closest(to: key, in: allowed) {
                message += "; did you mean '\(suggestion)'?"
            }
            error(.unknownField, message, at: path.appending(key))
        }
    }

    func string(_ o: JSONObject, _ key: String, _ path: FieldPath) -> String? {
        guard let v = o[key] else { return nil }
        if case .string(let s) = v { return s }
        error(.wrongType, "'\(key)' must be a string, but it is \(describe(v))", at: path.appending(key))
        return nil
    }

    func int(_ o: JSONObject, _ key: String, _ path: FieldPath) -> Int? {
        guard let v = o[key] else { return nil }
        if case .number(let n) = v, n.isIntegral, let i = n.intValue { return i }
        error(.wrongType, "'\(key)' must be an integer, but it is \(describe(v))", at: path.appending(key))
        return nil
    }

    func double(_ o: JSONObject, _ key: String, _ path: FieldPath) -> Double? {
        guard let v = o[key] else { return nil }
        if case .number(let n) = v { return n.doubleValue }
        error(.wrongType, "'\(key)' must be a number, but it is \(describe(v))", at: path.appending(key))
        return nil
    }

    func stringArray(_ o: JSONObject, _ key: String, _ path: FieldPath) -> [String]? {
        guard let v = o[key] else { return nil }
        guard case .array(let items) = v else {
            error(.wrongType, "'\(key)' must be an array of strings, but it is \(describe(v))", at: path.appending(key))
            return nil
        }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            if case .string(let s) = item {
                out.append(s)
            } else {
                error(.wrongType, "'\(key)' must hold strings only, but item \(i) is \(describe(item))",
                    at: path.appending(key).appending(i))
            }
        }
        return out
    }

    func enumValue<E: RawRepresentable & CaseIterable>(_ o: JSONObject, _ key: String, _ path: FieldPath, _: E.Type)
        -> E? where E.RawValue == String
    {
        guard let s = string(o, key, path) else { return nil }
        if let e = E(rawValue: s) { return e }
        let allowed = E.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        error(.invalidValue, "'\(key)' is '\(s)', but it must be one of \(allowed)", at: path.appending(key))
        return nil
    }

    /// An integer field that may also hold a JSONata expression or a `${Name}` placeholder.
    func dynamicInt(_ o: JSONObject, _ key: String, _ path: FieldPath) -> DynamicValue<Int>? {
        guard let v = o[key] else { return nil }
        switch v {
        case .number(let n) where n.isIntegral && n.intValue != nil: return .literal(n.intValue!)
        case .string(let s):
            if let e = JSONataExpression(delimited: s) { return .expression(e) }
            if Placeholder.name(in: s) != nil { return .placeholder(s) }
        default: break
        }
        error(.wrongType, "'\(key)' must be an integer (or a {% %} JSONata expression in a JSONata state), "
            + "but it is \(describe(v))", at: path.appending(key))
        return nil
    }

    /// A number field that may also hold a JSONata expression or a `${Name}` placeholder.
    func dynamicDouble(_ o: JSONObject, _ key: String, _ path: FieldPath) -> DynamicValue<Double>? {
        guard let v = o[key] else { return nil }
        switch v {
        case .number(let n): return .literal(n.doubleValue)
        case .string(let s):
            if let e = JSONataExpression(delimited: s) { return .expression(e) }
            if Placeholder.name(in: s) != nil { return .placeholder(s) }
        default: break
        }
        error(.wrongType, "'\(key)' must be a number (or a {% %} JSONata expression in a JSONata state), "
            + "but it is \(describe(v))", at: path.appending(key))
        return nil
    }

    /// A string field that may hold a JSONata expression.
    func dynamicString(_ o: JSONObject, _ key: String, _ path: FieldPath) -> DynamicValue<String>? {
        guard let v = o[key] else { return nil }
        if case .string(let s) = v {
            if let e = JSONataExpression(delimited: s) { return .expression(e) }
            return .literal(s)
        }
        error(.wrongType, "'\(key)' must be a string, but it is \(describe(v))", at: path.appending(key))
        return nil
    }

    /// A JSONPath field.
    func path(_ o: JSONObject, _ key: String, _ at: FieldPath) -> JSONPath? {
        guard let s = string(o, key, at) else { return nil }
        return parsePath(s, at: at.appending(key), field: key)
    }

    func parsePath(_ s: String, at path: FieldPath, field: String) -> JSONPath? {
        if Placeholder.name(in: s) != nil {
            // A deployment fills in the path; keep the text.
            return JSONPath(source: s, root: .input, segments: [])
        }
        do {
            return try JSONPath(parsing: s)
        } catch {
            self.error(.invalidPath, "'\(field)' is not a valid JSONPath: '\(s)': \(error.description)", at: path)
            return nil
        }
    }

    /// `InputPath`, `OutputPath`, `ResultPath`: a path or `null`.
    func nullablePath(_ o: JSONObject, _ key: String, _ at: FieldPath) -> NullablePath? {
        guard let v = o[key] else { return nil }
        if case .null = v { return .null }
        guard let p = path(o, key, at) else { return nil }
        return .path(p)
    }

    /// A path or an intrinsic call (Fail `ErrorPath`/`CausePath`).
    func pathOrIntrinsic(_ o: JSONObject, _ key: String, _ at: FieldPath) -> PathOrIntrinsic? {
        guard let s = string(o, key, at) else { return nil }
        return parsePathOrIntrinsic(s, at: at.appending(key), field: key)
    }

    func parsePathOrIntrinsic(_ s: String, at path: FieldPath, field: String) -> PathOrIntrinsic? {
        if Placeholder.name(in: s) != nil {
            return .path(JSONPath(source: s, root: .input, segments: []))
        }
        do {
            return try PathOrIntrinsic(parsing: s)
        } catch {
            let code: DiagnosticCode = JSONPath.looksLikePath(s) ? .invalidPath : .invalidIntrinsic
            self.error(
                code,
                "the value for the field '\(field)' must be a valid JSONPath or a valid intrinsic function call: "
                    + "'\(s)': \(error.description)", at: path,
                aws: AWSWording(
                    "The value for the field '\(field)' must be a valid JSONPath or a valid intrinsic function call",
                    at: path.stateField))
            return nil
        }
    }

    // MARK: Templates

    /// A JSONPath-language template: `.$` keys hold paths or intrinsic calls.
    func jsonPathTemplate(_ v: JSONValue, at path: FieldPath) -> PayloadTemplate {
        switch v {
        case .object(let o):
            var fields: [PayloadTemplate.Field] = []
            fields.reserveCapacity(o.count)
            for (key, value) in o {
                if key.hasSuffix(".$") && key.count > 2 {
                    let name = String(key.dropLast(2))
                    guard case .string(let s) = value else {
                        error(
                            .wrongType,
                            "the value for the field '\(key)' must be a string holding a JSONPath or an intrinsic "
                                + "function call, but it is \(describe(value))", at: path.appending(key))
                        continue
                    }
                    if let parsed = parsePathOrIntrinsic(s, at: path.appending(key), field: key) {
                        switch parsed {
                        case .path(let p): fields.append(.init(name, .path(p)))
                        case .intrinsic(let f): fields.append(.init(name, .intrinsic(f)))
                        }
                    }
                } else {
                    fields.append(.init(key, jsonPathTemplate(value, at: path.appending(key))))
                }
            }
            return .makeObject(fields)
        case .array(let items):
            return .makeArray(items.enumerated().map { jsonPathTemplate($0.element, at: path.appending($0.offset)) })
        default:
            return .literal(v)
        }
    }

    /// A JSONata-language template: `"{% expr %}"` strings are expressions.
    func jsonataTemplate(_ v: JSONValue, at path: FieldPath) -> PayloadTemplate {
        switch v {
        case .string(let s):
            if let e = JSONataExpression(delimited: s) { return .expression(e) }
            return .literal(v)
        case .object(let o):
            var fields: [PayloadTemplate.Field] = []
            fields.reserveCapacity(o.count)
            for (key, value) in o { fields.append(.init(key, jsonataTemplate(value, at: path.appending(key)))) }
            return .makeObject(fields)
        case .array(let items):
            return .makeArray(items.enumerated().map { jsonataTemplate($0.element, at: path.appending($0.offset)) })
        default:
            return .literal(v)
        }
    }

    func template(_ o: JSONObject, _ key: String, _ at: FieldPath, language: QueryLanguage) -> PayloadTemplate? {
        guard let v = o[key] else { return nil }
        switch language {
        case .jsonPath: return jsonPathTemplate(v, at: at.appending(key))
        case .jsonata: return jsonataTemplate(v, at: at.appending(key))
        }
    }

    /// `Assign`: an object, in the state's query language.
    func assign(_ o: JSONObject, _ at: FieldPath, language: QueryLanguage) -> PayloadTemplate? {
        guard let v = o["Assign"] else { return nil }
        guard case .object = v else {
            error(.wrongType, "'Assign' must be an object of variable names and values, but it is \(describe(v))",
                at: at.appending("Assign"))
            return nil
        }
        return template(o, "Assign", at, language: language)
    }

    // MARK: Definition and graphs

    func readDefinition(_ json: JSONValue) -> StateMachineDefinition? {
        guard let o = object(json, .root, what: "a state machine definition") else { return nil }
        checkFields(o, allowed: ASLFields.top, at: .root, in: "the top level of a state machine")
        let comment = string(o, "Comment", .root)
        let language = enumValue(o, "QueryLanguage", .root, QueryLanguage.self)
        machineLanguage = language ?? .jsonPath
        let timeout = int(o, "TimeoutSeconds", .root)
        let version = string(o, "Version", .root)
        guard let (startAt, states) = readStatesAndStart(o, at: .root, what: "the state machine") else { return nil }
        return StateMachineDefinition(
            comment: comment, queryLanguage: language, startAt: startAt, states: states, timeoutSeconds: timeout,
            version: version)
    }

    func readStatesAndStart(_ o: JSONObject, at path: FieldPath, what: String) -> (String, StateList)? {
        let startAt = string(o, "StartAt", path)
        if o["StartAt"] == nil { error(.missingField, "\(what) needs 'StartAt', the name of its first state", at: path) }
        guard let statesValue = o["States"] else {
            error(.missingField, "\(what) needs 'States', an object of named states", at: path)
            return nil
        }
        guard let statesObject = object(statesValue, path.appending("States"), what: "'States'") else { return nil }
        if statesObject.isEmpty {
            error(.missingField, "'States' of \(what) is empty; it needs at least one state", at: path.appending("States"))
        }
        var list: [StateList.Entry] = []
        list.reserveCapacity(statesObject.count)
        for (name, value) in statesObject {
            if let state = readState(value, at: path.appending("States").appending(name), name: name) {
                list.append(.init(name, state))
            } else {
                unreadableStates.insert(name)
            }
        }
        guard let startAt else { return nil }
        return (startAt, StateList(list))
    }

    func readGraph(_ v: JSONValue, at path: FieldPath, what: String) -> StateGraph? {
        guard let o = object(v, path, what: what) else { return nil }
        checkFields(o, allowed: ASLFields.graph, at: path, in: what)
        let comment = string(o, "Comment", path)
        guard let (startAt, states) = readStatesAndStart(o, at: path, what: what) else { return nil }
        return StateGraph(comment: comment, startAt: startAt, states: states)
    }

    // MARK: States

    func readState(_ v: JSONValue, at path: FieldPath, name: String) -> State? {
        guard let o = object(v, path, what: "state '\(name)'") else { return nil }
        guard let typeValue = o["Type"] else {
            error(.missingField, "state '\(name)' needs a 'Type' (Task, Pass, Choice, Wait, Succeed, Fail, Parallel or Map)",
                at: path)
            return nil
        }
        guard case .string(let typeName) = typeValue else {
            error(.wrongType, "'Type' of state '\(name)' must be a string, but it is \(describe(typeValue))",
                at: path.appending("Type"))
            return nil
        }
        guard let type = StateType(rawValue: typeName) else {
            var message = "state '\(name)' has Type '\(typeName)', which is not one of Task, Pass, Choice, Wait, "
                + "Succeed, Fail, Parallel, Map"
            if let s = Suggestions.closest(to: typeName, in: StateType.allCases.map(\.rawValue)) {
                message += "; did you mean '\(s)'?"
            }
            error(.unknownStateType, message, at: path.appending("Type"))
            return nil
        }
        let allowed = ASLFields.common + (ASLFields.perType[type] ?? [])
        checkFields(o, allowed: allowed, at: path, in: "a \(typeName) state")

        let stateLanguage = enumValue(o, "QueryLanguage", path, QueryLanguage.self)
        let language = stateLanguage ?? machineLanguage
        var common = CommonFields(comment: string(o, "Comment", path), queryLanguage: stateLanguage)
        if type != .fail {
            common.inputPath = nullablePath(o, "InputPath", path)
            common.outputPath = nullablePath(o, "OutputPath", path)
            common.output = o["Output"].map { jsonataTemplate($0, at: path.appending("Output")) }
        }
        if type != .fail && type != .succeed { common.assign = assign(o, path, language: language) }

        switch type {
        case .task:
            guard let transition = transition(o, path, name: name) else { return nil }
            var resource = TaskResource("")
            if let r = string(o, "Resource", path) {
                resource = TaskResource(r)
            } else if o["Resource"] == nil {
                error(.missingField, "Task state '\(name)' needs a 'Resource'", at: path)
            }
            return .task(
                TaskState(
                    common: common, resource: resource,
                    parameters: template(o, "Parameters", path, language: .jsonPath),
                    arguments: template(o, "Arguments", path, language: .jsonata),
                    resultSelector: template(o, "ResultSelector", path, language: .jsonPath),
                    resultPath: nullablePath(o, "ResultPath", path),
                    timeoutSeconds: dynamicInt(o, "TimeoutSeconds", path),
                    timeoutSecondsPath: self.path(o, "TimeoutSecondsPath", path),
                    heartbeatSeconds: dynamicInt(o, "HeartbeatSeconds", path),
                    heartbeatSecondsPath: self.path(o, "HeartbeatSecondsPath", path),
                    credentials: credentials(o, path, language: language),
                    retry: retriers(o, path), catch: catchers(o, path, language: language), transition: transition))
        case .pass:
            guard let transition = transition(o, path, name: name) else { return nil }
            return .pass(
                PassState(
                    common: common, parameters: template(o, "Parameters", path, language: .jsonPath),
                    result: o["Result"], resultPath: nullablePath(o, "ResultPath", path), transition: transition))
        case .choice:
            return readChoice(o, path, name: name, common: common, language: language)
        case .wait:
            guard let transition = transition(o, path, name: name) else { return nil }
            let forms = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"].filter { o[$0] != nil }
            if forms.count != 1 {
                let message =
                    forms.isEmpty
                    ? "Wait state '\(name)' needs exactly one of Seconds, SecondsPath, Timestamp or TimestampPath"
                    : "Wait state '\(name)' has \(forms.joined(separator: " and ")); it needs exactly one of "
                        + "Seconds, SecondsPath, Timestamp or TimestampPath"
                error(forms.isEmpty ? .missingField : .conflictingFields, message,
                    at: forms.count > 1 ? path.appending(forms[1]) : path)
                return nil
            }
            let duration: WaitDuration
            switch forms[0] {
            case "Seconds":
                guard let s = dynamicInt(o, "Seconds", path) else { return nil }
                duration = .seconds(s)
            case "SecondsPath":
                guard let p = self.path(o, "SecondsPath", path) else { return nil }
                duration = .secondsPath(p)
            case "Timestamp":
                guard let s = dynamicString(o, "Timestamp", path) else { return nil }
                if case .literal(let text) = s, Placeholder.name(in: text) != nil {
                    duration = .timestamp(.placeholder(text))
                } else {
                    duration = .timestamp(s)
                }
            default:
                guard let p = self.path(o, "TimestampPath", path) else { return nil }
                duration = .timestampPath(p)
            }
            return .wait(WaitState(common: common, duration: duration, transition: transition))
        case .succeed:
            return .succeed(SucceedState(common: common))
        case .fail:
            return .fail(
                FailState(
                    common: common, error: dynamicString(o, "Error", path),
                    errorPath: pathOrIntrinsic(o, "ErrorPath", path), cause: dynamicString(o, "Cause", path),
                    causePath: pathOrIntrinsic(o, "CausePath", path)))
        case .parallel:
            guard let transition = transition(o, path, name: name) else { return nil }
            var branches: [StateGraph] = []
            if let b = o["Branches"] {
                if case .array(let items) = b {
                    for (i, item) in items.enumerated() {
                        if let g = readGraph(item, at: path.appending("Branches").appending(i),
                            what: "branch \(i) of Parallel state '\(name)'")
                        {
                            branches.append(g)
                        }
                    }
                    if items.isEmpty {
                        error(.missingField, "Parallel state '\(name)' needs at least one branch in 'Branches'",
                            at: path.appending("Branches"))
                    }
                } else {
                    error(.wrongType, "'Branches' must be an array of branches, but it is \(describe(b))",
                        at: path.appending("Branches"))
                }
            } else {
                error(.missingField, "Parallel state '\(name)' needs 'Branches'", at: path)
            }
            return .parallel(
                ParallelState(
                    common: common, branches: branches,
                    parameters: template(o, "Parameters", path, language: .jsonPath),
                    arguments: template(o, "Arguments", path, language: .jsonata),
                    resultSelector: template(o, "ResultSelector", path, language: .jsonPath),
                    resultPath: nullablePath(o, "ResultPath", path), retry: retriers(o, path),
                    catch: catchers(o, path, language: language), transition: transition))
        case .map:
            return readMap(o, path, name: name, common: common, language: language)
        }
    }

    func transition(_ o: JSONObject, _ path: FieldPath, name: String) -> Transition? {
        let next = string(o, "Next", path)
        var end = false
        if let v = o["End"] {
            if case .bool(let b) = v {
                end = b
            } else {
                error(.wrongType, "'End' must be true or false, but it is \(describe(v))", at: path.appending("End"))
            }
        }
        if let next, end {
            error(.invalidTransition, "state '\(name)' has both 'Next' (\"\(next)\") and 'End': true; keep one",
                at: path.appending("End"))
            return .next(next)
        }
        if let next { return .next(next) }
        if end { return .end }
        if o["Next"] == nil && o["End"].flatMap(\.boolValue) == nil && o["End"] != nil {
            return .end  // 'End' of the wrong type, already reported
        }
        if o["Next"] == nil {
            error(.invalidTransition, "state '\(name)' needs 'Next' (the state to go to) or 'End': true", at: path)
        }
        return .end
    }

    func credentials(_ o: JSONObject, _ path: FieldPath, language: QueryLanguage) -> PayloadTemplate? {
        guard let v = o["Credentials"] else { return nil }
        guard case .object = v else {
            error(.invalidCredentials, "'Credentials' must be an object with 'RoleArn', but it is \(describe(v))",
                at: path.appending("Credentials"))
            return nil
        }
        return template(o, "Credentials", path, language: language)
    }

    // MARK: Retry and Catch

    func errorEquals(_ o: JSONObject, _ path: FieldPath, what: String) -> [String] {
        guard let v = o["ErrorEquals"] else {
            error(.missingField, "\(what) needs 'ErrorEquals', a non-empty array of error names", at: path)
            return []
        }
        let names = stringArray(o, "ErrorEquals", path) ?? []
        // Items of the wrong type were reported; keep their text so the list is not taken for empty.
        if case .array(let items) = v, names.count < items.count {
            return items.map { $0.stringValue ?? JSONWriter.compact.string($0) }
        }
        return names
    }

    func retriers(_ o: JSONObject, _ path: FieldPath) -> [Retrier] {
        guard let v = o["Retry"] else { return [] }
        guard case .array(let items) = v else {
            error(.wrongType, "'Retry' must be an array of retriers, but it is \(describe(v))", at: path.appending("Retry"))
            return []
        }
        var out: [Retrier] = []
        for (i, item) in items.enumerated() {
            let p = path.appending("Retry").appending(i)
            guard let r = object(item, p, what: "a retrier") else { continue }
            checkFields(r, allowed: ASLFields.retrier, at: p, in: "a retrier")
            out.append(
                Retrier(
                    errorEquals: errorEquals(r, p, what: "a retrier"), intervalSeconds: int(r, "IntervalSeconds", p),
                    maxAttempts: int(r, "MaxAttempts", p), backoffRate: double(r, "BackoffRate", p),
                    maxDelaySeconds: int(r, "MaxDelaySeconds", p),
                    jitterStrategy: enumValue(r, "JitterStrategy", p, JitterStrategy.self), comment: string(r, "Comment", p)
                ))
        }
        return out
    }

    func catchers(_ o: JSONObject, _ path: FieldPath, language: QueryLanguage) -> [Catcher] {
        guard let v = o["Catch"] else { return [] }
        guard case .array(let items) = v else {
            error(.wrongType, "'Catch' must be an array of catchers, but it is \(describe(v))", at: path.appending("Catch"))
            return []
        }
        var out: [Catcher] = []
        for (i, item) in items.enumerated() {
            let p = path.appending("Catch").appending(i)
            guard let c = object(item, p, what: "a catcher") else { continue }
            checkFields(c, allowed: ASLFields.catcher, at: p, in: "a catcher")
            let next = string(c, "Next", p)
            if c["Next"] == nil { error(.missingField, "a catcher needs 'Next', the state to go to", at: p) }
            out.append(
                Catcher(
                    errorEquals: errorEquals(c, p, what: "a catcher"), next: next ?? "",
                    resultPath: nullablePath(c, "ResultPath", p),
                    output: c["Output"].map { jsonataTemplate($0, at: p.appending("Output")) },
                    assign: assign(c, p, language: language), comment: string(c, "Comment", p)))
        }
        return out
    }

    // MARK: Choice

    static let ruleFields = ["Variable", "And", "Or", "Not", "Condition", "Comment"]

    func readChoice(_ o: JSONObject, _ path: FieldPath, name: String, common: CommonFields, language: QueryLanguage)
        -> State?
    {
        var rules: [ChoiceRule] = []
        if let v = o["Choices"] {
            if case .array(let items) = v {
                if items.isEmpty {
                    error(.missingField, "Choice state '\(name)' needs at least one rule in 'Choices'",
                        at: path.appending("Choices"))
                }
                for (i, item) in items.enumerated() {
                    if let rule = readRule(item, at: path.appending("Choices").appending(i), language: language) {
                        rules.append(rule)
                    }
                }
            } else {
                error(.wrongType, "'Choices' must be an array of rules, but it is \(describe(v))",
                    at: path.appending("Choices"))
            }
        } else {
            error(.missingField, "Choice state '\(name)' needs 'Choices'", at: path)
        }
        return .choice(ChoiceState(common: common, choices: rules, default: string(o, "Default", path)))
    }

    func readRule(_ v: JSONValue, at path: FieldPath, language: QueryLanguage) -> ChoiceRule? {
        guard let o = object(v, path, what: "a choice rule") else { return nil }
        let next = string(o, "Next", path)
        if o["Next"] == nil { error(.missingField, "a choice rule needs 'Next', the state to go to", at: path) }
        guard let condition = readCondition(o, at: path, topLevel: true) else { return nil }
        return ChoiceRule(
            condition: condition, next: next ?? "", assign: assign(o, path, language: language),
            output: o["Output"].map { jsonataTemplate($0, at: path.appending("Output")) },
            comment: string(o, "Comment", path))
    }

    func readCondition(_ o: JSONObject, at path: FieldPath, topLevel: Bool) -> Condition? {
        let condition = readBareCondition(o, at: path, topLevel: topLevel)
        if !topLevel, let condition, let comment = string(o, "Comment", path) {
            return .commented(comment: comment, condition)
        }
        return condition
    }

    func readBareCondition(_ o: JSONObject, at path: FieldPath, topLevel: Bool) -> Condition? {
        let extra = topLevel ? ["Next", "Assign", "Output"] : []
        // A `${Name}` or `%Name%` key stands for an operator a template fills in.
        let operatorKeys = o.keys.filter { ComparisonOperator(rawValue: $0) != nil || ReadContext.isKeyPlaceholder($0) }
        let combinators = ["And", "Or", "Not", "Condition"].filter { o[$0] != nil }
        checkFields(
            o, allowed: ReadContext.ruleFields + extra + ComparisonOperator.allCases.map(\.rawValue) + operatorKeys,
            at: path, in: "a choice rule")
        if !operatorKeys.isEmpty && !combinators.isEmpty || combinators.count > 1 || operatorKeys.count > 1 {
            error(.conflictingFields,
                "a choice rule has \((combinators + operatorKeys).joined(separator: " and ")); it needs exactly one "
                    + "comparison, And, Or, Not or Condition", at: path)
            return nil
        }
        if let c = combinators.first {
            if o["Variable"] != nil {
                error(.unknownField, "'Variable' cannot be used with '\(c)'", at: path.appending("Variable"))
            }
            switch c {
            case "Condition":
                let v = o["Condition"]!
                switch v {
                case .bool(let b): return .jsonata(.literal(b))
                case .string(let s):
                    if let e = JSONataExpression(delimited: s) { return .jsonata(.expression(e)) }
                    if Placeholder.name(in: s) != nil { return .jsonata(.placeholder(s)) }
                default: break
                }
                error(.wrongType, "'Condition' must be a {% %} JSONata expression or a boolean, but it is \(describe(v))",
                    at: path.appending("Condition"))
                return nil
            case "Not":
                let p = path.appending("Not")
                guard let inner = object(o["Not"]!, p, what: "'Not'"), let cond = readCondition(inner, at: p, topLevel: false)
                else { return nil }
                return .not(cond)
            default:
                let p = path.appending(c)
                guard case .array(let items) = o[c]! else {
                    error(.wrongType, "'\(c)' must be an array of rules, but it is \(describe(o[c]!))", at: p)
                    return nil
                }
                if items.isEmpty { error(.missingField, "'\(c)' needs at least one rule", at: p) }
                var conditions: [Condition] = []
                for (i, item) in items.enumerated() {
                    let ip = p.appending(i)
                    if let io = object(item, ip, what: "a rule in '\(c)'"), let cond = readCondition(io, at: ip, topLevel: false)
                    {
                        conditions.append(cond)
                    }
                }
                return c == "And" ? .and(conditions) : .or(conditions)
            }
        }
        guard let opKey = operatorKeys.first else {
            error(.missingField, "a choice rule needs a comparison (e.g. 'StringEquals' with 'Variable'), "
                + "'And', 'Or', 'Not' or 'Condition'", at: path)
            return nil
        }
        guard o["Variable"] != nil else {
            error(.missingField, "a choice rule with '\(opKey)' needs 'Variable'", at: path)
            return nil
        }
        guard let variable = self.path(o, "Variable", path) else { return nil }
        let operandValue = o[opKey]!
        guard let op = ComparisonOperator(rawValue: opKey) else {
            var c = Comparison(variable: variable, op: .stringEquals, operand: .value(operandValue))
            c.operatorPlaceholder = opKey
            return .comparison(c)
        }
        let opPath = path.appending(opKey)
        if op.takesPath {
            guard case .string(let s) = operandValue else {
                error(.wrongType, "'\(opKey)' must be a path string, but it is \(describe(operandValue))", at: opPath)
                return nil
            }
            guard let p = parsePath(s, at: opPath, field: opKey) else { return nil }
            return .comparison(Comparison(variable: variable, op: op, operand: .path(p)))
        }
        let expected: String
        let ok: Bool
        switch op.family {
        case .string, .stringMatches, .timestamp:
            expected = "a string"
            if case .string = operandValue { ok = true } else { ok = false }
        case .numeric:
            expected = "a number"
            if case .number = operandValue { ok = true } else { ok = false }
        case .boolean, .typeTest:
            expected = "true or false"
            if case .bool = operandValue { ok = true } else { ok = false }
        }
        if !ok {
            if case .string(let s) = operandValue, Placeholder.name(in: s) != nil {
                // A deployment fills in a value of the right type.
            } else {
                error(.wrongType, "'\(opKey)' must be \(expected), but it is \(describe(operandValue))", at: opPath)
                return nil
            }
        }
        return .comparison(Comparison(variable: variable, op: op, operand: .value(operandValue)))
    }

    static func isKeyPlaceholder(_ key: String) -> Bool {
        if Placeholder.name(in: key) != nil { return true }
        return key.count > 2 && key.hasPrefix("%") && key.hasSuffix("%") && !key.dropFirst().dropLast().contains("%")
    }

    // MARK: Map

    func readMap(_ o: JSONObject, _ path: FieldPath, name: String, common: CommonFields, language: QueryLanguage) -> State? {
        guard let transition = transition(o, path, name: name) else { return nil }
        var processor: ItemProcessor?
        if o["ItemProcessor"] != nil && o["Iterator"] != nil {
            error(.conflictingFields, "Map state '\(name)' has both 'ItemProcessor' and the legacy 'Iterator'; keep one",
                at: path.appending("Iterator"))
        }
        if let v = o["ItemProcessor"] ?? o["Iterator"] {
            let legacy = o["ItemProcessor"] == nil
            let field = legacy ? "Iterator" : "ItemProcessor"
            let p = path.appending(field)
            if let po = object(v, p, what: "'\(field)'") {
                checkFields(po, allowed: legacy ? ASLFields.iterator : ASLFields.itemProcessor, at: p, in: "an \(field)")
                var config: ProcessorConfig?
                if let cv = po["ProcessorConfig"] {
                    let cp = p.appending("ProcessorConfig")
                    if let co = object(cv, cp, what: "'ProcessorConfig'") {
                        checkFields(co, allowed: ASLFields.processorConfig, at: cp, in: "a ProcessorConfig")
                        config = ProcessorConfig(
                            mode: enumValue(co, "Mode", cp, ProcessorConfig.Mode.self),
                            executionType: enumValue(co, "ExecutionType", cp, ProcessorConfig.ExecutionType.self))
                    }
                }
                if let (startAt, states) = readStatesAndStart(po, at: p, what: "the \(field) of Map state '\(name)'") {
                    processor = ItemProcessor(
                        isLegacyIterator: legacy, config: config,
                        graph: StateGraph(comment: string(po, "Comment", p), startAt: startAt, states: states))
                }
            }
        } else {
            error(.missingField, "Map state '\(name)' needs 'ItemProcessor' (or the legacy 'Iterator')", at: path)
        }
        guard let processor else { return nil }

        var items: PayloadTemplate?
        if let v = o["Items"] {
            switch v {
            case .array, .string: items = jsonataTemplate(v, at: path.appending("Items"))
            default:
                error(.wrongType, "'Items' must be an array or a {% %} JSONata expression, but it is \(describe(v))",
                    at: path.appending("Items"))
            }
            if case .literal(.string(let s)) = items, Placeholder.name(in: s) == nil {
                error(.wrongType, "'Items' must be an array or a {% %} JSONata expression, but it is the string \"\(s)\"",
                    at: path.appending("Items"))
            }
        }
        var label: String?
        if o["Label"] != nil { label = string(o, "Label", path) }
        return .map(
            MapState(
                common: common, itemProcessor: processor, itemsPath: self.path(o, "ItemsPath", path), items: items,
                itemSelector: template(o, "ItemSelector", path, language: language),
                parameters: template(o, "Parameters", path, language: .jsonPath),
                itemReader: itemReader(o, path, language: language), itemBatcher: itemBatcher(o, path, language: language),
                resultWriter: resultWriter(o, path, language: language),
                resultSelector: template(o, "ResultSelector", path, language: .jsonPath),
                resultPath: nullablePath(o, "ResultPath", path), maxConcurrency: dynamicInt(o, "MaxConcurrency", path),
                maxConcurrencyPath: self.path(o, "MaxConcurrencyPath", path),
                toleratedFailureCount: dynamicInt(o, "ToleratedFailureCount", path),
                toleratedFailureCountPath: self.path(o, "ToleratedFailureCountPath", path),
                toleratedFailurePercentage: dynamicDouble(o, "ToleratedFailurePercentage", path),
                toleratedFailurePercentagePath: self.path(o, "ToleratedFailurePercentagePath", path), label: label,
                retry: retriers(o, path), catch: catchers(o, path, language: language), transition: transition))
    }

    func itemReader(_ o: JSONObject, _ path: FieldPath, language: QueryLanguage) -> ItemReader? {
        guard let v = o["ItemReader"] else { return nil }
        let p = path.appending("ItemReader")
        guard let ro = object(v, p, what: "'ItemReader'") else { return nil }
        checkFields(ro, allowed: ASLFields.itemReader, at: p, in: "an ItemReader")
        let resource = string(ro, "Resource", p)
        if ro["Resource"] == nil { error(.missingField, "'ItemReader' needs a 'Resource'", at: p) }
        var config: ReaderConfig?
        if let cv = ro["ReaderConfig"] {
            let cp = p.appending("ReaderConfig")
            if let co = object(cv, cp, what: "'ReaderConfig'") {
                checkFields(co, allowed: ASLFields.readerConfig, at: cp, in: "a ReaderConfig")
                config = ReaderConfig(
                    inputType: string(co, "InputType", cp), csvHeaderLocation: string(co, "CSVHeaderLocation", cp),
                    csvHeaders: csvHeaders(co, cp), csvDelimiter: string(co, "CSVDelimiter", cp),
                    manifestType: string(co, "ManifestType", cp), maxItems: dynamicInt(co, "MaxItems", cp),
                    maxItemsPath: self.path(co, "MaxItemsPath", cp))
            }
        }
        return ItemReader(
            resource: TaskResource(resource ?? ""), readerConfig: config,
            parameters: template(ro, "Parameters", p, language: .jsonPath),
            arguments: template(ro, "Arguments", p, language: .jsonata))
    }

    func csvHeaders(_ o: JSONObject, _ path: FieldPath) -> DynamicValue<[String]>? {
        guard let v = o["CSVHeaders"] else { return nil }
        if case .string(let s) = v {
            if let e = JSONataExpression(delimited: s) { return .expression(e) }
            if Placeholder.name(in: s) != nil { return .placeholder(s) }
        }
        return stringArray(o, "CSVHeaders", path).map { .literal($0) }
    }

    func itemBatcher(_ o: JSONObject, _ path: FieldPath, language: QueryLanguage) -> ItemBatcher? {
        guard let v = o["ItemBatcher"] else { return nil }
        let p = path.appending("ItemBatcher")
        guard let bo = object(v, p, what: "'ItemBatcher'") else { return nil }
        checkFields(bo, allowed: ASLFields.itemBatcher, at: p, in: "an ItemBatcher")
        return ItemBatcher(
            maxItemsPerBatch: dynamicInt(bo, "MaxItemsPerBatch", p),
            maxItemsPerBatchPath: self.path(bo, "MaxItemsPerBatchPath", p),
            maxInputBytesPerBatch: dynamicInt(bo, "MaxInputBytesPerBatch", p),
            maxInputBytesPerBatchPath: self.path(bo, "MaxInputBytesPerBatchPath", p),
            batchInput: template(bo, "BatchInput", p, language: language))
    }

    func resultWriter(_ o: JSONObject, _ path: FieldPath, language: QueryLanguage) -> ResultWriter? {
        guard let v = o["ResultWriter"] else { return nil }
        let p = path.appending("ResultWriter")
        guard let wo = object(v, p, what: "'ResultWriter'") else { return nil }
        checkFields(wo, allowed: ASLFields.resultWriter, at: p, in: "a ResultWriter")
        var config: WriterConfig?
        if let cv = wo["WriterConfig"] {
            let cp = p.appending("WriterConfig")
            if let co = object(cv, cp, what: "'WriterConfig'") {
                checkFields(co, allowed: ASLFields.writerConfig, at: cp, in: "a WriterConfig")
                config = WriterConfig(outputType: string(co, "OutputType", cp), transformation: string(co, "Transformation", cp))
            }
        }
        return ResultWriter(
            resource: string(wo, "Resource", p).map(TaskResource.init),
            parameters: template(wo, "Parameters", p, language: .jsonPath),
            arguments: template(wo, "Arguments", p, language: .jsonata), writerConfig: config)
    }
}
