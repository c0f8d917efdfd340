// Modifiers a state type does not have, declared unavailable so that misuse is a compile error with
// a message that says why, instead of "value of type 'Pass<Name>' has no member 'retry'".

/// A state without `Retry` and `Catch`: Pass, Wait, Choice, Succeed and Fail.
public protocol WithoutErrorHandling: StateDefinition {}

extension WithoutErrorHandling {
    /// Unavailable: only Task, Parallel and Map states have `Retry`.
    @available(*, unavailable, message: "only Task, Parallel and Map states have Retry")
    public func retry(
        on errors: ErrorName..., interval: Duration? = nil, maxAttempts: Int? = nil, backoffRate: Double? = nil,
        maxDelay: Duration? = nil, jitter: JitterStrategy? = nil, comment: String? = nil,
        fileID: String = #fileID, line: UInt = #line
    ) -> Self { self }

    /// Unavailable: only Task, Parallel and Map states have `Catch`.
    @available(*, unavailable, message: "only Task, Parallel and Map states have Catch")
    public func `catch`(
        _ errors: ErrorName..., resultPath: PathOrNull? = nil, output: Payload? = nil, assign: Payload? = nil,
        comment: String? = nil, next: Name, fileID: String = #fileID, line: UInt = #line
    ) -> Self { self }

    /// Unavailable: only Task, Parallel and Map states have `Catch`.
    @available(*, unavailable, message: "only Task, Parallel and Map states have Catch")
    public func `catch`(
        _ errors: ErrorName..., resultPath: PathOrNull? = nil, output: Payload? = nil, assign: Payload? = nil,
        comment: String? = nil, fileID: String = #fileID, line: UInt = #line,
        @StatesBuilder<Name> handler: () -> [StateNode]
    ) -> Self { self }
}

/// A state without `Next`/`End`: Choice (its rules choose), Succeed and Fail (they end the execution).
public protocol WithoutTransition: StateDefinition {}

extension WithoutTransition {
    /// Unavailable: Choice, Succeed and Fail states have no `Next`.
    @available(
        *, unavailable,
        message: "Choice, Succeed and Fail states have no Next; a Choice goes where its When and Otherwise entries say"
    )
    public func next(_ state: Name, fileID: String = #fileID, line: UInt = #line) -> Self { self }

    /// Unavailable: Choice, Succeed and Fail states have no `End`.
    @available(
        *, unavailable, message: "Choice, Succeed and Fail states have no End; Succeed and Fail always end their graph"
    )
    public func end(fileID: String = #fileID, line: UInt = #line) -> Self { self }
}

extension Pass: WithoutErrorHandling {}
extension Wait: WithoutErrorHandling {}
extension Choice: WithoutErrorHandling, WithoutTransition {}
extension Succeed: WithoutErrorHandling, WithoutTransition {}
extension Fail: WithoutErrorHandling, WithoutTransition {}
