import JSONCore

/// The context object of a TestState run: the one given, checked as AWS checks it, or one made up
/// as AWS makes it up (an Express-style execution of a made-up state machine).
enum TestStateContext {
    /// What a member of a given context object may hold.
    private enum Kind {
        case string
        case integer
        case any
    }

    /// The members AWS accepts, by top-level member (`Task` only for callback and `.sync` tasks).
    private static let allowed: [(String, [(String, Kind)])] = [
        (
            "Execution",
            [
                ("Id", .string), ("Input", .any), ("Name", .string), ("RoleArn", .string),
                ("StartTime", .string), ("RedriveCount", .integer), ("RedriveTime", .string),
            ]
        ),
        ("State", [("EnteredTime", .string), ("Name", .string), ("RetryCount", .integer)]),
        ("StateMachine", [("Id", .string), ("Name", .string)]),
        ("Task", [("Token", .string)]),
    ]

    /// AWS's message for a given context object it refuses (nil: accepted). `callbackTask`: the
    /// tested state is a Task with a `.sync` or `.waitForTaskToken` resource.
    static func problem(_ context: JSONValue, callbackTask: Bool) -> String? {
        let prefix = "Invalid Context object provided: "
        // Not recorded: a context that is not an object.
        guard case .object(let top) = context else { return prefix + "Context object must be a JSON object" }
        if top.contains("Map") { return prefix + "'Map' field is not supported when mocking a Context object" }
        if top.contains("Task") && !callbackTask {
            return prefix
                + "Context object contains 'Task' when state is not a Task state with a '.sync' or "
                + "'.waitForTaskToken' service integration pattern"
        }
        for (key, value) in top {
            guard let members = allowed.first(where: { $0.0 == key })?.1 else {
                return prefix + "Field '\(key)' is not allowed"
            }
            // Not recorded: a member that is not an object.
            guard case .object(let inner) = value else { return prefix + "\(key) must be an object" }
            for (name, v) in inner {
                guard let kind = members.first(where: { $0.0 == name })?.1 else {
                    return prefix + "Field '\(name)' is not allowed"
                }
                switch kind {
                case .string where v.stringValue == nil: return prefix + "\(key).\(name) must be a string"
                case .integer where v.intValue == nil: return prefix + "\(key).\(name) must be an integer"
                default: continue
                }
            }
        }
        return nil
    }

    /// The context AWS makes up: an Express execution of a made-up state machine (fresh names on
    /// AWS; here from the simulator's seed), `RoleArn` the request's (null without one), no
    /// `RedriveCount`; the state is called `StateName`.
    static func madeUp(input: JSONValue, roleArn: String?, options: Simulator.Options, start: String)
        -> ExecutionContext
    {
        let random = RandomSource(seed: options.seed)
        let stateMachine = random.uuid()
        let execution = random.uuid()
        let arnPrefix = "arn:\(options.partition):states:\(options.region):\(options.accountId)"
        var e = JSONObject()
        e["Id"] = .string("\(arnPrefix):express:\(stateMachine):\(execution)")
        e["Input"] = input
        e["Name"] = .string(execution)
        e["RoleArn"] = roleArn.map(JSONValue.string) ?? .null
        e["StartTime"] = .string(start)
        return ExecutionContext(
            execution: .object(e),
            stateMachine: ["Id": .string("\(arnPrefix):stateMachine:\(stateMachine)"), "Name": .string(stateMachine)],
            stateName: Simulator.testStateName)
    }
}
