import JSONCore
import StepFunctionsModel

/// A Task resource's ARN taken apart once per simulator, and how it shows in history events.
/// A class: every call hands it around, and one reference is cheaper than its many strings.
@usableFromInline
final class ResourceInfo: Sendable {
    let resource: TaskResource
    let kind: TaskResource.Kind
    let pattern: TaskResource.IntegrationPattern
    /// The ARN's region, when it names one.
    let region: String?
    /// The names its events use.
    @usableFromInline let names: TaskEventNames
    /// `lambda:invoke` (the handler gets the `Payload`; the result is wrapped in the invoke response).
    let isLambdaInvoke: Bool
    /// API Gateway `invoke` (its `Headers` are checked).
    let isAPIGatewayInvoke: Bool
    /// `states:startExecution` (a registered child machine runs when no handler answers).
    let isStartExecution: Bool

    init(_ resource: TaskResource) {
        self.resource = resource
        // The ARN taken apart once here (`kind`, `pattern` and `parts` each split it again).
        let parts = resource.parts
        let kind = TaskResource.kind(resource.arn, parts: parts)
        self.kind = kind
        switch kind {
        case .integration(_, _, let p), .sdk(_, _, let p): pattern = p
        default: pattern = .requestResponse
        }
        let r = parts?.region ?? ""
        region = r.isEmpty ? nil : r
        names = TaskEventNames(resource, kind: kind)
        var lambdaInvoke = false
        var apiGateway = false
        var startExecution = false
        if case .integration(let service, let action, _) = kind {
            lambdaInvoke = service == "lambda" && action == "invoke"
            apiGateway = service == "apigateway" && action == "invoke"
            startExecution = service == "states" && action == "startExecution"
        }
        isLambdaInvoke = lambdaInvoke
        isAPIGatewayInvoke = apiGateway
        isStartExecution = startExecution
    }
}

/// How a Task's resource shows in history events.
@usableFromInline
struct TaskEventNames: Sendable {
    /// Whether the resource is a Lambda function ARN used directly (`LambdaFunction*` events).
    var isLambdaFunction: Bool
    /// Whether the resource is an activity (`Activity*` events).
    var isActivity = false
    /// `resource` in `Task*` events (the action, with its pattern suffix).
    @usableFromInline var resource: String
    /// `resourceType` (the service, or `aws-sdk:service`).
    @usableFromInline var resourceType: String

    init(_ resource: TaskResource, kind: TaskResource.Kind) {
        switch kind {
        case .lambdaFunction:
            isLambdaFunction = true
            self.resource = resource.arn
            resourceType = "lambda"
        case .integration(let service, let action, let pattern):
            isLambdaFunction = false
            self.resource = action + pattern.rawValue
            resourceType = service
        case .sdk(let service, let action, let pattern):
            isLambdaFunction = false
            self.resource = action + pattern.rawValue
            resourceType = "aws-sdk:" + service
        case .activity(let name):
            isLambdaFunction = false
            isActivity = true
            self.resource = name
            resourceType = "activity"
        case .placeholder, .unrecognized:
            isLambdaFunction = false
            self.resource = resource.arn
            resourceType = "unknown"
        }
        tail = [("resource", .value(.string(self.resource))), ("resourceType", .value(.string(resourceType)))]
    }

    /// `resource` and `resourceType`, which end every `Task*` event's details.
    var tail: [(key: String, value: EventField)] = []
}
