/// A template, or a file a template names, that no definition can be read from: what is wrong and
/// where.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of problem, so that callers can tell a bad file from a missing choice.
    public enum Kind: String, Sendable, Hashable {
        /// The text is neither JSON nor YAML, or not shaped like a template (no `Resources` mapping).
        case malformed
        /// The template declares no state machine.
        case noStateMachine
        /// The template declares several state machines and none was chosen.
        case ambiguous
        /// No state machine has the logical id asked for.
        case unknownStateMachine
        /// The state machine's definition is somewhere this reader does not go (S3), or is built
        /// with something it cannot follow.
        case unsupported
        /// A file the template names (SAM's `DefinitionUri`) cannot be read.
        case missingFile
        /// A logical id was asked for, but the file is a definition, not a template.
        case notATemplate
    }

    /// What kind of problem this is.
    public var kind: Kind
    /// What is wrong, in a sentence that names the fix.
    public var message: String
    /// Where, when known (the template, or the file it names).
    public var location: DiagnosticLocation?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, at location: DiagnosticLocation? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    /// `FILE:LINE:COL: error: message` (the location part only when known).
    public var description: String {
        (location.map { "\($0): " } ?? "") + "error: " + message
    }
}
