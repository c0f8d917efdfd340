import JSONCore
import StepFunctionsCompiler
import Testing

/// A reader diagnostic: input text, the code, the field path and the line and column it must carry.
struct ReaderCase: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    let code: DiagnosticCode
    let path: String
    let line: Int
    let column: Int

    var testDescription: String { name }
}

let readerCases: [ReaderCase] = [
    ReaderCase(
        name: "invalid JSON", text: "{\n  \"StartAt\": \"A\",\n  \"States\": {\n", code: .jsonSyntax, path: "/",
        line: 4, column: 1),
    ReaderCase(
        name: "a top level that is not an object", text: "[1]", code: .wrongType, path: "/", line: 1, column: 1),
    ReaderCase(
        name: "StartAt of the wrong type", text: "{\n\"StartAt\": 1,\n\"States\": {\"A\": {\"Type\": \"Succeed\"}}}",
        code: .wrongType, path: "/StartAt", line: 2, column: 1),
    ReaderCase(
        name: "a misspelt field",
        text: "{\"StartAt\": \"A\", \"States\": {\"A\": {\n  \"Type\": \"Pass\",\n  \"Nxt\": \"B\", \"End\": true}}}",
        code: .unknownField, path: "/States/A/Nxt", line: 3, column: 3),
    ReaderCase(
        name: "a missing Type", text: "{\"StartAt\": \"A\", \"States\": {\n\"A\": {\"End\": true}}}",
        code: .missingField,
        path: "/States/A", line: 2, column: 1),
    ReaderCase(
        name: "an unknown state type",
        text: "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Tsk\", \"End\": true}}}",
        code: .unknownStateType, path: "/States/A/Type", line: 1, column: 35),
    ReaderCase(
        name: "an enum value that is not allowed",
        text:
            "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"QueryLanguage\": \"SQL\", \"End\": true}}}",
        code: .invalidValue, path: "/States/A/QueryLanguage", line: 1, column: 51),
    ReaderCase(
        name: "Next together with End",
        text: "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"A\", \"End\": true}}}",
        code: .invalidTransition, path: "/States/A/End", line: 1, column: 64),
    ReaderCase(
        name: "neither Next nor End", text: "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\"}}}",
        code: .invalidTransition, path: "/States/A", line: 1, column: 29),
    ReaderCase(
        name: "two Wait forms",
        text:
            "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Wait\", \"Seconds\": 1, \"SecondsPath\": \"$.s\", \"End\": true}}}",
        code: .conflictingFields, path: "/States/A/SecondsPath", line: 1, column: 65),
    ReaderCase(
        name: "a bad path",
        text:
            "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"OutputPath\": \"$.a[\", \"End\": true}}}",
        code: .invalidPath, path: "/States/A/OutputPath", line: 1, column: 51),
    ReaderCase(
        name: "an unknown intrinsic",
        text:
            "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Parameters\": {\"x.$\": \"States.Nope(1)\"}, \"End\": true}}}",
        code: .invalidIntrinsic, path: "/States/A/Parameters/x.$", line: 1, column: 66),
    ReaderCase(
        name: "Credentials that are not an object",
        text:
            "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\", \"Credentials\": null, \"End\": true}}}",
        code: .invalidCredentials, path: "/States/A/Credentials", line: 1, column: 97),
]

@Suite("Reader diagnostics")
struct ReaderDiagnosticTests {
    /// A member's position is that of its key, so the line and column point at the field's name.
    @Test("each reader code carries its field path, line and column", arguments: readerCases)
    func diagnostic(_ c: ReaderCase) {
        let read = ASLReader(options: .init(fileName: "x.asl.json")).read(c.text)
        let hit = read.diagnostics.first { $0.code == c.code }
        #expect(hit != nil, "expected [\(c.code)], got:\n\(summary(read.diagnostics))")
        guard let hit else { return }
        #expect(hit.severity == .error)
        #expect(hit.path.slashDescription == c.path)
        #expect(hit.location?.file == "x.asl.json")
        #expect(hit.location?.line == c.line, "\(hit)")
        #expect(hit.location?.column == c.column, "\(hit)")
        #expect(hit.description.hasPrefix("x.asl.json:\(c.line):\(c.column): error: [\(c.code)]"))
    }

    @Test("an unknown field suggests the nearest allowed one")
    func suggestion() {
        let read = ASLReader().read(ASL.one(#""Type": "Pass", "ResultPth": "$.x", "End": true"#))
        #expect(
            read.diagnostics.first?.message.contains("did you mean 'ResultPath'?") == true,
            "\(summary(read.diagnostics))")
    }

    @Test(
        "fields a state type does not take are unknown there",
        arguments: [
            ("Pass", "ResultSelector"), ("Succeed", "Parameters"), ("Fail", "ResultPath"), ("Wait", "Parameters"),
            ("Choice", "ResultSelector"), ("Fail", "InputPath"),
        ])
    func fieldsPerType(type: String, field: String) {
        let read = ASLReader().read(ASL.one(#""Type": "\#(type)", "\#(field)": "$.x""#))
        #expect(
            read.diagnostics.contains { $0.code == .unknownField && $0.path.slashDescription == "/States/S/\(field)" },
            "\(summary(read.diagnostics))")
    }

    @Test("a validator diagnostic read from text gets its line and column too")
    func validatorLocations() {
        let text = """
            {
              "StartAt": "A",
              "States": {
                "A": {"Type": "Pass", "Next": "Nowhere"}
              }
            }
            """
        let d = ASLDocument(text: text, fileName: "f.json").errors.filter { $0.code == .undefinedState }
        #expect(d.count == 1)
        #expect(d.first?.location?.line == 4)
        #expect(d.first?.location?.column == 27)
        #expect(d.first?.description.hasPrefix("f.json:4:") == true)
    }
}
