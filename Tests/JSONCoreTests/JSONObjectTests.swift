import Testing

@testable import JSONCore

/// ``JSONObject/appending(key:value:)`` (a copy made at its final size, for a Pass that places a
/// new member) must give the object that ``JSONObject/append(key:value:)`` on a copy gives, its
/// key index included, and leave the original as it was.
@Suite struct JSONObjectTests {
    static func value(_ random: inout SplitMix64, depth: Int = 0) -> JSONValue {
        switch random.below(depth > 1 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(random.below(2) == 0)
        case 2: return .int(random.below(1000) - 500)
        case 3: return .string(random.below(2) == 0 ? "s" : String(repeating: "long text ", count: random.below(4) + 2))
        case 4: return .double(Double(random.below(100)) / 8)
        case 5: return .array((0..<random.below(4)).map { _ in value(&random, depth: depth + 1) })
        default:
            var o = JSONObject()
            for i in 0..<random.below(4) { o["m\(i)"] = value(&random, depth: depth + 1) }
            return .object(o)
        }
    }

    /// A key of a short (inline) or a long (allocated) string.
    static func key(_ i: Int, _ random: inout SplitMix64) -> String {
        random.below(3) == 0 ? "a rather long key that is stored on the heap #\(i)" : "k\(i)"
    }

    @Test func appendingAgreesWithAppend() {
        var random = SplitMix64(seed: 7)
        for round in 0..<400 {
            // Sizes on both sides of the key index's threshold.
            let size = random.below(JSONObject.indexThreshold * 2 + 3)
            var object = JSONObject()
            for i in 0..<size {
                object.append(key: JSONObjectTests.key(i, &random), value: JSONObjectTests.value(&random))
            }
            let before = object
            let newKey = random.below(2) == 0 ? "new" : JSONObjectTests.key(size, &random)
            let newValue = JSONObjectTests.value(&random)
            var expected = object
            expected.append(key: newKey, value: newValue)
            let appended = object.appending(key: newKey, value: newValue)
            #expect(appended.isIdentical(to: expected), "round \(round), size \(size)")
            #expect(object.isIdentical(to: before), "round \(round): the original changed")
            #expect((appended._index == nil) == (expected._index == nil), "round \(round): index")
            for i in 0..<appended.count {
                #expect(appended.index(forKey: appended.keys[i]) == i, "round \(round), key \(i)")
            }
            // The copy is an object of its own: changing it leaves the original alone.
            var changed = appended
            changed[newKey] = .string("changed")
            changed.append(key: "later", value: .null)
            #expect(appended.isIdentical(to: expected), "round \(round): the copy shares storage")
            #expect(changed["later"] == .null && changed[newKey] == .string("changed"))
        }
    }

    @Test func settingAgreesWithTheSubscript() {
        var random = SplitMix64(seed: 11)
        for round in 0..<400 {
            let size = random.below(JSONObject.indexThreshold * 2 + 3)
            var object = JSONObject()
            for i in 0..<size { object.append(key: "k\(i)", value: JSONObjectTests.value(&random)) }
            let before = object
            // An existing key (the first, the last, one between) or a new one.
            let key = size > 0 && random.below(2) == 0 ? "k\(random.below(size))" : "k\(size + random.below(3))"
            let value = JSONObjectTests.value(&random)
            var expected = object
            expected[key] = value
            let set = object.setting(key, to: value)
            #expect(set.isIdentical(to: expected), "round \(round), size \(size), key \(key)")
            #expect(object.isIdentical(to: before), "round \(round): the original changed")
            for i in 0..<set.count { #expect(set.index(forKey: set.keys[i]) == i, "round \(round), key \(i)") }
        }
    }
}
