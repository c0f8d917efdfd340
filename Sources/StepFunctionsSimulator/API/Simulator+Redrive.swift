import Foundation
import JSONCore

extension Simulator {
    /// Continues an unsuccessful (failed, timed out or aborted) execution of this STANDARD state
    /// machine from its unsuccessful step, as AWS's `RedriveExecution` does.
    ///
    /// The redrive uses the execution's input and this simulator's definition (the one it ran) and
    /// handlers (answer a Task differently to see it succeed this time). States that exited are not
    /// run again: the history continues with `ExecutionRedriven` and the states left open, each
    /// from the input it was entered with and with the variables as they were. In a Parallel or an
    /// inline Map only the branches and iterations that failed or were aborted run again; in a
    /// distributed Map, the children of its Map Run that did not succeed (`MapRunRedriven`).
    /// Retries count from zero again, the state machine's `TimeoutSeconds` counts from the redrive,
    /// and `$$.Execution.RedriveCount`/`RedriveTime` tell the states. `date`: when the redrive
    /// happens (default: when the execution stopped on the virtual clock, now on the real one).
    ///
    /// ```swift
    /// let failed = await sim.run(input: order)             // ChargeCard fails
    /// sim.handle(state: "ChargeCard") { _ in ["charged": true] }
    /// let redriven = try await sim.redrive(failed)
    /// #expect(redriven.status == .succeeded)
    /// ```
    public func redrive(_ execution: Execution, at date: Date? = nil) async throws(RedriveError) -> Execution {
        await (try redriveEngine(execution, at: date, observer: nil, callbacksAnswerable: false)).runRedrive()
    }

    /// Starts a redrive (see ``redrive(_:at:)``) and returns a handle to send task tokens and await
    /// the result, as ``start(input:inputText:observer:)`` does for a new execution.
    public func startRedrive(_ execution: Execution, at date: Date? = nil, observer: ExecutionObserver? = nil)
        throws(RedriveError) -> RunningExecution
    {
        RunningExecution(
            redriving: try redriveEngine(execution, at: date, observer: observer, callbacksAnswerable: true))
    }

    /// The engine of a redrive: the history read back into where each path stopped.
    private func redriveEngine(
        _ execution: Execution, at date: Date?, observer: ExecutionObserver?, callbacksAnswerable: Bool
    ) throws(RedriveError) -> Engine {
        guard options.stateMachineType == .standard else {
            throw RedriveError(reason: "Executions of EXPRESS state machines cannot be redriven")
        }
        let date = date ?? (options.clock == .virtual ? execution.stopDate : max(Date(), execution.stopDate))
        if let reason = execution.redriveStatusReason(at: date) { throw RedriveError(reason: reason) }
        var reader = HistoryReader(execution.history, plan: plan)
        let main: PathResume
        let trace: HistoryReader.Trace
        do {
            trace = try reader.read()
            let mapRuns = Dictionary(execution.mapRuns.map { ($0.mapRunArn, $0) }, uniquingKeysWith: { _, b in b })
            main = try trace.main.resume(plan.root, mapRuns: mapRuns)
        } catch {
            throw RedriveError(reason: "The execution's history cannot be continued: \(error.message)")
        }
        // Whoever watches the run sees the history so far from the start.
        observer?.history.publish(execution.history[...])
        // The new events continue the history, so the redriven run records its history.
        var simulator = self
        if !simulator.options.recordHistory { simulator.options.recordHistory = true }
        return Engine(
            simulator: simulator, callbacksAnswerable: callbacksAnswerable, observer: observer,
            redrive: Engine.Redrive(
                history: execution.history, input: trace.input, main: main, count: trace.redriveCount + 1,
                date: date),
            startedAt: trace.startDate)
    }
}
