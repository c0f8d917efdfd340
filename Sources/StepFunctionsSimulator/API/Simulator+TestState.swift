import JSONCore
import StepFunctionsCompiler
import StepFunctionsModel

extension Simulator {
    /// The name AWS's TestState gives a state given on its own, and the name every tested state has
    /// in its context object (`$$.State.Name`).
    public static let testStateName = "StateName"

    /// A simulator for one state given as its own JSON, as AWS's TestState takes a state: the state
    /// is named ``testStateName`` and only its own structure is validated (its `Next`, `Default` and
    /// `Catch` targets need not exist). Test it with
    /// ``testState(_:input:variables:context:mock:configuration:inspectionLevel:)``.
    ///
    /// ```swift
    /// let sim = try Simulator(stateDefinition: #"{"Type": "Pass", "Result": 1, "Next": "B"}"#)
    /// let result = try await sim.testState()
    /// #expect(result.nextState == "B")
    /// ```
    public init(stateDefinition text: String, options: Options = Options()) throws(TestStateError) {
        self.init(try TestStateDefinition.read(text, stateName: nil), options: options)
    }

    /// Tests one state, as AWS's TestState API does: runs only that state, once, on `input`, and
    /// says how it ended, where the execution would go next and (at ``InspectionLevel/debug``) each
    /// step of its data processing. Nothing is waited for: a failure that a retrier would retry is
    /// ``TestStateResult/Status/retriable``.
    ///
    /// - Parameters:
    ///   - stateName: The state, at the top level or inside a Map or Parallel (nil: the state the
    ///     definition starts at, the one state of ``init(stateDefinition:options:)``).
    ///   - input: The state's input.
    ///   - variables: Workflow variables the state sees.
    ///   - context: The context object (`$$`), used as given (AWS requires a `mock` with it); nil:
    ///     made up as AWS makes it up.
    ///   - mock: What the state's work returns instead of running: a Task's service response (checked
    ///     against the service's response shape), or a Map's or Parallel's result; or an error. Map
    ///     and Parallel states need one. A Task without one is answered by the simulator's handlers
    ///     and mock configuration.
    ///   - configuration: Retries already made, Map iteration failures, item reader data.
    ///   - inspectionLevel: How much of the data processing to return.
    /// - Throws: ``TestStateError`` with AWS's error type and message when AWS would refuse the request.
    public func testState(
        _ stateName: String? = nil, input: JSONValue = .object(JSONObject()), variables: JSONObject = [:],
        context: JSONValue? = nil, mock: TestStateMock? = nil,
        configuration: TestStateConfiguration = TestStateConfiguration(), inspectionLevel: InspectionLevel = .info
    ) async throws(TestStateError) -> TestStateResult {
        var call = TestStateCall()
        call.input = input
        call.variables = variables
        call.context = context
        call.mock = TestStateCall.mock(mock)
        call.configuration = configuration
        call.inspectionLevel = inspectionLevel
        call.roleArn = options.roleArn
        return try await runTestState(stateName ?? definition.startAt, call)
    }

    /// Tests the state named by a workflow's ``StateName`` type (see
    /// ``testState(_:input:variables:context:mock:configuration:inspectionLevel:)``).
    public func testState<Name: StateName>(
        _ state: Name, input: JSONValue = .object(JSONObject()), variables: JSONObject = [:],
        context: JSONValue? = nil, mock: TestStateMock? = nil,
        configuration: TestStateConfiguration = TestStateConfiguration(), inspectionLevel: InspectionLevel = .info
    ) async throws(TestStateError) -> TestStateResult {
        try await testState(
            state.stateName, input: input, variables: variables, context: context, mock: mock,
            configuration: configuration, inspectionLevel: inspectionLevel)
    }
}

/// Reads the `definition` of a TestState request: a whole state machine, validated as
/// `CreateStateMachine` does, or one state, validated as the only state of a machine (named
/// `StateName`) except for the rules about the graph around it.
package enum TestStateDefinition {
    /// The definition, or `InvalidDefinition` with AWS's wording and the validator's diagnostics
    /// (placed in `text`, named `fileName`).
    package static func read(_ text: String, stateName: String?, fileName: String = "<definition>")
        throws(TestStateError) -> StateMachineDefinition
    {
        if stateName != nil {
            let document = ASLDocument(text: text, fileName: fileName)
            guard let definition = document.definition, !document.hasErrors else {
                throw .invalidDefinition(document.errors, definition: text)
            }
            return definition
        }
        // The state alone first, so that a syntax error is placed in its own text.
        do {
            _ = try JSONParser.parse(text)
        } catch {
            let document = ASLDocument(text: text, fileName: fileName)
            throw .invalidDefinition(document.errors, definition: text)
        }
        // The prefix has a line of its own: the state's lines move down by one, its columns stay.
        let wrapped =
            "{\"StartAt\": \"\(Simulator.testStateName)\", \"States\": {\"\(Simulator.testStateName)\":\n"
            + text + "\n}}"
        let document = ASLDocument(text: wrapped, fileName: fileName)
        let errors = document.errors.filter { !isGraphRule($0) }.map { d -> Diagnostic in
            var d = d
            if let location = d.location {
                d.location = DiagnosticLocation(
                    file: location.file, line: location.line.flatMap { $0 > 1 ? $0 - 1 : nil },
                    column: location.line.map { $0 > 1 } == true ? location.column : nil)
            }
            return d
        }
        guard let definition = document.definition, errors.isEmpty else {
            throw .invalidDefinition(errors, definition: text)
        }
        return definition
    }

    /// Whether a diagnostic is about the top-level graph around the state (a transition to a state
    /// that does not exist, no terminal state), which AWS does not check for a state given alone.
    static func isGraphRule(_ d: Diagnostic) -> Bool {
        switch d.code {
        case .noTerminalState: return d.path.components.isEmpty
        case .undefinedState, .unreachableState: return d.path.components.filter { $0 == .key("States") }.count <= 1
        default: return false
        }
    }
}
