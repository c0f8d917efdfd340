import Foundation
import JSONCore

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
        var text: [UInt8] = [UInt8(ascii: "+")]
        Timeline.appendSeconds(date.timeIntervalSince(execution.startDate), into: &text)
        text.append(UInt8(ascii: "s"))
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends `String(format: "%.3f", seconds)`: for the usual values (0 up to 10^6 seconds, not
    /// within 10^-6 of a tie at the third decimal) from the value times 1,000 rounded, which is
    /// then the rounding of the exact value that `printf` does; through `String(format:)` otherwise.
    package static func appendSeconds(_ seconds: Double, into out: inout [UInt8]) {
        if seconds.sign == .plus && seconds < 1e6 {
            let scaled = seconds * 1000
            let rounded = scaled.rounded(.toNearestOrEven)
            if abs(abs(scaled - rounded) - 0.5) > 1e-6 {
                let millis = Int(rounded)
                appendDecimal(millis / 1000, into: &out)
                let fraction = millis % 1000
                out.append(UInt8(ascii: "."))
                out.append(UInt8(truncatingIfNeeded: fraction / 100) &+ 0x30)
                out.append(UInt8(truncatingIfNeeded: fraction / 10 % 10) &+ 0x30)
                out.append(UInt8(truncatingIfNeeded: fraction % 10) &+ 0x30)
                return
            }
        }
        out.append(contentsOf: String(format: "%.3f", seconds).utf8)
    }

    static func appendDecimal(_ n: Int, into out: inout [UInt8]) {
        if n >= 0 && n < 10 {
            out.append(UInt8(truncatingIfNeeded: n) &+ 0x30)
        } else {
            out.append(contentsOf: String(n).utf8)
        }
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
        var all: [UInt8] = []
        write(chunkSize: .max) { all.append(contentsOf: $0) }
        return String(decoding: all, as: UTF8.self)
    }

    /// What each event type means to the timeline, by ``HistoryEventType/ordinal(_:)`` (the type's
    /// name is not searched per event).
    private struct TypeFacts {
        /// `…StateEntered`, with the state type's name (`Pass`); `…StateExited`; `MapIteration…`.
        var entered: String?
        var exited = false
        var mapIteration = false
    }

    private static let typeFacts: [TypeFacts] = HistoryEventType.allCases.map { type in
        let name = type.rawValue
        return TypeFacts(
            entered: name.hasSuffix("StateEntered") ? String(name.dropLast("StateEntered".count)) : nil,
            exited: name.hasSuffix("StateExited"), mapIteration: name.hasPrefix("MapIteration"))
    }

    /// Values by event id: an array for the ids a history numbers 1…N, a dictionary for others.
    private struct ByID<Value> {
        var dense: [Value?]
        var sparse: [Int: Value] = [:]

        init(count: Int) { dense = Array(repeating: nil, count: count + 1) }

        subscript(id: Int) -> Value? {
            get { id >= 0 && id < dense.count ? dense[id] : sparse[id] }
            set {
                if id >= 0 && id < dense.count { dense[id] = newValue } else { sparse[id] = newValue }
            }
        }
    }

    /// Writes ``text`` in pieces of about `chunkSize` bytes, each ending at a line's end (so on a
    /// UTF-8 boundary): the timeline of a history of millions of events is never one string.
    package func write(chunkSize: Int = 1 << 16, _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(chunkSize == .max ? 4096 : chunkSize + 4096)
        var firstLine = true
        // The offset of the last event's timestamp, written once per timestamp (a Map's events share them).
        var lastStamp = Date.distantPast
        var lastOffset: [UInt8] = []
        func line() {
            if out.count >= chunkSize {
                out.withUnsafeBufferPointer(emit)
                out.removeAll(keepingCapacity: true)
            }
            if !firstLine { out.append(0x0A) }
            firstLine = false
        }
        func put(_ s: String) { out.append(contentsOf: s.utf8) }
        func stamp(_ date: Date) {
            if date != lastStamp {
                lastStamp = date
                lastOffset.removeAll(keepingCapacity: true)
                lastOffset.append(UInt8(ascii: "+"))
                Timeline.appendSeconds(date.timeIntervalSince(execution.startDate), into: &lastOffset)
                lastOffset.append(UInt8(ascii: "s"))
            }
            out.append(contentsOf: lastOffset)
        }

        let history = execution.history
        var paths = [Path(parent: nil, depth: 0)]
        var pathOf = ByID<Int>(count: history.count)
        var typeOf = ByID<HistoryEventType>(count: history.count)
        var branchesStarted: [Int: Int] = [:]  // ParallelStateStarted event -> branches seen
        var iterationPath = ByID<Int>(count: history.count)  // MapIterationStarted event -> path
        /// The path, from `path` outwards, whose open state is a `type` state (a running one, if asked).
        func owning(_ type: String, from path: Int, running: Bool) -> Int {
            var p = path
            while true {
                if paths[p].state != nil, paths[p].type == type, !running || paths[p].running { return p }
                guard let parent = paths[p].parent else { return path }
                p = parent
            }
        }
        /// The event's offset, two spaces and the path's indent: how every event line starts.
        func start(_ e: HistoryEvent, _ path: Int) {
            line()
            stamp(e.timestamp)
            out.append(contentsOf: repeatElement(0x20, count: 2 + 2 * paths[path].depth))
        }

        for e in history {
            let facts = Timeline.typeFacts[HistoryEventType.ordinal(e.type)]
            let isEntered = facts.entered != nil
            var path = pathOf[e.previousEventId] ?? 0
            let previousType = typeOf[e.previousEventId]
            typeOf[e.id] = e.type
            if previousType == .parallelStateStarted, isEntered, let seen = branchesStarted[e.previousEventId] {
                // A branch's first event follows its Parallel's start.
                let owner = pathOf[e.previousEventId] ?? 0
                branchesStarted[e.previousEventId] = seen + 1
                path = paths.count
                paths.append(Path(parent: owner, depth: paths[owner].depth + 1))
                start(e, owner)
                put("┌ \(paths[owner].state ?? "Parallel") branch \(seen + 1)")
            } else if previousType == .mapIterationStarted, !facts.mapIteration,
                let iteration = iterationPath[e.previousEventId]
            {
                path = iteration
            }
            switch e.type {
            case .parallelStateSucceeded, .parallelStateFailed, .parallelStateAborted:
                path = owning("Parallel", from: path, running: true)
            case .parallelStateExited:
                path = owning("Parallel", from: path, running: false)
            case .mapStateSucceeded, .mapStateFailed, .mapStateAborted, .mapIterationStarted, .mapIterationSucceeded,
                .mapIterationFailed, .mapIterationAborted, .mapRunStarted, .mapRunSucceeded, .mapRunFailed,
                .mapRunAborted:
                path = owning("Map", from: path, running: true)
            case .mapStateExited:
                path = owning("Map", from: path, running: false)
            default:
                break
            }
            pathOf[e.id] = path

            if let stateType = facts.entered, let name = e.stateName {
                paths[path].state = name
                paths[path].type = stateType
                paths[path].entered = e.timestamp
                paths[path].attempts = 0
                paths[path].lastError = nil
                paths[path].running = false
                start(e, path)
                put("→ ")
                put(name)
                put(" (")
                put(stateType)
                put(")")
            } else if facts.exited, let name = e.stateName {
                let duration = e.timestamp.timeIntervalSince(paths[path].entered)
                let retries = max(0, paths[path].attempts - 1)
                // A state left after an error was caught: its Catch chose the next state.
                start(e, path)
                if let error = paths[path].lastError {
                    put("↪ ")
                    put(name)
                    put(" caught ")
                    put(error)
                    put(" after ")
                } else {
                    put("✓ ")
                    put(name)
                    put(" in ")
                }
                Timeline.appendSeconds(duration, into: &out)
                put("s")
                if retries > 0 { put(", \(retries) retr\(retries == 1 ? "y" : "ies")") }
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
                        start(e, path)
                        put("  retry #\(paths[path].attempts - 1) of \(paths[path].state ?? "")")
                    }
                case .taskFailed, .lambdaFunctionFailed, .taskTimedOut, .lambdaFunctionTimedOut, .activityFailed,
                    .activityTimedOut, .taskStartFailed, .taskSubmitFailed, .lambdaFunctionStartFailed,
                    .lambdaFunctionScheduleFailed, .activityScheduleFailed, .evaluationFailed:
                    let error = e[detail: "error"]?.apiValue.stringValue ?? "(no error)"
                    paths[path].lastError = error
                    start(e, path)
                    put("  ✗ \(error)\(Self.causeSuffix(e[detail: "cause"]?.apiValue.stringValue))")
                case .taskSucceeded, .lambdaFunctionSucceeded, .activitySucceeded:
                    paths[path].lastError = nil
                case .parallelStateFailed, .mapStateFailed:
                    paths[path].running = false
                    let what = e.type == .parallelStateFailed ? "a branch failed" : "an iteration failed"
                    paths[path].lastError = paths[path].lastError ?? "States.BranchFailed"
                    start(e, path)
                    put("  ✗ \(paths[path].state ?? "") failed: \(what)")
                case .parallelStateSucceeded, .mapStateSucceeded:
                    paths[path].running = false
                case .mapIterationStarted:
                    let index = e[detail: "index"]?.apiValue.intValue ?? 0
                    let iteration = paths.count
                    paths.append(Path(parent: path, depth: paths[path].depth + 1))
                    iterationPath[e.id] = iteration
                    start(e, path)
                    put("┌ ")
                    put(paths[path].state ?? "Map")
                    put(" iteration ")
                    Timeline.appendDecimal(index, into: &out)
                case .mapIterationFailed:
                    let index = e[detail: "index"]?.apiValue.intValue ?? 0
                    start(e, path)
                    put("  ✗ \(paths[path].state ?? "Map") iteration \(index) failed")
                case .executionFailed:
                    // A failure no event of the state reported (a runtime error, a Fail state): say where.
                    if let name = paths[path].state, paths[path].lastError == nil {
                        let error = e[detail: "error"]?.apiValue.stringValue ?? "(no error)"
                        let cause = Self.causeSuffix(e[detail: "cause"]?.apiValue.stringValue)
                        start(e, path)
                        put("✗ \(name) failed: \(error)\(cause)")
                    }
                case .executionTimedOut:
                    let waiting = paths.compactMap { p -> String? in
                        guard let name = p.state, p.type != "Parallel", p.type != "Map" else { return nil }
                        return "\(name) (\(p.type), entered \(offset(p.entered)))"
                    }
                    let list = waiting.isEmpty ? "" : " while waiting in " + waiting.joined(separator: ", ")
                    line()
                    stamp(e.timestamp)
                    put("  ⏱ timed out\(list)")
                default:
                    break
                }
            }
        }
        line()
        line()
        put("status: \(execution.status.rawValue) after ")
        Timeline.appendSeconds(execution.duration, into: &out)
        put("s (virtual time)")
        if let error = execution.error {
            line()
            put("error:  \(error)")
        }
        if let cause = execution.cause {
            line()
            put("cause:  \(cause)")
        }
        if let output = execution.output {
            line()
            put("output: ")
            JSONWriter.pretty.write(output, into: &out)
        }
        out.withUnsafeBufferPointer(emit)
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
