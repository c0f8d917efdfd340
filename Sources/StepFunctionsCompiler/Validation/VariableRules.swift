import StepFunctionsModel

/// Workflow variables (`Assign`, `$name`), as the Developer Guide's "Passing data between states
/// with variables" page rules them: names (errors for what AWS refuses), and, as warnings, names
/// that are no identifiers, scopes and JSONPath references (AWS creates such definitions; they
/// fail, or read nothing, at run time).
///
/// Scopes: the top-level states share one; each Parallel branch and inline Map processor has its
/// own, which reads its enclosing scopes' variables but may not assign them; a distributed Map's
/// processor starts without variables (its child executions see none of the parent's).
extension ValidationContext {
    /// The names the states of `graph` assign (state, Choice rule and catcher `Assign`), without
    /// those of its nested graphs.
    static func assignedNames(_ graph: StateGraph) -> Set<String> {
        var names: Set<String> = []
        for entry in graph.states {
            for (template, _) in assignments(entry.state, at: .root) {
                for (name, _) in variableNames(template) { names.insert(name) }
            }
        }
        return names
    }

    /// Every `Assign` of a state with its field path: the state's own, each Choice rule's and each
    /// catcher's.
    static func assignments(_ state: State, at path: FieldPath) -> [(PayloadTemplate, FieldPath)] {
        var out: [(PayloadTemplate, FieldPath)] = []
        if let a = state.fields.template(.assign) { out.append((a, path.appending("Assign"))) }
        if case .choice(let c) = state {
            for (i, rule) in c.choices.enumerated() {
                if let a = rule.assign { out.append((a, path.appending("Choices").appending(i).appending("Assign"))) }
            }
        }
        for (i, c) in state.catch.enumerated() {
            if let a = c.assign { out.append((a, path.appending("Catch").appending(i).appending("Assign"))) }
        }
        return out
    }

    /// The variable names an `Assign` object sets, each with the key as written (`name.$` for a
    /// JSONPath path or intrinsic call).
    static func variableNames(_ template: PayloadTemplate) -> [(name: String, key: String)] {
        switch template {
        case .object(let fields): return fields.map { ($0.name, $0.value.needsDollarSuffix ? $0.name + ".$" : $0.name) }
        case .literal(.object(let o)): return o.map { ($0.key, $0.key) }
        default: return []
        }
    }

    /// Checks one state's variables: the names it assigns (valid, not `states`, not a variable of
    /// an enclosing scope, `outer`) and the variables its JSONPath fields read (assigned in its
    /// scope or an enclosing one, `visible`).
    mutating func checkVariables(_ state: State, scope: StateScope, outer: Set<String>, visible: Set<String>) {
        for (template, path) in Self.assignments(state, at: scope.path) {
            for (name, key) in Self.variableNames(template) {
                // The place and the name as shown are built only for a diagnostic.
                func at() -> FieldPath { path.appending(key) }
                func shown() -> String {
                    "variable name '\(name.count > 40 ? String(name.prefix(37)) + "..." : name)' assigned by "
                        + "state '\(scope.name)'"
                }
                if let problem = Self.variableNameProblem(name) {
                    error(.invalidVariableName, "\(shown()) \(problem)", at: at())
                } else if options.warnings, let problem = Self.identifierProblem(name) {
                    warning(.variableNameNotIdentifier, "\(shown()) \(problem)", at: at())
                }
                if !outer.isEmpty && outer.contains(name) {
                    warning(
                        .variableScope,
                        "state '\(scope.name)' in \(scope.graphDescription) assigns '\(name)', a variable an "
                            + "enclosing scope assigns too; a Parallel branch or Map iteration can read the variables "
                            + "of its enclosing scopes but not assign them, so the run fails (States.Runtime) once the "
                            + "outer '\(name)' exists (use another name, or return the value in the branch's output)",
                        at: at())
                }
            }
        }
        // What follows only warns.
        guard options.warnings else { return }
        var unknown: [String] = []
        FieldReferences.visit(
            state.fields,
            path: { p in
                if case .variable(let name) = p.root, !visible.contains(name), !unknown.contains(name) {
                    unknown.append(name)
                }
            }, expression: { _ in })
        for name in unknown {
            let message =
                "state '\(scope.name)' reads the variable '$\(name)', but no state of \(scope.graphDescription) or of "
                + "an enclosing scope assigns it" + variableSuggestion(name, visible)
            warning(.undefinedVariable, message, at: scope.path)
        }
    }

    private func variableSuggestion(_ name: String, _ visible: Set<String>) -> String {
        guard let near = Suggestions.closest(to: name, in: visible.sorted()) else { return "" }
        return "; did you mean '$\(near)'?"
    }

    /// What AWS refuses in a variable name, or `nil`: more than 80 characters, the reserved
    /// `states`, and a part of a variable (`x.y`, `x[2]`: the Developer Guide says an `Assign`
    /// cannot set one).
    static func variableNameProblem(_ name: String) -> String? {
        if name == "states" {
            return "is reserved: '$states' holds the state's input, result, error output and context"
        }
        if name.isEmpty { return "is empty" }
        // An ASCII name without CR (one character a byte) is measured and searched as bytes:
        // counting and scanning characters cost a thousand instructions a name.
        let ascii = name.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }
        let count = ascii ? name.utf8.count : name.count
        if count > Limits.maxVariableNameLength {
            return "has \(count) characters; a variable name has at most \(Limits.maxVariableNameLength)"
        }
        let part: Character? =
            ascii
            ? name.utf8.first { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") }.map {
                Character(Unicode.Scalar($0))
            } : name.first { $0 == "." || $0 == "[" || $0 == "]" }
        if let c = part {
            return "has '\(c)': an Assign sets whole variables, not a part of one (assign the whole value, and read "
                + "a part with '$name.member' or '$name[0]')"
        }
        return nil
    }

    /// Why a name is not an identifier (Unicode's ID_Start or `_`, then ID_Continue, the syntax the
    /// Developer Guide gives for variable names), or `nil`. A warning only: a name such as
    /// `top-level` is not shown to be refused by AWS, but JSONata reads `$top-level` as a subtraction.
    static func identifierProblem(_ name: String) -> String? {
        for (i, c) in name.unicodeScalars.enumerated() {
            let ok = c == "_" || (i == 0 ? c.properties.isIDStart : c.properties.isIDContinue)
            if !ok {
                return "has '\(c)' \(i == 0 ? "as its first character" : "in it"); a variable name should start "
                    + "with a letter or '_' and go on with letters, digits and '_' (JSONata cannot read it otherwise)"
            }
        }
        return nil
    }
}
