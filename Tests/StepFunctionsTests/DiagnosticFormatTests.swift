import Foundation
import StepFunctions
import StepFunctionsCompiler
import Testing

/// What an editor or a terminal needs from `compile()`'s diagnostics: `file:line:col: error: [code]
/// message`, the file from the package's root, the column where the modifier was written, warnings
/// apart from the thrown error's text, and "did you mean" only for close names.
@Suite struct DiagnosticFormatTests {
    /// This file from the package root, as the diagnostics write it.
    static let file = "Tests/StepFunctionsTests/DiagnosticFormatTests.swift"

    @Test func anErrorIsPrintedAsFileLineColumnSeverityCodeMessage() throws {
        let machine = StateMachine(S.self) {
            Pass(.a)
            TaskStep(.b, resource: "arn:aws:states:::events:putEvents")
                .catch(.all, resultPath: "$.error", next: .handler)  // ← the catch
        }
        let failure = try #require(throws: ValidationFailure.self) { try machine.compile() }
        let at = try #require(line(of: "← the catch"))
        // `#column` of a call is its argument list's opening parenthesis, just after the name.
        let col = try #require(column(of: ".catch(", onLineWith: "← the catch")) + ".catch".count
        #expect(
            failure.description
                == "\(Self.file):\(at):\(col): error: [undefined-state] States.B.Catch[0].Next: "
                + "Catch #1 of state 'B' goes to 'Handler', but the state machine has no state of that name")
        // The Task without a timeout is a warning: kept apart, not in the error's text.
        #expect(failure.errors.map(\.code) == [.undefinedState])
        #expect(failure.warnings.map(\.code) == [.taskWithoutTimeout])
        #expect(!failure.description.contains("warning"))
        let warning = try #require(failure.warnings.first)
        #expect(warning.description.hasPrefix("\(Self.file):\(at - 1):"))
        #expect(warning.description.contains(": warning: [task-without-timeout] States.B: "))
    }

    @Test func warningsOfAWorkflowThatCompilesAreInTheResult() throws {
        let machine = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents")  // ← no timeout
        }
        let compiled = try machine.compile()
        let at = try #require(line(of: "← no timeout"))
        let col = try #require(column(of: "TaskStep(", onLineWith: "← no timeout")) + "TaskStep".count
        let warning = try #require(compiled.warnings.first)
        #expect(
            warning.description.hasPrefix("\(Self.file):\(at):\(col): warning: [task-without-timeout] States.A: "),
            "\(warning)")
    }

    @Test func warningsAsErrorsPutsTheWarningsInTheText() throws {
        let machine = StateMachine(S.self) {
            TaskStep(.a, resource: "arn:aws:states:::events:putEvents")
        }
        let failure = try #require(throws: ValidationFailure.self) {
            try machine.compile(CompileOptions(warningsAsErrors: true))
        }
        #expect(failure.errors.map(\.code) == [.taskWithoutTimeout])
        #expect(failure.warnings.isEmpty)
        #expect(failure.description.contains(": warning: [task-without-timeout] "))
    }

    @Test func theFileIsRelativeToTheNearestPackageSwift() throws {
        // A package inside a folder named Sources: the first `/Sources/` is not the package's root.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-root-\(UUID().uuidString)")
        let root = base.appendingPathComponent("Sources/orders")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        try Data("// swift-tools-version:6.0\n".utf8).write(to: root.appendingPathComponent("Package.swift"))
        let file = root.path + "/Tests/OrdersTests/OrdersTests.swift"
        #expect(SourceFile.packageRoot(of: file) == root.path)
        #expect(SourceFile.fromPackageRoot(file) == "Tests/OrdersTests/OrdersTests.swift")
        #expect(SourceFile.relative(file) == "Sources/orders/Tests/OrdersTests/OrdersTests.swift")
        // No Package.swift above: the first known folder on, as before.
        let elsewhere = base.path + "/lib/Sources/App/x.swift"
        #expect(SourceFile.packageRoot(of: elsewhere) == nil)
        #expect(SourceFile.fromPackageRoot(elsewhere) == "Sources/App/x.swift")
        // This very file: the repository's root holds the Package.swift.
        #expect(SourceFile.fromPackageRoot(#filePath) == Self.file)
    }

    @Test(
        arguments: [
            ("Chrage", ["Charge", "Refund"], "Charge"),  // a swap is one edit
            ("Wrok", ["Work"], "Work"),
            ("ResultPth", ["ResultPath", "OutputPath"], "ResultPath"),
            ("resultpath", ["ResultPath"], "ResultPath"),  // case only
            ("A", ["B", "C"], nil),  // one letter is no typo of another
            ("ab", ["xy", "cd"], nil),
            ("Shipping", ["Shopping", "Billing"], "Shopping"),
            ("ValidateOrder", ["ProcessPayment", "Notify"], nil),
            ("Charge", ["Change", "Chart"], "Change"),
            ("Task", ["Map", "Pass", "Wait"], nil),
        ] as [(String, [String], String?)])
    func didYouMeanOnlyForCloseNames(word: String, candidates: [String], expected: String?) {
        #expect(Suggestions.closest(to: word, in: candidates) == expected)
    }
}

/// The 1-based column of `text` on the first line containing `marker`.
private func column(of text: String, onLineWith marker: String, file: StaticString = #filePath) -> Int? {
    guard let data = FileManager.default.contents(atPath: "\(file)") else { return nil }
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    guard let found = lines.first(where: { $0.contains(marker) && !$0.contains("column(of:") }),
        let range = found.range(of: text)
    else { return nil }
    return found.distance(from: found.startIndex, to: range.lowerBound) + 1
}
