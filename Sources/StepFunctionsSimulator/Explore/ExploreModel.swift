import JSONCore
import StepFunctionsModel

/// What exploration needs to know of a definition: each state's graph, every transition it can
/// take, and the outcomes each Task state's calls can be given.
struct ExploreModel {
    /// A transition of the definition: `from` to `to`, by its `Next`/Choice rules/`Default` or by a Catch.
    struct EdgeKey: Hashable {
        var from: String
        var to: String
        var isCatch: Bool
    }

    struct TaskInfo {
        var name: String
        var outcomes: [(ExploreInjection, Int)]
        var heartbeat: Int?
    }

    /// Each state's graph (0: the top level; then each Parallel branch and Map processor).
    var graphOf: [String: Int] = [:]
    /// States in definition order, with their types.
    var states: [(name: String, type: StateType)] = []
    /// Transitions in definition order, with the fields that make them (`Next`, `Choices[0]`, `Catch[1]`).
    var edges: [(key: EdgeKey, via: [String])] = []
    var edgeIndex: [EdgeKey: Int] = [:]
    var tasks: [TaskInfo] = []

    init(_ definition: StateMachineDefinition, duplicates: Bool, samples: [String: [JSONValue]]) {
        var nextGraph = 0
        func walk(_ list: StateList) {
            let graph = nextGraph
            nextGraph += 1
            for entry in list {
                let name = entry.name
                let state = entry.state
                graphOf[name] = graph
                states.append((name, state.type))
                if let next = state.transition?.nextState { add(name, next, false, "Next") }
                if case .choice(let c) = state {
                    for (i, rule) in c.choices.enumerated() { add(name, rule.next, false, "Choices[\(i)]") }
                    if let d = c.default { add(name, d, false, "Default") }
                }
                for (i, c) in state.catch.enumerated() { add(name, c.next, true, "Catch[\(i)]") }
                if case .task(let t) = state {
                    tasks.append(
                        ExploreModel.task(name, t, duplicates: duplicates, samples: max(1, samples[name]?.count ?? 1)))
                }
                for child in state.childGraphs { walk(child.states) }
            }
        }
        walk(definition.states)
    }

    private mutating func add(_ from: String, _ to: String, _ isCatch: Bool, _ via: String) {
        let key = EdgeKey(from: from, to: to, isCatch: isCatch)
        if let i = edgeIndex[key] {
            edges[i].via.append(via)
        } else {
            edgeIndex[key] = edges.count
            edges.append((key, [via]))
        }
    }

    /// The error names a task could fail with that matter to its Retry and Catch: each name they
    /// list (`States.ALL` stands for `States.TaskFailed`), plus `States.TaskFailed` when nothing
    /// catches it (an error nobody handles); timeouts only when the task has a timeout.
    static func task(_ name: String, _ task: TaskState, duplicates: Bool, samples: Int) -> TaskInfo {
        var errors: [String] = []
        func add(_ e: String) { if !errors.contains(e) { errors.append(e) } }
        let timers = StatesErrorSet.timers
        for list in task.retry.map(\.errorEquals) + task.catch.map(\.errorEquals) {
            for e in list {
                if e == StatesError.all || e == StatesError.taskFailed {
                    add(StatesError.taskFailed)
                } else if timers.contains(e) {
                    // Given as a timeout below when the task has one; a service may still report it.
                    if task.timeoutSeconds == nil && task.timeoutSecondsPath == nil && e == StatesError.timeout {
                        add(e)
                    }
                } else if !e.hasPrefix("States.") || e == StatesError.permissions {
                    add(e)
                }
            }
        }
        let caught = task.catch.contains { c in
            c.errorEquals.contains(StatesError.all) || c.errorEquals.contains(StatesError.taskFailed)
        }
        if !caught { add(StatesError.taskFailed) }
        var outcomes: [ExploreInjection] = errors.map { .failed($0) }
        let isCallback = task.resource.pattern == .waitForTaskToken
        let hasTimeout = task.timeoutSeconds != nil || task.timeoutSecondsPath != nil
        let heartbeat = task.heartbeatSeconds?.literal
        if hasTimeout { outcomes.append(.timedOut) }
        if heartbeat != nil { outcomes.append(.heartbeatTimedOut) }
        if isCallback && !hasTimeout && task.heartbeatSeconds == nil && task.heartbeatSecondsPath == nil {
            outcomes.append(.neverAnswered)
        }
        var all = (0..<samples).map { (ExploreInjection.succeeded, $0) } + outcomes.map { ($0, 0) }
        if duplicates { all += (0..<samples).map { (ExploreInjection.deliveredTwice, $0) } }
        return TaskInfo(name: name, outcomes: all, heartbeat: heartbeat)
    }
}

/// Names of the errors a timer raises.
enum StatesErrorSet {
    static let timers: Set<String> = [StatesError.timeout, StatesError.heartbeatTimeout]
}
