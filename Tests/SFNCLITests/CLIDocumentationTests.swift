import Foundation
import SFNCLI
import Testing

/// `Docs/CLI.md` documents every subcommand and every option its `--help` prints: each command has
/// a section (`## \`sfn NAME\``, or its own page for `serve`), and each `--option` of the help text
/// appears in that section.
@Suite("Docs/CLI.md: every option of every command")
struct CLIDocumentationTests {
    /// The repository's root, from this file's place in it.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The text of the section headed `## \`sfn NAME\`` in `markdown`, up to the next `## ` heading.
    static func section(_ name: String, in markdown: String) -> String? {
        guard let start = markdown.range(of: "\n## `sfn \(name)`") else { return nil }
        let rest = markdown[start.upperBound...]
        let end = rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    /// The `--options` a help text's USAGE and OPTIONS name (its overview may mention another
    /// command's options).
    static func options(_ help: String) -> Set<String> {
        let help = help.range(of: "USAGE:").map { String(help[$0.lowerBound...]) } ?? help
        var found: Set<String> = []
        var current = ""
        var previous: Character = " "
        for c in help + " " {
            if current.isEmpty {
                if c == "-" && previous == "-" { current = "--" } else { previous = c }
                continue
            }
            if c.isLetter || c.isNumber || c == "-" {
                current.append(c)
            } else {
                if current.count > 2 { found.insert(current) }
                current = ""
                previous = c
            }
        }
        return found.filter { $0 != "--help" && !$0.hasSuffix("-") }
    }

    @Test(arguments: SFN.commands.map(\.name))
    func everyOptionIsDocumented(command: String) throws {
        let cli = try String(contentsOf: Self.root.appendingPathComponent("Docs/CLI.md"), encoding: .utf8)
        let page: String
        if let text = Self.section(command, in: cli) {
            page = text
        } else {
            // A command with a page of its own is linked from CLI.md.
            let own = try #require(
                ["serve": "Server.md"][command], "Docs/CLI.md has no section '## `sfn \(command)`'")
            #expect(cli.contains("(\(own))"), "Docs/CLI.md does not link \(own) for sfn \(command)")
            page = try String(contentsOf: Self.root.appendingPathComponent("Docs/\(own)"), encoding: .utf8)
        }
        let help = try #require(SFN.commands.first { $0.name == command }).help
        let options = Self.options(help)
        #expect(!options.isEmpty || command == "diff", "no options found in the help of sfn \(command)")
        for option in options.sorted() {
            #expect(page.contains("`\(option)"), "sfn \(command) \(option) is not documented")
        }
    }
}
