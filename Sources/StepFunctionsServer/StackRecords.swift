import Foundation
import JSONCore

/// A CloudFormation stack the stand-in created: what DescribeStacks, ListStacks and the resource and
/// event operations answer. A deleted stack is kept (status `DELETE_COMPLETE`), as AWS keeps it for
/// ListStacks and DescribeStacks by stack id.
struct StackRecord: Sendable {
    /// `arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/UUID`.
    var id: String
    var name: String
    /// `CREATE_IN_PROGRESS`, `CREATE_COMPLETE`, `ROLLBACK_COMPLETE`, `DELETE_COMPLETE`...
    var status: String
    var reason: String?
    var description: String?
    var templateBody: String
    var creationTime: Date
    var deletionTime: Date?
    var parameters: [KeyValue]
    var tags: [KeyValue]
    var capabilities: [String]
    var disableRollback: Bool
    var outputs: [StackOutput] = []
    /// The resources in the order they were created.
    var resources: [StackResource] = []
    /// The stack's events, oldest first (DescribeStackEvents answers newest first).
    var events: [StackEvent] = []

    /// Whether the stack still exists (a name names at most one such stack).
    var isActive: Bool { status != "DELETE_COMPLETE" }
}

/// A key and a value (stack parameters and tags).
struct KeyValue: Sendable, Hashable {
    var key: String
    var value: String
}

/// An output of a stack, resolved.
struct StackOutput: Sendable {
    var key: String
    var value: String
    var description: String?
    var exportName: String?
}

/// A resource of a stack.
struct StackResource: Sendable {
    var logicalId: String
    var type: String
    var physicalId: String
    var status: String
    var reason: String?
    var timestamp: Date
    /// `Retain` keeps the resource when the stack is deleted.
    var deletionPolicy: String?
}

/// One event of a stack (the stack's own have the stack's name as logical id).
struct StackEvent: Sendable {
    var id: String
    var logicalId: String
    var physicalId: String
    var type: String
    var status: String
    var reason: String?
    var timestamp: Date
}

extension StackRecord {
    /// The record as the data directory keeps it.
    var json: JSONValue {
        func date(_ d: Date) -> JSONValue { .double(d.timeIntervalSince1970) }
        func pairs(_ list: [KeyValue]) -> JSONValue {
            .array(list.map { ["key": .string($0.key), "value": .string($0.value)] })
        }
        var o: JSONObject = [
            "t": "stack", "id": .string(id), "name": .string(name), "status": .string(status),
            "templateBody": .string(templateBody), "creationTime": date(creationTime), "parameters": pairs(parameters),
            "tags": pairs(tags), "capabilities": .array(capabilities.map(JSONValue.string)),
            "disableRollback": .bool(disableRollback),
        ]
        if let reason { o["reason"] = .string(reason) }
        if let description { o["description"] = .string(description) }
        if let deletionTime { o["deletionTime"] = date(deletionTime) }
        o["outputs"] = .array(
            outputs.map { out in
                var v: JSONObject = ["key": .string(out.key), "value": .string(out.value)]
                if let d = out.description { v["description"] = .string(d) }
                if let e = out.exportName { v["exportName"] = .string(e) }
                return .object(v)
            })
        o["resources"] = .array(
            resources.map { r in
                var v: JSONObject = [
                    "logicalId": .string(r.logicalId), "type": .string(r.type), "physicalId": .string(r.physicalId),
                    "status": .string(r.status), "timestamp": date(r.timestamp),
                ]
                if let reason = r.reason { v["reason"] = .string(reason) }
                if let policy = r.deletionPolicy { v["deletionPolicy"] = .string(policy) }
                return .object(v)
            })
        o["events"] = .array(
            events.map { e in
                var v: JSONObject = [
                    "id": .string(e.id), "logicalId": .string(e.logicalId), "physicalId": .string(e.physicalId),
                    "type": .string(e.type), "status": .string(e.status), "timestamp": date(e.timestamp),
                ]
                if let reason = e.reason { v["reason"] = .string(reason) }
                return .object(v)
            })
        return .object(o)
    }

    /// Reads a record written by ``json``.
    init(json record: JSONValue) throws(StoreRecordError) {
        let r = StoreRecord.Fields(record)
        func pairs(_ v: JSONValue?) -> [KeyValue] {
            (v?.arrayValue ?? []).compactMap { p in
                p["key"]?.stringValue.map { KeyValue(key: $0, value: p["value"]?.stringValue ?? "") }
            }
        }
        func date(_ v: JSONValue?) -> Date { Date(timeIntervalSince1970: v?.doubleValue ?? 0) }
        id = try r.string("id")
        name = try r.string("name")
        status = try r.string("status")
        reason = record["reason"]?.stringValue
        description = record["description"]?.stringValue
        templateBody = try r.string("templateBody")
        creationTime = try r.date("creationTime")
        deletionTime = r.optionalDate("deletionTime")
        parameters = pairs(record["parameters"])
        tags = pairs(record["tags"])
        capabilities = (record["capabilities"]?.arrayValue ?? []).compactMap(\.stringValue)
        disableRollback = record["disableRollback"]?.boolValue ?? false
        outputs = (record["outputs"]?.arrayValue ?? []).compactMap { v in
            guard let key = v["key"]?.stringValue, let value = v["value"]?.stringValue else { return nil }
            return StackOutput(
                key: key, value: value, description: v["description"]?.stringValue,
                exportName: v["exportName"]?.stringValue)
        }
        resources = (record["resources"]?.arrayValue ?? []).compactMap { v in
            guard let logicalId = v["logicalId"]?.stringValue, let type = v["type"]?.stringValue else { return nil }
            return StackResource(
                logicalId: logicalId, type: type, physicalId: v["physicalId"]?.stringValue ?? "",
                status: v["status"]?.stringValue ?? "", reason: v["reason"]?.stringValue,
                timestamp: date(v["timestamp"]),
                deletionPolicy: v["deletionPolicy"]?.stringValue)
        }
        events = (record["events"]?.arrayValue ?? []).compactMap { v in
            guard let id = v["id"]?.stringValue else { return nil }
            return StackEvent(
                id: id, logicalId: v["logicalId"]?.stringValue ?? "", physicalId: v["physicalId"]?.stringValue ?? "",
                type: v["type"]?.stringValue ?? "", status: v["status"]?.stringValue ?? "",
                reason: v["reason"]?.stringValue, timestamp: date(v["timestamp"]))
        }
    }
}
