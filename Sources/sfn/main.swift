import Foundation

/// Every subcommand, in the order `sfn --help` lists them.
let commands: [Command] = [
    validateCommand,
    formatCommand,
    corpusCommand,
    runCommand,
    testCommand,
    diffCommand,
    jsonataSuiteCommand,
]

let version = "0.1.0"

@MainActor
func mainHelp() -> String {
    let width = (commands.map(\.name.count).max() ?? 8) + 2
    let list = commands.map { "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + $0.summary }
    return """
        OVERVIEW: swift-step-functions command-line tool: validate, format and run AWS Step Functions
        state machines written in the Amazon States Language.

        USAGE: sfn <subcommand> [options]

        SUBCOMMANDS:
        \(list.joined(separator: "\n"))

        OPTIONS:
          --version               Show the version.
          -h, --help              Show help (also 'sfn help <subcommand>').
        """
}

@MainActor
func runMain(_ arguments: [String]) -> Int32 {
    guard let first = arguments.first else {
        printError(mainHelp())
        return ExitStatus.usage
    }
    if first == "-h" || first == "--help" {
        print(mainHelp())
        return ExitStatus.ok
    }
    if first == "--version" {
        print(version)
        return ExitStatus.ok
    }
    if first == "help" {
        if arguments.count > 1, let c = commands.first(where: { $0.name == arguments[1] }) {
            print(c.help)
        } else {
            print(mainHelp())
        }
        return ExitStatus.ok
    }
    guard let command = commands.first(where: { $0.name == first }) else {
        var message = "Error: unknown subcommand '\(first)'"
        if let s = closestWord(to: first, in: commands.map(\.name)) { message += "; did you mean '\(s)'?" }
        printError(message + "\n\n" + mainHelp())
        return ExitStatus.usage
    }
    let rest = Array(arguments.dropFirst())
    if rest.contains("-h") || rest.contains("--help") {
        print(command.help)
        return ExitStatus.ok
    }
    return command.run(rest)
}

exit(runMain(Array(CommandLine.arguments.dropFirst())))
