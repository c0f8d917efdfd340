import JSONCore
import StepFunctionsModel

/// What the simulator emulates of AWS Lambda: the `lambda:invoke` integration's response around a
/// function's result, and how a function's error reads (`{"errorMessage", "errorType"}`).
enum LambdaService {
    /// The response `lambda:invoke` returns around a function's result.
    static func invokeResponse(_ payload: JSONValue, random: RandomSource) -> JSONValue {
        let requestId = random.uuid()
        return [
            "ExecutedVersion": "$LATEST",
            "Payload": payload,
            "SdkHttpMetadata": [
                "AllHttpHeaders": [
                    "X-Amz-Executed-Version": ["$LATEST"], "x-amzn-Remapped-Content-Length": ["0"],
                    "Connection": ["keep-alive"], "x-amzn-RequestId": .array([.string(requestId)]),
                    "Content-Type": ["application/json"],
                ],
                "HttpHeaders": [
                    "Connection": "keep-alive", "Content-Type": "application/json", "X-Amz-Executed-Version": "$LATEST",
                    "x-amzn-Remapped-Content-Length": "0", "x-amzn-RequestId": .string(requestId),
                ],
                "HttpStatusCode": 200,
            ],
            "SdkResponseMetadata": ["RequestId": .string(requestId)],
            "StatusCode": 200,
        ]
    }

    /// Turns a Swift error thrown by a handler into an ASL error name and cause.
    static func failure(from error: any Error, lambda: Bool) -> StateFailure {
        if let e = error as? TaskError { return StateFailure(error: e.error, cause: e.cause, kind: .error) }
        let typeName = String(describing: type(of: error))
        let message = String(describing: error)
        if lambda {
            let cause: JSONValue = ["errorMessage": .string(message), "errorType": .string(typeName)]
            return StateFailure(error: typeName, cause: JSONWriter.compact.string(cause), kind: .error)
        }
        return StateFailure(error: typeName, cause: message, kind: .error)
    }

}
