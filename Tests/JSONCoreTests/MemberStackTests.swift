import Testing

@testable import JSONCore

/// Counts the live `Token`s made with it (so a test sees each moved element freed exactly once).
private final class LiveCount: @unchecked Sendable {
    var live = 0
}

/// An element whose life is counted: a stack that copied instead of moving, or dropped or freed
/// an element twice, shows in the count.
private final class Token: Equatable {
    let id: Int
    let count: LiveCount
    init(_ id: Int, _ count: LiveCount) {
        self.id = id
        self.count = count
        count.live += 1
    }
    deinit { count.live -= 1 }
    static func == (a: Token, b: Token) -> Bool { a.id == b.id }
}

@Suite("Member stack")
struct MemberStackTests {
    /// A random JSON value, small enough to make many of.
    private func randomValue(_ random: inout SplitMix64, depth: Int = 0) -> JSONValue {
        switch random.next() % (depth > 2 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(random.next() & 1 == 0)
        case 2: return .number(.int(Int64(truncatingIfNeeded: random.next() % 1000)))
        case 3: return .string(String(repeating: "é-x", count: Int(random.next() % 40)))
        case 4: return .array((0..<Int(random.next() % 4)).map { _ in randomValue(&random, depth: depth + 1) })
        default:
            var object = JSONObject()
            for k in 0..<Int(random.next() % 4) { object["k\(k)"] = randomValue(&random, depth: depth + 1) }
            return .object(object)
        }
    }

    @Test("moving the top of the stack out makes the array appending it one by one makes")
    func moveOutMatchesAppending() {
        var random = SplitMix64(seed: 0x5EED)
        for _ in 0..<400 {
            let values = (0..<Int(random.next() % 40)).map { _ in randomValue(&random) }
            let start = values.isEmpty ? 0 : Int(random.next() % UInt64(values.count + 1))
            var fast = MemberStack<JSONValue>(capacity: Int(random.next() % 3))
            var slow = MemberStack<JSONValue>(capacity: 0)
            for v in values {
                fast.push(v)
                slow.push(v)
            }
            let a = fast.moveOut(from: start)
            let b = slow.moveOutAppending(from: start)
            #expect(a == b)
            #expect(a == Array(values[start...]))
            #expect(fast.count == start && slow.count == start)
            // What stays below is untouched, and the stack goes on being usable.
            for i in 0..<start { #expect(fast[i] == values[i]) }
            fast.push(.null)
            #expect(fast.moveOut(from: start) == [.null])
        }
    }

    @Test("each moved element lives on in the array only, and is freed once")
    func moveOutMovesWithoutCopies() {
        let count = LiveCount()
        var random = SplitMix64(seed: 42)
        for round in 0..<200 {
            let n = Int(random.next() % 50)
            let start = Int(random.next() % UInt64(n + 1))
            do {
                var stack = MemberStack<Token>(capacity: 0)
                for i in 0..<n { stack.push(Token(i, count)) }
                #expect(count.live == n)
                let moved = round % 2 == 0 ? stack.moveOut(from: start) : stack.moveOutAppending(from: start)
                #expect(moved.map(\.id) == Array(start..<n))
                // No copies: every token is either in the array or still on the stack.
                #expect(count.live == n)
            }
            // The array and the stack (its deinit frees what is left) are gone: no token is.
            #expect(count.live == 0)
        }
    }

    @Test("an empty move makes an empty array and leaves the stack as it was")
    func emptyMove() {
        var stack = MemberStack<String>(capacity: 0)
        #expect(stack.moveOut(from: 0).isEmpty)
        stack.push("a")
        stack.push("b")
        #expect(stack.moveOut(from: 2).isEmpty)
        #expect(stack.count == 2)
        #expect(stack.moveOut(from: 0) == ["a", "b"])
    }

    @Test("parsing builds the same trees the members' values describe")
    func parsedContainersMatch() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<300 {
            let value = randomValue(&random)
            let text = JSONWriter().string(value)
            #expect(try JSONParser.parse(text) == value)
        }
    }
}
