import Foundation
import JSONCore
import StepFunctionsCompiler
import StepFunctionsModel

extension LocalStepFunctions {
    // MARK: Create, describe, update, delete, list

    func createStateMachine(_ r: Request) throws(AWSError) -> JSONValue {
        let name = try r.string("name")
        try Self.checkName(name)
        let typeText = try r.optionalString("type") ?? "STANDARD"
        guard let type = StateMachineType(rawValue: typeText) else {
            throw .validation(
                "1 validation error detected: Value '\(typeText)' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]"
            )
        }
        let definitionText = try r.string("definition")
        let roleArn = try r.string("roleArn")
        let publish = try r.bool("publish") ?? false
        let versionDescription = try r.optionalString("versionDescription")
        if versionDescription != nil && !publish {
            throw .validation("Version description can only be set when publish is true")
        }
        try checkDefinition(definitionText, type: type)
        let logging = try loggingConfiguration(r.object("loggingConfiguration"))
        let tracing = try tracingConfiguration(r.object("tracingConfiguration"))
        let tags = try r.tags()
        let revision = Revision(
            definitionText: definitionText, roleArn: roleArn, logging: logging, tracing: tracing, revisionId: nil,
            description: nil)
        let arn = arns.stateMachine(name)
        let now = Self.now()
        return try data.withLock { (d: inout ServiceData) throws(AWSError) -> JSONValue in
            if let existing = d.machines[name] {
                // Creating the same thing again answers as the first time did (AWS's idempotency).
                guard existing.type == type, existing.current.sameContent(as: revision), !publish,
                    existing.current.revisionId == nil
                else { throw .stateMachineAlreadyExists(arn) }
                return ["stateMachineArn": .string(arn), "creationDate": Self.timestamp(existing.creationDate)]
            }
            var machine = MachineRecord(
                name: name, arn: arn, type: type, creationDate: now, current: revision, updateDate: nil, tags: tags)
            var response: JSONObject = ["stateMachineArn": .string(arn), "creationDate": Self.timestamp(now)]
            if publish {
                let version = Self.publish(&machine, description: versionDescription, at: now, arns: arns)
                response["stateMachineVersionArn"] = .string(version.arn)
            }
            d.machines[name] = machine
            persist(StoreRecord.machine(machine), in: &d)
            return .object(response)
        }
    }

    func describeStateMachine(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("stateMachineArn")
        let reference = try arns.machineReference(arn)
        return try data.withLock { (d: inout ServiceData) throws(AWSError) -> JSONValue in
            guard let machine = d.machines[reference.machineName] else { throw .stateMachineDoesNotExist(arn) }
            switch reference {
            case .machine:
                var o = describe(machine.current, machine: machine, arn: machine.arn)
                o["creationDate"] = Self.timestamp(machine.creationDate)
                if let id = machine.current.revisionId { o["revisionId"] = .string(id) }
                return .object(o)
            case .version(_, let number):
                guard let version = machine.versions[number] else { throw .stateMachineDoesNotExist(arn) }
                var o = describe(version.revision, machine: machine, arn: version.arn)
                o["creationDate"] = Self.timestamp(version.creationDate)
                if let id = version.revision.revisionId { o["revisionId"] = .string(id) }
                if let description = version.description { o["description"] = .string(description) }
                return .object(o)
            case .alias:
                throw .invalidArn(reason: "Resource type not valid in this context: stateMachineAlias")
            }
        }
    }

    /// `variableReferences` of DescribeStateMachine: the workflow variables each state reads (none: absent).
    static func variableReferences(_ definitionText: String) -> JSONValue? {
        guard let definition = ASLDocument(text: definitionText).definition else { return nil }
        let references = definition.variableReferences
        guard !references.isEmpty else { return nil }
        var o = JSONObject()
        for (state, names) in references.sorted(by: { $0.key < $1.key }) {
            o[state] = .array(names.map(JSONValue.string))
        }
        return .object(o)
    }

    /// The members DescribeStateMachine and DescribeStateMachineForExecution share.
    func describe(_ revision: Revision, machine: MachineRecord, arn: String) -> JSONObject {
        var o = JSONObject()
        o["stateMachineArn"] = .string(arn)
        o["name"] = .string(machine.name)
        o["status"] = "ACTIVE"
        o["definition"] = .string(revision.definitionText)
        o["roleArn"] = .string(revision.roleArn)
        o["type"] = .string(machine.type.rawValue)
        o["loggingConfiguration"] = revision.logging
        o["tracingConfiguration"] = revision.tracing
        o["encryptionConfiguration"] = ["type": "AWS_OWNED_KEY"]
        if let references = Self.variableReferences(revision.definitionText) { o["variableReferences"] = references }
        return o
    }

    func updateStateMachine(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("stateMachineArn")
        let reference = try arns.machineReference(arn)
        guard case .machine(let name) = reference else {
            throw .invalidArn(reason: "Resource type not valid in this context: stateMachineVersion")
        }
        let definitionText = try r.optionalString("definition")
        let roleArn = try r.optionalString("roleArn")
        let loggingObject = try r.object("loggingConfiguration")
        let tracingObject = try r.object("tracingConfiguration")
        let publish = try r.bool("publish") ?? false
        let versionDescription = try r.optionalString("versionDescription")
        if versionDescription != nil && !publish {
            throw .validation("Version description can only be set when publish is true")
        }
        if definitionText == nil && roleArn == nil && loggingObject == nil && tracingObject == nil {
            throw .missingRequiredParameter(
                "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified"
            )
        }
        let type = try data.withLock { (d: inout ServiceData) throws(AWSError) -> StateMachineType in
            guard let machine = d.machines[name] else { throw .stateMachineDoesNotExist(arn) }
            return machine.type
        }
        if let definitionText { try checkDefinition(definitionText, type: type) }
        let logging = try loggingObject.map { (o) throws(AWSError) in try loggingConfiguration(o) }
        let tracing = try tracingObject.map { (o) throws(AWSError) in try tracingConfiguration(o) }
        let now = Self.now()
        return try data.withLock { (d: inout ServiceData) throws(AWSError) -> JSONValue in
            guard var machine = d.machines[name] else { throw .stateMachineDoesNotExist(arn) }
            var next = machine.current
            if let definitionText { next.definitionText = definitionText }
            if let roleArn { next.roleArn = roleArn }
            if let logging { next.logging = logging }
            if let tracing { next.tracing = tracing }
            var response = JSONObject()
            // An update that changes nothing keeps the revision (and its id, or none).
            if !next.sameContent(as: machine.current) {
                next.revisionId = Self.uuid()
                machine.current = next
            }
            machine.updateDate = now
            if let id = machine.current.revisionId { response["revisionId"] = .string(id) }
            response["updateDate"] = Self.timestamp(now)
            if publish {
                let version = Self.publish(&machine, description: versionDescription, at: now, arns: arns)
                response["stateMachineVersionArn"] = .string(version.arn)
            }
            d.machines[name] = machine
            persist(StoreRecord.machine(machine), in: &d)
            return .object(response)
        }
    }

    func deleteStateMachine(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("stateMachineArn")
        let reference = try arns.machineReference(arn)
        switch reference {
        case .machine(let name):
            let running: [Task<Void, Never>] = data.withLock { d in
                guard d.machines.removeValue(forKey: name) != nil else { return [] }
                persist(StoreRecord.deleteMachine(name), in: &d)
                // Running executions of a deleted state machine are stopped, as AWS does.
                return (d.executionsByMachine[name] ?? []).compactMap { d.live[$0]?.task }
            }
            for task in running { task.cancel() }
            return [:]
        case .version:
            return try deleteStateMachineVersion(Request(["stateMachineVersionArn": .string(arn)]))
        case .alias:
            return try deleteStateMachineAlias(Request(["stateMachineAliasArn": .string(arn)]))
        }
    }

    func listStateMachines(_ r: Request) throws(AWSError) -> JSONValue {
        let page = try Page(r)
        let machines = data.withLock { d in d.machines.values.sorted { $0.name < $1.name } }
        let (items, next) = try page.slice(machines.map { $0.name }, of: machines)
        var o: JSONObject = [
            "stateMachines": .array(
                items.map { m in
                    [
                        "stateMachineArn": .string(m.arn), "name": .string(m.name),
                        "type": .string(m.type.rawValue), "creationDate": Self.timestamp(m.creationDate),
                    ]
                })
        ]
        if let next { o["nextToken"] = .string(next) }
        return .object(o)
    }

    func describeStateMachineForExecution(_ r: Request) throws(AWSError) -> JSONValue {
        let arn = try r.string("executionArn")
        _ = try arns.executionReference(arn)
        return try data.withLock { (d: inout ServiceData) throws(AWSError) -> JSONValue in
            guard let execution = d.executions[arn] else { throw .executionDoesNotExist(arn) }
            let machine =
                d.machines[execution.machineName]
                ?? MachineRecord(
                    name: execution.machineName, arn: execution.machineArn,
                    type: execution.express ? .express : .standard,
                    creationDate: execution.startDate, current: execution.revision)
            var o = describe(execution.revision, machine: machine, arn: execution.machineArn)
            o.removeValue(forKey: "status")
            o.removeValue(forKey: "type")
            o["updateDate"] = Self.timestamp(machine.updateDate ?? machine.creationDate)
            if let id = execution.revision.revisionId { o["revisionId"] = .string(id) }
            for (key, value) in Self.mapRunMembers(execution, d) { o[key] = value }
            return .object(o)
        }
    }

    /// `mapRunArn` and `label` when the execution is a Map Run's child (none here: children run in process).
    static func mapRunMembers(_ execution: ExecutionRecord, _ d: ServiceData) -> [(String, JSONValue)] { [] }

    func validateStateMachineDefinition(_ r: Request) throws(AWSError) -> JSONValue {
        let definitionText = try r.string("definition")
        let typeText = try r.optionalString("type") ?? "STANDARD"
        let type = StateMachineType(rawValue: typeText) ?? .standard
        let severity = try r.optionalString("severity") ?? "ERROR"
        let maxResults = try r.int("maxResults") ?? 100
        let limit = maxResults == 0 ? 100 : maxResults
        let diagnostics = Self.diagnose(definitionText, type: type)
        let hasError = diagnostics.contains { $0.severity == .error }
        // AWS's errors (in its words and order), then our warnings when asked for.
        var listed = AWSWording.reportedErrors(diagnostics)
        if severity != "ERROR" { listed += diagnostics.filter { $0.severity == .warning } }
        var shown: [JSONValue] = []
        for d in listed {
            var o = JSONObject()
            o["severity"] = .string(d.severity == .error ? "ERROR" : "WARNING")
            if d.severity == .error {
                let aws = AWSWording.answering(d)
                o["code"] = .string(aws.code)
                o["message"] = .string(aws.message)
                if let location = aws.location { o["location"] = .string(location) }
            } else {
                o["code"] = .string(d.code.rawValue)
                o["message"] = .string(d.message)
                if !d.path.components.isEmpty { o["location"] = .string(d.path.slashDescription) }
            }
            shown.append(.object(o))
        }
        return [
            "result": .string(hasError ? "FAIL" : "OK"), "diagnostics": .array(Array(shown.prefix(limit))),
            "truncated": .bool(shown.count > limit),
        ]
    }

    // MARK: Checks

    /// AWS's rules for the names of state machines, executions, activities and aliases.
    static func checkName(_ name: String) throws(AWSError) {
        for scalar in name.unicodeScalars {
            let v = scalar.value
            let refused =
                v < 0x80
                ? (v <= 0x20 || v == 0x7F || forbiddenInNames.contains(UInt8(v)))
                : ((0x7F...0x9F).contains(v) || scalar.properties.isWhitespace)
            if refused { throw .invalidName(name) }
        }
    }

    /// The ASCII punctuation names may not contain (besides controls and whitespace).
    private static let forbiddenInNames = Set("<>{}[]?*\"#%\\^|~`$&,;:/".utf8)

    /// Reads and validates a definition as CreateStateMachine does; throws InvalidDefinition with AWS's text.
    func checkDefinition(_ text: String, type: StateMachineType) throws(AWSError) {
        let diagnostics = Self.diagnose(text, type: type)
        guard let message = AWSWording.invalidDefinitionMessage(for: diagnostics, definition: text) else { return }
        throw AWSError("InvalidDefinition", message)
    }

    /// The validator's diagnostics for a definition's text.
    static func diagnose(_ text: String, type: StateMachineType) -> [Diagnostic] {
        ASLDocument(text: text, validation: ASLValidator.Options(stateMachineType: type, warnings: true)).diagnostics
    }

    /// `loggingConfiguration` as AWS stores it, after AWS's checks.
    func loggingConfiguration(_ o: JSONObject?) throws(AWSError) -> JSONValue {
        guard let o else { return ["includeExecutionData": false, "level": "OFF"] }
        let level = o["level"]?.stringValue ?? "OFF"
        let destinations = o["destinations"]?.arrayValue
        if level != "OFF" && destinations?.count != 1 {
            throw .invalidLogging("Must specify exactly one Log Destination.")
        }
        if let destinations, destinations.count > 1 {
            throw .invalidLogging("Must specify exactly one Log Destination.")
        }
        for destination in destinations ?? [] {
            let arn = destination["cloudWatchLogsLogGroup"]?["logGroupArn"]?.stringValue ?? ""
            let name = Self.logGroupName(arn)
            let exists = data.withLock { d in name.map { d.logGroups[$0] != nil } ?? false }
            guard exists else { throw .invalidLogging("Log Destination not found.") }
        }
        var out = JSONObject()
        if let destinations { out["destinations"] = .array(destinations) }
        out["includeExecutionData"] = .bool(o["includeExecutionData"]?.boolValue ?? false)
        out["level"] = .string(level)
        return .object(out)
    }

    /// `arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*` → `NAME`.
    static func logGroupName(_ arn: String) -> String? {
        guard let range = arn.range(of: ":log-group:") else { return nil }
        var name = String(arn[range.upperBound...])
        if name.hasSuffix(":*") { name.removeLast(2) }
        return name.isEmpty ? nil : name
    }

    /// `tracingConfiguration` as AWS stores it.
    func tracingConfiguration(_ o: JSONObject?) throws(AWSError) -> JSONValue {
        ["enabled": .bool(o?["enabled"]?.boolValue ?? false)]
    }

    // MARK: Versions

    /// Publishes the machine's current revision; an already published revision gives its version back.
    static func publish(
        _ machine: inout MachineRecord, description: String?, at now: Date, arns: ARNRules
    ) -> VersionRecord {
        let current = machine.current
        if let existing = machine.versions.values.max(by: { $0.number < $1.number }),
            existing.revision.revisionId == current.revisionId, existing.revision.sameContent(as: current)
        {
            return existing
        }
        let number = machine.nextVersion
        machine.nextVersion += 1
        let version = VersionRecord(
            number: number, arn: arns.version(machine.name, number), revision: current, description: description,
            creationDate: now)
        machine.versions[number] = version
        return version
    }

    /// A timestamp as AWS JSON 1.0 sends it: epoch seconds.
    static func timestamp(_ date: Date) -> JSONValue {
        .double((date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }
}
