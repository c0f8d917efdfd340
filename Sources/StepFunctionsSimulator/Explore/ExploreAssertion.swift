import JSONCore
import StepFunctionsCompiler

/// A property every explored path must have, such as "ChargeCard never succeeds twice in one
/// execution"; the report gives the shortest path that breaks it.
///
/// ```swift
/// options.assertions = [
///     .maxSuccesses("ChargeCard", 1),
///     ExploreAssertion("no refund without a charge") { path in
///         path.successes(of: "Refund") == 0 || path.successes(of: "ChargeCard") > 0
///     },
/// ]
/// ```
public struct ExploreAssertion: Sendable {
    /// What it asserts, as reports print it.
    public var name: String
    /// Whether a path has the property.
    public var holds: @Sendable (ExplorePath) -> Bool

    /// An assertion given by a closure over the path (its steps, states entered and end).
    public init(_ name: String, holds: @escaping @Sendable (ExplorePath) -> Bool) {
        self.name = name
        self.holds = holds
    }

    /// The task `state`'s side effect happens at most `count` times (a duplicate delivery counts twice).
    public static func maxSuccesses(_ state: String, _ count: Int) -> ExploreAssertion {
        ExploreAssertion("\(state) succeeds at most \(count) time\(count == 1 ? "" : "s")") {
            $0.successes(of: state) <= count
        }
    }

    /// The task `state` is called at most `count` times (retries included).
    public static func maxCalls(_ state: String, _ count: Int) -> ExploreAssertion {
        ExploreAssertion("\(state) is called at most \(count) time\(count == 1 ? "" : "s")") {
            $0.calls(of: state) <= count
        }
    }

    /// No path enters `state`.
    public static func neverEnters(_ state: String) -> ExploreAssertion {
        ExploreAssertion("\(state) is never entered") { !$0.statesEntered.contains(state) }
    }

    /// Every path ends with one of `statuses`.
    public static func endsWith(_ statuses: Set<ExecutionStatus>) -> ExploreAssertion {
        let names = statuses.map(\.rawValue).sorted().joined(separator: " or ")
        return ExploreAssertion("every path ends \(names)") { statuses.contains($0.status) }
    }

    /// Whenever the task `then` succeeds, the task `first` has succeeded before it on the path.
    public static func succeedsBefore(_ first: String, _ then: String) -> ExploreAssertion {
        ExploreAssertion("\(then) succeeds only after \(first) succeeded") { path in
            var seen = false
            for step in path.steps where step.injection.succeeded {
                if step.state == first { seen = true }
                if step.state == then && !seen { return false }
            }
            return true
        }
    }

    /// Reads assertions from JSON rules (`sfn explore --assert FILE`): an object, or an array of
    /// objects, each with one or more of these keys (documented in Docs/Explore.md):
    ///
    /// - `"maxSuccesses": {"ChargeCard": 1}`: ``maxSuccesses(_:_:)`` for each state;
    /// - `"maxCalls": {"ChargeCard": 3}`: ``maxCalls(_:_:)``;
    /// - `"neverEnters": ["Refund"]`: ``neverEnters(_:)``;
    /// - `"endsWith": ["SUCCEEDED"]`: ``endsWith(_:)``;
    /// - `"succeedsBefore": {"ChargeCard": "ShipOrder"}`: the key succeeds before the value does.
    ///
    /// `states`, when given, are the state names a rule may name (a typo is an error, not an
    /// assertion that always holds).
    /// - Throws: ``ExploreRuleError`` naming the rule and what is wrong.
    public static func rules(_ json: JSONValue, states: Set<String>? = nil) throws(ExploreRuleError)
        -> [ExploreAssertion]
    {
        let objects: [(String, JSONObject)]
        switch json {
        case .object(let o): objects = [("$", o)]
        case .array(let a):
            var list: [(String, JSONObject)] = []
            for (i, v) in a.enumerated() {
                guard case .object(let o) = v else {
                    throw ExploreRuleError("$[\(i)]", "a rule is an object, not \(v.typeName)")
                }
                list.append(("$[\(i)]", o))
            }
            objects = list
        default: throw ExploreRuleError("$", "rules are an object or an array of objects, not \(json.typeName)")
        }
        func state(_ name: String, _ at: String) throws(ExploreRuleError) -> String {
            if let states, !states.contains(name) {
                let near = Suggestions.closest(to: name, in: states.sorted())
                throw ExploreRuleError(
                    at, "no state is named '\(name)'" + (near.map { "; did you mean '\($0)'?" } ?? ""))
            }
            return name
        }
        func counts(_ v: JSONValue, _ at: String) throws(ExploreRuleError) -> [(String, Int)] {
            guard case .object(let o) = v else { throw ExploreRuleError(at, "expected an object of state: count") }
            var out: [(String, Int)] = []
            for (k, n) in o {
                guard let c = n.intValue, c >= 0 else {
                    throw ExploreRuleError("\(at).\(k)", "expected a count (a non-negative integer), not \(n)")
                }
                out.append((try state(k, "\(at).\(k)"), c))
            }
            return out
        }
        var out: [ExploreAssertion] = []
        for (at, object) in objects {
            if object.isEmpty { throw ExploreRuleError(at, "an empty rule asserts nothing") }
            for (key, value) in object {
                let here = "\(at).\(key)"
                switch key {
                case "maxSuccesses": out += try counts(value, here).map { maxSuccesses($0.0, $0.1) }
                case "maxCalls": out += try counts(value, here).map { maxCalls($0.0, $0.1) }
                case "neverEnters":
                    guard case .array(let names) = value else {
                        throw ExploreRuleError(here, "expected an array of state names")
                    }
                    for (i, n) in names.enumerated() {
                        guard let s = n.stringValue else {
                            throw ExploreRuleError("\(here)[\(i)]", "expected a state name, not \(n.typeName)")
                        }
                        out.append(neverEnters(try state(s, "\(here)[\(i)]")))
                    }
                case "endsWith":
                    guard case .array(let names) = value, !names.isEmpty else {
                        throw ExploreRuleError(here, "expected a non-empty array of statuses")
                    }
                    var statuses: Set<ExecutionStatus> = []
                    for (i, n) in names.enumerated() {
                        guard let s = n.stringValue.flatMap(ExecutionStatus.init(rawValue:)) else {
                            throw ExploreRuleError(
                                "\(here)[\(i)]", "expected SUCCEEDED, FAILED, TIMED_OUT, RUNNING or ABORTED, not \(n)")
                        }
                        statuses.insert(s)
                    }
                    out.append(endsWith(statuses))
                case "succeedsBefore":
                    guard case .object(let pairs) = value else {
                        throw ExploreRuleError(here, "expected an object of first: then state names")
                    }
                    for (first, then) in pairs {
                        guard let t = then.stringValue else {
                            throw ExploreRuleError("\(here).\(first)", "expected a state name, not \(then.typeName)")
                        }
                        out.append(
                            succeedsBefore(try state(first, "\(here).\(first)"), try state(t, "\(here).\(first)")))
                    }
                default:
                    let known = ["maxSuccesses", "maxCalls", "neverEnters", "endsWith", "succeedsBefore"]
                    let near = Suggestions.closest(to: key, in: known)
                    throw ExploreRuleError(
                        here,
                        "unknown rule '\(key)' (rules: \(known.joined(separator: ", ")))"
                            + (near.map { "; did you mean '\($0)'?" } ?? ""))
                }
            }
        }
        return out
    }
}

/// A mistake in explore's JSON rules.
public struct ExploreRuleError: Error, Sendable, CustomStringConvertible {
    /// Where in the rules (`$[0].maxSuccesses.ChargeCard`).
    public var path: String
    /// What is wrong.
    public var message: String

    init(_ path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}
