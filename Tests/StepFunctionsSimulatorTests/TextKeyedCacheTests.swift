import JSONCore
import StepFunctionsCompiler
import StepFunctionsSimulator
import Testing

@Suite struct TextKeyedCacheTests {
    /// A value whose identity shows whether it was shared.
    final class Box: Sendable {
        let text: String
        init(_ text: String) { self.text = text }
    }

    @Test func buildsOncePerKeyAndSharesTheValue() {
        let cache = TextKeyedCache<Box>(capacity: 4, byteCapacity: 1_000)
        var built = 0
        let first = cache.value(for: "a") {
            built += 1
            return Box("a")
        }
        let second = cache.value(for: "a") {
            built += 1
            return Box("a")
        }
        #expect(built == 1)
        #expect(first === second)
    }

    @Test func theOldestGoFirstPastEitherBound() {
        let cache = TextKeyedCache<Box>(capacity: 3, byteCapacity: 10)
        for key in ["k1", "k2", "k3", "k4"] { _ = cache.value(for: key) { Box(key) } }
        #expect(cache.count == 3)
        var rebuilt: [String] = []
        for key in ["k1", "k4"] {
            _ = cache.value(for: key) {
                rebuilt.append(key)
                return Box(key)
            }
        }
        #expect(rebuilt == ["k1"])
        // Ten bytes of keys: a 7-byte key pushes out the oldest until the rest fit (k3, then k4).
        _ = cache.value(for: "sevense") { Box("sevense") }
        #expect(cache.count == 2)
        // A key longer than the byte bound is built every time and never kept.
        var big = 0
        for _ in 0..<2 {
            _ = cache.value(for: String(repeating: "x", count: 11)) {
                big += 1
                return Box("big")
            }
        }
        #expect(big == 2)
        #expect(cache.count == 2)
        cache.removeAll()
        #expect(cache.count == 0)
    }

    @Test func theEntryLastAskedForIsForgottenWithIt() {
        // The cache answers the key it answered last without hashing it; once that entry is pushed
        // out, the key is built again like any other.
        let cache = TextKeyedCache<Box>(capacity: 2, byteCapacity: 1_000)
        var built: [String] = []
        for key in ["a", "b", "a", "a", "c", "a", "b"] {
            _ = cache.value(for: key) {
                built.append(key)
                return Box(key)
            }
        }
        #expect(built == ["a", "b", "c", "a", "b"])
    }

    @Test func concurrentCallersGetOneValue() async {
        let cache = TextKeyedCache<Box>(capacity: 8, byteCapacity: 1_000)
        let boxes = await withTaskGroup(of: Box.self) { group in
            for _ in 0..<16 { group.addTask { cache.value(for: "shared") { Box("shared") } } }
            return await group.reduce(into: [Box]()) { $0.append($1) }
        }
        // Two callers may build at once; the first value stored is the one every caller gets.
        let kept = cache.value(for: "shared") { Box("late") }
        #expect(kept.text == "shared")
        #expect(boxes.count == 16 && boxes.allSatisfy { $0 === kept })
    }

    /// Random look-ups of long texts that differ in one byte (or not at all, as separate strings)
    /// get the value built for their own text, as a dictionary keyed by the text says: the check
    /// against the entry last asked for, and the byte hash, never mix two texts up.
    @Test func textsDifferingInOneByteGetTheirOwnValues() {
        var random = SplitMix64(seed: 5)
        let base = String(repeating: "definition-text-", count: 50)
        var model: [String: Int] = [:]
        let cache = TextKeyedCache<Int>(capacity: 10_000, byteCapacity: 1 << 24)
        var built = 0
        for _ in 0..<3_000 {
            var bytes = Array(base.utf8)
            if random.below(4) != 0 {
                bytes[random.below(bytes.count)] = UInt8(ascii: "a") + UInt8(random.below(3))
            }
            if random.below(5) == 0 { bytes.removeLast(random.below(3)) }
            let text = String(decoding: bytes, as: UTF8.self)
            let value = cache.value(for: text) {
                built += 1
                return built
            }
            if let known = model[text] { #expect(value == known) } else { model[text] = value }
        }
        #expect(built == model.count)
    }

    @Test func simulatorsFromOneTextRunAlike() async throws {
        let text = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"n": 1}, "End": true}}}"#
        let one = try Simulator(aslJSON: text)
        let two = try Simulator(aslJSON: text)
        #expect(one.definition == two.definition)
        #expect(await one.run(input: [:]).output == ["n": 1])
        #expect(await two.run(input: [:]).output == ["n": 1])
        #expect(throws: ValidationFailure.self) { try Simulator(aslJSON: #"{"StartAt": "X", "States": {}}"#) }
        #expect(throws: ValidationFailure.self) { try Simulator(aslJSON: #"{"StartAt": "X", "States": {}}"#) }
    }
}
