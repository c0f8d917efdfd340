import Foundation
import JSONCore

/// Writes history events as `GetExecutionHistory` shows them, the bytes ``HistoryEvent/json``
/// written by a ``JSONWriter`` would give, without building a `JSONValue` per event: the common
/// events' fields are written from their compact storage, timestamps are formatted once per
/// millisecond, and the text goes to a ``JSONStreamWriter`` whose caller takes it in pieces.
package struct HistoryJSONWriter {
    /// Where the text goes.
    package var out: JSONStreamWriter
    /// The last timestamp formatted, in milliseconds since 1970, and its text.
    private var lastMillis = Int64.min
    private var lastStamp: [UInt8] = []
    /// Each event type's name and details key as JSON text, made once per type.
    private var typeTexts: [HistoryEventType: (name: [UInt8], key: [UInt8]?)] = [:]

    /// A writer in `format` (pretty for `sfn run --json`, compact for the API).
    package init(_ format: JSONWriter, capacity: Int = 1 << 16) {
        out = JSONStreamWriter(format, capacity: capacity)
        lastStamp.reserveCapacity(24)
    }

    /// Writes one event as a value (the top-level one, or the next element of an open array).
    package mutating func write(_ event: HistoryEvent) {
        out.beginObject()
        out.key("timestamp")
        writeTimestamp(event.timestamp)
        let texts = typeTexts[event.type] ?? typeText(event.type)
        out.key("type")
        out.value(text: texts.name)
        out.key("id")
        out.int(event.id)
        out.key("previousEventId")
        out.int(event.previousEventId)
        if let key = texts.key {
            writeDetails(event, key: key)
        }
        out.endObject()
    }

    private mutating func typeText(_ type: HistoryEventType) -> (name: [UInt8], key: [UInt8]?) {
        func text(_ s: String) -> [UInt8] {
            var bytes: [UInt8] = []
            JSONWriter.writeString(s, into: &bytes, escapeNonASCII: out.format.escapeNonASCII)
            return bytes
        }
        let texts = (name: text(type.rawValue), key: type.detailsKey.map(text))
        typeTexts[type] = texts
        return texts
    }

    /// Writes `date` as ``Timestamp/format(_:)`` does.
    package mutating func writeTimestamp(_ date: Date) {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        if millis != lastMillis {
            lastStamp.removeAll(keepingCapacity: true)
            Timestamp.write(millis: millis, into: &lastStamp)
            lastMillis = millis
        }
        out.plainString { $0.append(contentsOf: lastStamp) }
    }

    private mutating func writeDetails(_ event: HistoryEvent, key: [UInt8]) {
        switch event.storage {
        case .fields(let fields):
            guard !fields.isEmpty || HistoryEvent.alwaysHasDetails(event.type) else { return }
            // Arbitrary field lists (a key twice, `inputDetails` given or not): as `json` builds them.
            out.key(text: key)
            out.value(.object(HistoryEvent.detailsObject(fields)))
        case .entered(let name, let input):
            out.key(text: key)
            out.beginObject()
            field("input", input)
            notTruncated("inputDetails")
            out.key("name")
            out.string(name)
            out.endObject()
        case .exited(let name, let output):
            out.key(text: key)
            out.beginObject()
            out.key("name")
            out.string(name)
            field("output", output)
            notTruncated("outputDetails")
            out.endObject()
        case .exitedAssigning(let e):
            var texts = JSONObject(minimumCapacity: e.assigned.count)
            for (k, v) in e.assigned { texts[k] = .string(v) }
            out.key(text: key)
            out.beginObject()
            out.key("assignedVariables")
            out.value(.object(texts))
            notTruncated("assignedVariablesDetails")
            out.key("name")
            out.string(e.name)
            field("output", e.output)
            notTruncated("outputDetails")
            out.endObject()
        case .output(let output):
            out.key(text: key)
            out.beginObject()
            field("output", output)
            notTruncated("outputDetails")
            out.endObject()
        case .taskOutput(let output, let info):
            out.key(text: key)
            out.beginObject()
            field("output", output)
            notTruncated("outputDetails")
            resource(info.names)
            out.endObject()
        case .taskResource(let info):
            out.key(text: key)
            out.beginObject()
            resource(info.names)
            out.endObject()
        case .lambdaScheduled(let input, let info):
            out.key(text: key)
            out.beginObject()
            out.key("input")
            out.jsonText(input, as: .compactJava)
            notTruncated("inputDetails")
            out.key("resource")
            out.string(info.names.resource)
            out.endObject()
        case .taskScheduled(let parameters, let scheduled):
            out.key(text: key)
            out.beginObject()
            resource(scheduled.info.names)
            out.key("region")
            out.string(scheduled.region)
            out.key("parameters")
            out.jsonText(parameters, as: .compactJava)
            out.endObject()
        case .iteration(let index, let name):
            out.key(text: key)
            out.beginObject()
            out.key("index")
            out.int(index)
            out.key("name")
            out.string(name)
            out.endObject()
        }
    }

    private mutating func field(_ name: StaticString, _ value: EventField) {
        out.key(name)
        switch value {
        case .value(let v): out.value(v)
        case .payload(let v): out.jsonText(v, as: .compactJava)
        case .text(let t): out.string(t)
        }
    }

    /// `"NAME": {"truncated": false}`.
    private mutating func notTruncated(_ name: StaticString) {
        out.key(name)
        out.beginObject()
        out.key("truncated")
        out.value(.bool(false))
        out.endObject()
    }

    private mutating func resource(_ names: TaskEventNames) {
        out.key("resource")
        out.string(names.resource)
        out.key("resourceType")
        out.string(names.resourceType)
    }
}

extension HistoryEvent {
    /// The details object `GetExecutionHistory` shows for `fields`: each field's API value, and
    /// `inputDetails`/`outputDetails` after a payload `input`/`output` (a key given twice keeps its
    /// first place and its last value).
    static func detailsObject(_ fields: [(key: String, value: EventField)]) -> JSONObject {
        var d = JSONObject()
        for (k, v) in fields {
            d[k] = v.apiValue
            if k == "input" || k == "output", case .value = v {
            } else if k == "input" || k == "output" {
                d[k + "Details"] = ["truncated": false]
            }
        }
        return d
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
        for event in history {
            w.write(event)
            if w.out.bytes.count >= chunkSize { w.out.take(emit) }
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
        for event in history { w.write(event) }
        w.out.endArray()
        var all: [UInt8] = []
        w.out.take { all = $0 }
        return all
    }
}
