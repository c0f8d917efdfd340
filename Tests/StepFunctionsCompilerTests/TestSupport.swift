import JSONCore
import StepFunctionsCompiler
import Testing

/// Small helpers shared by the compiler tests; no test reads files outside the package.
enum ASL {
    /// A machine whose only state `S` has the given body (the text inside the state's braces).
    static func one(_ body: String, top: String = "") -> String {
        #"{\#(top)"StartAt": "S", "States": {"S": {\#(body)}}}"#
    }

    /// A machine with the given `States` members (text inside the braces) starting at `A`.
    static func states(_ members: String, top: String = "") -> String {
        #"{\#(top)"StartAt": "A", "States": {\#(members)}}"#
    }

    /// A Lambda task body that ends the machine.
    static let lambdaTask =
        #""Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "TimeoutSeconds": 30, "End": true"#

    /// Reads and validates `text`.
    static func diagnose(_ text: String, express: Bool = false, warnings: Bool = false) -> [Diagnostic] {
        ASLDocument(
            text: text, fileName: "test.asl.json",
            validation: .init(stateMachineType: express ? .express : .standard, warnings: warnings)
        ).diagnostics
    }

    /// The errors of `text`.
    static func errors(_ text: String, express: Bool = false) -> [Diagnostic] {
        diagnose(text, express: express).filter { $0.severity == .error }
    }
}

/// Describes diagnostics for failure messages.
func summary(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.isEmpty ? "(none)" : diagnostics.map(\.description).joined(separator: "\n")
}
