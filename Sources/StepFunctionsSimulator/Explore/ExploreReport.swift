import JSONCore
import StepFunctionsModel

/// What ``Simulator/explore(inputs:options:)`` found: every path it ran, what they covered of the
/// definition, the paths that fail without being caught, and the assertions' results.
public struct ExploreReport: Sendable {
    /// How often a state was entered.
    public struct StateCoverage: Sendable, Hashable {
        /// The state's name.
        public var name: String
        /// The state's type.
        public var type: StateType
        /// How many paths entered it.
        public var pathsEntering: Int
        /// How many paths left it normally (not through a Catch, not by failing).
        public var pathsLeaving: Int
    }

    /// A transition of the definition and how many paths took it.
    public struct Transition: Sendable, Hashable {
        /// The state it leaves.
        public var from: String
        /// The state it goes to.
        public var to: String
        /// The fields that make it: `Next`, `Choices[1]`, `Default`, `Catch[0]` (several when they share a target).
        public var via: [String]
        /// Whether it is a Catch (an error handler) rather than a normal transition.
        public var isCatch: Bool
        /// How many paths took it.
        public var paths: Int
    }

    /// Paths that end the same way in the same state.
    public struct EndGroup: Sendable {
        /// How they end (`FAILED` or `TIMED_OUT`).
        public var status: ExecutionStatus
        /// The error (`States.TaskFailed`, `States.Runtime`...).
        public var error: String?
        /// The state the failure happened in (the task an injected error failed, else the last state entered).
        public var state: String?
        /// How many paths end so.
        public var count: Int
        /// The shortest of them.
        public var shortest: ExplorePath
    }

    /// An assertion and the paths that break it.
    public struct AssertionResult: Sendable {
        /// The assertion's name.
        public var name: String
        /// How many paths break it.
        public var violations: Int
        /// The shortest path that breaks it (nil: it holds on every path explored).
        public var counterExample: ExplorePath?
    }

    /// Every path explored, in depth-first order (the first is the one where every task succeeds).
    public var paths: [ExplorePath]
    /// How many inputs the paths start from.
    public var inputCount: Int
    /// Whether every path was explored (false: stopped at ``ExploreOptions/maxPaths``).
    public var complete: Bool
    /// Whether some path had more decisions than ``ExploreOptions/maxDepth`` (its later calls succeeded).
    public var depthLimited: Bool
    /// Each state, in definition order.
    public var states: [StateCoverage]
    /// Each transition of the definition, in definition order.
    public var transitions: [Transition]
    /// Paths that end `FAILED`: an error nothing caught (grouped by error and state, most first).
    public var uncaughtFailures: [EndGroup]
    /// Paths that end `TIMED_OUT` or still `RUNNING` (a callback never answered, the execution's timeout).
    public var unfinished: [EndGroup]
    /// Each assertion's result, in the order given.
    public var assertions: [AssertionResult]
    /// Wall-clock seconds the exploration took.
    public var seconds: Double

    /// States no path entered.
    public var statesNeverEntered: [StateCoverage] { states.filter { $0.pathsEntering == 0 } }
    /// Transitions no path took: dead Catch handlers, Choice branches the inputs never reach.
    public var transitionsNeverTaken: [Transition] { transitions.filter { $0.paths == 0 } }
    /// The assertions some path breaks.
    public var failedAssertions: [AssertionResult] { assertions.filter { $0.violations > 0 } }

    /// Paths explored per second.
    public var pathsPerSecond: Double { seconds > 0 ? Double(paths.count) / seconds : 0 }

    /// The report as text (what `sfn explore` prints).
    public var text: String {
        var out: [String] = []
        let byStatus = Dictionary(grouping: paths, by: \.status).mapValues(\.count)
        let statuses = [ExecutionStatus.succeeded, .failed, .timedOut, .running, .aborted].compactMap { s in
            byStatus[s].map { "\($0) \(s.rawValue)" }
        }
        out.append(
            "Explored \(paths.count) path\(paths.count == 1 ? "" : "s") from \(inputCount) input\(inputCount == 1 ? "" : "s")"
                + (complete ? "" : " (stopped at the path bound: more paths remain)")
                + (depthLimited ? " (some paths branch deeper than the depth bound)" : "") + ": "
                + statuses.joined(separator: ", "))
        let entered = states.count - statesNeverEntered.count
        out.append("")
        out.append("States: \(entered) of \(states.count) entered")
        for s in statesNeverEntered { out.append("  never entered: \(s.name) (\(s.type.rawValue))") }
        for s in states where s.pathsEntering > 0 && s.pathsLeaving == 0 && s.type != .fail && s.type != .succeed {
            out.append(
                "  entered on \(s.pathsEntering) path\(s.pathsEntering == 1 ? "" : "s") but never left normally: \(s.name)"
            )
        }
        let taken = transitions.count - transitionsNeverTaken.count
        out.append("Transitions: \(taken) of \(transitions.count) taken")
        for t in transitionsNeverTaken {
            let what =
                t.isCatch
                ? "dead Catch handler"
                : (t.via.contains { $0.hasPrefix("Choices") || $0 == "Default" }
                    ? "Choice branch not reached" : "not taken")
            out.append("  never taken: \(t.from) -> \(t.to) (\(t.via.joined(separator: ", "))): \(what)")
        }
        out.append("")
        if uncaughtFailures.isEmpty {
            out.append("Uncaught failures: none")
        } else {
            out.append("Uncaught failures (paths ending FAILED):")
            for g in uncaughtFailures { out += group(g) }
        }
        if !unfinished.isEmpty {
            out.append("Unfinished (paths ending TIMED_OUT or RUNNING):")
            for g in unfinished { out += group(g) }
        }
        if !assertions.isEmpty {
            out.append("")
            out.append("Assertions:")
            for a in assertions {
                if let c = a.counterExample {
                    out.append(
                        "  FAIL \(a.name): broken on \(a.violations) path\(a.violations == 1 ? "" : "s"); shortest:")
                    out.append(c.description.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
                } else {
                    out.append("  ok   \(a.name)")
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func group(_ g: EndGroup) -> [String] {
        var head = "  \(g.error ?? g.status.rawValue)"
        if let s = g.state { head += " in \(s)" }
        head += ": \(g.count) path\(g.count == 1 ? "" : "s"); shortest:"
        var lines = [head]
        if let cause = g.shortest.cause, !cause.isEmpty {
            // A cause may quote a whole payload: the JSON report has it all.
            lines.append("    cause: " + (cause.count > 240 ? cause.prefix(240) + "..." : cause))
        }
        lines += g.shortest.description.split(separator: "\n").map { "  " + $0 }
        return lines
    }

    /// The report as JSON (what `sfn explore --format json` prints; `paths` only with `allPaths`).
    public func json(allPaths: Bool = false) -> JSONValue {
        var o = JSONObject()
        o["paths"] = .int(paths.count)
        o["inputs"] = .int(inputCount)
        o["complete"] = .bool(complete)
        o["depthLimited"] = .bool(depthLimited)
        var byStatus = JSONObject()
        for s in [ExecutionStatus.succeeded, .failed, .timedOut, .running, .aborted] {
            let n = paths.filter { $0.status == s }.count
            if n > 0 { byStatus[s.rawValue] = .int(n) }
        }
        o["statuses"] = .object(byStatus)
        o["states"] = .array(
            states.map {
                [
                    "name": .string($0.name), "type": .string($0.type.rawValue),
                    "pathsEntering": .int($0.pathsEntering),
                    "pathsLeaving": .int($0.pathsLeaving),
                ]
            })
        o["transitions"] = .array(
            transitions.map {
                [
                    "from": .string($0.from), "to": .string($0.to), "via": .array($0.via.map { .string($0) }),
                    "catch": .bool($0.isCatch), "paths": .int($0.paths),
                ]
            })
        func groups(_ list: [EndGroup]) -> JSONValue {
            .array(
                list.map { g in
                    var j = JSONObject()
                    j["status"] = .string(g.status.rawValue)
                    if let e = g.error { j["error"] = .string(e) }
                    if let s = g.state { j["state"] = .string(s) }
                    j["count"] = .int(g.count)
                    j["shortest"] = g.shortest.json
                    return .object(j)
                })
        }
        o["uncaughtFailures"] = groups(uncaughtFailures)
        o["unfinished"] = groups(unfinished)
        o["assertions"] = .array(
            assertions.map { a in
                var j: JSONObject = ["name": .string(a.name), "holds": .bool(a.violations == 0)]
                j["violations"] = .int(a.violations)
                if let c = a.counterExample { j["counterExample"] = c.json }
                return .object(j)
            })
        if allPaths { o["allPaths"] = .array(paths.map(\.json)) }
        return .object(o)
    }
}
