import JSONCore

/// Checks a Task's mocked result against the service's response shape, as TestState does: members
/// are named in PascalCase and matched exactly; members the shape does not have are ignored; STRICT
/// also requires the shape's required members. The first problem, depth first in the mock's order,
/// is AWS's message (`Field 'StatusCode' must be a number`); a nested member is named alone.
struct MockResultValidator {
    let target: MockShapes.Target
    /// Whether required members must be present (`STRICT`; `PRESENT` only checks what is there).
    let requireMembers: Bool

    /// AWS's message for the first problem with `value` (nil: it fits).
    func message(_ value: JSONValue) -> String? {
        guard case .shape(let i) = target.output, case .structure(let members, let required) = target.service.shapes[i]
        else {
            return check(target.output, value, name: "").map { "Mock result schema validation error: " + $0 }
        }
        // Not recorded: AWS's wording for a mock that is not an object where one is expected.
        guard case .object(let o) = value else { return "Mocked result must be a JSON object." }
        // The top level, where some members hold JSON of any shape (a Lambda function's payload).
        if requireMembers, let missing = required.first(where: { !o.contains($0) }) {
            return "Mock result schema validation error: Required field '\(missing)' is missing"
        }
        for (key, member) in o where !target.anyJSONMembers.contains(key) {
            guard let ref = members[key] else { continue }
            if let p = check(ref, member, name: key) { return "Mock result schema validation error: " + p }
        }
        return nil
    }

    private func check(_ ref: MockShapes.Ref, _ value: JSONValue, name: String) -> String? {
        switch ref {
        case .any: return nil
        case .scalar(let code): return scalar(code, value, name: name, min: nil, max: nil, allowed: nil)
        case .shape(let i): return shape(target.service.shapes[i], value, name: name)
        }
    }

    private func shape(_ shape: MockShapes.Shape, _ value: JSONValue, name: String) -> String? {
        // A null member counts as absent.
        if value.isNull { return nil }
        switch shape {
        case .structure(let members, let required):
            guard case .object(let o) = value else { return "Field '\(name)' must be an object" }
            if requireMembers, let missing = required.first(where: { !o.contains($0) }) {
                return "Required field '\(missing)' is missing"
            }
            for (key, member) in o {
                guard let ref = members[key] else { continue }
                if let p = check(ref, member, name: key) { return p }
            }
            return nil
        case .list(let element):
            guard case .array(let items) = value else { return "Field '\(name)' must be an array" }
            for item in items {
                if let p = check(element, item, name: name) { return p }
            }
            return nil
        case .map(let element):
            guard case .object(let o) = value else { return "Field '\(name)' must be an object" }
            for (_, item) in o {
                if let p = check(element, item, name: name) { return p }
            }
            return nil
        case .scalar(let code, let min, let max, let allowed):
            return scalar(code, value, name: name, min: min, max: max, allowed: allowed)
        }
    }

    private func scalar(
        _ code: Character, _ value: JSONValue, name: String, min: Double?, max: Double?, allowed: Set<String>?
    ) -> String? {
        if value.isNull { return nil }
        switch code {
        case "s", "x", "t":
            guard case .string(let s) = value else { return "Field '\(name)' must be a string" }
            if let allowed, !allowed.contains(s) { return "Field '\(name)' is not an expected value" }
            // Lengths as Java counts them (UTF-16 units); timestamps have no length.
            if code != "t" {
                let length = Double(s.utf16.count)
                if let min, length < min { return "Field '\(name)' is smaller than the minimum length" }
                if let max, length > max { return "Field '\(name)' exceeds the maximum length" }
            }
            return nil
        case "i", "l", "d", "f":
            guard case .number(let n) = value else { return "Field '\(name)' must be a number" }
            let v = n.doubleValue
            if let min, v < min { return "Field '\(name)' is less than the minimum value" }
            if let max, v > max { return "Field '\(name)' exceeds the maximum value" }
            return nil
        case "b":
            guard case .bool = value else { return "Field '\(name)' must be a boolean" }
            return nil
        default:
            return nil
        }
    }
}
