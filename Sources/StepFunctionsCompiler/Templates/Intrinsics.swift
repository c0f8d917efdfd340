import JSONCore
internal import YAML

/// What CloudFormation's intrinsic functions refer to.
///
/// The command line knows nothing of a deployment, so every reference it meets stays a `${...}`
/// placeholder, the form `DefinitionSubstitutions` and `Fn::Sub` use, and validation judges it as one:
/// `!Ref Table` is `${Table}`, `!GetAtt Fn.Arn` is `${Fn.Arn}`. `sfn serve`'s CloudFormation stand-in
/// knows the stack's parameters, the pseudo parameters and the resources it created, and resolves them.
package struct IntrinsicContext {
    /// The value of `Ref NAME` (a parameter, a pseudo parameter, a resource), or `nil` when unknown.
    package var ref: (String) -> JSONValue?
    /// The value of `Fn::GetAtt [RESOURCE, ATTRIBUTE]`, or `nil` when unknown.
    package var getAtt: (String, String) -> JSONValue?
    /// Whether an unknown reference is an error (a deployment) rather than a placeholder (reading).
    package var strict: Bool

    /// Knows nothing: every reference is a placeholder.
    package init() {
        ref = { _ in nil }
        getAtt = { _, _ in nil }
        strict = false
    }

    /// Resolves with the given functions; `strict` makes an unknown reference an error.
    package init(
        ref: @escaping (String) -> JSONValue?, getAtt: @escaping (String, String) -> JSONValue?, strict: Bool
    ) {
        self.ref = ref
        self.getAtt = getAtt
        self.strict = strict
    }
}

/// Evaluates intrinsic functions in a template's values: in text (`DefinitionString`, substitution
/// values) keeping track of where each byte is written, and in structures (`Definition`), where an
/// intrinsic is replaced by its value at the same place.
final class IntrinsicEvaluator {
    let source: TemplateSource
    let context: IntrinsicContext
    /// How many references were left as placeholders since the last reset.
    var unresolved = 0

    init(source: TemplateSource, context: IntrinsicContext) {
        self.source = source
        self.context = context
    }

    /// The function name and argument of a one-key mapping `{Ref: ...}` / `{Fn::Name: ...}`.
    static func intrinsic(_ node: YAMLNode) -> (name: String, argument: YAMLNode)? {
        guard case .mapping(let entries) = node.content, entries.count == 1 else { return nil }
        let key = entries[0].key
        guard key == "Ref" || key.hasPrefix("Fn::") else { return nil }
        return (key, entries[0].value)
    }

    func error(_ message: String, at node: YAMLNode) -> TemplateError {
        TemplateError(.malformed, message, at: source.location(node.position))
    }

    // MARK: Text

    /// The node as text: a string as written, a number or boolean as its text, an intrinsic
    /// function's value (or a placeholder for it).
    func text(_ node: YAMLNode) throws(TemplateError) -> MappedText {
        if let scalar = node.scalar {
            if case .string = scalar.value { return source.mappedText(node) }
            var out = MappedText()
            out.append(scalar.value.isNull ? "" : scalar.text, at: node.position.offset)
            return out
        }
        guard let (name, argument) = IntrinsicEvaluator.intrinsic(node) else {
            throw error("expected text here, found \(node.sequence != nil ? "a list" : "a mapping")", at: node)
        }
        let at = node.position.offset
        var out = MappedText()
        switch name {
        case "Ref":
            let target = try plainText(argument, what: "Ref's argument")
            if target == "AWS::NoValue" { return out }
            if let value = context.ref(target) {
                out.append(IntrinsicEvaluator.textOf(value), at: at)
            } else {
                try unknown("Ref \(target)", at: node)
                out.append("${\(target)}", at: at)
            }
        case "Fn::GetAtt":
            let (resource, attribute) = try getAttArguments(argument)
            if let value = context.getAtt(resource, attribute) {
                out.append(IntrinsicEvaluator.textOf(value), at: at)
            } else {
                try unknown("Fn::GetAtt \(resource).\(attribute)", at: node)
                out.append("${\(resource).\(attribute)}", at: at)
            }
        case "Fn::Sub":
            return try sub(argument)
        case "Fn::Join":
            guard let parts = argument.sequence, parts.count == 2 else {
                throw error("Fn::Join takes [DELIMITER, [VALUES...]]", at: argument)
            }
            let delimiter = try text(parts[0])
            if let items = parts[1].sequence {
                for (i, item) in items.enumerated() {
                    if i > 0 { out.append(delimiter) }
                    out.append(try text(item))
                }
            } else if case .array(let values)? = try value(parts[1])?.jsonValue() {
                out.append(values.map(IntrinsicEvaluator.textOf).joined(separator: delimiter.text), at: at)
            } else {
                out.append(try text(parts[1]))
            }
        case "Fn::If":
            guard let branch = try chosenBranch(argument) else { return out }
            return try text(branch)
        case "Fn::Select":
            if let item = try selected(argument) { return try text(item) }
            try unknown("Fn::Select", at: node)
            out.append("${Fn::Select}", at: at)
        case "Fn::FindInMap":
            if let found = try foundInMap(argument) { return try text(found) }
            try unknown("Fn::FindInMap", at: node)
            out.append("${\(try mapPlaceholder(argument))}", at: at)
        case "Fn::ImportValue":
            let export = try text(argument).text
            try unknown("Fn::ImportValue \(export)", at: node)
            out.append("${\(export)}", at: at)
        case "Fn::Base64":
            let inner = try text(argument).text
            out.append(Placeholder.contains(in: inner) ? inner : Base64.encode(inner), at: at)
        case "Fn::ToJsonString":
            let resolved = try value(argument)?.jsonValue() ?? .null
            out.append(JSONWriter.compact.string(resolved), at: at)
        case "Fn::Length":
            guard case .array(let items)? = try value(argument)?.jsonValue() else {
                try unknown("Fn::Length", at: node)
                out.append("${Fn::Length}", at: at)
                return out
            }
            out.append(String(items.count), at: at)
        default:
            try unknown(name, at: node)
            out.append("${\(name)}", at: at)
        }
        return out
    }

    /// `Fn::Sub`: the text with `${Name}` filled from its variables and from what the context
    /// knows; `${!Name}` is the literal `${Name}`.
    private func sub(_ argument: YAMLNode) throws(TemplateError) -> MappedText {
        var template = argument
        var variables: [YAMLMappingEntry] = []
        if let items = argument.sequence {
            guard items.count == 2, let entries = items[1].mapping else {
                throw error("Fn::Sub takes a text, or [TEXT, {NAME: VALUE, ...}]", at: argument)
            }
            template = items[0]
            variables = entries
        }
        guard template.scalar != nil else { throw error("Fn::Sub's text must be a string", at: template) }
        let base = source.mappedText(template)
        var out = MappedText()
        var copied = 0
        for (range, name) in base.placeholders() {
            var replacement: MappedText?
            if name.hasPrefix("!") {
                var literal = MappedText()
                literal.append("${", at: base.anchor(range.lowerBound))
                literal.append(base.slice((range.lowerBound + 3)..<range.upperBound))
                replacement = literal
            } else if let variable = variables.first(where: { $0.key == name }) {
                replacement = try text(variable.value)
            } else {
                let trimmed = name.trimmingSpaces
                var value: JSONValue?
                if let dot = trimmed.firstIndex(of: "."), !trimmed.hasPrefix("AWS::") {
                    value = context.getAtt(String(trimmed[..<dot]), String(trimmed[trimmed.index(after: dot)...]))
                } else {
                    value = context.ref(trimmed)
                }
                if let value {
                    var resolved = MappedText()
                    resolved.append(IntrinsicEvaluator.textOf(value), at: base.anchor(range.lowerBound))
                    replacement = resolved
                } else {
                    try unknown("${\(trimmed)}", at: template)
                }
            }
            guard let replacement else { continue }
            out.append(base.slice(copied..<range.lowerBound))
            out.append(replacement)
            copied = range.upperBound
        }
        out.append(base.slice(copied..<base.bytes.count))
        return out
    }

    // MARK: Structures

    /// The node with every intrinsic function replaced by its value, at the same place; `nil` for
    /// `Ref AWS::NoValue` (the member is dropped).
    func value(_ node: YAMLNode) throws(TemplateError) -> YAMLNode? {
        switch node.content {
        case .scalar:
            return node
        case .sequence(let items):
            var out: [YAMLNode] = []
            out.reserveCapacity(items.count)
            for item in items { if let v = try value(item) { out.append(v) } }
            return YAMLNode(.sequence(out), position: node.position)
        case .mapping(let entries):
            if let (name, argument) = IntrinsicEvaluator.intrinsic(node) {
                return try intrinsicValue(name, argument, node)
            }
            var out: [YAMLMappingEntry] = []
            out.reserveCapacity(entries.count)
            for entry in entries {
                if let v = try value(entry.value) {
                    out.append(YAMLMappingEntry(key: entry.key, keyPosition: entry.keyPosition, value: v))
                }
            }
            return YAMLNode(.mapping(out), position: node.position)
        }
    }

    private func intrinsicValue(_ name: String, _ argument: YAMLNode, _ node: YAMLNode) throws(TemplateError)
        -> YAMLNode?
    {
        switch name {
        case "Ref":
            let target = try plainText(argument, what: "Ref's argument")
            if target == "AWS::NoValue" { return nil }
            if let v = context.ref(target), !(v.isString) { return IntrinsicEvaluator.node(v, at: node.position) }
        case "Fn::GetAtt":
            let (resource, attribute) = try getAttArguments(argument)
            if let v = context.getAtt(resource, attribute), !(v.isString) {
                return IntrinsicEvaluator.node(v, at: node.position)
            }
        case "Fn::If":
            guard let branch = try chosenBranch(argument) else { return nil }
            return try value(branch)
        case "Fn::Select":
            if let item = try selected(argument) { return try value(item) }
        case "Fn::FindInMap":
            if let found = try foundInMap(argument) { return try value(found) }
        case "Fn::Length":
            if case .array(let items)? = try value(argument)?.jsonValue() {
                return IntrinsicEvaluator.node(.int(items.count), at: node.position)
            }
        default:
            break
        }
        let text = try text(node).text
        return YAMLNode(
            .scalar(YAMLScalar(text: text, style: .doubleQuoted, value: .string(text))), position: node.position)
    }

    // MARK: Pieces

    private func unknown(_ what: String, at node: YAMLNode) throws(TemplateError) {
        unresolved += 1
        if context.strict {
            throw TemplateError(.unsupported, "cannot resolve \(what)", at: source.location(node.position))
        }
    }

    private func plainText(_ node: YAMLNode, what: String) throws(TemplateError) -> String {
        guard let scalar = node.scalar else { throw error("\(what) must be a name", at: node) }
        return scalar.text
    }

    private func getAttArguments(_ argument: YAMLNode) throws(TemplateError) -> (String, String) {
        if let scalar = argument.scalar, let dot = scalar.text.firstIndex(of: ".") {
            return (String(scalar.text[..<dot]), String(scalar.text[scalar.text.index(after: dot)...]))
        }
        guard let items = argument.sequence, items.count == 2 else {
            throw error("Fn::GetAtt takes [RESOURCE, ATTRIBUTE] or 'RESOURCE.ATTRIBUTE'", at: argument)
        }
        return (try plainText(items[0], what: "Fn::GetAtt's resource"), try text(items[1]).text)
    }

    /// The branch `Fn::If` takes: the condition's when it can be evaluated, the first otherwise
    /// (what a reading without parameter values assumes); `nil` for `AWS::NoValue`.
    private func chosenBranch(_ argument: YAMLNode) throws(TemplateError) -> YAMLNode? {
        guard let items = argument.sequence, items.count == 3 else {
            throw error("Fn::If takes [CONDITION, VALUE_IF_TRUE, VALUE_IF_FALSE]", at: argument)
        }
        let condition = try plainText(items[0], what: "Fn::If's condition")
        let branch = items[(try evaluateCondition(named: condition) ?? true) ? 1 : 2]
        if let (name, argument) = IntrinsicEvaluator.intrinsic(branch), name == "Ref",
            argument.scalar?.text == "AWS::NoValue"
        {
            return nil
        }
        return branch
    }

    /// A condition's value, when every value it compares is known.
    func evaluateCondition(named name: String) throws(TemplateError) -> Bool? {
        guard let node = source.root["Conditions"]?[name] else { return nil }
        return try evaluateCondition(node)
    }

    private func evaluateCondition(_ node: YAMLNode) throws(TemplateError) -> Bool? {
        if case .bool(let b)? = node.scalar?.value { return b }
        guard case .mapping(let entries) = node.content, entries.count == 1 else { return nil }
        let argument = entries[0].value
        switch entries[0].key {
        case "Condition":
            guard let name = argument.scalar?.text else { return nil }
            return try evaluateCondition(named: name)
        case "Fn::Equals":
            guard let items = argument.sequence, items.count == 2 else { return nil }
            let before = unresolved
            let a = try text(items[0]).text
            let b = try text(items[1]).text
            return unresolved == before ? a == b : nil
        case "Fn::Not":
            guard let items = argument.sequence, items.count == 1, let v = try evaluateCondition(items[0]) else {
                return nil
            }
            return !v
        case "Fn::And", "Fn::Or":
            guard let items = argument.sequence else { return nil }
            var values: [Bool] = []
            for item in items {
                guard let v = try evaluateCondition(item) else { return nil }
                values.append(v)
            }
            return entries[0].key == "Fn::And" ? !values.contains(false) : values.contains(true)
        default:
            return nil
        }
    }

    private func selected(_ argument: YAMLNode) throws(TemplateError) -> YAMLNode? {
        guard let items = argument.sequence, items.count == 2 else {
            throw error("Fn::Select takes [INDEX, [VALUES...]]", at: argument)
        }
        guard let index = Int(try text(items[0]).text) else { return nil }
        if let list = items[1].sequence { return list.indices.contains(index) ? list[index] : nil }
        if let resolved = try value(items[1]), let list = resolved.sequence, list.indices.contains(index) {
            return list[index]
        }
        return nil
    }

    private func foundInMap(_ argument: YAMLNode) throws(TemplateError) -> YAMLNode? {
        guard let items = argument.sequence, items.count == 3 else {
            throw error("Fn::FindInMap takes [MAP, KEY, KEY]", at: argument)
        }
        let before = unresolved
        let keys = [try text(items[0]).text, try text(items[1]).text, try text(items[2]).text]
        guard unresolved == before else { return nil }
        return source.root["Mappings"]?[keys[0]]?[keys[1]]?[keys[2]]
    }

    private func mapPlaceholder(_ argument: YAMLNode) throws(TemplateError) -> String {
        guard let items = argument.sequence, let map = items.first?.scalar?.text else { return "Fn::FindInMap" }
        return map
    }

    /// A JSON value as the text an intrinsic function gives (a list joined with commas).
    static func textOf(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .array(let items): return items.map(textOf).joined(separator: ",")
        case .null: return ""
        default: return JSONWriter.compact.string(value)
        }
    }

    /// A JSON value as nodes placed at `position`.
    static func node(_ value: JSONValue, at position: SourcePosition) -> YAMLNode {
        switch value {
        case .object(let o):
            var entries: [YAMLMappingEntry] = []
            for (key, member) in o {
                entries.append(YAMLMappingEntry(key: key, keyPosition: position, value: node(member, at: position)))
            }
            return YAMLNode(.mapping(entries), position: position)
        case .array(let items):
            return YAMLNode(.sequence(items.map { node($0, at: position) }), position: position)
        case .string(let s):
            return YAMLNode(.scalar(YAMLScalar(text: s, style: .doubleQuoted, value: value)), position: position)
        default:
            return YAMLNode(
                .scalar(YAMLScalar(text: JSONWriter.compact.string(value), style: .plain, value: value)),
                position: position)
        }
    }
}

extension JSONValue {
    fileprivate var isString: Bool {
        if case .string = self { return true }
        return false
    }
}

extension String {
    /// Without leading and trailing spaces (Foundation-free).
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
