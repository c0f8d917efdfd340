import Foundation
import JSONCore
import StepFunctionsSimulator

extension LocalStepFunctions {
    /// The CloudWatch Logs calls a logging configuration needs (its log group must exist): a stand-in
    /// that keeps log groups by name and stores no log events.
    func logs(_ operation: String, _ r: Request) -> Result<JSONValue, AWSError> {
        do {
            switch operation {
            case "CreateLogGroup":
                let name = try r.string("logGroupName")
                let now = Self.now()
                try data.withLock { (d: inout ServiceData) throws(AWSError) in
                    guard d.logGroups[name] == nil else {
                        throw AWSError("ResourceAlreadyExistsException", "The specified log group already exists")
                    }
                    d.logGroups[name] = now
                    persist(StoreRecord.logGroup(name, created: now), in: &d)
                }
                return .success([:])
            case "DeleteLogGroup":
                let name = try r.string("logGroupName")
                try data.withLock { (d: inout ServiceData) throws(AWSError) in
                    guard d.logGroups.removeValue(forKey: name) != nil else {
                        throw AWSError("ResourceNotFoundException", "The specified log group does not exist.")
                    }
                    persist(StoreRecord.logGroup(name, created: nil), in: &d)
                }
                return .success([:])
            case "DescribeLogGroups":
                let prefix = try r.optionalString("logGroupNamePrefix") ?? ""
                let groups = data.withLock { d in
                    d.logGroups.filter { $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }
                }
                return .success([
                    "logGroups": .array(
                        groups.map { name, created in
                            [
                                "logGroupName": .string(name),
                                "arn": .string(
                                    "arn:\(options.partition):logs:\(options.region):\(options.accountId):log-group:\(name):*"
                                ),
                                "creationTime": .int(Int(created.timeIntervalSince1970 * 1000)), "storedBytes": 0,
                                "metricFilterCount": 0,
                            ]
                        })
                ])
            case "DescribeLogStreams":
                let group = try r.string("logGroupName")
                let streams = try data.withLock { (d: inout ServiceData) throws(AWSError) -> [(String, [LogEvent])] in
                    guard d.logGroups[group] != nil else {
                        throw AWSError("ResourceNotFoundException", "The specified log group does not exist.")
                    }
                    return (d.logStreams[group] ?? [:]).sorted { $0.key < $1.key }
                }
                return .success([
                    "logStreams": .array(
                        streams.map { name, events in
                            let first = events.first?.timestamp ?? 0
                            return [
                                "logStreamName": .string(name), "creationTime": .int(first),
                                "firstEventTimestamp": .int(first),
                                "lastEventTimestamp": .int(events.last?.timestamp ?? 0),
                                "lastIngestionTime": .int(events.last?.timestamp ?? 0), "storedBytes": 0,
                                "arn": .string(
                                    "arn:\(options.partition):logs:\(options.region):\(options.accountId):log-group:\(group):log-stream:\(name)"
                                ),
                            ]
                        })
                ])
            case "GetLogEvents":
                let group = try r.string("logGroupName")
                let stream = try r.string("logStreamName")
                let events = try data.withLock { (d: inout ServiceData) throws(AWSError) -> [LogEvent] in
                    guard let events = d.logStreams[group]?[stream] else {
                        throw AWSError("ResourceNotFoundException", "The specified log stream does not exist.")
                    }
                    return events
                }
                return .success([
                    "events": .array(
                        events.map {
                            [
                                "timestamp": .int($0.timestamp), "message": .string($0.message),
                                "ingestionTime": .int($0.timestamp),
                            ]
                        }),
                    "nextForwardToken": .string("f/\(events.count)"), "nextBackwardToken": "b/0",
                ])
            default:
                return .failure(
                    AWSError(
                        "UnknownOperationException",
                        "sfn serve stands in for CreateLogGroup, DescribeLogGroups, DeleteLogGroup, DescribeLogStreams and GetLogEvents of CloudWatch Logs only"
                    ))
            }
        } catch {
            return .failure(error)
        }
    }
}

/// One log event of the CloudWatch Logs stand-in.
struct LogEvent: Sendable {
    /// Milliseconds since 1970.
    var timestamp: Int
    var message: String
}

extension LocalStepFunctions {
    /// Writes an execution's history to its state machine's log group, as AWS's execution logging
    /// does: one JSON message per event the level keeps (ALL: every event; ERROR: failures;
    /// FATAL: the execution's own failure), with the input and output when `includeExecutionData`.
    func writeLogs(_ history: [HistoryEvent], executionArn: String, revision: Revision, redriveCount: Int = 0) {
        let logging = revision.logging
        let level = logging["level"]?.stringValue ?? "OFF"
        guard level != "OFF",
            let arn = logging["destinations"]?[0]?["cloudWatchLogsLogGroup"]?["logGroupArn"]?.stringValue,
            let group = Self.logGroupName(arn)
        else { return }
        let includeData = logging["includeExecutionData"]?.boolValue ?? false
        let kept = history.filter { event in
            switch level {
            case "ALL": return true
            case "ERROR":
                let t = event.type.rawValue
                return t.hasSuffix("Failed") || t.hasSuffix("TimedOut") || t.hasSuffix("Aborted")
            default:
                return [.executionFailed, .executionTimedOut, .executionAborted].contains(event.type)
            }
        }
        guard !kept.isEmpty else { return }
        let parts = executionArn.split(separator: ":").map(String.init)
        let run = parts.last ?? Self.uuid()
        let machine = parts.count > 6 ? parts[6] : ""
        let stamp = history.first.map { Self.streamDate($0.timestamp) } ?? ""
        let stream = "states/\(machine)/\(stamp)/\(run)"
        let events = kept.map { event -> LogEvent in
            var message = JSONObject()
            message["id"] = .string(String(event.id))
            message["type"] = .string(event.type.rawValue)
            var details = JSONObject()
            if let key = event.type.detailsKey, let o = event.json[key]?.objectValue {
                for (k, v) in o {
                    if k == "input" || k == "output" {
                        guard includeData else { continue }
                        details[k] = v.stringValue.flatMap { try? JSONParser.parse($0) } ?? v
                    } else if (k == "inputDetails" || k == "outputDetails") && !includeData {
                        continue
                    } else {
                        details[k] = v
                    }
                }
            }
            message["details"] = .object(details)
            message["previous_event_id"] = .string(String(event.previousEventId))
            let millis = Int(event.timestamp.timeIntervalSince1970 * 1000)
            message["event_timestamp"] = .string(String(millis))
            message["execution_arn"] = .string(executionArn)
            message["redrive_count"] = .string(String(redriveCount))
            return LogEvent(timestamp: millis, message: JSONWriter.compact.string(.object(message)))
        }
        data.withLock { d in
            guard d.logGroups[group] != nil else { return }
            d.logStreams[group, default: [:]][stream, default: []].append(contentsOf: events)
            persist(StoreRecord.logEvents(group: group, stream: stream, events[...]), in: &d)
        }
    }

    /// `YYYY-MM-DD-HH-MM` of a stream name.
    static func streamDate(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd-HH-mm"
        return f.string(from: date)
    }
}
