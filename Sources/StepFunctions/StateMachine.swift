/// A workflow written in Swift: its states, named by the cases of `Name`, compile to ASL JSON.
///
/// The body is a sequence (each state goes to the next, the last ends the execution); states reached
/// only by a Catch or a Choice rule go in `handlers:` (or inline, in the Catch or rule itself).
///
/// ```swift
/// enum PaymentStep: String, StateName {
///     case validateOrder = "ValidateOrder", processPayment = "ProcessPayment", handleFailure = "HandleFailure"
/// }
///
/// let payment = StateMachine(PaymentStep.self, name: "payment", comment: "Payment processing") {
///     LambdaInvoke(.validateOrder, function: "validate-order")
///     LambdaInvoke(.processPayment, function: "process-payment")
///         .retry(on: .taskFailed, interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
///         .catch(.all, resultPath: "$.error", next: .handleFailure)
/// } handlers: {
///     LambdaInvoke(.handleFailure, function: "notify-failure")
/// }
///
/// let json = try payment.compile().json
/// ```
public struct StateMachine<Name: StateName>: Sendable {
    /// The workflow's name: the file name (`NAME.asl.json`) and the CloudFormation resource's base name.
    public var name: String
    var comment: String?
    var queryLanguage: QueryLanguage?
    var timeout: Duration?
    /// What every Task gets unless it sets the field itself.
    var taskDefaults: TaskDefaults?
    var version: String?
    /// STANDARD or EXPRESS: changes what the validator allows and the CloudFormation `StateMachineType`.
    public var type: StateMachineType = .standard
    var states: [StateNode]
    var handlers: [StateNode]
    var location: DiagnosticLocation
    var fieldLocations: [(FieldPath, DiagnosticLocation)] = []
    /// Every name of `Name` when it is `CaseIterable` (to warn about names no state declares).
    var declaredNames: [String]?

    /// Creates a state machine whose body is `states`.
    /// - Parameters:
    ///   - names: the state-name type, e.g. `PaymentStep.self`.
    ///   - name: the workflow's name; the type's name when omitted.
    ///   - comment: the top-level `Comment`.
    ///   - states: the main sequence.
    public init(
        _ names: Name.Type, name: String? = nil, comment: String? = nil, file: String = #filePath,
        line: UInt = #line, column: UInt = #column, @StatesBuilder<Name> states: () -> [StateNode]
    ) {
        self.init(name: name, comment: comment, file: file, line: line, column: column, states: states(), handlers: [])
    }

    /// Creates a state machine whose body is `states`, with `handlers`: states reached only by a Catch
    /// or a Choice rule. Handlers run in sequence like any block.
    public init(
        _ names: Name.Type, name: String? = nil, comment: String? = nil, file: String = #filePath,
        line: UInt = #line, column: UInt = #column, @StatesBuilder<Name> states: () -> [StateNode],
        @StatesBuilder<Name> handlers: () -> [StateNode]
    ) {
        self.init(
            name: name, comment: comment, file: file, line: line, column: column, states: states(), handlers: handlers()
        )
    }

    private init(
        name: String?, comment: String?, file: String, line: UInt, column: UInt, states: [StateNode],
        handlers: [StateNode]
    ) {
        self.name = name ?? String(describing: Name.self)
        self.comment = comment
        self.states = states
        self.handlers = handlers
        self.queryLanguage = Name.Language.topLevel
        self.location = .source(file, line, column)
        if let iterable = Name.self as? any CaseIterable.Type {
            declaredNames = Self.caseNames(iterable)
        }
    }

    private static func caseNames<T: CaseIterable>(_ type: T.Type) -> [String] {
        T.allCases.compactMap { ($0 as? Name)?.stateName }
    }

    private func modified(
        _ field: String, _ file: String, _ line: UInt, _ column: UInt, _ change: (inout Self) -> Void
    ) -> Self {
        var copy = self
        change(&copy)
        copy.fieldLocations.append((.field(field), .source(file, line, column)))
        return copy
    }

    /// Sets the top-level `Comment`.
    public func comment(_ text: String, file: String = #filePath, line: UInt = #line, column: UInt = #column)
        -> Self
    {
        modified("Comment", file, line, column) { $0.comment = text }
    }

    /// Sets the top-level `QueryLanguage`: the default for every state (JSONPath when not set).
    public func queryLanguage(
        _ language: QueryLanguage, file: String = #filePath, line: UInt = #line, column: UInt = #column
    )
        -> Self
    {
        modified("QueryLanguage", file, line, column) { $0.queryLanguage = language }
    }

    /// Sets the top-level `TimeoutSeconds`: the longest an execution may run. Whole seconds only.
    public func timeout(_ duration: Duration, file: String = #filePath, line: UInt = #line, column: UInt = #column)
        -> Self
    {
        modified("TimeoutSeconds", file, line, column) { $0.timeout = duration }
    }

    /// Sets `Version`, the ASL version (`"1.0"`).
    public func version(_ version: String, file: String = #filePath, line: UInt = #line, column: UInt = #column)
        -> Self
    {
        modified("Version", file, line, column) { $0.version = version }
    }

    /// Makes this a STANDARD or EXPRESS state machine (STANDARD by default). EXPRESS machines cannot
    /// use `.sync` or `.waitForTaskToken`; the validator reports them.
    public func type(_ type: StateMachineType) -> Self {
        var copy = self
        copy.type = type
        return copy
    }
}
