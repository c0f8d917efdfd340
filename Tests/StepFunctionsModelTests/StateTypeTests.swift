import JSONCore
import Testing

@testable import StepFunctionsModel

/// `StateType(name:)` tells a name by its first byte and length: it must find what the raw-value
/// initializer finds, for every name and for texts near them.
@Suite("State type names")
struct StateTypeTests {
    @Test("every type is found by its name, and near misses by neither")
    func names() {
        for type in StateType.allCases { #expect(StateType(name: type.rawValue) == type) }
        let texts = [
            "", "T", "Task ", "task", "TasK", "Tas\u{212A}", "Pas", "Pass\u{301}", "Paral", "Parallel", "Parallels",
            "Choice", "Choise", "Wait", "Waits", "Succeed", "Succeeded", "Fail", "Map", "MAP", "Mapp", "\u{1}",
        ]
        for text in texts { #expect(StateType(name: text) == StateType(rawValue: text), "\(text)") }
        var random = SplitMix64(seed: 11)
        let names = StateType.allCases.map(\.rawValue)
        let alphabet = Array("TPCWSFMaskhoiceutdlrp\u{301}é ")
        for _ in 0..<5_000 {
            var text = Array(names[random.below(names.count)])
            switch random.below(3) {
            case 0: text[random.below(text.count)] = alphabet[random.below(alphabet.count)]
            case 1: text.remove(at: random.below(text.count))
            default: text.insert(alphabet[random.below(alphabet.count)], at: random.below(text.count + 1))
            }
            let s = String(text)
            #expect(StateType(name: s) == StateType(rawValue: s), "\(s)")
        }
    }
}
