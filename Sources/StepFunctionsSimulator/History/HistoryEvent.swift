import Foundation
import JSONCore

/// The history event types a simulated execution records (AWS's `HistoryEventType` names).
public enum HistoryEventType: String, Sendable, Hashable, CaseIterable {
    /// `ExecutionStarted`, `ExecutionSucceeded`
    case executionStarted = "ExecutionStarted", executionSucceeded = "ExecutionSucceeded"
    /// `ExecutionFailed`, `ExecutionTimedOut`
    case executionFailed = "ExecutionFailed", executionTimedOut = "ExecutionTimedOut"
    /// `ExecutionAborted`
    case executionAborted = "ExecutionAborted"
    /// `ExecutionRedriven`: a redrive continued the execution (`redriveCount`).
    case executionRedriven = "ExecutionRedriven"
    /// `PassStateEntered`, `PassStateExited`
    case passStateEntered = "PassStateEntered", passStateExited = "PassStateExited"
    /// `TaskStateEntered`, `TaskStateExited`
    case taskStateEntered = "TaskStateEntered", taskStateExited = "TaskStateExited"
    /// `TaskStateAborted`
    case taskStateAborted = "TaskStateAborted"
    /// `ChoiceStateEntered`, `ChoiceStateExited`
    case choiceStateEntered = "ChoiceStateEntered", choiceStateExited = "ChoiceStateExited"
    /// `WaitStateEntered`, `WaitStateExited`
    case waitStateEntered = "WaitStateEntered", waitStateExited = "WaitStateExited"
    /// `WaitStateAborted`
    case waitStateAborted = "WaitStateAborted"
    /// `SucceedStateEntered`, `SucceedStateExited`
    case succeedStateEntered = "SucceedStateEntered", succeedStateExited = "SucceedStateExited"
    /// `FailStateEntered`
    case failStateEntered = "FailStateEntered"
    /// `ParallelStateEntered`, `ParallelStateStarted`
    case parallelStateEntered = "ParallelStateEntered", parallelStateStarted = "ParallelStateStarted"
    /// `ParallelStateSucceeded`, `ParallelStateFailed`
    case parallelStateSucceeded = "ParallelStateSucceeded", parallelStateFailed = "ParallelStateFailed"
    /// `ParallelStateAborted`, `ParallelStateExited`
    case parallelStateAborted = "ParallelStateAborted", parallelStateExited = "ParallelStateExited"
    /// `MapStateEntered`, `MapStateStarted`
    case mapStateEntered = "MapStateEntered", mapStateStarted = "MapStateStarted"
    /// `MapStateSucceeded`, `MapStateFailed`
    case mapStateSucceeded = "MapStateSucceeded", mapStateFailed = "MapStateFailed"
    /// `MapStateAborted`, `MapStateExited`
    case mapStateAborted = "MapStateAborted", mapStateExited = "MapStateExited"
    /// `MapIterationStarted`, `MapIterationSucceeded`
    case mapIterationStarted = "MapIterationStarted", mapIterationSucceeded = "MapIterationSucceeded"
    /// `MapIterationFailed`, `MapIterationAborted`
    case mapIterationFailed = "MapIterationFailed", mapIterationAborted = "MapIterationAborted"
    /// `MapRunStarted`, `MapRunSucceeded`, `MapRunFailed`
    case mapRunStarted = "MapRunStarted", mapRunSucceeded = "MapRunSucceeded", mapRunFailed = "MapRunFailed"
    /// `MapRunAborted`
    case mapRunAborted = "MapRunAborted"
    /// `MapRunRedriven`: a redrive of the parent execution redrove the Map Run (`mapRunArn`, `redriveCount`).
    case mapRunRedriven = "MapRunRedriven"
    /// `TaskScheduled`, `TaskStarted`, `TaskSubmitted`
    case taskScheduled = "TaskScheduled", taskStarted = "TaskStarted", taskSubmitted = "TaskSubmitted"
    /// `TaskSucceeded`, `TaskFailed`, `TaskTimedOut`
    case taskSucceeded = "TaskSucceeded", taskFailed = "TaskFailed", taskTimedOut = "TaskTimedOut"
    /// `TaskStartFailed`, `TaskSubmitFailed`
    case taskStartFailed = "TaskStartFailed", taskSubmitFailed = "TaskSubmitFailed"
    /// `LambdaFunctionScheduled`, `LambdaFunctionStarted`
    case lambdaFunctionScheduled = "LambdaFunctionScheduled", lambdaFunctionStarted = "LambdaFunctionStarted"
    /// `LambdaFunctionSucceeded`, `LambdaFunctionFailed`
    case lambdaFunctionSucceeded = "LambdaFunctionSucceeded", lambdaFunctionFailed = "LambdaFunctionFailed"
    /// `LambdaFunctionTimedOut`, `LambdaFunctionStartFailed`
    case lambdaFunctionTimedOut = "LambdaFunctionTimedOut", lambdaFunctionStartFailed = "LambdaFunctionStartFailed"
    /// `LambdaFunctionScheduleFailed`
    case lambdaFunctionScheduleFailed = "LambdaFunctionScheduleFailed"
    /// `ActivityScheduled`
    case activityScheduled = "ActivityScheduled"
    /// `ActivityStarted`: a worker took the task.
    case activityStarted = "ActivityStarted"
    /// `ActivitySucceeded`
    case activitySucceeded = "ActivitySucceeded"
    /// `ActivityFailed`
    case activityFailed = "ActivityFailed"
    /// `ActivityTimedOut`
    case activityTimedOut = "ActivityTimedOut"
    /// `ActivityScheduleFailed`
    case activityScheduleFailed = "ActivityScheduleFailed"
    /// `EvaluationFailed`: a JSONata expression of a state failed (`States.QueryEvaluationError`).
    case evaluationFailed = "EvaluationFailed"

    /// The key of the event's details object (`stateEnteredEventDetails`, `taskScheduledEventDetails`...).
    public var detailsKey: String? { HistoryEventType.detailsKeys[HistoryEventType.ordinal(self)] }

    /// Every type's details key by ``ordinal(_:)``, made once (rendering and comparing histories
    /// ask for it per event; a dictionary by type would hash the type's name each time).
    private static let detailsKeys: [String?] = allCases.map(\.derivedDetailsKey)

    /// The type's place in the declaration (its tag, which `allCases` follows), for tables by type.
    @inlinable
    package static func ordinal(_ type: HistoryEventType) -> Int {
        Int(unsafeBitCast(type, to: UInt8.self))
    }

    /// The details key, from the type's name.
    private var derivedDetailsKey: String? {
        let name = rawValue
        if name.hasSuffix("StateEntered") { return "stateEnteredEventDetails" }
        if name.hasSuffix("StateExited") { return "stateExitedEventDetails" }
        switch self {
        case .passStateEntered, .passStateExited: return nil
        default: break
        }
        let first = name.prefix(1).lowercased()
        return first + name.dropFirst() + "EventDetails"
    }
}

/// One value in an event's details.
public enum EventField: Sendable, Hashable {
    /// A plain JSON value (names, ARNs, numbers, booleans).
    case value(JSONValue)
    /// A payload AWS records as JSON text (`input`, `output`, `parameters`); serialized on demand.
    case payload(JSONValue)
    /// A payload recorded from verbatim text (the execution input as sent).
    case text(String)

    /// `{"truncated": false}`, the `inputDetails`/`outputDetails` of every payload.
    public static let notTruncated = EventField.value(["truncated": false])

    /// The JSON value AWS's API returns for this field.
    public var apiValue: JSONValue {
        switch self {
        case .value(let v): return v
        case .payload(let v): return .string(JSONWriter.compactJava.string(v))
        case .text(let t): return .string(t)
        }
    }
}

/// One event of an execution history, in the shape of `GetExecutionHistory`.
public struct HistoryEvent: Sendable {
    /// The event's number, from 1.
    public var id: Int
    /// The event this one follows (0 for the first).
    public var previousEventId: Int
    /// When it happened (virtual or real time).
    public var timestamp: Date
    /// The detail fields in AWS's order, as recorded.
    public var details: [(key: String, value: EventField)] {
        get {
            if case .fields(let f) = storage { return f }
            var list = HistoryEventFieldList()
            describeDetails(to: &list)
            return list.fields
        }
        set { storage = .fields(newValue) }
    }

    /// The common events, the bulk of a history, are stored without building a field list (an
    /// allocation each); ``details`` builds it when asked.
    @usableFromInline
    enum Storage: Sendable {
        case fields([(key: String, value: EventField)])
        case entered(name: String, input: EventField)
        case exited(name: String, output: EventField)
        /// An exited event of a state that assigned variables (names and JSON texts, in `Assign`'s order).
        case exitedAssigning(ExitedAssigning)
        /// `output`, `outputDetails` (`ExecutionSucceeded`, `LambdaFunctionSucceeded`).
        case output(EventField)
        /// `output`, `outputDetails`, `resource`, `resourceType` (`TaskSucceeded`, `TaskSubmitted`).
        case taskOutput(EventField, ResourceInfo)
        /// `resource`, `resourceType` (`TaskStarted`).
        case taskResource(ResourceInfo)
        /// `input`, `inputDetails`, `resource` (`LambdaFunctionScheduled` without a timeout or credentials).
        case lambdaScheduled(JSONValue, ResourceInfo)
        /// `resource`, `resourceType`, `region`, `parameters` (`TaskScheduled` without timeouts or credentials).
        case taskScheduled(JSONValue, ScheduledResource)
        /// `index`, `name` (`MapIterationStarted`, `MapIterationSucceeded`...: four of a Pass
        /// iteration's events are two of these).
        case iteration(index: Int, name: String)
    }

    /// An exited event's fields with its assigned variables, boxed so that the common events stay small.
    @usableFromInline
    final class ExitedAssigning: Sendable {
        @usableFromInline let name: String
        @usableFromInline let output: EventField
        /// Names and JSON texts, in `Assign`'s order.
        @usableFromInline let assigned: [(String, String)]

        init(name: String, output: EventField, assigned: [(String, String)]) {
            self.name = name
            self.output = output
            self.assigned = assigned
        }
    }

    @usableFromInline var storage: Storage
    /// What happened. (Stored after ``storage``, in the bytes its payload leaves: 72 bytes an
    /// event instead of 80.)
    public var type: HistoryEventType

    /// Creates an event.
    public init(
        id: Int, previousEventId: Int, timestamp: Date, type: HistoryEventType,
        details: [(key: String, value: EventField)]
    ) {
        self.init(id: id, previousEventId: previousEventId, timestamp: timestamp, type: type, storage: .fields(details))
    }

    init(id: Int, previousEventId: Int, timestamp: Date, type: HistoryEventType, storage: Storage) {
        self.id = id
        self.previousEventId = previousEventId
        self.timestamp = timestamp
        self.type = type
        self.storage = storage
    }

    /// A detail field by name.
    public subscript(detail key: String) -> EventField? {
        switch storage {
        case .entered(let name, let input):
            return key == "input" ? input : key == "name" ? .value(.string(name)) : nil
        case .exited(let name, let output):
            return key == "output" ? output : key == "name" ? .value(.string(name)) : nil
        case .iteration(let index, let name):
            return key == "index" ? .value(.int(index)) : key == "name" ? .value(.string(name)) : nil
        case .fields(let f):
            return f.first { $0.key == key }?.value
        default:
            return details.first { $0.key == key }?.value
        }
    }

    /// The variables a `*StateExited` event says the state assigned, as JSON texts by name.
    public var assignedVariables: [String: String]? {
        guard case .exitedAssigning(let e) = storage else { return nil }
        return Dictionary(e.assigned, uniquingKeysWith: { _, b in b })
    }

    /// What a `*StateExited` event says the state assigned, as JSON values (nil: it assigned nothing).
    public var assignedValues: [String: JSONValue]? {
        guard let texts = assignedVariables else { return nil }
        return texts.reduce(into: [:]) { values, entry in
            values[entry.key] = (try? JSONParser.parse(entry.value)) ?? .string(entry.value)
        }
    }

    /// The state name of a `*StateEntered`/`*StateExited` event.
    public var stateName: String? {
        switch storage {
        case .entered(let name, _), .exited(let name, _): return name
        case .exitedAssigning(let e): return e.name
        case .iteration(_, let name): return name
        case .fields: return self[detail: "name"]?.apiValue.stringValue
        case .output, .taskOutput, .taskResource, .lambdaScheduled, .taskScheduled: return nil
        }
    }

    /// The event as `GetExecutionHistory` returns it: payloads as JSON text, with `inputDetails`/`outputDetails`.
    public var json: JSONValue {
        var tree = HistoryEventTree()
        describe(to: &tree)
        return .object(tree.event)
    }

    /// Whether a field-list event shows an empty details object (AWS shows one for these types).
    @usableFromInline
    package static func alwaysHasDetails(_ type: HistoryEventType) -> Bool {
        type == .executionFailed || type == .activityStarted
    }
}

extension HistoryEventType {
    /// For a `*StateEntered` event, the event that aborts the state (`TaskStateAborted`...), for
    /// the states that can be running when a sibling branch fails; nil for the others.
    var abortedType: HistoryEventType? {
        switch self {
        case .taskStateEntered: return .taskStateAborted
        case .waitStateEntered: return .waitStateAborted
        case .parallelStateEntered: return .parallelStateAborted
        case .mapStateEntered: return .mapStateAborted
        default: return nil
        }
    }

    /// Whether the event records a task call being scheduled (one ``RecordedTaskCall`` each).
    var schedulesCall: Bool {
        self == .taskScheduled || self == .lambdaFunctionScheduled || self == .activityScheduled
    }
}
