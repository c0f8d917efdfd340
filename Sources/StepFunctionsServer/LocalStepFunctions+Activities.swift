import Foundation
import JSONCore
import StepFunctionsSimulator

extension LocalStepFunctions {
    func createActivity(_ r: Request) throws(AWSError) -> JSONValue {
        let name = try r.string("name")
        try Self.checkName(name)
        let tags = try r.tags()
        let arn = arns.activity(name)
        let now = Self.now()
        return data.withLock { d in
            // Creating an existing activity answers with the existing one (AWS's idempotency).
            if let existing = d.activities[name] {
                return ["activityArn": .string(arn), "creationDate": Self.timestamp(existing.creationDate)]
            }
            let activity = ActivityRecord(name: name, arn: arn, creationDate: now, tags: tags)
            d.activities[name] = activity
            persist(StoreRecord.activity(activity), in: &d)
            return ["activityArn": .string(arn), "creationDate": Self.timestamp(now)]
        }
    }

    func describeActivity(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("activityArn")
        let name = try arns.activityName(arn)
        return try data.withLock { (d: inout ServiceData) throws(AWSError) -> JSONValue in
            guard let a = d.activities[name] else { throw .activityDoesNotExist(arn) }
            return [
                "activityArn": .string(a.arn), "name": .string(a.name), "creationDate": Self.timestamp(a.creationDate),
                "encryptionConfiguration": ["type": "AWS_OWNED_KEY"],
            ]
        }
    }

    func deleteActivity(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("activityArn")
        let name = try arns.activityName(arn)
        data.withLock { d in
            if d.activities.removeValue(forKey: name) != nil { persist(StoreRecord.deleteActivity(name), in: &d) }
        }
        return [:]
    }

    func listActivities(_ r: Request) throws(AWSError) -> JSONValue {
        let page = try Page(r)
        let all = data.withLock { d in d.activities.values.sorted { $0.name < $1.name } }
        let (items, next) = try page.slice(all.map(\.name), of: all)
        var o: JSONObject = [
            "activities": .array(
                items.map {
                    [
                        "activityArn": .string($0.arn), "name": .string($0.name),
                        "creationDate": Self.timestamp($0.creationDate),
                    ]
                })
        ]
        if let next { o["nextToken"] = .string(next) }
        return .object(o)
    }

    /// Long-polls for a task of the activity (AWS holds the request up to 60 seconds); no task
    /// answers without a token.
    func getActivityTask(_ r: Request) async throws(AWSError) -> JSONValue {
        let arn = try r.string("activityArn")
        let name = try arns.activityName(arn)
        let worker = try r.optionalString("workerName")
        let exists = data.withLock { d in d.activities[name] != nil }
        guard exists else { throw .activityDoesNotExist(arn) }
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            guard let task = await activityHub.next(arn, timeout: deadline - ContinuousClock.now) else { break }
            // A task whose execution ended meanwhile (stopped, timed out) is not handed out.
            let live = data.withLock { d in d.tokens[task.token] != nil }
            guard live else { continue }
            task.started(workerName: worker)
            return ["taskToken": .string(task.token), "input": .string(JSONWriter.compactJava.string(task.input))]
        }
        return [:]
    }

    // MARK: Tags

    /// Which tagged resource an ARN names: a state machine or an activity (versions and aliases have no tags).
    private enum Tagged {
        case machine(String)
        case activity(String)
    }

    private func tagged(_ arn: String) throws(AWSError) -> Tagged {
        if let name = try? arns.activityName(arn) { return .activity(name) }
        switch try arns.machineReference(arn) {
        case .machine(let name): return .machine(name)
        default: throw .resourceNotFound(arn)
        }
    }

    func tagResource(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("resourceArn")
        let tags = try r.tags()
        let target = try tagged(arn)
        try editTags(target, arn: arn) { existing in
            for tag in tags {
                if let i = existing.firstIndex(where: { $0.key == tag.key }) {
                    existing[i] = tag
                } else {
                    existing.append(tag)
                }
            }
        }
        return [:]
    }

    func untagResource(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("resourceArn")
        let keys = Set((try r.array("tagKeys") ?? []).compactMap(\.stringValue))
        let target = try tagged(arn)
        try editTags(target, arn: arn) { existing in existing.removeAll { keys.contains($0.key) } }
        return [:]
    }

    func listTagsForResource(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("resourceArn")
        let target = try tagged(arn)
        let tags = try data.withLock { (d: inout ServiceData) throws(AWSError) -> [Tag] in
            switch target {
            case .machine(let name):
                guard let m = d.machines[name] else { throw .resourceNotFound(arn) }
                return m.tags
            case .activity(let name):
                guard let a = d.activities[name] else { throw .resourceNotFound(arn) }
                return a.tags
            }
        }
        return ["tags": .array(tags.map(\.json))]
    }

    private func editTags(_ target: Tagged, arn: String, _ edit: (inout [Tag]) -> Void) throws(AWSError) {
        try data.withLock { (d: inout ServiceData) throws(AWSError) in
            switch target {
            case .machine(let name):
                guard var m = d.machines[name] else { throw .resourceNotFound(arn) }
                edit(&m.tags)
                d.machines[name] = m
                persist(StoreRecord.machine(m), in: &d)
            case .activity(let name):
                guard var a = d.activities[name] else { throw .resourceNotFound(arn) }
                edit(&a.tags)
                d.activities[name] = a
                persist(StoreRecord.activity(a), in: &d)
            }
        }
    }

    // MARK: Map Runs

    func describeMapRun(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("mapRunArn")
        return try data.withLock { (d: inout ServiceData) throws(AWSError) -> JSONValue in
            guard let m = d.mapRuns[arn] else { throw .resourceNotFound(arn) }
            var o: JSONObject = [
                "mapRunArn": .string(m.arn), "executionArn": .string(m.executionArn), "status": .string(m.status),
                "startDate": Self.timestamp(m.startDate), "maxConcurrency": .int(m.maxConcurrency),
                "toleratedFailurePercentage": .double(m.toleratedFailurePercentage),
                "toleratedFailureCount": .int(m.toleratedFailureCount), "itemCounts": .object(m.itemCounts),
                "executionCounts": .object(m.executionCounts),
            ]
            if let stop = m.stopDate { o["stopDate"] = Self.timestamp(stop) }
            // AWS shows the redrive count of a Map Run once a redrive of its execution redrove it.
            if m.redriveCount > 0 {
                o["redriveCount"] = .int(m.redriveCount)
                if let redrive = m.redriveDate { o["redriveDate"] = Self.timestamp(redrive) }
            }
            return .object(o)
        }
    }

    func listMapRuns(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("executionArn")
        let page = try Page(r)
        let e = try execution(arn)
        let runs = data.withLock { d in e.mapRuns.compactMap { d.mapRuns[$0] } }
        let (items, next) = try page.slice(runs.map(\.arn), of: runs)
        var o: JSONObject = [
            "mapRuns": .array(
                items.map { m in
                    var item: JSONObject = [
                        "executionArn": .string(m.executionArn), "mapRunArn": .string(m.arn),
                        "stateMachineArn": .string(m.machineArn), "startDate": Self.timestamp(m.startDate),
                    ]
                    if let stop = m.stopDate { item["stopDate"] = Self.timestamp(stop) }
                    return .object(item)
                })
        ]
        if let next { o["nextToken"] = .string(next) }
        return .object(o)
    }

    func updateMapRun(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("mapRunArn")
        let maxConcurrency = try r.int("maxConcurrency")
        let count = try r.int("toleratedFailureCount")
        let percentage = r.body["toleratedFailurePercentage"]?.doubleValue
        try data.withLock { (d: inout ServiceData) throws(AWSError) in
            guard var m = d.mapRuns[arn] else { throw .resourceNotFound(arn) }
            if let maxConcurrency { m.maxConcurrency = maxConcurrency }
            if let count { m.toleratedFailureCount = count }
            if let percentage { m.toleratedFailurePercentage = percentage }
            d.mapRuns[arn] = m
            persist(StoreRecord.mapRun(m), in: &d)
        }
        return [:]
    }
}
