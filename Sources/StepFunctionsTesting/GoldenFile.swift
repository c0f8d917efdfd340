import Foundation
import StepFunctions

/// Compares generated text (a workflow's ASL JSON) with a checked-in golden file, for tests.
///
/// A missing golden is written and reported as ``Outcome/recorded(_:)``, which a test must treat as a
/// failure, so a new baseline never passes silently; with `RECORD_GOLDENS=1` in the environment every
/// golden is re-recorded (and reported the same way).
///
/// ```swift
/// @Test func paymentMatchesItsGolden() throws {
///     let json = try payment.compile().json
///     let outcome = GoldenFile.check(json, path: GoldenFile.path("payment.asl.json"))
///     #expect(outcome == .matched, "\(outcome)")
/// }
/// ```
public enum GoldenFile {
    /// The result of a comparison.
    public enum Outcome: Sendable, Equatable, CustomStringConvertible {
        /// The text equals the golden.
        case matched
        /// The golden was missing (or `RECORD_GOLDENS=1`) and has been written at this path.
        case recorded(String)
        /// The text differs; the associated value is a line diff (`-` golden, `+` actual).
        case mismatch(String)
        /// The golden could not be read or written.
        case unreadable(String)

        /// What happened, for a test failure message.
        public var description: String {
            switch self {
            case .matched: return "matches its golden"
            case .recorded(let path):
                return "recorded \(path); check it in and run the test again (a new baseline is not a pass)"
            case .mismatch(let diff): return "differs from its golden (re-record with RECORD_GOLDENS=1):\n" + diff
            case .unreadable(let message): return message
            }
        }
    }

    /// The path of a golden named `name` in the `directory` beside the calling source file.
    public static func path(_ name: String, directory: String = "Goldens", file: StaticString = #filePath) -> String {
        let source = "\(file)"
        let folder = source.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return folder + "/" + directory + "/" + name
    }

    /// Compares `actual` with the golden at `path`, recording it when missing or when `RECORD_GOLDENS=1`.
    public static func check(
        _ actual: String, path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Outcome {
        let record = environment["RECORD_GOLDENS"] == "1"
        let existing = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
        if record || existing == nil {
            do {
                let folder = (path as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: URL(fileURLWithPath: path))
                return .recorded(path)
            } catch {
                return .unreadable("cannot write the golden \(path): \(error.localizedDescription)")
            }
        }
        guard let expected = existing else { return .unreadable("cannot read \(path)") }
        return expected == actual ? .matched : .mismatch(lineDiff(expected: expected, actual: actual))
    }

    /// Every way `workflow` falls short of its golden `DIRECTORY/NAME.asl.json` (empty when it does not):
    /// it does not compile; its JSON differs from the golden (or the golden was just recorded); the
    /// golden, read back as ASL, has errors or gives a different definition than the DSL did.
    ///
    /// ```swift
    /// @Test func paymentMatchesItsGolden() {
    ///     let problems = GoldenFile.verify(payment, directory: "Goldens")
    ///     #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    /// }
    /// ```
    public static func verify(
        _ workflow: some CompilableWorkflow, directory: String = "Goldens", file: StaticString = #filePath,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [String] {
        let compiled: CompiledStateMachine
        do {
            compiled = try workflow.compile(CompileOptions())
        } catch {
            return ["\(workflow.name) does not compile:\n\(error)"]
        }
        var problems: [String] = []
        let golden = path(compiled.fileName, directory: directory, file: file)
        let outcome = check(compiled.json, path: golden, environment: environment)
        if outcome != .matched { problems.append("\(compiled.fileName) \(outcome)") }
        let document = ASLDocument(text: compiled.json, fileName: compiled.fileName)
        for d in document.errors { problems.append("read back: \(d)") }
        if let definition = document.definition, definition != compiled.definition {
            problems.append(
                "\(compiled.fileName): reading the JSON back gives a different definition than the DSL built")
        }
        return problems
    }

    /// Every way `workflow`'s pictures differ from their goldens `DIRECTORY/NAME.mmd`, `NAME.dot`
    /// and `NAME.html` (or the `formats` asked for); empty when none does. A missing golden is
    /// recorded and reported, as by ``check(_:path:environment:)``.
    ///
    /// ```swift
    /// @Test func paymentPicturesMatchTheirGoldens() {
    ///     let problems = GoldenFile.verifyPictures(payment, directory: "Goldens")
    ///     #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    /// }
    /// ```
    public static func verifyPictures(
        _ workflow: some CompilableWorkflow, formats: [PictureFormat] = [.mermaid, .dot, .html],
        directory: String = "Goldens", file: StaticString = #filePath,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [String] {
        let picture: WorkflowPicture
        do {
            picture = try workflow.picture()
        } catch {
            return ["\(workflow.name) does not compile:\n\(error)"]
        }
        var problems: [String] = []
        for format in formats {
            let name = workflow.name + "." + format.fileExtension
            let outcome = check(
                picture.render(format), path: path(name, directory: directory, file: file), environment: environment)
            if outcome != .matched { problems.append("\(name) \(outcome)") }
        }
        return problems
    }

    /// The lines that differ, with their line numbers: `-` for the golden's, `+` for the actual text's.
    public static func lineDiff(expected: String, actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var lines: [(Int, Int, String)] = []
        for change in new.difference(from: old) {
            switch change {
            case .remove(let offset, let element, _): lines.append((offset, 0, "-\(offset + 1): \(element)"))
            case .insert(let offset, let element, _): lines.append((offset, 1, "+\(offset + 1): \(element)"))
            }
        }
        return lines.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2).joined(separator: "\n")
    }
}
