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
        /// The longest definition accepted, in characters (UTF-16 code units, as AWS counts them):
        /// AWS's limit, 1,048,576. A longer text is refused before it is parsed; `nil` lifts the limit.
        public var maxLength: Int?
        /// Whether LocalStack's test-template stand-ins (`%Name%`, `_tbd_`, `__tbd__`, `_tbc_`,
        /// `__tbc__`, as whole strings or object keys) are read as the `${Name}` placeholders they
        /// stand for. Off by default: only `${Name}` is a placeholder, as deployment tools substitute it.
        public var localStackPlaceholders: Bool

        /// Creates options.
        public init(
            fileName: String? = nil, maxDepth: Int = 512, maxLength: Int? = ASLReader.maxDefinitionLength,
            localStackPlaceholders: Bool = false
        ) {
            self.fileName = fileName
            self.maxDepth = maxDepth
            self.maxLength = maxLength
            self.localStackPlaceholders = localStackPlaceholders
        }
    }

    /// AWS's limit on the length of a definition: 1,048,576 characters.
    public static let maxDefinitionLength = 1_048_576

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
        package var unreadableStates: Set<String> = []
    }

    /// Reads ASL JSON text.
    public func read(_ text: String) -> Result {
        let file = options.fileName ?? "<input>"
        if let limit = options.maxLength, text.utf8.count > limit, text.utf16.count > limit {
            let d = Diagnostic(
                .error, .definitionTooLarge,
                "the definition has \(text.utf16.count) characters; AWS accepts at most \(limit) (split the "
                    + "workflow, e.g. into child state machines, or move large constants into the input)",
                at: .root, location: DiagnosticLocation(file: file, line: nil))
            return Result(definition: nil, diagnostics: [d], json: nil)
        }
        let json: JSONValue
        var repeats = false
        let parser = JSONParser(options: .init(maxDepth: options.maxDepth))
        do {
            (json, repeats) = try parser.parseNotingDuplicateKeys(text)
        } catch {
            let d = Diagnostic(
                .error, .jsonSyntax, "invalid JSON: \(error.message)", at: .root,
                location: DiagnosticLocation(file: file, line: error.position.line, column: error.position.column),
                aws: ASLReader.awsWordingOfUnreadableText(text))
            return Result(definition: nil, diagnostics: [d], json: nil)
        }
        var result = read(json: json)
        if !result.diagnostics.isEmpty {
            result.diagnostics = ASLReader.locate(result.diagnostics, in: text, file: file, options: options)
        }
        if repeats, let (_, map) = try? parser.parseWithSourceMap(text) {
            result.diagnostics = ASLReader.duplicateKeyDiagnostics(map.duplicateKeys, file: file) + result.diagnostics
        }
        return result
    }

    /// A key written twice in one object is an error at each repeat, naming both places: a JSON
    /// reader keeps the last value, so the first would be lost without a word (and `sfn format`
    /// would drop it).
    static func duplicateKeyDiagnostics(_ duplicates: [JSONSourceMap.DuplicateKey], file: String) -> [Diagnostic] {
        duplicates.map { d in
            let key: String
            if case .key(let k)? = d.path.components.last { key = k } else { key = "\(d.path)" }
            let parent = FieldPath(Array(d.path.components.dropLast()))
            let isState: Bool
            if case .key("States")? = parent.components.last { isState = true } else { isState = false }
            let what = isState ? "state '\(key)' is declared twice" : "'\(key)' appears twice in one object"
            let message =
                "\(what) (line \(d.first.line), column \(d.first.column) and line \(d.second.line), column "
                + "\(d.second.column)); a JSON reader keeps only the last, so the first would be lost: rename or "
                + "remove one"
            return Diagnostic(
                .error, .duplicateKey, message, at: d.path,
                location: DiagnosticLocation(file: file, line: d.second.line, column: d.second.column))
        }
    }

    /// Reads an already parsed ASL document (diagnostics carry paths but no line numbers).
    public func read(json: JSONValue) -> Result {
        let json = options.localStackPlaceholders ? Self.standInsAsPlaceholders(json) : json
        let context = ReadContext()
        let definition = context.readDefinition(json)
        var result = Result(definition: definition, diagnostics: context.diagnostics, json: json)
        result.unreadableStates = context.unreadableStates
        return result
    }

    /// `json` with LocalStack's stand-ins (whole strings and object keys) written as the `${Name}`
    /// placeholders they stand for (see ``Options/localStackPlaceholders``).
    package static func standInsAsPlaceholders(_ json: JSONValue) -> JSONValue {
        switch json {
        case .string(let s):
            if let name = Placeholder.localStackName(in: s) { return .string("${\(name)}") }
            return json
        case .object(let o):
            var out = JSONObject(minimumCapacity: o.count)
            for (k, v) in o {
                let key = Placeholder.localStackName(in: k).map { "${\($0)}" } ?? k
                out.append(key: key, value: standInsAsPlaceholders(v))
            }
            return .object(out)
        case .array(let items): return .array(items.map(standInsAsPlaceholders))
        default: return json
        }
    }

    /// How AWS reports a definition that is not JSON: blank text is "Definition must be a valid JSON
    /// object" (no location); an unrecognised token is Jackson's `INVALID_JSON_DESCRIPTION`, located at
    /// Jackson's `[Source: ...; line: L, column: C]`. Other syntax errors: `nil` (Jackson's place for
    /// them is not known).
    static func awsWordingOfUnreadableText(_ text: String) -> AWSWording? {
        if text.unicodeScalars.allSatisfy({ [" ", "\t", "\n", "\r"].contains($0) }) {
            return AWSWording("Definition must be a valid JSON object", at: .root, place: .none)
        }
        guard let problem = JacksonMessage.firstProblem(text), let line = problem.line, let column = problem.column
        else { return nil }
        let source = JacksonMessage.sourceReference(text, line: line, column: column)
        return AWSWording(
            code: "INVALID_JSON_DESCRIPTION", problem.message + "\n at " + source, at: .root, place: .text(source))
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

    func object(_ v: JSONValue, _ path: @autoclosure () -> FieldPath, what: @autoclosure () -> String) -> JSONObject? {
        if case .object(let o) = v { return o }
        error(.wrongType, "\(what()) must be an object, but it is \(describe(v))", at: path())
        return nil
    }

    /// Reports fields of `object` not in `allowed`, suggesting the closest allowed name.
    func checkFields(_ object: JSONObject, allowed: [String], at path: FieldPath, in what: String) {
        for key in object.keys where !allowed.contains(key) {
            var message = "field '\(key)' is not supported in \(what)"
            if let suggestion = Suggestions.closest(to: key, in: allowed) {
                message += "; did you mean '\(suggestion)'?"
            }
            error(
                .unknownField, message, at: path.appending(key),
                aws: AWSWording("Field '\(key)' is not supported", at: path))
        }
    }

    /// A string value of the field `key` at `path`.
    func string(_ v: JSONValue, _ key: String, _ path: @autoclosure () -> FieldPath) -> String? {
        if case .string(let s) = v { return s }
        error(.wrongType, "'\(key)' must be a string, but it is \(describe(v))", at: path())
        return nil
    }

    /// The string member `key` of `o` (at `path`), when present.
    func string(_ o: JSONObject, _ key: String, _ path: @autoclosure () -> FieldPath) -> String? {
        o[key].flatMap { string($0, key, path().appending(key)) }
    }

    /// An array of strings, the value of the field `key` at `path`.
    func stringArray(_ v: JSONValue, _ key: String, _ path: @autoclosure () -> FieldPath) -> [String]? {
        guard case .array(let items) = v else {
            error(.wrongType, "'\(key)' must be an array of strings, but it is \(describe(v))", at: path())
            return nil
        }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            if case .string(let s) = item {
                out.append(s)
            } else {
                error(
                    .wrongType, "'\(key)' must hold strings only, but item \(i) is \(describe(item))",
                    at: path().appending(i))
            }
        }
        return out
    }

    /// The JSONPath member `key` of `o` (at `path`), when present.
    func path(_ o: JSONObject, _ key: String, _ at: @autoclosure () -> FieldPath) -> JSONPath? {
        guard let s = string(o, key, at()) else { return nil }
        return parsePath(s, at: at().appending(key), field: key)
    }

    func parsePath(_ s: String, at path: @autoclosure () -> FieldPath, field: String) -> JSONPath? {
        if Placeholder.name(in: s) != nil {
            // A deployment fills in the path; keep the text.
            return JSONPath(source: s, root: .input, segments: [])
        }
        do {
            return try JSONPath(parsing: s)
        } catch {
            // AWS's words are known for an InputPath or OutputPath that does not start with '$'.
            let aws =
                ["InputPath", "OutputPath"].contains(field) && !s.hasPrefix("$")
                ? AWSWording("Value must be a valid JSONPath.", at: path()) : nil
            self.error(
                .invalidPath, "'\(field)' is not a valid JSONPath: '\(s)': \(error.description)", at: path(), aws: aws)
            return nil
        }
    }

    func parsePathOrIntrinsic(_ s: String, at path: @autoclosure () -> FieldPath, field: String) -> PathOrIntrinsic? {
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
                    + "'\(s)': \(error.description)", at: path(),
                aws: AWSWording(
                    "The value for the field '\(field)' must be a valid JSONPath or a valid intrinsic function call",
                    at: path().stateField))
            return nil
        }
    }

    // MARK: Templates

    /// A JSONPath-language template: `.$` keys hold paths or intrinsic calls. `shortcut`: a value
    /// with no key holding `$` is its own literal (what the walk below rebuilds it into).
    func jsonPathTemplate(_ v: JSONValue, at path: @autoclosure () -> FieldPath, shortcut: Bool = true)
        -> PayloadTemplate
    {
        if shortcut, !ReadContext.mayHoldDynamic(v, jsonata: false) { return .literal(v) }
        switch v {
        case .object(let o):
            var fields: [PayloadTemplate.Field] = []
            fields.reserveCapacity(o.count)
            for (key, value) in o {
                let dollarName = ReadContext.dollarFieldName(key)
                if let name = dollarName, o[name] != nil {
                    // The ASL spec: an object must not have two fields of one name once `.$` is stripped.
                    error(
                        .conflictingFields,
                        "the template has both '\(name)' and '\(key)', which both set '\(name)'; keep one (a "
                            + "field whose name ends in '.$' takes a path or intrinsic call, the other a value)",
                        at: path().appending(key))
                    continue
                }
                if let name = dollarName {
                    guard case .string(let s) = value else {
                        error(
                            .wrongType,
                            "the value for the field '\(key)' must be a string holding a JSONPath or an intrinsic "
                                + "function call, but it is \(describe(value))", at: path().appending(key))
                        continue
                    }
                    if let parsed = parsePathOrIntrinsic(s, at: path().appending(key), field: key) {
                        switch parsed {
                        case .path(let p): fields.append(.init(name, .path(p)))
                        case .intrinsic(let f): fields.append(.init(name, .intrinsic(f)))
                        }
                    }
                } else {
                    fields.append(
                        .init(key, jsonPathTemplate(value, at: path().appending(key), shortcut: shortcut)))
                }
            }
            return .makeObject(fields)
        case .array(let items):
            return .makeArray(
                items.enumerated().map {
                    jsonPathTemplate($0.element, at: path().appending($0.offset), shortcut: shortcut)
                })
        default:
            return .literal(v)
        }
    }

    /// A JSONata-language template: `"{% expr %}"` strings are expressions. `shortcut`: a value with
    /// no string starting `{%` is its own literal (what the walk below rebuilds it into).
    func jsonataTemplate(_ v: JSONValue, at path: @autoclosure () -> FieldPath, shortcut: Bool = true)
        -> PayloadTemplate
    {
        if shortcut, !ReadContext.mayHoldDynamic(v, jsonata: true) { return .literal(v) }
        switch v {
        case .string(let s):
            if let e = JSONataExpression(delimited: s) { return .expression(e) }
            return .literal(v)
        case .object(let o):
            var fields: [PayloadTemplate.Field] = []
            fields.reserveCapacity(o.count)
            for (key, value) in o {
                fields.append(.init(key, jsonataTemplate(value, at: path().appending(key), shortcut: shortcut)))
            }
            return .makeObject(fields)
        case .array(let items):
            return .makeArray(
                items.enumerated().map {
                    jsonataTemplate($0.element, at: path().appending($0.offset), shortcut: shortcut)
                })
        default:
            return .literal(v)
        }
    }

    /// The field a `.$` key sets (`"a.$"` sets `a`), or nil for a key that does not end in `.$` or is
    /// just `.$`. Read from the bytes when the character before the `.` is ASCII (then `.` and `$` are
    /// the last two characters); otherwise as characters.
    static func dollarFieldName(_ key: String) -> String? {
        let utf8 = key.utf8
        guard utf8.count > 2 else { return nil }
        let dollar = utf8.index(before: utf8.endIndex)
        let dot = utf8.index(before: dollar)
        // Text whose bytes do not end in ".$" does not end in the characters "." and "$" (no other
        // character is canonically equal to either).
        guard utf8[dollar] == UInt8(ascii: "$"), utf8[dot] == UInt8(ascii: ".") else { return nil }
        if utf8[utf8.index(before: dot)] < 0x80 { return String(decoding: utf8[..<dot], as: UTF8.self) }
        return characterDollarFieldName(key)
    }

    /// ``dollarFieldName(_:)`` on characters (what the reader did before reading bytes).
    static func characterDollarFieldName(_ key: String) -> String? {
        // `utf8.count > 2` is `count > 2` for a key ending in ".$" (only ".$" itself has two characters).
        key.hasSuffix(".$") && key.utf8.count > 2 ? String(key.dropLast(2)) : nil
    }

    /// Whether `v` may hold something a template reads as more than a literal: a key with a `$`
    /// (JSONPath: every `.$` key has one; so has every `${Name}` key, which LocalStack's stand-ins
    /// become and which may then be written twice in one object) or, in JSONata, a string starting
    /// `{%` (every expression does), found by bytes. A value that holds neither makes no diagnostic
    /// and is its own literal template; finding that out allocates nothing, where rebuilding the
    /// value allocated it again.
    static func mayHoldDynamic(_ v: JSONValue, jsonata: Bool) -> Bool {
        switch v {
        case .object(let o):
            for key in o.keys where holdsDollar(key) { return true }
            return o.values.contains { mayHoldDynamic($0, jsonata: jsonata) }
        case .array(let items):
            return items.contains { mayHoldDynamic($0, jsonata: jsonata) }
        case .string(let s):
            guard jsonata else { return false }
            var utf8 = s.utf8.makeIterator()
            return utf8.next() == UInt8(ascii: "{") && utf8.next() == UInt8(ascii: "%")
        default:
            return false
        }
    }

    /// Whether `text` has a `$` byte, looked for over its contiguous bytes (iterating its UTF-8
    /// view cost ~30 instructions a byte).
    static func holdsDollar(_ text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ $0.contains(UInt8(ascii: "$")) }) { return found }
        return text.utf8.contains(UInt8(ascii: "$"))
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
            error(
                .wrongType, "'Assign' must be an object of variable names and values, but it is \(describe(v))",
                at: at.appending("Assign"))
            return nil
        }
        return template(o, "Assign", at, language: language)
    }

    // MARK: Choice rules

    static let ruleFields = ["Variable", "And", "Or", "Not", "Condition", "Comment"]

    func readRule(_ v: JSONValue, at path: FieldPath, language: QueryLanguage) -> ChoiceRule? {
        guard let o = object(v, path, what: "a choice rule") else { return nil }
        let next = string(o, "Next", path)
        if o["Next"] == nil {
            error(
                .missingField, "a choice rule needs 'Next', the state to go to", at: path,
                aws: AWSWording("These fields are required: [Next]", at: path))
        }
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
        let operatorKeys = o.keys.filter { ComparisonOperator(name: $0) != nil || ReadContext.isKeyPlaceholder($0) }
        let combinators = ["And", "Or", "Not", "Condition"].filter { o[$0] != nil }
        // The list of allowed names (some fifty) is built only when a key is none of them: the
        // operators among the keys are `operatorKeys` already.
        let known = o.keys.allSatisfy {
            ReadContext.ruleFields.contains($0) || extra.contains($0) || operatorKeys.contains($0)
        }
        if !known {
            checkFields(
                o, allowed: ReadContext.ruleFields + extra + ComparisonOperator.allCases.map(\.rawValue) + operatorKeys,
                at: path, in: "a choice rule")
        }
        if !operatorKeys.isEmpty && !combinators.isEmpty || combinators.count > 1 || operatorKeys.count > 1 {
            error(
                .conflictingFields,
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
                error(
                    .wrongType, "'Condition' must be a {% %} JSONata expression or a boolean, but it is \(describe(v))",
                    at: path.appending("Condition"))
                return nil
            case "Not":
                let p = path.appending("Not")
                guard let inner = object(o["Not"]!, p, what: "'Not'"),
                    let cond = readCondition(inner, at: p, topLevel: false)
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
                    if let io = object(item, ip, what: "a rule in '\(c)'"),
                        let cond = readCondition(io, at: ip, topLevel: false)
                    {
                        conditions.append(cond)
                    }
                }
                return c == "And" ? .and(conditions) : .or(conditions)
            }
        }
        guard let opKey = operatorKeys.first else {
            error(
                .missingField,
                "a choice rule needs a comparison (e.g. 'StringEquals' with 'Variable'), "
                    + "'And', 'Or', 'Not' or 'Condition'", at: path)
            return nil
        }
        guard o["Variable"] != nil else {
            error(.missingField, "a choice rule with '\(opKey)' needs 'Variable'", at: path)
            return nil
        }
        guard let variable = self.path(o, "Variable", path) else { return nil }
        let operandValue = o[opKey]!
        guard let op = ComparisonOperator(name: opKey) else {
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

    static func isKeyPlaceholder(_ key: String) -> Bool { Placeholder.name(in: key) != nil }
}
