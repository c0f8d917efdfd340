import JSONCore
import Testing

@testable import StepFunctionsCompiler

/// `variableNameProblem` measures and searches an ASCII name as bytes: it must say what the
/// character-by-character check (kept here as the reference) says of every name.
@Suite("Variable name checks")
struct VariableNameTests {
    /// The check as it was written before the byte path: by characters.
    static func reference(_ name: String) -> String? {
        if name == "states" {
            return "is reserved: '$states' holds the state's input, result, error output and context"
        }
        if name.isEmpty { return "is empty" }
        if name.count > 80 {
            return "has \(name.count) characters; a variable name has at most 80"
        }
        if let c = name.first(where: { $0 == "." || $0 == "[" || $0 == "]" }) {
            return "has '\(c)': an Assign sets whole variables, not a part of one (assign the whole value, and read "
                + "a part with '$name.member' or '$name[0]')"
        }
        return nil
    }

    @Test(
        "names the byte path and the character path judge alike",
        arguments: [
            "", "states", "x", "order", "a.b", "a[0]", "x]", String(repeating: "a", count: 80),
            String(repeating: "a", count: 81), String(repeating: "\r\n", count: 81), "a\r\nb.c",
            String(repeating: "é", count: 81), "é.x", ".\u{301}", "x[\u{301}", String(repeating: "ab", count: 50),
        ])
    func fixedNames(_ name: String) {
        #expect(ValidationContext.variableNameProblem(name) == Self.reference(name))
    }

    @Test("random names: the byte and character checks agree")
    func randomNames() {
        let pieces = ["a", "Z", "_", "1", ".", "[", "]", "\r\n", "\r", "\n", "é", "\u{301}", "-", "aaaaaaaaaa"]
        var random = SplitMix64(seed: 11)
        var problems = 0
        for _ in 0..<20_000 {
            let name = (0..<random.below(24)).map { _ in pieces[random.below(pieces.count)] }.joined()
            let expected = Self.reference(name)
            if expected != nil { problems += 1 }
            #expect(ValidationContext.variableNameProblem(name) == expected, "\(name.unicodeScalars.map(\.value))")
        }
        // Both answers were met.
        #expect(problems > 1_000 && problems < 19_000)
    }
}
