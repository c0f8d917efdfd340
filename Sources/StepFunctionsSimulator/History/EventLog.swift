import Foundation
import JSONCore

/// The events of one execution path (the main flow, a Parallel branch or a Map iteration).
///
/// Ids are local: a branch's log starts at 1 and its first event's `previousEventId` is
/// ``inherited``; ``merge(_:inheritedPrevious:)`` renumbers it into its parent, so branches can
/// run concurrently without sharing a counter, and merge in a deterministic order.
///
/// A branch's log keeps the logs merged into it whole, as ``Segment``s, with the renumbering to
/// apply; only the main flow's log copies a child's events (and its segments', recursively) into
/// its own, renumbered once. So each event is stored and renumbered once however deep the
/// Parallels and Maps nest (copying at every level made depth quadratic).
///
/// Map iterations that run one after another record into their parent's array itself
/// (``lend()``, ``adopt(_:)``, ``release()``): each iteration's events follow the previous
/// iteration's, and when none failed the parent takes the array back (``absorb(_:inPlace:)``) and
/// renumbers them where they are, with no array per iteration and no copy.
struct EventLog: Sendable {
    /// Marks a `previousEventId` that the parent fills in on merge.
    static let inherited = -1

    /// A `previousEventId` naming event `id` of the execution-wide history (an event of an earlier
    /// attempt that a redriven path continues from), kept as it is by merges into branch logs and
    /// turned back into `id` by the merge into the main flow's log.
    static func anchor(_ id: Int) -> Int { -(id + 2) }

    /// The execution-wide id an ``anchor(_:)`` names (other ids unchanged).
    static func resolved(_ previous: Int) -> Int { previous < inherited ? -previous - 2 : previous }

    /// A child log merged into a branch's log, kept as it is: its events come after the parent's
    /// own events before index ``at`` (and the segments merged before it).
    struct Segment: Sendable {
        /// The index in the parent's array of own events before which the child's events come.
        var at: Int
        /// The parent-local id of the child's event 0: the child's id `k` is the parent's `k + offset`.
        var offset: Int
        /// What the child's ``EventLog/inherited`` previous ids are in the parent.
        var inherited: Int
        /// The provisional base to rebase the child's causes' event ids from, and the real one
        /// (the child ran concurrently with earlier siblings); nil when they are the same.
        var rebase: (from: Int, to: Int)?
        /// The child's own events, local ids.
        var events: [HistoryEvent]
        /// The child's own segments.
        var segments: [Segment]
    }

    /// The events recorded in this log itself, from index ``start`` (a branch's merged children
    /// are in ``segments``).
    private var own: [HistoryEvent] = []
    /// Where this log's events begin in ``own``: after the events of the log that lent it the
    /// array (``adopt(_:)``), 0 otherwise.
    private var start: Int {
        get { Int(words.start) }
        set { words.start = Int32(newValue) }
    }
    /// After ``release()``: the end of this log's events in the array it gave back (from
    /// ``start``); -1 before. (Plain integers, not optionals: a Map holds a log per iteration.)
    private var lentEnd: Int {
        get { Int(words.lentEnd) }
        set { words.lentEnd = Int32(newValue) }
    }
    /// In a log that took back a lent array with its children's events (``absorb(_:inPlace:)``):
    /// where the children's events not merged yet begin; -1 when none are left.
    private var unmergedStart: Int {
        get { Int(words.unmergedStart) }
        set { words.unmergedStart = Int32(newValue) }
    }
    /// How many events ``own`` had when ``lend()`` lent it.
    private var lentAt: Int {
        get { Int(words.lentAt) }
        set { words.lentAt = Int32(newValue) }
    }
    /// The positions and ids above and below, as 32-bit words: a Map holds a log per iteration
    /// until it merges them (an array of events, or event ids, never nears 2^31).
    private var words: Words
    private struct Words {
        var start: Int32 = 0
        var lentEnd: Int32 = -1
        var unmergedStart: Int32 = -1
        var lentAt: Int32 = 0
        /// Int32.min: none.
        var mergedBase = Int32.min
        var mergedPrevious = Int32.min
        var isRoot = false
        var record: Bool
    }
    /// The children merged into a branch's log (always empty in the main flow's log).
    private var segments: [Segment] {
        get { extras?.segments ?? [] }
        _modify {
            makeExtrasUnique()
            yield &extras!.segments
        }
    }
    /// ``segments`` and ``sink``, which few logs have, boxed (copied on write): a Map holds a log
    /// per iteration until it merges them.
    private var extras: Extras?
    private final class Extras: @unchecked Sendable {  // copied before a shared box is written
        var segments: [Segment] = []
        var sink: LiveHistory?
        func copy() -> Extras {
            let c = Extras()
            c.segments = segments
            c.sink = sink
            return c
        }
    }
    /// The number of events (also counted when the history is not recorded).
    private(set) var count = 0
    /// The id the next event follows.
    var last: Int
    /// The execution-wide id of this log's event 0 (its event `n` becomes event `base + n` when
    /// merged): what runtime error causes quote ("entered at the event id #N").
    let base: Int
    /// The base a merged child log actually got (it differs from the child's own `base` when
    /// branches ran concurrently).
    /// Gives this log a box of extras of its own, before one of them is written.
    private mutating func makeExtrasUnique() {
        if extras == nil {
            extras = Extras()
        } else if !isKnownUniquelyReferenced(&extras) {
            extras = extras!.copy()
        }
    }
    var lastMergedBase: Int? { words.mergedBase == Int32.min ? nil : Int(words.mergedBase) }
    /// The `previousEventId` the last merged child's final event got in this log (if recorded).
    var lastMergedPrevious: Int? { words.mergedPrevious == Int32.min ? nil : Int(words.mergedPrevious) }
    /// Where the main flow's events are published as they are recorded (a running execution's
    /// history, which a server shows before the run ends); nil for branches and ordinary runs.
    var sink: LiveHistory? {
        get { extras?.sink }
        set {
            makeExtrasUnique()
            extras!.sink = newValue
        }
    }
    /// Whether this is the main flow's log, whose ids are the history's (``anchor(_:)``s resolve here).
    private(set) var isRoot: Bool {
        get { words.isRoot }
        set { words.isRoot = newValue }
    }
    /// Whether events are kept.
    var record: Bool { words.record }

    /// `capacity`: the events to make room for at once (a branch or iteration records few).
    init(last: Int, record: Bool, base: Int = 0, capacity: Int = 32) {
        self.last = last
        words = Words(record: record)
        self.base = base
        if record && capacity > 0 { own.reserveCapacity(capacity) }
    }

    /// The main flow's log of a redriven execution: the history so far, continued.
    init(continuing history: [HistoryEvent]) {
        self.init(last: history.last?.id ?? 0, record: true, capacity: history.count + 32)
        own.append(contentsOf: history)
        count = history.count
        isRoot = true
    }

    /// The main flow's log of a new execution.
    static func root(record: Bool) -> EventLog {
        var log = EventLog(last: 0, record: record)
        log.isRoot = true
        return log
    }

    /// After ``release()``: where this log's own events are in the array it gave back.
    var lentRange: Range<Int>? { lentEnd >= 0 ? start..<lentEnd : nil }

    /// Every event in order, renumbered into this log's ids (the main flow's: the history's).
    var events: [HistoryEvent] {
        guard lentEnd < 0 else { return [] }
        if start == 0, segments.isEmpty { return own }
        var out: [HistoryEvent] = []
        out.reserveCapacity(count)
        EventLog.flatten(
            own[start...], segments, into: &out, offset: 0, inherited: EventLog.inherited, root: isRoot, rebases: [])
        return out
    }

    /// The number of events kept.
    var recordedCount: Int { record ? count : 0 }

    /// Whether children were merged into this log as segments.
    var hasSegments: Bool { !segments.isEmpty }

    /// Copies `own` and `segments` (a log's events, local ids) into `out`, renumbered: ids and
    /// local previous ids move by `offset`, ``inherited`` becomes `inherited`, anchors resolve
    /// when `root`; the causes of `EvaluationFailed` events rebased by `rebases`, innermost first.
    private static func flatten(
        _ own: ArraySlice<HistoryEvent>, _ segments: [Segment], into out: inout [HistoryEvent], offset: Int,
        inherited: Int, root: Bool, rebases: [(from: Int, to: Int)]
    ) {
        func copy(_ range: Range<Int>) {
            let first = out.count
            out.append(contentsOf: own[range])
            for j in first..<out.count {
                renumber(&out[j], offset: offset, inherited: inherited, root: root, rebases: rebases)
            }
        }
        var done = own.startIndex
        for segment in segments {
            if segment.at > done {
                copy(done..<segment.at)
                done = segment.at
            }
            flatten(
                segment.events[...], segment.segments, into: &out, offset: offset + segment.offset,
                inherited: mapped(segment.inherited, offset: offset, inherited: inherited, root: root), root: root,
                rebases: segment.rebase.map { [$0] + rebases } ?? rebases)
        }
        if done < own.endIndex { copy(done..<own.endIndex) }
    }

    /// A child's `previousEventId` in its parent: local ids move by `offset`, ``inherited`` becomes
    /// `inherited`, anchors stay until the main flow's log (`root`) resolves them.
    @inline(__always)
    private static func mapped(_ previous: Int, offset: Int, inherited: Int, root: Bool) -> Int {
        previous >= 0
            ? previous + offset : previous == EventLog.inherited ? inherited : root ? resolved(previous) : previous
    }

    /// Renumbers a child's event into its parent (see ``mapped(_:offset:inherited:root:)``).
    @inline(__always)
    private static func renumber(
        _ event: inout HistoryEvent, offset: Int, inherited: Int, root: Bool, rebases: [(from: Int, to: Int)]
    ) {
        event.id += offset
        event.previousEventId = mapped(event.previousEventId, offset: offset, inherited: inherited, root: root)
        if !rebases.isEmpty, event.type == .evaluationFailed, case .fields(var fields) = event.storage {
            // The branch ran concurrently with earlier ones: fix the ids its causes quote.
            for i in fields.indices where fields[i].key == "cause" {
                if case .value(.string(var text)) = fields[i].value {
                    for r in rebases { text = StateFailure.rebaseEnteredIds(text, from: r.from, to: r.to) }
                    fields[i].value = .value(.string(text))
                }
            }
            event.storage = .fields(fields)
        }
    }

    /// Turns the segments into own events (local ids, as if each child had been copied in): for
    /// the rare edits of a branch's log (cut, truncated).
    private mutating func flattenSegments() {
        guard !segments.isEmpty else { return }
        let flat = events
        own.removeSubrange(start...)
        own.append(contentsOf: flat)
        segments = []
    }

    /// The `previousEventId` of the final event of `own` and `segments`, in their log's ids.
    private static func finalPrevious(_ own: ArraySlice<HistoryEvent>, _ segments: [Segment]) -> Int? {
        if let segment = segments.last, segment.at == own.endIndex,
            let p = finalPrevious(segment.events[...], segment.segments)
        {
            return p >= 0 ? p + segment.offset : p == EventLog.inherited ? segment.inherited : p
        }
        return own.last?.previousEventId
    }

    /// The base of a branch log started now: the execution-wide id before this log's next event.
    var nextBase: Int { base + count }

    /// Drops the events after the first `count` (AWS records nothing after its history limit).
    mutating func truncate(to count: Int) {
        guard count < self.count, count >= 0 else { return }
        flattenSegments()
        if record { own.removeLast(own.count - start - min(own.count - start, count)) }
        self.count = count
        last = count
        sink?.truncate(to: own.count)
    }

    /// Ends this branch's log at `instant`, as AWS stops a branch when a sibling fails: the events
    /// after `instant` never happened, and each state still open then (entered, not exited) is
    /// aborted there, innermost first (`TaskStateAborted`, `WaitStateAborted`, `ParallelStateAborted`,
    /// `MapStateAborted`, and `MapIterationAborted` for a Map iteration). Returns how many task calls
    /// the events kept scheduled. Only for a recorded log of a branch (ids local, nothing published).
    mutating func cut(at instant: Date) -> Int {
        flattenSegments()
        guard record, let first = own[start...].firstIndex(where: { $0.timestamp > instant }) else {
            return own[start...].filter(\.type.schedulesCall).count
        }
        // The states entered and Map iterations started but not ended yet, with the event that
        // aborts each and its details (nil: none aborts it).
        var open: [(type: HistoryEventType, storage: HistoryEvent.Storage)?] = []
        for e in own[start..<first] {
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
        own.removeLast(own.count - first)
        count = first - start
        last = count == 0 ? EventLog.inherited : count
        for case let aborted? in open.reversed() { add(aborted.type, storage: aborted.storage, at: instant) }
        return own[start...].filter(\.type.schedulesCall).count
    }

    /// Makes room for `more` events after the ones recorded, at once (a Map's merge of every
    /// iteration's log into the main flow's, instead of growing by doubling and copying; a
    /// branch's log keeps its children as segments).
    mutating func reserve(_ more: Int) {
        if record, isRoot, more > 0 { own.reserveCapacity(own.count + more) }
    }

    /// Gives back the room reserved and not used: a finished branch's log is held, with every
    /// other iteration's, until its Map merges them.
    mutating func shrinkToFit() {
        guard record, start == 0, own.capacity > own.count else { return }
        own = Array(unsafeUninitializedCapacity: own.count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: own)
        }
    }

    // MARK: Lending the array to iterations that run one after another

    /// Lends this log's array to iterations that record after its events (nil when nothing is
    /// recorded); ``absorb(_:inPlace:)`` takes it back. The log records nothing meanwhile.
    mutating func lend() -> [HistoryEvent]? {
        guard record else { return nil }
        var array: [HistoryEvent] = []
        swap(&array, &own)
        lentAt = array.count
        return array
    }

    /// Records after the events of `array` (an iteration's log, fresh): takes the array, which
    /// ``release()`` gives back.
    /// Returns whether it took it (not when this log records nothing).
    mutating func adopt(_ array: inout [HistoryEvent]) -> Bool {
        guard record, count == 0, own.isEmpty, segments.isEmpty else { return false }
        swap(&own, &array)
        start = own.count
        return true
    }

    /// Gives back the array ``adopt(_:)`` took, with this log's events after the lender's; this
    /// log then stands for them (``lentRange``) until its parent absorbs or it ``detach(from:)``es.
    mutating func release() -> [HistoryEvent] {
        var array: [HistoryEvent] = []
        swap(&array, &own)
        lentEnd = array.count
        return array
    }

    /// Copies this log's events out of the array it gave back (``release()``), to stand alone.
    mutating func detach(from array: [HistoryEvent]) {
        guard let range = lentRange else { return }
        own = Array(array[range])
        for i in segments.indices { segments[i].at -= range.lowerBound }
        start = 0
        lentEnd = -1
    }

    /// Takes back the array ``lend()`` lent. `inPlace`: the children's events after this log's stay,
    /// to be merged where they are (in order, by ``merge(_:inheritedPrevious:)``); otherwise they
    /// are dropped (the children ``detach(from:)``ed first).
    mutating func absorb(_ array: inout [HistoryEvent], inPlace: Bool) {
        // Swapped, not copied: the children's events are then renumbered in place.
        swap(&own, &array)
        if own.count > lentAt {
            if inPlace { unmergedStart = lentAt } else { own.removeLast(own.count - lentAt) }
        }
    }

    /// Publishes the events not published yet to ``sink``.
    @inline(__always)
    private func publish() {
        guard let sink else { return }
        sink.publish(own[..<(unmergedStart >= 0 ? unmergedStart : own.count)])
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
            own.append(
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
            own.append(
                HistoryEvent(id: count, previousEventId: last, timestamp: time, type: type, storage: storage()))
        }
        last = count
        publish()
        return count
    }

    /// Appends a `*StateEntered` event (`input` is taken over: the caller makes it for the event).
    mutating func entered(_ type: HistoryEventType, name: String, input: consuming EventField, at time: Date) -> Int {
        count += 1
        if record {
            own.append(
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
                own.append(
                    HistoryEvent(
                        id: count, previousEventId: previous ?? last, timestamp: time, type: type,
                        storage: .exitedAssigning(fields)))
            } else {
                own.append(
                    HistoryEvent(
                        id: count, previousEventId: previous ?? last, timestamp: time, type: type,
                        storage: .exited(name: name, output: .payload(output))))
            }
        }
        last = count
        publish()
    }

    /// Appends a child log's events, renumbered after this log's; returns the offset applied.
    /// The main flow's log copies them (with the child's segments, renumbered once); a branch's
    /// keeps the child as a ``Segment``; a child whose events are in this log's array already
    /// (``absorb(_:inPlace:)``) is renumbered where it is.
    @discardableResult
    mutating func merge(_ child: EventLog, inheritedPrevious: Int) -> Int {
        let offset = count
        let realBase = base + offset
        // Clamped, not trapping: a log that records nothing still counts ids, without bound.
        words.mergedBase = Int32(clamping: realBase)
        // A child's previous ids in this log: local ones move by the offset, inherited ones get
        // `inheritedPrevious`, anchors stay anchors until the main log resolves them.
        let root = isRoot
        let inheritedTarget = root ? EventLog.resolved(inheritedPrevious) : inheritedPrevious
        let rebases = realBase != child.base ? [(from: child.base, to: realBase)] : []
        words.mergedPrevious = Int32.min
        if let range = child.lentRange {
            precondition(
                unmergedStart == range.lowerBound && (!root || child.segments.isEmpty),
                "a lent child's events merge in order, where they are")
            for j in range {
                EventLog.renumber(&own[j], offset: offset, inherited: inheritedTarget, root: root, rebases: rebases)
            }
            for var segment in child.segments {
                segment.offset += offset
                segment.inherited = EventLog.mapped(
                    segment.inherited, offset: offset, inherited: inheritedPrevious, root: false)
                if let r = segment.rebase, !rebases.isEmpty {
                    // Both rebased: keep the child's for its own events by flattening the segment.
                    var flat: [HistoryEvent] = []
                    EventLog.flatten(
                        segment.events[...], segment.segments, into: &flat, offset: 0, inherited: EventLog.inherited,
                        root: false, rebases: [r])
                    segment.events = flat
                    segment.segments = []
                }
                if segment.rebase == nil, let r = rebases.first { segment.rebase = r }
                segments.append(segment)
            }
            unmergedStart = range.upperBound < own.count ? range.upperBound : -1
            if record, !range.isEmpty || !child.segments.isEmpty,
                let p = EventLog.finalPrevious(own[..<range.upperBound], child.segments.isEmpty ? [] : segments)
            {
                words.mergedPrevious = Int32(root ? EventLog.resolved(p) : p)
            }
        } else if record, !child.own.isEmpty || !child.segments.isEmpty {
            let childEvents = child.own[child.start...]
            if let p = EventLog.finalPrevious(childEvents, child.segments) {
                words.mergedPrevious = Int32(
                    EventLog.mapped(p, offset: offset, inherited: inheritedTarget, root: root))
            }
            if root, child.segments.isEmpty {
                // The common case (a branch with no nested branches): copied, then renumbered in place.
                let first = own.count
                own.append(contentsOf: childEvents)
                for j in first..<own.count {
                    EventLog.renumber(&own[j], offset: offset, inherited: inheritedTarget, root: true, rebases: rebases)
                }
            } else if root {
                EventLog.flatten(
                    childEvents, child.segments, into: &own, offset: offset, inherited: inheritedTarget, root: true,
                    rebases: rebases)
            } else if child.start == 0 {
                segments.append(
                    Segment(
                        at: own.count, offset: offset, inherited: inheritedPrevious, rebase: rebases.first,
                        events: child.own, segments: child.segments))
            } else {
                var flat: [HistoryEvent] = []
                EventLog.flatten(
                    childEvents, child.segments, into: &flat, offset: 0, inherited: EventLog.inherited, root: false,
                    rebases: [])
                segments.append(
                    Segment(
                        at: own.count, offset: offset, inherited: inheritedPrevious, rebase: rebases.first,
                        events: flat, segments: []))
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

    func publish(_ all: ArraySlice<HistoryEvent>) {
        events.withLock { published in
            if all.count > published.count { published.append(contentsOf: all[(all.startIndex + published.count)...]) }
        }
    }

    func truncate(to count: Int) {
        events.withLock { if $0.count > count { $0.removeLast($0.count - count) } }
    }
}
