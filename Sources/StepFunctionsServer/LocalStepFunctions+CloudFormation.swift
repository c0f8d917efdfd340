import Foundation
import HTTPServer
import JSONCore
import StepFunctionsCompiler

/// A CloudFormation stand-in (the AWS Query protocol: `POST /` with a form-encoded body, XML answers):
/// CreateStack, DescribeStacks, DeleteStack, ListStacks, DescribeStackResources, ListStackResources,
/// DescribeStackEvents and GetTemplate, so that a template's state machines can be deployed to
/// `sfn serve` as to AWS, and boto3's `stack_create_complete` / `stack_delete_complete` waiters work.
///
/// A stack is created at once (its status is `CREATE_COMPLETE` when CreateStack answers): its
/// `AWS::StepFunctions::StateMachine` (and SAM `AWS::Serverless::StateMachine`) resources through the
/// service's own CreateStateMachine, `AWS::StepFunctions::Activity` through CreateActivity, log groups
/// and S3 buckets in the other stand-ins. Other resources are recorded, not created: `Ref` and
/// `Fn::GetAtt` give names and ARNs of the shape AWS gives, so state machines can refer to them.
extension LocalStepFunctions {
    /// Whether a request is for the CloudFormation stand-in: `POST /` with a form-encoded body and no
    /// `X-Amz-Target`.
    static func isQueryRequest(_ request: HTTPRequest) -> Bool {
        guard request.method == "POST", request.path == "/", request.headers["X-Amz-Target"] == nil else {
            return false
        }
        if let type = request.headers["Content-Type"], type.lowercased().contains("x-www-form-urlencoded") {
            return true
        }
        return request.body.starts(with: Array("Action=".utf8))
    }

    /// Answers one CloudFormation Query request.
    package func cloudFormation(_ request: HTTPRequest) async -> HTTPResponse {
        let query = QueryRequest(body: request.body)
        do throws(CloudFormationError) {
            guard query["Version"] == nil || query["Version"] == "2010-05-15" else {
                throw CloudFormationError(
                    "InvalidAction",
                    "sfn serve stands in for CloudFormation's Query API (Version 2010-05-15) only, not \(query["Version"] ?? "")"
                )
            }
            let action = query["Action"] ?? ""
            let result: String
            switch action {
            case "CreateStack": result = try await createStack(query)
            case "DeleteStack": result = try await deleteStack(query)
            case "DescribeStacks": result = try describeStacks(query)
            case "ListStacks": result = listStacks(query)
            case "DescribeStackResources": result = try describeStackResources(query)
            case "ListStackResources": result = try listStackResources(query)
            case "DescribeStackEvents": result = try describeStackEvents(query)
            case "GetTemplate": result = try getTemplate(query)
            default:
                throw CloudFormationError(
                    "InvalidAction",
                    "sfn serve's CloudFormation stand-in answers CreateStack, DescribeStacks, DeleteStack, ListStacks, "
                        + "DescribeStackResources, ListStackResources, DescribeStackEvents and GetTemplate, not '\(action)'"
                )
            }
            if let store, let failure = await store.durable() {
                throw CloudFormationError(
                    "InternalFailure", "sfn serve could not write its data directory (\(failure.message))", status: 500)
            }
            return Self.queryResponse(action, result)
        } catch {
            return Self.queryError(error)
        }
    }

    // MARK: CreateStack

    private func createStack(_ q: QueryRequest) async throws(CloudFormationError) -> String {
        let name = try q.required("StackName")
        guard Self.isStackName(name) else {
            throw .validation(
                "1 validation error detected: Value '\(name)' at 'stackName' failed to satisfy constraint: Member must "
                    + "satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*")
        }
        guard let body = q["TemplateBody"] else {
            if q["TemplateURL"] != nil {
                throw .validation(
                    "sfn serve's CloudFormation stand-in reads TemplateBody; a TemplateURL (S3) cannot be fetched")
            }
            throw .validation("Either Template URL or Template Body must be specified.")
        }
        let template: CloudFormationTemplate
        do throws(TemplateError) {
            template = try CloudFormationTemplate(text: body, fileName: "template", readFile: { _ in nil })
        } catch {
            guard !error.message.hasPrefix("the template has no 'Resources'") else {
                throw .validation("Template format error: At least one Resources member must be defined.")
            }
            var message = error.message
            if let line = error.location?.line { message += " (line \(line), column \(error.location?.column ?? 1))" }
            throw .validation("Template format error: \(message)")
        }
        let capabilities = q.list("Capabilities")
        let parameters = try stackParameters(
            template, given: q.members("Parameters", ["ParameterKey", "ParameterValue"]))
        try checkCapabilities(template, capabilities)
        let declarations = template.resources
        let order = try creationOrder(declarations, parameters: parameters)
        let onFailure = q["OnFailure"] ?? (q["DisableRollback"] == "true" ? "DO_NOTHING" : "ROLLBACK")
        let now = Self.now()
        let id =
            "arn:\(options.partition):cloudformation:\(options.region):\(options.accountId):stack/\(name)/\(Self.uuid())"
        var stack = StackRecord(
            id: id, name: name, status: "CREATE_IN_PROGRESS", reason: "User Initiated",
            description: template.templateDescription, templateBody: body, creationTime: now, deletionTime: nil,
            parameters: parameters.map { KeyValue(key: $0.key, value: $0.value) },
            tags: q.members("Tags", ["Key", "Value"]).map {
                KeyValue(key: $0["Key"] ?? "", value: $0["Value"] ?? "")
            }, capabilities: capabilities, disableRollback: onFailure == "DO_NOTHING")
        stack.events.append(
            Self.event(stack, name, id, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated"))
        try data.withLock { (d: inout ServiceData) throws(CloudFormationError) in
            if d.stacks.values.contains(where: { $0.name == name && $0.isActive }) {
                throw CloudFormationError("AlreadyExistsException", "Stack [\(name)] already exists")
            }
            d.stacks[id] = stack
            persist(stack.json, in: &d)
        }

        let deployment = Deployment(stack: stack, parameters: parameters, service: self)
        var failed: String?
        for declaration in order {
            if let condition = declaration.condition {
                let holds: Bool?
                do throws(TemplateError) {
                    holds = try template.condition(condition, context: deployment.context)
                } catch {
                    failed = "\(declaration.logicalId): \(error.message)"
                    break
                }
                if holds == false { continue }
            }
            deployment.record(declaration, "CREATE_IN_PROGRESS", reason: nil, physicalId: "")
            switch await create(declaration, template: template, deployment: deployment) {
            case .success(let physicalId):
                deployment.record(declaration, "CREATE_COMPLETE", reason: nil, physicalId: physicalId)
            case .failure(let failure):
                deployment.record(declaration, "CREATE_FAILED", reason: failure.reason, physicalId: "")
                failed = declaration.logicalId
            }
            if failed != nil { break }
        }
        stack = deployment.stack
        if failed == nil {
            do throws(TemplateError) {
                stack.outputs = try template.outputs(context: deployment.context).map {
                    StackOutput(key: $0.key, value: $0.value, description: $0.description, exportName: $0.exportName)
                }
                stack.status = "CREATE_COMPLETE"
                stack.reason = nil
                stack.events.append(Self.event(stack, name, id, "AWS::CloudFormation::Stack", "CREATE_COMPLETE", nil))
            } catch {
                failed = "Outputs: \(error.message)"
            }
        }
        if let failed {
            let reason = "The following resource(s) failed to create: [\(failed)]. "
            if onFailure == "DO_NOTHING" {
                stack.status = "CREATE_FAILED"
                stack.reason = reason
                stack.events.append(Self.event(stack, name, id, "AWS::CloudFormation::Stack", "CREATE_FAILED", reason))
            } else {
                stack.status = "ROLLBACK_IN_PROGRESS"
                stack.events.append(
                    Self.event(
                        stack, name, id, "AWS::CloudFormation::Stack", "ROLLBACK_IN_PROGRESS",
                        reason + "Rollback requested by user."))
                stack = await removeResources(of: stack, rollingBack: true)
                if onFailure == "DELETE" {
                    stack.status = "DELETE_COMPLETE"
                    stack.deletionTime = Self.now()
                } else {
                    stack.status = "ROLLBACK_COMPLETE"
                    stack.reason = reason + "Rollback requested by user."
                }
                stack.events.append(Self.event(stack, name, id, "AWS::CloudFormation::Stack", stack.status, nil))
            }
        }
        let final = stack
        data.withLock { d in
            d.stacks[id] = final
            persist(final.json, in: &d)
        }
        return "<StackId>\(Self.xml(id))</StackId>"
    }

    /// The stack's parameter values: those given, then the template's defaults; AWS's errors for
    /// unknown, missing and disallowed values.
    private func stackParameters(_ template: CloudFormationTemplate, given: [[String: String]])
        throws(CloudFormationError) -> [(key: String, value: String)]
    {
        let declared = template.parameters
        var values: [String: String] = [:]
        let unknown = given.compactMap { $0["ParameterKey"] }.filter { key in !declared.contains { $0.name == key } }
        if !unknown.isEmpty {
            throw .validation("Parameters: [\(unknown.joined(separator: ", "))] do not exist in the template")
        }
        for p in given { if let key = p["ParameterKey"] { values[key] = p["ParameterValue"] ?? "" } }
        var out: [(key: String, value: String)] = []
        var missing: [String] = []
        for p in declared {
            guard let value = values[p.name] ?? p.defaultValue else {
                missing.append(p.name)
                continue
            }
            if !p.allowedValues.isEmpty, !p.allowedValues.contains(value) {
                throw .validation(
                    "Parameter '\(p.name)' must be one of AllowedValues")
            }
            out.append((p.name, value))
        }
        if !missing.isEmpty { throw .validation("Parameters: [\(missing.joined(separator: ", "))] must have values") }
        return out
    }

    /// AWS's InsufficientCapabilitiesException for IAM resources and transforms not acknowledged.
    private func checkCapabilities(_ template: CloudFormationTemplate, _ given: [String]) throws(CloudFormationError) {
        var needed: [String] = []
        if !template.transforms.isEmpty && !given.contains("CAPABILITY_AUTO_EXPAND") {
            needed.append("CAPABILITY_AUTO_EXPAND")
        }
        let iam = template.resources.filter { $0.type.hasPrefix("AWS::IAM::") }
        if !iam.isEmpty && !given.contains("CAPABILITY_IAM") && !given.contains("CAPABILITY_NAMED_IAM") {
            needed.append("CAPABILITY_IAM")
        }
        if !needed.isEmpty {
            throw CloudFormationError(
                "InsufficientCapabilitiesException", "Requires capabilities : [\(needed.joined(separator: ", "))]")
        }
    }

    /// The resources in an order where each comes after those it refers to (the template's order
    /// otherwise); AWS's errors for a reference to nothing and for a cycle.
    private func creationOrder(
        _ declarations: [CloudFormationTemplate.ResourceDeclaration], parameters: [(key: String, value: String)]
    ) throws(CloudFormationError) -> [CloudFormationTemplate.ResourceDeclaration] {
        let ids = Set(declarations.map(\.logicalId))
        let names = ids.union(parameters.map(\.key))
        var unresolved: [String] = []
        for d in declarations {
            for r in d.references.sorted() where !names.contains(r) && !r.hasPrefix("AWS::") && !unresolved.contains(r)
            {
                unresolved.append(r)
            }
        }
        if !unresolved.isEmpty {
            throw .validation(
                "Template format error: Unresolved resource dependencies [\(unresolved.joined(separator: ", "))] in the "
                    + "Resources block of the template")
        }
        var placed = Set<String>()
        var order: [CloudFormationTemplate.ResourceDeclaration] = []
        while order.count < declarations.count {
            guard
                let next = declarations.first(where: { d in
                    !placed.contains(d.logicalId) && d.references.filter(ids.contains).allSatisfy(placed.contains)
                })
            else {
                let left = declarations.filter { !placed.contains($0.logicalId) }.map(\.logicalId)
                throw .validation("Circular dependency between resources: [\(left.joined(separator: ", "))]")
            }
            placed.insert(next.logicalId)
            order.append(next)
        }
        return order
    }

    /// Creates one resource; its physical id, or why it failed (in CloudFormation's words).
    private func create(
        _ declaration: CloudFormationTemplate.ResourceDeclaration, template: CloudFormationTemplate,
        deployment: Deployment
    ) async -> Result<String, ResourceFailure> {
        let id = declaration.logicalId
        let properties: JSONValue
        do throws(TemplateError) {
            properties = try template.properties(of: id, context: deployment.context)
        } catch {
            return .failure(ResourceFailure(error.message))
        }
        let region = options.region
        let account = options.accountId
        let partition = options.partition
        switch declaration.type {
        case "AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine":
            let sam = declaration.type == "AWS::Serverless::StateMachine"
            let source: DefinitionSource
            do throws(TemplateError) {
                source = try template.stateMachine(id, context: deployment.context)
            } catch {
                return .failure(ResourceFailure(error.message))
            }
            let name = source.name ?? "\(id)-\(Self.randomSuffix(12))"
            var body: JSONObject = ["name": .string(name), "definition": .string(source.text())]
            if let role = properties[sam ? "Role" : "RoleArn"]?.stringValue {
                body["roleArn"] = .string(role)
            } else if sam {
                body["roleArn"] = .string(
                    "arn:\(partition):iam::\(account):role/\(deployment.stack.name)-\(id)Role-\(Self.randomSuffix(12))")
            } else {
                return .failure(
                    ResourceFailure(
                        "Properties validation failed for resource \(id) with message: #: required key [RoleArn] not found"
                    ))
            }
            body["type"] = .string(source.type?.rawValue ?? "STANDARD")
            if let logging = properties[sam ? "Logging" : "LoggingConfiguration"] {
                body["loggingConfiguration"] = Self.camelCased(logging)
            }
            if let tracing = properties[sam ? "Tracing" : "TracingConfiguration"] {
                body["tracingConfiguration"] = Self.camelCased(tracing)
            }
            let tags = Self.tags(properties["Tags"])
            if !tags.isEmpty {
                body["tags"] = .array(tags.map { ["key": .string($0.key), "value": .string($0.value)] })
            }
            switch await call("CreateStateMachine", .object(body)) {
            case .success(let response):
                let arn = response["stateMachineArn"]?.stringValue ?? ""
                deployment.created(id, ref: .string(arn), attributes: ["Arn": .string(arn), "Name": .string(name)])
                return .success(arn)
            case .failure(let e):
                return .failure(ResourceFailure(handler: e, service: "Sfn"))
            }
        case "AWS::StepFunctions::Activity":
            guard let name = properties["Name"]?.stringValue else {
                return .failure(
                    ResourceFailure(
                        "Properties validation failed for resource \(id) with message: #: required key [Name] not found"
                    ))
            }
            var body: JSONObject = ["name": .string(name)]
            let tags = Self.tags(properties["Tags"])
            if !tags.isEmpty {
                body["tags"] = .array(tags.map { ["key": .string($0.key), "value": .string($0.value)] })
            }
            switch await call("CreateActivity", .object(body)) {
            case .success(let response):
                let arn = response["activityArn"]?.stringValue ?? ""
                deployment.created(id, ref: .string(arn), attributes: ["Arn": .string(arn), "Name": .string(name)])
                return .success(arn)
            case .failure(let e):
                return .failure(ResourceFailure(handler: e, service: "Sfn"))
            }
        case "AWS::Logs::LogGroup":
            let name =
                properties["LogGroupName"]?.stringValue ?? "\(deployment.stack.name)-\(id)-\(Self.randomSuffix(12))"
            switch logs("CreateLogGroup", Request(["logGroupName": .string(name)])) {
            case .success:
                let arn = "arn:\(partition):logs:\(region):\(account):log-group:\(name):*"
                deployment.created(id, ref: .string(name), attributes: ["Arn": .string(arn)])
                return .success(name)
            case .failure:
                return .failure(
                    ResourceFailure("Resource of type 'AWS::Logs::LogGroup' with identifier '\(name)' already exists."))
            }
        case "AWS::S3::Bucket":
            let name =
                properties["BucketName"]?.stringValue
                ?? "\(deployment.stack.name)-\(id)-\(Self.randomSuffix(12))".lowercased()
            let exists: Bool = data.withLock { d in
                guard d.buckets[name] == nil else { return true }
                d.buckets[name] = [:]
                persist(StoreRecord.bucket(name, exists: true), in: &d)
                return false
            }
            if exists { return .failure(ResourceFailure("\(name) already exists")) }
            deployment.created(
                id, ref: .string(name),
                attributes: [
                    "Arn": .string("arn:\(partition):s3:::\(name)"), "DomainName": .string("\(name).s3.amazonaws.com"),
                    "RegionalDomainName": .string("\(name).s3.\(region).amazonaws.com"),
                ])
            return .success(name)
        default:
            // Recorded, not created: names and ARNs of AWS's shape for Ref and Fn::GetAtt.
            let physical = Self.physicalName(properties) ?? "\(deployment.stack.name)-\(id)-\(Self.randomSuffix(12))"
            let (ref, attributes) = Self.standIn(
                declaration.type, physical, partition: partition, region: region, account: account)
            deployment.created(id, ref: ref, attributes: attributes)
            return .success(ref.stringValue ?? physical)
        }
    }

    // MARK: DeleteStack

    private func deleteStack(_ q: QueryRequest) async throws(CloudFormationError) -> String {
        let nameOrId = try q.required("StackName")
        let stack: StackRecord? = try data.withLock { (d: inout ServiceData) throws(CloudFormationError) in
            guard let id = Self.activeStack(nameOrId, in: d)?.id, var stack = d.stacks[id] else { return nil }
            guard stack.status != "DELETE_IN_PROGRESS" else { return nil }
            // Its creation is still running (for a moment: a stack is created within CreateStack).
            if stack.status == "CREATE_IN_PROGRESS" {
                throw .validation("Stack [\(stack.name)] cannot be deleted while in status CREATE_IN_PROGRESS")
            }
            stack.status = "DELETE_IN_PROGRESS"
            stack.reason = "User Initiated"
            stack.events.append(
                Self.event(
                    stack, stack.name, stack.id, "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS", "User Initiated"))
            d.stacks[id] = stack
            persist(stack.json, in: &d)
            return stack
        }
        // Deleting a stack that does not exist (or is being deleted) succeeds, as on AWS.
        guard var deleting = stack else { return "" }
        deleting = await removeResources(of: deleting, rollingBack: false)
        if deleting.resources.contains(where: { $0.status == "DELETE_FAILED" }) {
            let failed = deleting.resources.filter { $0.status == "DELETE_FAILED" }.map(\.logicalId)
            deleting.status = "DELETE_FAILED"
            deleting.reason = "The following resource(s) failed to delete: [\(failed.joined(separator: ", "))]. "
        } else {
            deleting.status = "DELETE_COMPLETE"
            deleting.reason = nil
            deleting.deletionTime = Self.now()
        }
        deleting.events.append(
            Self.event(
                deleting, deleting.name, deleting.id, "AWS::CloudFormation::Stack", deleting.status, deleting.reason))
        let final = deleting
        data.withLock { d in
            d.stacks[final.id] = final
            persist(final.json, in: &d)
        }
        return ""
    }

    /// Deletes a stack's resources, newest first (a `Retain` one is kept); the stack with each
    /// resource's new status and the events.
    private func removeResources(of stack: StackRecord, rollingBack: Bool) async -> StackRecord {
        var stack = stack
        for index in stack.resources.indices.reversed() {
            let r = stack.resources[index]
            guard
                r.status == "CREATE_COMPLETE" || r.status == "DELETE_FAILED"
                    || (rollingBack && r.status == "CREATE_FAILED")
            else { continue }
            if r.status == "CREATE_FAILED" || r.deletionPolicy == "Retain"
                || r.deletionPolicy == "RetainExceptOnCreate" && !rollingBack
            {
                let status = r.status == "CREATE_FAILED" ? "DELETE_COMPLETE" : "DELETE_SKIPPED"
                stack.resources[index].status = status
                stack.events.append(Self.event(stack, r.logicalId, r.physicalId, r.type, status, nil))
                continue
            }
            stack.events.append(Self.event(stack, r.logicalId, r.physicalId, r.type, "DELETE_IN_PROGRESS", nil))
            var failure: String?
            switch r.type {
            case "AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine":
                if case .failure(let e) = await call("DeleteStateMachine", ["stateMachineArn": .string(r.physicalId)]) {
                    failure = ResourceFailure(handler: e, service: "Sfn").reason
                }
            case "AWS::StepFunctions::Activity":
                if case .failure(let e) = await call("DeleteActivity", ["activityArn": .string(r.physicalId)]) {
                    failure = ResourceFailure(handler: e, service: "Sfn").reason
                }
            case "AWS::Logs::LogGroup":
                _ = logs("DeleteLogGroup", Request(["logGroupName": .string(r.physicalId)]))
            case "AWS::S3::Bucket":
                failure = data.withLock { d -> String? in
                    guard let objects = d.buckets[r.physicalId] else { return nil }
                    guard objects.isEmpty else { return "The bucket you tried to delete is not empty" }
                    d.buckets.removeValue(forKey: r.physicalId)
                    persist(StoreRecord.bucket(r.physicalId, exists: false), in: &d)
                    return nil
                }
            default:
                break
            }
            let status = failure == nil ? "DELETE_COMPLETE" : "DELETE_FAILED"
            stack.resources[index].status = status
            stack.resources[index].reason = failure
            stack.resources[index].timestamp = Self.now()
            stack.events.append(Self.event(stack, r.logicalId, r.physicalId, r.type, status, failure))
        }
        return stack
    }

    // MARK: Describing

    private func describeStacks(_ q: QueryRequest) throws(CloudFormationError) -> String {
        let stacks: [StackRecord] = try data.withLock { (d: inout ServiceData) throws(CloudFormationError) in
            if let nameOrId = q["StackName"] {
                guard let stack = Self.stack(nameOrId, in: d) else {
                    throw .validation("Stack with id \(nameOrId) does not exist")
                }
                return [stack]
            }
            return d.stacks.values.filter(\.isActive).sorted { $0.creationTime > $1.creationTime }
        }
        let members = stacks.map { s in
            var x = "<member>"
            x += Self.element("StackId", s.id) + Self.element("StackName", s.name)
            if let d = s.description { x += Self.element("Description", d) }
            x += "<Parameters>"
            x += s.parameters.map {
                "<member>" + Self.element("ParameterKey", $0.key) + Self.element("ParameterValue", $0.value)
                    + "</member>"
            }.joined()
            x += "</Parameters>"
            x += Self.element("CreationTime", Self.isoDate(s.creationTime))
            if let deleted = s.deletionTime { x += Self.element("DeletionTime", Self.isoDate(deleted)) }
            x += "<RollbackConfiguration/>" + Self.element("StackStatus", s.status)
            if let reason = s.reason { x += Self.element("StackStatusReason", reason) }
            x += Self.element("DisableRollback", s.disableRollback ? "true" : "false") + "<NotificationARNs/>"
            if !s.capabilities.isEmpty {
                x += "<Capabilities>" + s.capabilities.map { Self.element("member", $0) }.joined() + "</Capabilities>"
            }
            if !s.outputs.isEmpty {
                x += "<Outputs>"
                for o in s.outputs {
                    x += "<member>" + Self.element("OutputKey", o.key) + Self.element("OutputValue", o.value)
                    if let d = o.description { x += Self.element("Description", d) }
                    if let e = o.exportName { x += Self.element("ExportName", e) }
                    x += "</member>"
                }
                x += "</Outputs>"
            }
            x +=
                "<Tags>"
                + s.tags.map {
                    "<member>" + Self.element("Key", $0.key) + Self.element("Value", $0.value) + "</member>"
                }.joined() + "</Tags>"
            x += "<EnableTerminationProtection>false</EnableTerminationProtection>"
            x += "<DriftInformation><StackDriftStatus>NOT_CHECKED</StackDriftStatus></DriftInformation>"
            return x + "</member>"
        }
        return "<Stacks>\(members.joined())</Stacks>"
    }

    private func listStacks(_ q: QueryRequest) -> String {
        let filter = Set(q.list("StackStatusFilter"))
        let stacks = data.withLock { d in d.stacks.values.sorted { $0.creationTime > $1.creationTime } }
        let members = stacks.filter { filter.isEmpty || filter.contains($0.status) }.map { s in
            var x = "<member>" + Self.element("StackId", s.id) + Self.element("StackName", s.name)
            if let d = s.description { x += Self.element("TemplateDescription", d) }
            x += Self.element("CreationTime", Self.isoDate(s.creationTime))
            if let deleted = s.deletionTime { x += Self.element("DeletionTime", Self.isoDate(deleted)) }
            x += Self.element("StackStatus", s.status)
            if let reason = s.reason { x += Self.element("StackStatusReason", reason) }
            x += "<DriftInformation><StackDriftStatus>NOT_CHECKED</StackDriftStatus></DriftInformation>"
            return x + "</member>"
        }
        return "<StackSummaries>\(members.joined())</StackSummaries>"
    }

    private func describeStackResources(_ q: QueryRequest) throws(CloudFormationError) -> String {
        let stack = try existingStack(try q.required("StackName"))
        let logicalId = q["LogicalResourceId"]
        let members = stack.resources.filter { logicalId == nil || $0.logicalId == logicalId }.map { r in
            var x = "<member>" + Self.element("StackName", stack.name) + Self.element("StackId", stack.id)
            x += Self.element("LogicalResourceId", r.logicalId) + Self.element("PhysicalResourceId", r.physicalId)
            x += Self.element("ResourceType", r.type) + Self.element("Timestamp", Self.isoDate(r.timestamp))
            x += Self.element("ResourceStatus", r.status)
            if let reason = r.reason { x += Self.element("ResourceStatusReason", reason) }
            x += "<DriftInformation><StackResourceDriftStatus>NOT_CHECKED</StackResourceDriftStatus></DriftInformation>"
            return x + "</member>"
        }
        return "<StackResources>\(members.joined())</StackResources>"
    }

    private func listStackResources(_ q: QueryRequest) throws(CloudFormationError) -> String {
        let stack = try existingStack(try q.required("StackName"))
        let members = stack.resources.map { r in
            var x = "<member>" + Self.element("LogicalResourceId", r.logicalId)
            x += Self.element("PhysicalResourceId", r.physicalId) + Self.element("ResourceType", r.type)
            x +=
                Self.element("LastUpdatedTimestamp", Self.isoDate(r.timestamp))
                + Self.element("ResourceStatus", r.status)
            if let reason = r.reason { x += Self.element("ResourceStatusReason", reason) }
            x += "<DriftInformation><StackResourceDriftStatus>NOT_CHECKED</StackResourceDriftStatus></DriftInformation>"
            return x + "</member>"
        }
        return "<StackResourceSummaries>\(members.joined())</StackResourceSummaries>"
    }

    private func describeStackEvents(_ q: QueryRequest) throws(CloudFormationError) -> String {
        let stack = try existingStack(try q.required("StackName"))
        let members = stack.events.reversed().map { e in
            var x = "<member>" + Self.element("StackId", stack.id) + Self.element("EventId", e.id)
            x += Self.element("StackName", stack.name) + Self.element("LogicalResourceId", e.logicalId)
            x += Self.element("PhysicalResourceId", e.physicalId) + Self.element("ResourceType", e.type)
            x += Self.element("Timestamp", Self.isoDate(e.timestamp)) + Self.element("ResourceStatus", e.status)
            if let reason = e.reason { x += Self.element("ResourceStatusReason", reason) }
            return x + "</member>"
        }
        return "<StackEvents>\(members.joined())</StackEvents>"
    }

    private func getTemplate(_ q: QueryRequest) throws(CloudFormationError) -> String {
        let stack = try existingStack(try q.required("StackName"))
        return Self.element("TemplateBody", stack.templateBody)
            + "<StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>"
    }

    /// The stack a name (an active stack) or a stack id (any) names, or AWS's ValidationError.
    private func existingStack(_ nameOrId: String) throws(CloudFormationError) -> StackRecord {
        guard let stack = data.withLock({ d in Self.stack(nameOrId, in: d) }) else {
            throw .validation("Stack with id \(nameOrId) does not exist")
        }
        return stack
    }

    static func stack(_ nameOrId: String, in d: ServiceData) -> StackRecord? {
        if let byId = d.stacks[nameOrId] { return byId }
        return activeStack(nameOrId, in: d)
    }

    static func activeStack(_ nameOrId: String, in d: ServiceData) -> StackRecord? {
        if let byId = d.stacks[nameOrId], byId.isActive { return byId }
        return d.stacks.values.first { $0.name == nameOrId && $0.isActive }
    }

    // MARK: Pieces

    static func event(
        _ stack: StackRecord, _ logicalId: String, _ physicalId: String, _ type: String, _ status: String,
        _ reason: String?
    ) -> StackEvent {
        StackEvent(
            id: type == "AWS::CloudFormation::Stack" ? uuid() : "\(logicalId)-\(status)-\(isoDate(now()))",
            logicalId: logicalId, physicalId: physicalId, type: type, status: status, reason: reason, timestamp: now())
    }

    static func isStackName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.count <= 128,
            CharacterSet.letters.contains(first) && first.isASCII
        else { return name.hasPrefix("arn:") }
        return name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") }
    }

    /// 12 (or `count`) random upper-case letters and digits, as CloudFormation ends generated names.
    static func randomSuffix(_ count: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<count).map { _ in alphabet.randomElement()! })
    }

    /// A name the resource's properties give it (`FunctionName`, `RoleName`, `QueueName`, ...).
    static func physicalName(_ properties: JSONValue) -> String? {
        guard case .object(let o) = properties else { return nil }
        for (key, value) in o where key.hasSuffix("Name") && key != "DisplayName" {
            if let s = value.stringValue, !s.isEmpty { return s }
        }
        return nil
    }

    /// `Ref` and `Fn::GetAtt` of a resource the stand-in records without creating it.
    static func standIn(_ type: String, _ physical: String, partition: String, region: String, account: String)
        -> (JSONValue, [String: JSONValue])
    {
        let parts = type.split(separator: ":").filter { !$0.isEmpty }.map(String.init)
        let service = parts.count > 1 ? parts[1].lowercased() : "cloudformation"
        let kind = parts.count > 2 ? parts[2] : "resource"
        var ref = JSONValue.string(physical)
        var arn = "arn:\(partition):\(service):\(region):\(account):\(kind.lowercased())/\(physical)"
        var attributes: [String: JSONValue] = [:]
        switch type {
        case "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::InstanceProfile":
            arn = "arn:\(partition):iam::\(account):\(kind.lowercased())/\(physical)"
            attributes["RoleId"] = .string("AROA" + randomSuffix(17))
        case "AWS::IAM::ManagedPolicy":
            arn = "arn:\(partition):iam::\(account):policy/\(physical)"
            ref = .string(arn)
        case "AWS::Lambda::Function", "AWS::Serverless::Function":
            arn = "arn:\(partition):lambda:\(region):\(account):function:\(physical)"
        case "AWS::SQS::Queue":
            arn = "arn:\(partition):sqs:\(region):\(account):\(physical)"
            ref = .string("https://sqs.\(region).amazonaws.com/\(account)/\(physical)")
            attributes["QueueName"] = .string(physical)
            attributes["QueueUrl"] = ref
        case "AWS::SNS::Topic":
            arn = "arn:\(partition):sns:\(region):\(account):\(physical)"
            ref = .string(arn)
            attributes["TopicName"] = .string(physical)
            attributes["TopicArn"] = .string(arn)
        case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable":
            arn = "arn:\(partition):dynamodb:\(region):\(account):table/\(physical)"
        case "AWS::Events::EventBus":
            arn = "arn:\(partition):events:\(region):\(account):event-bus/\(physical)"
            attributes["Name"] = .string(physical)
        default:
            break
        }
        attributes["Arn"] = .string(arn)
        return (ref, attributes)
    }

    /// CloudFormation's PascalCase structure (`LoggingConfiguration`) as the API's camelCase.
    static func camelCased(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o):
            var out = JSONObject()
            for (key, member) in o {
                let camel = key.prefix(1).lowercased() + key.dropFirst()
                out[camel] = camelCased(member)
            }
            return .object(out)
        case .array(let items): return .array(items.map(camelCased))
        default: return value
        }
    }

    /// `Tags` as CloudFormation writes them (`[{Key, Value}]`, or SAM's `{key: value}`).
    static func tags(_ value: JSONValue?) -> [KeyValue] {
        switch value {
        case .array(let items)?:
            return items.compactMap { t in
                t["Key"]?.stringValue.map { KeyValue(key: $0, value: t["Value"]?.stringValue ?? "") }
            }
        case .object(let o)?:
            return o.map { KeyValue(key: $0.0, value: $0.1.stringValue ?? "") }
        default:
            return []
        }
    }

    static func isoDate(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    static func element(_ name: String, _ value: String) -> String { "<\(name)>\(xml(value))</\(name)>" }

    static let cloudFormationNamespace = "http://cloudformation.amazonaws.com/doc/2010-05-15/"

    static func queryResponse(_ action: String, _ result: String) -> HTTPResponse {
        let requestId = uuid()
        let resultElement = result.isEmpty ? "" : "<\(action)Result>\(result)</\(action)Result>"
        let body =
            "<\(action)Response xmlns=\"\(cloudFormationNamespace)\">\(resultElement)"
            + "<ResponseMetadata><RequestId>\(requestId)</RequestId></ResponseMetadata></\(action)Response>"
        return HTTPResponse(
            status: 200, headers: ["Content-Type": "text/xml", "x-amzn-RequestId": requestId], body: Array(body.utf8))
    }

    static func queryError(_ e: CloudFormationError) -> HTTPResponse {
        let requestId = uuid()
        let body =
            "<ErrorResponse xmlns=\"\(cloudFormationNamespace)\"><Error><Type>\(e.status >= 500 ? "Receiver" : "Sender")</Type>"
            + element("Code", e.code) + element("Message", e.message)
            + "</Error><RequestId>\(requestId)</RequestId></ErrorResponse>"
        return HTTPResponse(
            status: e.status, headers: ["Content-Type": "text/xml", "x-amzn-RequestId": requestId],
            body: Array(body.utf8))
    }
}

/// A CloudFormation error: its code (`ValidationError`, `AlreadyExistsException`...), message and status.
struct CloudFormationError: Error, Sendable {
    var code: String
    var message: String
    var status: Int

    init(_ code: String, _ message: String, status: Int = 400) {
        self.code = code
        self.message = message
        self.status = status
    }

    static func validation(_ message: String) -> CloudFormationError { CloudFormationError("ValidationError", message) }
}

/// Why a resource could not be created, in the words CloudFormation's resource handlers use.
struct ResourceFailure: Error, Sendable {
    var reason: String

    init(_ reason: String) { self.reason = reason }

    init(handler e: AWSError, service: String) {
        reason =
            "Resource handler returned message: \"\(e.message) (Service: \(service), Status Code: \(e.status), Request ID: "
            + "\(LocalStepFunctions.uuid()))\" (RequestToken: \(LocalStepFunctions.uuid()), HandlerErrorCode: "
            + "\(e.status >= 500 ? "InternalFailure" : "InvalidRequest"))"
    }
}

/// A stack being created: the resources made so far, which intrinsic functions can refer to.
final class Deployment: @unchecked Sendable {
    private(set) var stack: StackRecord
    private var refs: [String: JSONValue] = [:]
    private var attributes: [String: [String: JSONValue]] = [:]
    private let parameters: [String: JSONValue]
    private let pseudo: [String: JSONValue]

    init(stack: StackRecord, parameters: [(key: String, value: String)], service: LocalStepFunctions) {
        self.stack = stack
        var p: [String: JSONValue] = [:]
        for (key, value) in parameters { p[key] = .string(value) }
        self.parameters = p
        pseudo = [
            "AWS::Region": .string(service.options.region), "AWS::AccountId": .string(service.options.accountId),
            "AWS::Partition": .string(service.options.partition), "AWS::StackName": .string(stack.name),
            "AWS::StackId": .string(stack.id), "AWS::URLSuffix": "amazonaws.com", "AWS::NotificationARNs": .array([]),
        ]
    }

    /// What intrinsic functions resolve to: parameters, pseudo parameters and the resources made.
    var context: IntrinsicContext {
        IntrinsicContext(
            ref: { [self] name in parameters[name] ?? pseudo[name] ?? refs[name] },
            getAtt: { [self] resource, attribute in attributes[resource]?[attribute] }, strict: true)
    }

    func created(_ logicalId: String, ref: JSONValue, attributes: [String: JSONValue]) {
        refs[logicalId] = ref
        self.attributes[logicalId] = attributes
    }

    /// Records a resource's new status (and its event).
    func record(
        _ declaration: CloudFormationTemplate.ResourceDeclaration, _ status: String, reason: String?, physicalId: String
    ) {
        let now = LocalStepFunctions.now()
        if let index = stack.resources.firstIndex(where: { $0.logicalId == declaration.logicalId }) {
            stack.resources[index].status = status
            stack.resources[index].reason = reason
            stack.resources[index].timestamp = now
            if !physicalId.isEmpty { stack.resources[index].physicalId = physicalId }
        } else {
            stack.resources.append(
                StackResource(
                    logicalId: declaration.logicalId, type: declaration.type, physicalId: physicalId, status: status,
                    reason: reason, timestamp: now, deletionPolicy: declaration.deletionPolicy))
        }
        stack.events.append(
            LocalStepFunctions.event(stack, declaration.logicalId, physicalId, declaration.type, status, reason))
    }
}

/// A Query request's form-encoded parameters.
struct QueryRequest: Sendable {
    private var values: [String: String] = [:]

    init(body: [UInt8]) {
        let text = String(decoding: body, as: UTF8.self)
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = QueryRequest.decode(String(kv[0]))
            values[key] = kv.count > 1 ? QueryRequest.decode(String(kv[1])) : ""
        }
    }

    subscript(_ name: String) -> String? { values[name] }

    func required(_ name: String) throws(CloudFormationError) -> String {
        guard let value = values[name], !value.isEmpty else {
            let member = name.prefix(1).lowercased() + name.dropFirst()
            throw .validation(
                "1 validation error detected: Value null at '\(member)' failed to satisfy constraint: Member must not be null"
            )
        }
        return value
    }

    /// `NAME.member.1`, `NAME.member.2`, ... in order.
    func list(_ name: String) -> [String] {
        var out: [String] = []
        var i = 1
        while let value = values["\(name).member.\(i)"] {
            out.append(value)
            i += 1
        }
        return out
    }

    /// `NAME.member.N.FIELD` for each N, in order.
    func members(_ name: String, _ fields: [String]) -> [[String: String]] {
        var out: [[String: String]] = []
        var i = 1
        while true {
            var member: [String: String] = [:]
            for field in fields { if let v = values["\(name).member.\(i).\(field)"] { member[field] = v } }
            if member.isEmpty { break }
            out.append(member)
            i += 1
        }
        return out
    }

    static func decode(_ s: String) -> String {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s
    }
}
