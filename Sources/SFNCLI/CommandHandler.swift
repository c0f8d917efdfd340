import Foundation
import JSONCore
import StepFunctionsSimulator

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--handler STATE=COMMAND`: a Task state answered by a command in any language. The command runs
/// with `/bin/sh -c`, gets the task's input as JSON on standard input and prints its result as JSON
/// on standard output; a non-zero exit is a task failure, named by `{"Error", "Cause"}` (or a
/// Lambda runtime's `{"errorType", "errorMessage"}`) on standard output. Its standard error passes
/// through to ours.
struct CommandHandler: Sendable {
    /// The Task state it answers.
    let state: String
    /// The shell command.
    let command: String

    /// Parses `STATE=COMMAND` (the first `=` splits them).
    init(_ argument: String) throws(UsageError) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex,
            !argument[argument.index(after: equals)...].trimmingCharacters(in: .whitespaces).isEmpty
        else {
            throw UsageError(message: "--handler takes STATE=COMMAND, got '\(argument)'")
        }
        state = String(argument[..<equals])
        command = String(argument[argument.index(after: equals)...])
    }

    /// A command that exits without reading its input closes the pipe we write it to: the write
    /// must fail with EPIPE, not kill this process with SIGPIPE (set once, for the whole process).
    static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Runs the command for one call and returns its result, or throws the task's failure.
    func answer(_ input: JSONValue) throws -> JSONValue {
        CommandHandler.ignoreBrokenPipes
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            throw TaskError(
                error: "States.TaskFailed", cause: "the --handler command for '\(state)' could not start: \(error)")
        }
        // Write the input on its own thread: a command that prints before it reads cannot then
        // block on a full pipe while we block writing.
        let data = Data(JSONWriter.compact.string(input).utf8)
        let writer = stdin.fileHandleForWriting
        let written = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? writer.write(contentsOf: data)
            try? writer.close()
            written.signal()
        }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        written.wait()
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let status = process.terminationStatus
        if status == 0 && process.terminationReason == .exit {
            if text.isEmpty { return .null }
            do {
                return try JSONParser.parse(text)
            } catch {
                throw TaskError(
                    error: "States.TaskFailed",
                    cause: "the --handler command for '\(state)' printed text that is not JSON (\(error)): "
                        + String(text.prefix(200)))
            }
        }
        if let failure = try? JSONParser.parse(text), case .object(let o) = failure {
            let error = o["Error"]?.stringValue ?? o["errorType"]?.stringValue
            let cause = o["Cause"]?.stringValue ?? o["errorMessage"]?.stringValue
            if error != nil || cause != nil { throw TaskError(error: error, cause: cause) }
        }
        let how = process.terminationReason == .exit ? "exited with status \(status)" : "was killed by signal \(status)"
        throw TaskError(
            error: "States.TaskFailed",
            cause: "the --handler command for '\(state)' \(how)"
                + (text.isEmpty ? "" : ": " + String(text.prefix(200))))
    }
}
