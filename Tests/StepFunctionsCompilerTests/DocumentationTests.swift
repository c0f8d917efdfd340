import Foundation
import StepFunctionsCompiler
import Testing

/// Keeps the code list in `Docs/Validation.md` and the corpus expectations in step with
/// ``DiagnosticCode/all``.
@Suite("Documentation and expectations")
struct DocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("codes are unique and Docs/Validation.md lists every one")
    func everyCodeDocumented() throws {
        let codes = DiagnosticCode.all.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        let doc = try String(contentsOf: Self.root.appendingPathComponent("Docs/Validation.md"), encoding: .utf8)
        for code in codes {
            #expect(doc.contains("| `\(code)` |"), "Docs/Validation.md does not list \(code)")
        }
    }

    @Test("the corpus expectations name only known codes")
    func expectationsUseKnownCodes() throws {
        let url = Self.root.appendingPathComponent("Tests/Corpus/real-world-expectations.tsv")
        let text = try String(contentsOf: url, encoding: .utf8)
        let known = Set(DiagnosticCode.all.map(\.rawValue))
        var lines = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(cells.count >= 2, "\(line)")
            guard cells.count >= 2 else { continue }
            lines += 1
            for code in cells[1].split(separator: ",") {
                #expect(known.contains(String(code)), "unknown code '\(code)' in \(line.prefix(80))")
            }
        }
        #expect(lines == 154)
    }
}
