import JSONCore
import StepFunctionsModel

/// What the simulator emulates of API Gateway's `invoke` integration: the request checks AWS makes
/// before the call.
enum APIGatewayService {
    /// `Headers` map names to lists of values; anything else is refused before the Task starts.
    static func checkRequest(_ parameters: JSONValue) throws(StateFailure) {
        if case .object(let headers)? = parameters["Headers"], headers.values.contains(where: { $0.arrayValue == nil })
        {
            throw StateFailure.runtime(
                "The Parameters '\(JSONWriter.compact.string(parameters))' could not be used to start the Task: [The value of the field 'Headers' has an invalid format]"
            )
        }
    }
}
