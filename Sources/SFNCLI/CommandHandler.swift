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

/// The `--handler` and `--handler-resource` options of `run` and `test`: which Task states shell
/// commands answer.
struct CommandHandlers: Sendable {
    /// `--handler STATE=COMMAND`, in the order given.
    var byState: [CommandHandler] = []
    /// `--handler-resource PATTERN=COMMAND`, in the order given (the first that matches a Task wins).
    var byResource: [(pattern: ResourcePattern, command: String)] = []

    /// Reads the options from `args`.
    init(_ args: ArgumentList) throws(UsageError) {
        byState = try args.allValues("--handler").map { (argument) throws(UsageError) in try CommandHandler(argument) }
        for argument in args.allValues("--handler-resource") {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex,
                !argument[argument.index(after: equals)...].trimmingCharacters(in: .whitespaces).isEmpty
            else {
                throw UsageError(message: "--handler-resource takes ARN-PATTERN=COMMAND, got '\(argument)'")
            }
            byResource.append(
                (ResourcePattern(String(argument[..<equals])), String(argument[argument.index(after: equals)...])))
        }
    }

    /// Whether no option was given.
    var isEmpty: Bool { byState.isEmpty && byResource.isEmpty }

    /// The handler of each Task state of `definition` (ASL JSON) that a command answers: a
    /// `--handler` naming the state wins; otherwise the first `--handler-resource` whose pattern
    /// matches the Task's `Resource`, or, for `arn:aws:states:::lambda:invoke`, its `FunctionName`.
    /// Also returns the patterns that matched no Task.
    func resolve(definition: JSONValue) -> (handlers: [CommandHandler], unmatched: [String]) {
        var out = byState
        let named = Set(byState.map(\.state))
        var used = Set<Int>()
        for task in TaskReference.tasks(in: definition) where !named.contains(task.state) {
            guard let i = byResource.indices.first(where: { byResource[$0].pattern.matches(task) }) else { continue }
            used.insert(i)
            out.append(CommandHandler(state: task.state, command: byResource[i].command))
        }
        let unmatched = byResource.indices.filter { !used.contains($0) }.map { byResource[$0].pattern.text }
        return (out, unmatched)
    }

    /// Registers the handlers for `definition` in `simulator`.
    func install(in simulator: inout Simulator, definition: JSONValue) -> [String] {
        let (handlers, unmatched) = resolve(definition: definition)
        for handler in handlers {
            let answer: SynchronousTaskHandler = { call in try handler.answer(call.input) }
            simulator.handle(state: handler.state, answer)
        }
        return unmatched
    }
}

extension CommandHandler {
    /// A handler for `state` running `command`.
    init(state: String, command: String) {
        self.state = state
        self.command = command
    }
}

/// A Task state's resource as written: its `Resource` and, for a Lambda invoke integration, the
/// `FunctionName` its arguments give as text.
package struct TaskReference: Sendable, Hashable {
    /// The state's name.
    package let state: String
    /// Its `Resource`.
    package let resource: String
    /// `Parameters.FunctionName` or `Arguments.FunctionName` when written as text.
    package let functionName: String?

    /// Creates a reference.
    package init(state: String, resource: String, functionName: String?) {
        self.state = state
        self.resource = resource
        self.functionName = functionName
    }

    /// Every Task state of an ASL definition, nested ones (Parallel branches, Map processors) included.
    package static func tasks(in definition: JSONValue) -> [TaskReference] {
        var out: [TaskReference] = []
        func walk(_ machine: JSONValue?) {
            guard case .object(let states)? = machine?["States"] else { return }
            for (name, state) in states {
                switch state["Type"]?.stringValue {
                case "Task":
                    guard let resource = state["Resource"]?.stringValue else { continue }
                    let functionName =
                        state["Parameters"]?["FunctionName"]?.stringValue
                        ?? state["Arguments"]?["FunctionName"]?.stringValue
                    out.append(TaskReference(state: name, resource: resource, functionName: functionName))
                case "Parallel":
                    for branch in state["Branches"]?.arrayValue ?? [] { walk(branch) }
                case "Map":
                    walk(state["ItemProcessor"] ?? state["Iterator"])
                default: break
                }
            }
        }
        walk(definition)
        return out
    }
}

/// A glob-like pattern over resource ARNs and function names: `*` matches any run of characters
/// (colons included), `?` any one character, everything else itself.
package struct ResourcePattern: Sendable {
    /// The pattern as given.
    package let text: String
    private let scalars: [Unicode.Scalar]

    /// Creates a pattern.
    package init(_ text: String) {
        self.text = text
        scalars = Array(text.unicodeScalars)
    }

    /// Whether the pattern matches a Task: its resource, or (for `arn:aws:states:::lambda:invoke`,
    /// with or without `.waitForTaskToken`) its function name.
    package func matches(_ task: TaskReference) -> Bool {
        if matches(task.resource) { return true }
        if task.resource.hasPrefix("arn:aws:states:::lambda:invoke"), let name = task.functionName {
            return matches(name)
        }
        return false
    }

    /// Whether the pattern matches all of `subject`.
    package func matches(_ subject: String) -> Bool {
        let s = Array(subject.unicodeScalars)
        // Greedy matching with one backtrack point per `*` (linear in practice, no recursion).
        var p = 0, i = 0
        var star: Int?, resume = 0
        while i < s.count {
            if p < scalars.count && (scalars[p] == "?" || scalars[p] == s[i]) {
                p += 1
                i += 1
            } else if p < scalars.count && scalars[p] == "*" {
                star = p
                resume = i
                p += 1
            } else if let st = star {
                p = st + 1
                resume += 1
                i = resume
            } else {
                return false
            }
        }
        while p < scalars.count && scalars[p] == "*" { p += 1 }
        return p == scalars.count
    }
}
