import JSONCore

/// One mocked answer: `{"Return": value}` or `{"Throw": {"Error": ..., "Cause": ...}}`.
public enum MockResponse: Sendable, Hashable {
    /// The service's response (for `lambda:invoke`, the whole Invoke response with `Payload`).
    case `return`(JSONValue)
    /// A failure with this error name and cause (either may be absent).
    case `throw`(error: String?, cause: String?)
}

/// The mocked answers of one test case, by state name, each numbered by call (`"0"`, `"1-2"`).
public struct MockedResponses: Sendable, Hashable {
    /// For each state, the responses in call order; a call past the end repeats the last one.
    public var byState: [String: [MockResponse]]

    /// Creates responses from lists per state.
    public init(_ byState: [String: [MockResponse]] = [:]) { self.byState = byState }

    /// Reads `{"State": {"0": {"Return": ...}, "1-2": {"Throw": ...}}}`.
    public init(json: JSONValue) throws(MockConfigurationError) {
        guard case .object(let states) = json else { throw MockConfigurationError("the mocked responses must be an object") }
        var out: [String: [MockResponse]] = [:]
        for (state, value) in states { out[state] = try MockedResponses.calls(value, name: state) }
        byState = out
    }

    /// Parses one response's calls: keys `"N"` or `"N-M"`, values `Return`/`Throw`.
    static func calls(_ value: JSONValue, name: String) throws(MockConfigurationError) -> [MockResponse] {
        guard case .object(let calls) = value else {
            throw MockConfigurationError("mocked response '\(name)' must be an object keyed by call numbers")
        }
        var slots: [Int: MockResponse] = [:]
        for (key, body) in calls {
            let bounds = key.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard (bounds.count == 1 || bounds.count == 2), let lo = bounds[0], let hi = bounds.last ?? nil, lo >= 0, hi >= lo
            else { throw MockConfigurationError("mocked response '\(name)' has an invalid call key '\(key)'; use \"0\" or \"1-2\"") }
            let response = try parse(body, where: "\(name).\(key)")
            for i in lo...hi { slots[i] = response }
        }
        guard let maxIndex = slots.keys.max() else { return [] }
        var list: [MockResponse] = []
        var last: MockResponse?
        for i in 0...maxIndex {
            guard let r = slots[i] ?? last else {
                throw MockConfigurationError("mocked response '\(name)' has no answer for call \(i)")
            }
            list.append(r)
            last = r
        }
        return list
    }

    static func parse(_ body: JSONValue, where location: String) throws(MockConfigurationError) -> MockResponse {
        guard case .object(let o) = body else { throw MockConfigurationError("\(location) must be an object with Return or Throw") }
        if let r = o["Return"] { return .return(r) }
        if let t = o["Throw"] {
            guard case .object(let e) = t else { throw MockConfigurationError("\(location).Throw must be an object") }
            return .throw(error: e["Error"]?.stringValue, cause: e["Cause"]?.stringValue)
        }
        throw MockConfigurationError("\(location) has neither Return nor Throw")
    }

    /// The response for call number `index` of `state`, or `nil` when the state is not mocked.
    public func response(state: String, call index: Int) -> MockResponse? {
        guard let list = byState[state], !list.isEmpty else { return nil }
        return list[min(index, list.count - 1)]
    }
}

/// A Step Functions Local mock configuration file (`StateMachines`, `TestCases`, `MockedResponses`).
public struct MockConfiguration: Sendable, Hashable {
    /// Test cases per state machine: test case name → (state name → mocked response name).
    public var stateMachines: [String: [String: [String: String]]]
    /// The named responses.
    public var mockedResponses: [String: [MockResponse]]

    /// Reads the file's JSON text as-is.
    public init(text: String) throws(MockConfigurationError) {
        let json: JSONValue
        do { json = try JSONParser.parse(text) } catch { throw MockConfigurationError("the mock configuration is not JSON: \(error)") }
        try self.init(json: json)
    }

    /// Reads the file's parsed JSON.
    public init(json: JSONValue) throws(MockConfigurationError) {
        guard case .object(let root) = json else { throw MockConfigurationError("the mock configuration must be an object") }
        var machines: [String: [String: [String: String]]] = [:]
        if let sm = root["StateMachines"] {
            guard case .object(let smo) = sm else { throw MockConfigurationError("StateMachines must be an object") }
            for (name, body) in smo {
                guard case .object(let b) = body, case .object(let cases)? = b["TestCases"] else {
                    throw MockConfigurationError("StateMachines.\(name) needs a TestCases object")
                }
                var out: [String: [String: String]] = [:]
                for (caseName, mapping) in cases {
                    guard case .object(let m) = mapping else {
                        throw MockConfigurationError("StateMachines.\(name).TestCases.\(caseName) must map state names to responses")
                    }
                    var states: [String: String] = [:]
                    for (state, response) in m {
                        guard let r = response.stringValue else {
                            throw MockConfigurationError("StateMachines.\(name).TestCases.\(caseName).\(state) must name a mocked response")
                        }
                        states[state] = r
                    }
                    out[caseName] = states
                }
                machines[name] = out
            }
        }
        var responses: [String: [MockResponse]] = [:]
        if let mr = root["MockedResponses"] {
            guard case .object(let mro) = mr else { throw MockConfigurationError("MockedResponses must be an object") }
            for (name, body) in mro { responses[name] = try MockedResponses.calls(body, name: name) }
        }
        stateMachines = machines
        mockedResponses = responses
    }

    /// The responses of a test case, found by name (in `stateMachine` when given).
    public func responses(testCase: String, stateMachine: String? = nil) throws(MockConfigurationError) -> MockedResponses {
        var found: [String: String]?
        for name in stateMachines.keys.sorted() where stateMachine == nil || stateMachine == name {
            if let c = stateMachines[name]?[testCase] {
                found = c
                break
            }
        }
        guard let mapping = found else {
            let known = stateMachines.values.flatMap(\.keys).sorted()
            throw MockConfigurationError(
                "no test case '\(testCase)'\(stateMachine.map { " in state machine '\($0)'" } ?? ""); known: \(known.joined(separator: ", "))")
        }
        var out: [String: [MockResponse]] = [:]
        for (state, responseName) in mapping {
            guard let r = mockedResponses[responseName] else {
                throw MockConfigurationError("test case '\(testCase)' maps state '\(state)' to '\(responseName)', which MockedResponses does not define")
            }
            out[state] = r
        }
        return MockedResponses(out)
    }
}

/// A mock configuration that cannot be used, with what is wrong.
public struct MockConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
