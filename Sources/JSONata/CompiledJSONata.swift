import JSONCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A JSONata expression compiled once and evaluated many times.
///
/// ```swift
/// let price = try CompiledJSONata("$states.input.order.items[0].price")
/// let value = try price.evaluate(nil, bindings: ["states": states])
/// ```
public struct CompiledJSONata: Sendable {
    /// The expression text.
    public let source: String
    let tree: CompiledTree

    /// Parses `source`; syntax errors are `S0xxx` errors with the position jsonata-js reports.
    public init(_ source: String) throws(JSONataError) {
        self.source = source
        self.tree = CompiledTree(root: try Parser.parse(source))
    }

    /// Evaluates the expression.
    ///
    /// - Parameters:
    ///   - input: the input document (`$`); nil means *undefined* (no input).
    ///   - bindings: variables, each `key` bound as `$key`.
    ///   - environment: the function library (``JSONataEnvironment/standard`` or ``JSONataEnvironment/stepFunctions``).
    ///   - options: depth, stack and time limits, the clock and the random seed.
    /// - Returns: the result, or nil when the result is undefined (or a function, which JSON cannot hold).
    public func evaluate(
        _ input: JSONValue?, bindings: [String: JSONValue] = [:],
        environment: JSONataEnvironment = .standard,
        options: JSONataOptions = JSONataOptions()
    ) throws(JSONataError) -> JSONValue? {
        switch try evaluateResult(input, bindings: bindings, environment: environment, options: options) {
        case .value(let v): return v
        case .undefined, .function: return nil
        }
    }

    /// Evaluates the expression and tells undefined apart from a function result, which AWS
    /// reports differently ("returned nothing (undefined)" and "returned an unsupported result
    /// type"). Parameters as for ``evaluate(_:bindings:environment:options:)``.
    public func evaluateResult(
        _ input: JSONValue?, bindings: [String: JSONValue] = [:],
        environment: JSONataEnvironment = .standard,
        options: JSONataOptions = JSONataOptions()
    ) throws(JSONataError) -> JSONataResult {
        try evaluateValue(input, bindings: bindings, environment: environment, options: options) {
            (result: Value, evaluator: Evaluator) throws(JSONataError) -> JSONataResult in
            switch result {
            case .undefined: return .undefined
            case .function, .builtin: return .function
            default:
                guard let json = try result.toJSON(evaluator.guardian) else { return .undefined }
                return .value(json)
            }
        }
    }

    /// Evaluates and hands the raw result to `finish`; the frames closures may cycle through are
    /// released afterwards (see ``Evaluator/releaseFrames()``), whether evaluation succeeds or fails.
    func evaluateValue<T>(
        _ input: JSONValue?, bindings: [String: JSONValue], environment: JSONataEnvironment,
        options: JSONataOptions, _ finish: (Value, Evaluator) throws(JSONataError) -> T
    ) throws(JSONataError) -> T {
        let evaluator = Evaluator(options: options)
        defer { evaluator.releaseFrames() }
        let top = Frame(functions: environment.registry)
        top.names.reserveCapacity(bindings.count + 1)
        top.values.reserveCapacity(bindings.count + 1)
        for (key, value) in bindings {
            top.names.append(key)
            top.values.append(Value(value))
        }
        if !bindings.isEmpty { top.depth = 1 }
        var inputValue: Value = input.map(Value.init) ?? .undefined
        top.bind("$", inputValue)
        if case .jarray = inputValue { inputValue = .array([inputValue], [.sequence, .outerWrapper]) }
        return try finish(try evaluator.eval(tree.root, inputValue, top), evaluator)
    }
}

/// The outcome of an evaluation: a JSON value, *undefined*, or a function (which JSON cannot hold).
public enum JSONataResult: Sendable, Equatable {
    /// A JSON value (functions nested inside are dropped or become `null`, as `JSON.stringify` does).
    case value(JSONValue)
    /// No value.
    case undefined
    /// The expression evaluated to a function.
    case function

    /// The JSON value, or nil.
    public var json: JSONValue? {
        if case .value(let v) = self { return v }
        return nil
    }
}

/// The processed syntax tree of a compiled expression.
///
/// `@unchecked Sendable` is safe: the parser builds and links every node before this box is
/// created, and nothing changes a node afterwards; evaluation only reads the tree.
final class CompiledTree: @unchecked Sendable {
    let root: Node
    init(root: Node) { self.root = root }
}

/// Limits and the deterministic sources (clock, random numbers) of one evaluation.
public struct JSONataOptions: Sendable {
    /// The deepest nesting of evaluation steps allowed (each AST node evaluated inside another
    /// counts one, as jsonata-js's test harness counts); deeper evaluation fails with `U1001`.
    public var maxDepth: Int
    /// The stack the evaluator may use, in bytes; beyond it evaluation fails with `U1001`
    /// instead of overflowing the thread's stack (Swift Concurrency threads have about 512 KB).
    public var maxStackBytes: Int
    /// The wall-clock limit of one evaluation; past it evaluation fails with `U1001`. nil = none.
    public var timeLimit: Duration?
    /// A fixed "now" in milliseconds since the epoch for `$now()` and `$millis()`; nil = the real clock.
    public var now: Int64?
    /// The seed of `$random()`, `$shuffle()` and `$uuid()`; nil = the system's random source.
    public var randomSeed: UInt64?
    /// The most values the arrays and sequences built by one evaluation may hold in total
    /// (50 million, about 1.6 GB); beyond it evaluation fails with `U1001` instead of exhausting memory.
    public var maxValues: Int
    /// The most string bytes (UTF-8) the string-building operations of one evaluation may
    /// produce in total (`&`, `$string`, `$join`, `$pad`, `$replace`, ...; 1 GiB by default);
    /// beyond it evaluation fails with `U1001`. A single string longer than JavaScript's limit
    /// (2^29 − 24 UTF-16 code units) fails as jsonata-js does, with `RangeError` "Invalid string length".
    public var maxStringBytes: Int

    /// Creates options; the defaults are a depth of 1,000, 256 KB of stack, 10 seconds, 50 million
    /// values and 1 GiB of built strings.
    public init(
        maxDepth: Int = 1000, maxStackBytes: Int = 256 * 1024, timeLimit: Duration? = .seconds(10),
        now: Int64? = nil, randomSeed: UInt64? = nil, maxValues: Int = 50_000_000,
        maxStringBytes: Int = 1 << 30
    ) {
        self.maxValues = maxValues
        self.maxStringBytes = maxStringBytes
        self.maxDepth = maxDepth
        self.maxStackBytes = maxStackBytes
        self.timeLimit = timeLimit
        self.now = now
        self.randomSeed = randomSeed
    }

    /// A copy with a different depth limit.
    public func maxDepth(_ value: Int) -> JSONataOptions {
        var copy = self
        copy.maxDepth = value
        return copy
    }

    /// A copy with a different time limit.
    public func timeLimit(_ value: Duration?) -> JSONataOptions {
        var copy = self
        copy.timeLimit = value
        return copy
    }

    /// A copy with a fixed clock.
    public func now(_ millis: Int64?) -> JSONataOptions {
        var copy = self
        copy.now = millis
        return copy
    }

    /// A copy with a random seed.
    public func randomSeed(_ seed: UInt64?) -> JSONataOptions {
        var copy = self
        copy.randomSeed = seed
        return copy
    }
}

/// The function library an evaluation sees.
///
/// ``standard`` is jsonata 2.0.6's library; ``stepFunctions`` adds AWS Step Functions'
/// `$partition`, `$range`, `$hash`, `$random([seed])`, `$uuid` and `$parse`. Further native
/// functions can be added with ``registering(_:signature:_:)``.
public struct JSONataEnvironment: Sendable {
    var registry: FunctionRegistry

    init(functions: [String: BuiltinFunction]) {
        registry = FunctionRegistry(functions: functions)
    }

    /// jsonata 2.0.6's built-in functions.
    public static let standard = JSONataEnvironment(functions: Library.standardFunctions())

    /// The library AWS Step Functions offers: the standard one plus its six functions, without `$eval`.
    public static let stepFunctions: JSONataEnvironment = {
        var functions = Library.standardFunctions()
        for f in StepFunctionsLibrary.functions() { functions[f.name] = f }
        // AWS does not offer `$eval` in Step Functions; `$parse` replaces it.
        functions["eval"] = nil
        return JSONataEnvironment(functions: functions)
    }()

    /// The names of the available functions (without `$`), sorted.
    public var functionNames: [String] { registry.functions.keys.sorted() }

    /// A copy with a native function added (or replaced), callable as `$name(...)`.
    ///
    /// - Parameters:
    ///   - name: the name without `$`.
    ///   - signature: an optional jsonata signature such as `"<s-n?:s>"`, checked before each call.
    ///   - implementation: receives the arguments (nil for undefined) and returns the result (nil for undefined).
    public func registering(
        _ name: String, signature: String? = nil,
        _ implementation: @escaping @Sendable ([JSONValue?]) throws(JSONataError) -> JSONValue?
    ) -> JSONataEnvironment {
        var copy = self
        copy.registry.functions[name] = BuiltinFunction(name, signature, arity: 1) { (_, args) throws(JSONataError) in
            var converted: [JSONValue?] = []
            for a in args { converted.append(try a.toJSON(nil)) }
            let result = try implementation(converted)
            return result.map(Value.init) ?? .undefined
        }
        return copy
    }

    /// A copy without the function `name`.
    public func removing(_ name: String) -> JSONataEnvironment {
        var copy = self
        copy.registry.functions[name] = nil
        return copy
    }
}

/// The wall clock in milliseconds since the epoch.
enum JSONataClock {
    static func currentMillis() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return (Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec / 1_000_000)).rounded(.down)
    }
}

/// The random numbers of one evaluation: seeded (reproducible) or from the system.
struct RandomSource {
    /// The seeded generator, or `nil` for the system's.
    private var seeded: SplitMix64?

    init(seed: UInt64?) { seeded = seed.map(SplitMix64.init(seed:)) }

    /// The next 64 random bits.
    mutating func nextUInt64() -> UInt64 {
        if seeded == nil {
            var g = SystemRandomNumberGenerator()
            return g.next()
        }
        return seeded!.next()
    }

    /// A double in [0, 1).
    mutating func nextDouble() -> Double {
        Double(nextUInt64() >> 11) * 0x1.0p-53
    }

    /// The first double a generator seeded with `seed` gives.
    static func seededDouble(_ seed: UInt64) -> Double {
        var source = RandomSource(seed: seed)
        return source.nextDouble()
    }
}

extension CompiledJSONata {
    /// The `$name` variables the expression reads without binding them itself (with `:=`, as a
    /// function's parameter, or with `@$x`/`#$i` in a path), sorted; calling a function such as
    /// `$count(...)` does not read a variable. In Step Functions these are the workflow variables
    /// (and `$states`) an expression refers to.
    public var freeVariables: [String] {
        var read: Set<String> = []
        var bound: Set<String> = []
        var work = [tree.root]
        while let node = work.popLast() {
            if let focus = node.focus { bound.insert(focus) }
            if let index = node.indexVariable { bound.insert(index) }
            switch node.kind {
            case .variable:
                if !node.text.isEmpty { read.insert(node.text) }
            case .bind:
                if let lhs = node.lhs, lhs.kind == .variable { bound.insert(lhs.text) }
                if let rhs = node.rhs { work.append(rhs) }
                continue
            case .lambda:
                bound.formUnion(node.params)
            case .function, .partial:
                // The procedure named by a variable is a call, not a read.
                if let procedure = node.procedure, procedure.kind != .variable { work.append(procedure) }
                work.append(contentsOf: node.arguments)
                continue
            default:
                break
            }
            node.forEachChild { work.append($0) }
        }
        return read.subtracting(bound).sorted()
    }
}

extension CompiledJSONata {
    /// The members of the variable `$name` the expression reads, when it reads it as a free
    /// variable (see ``freeVariables``): `"result"` for `$states.result.Payload`, and `""` for
    /// `$name` read whole (alone, or followed by something other than a member name). Empty when
    /// the expression does not read `$name` or binds it itself. In Step Functions this tells which
    /// parts of `$states` an expression needs.
    package func membersRead(of name: String) -> Set<String> {
        guard freeVariables.contains(name) else { return [] }
        var members: Set<String> = []
        var work = [tree.root]
        while let node = work.popLast() {
            if node.kind == .path, let first = node.steps.first, first.kind == .variable, first.text == name {
                let second = node.steps.dropFirst().first
                members.insert(second?.kind == .name ? second!.text : "")
                for step in node.steps.dropFirst() { work.append(step) }
                for stage in first.stages { if case .filter(let n, _) = stage { work.append(n) } }
                for stage in first.predicates { if case .filter(let n, _) = stage { work.append(n) } }
                continue
            }
            if node.kind == .variable && node.text == name { members.insert("") }
            node.forEachChild { work.append($0) }
        }
        return members
    }
}
