/// Path kinds: `ResultPath` must be a reference path into the state input; `ItemsPath` and the
/// `*Path` fields that stand for one number or timestamp must be reference paths.
extension ValidationContext {
    mutating func checkPathKinds(_ state: State, scope: StateScope) {
        // Paths are built only for a ResultPath that is a path (most states have none).
        let resultPath: NullablePath?
        switch state {
        case .task(let t): resultPath = t.resultPath
        case .pass(let s): resultPath = s.resultPath
        case .parallel(let s): resultPath = s.resultPath
        case .map(let m): resultPath = m.resultPath
        case .choice, .wait, .succeed, .fail: resultPath = nil
        }
        if case .path(let p)? = resultPath { checkResultPath(p, scope: scope, at: scope.path.appending("ResultPath")) }
        for (i, c) in state.catch.enumerated() {
            if case .path(let p)? = c.resultPath {
                checkResultPath(p, scope: scope, at: scope.path.appending("Catch").appending(i).appending("ResultPath"))
            }
        }

        // Fields that name one value: reference paths (the context object and variables allowed).
        var references: [(String, JSONPath?, FieldPath)] = []
        // The place is built only for a field that is set.
        func add(_ field: String, _ path: JSONPath?, under: @autoclosure () -> FieldPath? = nil) {
            if path != nil { references.append((field, path, (under() ?? scope.path).appending(field))) }
        }
        switch state {
        case .task(let t):
            add("TimeoutSecondsPath", t.timeoutSecondsPath)
            add("HeartbeatSecondsPath", t.heartbeatSecondsPath)
        case .wait(let w):
            if case .secondsPath(let p) = w.duration { add("SecondsPath", p) }
            if case .timestampPath(let p) = w.duration { add("TimestampPath", p) }
        case .map(let m):
            add("ItemsPath", m.itemsPath)
            add("MaxConcurrencyPath", m.maxConcurrencyPath)
            add("ToleratedFailureCountPath", m.toleratedFailureCountPath)
            add("ToleratedFailurePercentagePath", m.toleratedFailurePercentagePath)
            add(
                "MaxItemsPath", m.itemReader?.readerConfig?.maxItemsPath,
                under: scope.path.appending("ItemReader").appending("ReaderConfig"))
            add("MaxItemsPerBatchPath", m.itemBatcher?.maxItemsPerBatchPath, under: scope.path.appending("ItemBatcher"))
            add(
                "MaxInputBytesPerBatchPath", m.itemBatcher?.maxInputBytesPerBatchPath,
                under: scope.path.appending("ItemBatcher"))
        case .pass, .choice, .succeed, .fail, .parallel: break
        }
        for case (let field, let p?, let at) in references where !p.isDefinite && !Placeholder.contains(in: p.source) {
            error(
                .invalidPathKind,
                "'\(field)' of state '\(scope.name)' is '\(p.source)', which can match more than one node; it must be a "
                    + "reference path naming one value (member names and indices only)", at: at)
        }
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
