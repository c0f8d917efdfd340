// The modifier protocols: each groups the ASL fields that a set of state types shares, so that a
// state offers exactly the modifiers its type has (Pass has no `.retry`, Fail has no `.outputPath`).

/// A state with `InputPath`, `OutputPath` and `Output`: every type except Fail.
public protocol DataFlowState: StateDefinition {}

extension DataFlowState {
    /// Sets `InputPath` (JSONPath states): the part of the input the state works on; `.null` gives `{}`.
    ///
    /// ```swift
    /// LambdaInvoke(.charge, function: "charge").inputPath("$.payment")
    /// ```
    public func inputPath(_ path: PathOrNull, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("InputPath"), fileID, line) { $0.fields.inputPath = path }
    }

    /// Sets `OutputPath` (JSONPath states): the part of the result passed on; `.null` gives `{}`.
    ///
    /// ```swift
    /// Pass(.trim).outputPath("$.order")
    /// ```
    public func outputPath(_ path: PathOrNull, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("OutputPath"), fileID, line) { $0.fields.outputPath = path }
    }

    /// Sets `Output` (JSONata states): the state's output.
    ///
    /// ```swift
    /// Pass(.total).output(["total": .jsonata("$sum($states.input.items.price)")])
    /// ```
    public func output(_ value: Payload, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("Output"), fileID, line) { $0.fields.output = value }
    }
}

/// A state with `Assign` (workflow variables): every type except Succeed and Fail.
public protocol AssigningState: StateDefinition {}

extension AssigningState {
    /// Sets `Assign`: workflow variables set when the state completes.
    ///
    /// ```swift
    /// Pass(.remember).assign(["orderId": .path("$.orderId")])          // JSONPath state
    /// Pass(.remember).assign(["orderId": .jsonata("$states.input.id")]) // JSONata state
    /// ```
    public func assign(_ variables: Payload, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("Assign"), fileID, line) { $0.fields.assign = variables }
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
    public func next(_ state: Name, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("Next"), fileID, line) { $0.explicitTransition = .next(state.rawValue) }
    }

    /// Sets `"End": true` explicitly, so the state ends its graph even when more states follow it.
    public func end(fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("End"), fileID, line) { $0.explicitTransition = .end }
    }
}

/// A state with `ResultPath`: Task, Pass, Parallel and Map.
public protocol ResultPathState: StateDefinition {}

extension ResultPathState {
    /// Sets `ResultPath` (JSONPath states): where the result goes in the input; `.null` discards it.
    ///
    /// ```swift
    /// LambdaInvoke(.validate, function: "validate").resultPath("$.validation")
    /// ```
    public func resultPath(_ path: PathOrNull, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("ResultPath"), fileID, line) { $0.fields.resultPath = path }
    }
}

/// A state with `Parameters` (JSONPath): Task, Pass, Parallel and Map (where it is the legacy
/// name of `ItemSelector`).
public protocol ParametersState: StateDefinition {}

extension ParametersState {
    /// Sets `Parameters` (JSONPath states): the effective input. For the service tasks, the members
    /// are merged into the request the task builds (a member of the same name replaces it).
    ///
    /// ```swift
    /// Pass(.shape).parameters(["orderId": .path("$.orderId"), "source": "web"])
    /// ```
    public func parameters(_ payload: Payload, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("Parameters"), fileID, line) { $0.fields.parameters = payload }
    }
}

/// A state with `Arguments` (JSONata): Task and Parallel.
public protocol ArgumentsState: StateDefinition {}

extension ArgumentsState {
    /// Sets `Arguments` (JSONata states): the request or the branches' input. For the service tasks
    /// the members are merged into the request the task builds.
    ///
    /// ```swift
    /// TaskStep(.call, resource: "arn:aws:states:::http:invoke")
    ///     .arguments(["ApiEndpoint": "https://example.com", "Method": "GET"])
    /// ```
    public func arguments(_ payload: Payload, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("Arguments"), fileID, line) { $0.fields.arguments = payload }
    }
}

/// A state with `ResultSelector` (JSONPath): Task, Parallel and Map.
public protocol ResultSelectorState: StateDefinition {}

extension ResultSelectorState {
    /// Sets `ResultSelector` (JSONPath states): reshapes the raw result before `ResultPath`.
    ///
    /// ```swift
    /// LambdaInvoke(.score, function: "score").resultSelector(["score": .path("$.Payload.score")])
    /// ```
    public func resultSelector(_ payload: Payload, fileID: String = #fileID, line: UInt = #line) -> Self {
        modified(.field("ResultSelector"), fileID, line) { $0.fields.resultSelector = payload }
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
        fileID: String = #fileID, line: UInt = #line
    ) -> Self {
        let spec = RetrySpec(
            errors: errors, interval: interval, maxAttempts: maxAttempts, backoffRate: backoffRate,
            maxDelay: maxDelay, jitter: jitter, comment: comment)
        return modified(FieldPath([.key("Retry"), .index(node.fields.retry.count)]), fileID, line) {
            $0.fields.retry.append(spec)
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
        comment: String? = nil, next: Name, fileID: String = #fileID, line: UInt = #line
    ) -> Self {
        let spec = CatchSpec(
            errors: errors, target: next.rawValue, resultPath: resultPath, output: output, assign: assign,
            comment: comment)
        return modified(FieldPath([.key("Catch"), .index(node.fields.catchers.count)]), fileID, line) {
            $0.fields.catchers.append(spec)
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
        comment: String? = nil, fileID: String = #fileID, line: UInt = #line,
        @StatesBuilder<Name> handler: () -> [StateNode]
    ) -> Self {
        let states = handler()
        let spec = CatchSpec(
            errors: errors, target: states.first?.name, resultPath: resultPath, output: output, assign: assign,
            comment: comment)
        return modified(FieldPath([.key("Catch"), .index(node.fields.catchers.count)]), fileID, line) {
            $0.fields.catchers.append(spec)
            $0.attachedBlocks.append(states)
        }
    }
}
