/// Checks a ``StateMachineDefinition`` against the rules AWS applies when it creates a state
/// machine, and warns about what is legal but dangerous.
///
/// Every problem is reported at once, each with a stable ``DiagnosticCode`` and the path of the
/// field concerned. The same validator serves definitions read from JSON and built with the DSL.
/// The rules live in `Validation/`, one file per concern; `Docs/Validation.md` lists every code.
public struct ASLValidator: Sendable {
    /// What to check.
    public struct Options: Sendable {
        /// STANDARD or EXPRESS.
        public var stateMachineType: StateMachineType
        /// Whether to report warnings (dangerous but legal constructs).
        public var warnings: Bool
        /// Checks the syntax of one JSONata expression (the text between `{%` and `%}`) and
        /// returns what is wrong, or `nil` when it parses. Every expression of every JSONata
        /// state is passed through it (`invalid-jsonata`). The default is the package's JSONata
        /// engine (``ASLValidator/jsonataParser``); `nil` skips the check.
        public var jsonataSyntax: (@Sendable (String) -> String?)?

        /// Creates options.
        public init(
            stateMachineType: StateMachineType = .standard, warnings: Bool = true,
            jsonataSyntax: (@Sendable (String) -> String?)? = ASLValidator.jsonataParser
        ) {
            self.stateMachineType = stateMachineType
            self.warnings = warnings
            self.jsonataSyntax = jsonataSyntax
        }
    }

    /// The options in use.
    public var options: Options

    /// Creates a validator.
    public init(options: Options = Options()) { self.options = options }

    /// Every problem in `definition`, errors first, then in document order.
    public func validate(_ definition: StateMachineDefinition) -> [Diagnostic] {
        validate(definition, unreadableStates: [])
    }

    /// Validates a definition whose reader left out `unreadableStates` (already reported): a
    /// transition to one of them is not undefined, and reachability is not judged without them.
    package func validate(_ definition: StateMachineDefinition, unreadableStates: Set<String>) -> [Diagnostic] {
        var context = ValidationContext(definition: definition, options: options)
        context.unreadableStates = unreadableStates
        context.run()
        return context.diagnostics.enumerated().sorted {
            ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset)
        }.map(\.element)
    }
}
