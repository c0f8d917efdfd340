import Foundation
import JSONCore

/// The events of one execution path (the main flow, a Parallel branch or a Map iteration).
///
/// Ids are local: a branch's log starts at 1 and its first event's `previousEventId` is
/// ``inherited``; ``merge(_:inheritedPrevious:)`` renumbers it into its parent, so branches can
/// run concurrently without sharing a counter, and merge in a deterministic order.
struct EventLog: Sendable {
    /// Marks a `previousEventId` that the parent fills in on merge.
    static let inherited = -1

    /// A `previousEventId` naming event `id` of the execution-wide history (an event of an earlier
    /// attempt that a redriven path continues from), kept as it is by merges into branch logs and
    /// turned back into `id` by the merge into the main flow's log.
    static func anchor(_ id: Int) -> Int { -(id + 2) }

    /// The execution-wide id an ``anchor(_:)`` names (other ids unchanged).
    static func resolved(_ previous: Int) -> Int { previous < inherited ? -previous - 2 : previous }

    private(set) var events: [HistoryEvent] = []
    /// The number of events (also counted when the history is not recorded).
    private(set) var count = 0
    /// The id the next event follows.
    var last: Int
    /// Whether events are kept.
    let record: Bool
    /// The execution-wide id of this log's event 0 (its event `n` becomes event `base + n` when
    /// merged): what runtime error causes quote ("entered at the event id #N").
    let base: Int
    /// The base a merged child log actually got (it differs from the child's own `base` when
    /// branches ran concurrently).
    private(set) var lastMergedBase: Int?
    /// Where the main flow's events are published as they are recorded (a running execution's
    /// history, which a server shows before the run ends); nil for branches and ordinary runs.
    var sink: LiveHistory?
    /// Whether this is the main flow's log, whose ids are the history's (``anchor(_:)``s resolve here).
    private(set) var isRoot = false

    /// `capacity`: the events to make room for at once (a branch or iteration records few).
    init(last: Int, record: Bool, base: Int = 0, capacity: Int = 32) {
        self.last = last
        self.record = record
        self.base = base
        if record { events.reserveCapacity(capacity) }
    }

    /// The main flow's log of a redriven execution: the history so far, continued.
    init(continuing history: [HistoryEvent]) {
        self.init(last: history.last?.id ?? 0, record: true, capacity: history.count + 32)
        events.append(contentsOf: history)
        count = history.count
        isRoot = true
    }

    /// The main flow's log of a new execution.
    static func root(record: Bool) -> EventLog {
        var log = EventLog(last: 0, record: record)
        log.isRoot = true
        return log
    }

    /// The base of a branch log started now: the execution-wide id before this log's next event.
    var nextBase: Int { base + count }

    /// Drops the events after the first `count` (AWS records nothing after its history limit).
    mutating func truncate(to count: Int) {
        guard count < self.count, count >= 0 else { return }
        if record { events.removeLast(events.count - min(events.count, count)) }
        self.count = count
        last = count
        sink?.truncate(to: events.count)
    }

    /// Ends this branch's log at `instant`, as AWS stops a branch when a sibling fails: the events
    /// after `instant` never happened, and each state still open then (entered, not exited) is
    /// aborted there, innermost first (`TaskStateAborted`, `WaitStateAborted`, `ParallelStateAborted`,
    /// `MapStateAborted`, and `MapIterationAborted` for a Map iteration). Returns how many task calls the events kept scheduled. Only for a
    /// recorded log of a branch (ids local, nothing published).
    mutating func cut(at instant: Date) -> Int {
        guard record, let first = events.firstIndex(where: { $0.timestamp > instant }) else {
            return events.filter(\.type.schedulesCall).count
        }
        // The states entered and Map iterations started but not ended yet, with the event that
        // aborts each and its details (nil: none aborts it).
        var open: [(type: HistoryEventType, storage: HistoryEvent.Storage)?] = []
        for e in events[..<first] {
            let name = e.type.rawValue
            if name.hasSuffix("StateEntered") && e.type != .failStateEntered {
                open.append(e.type.abortedType.map { ($0, .fields([])) })
            } else if e.type == .mapIterationStarted {
                open.append((.mapIterationAborted, e.storage))
            } else if name.hasSuffix("StateExited") || e.type == .mapIterationSucceeded
                || e.type == .mapIterationFailed, !open.isEmpty
            {
                open.removeLast()
            }
        }
        events.removeLast(events.count - first)
        count = first
        last = first == 0 ? EventLog.inherited : first
        for case let aborted? in open.reversed() { add(aborted.type, storage: aborted.storage, at: instant) }
        return events.filter(\.type.schedulesCall).count
    }

    /// Makes room for `more` events after the ones recorded, at once (a Map's merge of every
    /// iteration's log, instead of growing by doubling and copying).
    mutating func reserve(_ more: Int) {
        if record { events.reserveCapacity(events.count + more) }
    }

    /// Gives back the room reserved and not used: a finished branch's log is held, with every
    /// other iteration's, until its Map merges them.
    mutating func shrinkToFit() {
        guard record, events.capacity > events.count else { return }
        events = Array(unsafeUninitializedCapacity: events.count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: events)
        }
    }

    /// Publishes the events not published yet to ``sink``.
    private func publish() {
        sink?.publish(events)
    }

    /// Appends an event after ``last`` (or after `previous`) and makes it the new ``last``.
    @discardableResult
    mutating func add(
        _ type: HistoryEventType, _ details: [(key: String, value: EventField)] = [], at time: Date,
        previous: Int? = nil
    ) -> Int {
        count += 1
        let id = count
        if record {
            events.append(
                HistoryEvent(id: id, previousEventId: previous ?? last, timestamp: time, type: type, details: details))
        }
        last = id
        publish()
        return id
    }

    /// Appends an event whose details are stored compactly (see ``HistoryEvent/Storage``).
    @discardableResult
    mutating func add(_ type: HistoryEventType, storage: @autoclosure () -> HistoryEvent.Storage, at time: Date) -> Int
    {
        count += 1
        if record {
            events.append(
                HistoryEvent(id: count, previousEventId: last, timestamp: time, type: type, storage: storage()))
        }
        last = count
        publish()
        return count
    }

    /// Appends a `*StateEntered` event.
    mutating func entered(_ type: HistoryEventType, name: String, input: EventField, at time: Date) -> Int {
        count += 1
        if record {
            events.append(
                HistoryEvent(
                    id: count, previousEventId: last, timestamp: time, type: type,
                    storage: .entered(name: name, input: input)))
        }
        last = count
        publish()
        return count
    }

    /// Appends a `*StateExited` event, with the variables the state assigned (as JSON texts) if any.
    mutating func exited(
        _ type: HistoryEventType, name: String, output: JSONValue, assigned: [(String, String)]? = nil, at time: Date,
        previous: Int? = nil
    ) {
        count += 1
        if record {
            if let assigned {
                let fields = HistoryEvent.ExitedAssigning(name: name, output: .payload(output), assigned: assigned)
                events.append(
                    HistoryEvent(
                        id: count, previousEventId: previous ?? last, timestamp: time, type: type,
                        storage: .exitedAssigning(fields)))
            } else {
                events.append(
                    HistoryEvent(
                        id: count, previousEventId: previous ?? last, timestamp: time, type: type,
                        storage: .exited(name: name, output: .payload(output))))
            }
        }
        last = count
        publish()
    }

    /// Appends a child log's events, renumbered after this log's; returns the offset applied.
    @discardableResult
    mutating func merge(_ child: EventLog, inheritedPrevious: Int) -> Int {
        let offset = count
        let realBase = base + offset
        lastMergedBase = realBase
        // A child's previous ids in this log: local ones move by the offset, inherited ones get
        // `inheritedPrevious`, anchors stay anchors until the main log resolves them.
        let root = isRoot
        let inheritedTarget = root ? EventLog.resolved(inheritedPrevious) : inheritedPrevious
        if record {
            // Copied once, then renumbered in place.
            let start = events.count
            events.append(contentsOf: child.events)
            for j in start..<events.count {
                events[j].id += offset
                let previous = events[j].previousEventId
                if previous >= 0 {
                    events[j].previousEventId = previous + offset
                } else if previous == EventLog.inherited {
                    events[j].previousEventId = inheritedTarget
                } else if root {
                    events[j].previousEventId = EventLog.resolved(previous)
                }
                if realBase != child.base, events[j].type == .evaluationFailed,
                    case .fields(var fields) = events[j].storage
                {
                    // The branch ran concurrently with earlier ones: fix the ids its causes quote.
                    for i in fields.indices where fields[i].key == "cause" {
                        if case .value(.string(let text)) = fields[i].value {
                            fields[i].value = .value(
                                .string(StateFailure.rebaseEnteredIds(text, from: child.base, to: realBase)))
                        }
                    }
                    events[j].storage = .fields(fields)
                }
            }
        }
        count += child.count
        if child.count > 0 {
            let l = child.last
            last = l >= 0 ? l + offset : l == EventLog.inherited ? inheritedTarget : root ? EventLog.resolved(l) : l
        }
        publish()
        return offset
    }

    /// The `previousEventId` of the event with local id `id` (after merging), if recorded.
    func previous(of id: Int) -> Int? {
        guard record, id >= 1, id <= events.count else { return nil }
        return events[id - 1].previousEventId
    }
}

/// A running execution's history as it grows: the main flow's events, published as they are recorded
/// (a Parallel's or Map's branches appear when the state ends, when they are merged in order).
public final class LiveHistory: Sendable {
    private let events = Locked<[HistoryEvent]>([])

    /// An empty history.
    public init() {}

    /// The events so far.
    public var snapshot: [HistoryEvent] { events.withLock { $0 } }

    /// The number of events so far.
    public var count: Int { events.withLock { $0.count } }

    func publish(_ all: [HistoryEvent]) {
        events.withLock { published in
            if all.count > published.count { published.append(contentsOf: all[published.count...]) }
        }
    }

    func truncate(to count: Int) {
        events.withLock { if $0.count > count { $0.removeLast($0.count - count) } }
    }
}
