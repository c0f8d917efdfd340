import JSONCore
import StepFunctionsModel

/// AWS's `TestState` request, read from its JSON (what the server and `sfn test-state` receive):
/// every member as AWS defines it, the JSON ones still text.
///
/// ```swift
/// let response = try await TestStateRequest(apiJSON: body).run { Simulator($0) }.apiJSON
/// ```
package struct TestStateRequest: Sendable {
    /// `definition`: one state's JSON, or a whole state machine's when ``stateName`` is given.
    package var definition: String
    /// `roleArn`: needed to test a Task without a mock; `$$.Execution.RoleArn`.
    package var roleArn: String?
    /// `input` (JSON text; default `{}`).
    package var input: String?
    /// `inspectionLevel` (default INFO).
    package var inspectionLevel: InspectionLevel
    /// `revealSecrets` (HTTP Tasks only; the simulator has none to reveal).
    package var revealSecrets: Bool
    /// `variables` (JSON text of an object).
    package var variables: String?
    /// `stateName`: the state of a whole state machine to test.
    package var stateName: String?
    /// `mock`.
    package var mock: Mock?
    /// `context` (JSON text of the context object).
    package var context: String?
    /// `stateConfiguration`.
    package var stateConfiguration: TestStateConfiguration

    /// The `mock` member.
    package struct Mock: Sendable {
        /// `result` (JSON text, not yet checked).
        package var result: String?
        /// `errorOutput.error`, `errorOutput.cause`; nil without `errorOutput`.
        package var errorOutput: (error: String?, cause: String?)?
        /// `fieldValidationMode` (default STRICT).
        package var fieldValidationMode: TestStateMock.FieldValidationMode
    }

    /// Reads the request's JSON; a member of the wrong type or value is a `ValidationException`
    /// worded as AWS's request validation words it.
    package init(apiJSON body: JSONValue) throws(TestStateError) {
        guard case .object(let o) = body else { throw .validation("The request body must be a JSON object") }
        definition = try Self.string(o, "definition", required: true) ?? ""
        roleArn = try Self.string(o, "roleArn")
        input = try Self.string(o, "input")
        inspectionLevel = try Self.enumValue(o, "inspectionLevel", InspectionLevel.self) ?? .info
        if let v = o["revealSecrets"], !v.isNull {
            guard let b = v.boolValue else { throw Self.typeError("revealSecrets", "a boolean") }
            revealSecrets = b
        } else {
            revealSecrets = false
        }
        variables = try Self.string(o, "variables")
        stateName = try Self.string(o, "stateName")
        if let name = stateName, name.isEmpty {
            throw Self.constraint(
                "stateName", value: "", "Member must have length greater than or equal to 1")
        }
        context = try Self.string(o, "context")
        if let m = o["mock"], !m.isNull {
            guard case .object(let mo) = m else { throw Self.typeError("mock", "an object") }
            var mock = Mock(
                result: try Self.string(mo, "result", path: "mock.result"), errorOutput: nil,
                fieldValidationMode: try Self.enumValue(
                    mo, "fieldValidationMode", TestStateMock.FieldValidationMode.self, path: "mock.fieldValidationMode")
                    ?? .strict)
            if let e = mo["errorOutput"], !e.isNull {
                guard case .object(let eo) = e else { throw Self.typeError("mock.errorOutput", "an object") }
                mock.errorOutput = (
                    try Self.string(eo, "error", path: "mock.errorOutput.error"),
                    try Self.string(eo, "cause", path: "mock.errorOutput.cause")
                )
            }
            self.mock = mock
        }
        var configuration = TestStateConfiguration()
        if let c = o["stateConfiguration"], !c.isNull {
            guard case .object(let co) = c else { throw Self.typeError("stateConfiguration", "an object") }
            configuration.retrierRetryCount = try Self.int(co, "retrierRetryCount")
            configuration.errorCausedByState = try Self.string(
                co, "errorCausedByState", path: "stateConfiguration.errorCausedByState")
            configuration.mapIterationFailureCount = try Self.int(co, "mapIterationFailureCount")
            configuration.mapItemReaderData = try Self.string(
                co, "mapItemReaderData", path: "stateConfiguration.mapItemReaderData")
        }
        stateConfiguration = configuration
    }

    // MARK: Running

    /// Runs the request on a simulator of its definition, which `simulator` makes (a server
    /// installs its integrations there: handlers answer a Task tested without a mock). A one-state
    /// definition is given to it as a machine whose only state is `StateName`.
    ///
    /// `asAWS` applies AWS's rules for what only a real service answers (a Task without a mock needs
    /// `roleArn`; activities, `.sync` and `.waitForTaskToken` need a mock); a local tool answers
    /// those with handlers instead. Definition errors are placed in a file named `fileName`.
    package func run(
        asAWS: Bool = true, fileName: String = "<definition>",
        simulator makeSimulator: (StateMachineDefinition) -> Simulator = { Simulator($0) }
    ) async throws(TestStateError) -> TestStateResult {
        let definition = try TestStateDefinition.read(self.definition, stateName: stateName, fileName: fileName)
        let simulator = makeSimulator(definition)
        let name = stateName ?? Simulator.testStateName
        // The state must exist before anything else about the request matters.
        guard simulator.plan.findState(name) != nil else { throw .validation("State not found in definition") }
        var call = TestStateCall()
        call.requiresService = asAWS
        call.roleArn = roleArn
        call.inspectionLevel = inspectionLevel
        call.configuration = stateConfiguration
        do {
            call.input = try JSONParser.parse(input ?? "{}")
        } catch {
            // Not recorded for TestState: StartExecution's wording.
            throw TestStateError(.invalidExecutionInput, "Invalid State Machine Execution Input: '\(error.message)'")
        }
        if let variables {
            guard case .object(let o)? = try? JSONParser.parse(variables) else {
                // Not recorded: AWS's wording for variables that are not a JSON object.
                throw .validation("Invalid variables provided: the variables must be a JSON object")
            }
            call.variables = o
        }
        if let context {
            do {
                call.context = try JSONParser.parse(context)
            } catch {
                throw .validation("Invalid Context object provided: \(error.message)")
            }
        }
        if let mock {
            call.mock = TestStateCall.Mock(
                result: mock.result.map { text in Result { () throws(JSONParseError) in try JSONParser.parse(text) } },
                errorOutput: mock.errorOutput.map { TestStateCall.ErrorOutput(error: $0.error, cause: $0.cause) },
                fieldValidationMode: mock.fieldValidationMode)
        }
        return try await simulator.runTestState(name, call)
    }

    /// The whole operation: AWS's request JSON in, AWS's response JSON out (or AWS's error).
    package static func respond(
        toAPIJSON body: JSONValue, simulator: (StateMachineDefinition) -> Simulator = { Simulator($0) }
    ) async throws(TestStateError) -> JSONValue {
        try await TestStateRequest(apiJSON: body).run(simulator: simulator).apiJSON
    }

    // MARK: Members

    private static func string(_ o: JSONObject, _ key: String, path: String? = nil, required: Bool = false)
        throws(TestStateError) -> String?
    {
        guard let v = o[key], !v.isNull else {
            if required {
                throw .validation(
                    "1 validation error detected: Value null at '\(path ?? key)' failed to satisfy constraint: "
                        + "Member must not be null")
            }
            return nil
        }
        guard let s = v.stringValue else { throw typeError(path ?? key, "a string") }
        return s
    }

    private static func int(_ o: JSONObject, _ key: String) throws(TestStateError) -> Int? {
        guard let v = o[key], !v.isNull else { return nil }
        guard let n = v.numberValue, n.isIntegral, let i = n.intValue else {
            throw typeError("stateConfiguration.\(key)", "an integer")
        }
        return i
    }

    private static func enumValue<E: RawRepresentable & CaseIterable>(
        _ o: JSONObject, _ key: String, _: E.Type, path: String? = nil
    ) throws(TestStateError) -> E? where E.RawValue == String {
        guard let text = try string(o, key, path: path) else { return nil }
        guard let value = E(rawValue: text) else {
            throw constraint(
                path ?? key, value: text,
                "Member must satisfy enum value set: [\(E.allCases.map(\.rawValue).joined(separator: ", "))]")
        }
        return value
    }

    private static func constraint(_ member: String, value: String, _ rule: String) -> TestStateError {
        .validation(
            "1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: \(rule)")
    }

    private static func typeError(_ member: String, _ expected: String) -> TestStateError {
        .validation("Unexpected value for '\(member)': expected \(expected)")
    }
}

// MARK: - The response

extension TestStateResult {
    /// AWS's `TestState` response: `output`, `error`, `cause`, `inspectionData`, `nextState`, `status`;
    /// the JSON members as text written as AWS writes them (`", "` between items, `": "` after keys).
    package var apiJSON: JSONValue {
        var o = JSONObject()
        if let output { o["output"] = .string(Self.text(output)) }
        if let error { o["error"] = .string(error) }
        if let cause { o["cause"] = .string(cause) }
        if let inspectionData { o["inspectionData"] = inspectionData.apiJSON }
        if let nextState { o["nextState"] = .string(nextState) }
        o["status"] = .string(status.rawValue)
        return .object(o)
    }

    /// JSON text as TestState writes it: `[1, 2]`, `{"a": 1, "b": [true]}`.
    package static func text(_ value: JSONValue) -> String {
        var out = ""
        write(value, &out)
        return out
    }

    private static func write(_ value: JSONValue, _ out: inout String) {
        switch value {
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                write(item, &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            for (i, (key, item)) in o.enumerated() {
                if i > 0 { out += ", " }
                out += JSONWriter.compact.string(.string(key)) + ": "
                write(item, &out)
            }
            out += "}"
        default:
            out += JSONWriter.compact.string(value)
        }
    }
}

extension InspectionData {
    /// AWS's `inspectionData`, in the model's member order.
    var apiJSON: JSONValue {
        var o = JSONObject()
        func text(_ key: String, _ value: JSONValue?) {
            if let value { o[key] = .string(TestStateResult.text(value)) }
        }
        text("input", input)
        text("afterArguments", afterArguments)
        text("afterInputPath", afterInputPath)
        text("afterParameters", afterParameters)
        text("result", result)
        text("afterResultSelector", afterResultSelector)
        text("afterResultPath", afterResultPath)
        text("variables", variables.map(JSONValue.object))
        if let d = errorDetails {
            var e = JSONObject()
            if let i = d.catchIndex { e["catchIndex"] = .int(i) }
            if let i = d.retryIndex { e["retryIndex"] = .int(i) }
            if let s = d.retryBackoffIntervalSeconds { e["retryBackoffIntervalSeconds"] = .int(s) }
            o["errorDetails"] = .object(e)
        }
        text("afterItemsPath", afterItemsPath)
        text("afterItemSelector", afterItemSelector)
        text("afterItemBatcher", afterItemBatcher)
        text("afterItemsPointer", afterItemsPointer)
        if let c = toleratedFailureCount { o["toleratedFailureCount"] = .int(c) }
        if let p = toleratedFailurePercentage { o["toleratedFailurePercentage"] = .double(p) }
        if let m = maxConcurrency { o["maxConcurrency"] = .int(m) }
        return .object(o)
    }
}
