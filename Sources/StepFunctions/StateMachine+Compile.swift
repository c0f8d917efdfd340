extension StateMachine {
    /// The workflow as a model definition, every problem found while lowering it (with Swift source
    /// locations), and the map from field paths to source locations. Most callers want ``compile(_:)``.
    public func lower() -> (definition: StateMachineDefinition, diagnostics: [Diagnostic], sourceMap: SourceMap) {
        let lowered = lowerForValidation()
        return (lowered.definition, lowered.diagnostics, lowered.sourceMap)
    }

    /// The workflow as ASL JSON (before the reader sees it), what rendering found, and the map from
    /// field paths to Swift locations.
    func render() -> (json: JSONObject, renderer: WorkflowRenderer) {
        var renderer = WorkflowRenderer(defaultLanguage: queryLanguage ?? .jsonPath)
        renderer.taskDefaults = taskDefaults
        renderer.sourceMap.record(.root, location)
        for (field, location) in fieldLocations { renderer.sourceMap.record(field, location) }
        var o = JSONObject()
        if let comment { o["Comment"] = .string(comment) }
        if let queryLanguage { o["QueryLanguage"] = .string(queryLanguage.rawValue) }
        if let timeout {
            let (seconds, attoseconds) = timeout.components
            if attoseconds != 0 || seconds <= 0 {
                renderer.error(
                    .subSecondDuration,
                    "TimeoutSeconds is \(timeout); it must be a positive whole number of seconds",
                    at: .field("TimeoutSeconds"))
            }
            o["TimeoutSeconds"] = .int(Int(seconds))
        }
        if let version { o["Version"] = .string(version) }
        renderer.graph(states, handlers: handlers, at: .root, what: "the state machine", into: &o)
        if let declaredNames, case .object(let rendered)? = o["States"] {
            var used: Set<String> = []
            Self.collectNames(rendered, into: &used)
            for name in declaredNames where !used.contains(name) {
                renderer.warning(
                    .undeclaredStateName,
                    "'\(name)' is a case of \(Name.self), but no state of '\(self.name)' is declared with it",
                    at: .root)
            }
        }
        return (o, renderer)
    }

    /// ``lower()`` plus the graphs rendering had to leave incomplete and the states the reader could not read.
    private func lowerForValidation() -> Lowered {
        let (json, renderer) = render()
        let read = ASLReader().read(json: .object(json))
        var diagnostics = renderer.diagnostics
        // What rendering reported is reported once: the reader's findings under the same field are its echoes.
        let reported = renderer.diagnostics.filter { $0.severity == .error }.map(\.path.components)
        for var d in read.diagnostics where !reported.contains(where: { d.path.components.starts(with: $0) }) {
            if d.location == nil { d.location = renderer.sourceMap.location(for: d.path) }
            diagnostics.append(d)
        }
        let definition = read.definition ?? StateMachineDefinition(startAt: "", states: [])
        return Lowered(
            definition: definition, diagnostics: diagnostics, sourceMap: renderer.sourceMap,
            incompleteGraphs: renderer.incompleteGraphs, unreadableStates: read.unreadableStates)
    }

    /// What lowering produced.
    struct Lowered {
        var definition: StateMachineDefinition
        var diagnostics: [Diagnostic]
        var sourceMap: SourceMap
        var incompleteGraphs: Set<FieldPath>
        var unreadableStates: Set<String>
    }

    private static func collectNames(_ states: JSONObject, into names: inout Set<String>) {
        for (name, state) in states {
            names.insert(name)
            for key in ["ItemProcessor", "Iterator"] {
                if case .object(let inner)? = state[key]?["States"] { collectNames(inner, into: &names) }
            }
            for branch in state["Branches"]?.arrayValue ?? [] {
                if case .object(let inner)? = branch["States"] { collectNames(inner, into: &names) }
            }
        }
    }

    /// Every problem in the workflow: those found while lowering and those the validator (the same one
    /// that checks ASL JSON files) reports, errors first, each with the Swift file and line where the
    /// state or modifier concerned was written.
    public func validate(warnings: Bool = true) -> [Diagnostic] {
        Self.diagnose(lowerForValidation(), type: type, warnings: warnings)
    }

    static func diagnose(
        _ lowered: Lowered, type: StateMachineType, warnings: Bool,
        jsonataSyntax: (@Sendable (String) -> String?)? = ASLValidator.jsonataParser
    ) -> [Diagnostic] {
        let (definition, lowering, sourceMap) = (lowered.definition, lowered.diagnostics, lowered.sourceMap)
        let validator = ASLValidator(
            options: .init(stateMachineType: type, warnings: warnings, jsonataSyntax: jsonataSyntax))
        var all = lowering.filter { warnings || $0.severity == .error }
        // A field that could not be lowered (an empty block, a bad path) is reported once, by lowering.
        let reported = lowering.filter { $0.severity == .error }.map(\.path.components)
        for var d in validator.validate(definition, unreadableStates: lowered.unreadableStates)
        where !reported.contains(where: { d.path.components.starts(with: $0) })
            && !(d.code == .noTerminalState && lowered.incompleteGraphs.contains(d.path))
        {
            if d.location == nil { d.location = sourceMap.location(for: d.path) }
            all.append(d)
        }
        return all.enumerated().sorted { ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset) }
            .map(\.element)
    }

    /// Lowers, validates and renders the workflow as ASL JSON.
    ///
    /// ```swift
    /// let compiled = try payment.compile()
    /// print(compiled.json)                       // canonical pretty JSON
    /// for w in compiled.warnings { print(w) }    // e.g. a Task without TimeoutSeconds
    /// ```
    /// - Throws: ``ValidationFailure``: its text lists every error, each printed as
    ///   `Sources/App/File.swift:LINE:COL: error: [code] States.X.Field: message` (the path from the
    ///   package's root); the warnings found with them are in its `warnings`, not in its text.
    public func compile(_ options: CompileOptions = CompileOptions()) throws(ValidationFailure) -> CompiledStateMachine
    {
        let lowered = lowerForValidation()
        let diagnostics = Self.diagnose(lowered, type: type, warnings: true, jsonataSyntax: options.jsonataSyntax)
        let failing = diagnostics.contains {
            $0.severity == .error || (options.warningsAsErrors && $0.severity == .warning)
        }
        if failing { throw ValidationFailure(diagnostics: diagnostics, warningsAreErrors: options.warningsAsErrors) }
        return CompiledStateMachine(
            name: name, type: type, definition: lowered.definition, options: options,
            warnings: diagnostics.filter { $0.severity != .error })
    }
}
