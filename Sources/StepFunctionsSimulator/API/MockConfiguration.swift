import JSONCore

/// One mocked answer: `{"Return": value}` or `{"Throw": {"Error": ..., "Cause": ...}}`, as in Step
/// Functions Local's mock configuration files.
///
/// For `.sync` and `.waitForTaskToken` tasks a response may also say what the service answered when
/// the task was submitted (`"Submitted": value`, an extension of the file format), which the
/// `TaskSubmitted` history event shows.
public struct MockResponse: Sendable, Hashable {
    /// What the call produced.
    public enum Outcome: Sendable, Hashable {
        /// The service's response (for `lambda:invoke`, the whole Invoke response with `Payload`).
        case `return`(JSONValue)
        /// A failure with this error name and cause (either may be absent).
        case `throw`(error: String?, cause: String?)
    }

    /// What the call produced.
    public var outcome: Outcome
    /// The service's answer at submission (`TaskSubmitted`'s output), for `.sync` and `.waitForTaskToken`
    /// tasks; nil: the simulator's default.
    public var submitted: JSONValue?

    /// Creates a response.
    public init(_ outcome: Outcome, submitted: JSONValue? = nil) {
        self.outcome = outcome
        self.submitted = submitted
    }

    /// The service's response.
    public static func `return`(_ value: JSONValue) -> MockResponse { MockResponse(.return(value)) }

    /// A failure with this error name and cause.
    public static func `throw`(error: String?, cause: String?) -> MockResponse {
        MockResponse(.throw(error: error, cause: cause))
    }
}

/// The mocked answers of one test case, by state name, each numbered by call (`"0"`, `"1-2"`).
public struct MockedResponses: Sendable, Hashable {
    /// For each state, the responses in call order; a call past the end repeats the last one.
    public var byState: [String: [MockResponse]]

    /// Creates responses from lists per state.
    public init(_ byState: [String: [MockResponse]] = [:]) { self.byState = byState }

    /// Reads `{"State": {"0": {"Return": ...}, "1-2": {"Throw": ...}}}`.
    public init(json: JSONValue) throws(MockConfigurationError) {
        guard case .object(let states) = json else {
            throw MockConfigurationError("the mocked responses must be an object")
        }
        var out = [String: [MockResponse]](minimumCapacity: states.count)
        for (state, value) in states { out[state] = try MockedResponses.calls(value, name: state) }
        byState = out
    }

    /// Parses one response's calls: keys `"N"` or `"N-M"`, values `Return`/`Throw`.
    static func calls(_ value: JSONValue, name: String) throws(MockConfigurationError) -> [MockResponse] {
        guard case .object(let calls) = value else {
            throw MockConfigurationError("mocked response '\(name)' must be an object keyed by call numbers")
        }
        // One answer for the first call (most mocked states): no table of call numbers.
        if calls.count == 1, calls[position: 0].key == "0" {
            return [try parse(calls[position: 0].value, where: "\(name).0")]
        }
        var keys: [(lo: Int, hi: Int, response: MockResponse)] = []
        keys.reserveCapacity(calls.count)
        for (key, body) in calls {
            // A single call number (most keys) is read without splitting the key.
            let bounds =
                Int(key).map { [$0] } ?? key.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard bounds.count == 1 || bounds.count == 2, let lo = bounds[0], let hi = bounds.last ?? nil, lo >= 0,
                hi >= lo
            else {
                throw MockConfigurationError(
                    "mocked response '\(name)' has an invalid call key '\(key)'; use \"0\" or \"1-2\"")
            }
            keys.append((lo, hi, try parse(body, where: "\(name).\(key)")))
        }
        guard !keys.isEmpty else { return [] }
        // Which key answers call `i`: the last one, in the file's order, whose range holds it.
        func answering(_ i: Int) -> Int? { keys.lastIndex { $0.lo <= i && i <= $0.hi } }
        guard answering(0) != nil else {
            throw MockConfigurationError("mocked response '\(name)' has no answer for call 0")
        }
        // A call past the list repeats its last answer, so the list ends where the answer last
        // changes: a key such as "0-999999999" is one entry, not a billion. The answer can change
        // only where a range starts or just after one ends.
        var points = Set<Int>()
        for k in keys {
            points.insert(k.lo)
            if k.hi < Int.max { points.insert(k.hi + 1) }
        }
        var end = 0
        var current: Int?
        for point in points.sorted() {
            guard let key = answering(point), key != current else { continue }
            current = key
            end = point
        }
        guard end < maximumCallNumbers else {
            throw MockConfigurationError(
                "mocked response '\(name)' changes its answer at call \(end); answers can change only up to call "
                    + "\(maximumCallNumbers - 1)")
        }
        var list = [MockResponse?](repeating: nil, count: end + 1)
        for k in keys where k.lo <= end {
            for i in k.lo...min(k.hi, end) { list[i] = k.response }
        }
        // Call 0 has an answer; a call no key names repeats the one before it.
        var out: [MockResponse] = []
        out.reserveCapacity(list.count)
        for r in list {
            if let r { out.append(r) } else if let last = out.last { out.append(last) }
        }
        return out
    }

    /// How many calls of one state can have answers of their own (an execution calls a state far
    /// fewer times): bounds the list a mock file's call ranges are read into.
    static let maximumCallNumbers = 1_000_000

    static func parse(_ body: JSONValue, where location: @autoclosure () -> String) throws(MockConfigurationError)
        -> MockResponse
    {
        guard case .object(let o) = body else {
            throw MockConfigurationError("\(location()) must be an object with Return or Throw")
        }
        for key in o.keys where key != "Return" && key != "Throw" && key != "Submitted" {
            throw MockConfigurationError(
                "\(location()) has '\(key)'; a mocked response has 'Return' or 'Throw' (and optionally 'Submitted')")
        }
        let outcome: MockResponse.Outcome
        switch (o["Return"], o["Throw"]) {
        case (let r?, nil): outcome = .return(r)
        case (nil, let t?):
            guard case .object(let e) = t else { throw MockConfigurationError("\(location()).Throw must be an object") }
            for key in e.keys where key != "Error" && key != "Cause" {
                throw MockConfigurationError("\(location()).Throw has '\(key)'; it takes 'Error' and 'Cause'")
            }
            for key in ["Error", "Cause"] {
                if let v = e[key], v.stringValue == nil, !v.isNull {
                    throw MockConfigurationError("\(location()).Throw.\(key) must be a string")
                }
            }
            outcome = .throw(error: e["Error"]?.stringValue, cause: e["Cause"]?.stringValue)
        case (_?, _?):
            throw MockConfigurationError("\(location()) has both Return and Throw; a response is one or the other")
        case (nil, nil): throw MockConfigurationError("\(location()) has neither Return nor Throw")
        }
        return MockResponse(outcome, submitted: o["Submitted"])
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
        do { json = try JSONParser.parse(text) } catch {
            throw MockConfigurationError("the mock configuration is not JSON: \(error)")
        }
        try self.init(json: json)
    }

    /// Reads the file's parsed JSON.
    public init(json: JSONValue) throws(MockConfigurationError) {
        guard case .object(let root) = json else {
            throw MockConfigurationError("the mock configuration must be an object")
        }
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
                        throw MockConfigurationError(
                            "StateMachines.\(name).TestCases.\(caseName) must map state names to responses")
                    }
                    var states: [String: String] = [:]
                    for (state, response) in m {
                        guard let r = response.stringValue else {
                            throw MockConfigurationError(
                                "StateMachines.\(name).TestCases.\(caseName).\(state) must name a mocked response")
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

    /// The responses of a test case, found by name in `stateMachine`, or, when none is given, in
    /// the one state machine that defines it: a test case that several state machines define, or
    /// that only another state machine defines, is an error (never a silent pick).
    public func responses(testCase: String, stateMachine: String? = nil) throws(MockConfigurationError)
        -> MockedResponses
    {
        let owners = stateMachines.keys.sorted().filter { stateMachines[$0]?[testCase] != nil }
        let mapping: [String: String]
        if let stateMachine {
            guard let found = stateMachines[stateMachine]?[testCase] else {
                var message = "no test case '\(testCase)' in state machine '\(stateMachine)'"
                if let cases = stateMachines[stateMachine] {
                    message += "; its test cases: \(cases.keys.sorted().joined(separator: ", "))"
                } else {
                    message +=
                        "; the configuration has no state machine of that name (it has "
                        + "\(stateMachines.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")))"
                }
                if !owners.isEmpty {
                    message += "; '\(testCase)' is a test case of \(owners.map { "'\($0)'" }.joined(separator: ", "))"
                }
                throw MockConfigurationError(message)
            }
            mapping = found
        } else {
            guard let owner = owners.first else {
                let known = stateMachines.values.flatMap(\.keys).sorted()
                throw MockConfigurationError("no test case '\(testCase)'; known: \(known.joined(separator: ", "))")
            }
            guard owners.count == 1 else {
                throw MockConfigurationError(
                    "test case '\(testCase)' is defined by state machines "
                        + "\(owners.map { "'\($0)'" }.joined(separator: " and ")); name the state machine")
            }
            mapping = stateMachines[owner]?[testCase] ?? [:]
        }
        var out: [String: [MockResponse]] = [:]
        for (state, responseName) in mapping {
            guard let r = mockedResponses[responseName] else {
                throw MockConfigurationError(
                    "test case '\(testCase)' maps state '\(state)' to '\(responseName)', which MockedResponses does not define"
                )
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
