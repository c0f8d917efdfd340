import Foundation
import StepFunctionsCompiler

/// One `sfn` subcommand.
struct Command: Sendable {
    /// The word after `sfn`.
    let name: String
    /// One line for the command list.
    let summary: String
    /// The full help text (USAGE, arguments, options).
    let help: String
    /// Runs the command with the arguments after its name; returns the exit status.
    let run: @Sendable ([String]) -> Int32
}

/// Exit statuses, as argument-parser and sysexits use them.
enum ExitStatus {
    /// Success.
    static let ok: Int32 = 0
    /// An invalid definition or a failed run.
    static let failure: Int32 = 1
    /// A usage error (EX_USAGE).
    static let usage: Int32 = 64
}

/// A usage error: printed with the command's usage line, exits 64.
struct UsageError: Error {
    let message: String
}

/// Hand-written argument parsing: flags, options with a value, and positionals.
struct ArgumentList {
    private(set) var positionals: [String] = []
    private var flags: Set<String> = []
    private var values: [String: [String]] = [:]

    /// Parses `arguments`; `valueOptions` take the next argument (or `--name=value`).
    init(_ arguments: [String], flags allowedFlags: Set<String>, options valueOptions: Set<String>) throws(UsageError) {
        var i = 0
        var onlyPositionals = false
        while i < arguments.count {
            let a = arguments[i]
            i += 1
            if onlyPositionals || !a.hasPrefix("-") || a == "-" {
                positionals.append(a)
                continue
            }
            if a == "--" {
                onlyPositionals = true
                continue
            }
            var name = a
            var inlineValue: String?
            if let eq = a.firstIndex(of: "="), a.hasPrefix("--") {
                name = String(a[..<eq])
                inlineValue = String(a[a.index(after: eq)...])
            }
            if allowedFlags.contains(name) {
                if inlineValue != nil { throw UsageError(message: "option '\(name)' takes no value") }
                flags.insert(name)
            } else if valueOptions.contains(name) {
                if let inlineValue {
                    values[name, default: []].append(inlineValue)
                } else {
                    guard i < arguments.count else { throw UsageError(message: "option '\(name)' needs a value") }
                    values[name, default: []].append(arguments[i])
                    i += 1
                }
            } else {
                var message = "unknown option '\(name)'"
                let known = Array(allowedFlags) + Array(valueOptions)
                if let s = closestWord(to: name, in: known) { message += "; did you mean '\(s)'?" }
                throw UsageError(message: message)
            }
        }
    }

    /// Whether a flag was given.
    func has(_ flag: String) -> Bool { flags.contains(flag) }
    /// The last value of an option.
    func value(_ option: String) -> String? { values[option]?.last }
    /// Every value of a repeatable option.
    func allValues(_ option: String) -> [String] { values[option] ?? [] }
}

/// The closest word by edit distance, for "did you mean" hints.
func closestWord(to word: String, in candidates: [String]) -> String? {
    Suggestions.closest(to: word, in: candidates)
}

/// Standard error output.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Reads a whole file as UTF-8 text, or throws a message naming the file.
func readTextFile(_ path: String) throws(UsageError) -> String {
    if path == "-" {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self)
    }
    guard FileManager.default.fileExists(atPath: path) else { throw UsageError(message: "no such file: \(path)") }
    guard let data = FileManager.default.contents(atPath: path) else { throw UsageError(message: "cannot read \(path)") }
    guard let text = String(data: data, encoding: .utf8) else {
        throw UsageError(message: "\(path) is not UTF-8 text")
    }
    return text
}
