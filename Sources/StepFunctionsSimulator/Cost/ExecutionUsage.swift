import Foundation
import JSONCore
import StepFunctionsCompiler

/// What one execution used of what AWS bills and limits, read from its history: state transitions,
/// duration, the data it carried, the history events it recorded.
public struct ExecutionUsage: Sendable, Hashable {
    /// AWS's payload limit: a state's input or output, or the execution's, at most 256 KiB.
    public static let payloadLimit = 262_144
    /// AWS's history limit for a STANDARD execution: 25,000 events.
    public static let historyEventLimit = 25_000

    /// STANDARD or EXPRESS.
    public var type: StateMachineType
    /// State transitions as AWS counts them for billing: each state entered (in Parallel branches and
    /// Inline Map iterations too), each retry of a task, and one per child execution a Distributed
    /// Map started.
    public var stateTransitions: Int
    /// The execution's duration in seconds (virtual time: Waits, retry delays, simulated task time).
    public var durationSeconds: Double
    /// The largest payload it carried (the execution's input or output, a state's input or output), in bytes.
    public var largestPayloadBytes: Int
    /// The history events it recorded.
    public var historyEvents: Int
    /// Parallel states and Map iterations it ran (for the EXPRESS memory estimate).
    public var parallelAndMapSteps: Int
    /// The size of the definition, in bytes of ASL JSON (for the EXPRESS memory estimate).
    public var definitionBytes: Int

    /// Creates a usage from its figures.
    public init(
        type: StateMachineType, stateTransitions: Int, durationSeconds: Double, largestPayloadBytes: Int,
        historyEvents: Int, parallelAndMapSteps: Int, definitionBytes: Int
    ) {
        self.type = type
        self.stateTransitions = stateTransitions
        self.durationSeconds = durationSeconds
        self.largestPayloadBytes = largestPayloadBytes
        self.historyEvents = historyEvents
        self.parallelAndMapSteps = parallelAndMapSteps
        self.definitionBytes = definitionBytes
    }

    /// The usage of a simulated execution of a definition `definitionBytes` long.
    public init(execution: Execution, type: StateMachineType, definitionBytes: Int) {
        var largest = 0
        var steps = 0
        for event in execution.history {
            let raw = event.type.rawValue
            if event.type == .mapIterationStarted || event.type == .parallelStateStarted { steps += 1 }
            guard raw.hasSuffix("StateEntered") || raw.hasSuffix("StateExited") || raw.hasPrefix("Execution") else {
                continue
            }
            for key in ["input", "output"] {
                switch event[detail: key] {
                case .payload(let v)?: largest = max(largest, JSONWriter.compactByteCount(v))
                case .text(let t)?: largest = max(largest, t.utf8.count)
                default: break
                }
            }
        }
        self.init(
            type: type,
            stateTransitions: ExecutionUsage.stateTransitions(execution.history)
                + execution.mapRuns.reduce(0) { $0 + $1.total },
            durationSeconds: execution.duration, largestPayloadBytes: largest, historyEvents: execution.history.count,
            parallelAndMapSteps: steps, definitionBytes: definitionBytes)
    }

    /// The state transitions a history shows: each state entered, plus each retry (a task scheduled
    /// again after its first call in the same state).
    public static func stateTransitions(_ history: [HistoryEvent]) -> Int {
        var count = 0
        var scheduled = false
        for event in history {
            switch event.type {
            case .taskScheduled, .lambdaFunctionScheduled, .activityScheduled:
                if scheduled { count += 1 }
                scheduled = true
            default:
                if event.type.rawValue.hasSuffix("StateEntered") {
                    count += 1
                    scheduled = false
                }
            }
        }
        return count
    }

    /// The size of a definition as AWS measures it for the memory estimate: its ASL JSON, compact.
    public static func definitionBytes(_ definition: StateMachineDefinition) -> Int {
        JSONWriter.compactByteCount(ASLWriter().json(definition))
    }

    /// Bytes left under the payload limit (negative: over it).
    public var payloadMargin: Int { ExecutionUsage.payloadLimit - largestPayloadBytes }
    /// History events left under the limit (STANDARD only; EXPRESS executions keep no history).
    public var historyEventMargin: Int { ExecutionUsage.historyEventLimit - historyEvents }
}
