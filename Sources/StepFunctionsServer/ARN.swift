/// The ARNs the Step Functions API names things with, parsed and built.
///
/// `arn:PARTITION:states:REGION:ACCOUNT:stateMachine:NAME` (a state machine), `...:NAME:N` (version N),
/// `...:NAME:ALIAS` (an alias), `...:execution:MACHINE:NAME` (a STANDARD execution),
/// `...:express:MACHINE:NAME:RUN` (an EXPRESS one), `...:activity:NAME`, `...:mapRun:MACHINE/LABEL:ID`.
package struct ARN: Sendable, Hashable, CustomStringConvertible {
    /// The partition (`aws`).
    package var partition: String
    /// The region.
    package var region: String
    /// The account.
    package var account: String
    /// The resource type (`stateMachine`, `execution`, `express`, `activity`, `mapRun`).
    package var resourceType: String
    /// The parts after the resource type, split at `:`.
    package var resource: [String]

    /// Parses a `states` ARN; nil when `text` is not one.
    package init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 7, parts[0] == "arn", parts[2] == "states", !parts[5].isEmpty else { return nil }
        partition = parts[1]
        region = parts[3]
        account = parts[4]
        resourceType = parts[5]
        resource = Array(parts[6...])
    }

    /// Builds an ARN.
    package init(partition: String, region: String, account: String, resourceType: String, resource: [String]) {
        self.partition = partition
        self.region = region
        self.account = account
        self.resourceType = resourceType
        self.resource = resource
    }

    /// The ARN's text.
    package var description: String {
        (["arn", partition, "states", region, account, resourceType] + resource).joined(separator: ":")
    }
}

/// What a state machine ARN names: the machine, one of its versions, or one of its aliases.
package enum MachineReference: Sendable, Hashable {
    /// The state machine itself (its latest revision).
    case machine(String)
    /// A published version.
    case version(String, Int)
    /// An alias.
    case alias(String, String)

    /// The state machine's name.
    package var machineName: String {
        switch self {
        case .machine(let n), .version(let n, _), .alias(let n, _): return n
        }
    }
}

/// Parses and checks the ARNs an operation receives, with AWS's errors.
package struct ARNRules: Sendable {
    /// Where resources live.
    package var partition = "aws"
    /// The region.
    package var region = "us-east-1"
    /// The account.
    package var account = "123456789012"

    /// Creates rules for a partition, region and account.
    package init(partition: String = "aws", region: String = "us-east-1", account: String = "123456789012") {
        self.partition = partition
        self.region = region
        self.account = account
    }

    /// The ARN of a state machine named `name`.
    package func stateMachine(_ name: String) -> String {
        ARN(partition: partition, region: region, account: account, resourceType: "stateMachine", resource: [name])
            .description
    }

    /// The ARN of version `version` of `name`.
    package func version(_ name: String, _ version: Int) -> String { stateMachine(name) + ":\(version)" }

    /// The ARN of alias `alias` of `name`.
    package func alias(_ name: String, _ alias: String) -> String { stateMachine(name) + ":" + alias }

    /// The ARN of a STANDARD execution.
    package func execution(_ machine: String, _ name: String) -> String {
        ARN(
            partition: partition, region: region, account: account, resourceType: "execution",
            resource: [machine, name]
        )
        .description
    }

    /// The ARN of an EXPRESS execution.
    package func expressExecution(_ machine: String, _ name: String, run: String) -> String {
        "arn:\(partition):states:\(region):\(account):express:\(machine):\(name):\(run)"
    }

    /// The ARN of an activity.
    package func activity(_ name: String) -> String {
        ARN(partition: partition, region: region, account: account, resourceType: "activity", resource: [name])
            .description
    }

    /// The ARN of a Map Run.
    package func mapRun(_ machine: String, label: String, id: String) -> String {
        ARN(
            partition: partition, region: region, account: account, resourceType: "mapRun",
            resource: ["\(machine)/\(label)", id]
        ).description
    }

    /// Parses a state machine (or version, or alias) ARN.
    package func machineReference(_ text: String) throws(AWSError) -> MachineReference {
        guard let arn = ARN(text) else { throw .invalidArn(text) }
        guard arn.resourceType == "stateMachine", (1...2).contains(arn.resource.count), !arn.resource[0].isEmpty else {
            throw .invalidArn(text)
        }
        if arn.resource.count == 1 { return .machine(arn.resource[0]) }
        let qualifier = arn.resource[1]
        if let n = Int(qualifier), n > 0, qualifier.allSatisfy(\.isNumber) { return .version(arn.resource[0], n) }
        return .alias(arn.resource[0], qualifier)
    }

    /// Parses an execution ARN: the machine's name, the execution's name, and whether it is EXPRESS.
    package func executionReference(_ text: String) throws(AWSError) -> (machine: String, name: String, express: Bool) {
        guard let arn = ARN(text) else { throw .invalidArn(text) }
        switch arn.resourceType {
        case "execution" where arn.resource.count == 2: return (arn.resource[0], arn.resource[1], false)
        case "express" where arn.resource.count == 3: return (arn.resource[0], arn.resource[1], true)
        default: throw .invalidArn(text)
        }
    }

    /// Parses an activity ARN into its name.
    package func activityName(_ text: String) throws(AWSError) -> String {
        guard let arn = ARN(text), arn.resourceType == "activity", arn.resource.count == 1 else {
            throw .invalidArn(text)
        }
        return arn.resource[0]
    }
}
