/// Checks a ``StateMachineDefinition`` against the rules AWS applies when it creates a state
/// machine, and warns about what is legal but dangerous.
///
/// Every problem is reported at once, each with a stable ``DiagnosticCode`` and the path of the
/// field concerned. The same validator serves definitions read from JSON and built with the DSL.
public struct ASLValidator: Sendable {
    /// The kind of state machine, which changes what is allowed.
    public enum StateMachineType: String, Sendable, Hashable, CaseIterable {
        /// Long-running, exactly-once executions (the default).
        case standard = "STANDARD"
        /// Short, high-volume, at-least-once executions: no `.sync` or `.waitForTaskToken`.
        case express = "EXPRESS"
    }

    /// What to check.
    public struct Options: Sendable {
        /// STANDARD or EXPRESS.
        public var stateMachineType: StateMachineType
        /// Whether to report warnings (dangerous but legal constructs).
        public var warnings: Bool

        /// Creates options.
        public init(stateMachineType: StateMachineType = .standard, warnings: Bool = true) {
            self.stateMachineType = stateMachineType
            self.warnings = warnings
        }
    }

    /// The options in use.
    public var options: Options

    /// Creates a validator.
    public init(options: Options = Options()) { self.options = options }

    /// Every problem in `definition`, errors first, then in document order.
    public func validate(_ definition: StateMachineDefinition) -> [Diagnostic] {
        var context = ValidationContext(definition: definition, options: options)
        context.run()
        return context.diagnostics.enumerated().sorted {
            ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset)
        }.map(\.element)
    }
}

/// The state of one validation run; rules append to ``diagnostics``.
struct ValidationContext {
    let definition: StateMachineDefinition
    let options: ASLValidator.Options
    var diagnostics: [Diagnostic] = []
    /// Where each state name was first declared (for duplicate detection across graphs).
    var declared: [String: FieldPath] = [:]

    init(definition: StateMachineDefinition, options: ASLValidator.Options) {
        self.definition = definition
        self.options = options
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, at path: FieldPath) {
        diagnostics.append(Diagnostic(.error, code, message, at: path))
    }

    mutating func warning(_ code: DiagnosticCode, _ message: String, at path: FieldPath) {
        guard options.warnings else { return }
        diagnostics.append(Diagnostic(.warning, code, message, at: path))
    }

    mutating func run() {
        checkGraph(definition.graph, at: .root, what: "the state machine")
    }

    /// Checks one graph and, recursively, the graphs nested in its states.
    mutating func checkGraph(_ graph: StateGraph, at path: FieldPath, what: String) {
        let statesPath = path.appending("States")
        if !graph.states.contains(graph.startAt) {
            var message = "'StartAt' names '\(graph.startAt)', but \(what) has no state of that name"
            if let s = Suggestions.closest(to: graph.startAt, in: graph.states.names) { message += "; did you mean '\(s)'?" }
            error(.undefinedState, message, at: path.appending("StartAt"))
        }
        for entry in graph.states {
            let statePath = statesPath.appending(entry.name)
            if let first = declared[entry.name] {
                error(
                    .duplicateStateName,
                    "state name '\(entry.name)' is also used at \(first); all states must have unique names",
                    at: statePath)
            } else {
                declared[entry.name] = statePath
            }
            checkTransitions(entry.state, name: entry.name, in: graph, at: statePath, what: what)
            for (i, child) in entry.state.childGraphs.enumerated() {
                let childPath: FieldPath
                let childWhat: String
                switch entry.state {
                case .parallel:
                    childPath = statePath.appending("Branches").appending(i)
                    childWhat = "branch \(i) of Parallel state '\(entry.name)'"
                case .map(let m):
                    childPath = statePath.appending(m.itemProcessor.isLegacyIterator ? "Iterator" : "ItemProcessor")
                    childWhat = "the item processor of Map state '\(entry.name)'"
                default:
                    continue
                }
                checkGraph(child, at: childPath, what: childWhat)
            }
        }
        checkReachability(graph, at: path)
    }

    /// Every `Next`, `Default` and Catch target must name a state of the same graph.
    mutating func checkTransitions(_ state: State, name: String, in graph: StateGraph, at path: FieldPath, what: String) {
        func check(_ target: String, _ fieldPath: FieldPath, _ role: String) {
            guard !graph.states.contains(target) else { return }
            var message = "\(role) of state '\(name)' goes to '\(target)', but \(what) has no state of that name"
            if let s = Suggestions.closest(to: target, in: graph.states.names) { message += "; did you mean '\(s)'?" }
            error(.undefinedState, message, at: fieldPath)
        }
        if let next = state.transition?.nextState { check(next, path.appending("Next"), "'Next'") }
        if case .choice(let c) = state {
            for (i, rule) in c.choices.enumerated() {
                check(rule.next, path.appending("Choices").appending(i).appending("Next"), "Choice rule #\(i + 1)")
            }
            if let d = c.default { check(d, path.appending("Default"), "'Default'") }
        }
        for (i, c) in state.catch.enumerated() {
            check(c.next, path.appending("Catch").appending(i).appending("Next"), "Catch #\(i + 1)")
        }
    }

    /// Every state must be reachable from `StartAt`, and some state must end the graph.
    mutating func checkReachability(_ graph: StateGraph, at path: FieldPath) {
        var reached: Set<String> = []
        var work = [graph.startAt]
        while let name = work.popLast() {
            guard reached.insert(name).inserted, let state = graph.states[name] else { continue }
            work.append(contentsOf: state.successors)
        }
        for entry in graph.states where !reached.contains(entry.name) && graph.states.contains(graph.startAt) {
            error(
                .unreachableState,
                "state '\(entry.name)' cannot be reached from '\(graph.startAt)'; no Next, Choice rule, Default or "
                    + "Catch goes to it", at: path.appending("States").appending(entry.name))
        }
        if !graph.states.isEmpty && !graph.states.contains(where: { $0.state.isTerminal }) {
            error(.noTerminalState, "no state ends this graph: add 'End': true, a Succeed or a Fail state", at: path)
        }
    }
}
