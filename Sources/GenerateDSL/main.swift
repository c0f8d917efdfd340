import StepFunctionsModel

// Writes Sources/StepFunctions/Generated/StateModifiers.swift from ASLSchema: for every simple state
// field (a comment, a path, a payload, a number...), the DSL modifier on each state type that has the
// field, an unavailable declaration with a message on each type that does not, and the conformances
// that give each type the hand-written modifiers of the structured fields (Retry, Catch, Next/End).
//
//   swift run GenerateDSL > Sources/StepFunctions/Generated/StateModifiers.swift
//
// Scripts/generate-dsl.sh does that; .ci/run checks that the committed file is current.

/// The DSL type (or protocol) that stands for each state type.
let dslTypes: [(StateType, String)] = [
    (.task, "TaskDefinition"), (.pass, "Pass"), (.choice, "Choice"), (.wait, "Wait"), (.succeed, "Succeed"),
    (.fail, "Fail"), (.parallel, "Parallel"), (.map, "Map"),
]

/// Fields the DSL sets through initializers or hand-written modifiers, not generated ones.
let handWritten: Set<ASLField> = [
    .type, .resource, .next, .end, .default, .choices, .branches, .itemProcessor, .iterator, .itemReader, .itemBatcher,
    .resultWriter, .retry, .catch, .seconds, .secondsPath, .timestamp, .timestampPath,
]

/// DSL names that differ from the field's lowerCamelCase name.
let renamed: [ASLField: String] = [.timeoutSeconds: "timeout", .heartbeatSeconds: "heartbeat"]

/// Hand-written modifiers whose availability follows a field's owners: the protocol that provides
/// them, and the declarations made unavailable elsewhere.
let structured: [(field: ASLField, protocolName: String, stubs: [String])] = [
    (
        .retry, "Retryable",
        [
            "retry(on errors: ErrorName..., interval: Duration? = nil, maxAttempts: Int? = nil, backoffRate: Double? = nil, maxDelay: Duration? = nil, jitter: JitterStrategy? = nil, comment: String? = nil, file: String = #filePath, line: UInt = #line, column: UInt = #column)",
            "retry(_ policies: RetryPolicy..., file: String = #filePath, line: UInt = #line, column: UInt = #column)",
            "retry(_ policies: [RetryPolicy], file: String = #filePath, line: UInt = #line, column: UInt = #column)",
        ]
    ),
    (
        .catch, "Catchable",
        [
            "`catch`(_ errors: ErrorName..., resultPath: PathOrNull? = nil, output: Payload? = nil, assign: Payload? = nil, comment: String? = nil, next: Name, file: String = #filePath, line: UInt = #line, column: UInt = #column)",
            "`catch`(_ errors: ErrorName..., resultPath: PathOrNull? = nil, output: Payload? = nil, assign: Payload? = nil, comment: String? = nil, file: String = #filePath, line: UInt = #line, column: UInt = #column, @StatesBuilder<Name> handler: () -> [StateNode])",
            "`catch`(_ policies: CatchPolicy<Name>..., file: String = #filePath, line: UInt = #line, column: UInt = #column)",
            "`catch`(_ policies: [CatchPolicy<Name>], file: String = #filePath, line: UInt = #line, column: UInt = #column)",
        ]
    ),
    (
        .next, "ChainableState",
        [
            "next(_ state: Name, file: String = #filePath, line: UInt = #line, column: UInt = #column)",
            "end(file: String = #filePath, line: UInt = #line, column: UInt = #column)",
        ]
    ),
]

let location = "file: String = #filePath, line: UInt = #line, column: UInt = #column"

/// One generated function: its Swift signature (without `public func` and the location parameters)
/// and its body.
struct Method {
    var name: String
    var parameters: String
    var body: String
    var doc: String
    /// The only query language whose states have it (`nil`: both).
    var language: QueryLanguage? = nil
    /// What to write instead in a workflow of the other language.
    var instead: String = ""
}

/// What to write instead of a JSONata-only field in a JSONPath workflow.
let jsonPathReplacement: [ASLField: String] = [
    .arguments: "use .parameters(...)", .output: "use .resultSelector(...), .resultPath(...) or .outputPath(...)",
    .items: "use .itemsPath(...)",
]

func lowerCamel(_ name: String) -> String {
    var s = name
    // Leading acronyms (CSVHeaders) lowercase as a whole word.
    var prefix = ""
    while let c = s.first, c.isUppercase, s.dropFirst().first?.isUppercase ?? false {
        prefix += c.lowercased()
        s.removeFirst()
    }
    guard let first = s.first else { return prefix }
    return prefix + (prefix.isEmpty ? first.lowercased() : String(first)) + s.dropFirst()
}

/// How Swift code names a field: `.timeoutSeconds`, `` .`default` ``.
func caseName(_ field: ASLField) -> String {
    let name = lowerCamel(field.rawValue)
    return "." + (name == "default" || name == "catch" ? "`\(name)`" : name)
}

/// Whether a field holds a number that may also be read from the input through its `…Path` twin.
func isNumber(_ kind: ValueKind) -> Bool {
    switch kind {
    case .dynamicInteger, .dynamicNumber: return true
    default: return false
    }
}

func languageNote(_ spec: FieldSpec) -> String {
    switch spec.language {
    case .jsonPath?: return " (JSONPath states)"
    case .jsonata?: return " (JSONata states)"
    case nil: return ""
    }
}

/// The generated methods of one field (empty when the field is not a simple one).
func methods(_ spec: FieldSpec, siblings: [FieldSpec]) -> [Method] {
    let field = spec.field
    if handWritten.contains(field) { return [] }
    // The `…Path` twin of a number field is an overload of the number's modifier: `.timeout(path:)`.
    if field.rawValue.hasSuffix("Path"),
        siblings.contains(where: { $0.field.rawValue + "Path" == field.rawValue && isNumber($0.kind) })
    {
        return []
    }
    let name = renamed[field] ?? lowerCamel(field.rawValue)
    let fieldRef = caseName(field)
    let doc = "Sets `\(field.rawValue)`\(languageNote(spec)): \(spec.doc.prefix(1).lowercased() + spec.doc.dropFirst())"
    let pathSibling = isNumber(spec.kind) ? siblings.first { $0.field.rawValue == field.rawValue + "Path" }?.field : nil
    var out: [Method] = []
    /// A modifier whose value may be `nil`, meaning "leave the field unset" (for the types that are not
    /// literals of JSON `null`: a `Payload` or `JSONValue` `nil` is JSON `null`, so those stay required).
    func optional(_ parameter: String, _ variable: String, _ body: String, _ doc: String) -> Method {
        Method(
            name: name, parameters: parameter + "?", body: "guard let \(variable) else { return self }\nreturn " + body,
            doc: doc + " `nil` leaves the field unset.")
    }
    func pathOverload() {
        guard let pathSibling else { return }
        out.append(
            Method(
                name: name, parameters: "path: String",
                body:
                    "replacing(\(caseName(pathSibling)), with: .string(path), removing: \(fieldRef), file, line, column)",
                doc:
                    "Sets `\(pathSibling.rawValue)` (JSONPath states): `\(field.rawValue)`, read from the input at `path`.",
                language: .jsonPath, instead: "write a JSONata expression: .\(name)(.jsonata(...))"
            ))
    }
    let removing = pathSibling.map { ", removing: \(caseName($0))" } ?? ""
    let setter = pathSibling == nil ? "setting(\(fieldRef), " : "replacing(\(fieldRef), with: "
    func call(_ content: String) -> String {
        pathSibling == nil
            ? "setting(\(fieldRef), \(content), file, line, column)"
            : "\(setter)\(content)\(removing), file, line, column)"
    }
    switch spec.kind {
    case .string:
        out.append(optional("_ text: String", "text", call(".string(text)"), doc))
    case .enumeration:
        guard field == .queryLanguage else { return [] }
        out.append(optional("_ language: QueryLanguage", "language", call(".string(language.rawValue)"), doc))
    case .nullablePath:
        out.append(optional("_ path: PathOrNull", "path", call("path.content"), doc + " `.null` writes `null`."))
    case .path, .pathOrIntrinsic:
        out.append(optional("_ path: String", "path", call(".string(path)"), doc))
    case .template:
        out.append(Method(name: name, parameters: "_ payload: Payload", body: call(".template(payload)"), doc: doc))
    case .json:
        out.append(Method(name: name, parameters: "_ value: JSONValue", body: call(".json(value)"), doc: doc))
    case .dynamicInteger:
        if field.rawValue.hasSuffix("Seconds") {
            out.append(
                optional(
                    "_ duration: Duration", "duration",
                    "settingSeconds(\(fieldRef), duration\(removing), file, line, column)", doc + " Whole seconds only."
                ))
        } else {
            out.append(optional("_ value: Int", "value", call(".json(.int(value))"), doc))
        }
        out.append(
            Method(
                name: name, parameters: "_ expression: JSONataExpression", body: call(".string(expression.delimited)"),
                doc: "Sets `\(field.rawValue)` to a JSONata expression (JSONata states).", language: .jsonata,
                instead: pathSibling == nil
                    ? "write a value" : "write a value, or read it from the input with .\(name)(path:)"))
        pathOverload()
    case .dynamicNumber:
        out.append(optional("_ value: Double", "value", call(".json(.double(value))"), doc))
        out.append(
            Method(
                name: name, parameters: "_ expression: JSONataExpression", body: call(".string(expression.delimited)"),
                doc: "Sets `\(field.rawValue)` to a JSONata expression (JSONata states).", language: .jsonata,
                instead: pathSibling == nil
                    ? "write a value" : "write a value, or read it from the input with .\(name)(path:)"))
        pathOverload()
    case .dynamicString:
        out.append(optional("_ text: String", "text", call(".string(text)"), doc))
        out.append(
            Method(
                name: name, parameters: "_ expression: JSONataExpression", body: call(".string(expression.delimited)"),
                doc: "Sets `\(field.rawValue)` to a JSONata expression (JSONata states).", language: .jsonata,
                instead: pathSibling == nil
                    ? "write a value" : "write a value, or read it from the input with .\(name)(path:)"))
    default:
        return []
    }
    for i in out.indices where out[i].language == nil {
        out[i].language = spec.language
        out[i].instead =
            spec.language == .jsonPath
            ? (spec.replacement.map { $0.filter { $0 != "'" } } ?? "") : (jsonPathReplacement[field] ?? "")
    }
    return out
}

func typeList(_ types: [StateType]) -> String {
    let names = types.map(\.rawValue)
    guard names.count > 1 else { return names.first ?? "" }
    return names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
}

var out = """
    // Generated by `swift run GenerateDSL` from ASLSchema (Sources/StepFunctionsModel/Schema/ASLSchema.swift).
    // Do not edit: change the schema (or Sources/GenerateDSL) and run Scripts/generate-dsl.sh; CI checks that
    // this file is current.

    """

// Conformances to the protocols of the hand-written modifiers.
for (type, dslType) in dslTypes where type != .task {
    let protocols = structured.filter { ASLSchema.state(type).spec($0.field) != nil }.map(\.protocolName)
    if !protocols.isEmpty { out += "\nextension \(dslType): \(protocols.joined(separator: ", ")) {}\n" }
}
let taskProtocols = structured.filter { ASLSchema.state(.task).spec($0.field) != nil }.map(\.protocolName)
out += """

    /// A `"Type": "Task"` state: ``TaskStep`` and the service tasks (``LambdaInvoke``, ``SNSPublish``, ...).
    public protocol TaskDefinition: \((["StateDefinition"] + taskProtocols).joined(separator: ", ")) {}

    """

// Available modifiers, per DSL type: those of one query language only where the workflow's states
// may use it (its name type's `Language`), with unavailable versions, and a message, where they may not.
for (type, dslType) in dslTypes {
    let fields = ASLSchema.state(type).fields
    var bodies: [QueryLanguage?: String] = [:]
    var stubs: [QueryLanguage: String] = [:]
    for spec in fields {
        for m in methods(spec, siblings: fields) {
            bodies[m.language, default: ""] += """

                    /// \(m.doc)
                    public func \(m.name)(\(m.parameters), \(location)) -> Self {
                        \(m.body)
                    }

                """
            guard let language = m.language else { continue }
            let other = language == .jsonPath ? "JSONata" : "JSONPath"
            let message =
                "\(spec.field.rawValue)\(m.parameters.hasPrefix("path:") ? "Path" : "") is a \(language.rawValue) field, "
                + "but this workflow's states are \(other) (its state-name type is a \(other)StateName)"
                + (m.instead.isEmpty ? "" : "; \(m.instead)")
            stubs[language, default: ""] += """

                    /// Unavailable: \(message).
                    @available(*, unavailable, message: "\(message)")
                    public func \(m.name)(\(m.parameters), \(location)) -> Self { self }

                """
        }
    }
    if let body = bodies[nil] { out += "\nextension \(dslType) {" + body + "}\n" }
    for language in [QueryLanguage.jsonPath, .jsonata] {
        let capable = language == .jsonPath ? "JSONPathCapable" : "JSONataCapable"
        let other = language == .jsonPath ? "JSONataStates" : "JSONPathStates"
        if let body = bodies[language] {
            out += "\nextension \(dslType) where Name.Language: \(capable) {" + body + "}\n"
        }
        if let body = stubs[language] {
            out += "\nextension \(dslType) where Name.Language == \(other) {" + body + "}\n"
        }
    }
}

// Unavailable modifiers: a field's modifiers on the types that do not have it, with a message.
for (type, dslType) in dslTypes {
    var body = ""
    var seen: Set<String> = []
    for spec in ASLSchema.stateFields where !spec.owners.contains(type) {
        let owners = StateType.allCases.filter { spec.owners.contains($0) }
        let message = "\(type.rawValue) states have no \(spec.field.rawValue); only \(typeList(owners)) states have it"
        var stubs = methods(spec, siblings: ASLSchema.stateFields).map { "\($0.name)(\($0.parameters), \(location))" }
        if let s = structured.first(where: { $0.field == spec.field }) { stubs += s.stubs }
        for stub in stubs where seen.insert(stub).inserted {
            body += """

                    /// Unavailable: \(message).
                    @available(*, unavailable, message: "\(message)")
                    public func \(stub) -> Self { self }

                """
        }
    }
    if !body.isEmpty { out += "\nextension \(dslType) {" + body + "}\n" }
}

print(out, terminator: "")
