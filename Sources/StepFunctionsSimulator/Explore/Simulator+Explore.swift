import Foundation
import JSONCore
import StepFunctionsModel

extension Simulator {
    /// Runs the workflow once per combination of task outcomes, depth first, and reports what the
    /// paths covered, which end `FAILED` without being caught, and which break `options.assertions`.
    ///
    /// Every Task state is answered by the explorer (handlers and mocks registered for Task states
    /// are replaced): each call succeeds (returning `options.sampleOutputs[state]`, else its input),
    /// fails with each error its `Retry` and `Catch` distinguish plus `States.TaskFailed` when
    /// nothing catches it, times out or misses its heartbeat when it has `TimeoutSeconds` or
    /// `HeartbeatSeconds`, is never answered (a callback with neither), and, for EXPRESS machines or
    /// when `options.duplicateDeliveries` says so, succeeds with its side effect delivered twice.
    /// Runs use virtual time and run Parallel branches and Map iterations one after another, so each
    /// path is reproducible. See Docs/Explore.md.
    public func explore(
        inputs: [JSONValue] = [.object(JSONObject())], options: ExploreOptions = ExploreOptions()
    ) async -> ExploreReport {
        let started = ContinuousClock.now
        var run = self
        var o = run.options
        o.concurrent = false
        o.clock = .virtual
        o.strict = true
        o.recordHistory = true
        o.transitionLimit = min(o.transitionLimit ?? Int.max, max(1, options.maxTransitionsPerPath))
        run.options = o
        let model = ExploreModel(
            definition, duplicates: options.duplicateDeliveries ?? (o.stateMachineType == .express),
            samples: options.sampleOutputs)
        let recorder = ExploreRecorder(
            maxDepth: max(0, options.maxDepth), mixErrorsAcrossRetries: options.mixErrorsAcrossRetries)
        for task in model.tasks {
            let name = task.name
            let outcomes = task.outcomes
            let samples = options.sampleOutputs[name] ?? []
            let heartbeat = Double(task.heartbeat ?? 0)
            let handler: SynchronousTaskHandler = { call in
                let (injection, sample) = recorder.decide(
                    state: name, retryCount: call.retryCount, outcomes: outcomes)
                switch injection {
                case .succeeded, .deliveredTwice: break
                case .failed(let error):
                    throw TaskError(error: error, cause: ExploreCoverage.injectedCause(name, error))
                case .timedOut, .neverAnswered:
                    // Longer than any timeout: the simulator stops the call at its TimeoutSeconds, or
                    // the execution at its own timeout.
                    call.elapse(seconds: 400 * 86_400)
                case .heartbeatTimedOut: call.elapse(seconds: heartbeat + 1)
                }
                return sample < samples.count ? samples[sample] : call.input
            }
            run.handle(state: name, handler)
        }

        let definitionBytes = options.measureUsage ? ExecutionUsage.definitionBytes(definition) : 0
        var coverage = ExploreCoverage(model: model, transitionBound: o.transitionLimit ?? Int.max)
        var paths: [ExplorePath] = []
        var complete = true
        var assertionResults = options.assertions.map {
            ExploreReport.AssertionResult(name: $0.name, violations: 0, counterExample: nil)
        }
        inputs: for (index, input) in inputs.enumerated() {
            var script: [Int]? = []
            while let forced = script {
                if paths.count >= options.maxPaths {
                    complete = false
                    break inputs
                }
                recorder.begin(forced)
                let execution = await run.run(input: input)
                let (steps, next) = recorder.finish()
                script = next
                var path = coverage.record(execution, steps: steps, inputIndex: index)
                if options.measureUsage {
                    path.usage = ExecutionUsage(
                        execution: execution, type: o.stateMachineType, definitionBytes: definitionBytes)
                }
                for (i, assertion) in options.assertions.enumerated() where !assertion.holds(path) {
                    assertionResults[i].violations += 1
                    if let c = assertionResults[i].counterExample, !ExplorePath.shorter(path, c) { continue }
                    assertionResults[i].counterExample = path
                }
                paths.append(path)
            }
        }
        let elapsed = ContinuousClock.now - started
        return ExploreReport(
            paths: paths, inputCount: inputs.count, complete: complete, depthLimited: recorder.depthLimited,
            states: coverage.states(), transitions: coverage.transitions(),
            uncaughtFailures: ExploreCoverage.groups(paths.filter { $0.status == .failed }),
            unfinished: ExploreCoverage.groups(paths.filter { $0.status == .timedOut || $0.status == .running }),
            assertions: assertionResults,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}

/// What the explored paths covered of the definition, read from each run's history.
struct ExploreCoverage {
    let model: ExploreModel
    var entered: [String: Int] = [:]
    var left: [String: Int] = [:]
    var edgePaths: [Int]
    /// Per path: states and edges seen (each counted once a path).
    private var seenStates: Set<String> = []
    private var seenLeft: Set<String> = []
    private var seenEdges: Set<Int> = []
    private var lastEntered: [Int: String] = [:]
    private var lastExited: [Int: (name: String, caught: Bool)] = [:]
    /// A path that enters this many states has reached the transition bound.
    let transitionBound: Int

    init(model: ExploreModel, transitionBound: Int) {
        self.model = model
        self.transitionBound = transitionBound
        edgePaths = Array(repeating: 0, count: model.edges.count)
    }

    /// Counts what `execution` covered and returns its path.
    mutating func record(_ execution: Execution, steps: [ExploreStep], inputIndex: Int) -> ExplorePath {
        seenStates.removeAll(keepingCapacity: true)
        seenLeft.removeAll(keepingCapacity: true)
        seenEdges.removeAll(keepingCapacity: true)
        lastEntered.removeAll(keepingCapacity: true)
        lastExited.removeAll(keepingCapacity: true)
        var statesEntered: [String] = []
        let history = execution.history
        for (index, event) in history.enumerated() {
            let type = event.type
            guard let name = event.stateName, let graph = model.graphOf[name] else { continue }
            let raw = type.rawValue
            if raw.hasSuffix("StateEntered") {
                statesEntered.append(name)
                seenStates.insert(name)
                if let previous = lastEntered[graph] {
                    let exit = lastExited[graph]
                    let caught = exit?.name != previous || exit?.caught == true
                    let key = ExploreModel.EdgeKey(from: previous, to: name, isCatch: caught)
                    if let i = model.edgeIndex[key] { seenEdges.insert(i) }
                }
                lastEntered[graph] = name
            } else if raw.hasSuffix("StateExited") {
                // A state a Catch took exits too (AWS records its exit with the error output); what
                // tells it apart is the event before the exit: the task's, Parallel's or Map's failure.
                let before = index > 0 ? history[index - 1].type.rawValue : ""
                let caught = before.hasSuffix("Failed") || before.hasSuffix("TimedOut")
                lastExited[graph] = (name, caught)
                if !caught { seenLeft.insert(name) }
            }
        }
        // A Distributed Map's children keep histories of their own: their tasks were entered if called.
        for step in steps { seenStates.insert(step.state) }
        for s in seenStates { entered[s, default: 0] += 1 }
        for s in seenLeft { left[s, default: 0] += 1 }
        for e in seenEdges { edgePaths[e] += 1 }
        let stopped = execution.status == .timedOut && statesEntered.count >= transitionBound
        return ExplorePath(
            inputIndex: inputIndex, steps: steps, statesEntered: statesEntered, status: execution.status,
            error: execution.error, cause: execution.cause, stoppedAtBound: stopped,
            historyEventCount: history.count,
            stateTransitions: ExecutionUsage.stateTransitions(history) + execution.mapRuns.reduce(0) { $0 + $1.total },
            duration: execution.duration)
    }

    func states() -> [ExploreReport.StateCoverage] {
        model.states.map {
            ExploreReport.StateCoverage(
                name: $0.name, type: $0.type, pathsEntering: entered[$0.name] ?? 0, pathsLeaving: left[$0.name] ?? 0)
        }
    }

    func transitions() -> [ExploreReport.Transition] {
        model.edges.enumerated().map { i, e in
            ExploreReport.Transition(
                from: e.key.from, to: e.key.to, via: e.via, isCatch: e.key.isCatch, paths: edgePaths[i])
        }
    }

    /// The cause of an injected failure: it names the state, so that a failure that ends the
    /// execution (through a Parallel or Map too) is put where it happened.
    static func injectedCause(_ state: String, _ error: String) -> String {
        "Injected by explore: \(state) failed with \(error)"
    }

    /// The state an injected failure named in `cause` happened in.
    static func injectedState(_ cause: String?) -> String? {
        guard let cause, let start = cause.range(of: "Injected by explore: "),
            let end = cause.range(of: " failed with ", range: start.upperBound..<cause.endIndex)
        else { return nil }
        return String(cause[start.upperBound..<end.lowerBound])
    }

    /// Paths grouped by how and where they end, the largest group first, each with its shortest path.
    static func groups(_ paths: [ExplorePath]) -> [ExploreReport.EndGroup] {
        struct Key: Hashable {
            var status: ExecutionStatus
            var error: String?
            var state: String?
        }
        var order: [Key] = []
        var groups: [Key: ExploreReport.EndGroup] = [:]
        for p in paths {
            let key = Key(status: p.status, error: p.error, state: p.endState)
            if var g = groups[key] {
                g.count += 1
                if ExplorePath.shorter(p, g.shortest) { g.shortest = p }
                groups[key] = g
            } else {
                order.append(key)
                groups[key] = ExploreReport.EndGroup(
                    status: p.status, error: p.error, state: key.state, count: 1, shortest: p)
            }
        }
        return order.compactMap { groups[$0] }.enumerated().sorted { a, b in
            a.element.count != b.element.count ? a.element.count > b.element.count : a.offset < b.offset
        }.map(\.element)
    }
}
