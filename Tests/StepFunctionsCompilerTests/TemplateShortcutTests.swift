import JSONCore
import StepFunctionsModel
import Testing

@testable import StepFunctionsCompiler

/// A template value with no key holding `$` (and, in JSONata, no string starting `{%`) is taken
/// as its own literal without the walk that rebuilds it: on random values both readings must give
/// the same template and the same diagnostics.
@Suite("Template literal shortcut")
struct TemplateShortcutTests {
    static let keys = ["a", "b", "a.$", "b.$", ".$", "$", "x$", "${A}", "%A%", "é.$", "Payload"]
    static let strings = [
        "$.a", "$", "$$.Execution.Id", "States.Format('{}', $.x)", "States.Nope()", "{% $x %}", "{% 1 + %}", "{%",
        "{%%}", " {% $x %}", "plain", "${V}", "%V%", "$.a[0]", "$..b",
    ]

    static func value(_ random: inout SplitMix64, depth: Int) -> JSONValue {
        switch random.below(depth >= 3 ? 4 : 7) {
        case 0: return .string(strings[random.below(strings.count)])
        case 1: return .number(.int(Int64(random.below(100))))
        case 2: return random.below(2) == 0 ? .bool(true) : .null
        case 3: return .string(strings[random.below(strings.count)])
        case 4, 5:
            var pairs: [(String, JSONValue)] = []
            for _ in 0..<random.below(5) {
                pairs.append((keys[random.below(keys.count)], value(&random, depth: depth + 1)))
            }
            return .object(JSONObject(pairs))
        default:
            return .array((0..<random.below(4)).map { _ in value(&random, depth: depth + 1) })
        }
    }

    static func read(_ v: JSONValue, jsonata: Bool, shortcut: Bool) -> (PayloadTemplate, [String]) {
        let context = ReadContext()
        let template =
            jsonata
            ? context.jsonataTemplate(v, at: .root, shortcut: shortcut)
            : context.jsonPathTemplate(v, at: .root, shortcut: shortcut)
        return (template, context.diagnostics.map(\.description))
    }

    @Test("random templates read alike with and without the shortcut")
    func randomTemplates() {
        var random = SplitMix64(seed: 3)
        var shortcuts = 0
        for round in 0..<4_000 {
            var v = Self.value(&random, depth: 0)
            // LocalStack's stand-ins turn `%A%` keys into `${A}`, which may then be written twice.
            if round % 2 == 1 { v = ASLReader.standInsAsPlaceholders(v) }
            for jsonata in [false, true] {
                let fast = Self.read(v, jsonata: jsonata, shortcut: true)
                let slow = Self.read(v, jsonata: jsonata, shortcut: false)
                #expect(fast.0 == slow.0, "\(JSONWriter.compact.string(v))")
                #expect(fast.1 == slow.1, "\(JSONWriter.compact.string(v))")
                if !ReadContext.mayHoldDynamic(v, jsonata: jsonata) { shortcuts += 1 }
            }
        }
        // Both readings were met.
        #expect(shortcuts > 1_000 && shortcuts < 7_000)
    }

    @Test("a stand-in key written twice keeps the template the walk builds")
    func duplicateStandIns() {
        let v = ASLReader.standInsAsPlaceholders(.object(JSONObject([("%A%", .number(1)), ("${A}", .number(2))])))
        for jsonata in [false, true] {
            let fast = Self.read(v, jsonata: jsonata, shortcut: true)
            #expect(fast.0 == Self.read(v, jsonata: jsonata, shortcut: false).0)
            if case .literal = fast.0 { Issue.record("a literal object with a key twice") }
        }
    }
}
