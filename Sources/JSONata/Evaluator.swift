import JSONCore

/// One binding set of a tuple stream (the `@` and `#` operators and the parent operator):
/// the context value plus the variables bound along the path.
struct Tuple {
    var focus: Value
    var names: [String] = []
    var values: [Value] = []

    init(focus: Value) { self.focus = focus }

    mutating func set(_ name: String, _ value: Value) {
        if name == "@" {
            focus = value
            return
        }
        for i in names.indices where names[i] == name {
            values[i] = value
            return
        }
        names.append(name)
        values.append(value)
    }

    /// `Object.assign(self, other)`.
    mutating func merge(_ other: Tuple) {
        focus = other.focus
        for i in other.names.indices { set(other.names[i], other.values[i]) }
    }
}

extension Value {
    /// A tuple stream travelling through a path that binds variables or seeks parents.
    static func tuples(_ t: [Tuple]) -> Value { .array(t.map { .tupleBox(TupleBox($0)) }, .sequence) }
}

/// Holds a tuple inside a ``Value`` array while a tuple stream travels through `evaluate`.
final class TupleBox {
    let tuple: Tuple
    init(_ tuple: Tuple) { self.tuple = tuple }
}

/// Evaluates a compiled expression tree. One evaluator serves one `evaluate` call.
final class Evaluator {
    let maxDepth: Int
    let deadline: ContinuousClock.Instant?
    var guardian: StackGuard
    /// How many stack extensions (see ``StackExtension``) are active.
    private var extensions = 0
    /// The fixed "now" of this evaluation, in milliseconds since the epoch.
    lazy var nowMillis: Double = fixedNow.map(Double.init) ?? JSONataClock.currentMillis()
    /// Created on first use: seeding from the system costs a system call.
    lazy var random = RandomSource(seed: randomSeed)
    private let fixedNow: Int64?
    private let randomSeed: UInt64?
    var depth = 0
    private var tick = 0

    init(options: JSONataOptions) {
        maxDepth = options.maxDepth
        if let limit = options.timeLimit {
            deadline = ContinuousClock.now.advanced(by: limit)
        } else {
            deadline = nil
        }
        guardian = StackGuard(budget: options.maxStackBytes)
        fixedNow = options.now
        allocationBudget = options.maxValues
        stringBudget = options.maxStringBytes
        randomSeed = options.randomSeed
    }

    // MARK: - Limits

    private func limitError(_ message: String) -> JSONataError {
        JSONataError(code: "U1001", message: message)
    }

    /// Throws U1001 when the time limit has passed.
    func checkTime() throws(JSONataError) {
        if let deadline, ContinuousClock.now > deadline { throw Evaluator.timeoutError() }
    }

    /// The U1001 timeout error; also raised at once where jsonata-js would loop forever.
    static func timeoutError() -> JSONataError {
        JSONataError(code: "U1001", message: "Expression evaluation timeout: Check for infinite loop")
    }

    /// Values put into built arrays so far; see ``charge(_:)``.
    private var allocated = 0
    private let allocationBudget: Int

    /// Counts values put into a built array, failing once the budget is spent: an expression
    /// such as `[1..10000000].[1..10000000]` ends with an error instead of exhausting memory.
    @inline(__always)
    func charge(_ count: Int) throws(JSONataError) {
        allocated &+= count
        if allocated > allocationBudget {
            throw JSONataError(
                code: "U1001", message: "Expression evaluation exceeded its memory budget of \(allocationBudget) values"
            )
        }
    }

    /// String bytes built so far; see ``chargeString(_:)``.
    private var stringBytes = 0
    private let stringBudget: Int
    /// JavaScript's (V8's) longest string, in UTF-16 code units.
    static let maxStringLength = (1 << 29) - 24

    /// Counts the UTF-8 bytes of a string an operation is about to build (or has built), failing
    /// once the evaluation's string budget is spent, or with JavaScript's RangeError when the one
    /// string is longer than a JavaScript string can be. Checked before the big allocation where
    /// the size is known in advance (`$pad`, `$join`, `&`), so that no memory is used in vain.
    @inline(__always)
    func chargeString(bytes: Int) throws(JSONataError) {
        // UTF-8 is never shorter than UTF-16 in code units, so only long strings need a closer look
        if bytes > Evaluator.maxStringLength { throw Evaluator.stringLengthError() }
        stringBytes &+= bytes
        if stringBytes > stringBudget { throw stringBudgetError() }
    }

    /// Whether `bytes` more string bytes still fit the budget (for loops that build a string
    /// piece by piece and check as they go).
    @inline(__always)
    func checkStringGrowth(_ bytes: Int) throws(JSONataError) {
        if bytes > Evaluator.maxStringLength { throw Evaluator.stringLengthError() }
        if stringBytes &+ bytes > stringBudget { throw stringBudgetError() }
    }

    @inline(never)
    static func stringLengthError() -> JSONataError {
        JSONataError.javaScript("RangeError", "Invalid string length")
    }

    @inline(never)
    private func stringBudgetError() -> JSONataError {
        JSONataError(
            code: "U1001", message: "Expression evaluation exceeded its string budget of \(stringBudget) bytes")
    }

    /// Called by long-running loops inside functions.
    @inline(__always)
    func checkLoop() throws(JSONataError) {
        tick &+= 1
        if tick & 0x3FF == 0 { try checkTime() }
    }

    // MARK: - evaluate

    func eval(_ expr: Node, _ input: Value, _ frame: Frame) throws(JSONataError) -> Value {
        depth += 1
        defer { depth -= 1 }
        if depth > maxDepth { throw depthError() }
        tick &+= 1
        if tick & 0xFF == 0 { try checkTime() }
        if guardian.exhausted { return try evalOnNewStack(expr, input, frame) }
        return try evalBody(expr, input, frame)
    }

    /// Continues a deep evaluation on a fresh thread stack (see ``StackExtension``).
    @inline(never)
    private func evalOnNewStack(_ expr: Node, _ input: Value, _ frame: Frame) throws(JSONataError) -> Value {
        if extensions >= 32 { throw StackGuard.overflowError(code: "U1001") }
        let saved = guardian
        var outcome: Result<Value, JSONataError> = .failure(StackGuard.overflowError(code: "U1001"))
        extensions += 1
        _ = StackExtension.run {
            self.guardian = StackGuard(budget: StackExtension.stackSize - 1024 * 1024)
            do throws(JSONataError) {
                outcome = .success(try self.evalBody(expr, input, frame))
            } catch {
                outcome = .failure(error)
            }
        }
        extensions -= 1
        guardian = saved
        return try outcome.get()
    }

    /// The deepest nesting of built values allowed. Releasing a nested structure recurses in the
    /// Swift runtime (about 64 bytes of stack per level), so values are kept well below what a
    /// 512 KB stack can release.
    static let maxNesting = 1000

    @inline(never)
    private func nestingError() -> JSONataError {
        JSONataError(
            code: "U1001",
            message:
                "Value nesting exceeds \(Evaluator.maxNesting) levels: check for non-terminating recursive construction"
        )
    }

    @inline(__always)
    private func evalBody(_ expr: Node, _ input: Value, _ frame: Frame) throws(JSONataError) -> Value {
        let result = try evalResult(expr, input, frame)
        if result.nestingDepth > Evaluator.maxNesting { throw nestingError() }
        return result
    }

    @inline(__always)
    private func evalResult(_ expr: Node, _ input: Value, _ frame: Frame) throws(JSONataError) -> Value {
        let result = try evaluateKind(expr, input, frame)
        if expr.predicates.isEmpty && expr.group == nil {
            guard case .list(let items, let flags) = result, flags.contains(.sequence) else { return result }
            if items.count == 1 && !flags.contains(.keepSingleton) && !expr.keepArray {
                if case .tupleBox = items[0] { return result }
                return items[0]
            }
        }
        return try finish(expr, result, frame)
    }

    @inline(never)
    private func depthError() -> JSONataError {
        limitError(
            "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive."
        )
    }

    /// Applies predicates and grouping attached to a node, then unwraps sequences.
    private func finish(_ expr: Node, _ value: Value, _ frame: Frame) throws(JSONataError) -> Value {
        var result = value
        for stage in expr.predicates {
            if case .filter(let predicate, _) = stage {
                result = try evaluateFilter(predicate, result, frame)
            }
        }
        if expr.kind != .path, let group = expr.group {
            result = try evaluateGroup(group.pairs, group.position, result, frame)
        }
        if case .list(let items, var flags) = result, flags.contains(.sequence), !isTupleStream(items) {
            if expr.keepArray { flags.insert(.keepSingleton) }
            if items.isEmpty {
                result = .undefined
            } else if items.count == 1 && !flags.contains(.keepSingleton) {
                result = items[0]
            } else if expr.keepArray {
                result = .array(items, flags)
            }
        }
        return result
    }

    private func evaluateKind(_ expr: Node, _ input: Value, _ frame: Frame) throws(JSONataError) -> Value {
        switch expr.kind {
        case .path: return try evaluatePath(expr, input, frame)
        case .binary: return try evaluateBinary(expr, input, frame)
        case .unary: return try evaluateUnary(expr, input, frame)
        case .name: return lookupKey(input, expr.text)
        case .string: return .string(expr.text)
        case .number: return .number(expr.number)
        case .value: return expr.literal
        case .wildcard: return evaluateWildcard(input)
        case .descendant: return try evaluateDescendants(input)
        case .parent: return frame.lookup(expr.slot!.label)
        case .condition: return try evaluateCondition(expr, input, frame)
        case .block: return try evaluateBlock(expr, input, frame)
        case .bind: return try evaluateBind(expr, input, frame)
        case .regex: return .function(FunctionValue(.regex(expr.regex!)))
        case .function: return try evaluateFunction(expr, input, frame, applyTo: nil)
        case .partial: return try evaluatePartial(expr, input, frame)
        case .variable: return evaluateVariable(expr, input, frame)
        case .lambda:
            return .function(FunctionValue(.lambda(node: expr, frame: frame, input: input, params: expr.params)))
        case .apply: return try evaluateApply(expr, input, frame)
        case .transform: return .function(FunctionValue(.transform(node: expr, frame: frame)))
        case .sort: return try evaluateSort(expr, input, frame)
        case .placeholder, .operatorToken, .end: throw unknownNode(expr)
        }
    }

    @inline(never)
    private func unknownNode(_ expr: Node) -> JSONataError {
        var e = JSONataError("S0206", position: expr.position)
        e.token = expr.text
        e.refresh()
        return e
    }

    private func evaluateCondition(_ expr: Node, _ input: Value, _ frame: Frame) throws(JSONataError) -> Value {
        if try Functions.boolean(try eval(expr.condition!, input, frame)) == true {
            return try eval(expr.then!, input, frame)
        }
        if let otherwise = expr.otherwise { return try eval(otherwise, input, frame) }
        return .undefined
    }

    private func evaluateBlock(_ expr: Node, _ input: Value, _ frame: Frame) throws(JSONataError) -> Value {
        let blockFrame = Frame(parent: frame)
        var result: Value = .undefined
        for e in expr.expressions { result = try eval(e, input, blockFrame) }
        return result
    }

    private func evaluateBind(_ expr: Node, _ input: Value, _ frame: Frame) throws(JSONataError) -> Value {
        let result = try eval(expr.rhs!, input, frame)
        frame.bind(expr.lhs!.text, result)
        switch result {
        case .function, .list, .object: noteCycleCandidate(frame)
        default: break
        }
        return result
    }

    // MARK: - Releasing closure cycles

    /// Frames that were given a value that may hold a closure. `$f := function(){...}` stores in
    /// a frame a function that holds the same frame: a reference cycle. Binding is the only way a
    /// frame receives a value created after it (parameters and tuple bindings exist before their
    /// frame), so only these frames can be in a cycle; ``releaseFrames()`` breaks the cycles once
    /// the evaluation is over and no closure can run again. Held weakly, so that frames freed
    /// during a long evaluation do not pile up.
    private var cycleCandidates: [WeakFrame] = []
    private var cycleCandidatesCompaction = 64

    private func noteCycleCandidate(_ frame: Frame) {
        if frame.noted { return }
        frame.noted = true
        cycleCandidates.append(WeakFrame(frame: frame))
        if cycleCandidates.count >= cycleCandidatesCompaction {
            cycleCandidates.removeAll { $0.frame == nil }
            cycleCandidatesCompaction = Swift.max(64, cycleCandidates.count * 2)
        }
    }

    /// Empties the frames that may be in a closure cycle; called when the evaluation has ended.
    func releaseFrames() {
        for candidate in cycleCandidates {
            guard let frame = candidate.frame else { continue }
            frame.names = []
            frame.values = []
        }
        cycleCandidates = []
    }

    private func evaluateVariable(_ expr: Node, _ input: Value, _ frame: Frame) -> Value {
        if !expr.text.isEmpty { return frame.lookup(expr.text) }
        if case .list(let items, let flags) = input, flags.contains(.outerWrapper), !items.isEmpty { return items[0] }
        return input
    }

    @inline(__always)
    func isTupleStream(_ items: [Value]) -> Bool {
        if let first = items.first, case .tupleBox = first { return true }
        return false
    }

    // MARK: - Paths

    func evaluatePath(_ expr: Node, _ input: Value, _ frame: Frame) throws(JSONataError) -> Value {
        if let fast = try fastPath(expr, input, frame) { return fast }
        var inputSequence: Value
        if input.isArray && expr.steps[0].kind != .variable {
            inputSequence = input
        } else {
            inputSequence = .array([input], .sequence)
        }
        var resultSequence: Value = .undefined
        var isTupleStream = false
        var tupleBindings: [Tuple]? = nil
        let lastIndex = expr.steps.count - 1
        for (ii, step) in expr.steps.enumerated() {
            if step.tuple { isTupleStream = true }
            if ii == 0 && step.consarray {
                resultSequence = try eval(step, inputSequence, frame)
            } else if isTupleStream {
                tupleBindings = try evaluateTupleStep(step, inputSequence, tupleBindings, frame)
            } else {
                resultSequence = try evaluateStep(step, inputSequence, frame, lastStep: ii == lastIndex)
            }
            if !isTupleStream {
                if resultSequence.isUndefined { break }
                if resultSequence.isArray && resultSequence.arrayCount == 0 { break }
            }
            if step.focus == nil { inputSequence = resultSequence }
        }
        if isTupleStream {
            let tuples = tupleBindings ?? []
            if expr.tuple {
                resultSequence = .tuples(tuples)
            } else {
                resultSequence = .array(tuples.map(\.focus), .sequence)
            }
        }
        if expr.keepSingletonArray {
            if case .list(let items, let flags) = resultSequence, flags.contains(.cons), !flags.contains(.sequence) {
                resultSequence = .array([.array(items, flags)], [.sequence, .keepSingleton])
            } else if case .list(let items, var flags) = resultSequence {
                flags.insert(.keepSingleton)
                resultSequence = .array(items, flags)
            }
        }
        if let group = expr.group {
            resultSequence = try evaluateGroup(
                group.pairs, group.position, isTupleStream ? .tuples(tupleBindings ?? []) : resultSequence, frame)
        }
        return resultSequence
    }

    /// A path of plain names over single objects (`$states.input.order.items[0].price`), walked
    /// without building sequences. Returns nil when the general algorithm is needed.
    @inline(__always)
    private func fastPath(_ expr: Node, _ input: Value, _ frame: Frame) throws(JSONataError) -> Value? {
        if expr.keepSingletonArray || expr.group != nil { return nil }
        let steps = expr.steps
        let first = steps[0]
        var current: Value
        if first.kind == .variable && first.predicates.isEmpty && first.stages.isEmpty && !first.tuple
            && first.group == nil && !first.keepArray
        {
            current = try eval(first, input, frame)
        } else if first.kind == .name && isSimpleStep(first) && !input.isArray {
            current = try simpleStep(first, input)
        } else {
            return nil
        }
        var i = 1
        while true {
            switch current {
            case .undefined: return .undefined
            case .list, .jarray:
                // the general algorithm takes over from here
                if i == 1 && steps.count == 1 { return nil }
                if i < steps.count || current.isSequence { return nil }
                return current
            default: break
            }
            if i == steps.count { return current }
            let step = steps[i]
            guard step.kind == .name, isSimpleStep(step) else { return nil }
            current = try simpleStep(step, current)
            i += 1
        }
    }

    @inline(__always)
    private func isSimpleStep(_ step: Node) -> Bool {
        if step.tuple || step.keepArray || step.group != nil || !step.predicates.isEmpty { return false }
        for stage in step.stages {
            guard case .filter(let p, _) = stage, p.kind == .number else { return false }
        }
        return true
    }

    /// One name step with constant index stages applied to a single non-array value.
    @inline(__always)
    private func simpleStep(_ step: Node, _ input: Value) throws(JSONataError) -> Value {
        depth += 1
        defer { depth -= 1 }
        if depth > maxDepth {
            throw limitError(
                "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive."
            )
        }
        var res = input.member(step.text)
        if case .list(let items, let flags) = res, flags.contains(.sequence) {
            if items.isEmpty {
                res = .undefined
            } else if items.count == 1 && !flags.contains(.keepSingleton) {
                res = items[0]
            }
        }
        for stage in step.stages {
            guard case .filter(let p, _) = stage else { continue }
            res = indexFilter(p.number, res)
            // evaluateStep flattens the filtered sequence into the step result
            if case .list(let items, let flags) = res, flags.contains(.sequence) {
                res = items.isEmpty ? .undefined : (items.count == 1 ? items[0] : res)
            }
        }
        return res
    }

    func evaluateStep(_ expr: Node, _ input: Value, _ frame: Frame, lastStep: Bool) throws(JSONataError) -> Value {
        if expr.kind == .sort {
            var result = try evaluateSort(expr, input, frame)
            if !expr.stages.isEmpty { result = try evaluateStages(expr.stages, result, frame) }
            return result
        }
        var result: [Value] = []
        let count = input.arrayCount
        result.reserveCapacity(count)
        for i in 0..<count {
            var res = try eval(expr, input.arrayItem(i), frame)
            for stage in expr.stages {
                if case .filter(let predicate, _) = stage { res = try evaluateFilter(predicate, res, frame) }
            }
            if !res.isUndefined { result.append(res) }
        }
        if lastStep && result.count == 1 && result[0].isArray && !result[0].isSequence {
            return result[0]
        }
        var out: [Value] = []
        out.reserveCapacity(result.count)
        for res in result {
            switch res {
            case .list(let items, let flags):
                if flags.contains(.cons) { out.append(res) } else { out.append(contentsOf: items) }
            case .jarray(let items):
                for item in items { out.append(Value(item)) }
            default:
                out.append(res)
            }
        }
        try charge(out.count)
        return .array(out, .sequence)
    }

    func tuplesOf(_ v: Value) -> [Tuple]? {
        guard case .list(let items, _) = v, isTupleStream(items) else { return nil }
        var out: [Tuple] = []
        out.reserveCapacity(items.count)
        for item in items { if case .tupleBox(let b) = item { out.append(b.tuple) } }
        return out
    }

    func frameFromTuple(_ frame: Frame, _ tuple: Tuple) -> Frame {
        let f = Frame(parent: frame)
        f.names.reserveCapacity(tuple.names.count + 1)
        f.names.append("@")
        f.values.append(tuple.focus)
        f.names.append(contentsOf: tuple.names)
        f.values.append(contentsOf: tuple.values)
        f.noteDepth(of: tuple.focus)
        for v in tuple.values { f.noteDepth(of: v) }
        return f
    }

    func evaluateTupleStep(_ expr: Node, _ input: Value, _ tupleBindings: [Tuple]?, _ frame: Frame)
        throws(JSONataError) -> [Tuple]
    {
        if expr.kind == .sort {
            var result: [Tuple]
            if let tupleBindings {
                result = tuplesOf(try evaluateSort(expr, .tuples(tupleBindings), frame)) ?? []
            } else {
                let sorted = try evaluateSort(expr, input, frame).arrayItems
                result = []
                for (i, item) in sorted.enumerated() {
                    var t = Tuple(focus: item)
                    if let index = expr.indexVariable { t.set(index, .number(Double(i))) }
                    result.append(t)
                }
            }
            if !expr.stages.isEmpty { result = tuplesOf(try evaluateStages(expr.stages, .tuples(result), frame)) ?? [] }
            return result
        }
        var result: [Tuple] = []
        let bindings = tupleBindings ?? input.arrayItems.map { Tuple(focus: $0) }
        for tb in bindings {
            let stepFrame = frameFromTuple(frame, tb)
            let res = try eval(expr, tb.focus, stepFrame)
            if res.isUndefined { continue }
            if let inner = tuplesOf(res) {
                for t in inner {
                    var tuple = tb
                    tuple.merge(t)
                    result.append(tuple)
                }
                continue
            }
            let items = res.isArray ? res.arrayItems : [res]
            for (bb, item) in items.enumerated() {
                var tuple = tb
                if let focus = expr.focus {
                    tuple.set(focus, item)
                    tuple.focus = tb.focus
                } else {
                    tuple.focus = item
                }
                if let index = expr.indexVariable { tuple.set(index, .number(Double(bb))) }
                if let ancestor = expr.ancestor { tuple.set(ancestor.label, tb.focus) }
                result.append(tuple)
            }
        }
        if !expr.stages.isEmpty { result = tuplesOf(try evaluateStages(expr.stages, .tuples(result), frame)) ?? [] }
        return result
    }

    func evaluateStages(_ stages: [Stage], _ input: Value, _ frame: Frame) throws(JSONataError) -> Value {
        var result = input
        for stage in stages {
            switch stage {
            case .filter(let predicate, _):
                result = try evaluateFilter(predicate, result, frame)
            case .index(let name, _):
                if var tuples = tuplesOf(result) {
                    for i in tuples.indices { tuples[i].set(name, .number(Double(i))) }
                    result = .tuples(tuples)
                }
            }
        }
        return result
    }

    /// Selects by a constant index: `[0]`, `[-1]`.
    func indexFilter(_ number: Double, _ input: Value) -> Value {
        let count = input.isArray ? input.arrayCount : 1
        let f = number.rounded(.down)
        guard f.isFinite, abs(f) < 1e15 else { return .emptySequence }
        var index = Int(f)
        if index < 0 { index += count }
        guard index >= 0 && index < count else { return .emptySequence }
        let item = input.isArray ? input.arrayItem(index) : input
        if item.isUndefined { return .emptySequence }
        if item.isArray { return item }
        return .array([item], .sequence)
    }

    func evaluateFilter(_ predicate: Node, _ input: Value, _ frame: Frame) throws(JSONataError) -> Value {
        if let tuples = tuplesOf(input) {
            var results: [Tuple] = []
            if predicate.kind == .number {
                let f = predicate.number.rounded(.down)
                if f.isFinite, abs(f) < 1e15 {
                    var index = Int(f)
                    if index < 0 { index += tuples.count }
                    if index >= 0 && index < tuples.count { results.append(tuples[index]) }
                }
            } else {
                for (index, tuple) in tuples.enumerated() {
                    let res = try eval(predicate, tuple.focus, frameFromTuple(frame, tuple))
                    for _ in 0..<(try predicateMatches(res, index: index, count: tuples.count)) {
                        results.append(tuple)
                    }
                }
            }
            return .tuples(results)
        }
        if predicate.kind == .number { return indexFilter(predicate.number, input) }
        let items: [Value] = input.isArray ? input.arrayItems : [input]
        var results: [Value] = []
        for (index, item) in items.enumerated() {
            let res = try eval(predicate, item, frame)
            for _ in 0..<(try predicateMatches(res, index: index, count: items.count)) { results.append(item) }
        }
        return .array(results, .sequence)
    }

    /// How many times a predicate result selects the item at `index`: an array of numbers selects
    /// once per matching index, duplicates included (`[1,2,3][[0,0]]` is `[1,1]`), as jsonata-js
    /// pushes the item once for every number that names it.
    private func predicateMatches(_ res: Value, index: Int, count: Int) throws(JSONataError) -> Int {
        var numbers: [Double]? = nil
        switch res {
        case .number(let d):
            try Functions.checkFinite(d)
            if !d.isNaN { numbers = [d] }
        case .list, .jarray:
            // jsonata-js's isArrayOfNumbers: every item numeric (infinities raise D1001, NaN is not numeric)
            var all: [Double] = []
            var allNumeric = true
            for item in res.arrayItems {
                if case .number(let d) = item {
                    try Functions.checkFinite(d)
                    if d.isNaN { allNumeric = false }
                    all.append(d)
                } else {
                    allNumeric = false
                }
            }
            if allNumeric { numbers = all }
        default:
            break
        }
        if let numbers {
            var matches = 0
            for n in numbers {
                var ii = Int(exactly: n.rounded(.down)) ?? Int.min
                if ii < 0 && ii != Int.min { ii += count }
                if ii == index { matches += 1 }
            }
            return matches
        }
        return try Functions.boolean(res) == true ? 1 : 0
    }

    // MARK: - Names, wildcards, descendants

    /// jsonata-js's `lookup`: a member of an object, mapped over arrays.
    func lookupKey(_ input: Value, _ key: String) -> Value {
        switch input {
        case .jobject, .object:
            return input.member(key)
        case .jarray(let a):
            var out: [Value] = []
            for el in a {
                let r = lookupKey(Value(el), key)
                appendFlattened(&out, r)
            }
            return .array(out, .sequence)
        case .list(let items, _):
            var out: [Value] = []
            for el in items {
                let r = lookupKey(el, key)
                appendFlattened(&out, r)
            }
            return .array(out, .sequence)
        default:
            return .undefined
        }
    }

    @inline(__always)
    private func appendFlattened(_ out: inout [Value], _ r: Value) {
        switch r {
        case .undefined: break
        case .list(let items, _): out.append(contentsOf: items)
        case .jarray(let items): for i in items { out.append(Value(i)) }
        default: out.append(r)
        }
    }

    func evaluateWildcard(_ input: Value) -> Value {
        var source = input
        if case .list(let items, let flags) = input, flags.contains(.outerWrapper), !items.isEmpty { source = items[0] }
        var results: [Value] = []
        var sequence = true
        func add(_ value: Value) {
            if value.isArray {
                Functions.flatten(value, into: &results)
                sequence = false
            } else {
                results.append(value)
            }
        }
        switch source {
        case .jobject(let o):
            for (_, v) in o { add(Value(v)) }
        case .object(let b):
            for v in b.values { add(v) }
        case .jarray, .list:
            for v in source.arrayItems { add(v) }
        default:
            break
        }
        return .array(results, sequence ? .sequence : [])
    }

    func evaluateDescendants(_ input: Value) throws(JSONataError) -> Value {
        if input.isUndefined { return .undefined }
        var results: [Value] = []
        try recurseDescendants(input, &results)
        if results.count == 1 { return results[0] }
        return .array(results, .sequence)
    }

    private func recurseDescendants(_ input: Value, _ results: inout [Value]) throws(JSONataError) {
        if guardian.exhausted {
            let saved = guardian
            defer { guardian = saved }
            try guardian.extended { (fresh: StackGuard) throws(JSONataError) in
                self.guardian = fresh
                try self.recurseDescendants(input, &results)
            }
            return
        }
        if !input.isArray { results.append(input) }
        switch input {
        case .jarray, .list:
            for m in input.arrayItems { try recurseDescendants(m, &results) }
        case .jobject(let o):
            for (_, v) in o { try recurseDescendants(Value(v), &results) }
        case .object(let b):
            for v in b.values { try recurseDescendants(v, &results) }
        default:
            break
        }
    }

    // MARK: - Operators

    func evaluateBinary(_ expr: Node, _ input: Value, _ frame: Frame) throws(JSONataError) -> Value {
        let lhs = try eval(expr.lhs!, input, frame)
        let op = expr.text
        if op == "and" || op == "or" {
            let l = try Functions.boolean(lhs) ?? false
            if op == "and" {
                if !l { return .bool(false) }
            } else if l {
                return .bool(true)
            }
            let r = try eval(expr.rhs!, input, frame)
            return .bool(try Functions.boolean(r) ?? false)
        }
        let rhs = try eval(expr.rhs!, input, frame)
        do throws(JSONataError) {
            switch op {
            case "+", "-", "*", "/", "%":
                return try Operators.numeric(lhs, rhs, op)
            case "=":
                if lhs.isUndefined || rhs.isUndefined { return .bool(false) }
                return .bool(Functions.deepEqual(lhs, rhs))
            case "!=":
                if lhs.isUndefined || rhs.isUndefined { return .bool(false) }
                return .bool(!Functions.deepEqual(lhs, rhs))
            case "<", "<=", ">", ">=":
                return try Operators.comparison(lhs, rhs, op)
            case "&":
                let l = lhs.isUndefined ? "" : try Functions.string(lhs, prettify: false, guardian, budget: self)
                let r = rhs.isUndefined ? "" : try Functions.string(rhs, prettify: false, guardian, budget: self)
                try chargeString(bytes: l.utf8.count + r.utf8.count)
                return .string(l + r)
            case "..":
                return try Operators.range(lhs, rhs, self)
            case "in":
                return Operators.includes(lhs, rhs)
            default:
                throw JSONataError("S0204", position: expr.position, token: op)
            }
        } catch {
            var e = error
            e.position = expr.position
            e.token = op
            e.refresh()
            throw e
        }
    }

    func evaluateUnary(_ expr: Node, _ input: Value, _ frame: Frame) throws(JSONataError) -> Value {
        switch expr.text {
        case "-":
            let v = try eval(expr.expression!, input, frame)
            switch v {
            case .undefined: return .undefined
            case .number(let d) where !d.isNaN:
                try Functions.checkFinite(d)
                return .number(-d)
            default:
                // jsonata-js negates only what `isNumeric` accepts: NaN is D1002 too
                var e = JSONataError("D1002", position: expr.position, token: "-")
                e.setValue(v.errorJSON)
                throw e
            }
        case "[":
            var result: [Value] = []
            for item in expr.expressions {
                let value = try eval(item, input, frame)
                if value.isUndefined { continue }
                if item.kind == .unary && item.text == "[" {
                    result.append(value)
                } else {
                    switch value {
                    case .list(let items, _): result.append(contentsOf: items)
                    case .jarray(let items): for i in items { result.append(Value(i)) }
                    default: result.append(value)
                    }
                }
            }
            try charge(result.count)
            return .array(result, expr.consarray ? .cons : [])
        case "{":
            return try evaluateGroup(expr.pairs, expr.position, input, frame)
        default:
            return .undefined
        }
    }

    // MARK: - Grouping and sorting

    func evaluateGroup(_ pairs: [(Node, Node)], _ position: Int, _ input: Value, _ frame: Frame)
        throws(JSONataError) -> Value
    {
        if !input.isArray { return try evaluateSingleGroup(pairs, position, input, frame) }
        let tuples = tuplesOf(input)
        var items: [Value]
        if tuples != nil {
            items = []
        } else if input.isArray {
            items = input.arrayItems
        } else {
            items = [input]
        }
        let count = tuples?.count ?? items.count
        // key -> (data items, expression index)
        var keys: [String] = []
        var groups: [String: (data: [Int], exprIndex: Int)] = [:]
        let loopCount = max(count, 1)
        for itemIndex in 0..<loopCount {
            let tuple = tuples.map { itemIndex < $0.count ? $0[itemIndex] : Tuple(focus: .undefined) }
            let item: Value = tuple?.focus ?? (itemIndex < items.count ? items[itemIndex] : .undefined)
            let env = tuple.map { frameFromTuple(frame, $0) } ?? frame
            for (pairIndex, pair) in pairs.enumerated() {
                guard let k = try groupKey(pair.0, item, env, position) else { continue }
                if var entry = groups[k] {
                    if entry.exprIndex != pairIndex {
                        var e = JSONataError("D1009", position: position)
                        e.setValue(.string(k))
                        throw e
                    }
                    entry.data.append(itemIndex)
                    groups[k] = entry
                } else {
                    keys.append(k)
                    groups[k] = ([itemIndex], pairIndex)
                }
            }
        }
        let box = ObjectBox(capacity: keys.count)
        for key in keys {
            guard let entry = groups[key] else { continue }
            var context: Value
            var env = frame
            if let tuples {
                let selected = entry.data.map { $0 < tuples.count ? tuples[$0] : Tuple(focus: .undefined) }
                var reduced = selected[0]
                if selected.count > 1 {
                    // jsonata-js appends tuple by tuple; collecting first and appending once gives
                    // the same values without copying the growing arrays (quadratic time)
                    var bound: [String: [Value]] = [:]
                    var order: [String] = []
                    for t in selected {
                        for (i, name) in t.names.enumerated() {
                            if bound[name] == nil { order.append(name) }
                            bound[name, default: []].append(t.values[i])
                        }
                    }
                    reduced.focus = try Functions.appendAll(selected.map(\.focus), self)
                    for name in order { reduced.set(name, try Functions.appendAll(bound[name] ?? [], self)) }
                }
                context = reduced.focus
                let f = Frame(parent: frame)
                f.names = reduced.names
                f.values = reduced.values
                for v in reduced.values { f.noteDepth(of: v) }
                env = f
            } else {
                let first = entry.data[0] < items.count ? items[entry.data[0]] : .undefined
                if entry.data.count == 1 {
                    context = first
                } else {
                    context = try Functions.appendAll(
                        entry.data.map { $0 < items.count ? items[$0] : .undefined }, self)
                }
            }
            let value = try eval(pairs[entry.exprIndex].1, context, env)
            if !value.isUndefined { box.set(key, value) }
        }
        return .object(box)
    }

    /// Evaluates an object key: a string, nil when undefined, else T1003.
    private func groupKey(_ node: Node, _ input: Value, _ frame: Frame, _ position: Int) throws(JSONataError) -> String?
    {
        let key = try eval(node, input, frame)
        if case .string(let k) = key { return k }
        if key.isUndefined { return nil }
        var e = JSONataError("T1003", position: position)
        e.setValue(key.errorJSON)
        throw e
    }

    /// An object constructor over one context value: every pair is its own group.
    private func evaluateSingleGroup(_ pairs: [(Node, Node)], _ position: Int, _ input: Value, _ frame: Frame)
        throws(JSONataError) -> Value
    {
        var keys: [String] = []
        keys.reserveCapacity(pairs.count)
        var owners: [Int] = []
        for (pairIndex, pair) in pairs.enumerated() {
            guard let k = try groupKey(pair.0, input, frame, position) else { continue }
            if keys.contains(k) {
                var e = JSONataError("D1009", position: position)
                e.setValue(.string(k))
                throw e
            }
            keys.append(k)
            owners.append(pairIndex)
        }
        let box = ObjectBox(capacity: keys.count)
        for (i, key) in keys.enumerated() {
            let value = try eval(pairs[owners[i]].1, input, frame)
            if !value.isUndefined { box.set(key, value) }
        }
        return .object(box)
    }

    func evaluateSort(_ expr: Node, _ input: Value, _ frame: Frame) throws(JSONataError) -> Value {
        let tuples = tuplesOf(input)
        let items: [Value] = tuples == nil ? (input.isArray ? input.arrayItems : [input]) : []
        let count = tuples?.count ?? items.count
        // evaluate every term for every item once, then merge-sort the indices
        var keys = [[Value]](repeating: [], count: count)
        for i in 0..<count {
            var row: [Value] = []
            for term in expr.terms {
                if let tuples {
                    row.append(try eval(term.expression, tuples[i].focus, frameFromTuple(frame, tuples[i])))
                } else {
                    row.append(try eval(term.expression, items[i], frame))
                }
            }
            keys[i] = row
        }
        let order = try Functions.mergeSort(Array(0..<count)) { (a: Int, b: Int) throws(JSONataError) -> Bool in
            var comp = 0
            for (t, term) in expr.terms.enumerated() where comp == 0 {
                let aa = keys[a][t]
                let bb = keys[b][t]
                if aa.isUndefined {
                    comp = bb.isUndefined ? 0 : 1
                    continue
                }
                if bb.isUndefined {
                    comp = -1
                    continue
                }
                let aOK = aa.isString || aa.isNumber
                let bOK = bb.isString || bb.isNumber
                if !aOK || !bOK {
                    var e = JSONataError("T2008", position: expr.position)
                    e.setValue((!aOK ? aa : bb).errorJSON)
                    throw e
                }
                switch (aa, bb) {
                case (.number(let x), .number(let y)):
                    if x == y { continue }
                    comp = x < y ? -1 : 1
                case (.string(let x), .string(let y)):
                    if x == y { continue }
                    comp = Functions.jsLess(x, y) ? -1 : 1
                default:
                    var e = JSONataError("T2007", position: expr.position)
                    e.setValue(aa.errorJSON)
                    e.details["value2"] = bb.errorJSON
                    e.refresh()
                    throw e
                }
                if term.descending { comp = -comp }
            }
            return comp == 1
        }
        if let tuples { return .tuples(order.map { tuples[$0] }) }
        return .array(order.map { items[$0] }, .sequence)
    }

    // MARK: - Functions

    func evaluateFunction(_ expr: Node, _ input: Value, _ frame: Frame, applyTo: Value?) throws(JSONataError) -> Value {
        let procedure = expr.procedure!
        let proc = try eval(procedure, input, frame)
        let procName = procedure.kind == .path ? procedure.steps[0].text : procedure.text
        if proc.isUndefined, procedure.kind == .path, !frame.lookup(procedure.steps[0].text).isUndefined {
            var e = JSONataError("T1005", position: expr.position)
            e.token = procedure.steps[0].text
            e.refresh()
            throw e
        }
        var args: [Value] = []
        args.reserveCapacity(expr.arguments.count + 1)
        if let applyTo { args.append(applyTo) }
        for arg in expr.arguments { args.append(try eval(arg, input, frame)) }
        do throws(JSONataError) {
            return try apply(proc, args, input, frame, token: procName)
        } catch {
            var e = error
            if e.position == nil { e.position = expr.position }
            if e.token == nil {
                e.token = procName
                e.refresh()
            }
            throw e
        }
    }

    func evaluatePartial(_ expr: Node, _ input: Value, _ frame: Frame) throws(JSONataError) -> Value {
        var args: [Value?] = []
        for arg in expr.arguments {
            if arg.kind == .placeholder {
                args.append(nil)
            } else {
                args.append(try eval(arg, input, frame))
            }
        }
        let procedure = expr.procedure!
        let proc = try eval(procedure, input, frame)
        if proc.isUndefined, procedure.kind == .path, !frame.lookup(procedure.steps[0].text).isUndefined {
            var e = JSONataError("T1007", position: expr.position)
            e.token = procedure.steps[0].text
            e.refresh()
            throw e
        }
        guard proc.isFunction else {
            var e = JSONataError("T1008", position: expr.position)
            e.token = procedure.kind == .path ? procedure.steps[0].text : procedure.text
            e.refresh()
            throw e
        }
        return .function(FunctionValue(.partial(target: proc, arguments: args)))
    }

    func evaluateApply(_ expr: Node, _ input: Value, _ frame: Frame) throws(JSONataError) -> Value {
        let lhs = try eval(expr.lhs!, input, frame)
        let rhs = expr.rhs!
        if rhs.kind == .function {
            return try evaluateFunction(rhs, input, frame, applyTo: lhs)
        }
        let fn = try eval(rhs, input, frame)
        guard fn.isFunction else {
            var e = JSONataError("T2006", position: expr.position)
            e.setValue(fn.errorJSON)
            throw e
        }
        if lhs.isFunction {
            return .function(FunctionValue(.composed(lhs, fn)))
        }
        return try apply(fn, [lhs], .null, frame, token: nil)
    }

    /// Applies a function, running tail calls in a loop (trampoline).
    func apply(_ proc: Value, _ args: [Value], _ input: Value, _ frame: Frame, token: String?) throws(JSONataError)
        -> Value
    {
        var result = try applyInner(proc, args, input, frame, token: token)
        while case .function(let f) = result, f.isThunk,
            case .lambda(let thunk, let thunkFrame, let thunkInput, _) = f.kind
        {
            try checkLoop()
            let call = thunk.body!
            let callee = call.procedure!
            let next = try eval(callee, thunkInput, thunkFrame)
            if case .function(let nf) = next { nf.position = callee.position }
            var nextArgs: [Value] = []
            nextArgs.reserveCapacity(call.arguments.count)
            for a in call.arguments { nextArgs.append(try eval(a, thunkInput, thunkFrame)) }
            let nextToken = callee.kind == .variable ? callee.text : (callee.kind == .path ? callee.steps[0].text : nil)
            result = try applyInner(next, nextArgs, input, frame, token: nextToken)
        }
        return result
    }

    func applyInner(_ proc: Value, _ args: [Value], _ input: Value, _ frame: Frame, token: String?)
        throws(JSONataError) -> Value
    {
        do throws(JSONataError) {
            switch proc {
            case .builtin(let fn):
                let validated = try fn.signature?.validate(args, context: input) ?? args
                return try fn.body(NativeContext(evaluator: self, input: input, frame: frame), validated)
            case .function(let f):
                var validated = args
                if let signature = f.signature { validated = try signature.validate(args, context: input) }
                return try applyFunction(f, validated, input, frame)
            default:
                throw JSONataError("T1006")
            }
        } catch {
            var e = error
            if e.token == nil, let token, proc.isFunction {
                e.token = token
                e.refresh()
            }
            // jsonata-js: `err.position = proc.position || err.position`
            if case .function(let f) = proc, let position = f.position { e.position = position }
            throw e
        }
    }

    private func applyFunction(_ f: FunctionValue, _ args: [Value], _ input: Value, _ frame: Frame)
        throws(JSONataError) -> Value
    {
        switch f.kind {
        case .lambda(let node, let closureFrame, let closureInput, let params):
            let env = Frame(parent: closureFrame)
            env.names = params
            env.values.reserveCapacity(params.count)
            for i in params.indices {
                let arg = i < args.count ? args[i] : .undefined
                env.noteDepth(of: arg)
                env.values.append(arg)
            }
            return try eval(node.body!, closureInput, env)
        case .partial(let target, let known):
            var filled: [Value] = []
            var next = 0
            for k in known {
                if let k {
                    filled.append(k)
                } else {
                    filled.append(next < args.count ? args[next] : .undefined)
                    next += 1
                }
            }
            return try apply(target, filled, input, frame, token: nil)
        case .regex(let program):
            guard case .string(let s) = args.first ?? .undefined else { return .undefined }
            return try regexMatchObject(program, s, from: 0)
        case .regexNext(let program, let s, let from):
            if from >= s.utf16.count { return .undefined }
            let next = try regexMatchObject(program, s, from: from)
            if case .object(let box) = next, case .string(let m)? = box["match"], m.isEmpty {
                var e = JSONataError("D1004")
                e.setValue(.string(program.source))
                throw e
            }
            return next
        case .composed(let first, let second):
            let x = args.first ?? .undefined
            let inner = try apply(first, [x], input, frame, token: nil)
            return try apply(second, [inner], input, frame, token: nil)
        case .transform(let node, let transformFrame):
            return try Transform.run(self, node, transformFrame, args.first ?? .undefined)
        }
    }

    /// The object a regex returns when called as a matcher: `{match, start, end, groups, next}`.
    func regexMatchObject(_ program: RegexProgram, _ s: String, from: Int) throws(JSONataError) -> Value {
        let units = Array(s.utf16)
        guard from <= units.count, let m = try program.firstMatch(in: units, from: from, evaluator: self) else {
            return .undefined
        }
        let box = ObjectBox(capacity: 5)
        box.set("match", .string(m.matchedString(units)))
        box.set("start", .number(Double(m.start)))
        box.set("end", .number(Double(m.end)))
        box.set("groups", .array(m.groupStrings(units).map { $0.map(Value.string) ?? .undefined }, []))
        box.set("next", .function(FunctionValue(.regexNext(program, s, m.end))))
        return .object(box)
    }

    /// Calls a function value with arguments, as a higher-order built-in does.
    func call(_ fn: Value, _ args: [Value], _ context: NativeContext) throws(JSONataError) -> Value {
        try apply(fn, args, context.input, context.frame, token: nil)
    }

    /// The number of parameters a function value takes (jsonata-js's `getFunctionArity`).
    func arity(_ fn: Value) -> Int {
        switch fn {
        case .builtin(let b): return b.arity
        case .function(let f): return f.arity
        default: return 0
        }
    }
}
