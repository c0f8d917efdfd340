import Foundation
import HTTPServer
import JSONCore

/// `sfn serve`: the Step Functions API over HTTP/1.1, as AWS speaks it (AWS JSON 1.0: `POST /`,
/// `X-Amz-Target: AWSStepFunctions.<Operation>`, errors as `{"__type", "message"}`), so the AWS
/// CLI and every AWS SDK can use it with an endpoint URL. It also stands in for the few CloudWatch
/// Logs calls that logging configurations need, for SQS's queue and message calls, for S3's bucket
/// and object calls, and for CloudFormation's stack calls (templates deploy their state machines here).
///
/// Credentials in requests are accepted and not checked: this is a local test endpoint.
public final class StepFunctionsEndpoint: Sendable {
    /// Where it listens.
    public struct Listening: Sendable {
        /// The address it binds (127.0.0.1 unless told otherwise).
        public var host = "127.0.0.1"
        /// The port (0: any free port).
        public var port = 8083
        /// The largest request body accepted (AWS's own limits apply to the members inside).
        public var maxBodySize = 4 * 1024 * 1024
        /// Time a client has to send a request's head once it has started it (then 408 and close).
        package var headerReadTimeout: Duration = .seconds(10)
        /// Time a client has to send a request's body once the head has arrived (then 408 and close).
        package var bodyReadTimeout: Duration = .seconds(30)
        /// How long an idle keep-alive connection is kept open.
        package var idleTimeout: Duration = .seconds(120)
        /// The priority of the request handlers (nil: the default; tests raise it).
        package var handlerPriority: TaskPriority? = nil

        /// 127.0.0.1:8083.
        public init() {}
    }

    let service: LocalStepFunctions
    private let server: HTTPServer

    /// Creates the endpoint (reading the data directory, when there is one); ``start()`` listens.
    public init(options: ServiceOptions, listening: Listening = Listening()) throws {
        let service = try LocalStepFunctions(options: options)
        self.service = service
        var configuration = HTTPServer.Configuration(
            host: listening.host, port: listening.port, maxBodySize: listening.maxBodySize,
            headerReadTimeout: listening.headerReadTimeout, bodyReadTimeout: listening.bodyReadTimeout,
            idleTimeout: listening.idleTimeout)
        configuration.handlerPriority = listening.handlerPriority
        server = HTTPServer(configuration: configuration) { request in
            await StepFunctionsEndpoint.answer(request, service: service)
        }
    }

    /// What reading the data directory reported (a torn last record cut off, damage truncated with
    /// `recoverTruncated`), for the server's log; nil when there was nothing to say.
    public var startNotice: String? { service.startNotice }

    /// Starts listening; returns the port.
    @discardableResult
    public func start() throws -> Int { try server.start() }

    /// Stops listening, stops running executions and closes the data directory.
    public func shutdown() async {
        await server.shutdown()
        service.shutdown()
        await service.lambda?.shutdown()
    }

    /// One HTTP request's answer.
    static func answer(_ request: HTTPRequest, service: LocalStepFunctions) async -> HTTPResponse {
        // A form-encoded POST / without a target is the CloudFormation stand-in's (the Query protocol).
        if LocalStepFunctions.isQueryRequest(request) { return await service.cloudFormation(request) }
        // Requests without a target to another path are the S3 stand-in's (path-style REST).
        if request.headers["X-Amz-Target"] == nil && (request.path != "/" || request.method != "POST") {
            if request.path == "/" && request.method != "GET" {
                return error(
                    AWSError(
                        "UnknownOperationException", "The Step Functions API takes POST requests to /", status: 405),
                    version: "1.0")
            }
            return service.s3(request)
        }
        guard request.method == "POST" else {
            return error(
                AWSError("UnknownOperationException", "The Step Functions API takes POST requests to /", status: 405),
                version: "1.0")
        }
        let target = request.headers["X-Amz-Target"] ?? ""
        let (prefix, operation) = split(target)
        let body: JSONValue
        if request.body.isEmpty {
            body = .object(JSONObject())
        } else {
            guard let text = String(validating: request.body, as: UTF8.self) else {
                return error(AWSError("SerializationException", "The request body is not valid UTF-8"), version: "1.0")
            }
            do {
                body = try JSONParser.parse(text)
            } catch let e {
                return error(
                    AWSError("SerializationException", "The request body is not valid JSON: \(e.message)"),
                    version: "1.0")
            }
            guard case .object = body else {
                let found =
                    switch body {
                    case .array: "a list"
                    case .string: "a string"
                    case .null: "null"
                    default: "a scalar"
                    }
                return error(
                    AWSError("SerializationException", "The request body is not a JSON object (found \(found))"),
                    version: "1.0")
            }
        }
        switch prefix {
        case "AWSStepFunctions":
            switch await service.call(operation, body) {
            case .success(let response): return ok(response, version: "1.0")
            case .failure(let e): return error(e, version: "1.0")
            }
        case "Logs_20140328":
            switch service.logs(operation, Request(body)) {
            case .success(let response): return ok(response, version: "1.1")
            case .failure(let e): return error(e, version: "1.1")
            }
        case "AmazonSQS":
            switch service.sqs(operation, Request(body)) {
            case .success(let response): return ok(response, version: "1.0")
            case .failure(let e):
                var response = error(e, version: "1.0")
                response.headers.add("x-amzn-query-error", LocalStepFunctions.sqsQueryError(e))
                return response
            }
        case "":
            return error(AWSError("UnknownOperationException", "Missing X-Amz-Target header"), version: "1.0")
        default:
            return error(AWSError("UnknownOperationException", "Unknown operation \(target)"), version: "1.0")
        }
    }

    private static func split(_ target: String) -> (String, String) {
        guard let dot = target.firstIndex(of: ".") else { return (target, "") }
        return (String(target[..<dot]), String(target[target.index(after: dot)...]))
    }

    private static func ok(_ body: JSONValue, version: String) -> HTTPResponse {
        var bytes: [UInt8] = []
        JSONWriter().write(body, into: &bytes)
        return HTTPResponse(
            status: 200,
            headers: [
                "Content-Type": "application/x-amz-json-\(version)", "x-amzn-RequestId": LocalStepFunctions.uuid(),
            ],
            body: bytes)
    }

    private static func error(_ e: AWSError, version: String) -> HTTPResponse {
        var bytes: [UInt8] = []
        JSONWriter().write(e.body, into: &bytes)
        return HTTPResponse(
            status: e.status,
            headers: [
                "Content-Type": "application/x-amz-json-\(version)", "x-amzn-RequestId": LocalStepFunctions.uuid(),
                "x-amzn-ErrorType": e.type,
            ],
            body: bytes)
    }
}
