import JSONCore
import StepFunctionsSimulator
import Testing

@Suite struct MockedResponsesTests {
    /// The reading of one mocked state's calls as it was written first (a table of call numbers),
    /// kept here to hold the reading to: each key's body read with the reader itself.
    static func reference(_ calls: JSONObject, name: String) -> Result<[MockResponse], MockConfigurationError> {
        var slots: [Int: MockResponse] = [:]
        for (key, body) in calls {
            let bounds =
                Int(key).map { [$0] } ?? key.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard bounds.count == 1 || bounds.count == 2, let lo = bounds[0], let hi = bounds.last ?? nil, lo >= 0,
                hi >= lo
            else {
                return .failure(
                    MockConfigurationError(
                        "mocked response '\(name)' has an invalid call key '\(key)'; use \"0\" or \"1-2\""))
            }
            let response: MockResponse
            do {
                // The body alone, under the same state name and key (its errors name both); calls
                // before `lo` answered by a filler after it, so that only the body can fail.
                var alone: JSONObject = [key: body]
                if lo > 0 { alone["0"] = ["Return": .null] }
                let one = try MockedResponses(json: [name: .object(alone)])
                response = one.response(state: name, call: hi)!
            } catch {
                return .failure(error)
            }
            for i in lo...hi { slots[i] = response }
        }
        guard let maxIndex = slots.keys.max() else { return .success([]) }
        var list: [MockResponse] = []
        var last: MockResponse?
        for i in 0...maxIndex {
            guard let r = slots[i] ?? last else {
                return .failure(MockConfigurationError("mocked response '\(name)' has no answer for call \(i)"))
            }
            list.append(r)
            last = r
        }
        return .success(list)
    }

    /// Random call tables (single numbers, ranges, overlapping and out-of-order keys, gaps, invalid
    /// keys and bodies, call numbers past the array's reach) read as the table reading reads them:
    /// the same responses, or the same error.
    @Test func randomCallTablesReadAsTheTableReadingReadsThem() {
        var random = SplitMix64(seed: 9)
        for round in 0..<3_000 {
            var calls = JSONObject()
            let far = round % 50 == 0
            for _ in 0..<random.below(6) {
                let lo = random.below(far ? 5_000 : 6)
                let key: String
                switch random.below(10) {
                case 0: key = "\(lo)-\(lo + random.below(far ? 200 : 4))"
                case 1: key = ["x", "-1", "3-1", "1-2-3", "", "-", "01", "+2", " 1"][random.below(9)]
                case 2: key = "\(lo + 2)-\(lo)"
                default: key = "\(lo)"
                }
                let body: JSONValue
                switch random.below(12) {
                case 0: body = ["Throw": ["Error": .string("E\(random.below(3))"), "Cause": "c"]]
                case 1: body = ["Return": 1, "Throw": ["Error": "E"]]
                case 2: body = [:]
                case 3: body = ["Return": .int(random.below(9)), "Submitted": ["s": true]]
                case 4: body = 7
                default: body = ["Return": ["n": .int(random.below(100))]]
                }
                calls[key] = body
            }
            let expected = Self.reference(calls, name: "S")
            let actual = Result { () throws(MockConfigurationError) -> [MockResponse] in
                try MockedResponses(json: ["S": .object(calls)]).byState["S"] ?? []
            }
            switch (expected, actual) {
            case (.success(let e), .success(let a)):
                // The same answer for every call (a call past a list repeats its last answer).
                #expect(e.isEmpty == a.isEmpty, "\(calls)")
                for i in 0..<(e.count + 3) where !e.isEmpty && !a.isEmpty {
                    #expect(e[min(i, e.count - 1)] == a[min(i, a.count - 1)], "\(calls), call \(i)")
                }
            case (.failure(let e), .failure(let a)): #expect(e == a, "\(calls)")
            default: Issue.record("\(calls): \(expected) vs \(actual)")
            }
        }
    }

    /// A range reaching far (a key such as "0-999999999999") is read at once, into a list that
    /// ends where the answer last changes, and answers every call as the range says.
    @Test func farRangesAreReadWithoutSpellingOutEveryCall() throws {
        let a: JSONValue = ["Return": "a"]
        let b: JSONValue = ["Return": "b"]
        let one = try MockedResponses(json: ["S": ["0-999999999999": a]])
        #expect(one.byState["S"]?.count == 1)
        #expect(one.response(state: "S", call: 123_456_789)?.outcome == .return("a"))
        let inner = try MockedResponses(json: ["S": ["0-999999999999": a, "5": b]])
        #expect(inner.byState["S"]?.count == 7)
        #expect(inner.response(state: "S", call: 4)?.outcome == .return("a"))
        #expect(inner.response(state: "S", call: 5)?.outcome == .return("b"))
        #expect(inner.response(state: "S", call: 6)?.outcome == .return("a"))
        #expect(inner.response(state: "S", call: 1 << 40)?.outcome == .return("a"))
        let top = try MockedResponses(json: ["S": ["0": a, "1-9223372036854775807": b]])
        #expect(top.response(state: "S", call: Int.max)?.outcome == .return("b"))
        #expect(throws: MockConfigurationError.self) {
            try MockedResponses(json: ["S": ["0-999999999999": a, "999999999990": b]])
        }
    }
}
