/// AWS's own wording of a definition error: its code, message and the place it names, as
/// `CreateStateMachine`/`UpdateStateMachine` (`InvalidDefinition`) and `ValidateStateMachineDefinition`
/// (its diagnostics) report it. `Docs/AWSWording.md` lists every wording with its evidence.
public struct AWSWording: Sendable, Hashable {
    /// `SCHEMA_VALIDATION_FAILED`, `MISSING_TRANSITION_TARGET`, ...
    public var code: String
    /// The message without its location.
    public var message: String
    /// The field AWS names (usually the state's field, not a key inside it).
    public var path: FieldPath
    /// How AWS names the place: the field path, nothing, or a text of its own.
    public var place: Place
    /// Whether AWS reports the problem at all; false when AWS leaves it out because another
    /// problem covers it (a state only reachable from an unreachable one, unreachable states of a
    /// workflow without a terminal state).
    public var isReported: Bool

    /// How AWS names where a problem is.
    public enum Place: Sendable, Hashable {
        /// The field path in AWS's notation: `/States/P/Branches[0]/States/A/Next`.
        case path
        /// No place: `ValidateStateMachineDefinition` leaves `location` out and `CreateStateMachine`
        /// writes `at null`.
        case none
        /// A text of its own, e.g. Jackson's `[Source: (String)"..."; line: 1, column: 4]`.
        case text(String)
    }

    /// Creates a wording.
    public init(
        code: String = "SCHEMA_VALIDATION_FAILED", _ message: String, at path: FieldPath, place: Place = .path,
        isReported: Bool = true
    ) {
        self.code = code
        self.message = message
        self.path = path
        self.place = place
        self.isReported = isReported
    }

    /// The `location` of the diagnostic in `ValidateStateMachineDefinition`'s answer (`nil`: none).
    public var location: String? {
        switch place {
        case .path: return path.awsDescription
        case .none: return nil
        case .text(let text): return text
        }
    }

    /// `CODE: message at location`: one problem inside `CreateStateMachine`'s
    /// `Invalid State Machine Definition: '...'`.
    public var causeText: String { "\(code): \(message) at \(location ?? "null")" }

    /// The wording of a problem AWS leaves out of its answer (see ``isReported``).
    static func unreported(at path: FieldPath) -> AWSWording {
        AWSWording(code: "", "", at: path, isReported: false)
    }

    // MARK: Answers

    /// The codes of AWS's checks of the state graph (transitions, terminal states), which AWS runs only
    /// when the definition passed its schema validation.
    static let graphCodes: Set<String> = ["MISSING_TRANSITION_TARGET", "MISSING_END_STATE"]

    /// The errors among `diagnostics` that AWS reports, in the order it reports them: warnings and
    /// notes dropped, errors AWS leaves out (``isReported`` false) dropped, and, when any error is a
    /// schema error (`SCHEMA_VALIDATION_FAILED`), the graph errors (`MISSING_TRANSITION_TARGET`,
    /// `MISSING_END_STATE`) dropped; the errors as they are when nothing would be left.
    public static func reportedErrors(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        let errors = diagnostics.filter { $0.severity == .error }
        var reported = errors.filter { $0.aws?.isReported ?? true }
        if reported.contains(where: { answering($0).code == "SCHEMA_VALIDATION_FAILED" }) {
            reported.removeAll { graphCodes.contains(answering($0).code) }
        }
        return reported.isEmpty ? errors : reported
    }

    /// The wording `diagnostic` gets in AWS-shaped answers: its own, or (where AWS's words are not
    /// known) our message under AWS's most common code, `SCHEMA_VALIDATION_FAILED`, at our field.
    public static func answering(_ diagnostic: Diagnostic) -> AWSWording {
        if let aws = diagnostic.aws, aws.isReported { return aws }
        return AWSWording(diagnostic.message, at: diagnostic.path)
    }

    /// The message of the `InvalidDefinition` error `CreateStateMachine` and `UpdateStateMachine`
    /// return for a definition with `diagnostics`: `Invalid State Machine Definition: 'A, B'`, each
    /// problem as ``causeText``, joined with `", "` in AWS's order; or, when a problem is a Python
    /// `ValueError` (a Map's `Label`), `Error=ValueError Args=[...] in definition '<definition>'.`.
    /// `nil` when there is no error.
    public static func invalidDefinitionMessage(for diagnostics: [Diagnostic], definition: String) -> String? {
        let errors = reportedErrors(diagnostics)
        guard !errors.isEmpty else { return nil }
        if let aws = errors.lazy.compactMap(\.aws).first(where: { $0.code == valueErrorCode }) {
            return "Error=ValueError Args=\(aws.message) in definition '\(definition)'."
        }
        let parts = errors.map { answering($0).causeText }
        return "Invalid State Machine Definition: '\(parts.joined(separator: ", "))'"
    }

    // MARK: Python ValueError

    /// The code of problems AWS reports as a Python `ValueError` (`Error=ValueError Args=[...] in
    /// definition '...'.`, e.g. a Map's `Label`): the message is the `Args` list as Python prints it.
    public static let valueErrorCode = "ValueError"

    /// A `ValueError` wording with one argument.
    static func valueError(_ argument: String, at path: FieldPath) -> AWSWording {
        AWSWording(code: valueErrorCode, "[\(pythonRepr(argument))]", at: path)
    }

    /// A string as Python's `repr` prints it (AWS's ValueError messages quote their arguments so).
    static func pythonRepr(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote {
                    out += "\\" + String(quote)
                } else if isPrintableInPython(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x100 {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value < 0x10000 {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        out.append(quote)
        return out
    }

    /// Python's `str.isprintable` for one character: not a control, format, surrogate, private-use,
    /// unassigned or separator character, except the space.
    private static func isPrintableInPython(_ c: Unicode.Scalar) -> Bool {
        if c == " " { return true }
        switch c.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator,
            .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension FieldPath {
    /// The path as AWS writes it in definition errors: keys after `/`, indices in brackets after
    /// their array (`/States/P/Branches[0]/States/A/Retry[1]/ErrorEquals[0]`); `/` for the root.
    var awsDescription: String {
        var out = ""
        for c in components {
            switch c {
            case .key(let k): out += "/" + k
            case .index(let i): out += "[\(i)]"
            }
        }
        return out.isEmpty ? "/" : out
    }
}
