/// Per-state rules: exclusive fields, numeric ranges, Wait timestamps, Fail, Credentials.
extension ValidationContext {
    /// Runs every rule that concerns one state.
    mutating func checkState(_ state: State, scope: StateScope) {
        checkQueryLanguage(state, scope: scope)
        checkJSONata(state, scope: scope)
        checkPathKinds(state, scope: scope)
        switch state {
        case .task(let t): checkTask(t, scope: scope)
        case .wait(let w): checkWait(w, scope: scope)
        case .fail(let f): checkFail(f, scope: scope)
        case .map(let m): checkMap(m, scope: scope)
        case .pass, .choice, .succeed, .parallel: break
        }
        checkRetry(state.retry, scope: scope)
        checkCatch(state.catch, scope: scope)
        checkWarnings(state, scope: scope)
    }

    // MARK: Helpers shared by the rules

    /// Reports two fields that exclude each other (both present).
    mutating func exclusive(
        _ a: String, _ aPresent: Bool, _ b: String, _ bPresent: Bool, scope: StateScope, at path: FieldPath? = nil
    ) {
        guard aPresent && bPresent else { return }
        error(
            .conflictingFields,
            "state '\(scope.name)' has both '\(a)' and '\(b)'; they exclude each other, keep one",
            at: (path ?? scope.path).appending(b))
    }

    /// Reports an integer literal outside `range` (placeholders and expressions are not checked).
    mutating func checkRange(
        _ value: DynamicValue<Int>?, _ field: String, _ range: ClosedRange<Int>, scope: StateScope,
        at path: FieldPath? = nil
    ) {
        guard case .literal(let v) = value, !range.contains(v) else { return }
        let bound =
            range.upperBound == Int.max
            ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
        let fieldPath = (path ?? scope.path).appending(field)
        let upper = range.upperBound == Int.max ? Double.infinity : Double(range.upperBound)
        error(
            .outOfRange, "'\(field)' of state '\(scope.name)' is \(v); it must be \(bound)", at: fieldPath,
            aws: outOfRange(Double(v), Double(range.lowerBound)...upper, at: fieldPath))
    }

    // MARK: Task

    mutating func checkTask(_ t: TaskState, scope: StateScope) {
        exclusive(
            "TimeoutSeconds", t.timeoutSeconds != nil, "TimeoutSecondsPath", t.timeoutSecondsPath != nil, scope: scope)
        exclusive(
            "HeartbeatSeconds", t.heartbeatSeconds != nil, "HeartbeatSecondsPath", t.heartbeatSecondsPath != nil,
            scope: scope)
        checkRange(t.timeoutSeconds, "TimeoutSeconds", 1...Limits.maxSeconds, scope: scope)
        checkRange(t.heartbeatSeconds, "HeartbeatSeconds", 1...Limits.maxSeconds, scope: scope)
        if case .literal(let heartbeat) = t.heartbeatSeconds, case .literal(let timeout) = t.timeoutSeconds,
            heartbeat >= timeout, heartbeat >= 1, timeout >= 1
        {
            error(
                .heartbeatNotBelowTimeout,
                "'HeartbeatSeconds' (\(heartbeat)) of state '\(scope.name)' must be smaller than its 'TimeoutSeconds' "
                    + "(\(timeout))", at: scope.path.appending("HeartbeatSeconds"))
        }
        if let credentials = t.credentials { checkCredentials(credentials, scope: scope) }
        checkResource(t.resource, scope: scope)
    }

    /// `Credentials` must name the role to assume: `RoleArn` (or `RoleArn.$` in JSONPath).
    mutating func checkCredentials(_ credentials: PayloadTemplate, scope: StateScope) {
        let path = scope.path.appending("Credentials")
        guard let fields = credentials.fields else {
            if case .expression = credentials { return }
            error(
                .invalidCredentials, "'Credentials' of state '\(scope.name)' must be an object with 'RoleArn'",
                at: path,
                aws: AWSWording("The field 'RoleArn' is required but was missing", at: path))
            return
        }
        guard fields.contains(where: { $0.name == "RoleArn" }) else {
            var message =
                "'Credentials' of state '\(scope.name)' has no 'RoleArn'"
                + (scope.language == .jsonPath ? " (or 'RoleArn.$')" : "") + "; it names the IAM role the Task assumes"
            if let near = fields.first(where: { $0.name.lowercased().hasPrefix("rolearn") }) {
                message += "; did you mean 'RoleArn' instead of '\(near.name)'?"
            }
            error(
                .invalidCredentials, message, at: path,
                aws: AWSWording("The field 'RoleArn' is required but was missing", at: path))
            return
        }
    }

    // MARK: Wait

    mutating func checkWait(_ w: WaitState, scope: StateScope) {
        switch w.duration {
        case .seconds(let s):
            checkRange(s, "Seconds", 0...Limits.maxSeconds, scope: scope)
        case .timestamp(let t):
            let text: String
            switch t {
            case .literal(let s): text = s
            case .expression(let e):
                // In a JSONPath state `{% %}` is no expression, just text that is not a timestamp.
                guard scope.language == .jsonPath else { return }
                text = e.delimited
            case .placeholder: return
            }
            if RFC3339.secondsSince1970(text, uppercaseOnly: true, allowLeapSecond: true) == nil {
                error(
                    .invalidTimestamp,
                    "'Timestamp' of Wait state '\(scope.name)' is \"\(text)\", which is not an RFC 3339 timestamp; "
                        + "write it like \"2026-03-14T01:59:00Z\" (uppercase T and Z, or an offset such as +01:00)"
                        + (scope.language == .jsonPath && text.hasPrefix("{%")
                            ? "; a {% %} expression needs a JSONata state" : ""),
                    at: scope.path.appending("Timestamp"),
                    aws: AWSWording("String does not match RFC3339 timestamp", at: scope.path.appending("Timestamp")))
            }
        case .secondsPath, .timestampPath: break
        }
    }

    // MARK: Fail

    mutating func checkFail(_ f: FailState, scope: StateScope) {
        exclusive("Error", f.error != nil, "ErrorPath", f.errorPath != nil, scope: scope)
        exclusive("Cause", f.cause != nil, "CausePath", f.causePath != nil, scope: scope)
    }
}
