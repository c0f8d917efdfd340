import Foundation
import JSONCore
import StepFunctionsModel

extension Engine {
    /// A Task: one call per attempt (scheduled, started, answered by a handler, a mock, a callback
    /// or a child execution), through the state template and the retry/catch driver.
    nonisolated(nonsending) func runTask<F: DataFlow>(
        _ state: StatePlan, _ plan: TaskPlan, input: JSONValue, flow: inout Flow, context: StateContext, as _: F.Type
    ) async throws(StateFailure) -> Outcome {
        let pattern = plan.info.pattern
        return try await retrying(
            state, retry: plan.retry, catchers: plan.catch, failedEvent: nil, input: input, context: context,
            flow: &flow,
            as: F.self
        ) { (retryCount: Int, flow: inout Flow) async throws(StateFailure) -> AttemptOutcome in
            let token = pattern != .requestResponse ? Engine.taskToken(flow.random) : nil
            if plan.isPlain && !plan.hasTimeouts && flow.inspection == nil {
                // Without data-flow fields the input is the request and the result the output: no
                // scope to build.
                let call = try startCall(
                    plan, parameters: input, credentials: nil, token: token, retryCount: retryCount,
                    context: contextObject(context, retryCount: retryCount, token: token), timeout: nil,
                    heartbeat: nil, flow: &flow)
                switch try await self.call(call, plan, flow: &flow) {
                case .success(let raw):
                    return .done(try exit(state, next: state.next, output: raw, flow: &flow, sizeChecked: true))
                case .failure(let f): return .failed(f)
                }
            }
            var data = F(
                self, input: input, context: context, flow: flow,
                attempt: Attempt(retryCount: retryCount, token: token, isTask: true))
            _ = try data.effectiveInput(state.common.inputPath)
            let timeout = try data.integer(
                plan.timeoutSeconds, path: plan.timeoutSecondsPath, field: "TimeoutSeconds",
                expected: "positive integer",
                convert: Engine.positiveIntegerValue, fromPath: Engine.positiveInteger,
                invalid: Engine.invalidSeconds("TimeoutSecondsPath", plan.timeoutSecondsPath))
            let heartbeat = try data.integer(
                plan.heartbeatSeconds, path: plan.heartbeatSecondsPath, field: "HeartbeatSeconds",
                expected: "positive integer", convert: Engine.positiveIntegerValue, fromPath: Engine.positiveInteger,
                invalid: Engine.invalidSeconds("HeartbeatSecondsPath", plan.heartbeatSecondsPath))
            let parameters = try data.request(parameters: plan.parameters, arguments: plan.arguments)
            let credentials = try plan.credentials.map { (c) throws(StateFailure) in
                try data.template(c, field: "Credentials")
            }
            // One call: scheduled and started events, the handler (or mock), the result event.
            let call = try startCall(
                plan, parameters: parameters, credentials: credentials, token: token, retryCount: retryCount,
                context: data.pathScope.context.isNull
                    ? contextObject(context, retryCount: retryCount, token: token) : data.pathScope.context,
                timeout: timeout, heartbeat: heartbeat, flow: &flow)
            switch try await self.call(call, plan, flow: &flow) {
            case .success(let raw):
                data.resume(at: flow.now)
                return .done(
                    try settled(state, flow: &flow) { (flow: inout Flow) throws(StateFailure) in
                        try data.result(raw, selector: plan.resultSelector)
                        return try finish(
                            state, next: state.next, &data, resultPath: plan.resultPath, flow: &flow,
                            resultChecked: true)
                    })
            case .failure(let f):
                return .failed(f)
            }
        }
    }

    /// Answers a started call (without suspending when it can) and records its result event.
    nonisolated(nonsending) func call(_ call: Call, _ plan: TaskPlan, flow: inout Flow) async throws(StateFailure)
        -> Result<JSONValue, StateFailure>
    {
        var called = callNow(call, flow: &flow)
        if called == nil { called = await callSuspending(call, flow: &flow) }
        if let pickup = call.pickup, let taken = pickup.taken {
            let details: [(key: String, value: EventField)] =
                taken.worker.map { [("workerName", .value(.string($0)))] } ?? []
            let at = setup.options.clock == .real && setup.options.timeScale == 1 ? taken.at : flow.now
            flow.log.add(.activityStarted, details, at: min(at, flow.now))
        }
        return endCall(plan, called ?? .failure(StateFailure(error: nil, cause: nil, kind: .aborted)), flow: &flow)
    }

    /// A positive integer read from a `…SecondsPath` value.
    static func positiveInteger(_ v: JSONValue) -> Int? {
        guard case .number(let n) = v, let i = n.intValue, i > 0 else { return nil }
        return i
    }

    /// A positive integer from a `{% %}` expression (`5` or `5.0`, not `5.5`).
    static func positiveIntegerValue(_ v: JSONValue) -> Int? {
        JSONataDataFlow.integer(v).flatMap { $0 > 0 ? $0 : nil }
    }

    /// AWS's message for a `…SecondsPath` value that is not a positive integer.
    static func invalidSeconds(_ field: String, _ path: JSONPath?) -> (JSONValue) -> String {
        { v in
            "The \(field) parameter references an invalid value: \(path?.source ?? "") == \(Engine.plain(v)); expected a positive integer"
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
        /// For an activity task that workers answer: when and by whom it was taken.
        var pickup: ActivityPickup? = nil
        /// What the `TaskSubmitted` event showed (callbacks and `.sync`).
        var submitted: JSONValue? = nil

        var parameters: JSONValue { handlerCall.parameters }
        var token: String? { handlerCall.taskToken }
        var clock: TaskClock { handlerCall.clock }
    }

    /// The mocked response to call `index` of `task` (``MockedResponses/response(state:call:)``,
    /// found by the task's id).
    @inline(__always)
    func mockedResponse(_ task: TaskPlan, call index: Int) -> MockResponse? {
        let list = setup.bindings.mocked[task.id]
        return list.isEmpty ? nil : list[min(index, list.count - 1)]
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
        if info.isAPIGatewayInvoke { try APIGatewayService.checkRequest(parameters) }
        // Scheduled and started.
        let role = credentials?["RoleArn"]
        var token = token
        var pickup: ActivityPickup?
        if names.isActivity {
            // Workers answer unless a handler or mock does; a missing activity fails the execution.
            if let dispatcher = setup.activities, setup.bindings.handlers[task.id] == nil,
                setup.bindings.mocked[task.id].isEmpty
            {
                guard dispatcher.activityExists(info.resource.arn) else {
                    throw StateFailure.runtime("The activity \(info.resource.arn) does not exist.")
                }
                token = Engine.taskToken(flow.random)
                pickup = ActivityPickup()
            }
            var d: [(key: String, value: EventField)] = [
                ("input", .payload(parameters)), ("inputDetails", EventField.notTruncated),
                ("resource", .value(.string(info.resource.arn))),
            ]
            if let timeout { d.append(("timeoutInSeconds", .value(.int(timeout)))) }
            if let heartbeat { d.append(("heartbeatInSeconds", .value(.int(heartbeat)))) }
            flow.log.add(.activityScheduled, d, at: flow.now)
            if pickup == nil { flow.log.add(.activityStarted, [], at: flow.now) }
        } else if names.isLambdaFunction {
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
            flow.log.add(
                .taskScheduled, storage: .taskScheduled(parameters, setup.bindings.scheduled[task.id]), at: flow.now)
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
                let slot = plan.callSlots[task.id]
                if shared.callCounts.isEmpty { shared.callCounts = Array(repeating: 0, count: plan.tasks.count) }
                let i = shared.callCounts[slot]
                shared.callCounts[slot] = i + 1
                return i
            }
        let input = info.isLambdaInvoke ? (parameters["Payload"] ?? .object(JSONObject())) : parameters
        if flow.calls.isEmpty { flow.calls.reserveCapacity(8) }
        flow.calls.append(
            RecordedTaskCall(stateName: name, resource: info.resource.arn, input: input, retryCount: retryCount))
        let pattern = info.pattern
        var submittedOutput: JSONValue?
        if pattern == .waitForTaskToken || pattern == .sync || pattern == .sync2 {
            let mocked = mockedResponse(task, call: callIndex)
            if let token {
                callbacks.issue(token)
                observer?.issued(token)
            }
            // A callback that no handler or mock answers is submitted to the service, if one takes it.
            var delivered: JSONValue?
            if pattern == .waitForTaskToken, mocked == nil, setup.bindings.handlers[task.id] == nil,
                let submitter = setup.callbackSubmitter
            {
                delivered = submitter.submit(resource: info.resource.arn, parameters: parameters)
            }
            let output =
                mocked?.submitted ?? delivered
                ?? Engine.defaultSubmittedOutput(info.kind, parameters: parameters, options: setup.options, flow: flow)
            flow.log.add(.taskSubmitted, storage: .taskOutput(.payload(output), info), at: flow.now)
            submittedOutput = output
        }
        if let pickup, let token, let dispatcher = setup.activities {
            callbacks.issue(token)
            observer?.issued(token)
            dispatcher.schedule(
                ActivityTask(activityArn: info.resource.arn, input: parameters, token: token) { worker in
                    pickup.record(worker: worker)
                })
        }
        // Only a handler moves or reads the call's clock (``handled(_:_:wallStart:flow:)``).
        let clock = setup.bindings.handlers[task.id] == nil ? TaskClock.unread : TaskClock()
        let handlerCall = TaskCall(
            stateName: name, resource: info.resource.arn, input: input, parameters: parameters, taskToken: token,
            context: context, retryCount: retryCount, clock: clock)
        return Call(
            task: task, handlerCall: handlerCall, timeout: timeout, heartbeat: heartbeat, index: callIndex,
            pickup: pickup, submitted: submittedOutput)
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
        if let response = mockedResponse(task, call: call.index) {
            if let token = call.token { try? callbacks.complete(token, with: .success(.null)) }
            switch response.outcome {
            case .return(let value):
                // A TestState mock is the result as it is.
                if testState == nil, task.info.names.isLambdaFunction, case .object(let o) = value,
                    o.contains("Payload"), o.contains("StatusCode")
                {
                    return .success(o["Payload"] ?? .null)
                }
                return .success(value)
            case .throw(let error, let cause):
                return .failure(StateFailure(error: error, cause: cause, kind: .error))
            }
        }
        // Child executions and callbacks answer later; TestState has nobody to send a callback.
        if task.info.isStartExecution || (call.token != nil && testState == nil) { return nil }
        let arn = task.info.resource.arn
        // A lenient run (not TestState, which reports the missing mock) takes AWS's error path.
        guard setup.options.strict || testState != nil else {
            return .failure(Engine.resourceNotFound(task.info, arn: arn))
        }
        return .failure(
            StateFailure(
                error: "Simulator.NoHandler",
                cause:
                    "No handler or mock answers the Task state '\(name)' (Resource \(arn)); "
                    + (setup.options.unansweredTaskAdvice
                        ?? "register one with handle(state:) or handle(resource:), or use a mock configuration"),
                kind: .runtime))
    }

    /// The catchable error AWS gives a Task whose resource does not exist, for a run that is not
    /// strict: Lambda's `ResourceNotFoundException` (with its "Function not found" cause), else
    /// `States.TaskFailed`.
    static func resourceNotFound(_ info: ResourceInfo, arn: String) -> StateFailure {
        if info.names.isLambdaFunction {
            return StateFailure(
                error: "Lambda.ResourceNotFoundException", cause: "Function not found: \(arn)", kind: .error)
        }
        return StateFailure(
            error: StatesError.taskFailed, cause: "No resource answers the Task (Resource \(arn))", kind: .error)
    }

    /// Answers a call that needs to wait: an asynchronous handler, a registered child machine
    /// (`states:startExecution`), or a callback the test sends.
    nonisolated(nonsending) func callSuspending(_ call: Call, flow: inout Flow) async -> Result<JSONValue, StateFailure>
    {
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
            guard let runner = setup.childRunner else {
                let start = flow.now
                let pattern = call.task.info.pattern
                let result = await startChildExecution(parameters: call.parameters, pattern: pattern, flow: &flow)
                // The registered child ran to its end; past the Task's TimeoutSeconds the Task timed out.
                if pattern == .sync || pattern == .sync2, let timeout = call.timeout,
                    flow.now.timeIntervalSince(start) > Double(timeout)
                {
                    return Self.syncTimeout(timeout, from: start, flow: &flow)
                }
                return result
            }
            // `.waitForTaskToken`: the child started; the callback answers, as for any other Task.
            if let answered = await startChildExecution(call, runner: runner, flow: &flow) { return answered }
        }
        if call.token != nil, !callbacksAnswerable {
            return unanswerableCallback(call, flow: &flow)
        }
        if let token = call.token {
            let options = setup.options
            let limits = CallbackLimits(timeout: call.timeout, heartbeat: call.heartbeat, scale: options.timeScale)
            let waitStart = ContinuousClock.now
            let answer = await callbacks.wait(for: token, limits: limits)
            // The flow's clock moves by the time waited (on the virtual clock, by the limit that ran out).
            let timedOut = answer.flatMap { a -> Int?? in
                guard case .failure(let e) = a, e.cause == nil else { return nil }
                if e.error == StatesError.timeout { return .some(call.timeout) }
                if e.error == StatesError.heartbeatTimeout { return .some(call.heartbeat) }
                return nil
            }
            if options.clock == .real {
                let spent = ContinuousClock.now - waitStart
                let seconds = Double(spent.components.seconds) + Double(spent.components.attoseconds) / 1e18
                flow.now = options.timeScale == 1 ? Date() : flow.now.addingTimeInterval(seconds / options.timeScale)
            } else if let limit = timedOut, let limit {
                flow.now = flow.now.addingTimeInterval(Double(limit))
            }
            switch answer {
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
            result = .success(info.isLambdaInvoke ? LambdaService.invokeResponse(v, random: flow.random) : v)
        case .failure(let error) where error is CancellationError && Task.isCancelled:
            result = .failure(StateFailure(error: nil, cause: nil, kind: .aborted))
        case .failure(let error):
            result = .failure(
                LambdaService.failure(from: error, lambda: info.isLambdaInvoke || info.names.isLambdaFunction))
        }
        if let wallStart {
            let spent = ContinuousClock.now - wallStart
            let seconds = Double(spent.components.seconds) + Double(spent.components.attoseconds) / 1e18
            clock.add(seconds / setup.options.timeScale)
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
        let wallClock = setup.options.clock == .real && setup.options.timeScale == 1
        flow.now = wallClock ? Date() : flow.now.addingTimeInterval(reading.elapsed)
        if let token = call.token { try? callbacks.complete(token, with: .success(.null)) }
        return result
    }

    /// Records a call's result event (a failed call is recorded here and returned as a failure; a
    /// result over the payload quota fails the task).
    func endCall(_ task: TaskPlan, _ outcome: Result<JSONValue, StateFailure>, flow: inout Flow) -> Result<
        JSONValue, StateFailure
    > {
        let names = task.info.names
        switch outcome {
        case .success(let raw):
            if Engine.exceeds(raw, limit: setup.options.payloadSizeLimit) {
                // AWS names the resource (the function ARN, or the service for integrations).
                let what = names.isLambdaFunction ? names.resource : names.resourceType
                let failure = StateFailure(
                    error: StatesError.dataLimitExceeded,
                    cause:
                        "The state/task '\(what)' returned a result with a size exceeding the maximum number of bytes service limit.",
                    kind: .error, oversizedResult: true)
                recordFailure(failure, names: names, flow: &flow)
                return .failure(failure)
            }
            if names.isLambdaFunction {
                flow.log.add(.lambdaFunctionSucceeded, storage: .output(.payload(raw)), at: flow.now)
            } else if names.isActivity {
                flow.log.add(.activitySucceeded, storage: .output(.payload(raw)), at: flow.now)
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
        // Two UUIDs without their dashes, written so (dropping them with Foundation's
        // replacingOccurrences cost ~1,500 instructions each).
        "AQ" + random.uuidDigits() + random.uuidDigits()
    }

    /// Records `TaskFailed`/`TaskTimedOut`/`LambdaFunctionFailed`... for a failed call.
    func recordFailure(_ failure: StateFailure, names: TaskEventNames, flow: inout Flow) {
        var d: [(key: String, value: EventField)] = []
        if let e = failure.error { d.append(("error", .value(.string(e)))) }
        if let c = failure.cause { d.append(("cause", .value(.string(c)))) }
        let timedOut = failure.error == StatesError.timeout || failure.error == StatesError.heartbeatTimeout
        if names.isLambdaFunction {
            flow.log.add(timedOut ? .lambdaFunctionTimedOut : .lambdaFunctionFailed, d, at: flow.now)
        } else if names.isActivity {
            flow.log.add(timedOut ? .activityTimedOut : .activityFailed, d, at: flow.now)
        } else {
            flow.log.add(timedOut ? .taskTimedOut : .taskFailed, d + names.tail, at: flow.now)
        }
    }
}
