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
    /// A key drawn from a small alphabet that mixes ASCII, non-ASCII (two- and three-byte, the
    /// Kelvin sign that equals "K", a combining accent) and long strings, so that equal, equivalent
    /// and same-length keys of every kind meet.
    static func mixedKey(_ random: inout SplitMix64) -> String {
        // "\u{1E0B}\u{323}" and "\u{1E0D}\u{307}" are equal (canonically) with the same length in
        // different bytes: a lookup comparing non-ASCII strings by their bits would miss them.
        let pieces = [
            "a", "b", "K", "\u{212A}", "é", "e\u{301}", "ß", "s0", "s1", "0", "~", "\u{1E0B}\u{323}", "\u{1E0D}\u{307}",
        ]
        var key = ""
        for _ in 0..<random.below(7) { key += pieces[random.below(pieces.count)] }
        if random.below(5) == 0 { key += String(repeating: "x", count: 10 + random.below(8)) }
        // Sometimes the same text in a string that shares no storage with a literal.
        return random.below(3) == 0 ? String(decoding: Array(key.utf8), as: UTF8.self) : key
    }

    /// The lookup that compares small ASCII keys by their words (``JSONObject/setting(_:to:)``'s)
    /// must answer as the scan with `==` does, for keys of every kind, present or not.
    @Test func smallASCIILookupAgreesWithTheScan() {
        var random = SplitMix64(seed: 23)
        var smallASCIIChecked = 0
        for round in 0..<3000 {
            var object = JSONObject()
            for _ in 0..<random.below(JSONObject.indexThreshold + 1) {
                let key = JSONObjectTests.mixedKey(&random)
                if object.scan(forKey: key) == nil { object.append(key: key, value: .int(round)) }
            }
            #expect(object._index == nil)
            for _ in 0..<8 {
                let key =
                    object.count > 0 && random.below(2) == 0
                    ? String(decoding: Array(object.keys[random.below(object.count)].utf8), as: UTF8.self)
                    : JSONObjectTests.mixedKey(&random)
                #expect(object.index(forKey: key) == object.scan(forKey: key), "round \(round), key \(key)")
                guard JSONObject.isSmallASCII(JSONObject.words(key).1) else { continue }
                smallASCIIChecked += 1
                #expect(object.index(forSmallASCII: key) == object.scan(forKey: key), "round \(round), key \(key)")
            }
        }
        // Equal keys in different bytes of the same length are found, as the scan finds them.
        let equivalent: JSONObject = ["x": .null, "\u{1E0B}\u{323}": .null]
        #expect(equivalent.index(forKey: "\u{1E0D}\u{307}") == 1)
        let set = equivalent.setting("\u{1E0D}\u{307}", to: .int(1))
        #expect(set.isIdentical(to: ["x": .null, "\u{1E0B}\u{323}": .int(1)]))
        #expect(equivalent.index(forSmallASCII: "x") == 0 && equivalent.index(forSmallASCII: "y") == nil)
        // The fast path ran (a 64-bit platform's strings), and its answer is the scan's.
        #expect(smallASCIIChecked > 1000 || !JSONObject.stringHasWords)
        #expect(JSONObject.isSmallASCII(JSONObject.words("s0").1) == JSONObject.stringHasWords)
        #expect(!JSONObject.isSmallASCII(JSONObject.words("é").1))
        #expect(!JSONObject.isSmallASCII(JSONObject.words(String(repeating: "x", count: 16)).1))
        #expect(JSONObject.isSmall(JSONObject.words("é").1) == JSONObject.stringHasWords)
        #expect(!JSONObject.isSmall(JSONObject.words(String(repeating: "x", count: 16)).1))
    }

    /// ``JSONObject/appending(key:value:)`` copies small keys by their words: the copy must hold
    /// the same keys (of every kind) as an append on a copy, and outlive the original.
    @Test func appendingCopiesKeysOfEveryKind() {
        var random = SplitMix64(seed: 29)
        for round in 0..<1000 {
            var object = JSONObject()
            for _ in 0..<random.below(JSONObject.indexThreshold * 2) {
                let key = JSONObjectTests.mixedKey(&random)
                if object.scan(forKey: key) == nil { object.append(key: key, value: JSONObjectTests.value(&random)) }
            }
            var newKey = JSONObjectTests.mixedKey(&random)
            while object.index(forKey: newKey) != nil { newKey += "+" }
            var expected = object
            expected.append(key: newKey, value: .int(round))
            var appended = object.appending(key: newKey, value: .int(round))
            object = JSONObject()  // the copy's keys must not depend on the original's storage
            #expect(appended.isIdentical(to: expected), "round \(round)")
            #expect(appended.keys.map { Array($0.utf8) } == expected.keys.map { Array($0.utf8) })
            appended.append(key: newKey + "!", value: .null)
            #expect(appended.count == expected.count + 1 && appended[newKey] == .int(round))
        }
    }
}
