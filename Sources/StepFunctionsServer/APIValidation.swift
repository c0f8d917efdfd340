import JSONCore

extension LocalStepFunctions {
    /// Checks a request against the API model (types, then constraints) before any handler reads it.
    func validateRequest(operation: String, body: JSONValue) -> AWSError? {
        guard case .object = body else {
            return AWSError("SerializationException", "Start of structure or map found where not expected.")
        }
        guard let e = APIValidator.validate(operation: operation, body: body) else { return nil }
        return AWSError(e.type, e.message ?? "")
    }
}
