import Foundation
import JSONCore
import StepFunctionsModel

/// A Task resource's ARN taken apart once per simulator, and how it shows in history events.
/// A class: every call hands it around, and one reference is cheaper than its many strings.
final class ResourceInfo: Sendable {
    let resource: TaskResource
    let kind: TaskResource.Kind
    let pattern: TaskResource.IntegrationPattern
    /// The ARN's region, when it names one.
    let region: String?
    /// The names its events use.
    let names: TaskEventNames
    /// `lambda:invoke` (the handler gets the `Payload`; the result is wrapped in the invoke response).
    let isLambdaInvoke: Bool
    /// API Gateway `invoke` (its `Headers` are checked).
    let isAPIGatewayInvoke: Bool
    /// `states:startExecution` (a registered child machine runs when no handler answers).
    let isStartExecution: Bool

    init(_ resource: TaskResource) {
        self.resource = resource
        kind = resource.kind
        pattern = resource.pattern
        let r = resource.parts?.region ?? ""
        region = r.isEmpty ? nil : r
        names = TaskEventNames(resource, kind: kind)
        var lambdaInvoke = false
        var apiGateway = false
        var startExecution = false
        if case .integration(let service, let action, _) = kind {
            lambdaInvoke = service == "lambda" && action == "invoke"
            apiGateway = service == "apigateway" && action == "invoke"
            startExecution = service == "states" && action == "startExecution"
        }
        isLambdaInvoke = lambdaInvoke
        isAPIGatewayInvoke = apiGateway
        isStartExecution = startExecution
    }
}

/// How a Task's resource shows in history events.
struct TaskEventNames: Sendable {
    /// Whether the resource is a Lambda function ARN used directly (`LambdaFunction*` events).
    var isLambdaFunction: Bool
    /// `resource` in `Task*` events (the action, with its pattern suffix).
    var resource: String
    /// `resourceType` (the service, or `aws-sdk:service`).
    var resourceType: String

    init(_ resource: TaskResource, kind: TaskResource.Kind) {
        switch kind {
        case .lambdaFunction:
            isLambdaFunction = true
            self.resource = resource.arn
            resourceType = "lambda"
        case .integration(let service, let action, let pattern):
            isLambdaFunction = false
            self.resource = action + pattern.rawValue
            resourceType = service
        case .sdk(let service, let action, let pattern):
            isLambdaFunction = false
            self.resource = action + pattern.rawValue
            resourceType = "aws-sdk:" + service
        case .activity(let name):
            isLambdaFunction = false
            self.resource = name
            resourceType = "activity"
        case .placeholder, .unrecognized:
            isLambdaFunction = false
            self.resource = resource.arn
            resourceType = "unknown"
        }
        tail = [("resource", .value(.string(self.resource))), ("resourceType", .value(.string(resourceType)))]
    }

    /// `resource` and `resourceType`, which end every `Task*` event's details.
    var tail: [(key: String, value: EventField)] = []
}

extension Engine {
    /// Reads `TimeoutSeconds`/`TimeoutSecondsPath` (or the heartbeat pair) of a JSONPath Task.
    func taskSeconds(_ literal: DynamicValue<Int>?, _ path: JSONPath?, _ scope: EvaluationScope, field: String)
        throws(StateFailure) -> Int?
    {
        try numberField(
            literal, path, field: String(field.dropLast(4)), scope, nil, expected: "positive integer",
            convert: JSONataDataFlow.integer,
            fromPath: { v in
                guard case .number(let n) = v, let i = n.intValue, i > 0 else { return nil }
                return i
            }
        ) { v in
            "The \(field) parameter references an invalid value: \(path?.source ?? "") == \(Engine.plain(v)); expected a positive integer"
        }
    }

    nonisolated(nonsending) func runTask(
        _ state: StatePlan, _ plan: TaskPlan, input: JSONValue, flow: inout Flow, context: StateContext
    ) async throws(StateFailure) -> Outcome {
        let jsonata = state.jsonata
        // The model's fields are read through the plan (`plan.state.x`): binding `plan.state` to a
        // local would copy the whole state.
        var effective = input
        var timeout: Int?
        var heartbeat: Int?
        // JSONata has no InputPath; its TimeoutSeconds/HeartbeatSeconds expressions are read per attempt.
        if !jsonata && (plan.state.common.inputPath != nil || plan.hasTimeouts) {
            let first = scope(input, context, flow: flow, retryCount: 0, isTask: true)
            effective = try JSONPathDataFlow.select(plan.state.common.inputPath, input, first)
            if plan.hasTimeouts {
                let effectiveScope = first.with(input: effective)
                timeout = try taskSeconds(
                    plan.state.timeoutSeconds, plan.state.timeoutSecondsPath, effectiveScope, field: "TimeoutSecondsPath")
                heartbeat = try taskSeconds(
                    plan.state.heartbeatSeconds, plan.state.heartbeatSecondsPath, effectiveScope, field: "HeartbeatSecondsPath")
            }
        }
        let info = plan.info
        let pattern = info.pattern
        var attempts: [Int] = []
        var retryCount = 0
        while true {
            let token = pattern != .requestResponse ? Engine.taskToken(flow.random) : nil
            let failure: StateFailure
            // A Task without data-flow fields passes its input on and its result out: no scope to build.
            let ctx = plan.isPlain ? nil : scope(effective, context, flow: flow, retryCount: retryCount, token: token, isTask: true)
            do throws(StateFailure) {
                let parameters: JSONValue
                var credentials: JSONValue?
                if jsonata {
                    let js = jsonataScope(input, context, flow: flow, retryCount: retryCount, token: token, isTask: true)
                    timeout = try jsonataSeconds(plan.state.timeoutSeconds, field: "TimeoutSeconds", js)
                    heartbeat = try jsonataSeconds(plan.state.heartbeatSeconds, field: "HeartbeatSeconds", js)
                    if let t = plan.state.arguments {
                        parameters = try JSONataDataFlow.evaluate(t, field: "Arguments", js, expressions)
                    } else {
                        parameters = input
                    }
                    if let c = plan.state.credentials {
                        credentials = try JSONataDataFlow.evaluate(c, field: "Credentials", js, expressions)
                    }
                } else if let ctx {
                    if let p = plan.state.parameters {
                        parameters = try JSONPathDataFlow.evaluate(p, ctx)
                    } else {
                        parameters = effective
                    }
                    if let c = plan.state.credentials { credentials = try JSONPathDataFlow.evaluate(c, ctx, field: "Credentials") }
                } else {
                    parameters = input
                }
                // One call: scheduled and started events, the handler (or mock), the result event.
                let call = try startCall(
                    plan, parameters: parameters, credentials: credentials, token: token, retryCount: retryCount,
                    context: ctx?.context ?? contextObject(context, retryCount: retryCount, token: token), timeout: timeout,
                    heartbeat: heartbeat, flow: &flow)
                var called = callNow(call, flow: &flow)
                if called == nil { called = await callSuspending(call, flow: &flow) }
                switch endCall(plan, called ?? .failure(StateFailure(error: nil, cause: nil, kind: .aborted)), flow: &flow) {
                case .success(let raw):
                    guard let ctx else {
                        // The output is the result, whose size endCall checked.
                        return try exit(state, next: state.next, output: raw, flow: &flow, sizeChecked: true)
                    }
                    let js = jsonata ? jsonataScope(input, context, flow: flow, retryCount: retryCount, token: token, isTask: true) : nil
                    return try finish(
                        state, common: plan.state.common, resultSelector: plan.state.resultSelector,
                        resultPath: plan.state.resultPath, result: raw, input: input, ctx: ctx, js: js, flow: &flow,
                        resultChecked: true)
                case .failure(let f):
                    failure = f
                }
            } catch let f where f.evaluation != nil && !(f.evaluation?.recorded ?? true) {
                // An expression of the state's input side failed: AWS records EvaluationFailed, then
                // Retry and Catch apply.
                var f = f
                settle(&f, state: state.name, type: .task, flow: &flow)
                failure = f
            }
            if failure.kind == .aborted {
                // A sibling branch failed while this task was still waiting.
                flow.log.add(.taskStateAborted, at: flow.now)
                throw failure
            }
            guard failure.kind == .error else { throw failure }
            let retriers = failure.oversizedResult ? [] : plan.state.retry
            switch recover(failure, retriers: retriers, catchers: plan.state.catch, attempts: &attempts, random: flow.random) {
            case .retry(let delay):
                try await sleep(delay, flow: &flow)
                retryCount += 1
                continue
            case .caught(let catcher, let i):
                let (output, assigned) = try caught(failure, catcher, input: input, context: context, flow: flow)
                return try exit(state, next: state.catchTargets[i], output: output, assigned: assigned, flow: &flow)
            case .fail:
                if flow.inParallelBranch && failure.evaluation == nil && !failure.oversizedResult {
                    // Inside a Parallel branch AWS records the aborted Task; the Parallel's
                    // failure then follows the TaskFailed event as well.
                    let failedId = flow.log.last
                    flow.log.add(.taskStateAborted, at: flow.now)
                    flow.log.last = failedId
                }
                throw failure
            }
        }
    }

    /// One call of a Task, as the handler, mock or built-in behaviour receives it.
    struct Call {
        let task: TaskPlan
        /// What a handler receives (built once: the handler borrows it).
        let handlerCall: TaskCall
        let timeout: Int?
        let heartbeat: Int?
        /// The call's number for its state (mocks and recorded details); 0 when neither is used.
        let index: Int

        var parameters: JSONValue { handlerCall.parameters }
        var token: String? { handlerCall.taskToken }
        var clock: TaskClock { handlerCall.clock }
    }

    /// Starts one call of a Task: checks what the service would reject, records the scheduled and
    /// started events (and `TaskSubmitted` for callbacks and `.sync`) and the call itself.
    func startCall(
        _ task: TaskPlan, parameters: JSONValue, credentials: JSONValue?, token: String?, retryCount: Int,
        context: JSONValue, timeout: Int?, heartbeat: Int?, flow: inout Flow
    ) throws(StateFailure) -> Call {
        let info = task.info
        let names = info.names
        let name = task.name
        if info.isAPIGatewayInvoke, case .object(let headers)? = parameters["Headers"],
            headers.values.contains(where: { $0.arrayValue == nil })
        {
            // API Gateway headers map names to lists of values.
            throw StateFailure.runtime(
                "The Parameters '\(JSONWriter.compact.string(parameters))' could not be used to start the Task: [The value of the field 'Headers' has an invalid format]"
            )
        }
        // Scheduled and started.
        let role = credentials?["RoleArn"]
        if names.isLambdaFunction {
            if timeout == nil && role == nil {
                flow.log.add(.lambdaFunctionScheduled, storage: .lambdaScheduled(parameters, info), at: flow.now)
            } else {
                var d: [(key: String, value: EventField)] = [
                    ("input", .payload(parameters)), ("inputDetails", EventField.notTruncated),
                    ("resource", .value(.string(names.resource))),
                ]
                if let timeout { d.append(("timeoutInSeconds", .value(.int(timeout)))) }
                if let role { d.append(("taskCredentials", .value(["roleArn": role]))) }
                flow.log.add(.lambdaFunctionScheduled, d, at: flow.now)
            }
            flow.log.add(.lambdaFunctionStarted, at: flow.now)
        } else if timeout == nil && heartbeat == nil && role == nil {
            flow.log.add(.taskScheduled, storage: .taskScheduled(parameters, setup.bindings.scheduled[task.id]), at: flow.now)
            flow.log.add(.taskStarted, storage: .taskResource(info), at: flow.now)
        } else {
            var d: [(key: String, value: EventField)] = [
                ("resource", .value(.string(names.resource))), ("resourceType", .value(.string(names.resourceType))),
                ("region", .value(.string(info.region ?? setup.options.region))), ("parameters", .payload(parameters)),
            ]
            if let timeout { d.append(("timeoutInSeconds", .value(.int(timeout)))) }
            if let heartbeat { d.append(("heartbeatInSeconds", .value(.int(heartbeat)))) }
            if let role { d.append(("taskCredentials", .value(["roleArn": role]))) }
            flow.log.add(.taskScheduled, d, at: flow.now)
            flow.log.add(.taskStarted, storage: .taskResource(info), at: flow.now)
        }

        // Calls are numbered per state for mocks and recorded details only.
        let callIndex =
            setup.mocks == nil
            ? 0
            : shared.withLock { shared -> Int in
                let i = shared.callCounts[name, default: 0]
                shared.callCounts[name] = i + 1
                return i
            }
        let input = info.isLambdaInvoke ? (parameters["Payload"] ?? .object(JSONObject())) : parameters
        if flow.calls.isEmpty { flow.calls.reserveCapacity(8) }
        flow.calls.append(RecordedTaskCall(stateName: name, resource: info.resource.arn, input: input, retryCount: retryCount))
        let pattern = info.pattern
        if pattern == .waitForTaskToken || pattern == .sync || pattern == .sync2 {
            let submitted = setup.mocks?.response(state: name, call: callIndex)?.submitted
            if let token { callbacks.issue(token) }
            let output = submitted ?? Engine.defaultSubmittedOutput(info.kind, parameters: parameters, options: setup.options, flow: flow)
            flow.log.add(.taskSubmitted, storage: .taskOutput(.payload(output), info), at: flow.now)
        }
        let handlerCall = TaskCall(
            stateName: name, resource: info.resource.arn, input: input, parameters: parameters, taskToken: token,
            context: context, retryCount: retryCount, clock: TaskClock())
        return Call(task: task, handlerCall: handlerCall, timeout: timeout, heartbeat: heartbeat, index: callIndex)
    }

    /// Answers a call without suspending: a synchronous handler, a mock, or the error for a Task
    /// nothing answers. `nil` when the answer needs to wait (an asynchronous handler, a child
    /// execution, a callback): see ``callSuspending(_:flow:)``.
    func callNow(_ call: Call, flow: inout Flow) -> Result<JSONValue, StateFailure>? {
        let task = call.task
        switch setup.bindings.handlers[task.id] {
        case .sync(let handler)?:
            let wallStart = setup.options.clock == .real ? ContinuousClock.now : nil
            let value: Result<JSONValue, any Error>
            do {
                value = .success(try handler(call.handlerCall))
            } catch {
                value = .failure(error)
            }
            return handled(call, value, wallStart: wallStart, flow: &flow)
        case .async?:
            return nil
        case nil:
            break
        }
        let name = task.name
        if let mocks = setup.mocks, let response = mocks.response(state: name, call: call.index) {
            if let token = call.token { try? callbacks.complete(token, with: .success(.null)) }
            switch response.outcome {
            case .return(let value):
                if task.info.names.isLambdaFunction, case .object(let o) = value, o.contains("Payload"), o.contains("StatusCode") {
                    return .success(o["Payload"] ?? .null)
                }
                return .success(value)
            case .throw(let error, let cause):
                return .failure(StateFailure(error: error, cause: cause, kind: .error))
            }
        }
        if task.info.isStartExecution || call.token != nil { return nil }
        return .failure(
            StateFailure(
                error: "Simulator.NoHandler",
                cause:
                    "No handler or mock answers the Task state '\(name)' (Resource \(task.info.resource.arn)); register one with handle(state:) or handle(resource:), or use a mock configuration",
                kind: .runtime))
    }

    /// Answers a call that needs to wait: an asynchronous handler, a registered child machine
    /// (`states:startExecution`), or a callback the test sends.
    nonisolated(nonsending) func callSuspending(_ call: Call, flow: inout Flow) async -> Result<JSONValue, StateFailure> {
        if case .async(let handler)? = setup.bindings.handlers[call.task.id] {
            let wallStart = setup.options.clock == .real ? ContinuousClock.now : nil
            let value: Result<JSONValue, any Error>
            do {
                value = .success(try await handler(call.handlerCall))
            } catch {
                value = .failure(error)
            }
            return handled(call, value, wallStart: wallStart, flow: &flow)
        }
        if call.task.info.isStartExecution {
            return await startChildExecution(parameters: call.parameters, pattern: call.task.info.pattern, flow: &flow)
        }
        if call.token != nil, !callbacksAnswerable {
            return unanswerableCallback(call, flow: &flow)
        }
        if let token = call.token {
            switch await callbacks.wait(for: token) {
            case .success(let v)?: return .success(v)
            case .failure(let e)?: return .failure(StateFailure(error: e.error, cause: e.cause, kind: .error))
            case nil: break
            }
        }
        return .failure(StateFailure(error: nil, cause: nil, kind: .aborted))
    }

    /// A callback nobody can answer (the run was started with ``Simulator/run(input:)``): it ends as
    /// on AWS when no one calls back, at its `HeartbeatSeconds` or `TimeoutSeconds`, whichever comes
    /// first, or else at the execution's own timeout, reached at once in virtual time.
    func unanswerableCallback(_ call: Call, flow: inout Flow) -> Result<JSONValue, StateFailure> {
        if let heartbeat = call.heartbeat, heartbeat < (call.timeout ?? .max) {
            flow.now = flow.now.addingTimeInterval(Double(heartbeat))
            return .failure(StateFailure(error: StatesError.heartbeatTimeout, cause: nil, kind: .error))
        }
        if let timeout = call.timeout {
            flow.now = flow.now.addingTimeInterval(Double(timeout))
            return .failure(StateFailure(error: StatesError.timeout, cause: nil, kind: .error))
        }
        flow.now = max(flow.now, deadline)
        return .failure(StateFailure(error: StatesError.timeout, cause: nil, kind: .executionTimeout))
    }

    /// A handler's answer as the task's result: its simulated duration (or wall time on the real
    /// clock) advances the flow, past `TimeoutSeconds`/`HeartbeatSeconds` it times out, and a
    /// thrown error is named after its type.
    func handled(
        _ call: Call, _ value: Result<JSONValue, any Error>, wallStart: ContinuousClock.Instant?, flow: inout Flow
    ) -> Result<JSONValue, StateFailure> {
        let clock = call.clock
        let info = call.task.info
        let result: Result<JSONValue, StateFailure>
        switch value {
        case .success(let v):
            result = .success(info.isLambdaInvoke ? Engine.lambdaInvokeResponse(v, random: flow.random) : v)
        case .failure(let error) where error is CancellationError && Task.isCancelled:
            result = .failure(StateFailure(error: nil, cause: nil, kind: .aborted))
        case .failure(let error):
            result = .failure(Engine.failure(from: error, lambda: info.isLambdaInvoke || info.names.isLambdaFunction))
        }
        if let wallStart {
            let spent = ContinuousClock.now - wallStart
            clock.add(Double(spent.components.seconds) + Double(spent.components.attoseconds) / 1e18)
        }
        let reading = clock.reading
        if let timeout = call.timeout, reading.elapsed > Double(timeout) {
            flow.now = flow.now.addingTimeInterval(Double(timeout))
            return .failure(StateFailure(error: StatesError.timeout, cause: nil, kind: .error))
        }
        if let heartbeat = call.heartbeat, reading.maxGap > Double(heartbeat) {
            flow.now = flow.now.addingTimeInterval(Double(heartbeat))
            return .failure(StateFailure(error: StatesError.heartbeatTimeout, cause: nil, kind: .error))
        }
        flow.now = setup.options.clock == .real ? Date() : flow.now.addingTimeInterval(reading.elapsed)
        if let token = call.token { try? callbacks.complete(token, with: .success(.null)) }
        return result
    }

    /// Records a call's result event (a failed call is recorded here and returned as a failure; a
    /// result over the payload quota fails the task).
    func endCall(_ task: TaskPlan, _ outcome: Result<JSONValue, StateFailure>, flow: inout Flow) -> Result<JSONValue, StateFailure> {
        let names = task.info.names
        switch outcome {
        case .success(let raw):
            if Engine.exceeds(raw, limit: setup.options.payloadSizeLimit) {
                // AWS names the resource (the function ARN, or the service for integrations).
                let what = names.isLambdaFunction ? names.resource : names.resourceType
                let failure = StateFailure(
                    error: StatesError.dataLimitExceeded,
                    cause: "The state/task '\(what)' returned a result with a size exceeding the maximum number of bytes service limit.",
                    kind: .error, oversizedResult: true)
                recordFailure(failure, names: names, flow: &flow)
                return .failure(failure)
            }
            if names.isLambdaFunction {
                flow.log.add(.lambdaFunctionSucceeded, storage: .output(.payload(raw)), at: flow.now)
            } else {
                flow.log.add(.taskSucceeded, storage: .taskOutput(.payload(raw), task.info), at: flow.now)
            }
            return outcome
        case .failure(let failure):
            if failure.kind == .error { recordFailure(failure, names: names, flow: &flow) }
            return outcome
        }
    }

    /// A task token: 128 random bits, base64url-like as AWS's are opaque.
    static func taskToken(_ random: RandomSource) -> String {
        "AQ" + random.uuid().replacingOccurrences(of: "-", with: "") + random.uuid().replacingOccurrences(of: "-", with: "")
    }

    /// Records `TaskFailed`/`TaskTimedOut`/`LambdaFunctionFailed`... for a failed call.
    func recordFailure(_ failure: StateFailure, names: TaskEventNames, flow: inout Flow) {
        var d: [(key: String, value: EventField)] = []
        if let e = failure.error { d.append(("error", .value(.string(e)))) }
        if let c = failure.cause { d.append(("cause", .value(.string(c)))) }
        let timedOut = failure.error == StatesError.timeout || failure.error == StatesError.heartbeatTimeout
        if names.isLambdaFunction {
            flow.log.add(timedOut ? .lambdaFunctionTimedOut : .lambdaFunctionFailed, d, at: flow.now)
        } else {
            flow.log.add(timedOut ? .taskTimedOut : .taskFailed, d + names.tail, at: flow.now)
        }
    }

    /// The response `lambda:invoke` returns around a function's result.
    static func lambdaInvokeResponse(_ payload: JSONValue, random: RandomSource) -> JSONValue {
        let requestId = random.uuid()
        return [
            "ExecutedVersion": "$LATEST",
            "Payload": payload,
            "SdkHttpMetadata": [
                "AllHttpHeaders": [
                    "X-Amz-Executed-Version": ["$LATEST"], "x-amzn-Remapped-Content-Length": ["0"],
                    "Connection": ["keep-alive"], "x-amzn-RequestId": .array([.string(requestId)]),
                    "Content-Type": ["application/json"],
                ],
                "HttpHeaders": [
                    "Connection": "keep-alive", "Content-Type": "application/json", "X-Amz-Executed-Version": "$LATEST",
                    "x-amzn-Remapped-Content-Length": "0", "x-amzn-RequestId": .string(requestId),
                ],
                "HttpStatusCode": 200,
            ],
            "SdkResponseMetadata": ["RequestId": .string(requestId)],
            "StatusCode": 200,
        ]
    }

    /// What a `.waitForTaskToken` or `.sync` task's submission returns when no recording says.
    static func defaultSubmittedOutput(_ kind: TaskResource.Kind, parameters: JSONValue, options: Simulator.Options, flow: Flow)
        -> JSONValue
    {
        if case .integration("states", "startExecution", _) = kind {
            let name = parameters["Name"]?.stringValue ?? flow.random.uuid()
            let machine = parameters["StateMachineArn"]?.stringValue ?? ""
            let arn = machine.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":" + name
            return ["ExecutionArn": .string(arn), "StartDate": .string(Timestamp.format(flow.now))]
        }
        return .object(JSONObject())
    }

    /// Turns a Swift error thrown by a handler into an ASL error name and cause.
    static func failure(from error: any Error, lambda: Bool) -> StateFailure {
        if let e = error as? TaskError { return StateFailure(error: e.error, cause: e.cause, kind: .error) }
        let typeName = String(describing: type(of: error))
        let message = String(describing: error)
        if lambda {
            let cause: JSONValue = ["errorMessage": .string(message), "errorType": .string(typeName)]
            return StateFailure(error: typeName, cause: JSONWriter.compact.string(cause), kind: .error)
        }
        return StateFailure(error: typeName, cause: message, kind: .error)
    }

    /// Runs a registered child state machine for `states:startExecution`.
    nonisolated(nonsending) func startChildExecution(parameters: JSONValue, pattern: TaskResource.IntegrationPattern, flow: inout Flow) async
        -> Result<JSONValue, StateFailure>
    {
        let arn = parameters["StateMachineArn"]?.stringValue ?? ""
        let shortName = arn.split(separator: ":").last.map(String.init) ?? arn
        guard let child = setup.childMachines[arn] ?? setup.childMachines[shortName] else {
            return .failure(
                StateFailure(
                    error: "StepFunctions.StateMachineDoesNotExistException",
                    cause: "State Machine Does Not Exist: '\(arn)' (register it with register(childMachine:definition:))",
                    kind: .error))
        }
        var childInput: JSONValue = .object(JSONObject())
        var inputText: String?
        switch parameters["Input"] {
        case .string(let text)?:
            inputText = text
            childInput = (try? JSONParser.parse(text)) ?? .string(text)
        case let v?: childInput = v
        case nil: break
        }
        var sub = Simulator(plan: plan, setup: setup).running(child)
        sub.options.stateMachineName = shortName
        sub.options.executionName = parameters["Name"]?.stringValue ?? flow.random.uuid()
        sub.options.startDate = flow.now
        sub.options.seed = flow.random.next()
        let execution = await sub.start(input: childInput, inputText: inputText).result()
        let inputString = inputText ?? JSONWriter.compact.string(childInput)
        if pattern == .requestResponse {
            return .success(["ExecutionArn": .string(sub.options.executionArn), "StartDate": .string(Timestamp.format(flow.now))])
        }
        var o = JSONObject()
        if execution.status != .succeeded {
            if let c = execution.cause { o["Cause"] = .string(c) }
            if let e = execution.error { o["Error"] = .string(e) }
        }
        o["ExecutionArn"] = .string(sub.options.executionArn)
        o["Input"] = pattern == .sync2 ? childInput : .string(inputString)
        o["InputDetails"] = ["Included": true]
        o["Name"] = .string(sub.options.executionName)
        if let output = execution.output {
            o["Output"] = pattern == .sync2 ? output : .string(JSONWriter.compact.string(output))
            o["OutputDetails"] = ["Included": true]
        }
        o["RedriveCount"] = 0
        o["RedriveStatus"] = "NOT_REDRIVABLE"
        o["StartDate"] = .string(Timestamp.format(execution.startDate))
        o["StateMachineArn"] = .string(arn)
        o["Status"] = .string(execution.status.rawValue)
        o["StopDate"] = .string(Timestamp.format(execution.stopDate))
        flow.now = max(flow.now, execution.stopDate)
        if execution.status == .succeeded { return .success(.object(o)) }
        return .failure(StateFailure(error: StatesError.taskFailed, cause: JSONWriter.compact.string(.object(o)), kind: .error))
    }
}
