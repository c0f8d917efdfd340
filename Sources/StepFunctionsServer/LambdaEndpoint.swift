import Foundation
import HTTPServer
import JSONCore
import StepFunctionsModel
import StepFunctionsSimulator

/// A local Lambda Invoke endpoint (`sam local start-lambda`, `sfn serve --lambda-endpoint URL`)
/// that answers Lambda tasks: `POST {base}/2015-03-31/functions/{FunctionName}/invocations` with
/// the payload as the body, through one ``HTTPClient`` (no thread is blocked while a function runs).
///
/// What comes back is read as Step Functions reads Lambda's answers:
/// - a result: the response body, as JSON (the simulator wraps it in `lambda:invoke`'s response shape);
/// - a function error (`X-Amz-Function-Error`): the error is the payload's `errorType` (else
///   `Lambda.Unknown`), the cause the whole payload as the function returned it;
/// - a Lambda service error (any other status): `Lambda.<Code>Exception`, with the cause worded
///   as the AWS SDK words it (`... (Service: AWSLambda; Status Code: 404; Error Code: ...)`);
/// - no answer (refused, reset, timed out): `Lambda.SdkClientException` naming the endpoint.
package final class LambdaEndpoint: Sendable {
    /// The endpoint as given, e.g. `http://127.0.0.1:3001`.
    package let url: String
    private let base: HTTPURL
    private let client: HTTPClient

    /// The longest a Lambda function may run (15 minutes): the bound on a call whose Task state
    /// sets no `TimeoutSeconds`.
    static let maximumDuration: Duration = .seconds(900)

    /// Checks the URL (plain `http://`; a path is kept as a prefix); connects on first use.
    package init(_ url: String) throws(ServiceSetupError) {
        do {
            base = try HTTPURL(url)
        } catch {
            throw ServiceSetupError("--lambda-endpoint '\(url)': \(error.message)")
        }
        guard base.target.utf8.firstIndex(of: UInt8(ascii: "?")) == nil else {
            throw ServiceSetupError("--lambda-endpoint '\(url)': a query is not allowed (give the base URL)")
        }
        self.url = url
        client = HTTPClient(
            configuration: HTTPClient.Configuration(connectTimeout: .seconds(5), requestTimeout: Self.maximumDuration))
    }

    /// Closes the connections (calls in flight fail with `Lambda.SdkClientException`).
    package func shutdown() async { await client.shutdown() }

    /// The request target for a function: the base path, then Lambda's Invoke path.
    func target(function name: String) -> String {
        var prefix = base.target
        while prefix.hasSuffix("/") { prefix.removeLast() }
        return prefix + "/2015-03-31/functions/" + HTTPURL.encodePathSegment(name) + "/invocations"
    }

    /// The function name Lambda's path takes, from a name, a full or partial ARN, or `NAME:QUALIFIER`:
    /// `sam local start-lambda` knows functions by name only (and refuses a `Qualifier` query).
    static func functionName(_ text: String) -> String {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if let function = parts.firstIndex(of: "function"), function + 1 < parts.count {
            // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER], or ACCOUNT:function:NAME
            return String(parts[function + 1])
        }
        return String(parts[0])  // NAME or NAME:QUALIFIER
    }

    /// Invokes `function` with `payload` and returns the function's result, or throws the
    /// ``TaskError`` Step Functions would record (see the type's description).
    ///
    /// `headers` carries `lambda:invoke`'s `InvocationType`, `LogType` and `ClientContext` when a
    /// Task sets them; `timeout` is the Task's `TimeoutSeconds` in wall time, if it has one (it
    /// then ends the call with `States.Timeout`).
    package func invoke(
        function: String, payload: JSONValue, headers extra: HTTPHeaders = [:], timeout: Duration? = nil
    ) async throws -> JSONValue {
        var body: [UInt8] = []
        JSONWriter().write(payload, into: &body)
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        for field in extra { headers.add(field.name, field.value) }
        let request = HTTPRequest(method: "POST", target: target(function: function), headers: headers, body: body)
        let response: HTTPResponse
        do {
            response = try await client.send(
                request, host: base.host, port: base.port, timeout: timeout ?? Self.maximumDuration)
        } catch {
            switch error.kind {
            case .cancelled: throw CancellationError()
            case .timeout where timeout != nil: throw TaskError.timeout
            default:
                throw TaskError(
                    error: "Lambda.SdkClientException",
                    cause:
                        "Unable to execute HTTP request: the local Lambda endpoint \(url) (sfn serve --lambda-endpoint) "
                        + "did not answer the invocation of '\(function)': \(error.message)")
            }
        }
        if response.headers["X-Amz-Function-Error"] != nil {
            throw Self.functionError(response.body)
        }
        guard (200..<300).contains(response.status) else {
            throw Self.serviceError(response)
        }
        if response.body.isEmpty { return .null }  // an asynchronous (`Event`) invocation answers 202 without a payload
        guard let text = String(validating: response.body, as: UTF8.self), let value = try? JSONParser.parse(text)
        else {
            throw TaskError(
                error: "Lambda.Unknown",
                cause:
                    "The local Lambda endpoint \(url) answered the invocation of '\(function)' with a payload that is not JSON: "
                    + String(decoding: response.body.prefix(200), as: UTF8.self))
        }
        return value
    }

    /// A function's error: its `errorType` names it, and the cause is the payload as returned.
    static func functionError(_ body: [UInt8]) -> TaskError {
        let text = String(decoding: body, as: UTF8.self)
        let type = (try? JSONParser.parse(text))?["errorType"]?.stringValue
        return TaskError(error: type.flatMap { $0.isEmpty ? nil : $0 } ?? "Lambda.Unknown", cause: text)
    }

    /// A Lambda service error (not found, throttled, invalid request...), as the AWS SDK reports it.
    static func serviceError(_ response: HTTPResponse) -> TaskError {
        let body = (String(validating: response.body, as: UTF8.self)).flatMap { try? JSONParser.parse($0) }
        // `x-amzn-ErrorType: Code[:details]`; `sam local` writes some codes without `Exception`.
        var code =
            response.headers["x-amzn-ErrorType"].map { String($0.prefix { $0 != ":" }) }
            ?? body?["__type"]?.stringValue.map { String($0.split(separator: "#").last ?? "") } ?? ""
        if code.isEmpty {
            switch response.status {
            case 404: code = "ResourceNotFoundException"
            case 429: code = "TooManyRequestsException"
            case 500...: code = "ServiceException"
            default: code = "AWSLambdaException"
            }
        }
        if !code.hasSuffix("Exception") { code += "Exception" }
        let message =
            body?["Message"]?.stringValue ?? body?["message"]?.stringValue
            ?? String(decoding: response.body.prefix(200), as: UTF8.self)
        let requestId = response.headers["x-amzn-RequestId"] ?? UUID().uuidString.lowercased()
        return TaskError(
            error: "Lambda.\(code)",
            cause:
                "\(message) (Service: AWSLambda; Status Code: \(response.status); Error Code: \(code); Request ID: \(requestId); Proxy: null)"
        )
    }
}

extension LocalStepFunctions {
    /// Sends Lambda tasks to the `--lambda-endpoint`: `lambda:invoke` (request-response) and
    /// function ARNs used as a `Resource`, in every state not answered by the mock test case
    /// (`mocked`: the states it answers; a test case's mock always wins).
    func installLambda(
        _ simulator: inout Simulator, definition: StateMachineDefinition, mocked: Set<String>, endpoint: LambdaEndpoint
    ) {
        let scale = options.clock == .real ? options.timeScale : nil
        for (name, task) in Self.taskStates(definition.graph) where !mocked.contains(name) {
            let resource = TaskResource(task.resource.arn)
            let timeout = scale.flatMap { scale in
                task.timeoutSeconds?.literal.map {
                    Duration.milliseconds(Int((Double($0) * scale * 1000).rounded(.up)))
                }
            }
            switch resource.kind {
            case .lambdaFunction:
                let function = LambdaEndpoint.functionName(resource.arn)
                simulator.handle(state: name) { call in
                    try await endpoint.invoke(function: function, payload: call.input, timeout: timeout)
                }
            case .integration("lambda", "invoke", .requestResponse):
                simulator.handle(state: name) { call in
                    guard let given = call.parameters["FunctionName"]?.stringValue else {
                        throw TaskError(
                            error: "States.Runtime",
                            cause: "The lambda:invoke task '\(call.stateName)' has no FunctionName string")
                    }
                    var headers = HTTPHeaders()
                    for (member, header) in [
                        ("InvocationType", "X-Amz-Invocation-Type"), ("LogType", "X-Amz-Log-Type"),
                        ("ClientContext", "X-Amz-Client-Context"),
                    ] {
                        if let value = call.parameters[member]?.stringValue { headers.add(header, value) }
                    }
                    return try await endpoint.invoke(
                        function: LambdaEndpoint.functionName(given), payload: call.input, headers: headers,
                        timeout: timeout)
                }
            default:
                continue
            }
        }
    }

    /// Every Task state in a graph and the graphs inside it, by name.
    static func taskStates(_ graph: StateGraph) -> [(String, TaskState)] {
        var out: [(String, TaskState)] = []
        for entry in graph.states {
            if case .task(let task) = entry.state { out.append((entry.name, task)) }
            for child in entry.state.childGraphs { out.append(contentsOf: taskStates(child)) }
        }
        return out
    }
}
