import Foundation
import JSONCore

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
                    persist(StoreRecord.logGroup(name, created: now))
                }
                return .success([:])
            case "DeleteLogGroup":
                let name = try r.string("logGroupName")
                try data.withLock { (d: inout ServiceData) throws(AWSError) in
                    guard d.logGroups.removeValue(forKey: name) != nil else {
                        throw AWSError("ResourceNotFoundException", "The specified log group does not exist.")
                    }
                    persist(StoreRecord.logGroup(name, created: nil))
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
            default:
                return .failure(
                    AWSError(
                        "UnknownOperationException",
                        "sfn serve stands in for CreateLogGroup, DescribeLogGroups and DeleteLogGroup of CloudWatch Logs only"
                    ))
            }
        } catch {
            return .failure(error)
        }
    }
}
