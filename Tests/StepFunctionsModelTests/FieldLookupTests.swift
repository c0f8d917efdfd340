import JSONCore
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

    @Test("a name finds the field its raw value finds, for names near the fields' names too")
    func namesNearFields() {
        var random = SplitMix64(seed: 41)
        let names = ASLField.allCases.map(\.rawValue)
        let alphabet = Array("ResultPathNxtIemCo\u{301}é $")
        for _ in 0..<20_000 {
            var text = Array(names[random.below(names.count)])
            switch random.below(4) {
            case 0: text[random.below(text.count)] = alphabet[random.below(alphabet.count)]
            case 1: text.remove(at: random.below(text.count))
            case 2: text.insert(alphabet[random.below(alphabet.count)], at: random.below(text.count + 1))
            default: break
            }
            let s = String(text)
            #expect(ASLField(name: s) == ASLField(rawValue: s), "\(s)")
        }
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

    @Test("a field set read by rank holds what a table of its fields holds, in canonical order")
    func fieldSets() {
        #expect(ASLField.allCases.count <= 128)
        var random = SplitMix64(seed: 43)
        let fields = ASLField.allCases
        for _ in 0..<300 {
            var set = FieldSet()
            var table: [ASLField: FieldValue] = [:]
            for step in 0..<random.below(60) {
                let field = fields[random.below(fields.count)]
                if random.below(4) == 0 {
                    set[field] = nil
                    table[field] = nil
                } else {
                    set[field] = .integer(step)
                    table[field] = .integer(step)
                }
            }
            #expect(set.fields == table.keys.sorted())
            #expect(set.count == table.count)
            for field in fields {
                #expect(set[field] == table[field])
                #expect(set.contains(field) == (table[field] != nil))
            }
            let rebuilt = FieldSet(table.map { ($0.key, $0.value) })
            #expect(rebuilt == set)
            #expect(rebuilt.hashValue == set.hashValue)
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

    @Test(
        "a simple path read from its bytes is what the parser reads",
        arguments: [
            "$", "$$", "$.a", "$.a.b.c", "$$.Execution.Id", "$$.Map.Item.Value", "$order", "$order.id", "$_x1.y",
            "$.a b.c-d", "$.a*b", "$.a$b", "$.x.y.z.w.v.u",
        ])
    func simplePaths(_ text: String) throws {
        let fast = try #require(JSONPath.simple(text))
        var parser = JSONPathParser(text)
        #expect(try fast == parser.parsePath())
    }

    @Test(
        "paths the byte reader leaves to the parser",
        arguments: [
            "", "a", "$.", "$..a", "$.*", "$.[0]", "$.a[0]", "$.a.length()", "$.a]", "$1", "$$a", "$$$", "$.a..b",
            "$.café", "$vär.x", "$.a\u{9}b",
        ])
    func parsedPaths(_ text: String) {
        #expect(JSONPath.simple(text) == nil)
    }

    @Test("a field set keeps its entries in canonical order whatever order they are set in")
    func fieldSetOrder() {
        var set = FieldSet()
        set[.next] = .string("B")
        set[.comment] = .string("c")
        set[.resource] = .string("r")
        set[.end] = .bool(true)
        set[.comment] = .string("d")
        #expect(set.fields == [.comment, .resource, .next, .end].sorted())
        #expect(set.string(.comment) == "d")
        #expect(set.contains(.resource))
        set[.resource] = nil
        #expect(!set.contains(.resource))
        #expect(set.fields == [.comment, .next, .end].sorted())
    }

    @Test("a state list finds its states by name, short or long")
    func stateListLookups() {
        for count in [1, 3, 16, 17, 40] {
            var list = StateList()
            for i in 0..<count { list["S\(i)"] = .succeed(SucceedState(fields: FieldSet())) }
            #expect(list.count == count)
            for i in 0..<count {
                #expect(list.contains("S\(i)"))
                #expect(list.position(of: "S\(i)") == i)
            }
            #expect(!list.contains("S\(count)"))
            list["S0"] = nil
            #expect(!list.contains("S0"))
            #expect(list.count == count - 1)
            if count > 1 { #expect(list.position(of: "S\(count - 1)") == count - 2) }
        }
    }
}
