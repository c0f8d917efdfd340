import Foundation
import JSONCore
import JSONata
import StepFunctionsModel

/// A path that selected nothing, with the message AWS's Jayway-based engine gives.
struct PathNotFound: Error, Sendable {
    /// Jayway's text, e.g. `No results for path: $['a']` or `Missing property in path $['a']`.
    var message: String
    /// Set when the evaluation gave up (a filter's regular expression ran past its budget): not a
    /// miss but a failure, which no caller may read as "nothing selected".
    var exceededLimit = false
}

/// Evaluates ``JSONPath`` values the way AWS Step Functions does (Jayway JsonPath semantics):
/// a definite path names one node and fails when it is missing; an indefinite path (wildcards,
/// slices, filters, unions, recursive descent) always yields an array, possibly empty.
enum JSONPathEvaluator {
    /// Selects `path`'s segments from `root` (the caller picks the root: input, context or variable).
    static func evaluate(_ path: JSONPath, root: JSONValue) throws(PathNotFound) -> JSONValue {
        try evaluate(
            segments: path.segments[...], root: root, definite: path.isDefinite || isDefiniteWithNegatives(path))
    }

    /// Jayway treats a negative index as definite too (`$.a[-1]` names one node).
    static func isDefiniteWithNegatives(_ path: JSONPath) -> Bool {
        for s in path.segments {
            switch s {
            case .member, .index: continue
            case .function: continue
            default: return false
            }
        }
        return true
    }

    static func evaluate(segments: ArraySlice<JSONPath.Segment>, root: JSONValue, definite: Bool) throws(PathNotFound)
        -> JSONValue
    {
        var segs = segments
        var function: String?
        if case .function(let name) = segs.last {
            function = name
            segs = segs.dropLast()
        }
        let value: JSONValue
        if definite {
            value = try walkDefinite(segs, root: root)
        } else {
            var out: [JSONValue] = []
            try select(segs, from: root, root: root, into: &out)
            value = .array(out)
        }
        guard let function else { return value }
        return try apply(function: function, to: value)
    }

    /// Jayway's normalized form of a prefix of the path: `$['a'][0]`.
    static func normalized(_ segments: ArraySlice<JSONPath.Segment>) -> String {
        var s = "$"
        for seg in segments {
            switch seg {
            case .member(let m): s += "['\(m)']"
            case .index(let i): s += "[\(i)]"
            default: s += "[*]"
            }
        }
        return s
    }

    static func walkDefinite(_ segments: ArraySlice<JSONPath.Segment>, root: JSONValue) throws(PathNotFound)
        -> JSONValue
    {
        var current = root
        var position = segments.startIndex
        for seg in segments {
            let isLeaf = position == segments.index(before: segments.endIndex)
            switch seg {
            case .member(let name):
                guard case .object(let o) = current else {
                    if isLeaf {
                        throw PathNotFound(message: "No results for path: \(normalized(segments))")
                    }
                    throw PathNotFound(message: "Missing property in path \(normalized(segments[...position]))")
                }
                guard let v = o[name] else {
                    if isLeaf { throw PathNotFound(message: "No results for path: \(normalized(segments))") }
                    throw PathNotFound(message: "Missing property in path \(normalized(segments[...position]))")
                }
                current = v
            case .index(let i):
                guard case .array(let a) = current else {
                    throw PathNotFound(
                        message:
                            "Filter: [\(i)] can only be applied to arrays. Current context is: \(JSONWriter.compact.string(current))"
                    )
                }
                let index = i < 0 ? a.count + i : i
                guard index >= 0, index < a.count else {
                    throw PathNotFound(
                        message: "Index out of bounds when evaluating path \(normalized(segments[...position]))")
                }
                current = a[index]
            default:
                break
            }
            position = segments.index(after: position)
        }
        return current
    }

    /// Collects every node the segments select (indefinite semantics: missing members are skipped).
    static func select(
        _ segments: ArraySlice<JSONPath.Segment>, from value: JSONValue, root: JSONValue, into out: inout [JSONValue]
    ) throws(PathNotFound) {
        guard let seg = segments.first else {
            out.append(value)
            return
        }
        let rest = segments.dropFirst()
        switch seg {
        case .member(let name):
            if case .object(let o) = value, let v = o[name] { try select(rest, from: v, root: root, into: &out) }
        case .members(let names):
            if case .object(let o) = value {
                for n in names { if let v = o[n] { try select(rest, from: v, root: root, into: &out) } }
            }
        case .index(let i):
            if case .array(let a) = value {
                let index = i < 0 ? a.count + i : i
                if index >= 0 && index < a.count { try select(rest, from: a[index], root: root, into: &out) }
            }
        case .indices(let list):
            if case .array(let a) = value {
                for i in list {
                    let index = i < 0 ? a.count + i : i
                    if index >= 0 && index < a.count { try select(rest, from: a[index], root: root, into: &out) }
                }
            }
        case .wildcard:
            switch value {
            case .array(let a): for v in a { try select(rest, from: v, root: root, into: &out) }
            case .object(let o): for v in o.values { try select(rest, from: v, root: root, into: &out) }
            default: break
            }
        case .slice(let start, let end, let step):
            guard case .array(let a) = value else { return }
            for i in sliceIndices(count: a.count, start: start, end: end, step: step) {
                try select(rest, from: a[i], root: root, into: &out)
            }
        case .descendant(let inner):
            try descend(inner, rest: rest, value: value, root: root, into: &out)
        case .filter(let expr):
            switch value {
            case .array(let a):
                for v in a {
                    if try matches(expr, current: v, root: root) { try select(rest, from: v, root: root, into: &out) }
                }
            case .object:
                if try matches(expr, current: value, root: root) {
                    try select(rest, from: value, root: root, into: &out)
                }
            default: break
            }
        case .function:
            // Functions are applied by `evaluate`; one in the middle selects nothing.
            break
        case .script(let text):
            // Jayway's `[(@.length-1)]`: the only common form.
            if case .array(let a) = value, text.replacingOccurrences(of: " ", with: "") == "@.length-1", !a.isEmpty {
                try select(rest, from: a[a.count - 1], root: root, into: &out)
            }
        }
    }

    static func descend(
        _ inner: JSONPath.Segment, rest: ArraySlice<JSONPath.Segment>, value: JSONValue, root: JSONValue,
        into out: inout [JSONValue]
    ) throws(PathNotFound) {
        var single = [inner][...]
        single.append(contentsOf: rest)
        try select(single, from: value, root: root, into: &out)
        switch value {
        case .array(let a): for v in a { try descend(inner, rest: rest, value: v, root: root, into: &out) }
        case .object(let o): for v in o.values { try descend(inner, rest: rest, value: v, root: root, into: &out) }
        default: break
        }
    }

    static func sliceIndices(count: Int, start: Int?, end: Int?, step: Int?) -> [Int] {
        let step = step ?? 1
        guard step > 0 else { return [] }
        func clamp(_ v: Int) -> Int {
            let x = v < 0 ? count + v : v
            return min(max(x, 0), count)
        }
        let s = start.map(clamp) ?? 0
        let e = end.map(clamp) ?? count
        guard s < e else { return [] }
        return Array(stride(from: s, to: e, by: step))
    }

    // MARK: Functions

    static func apply(function name: String, to value: JSONValue) throws(PathNotFound) -> JSONValue {
        let numbers: [Double] = value.arrayValue?.compactMap(\.doubleValue) ?? []
        switch name {
        case "length", "size":
            switch value {
            case .array(let a): return .int(a.count)
            case .object(let o): return .int(o.count)
            case .string(let s): return .int(s.count)
            default: break
            }
        case "min": if let m = numbers.min() { return .number(numberValue(m)) }
        case "max": if let m = numbers.max() { return .number(numberValue(m)) }
        case "sum": return .number(.double(numbers.reduce(0, +)))
        case "avg":
            if !numbers.isEmpty { return .number(.double(numbers.reduce(0, +) / Double(numbers.count))) }
        case "stddev":
            if !numbers.isEmpty {
                let mean = numbers.reduce(0, +) / Double(numbers.count)
                let variance = numbers.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(numbers.count)
                return .double(variance.squareRoot())
            }
        case "first": if let f = value.arrayValue?.first { return f }
        case "last": if let l = value.arrayValue?.last { return l }
        case "keys": if case .object(let o) = value { return .array(o.keys.map { .string($0) }) }
        default: break
        }
        throw PathNotFound(message: "Function \(name)() cannot be applied to \(JSONWriter.compact.string(value))")
    }

    static func numberValue(_ d: Double) -> JSONNumber {
        if let i = JSONNumber.double(d).int64Value { return .int(i) }
        return .double(d)
    }

    // MARK: Filters

    /// A filter operand's value: `nil` when a relative path is missing.
    static func operand(_ op: FilterOperand, current: JSONValue, root: JSONValue) throws(PathNotFound) -> JSONValue? {
        do {
            switch op {
            case .literal(let v): return v
            case .regex(let p, _): return .string(p)
            case .current(let segments):
                return try evaluate(
                    segments: segments[...], root: current,
                    definite: JSONPathEvaluator.isDefiniteWithNegatives(
                        JSONPath(source: "@", root: .input, segments: segments)))
            case .path(let p):
                // `$` in a filter is the document the path is evaluated against.
                guard p.root == .input else { return nil }
                return try evaluate(segments: p.segments[...], root: root, definite: isDefiniteWithNegatives(p))
            }
        } catch {
            if error.exceededLimit { throw error }
            return nil
        }
    }

    static func matches(_ expr: FilterExpression, current: JSONValue, root: JSONValue) throws(PathNotFound) -> Bool {
        switch expr {
        case .and(let a, let b):
            guard try matches(a, current: current, root: root) else { return false }
            return try matches(b, current: current, root: root)
        case .or(let a, let b):
            if try matches(a, current: current, root: root) { return true }
            return try matches(b, current: current, root: root)
        case .not(let a): return try !matches(a, current: current, root: root)
        case .exists(let op):
            guard let v = try operand(op, current: current, root: root) else { return false }
            if case .bool(let b) = v { return b }
            return true
        case .comparison(let l, let op, let r):
            guard let left = try operand(l, current: current, root: root) else {
                // Jayway: a missing left side satisfies only `!=`/`nin`/`empty false`-style checks.
                return op == .notEqual || op == .notIn
            }
            if case .regex(let pattern, let flags) = r {
                guard case .string(let s) = left else { return false }
                return try regexMatches(s, pattern: pattern, flags: flags)
            }
            let right = try operand(r, current: current, root: root)
            return compare(left, op, right)
        }
    }

    /// The backtracking steps one `=~` test may take on one value: far beyond what a sane pattern
    /// needs on a 256 KiB string (a linear scan is about one step a character), and about 0.1 s.
    static let regexStepBudget = 20_000_000

    /// Compiled filter patterns, shared by every execution (a pattern is compiled once, not per
    /// element); bounded, since patterns come from definitions.
    static let regexCache = Locked<[String: RegexProgram]>([:])

    /// Jayway's `=~`: the whole string must match (Java's `matches()`). The pattern runs on our
    /// backtracking engine with a step budget, so a catastrophic pattern (`/^(a+)+$/` on
    /// `"aaa…!"`) fails the state with `States.Runtime` instead of hanging it or quietly counting as
    /// "no match". A pattern our engine cannot compile (Java-only syntax) falls back to ICU.
    static func regexMatches(_ s: String, pattern: String, flags: String) throws(PathNotFound) -> Bool {
        let key = flags + "/" + pattern
        var program = regexCache.withLock { $0[key] }
        if program == nil, let compiled = try? RegexProgram(pattern: pattern, flags: flags.contains("i") ? "i" : "") {
            program = compiled
            regexCache.withLock { cache in
                if cache.count >= 256 { cache.removeAll(keepingCapacity: true) }
                cache[key] = compiled
            }
        }
        guard let program else {
            var options: NSRegularExpression.Options = []
            if flags.contains("i") { options.insert(.caseInsensitive) }
            guard let re = try? NSRegularExpression(pattern: pattern, options: options) else { return false }
            let range = NSRange(s.startIndex..., in: s)
            return re.firstMatch(in: s, options: [.anchored], range: range).map { $0.range == range } ?? false
        }
        do {
            return try program.matchesWhole(s, maxSteps: regexStepBudget, timeLimit: .seconds(2))
        } catch {
            throw PathNotFound(
                message:
                    "The filter's regular expression /\(pattern)/ took more than \(error.steps) backtracking steps "
                    + "on a string of \(s.utf16.count) characters (catastrophic backtracking); simplify the pattern",
                exceededLimit: true)
        }
    }

    static func compare(_ left: JSONValue, _ op: FilterOperator, _ right: JSONValue?) -> Bool {
        switch op {
        case .equal: return right.map { filterEqual(left, $0) } ?? false
        case .notEqual: return right.map { !filterEqual(left, $0) } ?? true
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let right else { return false }
            let order: Int
            switch (left, right) {
            case (.number(let a), .number(let b)): order = a < b ? -1 : (a == b ? 0 : 1)
            case (.string(let a), .string(let b)): order = a < b ? -1 : (a == b ? 0 : 1)
            default: return false
            }
            switch op {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        case .in: return right?.arrayValue?.contains { filterEqual(left, $0) } ?? false
        case .notIn: return !(right?.arrayValue?.contains { filterEqual(left, $0) } ?? false)
        case .subsetOf:
            guard let l = left.arrayValue, let r = right?.arrayValue else { return false }
            return l.allSatisfy { x in r.contains { filterEqual(x, $0) } }
        case .anyOf:
            guard let l = left.arrayValue, let r = right?.arrayValue else { return false }
            return l.contains { x in r.contains { filterEqual(x, $0) } }
        case .noneOf:
            guard let l = left.arrayValue, let r = right?.arrayValue else { return false }
            return !l.contains { x in r.contains { filterEqual(x, $0) } }
        case .size:
            guard let n = right?.intValue else { return false }
            switch left {
            case .array(let a): return a.count == n
            case .string(let s): return s.count == n
            default: return false
            }
        case .empty:
            let wantEmpty = right?.boolValue ?? true
            switch left {
            case .array(let a): return a.isEmpty == wantEmpty
            case .string(let s): return s.isEmpty == wantEmpty
            default: return false
            }
        case .contains:
            guard let right else { return false }
            switch left {
            case .array(let a): return a.contains { filterEqual($0, right) }
            case .string(let s): return right.stringValue.map { s.contains($0) } ?? false
            default: return false
            }
        case .matches: return false
        }
    }

    static func filterEqual(_ a: JSONValue, _ b: JSONValue) -> Bool { a == b }
}
