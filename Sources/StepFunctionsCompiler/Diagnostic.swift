/// A problem found in a definition, with a stable code, the field it concerns and, where known,
/// the place in the source (a JSON file's line and column, or the Swift file and line of a DSL call).
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// AWS would reject the definition.
        case error
        /// Accepted by AWS, but likely a mistake.
        case warning
        /// Extra information attached to another diagnostic.
        case note

        private var rank: Int {
            switch self {
            case .error: return 0
            case .warning: return 1
            case .note: return 2
            }
        }

        /// Errors sort before warnings before notes.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// Error, warning or note.
    public var severity: Severity
    /// The stable code, e.g. `undefined-state`.
    public var code: DiagnosticCode
    /// What is wrong, in words that name the state and the fix.
    public var message: String
    /// The field concerned, e.g. `States.ProcessPayment.Catch[0].Next`.
    public var path: FieldPath
    /// Where in the source, when known.
    public var location: DiagnosticLocation?
    /// How AWS words this problem, when known (what `CreateStateMachine` and
    /// `ValidateStateMachineDefinition` return); `Docs/AWSWording.md` lists every wording and its evidence.
    public var aws: AWSWording?

    /// Creates a diagnostic.
    public init(
        _ severity: Severity, _ code: DiagnosticCode, _ message: String, at path: FieldPath,
        location: DiagnosticLocation? = nil, aws: AWSWording? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.path = path
        self.location = location
        self.aws = aws
    }

    /// The cause AWS gives when it rejects a definition for this problem, e.g.
    /// `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: String does not match RFC3339
    /// timestamp at /States/WaitUntil/Timestamp'`; `nil` when AWS's wording is not known.
    public var awsCause: String? {
        guard let aws, aws.isReported, aws.code != AWSWording.valueErrorCode else { return nil }
        return "Invalid State Machine Definition: '\(aws.causeText)'"
    }

    /// `FILE:LINE:COL: error: [code] States.X.Next: message` (the location part only when known).
    public var description: String {
        var out = ""
        if let location { out += location.description + ": " }
        out += "\(severity.rawValue): [\(code.rawValue)] "
        if !path.components.isEmpty { out += "\(path): " }
        out += message
        return out
    }

    /// The same text, with `file` used when the diagnostic has no location of its own.
    public func formatted(file: String) -> String {
        if location != nil { return description }
        var copy = self
        copy.location = DiagnosticLocation(file: file, line: nil, column: nil)
        return copy.description
    }
}

/// A place in a source file: a JSON document (line and column) or a Swift file (line).
public struct DiagnosticLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file's path or `#fileID`.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The 1-based column, when known.
    public var column: Int?

    /// Creates a location.
    public init(file: String, line: Int?, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, dropping the parts that are unknown.
    public var description: String {
        var out = file
        if let line {
            out += ":\(line)"
            if let column { out += ":\(column)" }
        }
        return out
    }
}

/// A stable identifier for a kind of diagnostic; tools and tests match on it.
public struct DiagnosticCode: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible
{
    /// The code text, e.g. `undefined-state`.
    public var rawValue: String

    /// Creates a code.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a code from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The code text.
    public var description: String { rawValue }

    // MARK: Reading JSON

    /// The text is not valid JSON.
    public static let jsonSyntax: DiagnosticCode = "json-syntax"
    /// An object has the same key twice (a state declared twice, a field written twice).
    public static let duplicateKey: DiagnosticCode = "duplicate-key"
    /// A field has the wrong JSON type.
    public static let wrongType: DiagnosticCode = "wrong-type"
    /// A field is not allowed where it is.
    public static let unknownField: DiagnosticCode = "unknown-field"
    /// A required field is missing.
    public static let missingField: DiagnosticCode = "missing-field"
    /// A field's value is not one of those allowed, or out of range.
    public static let invalidValue: DiagnosticCode = "invalid-value"
    /// A state's `Type` is not one of the eight state types.
    public static let unknownStateType: DiagnosticCode = "unknown-state-type"
    /// Two fields that exclude each other are both present.
    public static let conflictingFields: DiagnosticCode = "conflicting-fields"
    /// A state has neither `Next` nor `End: true`, or both.
    public static let invalidTransition: DiagnosticCode = "invalid-transition"
    /// A JSONPath does not parse or is not allowed in the field.
    public static let invalidPath: DiagnosticCode = "invalid-path"
    /// An intrinsic function call does not parse or names no intrinsic function.
    public static let invalidIntrinsic: DiagnosticCode = "invalid-intrinsic"
    /// A JSONata expression does not parse.
    public static let invalidJSONata: DiagnosticCode = "invalid-jsonata"

    // MARK: Validating the model

    /// A transition names a state that does not exist in its graph.
    public static let undefinedState: DiagnosticCode = "undefined-state"
    /// A state cannot be reached from `StartAt`.
    public static let unreachableState: DiagnosticCode = "unreachable-state"
    /// Two states share a name.
    public static let duplicateStateName: DiagnosticCode = "duplicate-state-name"
    /// A state name is longer than 80 characters or has forbidden characters.
    public static let invalidStateName: DiagnosticCode = "invalid-state-name"
    /// A graph has no state that can end it.
    public static let noTerminalState: DiagnosticCode = "no-terminal-state"
    /// `States.ALL` is not alone in its `ErrorEquals` or its retrier/catcher is not last.
    public static let statesAllPosition: DiagnosticCode = "states-all-position"
    /// A field belongs to the other query language.
    public static let queryLanguageField: DiagnosticCode = "query-language-field"
    /// A Task `Resource` is not one Step Functions recognises.
    public static let invalidResource: DiagnosticCode = "invalid-resource"
    /// A feature that EXPRESS state machines do not support.
    public static let expressUnsupported: DiagnosticCode = "express-unsupported"
    /// A state sets `QueryLanguage` to JSONPath in a machine whose top-level `QueryLanguage` is JSONata.
    public static let queryLanguageDowngrade: DiagnosticCode = "query-language-downgrade"
    /// A number is outside the range AWS accepts (Retry fields, timeouts, tolerances, batch sizes).
    public static let outOfRange: DiagnosticCode = "out-of-range"
    /// `HeartbeatSeconds` is not smaller than `TimeoutSeconds`.
    public static let heartbeatNotBelowTimeout: DiagnosticCode = "heartbeat-not-below-timeout"
    /// A Wait `Timestamp` is not an RFC 3339 timestamp such as `2026-01-01T00:00:00Z`.
    public static let invalidTimestamp: DiagnosticCode = "invalid-timestamp"
    /// A Map `Label` is empty, longer than 40 characters, or has a forbidden character.
    public static let invalidLabel: DiagnosticCode = "invalid-label"
    /// `Credentials` has no `RoleArn` (or `RoleArn.$`).
    public static let invalidCredentials: DiagnosticCode = "invalid-credentials"
    /// A Retry or Catch entry has an empty `ErrorEquals`.
    public static let emptyErrorEquals: DiagnosticCode = "empty-error-equals"
    /// A path is of a kind the field does not take (e.g. `ResultPath` naming `$$` or a variable).
    public static let invalidPathKind: DiagnosticCode = "invalid-path-kind"
    /// A variable name is longer than 80 characters, has a `.`, or is the reserved `states`.
    public static let invalidVariableName: DiagnosticCode = "invalid-variable-name"
    /// A JSONata expression reads `$states.result` or `$states.errorOutput` where it does not exist.
    public static let unavailableStatesField: DiagnosticCode = "unavailable-states-field"
    /// The definition is longer than AWS's limit (1,048,576 characters).
    public static let definitionTooLarge: DiagnosticCode = "definition-too-large"

    // MARK: Warnings

    /// A Task has no `TimeoutSeconds`: it may wait forever (AWS's default is 99999999 seconds).
    public static let taskWithoutTimeout: DiagnosticCode = "task-without-timeout"
    /// A Choice has no `Default`: an unmatched input fails with `States.NoChoiceMatched`.
    public static let choiceWithoutDefault: DiagnosticCode = "choice-without-default"
    /// A Catch has no `ResultPath`: the error output replaces the state input.
    public static let catchDropsInput: DiagnosticCode = "catch-drops-input"
    /// A field that only a DISTRIBUTED Map uses (`ItemReader`, `Label`, tolerances, ...) is on an INLINE Map.
    public static let distributedOnlyField: DiagnosticCode = "distributed-only-field"
    /// A variable name is not an identifier (`top-level`, `1st`): JSONata cannot read it.
    public static let variableNameNotIdentifier: DiagnosticCode = "variable-name-not-identifier"
    /// A state of a Parallel branch or Map processor assigns a variable an enclosing scope assigns:
    /// the run fails when the outer variable exists by then.
    public static let variableScope: DiagnosticCode = "variable-scope"
    /// A JSONPath reads a variable that no state of its scope or of an enclosing scope assigns.
    public static let undefinedVariable: DiagnosticCode = "undefined-variable"

    /// Every code declared here, in declaration order (`Docs/Validation.md` lists each one).
    public static let all: [DiagnosticCode] = [
        .jsonSyntax, .duplicateKey, .wrongType, .unknownField, .missingField, .invalidValue, .unknownStateType,
        .conflictingFields,
        .invalidTransition, .invalidPath, .invalidIntrinsic, .invalidJSONata, .undefinedState, .unreachableState,
        .duplicateStateName, .invalidStateName, .noTerminalState, .statesAllPosition, .queryLanguageField,
        .invalidResource, .expressUnsupported, .queryLanguageDowngrade, .outOfRange, .heartbeatNotBelowTimeout,
        .invalidTimestamp, .invalidLabel, .invalidCredentials, .emptyErrorEquals, .invalidPathKind,
        .invalidVariableName, .unavailableStatesField, .definitionTooLarge,
        .taskWithoutTimeout, .choiceWithoutDefault, .catchDropsInput, .distributedOnlyField, .memberOfArrayInput,
        .variableNameNotIdentifier, .variableScope, .undefinedVariable,
    ]
}

extension FieldPath {
    /// The path cut after a state's field (`States.A.Parameters["x.$"]` -> `States.A.Parameters`), which
    /// is the level at which AWS names the place of a definition error.
    var stateField: FieldPath {
        guard let i = components.lastIndex(of: .key("States")), i + 2 < components.count else { return self }
        return FieldPath(Array(components.prefix(i + 3)))
    }
}
