/// Retry and Catch rules: non-empty `ErrorEquals`, `States.ALL` alone and last, retrier ranges.
extension ValidationContext {
    mutating func checkRetry(_ retriers: [Retrier], scope: StateScope) {
        for (i, r) in retriers.enumerated() {
            let path = scope.path.appending("Retry").appending(i)
            checkErrorEquals(r.errorEquals, index: i, count: retriers.count, kind: "retrier", scope: scope, at: path)
            let bounds: [(String, Int?, ClosedRange<Int>, String)] = [
                ("IntervalSeconds", r.intervalSeconds, 1...Limits.maxSeconds, "1"),
                ("MaxAttempts", r.maxAttempts, 0...Limits.maxSeconds, "0 (never retry)"),
                ("MaxDelaySeconds", r.maxDelaySeconds, 1...Limits.maxDelaySeconds, "1"),
            ]
            for (field, value, range, low) in bounds {
                guard let v = value, !range.contains(v) else { continue }
                error(
                    .outOfRange,
                    "'\(field)' of retrier #\(i + 1) of state '\(scope.name)' is \(v); it must be between \(low) and "
                        + "\(range.upperBound)", at: path.appending(field),
                    aws: outOfRange(
                        Double(v), Double(range.lowerBound)...Double(range.upperBound), at: path.appending(field)))
            }
            if let v = r.backoffRate, !(v >= 1.0) {
                error(
                    .outOfRange,
                    "'BackoffRate' of retrier #\(i + 1) of state '\(scope.name)' is \(JSONNumber.javaScriptString(v)); it "
                        + "must be at least 1.0 (1.0 keeps the interval constant)", at: path.appending("BackoffRate"),
                    aws: v < 1.0
                        ? outOfRange(v, 1.0...Double.infinity, decimal: true, at: path.appending("BackoffRate")) : nil)
            }
        }
    }

    mutating func checkCatch(_ catchers: [Catcher], scope: StateScope) {
        for (i, c) in catchers.enumerated() {
            let path = scope.path.appending("Catch").appending(i)
            checkErrorEquals(c.errorEquals, index: i, count: catchers.count, kind: "catcher", scope: scope, at: path)
        }
    }

    /// AWS's words for `States.ALL` that is not alone or not in the last retrier or catcher.
    func statesAllWording(at path: FieldPath) -> AWSWording {
        AWSWording("States.ALL must appear alone and at end of list", at: path)
    }

    /// `ErrorEquals` is non-empty; `States.ALL` stands alone and only in the last entry.
    mutating func checkErrorEquals(
        _ names: [String], index: Int, count: Int, kind: String, scope: StateScope, at path: FieldPath
    ) {
        let field = path.appending("ErrorEquals")
        if names.isEmpty {
            error(
                .emptyErrorEquals,
                "'ErrorEquals' of \(kind) #\(index + 1) of state '\(scope.name)' is empty; name at least one error, "
                    + "e.g. \"States.ALL\"", at: field, aws: AWSWording("Value cannot be empty", at: field))
            return
        }
        guard let at = names.firstIndex(of: StatesError.all) else { return }
        if names.count > 1 {
            error(
                .statesAllPosition,
                "'States.ALL' must be the only name in its 'ErrorEquals', but \(kind) #\(index + 1) of state "
                    + "'\(scope.name)' also names \(names.filter { $0 != StatesError.all }.map { "'\($0)'" }.joined(separator: ", "))",
                at: field.appending(at), aws: statesAllWording(at: field.appending(at)))
        } else if index != count - 1 {
            error(
                .statesAllPosition,
                "the \(kind) with 'States.ALL' must be the last one, but \(kind) #\(index + 1) of state '\(scope.name)' "
                    + "is followed by \(count - index - 1) more; move it to the end", at: field.appending(at),
                aws: statesAllWording(at: field.appending(at)))
        }
    }
}
