/// How ``StateMachine/compile(_:)`` renders a workflow.
///
/// ```swift
/// try orders.compile(CompileOptions(format: .compact, substitutions: ["TableName": "orders-prod"]))
/// ```
public struct CompileOptions: Sendable {
    /// Pretty (two-space indentation, ASL key order, trailing newline) or compact JSON.
    public enum Format: Sendable, Hashable {
        /// Two-space indented JSON with a trailing newline: for files and diffs.
        case pretty
        /// One line: for `aws stepfunctions create-state-machine --definition` and API calls.
        case compact
    }

    /// How `${Name}` placeholders left in the output are written.
    public enum PlaceholderSyntax: Sendable, Hashable {
        /// As is: CloudFormation `DefinitionSubstitutions` (and `Fn::Sub`) fill them in.
        case cloudFormation
        /// For Terraform `templatefile`: placeholders stay `${Name}`, while other `${` and every `%{`
        /// are escaped (`$${`, `%%{`) so that Terraform leaves them alone.
        case terraform
    }

    /// Pretty or compact.
    public var format: Format
    /// Values for `${Name}` placeholders, filled in now (the rest stay for the deployment tool).
    public var substitutions: [String: String]
    /// How the placeholders left are written.
    public var placeholderSyntax: PlaceholderSyntax
    /// Whether a warning fails the compilation too.
    public var warningsAsErrors: Bool
    /// Checks a JSONata expression's syntax (see ``ASLValidator/Options/jsonataSyntax``); the default
    /// is the JSONata engine's parser, so a syntax error is reported at its Swift line; `nil` skips it.
    public var jsonataSyntax: (@Sendable (String) -> String?)?

    /// Creates options.
    public init(
        format: Format = .pretty, substitutions: [String: String] = [:],
        placeholderSyntax: PlaceholderSyntax = .cloudFormation, warningsAsErrors: Bool = false,
        jsonataSyntax: (@Sendable (String) -> String?)? = ASLValidator.jsonataParser
    ) {
        self.format = format
        self.substitutions = substitutions
        self.placeholderSyntax = placeholderSyntax
        self.warningsAsErrors = warningsAsErrors
        self.jsonataSyntax = jsonataSyntax
    }
}

/// A workflow (from the DSL, or an ASL file given a name) that compiled without errors: its definition, its ASL JSON and its warnings.
public struct CompiledStateMachine: Sendable {
    /// The workflow's name.
    public var name: String
    /// STANDARD or EXPRESS.
    public var type: StateMachineType
    /// The definition as the model (what the simulator runs).
    public var definition: StateMachineDefinition
    /// The ASL JSON, rendered with the options given to ``StateMachine/compile(_:)``.
    public var json: String
    /// Warnings: legal but risky constructs (a Task without `TimeoutSeconds`, a Choice without a default).
    public var warnings: [Diagnostic]
    /// The names of the `${Name}` placeholders left in ``json``, sorted.
    public var placeholders: [String]
    /// The definition as ordered JSON after substitutions (before any Terraform escaping).
    var value: JSONValue

    /// The file name the workflow is written to: `NAME.asl.json`.
    public var fileName: String { name + ".asl.json" }

    /// Renders a definition that passed validation (`warnings` are the validator's remaining findings).
    public init(
        name: String, type: StateMachineType, definition: StateMachineDefinition, options: CompileOptions,
        warnings: [Diagnostic]
    ) {
        self.name = name
        self.type = type
        self.definition = definition
        self.warnings = warnings
        let value = Placeholders.substitute(ASLWriter().json(definition), options.substitutions)
        self.value = value
        var names: Set<String> = []
        Placeholders.collect(value, into: &names)
        placeholders = names.sorted()
        let rendered = options.placeholderSyntax == .terraform ? Placeholders.escapeForTerraform(value) : value
        json =
            options.format == .pretty ? JSONWriter.pretty.string(rendered) + "\n" : JSONWriter.compact.string(rendered)
    }
}

/// `${Name}` placeholders in the strings of a rendered definition.
enum Placeholders {
    /// Calls `body` for each `${Name}` in `text` with the name and its range (name: letters, digits, `_`, `-`, `.`).
    static func scan(_ text: String, _ body: (String, Range<String.Index>) -> Void) {
        var i = text.startIndex
        while let dollar = text[i...].firstIndex(of: "$") {
            let open = text.index(after: dollar)
            guard open < text.endIndex, text[open] == "{" else {
                i = open
                continue
            }
            var j = text.index(after: open)
            while j < text.endIndex, isNameCharacter(text[j]) { j = text.index(after: j) }
            if j < text.endIndex, text[j] == "}", j > text.index(after: open) {
                body(String(text[text.index(after: open)..<j]), dollar..<text.index(after: j))
                i = text.index(after: j)
            } else {
                i = open
            }
        }
    }

    private static func isNameCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "-" || c == "."
    }

    /// Every placeholder name used in `value`'s strings.
    static func collect(_ value: JSONValue, into names: inout Set<String>) {
        switch value {
        case .string(let s): scan(s) { name, _ in names.insert(name) }
        case .array(let items): for item in items { collect(item, into: &names) }
        case .object(let o): for (_, v) in o { collect(v, into: &names) }
        default: break
        }
    }

    /// `value` with every `${Name}` that has a substitution replaced.
    static func substitute(_ value: JSONValue, _ substitutions: [String: String]) -> JSONValue {
        guard !substitutions.isEmpty else { return value }
        return mapStrings(value) { text in
            var out = ""
            var last = text.startIndex
            scan(text) { name, range in
                guard let replacement = substitutions[name] else { return }
                out += text[last..<range.lowerBound] + replacement
                last = range.upperBound
            }
            return out + text[last...]
        }
    }

    /// `value` with `${` that is not a placeholder written `$${` and `%{` written `%%{` (Terraform's escapes).
    static func escapeForTerraform(_ value: JSONValue) -> JSONValue {
        mapStrings(value) { text in
            var placeholderStarts: Set<String.Index> = []
            scan(text) { _, range in placeholderStarts.insert(range.lowerBound) }
            var out = ""
            var i = text.startIndex
            while i < text.endIndex {
                let c = text[i]
                let next = text.index(after: i)
                if next < text.endIndex, text[next] == "{" {
                    if c == "$" && !placeholderStarts.contains(i) { out += "$" }
                    if c == "%" { out += "%" }
                }
                out.append(c)
                i = next
            }
            return out
        }
    }

    private static func mapStrings(_ value: JSONValue, _ transform: (String) -> String) -> JSONValue {
        switch value {
        case .string(let s): return .string(transform(s))
        case .array(let items): return .array(items.map { mapStrings($0, transform) })
        case .object(let o):
            var out = JSONObject(minimumCapacity: o.count)
            for (k, v) in o { out.append(key: k, value: mapStrings(v, transform)) }
            return .object(out)
        default: return value
        }
    }
}
