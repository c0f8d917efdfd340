import JSONCore

/// Task `Resource` rules: only ARNs Step Functions recognises, with patterns the integration
/// supports, and none of `.sync`, `.waitForTaskToken` or activities in EXPRESS executions.
extension ValidationContext {
    mutating func checkResource(_ resource: TaskResource, scope: StateScope) {
        let path = scope.path.appending("Resource")
        switch ResourceAnalysis(resource.arn) {
        case .wildcard:
            return
        case .problem(let why):
            let message =
                "the resource provided \(resource.arn.isEmpty ? "(an empty string)" : resource.arn) is not "
                + "recognized: \(why)"
            error(
                .invalidResource, "state '\(scope.name)': " + message, at: path,
                aws: AWSWording(
                    "The resource provided \(resource.arn) is not recognized. The value is not a valid resource ARN, or "
                        + "the resource is not available in this region.", at: path))
        case .activity:
            if scope.express {
                error(
                    .expressUnsupported,
                    "state '\(scope.name)' runs an activity, which EXPRESS executions do not support; use a Lambda "
                        + "function or a service integration, or a STANDARD state machine", at: path,
                    aws: AWSWording("Express state machine does not support Activity ARN", at: path))
            }
        case .lambdaFunction:
            return
        case .integration(let pattern):
            if scope.express && pattern != .requestResponse {
                // AWS's words (the one for .waitForTaskToken ends in a space) are known for .sync and
                // .waitForTaskToken, not for .sync:2.
                let aws: AWSWording? =
                    switch pattern {
                    case .sync:
                        AWSWording("Express state machine does not support '.sync' service integration", at: path)
                    case .waitForTaskToken:
                        AWSWording(
                            "Express state machine does not support '.waitForTaskToken' service integration ", at: path)
                    default: nil
                    }
                error(
                    .expressUnsupported,
                    "state '\(scope.name)' uses the '\(pattern.rawValue)' integration pattern, which EXPRESS executions "
                        + "do not support (only request-response); drop the suffix or use a STANDARD state machine",
                    at: path, aws: aws)
            }
        }
    }
}

extension ValidationContext {
    /// A distributed Map's `ItemReader` reads with `s3:getObject` or `s3:listObjectsV2`, and its
    /// `ResultWriter` writes with `s3:putObject`.
    mutating func checkMapResource(_ arn: String, allowed: Set<String>, field: String, scope: StateScope) {
        guard Placeholder.name(in: arn) == nil else { return }
        let text = ResourceAnalysis.maskPlaceholders(arn)
        guard text.first != ResourceAnalysis.wild else { return }
        let parts = text.splitKeepingEmpty(onASCII: UInt8(ascii: ":"))
        let isWild = { (s: String) in ResourceAnalysis.hasWild(s) }
        if parts.count >= 7, parts[0] == "arn", isWild(parts[1]) || ServiceIntegrations.partitions.contains(parts[1]),
            isWild(parts[2]) || parts[2] == "states"
        {
            let action = parts[5...].joined(separator: ":")
            if isWild(action) || allowed.contains(action) { return }
        }
        let expected = allowed.sorted().map { "arn:aws:states:::\($0)" }.joined(separator: " or ")
        error(
            .invalidResource,
            "the 'Resource' of the \(field) of Map state '\(scope.name)' is \(arn.isEmpty ? "empty" : "'\(arn)'"); it "
                + "must be \(expected)", at: scope.path.appending(field).appending("Resource"))
    }
}

/// What a Task `Resource` names, with `${...}` placeholders taken as wildcards.
enum ResourceAnalysis: Equatable, Sendable {
    /// The text is (or starts with) a placeholder: any ARN may stand there.
    case wildcard
    /// A Lambda function ARN.
    case lambdaFunction
    /// An activity ARN.
    case activity
    /// An optimized or AWS SDK integration with its pattern.
    case integration(TaskResource.IntegrationPattern)
    /// Not recognised, with the reason.
    case problem(String)

    /// Stands for one `${...}` placeholder inside an ARN; matches any segment.
    static let wild: Character = "\u{1}"

    /// What `arn` names; the analysis of an ARN met before is looked up (definitions repeat a few
    /// ARNs, and analysing one costs thousands of instructions).
    init(_ arn: String) {
        if let known = ResourceAnalysis.known.withLock({ $0[arn] }) {
            self = known
            return
        }
        self = ResourceAnalysis(analyzing: arn)
        let analysis = self
        ResourceAnalysis.known.withLock { table in
            if table.count < ResourceAnalysis.knownCapacity { table[arn] = analysis }
        }
    }

    /// The analyses kept, by ARN (at most ``knownCapacity``; later ARNs are analysed each time).
    private static let known = Locked<[String: ResourceAnalysis]>([:])
    /// The most ARNs ``known`` keeps.
    static let knownCapacity = 4096

    private init(analyzing arn: String) {
        if Placeholder.name(in: arn) != nil {
            self = .wildcard
            return
        }
        let text = ResourceAnalysis.maskPlaceholders(arn)
        if text.first == ResourceAnalysis.wild {
            self = .wildcard
            return
        }
        let parts = text.splitKeepingEmpty(onASCII: UInt8(ascii: ":"))
        func isWild(_ s: String) -> Bool { ResourceAnalysis.hasWild(s) }
        guard parts.count >= 6, parts[0] == "arn" else {
            self = .problem(
                "it is not an ARN; a Task resource is a Lambda function ARN "
                    + "(arn:aws:lambda:REGION:ACCOUNT:function:NAME), an activity ARN, "
                    + "arn:aws:states:::SERVICE:ACTION for an optimized integration, or "
                    + "arn:aws:states:::aws-sdk:SERVICE:ACTION")
            return
        }
        let partition = parts[1]
        guard isWild(partition) || ServiceIntegrations.partitions.contains(partition) else {
            self = .problem(
                "'\(partition)' is not an AWS partition (aws, aws-cn, aws-us-gov, ...)"
                    + (partition.hasPrefix("<") ? "; replace the stand-in with the partition" : ""))
            return
        }
        let rest = Array(parts[5...])
        switch parts[2] {
        case let s where isWild(s):
            self = .wildcard
        case "lambda":
            self = ResourceAnalysis.lambda(rest, isWild: isWild)
        case "states":
            self = ResourceAnalysis.states(rest, isWild: isWild)
        case "":
            self = .problem(
                "the ARN has an empty service part ('arn:\(partition)::...'); it needs 'lambda' or 'states'")
        default:
            self = .problem(
                "'\(parts[2])' resources cannot run in a Task; use a Lambda function, an activity, or an integration "
                    + "such as arn:aws:states:::aws-sdk:\(parts[2]):ACTION")
        }
    }

    /// Replaces each `${...}` with one wildcard character, so the ARN splits on `:` correctly
    /// (`${AWS::Partition}` holds colons).
    static func maskPlaceholders(_ text: String) -> String {
        guard text.containsBytes("${") else { return text }
        var out = ""
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "$", text.index(after: i) < text.endIndex, text[text.index(after: i)] == "{",
                let close = text[i...].firstIndex(of: "}")
            {
                out.append(wild)
                i = text.index(after: close)
            } else {
                out.append(text[i])
                i = text.index(after: i)
            }
        }
        return out
    }

    /// Whether every character of `text` is an ASCII letter, digit, `-` or `_`, answered from the
    /// bytes: asking each `Character` whether it is a letter costs hundreds of instructions.
    static func isName(_ text: String) -> Bool {
        text.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
        }
    }

    /// Whether `text` holds a masked placeholder (``wild``, one byte that is always a character of its own).
    static func hasWild(_ text: String) -> Bool { text.utf8.contains(1) }

    static func lambda(_ rest: [String], isWild: (String) -> Bool) -> ResourceAnalysis {
        guard rest.first == "function" || rest.first.map(isWild) == true else {
            return .problem("a Lambda ARN must name a function: arn:aws:lambda:REGION:ACCOUNT:function:NAME")
        }
        guard rest.count == 2 || rest.count == 3, !rest[1].isEmpty else {
            return .problem("a Lambda function ARN is arn:aws:lambda:REGION:ACCOUNT:function:NAME[:VERSION_OR_ALIAS]")
        }
        if !isWild(rest[1]) && !isName(rest[1]) {
            return .problem("'\(rest[1])' is not a Lambda function name (letters, digits, '-' and '_')")
        }
        if rest.count == 3 {
            let q = rest[2]
            if q.isEmpty { return .problem("the function's version or alias after the last ':' is empty") }
            if !isWild(q) && q != "$LATEST" && !isName(q) {
                return .problem("'\(q)' is not a Lambda version or alias")
            }
        }
        return .lambdaFunction
    }

    static func states(_ rest: [String], isWild: (String) -> Bool) -> ResourceAnalysis {
        if rest.first == "activity" {
            guard rest.count == 2, !rest[1].isEmpty else {
                return .problem("an activity ARN is arn:aws:states:REGION:ACCOUNT:activity:NAME")
            }
            return .activity
        }
        var parts = rest
        guard parts.count >= 2 else {
            return .problem("an integration ARN is arn:aws:states:::SERVICE:ACTION")
        }
        var pattern = TaskResource.IntegrationPattern.requestResponse
        if parts.last == "2", parts.count >= 3, parts[parts.count - 2].hasSuffix(".sync") {
            parts.removeLast()
            parts[parts.count - 1].removeLast(5)
            pattern = .sync2
        } else if parts[parts.count - 1].hasSuffix(".sync") {
            parts[parts.count - 1].removeLast(5)
            pattern = .sync
        } else if parts[parts.count - 1].hasSuffix(".waitForTaskToken") {
            parts[parts.count - 1].removeLast(17)
            pattern = .waitForTaskToken
        }
        if parts.contains(where: isWild) { return .integration(pattern) }
        if parts[0] == "aws-sdk" {
            guard parts.count == 3, !parts[1].isEmpty, !parts[2].isEmpty else {
                return .problem("an AWS SDK integration is arn:aws:states:::aws-sdk:SERVICE:ACTION")
            }
            guard ServiceIntegrations.sdkPatterns.contains(pattern) else {
                return .problem(
                    "AWS SDK integrations do not support '\(pattern.rawValue)' (only request-response and "
                        + ".waitForTaskToken); use an optimized integration that supports it, or poll for the result")
            }
            return .integration(pattern)
        }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            return .problem("an integration ARN is arn:aws:states:::SERVICE:ACTION[.sync|.waitForTaskToken]")
        }
        let (service, action) = (parts[0], parts[1])
        guard let actions = ServiceIntegrations.optimized[service] else {
            var why =
                "'\(service)' has no optimized integration; call it through the AWS SDK integration "
                + "arn:aws:states:::aws-sdk:\(service):\(action)"
            if let s = Suggestions.closest(to: service, in: Array(ServiceIntegrations.optimized.keys).sorted()) {
                why += ", or did you mean the '\(s)' integration?"
            }
            return .problem(why)
        }
        guard let patterns = actions[action] else {
            var why =
                "'\(service):\(action)' is not an optimized integration (\(service) has "
                + actions.keys.sorted().joined(separator: ", ") + ")"
            if let s = Suggestions.closest(to: action, in: Array(actions.keys).sorted()), s != action {
                why += "; did you mean '\(service):\(s)'? Otherwise"
            } else {
                why += ";"
            }
            why += " use the AWS SDK integration arn:aws:states:::aws-sdk:\(service):\(action)"
            return .problem(why)
        }
        guard patterns.contains(pattern) else {
            let supported = patterns.map { $0 == .requestResponse ? "request-response" : $0.rawValue }.sorted()
            return .problem(
                "'\(service):\(action)' does not support '\(pattern.rawValue)' (it supports "
                    + supported.joined(separator: ", ") + ")")
        }
        return .integration(pattern)
    }
}
