/// Finds JSONPath states that read a member (`$.name`) of an input that is sure to be an array: the
/// output of a Parallel or Map state without `ResultPath`, `ResultSelector` or `OutputPath` (the
/// array of the branches' or iterations' results), passed on directly or through Choice, Wait and
/// plain Pass states. Such a path never matches, and the execution fails with `States.Runtime`.
///
/// This is seed 004's bug: `SendNotification` reads `$.userResult.Payload` after a Parallel. The
/// validator runs it (as a warning) for definitions read from JSON and built with the DSL alike.
struct ArrayInputCheck {
    let definition: StateMachineDefinition
    var diagnostics: [Diagnostic] = []

    /// Runs the check over every graph of `definition`.
    static func run(_ definition: StateMachineDefinition) -> [Diagnostic] {
        var check = ArrayInputCheck(definition: definition)
        // Only its states are read.
        check.graph(definition.graphReadingFields, at: .root)
        return check.diagnostics
    }

    private mutating func graph(_ graph: StateGraph, at path: FieldPath) {
        // For each state whose input is an array, the array-producing state it comes from.
        var source: [String: String] = [:]
        var work: [(String, String)] = []
        for entry in graph.states where producesArray(entry.state, inputIsArray: false) {
            for next in forwardSuccessors(entry.state) { work.append((next, entry.name)) }
        }
        while let (name, origin) = work.popLast() {
            guard source[name] == nil, let state = graph.states[name] else { continue }
            source[name] = origin
            if producesArray(state, inputIsArray: true) {
                for next in forwardSuccessors(state) { work.append((next, origin)) }
            }
        }
        for entry in graph.states {
            let statePath = path.appending("States").appending(entry.name)
            if let origin = source[entry.name], language(entry.state) == .jsonPath {
                reads(entry.state, name: entry.name, origin: origin, graph: graph, at: statePath)
            }
            for (i, child) in entry.state.childGraphs.enumerated() {
                switch entry.state {
                case .parallel: self.graph(child, at: statePath.appending("Branches").appending(i))
                case .map(let m):
                    self.graph(
                        child, at: statePath.appending(m.itemProcessor.isLegacyIterator ? "Iterator" : "ItemProcessor"))
                default: break
                }
            }
        }
    }

    private func language(_ state: State) -> QueryLanguage {
        state.common.queryLanguage ?? definition.defaultQueryLanguage
    }

    /// `Next` and Choice targets: where the state's output goes when it succeeds.
    private func forwardSuccessors(_ state: State) -> [String] {
        if case .choice(let c) = state { return c.choices.map(\.next) + (c.default.map { [$0] } ?? []) }
        return state.transition?.nextState.map { [$0] } ?? []
    }

    /// Whether the state's output is sure to be an array (given whether its input is).
    private func producesArray(_ state: State, inputIsArray: Bool) -> Bool {
        guard language(state) == .jsonPath else { return false }
        let c = state.common
        let passesWhole = (c.outputPath == nil || c.outputPath?.path?.isRoot == true)
        func replacedByResult(_ resultPath: NullablePath?) -> Bool {
            resultPath == nil || resultPath?.path?.isRoot == true
        }
        switch state {
        case .parallel(let p): return p.resultSelector == nil && replacedByResult(p.resultPath) && passesWhole
        case .map(let m): return m.resultSelector == nil && replacedByResult(m.resultPath) && passesWhole
        case .choice, .wait: return inputIsArray && c.inputPath == nil && passesWhole
        case .pass(let p):
            return inputIsArray && c.inputPath == nil && p.parameters == nil && p.result == nil && passesWhole
        default: return false
        }
    }

    private mutating func reads(_ state: State, name: String, origin: String, graph: StateGraph, at path: FieldPath) {
        var found: [(JSONPath, FieldPath)] = []
        if let input = state.common.inputPath {
            if case .path(let p) = input { found.append((p, path.appending("InputPath"))) }
        } else {
            switch state {
            case .task(let t):
                collect(t.parameters, at: path.appending("Parameters"), into: &found)
                if let p = t.timeoutSecondsPath { found.append((p, path.appending("TimeoutSecondsPath"))) }
                if let p = t.heartbeatSecondsPath { found.append((p, path.appending("HeartbeatSecondsPath"))) }
            case .pass(let p): collect(p.parameters, at: path.appending("Parameters"), into: &found)
            case .parallel(let p): collect(p.parameters, at: path.appending("Parameters"), into: &found)
            case .map(let m):
                if let p = m.itemsPath { found.append((p, path.appending("ItemsPath"))) }
                collect(m.itemSelector, at: path.appending("ItemSelector"), into: &found)
                collect(m.parameters, at: path.appending("Parameters"), into: &found)
            case .choice(let c):
                for (i, rule) in c.choices.enumerated() {
                    variables(rule.condition, at: path.appending("Choices").appending(i), into: &found)
                }
            case .wait(let w):
                switch w.duration {
                case .secondsPath(let p): found.append((p, path.appending("SecondsPath")))
                case .timestampPath(let p): found.append((p, path.appending("TimestampPath")))
                default: break
                }
            case .fail(let f):
                if case .path(let p) = f.errorPath { found.append((p, path.appending("ErrorPath"))) }
                if case .path(let p) = f.causePath { found.append((p, path.appending("CausePath"))) }
            case .succeed: break
            }
        }
        let producer = graph.states[origin].map { $0.type.rawValue } ?? "Parallel"
        for (p, fieldPath) in found where p.root == .input {
            guard case .member = p.segments.first else { continue }
            diagnostics.append(
                Diagnostic(
                    .warning, .memberOfArrayInput,
                    "state '\(name)' reads '\(p.source)', but its input is the output of \(producer) state '\(origin)': "
                        + "the array of its results, which has no member of that name; set ResultPath on '\(origin)' "
                        + "(e.g. \"$.results\") to keep the input, or read an element ('$[0]...')", at: fieldPath))
        }
    }

    /// The paths of a payload template, with the field path of the member holding each.
    private func collect(_ template: PayloadTemplate?, at path: FieldPath, into found: inout [(JSONPath, FieldPath)]) {
        switch template {
        case .path(let p): found.append((p, path))
        case .intrinsic:
            for p in template?.paths ?? [] { found.append((p, path)) }
        case .object(let fields):
            for f in fields {
                collect(f.value, at: path.appending(f.value.needsDollarSuffix ? f.name + ".$" : f.name), into: &found)
            }
        case .array(let items):
            for (i, item) in items.enumerated() { collect(item, at: path.appending(i), into: &found) }
        default: break
        }
    }

    private func variables(_ condition: Condition, at path: FieldPath, into found: inout [(JSONPath, FieldPath)]) {
        switch condition {
        case .and(let items), .or(let items): for c in items { variables(c, at: path, into: &found) }
        case .not(let c), .commented(_, let c): variables(c, at: path, into: &found)
        case .comparison(let cmp):
            found.append((cmp.variable, path.appending("Variable")))
            if case .path(let p) = cmp.operand { found.append((p, path.appending(cmp.op.rawValue))) }
        case .jsonata: break
        }
    }
}

extension DiagnosticCode {
    /// A JSONPath state reads a member of an input that is the array output of a Parallel or Map state.
    public static let memberOfArrayInput: DiagnosticCode = "member-of-array-input"
}
