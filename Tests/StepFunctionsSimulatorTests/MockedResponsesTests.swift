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
                response = one.byState[name]![hi]
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
            case (.success(let e), .success(let a)): #expect(e == a, "\(calls)")
            case (.failure(let e), .failure(let a)): #expect(e == a, "\(calls)")
            default: Issue.record("\(calls): \(expected) vs \(actual)")
            }
        }
    }
}
