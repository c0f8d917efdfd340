import Foundation

/// A readable rendering of an execution: states with virtual times, retries, errors and the output.
public struct Timeline: Sendable {
    /// The execution rendered.
    public let execution: Execution

    /// Creates a timeline of `execution`.
    public init(_ execution: Execution) { self.execution = execution }

    func offset(_ date: Date) -> String {
        String(format: "+%.3fs", date.timeIntervalSince(execution.startDate))
    }

    /// One line per state entered and left, retry and error, then status, error, cause and output.
    public var text: String {
        var lines: [String] = []
        var entered: [String: Date] = [:]
        var attempts: [String: Int] = [:]
        var lastError: [String: String] = [:]
        var current = ""
        for e in execution.history {
            let t = offset(e.timestamp)
            let type = e.type.rawValue
            if type.hasSuffix("StateEntered"), let name = e.stateName {
                entered[name] = e.timestamp
                current = name
                attempts[name] = 0
                lastError[name] = nil
                lines.append("\(t)  → \(name) (\(type.dropLast("StateEntered".count)))")
            } else if type.hasSuffix("StateExited"), let name = e.stateName {
                let duration = entered[name].map { e.timestamp.timeIntervalSince($0) } ?? 0
                let retries = max(0, (attempts[name] ?? 1) - 1)
                // A state left after an error was caught: its Catch chose the next state.
                var line =
                    lastError[name].map { "\(t)  ↪ \(name) caught \($0) after \(String(format: "%.3f", duration))s" }
                    ?? "\(t)  ✓ \(name) in \(String(format: "%.3f", duration))s"
                if retries > 0 { line += ", \(retries) retr\(retries == 1 ? "y" : "ies")" }
                lines.append(line)
            } else if e.type == .taskScheduled || e.type == .lambdaFunctionScheduled {
                attempts[current, default: 0] += 1
                if (attempts[current] ?? 0) > 1 {
                    lines.append("\(t)    retry #\((attempts[current] ?? 1) - 1) of \(current)")
                }
            } else if e.type == .taskFailed || e.type == .lambdaFunctionFailed || e.type == .taskTimedOut
                || e.type == .lambdaFunctionTimedOut
            {
                let error = e[detail: "error"]?.apiValue.stringValue ?? "(no error)"
                lastError[current] = error
                lines.append("\(t)    ✗ \(error)")
            } else if e.type == .taskSucceeded || e.type == .lambdaFunctionSucceeded {
                lastError[current] = nil
            } else if e.type == .waitStateEntered {
                continue
            }
        }
        lines.append("")
        lines.append(
            "status: \(execution.status.rawValue) after \(String(format: "%.3f", execution.duration))s (virtual time)")
        if let error = execution.error { lines.append("error:  \(error)") }
        if let cause = execution.cause { lines.append("cause:  \(cause)") }
        if let output = execution.output { lines.append("output: \(JSONWriter.pretty.string(output))") }
        return lines.joined(separator: "\n")
    }
}
