// Checks a Step Functions API request against the service model (APIModel.swift) the way AWS's front end
// does before the service sees it, and words the answer as AWS does.
//
// Two passes, as in AWS's Java (Coral) stack:
// 1. Deserialization walks the JSON in document order and stops at the first value of the wrong JSON type:
//    `SerializationException` with the Java deserializer's text. Members the model does not know are skipped,
//    and `null` counts as absent.
// 2. Constraint validation collects every violation (required members, lengths, value ranges, patterns,
//    enums) into one `ValidationException`: "N validation error(s) detected: V1; V2; ...".
// NOTES.md says where each rule and wording comes from and which parts are inferred.

import JSONCore

/// An error answer as AWS gives it: the `__type` (without a namespace) and the body's message.
package struct APIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `__type` AWS uses for a request that breaks the model's constraints.
    package static let validationException = "ValidationException"
    /// The `__type` AWS uses for a request whose JSON value has the wrong type for the model.
    package static let serializationException = "SerializationException"
    /// The `__type` AWS uses for an `X-Amz-Target` that names no operation.
    package static let unknownOperationException = "UnknownOperationException"

    /// The error's type, e.g. `ValidationException` (AWS may prefix it with a namespace and `#`).
    package var type: String
    /// The message; `nil` when AWS sends none (an unknown operation).
    package var message: String?

    /// Creates an error answer.
    package init(type: String, message: String?) {
        self.type = type
        self.message = message
    }

    /// `Type: message`.
    package var description: String { message.map { "\(type): \($0)" } ?? type }
}

/// One broken constraint, as AWS words it inside a `ValidationException` message.
package struct APIConstraintViolation: Sendable, Hashable, CustomStringConvertible {
    /// Where the value is: `name`, `routingConfiguration.1.member.weight`.
    package var path: String
    /// The value as AWS prints it (Java's `toString`), `nil` for an absent value.
    package var value: String?
    /// Whether AWS leaves the value out because the shape is sensitive.
    package var isSensitive: Bool
    /// The constraint: `Member must have length less than or equal to 80`.
    package var constraint: String

    /// Creates a violation.
    package init(path: String, value: String?, isSensitive: Bool, constraint: String) {
        self.path = path
        self.value = value
        self.isSensitive = isSensitive
        self.constraint = constraint
    }

    /// `Value 'x' at 'path' failed to satisfy constraint: Member must ...`.
    package var description: String {
        let shown = isSensitive ? "" : value.map { " '\($0)'" } ?? " null"
        return "Value\(shown) at '\(path)' failed to satisfy constraint: \(constraint)"
    }
}

/// Validates Step Functions API requests against ``APIModel`` with AWS's error types and wording.
package enum APIValidator {
    /// The most violations one message lists and counts (Coral's limit as DynamoDB shows it; see NOTES.md).
    package static let maximumReportedViolations = 10

    /// The error AWS would answer `body` with before the service looks at it, or `nil` when the model accepts it.
    ///
    /// Checks, in order: the operation exists (`UnknownOperationException`), every known member has the right
    /// JSON type (`SerializationException`), and every constraint holds (`ValidationException`). A `null`
    /// body is an empty input. Errors that need the service's state or logic (`InvalidArn`, `InvalidName`, ...)
    /// are the caller's.
    package static func validate(operation: String, body: JSONValue) -> APIError? {
        guard let input = APIModel.operations[operation]?.input else {
            return APIError(type: APIError.unknownOperationException, message: nil)
        }
        if let error = serializationError(in: body, shape: input) { return error }
        return validationError(for: violations(in: body, shape: input))
    }

    /// The `SerializationException` for the first value (in document order) whose JSON type the shape rejects.
    package static func serializationError(in value: JSONValue, shape: String) -> APIError? {
        typeMismatch(value, shape: shape).map { APIError(type: APIError.serializationException, message: $0) }
    }

    /// Every constraint `value` breaks, in the order AWS reports them (``APIShape/checkOrder``, depth first).
    ///
    /// Assumes the JSON types fit (see ``serializationError(in:shape:)``); values of the wrong type are skipped.
    package static func violations(in value: JSONValue, shape: String) -> [APIConstraintViolation] {
        var collector = ViolationCollector()
        if case .object(let object) = value {
            collector.checkStructure(object, shapeName: shape, path: "")
        } else if case .null = value {
            collector.checkStructure(JSONObject(), shapeName: shape, path: "")
        }
        return collector.violations
    }

    /// The `ValidationException` listing `violations` (at most ``maximumReportedViolations``), or `nil`.
    package static func validationError(for violations: [APIConstraintViolation]) -> APIError? {
        guard !violations.isEmpty else { return nil }
        let reported = violations.prefix(maximumReportedViolations)
        let count = reported.count
        let text = reported.map(\.description).joined(separator: "; ")
        return APIError(
            type: APIError.validationException,
            message: "\(count) validation error\(count == 1 ? "" : "s") detected: \(text)")
    }
}

// MARK: - Deserialization (SerializationException)

extension APIValidator {
    static let startOfList = "Start of list found where not expected"
    static let startOfStructure = "Start of structure or map found where not expected."
    static let bigNumberClass = "class com.amazon.coral.value.json.numbers.TruncatingBigNumber"

    /// The Java class name Coral's messages use for a numeric shape.
    static func javaTypeName(_ type: APIShapeType) -> String {
        switch type {
        case .integer: return "Integer"
        case .long: return "Long"
        case .float: return "Float"
        case .double: return "Double"
        case .timestamp: return "Date"
        case .boolean: return "Boolean"
        default: return "String"
        }
    }

    /// Strings Coral's deserializer accepts for a boolean (compared upper-cased).
    static let booleanWords: [String: Bool] = [
        "TRUE": true, "YES": true, "1": true, "FALSE": false, "NO": false, "0": false,
    ]

    /// The first type mismatch in document order, as the deserializer's message.
    static func typeMismatch(_ value: JSONValue, shape shapeName: String) -> String? {
        guard let shape = APIModel.shapes[shapeName] else { return nil }
        if case .null = value { return nil }
        switch shape.type {
        case .string, .enum:
            switch value {
            case .string, .null: return nil
            case .bool: return "class java.lang.Boolean can not be converted to an String"
            case .number: return "\(bigNumberClass) can not be converted to an String"
            case .array: return startOfList
            case .object: return startOfStructure
            }
        case .boolean:
            switch value {
            case .bool, .null: return nil
            case .string(let text):
                let upper = text.uppercased()
                return booleanWords[upper] == nil ? "'\(upper)' can not be converted to an Boolean" : nil
            case .number: return "\(bigNumberClass) can not be converted to an Boolean"
            case .array: return startOfList
            case .object: return startOfStructure
            }
        case .integer, .long, .float, .double, .timestamp:
            switch value {
            case .number, .null: return nil
            case .string:
                return shape.type == .timestamp
                    ? nil : "class java.lang.String can not be converted to an \(javaTypeName(shape.type))"
            case .bool: return "class java.lang.Boolean can not be converted to an \(javaTypeName(shape.type))"
            case .array: return startOfList
            case .object: return startOfStructure
            }
        case .blob:
            switch value {
            case .null: return nil
            case .string(let text): return base64Problem(text).map { "'\(text)' can not be converted to a Blob: \($0)" }
            case .bool: return "class java.lang.Boolean can not be converted to a Blob"
            case .number: return "\(bigNumberClass) can not be converted to a Blob"
            case .array: return startOfList
            case .object: return startOfStructure
            }
        case .list:
            switch value {
            case .null: return nil
            case .array(let elements):
                guard let element = shape.element else { return nil }
                for item in elements {
                    if let problem = typeMismatch(item, shape: element) { return problem }
                }
                return nil
            case .object: return startOfStructure
            case .bool, .number, .string: return "Expected list or null"
            }
        case .map:
            switch value {
            case .null: return nil
            case .object(let object):
                guard let element = shape.element else { return nil }
                for (_, item) in object {
                    if let problem = typeMismatch(item, shape: element) { return problem }
                }
                return nil
            case .array: return startOfList
            case .bool, .number, .string: return "Expected map or null"
            }
        case .structure:
            switch value {
            case .null: return nil
            case .object(let object):
                for (key, item) in object {
                    guard let member = shape.members.first(where: { $0.name == key }) else { continue }
                    if let problem = typeMismatch(item, shape: member.shape) { return problem }
                }
                return nil
            case .array: return startOfList
            case .bool, .number, .string: return "Expected null"
            }
        }
    }

    /// Why Java's Base64 decoder would refuse `text`, in its words, or `nil`.
    static func base64Problem(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        if scalars.count % 4 != 0 {
            return "Base64 encoded length is expected a multiple of 4 bytes but found: \(scalars.count)"
        }
        for (index, scalar) in scalars.enumerated() {
            let isAlphabet = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
            if isAlphabet || scalar == "+" || scalar == "/" { continue }
            if scalar == "=", index >= scalars.count - 2, scalars[index...].allSatisfy({ $0 == "=" }) { continue }
            return "Invalid Base64 character: '\(scalar)'"
        }
        return nil
    }
}

// MARK: - Constraint validation (ValidationException)

/// Walks a request and collects the violated constraints in AWS's order.
struct ViolationCollector {
    var violations: [APIConstraintViolation] = []

    mutating func add(_ path: String, _ value: String?, sensitive: Bool, _ constraint: String) {
        violations.append(
            APIConstraintViolation(path: path, value: value, isSensitive: sensitive, constraint: constraint))
    }

    mutating func checkStructure(_ object: JSONObject, shapeName: String, path: String) {
        guard let shape = APIModel.shapes[shapeName], shape.type == .structure else { return }
        for name in shape.checkOrder {
            guard let member = shape.members.first(where: { $0.name == name }) else { continue }
            let memberPath = path.isEmpty ? name : "\(path).\(name)"
            let sensitive = member.isSensitive || (APIModel.shapes[member.shape]?.isSensitive ?? false)
            guard let value = object[name], value != .null else {
                if member.isRequired { add(memberPath, nil, sensitive: sensitive, "Member must not be null") }
                continue
            }
            check(value, shapeName: member.shape, sensitive: sensitive, path: memberPath)
        }
    }

    mutating func check(_ value: JSONValue, shapeName: String, sensitive: Bool, path: String) {
        guard let shape = APIModel.shapes[shapeName] else { return }
        switch (shape.type, value) {
        case (.structure, .object(let object)):
            checkStructure(object, shapeName: shapeName, path: path)
        case (.list, .array(let elements)):
            checkLength(elements.count, of: value, shapeName: shapeName, shape: shape, sensitive: sensitive, path: path)
            guard let elementName = shape.element, let element = APIModel.shapes[elementName] else { return }
            if element.type.isScalar {
                if elements.contains(where: { $0 != .null && !ValueRules.satisfies($0, element) }) {
                    let rules = ValueRules.constraints(of: element).joined(separator: ", ")
                    add(
                        path, ValueText.render(value, shapeName: shapeName), sensitive: sensitive,
                        "Member must satisfy constraint: [\(rules)]")
                }
            } else {
                for (index, item) in elements.enumerated() where item != .null {
                    check(
                        item, shapeName: elementName, sensitive: element.isSensitive,
                        path: "\(path).\(index + 1).member")
                }
            }
        case (.map, .object(let object)):
            checkLength(
                object.keys.count, of: value, shapeName: shapeName, shape: shape, sensitive: sensitive, path: path)
            checkMapEntries(object, of: value, shapeName: shapeName, shape: shape, sensitive: sensitive, path: path)
        default:
            guard shape.type.isScalar else { return }
            let broken = ValueRules.violated(by: value, shape)
            guard !broken.isEmpty else { return }
            let shown = ValueText.render(value, shapeName: shapeName)
            for constraint in broken { add(path, shown, sensitive: sensitive, constraint) }
        }
    }

    mutating func checkLength(
        _ count: Int, of value: JSONValue, shapeName: String, shape: APIShape, sensitive: Bool, path: String
    ) {
        if let max = shape.max, count > max {
            add(
                path, ValueText.render(value, shapeName: shapeName), sensitive: sensitive,
                "Member must have length less than or equal to \(max)")
        }
        if let min = shape.min, count < min {
            add(
                path, ValueText.render(value, shapeName: shapeName), sensitive: sensitive,
                "Member must have length greater than or equal to \(min)")
        }
    }

    mutating func checkMapEntries(
        _ object: JSONObject, of value: JSONValue, shapeName: String, shape: APIShape, sensitive: Bool, path: String
    ) {
        if let keyName = shape.key, let keyShape = APIModel.shapes[keyName],
            object.keys.contains(where: { !ValueRules.satisfies(.string($0), keyShape) })
        {
            let rules = ValueRules.constraints(of: keyShape).joined(separator: ", ")
            add(
                path, ValueText.render(value, shapeName: shapeName), sensitive: sensitive,
                "Map keys must satisfy constraint: [\(rules)]")
        }
        guard let valueName = shape.element, let valueShape = APIModel.shapes[valueName] else { return }
        if valueShape.type.isScalar {
            if object.contains(where: { $0.value != .null && !ValueRules.satisfies($0.value, valueShape) }) {
                let rules = ValueRules.constraints(of: valueShape).joined(separator: ", ")
                add(
                    path, ValueText.render(value, shapeName: shapeName), sensitive: sensitive,
                    "Map value must satisfy constraint: [\(rules)]")
            }
        } else {
            for (key, item) in object where item != .null {
                check(item, shapeName: valueName, sensitive: valueShape.isSensitive, path: "\(path).\(key)")
            }
        }
    }
}

extension APIShapeType {
    /// Whether values of this type are JSON scalars (not lists, maps or structures).
    var isScalar: Bool {
        switch self {
        case .list, .map, .structure: return false
        default: return true
        }
    }
}

/// The constraints of scalar shapes: which ones a value breaks, and their wording.
enum ValueRules {
    /// Every constraint of `shape`, in the order AWS lists them for list elements and map values.
    static func constraints(of shape: APIShape) -> [String] {
        var rules: [String] = []
        let unit = shape.type.isNumeric ? "value" : "length"
        if let max = shape.max { rules.append("Member must have \(unit) less than or equal to \(max)") }
        if let min = shape.min { rules.append("Member must have \(unit) greater than or equal to \(min)") }
        if let pattern = shape.pattern { rules.append("Member must satisfy regular expression pattern: \(pattern)") }
        if shape.type == .enum {
            rules.append("Member must satisfy enum value set: [\(shape.enumMessageOrder.joined(separator: ", "))]")
        }
        return rules
    }

    /// Whether `value` satisfies every constraint of `shape`.
    static func satisfies(_ value: JSONValue, _ shape: APIShape) -> Bool { violated(by: value, shape).isEmpty }

    /// The constraints `value` breaks: length or value range first, then pattern, then enum.
    static func violated(by value: JSONValue, _ shape: APIShape) -> [String] {
        var broken: [String] = []
        switch (shape.type, value) {
        case (.string, .string(let text)), (.enum, .string(let text)):
            let length = text.unicodeScalars.count
            if let max = shape.max, length > max {
                broken.append("Member must have length less than or equal to \(max)")
            }
            if let min = shape.min, length < min {
                broken.append("Member must have length greater than or equal to \(min)")
            }
            if let pattern = shape.pattern, !PatternMatcher.matches(text, pattern: pattern) {
                broken.append("Member must satisfy regular expression pattern: \(pattern)")
            }
            if shape.type == .enum, !shape.enumValues.contains(text) {
                let values = shape.enumMessageOrder.joined(separator: ", ")
                broken.append("Member must satisfy enum value set: [\(values)]")
            }
        case (.blob, .string(let text)):
            let length = base64DecodedLength(text)
            if let max = shape.max, length > max {
                broken.append("Member must have length less than or equal to \(max)")
            }
            if let min = shape.min, length < min {
                broken.append("Member must have length greater than or equal to \(min)")
            }
        case (.integer, .number(let number)), (.long, .number(let number)):
            let integer = JavaNumbers.integer(number, bits: shape.type == .integer ? 32 : 64)
            if let max = shape.max, integer > max {
                broken.append("Member must have value less than or equal to \(max)")
            }
            if let min = shape.min, integer < min {
                broken.append("Member must have value greater than or equal to \(min)")
            }
        case (.float, .number(let number)), (.double, .number(let number)):
            let real = shape.type == .float ? Double(Float(number.doubleValue)) : number.doubleValue
            if let max = shape.max, real > Double(max) {
                broken.append("Member must have value less than or equal to \(max)")
            }
            if let min = shape.min, real < Double(min) {
                broken.append("Member must have value greater than or equal to \(min)")
            }
        default:
            break
        }
        return broken
    }

    /// The number of bytes a well-formed Base64 text decodes to.
    static func base64DecodedLength(_ text: String) -> Int {
        let count = text.unicodeScalars.count
        let padding = text.unicodeScalars.reversed().prefix(2).filter { $0 == "=" }.count
        return count / 4 * 3 - padding
    }
}

extension APIShapeType {
    /// Whether constraints on this type bound the value rather than a length.
    var isNumeric: Bool { self == .integer || self == .long || self == .float || self == .double }
}

/// Matches a string against a model pattern as a whole, as Java's `Matcher.matches()` does.
enum PatternMatcher {
    /// Whether all of `text` matches `pattern`; a pattern Swift cannot compile counts as matched.
    static func matches(_ text: String, pattern: String) -> Bool {
        guard let regex = try? Regex(pattern).matchingSemantics(.unicodeScalar) else { return true }
        return (try? regex.wholeMatch(in: text)) != nil
    }
}

/// Java's conversions of JSON numbers (Coral reads them as `TruncatingBigNumber`).
enum JavaNumbers {
    /// The number as Java's `intValue()`/`longValue()` gives it: truncated toward zero, wrapped to `bits`.
    static func integer(_ number: JSONNumber, bits: Int) -> Int64 {
        let wide: Int64
        switch number {
        case .int(let value):
            wide = value
        case .double(let value):
            guard value.isFinite else { return 0 }
            let truncated = value.rounded(.towardZero)
            if abs(truncated) < 9.2e18 {
                wide = Int64(truncated)
            } else {
                // Exact: the remainder of an integral double by 2^64 is representable.
                let remainder = truncated.truncatingRemainder(dividingBy: 18_446_744_073_709_551_616)
                let positive = remainder < 0 ? remainder + 18_446_744_073_709_551_616 : remainder
                wide =
                    positive >= 9_223_372_036_854_775_808
                    ? Int64(bitPattern: UInt64(positive - 9_223_372_036_854_775_808) &+ (1 << 63))
                    : Int64(positive)
            }
        }
        return bits == 32 ? Int64(Int32(truncatingIfNeeded: wide)) : wide
    }

    /// Java's `Double.toString`/`Float.toString` text for a value with the given shortest decimal digits.
    static func string(_ value: Double, shortest: String) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        // `shortest` is Swift's description of |value|: "123.45", "1e-05", "1.5e+20".
        let parts = shortest.split(separator: "e", maxSplits: 1)
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = String(mantissa[0])
        var digits = Array(whole + (mantissa.count > 1 ? String(mantissa[1]) : ""))
        var point = whole.count + exponent
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        let sign = value < 0 ? "-" : ""
        let magnitude = abs(value)
        if magnitude >= 1e-3, magnitude < 1e7 {
            if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(digits) }
            if point >= digits.count {
                return sign + String(digits) + String(repeating: "0", count: point - digits.count) + ".0"
            }
            return sign + String(digits[..<point]) + "." + String(digits[point...])
        }
        let rest = digits.count > 1 ? String(digits[1...]) : "0"
        return "\(sign)\(digits[0]).\(rest)E\(point - 1)"
    }

    /// Java's `Double.toString`.
    static func doubleString(_ value: Double) -> String { string(value, shortest: abs(value).description) }

    /// Java's `Float.toString`.
    static func floatString(_ value: Float) -> String { string(Double(value), shortest: abs(value).description) }
}

/// Values as AWS prints them in messages: Java's `toString` of the deserialized request.
enum ValueText {
    static let redacted = "*** Sensitive Data Redacted ***"

    /// The text of `value` read as `shapeName`.
    static func render(_ value: JSONValue, shapeName: String) -> String {
        guard let shape = APIModel.shapes[shapeName] else { return plain(value) }
        switch (shape.type, value) {
        case (_, .null): return "null"
        case (.integer, .number(let number)): return String(JavaNumbers.integer(number, bits: 32))
        case (.long, .number(let number)): return String(JavaNumbers.integer(number, bits: 64))
        case (.float, .number(let number)): return JavaNumbers.floatString(Float(number.doubleValue))
        case (.double, .number(let number)): return JavaNumbers.doubleString(number.doubleValue)
        case (.list, .array(let elements)):
            let element = shape.element ?? ""
            return "[" + elements.map { render($0, shapeName: element) }.joined(separator: ", ") + "]"
        case (.map, .object(let object)):
            let element = shape.element ?? ""
            return "{" + object.map { "\($0.key)=\(render($0.value, shapeName: element))" }.joined(separator: ", ")
                + "}"
        case (.structure, .object(let object)):
            let members = shape.members.map { member -> String in
                let sensitive = member.isSensitive || (APIModel.shapes[member.shape]?.isSensitive ?? false)
                guard let item = object[member.name], item != .null else { return "\(member.name)=null" }
                return "\(member.name)=\(sensitive ? redacted : render(item, shapeName: member.shape))"
            }
            return "\(shapeName)(" + members.joined(separator: ", ") + ")"
        default:
            return plain(value)
        }
    }

    /// Java's text of a value read without a shape.
    static func plain(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .string(let text): return text
        case .number(.int(let integer)): return String(integer)
        case .number(.double(let real)): return JavaNumbers.doubleString(real)
        case .array(let elements): return "[" + elements.map(plain).joined(separator: ", ") + "]"
        case .object(let object):
            return "{" + object.map { "\($0.key)=\(plain($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}
