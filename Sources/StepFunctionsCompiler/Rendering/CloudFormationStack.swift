/// Several workflows as one CloudFormation template: a state machine each, an IAM role each with a
/// least-privilege policy made from the Task resources the workflow uses (as AWS CDK's grants do),
/// logging and tracing, and workflows that start one another referenced with `Ref`/`Fn::GetAtt`
/// instead of hard-coded ARNs.
///
/// ```swift
/// var stack = CloudFormationStack(format: .yaml)
/// stack.add(try shipping.compile())
/// stack.add(try orders.compile(), logging: .init(level: .error), tracing: true)
/// let yaml = try stack.template()
/// ```
///
/// A `StateMachineArn` (of `states:startExecution`) that names a workflow of the stack, as an ARN
/// ending in `:stateMachine:NAME` or as the placeholder `${NAME}`, becomes a reference to that
/// workflow's resource. `Docs/Templates.md` lists the permissions each integration gets.
public struct CloudFormationStack: Sendable {
    /// Which property holds each definition.
    public enum DefinitionProperty: Sendable, Hashable {
        /// `Definition`: the definition as an object in the template (readable, diffable).
        case definition
        /// `DefinitionString`: the definition as JSON text (what older tooling and CDK write).
        case definitionString
    }

    /// `LoggingConfiguration`: execution history to CloudWatch Logs.
    public struct Logging: Sendable, Hashable {
        /// `Level`: which events are logged.
        public enum Level: String, Sendable, Hashable {
            /// Every event.
            case all = "ALL"
            /// Errors only.
            case error = "ERROR"
            /// Fatal errors only.
            case fatal = "FATAL"
            /// Nothing.
            case off = "OFF"
        }

        /// `Level`.
        public var level: Level
        /// `IncludeExecutionData`: whether inputs and outputs are logged too.
        public var includeExecutionData: Bool
        /// The log group's ARN (ending in `:*`); nil: the stack declares an `AWS::Logs::LogGroup`.
        public var logGroupArn: JSONValue?
        /// `RetentionInDays` of the log group the stack declares (nil: kept forever).
        public var retentionInDays: Int?

        /// Creates a logging configuration.
        public init(
            level: Level = .all, includeExecutionData: Bool = false, logGroupArn: JSONValue? = nil,
            retentionInDays: Int? = 30
        ) {
            self.level = level
            self.includeExecutionData = includeExecutionData
            self.logGroupArn = logGroupArn
            self.retentionInDays = retentionInDays
        }
    }

    /// One workflow of the stack and how it is deployed.
    public struct Member: Sendable {
        /// The compiled workflow.
        public var workflow: CompiledStateMachine
        /// The state machine's logical ID (its role is `ID` + `Role`, its log group `ID` + `Logs`).
        public var logicalID: String
        /// `StateMachineName`; CloudFormation generates one when nil.
        public var stateMachineName: String?
        /// `RoleArn`; nil: the stack declares a role with the generated policy.
        public var roleArn: JSONValue?
        /// Values of `DefinitionSubstitutions`, by placeholder (the rest become template parameters).
        public var substitutions: [String: JSONValue]
        /// The ARN the policy grants access to for a placeholder whose value is not an ARN (a queue URL,
        /// a table name given as a parameter), by placeholder name.
        public var resourceArns: [String: JSONValue]
        /// Logging, when wanted.
        public var logging: Logging?
        /// `TracingConfiguration.Enabled` (X-Ray), with the permissions it needs.
        public var tracing: Bool
    }

    /// A statement of a generated policy: `Allow` of `actions` on `resources`.
    public struct PolicyStatement: Sendable, Hashable {
        /// The IAM actions, e.g. `lambda:InvokeFunction`.
        public var actions: [String]
        /// The resources: ARNs as text, or intrinsics (`{"Ref": ...}`, `{"Fn::Sub": ...}`).
        public var resources: [JSONValue]

        /// Creates a statement.
        public init(actions: [String], resources: [JSONValue]) {
            self.actions = actions
            self.resources = resources
        }

        /// The statement as IAM JSON.
        public var json: JSONValue {
            ["Effect": "Allow", "Action": .array(actions.map(JSONValue.string)), "Resource": .array(resources)]
        }
    }

    /// A stack that cannot be written as asked.
    public struct StackError: Error, Sendable, CustomStringConvertible {
        /// What is wrong, naming the workflows concerned.
        public var description: String
    }

    /// The workflows, in the order added.
    public private(set) var members: [Member] = []
    /// JSON or YAML.
    public var format: CloudFormationOptions.Format
    /// `Definition` or `DefinitionString`.
    public var definitionProperty: DefinitionProperty
    /// The template's `Description` (nil: one naming the workflows).
    public var description: String?

    /// Creates an empty stack.
    public init(
        format: CloudFormationOptions.Format = .yaml, definitionProperty: DefinitionProperty = .definition,
        description: String? = nil
    ) {
        self.format = format
        self.definitionProperty = definitionProperty
        self.description = description
    }

    /// Adds a workflow; `logicalID` defaults to its name in PascalCase plus `StateMachine`
    /// (`orders` → `OrdersStateMachine`).
    public mutating func add(
        _ workflow: CompiledStateMachine, logicalID: String? = nil, stateMachineName: String? = nil,
        roleArn: JSONValue? = nil, substitutions: [String: JSONValue] = [:], resourceArns: [String: JSONValue] = [:],
        logging: Logging? = nil, tracing: Bool = false
    ) {
        members.append(
            Member(
                workflow: workflow,
                logicalID: logicalID ?? CompiledStateMachine.pascalCase(workflow.name) + "StateMachine",
                stateMachineName: stateMachineName, roleArn: roleArn, substitutions: substitutions,
                resourceArns: resourceArns, logging: logging, tracing: tracing))
    }

    /// The template as text.
    /// - Throws: ``StackError`` for two workflows with one name or logical ID, or workflows that start
    ///   one another in a cycle (CloudFormation cannot order their creation).
    public func template() throws(StackError) -> String {
        let value = try templateValue()
        switch format {
        case .json: return JSONWriter.pretty.string(value) + "\n"
        case .yaml: return YAMLWriter().string(value)
        }
    }

    /// The statements of the policy generated for the workflow with `logicalID` (empty when it has
    /// its own `roleArn` or is not in the stack).
    public func policyStatements(for logicalID: String) throws(StackError) -> [PolicyStatement] {
        let plans = try plan()
        guard let i = members.firstIndex(where: { $0.logicalID == logicalID }), members[i].roleArn == nil else {
            return []
        }
        return plans[i].statements
    }

    /// What the stack could not scope to named resources (an `aws-sdk` integration, a dynamic
    /// `FunctionName`), one line each, naming the workflow and state: their statements use `*` or are
    /// left out as said, to be narrowed by hand.
    public func notes() throws(StackError) -> [String] { try plan().flatMap(\.notes) }

    // MARK: Writing

    /// The template as a JSON value.
    public func templateValue() throws(StackError) -> JSONValue {
        let plans = try plan()
        var parameters = JSONObject()
        var resources = JSONObject()
        var outputs = JSONObject()
        for (member, plan) in zip(members, plans) {
            var properties = JSONObject()
            if let name = member.stateMachineName { properties["StateMachineName"] = .string(name) }
            properties["StateMachineType"] = .string(member.workflow.type.rawValue)
            if let role = member.roleArn {
                properties["RoleArn"] = role
            } else {
                properties["RoleArn"] = ["Fn::GetAtt": [.string(member.logicalID + "Role"), "Arn"]]
            }
            switch definitionProperty {
            case .definition: properties["Definition"] = plan.definition
            case .definitionString: properties["DefinitionString"] = .string(JSONWriter.pretty.string(plan.definition))
            }
            var placeholders: Set<String> = []
            Placeholders.collect(plan.definition, into: &placeholders)
            if !placeholders.isEmpty {
                var substitutions = JSONObject()
                for name in placeholders.sorted() {
                    if let value = plan.substitutions[name] {
                        substitutions[name] = value
                    } else if let id = plan.parameters[name] {
                        if parameters[id] == nil {
                            parameters[id] = [
                                "Type": "String",
                                "Description": .string("The value of the \(name) placeholder of the definitions"),
                            ]
                        }
                        substitutions[name] = ["Ref": .string(id)]
                    }
                }
                properties["DefinitionSubstitutions"] = .object(substitutions)
            }
            if let logging = member.logging {
                let arn: JSONValue
                if let given = logging.logGroupArn {
                    arn = given
                } else {
                    var group = JSONObject()
                    if let days = logging.retentionInDays { group["RetentionInDays"] = .int(days) }
                    resources[member.logicalID + "Logs"] = [
                        "Type": "AWS::Logs::LogGroup", "Properties": .object(group),
                    ]
                    arn = ["Fn::GetAtt": [.string(member.logicalID + "Logs"), "Arn"]]
                }
                properties["LoggingConfiguration"] = [
                    "Level": .string(logging.level.rawValue),
                    "IncludeExecutionData": .bool(logging.includeExecutionData),
                    "Destinations": [["CloudWatchLogsLogGroup": ["LogGroupArn": arn]]],
                ]
            }
            if member.tracing { properties["TracingConfiguration"] = ["Enabled": true] }
            if member.roleArn == nil {
                var role = JSONObject()
                role["AssumeRolePolicyDocument"] = [
                    "Version": "2012-10-17",
                    "Statement": [
                        [
                            "Effect": "Allow", "Principal": ["Service": "states.amazonaws.com"],
                            "Action": "sts:AssumeRole",
                        ]
                    ],
                ]
                if !plan.statements.isEmpty {
                    role["Policies"] = [
                        [
                            "PolicyName": .string(member.logicalID + "Policy"),
                            "PolicyDocument": [
                                "Version": "2012-10-17", "Statement": .array(plan.statements.map(\.json)),
                            ],
                        ]
                    ]
                }
                resources[member.logicalID + "Role"] = ["Type": "AWS::IAM::Role", "Properties": .object(role)]
            }
            resources[member.logicalID] = [
                "Type": "AWS::StepFunctions::StateMachine", "Properties": .object(properties),
            ]
            outputs[member.logicalID + "Arn"] = [
                "Description": .string("The ARN of the \(member.workflow.name) state machine"),
                "Value": ["Ref": .string(member.logicalID)],
            ]
        }
        var template = JSONObject()
        template["AWSTemplateFormatVersion"] = "2010-09-09"
        template["Description"] = .string(
            description ?? "The \(members.map(\.workflow.name).joined(separator: ", ")) state machines")
        if !parameters.isEmpty { template["Parameters"] = .object(parameters) }
        template["Resources"] = .object(resources)
        template["Outputs"] = .object(outputs)
        return .object(template)
    }

    // MARK: Planning

    /// What the stack makes of one member: its definition with references to other members, the
    /// substitutions, the policy and the notes.
    struct MemberPlan {
        var definition: JSONValue
        var substitutions: [String: JSONValue]
        /// The template parameter of each placeholder no substitution fills (one per name in the stack).
        var parameters: [String: String] = [:]
        var statements: [PolicyStatement] = []
        var notes: [String] = []
        /// The members this one starts, by index.
        var starts: Set<Int> = []
    }

    func plan() throws(StackError) -> [MemberPlan] {
        var seenIDs: Set<String> = []
        var seenNames: [String: String] = [:]
        for m in members {
            guard seenIDs.insert(m.logicalID).inserted else {
                throw StackError(description: "two workflows of the stack have the logical ID '\(m.logicalID)'")
            }
            if let other = seenNames[m.workflow.name] {
                throw StackError(
                    description:
                        "two workflows of the stack are named '\(m.workflow.name)' (\(other) and \(m.logicalID)): a StateMachineArn naming it would be ambiguous"
                )
            }
            seenNames[m.workflow.name] = m.logicalID
        }
        var plans: [MemberPlan] = []
        var used = Set(members.flatMap { [$0.logicalID, $0.logicalID + "Role", $0.logicalID + "Logs"] })
        var parameterIDs: [String: String] = [:]
        for (index, member) in members.enumerated() {
            var plan = MemberPlan(definition: member.workflow.value, substitutions: member.substitutions)
            plan.definition = linkChildren(plan.definition, of: index, plan: &plan)
            var placeholders: Set<String> = []
            Placeholders.collect(plan.definition, into: &placeholders)
            for name in placeholders.sorted() where plan.substitutions[name] == nil {
                if parameterIDs[name] == nil { parameterIDs[name] = cloudFormationParameterID(name, used: &used) }
                plan.parameters[name] = parameterIDs[name]
            }
            var policy = PolicyBuilder(member: member, plan: plan, stack: self)
            policy.visit(plan.definition)
            if member.logging != nil {
                policy.add(
                    [
                        "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
                        "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
                        "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
                    ], ["*"])
            }
            if member.tracing {
                policy.add(
                    [
                        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                        "xray:GetSamplingTargets",
                    ],
                    ["*"])
            }
            plan.statements = policy.statements
            plan.notes = policy.notes
            plans.append(plan)
        }
        try checkCycles(plans)
        return plans
    }

    /// The member a `StateMachineArn` names: `arn:…:stateMachine:NAME` or `${NAME}` with NAME a
    /// workflow's name (or its `StateMachineName`).
    func member(named text: String) -> Int? {
        var name = text
        if let r = text.firstRange(of: ":stateMachine:"), text.hasPrefix("arn:") {
            name = String(text[r.upperBound...])
        } else if text.hasPrefix("${"), text.hasSuffix("}") {
            name = String(text.dropFirst(2).dropLast())
        } else {
            return nil
        }
        return members.firstIndex { $0.workflow.name == name || $0.stateMachineName == name }
    }

    /// `definition` with every `StateMachineArn` naming another member replaced by the placeholder
    /// `${ID}` (its substitution a `Ref` to that member), recording which members it starts.
    private func linkChildren(_ value: JSONValue, of index: Int, plan: inout MemberPlan) -> JSONValue {
        switch value {
        case .object(let o):
            var out = JSONObject(minimumCapacity: o.count)
            for (key, v) in o {
                if key == "StateMachineArn", case .string(let text) = v, let child = member(named: text) {
                    let id = members[child].logicalID
                    plan.substitutions[id] = ["Ref": .string(id)]
                    plan.starts.insert(child)
                    out.append(key: key, value: .string("${\(id)}"))
                } else {
                    out.append(key: key, value: linkChildren(v, of: index, plan: &plan))
                }
            }
            return .object(out)
        case .array(let items): return .array(items.map { linkChildren($0, of: index, plan: &plan) })
        default: return value
        }
    }

    private func checkCycles(_ plans: [MemberPlan]) throws(StackError) {
        // Depth-first: 0 unvisited, 1 on the path, 2 done.
        var mark = [Int](repeating: 0, count: plans.count)
        var path: [Int] = []
        func visit(_ i: Int) -> [Int]? {
            mark[i] = 1
            path.append(i)
            for j in plans[i].starts.sorted() {
                if mark[j] == 1 { return Array(path[path.firstIndex(of: j)!...]) + [j] }
                if mark[j] == 0, let cycle = visit(j) { return cycle }
            }
            path.removeLast()
            mark[i] = 2
            return nil
        }
        for i in plans.indices where mark[i] == 0 {
            if let cycle = visit(i) {
                let names = cycle.map { members[$0].workflow.name }.joined(separator: " → ")
                throw StackError(
                    description:
                        "the workflows start one another in a cycle (\(names)): CloudFormation cannot create them in order; "
                        + "give one of these StateMachineArns as a parameter instead (a ${Placeholder} that names no workflow)"
                )
            }
        }
    }
}

/// Builds a member's least-privilege statements from the Task states of its definition.
private struct PolicyBuilder {
    let member: CloudFormationStack.Member
    let plan: CloudFormationStack.MemberPlan
    let stack: CloudFormationStack
    private(set) var statements: [CloudFormationStack.PolicyStatement] = []
    private(set) var notes: [String] = []

    init(member: CloudFormationStack.Member, plan: CloudFormationStack.MemberPlan, stack: CloudFormationStack) {
        self.member = member
        self.plan = plan
        self.stack = stack
    }

    static let partitionRegionAccount = "arn:${AWS::Partition}:%@:${AWS::Region}:${AWS::AccountId}:"

    /// Grants `actions` on `resources`, merging with a statement of the same actions.
    mutating func add(_ actions: [String], _ resources: [JSONValue]) {
        if let i = statements.firstIndex(where: { $0.actions == actions }) {
            for r in resources where !statements[i].resources.contains(r) { statements[i].resources.append(r) }
        } else {
            var unique: [JSONValue] = []
            for r in resources where !unique.contains(r) { unique.append(r) }
            statements.append(.init(actions: actions, resources: unique))
        }
    }

    /// Walks every state of every graph.
    mutating func visit(_ value: JSONValue) {
        guard case .object(let o) = value else { return }
        if case .object(let states)? = o["States"] {
            for (name, state) in states {
                if state["Type"]?.stringValue == "Task" { task(name, state) }
                for key in ["ItemProcessor", "Iterator"] { if let inner = state[key] { visit(inner) } }
                for branch in state["Branches"]?.arrayValue ?? [] { visit(branch) }
                if state["Type"]?.stringValue == "Map",
                    state["ItemProcessor"]?["ProcessorConfig"]?["Mode"]?.stringValue == "DISTRIBUTED"
                {
                    notes.append(
                        "\(member.workflow.name).\(name): a distributed Map needs states:StartExecution on its own state machine "
                            + "(and s3 access for an ItemReader or ResultWriter): not generated, add them to the role")
                }
            }
        }
    }

    /// A field of a Task's `Parameters`/`Arguments`: a literal, a value (a placeholder's), or dynamic.
    enum Field {
        case literal(String)
        case value(JSONValue, placeholder: String?)
        case dynamic
        case missing
    }

    func field(_ state: JSONValue, _ key: String) -> Field {
        let request = state["Parameters"] ?? state["Arguments"]
        if request?[key + ".$"] != nil { return .dynamic }
        guard let v = request?[key] else { return .missing }
        guard case .string(let text) = v else { return .dynamic }
        return resolve(text)
    }

    /// A string of the definition as the value the template gives it.
    func resolve(_ text: String) -> Field {
        if text.hasPrefix("{%") { return .dynamic }
        var names: [String] = []
        Placeholders.scan(text) { name, _ in names.append(name) }
        if names.isEmpty { return .literal(text) }
        if names.count == 1, text == "${\(names[0])}" {
            return .value(value(of: names[0]), placeholder: names[0])
        }
        var variables = JSONObject()
        for name in names { variables[name] = value(of: name) }
        return .value(["Fn::Sub": [.string(text), .object(variables)]], placeholder: nil)
    }

    /// A placeholder's value: its substitution, or the template parameter the stack declares for it.
    func value(of placeholder: String) -> JSONValue {
        if let v = plan.substitutions[placeholder] { return v }
        return ["Ref": .string(plan.parameters[placeholder] ?? placeholder)]
    }

    func sub(_ service: String, _ rest: String) -> JSONValue {
        ["Fn::Sub": .string("arn:${AWS::Partition}:\(service):${AWS::Region}:${AWS::AccountId}:\(rest)")]
    }

    mutating func note(_ state: String, _ text: String) {
        notes.append("\(member.workflow.name).\(state): \(text)")
    }

    mutating func task(_ name: String, _ state: JSONValue) {
        guard let resource = state["Resource"]?.stringValue else {
            note(name, "its Resource is not a string: no statement generated")
            return
        }
        guard let r = resource.firstRange(of: ":states:::"), resource.hasPrefix("arn:") else {
            if resource.contains(":activity:") { return }  // the workers need the permission, not the state machine
            // A Lambda function as the Resource (its ARN, or a placeholder standing for it).
            switch resolve(resource) {
            case .literal(let arn) where arn.contains(":lambda:"): add(["lambda:InvokeFunction"], [.string(arn)])
            case .value(let v, _): add(["lambda:InvokeFunction"], [v])
            default: note(name, "Resource '\(resource)' is not an integration this stack knows: no statement generated")
            }
            return
        }
        var integration = String(resource[r.upperBound...])
        var pattern = ""
        if let dot = integration.firstIndex(of: ".") {
            pattern = String(integration[integration.index(after: dot)...])
            integration = String(integration[..<dot])
        }
        let parts = integration.split(separator: ":").map(String.init)
        guard parts.count >= 2 else {
            note(name, "Resource '\(resource)' is not an integration this stack knows: no statement generated")
            return
        }
        switch (parts[0], parts[1]) {
        case ("lambda", "invoke"): lambda(name, state)
        case ("sqs", "sendMessage"): sqs(name, state)
        case ("sns", "publish"): sns(name, state)
        case ("dynamodb", let api) where ["getItem", "putItem", "updateItem", "deleteItem"].contains(api):
            dynamodb(name, state, action: "dynamodb:" + api.prefix(1).uppercased() + api.dropFirst())
        case ("states", "startExecution"): startExecution(name, state, sync: pattern.hasPrefix("sync"))
        case ("aws-sdk", _) where parts.count >= 3:
            let action = parts[1] + ":" + parts[2].prefix(1).uppercased() + parts[2].dropFirst()
            add([action], ["*"])
            note(
                name,
                "'\(action)' is granted on every resource (*): an SDK integration does not say which resource it acts on; narrow it by hand"
            )
        default:
            note(
                name,
                "the \(parts[0]):\(parts[1]) integration is not one this stack writes permissions for (Lambda, SQS, SNS, DynamoDB items, Step Functions): add them to the role"
            )
        }
    }

    /// `lambda:InvokeFunction` on the function and its versions and aliases (`ARN:*`), as CDK grants it.
    mutating func lambda(_ name: String, _ state: JSONValue) {
        switch field(state, "FunctionName") {
        case .literal(let text):
            let arn: JSONValue
            if text.hasPrefix("arn:") {
                // A qualified ARN (`function:name:alias`) is granted as written.
                arn = .string(text)
            } else if text.contains(":function:") {
                arn = sub("lambda", text.split(separator: ":").dropFirst().joined(separator: ":"))
            } else {
                arn = sub("lambda", "function:" + (text.split(separator: ":").first.map(String.init) ?? text))
            }
            add(["lambda:InvokeFunction"], [arn, Self.versions(of: arn)])
        case .value(let v, let placeholder):
            let arn = placeholder.flatMap { member.resourceArns[$0] } ?? v
            add(["lambda:InvokeFunction"], [arn, Self.versions(of: arn)])
        case .dynamic:
            add(["lambda:InvokeFunction"], ["*"])
            note(name, "its FunctionName is chosen at run time: lambda:InvokeFunction is granted on every function (*)")
        case .missing: note(name, "it has no FunctionName: no statement generated")
        }
    }

    static func versions(of arn: JSONValue) -> JSONValue {
        if case .string(let text) = arn { return .string(text + ":*") }
        if case .object(let o) = arn, let sub = o["Fn::Sub"], case .string(let text) = sub {
            return ["Fn::Sub": .string(text + ":*")]
        }
        return ["Fn::Join": ["", [arn, ":*"]]]
    }

    /// `sqs:SendMessage` on the queue (its ARN from the queue URL).
    mutating func sqs(_ name: String, _ state: JSONValue) {
        switch field(state, "QueueUrl") {
        case .literal(let url):
            // https://sqs.REGION.amazonaws.com/ACCOUNT/NAME
            let parts = url.split(separator: "/").map(String.init)
            let host = parts.count >= 4 ? parts[1].split(separator: ".").map(String.init) : []
            if parts.count >= 4, host.count >= 2 {
                add(
                    ["sqs:SendMessage"],
                    [["Fn::Sub": .string("arn:${AWS::Partition}:sqs:\(host[1]):\(parts[2]):\(parts[3])")]])
            } else {
                add(["sqs:SendMessage"], ["*"])
                note(name, "its QueueUrl '\(url)' is not a queue URL: sqs:SendMessage is granted on every queue (*)")
            }
        case .value(let v, let placeholder):
            if let p = placeholder, let arn = member.resourceArns[p] {
                add(["sqs:SendMessage"], [arn])
            } else if case .object(let o) = v, let ref = o["Ref"]?.stringValue, !ref.isEmpty,
                placeholder.map({ plan.substitutions[$0] != nil }) ?? false
            {
                // A queue of the same template: its Ref is the URL, its Arn attribute the ARN.
                add(["sqs:SendMessage"], [["Fn::GetAtt": [.string(ref), "Arn"]]])
            } else {
                add(["sqs:SendMessage"], ["*"])
                note(
                    name,
                    "its QueueUrl is a URL given at deployment: sqs:SendMessage is granted on every queue (*); give the queue's ARN in resourceArns"
                )
            }
        case .dynamic:
            add(["sqs:SendMessage"], ["*"])
            note(name, "its QueueUrl is chosen at run time: sqs:SendMessage is granted on every queue (*)")
        case .missing: note(name, "it has no QueueUrl: no statement generated")
        }
    }

    /// `sns:Publish` on the topic.
    mutating func sns(_ name: String, _ state: JSONValue) {
        switch field(state, "TopicArn") {
        case .literal(let arn): add(["sns:Publish"], [.string(arn)])
        case .value(let v, let placeholder):
            add(["sns:Publish"], [placeholder.flatMap { member.resourceArns[$0] } ?? v])
        case .dynamic, .missing:
            // A TargetArn or PhoneNumber, or a topic chosen at run time.
            add(["sns:Publish"], ["*"])
            note(
                name,
                "it publishes to a target chosen at run time or not a topic: sns:Publish is granted on every topic (*)")
        }
    }

    /// The item API's action on the table.
    mutating func dynamodb(_ name: String, _ state: JSONValue, action: String) {
        switch field(state, "TableName") {
        case .literal(let table):
            add([action], [table.hasPrefix("arn:") ? .string(table) : sub("dynamodb", "table/" + table)])
        case .value(let v, let placeholder):
            if let p = placeholder, let arn = member.resourceArns[p] {
                add([action], [arn])
            } else {
                // A table name (a Ref to a table of the template is its name).
                add(
                    [action],
                    [
                        [
                            "Fn::Sub": [
                                "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}",
                                ["Table": v],
                            ]
                        ]
                    ])
            }
        case .dynamic:
            add([action], ["*"])
            note(name, "its TableName is chosen at run time: \(action) is granted on every table (*)")
        case .missing: note(name, "it has no TableName: no statement generated")
        }
    }

    /// `states:StartExecution` on the child; for `.sync` also `states:DescribeExecution` and
    /// `states:StopExecution` on its executions and the EventBridge rule Step Functions manages.
    mutating func startExecution(_ name: String, _ state: JSONValue, sync: Bool) {
        let machine: JSONValue
        let executions: JSONValue
        switch field(state, "StateMachineArn") {
        case .literal(let arn):
            machine = .string(arn)
            executions = .string(arn.replacing(":stateMachine:", with: ":execution:") + ":*")
        case .value(let v, let placeholder):
            if let p = placeholder, let child = stack.members.firstIndex(where: { $0.logicalID == p }),
                v == ["Ref": .string(p)]
            {
                machine = v
                executions = [
                    "Fn::Sub": .string(
                        "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${\(stack.members[child].logicalID).Name}:*"
                    )
                ]
            } else {
                machine = v
                // The name is the ARN's seventh field (arn:aws:states:REGION:ACCOUNT:stateMachine:NAME).
                executions = [
                    "Fn::Sub": [
                        "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${Name}:*",
                        ["Name": ["Fn::Select": [6, ["Fn::Split": [":", v]]]]],
                    ]
                ]
            }
        case .dynamic:
            add(["states:StartExecution"], ["*"])
            if sync { add(["states:DescribeExecution", "states:StopExecution"], ["*"]) }
            note(
                name,
                "its StateMachineArn is chosen at run time: states:StartExecution is granted on every state machine (*)"
            )
            if sync { addEventsRule() }
            return
        case .missing:
            note(name, "it has no StateMachineArn: no statement generated")
            return
        }
        add(["states:StartExecution"], [machine])
        if sync {
            add(["states:DescribeExecution", "states:StopExecution"], [executions])
            addEventsRule()
        }
    }

    mutating func addEventsRule() {
        add(
            ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
            [sub("events", "rule/StepFunctionsGetEventsForStepFunctionsExecutionRule")])
    }
}
