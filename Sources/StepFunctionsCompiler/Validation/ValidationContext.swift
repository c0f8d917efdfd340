/// The state of one validation run: walks every graph and state and hands each to the rules
/// (extensions in this folder), which append to ``diagnostics``.
struct ValidationContext {
    let definition: StateMachineDefinition
    let options: ASLValidator.Options
    var diagnostics: [Diagnostic] = []
    /// Where each state name was first declared (for duplicate detection across graphs).
    var declared: [String: FieldPath] = [:]
    /// Whether the machine has more than one graph (a Parallel or a Map state at its top level):
    /// only then can a state name be declared twice (one graph's names are its `States` keys), so
    /// only then are names recorded in ``declared``.
    var hasNestedGraphs = false
    /// Every state name in the machine, with the graph (its path) that declares it: built when a
    /// transition goes nowhere (a valid definition never needs it).
    var graphOfName: [String: FieldPath] {
        var names: [String: FieldPath] = [:]
        collectNames(definition.graphReadingFields, at: .root, into: &names)
        return names
    }
    /// States the reader could not read (and reported); see ``ASLValidator/validate(_:unreadableStates:)``.
    var unreadableStates: Set<String> = []

    /// The machine's own `QueryLanguage` (read once: every state's rules ask for it).
    let machineLanguage: QueryLanguage?
    /// The language of states that set none.
    let defaultLanguage: QueryLanguage

    init(definition: StateMachineDefinition, options: ASLValidator.Options) {
        self.definition = definition
        self.options = options
        machineLanguage = definition.queryLanguage
        defaultLanguage = machineLanguage ?? .jsonPath
    }

    /// What a state is checked against: its name, its place and the rules in force there.
    struct StateScope {
        /// The state's name.
        var name: String
        /// `States.<name>` in its graph.
        var path: FieldPath
        /// The query language that applies to the state.
        var language: QueryLanguage
        /// Whether the state runs in an EXPRESS execution (an EXPRESS machine, or the child
        /// executions of a distributed Map with `ExecutionType` EXPRESS).
        var express: Bool
        /// "the state machine", "branch 0 of Parallel state 'P'", ...
        var graphDescription: String
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, at path: FieldPath, aws: AWSWording? = nil) {
        diagnostics.append(Diagnostic(.error, code, message, at: path, aws: aws))
    }

    /// `message` is built only when warnings are reported.
    mutating func warning(_ code: DiagnosticCode, _ message: @autoclosure () -> String, at path: FieldPath) {
        guard options.warnings else { return }
        diagnostics.append(Diagnostic(.warning, code, message(), at: path))
    }

    mutating func run() {
        // Only its states and `StartAt` are read.
        let graph = definition.graphReadingFields
        hasNestedGraphs = graph.states.contains { entry in
            switch entry.state {
            case .parallel, .map: return true
            default: return false
            }
        }
        checkTopLevel()
        checkGraph(
            graph, at: .root, what: "the state machine", express: options.stateMachineType == .express,
            outerVariables: [])
        if options.warnings { diagnostics += ArrayInputCheck.run(definition) }
    }

    /// Records which graph declares each name, so that a transition to a state of another graph
    /// can say where that state is.
    func collectNames(_ graph: StateGraph, at path: FieldPath, into names: inout [String: FieldPath]) {
        for entry in graph.states {
            if names[entry.name] == nil { names[entry.name] = path }
            for (i, child) in entry.state.childGraphs.enumerated() {
                collectNames(
                    child,
                    at: childGraphPath(entry.state, at: path.appending("States").appending(entry.name), index: i),
                    into: &names)
            }
        }
    }

    func childGraphPath(_ state: State, at statePath: FieldPath, index: Int) -> FieldPath {
        switch state {
        case .map(let m): return statePath.appending(m.itemProcessor.isLegacyIterator ? "Iterator" : "ItemProcessor")
        default: return statePath.appending("Branches").appending(index)
        }
    }

    /// The machine's own fields.
    mutating func checkTopLevel() {
        if let t = definition.timeoutSeconds, t < 0 || t > Limits.maxSeconds {
            let path = FieldPath.root.appending("TimeoutSeconds")
            error(
                .outOfRange,
                "the state machine's 'TimeoutSeconds' is \(t); it must be between 0 and \(Limits.maxSeconds)",
                at: path, aws: outOfRange(Double(t), 0...Double(Limits.maxSeconds), at: path))
        }
        if let v = definition.version, v != "1.0" {
            error(
                .invalidValue, "'Version' is '\(v)'; the only ASL version is \"1.0\"",
                at: FieldPath.root.appending("Version"))
        }
    }

    /// Checks one graph and, recursively, the graphs nested in its states. `outerVariables` are
    /// the variables its enclosing scopes assign (see `VariableRules.swift`).
    mutating func checkGraph(
        _ graph: StateGraph, at path: FieldPath, what: String, express: Bool, outerVariables: Set<String>
    ) {
        let statesPath = path.appending("States")
        // Which variables a scope sees matters only to warnings.
        let visibleVariables = options.warnings ? outerVariables.union(Self.assignedNames(graph)) : []
        // Taken out of the graph's fields once (each `graph.states` looks the field up and copies it).
        let states = graph.states
        if !states.contains(graph.startAt) && !states.isEmpty && !unreadableStates.contains(graph.startAt) {
            var message = "'StartAt' names '\(graph.startAt)', but \(what) has no state of that name"
            message += whereElse(graph.startAt, in: graph)
            error(
                .undefinedState, message, at: path.appending("StartAt"),
                aws: missingTarget(graph.startAt, at: path.appending("StartAt")))
        }
        for entry in states {
            let statePath = statesPath.appending(entry.name)
            if !hasNestedGraphs {
                // One graph: its names are distinct keys.
            } else if let first = declared[entry.name] {
                error(
                    .duplicateStateName,
                    "state name '\(entry.name)' is also used at \(first); state names must be unique in the whole "
                        + "state machine, Parallel branches and Map processors included", at: statePath)
            } else {
                declared[entry.name] = statePath
            }
            let language = entry.state.queryLanguage ?? defaultLanguage
            let scope = StateScope(
                name: entry.name, path: statePath, language: language, express: express, graphDescription: what)
            checkName(scope)
            checkTransitions(entry.state, scope: scope, in: graph, states: states)
            checkState(entry.state, scope: scope)
            checkVariables(entry.state, scope: scope, outer: outerVariables, visible: visibleVariables)
            for (i, child) in entry.state.childGraphs.enumerated() {
                let childPath = childGraphPath(entry.state, at: statePath, index: i)
                switch entry.state {
                case .parallel:
                    checkGraph(
                        child, at: childPath, what: "branch \(i) of Parallel state '\(entry.name)'", express: express,
                        outerVariables: visibleVariables)
                case .map(let m):
                    let childExpress = m.isDistributed ? m.itemProcessor.config?.executionType == .express : express
                    // A distributed Map's child executions start without the parent's variables.
                    checkGraph(
                        child, at: childPath, what: "the item processor of Map state '\(entry.name)'",
                        express: childExpress, outerVariables: m.isDistributed ? [] : visibleVariables)
                default:
                    continue
                }
            }
        }
        checkReachability(graph, states, at: path)
    }

    /// State names: at most 80 characters, and none of the control characters AWS refuses.
    mutating func checkName(_ scope: StateScope) {
        // Characters are counted only for a name of more bytes than the limit (a name has no more
        // characters than bytes, and none exactly when it has no bytes).
        let bytes = scope.name.utf8.count
        let count = bytes > Limits.maxStateNameLength ? scope.name.count : bytes
        if count > Limits.maxStateNameLength {
            error(
                .invalidStateName,
                "state name '\(scope.name.prefix(30))...' has \(count) characters; AWS allows at most "
                    + "\(Limits.maxStateNameLength)", at: scope.path,
                aws: AWSWording(
                    code: "INVALID_STATE_NAME",
                    "Invalid State name: State '\(scope.name)' exceeds the \(Limits.maxStateNameLength)-character limit "
                        + "allowed by the service", at: scope.path))
        } else if count == 0 {
            error(.invalidStateName, "a state has an empty name; a state name needs 1 to 80 characters", at: scope.path)
        }
    }

    /// " ('X' is a state of <graph>; a transition can only go to a state of the same graph)" or
    /// "; did you mean 'Y'?".
    func whereElse(_ target: String, in graph: StateGraph) -> String {
        if let other = graphOfName[target] {
            let place = other.components.isEmpty ? "the top level" : "\(other)"
            return "; '\(target)' is a state of \(place), and a transition can only go to a state of the same "
                + "graph (the same branch, processor or top level)"
        }
        if let s = Suggestions.closest(to: target, in: graph.states.names) { return "; did you mean '\(s)'?" }
        return ""
    }

    /// Every `Next`, `Default` and Catch target must name a state of the same graph.
    mutating func checkTransitions(_ state: State, scope: StateScope, in graph: StateGraph, states: StateList) {
        // The field's path and role are built only for a transition that goes nowhere.
        func check(_ target: String, _ fieldPath: @autoclosure () -> FieldPath, _ role: @autoclosure () -> String) {
            guard !states.contains(target), !unreadableStates.contains(target) else { return }
            let fieldPath = fieldPath()
            let message =
                "\(role()) of state '\(scope.name)' goes to '\(target)', but \(scope.graphDescription) has no "
                + "state of that name" + whereElse(target, in: graph)
            error(.undefinedState, message, at: fieldPath, aws: missingTarget(target, at: fieldPath))
        }
        if let next = state.transition?.nextState { check(next, scope.path.appending("Next"), "'Next'") }
        if case .choice(let c) = state {
            for (i, rule) in c.choices.enumerated() {
                check(
                    rule.next, scope.path.appending("Choices").appending(i).appending("Next"), "Choice rule #\(i + 1)")
            }
            if let d = c.default { check(d, scope.path.appending("Default"), "'Default'") }
        }
        for (i, c) in state.catch.enumerated() {
            check(c.next, scope.path.appending("Catch").appending(i).appending("Next"), "Catch #\(i + 1)")
        }
    }

    /// AWS's words for a number outside `range`: `Minimum value is 0` or `Maximum value is 99999999`
    /// at the field (`decimal` bounds are written `0.0`, as for a field that takes fractions).
    func outOfRange(_ value: Double, _ range: ClosedRange<Double>, decimal: Bool = false, at path: FieldPath)
        -> AWSWording
    {
        func text(_ bound: Double) -> String {
            decimal ? JSONNumber.javaScriptString(bound) + (bound.rounded() == bound ? ".0" : "") : String(Int(bound))
        }
        return value < range.lowerBound
            ? AWSWording("Minimum value is \(text(range.lowerBound))", at: path)
            : AWSWording("Maximum value is \(text(range.upperBound))", at: path)
    }

    /// AWS's `MISSING_TRANSITION_TARGET` for a transition (`Next`, a Choice rule's `Next`, `Default`,
    /// a catcher's `Next`, or `StartAt`) to `target`, which names no state: AWS says `'Next'` for all of them.
    func missingTarget(_ target: String, at path: FieldPath) -> AWSWording {
        AWSWording(code: "MISSING_TRANSITION_TARGET", "Missing 'Next' target: \(target)", at: path)
    }

    /// Every state must be reachable from `StartAt`, and some state must end the graph.
    ///
    /// AWS reports as unreachable only the states no transition names (a state reached only from an
    /// unreachable one is not reported), and none at all in a workflow without a terminal state,
    /// whose `MISSING_END_STATE` has no location.
    mutating func checkReachability(_ graph: StateGraph, _ states: StateList, at path: FieldPath) {
        // Without the states the reader left out, reachability and ends cannot be judged.
        guard unreadableStates.isEmpty else { return }
        // By position in the graph: names are looked up once each, not hashed into a set.
        var reached = [Bool](repeating: false, count: states.count)
        var work: [Int] = []
        work.reserveCapacity(states.count)
        let start = states.position(of: graph.startAt)
        if let start { work.append(start) }
        while let i = work.popLast() {
            guard !reached[i] else { continue }
            reached[i] = true
            // Without building each state's list of successors.
            states[i].state.forEachSuccessor { name in
                if let j = states.position(of: name), !reached[j] { work.append(j) }
            }
        }
        let hasTerminal = states.contains(where: { $0.state.isTerminal })
        // Every name a transition mentions: needed only for a state that cannot be reached.
        lazy var named = Set(states.flatMap { $0.state.successors })
        for (i, entry) in states.enumerated() where !reached[i] && start != nil {
            let statePath = path.appending("States").appending(entry.name)
            let aws =
                hasTerminal && !named.contains(entry.name)
                ? AWSWording(
                    code: "MISSING_TRANSITION_TARGET", "State \"\(entry.name)\" is not reachable.", at: statePath)
                : AWSWording.unreported(at: statePath)
            error(
                .unreachableState,
                "state '\(entry.name)' cannot be reached from '\(graph.startAt)'; no Next, Choice rule, Default or "
                    + "Catch goes to it", at: statePath, aws: aws)
        }
        if !states.isEmpty && !hasTerminal {
            // AWS's words are known for the whole workflow only.
            let aws =
                path.components.isEmpty
                ? AWSWording(code: "MISSING_END_STATE", "Workflow has no terminal state", at: path, place: .none) : nil
            error(
                .noTerminalState, "no state ends this graph: add 'End': true, a Succeed or a Fail state", at: path,
                aws: aws)
        }
    }
}

/// The numeric limits AWS documents for ASL fields.
enum Limits {
    /// The largest `TimeoutSeconds`, `HeartbeatSeconds`, Wait `Seconds`, `IntervalSeconds` and
    /// `MaxAttempts` (99999999).
    static let maxSeconds = 99_999_999
    /// The largest Retry `MaxDelaySeconds` (366 days).
    static let maxDelaySeconds = 31_622_400
    /// State names have at most 80 characters.
    static let maxStateNameLength = 80
    /// A variable name has at most 80 characters.
    static let maxVariableNameLength = 80
    /// A Map `Label` has at most 40 characters.
    static let maxLabelLength = 40
    /// The largest `MaxInputBytesPerBatch` (256 KiB).
    static let maxInputBytesPerBatch = 262_144
}
