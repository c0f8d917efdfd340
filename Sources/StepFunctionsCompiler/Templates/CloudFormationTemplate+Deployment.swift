import JSONCore
internal import YAML

/// What a deployment of a template needs beyond its state machines' definitions (`sfn serve`'s
/// CloudFormation stand-in): its parameters, resources, conditions and outputs, with intrinsic
/// functions resolved by an ``IntrinsicContext``.
extension CloudFormationTemplate {
    /// A parameter the template declares.
    package struct ParameterDeclaration: Sendable {
        /// Its name.
        package var name: String
        /// `String`, `Number`, `CommaDelimitedList`, `List<...>`, `AWS::SSM::Parameter::Value<...>`...
        package var type: String
        /// Its default, as text (a list joined with commas).
        package var defaultValue: String?
        /// The values it may take (none: any).
        package var allowedValues: [String]
        /// Whether its value is hidden in answers.
        package var noEcho: Bool
    }

    /// A resource the template declares.
    package struct ResourceDeclaration: Sendable {
        /// Its logical id.
        package var logicalId: String
        /// Its type, e.g. `AWS::StepFunctions::StateMachine`.
        package var type: String
        /// The condition that decides whether it is created.
        package var condition: String?
        /// `DeletionPolicy` (`Delete`, `Retain`, `Snapshot`...).
        package var deletionPolicy: String?
        /// The names its properties refer to (Ref, Fn::GetAtt, Fn::Sub) and its `DependsOn`.
        package var references: Set<String>
    }

    /// An output the template declares.
    package struct OutputValue: Sendable {
        /// Its key.
        package var key: String
        /// Its value, resolved, as text.
        package var value: String
        /// Its description.
        package var description: String?
        /// The name it is exported under.
        package var exportName: String?
    }

    /// The template's `Description`.
    package var templateDescription: String? { source.root["Description"]?.scalar?.text }

    /// The transforms the template names (`AWS::Serverless-2016-10-31`).
    package var transforms: [String] {
        guard let node = source.root["Transform"] else { return [] }
        if let items = node.sequence { return items.compactMap { $0.scalar?.text } }
        return node.scalar.map { [$0.text] } ?? []
    }

    /// The parameters, in the order the template declares them.
    package var parameters: [ParameterDeclaration] {
        (source.root["Parameters"]?.mapping ?? []).map { entry in
            let node = entry.value
            var defaultValue: String?
            if let d = node["Default"] {
                defaultValue =
                    d.sequence.map { $0.compactMap { $0.scalar?.text }.joined(separator: ",") } ?? d.scalar?.text
            }
            return ParameterDeclaration(
                name: entry.key, type: node["Type"]?.scalar?.text ?? "String", defaultValue: defaultValue,
                allowedValues: node["AllowedValues"]?.sequence?.compactMap { $0.scalar?.text } ?? [],
                noEcho: node["NoEcho"]?.scalar.map { $0.text.lowercased() == "true" } ?? false)
        }
    }

    /// The resources, in the order the template declares them.
    package var resources: [ResourceDeclaration] {
        (source.root["Resources"]?.mapping ?? []).map { entry in
            let node = entry.value
            var references = Set<String>()
            if let properties = node["Properties"] {
                CloudFormationTemplate.collectReferences(properties, into: &references)
            }
            if let dependsOn = node["DependsOn"] {
                for item in dependsOn.sequence ?? [dependsOn] { if let s = item.scalar?.text { references.insert(s) } }
            }
            return ResourceDeclaration(
                logicalId: entry.key, type: node["Type"]?.scalar?.text ?? "",
                condition: node["Condition"]?.scalar?.text,
                deletionPolicy: node["DeletionPolicy"]?.scalar?.text, references: references)
        }
    }

    /// A resource's `Properties` with every intrinsic function resolved (`{}` when it has none).
    package func properties(of logicalId: String, context: IntrinsicContext) throws(TemplateError) -> JSONValue {
        guard let node = resource(logicalId)?["Properties"] else { return .object(JSONObject()) }
        return try IntrinsicEvaluator(source: source, context: context).value(node)?.jsonValue() ?? .null
    }

    /// The value of the template's condition `name` (`nil` when it cannot be decided).
    package func condition(_ name: String, context: IntrinsicContext) throws(TemplateError) -> Bool? {
        try IntrinsicEvaluator(source: source, context: context).evaluateCondition(named: name)
    }

    /// The outputs, resolved (those whose condition is false are left out).
    package func outputs(context: IntrinsicContext) throws(TemplateError) -> [OutputValue] {
        let evaluator = IntrinsicEvaluator(source: source, context: context)
        var out: [OutputValue] = []
        for entry in source.root["Outputs"]?.mapping ?? [] {
            let node = entry.value
            if let condition = node["Condition"]?.scalar?.text,
                try evaluator.evaluateCondition(named: condition) == false
            {
                continue
            }
            guard let value = node["Value"] else { continue }
            out.append(
                OutputValue(
                    key: entry.key, value: try evaluator.text(value).text,
                    description: try node["Description"].map { (n) throws(TemplateError) in try evaluator.text(n).text
                    },
                    exportName: try node["Export"]?["Name"].map { (n) throws(TemplateError) in
                        try evaluator.text(n).text
                    }
                ))
        }
        return out
    }

    /// Every name a node refers to: `Ref` targets, `Fn::GetAtt` resources and `Fn::Sub` variables
    /// (the part before a dot), except the variables a `Fn::Sub` defines itself.
    static func collectReferences(_ node: YAMLNode, into names: inout Set<String>) {
        switch node.content {
        case .scalar:
            return
        case .sequence(let items):
            for item in items { collectReferences(item, into: &names) }
        case .mapping(let entries):
            if let (name, argument) = IntrinsicEvaluator.intrinsic(node) {
                switch name {
                case "Ref":
                    if let s = argument.scalar?.text { names.insert(s) }
                    return
                case "Fn::GetAtt":
                    if let s = argument.scalar?.text {
                        names.insert(String(s.prefix { $0 != "." }))
                    } else if let first = argument.sequence?.first?.scalar?.text {
                        names.insert(first)
                    }
                    return
                case "Fn::Sub":
                    let text = argument.scalar?.text ?? argument.sequence?.first?.scalar?.text ?? ""
                    let local = Set(argument.sequence?.dropFirst().first?.mapping?.map(\.key) ?? [])
                    for (_, inner) in MappedText(identity: text).placeholders() where !inner.hasPrefix("!") {
                        let name = String(inner.trimmingSpaces.prefix { $0 != "." })
                        if !local.contains(name) { names.insert(name) }
                    }
                    if let variables = argument.sequence?.dropFirst().first {
                        collectReferences(variables, into: &names)
                    }
                    return
                default:
                    break
                }
            }
            for entry in entries { collectReferences(entry.value, into: &names) }
        }
    }
}
