// The hand-written modifiers: the structured fields (Retry, Catch, Next/End) and the helpers the
// generated modifiers (Generated/StateModifiers.swift) call. Which state types have which modifier
// follows ASLSchema: the generated file declares the conformances and the unavailable versions.

extension StateDefinition {
    /// A copy with `field` set and `removed` (its `…Path` twin, or the reverse) taken out.
    func replacing(
        _ field: ASLField, with content: FieldContent, removing removed: ASLField, _ file: String, _ line: UInt,
        _ column: UInt
    ) -> Self {
        modified {
            $0.remove(removed)
            $0.set(field, content, at: .source(file, line, column))
        }
    }

    /// A copy with a seconds field set from a duration; a fractional or negative one is reported.
    func settingSeconds(
        _ field: ASLField, _ duration: Duration, removing removed: ASLField? = nil, _ file: String, _ line: UInt,
        _ column: UInt
    ) -> Self {
        modified {
            let location = DiagnosticLocation.source(file, line, column)
            if let removed { $0.remove(removed) }
            $0.set(field, .json(.int($0.wholeSeconds(duration, at: .field(field.rawValue), location))), at: location)
        }
    }
}

extension StateNode {
    /// Whole seconds of a duration for the field at `path` (relative to the state); a fraction or a
    /// negative value is reported where it was written.
    mutating func wholeSeconds(_ duration: Duration, at path: FieldPath, _ location: DiagnosticLocation) -> Int {
        let field = path.lastKey ?? "this field"
        let (seconds, attoseconds) = duration.components
        if attoseconds != 0 {
            problems.append(
                Diagnostic(
                    .error, .subSecondDuration,
                    "\(field) is \(duration), but Step Functions counts whole seconds; use a whole number of seconds",
                    at: path, location: location))
        } else if seconds < 0 {
            problems.append(
                Diagnostic(
                    .error, .subSecondDuration, "\(field) is \(duration); it cannot be negative", at: path,
                    location: location))
        }
        return Int(seconds)
    }
}

/// A state with `Next` or `End`: Task, Pass, Wait, Parallel and Map.
///
/// In a block, such a state goes to the state written after it, and the last one ends its graph;
/// `.next(...)` and `.end()` say otherwise, and close the chain (the following state is not linked).
public protocol ChainableState: StateDefinition {}

extension ChainableState {
    /// Sets `Next` explicitly: the state goes to `state` instead of the one written after it.
    ///
    /// ```swift
    /// LambdaInvoke(.refundPayment, functionARN: refundARN).next(.handleFailure)
    /// ```
    public func next(_ state: Name, file: String = #filePath, line: UInt = #line, column: UInt = #column) -> Self {
        modified {
            $0.explicitTransition = .next(state.stateName)
            $0.record(.field("Next"), .source(file, line, column))
        }
    }

    /// Sets `"End": true` explicitly, so the state ends its graph even when more states follow it.
    public func end(file: String = #filePath, line: UInt = #line, column: UInt = #column) -> Self {
        modified {
            $0.explicitTransition = .end
            $0.record(.field("End"), .source(file, line, column))
        }
    }
}

/// A state with `Retry`: Task, Parallel and Map.
public protocol Retryable: StateDefinition {}

extension Retryable {
    /// Appends a `Retry` entry. Entries are tried in order and the first whose `ErrorEquals` matches
    /// applies, so write specific errors before `.all`. Omitted fields take AWS's defaults
    /// (interval 1 s, 3 attempts, backoff 2.0) and are not written.
    ///
    /// ```swift
    /// .retry(on: .timeout, "Lambda.ServiceException", interval: .seconds(3), maxAttempts: 5,
    ///        backoffRate: 2, maxDelay: .seconds(30), jitter: .full)
    /// ```
    /// - Parameters:
    ///   - errors: `ErrorEquals`.
    ///   - interval: `IntervalSeconds`, whole seconds (a sub-second duration is reported).
    ///   - maxAttempts: `MaxAttempts` (0 means never retry).
    ///   - backoffRate: `BackoffRate`.
    ///   - maxDelay: `MaxDelaySeconds`.
    ///   - jitter: `JitterStrategy`.
    ///   - comment: `Comment`.
    public func retry(
        on errors: ErrorName..., interval: Duration? = nil, maxAttempts: Int? = nil, backoffRate: Double? = nil,
        maxDelay: Duration? = nil, jitter: JitterStrategy? = nil, comment: String? = nil,
        file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) -> Self {
        retry(
            [
                RetryPolicy(
                    on: errors, interval: interval, maxAttempts: maxAttempts, backoffRate: backoffRate,
                    maxDelay: maxDelay, jitter: jitter, comment: comment)
            ], file: file, line: line, column: column)
    }

    /// Appends one `Retry` entry per policy, in order.
    ///
    /// ```swift
    /// let transient = RetryPolicy(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
    /// LambdaInvoke(.validateOrder, function: "validate").retry(transient)
    /// ```
    public func retry(
        _ policies: RetryPolicy..., file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) -> Self {
        retry(policies, file: file, line: line, column: column)
    }

    /// Appends one `Retry` entry per policy of a list built elsewhere, in order.
    public func retry(
        _ policies: [RetryPolicy], file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) -> Self {
        modified { node in
            let location = DiagnosticLocation.source(file, line, column)
            for policy in policies { node.appendRetry(policy, at: location) }
        }
    }
}

/// A state with `Catch`: Task, Parallel and Map.
public protocol Catchable: StateDefinition {}

extension Catchable {
    /// Appends a `Catch` entry that goes to `next` (declared elsewhere in the workflow, e.g. in
    /// `handlers:`). Entries are tried in order; write specific errors before `.all`.
    ///
    /// ```swift
    /// .catch(.all, resultPath: "$.error", next: .handleFailure)
    /// ```
    /// - Parameters:
    ///   - errors: `ErrorEquals`.
    ///   - resultPath: `ResultPath` (JSONPath): where the error goes in the input.
    ///   - output: `Output` (JSONata).
    ///   - assign: `Assign`.
    ///   - comment: `Comment`.
    ///   - next: `Next`.
    public func `catch`(
        _ errors: ErrorName..., resultPath: PathOrNull? = nil, output: Payload? = nil, assign: Payload? = nil,
        comment: String? = nil, next: Name, file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) -> Self {
        modified {
            $0.append(
                .catch,
                Self.catcher(
                    errors, resultPath: resultPath, output: output, assign: assign, comment: comment,
                    next: next.stateName),
                at: .source(file, line, column))
        }
    }

    /// Appends a `Catch` entry whose handler states are written inline; it goes to the first of them.
    /// They run in sequence like any block and are placed after the enclosing block's states.
    ///
    /// ```swift
    /// .catch(.all, resultPath: "$.error") {
    ///     LambdaInvoke(.notifyFailure, function: "notify")
    ///     Fail(.failed, error: "OrderFailed")
    /// }
    /// ```
    public func `catch`(
        _ errors: ErrorName..., resultPath: PathOrNull? = nil, output: Payload? = nil, assign: Payload? = nil,
        comment: String? = nil, file: String = #filePath, line: UInt = #line, column: UInt = #column,
        @StatesBuilder<Name> handler: () -> [StateNode]
    ) -> Self {
        let states = handler()
        return modified {
            let location = DiagnosticLocation.source(file, line, column)
            let index = $0.count(.catch)
            $0.append(
                .catch,
                Self.catcher(
                    errors, resultPath: resultPath, output: output, assign: assign, comment: comment,
                    next: states.first?.name ?? ""),
                at: location)
            if states.isEmpty {
                $0.problems.append(
                    Diagnostic(
                        .error, .emptyBlock,
                        "the Catch's inline handler block has no states; write at least one state in it",
                        at: FieldPath([.key("Catch"), .index(index), .key("Next")]), location: location))
            }
            $0.attachedBlocks.append(states)
        }
    }

    /// Appends one `Catch` entry per policy, in order.
    ///
    /// ```swift
    /// let toFailure = CatchPolicy<PaymentStep>(.all, resultPath: "$.error", next: .handleFailure)
    /// LambdaInvoke(.validateOrder, function: "validate").catch(toFailure)
    /// ```
    public func `catch`(
        _ policies: CatchPolicy<Name>..., file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) -> Self {
        `catch`(policies, file: file, line: line, column: column)
    }

    /// Appends one `Catch` entry per policy of a list built elsewhere, in order.
    public func `catch`(
        _ policies: [CatchPolicy<Name>], file: String = #filePath, line: UInt = #line, column: UInt = #column
    ) -> Self {
        modified { node in
            for p in policies {
                node.append(
                    .catch,
                    Self.catcher(
                        p.errors, resultPath: p.resultPath, output: p.output, assign: p.assign, comment: p.comment,
                        next: p.next.stateName),
                    at: .source(file, line, column))
            }
        }
    }

    private static func catcher(
        _ errors: [ErrorName], resultPath: PathOrNull?, output: Payload?, assign: Payload?, comment: String?,
        next: String?
    ) -> FieldContent {
        .members([
            ("ErrorEquals", .json(.array(errors.map { .string($0.rawValue) }))),
            ("Comment", comment.map(FieldContent.string)),
            ("ResultPath", resultPath.map(\.content)),
            ("Output", output.map(FieldContent.template)),
            ("Assign", assign.map(FieldContent.template)),
            ("Next", next.map(FieldContent.string)),
        ])
    }
}

extension DiagnosticCode {
    /// A block (a state machine body, a branch, a Map processor, an inline handler) has no states.
    public static let emptyBlock: DiagnosticCode = "empty-block"
    /// A duration has a fractional or negative number of seconds.
    public static let subSecondDuration: DiagnosticCode = "sub-second-duration"
    /// A payload member's key ends in `.$`: write the value as `.path(...)` or an intrinsic instead.
    public static let dollarKey: DiagnosticCode = "dollar-key"
    /// A case of a `CaseIterable` state-name type that no state declares.
    public static let undeclaredStateName: DiagnosticCode = "undeclared-state-name"
}
