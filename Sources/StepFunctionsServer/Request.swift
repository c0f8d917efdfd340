import JSONCore

/// An operation's input, read member by member with AWS's errors.
///
/// The API model's validation has already run when a handler reads a request, so a wrong type here
/// means a member the model does not constrain; the accessors still answer with AWS's wording
/// instead of trusting the client.
struct Request: Sendable {
    /// The body's members.
    let body: JSONObject

    init(_ body: JSONValue) { self.body = body.objectValue ?? JSONObject() }

    /// A required string member.
    func string(_ name: String) throws(AWSError) -> String {
        guard let value = body[name], !value.isNull else { throw .missingParameter(name) }
        guard let s = value.stringValue else { throw .serialization(name, expected: "string") }
        return s
    }

    /// An optional string member.
    func optionalString(_ name: String) throws(AWSError) -> String? {
        guard let value = body[name], !value.isNull else { return nil }
        guard let s = value.stringValue else { throw .serialization(name, expected: "string") }
        return s
    }

    /// An optional integer member.
    func int(_ name: String) throws(AWSError) -> Int? {
        guard let value = body[name], !value.isNull else { return nil }
        guard let n = value.intValue else { throw .serialization(name, expected: "integer") }
        return n
    }

    /// An optional boolean member.
    func bool(_ name: String) throws(AWSError) -> Bool? {
        guard let value = body[name], !value.isNull else { return nil }
        guard let b = value.boolValue else { throw .serialization(name, expected: "boolean") }
        return b
    }

    /// An optional structure member.
    func object(_ name: String) throws(AWSError) -> JSONObject? {
        guard let value = body[name], !value.isNull else { return nil }
        guard let o = value.objectValue else { throw .serialization(name, expected: "structure") }
        return o
    }

    /// An optional list member.
    func array(_ name: String) throws(AWSError) -> [JSONValue]? {
        guard let value = body[name], !value.isNull else { return nil }
        guard let a = value.arrayValue else { throw .serialization(name, expected: "list") }
        return a
    }

    /// `tags`: `[{key, value}]`.
    func tags(_ name: String = "tags") throws(AWSError) -> [Tag] {
        guard let list = try array(name) else { return [] }
        var out: [Tag] = []
        for item in list {
            guard let key = item["key"]?.stringValue else { throw .missingParameter("\(name).member.key") }
            out.append(Tag(key: key, value: item["value"]?.stringValue ?? ""))
        }
        return out
    }
}

/// A resource tag.
struct Tag: Sendable, Hashable {
    var key: String
    var value: String

    var json: JSONValue { ["key": .string(key), "value": .string(value)] }
}
