import JSONCore
internal import YAML

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A CloudFormation or SAM template, in JSON or YAML (`cdk.out`'s `*.template.json` included), read
/// for the state machines it declares: `AWS::StepFunctions::StateMachine` (`Definition`,
/// `DefinitionString`, `DefinitionSubstitutions`) and `AWS::Serverless::StateMachine` (`Definition`,
/// `DefinitionUri`, `DefinitionSubstitutions`).
///
/// Intrinsic functions in a definition become the `${...}` placeholders AWS would fill at deployment
/// (`!Ref Table` is `${Table}`, `!GetAtt Fn.Arn` is `${Fn.Arn}`, `!Sub` keeps its text, `!Join` joins
/// its parts, `!If` takes its first branch), so validation judges them as placeholders.
public struct CloudFormationTemplate: Sendable {
    /// The file name diagnostics use.
    public let fileName: String
    /// The logical ids of the template's state machines, in the order it declares them.
    public let stateMachineIds: [String]

    let source: TemplateSource
    /// The text of a file the template names (SAM's `DefinitionUri`), or `nil` when it cannot be read.
    let readFile: @Sendable (String) -> String?

    /// The resource types that declare a state machine.
    static let stateMachineTypes: Set<String> = ["AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"]

    /// Reads a template. `fileName` names it in diagnostics, and SAM's `DefinitionUri` files are read
    /// relative to its directory, with `readFile` (by default, from the file system).
    public init(
        text: String, fileName: String = "<input>",
        readFile: @escaping @Sendable (String) -> String? = CloudFormationTemplate.readLocalFile
    ) throws(TemplateError) {
        try self.init(source: TemplateSource.parse(text, fileName: fileName), readFile: readFile)
    }

    init(source: TemplateSource, readFile: @escaping @Sendable (String) -> String?) throws(TemplateError) {
        self.source = source
        self.fileName = source.fileName
        self.readFile = readFile
        let root = source.root
        guard root.mapping != nil else {
            throw TemplateError(
                .malformed, "a template is a mapping with a 'Resources' section", at: source.location(root.position))
        }
        guard let resources = root["Resources"] else {
            throw TemplateError(
                .malformed, "the template has no 'Resources' section", at: source.location(root.position))
        }
        guard let entries = resources.mapping else {
            throw TemplateError(
                .malformed, "'Resources' must be a mapping of logical ids to resources",
                at: source.location(resources.position))
        }
        stateMachineIds = entries.filter { entry in
            entry.value["Type"]?.scalar.map { CloudFormationTemplate.stateMachineTypes.contains($0.text) } ?? false
        }.map(\.key)
    }

    /// The state machine with logical id `logicalId`, or the template's only one when `logicalId` is
    /// `nil`; throws when there is none, when there are several and none was chosen, and when its
    /// definition cannot be read.
    public func stateMachine(_ logicalId: String? = nil) throws(TemplateError) -> DefinitionSource {
        try stateMachine(logicalId, context: IntrinsicContext())
    }

    /// Whether `text` is a template rather than a definition: a JSON or YAML mapping with a
    /// `Resources` section and no `States`.
    public static func isTemplate(_ text: String) -> Bool {
        if case .template = (try? DefinitionSource.classify(text, fileName: "<input>")) { return true }
        return false
    }

    /// Reads a file as UTF-8 text (the default way `DefinitionUri` files are read).
    @Sendable public static func readLocalFile(_ path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, 65536, file) }
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        if ferror(file) != 0 { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    // MARK: Choosing and reading a state machine

    /// The chosen state machine, its intrinsic functions resolved with `context`.
    package func stateMachine(_ logicalId: String?, context: IntrinsicContext) throws(TemplateError)
        -> DefinitionSource
    {
        let list = stateMachineIds.joined(separator: ", ")
        let chosen: String
        if let logicalId {
            guard stateMachineIds.contains(logicalId) else {
                if stateMachineIds.isEmpty {
                    throw TemplateError(
                        .unknownStateMachine,
                        "no state machine '\(logicalId)' in \(fileName): it declares no state machine "
                            + "(AWS::StepFunctions::StateMachine or AWS::Serverless::StateMachine)")
                }
                var message = "no state machine '\(logicalId)' in \(fileName)"
                if let type = resource(logicalId)?["Type"]?.scalar?.text {
                    message = "'\(logicalId)' in \(fileName) is an \(type), not a state machine"
                }
                message += "; its state machines: \(list)"
                if let s = Suggestions.closest(to: logicalId, in: stateMachineIds) {
                    message += "; did you mean '\(s)'?"
                }
                throw TemplateError(.unknownStateMachine, message)
            }
            chosen = logicalId
        } else {
            switch stateMachineIds.count {
            case 0:
                throw TemplateError(
                    .noStateMachine,
                    "\(fileName) declares no state machine (AWS::StepFunctions::StateMachine or "
                        + "AWS::Serverless::StateMachine)", at: source.location(source.root.position))
            case 1:
                chosen = stateMachineIds[0]
            default:
                throw TemplateError(
                    .ambiguous,
                    "\(fileName) declares \(stateMachineIds.count) state machines (\(list)); choose one by its "
                        + "logical id (sfn: --state-machine ID)")
            }
        }
        return try read(chosen, context: context)
    }

    /// The resource with logical id `id`.
    func resource(_ id: String) -> YAMLNode? { source.root["Resources"]?[id] }

    /// Where member `key` of the resource `id` is written.
    func keyLocation(_ id: String, _ keys: String...) -> DiagnosticLocation? {
        var path = FieldPath.root.appending("Resources").appending(id)
        for key in keys { path = path.appending(key) }
        return source.root.exactPosition(of: path).map(source.location)
    }

    private func read(_ id: String, context: IntrinsicContext) throws(TemplateError) -> DefinitionSource {
        guard let resource = resource(id), let type = resource["Type"]?.scalar?.text else {
            throw TemplateError(.unknownStateMachine, "no state machine '\(id)' in \(fileName)")
        }
        guard let properties = resource["Properties"], properties.mapping != nil else {
            throw TemplateError(
                .malformed, "state machine '\(id)' has no 'Properties' (its definition goes there)",
                at: keyLocation(id))
        }
        let sam = type == "AWS::Serverless::StateMachine"
        let evaluator = IntrinsicEvaluator(source: source, context: context)
        let kinds = sam ? ["Definition", "DefinitionUri"] : ["Definition", "DefinitionString", "DefinitionS3Location"]
        let present = kinds.filter { properties[$0] != nil }
        guard let kind = present.first else {
            throw TemplateError(
                .malformed,
                "state machine '\(id)' has no definition: give it "
                    + kinds.map { "'\($0)'" }.joined(separator: sam ? " or " : ", "),
                at: keyLocation(id, "Properties"))
        }
        guard present.count == 1 else {
            throw TemplateError(
                .malformed, "state machine '\(id)' has both '\(present[0])' and '\(present[1])'; give only one",
                at: keyLocation(id, "Properties", present[1]))
        }
        let node = properties[kind]!
        let origin: DefinitionSource.Origin
        var file = fileName
        switch kind {
        case "Definition":
            guard let resolved = try evaluator.value(node), resolved.mapping != nil else {
                throw TemplateError(
                    .malformed, "'Definition' of state machine '\(id)' must be a mapping: the definition as an object",
                    at: source.location(node.position))
            }
            origin = .tree(resolved)
        case "DefinitionString":
            if node.scalar == nil && IntrinsicEvaluator.intrinsic(node) == nil {
                throw TemplateError(
                    .malformed,
                    "'DefinitionString' of state machine '\(id)' must be text (or Fn::Sub / Fn::Join); "
                        + "an object goes in 'Definition'", at: source.location(node.position))
            }
            origin = .text(try evaluator.text(node), source.lines)
        case "DefinitionS3Location":
            var where_ = "S3"
            if let bucket = node["Bucket"]?.scalar?.text, let key = node["Key"]?.scalar?.text {
                where_ = "s3://\(bucket)/\(key)"
            }
            throw TemplateError(
                .unsupported,
                "state machine '\(id)' keeps its definition in S3 (DefinitionS3Location, \(where_)), which sfn does "
                    + "not download; save it beside the template and read that file, or write it in 'Definition'",
                at: keyLocation(id, "Properties", kind))
        default:  // DefinitionUri
            (origin, file) = try readDefinitionUri(node, id: id, evaluator: evaluator)
        }
        var substitutions: [String: String] = [:]
        if let node = properties["DefinitionSubstitutions"] {
            guard let entries = node.mapping else {
                throw TemplateError(
                    .malformed,
                    "'DefinitionSubstitutions' of state machine '\(id)' must be a mapping of names to values",
                    at: source.location(node.position))
            }
            for entry in entries { substitutions[entry.key] = try evaluator.text(entry.value).text }
        }
        let typeKey = sam ? "Type" : "StateMachineType"
        let nameKey = sam ? "Name" : "StateMachineName"
        let typeText = try properties[typeKey].map { (n) throws(TemplateError) in try evaluator.text(n).text }
        var name = try properties[nameKey].map { (n) throws(TemplateError) in try evaluator.text(n).text }
        if let n = name, Placeholder.contains(in: n) { name = nil }
        return DefinitionSource(
            file: file, logicalId: id, resourceType: type, name: name,
            type: typeText == "EXPRESS" ? .express : .standard, substitutions: substitutions, origin: origin)
    }

    /// SAM's `DefinitionUri`: a local file, relative to the template's directory (JSON or YAML).
    private func readDefinitionUri(_ node: YAMLNode, id: String, evaluator: IntrinsicEvaluator) throws(TemplateError)
        -> (DefinitionSource.Origin, String)
    {
        let location = keyLocation(id, "Properties", "DefinitionUri")
        var uri = ""
        if node.mapping != nil && IntrinsicEvaluator.intrinsic(node) == nil {
            uri = "s3://\(node["Bucket"]?.scalar?.text ?? "?")/\(node["Key"]?.scalar?.text ?? "?")"
        } else {
            uri = try evaluator.text(node).text
        }
        if uri.hasPrefix("s3://") || uri.hasPrefix("https://") {
            throw TemplateError(
                .unsupported,
                "state machine '\(id)' keeps its definition in S3 (DefinitionUri \(uri)), which sfn does not "
                    + "download; point DefinitionUri at a local file (as 'sam build' reads it)", at: location)
        }
        if Placeholder.contains(in: uri) {
            throw TemplateError(
                .unsupported, "the DefinitionUri of state machine '\(id)' is built from references (\(uri))",
                at: location)
        }
        let path = CloudFormationTemplate.path(uri, relativeTo: fileName)
        guard let text = readFile(path) else {
            throw TemplateError(
                .missingFile,
                "cannot read \(path), the DefinitionUri of state machine '\(id)' (relative to the template's directory)",
                at: location)
        }
        if TemplateSource.startsLikeJSON(text) {
            return (.text(MappedText(identity: text), LineTable(text)), path)
        }
        let file = try TemplateSource.parse(text, fileName: path)
        guard file.root.mapping != nil else {
            throw TemplateError(
                .malformed, "\(path) (the DefinitionUri of '\(id)') is not a definition", at: location)
        }
        return (.tree(file.root), path)
    }

    /// `uri` read from the directory of the file `base` (the working directory for standard input).
    static func path(_ uri: String, relativeTo base: String) -> String {
        if uri.hasPrefix("/") { return uri }
        guard let slash = base.lastIndex(of: "/"), base != "-", !base.hasPrefix("<") else { return uri }
        var relative = Substring(uri)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        return String(base[...slash]) + relative
    }
}
