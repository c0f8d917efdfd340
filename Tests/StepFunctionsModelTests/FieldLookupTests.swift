import Testing

@testable import StepFunctionsModel

/// The look-ups the reader, the validator and the plan make for every field: a field's rank read
/// from its tag, a field by name, and an object schema's field by its rank.
@Suite("Field look-ups")
struct FieldLookupTests {
    @Test("a field's rank is its place in the canonical order, and its name finds it")
    func ranksAndNames() {
        for (i, field) in ASLField.allCases.enumerated() {
            #expect(field.rank == i)
            #expect(ASLField(name: field.rawValue) == field)
        }
        #expect(ASLField(name: "Nxt") == nil)
        #expect(ASLField(name: "") == nil)
        #expect(ASLField.count == ASLField.allCases.count)
    }

    @Test("an object schema finds each field's description as a walk of its fields does")
    func schemaLookups() {
        let schemas = StateType.allCases.map { ASLSchema.state($0) } + [ASLSchema.machine]
        for schema in schemas {
            for field in ASLField.allCases {
                let walked = schema.fields.first { $0.field == field }
                #expect(schema.spec(field)?.field == walked?.field)
                #expect(schema.spec(named: field.rawValue)?.field == walked?.field)
                #expect(schema.has(named: field.rawValue) == (walked != nil))
            }
            #expect(schema.spec(named: "NotAField") == nil)
        }
    }

    @Test("paths cut from bytes and from characters read the same")
    func asciiAndOtherPaths() throws {
        #expect(
            try JSONPath(parsing: "$.order.items[0].price").segments == [
                .member("order"), .member("items"), .index(0), .member("price"),
            ])
        #expect(try JSONPath(parsing: "$.café.b").segments == [.member("café"), .member("b")])
        #expect(try JSONPath(parsing: "$vär.x").root == .variable("vär"))
        #expect(try JSONPath(parsing: "$order.id").root == .variable("order"))
    }
}
