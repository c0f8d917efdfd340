import JSONCore

/// A Task state's `Resource`, with its ARN taken apart.
///
/// Step Functions recognises Lambda function ARNs, activity ARNs, and service integrations
/// `arn:PARTITION:states:REGION?:ACCOUNT?:SERVICE:ACTION[.sync|.sync:2|.waitForTaskToken]`
/// (optimized integrations such as `lambda:invoke`, and `aws-sdk:SERVICE:ACTION`).
public struct TaskResource: Sendable, Hashable, CustomStringConvertible {
    /// The `Resource` string as written (may contain `${...}` placeholders).
    public var arn: String

    /// Creates a resource from its ARN text.
    public init(_ arn: String) { self.arn = arn }

    /// What a resource ARN names.
    public enum Kind: Sendable, Hashable {
        /// `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`, invoked directly.
        case lambdaFunction(name: String, qualifier: String?)
        /// `arn:aws:states:REGION:ACCOUNT:activity:NAME`
        case activity(name: String)
        /// `arn:aws:states:::SERVICE:ACTION[.pattern]`
        case integration(service: String, action: String, pattern: IntegrationPattern)
        /// `arn:aws:states:::aws-sdk:SERVICE:ACTION[.pattern]`
        case sdk(service: String, action: String, pattern: IntegrationPattern)
        /// A whole `${Name}` placeholder: any ARN the deployment fills in.
        case placeholder(String)
        /// Not a form Step Functions recognises.
        case unrecognized
    }

    /// How a Task waits for a service integration.
    public enum IntegrationPattern: String, Sendable, Hashable, CaseIterable {
        /// Call the service and continue with its response.
        case requestResponse = ""
        /// `.sync`: wait for the job to finish.
        case sync = ".sync"
        /// `.sync:2`: wait for the job, with a JSON (not string) output (nested executions).
        case sync2 = ".sync:2"
        /// `.waitForTaskToken`: pause until `SendTaskSuccess`/`SendTaskFailure` with the token.
        case waitForTaskToken = ".waitForTaskToken"
    }

    /// The parts of an ARN: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE...`.
    public struct ARNParts: Sendable, Hashable {
        /// `aws`, `aws-cn`, `aws-us-gov`, ...
        public var partition: String
        /// `lambda`, `states`, ...
        public var service: String
        /// The region (may be empty).
        public var region: String
        /// The account (may be empty).
        public var account: String
        /// Everything after the account, split on `:`.
        public var resource: [String]
    }

    /// The ARN split into its parts, or `nil` if it is not `arn:...` with at least six parts.
    public var parts: ARNParts? {
        let pieces = arn.splitKeepingEmpty(onASCII: UInt8(ascii: ":"))
        guard pieces.count >= 6, pieces[0] == "arn" else { return nil }
        return ARNParts(
            partition: pieces[1], service: pieces[2], region: pieces[3], account: pieces[4],
            resource: Array(pieces[5...]))
    }

    /// What the ARN names.
    public var kind: Kind {
        TaskResource.kind(arn, parts: parts)
    }

    /// The kind of the resource `arn`, whose ``parts`` are `parts` (taken apart once by a caller that
    /// needs both).
    package static func kind(_ arn: String, parts: ARNParts?) -> Kind {
        if let name = Placeholder.name(in: arn) { return .placeholder(name) }
        guard let p = parts else { return .unrecognized }
        switch p.service {
        case "lambda":
            guard p.resource.first == "function", p.resource.count >= 2, p.resource.count <= 3, !p.resource[1].isEmpty
            else { return .unrecognized }
            return .lambdaFunction(name: p.resource[1], qualifier: p.resource.count == 3 ? p.resource[2] : nil)
        case "states":
            if p.resource.first == "activity" {
                guard p.resource.count == 2, !p.resource[1].isEmpty else { return .unrecognized }
                return .activity(name: p.resource[1])
            }
            var rest = p.resource
            guard rest.count >= 2 else { return .unrecognized }
            // `.sync:2` splits into "...sync" and "2".
            var pattern = IntegrationPattern.requestResponse
            if rest.last == "2", rest.count >= 3, rest[rest.count - 2].hasSuffix(".sync") {
                rest.removeLast()
                pattern = .sync2
                rest[rest.count - 1] = String(rest[rest.count - 1].dropLast(5))
            } else if rest[rest.count - 1].hasSuffix(".sync") {
                pattern = .sync
                rest[rest.count - 1] = String(rest[rest.count - 1].dropLast(5))
            } else if rest[rest.count - 1].hasSuffix(".waitForTaskToken") {
                pattern = .waitForTaskToken
                rest[rest.count - 1] = String(rest[rest.count - 1].dropLast(17))
            }
            if rest[0] == "aws-sdk" {
                guard rest.count == 3, !rest[1].isEmpty, !rest[2].isEmpty else { return .unrecognized }
                return .sdk(service: rest[1], action: rest[2], pattern: pattern)
            }
            guard rest.count == 2, !rest[0].isEmpty, !rest[1].isEmpty else { return .unrecognized }
            return .integration(service: rest[0], action: rest[1], pattern: pattern)
        default:
            return .unrecognized
        }
    }

    /// The integration pattern (request-response for Lambda functions and activities).
    public var pattern: IntegrationPattern {
        switch kind {
        case .integration(_, _, let p), .sdk(_, _, let p): return p
        default: return .requestResponse
        }
    }

    /// The ARN.
    public var description: String { arn }
}
