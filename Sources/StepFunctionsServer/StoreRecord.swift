import Foundation
import JSONCore
import StepFunctionsModel
import StepFunctionsSimulator

/// The records the service writes to its store, one per acknowledged change, and how they are
/// read back: each names the resource it replaces (or deletes) whole, so replaying them in order
/// rebuilds ``ServiceData``.
enum StoreRecord {
    static func machine(_ m: MachineRecord) -> JSONValue {
        var o: JSONObject = [
            "t": "machine", "name": .string(m.name), "arn": .string(m.arn), "type": .string(m.type.rawValue),
            "creationDate": date(m.creationDate), "current": revision(m.current), "nextVersion": .int(m.nextVersion),
            "tags": tags(m.tags),
        ]
        if let u = m.updateDate { o["updateDate"] = date(u) }
        o["versions"] = .array(
            m.versions.values.sorted { $0.number < $1.number }.map { v in
                var vo: JSONObject = [
                    "number": .int(v.number), "arn": .string(v.arn), "revision": revision(v.revision),
                    "creationDate": date(v.creationDate),
                ]
                if let d = v.description { vo["description"] = .string(d) }
                return .object(vo)
            })
        o["aliases"] = .array(
            m.aliases.values.sorted { $0.name < $1.name }.map { a in
                var ao: JSONObject = [
                    "name": .string(a.name), "arn": .string(a.arn), "routing": .array(a.routing.map(\.json)),
                    "creationDate": date(a.creationDate),
                ]
                if let d = a.description { ao["description"] = .string(d) }
                if let u = a.updateDate { ao["updateDate"] = date(u) }
                return .object(ao)
            })
        return .object(o)
    }

    static func deleteMachine(_ name: String) -> JSONValue { ["t": "deleteMachine", "name": .string(name)] }

    static func activity(_ a: ActivityRecord) -> JSONValue {
        [
            "t": "activity", "name": .string(a.name), "arn": .string(a.arn), "creationDate": date(a.creationDate),
            "tags": tags(a.tags),
        ]
    }

    static func deleteActivity(_ name: String) -> JSONValue { ["t": "deleteActivity", "name": .string(name)] }

    static func logGroup(_ name: String, created: Date?) -> JSONValue {
        var o: JSONObject = ["t": "logGroup", "name": .string(name)]
        if let created { o["creationDate"] = date(created) }
        return .object(o)
    }

    static func bucket(_ name: String, exists: Bool) -> JSONValue {
        ["t": "bucket", "name": .string(name), "exists": .bool(exists)]
    }

    static func object(bucket: String, key: String, text: String?) -> JSONValue {
        var o: JSONObject = ["t": "object", "bucket": .string(bucket), "key": .string(key)]
        if let text { o["text"] = .string(text) }
        return .object(o)
    }

    /// An execution as a whole (at its start, and again when it ends, with its history).
    static func execution(_ e: ExecutionRecord) -> JSONValue {
        var o: JSONObject = [
            "t": "execution", "arn": .string(e.arn), "name": .string(e.name), "machineName": .string(e.machineName),
            "machineArn": .string(e.machineArn), "express": .bool(e.express), "input": .string(e.inputText),
            "status": .string(e.status.rawValue), "startDate": date(e.startDate), "revision": revision(e.revision),
            "redriveCount": .int(e.redriveCount),
        ]
        if let v = e.versionArn { o["versionArn"] = .string(v) }
        if let a = e.aliasArn { o["aliasArn"] = .string(a) }
        if let s = e.stopDate { o["stopDate"] = date(s) }
        if let out = e.outputText { o["output"] = .string(out) }
        if let err = e.error { o["error"] = .string(err) }
        if let c = e.cause { o["cause"] = .string(c) }
        if let t = e.traceHeader { o["traceHeader"] = .string(t) }
        if let r = e.redriveDate { o["redriveDate"] = date(r) }
        if !e.history.isEmpty { o["history"] = .array(e.history.map(event)) }
        if !e.mapRuns.isEmpty { o["mapRuns"] = .array(e.mapRuns.map(JSONValue.string)) }
        if let t = e.testCase { o["testCase"] = .string(t) }
        if !e.redriveTokens.isEmpty {
            o["redriveTokens"] = .array(
                e.redriveTokens.map {
                    ["token": .string($0.token), "used": date($0.used), "redriveDate": date($0.redriveDate)]
                })
        }
        return .object(o)
    }

    /// Events a running execution recorded since the last such record.
    static func events(_ arn: String, _ events: ArraySlice<HistoryEvent>) -> JSONValue {
        ["t": "events", "arn": .string(arn), "events": .array(events.map(event))]
    }

    static func mapRun(_ m: MapRunRecord) -> JSONValue {
        var o: JSONObject = [
            "t": "mapRun", "arn": .string(m.arn), "executionArn": .string(m.executionArn),
            "machineArn": .string(m.machineArn), "startDate": date(m.startDate), "status": .string(m.status),
            "maxConcurrency": .int(m.maxConcurrency), "toleratedFailureCount": .int(m.toleratedFailureCount),
            "toleratedFailurePercentage": .double(m.toleratedFailurePercentage),
            "itemCounts": .object(m.itemCounts), "executionCounts": .object(m.executionCounts),
        ]
        if let s = m.stopDate { o["stopDate"] = date(s) }
        if m.redriveCount > 0 { o["redriveCount"] = .int(m.redriveCount) }
        if let r = m.redriveDate { o["redriveDate"] = date(r) }
        if !m.childOutputs.isEmpty {
            var outputs = JSONObject()
            for (i, output) in m.childOutputs.sorted(by: { $0.key < $1.key }) { outputs[String(i)] = output }
            o["childOutputs"] = .object(outputs)
        }
        return .object(o)
    }

    /// Events appended to a log stream.
    static func logEvents(group: String, stream: String, _ events: ArraySlice<LogEvent>) -> JSONValue {
        [
            "t": "logEvents", "group": .string(group), "stream": .string(stream),
            "events": .array(events.map { ["timestamp": .int($0.timestamp), "message": .string($0.message)] }),
        ]
    }

    // MARK: Snapshots

    /// How many records ``snapshot(of:)`` would write: the journal is compacted when it has grown
    /// well past this.
    static func count(_ d: ServiceData) -> Int {
        d.machines.count + d.activities.count + d.executions.count + d.mapRuns.count + d.logGroups.count
            + d.logStreams.values.reduce(0) { $0 + $1.count } + d.buckets.values.reduce(0) { $0 + 1 + $1.count }
            + d.stacks.count
    }

    /// The whole data as records that rebuild it (a running execution with the events it has
    /// recorded so far, which are then journaled).
    static func snapshot(of d: inout ServiceData) -> [JSONValue] {
        var out: [JSONValue] = []
        for name in d.machines.keys.sorted() { out.append(machine(d.machines[name]!)) }
        for name in d.activities.keys.sorted() { out.append(activity(d.activities[name]!)) }
        for name in d.logGroups.keys.sorted() {
            out.append(logGroup(name, created: d.logGroups[name]!))
            for (stream, events) in (d.logStreams[name] ?? [:]).sorted(by: { $0.key < $1.key }) {
                out.append(logEvents(group: name, stream: stream, events[...]))
            }
        }
        for name in d.buckets.keys.sorted() {
            out.append(bucket(name, exists: true))
            for (key, text) in d.buckets[name]!.sorted(by: { $0.key < $1.key }) {
                out.append(object(bucket: name, key: key, text: text))
            }
        }
        // Executions in the order each machine started them (ListExecutions' order).
        for machineName in d.executionsByMachine.keys.sorted() {
            for arn in d.executionsByMachine[machineName] ?? [] {
                guard var e = d.executions[arn] else { continue }
                if e.status == .running, var live = d.live[arn] {
                    e.history = live.observer.history.snapshot
                    live.journaledEvents = e.history.count
                    d.live[arn] = live
                }
                out.append(execution(e))
            }
        }
        for arn in d.mapRuns.keys.sorted() { out.append(mapRun(d.mapRuns[arn]!)) }
        for id in d.stacks.keys.sorted() { out.append(d.stacks[id]!.json) }
        return out
    }

    // MARK: Reading back

    /// Applies one record to `d`; a record it cannot read is an error naming what is wrong.
    static func apply(_ record: JSONValue, to d: inout ServiceData) throws(StoreRecordError) {
        let r = Fields(record)
        switch try r.string("t") {
        case "machine":
            var m = MachineRecord(
                name: try r.string("name"), arn: try r.string("arn"),
                type: StateMachineType(rawValue: try r.string("type")) ?? .standard,
                creationDate: try r.date("creationDate"), current: try readRevision(r.field("current")),
                updateDate: r.optionalDate("updateDate"), tags: readTags(record["tags"]))
            m.nextVersion = try r.int("nextVersion")
            for v in record["versions"]?.arrayValue ?? [] {
                let f = Fields(v)
                let version = VersionRecord(
                    number: try f.int("number"), arn: try f.string("arn"),
                    revision: try readRevision(f.field("revision")),
                    description: v["description"]?.stringValue, creationDate: try f.date("creationDate"))
                m.versions[version.number] = version
            }
            for a in record["aliases"]?.arrayValue ?? [] {
                let f = Fields(a)
                let routing = (a["routing"]?.arrayValue ?? []).compactMap { item -> RoutingEntry? in
                    guard let arn = item["stateMachineVersionArn"]?.stringValue, let w = item["weight"]?.intValue else {
                        return nil
                    }
                    return RoutingEntry(versionArn: arn, weight: w)
                }
                let alias = AliasRecord(
                    name: try f.string("name"), arn: try f.string("arn"), description: a["description"]?.stringValue,
                    routing: routing, creationDate: try f.date("creationDate"), updateDate: f.optionalDate("updateDate")
                )
                m.aliases[alias.name] = alias
            }
            d.machines[m.name] = m
        case "deleteMachine":
            d.machines.removeValue(forKey: try r.string("name"))
        case "activity":
            let a = ActivityRecord(
                name: try r.string("name"), arn: try r.string("arn"), creationDate: try r.date("creationDate"),
                tags: readTags(record["tags"]))
            d.activities[a.name] = a
        case "deleteActivity":
            d.activities.removeValue(forKey: try r.string("name"))
        case "logGroup":
            let name = try r.string("name")
            if let created = r.optionalDate("creationDate") {
                d.logGroups[name] = created
            } else {
                d.logGroups.removeValue(forKey: name)
            }
        case "execution":
            let arn = try r.string("arn")
            var e = ExecutionRecord(
                arn: arn, name: try r.string("name"), machineName: try r.string("machineName"),
                machineArn: try r.string("machineArn"), versionArn: record["versionArn"]?.stringValue,
                aliasArn: record["aliasArn"]?.stringValue, express: record["express"]?.boolValue ?? false,
                inputText: try r.string("input"),
                status: ExecutionState(rawValue: try r.string("status")) ?? .failed, startDate: try r.date("startDate"),
                stopDate: r.optionalDate("stopDate"), outputText: record["output"]?.stringValue,
                error: record["error"]?.stringValue, cause: record["cause"]?.stringValue,
                revision: try readRevision(r.field("revision")))
            e.redriveCount = record["redriveCount"]?.intValue ?? 0
            e.redriveDate = r.optionalDate("redriveDate")
            e.traceHeader = record["traceHeader"]?.stringValue
            e.mapRuns = (record["mapRuns"]?.arrayValue ?? []).compactMap(\.stringValue)
            e.testCase = record["testCase"]?.stringValue
            e.redriveTokens = (record["redriveTokens"]?.arrayValue ?? []).compactMap { t -> RedriveToken? in
                let f = Fields(t)
                guard let token = t["token"]?.stringValue, let used = f.optionalDate("used"),
                    let redriveDate = f.optionalDate("redriveDate")
                else { return nil }
                return RedriveToken(token: token, used: used, redriveDate: redriveDate)
            }
            if let history = record["history"]?.arrayValue {
                e.history = try history.map { (v) throws(StoreRecordError) in try readEvent(v) }
            } else if let previous = d.executions[arn], e.status == .running {
                e.history = previous.history
            }
            if d.executions[arn] == nil { d.executionsByMachine[e.machineName, default: []].append(arn) }
            d.executions[arn] = e
        case "events":
            let arn = try r.string("arn")
            let events = try (record["events"]?.arrayValue ?? []).map { (v) throws(StoreRecordError) in
                try readEvent(v)
            }
            d.executions[arn]?.history.append(contentsOf: events)
        case "mapRun":
            var m = MapRunRecord(
                arn: try r.string("arn"), executionArn: try r.string("executionArn"),
                machineArn: try r.string("machineArn"), startDate: try r.date("startDate"),
                stopDate: r.optionalDate("stopDate"), status: try r.string("status"),
                maxConcurrency: try r.int("maxConcurrency"), toleratedFailureCount: try r.int("toleratedFailureCount"),
                toleratedFailurePercentage: record["toleratedFailurePercentage"]?.doubleValue ?? 0,
                itemCounts: record["itemCounts"]?.objectValue ?? JSONObject(),
                executionCounts: record["executionCounts"]?.objectValue ?? JSONObject())
            m.redriveCount = record["redriveCount"]?.intValue ?? 0
            m.redriveDate = r.optionalDate("redriveDate")
            for (key, output) in record["childOutputs"]?.objectValue ?? JSONObject() {
                if let i = Int(key) { m.childOutputs[i] = output }
            }
            d.mapRuns[m.arn] = m
        case "bucket":
            let name = try r.string("name")
            if record["exists"]?.boolValue == true {
                if d.buckets[name] == nil { d.buckets[name] = [:] }
            } else {
                d.buckets.removeValue(forKey: name)
            }
        case "object":
            let bucket = try r.string("bucket")
            let key = try r.string("key")
            d.buckets[bucket, default: [:]][key] = record["text"]?.stringValue
        case "stack":
            let stack = try StackRecord(json: record)
            d.stacks[stack.id] = stack
        case "logEvents":
            let group = try r.string("group")
            let stream = try r.string("stream")
            let events = (record["events"]?.arrayValue ?? []).compactMap { v -> LogEvent? in
                guard let t = v["timestamp"]?.intValue, let m = v["message"]?.stringValue else { return nil }
                return LogEvent(timestamp: t, message: m)
            }
            d.logStreams[group, default: [:]][stream, default: []].append(contentsOf: events)
        case let other:
            throw StoreRecordError("unknown record type '\(other)'")
        }
    }

    // MARK: Pieces

    static func date(_ d: Date) -> JSONValue { .double(d.timeIntervalSince1970) }

    static func tags(_ tags: [Tag]) -> JSONValue { .array(tags.map(\.json)) }

    static func readTags(_ v: JSONValue?) -> [Tag] {
        (v?.arrayValue ?? []).compactMap { t in
            t["key"]?.stringValue.map { Tag(key: $0, value: t["value"]?.stringValue ?? "") }
        }
    }

    static func revision(_ r: Revision) -> JSONValue {
        var o: JSONObject = [
            "definition": .string(r.definitionText), "roleArn": .string(r.roleArn), "logging": r.logging,
            "tracing": r.tracing,
        ]
        if let id = r.revisionId { o["revisionId"] = .string(id) }
        if let d = r.description { o["description"] = .string(d) }
        return .object(o)
    }

    static func readRevision(_ v: JSONValue) throws(StoreRecordError) -> Revision {
        let f = Fields(v)
        return Revision(
            definitionText: try f.string("definition"), roleArn: try f.string("roleArn"),
            logging: v["logging"] ?? ["includeExecutionData": false, "level": "OFF"],
            tracing: v["tracing"] ?? ["enabled": false], revisionId: v["revisionId"]?.stringValue,
            description: v["description"]?.stringValue)
    }

    /// An event as its API JSON, with the timestamp as epoch seconds.
    static func event(_ e: HistoryEvent) -> JSONValue {
        var json = e.json
        if case .object(var o) = json {
            // AWS's timestamps have millisecond precision.
            o["timestamp"] = .double((e.timestamp.timeIntervalSince1970 * 1000).rounded() / 1000)
            json = .object(o)
        }
        return json
    }

    static func readEvent(_ v: JSONValue) throws(StoreRecordError) -> HistoryEvent {
        let f = Fields(v)
        guard let type = HistoryEventType(rawValue: try f.string("type")) else {
            throw StoreRecordError("unknown history event type in \(v)")
        }
        var details: [(key: String, value: EventField)] = []
        if let key = type.detailsKey, let o = v[key]?.objectValue {
            for (k, value) in o {
                if k == "input" || k == "output", let text = value.stringValue {
                    details.append((k, .text(text)))
                } else if k != "inputDetails" && k != "outputDetails" {
                    details.append((k, .value(value)))
                }
            }
        }
        return HistoryEvent(
            id: try f.int("id"), previousEventId: try f.int("previousEventId"), timestamp: try f.date("timestamp"),
            type: type, details: details)
    }

    /// Typed reads from a record, with errors naming the missing field.
    struct Fields {
        let value: JSONValue
        init(_ value: JSONValue) { self.value = value }

        func field(_ k: String) throws(StoreRecordError) -> JSONValue {
            guard let v = value[k] else { throw StoreRecordError("missing '\(k)'") }
            return v
        }
        func string(_ k: String) throws(StoreRecordError) -> String {
            guard let s = value[k]?.stringValue else { throw StoreRecordError("missing text '\(k)'") }
            return s
        }
        func int(_ k: String) throws(StoreRecordError) -> Int {
            guard let n = value[k]?.intValue else { throw StoreRecordError("missing number '\(k)'") }
            return n
        }
        func date(_ k: String) throws(StoreRecordError) -> Date {
            guard let n = value[k]?.doubleValue else { throw StoreRecordError("missing date '\(k)'") }
            return Date(timeIntervalSince1970: n)
        }
        func optionalDate(_ k: String) -> Date? { value[k]?.doubleValue.map { Date(timeIntervalSince1970: $0) } }
    }
}

/// A stored record the service cannot read back.
struct StoreRecordError: Error, Sendable, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
