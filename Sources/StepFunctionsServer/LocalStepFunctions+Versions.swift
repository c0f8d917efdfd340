import Foundation
import JSONCore

extension LocalStepFunctions {
    // MARK: Versions

    func publishStateMachineVersion(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("stateMachineArn")
        guard case .machine(let name) = try arns.machineReference(arn) else {
            throw .invalidArn(reason: "Resource type not valid in this context: stateMachineVersion")
        }
        let expectedRevision = try r.optionalString("revisionId")
        let description = try r.optionalString("description")
        let now = Self.now()
        return try data.withLock { (d: inout ServiceData) throws(AWSError) -> JSONValue in
            guard var machine = d.machines[name] else { throw .stateMachineDoesNotExist(arn) }
            if let expectedRevision, expectedRevision != (machine.current.revisionId ?? "") {
                throw .conflict(
                    "Failed to publish the State Machine version for revision \(expectedRevision). The current State Machine revision is \(machine.current.revisionId ?? "")."
                )
            }
            let version = Self.publish(&machine, description: description, at: now, arns: arns)
            d.machines[name] = machine
            persist(StoreRecord.machine(machine), in: &d)
            return [
                "stateMachineVersionArn": .string(version.arn), "creationDate": Self.timestamp(version.creationDate),
            ]
        }
    }

    func listStateMachineVersions(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("stateMachineArn")
        guard case .machine(let name) = try arns.machineReference(arn) else {
            throw .invalidArn(reason: "Resource type not valid in this context: stateMachineVersion")
        }
        let page = try Page(r)
        let versions = try data.withLock { (d: inout ServiceData) throws(AWSError) -> [VersionRecord] in
            guard let machine = d.machines[name] else { throw .stateMachineDoesNotExist(arn) }
            return machine.versions.values.sorted { $0.number > $1.number }
        }
        let (items, next) = try page.slice(versions.map { String($0.number) }, of: versions)
        var o: JSONObject = [
            "stateMachineVersions": .array(
                items.map {
                    ["stateMachineVersionArn": .string($0.arn), "creationDate": Self.timestamp($0.creationDate)]
                })
        ]
        if let next { o["nextToken"] = .string(next) }
        return .object(o)
    }

    func deleteStateMachineVersion(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("stateMachineVersionArn")
        guard case .version(let name, let number) = try arns.machineReference(arn) else {
            throw .invalidArn(arn)
        }
        try data.withLock { (d: inout ServiceData) throws(AWSError) in
            guard var machine = d.machines[name], machine.versions[number] != nil else { return }
            // AWS refuses to delete a version an alias routes to.
            if let alias = machine.aliases.values.first(where: { $0.routing.contains { $0.versionArn == arn } }) {
                throw .conflict(
                    "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [\(alias.name)]"
                )
            }
            machine.versions.removeValue(forKey: number)
            d.machines[name] = machine
            persist(StoreRecord.machine(machine), in: &d)
        }
        return [:]
    }

    // MARK: Aliases

    func createStateMachineAlias(_ r: Request) throws(AWSError) -> JSONValue {
        let name = try r.string("name")
        let description = try r.optionalString("description")
        let routing = try readRouting(r)
        let machineName = try checkRouting(routing)
        let now = Self.now()
        return try data.withLock { (d: inout ServiceData) throws(AWSError) -> JSONValue in
            guard var machine = d.machines[machineName] else {
                throw .resourceNotFound(routing[0].versionArn)
            }
            for entry in routing {
                guard case .version(_, let n) = try arns.machineReference(entry.versionArn), machine.versions[n] != nil
                else { throw .resourceNotFound(entry.versionArn) }
            }
            let arn = arns.alias(machineName, name)
            if let existing = machine.aliases[name] {
                guard existing.routing == routing, existing.description == description else {
                    throw .conflict(
                        "Failed to create alias because an alias with the same name and a different routing configuration already exists."
                    )
                }
                return ["stateMachineAliasArn": .string(arn), "creationDate": Self.timestamp(existing.creationDate)]
            }
            machine.aliases[name] = AliasRecord(
                name: name, arn: arn, description: description, routing: routing, creationDate: now, updateDate: nil)
            d.machines[machineName] = machine
            persist(StoreRecord.machine(machine), in: &d)
            return ["stateMachineAliasArn": .string(arn), "creationDate": Self.timestamp(now)]
        }
    }

    func describeStateMachineAlias(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("stateMachineAliasArn")
        guard case .alias(let machineName, let name) = try arns.machineReference(arn) else { throw .invalidArn(arn) }
        return try data.withLock { (d: inout ServiceData) throws(AWSError) -> JSONValue in
            guard let alias = d.machines[machineName]?.aliases[name] else { throw .resourceDoesNotExist }
            var o: JSONObject = [
                "stateMachineAliasArn": .string(alias.arn), "name": .string(alias.name),
                "routingConfiguration": .array(alias.routing.map(\.json)),
                "creationDate": Self.timestamp(alias.creationDate),
            ]
            if let description = alias.description { o["description"] = .string(description) }
            if let update = alias.updateDate { o["updateDate"] = Self.timestamp(update) }
            return .object(o)
        }
    }

    func updateStateMachineAlias(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("stateMachineAliasArn")
        guard case .alias(let machineName, let name) = try arns.machineReference(arn) else { throw .invalidArn(arn) }
        let description = try r.optionalString("description")
        let routing = try r.array("routingConfiguration") == nil ? nil : try readRouting(r)
        if description == nil && routing == nil {
            throw .validation("Either the description or the RoutingConfiguration must be specified")
        }
        if let routing {
            guard try checkRouting(routing) == machineName else {
                throw .validation(
                    "Routing configuration must contain state machine version ARNs. Received: [\(routing.map(\.versionArn).joined(separator: ", "))]"
                )
            }
        }
        let now = Self.now()
        return try data.withLock { (d: inout ServiceData) throws(AWSError) -> JSONValue in
            guard var machine = d.machines[machineName], var alias = machine.aliases[name] else {
                throw .resourceDoesNotExist
            }
            if let routing {
                for entry in routing {
                    guard case .version(_, let n) = try arns.machineReference(entry.versionArn),
                        machine.versions[n] != nil
                    else { throw .resourceNotFound(entry.versionArn) }
                }
                alias.routing = routing
            }
            if let description { alias.description = description }
            alias.updateDate = now
            machine.aliases[name] = alias
            d.machines[machineName] = machine
            persist(StoreRecord.machine(machine), in: &d)
            return ["updateDate": Self.timestamp(now)]
        }
    }

    func deleteStateMachineAlias(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("stateMachineAliasArn")
        guard case .alias(let machineName, let name) = try arns.machineReference(arn) else { throw .invalidArn(arn) }
        data.withLock { d in
            guard var machine = d.machines[machineName], machine.aliases.removeValue(forKey: name) != nil else {
                return
            }
            d.machines[machineName] = machine
            persist(StoreRecord.machine(machine), in: &d)
        }
        return [:]
    }

    func listStateMachineAliases(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("stateMachineArn")
        let reference = try arns.machineReference(arn)
        let page = try Page(r)
        let aliases = try data.withLock { (d: inout ServiceData) throws(AWSError) -> [AliasRecord] in
            guard let machine = d.machines[reference.machineName] else { throw .stateMachineDoesNotExist(arn) }
            var all = machine.aliases.values.sorted { $0.name < $1.name }
            // A version's ARN lists the aliases that route to it.
            if case .version = reference { all = all.filter { $0.routing.contains { $0.versionArn == arn } } }
            return all
        }
        let (items, next) = try page.slice(aliases.map(\.name), of: aliases)
        var o: JSONObject = [
            "stateMachineAliases": .array(
                items.map {
                    ["stateMachineAliasArn": .string($0.arn), "creationDate": Self.timestamp($0.creationDate)]
                })
        ]
        if let next { o["nextToken"] = .string(next) }
        return .object(o)
    }

    /// `routingConfiguration`.
    private func readRouting(_ r: Request) throws(AWSError) -> [RoutingEntry] {
        var out: [RoutingEntry] = []
        for item in try r.array("routingConfiguration") ?? [] {
            guard let arn = item["stateMachineVersionArn"]?.stringValue else {
                throw .missingParameter("routingConfiguration.member.stateMachineVersionArn")
            }
            guard let weight = item["weight"]?.intValue else {
                throw .missingParameter("routingConfiguration.member.weight")
            }
            out.append(RoutingEntry(versionArn: arn, weight: weight))
        }
        return out
    }

    /// AWS's checks of a routing configuration, in AWS's order; returns the state machine's name.
    private func checkRouting(_ routing: [RoutingEntry]) throws(AWSError) -> String {
        let received = "[\(routing.map(\.versionArn).joined(separator: ", "))]"
        var machine: String?
        for entry in routing {
            guard case .version(let name, _) = try? arns.machineReference(entry.versionArn) else {
                throw .validation(
                    "Routing configuration must contain state machine version ARNs. Received: \(received)")
            }
            if let machine, machine != name {
                throw .validation(
                    "Routing configuration must contain state machine version ARNs of the same state machine. Received: \(received)"
                )
            }
            machine = name
        }
        if Set(routing.map(\.versionArn)).count != routing.count {
            throw .validation(
                "Routing configuration must contain distinct state machine version ARNs. Received: \(received)")
        }
        let sum = routing.reduce(0) { $0 + $1.weight }
        if sum != 100 {
            throw .validation(
                "Sum of routing configuration weights must equal 100. Received: [\(routing.map { String($0.weight) }.joined(separator: ", "))]"
            )
        }
        guard let machine else { throw .missingParameter("routingConfiguration") }
        return machine
    }
}
