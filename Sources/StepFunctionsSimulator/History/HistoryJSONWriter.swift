import Foundation
import JSONCore

/// Writes history events as `GetExecutionHistory` shows them, the bytes ``HistoryEvent/json``
/// written by a ``JSONWriter`` would give, without building a `JSONValue` per event: it is a
/// ``HistoryEventVisitor`` of ``HistoryEvent/describe(to:)`` (the shapes are written down once),
/// writing each event straight into memory from texts made once per layout (every member's name
/// with its comma, line break and indentation; each type's `type` member and details key; the
/// `{"truncated": false}` members whole), with timestamps formatted once per millisecond. Each
/// event then goes to a ``JSONStreamWriter`` whose caller takes the text in pieces.
package struct HistoryJSONWriter {
    /// Where the text goes.
    package var out: JSONStreamWriter
    /// The event being written.
    private var event: EventText

    /// A writer in `format` (pretty for `sfn run --json`, compact for the API).
    package init(_ format: JSONWriter, capacity: Int = 1 << 16) {
        out = JSONStreamWriter(format, capacity: capacity)
        event = EventText(format)
    }

    /// Writes one event as a value (the top-level one, or the next element of an open array).
    package mutating func write(_ e: HistoryEvent) {
        withUnsafePointer(to: e) { write(at: $0) }
    }

    /// Writes the event at `e` (from a history's buffer: no copy of the event, no retain of its payloads).
    mutating func write(at e: UnsafePointer<HistoryEvent>) {
        // In an array (the history), the separator before the event is written with it.
        let depth = out.depth
        event.begin(depth: depth, separator: depth == 0 ? nil : out.beginElement())
        HistoryEvent.describe(e, to: &event)
        event.end()
        out.raw(event.text)
    }

    /// Writes `date` as ``Timestamp/format(_:)`` does, as a string value.
    package mutating func writeTimestamp(_ date: Date) {
        let text = event.stampText(date)
        out.plainString { $0.append(contentsOf: text) }
    }
}

/// Owns the memory ``EventText`` writes into and its texts (freed with the last copy).
private final class EventMemory {
    var base: UnsafeMutablePointer<UInt8>
    var capacity: Int
    /// The last timestamp's 24 characters.
    let stamp = UnsafeMutablePointer<UInt8>.allocate(capacity: 32)
    /// Four texts of recent strings, 64 bytes each.
    let names = UnsafeMutablePointer<UInt8>.allocate(capacity: 4 * 64)

    init(capacity: Int) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit {
        base.deallocate()
        stamp.deallocate()
        names.deallocate()
    }
}

/// The fixed texts of events in one layout at one depth, in one block of memory. Never written
/// after `init`, so shared by every writer (`@unchecked Sendable`: its memory is read-only).
private final class EventTemplates: @unchecked Sendable {
    /// The layout and depth a set of texts is for.
    private struct Key: Hashable {
        let pretty: Bool
        let indentWidth: Int
        let escapeNonASCII: Bool
        let depth: Int
    }

    /// The texts built so far: once per process, not per writer (a server renders a short
    /// history per request, and building them costs more than rendering a few events).
    private static let built = Locked<[Key: EventTemplates]>([:])

    /// The texts for `format` at `depth`, built on first use.
    static func shared(_ format: JSONWriter, depth: Int) -> EventTemplates {
        let key = Key(
            pretty: format.pretty, indentWidth: format.indentWidth, escapeNonASCII: format.escapeNonASCII,
            depth: depth)
        return built.withLock { cache in
            if let texts = cache[key] { return texts }
            let texts = EventTemplates(format, depth: depth)
            // Layouts and depths are few; the bound only guards against a caller that varies them.
            if cache.count < 64 { cache[key] = texts }
            return texts
        }
    }

    /// The depth of the event object (open containers around it).
    let depth: Int
    let bytes: UnsafeMutablePointer<UInt8>
    /// Offset and count of each text, by slot.
    let spans: UnsafeMutablePointer<(offset: Int, count: Int)>
    /// Room for every fixed text one event may write (its variable parts are checked apart).
    let eventRoom: Int

    /// Slots: per key, the member's name with its comma, break and indent (`,\n      "id": `);
    /// per key, the whole `inputDetails`-style member; per type, the `type` member with its value
    /// and the opening of the details object; then the event's opening through the timestamp's
    /// quote, the details' close, the event's close.
    static let keyCount = EventKey.allCases.count
    static let typeCount = HistoryEventType.allCases.count
    static var notTruncatedSlot: Int { keyCount }
    static var typeSlot: Int { 2 * keyCount }
    static var detailsSlot: Int { 2 * keyCount + typeCount }
    static var openSlot: Int { 2 * keyCount + 2 * typeCount }
    static var detailsCloseSlot: Int { openSlot + 1 }
    static var closeSlot: Int { openSlot + 2 }
    static var separatorSlot: Int { openSlot + 3 }
    static var slotCount: Int { openSlot + 4 }

    private init(_ format: JSONWriter, depth: Int) {
        self.depth = depth
        func newline(_ level: Int) -> [UInt8] {
            format.pretty ? [0x0A] + [UInt8](repeating: 0x20, count: level * format.indentWidth) : []
        }
        func quoted(_ s: String) -> [UInt8] {
            var text: [UInt8] = []
            JSONWriter.writeString(s, into: &text, escapeNonASCII: format.escapeNonASCII)
            return text
        }
        let colon: [UInt8] = format.pretty ? Array(": ".utf8) : Array(":".utf8)
        let members = depth + 1
        let detailsMembers = depth + 2
        func member(_ name: String, level: Int) -> [UInt8] {
            [UInt8(ascii: ",")] + newline(level) + quoted(name) + colon
        }
        var texts: [[UInt8]] = []
        for key in EventKey.allCases {
            let header = key == .timestamp || key == .type || key == .id || key == .previousEventId
            texts.append(member(key.name, level: header ? members : detailsMembers))
        }
        for key in EventKey.allCases {
            texts.append(
                member(key.name, level: detailsMembers) + [UInt8(ascii: "{")] + newline(detailsMembers + 1)
                    + quoted("truncated") + colon + Array("false".utf8) + newline(detailsMembers)
                    + [UInt8(ascii: "}")])
        }
        for (i, type) in HistoryEventType.allCases.enumerated() {
            precondition(HistoryEventType.ordinal(type) == i, "event types are numbered in declaration order")
            texts.append(member("type", level: members) + quoted(type.rawValue))
        }
        for type in HistoryEventType.allCases {
            // Without the brace for a field list (written whole); ``EventText`` adds it otherwise.
            texts.append(type.detailsKey.map { member($0, level: members) } ?? [])
        }
        texts.append([UInt8(ascii: "{")] + Array(member("timestamp", level: members).dropFirst()) + [0x22])
        texts.append(newline(members) + [UInt8(ascii: "}")])
        texts.append(newline(depth) + [UInt8(ascii: "}")])
        texts.append([UInt8(ascii: ",")] + newline(depth))
        precondition(texts.count == Self.slotCount)

        let total = texts.reduce(0) { $0 + $1.count }
        let block = UnsafeMutablePointer<UInt8>.allocate(capacity: total)
        let table = UnsafeMutablePointer<(offset: Int, count: Int)>.allocate(capacity: texts.count)
        var offset = 0
        for (i, text) in texts.enumerated() {
            text.withUnsafeBufferPointer { (block + offset).initialize(from: $0.baseAddress!, count: text.count) }
            table[i] = (offset, text.count)
            offset += text.count
        }
        bytes = block
        spans = table
        // Room for the longest of each kind of fixed text, 16 times over: no event writes more
        // (field lists and values check their own room).
        let longest = texts.map(\.count).max() ?? 0
        eventRoom = 16 * (longest + JSONStreamWriter.maxIntegerCount) + 64
    }

    deinit {
        bytes.deallocate()
        spans.deallocate()
    }
}

/// One event's text, written into memory the writer owns: the fixed texts copied from
/// ``EventTemplates``, the variable parts (timestamp, numbers, names, payloads) in place.
private struct EventText: HistoryEventVisitor {
    let format: JSONWriter
    private let memory: EventMemory
    private var templates: EventTemplates
    /// Where the next byte goes, and the end of the room.
    private var cursor: UnsafeMutablePointer<UInt8>
    private var limit: UnsafeMutablePointer<UInt8>
    /// Whether the next member is the details object's first (no comma before it).
    private var firstMember = false
    /// The last timestamp formatted, as seconds since 1970 and in milliseconds (its text in the
    /// memory's stamp), unless `stampCached` is false.
    private var lastSeconds = 0.0
    private var lastMillis: Int64 = 0
    private var stampCached = false
    /// Values written whole before they are copied in (reused).
    private var scratch: [UInt8] = []
    /// Four recent strings and their texts (quoted and escaped, in the memory's `names`), and the
    /// one to replace next.
    private var recent: [(name: String, text: (base: UnsafeMutablePointer<UInt8>, count: Int))] = []
    private var recentNext = 0

    init(_ format: JSONWriter) {
        self.format = format
        memory = EventMemory(capacity: 4096)
        templates = EventTemplates.shared(format, depth: 0)
        cursor = memory.base
        limit = memory.base + memory.capacity
        scratch.reserveCapacity(256)
        recent = Array(repeating: ("\u{0}", (memory.names, 0)), count: 4)
    }

    /// Starts an event at `depth` (the containers open around it), after the separator of an
    /// array's element (its comma unless `first`), or none when `first` is nil (a top-level value).
    mutating func begin(depth: Int, separator first: Bool?) {
        if templates.depth != depth { templates = EventTemplates.shared(format, depth: depth) }
        cursor = memory.base
        room(0)
        if let first {
            firstMember = first
            key(slot: EventTemplates.separatorSlot)
        }
    }

    mutating func end() { copy(EventTemplates.closeSlot) }

    /// The event's text (valid until the next event).
    var text: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: memory.base, count: cursor - memory.base) }

    /// Makes room for `count` more bytes and then the fixed texts of an event: the fixed texts
    /// are copied without a check, as each event starts with room for all of them and every
    /// variable part keeps it.
    @inline(__always)
    private mutating func room(_ count: Int) {
        if limit - cursor < count + templates.eventRoom { grow(count + templates.eventRoom) }
    }

    private mutating func grow(_ count: Int) {
        let used = cursor - memory.base
        let capacity = max(2 * memory.capacity, used + count)
        let base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        base.initialize(from: memory.base, count: used)
        memory.base.deallocate()
        memory.base = base
        memory.capacity = capacity
        cursor = base + used
        limit = base + capacity
    }

    @inline(__always)
    private mutating func copy(_ slot: Int) {
        let span = templates.spans[slot]
        cursor.update(from: templates.bytes + span.offset, count: span.count)
        cursor += span.count
    }

    /// A member's name: its comma (not before the details' first member), break, indent, quoted name.
    @inline(__always)
    private mutating func key(_ key: EventKey) { self.key(slot: key.rawValue) }

    /// A text that starts with a comma, without it before a first member.
    @inline(__always)
    private mutating func key(slot: Int) {
        let span = templates.spans[slot]
        let skip = firstMember ? 1 : 0
        firstMember = false
        cursor.update(from: templates.bytes + span.offset + skip, count: span.count - skip)
        cursor += span.count - skip
    }

    @inline(__always)
    private mutating func byte(_ b: UInt8) {
        cursor.pointee = b
        cursor += 1
    }

    private mutating func bytes(_ text: UnsafeBufferPointer<UInt8>) {
        room(text.count)
        cursor.update(from: text.baseAddress!, count: text.count)
        cursor += text.count
    }

    // MARK: HistoryEventVisitor

    mutating func timestamp(_ date: Date) {
        copy(EventTemplates.openSlot)
        if stamp(date) {
            cursor.update(from: memory.stamp, count: 24)
            cursor += 24
        } else {
            scratch.withUnsafeBufferPointer { bytes($0) }
        }
        byte(0x22)
    }

    mutating func type(_ type: HistoryEventType) {
        copy(EventTemplates.typeSlot + HistoryEventType.ordinal(type))
    }

    mutating func int(_ key: EventKey, _ value: Int) {
        self.key(key)
        cursor += JSONStreamWriter.writeInteger(value, to: cursor)
    }

    mutating func beginDetails(_ type: HistoryEventType) {
        copy(EventTemplates.detailsSlot + HistoryEventType.ordinal(type))
        byte(UInt8(ascii: "{"))
        firstMember = true
    }

    mutating func endDetails() { copy(EventTemplates.detailsCloseSlot) }

    mutating func string(_ key: EventKey, _ value: String) {
        self.key(key)
        quoted(value)
    }

    mutating func field(_ key: EventKey, _ value: EventField) {
        self.key(key)
        switch value {
        case .value(.string(let s)), .text(let s): quoted(s)
        case .value(.number(.int(let i))):
            room(JSONStreamWriter.maxIntegerCount)
            cursor += JSONStreamWriter.writeInteger(Int(i), to: cursor)
        case .value(let v): whole(v, level: templates.depth + 2)
        case .payload(let v): payload(v)
        }
    }

    mutating func notTruncated(_ key: EventKey) { self.key(slot: EventTemplates.notTruncatedSlot + key.rawValue) }

    mutating func details(_ type: HistoryEventType, fields: [(key: String, value: EventField)]) {
        copy(EventTemplates.detailsSlot + HistoryEventType.ordinal(type))
        whole(.object(HistoryEvent.detailsObject(fields)), level: templates.depth + 1)
    }

    // MARK: Variable parts

    /// Formats `date` into the memory's stamp, unless it is the last one's millisecond; false
    /// when its text is longer (years outside 0-9999, never cached) and in `scratch` instead.
    private mutating func stamp(_ date: Date) -> Bool {
        let seconds = date.timeIntervalSince1970
        if stampCached && seconds == lastSeconds { return true }
        let millis = Int64((seconds * 1000).rounded(.down))
        if stampCached && millis == lastMillis {
            lastSeconds = seconds
            return true
        }
        scratch.removeAll(keepingCapacity: true)
        Timestamp.write(millis: millis, into: &scratch)
        stampCached = scratch.count == 24
        guard stampCached else { return false }
        scratch.withUnsafeBufferPointer { memory.stamp.update(from: $0.baseAddress!, count: 24) }
        lastSeconds = seconds
        lastMillis = millis
        return true
    }

    /// `date` as ``Timestamp/format(_:)`` writes it (for a string value outside an event).
    mutating func stampText(_ date: Date) -> [UInt8] {
        stamp(date) ? Array(UnsafeBufferPointer(start: memory.stamp, count: 24)) : scratch
    }

    /// A string quoted and escaped: copied at once when nothing in it needs an escape.
    private mutating func quoted(_ s: String) {
        if format.escapeNonASCII {
            scratch.removeAll(keepingCapacity: true)
            JSONWriter.writeString(s, into: &scratch, escapeNonASCII: true)
            scratch.withUnsafeBufferPointer { bytes($0) }
            return
        }
        // The last few names' texts are kept: a history names the same few states over and over.
        for i in 0..<recent.count where recent[i].text.count > 0 && recent[i].name == s {
            let text = recent[i].text
            room(text.count)
            cursor.update(from: text.base, count: text.count)
            cursor += text.count
            return
        }
        let start = cursor - memory.base  // (the memory may move as it grows)
        var s = s
        s.withUTF8 { escaped($0) }
        let count = cursor - memory.base - start
        guard count <= 64 else { return }
        let slot = recentNext
        recentNext = (recentNext + 1) & 3
        let text = memory.names + slot * 64
        text.update(from: memory.base + start, count: count)
        recent[slot] = (s, (text, count))
    }

    /// `text` in quotes, escaped.
    private mutating func escaped(_ text: UnsafeBufferPointer<UInt8>) {
        // Up to 6 bytes a byte: counted first only for long texts (payloads), not to hold 6 times their room.
        room(text.count <= 256 ? 6 * text.count + 2 : JSONStreamWriter.escapedCount(text) + 2)
        byte(0x22)
        cursor += JSONStreamWriter.writeEscaped(text, to: cursor)
        byte(0x22)
    }

    /// A payload as the JSON text of its compact (Java-style) writing, quoted and escaped.
    private mutating func payload(_ value: JSONValue) {
        if case .number(.int(let i)) = value {
            room(JSONStreamWriter.maxIntegerCount + 2)
            byte(0x22)
            cursor += JSONStreamWriter.writeInteger(Int(i), to: cursor)
            byte(0x22)
            return
        }
        scratch.removeAll(keepingCapacity: true)
        JSONWriter.compactJava.write(value, into: &scratch)
        if format.escapeNonASCII {
            let text = String(decoding: scratch, as: UTF8.self)
            scratch.removeAll(keepingCapacity: true)
            JSONWriter.writeString(text, into: &scratch, escapeNonASCII: true)
            scratch.withUnsafeBufferPointer { bytes($0) }
            return
        }
        let text = scratch
        text.withUnsafeBufferPointer { escaped($0) }
    }

    /// A value written whole by the format, indented as a member at `level` (every line break of
    /// pretty JSON text is structural: breaks inside strings are escaped).
    private mutating func whole(_ value: JSONValue, level: Int) {
        scratch.removeAll(keepingCapacity: true)
        format.write(value, into: &scratch)
        let indent = format.pretty ? level * format.indentWidth : 0
        guard indent > 0, scratch.contains(0x0A) else {
            scratch.withUnsafeBufferPointer { bytes($0) }
            return
        }
        var lines = 0
        for b in scratch where b == 0x0A { lines += 1 }
        room(scratch.count + lines * indent)
        for b in scratch {
            byte(b)
            if b == 0x0A {
                cursor.initialize(repeating: 0x20, count: indent)
                cursor += indent
            }
        }
    }
}

extension Execution {
    /// Writes ``json`` in `format` a piece at a time, as ``HistoryJSONWriter`` writes events:
    /// `emit` gets the text in pieces of about `chunkSize` bytes, each ending between two events
    /// (so on a UTF-8 boundary), and never the whole text. `extra` members follow `events` (what
    /// `sfn run --cost` adds). The bytes are those of `format.string(json)` with `extra` added.
    package func writeJSON(
        _ format: JSONWriter, extra: [(String, JSONValue)] = [], chunkSize: Int = 1 << 16,
        emit: ([UInt8]) -> Void
    ) {
        var w = HistoryJSONWriter(format, capacity: chunkSize + 4096)
        w.out.beginObject()
        w.out.key("status")
        w.out.string(status.rawValue)
        if let output {
            w.out.key("output")
            w.out.value(output)
        }
        if let error {
            w.out.key("error")
            w.out.string(error)
        }
        if let cause {
            w.out.key("cause")
            w.out.string(cause)
        }
        w.out.key("startDate")
        w.writeTimestamp(startDate)
        w.out.key("stopDate")
        w.writeTimestamp(stopDate)
        w.out.key("events")
        w.out.beginArray()
        // Through the buffer: iterating the array would copy each event out (retaining its payloads).
        history.withUnsafeBufferPointer { events in
            for i in events.indices {
                w.write(at: events.baseAddress! + i)
                if w.out.bytes.count >= chunkSize { w.out.take(emit) }
            }
        }
        w.out.endArray()
        for (key, value) in extra {
            w.out.key(key)
            w.out.value(value)
        }
        w.out.endObject()
        w.out.take(emit)
    }

    /// ``historyJSON`` as text in `format`, written by ``HistoryJSONWriter`` (the same bytes).
    package func historyText(_ format: JSONWriter) -> [UInt8] {
        var w = HistoryJSONWriter(format, capacity: history.count * 256 + 16)
        w.out.beginArray()
        history.withUnsafeBufferPointer { events in
            for i in events.indices { w.write(at: events.baseAddress! + i) }
        }
        w.out.endArray()
        var all: [UInt8] = []
        w.out.take { all = $0 }
        return all
    }
}
