import JSONCore
import StepFunctionsCompiler
import Testing

/// Broken input: each case must give one clear error of the expected code (and nothing crashes).
struct MalformedCase: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    let code: DiagnosticCode
    /// Where the one error must point (`/`-separated field path).
    let path: String

    var testDescription: String { name }
}

private let good = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"x": [1, 2.5, "s"]}, "End": true}}}"#

let malformedCases: [MalformedCase] =
    // Every proper prefix of a good document is truncated JSON.
    stride(from: 1, to: good.count, by: 7).map { n in
        MalformedCase(
            name: "truncated after \(n) characters", text: String(good.prefix(n)), code: .jsonSyntax, path: "/")
    } + [
        MalformedCase(name: "empty text", text: "", code: .jsonSyntax, path: "/"),
        MalformedCase(name: "a string document", text: #""StartAt""#, code: .wrongType, path: "/"),
        MalformedCase(
            name: "States is an array", text: #"{"StartAt": "A", "States": [{"Type": "Pass"}]}"#, code: .wrongType,
            path: "/States"),
        MalformedCase(
            name: "a state is a string", text: #"{"StartAt": "A", "States": {"A": "Pass"}}"#, code: .wrongType,
            path: "/States/A"),
        MalformedCase(
            name: "States is empty", text: #"{"StartAt": "A", "States": {}}"#, code: .missingField, path: "/States"),
        MalformedCase(name: "no States", text: #"{"StartAt": "A"}"#, code: .missingField, path: "/"),
        MalformedCase(
            name: "End is a string", text: ASL.one(#""Type": "Pass", "End": "true""#), code: .wrongType,
            path: "/States/S/End"),
        MalformedCase(
            name: "Retry is an object",
            text: ASL.one(
                #""Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": {"ErrorEquals": ["E"]}, "End": true"#
            ),
            code: .wrongType, path: "/States/S/Retry"),
        MalformedCase(
            name: "ErrorEquals holds a number",
            text: ASL.one(
                #""Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": [1]}], "End": true"#
            ),
            code: .wrongType, path: "/States/S/Retry/0/ErrorEquals/0"),
        MalformedCase(
            name: "a fractional IntervalSeconds",
            text: ASL.one(
                #""Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 1.5}], "End": true"#
            ),
            code: .wrongType, path: "/States/S/Retry/0/IntervalSeconds"),
        MalformedCase(
            name: "a huge TimeoutSeconds beyond 64 bits",
            text: ASL.one(
                #""Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 123456789012345678901234567890, "End": true"#
            ),
            code: .wrongType, path: "/States/S/TimeoutSeconds"),
        MalformedCase(
            name: "a TimeoutSeconds past the AWS limit",
            text: ASL.one(
                #""Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 100000000, "End": true"#
            ),
            code: .outOfRange, path: "/States/S/TimeoutSeconds"),
        MalformedCase(
            name: "a number too large for a double",
            text: ASL.one(#""Type": "Wait", "Seconds": 1e400, "End": true"#), code: .jsonSyntax, path: "/"),
        MalformedCase(
            name: "a path with an unclosed filter",
            text: ASL.one(#""Type": "Pass", "InputPath": "$.a[?(@.b == 1]", "End": true"#), code: .invalidPath,
            path: "/States/S/InputPath"),
        MalformedCase(
            name: "a payload path that does not start with $",
            text: ASL.one(#""Type": "Pass", "Parameters": {"a.$": "a.b"}, "End": true"#), code: .invalidIntrinsic,
            path: "/States/S/Parameters/a.$"),
        MalformedCase(
            name: "an intrinsic with an illegal escape",
            text: ASL.one(#""Type": "Pass", "Parameters": {"a.$": "States.Format('\\x')"}, "End": true"#),
            code: .invalidIntrinsic, path: "/States/S/Parameters/a.$"),
        MalformedCase(
            name: "a Choice variable that is not a path",
            text: ASL.states(
                #""A": {"Type": "Choice", "Choices": [{"Variable": "x", "IsPresent": true, "Next": "B"}], "Default": "B"}, "B": {"Type": "Succeed"}"#
            ),
            code: .invalidPath, path: "/States/A/Choices/0/Variable"),
        MalformedCase(
            name: "a comparison of the wrong type",
            text: ASL.states(
                #""A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": "1", "Next": "B"}], "Default": "B"}, "B": {"Type": "Succeed"}"#
            ),
            code: .wrongType, path: "/States/A/Choices/0/NumericEquals"),
        MalformedCase(
            name: "Items given as a plain string",
            text: ASL.one(
                #""Type": "Map", "QueryLanguage": "JSONata", "Items": "LIST", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true"#
            ),
            code: .wrongType, path: "/States/S/Items"),
        MalformedCase(
            name: "deep nesting inside a payload",
            text: ASL.one(
                #""Type": "Pass", "Result": \#(String(repeating: "[", count: 10_000))\#(String(repeating: "]", count: 10_000)), "End": true"#
            ),
            code: .jsonSyntax, path: "/"),
    ]

@Suite("Malformed input")
struct MalformedInputTests {
    @Test("each malformed input gives one clear error", arguments: malformedCases)
    func oneClearError(_ c: MalformedCase) {
        let errors = ASL.errors(c.text)
        #expect(errors.count == 1, "expected one error, got:\n\(summary(errors))")
        guard let e = errors.first else { return }
        #expect(e.code == c.code, "\(e)")
        #expect(e.path.slashDescription == c.path, "\(e)")
        #expect(e.location?.line != nil, "\(e)")
        #expect(!e.message.isEmpty)
    }

    @Test("a definition nested 100 levels deep (Parallel in Parallel) reads and validates")
    func deepDefinition() {
        var text = #"{"StartAt": "L", "States": {"L": {"Type": "Pass", "End": true}}}"#
        for i in 0..<100 {
            text =
                #"{"StartAt": "P\#(i)", "States": {"P\#(i)": {"Type": "Parallel", "End": true, "Branches": [\#(text)]}}}"#
        }
        let document = ASLDocument(text: text)
        #expect(document.definition != nil)
        #expect(document.errors.isEmpty, "\(summary(document.errors))")
    }

    @Test("random bytes never crash the reader")
    func randomBytes() {
        var generator = SplitMix64(seed: 42)
        let alphabet = Array(#"{}[]:,"\ $.aSt1e-+0E"#)
        for _ in 0..<300 {
            let length = Int(generator.next() % 80)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            let document = ASLDocument(text: text)
            #expect(document.definition == nil || document.diagnostics.allSatisfy { !$0.message.isEmpty })
        }
    }
}
