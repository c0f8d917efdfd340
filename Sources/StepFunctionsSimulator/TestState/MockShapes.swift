import JSONCore
import StepFunctionsModel

/// The response shapes of the AWS APIs that Task states call, for checking a TestState mock result
/// as AWS does (`mock.fieldValidationMode`): generated from botocore's models by
/// `Scripts/generate-mock-shapes.py` into `MockShapes+Data.swift`, and read per service on first use.
///
/// A service or operation that is not known is not checked (as AWS accepts any result for a
/// Lambda function ARN or an activity).
enum MockShapes {
    /// A member's shape: a scalar, any JSON, or a shape of the service.
    enum Ref: Sendable {
        /// An unconstrained scalar: `s` string, `x` blob, `t` timestamp, `b` boolean, `i` integer,
        /// `l` long, `d` double, `f` float.
        case scalar(Character)
        /// Any JSON value (a document, or a member Step Functions returns as JSON).
        case any
        /// The shape at this index of ``Service/shapes``.
        case shape(Int)
    }

    /// A structure, list, map or constrained scalar.
    enum Shape: Sendable {
        /// Members (PascalCase) and the required ones, in the model's order.
        case structure(members: [String: Ref], required: [String])
        /// Elements.
        case list(Ref)
        /// Values.
        case map(Ref)
        /// A scalar with a length or value range and allowed values.
        case scalar(Character, min: Double?, max: Double?, allowed: Set<String>?)
    }

    /// One service's operations (by name, e.g. `PutItem`) and shapes.
    struct Service: Sendable {
        let operations: [String: Ref]
        let shapes: [Shape]
    }

    /// The services read so far (nil: not known).
    private static let cache = Locked<[String: Service?]>([:])

    /// A service's shapes, by its model name (`lambda`, `stepfunctions`...).
    static func service(_ name: String) -> Service? {
        if let cached = cache.withLock({ $0[name] }) { return cached }
        let service = data(service: name).flatMap { text in (try? JSONParser.parse(text)).flatMap(read) }
        cache.withLock { $0[name] = service }
        return service
    }

    /// Reads the generated format (see the generator's header).
    private static func read(_ json: JSONValue) -> Service? {
        guard case .object(let ops)? = json["o"], case .array(let list)? = json["s"] else { return nil }
        var operations: [String: Ref] = [:]
        for (name, value) in ops { operations[name] = ref(value) }
        let shapes = list.map { s -> Shape in
            if case .object(let members)? = s["m"] {
                var out: [String: Ref] = [:]
                for (name, value) in members { out[name] = ref(value) }
                return .structure(members: out, required: s["r"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            }
            if let e = s["e"] { return .list(ref(e)) }
            if let v = s["v"] { return .map(ref(v)) }
            let allowed = s["enum"]?.arrayValue.map { Set($0.compactMap(\.stringValue)) }
            return .scalar(
                s["p"]?.stringValue?.first ?? "s", min: s["min"]?.doubleValue, max: s["max"]?.doubleValue,
                allowed: allowed)
        }
        return Service(operations: operations, shapes: shapes)
    }

    private static func ref(_ v: JSONValue) -> Ref {
        if let i = v.intValue { return .shape(i) }
        let code = v.stringValue ?? "*"
        return code == "*" ? .any : .scalar(code.first ?? "s")
    }

    // MARK: Resources

    /// What a Task's mocked result is checked against: the service, the operation's output shape,
    /// and the top-level members Step Functions returns as JSON rather than as the SDK type.
    struct Target {
        let service: Service
        let output: Ref
        let anyJSONMembers: Set<String>
    }

    /// The output shape a Task's resource answers with; nil when it is not checked: a Lambda
    /// function or activity ARN, `.sync` and `.waitForTaskToken` (the mock stands for the job's or
    /// the callback's answer), HTTP and API Gateway tasks, and services or operations not known.
    static func target(_ kind: TaskResource.Kind) -> Target? {
        let serviceName: String?
        let operation: String
        var anyJSON: Set<String> = []
        switch kind {
        case .sdk(let service, let action, let pattern):
            guard pattern == .requestResponse else { return nil }
            serviceName = sdkServices[service]
            operation = upperFirst(action)
        case .integration(let service, let action, let pattern):
            guard pattern == .requestResponse else { return nil }
            (serviceName, operation) = optimized(service: service, action: action)
            // Step Functions returns these as the JSON the function or model answered.
            if service == "lambda" && action == "invoke" { anyJSON = ["Payload"] }
            if service == "bedrock" && action == "invokeModel" { anyJSON = ["Body"] }
        default:
            return nil
        }
        guard let serviceName, let service = service(serviceName), let output = service.operations[operation] else {
            return nil
        }
        return Target(service: service, output: output, anyJSONMembers: anyJSON)
    }

    /// An optimized integration's service model and operation (`states:startExecution` is the
    /// `stepfunctions` model's `StartExecution`).
    private static func optimized(service: String, action: String) -> (String?, String) {
        switch service {
        case "states": return ("stepfunctions", upperFirst(action))
        case "bedrock" where action == "invokeModel": return ("bedrock-runtime", "InvokeModel")
        case "elasticmapreduce":
            let operations = [
                "createCluster": "RunJobFlow", "terminateCluster": "TerminateJobFlows", "addStep": "AddJobFlowSteps",
                "cancelStep": "CancelSteps", "setClusterTerminationProtection": "SetTerminationProtection",
                "modifyInstanceFleetByName": "ModifyInstanceFleet",
                "modifyInstanceGroupByName": "ModifyInstanceGroups",
            ]
            return ("emr", operations[action] ?? upperFirst(action))
        case "http", "apigateway": return (nil, action)
        default: return (service, upperFirst(action))
        }
    }

    static func upperFirst(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }
}
