import JSONCore
internal import YAML

/// A definition read from where it is kept: an ASL file (JSON, with `${Name}` placeholders as
/// Terraform's `templatefile` and `DefinitionSubstitutions` use them, or YAML), or one state machine of
/// a CloudFormation/SAM template (``CloudFormationTemplate``). Diagnostics point at the line and
/// column of the file the definition is written in.
public struct DefinitionSource: Sendable {
    /// The file the definition is written in (the template, or the file its `DefinitionUri` names).
    public let file: String
    /// The state machine's logical id in its template (`nil` for an ASL file).
    public let logicalId: String?
    /// The template resource's type (`AWS::StepFunctions::StateMachine`, `AWS::Serverless::StateMachine`).
    public let resourceType: String?
    /// The state machine's name when the template gives it as text (`StateMachineName`, SAM's `Name`).
    public let name: String?
    /// STANDARD or EXPRESS, as the template declares it (`nil` for an ASL file).
    public let type: StateMachineType?
    /// The template's `DefinitionSubstitutions`, each value as text (references as `${...}` placeholders).
    public let substitutions: [String: String]
    /// The definition as written: ASL JSON, with intrinsic functions as `${...}` placeholders and no
    /// substitution applied.
    public let definitionText: String

    let origin: Origin

    /// Where the definition's text comes from, for placing diagnostics.
    enum Origin: Sendable {
        /// Text (a `DefinitionString`, a JSON file) whose bytes are mapped into `lines`' file.
        case text(MappedText, LineTable)
        /// A structure (a `Definition` object, a YAML file): diagnostics are placed by field path.
        case tree(YAMLNode)
    }

    init(
        file: String, logicalId: String?, resourceType: String?, name: String?, type: StateMachineType?,
        substitutions: [String: String], origin: Origin
    ) {
        self.file = file
        self.logicalId = logicalId
        self.resourceType = resourceType
        self.name = name
        self.type = type
        self.substitutions = substitutions
        self.origin = origin
        switch origin {
        case .text(let mapped, _): definitionText = mapped.text
        case .tree(let node): definitionText = JSONWriter.pretty.string(node.jsonValue())
        }
    }

    /// Reads a definition file or a template: ASL JSON (read as it is, placeholders and all), ASL in
    /// YAML, or a CloudFormation/SAM template, whose state machine `stateMachine` (a logical id; the
    /// only one when `nil`) is taken. SAM's `DefinitionUri` files are read with `readFile`.
    public init(
        text: String, fileName: String = "<input>", stateMachine: String? = nil,
        readFile: @escaping @Sendable (String) -> String? = CloudFormationTemplate.readLocalFile
    ) throws(TemplateError) {
        switch try DefinitionSource.classify(text, fileName: fileName) {
        case .template(let source):
            self = try CloudFormationTemplate(source: source, readFile: readFile).stateMachine(stateMachine)
            return
        case .yamlDefinition(let root):
            self.init(
                file: fileName, logicalId: nil, resourceType: nil, name: nil, type: nil, substitutions: [:],
                origin: .tree(root))
        case .jsonDefinition:
            self.init(
                file: fileName, logicalId: nil, resourceType: nil, name: nil, type: nil, substitutions: [:],
                origin: .text(MappedText(identity: text), LineTable(text)))
        }
        if let stateMachine {
            throw TemplateError(
                .notATemplate,
                "\(fileName) is a definition, not a template, so there is no state machine '\(stateMachine)' to choose")
        }
    }

    /// Whether the definition comes from a template.
    public var isTemplate: Bool { logicalId != nil }

    // MARK: Reading

    /// The definition with its placeholders filled from the template's `DefinitionSubstitutions` and
    /// `substitutions` (which win), as CloudFormation does it: the text of each value replaces
    /// `${Name}` (nothing is escaped, so a number put between quotes is a string), and the values put
    /// in are filled in turn. A placeholder nobody fills stays as it is.
    public func text(substitutions: [String: String] = [:]) -> String { substituted(substitutions).text }

    /// The names of the `${...}` placeholders left after filling them as ``text(substitutions:)``
    /// does, each once, in order of appearance.
    public func placeholders(substitutions: [String: String] = [:]) -> [String] {
        var seen = Set<String>()
        return substituted(substitutions).placeholders().map(\.name).filter { seen.insert($0).inserted }
    }

    /// Reads the definition as written (placeholders kept), with diagnostics placed in ``file``.
    public func read() -> ASLReader.Result {
        let mapped = textMapping
        var result = ASLReader(options: .init(fileName: file)).read(mapped.text)
        result.diagnostics = relocate(result.diagnostics, in: mapped)
        return result
    }

    /// Reads and validates the definition after filling its placeholders (``text(substitutions:)``),
    /// as AWS would judge what the deployment creates: placeholders left are judged as placeholders.
    /// EXPRESS rules apply when the template declares an EXPRESS state machine or `validation` asks
    /// for them. Diagnostics are placed in ``file``.
    public func document(
        substitutions: [String: String] = [:], validation: ASLValidator.Options = .init(),
        localStackPlaceholders: Bool = false
    ) -> ASLDocument {
        var options = validation
        if type == .express { options.stateMachineType = .express }
        let mapped = substituted(substitutions)
        var document = ASLDocument(
            text: mapped.text, fileName: file, validation: options, localStackPlaceholders: localStackPlaceholders)
        document.diagnostics = relocate(document.diagnostics, in: mapped)
        return document
    }

    // MARK: Mapping

    /// The definition text as written, with its origins.
    var textMapping: MappedText {
        switch origin {
        case .text(let mapped, _): return mapped
        case .tree: return MappedText(identity: definitionText)
        }
    }

    func substituted(_ given: [String: String]) -> MappedText {
        var all = substitutions
        for (k, v) in given { all[k] = v }
        return textMapping.substituting(all)
    }

    /// Diagnostics found in `mapped`'s text, placed in the file the definition is written in.
    func relocate(_ diagnostics: [Diagnostic], in mapped: MappedText) -> [Diagnostic] {
        switch origin {
        case .text(let original, let lines):
            if original.marks.count == 1, mapped.bytes == original.bytes, case .source(0) = original.marks[0].origin {
                return diagnostics  // the file itself, unchanged
            }
            let textLines = LineTable(bytes: mapped.bytes)
            return diagnostics.map { d in
                var d = d
                if let location = d.location, let line = location.line {
                    let offset = textLines.offset(line: line, column: location.column ?? 1)
                    let p = mapped.sourcePosition(at: offset, in: lines)
                    d.location = DiagnosticLocation(file: file, line: p.line, column: p.column)
                }
                return d
            }
        case .tree(let root):
            return diagnostics.map { d in
                var d = d
                let p = d.code == .jsonSyntax ? root.position : root.position(of: d.path)
                d.location = DiagnosticLocation(file: file, line: p.line, column: p.column)
                return d
            }
        }
    }

    // MARK: Telling templates from definitions

    enum Kind {
        case template(TemplateSource)
        case yamlDefinition(YAMLNode)
        case jsonDefinition
    }

    /// What `text` holds. JSON that does not parse is a definition (the reader reports where it
    /// breaks); YAML that does not parse is reported when it reads like a template or a definition.
    static func classify(_ text: String, fileName: String) throws(TemplateError) -> Kind {
        if TemplateSource.startsLikeJSON(text) {
            // Only two top-level keys matter: the document form validates the whole text without
            // building the tree (which the reader builds next, with its source map).
            guard let document = try? JSONDocument(parsing: text), document.root["Resources"] != nil,
                document.root["States"] == nil
            else {
                return .jsonDefinition
            }
            return .template(try TemplateSource.parse(text, fileName: fileName))
        }
        let source: TemplateSource
        do {
            source = try TemplateSource.parse(text, fileName: fileName)
        } catch {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.prefix(40) }
            let marks = ["Resources:", "AWSTemplateFormatVersion:", "Transform:", "StartAt:", "States:"]
            if lines.contains(where: { line in marks.contains(where: { line.hasPrefix($0) }) }) { throw error }
            return .jsonDefinition
        }
        guard source.root.mapping != nil else { return .jsonDefinition }
        if source.root["Resources"] != nil && source.root["States"] == nil { return .template(source) }
        if source.root["States"] != nil || source.root["StartAt"] != nil { return .yamlDefinition(source.root) }
        return .jsonDefinition
    }
}

extension ASLDocument {
    /// Reads and validates one state machine of a CloudFormation/SAM template (its only one when
    /// `stateMachine` is `nil`), placeholders filled from its `DefinitionSubstitutions` and `substitutions`.
    public init(
        template text: String, fileName: String = "<input>", stateMachine: String? = nil,
        substitutions: [String: String] = [:], validation: ASLValidator.Options = .init()
    ) throws(TemplateError) {
        self = try CloudFormationTemplate(text: text, fileName: fileName).stateMachine(stateMachine).document(
            substitutions: substitutions, validation: validation)
    }
}
