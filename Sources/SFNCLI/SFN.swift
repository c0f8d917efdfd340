import Foundation

/// The `sfn` command-line tool: its subcommands, help and dispatch, callable in-process (the `sfn`
/// executable is `exit(SFN.main(arguments))`).
package enum SFN {
    /// Every subcommand, in the order `sfn --help` lists them.
    package static let commands: [Command] = [
        validateCommand,
        formatCommand,
        importCommand,
        templateCommand,
        runCommand,
        graphCommand,
        exploreCommand,
        testStateCommand,
        testCommand,
        diffCommand,
        serveCommand,
    ]

    /// The tool's version.
    package static let version = "0.1.0"

    /// Runs `sfn` with `arguments` (without the program name) and returns the exit status;
    /// `environment`'s `NO_COLOR` turns colour off.
    package static func main(
        _ arguments: [String], io: CommandIO = .standard,
        environment: [String: String] = Style.colorEnvironment()
    ) -> Int32 {
        var io = io
        var arguments = arguments
        // `--no-color` is taken anywhere on the line (before `--`), by every command.
        let end = arguments.firstIndex(of: "--") ?? arguments.endIndex
        if arguments[..<end].contains("--no-color") || Style.noColor(environment) {
            io.style = .plain
            arguments = arguments[..<end].filter { $0 != "--no-color" } + arguments[end...]
        }
        return runCommandLine(arguments, commands: commands, tool: "sfn", overview: overview, version: version, io: io)
    }

    static let overview = """
        swift-step-functions command-line tool: validate, format and run AWS Step Functions
        state machines written in the Amazon States Language.
        """
}

/// Dispatches `arguments` to one of `commands` (shared by `sfn` and the corpus checks).
package func runCommandLine(
    _ arguments: [String], commands: [Command], tool: String, overview: String, version: String, io: CommandIO
) -> Int32 {
    func mainHelp() -> String {
        let width = (commands.map(\.name.count).max() ?? 8) + 2
        let list = commands.map { "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + $0.summary }
        return """
            OVERVIEW: \(overview)

            USAGE: \(tool) <subcommand> [options]

            SUBCOMMANDS:
            \(list.joined(separator: "\n"))

            OPTIONS:
              --no-color              No colour in text output (also NO_COLOR=1; never when not a terminal).
              --version               Show the version.
              -h, --help              Show help (also '\(tool) help <subcommand>').
            """
    }
    guard let first = arguments.first else {
        io.err(mainHelp())
        return ExitStatus.usage
    }
    if first == "-h" || first == "--help" {
        io.out(mainHelp())
        return ExitStatus.ok
    }
    if first == "--version" {
        io.out(version)
        return ExitStatus.ok
    }
    if first == "help" {
        if arguments.count > 1, let c = commands.first(where: { $0.name == arguments[1] }) {
            io.out(c.help)
        } else {
            io.out(mainHelp())
        }
        return ExitStatus.ok
    }
    guard let command = commands.first(where: { $0.name == first }) else {
        var message = "Error: unknown subcommand '\(first)'"
        if let s = closestWord(to: first, in: commands.map(\.name)) { message += "; did you mean '\(s)'?" }
        io.err(message + "\n\n" + mainHelp())
        return ExitStatus.usage
    }
    let rest = Array(arguments.dropFirst())
    if rest.contains("-h") || rest.contains("--help") {
        io.out(command.help)
        return ExitStatus.ok
    }
    return command.run(rest, io)
}
