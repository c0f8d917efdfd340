import Foundation
import JSONCore

/// The member names of an event as `GetExecutionHistory` shows it (bar the details key, which is
/// the type's, and the names of a field list).
@usableFromInline
package enum EventKey: Int, CaseIterable, Sendable {
    case timestamp, type, id, previousEventId
    case index, name, input, output, resource, resourceType, region, parameters, assignedVariables
    case inputDetails, outputDetails, assignedVariablesDetails

    /// The name as written.
    package var name: String { Self.names[rawValue] }

    private static let names = allCases.map { $0.staticName.description }

    /// The name as written, as bytes.
    package var staticName: StaticString {
        switch self {
        case .timestamp: return "timestamp"
        case .type: return "type"
        case .id: return "id"
        case .previousEventId: return "previousEventId"
        case .index: return "index"
        case .name: return "name"
        case .input: return "input"
        case .output: return "output"
        case .resource: return "resource"
        case .resourceType: return "resourceType"
        case .region: return "region"
        case .parameters: return "parameters"
        case .assignedVariables: return "assignedVariables"
        case .inputDetails: return "inputDetails"
        case .outputDetails: return "outputDetails"
        case .assignedVariablesDetails: return "assignedVariablesDetails"
        }
    }
}

/// Receives an event's members in `GetExecutionHistory`'s order from ``HistoryEvent/describe(to:)``,
/// the one description of every event's shape: the tree (``HistoryEvent/json``), the field list
/// (``HistoryEvent/details``) and the stream writer (``HistoryJSONWriter``) are visitors of it.
@usableFromInline
package protocol HistoryEventVisitor {
    /// `timestamp`, the first member.
    mutating func timestamp(_ date: Date)
    /// `type`.
    mutating func type(_ type: HistoryEventType)
    /// An integer member (`id`, `previousEventId`, `index`).
    mutating func int(_ key: EventKey, _ value: Int)
    /// Opens the details object (named by the type's ``HistoryEventType/detailsKey``); it has at
    /// least one member before ``endDetails()``.
    mutating func beginDetails(_ type: HistoryEventType)
    /// Closes the details object.
    mutating func endDetails()
    /// A string member of the details.
    mutating func string(_ key: EventKey, _ value: String)
    /// A member of the details given as a field (a payload written as JSON text, a text, a value).
    mutating func field(_ key: EventKey, _ value: EventField)
    /// `"KEY": {"truncated": false}` in the details.
    mutating func notTruncated(_ key: EventKey)
    /// The whole details object of an event recorded as a field list: ``HistoryEvent/detailsObject(_:)``
    /// of `fields` (the list itself for ``HistoryEvent/details``).
    mutating func details(_ type: HistoryEventType, fields: [(key: String, value: EventField)])
}

extension HistoryEvent {
    /// Hands every member of the event to `visitor`, in order: the four every event has, then its
    /// details object, if it has one. Every shape of event is written down here and nowhere else.
    /// Inlinable, so that a visitor in another module (the conformance matcher) gets a walk
    /// specialized for it: no generic calls through witness tables per member.
    @inlinable
    package func describe<V: HistoryEventVisitor>(to visitor: inout V) {
        withUnsafePointer(to: self) { HistoryEvent.describe($0, to: &visitor) }
    }

    /// ``describe(to:)`` of the event at `e`, read where it is (a method called on `e.pointee`
    /// copies the whole event first, retaining its payloads, a cost per event when writing a history).
    @inlinable
    package static func describe<V: HistoryEventVisitor>(_ e: UnsafePointer<HistoryEvent>, to visitor: inout V) {
        let type = e.pointee.type
        visitor.timestamp(e.pointee.timestamp)
        visitor.type(type)
        visitor.int(.id, e.pointee.id)
        visitor.int(.previousEventId, e.pointee.previousEventId)
        guard type.detailsKey != nil else { return }
        describeDetails(e, to: &visitor)
    }

    /// The details object's members (nothing for an empty field list, but for the two types that
    /// always show details).
    @inlinable
    func describeDetails<V: HistoryEventVisitor>(to v: inout V) {
        withUnsafePointer(to: self) { HistoryEvent.describeDetails($0, to: &v) }
    }

    /// ``describeDetails(to:)`` of the event at `e`, read where it is.
    @inlinable
    static func describeDetails<V: HistoryEventVisitor>(_ e: UnsafePointer<HistoryEvent>, to v: inout V) {
        let type = e.pointee.type
        // The storage is lent, not copied: binding its names and payloads would retain each.
        storage(of: e).withBorrowedPointee { storage in describeDetails(storage, type, to: &v) }
    }

    /// Where the event at `e` keeps its details.
    @inlinable @inline(__always)
    static func storage(of e: UnsafePointer<HistoryEvent>) -> UnsafePointer<Storage> {
        (UnsafeRawPointer(e) + MemoryLayout<HistoryEvent>.offset(of: \HistoryEvent.storage)!)
            .assumingMemoryBound(to: Storage.self)
    }

    /// ``describeDetails(_:to:)`` of a lent event's `storage` and `type`.
    @inlinable @inline(__always)
    static func describeDetails<V: HistoryEventVisitor>(
        _ storage: borrowing Storage, _ type: HistoryEventType, to v: inout V
    ) {
        switch storage {
        case .fields(let fields):
            guard !fields.isEmpty || HistoryEvent.alwaysHasDetails(type) else { return }
            v.details(type, fields: fields)
        case .entered(let name, let input):
            v.beginDetails(type)
            v.field(.input, input)
            v.notTruncated(.inputDetails)
            v.string(.name, name)
            v.endDetails()
        case .exited(let name, let output):
            v.beginDetails(type)
            v.string(.name, name)
            v.field(.output, output)
            v.notTruncated(.outputDetails)
            v.endDetails()
        case .exitedAssigning(let e):
            var texts = JSONObject(minimumCapacity: e.assigned.count)
            for (k, value) in e.assigned { texts[k] = .string(value) }
            v.beginDetails(type)
            v.field(.assignedVariables, .value(.object(texts)))
            v.notTruncated(.assignedVariablesDetails)
            v.string(.name, e.name)
            v.field(.output, e.output)
            v.notTruncated(.outputDetails)
            v.endDetails()
        case .output(let output):
            v.beginDetails(type)
            v.field(.output, output)
            v.notTruncated(.outputDetails)
            v.endDetails()
        case .taskOutput(let output, let info):
            v.beginDetails(type)
            v.field(.output, output)
            v.notTruncated(.outputDetails)
            v.string(.resource, info.names.resource)
            v.string(.resourceType, info.names.resourceType)
            v.endDetails()
        case .taskResource(let info):
            v.beginDetails(type)
            v.string(.resource, info.names.resource)
            v.string(.resourceType, info.names.resourceType)
            v.endDetails()
        case .lambdaScheduled(let input, let info):
            v.beginDetails(type)
            v.field(.input, .payload(input))
            v.notTruncated(.inputDetails)
            v.string(.resource, info.names.resource)
            v.endDetails()
        case .taskScheduled(let parameters, let scheduled):
            v.beginDetails(type)
            v.string(.resource, scheduled.info.names.resource)
            v.string(.resourceType, scheduled.info.names.resourceType)
            v.string(.region, scheduled.region)
            v.field(.parameters, .payload(parameters))
            v.endDetails()
        case .iteration(let index, let name):
            v.beginDetails(type)
            v.int(.index, index)
            v.string(.name, name)
            v.endDetails()
        }
    }

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

/// Builds ``HistoryEvent/json``: the event as a tree of JSON values.
struct HistoryEventTree: HistoryEventVisitor {
    var event = JSONObject(minimumCapacity: 5)
    var detailsMembers = JSONObject()
    /// The details key while the details are described.
    var detailsKey: String?

    mutating func timestamp(_ date: Date) { event["timestamp"] = .string(Timestamp.format(date)) }
    mutating func type(_ type: HistoryEventType) { event["type"] = .string(type.rawValue) }

    mutating func int(_ key: EventKey, _ value: Int) {
        if detailsKey != nil { detailsMembers[key.name] = .int(value) } else { event[key.name] = .int(value) }
    }

    mutating func beginDetails(_ type: HistoryEventType) { detailsKey = type.detailsKey }

    mutating func endDetails() {
        if let key = detailsKey { event[key] = .object(detailsMembers) }
        detailsKey = nil
    }

    mutating func string(_ key: EventKey, _ value: String) { detailsMembers[key.name] = .string(value) }
    mutating func field(_ key: EventKey, _ value: EventField) { detailsMembers[key.name] = value.apiValue }
    mutating func notTruncated(_ key: EventKey) { detailsMembers[key.name] = ["truncated": false] }

    mutating func details(_ type: HistoryEventType, fields: [(key: String, value: EventField)]) {
        if let key = type.detailsKey { event[key] = .object(HistoryEvent.detailsObject(fields)) }
    }
}

/// Builds ``HistoryEvent/details``: the details as the field list an event is created with.
struct HistoryEventFieldList: HistoryEventVisitor {
    var fields: [(key: String, value: EventField)] = []

    mutating func timestamp(_ date: Date) {}
    mutating func type(_ type: HistoryEventType) {}
    mutating func int(_ key: EventKey, _ value: Int) {
        if key != .id && key != .previousEventId { fields.append((key.name, .value(.int(value)))) }
    }
    mutating func beginDetails(_ type: HistoryEventType) {}
    mutating func endDetails() {}
    mutating func string(_ key: EventKey, _ value: String) { fields.append((key.name, .value(.string(value)))) }
    mutating func field(_ key: EventKey, _ value: EventField) { fields.append((key.name, value)) }
    mutating func notTruncated(_ key: EventKey) { fields.append((key.name, EventField.notTruncated)) }
    mutating func details(_ type: HistoryEventType, fields: [(key: String, value: EventField)]) {
        self.fields = fields
    }
}

/// Reads the details of one of the common events in one call per event, each member a plain
/// argument in `GetExecutionHistory`'s order (the order ``HistoryEvent/describeDetails(_:to:)``
/// hands them over in; a payload's `…Details` is `{"truncated": false}` after it): for a reader
/// that compares them itself, without the visitor walk's call per member (the conformance
/// matcher's quick path). Each answers whether the details matched.
@usableFromInline
package protocol CommonDetailsReader {
    /// `input`, `inputDetails`, `name` (`*StateEntered`).
    mutating func entered(input: EventField, name: String) -> Bool
    /// `name`, `output`, `outputDetails` (`*StateExited`).
    mutating func exited(name: String, output: EventField) -> Bool
    /// `output`, `outputDetails`.
    mutating func output(_ output: EventField) -> Bool
    /// `output`, `outputDetails`, `resource`, `resourceType`.
    mutating func taskOutput(_ output: EventField, resource: String, resourceType: String) -> Bool
    /// `resource`, `resourceType`.
    mutating func taskResource(resource: String, resourceType: String) -> Bool
    /// `input` (a payload), `inputDetails`, `resource`.
    mutating func lambdaScheduled(input: EventField, resource: String) -> Bool
    /// `resource`, `resourceType`, `region`, `parameters` (a payload).
    mutating func taskScheduled(resource: String, resourceType: String, region: String, parameters: EventField) -> Bool
    /// `index`, `name`.
    mutating func iteration(index: Int, name: String) -> Bool
}

extension HistoryEvent {
    /// Hands the details of the event at `e` to `reader` in one call, and gives its answer; nil
    /// (nothing handed) for an event stored as a field list or with assigned variables, which
    /// ``describe(_:to:)`` describes.
    @inlinable
    package static func readCommonDetails<R: CommonDetailsReader>(_ e: UnsafePointer<HistoryEvent>, to r: inout R)
        -> Bool?
    {
        // The storage is lent, not copied: binding its names and payloads would retain each.
        storage(of: e).withBorrowedPointee { storage in readCommonDetails(storage, to: &r) }
    }

    /// ``readCommonDetails(_:to:)`` of a lent event's storage.
    @inlinable @inline(__always)
    static func readCommonDetails<R: CommonDetailsReader>(_ storage: borrowing Storage, to r: inout R) -> Bool? {
        switch storage {
        case .fields, .exitedAssigning:
            return nil
        case .entered(let name, let input):
            return r.entered(input: input, name: name)
        case .exited(let name, let output):
            return r.exited(name: name, output: output)
        case .output(let output):
            return r.output(output)
        case .taskOutput(let output, let info):
            return r.taskOutput(output, resource: info.names.resource, resourceType: info.names.resourceType)
        case .taskResource(let info):
            return r.taskResource(resource: info.names.resource, resourceType: info.names.resourceType)
        case .lambdaScheduled(let input, let info):
            return r.lambdaScheduled(input: .payload(input), resource: info.names.resource)
        case .taskScheduled(let parameters, let scheduled):
            return r.taskScheduled(
                resource: scheduled.info.names.resource, resourceType: scheduled.info.names.resourceType,
                region: scheduled.region, parameters: .payload(parameters))
        case .iteration(let index, let name):
            return r.iteration(index: index, name: name)
        }
    }
}
