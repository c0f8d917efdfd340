import JSONCore
import StepFunctionsCompiler
import Testing

/// The schema drives reading, writing and the query-language rules: these tests walk every field of
/// every state type, so a field added to `ASLSchema` is covered without a new test.
@Suite("ASLSchema drives the reader, the writer and the query-language rules")
struct SchemaTests {
    /// A value of `spec`'s kind that the reader accepts, or nil for the structured fields the
    /// state's skeleton already holds.
    static func sample(_ spec: FieldSpec) -> JSONValue? {
        switch spec.kind {
        case .stateType, .choiceRules, .states: return nil
        case .string: return "x"
        case .enumeration(let values): return .string(values.first ?? "")
        case .bool: return true
        case .integer: return 3
        case .number: return 2.5
        case .errorNames: return ["States.ALL"]
        case .dynamicInteger: return 3
        case .dynamicNumber: return 2.5
        case .dynamicString: return "x"
        case .dynamicStrings: return ["a", "b"]
        case .path: return "$.p"
        case .nullablePath: return "$.p"
        case .pathOrIntrinsic: return "$.p"
        case .template(let shape):
            switch shape {
            case .any, .object: return ["k": "v"]
            case .credentials: return ["RoleArn": "arn:aws:iam::123456789012:role/r"]
            case .arrayOrExpression: return [1, 2]
            }
        case .json: return ["fixed": 1]
        case .resource: return "arn:aws:states:::events:putEvents"
        case .object(let schema):
            var o = JSONObject()
            for nested in schema.fields { if let v = sample(nested) { o[nested.field.rawValue] = v } }
            if schema.spec(.states) != nil {
                o["StartAt"] = "In"
                o["States"] = ["In": ["Type": "Pass", "End": true]]
            }
            return .object(o)
        case .objects(let schema):
            var o = JSONObject()
            for nested in schema.fields { if let v = sample(nested) { o[nested.field.rawValue] = v } }
            if schema.spec(.states) != nil {
                o["StartAt"] = "B"
                o["States"] = ["B": ["Type": "Pass", "End": true]]
            }
            if schema.spec(.next) != nil { o["Next"] = "S" }
            return [.object(o)]
        }
    }

    /// The smallest valid-shaped state of `type` (its required fields), in `language`.
    static func skeleton(_ type: StateType) -> JSONObject {
        var o: JSONObject = ["Type": .string(type.rawValue)]
        switch type {
        case .task: o["Resource"] = "arn:aws:states:::events:putEvents"
        case .wait: o["Seconds"] = 1
        case .choice: o["Choices"] = [["Variable": "$.x", "IsPresent": true, "Next": "S"]]
        case .parallel: o["Branches"] = [["StartAt": "B", "States": ["B": ["Type": "Pass", "End": true]]]]
        case .map: o["ItemProcessor"] = ["StartAt": "I", "States": ["I": ["Type": "Pass", "End": true]]]
        case .pass, .succeed, .fail: break
        }
        if StateType.chainable.contains(type) { o["End"] = true }
        return o
    }

    /// `skeleton(type)` with `field` set (replacing the twin it excludes: a Wait's duration forms).
    static func state(_ type: StateType, _ field: ASLField, _ value: JSONValue) -> JSONObject {
        var state = skeleton(type)
        if type == .wait && [.secondsPath, .timestamp, .timestampPath].contains(field) { state["Seconds"] = nil }
        state[field.rawValue] = value
        return state
    }

    /// Every field a state type owns is read into the model and written back in canonical order.
    @Test(arguments: StateType.allCases)
    func everyOwnedFieldRoundTrips(_ type: StateType) throws {
        let schema = ASLSchema.state(type)
        for spec in schema.fields {
            guard let value = Self.sample(spec), !Self.skeleton(type).contains(spec.field.rawValue) else { continue }
            if spec.field == .next || (type == .map && spec.field == .iterator) { continue }
            let state = Self.state(type, spec.field, value)
            let text = JSONWriter.compact.string(["StartAt": "S", "States": ["S": .object(state)]])
            let read = ASLReader().read(text)
            let readErrors = read.diagnostics.filter { $0.severity == .error }
            #expect(readErrors.isEmpty, "\(type) \(spec.field): \(summary(readErrors))")
            let definition = try #require(read.definition, "\(type) \(spec.field)")
            let model = try #require(definition.states["S"])
            #expect(model.fields.contains(spec.field), "\(type) \(spec.field) was not read")
            let written = ASLWriter().json(model)
            let keys = try #require(written.objectValue).keys
            #expect(keys.contains(spec.field.rawValue), "\(type) \(spec.field) was not written")
            // Canonical order: Type first, then ASLField's order.
            let ranks = keys.dropFirst().compactMap { ASLField(name: $0)?.rank }
            #expect(ranks == ranks.sorted(), "\(type): \(keys)")
        }
    }

    /// A field a state type does not own is an unknown field there, suggesting a close name.
    @Test(arguments: StateType.allCases)
    func everyForeignFieldIsRejected(_ type: StateType) {
        let owned = Set(ASLSchema.state(type).fields.map(\.field))
        for spec in ASLSchema.stateFields where !owned.contains(spec.field) {
            guard let value = Self.sample(spec) else { continue }
            var state = Self.skeleton(type)
            state[spec.field.rawValue] = value
            let text = JSONWriter.compact.string(["StartAt": "S", "States": ["S": .object(state)]])
            let codes = ASL.errors(text).map(\.code)
            #expect(codes.contains(.unknownField), "\(type) \(spec.field): \(codes)")
        }
    }

    /// A field owned by one query language is reported in a state of the other.
    @Test(arguments: StateType.allCases)
    func languageOwnedFieldsAreReportedInTheOtherLanguage(_ type: StateType) {
        for spec in ASLSchema.state(type).fields {
            guard let owner = spec.language, let value = Self.sample(spec) else { continue }
            let other: QueryLanguage = owner == .jsonPath ? .jsonata : .jsonPath
            var state = Self.state(type, spec.field, value)
            state["QueryLanguage"] = .string(other.rawValue)
            let text = JSONWriter.compact.string(["StartAt": "S", "States": ["S": .object(state)]])
            let errors = ASL.errors(text).filter { $0.code == .queryLanguageField }
            #expect(
                errors.contains { $0.path.description.hasSuffix(spec.field.rawValue) },
                "\(type) \(spec.field) in a \(other.rawValue) state: \(summary(ASL.errors(text)))")
        }
    }

    /// One canonical order fits every object: each object's fields appear in ASLField's order.
    @Test func everyObjectListsItsFieldsInCanonicalOrder() {
        let objects =
            [
                ASLSchema.machine, ASLSchema.graph, ASLSchema.itemProcessor, ASLSchema.processorConfig,
                ASLSchema.retrier,
                ASLSchema.catcher, ASLSchema.itemReader, ASLSchema.readerConfig, ASLSchema.itemBatcher,
                ASLSchema.resultWriter, ASLSchema.writerConfig, ASLSchema.choiceRule,
            ] + StateType.allCases.map(ASLSchema.state)
        for object in objects {
            let ranks = object.fields.map(\.field.rank)
            #expect(ranks == ranks.sorted(), "\(object.name): \(object.names)")
            #expect(Set(ranks).count == ranks.count, "\(object.name) lists a field twice")
        }
    }
}
