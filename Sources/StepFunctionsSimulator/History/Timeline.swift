import Foundation

/// A readable rendering of an execution: states with virtual times, retries, errors and the output.
///
/// Parallel branches and Map iterations are labelled (`┌ Fulfil branch 2`, `┌ Items iteration 3`)
/// and their states indented under them; a failure line carries its cause; a timed-out execution
/// names the states still waiting.
public struct Timeline: Sendable {
    /// The execution rendered.
    public let execution: Execution

    /// Creates a timeline of `execution`.
    public init(_ execution: Execution) { self.execution = execution }

    func offset(_ date: Date) -> String {
        String(format: "+%.3fs", date.timeIntervalSince(execution.startDate))
    }

    /// The longest cause printed on a failure line (the whole cause ends the timeline).
    static let causeLimit = 160

    /// One execution path while the history is read: the execution, a branch or an iteration.
    private struct Path {
        var parent: Int?
        var depth: Int
        /// The state entered and not yet left, its type, when it was entered, its tries and last error.
        var state: String?
        var type = ""
        var entered = Date(timeIntervalSince1970: 0)
        var attempts = 0
        var lastError: String?
        /// A Parallel or Map between its start and its outcome.
        var running = false
    }

    /// One line per state entered and left, retry and error, then status, error, cause and output.
    public var text: String {
        var lines: [String] = []
        var paths = [Path(parent: nil, depth: 0)]
        var pathOf: [Int: Int] = [:]
        var typeOf: [Int: HistoryEventType] = [:]
        var branchesStarted: [Int: Int] = [:]  // ParallelStateStarted event -> branches seen
        var iterationPath: [Int: Int] = [:]  // MapIterationStarted event -> path
        let parallelEnds: Set<HistoryEventType> = [
            .parallelStateSucceeded, .parallelStateFailed, .parallelStateAborted,
        ]
        let mapEvents: Set<HistoryEventType> = [
            .mapStateSucceeded, .mapStateFailed, .mapStateAborted, .mapIterationStarted, .mapIterationSucceeded,
            .mapIterationFailed, .mapIterationAborted, .mapRunStarted, .mapRunSucceeded, .mapRunFailed, .mapRunAborted,
        ]
        /// The path, from `path` outwards, whose open state is a `type` state (a running one, if asked).
        func owning(_ type: String, from path: Int, running: Bool) -> Int {
            var p = path
            while true {
                if paths[p].state != nil, paths[p].type == type, !running || paths[p].running { return p }
                guard let parent = paths[p].parent else { return path }
                p = parent
            }
        }
        func indent(_ path: Int) -> String { String(repeating: "  ", count: paths[path].depth) }

        for e in execution.history {
            let t = offset(e.timestamp)
            let type = e.type.rawValue
            let isEntered = type.hasSuffix("StateEntered")
            var path = pathOf[e.previousEventId] ?? 0
            let previousType = typeOf[e.previousEventId]
            typeOf[e.id] = e.type
            if previousType == .parallelStateStarted, isEntered, let seen = branchesStarted[e.previousEventId] {
                // A branch's first event follows its Parallel's start.
                let owner = pathOf[e.previousEventId] ?? 0
                branchesStarted[e.previousEventId] = seen + 1
                path = paths.count
                paths.append(Path(parent: owner, depth: paths[owner].depth + 1))
                lines.append("\(t)  \(indent(owner))┌ \(paths[owner].state ?? "Parallel") branch \(seen + 1)")
            } else if previousType == .mapIterationStarted, !type.hasPrefix("MapIteration"),
                let iteration = iterationPath[e.previousEventId]
            {
                path = iteration
            }
            if parallelEnds.contains(e.type) {
                path = owning("Parallel", from: path, running: true)
            } else if e.type == .parallelStateExited {
                path = owning("Parallel", from: path, running: false)
            } else if mapEvents.contains(e.type) {
                path = owning("Map", from: path, running: true)
            } else if e.type == .mapStateExited {
                path = owning("Map", from: path, running: false)
            }
            pathOf[e.id] = path
            let pad = indent(path)

            if isEntered, let name = e.stateName {
                paths[path].state = name
                paths[path].type = String(type.dropLast("StateEntered".count))
                paths[path].entered = e.timestamp
                paths[path].attempts = 0
                paths[path].lastError = nil
                paths[path].running = false
                lines.append("\(t)  \(pad)→ \(name) (\(paths[path].type))")
            } else if type.hasSuffix("StateExited"), let name = e.stateName {
                let duration = e.timestamp.timeIntervalSince(paths[path].entered)
                let retries = max(0, paths[path].attempts - 1)
                // A state left after an error was caught: its Catch chose the next state.
                var line =
                    paths[path].lastError.map {
                        "\(t)  \(pad)↪ \(name) caught \($0) after \(String(format: "%.3f", duration))s"
                    } ?? "\(t)  \(pad)✓ \(name) in \(String(format: "%.3f", duration))s"
                if retries > 0 { line += ", \(retries) retr\(retries == 1 ? "y" : "ies")" }
                lines.append(line)
                paths[path].state = nil
                paths[path].running = false
            } else {
                switch e.type {
                case .taskScheduled, .lambdaFunctionScheduled, .activityScheduled, .parallelStateStarted,
                    .mapStateStarted:
                    paths[path].attempts += 1
                    if e.type == .parallelStateStarted || e.type == .mapStateStarted {
                        paths[path].running = true
                        paths[path].lastError = nil
                        if e.type == .parallelStateStarted { branchesStarted[e.id] = 0 }
                    }
                    if paths[path].attempts > 1 {
                        lines.append("\(t)  \(pad)  retry #\(paths[path].attempts - 1) of \(paths[path].state ?? "")")
                    }
                case .taskFailed, .lambdaFunctionFailed, .taskTimedOut, .lambdaFunctionTimedOut, .activityFailed,
                    .activityTimedOut, .taskStartFailed, .taskSubmitFailed, .lambdaFunctionStartFailed,
                    .lambdaFunctionScheduleFailed, .activityScheduleFailed, .evaluationFailed:
                    let error = e[detail: "error"]?.apiValue.stringValue ?? "(no error)"
                    paths[path].lastError = error
                    lines.append(
                        "\(t)  \(pad)  ✗ \(error)\(Self.causeSuffix(e[detail: "cause"]?.apiValue.stringValue))")
                case .taskSucceeded, .lambdaFunctionSucceeded, .activitySucceeded:
                    paths[path].lastError = nil
                case .parallelStateFailed, .mapStateFailed:
                    paths[path].running = false
                    let what = e.type == .parallelStateFailed ? "a branch failed" : "an iteration failed"
                    paths[path].lastError = paths[path].lastError ?? "States.BranchFailed"
                    lines.append("\(t)  \(pad)  ✗ \(paths[path].state ?? "") failed: \(what)")
                case .parallelStateSucceeded, .mapStateSucceeded:
                    paths[path].running = false
                case .mapIterationStarted:
                    let index = e[detail: "index"]?.apiValue.intValue ?? 0
                    let iteration = paths.count
                    paths.append(Path(parent: path, depth: paths[path].depth + 1))
                    iterationPath[e.id] = iteration
                    lines.append("\(t)  \(pad)┌ \(paths[path].state ?? "Map") iteration \(index)")
                case .mapIterationFailed:
                    let index = e[detail: "index"]?.apiValue.intValue ?? 0
                    lines.append("\(t)  \(pad)  ✗ \(paths[path].state ?? "Map") iteration \(index) failed")
                case .executionFailed:
                    // A failure no event of the state reported (a runtime error, a Fail state): say where.
                    if let name = paths[path].state, paths[path].lastError == nil {
                        let error = e[detail: "error"]?.apiValue.stringValue ?? "(no error)"
                        let cause = Self.causeSuffix(e[detail: "cause"]?.apiValue.stringValue)
                        lines.append("\(t)  \(pad)✗ \(name) failed: \(error)\(cause)")
                    }
                case .executionTimedOut:
                    let waiting = paths.compactMap { p -> String? in
                        guard let name = p.state, p.type != "Parallel", p.type != "Map" else { return nil }
                        return "\(name) (\(p.type), entered \(offset(p.entered)))"
                    }
                    let list = waiting.isEmpty ? "" : " while waiting in " + waiting.joined(separator: ", ")
                    lines.append("\(t)  ⏱ timed out\(list)")
                default:
                    break
                }
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

    /// `: cause` on one line, shortened, or nothing.
    static func causeSuffix(_ cause: String?) -> String {
        guard var text = cause?.split(whereSeparator: \.isNewline).joined(separator: " "), !text.isEmpty else {
            return ""
        }
        if text.count > causeLimit { text = String(text.prefix(causeLimit - 1)) + "…" }
        return ": " + text
    }
}
