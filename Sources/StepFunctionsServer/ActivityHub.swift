import Foundation
import JSONCore
import StepFunctionsSimulator

/// Activity tasks waiting for workers, and workers (`GetActivityTask` long polls) waiting for tasks.
final class ActivityHub: ActivityDispatcher, Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<ActivityTask?, Never>
    }

    private struct State {
        var pending: [String: [ActivityTask]] = [:]
        var waiting: [String: [Waiter]] = [:]
        var nextWaiter: UInt64 = 0
        var exists: (@Sendable (String) -> Bool)?
        var closed = false
    }

    private let state = Locked(State())

    func setExists(_ exists: @escaping @Sendable (String) -> Bool) {
        state.withLock { $0.exists = exists }
    }

    func activityExists(_ activityArn: String) -> Bool {
        let exists = state.withLock { $0.exists }
        return exists?(activityArn) ?? false
    }

    func schedule(_ task: ActivityTask) {
        let waiter: Waiter? = state.withLock { s in
            if var list = s.waiting[task.activityArn], !list.isEmpty {
                let w = list.removeFirst()
                s.waiting[task.activityArn] = list
                return w
            }
            s.pending[task.activityArn, default: []].append(task)
            return nil
        }
        waiter?.continuation.resume(returning: task)
    }

    /// Waits up to `timeout` for a task of `activityArn`; nil when none came (AWS answers an empty token).
    func next(_ activityArn: String, timeout: Duration) async -> ActivityTask? {
        let id: UInt64 = state.withLock { s in
            s.nextWaiter += 1
            return s.nextWaiter
        }
        let timer = Task { [self] in
            try? await Task.sleep(for: timeout)
            cancelWaiter(activityArn, id)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<ActivityTask?, Never>) in
                let ready: ActivityTask?? = state.withLock { s in
                    if s.closed { return .some(nil) }
                    if var list = s.pending[activityArn], !list.isEmpty {
                        let t = list.removeFirst()
                        s.pending[activityArn] = list
                        return .some(t)
                    }
                    s.waiting[activityArn, default: []].append(Waiter(id: id, continuation: c))
                    return .none
                }
                if let ready { c.resume(returning: ready) }
            }
        } onCancel: {
            cancelWaiter(activityArn, id)
        }
    }

    private func cancelWaiter(_ activityArn: String, _ id: UInt64) {
        let waiter: Waiter? = state.withLock { s in
            guard var list = s.waiting[activityArn], let i = list.firstIndex(where: { $0.id == id }) else { return nil }
            let w = list.remove(at: i)
            s.waiting[activityArn] = list
            return w
        }
        waiter?.continuation.resume(returning: nil)
    }

    /// Answers every waiting worker with no task (the server is stopping).
    func shutdown() {
        let waiters: [Waiter] = state.withLock { s in
            s.closed = true
            let all = s.waiting.values.flatMap { $0 }
            s.waiting = [:]
            return all
        }
        for w in waiters { w.continuation.resume(returning: nil) }
    }
}
