extension Lowering {
    /// Converts a payload to a template for a state using `language`: paths and intrinsic calls are
    /// parsed (JSONPath states), expressions kept (JSONata states), and a value of the wrong language
    /// is reported.
    mutating func template(_ payload: Payload?, at path: FieldPath, _ language: QueryLanguage) -> PayloadTemplate? {
        guard let payload else { return nil }
        let result = convert(payload, at: path, language)
        if result.needsDollarSuffix {
            error(
                .invalidValue,
                "\(path.lastKey ?? "this field") cannot be a bare path or intrinsic call; put it in an object "
                    + "member (e.g. [\"value\": .path(...)])", at: path)
        }
        return result
    }

    private mutating func convert(_ payload: Payload, at path: FieldPath, _ language: QueryLanguage) -> PayloadTemplate
    {
        switch payload.node {
        case .literal(let value):
            return literal(value, at: path, language)
        case .object(let members):
            var fields: [PayloadTemplate.Field] = []
            var keys: Set<String> = []
            for m in members {
                let memberPath = path.appending(m.key)
                if !keys.insert(m.key).inserted {
                    error(.invalidValue, "key '\(m.key)' appears twice in this object", at: memberPath)
                    continue
                }
                if m.key.hasSuffix(".$") && language == .jsonPath {
                    error(
                        .dollarKey,
                        "key '\(m.key)' ends in '.$'; write the key without it and the value as .path(...) or an "
                            + "intrinsic call, and the suffix is added for you", at: memberPath)
                }
                fields.append(PayloadTemplate.Field(m.key, convert(m.value, at: memberPath, language)))
            }
            return .makeObject(fields)
        case .array(let items):
            var elements: [PayloadTemplate] = []
            for (i, item) in items.enumerated() {
                let element = convert(item, at: path.appending(i), language)
                if element.needsDollarSuffix {
                    // JSONPath marks a dynamic value by its key's `.$`; an array element has no key.
                    error(
                        .invalidValue,
                        "a path or intrinsic call cannot be an array element (it would be written as a plain "
                            + "string); build the array with .array(...) (States.Array) or put it in an object member",
                        at: path.appending(i))
                }
                elements.append(element)
            }
            return .makeArray(elements)
        case .path(let text):
            guard language == .jsonPath else {
                error(
                    .queryLanguageField,
                    "'\(text)' is a JSONPath, but this is a JSONata state; write .jsonata(\"$states.input...\")",
                    at: path)
                return .literal(.string(text))
            }
            return jsonPath(text, at: path).map(PayloadTemplate.path) ?? .literal(.string(text))
        case .intrinsic(let text):
            guard language == .jsonPath else {
                error(
                    .queryLanguageField,
                    "intrinsic functions are JSONPath-only, but this is a JSONata state; use a JSONata function",
                    at: path)
                return .literal(.string(text))
            }
            do {
                return .intrinsic(try IntrinsicFunction(parsing: text))
            } catch {
                self.error(.invalidIntrinsic, "'\(text)' is not a valid intrinsic call: \(error)", at: path)
                return .literal(.string(text))
            }
        case .jsonata(let source):
            guard language == .jsonata else {
                error(
                    .queryLanguageField,
                    "a JSONata expression needs a JSONata state; set .queryLanguage(.jsonata) on the state or the "
                        + "state machine, or use .path(...)", at: path)
                return .literal(.string(JSONataExpression.spaced(source).delimited))
            }
            return .expression(.spaced(source))
        case .stateInput:
            return language == .jsonPath ? .path(.input) : .expression(.spaced("$states.input"))
        case .taskToken:
            if language == .jsonata { return .expression(.spaced("$states.context.Task.Token")) }
            return jsonPath("$$.Task.Token", at: path).map(PayloadTemplate.path) ?? .literal(.null)
        }
    }

    /// A literal value as the reader would see it: in JSONata states a `"{% ... %}"` string anywhere in it
    /// is an expression; in JSONPath states a key ending in `.$` is reported (write `.path(...)`).
    private mutating func literal(_ value: JSONValue, at path: FieldPath, _ language: QueryLanguage) -> PayloadTemplate {
        switch value {
        case .string(let s) where language == .jsonata:
            return JSONataExpression(delimited: s).map(PayloadTemplate.expression) ?? .literal(value)
        case .object(let o):
            var fields: [PayloadTemplate.Field] = []
            for (key, member) in o {
                if key.hasSuffix(".$") && language == .jsonPath {
                    error(
                        .dollarKey,
                        "key '\(key)' ends in '.$'; write the key without it and the value as .path(...) or an "
                            + "intrinsic call, and the suffix is added for you", at: path.appending(key))
                }
                fields.append(PayloadTemplate.Field(key, literal(member, at: path.appending(key), language)))
            }
            return .makeObject(fields)
        case .array(let items):
            return .makeArray(items.enumerated().map { literal($1, at: path.appending($0), language) })
        default:
            return .literal(value)
        }
    }
}
