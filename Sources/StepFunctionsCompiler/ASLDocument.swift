/// An ASL JSON document read and validated in one step: what `sfn validate` and the simulator's
/// loaders use.
public struct ASLDocument: Sendable {
    /// The definition, when the document's structure allowed one (it may still have errors).
    public var definition: StateMachineDefinition?
    /// Every diagnostic from reading and validating, with line and column.
    public var diagnostics: [Diagnostic]
    /// The file name used in diagnostics.
    public var fileName: String

    /// Reads and validates ASL JSON text; `localStackPlaceholders` reads LocalStack's test-template
    /// stand-ins (`%Name%`, `_tbd_`, `__tbc__`) as `${Name}` placeholders (see ``ASLReader/Options``).
    public init(
        text: String, fileName: String = "<input>", validation: ASLValidator.Options = .init(),
        localStackPlaceholders: Bool = false
    ) {
        self.fileName = fileName
        let read = ASLReader(options: .init(fileName: fileName, localStackPlaceholders: localStackPlaceholders))
            .read(text)
        definition = read.definition
        var all = read.diagnostics
        if let definition = read.definition {
            let semantic = ASLValidator(options: validation).validate(
                definition, unreadableStates: read.unreadableStates)
            all += ASLReader.locate(semantic, in: text, file: fileName)
        }
        diagnostics = all.enumerated().sorted {
            ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset)
        }.map(\.element)
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The errors only.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// The definition when it has no errors; otherwise throws ``ValidationFailure``.
    public func validDefinition() throws(ValidationFailure) -> StateMachineDefinition {
        guard let definition, !hasErrors else { throw ValidationFailure(diagnostics: diagnostics) }
        return definition
    }
}

/// Thrown when a definition has errors: ``errors`` made it fail, ``warnings`` are kept apart.
///
/// Its text is the errors only, one `file:line:col: error: [code] message` per line (what an editor
/// or a terminal jumps to); the warnings found with them are in ``warnings``.
public struct ValidationFailure: Error, Sendable, CustomStringConvertible {
    /// All diagnostics, errors first.
    public var diagnostics: [Diagnostic]
    /// Whether warnings failed the compilation too (``CompileOptions/warningsAsErrors``).
    public var warningsAreErrors: Bool

    /// Creates a failure; with `warningsAreErrors` its warnings count among its ``errors``.
    public init(diagnostics: [Diagnostic], warningsAreErrors: Bool = false) {
        self.diagnostics = diagnostics
        self.warningsAreErrors = warningsAreErrors
    }

    /// What made the definition fail: its errors (and its warnings, when warnings are errors).
    public var errors: [Diagnostic] { diagnostics.filter(isFailing) }

    /// The other findings (warnings and notes), not part of ``description``.
    public var warnings: [Diagnostic] { diagnostics.filter { !isFailing($0) } }

    private func isFailing(_ d: Diagnostic) -> Bool {
        d.severity == .error || (warningsAreErrors && d.severity == .warning)
    }

    /// One line per error.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
