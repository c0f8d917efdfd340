import Foundation

extension Simulator {
    /// Runs `body` to completion from synchronous code (a command-line tool's or a benchmark's
    /// `main`), blocking the calling thread until it ends. Never call it from a task: it would
    /// hold one of the few threads the tasks run on.
    public static func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let result = Locked<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let value = await body()
            result.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        guard let value = result.withLock({ $0 }) else {
            preconditionFailure("the task signalled before setting its result")
        }
        return value
    }
}
