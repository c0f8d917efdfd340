import Foundation
import JSONCore
import StepFunctionsModel
import StepFunctionsSimulator

/// A queue of the SQS stand-in.
struct QueueRecord: Sendable {
    var name: String
    var created: Date
    var attributes: [String: String]
    /// Messages ready to be received, oldest first.
    var visible: [QueuedMessage] = []
    /// Received and not deleted, by receipt handle: visible again at `until`.
    var inFlight: [String: (message: QueuedMessage, until: Date)] = [:]
}

/// A message in the SQS stand-in.
struct QueuedMessage: Sendable {
    var id: String
    var body: String
    var sent: Date
    var receiveCount = 0
}

extension LocalStepFunctions {
    /// The SQS calls that Step Functions tests make (the JSON protocol: `X-Amz-Target:
    /// AmazonSQS.<Operation>`): queues with messages, received with a visibility timeout and
    /// deleted by receipt handle. In memory only, not in the data directory; `WaitTimeSeconds` is
    /// not waited (a receive answers at once).
    func sqs(_ operation: String, _ r: Request) -> Result<JSONValue, AWSError> {
        do {
            return .success(try sqsCall(operation, r))
        } catch {
            return .failure(error)
        }
    }

    private func sqsCall(_ operation: String, _ r: Request) throws(AWSError) -> JSONValue {
        switch operation {
        case "CreateQueue":
            let name = try Self.sqsString(r, "QueueName")
            let valid =
                name.utf8.count <= 80 && !name.isEmpty
                && name.unicodeScalars.allSatisfy {
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")
                }
            guard valid else {
                throw Self.sqsError(
                    "InvalidParameterValue",
                    "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")
            }
            var attributes: [String: String] = [:]
            for (key, value) in r.body["Attributes"]?.objectValue ?? [:] {
                attributes[key] = value.stringValue ?? JSONWriter.compact.string(value)
            }
            let now = Self.now()
            try data.withLock { (d: inout ServiceData) throws(AWSError) in
                if let existing = d.queues[name] {
                    for (key, value) in attributes where existing.attributes[key] != value {
                        throw Self.sqsError(
                            "QueueNameExists",
                            "A queue already exists with the same name and a different value for attribute \(key)")
                    }
                    return
                }
                d.queues[name] = QueueRecord(name: name, created: now, attributes: attributes)
            }
            return ["QueueUrl": .string(queueURL(name))]
        case "GetQueueUrl":
            let name = try Self.sqsString(r, "QueueName")
            guard data.withLock({ $0.queues[name] }) != nil else { throw Self.noSuchQueue }
            return ["QueueUrl": .string(queueURL(name))]
        case "ListQueues":
            let prefix = try r.optionalString("QueueNamePrefix") ?? ""
            let names = data.withLock { d in d.queues.keys.filter { $0.hasPrefix(prefix) }.sorted() }
            return names.isEmpty ? [:] : ["QueueUrls": .array(names.prefix(1000).map { .string(queueURL($0)) })]
        case "DeleteQueue":
            let name = try queueName(r)
            try data.withLock { (d: inout ServiceData) throws(AWSError) in
                guard d.queues.removeValue(forKey: name) != nil else { throw Self.noSuchQueue }
            }
            return [:]
        case "PurgeQueue":
            let name = try queueName(r)
            try withQueue(name) { q in
                q.visible.removeAll()
                q.inFlight.removeAll()
            }
            return [:]
        case "SendMessage":
            let name = try queueName(r)
            let body = try Self.sqsString(r, "MessageBody")
            guard !body.isEmpty else {
                throw Self.sqsError("InvalidParameterValue", "The request must contain a non-empty message body.")
            }
            let message = QueuedMessage(id: Self.uuid(), body: body, sent: Self.now())
            try withQueue(name) { q in q.visible.append(message) }
            return ["MD5OfMessageBody": .string(Self.md5(body)), "MessageId": .string(message.id)]
        case "ReceiveMessage":
            let name = try queueName(r)
            let limit = try r.int("MaxNumberOfMessages") ?? 1
            guard (1...10).contains(limit) else {
                throw Self.sqsError(
                    "InvalidParameterValue",
                    "Value \(limit) for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided."
                )
            }
            let received: [(String, QueuedMessage)] = try withQueue(name) { q in
                let now = Date()
                // Messages whose visibility timeout ran out are visible again, before newer ones.
                let expired = q.inFlight.filter { $0.value.until <= now }
                for (handle, entry) in expired.sorted(by: { $0.value.message.sent < $1.value.message.sent }).reversed()
                {
                    q.inFlight.removeValue(forKey: handle)
                    q.visible.insert(entry.message, at: 0)
                }
                let requested = (try? r.int("VisibilityTimeout")).flatMap { $0 }
                let timeout = Double(requested ?? Int(q.attributes["VisibilityTimeout"] ?? "") ?? 30)
                var out: [(String, QueuedMessage)] = []
                while out.count < limit, !q.visible.isEmpty {
                    var message = q.visible.removeFirst()
                    message.receiveCount += 1
                    let handle = Self.uuid() + Self.uuid()
                    q.inFlight[handle] = (message, now.addingTimeInterval(timeout))
                    out.append((handle, message))
                }
                return out
            }
            if received.isEmpty { return [:] }
            return [
                "Messages": .array(
                    received.map { handle, message in
                        [
                            "MessageId": .string(message.id), "ReceiptHandle": .string(handle),
                            "MD5OfBody": .string(Self.md5(message.body)), "Body": .string(message.body),
                        ]
                    })
            ]
        case "DeleteMessage":
            let name = try queueName(r)
            let handle = try Self.sqsString(r, "ReceiptHandle")
            try withQueue(name) { (q: inout QueueRecord) throws(AWSError) in
                guard q.inFlight.removeValue(forKey: handle) != nil else {
                    throw Self.sqsError(
                        "ReceiptHandleIsInvalid",
                        "The input receipt handle \"\(handle)\" is not a valid receipt handle.")
                }
            }
            return [:]
        case "GetQueueAttributes":
            let name = try queueName(r)
            let q = try withQueue(name) { $0 }
            var attributes = q.attributes
            attributes["QueueArn"] = "arn:\(options.partition):sqs:\(options.region):\(options.accountId):\(name)"
            attributes["ApproximateNumberOfMessages"] = String(q.visible.count)
            attributes["ApproximateNumberOfMessagesNotVisible"] = String(q.inFlight.count)
            attributes["CreatedTimestamp"] = String(Int(q.created.timeIntervalSince1970))
            attributes["VisibilityTimeout"] = attributes["VisibilityTimeout"] ?? "30"
            let wanted = Set(r.body["AttributeNames"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            let shown = wanted.contains("All") ? attributes : attributes.filter { wanted.contains($0.key) }
            var o = JSONObject()
            for (key, value) in shown.sorted(by: { $0.key < $1.key }) { o[key] = .string(value) }
            return o.isEmpty ? [:] : ["Attributes": .object(o)]
        default:
            throw AWSError(
                "com.amazonaws.sqs#UnsupportedOperation",
                "The SQS stand-in of sfn serve does not answer \(operation) (it answers CreateQueue, GetQueueUrl, "
                    + "ListQueues, DeleteQueue, PurgeQueue, SendMessage, ReceiveMessage, DeleteMessage, GetQueueAttributes)"
            )
        }
    }

    /// A queue's URL, as AWS writes it (clients send every call to the endpoint they were given).
    func queueURL(_ name: String) -> String {
        "https://sqs.\(options.region).amazonaws.com/\(options.accountId)/\(name)"
    }

    /// The queue a request's `QueueUrl` names: its last path segment (a bare name is taken too).
    private func queueName(_ r: Request) throws(AWSError) -> String {
        let url = try Self.sqsString(r, "QueueUrl")
        return url.split(separator: "/").last.map(String.init) ?? url
    }

    /// Runs `body` on queue `name` under the service's lock.
    private func withQueue<T>(_ name: String, _ body: (inout QueueRecord) throws(AWSError) -> T) throws(AWSError) -> T {
        try data.withLock { (d: inout ServiceData) throws(AWSError) -> T in
            guard var q = d.queues[name] else { throw Self.noSuchQueue }
            let result = try body(&q)
            d.queues[name] = q
            return result
        }
    }

    /// A required string member, with SQS's error when it is missing.
    private static func sqsString(_ r: Request, _ name: String) throws(AWSError) -> String {
        guard let value = r.body[name], !value.isNull else {
            throw sqsError("MissingParameter", "The request must contain the parameter \(name).")
        }
        guard let text = value.stringValue else { throw .serialization(name, expected: "string") }
        return text
    }

    /// An SQS error as the JSON protocol names it (`com.amazonaws.sqs#Code`).
    static func sqsError(_ code: String, _ message: String) -> AWSError {
        AWSError("com.amazonaws.sqs#\(code)", message)
    }

    static let noSuchQueue = sqsError("QueueDoesNotExist", "The specified queue does not exist.")

    /// The Query protocol's code of an SQS error (the `x-amzn-query-error` header, which SDKs read
    /// to raise the modelled exception, e.g. boto3's `QueueDoesNotExist`).
    static func sqsQueryError(_ error: AWSError) -> String {
        let code = error.type.split(separator: "#").last.map(String.init) ?? error.type
        switch code {
        case "QueueDoesNotExist": return "AWS.SimpleQueueService.NonExistentQueue;Sender"
        case "QueueNameExists": return "QueueAlreadyExists;Sender"
        default: return "\(code);Sender"
        }
    }

    /// The MD5 digest of a message body, in hex (SQS's `MD5OfMessageBody`).
    static func md5(_ text: String) -> String { Digest.hex(Digest.md5(Array(text.utf8))) }

    // MARK: Tasks

    /// Sends executions' `sqs:sendMessage` (request-response) and `aws-sdk:sqs:*` tasks to the
    /// stand-in, in the states that the mock test case (if any) does not answer.
    func installSQS(_ simulator: inout Simulator, definition: StateMachineDefinition, mocked: Set<String>) {
        for (name, task) in Self.taskStates(definition.graph) where !mocked.contains(name) {
            switch TaskResource(task.resource.arn).kind {
            case .integration("sqs", "sendMessage", .requestResponse):
                simulator.handle(state: name) { [weak self] call in
                    guard let self else { throw TaskError(error: "States.Runtime", cause: "sfn serve stopped") }
                    var parameters = call.parameters.objectValue ?? [:]
                    // The optimized integration takes a JSON MessageBody and sends its text.
                    if let body = parameters["MessageBody"], body.stringValue == nil, !body.isNull {
                        parameters["MessageBody"] = .string(JSONWriter.compactJava.string(body))
                    }
                    return try self.sqsTask("SendMessage", .object(parameters), optimized: true)
                }
            case .sdk("sqs", let action, .requestResponse):
                let operation = action.prefix(1).uppercased() + action.dropFirst()
                simulator.handle(state: name) { [weak self] call in
                    guard let self else { throw TaskError(error: "States.Runtime", cause: "sfn serve stopped") }
                    return try self.sqsTask(operation, call.parameters, optimized: false)
                }
            default:
                continue
            }
        }
    }

    /// Delivers an `sqs:sendMessage.waitForTaskToken` Task's message (its token in it) to the
    /// stand-in's queue, where a worker reads it; nil (not delivered: the token is still in the
    /// Task's `TaskScheduled` event) when no such queue was created.
    func submitCallback(resource: String, parameters: JSONValue) -> JSONValue? {
        guard case .integration("sqs", "sendMessage", .waitForTaskToken) = TaskResource(resource).kind,
            var o = parameters.objectValue, let url = o["QueueUrl"]?.stringValue
        else { return nil }
        let name = url.split(separator: "/").last.map(String.init) ?? url
        guard data.withLock({ $0.queues[name] }) != nil else { return nil }
        if let body = o["MessageBody"], body.stringValue == nil, !body.isNull {
            o["MessageBody"] = .string(JSONWriter.compactJava.string(body))
        }
        return try? sqs("SendMessage", Request(.object(o))).get()
    }

    /// One SQS call of a Task, failing as Step Functions reports SQS's errors (`SQS.AmazonSQSException`
    /// for the optimized integration, `Sqs.<Code>Exception` for the SDK integration).
    func sqsTask(_ operation: String, _ parameters: JSONValue, optimized: Bool) throws -> JSONValue {
        switch sqs(operation, Request(parameters)) {
        case .success(let value):
            return value
        case .failure(let error):
            let code = error.type.split(separator: "#").last.map(String.init) ?? error.type
            if optimized {
                throw TaskError(
                    error: "SQS.AmazonSQSException",
                    cause:
                        "\(error.message) (Service: AmazonSQS; Status Code: \(error.status); Error Code: \(code); "
                        + "Request ID: \(Self.uuid()); Proxy: null)")
            }
            throw TaskError(
                error: "Sqs.\(code.hasSuffix("Exception") ? code : code + "Exception")",
                cause: "\(error.message) (Service: Sqs, Status Code: \(error.status), Request ID: \(Self.uuid()))")
        }
    }
}
