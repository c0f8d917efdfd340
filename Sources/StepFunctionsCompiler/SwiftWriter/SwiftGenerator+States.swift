import JSONCore
import StepFunctionsModel

/// One state being written: the initializer call, the blocks it takes as trailing closures, and its
/// modifiers in order.
struct StateCode {
    var initializer: SwiftCode
    /// The trailing closure's lines (a Choice's rules, a Parallel's branches, a Map's processor).
    var body: [String]?
    var modifiers: [SwiftCode] = []

    /// The statement's lines, for a statement that starts at `column`. Modifiers are indented under a
    /// one-line initializer, and aligned with the closing `)` or `}` of a longer one.
    func lines(column: Int) -> [String] {
        var out = initializer.lines(column: column)
        if let body {
            out = SwiftCode.suffixed(out, " {") + SwiftCode.indented(body) + ["}"]
        }
        let levels = out.count == 1 ? 1 : 0
        for m in modifiers {
            out += SwiftCode.indented(m.lines(column: column + 4 * levels), levels: levels)
        }
        return out
    }
}

extension SwiftGenerator {
    /// The fields every state's modifiers cover, in the order they are written.
    static let modifierFields: [String] = [
        "Comment", "QueryLanguage", "InputPath", "ItemsPath", "Items", "ItemSelector", "Parameters", "Arguments",
        "ResultSelector", "ResultPath", "OutputPath", "Output", "Assign", "TimeoutSeconds", "TimeoutSecondsPath",
        "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials", "MaxConcurrency", "MaxConcurrencyPath",
        "ToleratedFailureCount", "ToleratedFailureCountPath", "ToleratedFailurePercentage",
        "ToleratedFailurePercentagePath", "Label", "ItemReader", "ItemBatcher", "ResultWriter", "Error", "ErrorPath",
        "Cause", "CausePath", "Result", "Retry", "Catch",
    ]

    /// One state's statement; `following` is the state written after it in the same block.
    func state(_ name: String, _ o: JSONObject, following: String?, column: Int, at path: FieldPath)
        throws(SwiftImportError) -> [String]
    {
        guard case .string(let typeName)? = o["Type"], let type = StateType(rawValue: typeName) else {
            throw wrongType(path.appending("Type"), "a state type")
        }
        var language = machineLanguage
        if case .string(let raw)? = o["QueryLanguage"], let l = QueryLanguage(rawValue: raw) { language = l }
        var consumed: Set<String> = ["Type", "Next", "End"]
        var code: StateCode
        let nameArgument = SwiftCode.atom(ref(name))
        switch type {
        case .task:
            code = try task(nameArgument, o, language, &consumed, at: path)
        case .pass:
            var arguments = [nameArgument]
            if let result = o["Result"] {
                arguments.append(.labeled("result", jsonLiteral(result)))
                consumed.insert("Result")
            }
            code = StateCode(initializer: .call("Pass", arguments))
        case .succeed:
            code = StateCode(initializer: .call("Succeed", [nameArgument]))
        case .fail:
            var arguments = [nameArgument]
            for (key, label) in [("Error", "error"), ("Cause", "cause")] {
                if case .string(let text)? = o[key], JSONataExpression(delimited: text) == nil {
                    arguments.append(.labeled(label, .atom(SwiftSyntax.string(text))))
                    consumed.insert(key)
                }
            }
            code = StateCode(initializer: .call("Fail", arguments))
        case .wait:
            code = StateCode(initializer: .call("Wait", [nameArgument, try waitArgument(o, &consumed, at: path)]))
        case .choice:
            code = StateCode(
                initializer: .call("Choice", [nameArgument]),
                body: try choiceRules(o, language, &consumed, column: column, at: path))
        case .parallel:
            consumed.insert("Branches")
            guard case .array(let branches)? = o["Branches"] else {
                throw wrongType(path.appending("Branches"), "an array")
            }
            var body: [String] = []
            for (i, value) in branches.enumerated() {
                let branchPath = path.appending("Branches").appending(i)
                guard case .object(let branch) = value else { throw wrongType(branchPath, "an object") }
                try checkKeys(branch, allowed: ["Comment", "StartAt", "States"], at: branchPath)
                var head = "Branch"
                if let comment = branch["Comment"] {
                    guard case .string(let text) = comment else {
                        throw wrongType(branchPath.appending("Comment"), "a string")
                    }
                    head += "(comment: \(SwiftSyntax.string(text)))"
                }
                body +=
                    [head + " {"] + SwiftCode.indented(try nestedBlock(branch, column: column + 8, at: branchPath))
                    + ["}"]
            }
            code = StateCode(initializer: .call("Parallel", [nameArgument]), body: body)
        case .map:
            var arguments = [nameArgument]
            if case .string(let itemsPath)? = o["ItemsPath"] {
                arguments.append(.labeled("itemsPath", .atom(SwiftSyntax.string(itemsPath))))
                consumed.insert("ItemsPath")
            }
            let legacy = o["Iterator"] != nil
            let key = legacy ? "Iterator" : "ItemProcessor"
            consumed.insert(key)
            let processorPath = path.appending(key)
            guard case .object(let processor)? = o[key] else { throw wrongType(processorPath, "an object") }
            try checkKeys(processor, allowed: ["Comment", "StartAt", "States", "ProcessorConfig"], at: processorPath)
            code = StateCode(
                initializer: .call("Map", arguments),
                body: try nestedBlock(processor, column: column + 4, at: processorPath))
            if legacy { code.modifiers.append(.call(".legacyIterator", [])) }
            if let config = processor["ProcessorConfig"] {
                code.modifiers.append(try processorConfig(config, at: processorPath.appending("ProcessorConfig")))
            }
            if let comment = processor["Comment"] {
                guard case .string(let text) = comment else {
                    throw wrongType(processorPath.appending("Comment"), "a string")
                }
                code.modifiers.append(.call(".processorComment", [.atom(SwiftSyntax.string(text))]))
            }
        }
        for field in Self.modifierFields where !consumed.contains(field) {
            guard let value = o[field] else { continue }
            consumed.insert(field)
            code.modifiers += try modifiers(field, value, language, at: path.appending(field))
        }
        for key in o.keys where !consumed.contains(key) {
            throw SwiftImportError(
                path: path.appending(key).description,
                message: "the Swift DSL has no way to write '\(key)' on a \(typeName) state")
        }
        if StateType.chainable.contains(type) {
            if case .string(let target)? = o["Next"] {
                if target != following { code.modifiers.append(.call(".next", [.atom(ref(target))])) }
            } else if following != nil {
                code.modifiers.append(.call(".end", []))
            }
        }
        return code.lines(column: column)
    }

    // MARK: Modifiers

    /// The modifiers that write `field` (usually one).
    func modifiers(_ field: String, _ value: JSONValue, _ language: QueryLanguage, at path: FieldPath)
        throws(SwiftImportError) -> [SwiftCode]
    {
        let name = "." + Self.modifierName(field)
        switch field {
        case "Comment", "Label":
            guard case .string(let text) = value else { throw wrongType(path, "a string") }
            return [.call(name, [.atom(SwiftSyntax.string(text))])]
        case "Error", "Cause":
            guard case .string(let text) = value else { throw wrongType(path, "a string") }
            if let expression = expression(text) { return [.call(name, [.atom(expression)])] }
            return [.call(name, [.atom(SwiftSyntax.string(text))])]
        case "QueryLanguage":
            guard case .string(let raw) = value, let l = QueryLanguage(rawValue: raw) else {
                throw wrongType(path, "JSONPath or JSONata")
            }
            return [.call(name, [.atom(Self.languageCase(l))])]
        case "InputPath", "OutputPath", "ResultPath":
            return [.call(name, [try pathOrNull(value, at: path)])]
        case "ItemsPath", "ErrorPath", "CausePath":
            guard case .string(let text) = value else { throw wrongType(path, "a path") }
            return [.call(name, [.atom(SwiftSyntax.string(text))])]
        case "Parameters", "Arguments", "ResultSelector", "ItemSelector", "Output", "Assign", "Credentials", "Items":
            return [.call(name, [try payload(value, language, at: path)])]
        case "Result":
            return [.call(name, [jsonLiteral(value)])]
        case "TimeoutSeconds", "HeartbeatSeconds":
            return [.call(name, [try seconds(value, at: path)])]
        case "TimeoutSecondsPath", "HeartbeatSecondsPath", "MaxConcurrencyPath", "ToleratedFailureCountPath",
            "ToleratedFailurePercentagePath":
            guard case .string(let text) = value else { throw wrongType(path, "a path") }
            return [.call(name, [.labeled("path", .atom(SwiftSyntax.string(text)))])]
        case "MaxConcurrency", "ToleratedFailureCount", "ToleratedFailurePercentage":
            return [
                .call(name, [try numberOrExpression(value, integer: field != "ToleratedFailurePercentage", at: path)])
            ]
        case "Retry", "Catch":
            guard case .array(let items) = value else { throw wrongType(path, "an array") }
            if items.isEmpty {
                throw SwiftImportError(
                    path: path.description,
                    message: "an empty \(field) list cannot be written in Swift: .\(Self.modifierName(field))(...) "
                        + "adds one entry, and leaving it out leaves the field out")
            }
            if field == "Catch" {
                return try items.enumerated().map { (i, item) throws(SwiftImportError) in
                    try catcher(item, language, at: path.appending(i))
                }
            }
            return try items.enumerated().map { (i, item) throws(SwiftImportError) in
                try retrier(item, at: path.appending(i))
            }
        case "ItemReader":
            return [try itemReader(value, language, at: path)]
        case "ItemBatcher":
            return [try itemBatcher(value, language, at: path)]
        case "ResultWriter":
            return [try resultWriter(value, language, at: path)]
        default:
            throw SwiftImportError(path: path.description, message: "the Swift DSL has no way to write '\(field)'")
        }
    }

    /// The modifier's name for a field: `TimeoutSecondsPath` -> `timeout`, `ItemSelector` -> `itemSelector`.
    static func modifierName(_ field: String) -> String {
        switch field {
        case "TimeoutSeconds", "TimeoutSecondsPath": return "timeout"
        case "HeartbeatSeconds", "HeartbeatSecondsPath": return "heartbeat"
        case "MaxConcurrencyPath": return "maxConcurrency"
        case "ToleratedFailureCountPath": return "toleratedFailureCount"
        case "ToleratedFailurePercentagePath": return "toleratedFailurePercentage"
        default: return field.prefix(1).lowercased() + field.dropFirst()
        }
    }

    // MARK: Values

    /// `"$.path"` or `.null`.
    func pathOrNull(_ value: JSONValue, at path: FieldPath) throws(SwiftImportError) -> SwiftCode {
        switch value {
        case .null: return .atom(".null")
        case .string(let text): return .atom(SwiftSyntax.string(text))
        default: throw wrongType(path, "a path or null")
        }
    }

    /// A `Duration` for a seconds field, or a JSONata expression.
    func seconds(_ value: JSONValue, at path: FieldPath) throws(SwiftImportError) -> SwiftCode {
        switch value {
        case .number(let n):
            guard let i = n.int64Value else { throw wrongType(path, "a whole number of seconds") }
            return .atom(".seconds(\(i))")
        case .string(let text):
            if let expression = expression(text) { return .atom(expression) }
            throw unexpressible(path, text)
        default:
            throw wrongType(path, "a number of seconds")
        }
    }

    /// A number (or a JSONata expression) for a field that takes one.
    func numberOrExpression(_ value: JSONValue, integer: Bool, at path: FieldPath) throws(SwiftImportError)
        -> SwiftCode
    {
        switch value {
        case .number(let n):
            if integer {
                guard let i = n.int64Value else { throw wrongType(path, "an integer") }
                return .atom(String(i))
            }
            return .atom(SwiftSyntax.number(n))
        case .string(let text):
            if let expression = expression(text) { return .atom(expression) }
            throw unexpressible(path, text)
        default:
            throw wrongType(path, "a number")
        }
    }

    /// A `DynamicValue` argument: a literal, a JSONata expression or a `${Name}` placeholder.
    func dynamicValue(_ value: JSONValue, integer: Bool, at path: FieldPath) throws(SwiftImportError) -> SwiftCode {
        if case .string(let text) = value {
            if let e = JSONataExpression(delimited: text) {
                if JSONataExpression.spaced(e.source) == e {
                    return .atom(".jsonata(\(SwiftSyntax.string(Self.trimmed(e.source))))")
                }
                return .atom(".expression(JSONataExpression(\(SwiftSyntax.string(e.source))))")
            }
            if Placeholder.name(in: text) != nil { return .atom(".placeholder(\(SwiftSyntax.string(text)))") }
        }
        return try numberOrExpression(value, integer: integer, at: path)
    }

    /// A JSONataExpression argument for `{% ... %}` text: `.jsonata("...")` when the text has the
    /// DSL's spacing (one space inside each delimiter), else the expression exactly as written.
    func expression(_ text: String) -> String? {
        guard let e = JSONataExpression(delimited: text) else { return nil }
        if JSONataExpression.spaced(e.source) == e { return ".jsonata(\(SwiftSyntax.string(Self.trimmed(e.source))))" }
        return "JSONataExpression(\(SwiftSyntax.string(e.source)))"
    }

    static func trimmed(_ source: String) -> String {
        var text = Substring(source)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }

    func unexpressible(_ path: FieldPath, _ text: String) -> SwiftImportError {
        SwiftImportError(
            path: path.description,
            message: "'\(text)' cannot be written in Swift: this field takes a number or a JSONata expression, "
                + "and the DSL has no placeholder for it")
    }

    /// A JSON value as a `JSONValue` literal (`Pass`'s `Result`).
    func jsonLiteral(_ value: JSONValue) -> SwiftCode {
        switch value {
        case .null: return .atom("nil")
        case .bool(let b): return .atom(b ? "true" : "false")
        case .number(let n): return .atom(SwiftSyntax.number(n))
        case .string(let s): return .atom(SwiftSyntax.string(s))
        case .array(let items): return .array(items.map(jsonLiteral))
        case .object(let o): return .dictionary(o.map { (SwiftSyntax.string($0.key), jsonLiteral($0.value)) })
        }
    }

    /// A payload template as a `Payload` literal for a state of `language`: in JSONPath states a
    /// `key.$` member becomes `key: .path(...)` (or an intrinsic call); in JSONata states a `{% %}`
    /// string becomes `.jsonata(...)`.
    func payload(_ value: JSONValue, _ language: QueryLanguage, at path: FieldPath) throws(SwiftImportError)
        -> SwiftCode
    {
        switch value {
        case .null: return .atom("nil")
        case .bool(let b): return .atom(b ? "true" : "false")
        case .number(let n): return .atom(SwiftSyntax.number(n))
        case .string(let s):
            if language == .jsonata, let e = JSONataExpression(delimited: s), JSONataExpression.spaced(e.source) == e {
                switch Self.trimmed(e.source) {
                case "$states.input": return .atom(".stateInput")
                case "$states.context.Task.Token": return .atom(".taskToken")
                case let source: return .atom(".jsonata(\(SwiftSyntax.string(source)))")
                }
            }
            if let name = Placeholder.name(in: s) { return .atom(".placeholder(\(SwiftSyntax.string(name)))") }
            return .atom(SwiftSyntax.string(s))
        case .array(let items):
            return .array(
                try items.enumerated().map { (i, item) throws(SwiftImportError) in
                    try payload(item, language, at: path.appending(i))
                })
        case .object(let o):
            var members: [(key: String, value: SwiftCode)] = []
            for (key, member) in o {
                if language == .jsonPath && key.hasSuffix(".$") {
                    let plain = String(key.dropLast(2))
                    guard case .string(let text) = member else {
                        throw wrongType(path.appending(key), "a path or intrinsic call (a '.$' key)")
                    }
                    if o[plain] != nil {
                        throw SwiftImportError(
                            path: path.appending(key).description,
                            message: "both '\(plain)' and '\(key)' are members; the DSL writes one of them")
                    }
                    members.append((SwiftSyntax.string(plain), dynamicPath(text)))
                } else {
                    members.append((SwiftSyntax.string(key), try payload(member, language, at: path.appending(key))))
                }
            }
            return .dictionary(members)
        }
    }

    /// A `.$` member's value: the state input, the task token, an intrinsic call or a path.
    func dynamicPath(_ text: String) -> SwiftCode {
        switch text {
        case "$": return .atom(".stateInput")
        case "$$.Task.Token": return .atom(".taskToken")
        default:
            if text.hasPrefix("States.") { return .atom(".intrinsic(\(SwiftSyntax.string(text)))") }
            return .atom(".path(\(SwiftSyntax.string(text)))")
        }
    }

    // MARK: Retry and Catch

    /// `ErrorEquals` as arguments: `.all`, `.taskFailed`, ... or string literals.
    func errorNames(_ value: JSONValue?, at path: FieldPath) throws(SwiftImportError) -> [SwiftCode] {
        guard case .array(let items)? = value else { throw wrongType(path, "an array of error names") }
        var out: [SwiftCode] = []
        for (i, item) in items.enumerated() {
            guard case .string(let name) = item else { throw wrongType(path.appending(i), "an error name") }
            if name.hasPrefix("States."), StatesError.allNames.contains(name) {
                out.append(.atom("." + SwiftSyntax.identifier(String(name.dropFirst(7)))))
            } else {
                out.append(.atom(SwiftSyntax.string(name)))
            }
        }
        return out
    }

    func retrier(_ value: JSONValue, at path: FieldPath) throws(SwiftImportError) -> SwiftCode {
        guard case .object(let o) = value else { throw wrongType(path, "an object") }
        try checkKeys(
            o,
            allowed: [
                "ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy",
                "Comment",
            ], at: path)
        var arguments = try errorNames(o["ErrorEquals"], at: path.appending("ErrorEquals"))
        if !arguments.isEmpty { arguments[0] = .labeled("on", arguments[0]) }
        func int(_ key: String) throws(SwiftImportError) -> Int64? {
            guard let v = o[key] else { return nil }
            guard case .number(let n) = v, let i = n.int64Value else {
                throw wrongType(path.appending(key), "an integer")
            }
            return i
        }
        if let i = try int("IntervalSeconds") { arguments.append(.labeled("interval", .atom(".seconds(\(i))"))) }
        if let i = try int("MaxAttempts") { arguments.append(.labeled("maxAttempts", .atom(String(i)))) }
        if let v = o["BackoffRate"] {
            guard case .number(let n) = v else { throw wrongType(path.appending("BackoffRate"), "a number") }
            arguments.append(.labeled("backoffRate", .atom(SwiftSyntax.number(n))))
        }
        if let i = try int("MaxDelaySeconds") { arguments.append(.labeled("maxDelay", .atom(".seconds(\(i))"))) }
        if let v = o["JitterStrategy"] {
            guard case .string(let raw) = v, let j = JitterStrategy(rawValue: raw) else {
                throw wrongType(path.appending("JitterStrategy"), "FULL or NONE")
            }
            // `.none` would be Optional's `none` (no jitter written at all), hence the type name.
            arguments.append(.labeled("jitter", .atom(j == .full ? ".full" : "JitterStrategy.none")))
        }
        if let v = o["Comment"] {
            guard case .string(let text) = v else { throw wrongType(path.appending("Comment"), "a string") }
            arguments.append(.labeled("comment", .atom(SwiftSyntax.string(text))))
        }
        return .call(".retry", arguments)
    }

    func catcher(_ value: JSONValue, _ language: QueryLanguage, at path: FieldPath) throws(SwiftImportError)
        -> SwiftCode
    {
        guard case .object(let o) = value else { throw wrongType(path, "an object") }
        try checkKeys(o, allowed: ["ErrorEquals", "ResultPath", "Output", "Assign", "Comment", "Next"], at: path)
        var arguments = try errorNames(o["ErrorEquals"], at: path.appending("ErrorEquals"))
        if let v = o["ResultPath"] {
            arguments.append(.labeled("resultPath", try pathOrNull(v, at: path.appending("ResultPath"))))
        }
        if let v = o["Output"] {
            arguments.append(.labeled("output", try payload(v, language, at: path.appending("Output"))))
        }
        if let v = o["Assign"] {
            arguments.append(.labeled("assign", try payload(v, language, at: path.appending("Assign"))))
        }
        if let v = o["Comment"] {
            guard case .string(let text) = v else { throw wrongType(path.appending("Comment"), "a string") }
            arguments.append(.labeled("comment", .atom(SwiftSyntax.string(text))))
        }
        guard case .string(let next)? = o["Next"] else { throw wrongType(path.appending("Next"), "a state name") }
        arguments.append(.labeled("next", .atom(ref(next))))
        return .call(".catch", arguments)
    }

    // MARK: Wait

    func waitArgument(_ o: JSONObject, _ consumed: inout Set<String>, at path: FieldPath) throws(SwiftImportError)
        -> SwiftCode
    {
        if let v = o["Seconds"] {
            consumed.insert("Seconds")
            return .labeled("for", try seconds(v, at: path.appending("Seconds")))
        }
        if case .string(let text)? = o["SecondsPath"] {
            consumed.insert("SecondsPath")
            return .labeled("secondsPath", .atom(SwiftSyntax.string(text)))
        }
        if case .string(let text)? = o["Timestamp"] {
            consumed.insert("Timestamp")
            return .labeled("until", .atom(expression(text) ?? SwiftSyntax.string(text)))
        }
        if case .string(let text)? = o["TimestampPath"] {
            consumed.insert("TimestampPath")
            return .labeled("timestampPath", .atom(SwiftSyntax.string(text)))
        }
        throw SwiftImportError(
            path: path.description, message: "a Wait state needs one of Seconds, SecondsPath, Timestamp, TimestampPath")
    }

    // MARK: Choice

    func choiceRules(
        _ o: JSONObject, _ language: QueryLanguage, _ consumed: inout Set<String>, column: Int, at path: FieldPath
    ) throws(SwiftImportError) -> [String] {
        consumed.formUnion(["Choices", "Default"])
        guard case .array(let rules)? = o["Choices"] else { throw wrongType(path.appending("Choices"), "an array") }
        var lines: [String] = []
        for (i, value) in rules.enumerated() {
            let rulePath = path.appending("Choices").appending(i)
            guard case .object(var rule) = value else { throw wrongType(rulePath, "an object") }
            var arguments: [SwiftCode] = []
            guard case .string(let next)? = rule.removeValue(forKey: "Next") else {
                throw wrongType(rulePath.appending("Next"), "a state name")
            }
            let comment = rule.removeValue(forKey: "Comment")
            let assign = rule.removeValue(forKey: "Assign")
            let output = rule.removeValue(forKey: "Output")
            arguments.append(try condition(rule, at: rulePath))
            if let assign {
                arguments.append(.labeled("assign", try payload(assign, language, at: rulePath.appending("Assign"))))
            }
            if let output {
                arguments.append(.labeled("output", try payload(output, language, at: rulePath.appending("Output"))))
            }
            if let comment {
                guard case .string(let text) = comment else {
                    throw wrongType(rulePath.appending("Comment"), "a string")
                }
                arguments.append(.labeled("comment", .atom(SwiftSyntax.string(text))))
            }
            arguments.append(.labeled("next", .atom(ref(next))))
            lines += SwiftCode.call("When", arguments).lines(column: column + 4)
        }
        if let d = o["Default"] {
            guard case .string(let target) = d else { throw wrongType(path.appending("Default"), "a state name") }
            lines.append("Otherwise(\(ref(target)))")
        }
        return lines
    }

    /// A Choice rule's condition (the rule without `Next`, `Assign`, `Output` and its own `Comment`).
    func condition(_ rule: JSONObject, at path: FieldPath) throws(SwiftImportError) -> SwiftCode {
        var rule = rule
        var nestedComment: String?
        if let c = rule.removeValue(forKey: "Comment") {
            guard case .string(let text) = c else { throw wrongType(path.appending("Comment"), "a string") }
            nestedComment = text
        }
        var code: SwiftCode
        if let v = rule["Condition"] {
            try checkKeys(rule, allowed: ["Condition"], at: path)
            switch v {
            case .bool(let b): code = .call(".condition", [.atom(b ? "true" : "false")])
            case .string(let text):
                guard let e = JSONataExpression(delimited: text) else {
                    throw wrongType(path.appending("Condition"), "a JSONata expression ({% ... %}) or a boolean")
                }
                if JSONataExpression.spaced(e.source) == e {
                    code = .call(".jsonata", [.atom(SwiftSyntax.string(Self.trimmed(e.source)))])
                } else {
                    code = .call(".condition", [.atom("JSONataExpression(\(SwiftSyntax.string(e.source)))")])
                }
            default:
                throw wrongType(path.appending("Condition"), "a JSONata expression or a boolean")
            }
        } else if let v = rule["And"] ?? rule["Or"] {
            let key = rule["And"] != nil ? "And" : "Or"
            try checkKeys(rule, allowed: [key], at: path)
            guard case .array(let items) = v else { throw wrongType(path.appending(key), "an array") }
            code = .call(
                key == "And" ? ".and" : ".or",
                try items.enumerated().map { (i, item) throws(SwiftImportError) in
                    guard case .object(let inner) = item else {
                        throw wrongType(path.appending(key).appending(i), "an object")
                    }
                    return try condition(inner, at: path.appending(key).appending(i))
                })
        } else if let v = rule["Not"] {
            try checkKeys(rule, allowed: ["Not"], at: path)
            guard case .object(let inner) = v else { throw wrongType(path.appending("Not"), "an object") }
            code = .call(".not", [try condition(inner, at: path.appending("Not"))])
        } else {
            guard case .string(let variable)? = rule.removeValue(forKey: "Variable"), rule.count == 1,
                let op = ComparisonOperator(rawValue: rule[position: 0].key)
            else {
                throw SwiftImportError(
                    path: path.description,
                    message: "the DSL writes a comparison as a Variable and one operator; this rule has "
                        + rule.keys.joined(separator: ", "))
            }
            let (opName, operand) = (op.rawValue, rule[position: 0].value)
            var arguments: [SwiftCode] = [.atom(SwiftSyntax.string(variable))]
            if let operand = try operandCode(op, operand, at: path.appending(opName)) { arguments.append(operand) }
            code = .call("." + Self.modifierName(opName), arguments)
        }
        if let nestedComment { code = .call(code.compact + ".comment", [.atom(SwiftSyntax.string(nestedComment))]) }
        return code
    }

    /// A comparison's operand, or `nil` for a type test's default `true`.
    func operandCode(_ op: ComparisonOperator, _ value: JSONValue, at path: FieldPath) throws(SwiftImportError)
        -> SwiftCode?
    {
        let name = op.rawValue
        if name.hasSuffix("Path") {
            guard case .string(let text) = value else { throw wrongType(path, "a path") }
            return .atom(SwiftSyntax.string(text))
        }
        if name.hasPrefix("String") || name.hasPrefix("Timestamp") {
            guard case .string(let text) = value else { throw wrongType(path, "a string") }
            return .atom(SwiftSyntax.string(text))
        }
        if name.hasPrefix("Numeric") {
            guard case .number(let n) = value else { throw wrongType(path, "a number") }
            return .atom(SwiftSyntax.number(n))
        }
        guard case .bool(let b) = value else { throw wrongType(path, "a boolean") }
        if name.hasPrefix("Is") && b { return nil }
        return .atom(b ? "true" : "false")
    }

    // MARK: Map

    func processorConfig(_ value: JSONValue, at path: FieldPath) throws(SwiftImportError) -> SwiftCode {
        guard case .object(let o) = value else { throw wrongType(path, "an object") }
        try checkKeys(o, allowed: ["Mode", "ExecutionType"], at: path)
        guard case .string(let raw)? = o["Mode"], let mode = ProcessorConfig.Mode(rawValue: raw) else {
            throw SwiftImportError(
                path: path.appending("Mode").description,
                message: "the DSL writes a ProcessorConfig with its Mode (INLINE or DISTRIBUTED)")
        }
        var arguments: [SwiftCode] = [.labeled("mode", .atom(mode == .inline ? ".inline" : ".distributed"))]
        if let v = o["ExecutionType"] {
            guard case .string(let raw) = v, let t = ProcessorConfig.ExecutionType(rawValue: raw) else {
                throw wrongType(path.appending("ExecutionType"), "STANDARD or EXPRESS")
            }
            arguments.append(.labeled("executionType", .atom(t == .standard ? ".standard" : ".express")))
        }
        return .call(".processorConfig", arguments)
    }

    func itemReader(_ value: JSONValue, _ language: QueryLanguage, at path: FieldPath) throws(SwiftImportError)
        -> SwiftCode
    {
        guard case .object(let o) = value else { throw wrongType(path, "an object") }
        try checkKeys(o, allowed: ["Resource", "ReaderConfig", "Parameters", "Arguments"], at: path)
        guard case .string(let resource)? = o["Resource"] else {
            throw wrongType(path.appending("Resource"), "a resource ARN")
        }
        var arguments: [SwiftCode] = [.labeled("resource", .atom(SwiftSyntax.string(resource)))]
        for key in ["Parameters", "Arguments"] {
            if let v = o[key] {
                arguments.append(.labeled(Self.modifierName(key), try payload(v, language, at: path.appending(key))))
            }
        }
        if let config = o["ReaderConfig"] {
            let configPath = path.appending("ReaderConfig")
            guard case .object(let c) = config else { throw wrongType(configPath, "an object") }
            let fields: [(String, String)] = [
                ("InputType", "inputType"), ("CSVHeaderLocation", "csvHeaderLocation"), ("CSVHeaders", "csvHeaders"),
                ("CSVDelimiter", "csvDelimiter"), ("ManifestType", "manifestType"), ("MaxItems", "maxItems"),
                ("MaxItemsPath", "maxItemsPath"),
            ]
            try checkKeys(c, allowed: Set(fields.map(\.0)), at: configPath)
            if c.isEmpty {
                throw SwiftImportError(
                    path: configPath.description, message: "the DSL writes a ReaderConfig only when it has a field")
            }
            for (key, label) in fields {
                guard let v = c[key] else { continue }
                let fieldPath = configPath.appending(key)
                switch key {
                case "CSVHeaders":
                    if case .array(let items) = v {
                        var names: [SwiftCode] = []
                        for (i, item) in items.enumerated() {
                            guard case .string(let s) = item else {
                                throw wrongType(fieldPath.appending(i), "a string")
                            }
                            names.append(.atom(SwiftSyntax.string(s)))
                        }
                        arguments.append(.labeled(label, .array(names)))
                    } else {
                        arguments.append(.labeled(label, try dynamicValue(v, integer: true, at: fieldPath)))
                    }
                case "MaxItems":
                    arguments.append(.labeled(label, try dynamicValue(v, integer: true, at: fieldPath)))
                default:
                    guard case .string(let s) = v else { throw wrongType(fieldPath, "a string") }
                    arguments.append(.labeled(label, .atom(SwiftSyntax.string(s))))
                }
            }
        }
        return .call(".itemReader", arguments)
    }

    func itemBatcher(_ value: JSONValue, _ language: QueryLanguage, at path: FieldPath) throws(SwiftImportError)
        -> SwiftCode
    {
        guard case .object(let o) = value else { throw wrongType(path, "an object") }
        let fields = [
            "MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath",
            "BatchInput",
        ]
        try checkKeys(o, allowed: Set(fields), at: path)
        var arguments: [SwiftCode] = []
        for key in fields {
            guard let v = o[key] else { continue }
            let label = Self.modifierName(key)
            switch key {
            case "BatchInput": arguments.append(.labeled(label, try payload(v, language, at: path.appending(key))))
            case "MaxItemsPerBatch", "MaxInputBytesPerBatch":
                arguments.append(.labeled(label, try dynamicValue(v, integer: true, at: path.appending(key))))
            default:
                guard case .string(let s) = v else { throw wrongType(path.appending(key), "a path") }
                arguments.append(.labeled(label, .atom(SwiftSyntax.string(s))))
            }
        }
        return .call(".itemBatcher", arguments)
    }

    func resultWriter(_ value: JSONValue, _ language: QueryLanguage, at path: FieldPath) throws(SwiftImportError)
        -> SwiftCode
    {
        guard case .object(let o) = value else { throw wrongType(path, "an object") }
        try checkKeys(o, allowed: ["Resource", "Parameters", "Arguments", "WriterConfig"], at: path)
        var arguments: [SwiftCode] = []
        if let v = o["Resource"] {
            guard case .string(let s) = v else { throw wrongType(path.appending("Resource"), "a resource ARN") }
            arguments.append(.labeled("resource", .atom(SwiftSyntax.string(s))))
        }
        for key in ["Parameters", "Arguments"] {
            if let v = o[key] {
                arguments.append(.labeled(Self.modifierName(key), try payload(v, language, at: path.appending(key))))
            }
        }
        if let config = o["WriterConfig"] {
            let configPath = path.appending("WriterConfig")
            guard case .object(let c) = config else { throw wrongType(configPath, "an object") }
            try checkKeys(c, allowed: ["OutputType", "Transformation"], at: configPath)
            if c.isEmpty {
                throw SwiftImportError(
                    path: configPath.description, message: "the DSL writes a WriterConfig only when it has a field")
            }
            for (key, label) in [("OutputType", "outputType"), ("Transformation", "transformation")] {
                guard let v = c[key] else { continue }
                guard case .string(let s) = v else { throw wrongType(configPath.appending(key), "a string") }
                arguments.append(.labeled(label, .atom(SwiftSyntax.string(s))))
            }
        }
        return .call(".resultWriter", arguments)
    }
}
