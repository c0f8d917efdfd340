/// Path kinds: `ResultPath` must be a reference path into the state input.
extension ValidationContext {
    mutating func checkPathKinds(_ state: State, scope: StateScope) {
        var resultPaths: [(NullablePath?, FieldPath)] = []
        switch state {
        case .task(let t): resultPaths.append((t.resultPath, scope.path.appending("ResultPath")))
        case .pass(let s): resultPaths.append((s.resultPath, scope.path.appending("ResultPath")))
        case .parallel(let s): resultPaths.append((s.resultPath, scope.path.appending("ResultPath")))
        case .map(let m): resultPaths.append((m.resultPath, scope.path.appending("ResultPath")))
        case .choice, .wait, .succeed, .fail: break
        }
        for (i, c) in state.catch.enumerated() {
            resultPaths.append((c.resultPath, scope.path.appending("Catch").appending(i).appending("ResultPath")))
        }
        for case (.path(let p)?, let at) in resultPaths { checkResultPath(p, scope: scope, at: at) }
    }

    /// `ResultPath` names where the result goes in the state input: `$` followed by member names
    /// and indices only.
    mutating func checkResultPath(_ p: JSONPath, scope: StateScope, at path: FieldPath) {
        guard !Placeholder.contains(in: p.source) else { return }
        switch p.root {
        case .context:
            error(
                .invalidPathKind,
                "'ResultPath' of state '\(scope.name)' is '\(p.source)', but the context object ($$) is read-only; "
                    + "ResultPath must address the state input, e.g. '$.result'", at: path)
        case .variable(let name):
            error(
                .invalidPathKind,
                "'ResultPath' of state '\(scope.name)' is '\(p.source)', a variable; ResultPath must address the state "
                    + "input (e.g. '$.result'); to set variable '\(name)' use \"Assign\"", at: path)
        case .input:
            if !p.isDefinite {
                error(
                    .invalidPathKind,
                    "'ResultPath' of state '\(scope.name)' is '\(p.source)', which can match more than one node; "
                        + "ResultPath must be a reference path (member names and indices only), e.g. '$.result'",
                    at: path)
            }
        }
    }
}
