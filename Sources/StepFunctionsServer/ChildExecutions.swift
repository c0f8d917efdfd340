import Foundation
import JSONCore
import StepFunctionsSimulator

/// Starts the executions that `states:startExecution` Tasks ask for as executions of the service
/// (held weakly: the service's cached simulators hold this).
struct ChildExecutions: ChildExecutionRunner {
    weak var service: LocalStepFunctions?

    func startExecution(parameters: JSONValue, waitForEnd: Bool, waitLimit: Duration?) async throws -> ChildExecution {
        guard let service else { throw TaskError(error: "States.Runtime", cause: "sfn serve stopped") }
        return try await service.startChildExecution(parameters, waitForEnd: waitForEnd, waitLimit: waitLimit)
    }
}

/// Submits the service's callback Tasks (an SQS message with its token), held weakly like
/// ``ChildExecutions``.
struct CallbackSubmissions: CallbackSubmitter {
    weak var service: LocalStepFunctions?

    func submit(resource: String, parameters: JSONValue) -> JSONValue? {
        service?.submitCallback(resource: resource, parameters: parameters)
    }
}

extension LocalStepFunctions {
    /// Starts the execution a `states:startExecution` Task asks for, as StartExecution does (the
    /// machine, a version or an alias of this service; ListExecutions, DescribeExecution and
    /// GetExecutionHistory show it), and with `waitForEnd` (`.sync`, `.sync:2`) waits until it
    /// ends (and stops it when the Task is abandoned first). An EXPRESS child that the Task waits for
    /// runs as StartSyncExecution runs it (AWS keeps no record of EXPRESS executions either). Throws
    /// the Task's error when the start is refused.
    func startChildExecution(_ parameters: JSONValue, waitForEnd: Bool, waitLimit: Duration? = nil) async throws
        -> ChildExecution
    {
        var request = JSONObject()
        if let arn = parameters["StateMachineArn"] { request["stateMachineArn"] = arn }
        if let name = parameters["Name"] { request["name"] = name }
        // The optimized integration takes Input as JSON or as JSON text; none (or null) is `{}`.
        switch parameters["Input"] {
        case nil, .null?: request["input"] = "{}"
        case .string(let text)?: request["input"] = .string(text)
        case let value?: request["input"] = .string(JSONWriter.compactJava.string(value))
        }
        if let trace = parameters["TraceHeader"] { request["traceHeader"] = trace }
        let express =
            waitForEnd
            && ((try? target(parameters["StateMachineArn"]?.stringValue ?? "").machine.type) == .express)
        let response: JSONValue
        switch await call(express ? "StartSyncExecution" : "StartExecution", .object(request)) {
        case .success(let value): response = value
        case .failure(let error): throw Self.taskError(error, errorPrefix: "StepFunctions")
        }
        let arn = response["executionArn"]?.stringValue ?? ""
        var child = ChildExecution(
            executionArn: arn, name: request["name"]?.stringValue ?? "",
            inputText: request["input"]?.stringValue ?? "{}",
            startDate: Date(timeIntervalSince1970: response["startDate"]?.doubleValue ?? 0))
        if express {
            child.end = ChildExecution.End(
                status: ExecutionStatus(rawValue: response["status"]?.stringValue ?? "") ?? .failed,
                outputText: response["output"]?.stringValue, error: response["error"]?.stringValue,
                cause: response["cause"]?.stringValue,
                stopDate: Date(timeIntervalSince1970: response["stopDate"]?.doubleValue ?? 0))
        } else if waitForEnd {
            if let waitLimit {
                // The Task's TimeoutSeconds on the real clock: whichever comes first, the child's end
                // or the limit (then the child is stopped, as AWS stops it).
                switch await firstOf(end: arn, limit: waitLimit) {
                case .ended(let end): child.end = end
                case .limitReached:
                    child.timedOut = true
                    await stopAbandonedChild(arn)
                }
            } else {
                child.end = await ended(arn)
            }
            if child.end == nil, Task.isCancelled { await stopAbandonedChild(arn) }
        }
        return child
    }

    /// How a wait with a limit ended.
    enum LimitedWait: Sendable {
        /// The child ended (nil: the wait was cancelled or the service stopped).
        case ended(ChildExecution.End?)
        /// The limit came first.
        case limitReached
    }

    /// Waits for `arn`'s end or for `limit` to pass, whichever comes first.
    func firstOf(end arn: String, limit: Duration) async -> LimitedWait {
        await withTaskGroup(of: LimitedWait?.self) { group in
            group.addTask { .ended(await self.ended(arn)) }
            group.addTask {
                do {
                    try await Task.sleep(for: limit)
                    return .limitReached
                } catch {
                    return nil
                }
            }
            for await outcome in group {
                if let outcome {
                    group.cancelAll()
                    return outcome
                }
            }
            return .ended(nil)
        }
    }

    /// Stops the STANDARD child of a `.sync` Task whose wait was abandoned: its own execution was
    /// stopped, a sibling branch failed, or the Task timed out. AWS does so (the integration's policy asks for
    /// `states:StopExecution` on the child's executions for it); a server shutting down leaves the
    /// child as it is, to be resumed with the rest of its store.
    func stopAbandonedChild(_ arn: String) async {
        guard !data.withLock({ $0.stopping }) else { return }
        _ = await call("StopExecution", ["executionArn": .string(arn)])
    }

    /// Waits until the STANDARD execution `arn` is no longer running, and says how it ended; nil
    /// when the waiting task is cancelled (its own execution was stopped) or the service stops.
    func ended(_ arn: String) async -> ChildExecution.End? {
        let id = data.withLock { d in
            d.nextEndWaiter += 1
            return d.nextEndWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ChildExecution.End?, Never>) in
                data.withLock { d in
                    if let e = d.executions[arn], e.status != .running, e.status != .pendingRedrive {
                        continuation.resume(returning: Self.end(of: e))
                    } else if d.stopping || d.executions[arn] == nil || Task.isCancelled {
                        continuation.resume(returning: nil)
                    } else {
                        d.endWaiters[arn, default: [:]][id] = continuation
                    }
                }
            }
        } onCancel: {
            let waiting = data.withLock { d -> CheckedContinuation<ChildExecution.End?, Never>? in
                let continuation = d.endWaiters[arn]?.removeValue(forKey: id)
                if d.endWaiters[arn]?.isEmpty == true { d.endWaiters.removeValue(forKey: arn) }
                return continuation
            }
            waiting?.resume(returning: nil)
        }
    }

    /// Answers whoever waits for `arn` to end (call right after its record stopped running).
    static func notifyEnded(_ arn: String, in d: inout ServiceData) {
        guard let waiting = d.endWaiters.removeValue(forKey: arn), let e = d.executions[arn] else { return }
        let end = Self.end(of: e)
        for continuation in waiting.values { continuation.resume(returning: end) }
    }

    /// How an execution's record says it ended.
    static func end(of e: ExecutionRecord) -> ChildExecution.End {
        ChildExecution.End(
            status: ExecutionStatus(rawValue: e.status.rawValue) ?? .failed, outputText: e.outputText, error: e.error,
            cause: e.cause, stopDate: e.stopDate ?? e.startDate)
    }
}
