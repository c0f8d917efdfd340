import Foundation
import Testing

/// Docs/GettingStarted.md's code compiles: each of its ```swift blocks appears, line for line (leading
/// whitespace and blank lines aside), in GettingStartedExamples.swift, which is part of this target.
/// A block whose first line is `// swift-tools-version...` is a package manifest and is not checked.
@Suite("Docs/GettingStarted.md")
struct GettingStartedTests {
    private static func lines(_ text: Substring) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0.drop { $0 == " " }) }
            .filter { !$0.isEmpty }
    }

    private static func read(_ relative: String) throws -> String {
        let folder = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).dropLast()
            .joined(separator: "/")
        let data = try #require(
            FileManager.default.contents(atPath: folder + "/" + relative), "cannot read \(relative)")
        return String(decoding: data, as: UTF8.self)
    }

    /// The guide's ```swift blocks.
    private static func swiftBlocks(in markdown: String) -> [Substring] {
        var blocks: [Substring] = []
        var rest = markdown[...]
        while let open = rest.range(of: "```swift\n") {
            let body = rest[open.upperBound...]
            guard let close = body.range(of: "```") else { break }
            blocks.append(body[..<close.lowerBound])
            rest = body[close.upperBound...]
        }
        return blocks
    }

    @Test func everySwiftBlockIsCompiledByTheTests() throws {
        let guide = try Self.read("../../Docs/GettingStarted.md")
        let examples = Self.lines(try Self.read("GettingStartedExamples.swift")[...])
        let blocks = Self.swiftBlocks(in: guide)
        #expect(blocks.count >= 6, "the guide has \(blocks.count) swift blocks")
        for block in blocks {
            let wanted = Self.lines(block)
            if wanted.first?.hasPrefix("// swift-tools-version") == true { continue }
            let found =
                !wanted.isEmpty
                && (0...max(0, examples.count - wanted.count)).contains { start in
                    Array(examples[start..<min(examples.count, start + wanted.count)]) == wanted
                }
            #expect(found, "not in GettingStartedExamples.swift:\n\(block)")
        }
    }
}
