import Foundation
import JSONCore
import StepFunctionsModel

/// An intrinsic function call that AWS would reject at run time (bad argument count or type).
struct IntrinsicError: Error, Sendable {
    /// What is wrong, naming the function.
    var message: String
}

/// Evaluates the 18 `States.*` intrinsic functions with AWS's argument rules.
struct IntrinsicEvaluator {
    /// Resolves a path argument (`$.x`, `$$.x`).
    var resolvePath: (JSONPath) throws -> JSONValue
    /// The execution's random source (for `States.MathRandom` without a seed and `States.UUID`).
    var random: RandomSource

    func evaluate(_ call: IntrinsicFunction) throws -> JSONValue {
        var args: [JSONValue] = []
        args.reserveCapacity(call.arguments.count)
        for a in call.arguments {
            switch a {
            case .string(let s):
                // Format keeps `\{` for its own placeholder scan; other functions see the plain text.
                args.append(.string(call.name == .format && args.isEmpty ? s : IntrinsicFunction.resolveEscapes(s)))
            case .number(let n): args.append(.number(n))
            case .bool(let b): args.append(.bool(b))
            case .null: args.append(.null)
            case .path(let p): args.append(try resolvePath(p))
            case .call(let f): args.append(try evaluate(f))
            }
        }
        return try apply(call.name, args)
    }

    func fail(_ name: IntrinsicFunction.Name, _ message: String) -> IntrinsicError {
        IntrinsicError(message: "Invalid arguments in \(name.rawValue): \(message)")
    }

    func expectCount(_ name: IntrinsicFunction.Name, _ args: [JSONValue], _ counts: ClosedRange<Int>) throws {
        guard counts.contains(args.count) else {
            let expected =
                counts.lowerBound == counts.upperBound
                ? "\(counts.lowerBound)" : "\(counts.lowerBound) to \(counts.upperBound)"
            throw fail(name, "expected \(expected) argument(s), got \(args.count)")
        }
    }

    func string(_ name: IntrinsicFunction.Name, _ v: JSONValue, _ what: String) throws -> String {
        guard case .string(let s) = v else { throw fail(name, "the \(what) must be a string, got \(v.typeName)") }
        return s
    }

    func array(_ name: IntrinsicFunction.Name, _ v: JSONValue, _ what: String) throws -> [JSONValue] {
        guard case .array(let a) = v else { throw fail(name, "the \(what) must be an array, got \(v.typeName)") }
        return a
    }

    /// A number truncated to an integer (MathRandom accepts `12.5`).
    func truncatedInteger(_ name: IntrinsicFunction.Name, _ v: JSONValue, _ what: String) throws -> Int {
        guard case .number(let n) = v, n.doubleValue.isFinite, abs(n.doubleValue) < 9e15 else {
            throw fail(name, "the \(what) must be a number, got \(JSONWriter.compact.string(v))")
        }
        return Int(n.doubleValue.rounded(.towardZero))
    }

    /// A number rounded to the nearest integer, as AWS documents for the arguments of
    /// `States.ArrayPartition`, `States.ArrayRange` and `States.MathAdd` (halves up, as Java's
    /// `Math.round`).
    func roundedInteger(_ name: IntrinsicFunction.Name, _ v: JSONValue, _ what: String) throws -> Int {
        guard case .number(let n) = v, n.doubleValue.isFinite, abs(n.doubleValue) < 9e15 else {
            throw fail(name, "the \(what) must be a number, got \(JSONWriter.compact.string(v))")
        }
        return Int(javaRound(n))
    }

    func integer(_ name: IntrinsicFunction.Name, _ v: JSONValue, _ what: String) throws -> Int {
        guard case .number(let n) = v, let i = n.intValue else {
            throw fail(name, "the \(what) must be an integer, got \(JSONWriter.compact.string(v))")
        }
        return i
    }

    func apply(_ name: IntrinsicFunction.Name, _ args: [JSONValue]) throws -> JSONValue {
        switch name {
        case .format:
            guard let first = args.first else { throw fail(name, "expected a format string") }
            // The template may come from a path or a variable too (AWS accepts `States.Format($tmpl, ...)`).
            guard case .string(let template) = first else {
                throw fail(name, "the first argument must be a string, got \(first.typeName)")
            }
            return .string(try format(template, Array(args.dropFirst())))
        case .stringToJson:
            try expectCount(name, args, 1...1)
            let s = try string(name, args[0], "argument")
            if IntrinsicEvaluator.isBlank(s) { return .null }
            do { return try JSONParser.parse(s) } catch { throw fail(name, "the string is not JSON: \(error.message)") }
        case .jsonToString:
            try expectCount(name, args, 1...1)
            return .string(JSONWriter.compact.string(args[0]))
        case .array:
            return .array(args)
        case .arrayPartition:
            try expectCount(name, args, 2...2)
            let a = try array(name, args[0], "first argument")
            let size = try roundedInteger(name, args[1], "chunk size")
            guard size > 0 else { throw fail(name, "the chunk size must be greater than 0, got \(size)") }
            var out: [JSONValue] = []
            var i = 0
            while i < a.count {
                out.append(.array(Array(a[i..<min(i + size, a.count)])))
                i += size
            }
            return .array(out)
        case .arrayContains:
            try expectCount(name, args, 2...2)
            let a = try array(name, args[0], "first argument")
            return .bool(a.contains(args[1]))
        case .arrayRange:
            try expectCount(name, args, 3...3)
            let start = try roundedInteger(name, args[0], "start")
            let end = try roundedInteger(name, args[1], "end")
            let step = try roundedInteger(name, args[2], "step")
            guard step != 0 else { throw fail(name, "the step must not be 0") }
            var out: [JSONValue] = []
            var i = start
            while step > 0 ? i <= end : i >= end {
                out.append(.int(i))
                guard out.count <= 1000 else { throw fail(name, "the range has more than 1000 items") }
                i += step
            }
            return .array(out)
        case .arrayGetItem:
            try expectCount(name, args, 2...2)
            let a = try array(name, args[0], "first argument")
            let index = try integer(name, args[1], "index")
            guard index >= 0, index < a.count else {
                throw fail(name, "the index \(index) is out of bounds for an array of \(a.count) items")
            }
            return a[index]
        case .arrayLength:
            try expectCount(name, args, 1...1)
            return .int(try array(name, args[0], "argument").count)
        case .arrayUnique:
            try expectCount(name, args, 1...1)
            return .array(IntrinsicEvaluator.unique(try array(name, args[0], "argument")))
        case .base64Encode:
            try expectCount(name, args, 1...1)
            let s = try string(name, args[0], "argument")
            guard s.count <= 10_000 else { throw fail(name, "the input is longer than 10000 characters") }
            return .string(Base64.encode(s))
        case .base64Decode:
            try expectCount(name, args, 1...1)
            let s = try string(name, args[0], "argument")
            guard s.count <= 10_000 else { throw fail(name, "the input is longer than 10000 characters") }
            guard let bytes = try? Base64.decode(s) else { throw fail(name, "the input is not valid base64") }
            return .string(String(decoding: bytes, as: UTF8.self))
        case .hash:
            try expectCount(name, args, 2...2)
            let data: String
            if case .string(let s) = args[0] { data = s } else { data = JSONWriter.compact.string(args[0]) }
            let algorithm = try string(name, args[1], "algorithm")
            guard data.count <= 10_000 else { throw fail(name, "the input is longer than 10000 characters") }
            guard let digestAlgorithm = DigestAlgorithm(rawValue: algorithm) else {
                throw fail(name, "unsupported algorithm '\(algorithm)'; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512")
            }
            return .string(Digest.hexDigest(data, algorithm: digestAlgorithm))
        case .jsonMerge:
            try expectCount(name, args, 3...3)
            guard case .object(var a) = args[0] else { throw fail(name, "the first argument must be an object") }
            guard case .object(let b) = args[1] else { throw fail(name, "the second argument must be an object") }
            guard case .bool(let deep) = args[2] else { throw fail(name, "the third argument must be a boolean") }
            guard !deep else { throw fail(name, "deep merge (true) is not supported; pass false") }
            a.merge(b)
            return .object(a)
        case .mathRandom:
            try expectCount(name, args, 2...3)
            let start = try truncatedInteger(name, args[0], "start")
            let end = try truncatedInteger(name, args[1], "end")
            guard start < end else { throw fail(name, "the start must be less than the end") }
            if args.count == 3 {
                let seed = try integer(name, args[2], "seed")
                var seeded = SplitMix64(seed: UInt64(bitPattern: Int64(seed)))
                return .int(start + Int(seeded.next() % UInt64(end - start)))
            }
            return .int(start + Int(random.next() % UInt64(end - start)))
        case .mathAdd:
            try expectCount(name, args, 2...2)
            guard case .number = args[0], case .number = args[1] else {
                throw fail(name, "both arguments must be numbers")
            }
            // AWS documents both values within the 32-bit integer range.
            let a = try roundedInteger(name, args[0], "first argument")
            let b = try roundedInteger(name, args[1], "second argument")
            for (value, which) in [(a, "first"), (b, "second")] where !(Int(Int32.min)...Int(Int32.max)).contains(value)
            {
                throw fail(
                    name, "the \(which) argument is \(value); it must be between \(Int32.min) and \(Int32.max)")
            }
            return .number(.int(Int64(a + b)))
        case .stringSplit:
            try expectCount(name, args, 2...2)
            let s = try string(name, args[0], "first argument")
            let delimiters = Set(try string(name, args[1], "delimiter"))
            let parts = s.split(whereSeparator: { delimiters.contains($0) }).map { JSONValue.string(String($0)) }
            return .array(parts)
        case .uuid:
            try expectCount(name, args, 0...0)
            return .string(random.uuid())
        }
    }

    /// Java's `Math.round`: halves round up (towards positive infinity).
    func javaRound(_ n: JSONNumber) -> Int64 {
        switch n {
        case .int(let i): return i
        case .double(let d): return Int64((d + 0.5).rounded(.down))
        }
    }

    /// `States.Format`: `{}` placeholders; `\{`, `\}` and `\\` are literal.
    func format(_ template: String, _ args: [JSONValue]) throws -> String {
        var out = ""
        var argIndex = 0
        var chars = template.makeIterator()
        var pendingOpen = false
        while let c = chars.next() {
            if pendingOpen {
                pendingOpen = false
                if c == "}" {
                    guard argIndex < args.count else {
                        throw fail(.format, "the format string has more {} placeholders than arguments (\(args.count))")
                    }
                    out += IntrinsicEvaluator.formatArgument(args[argIndex])
                    argIndex += 1
                    continue
                }
                out.append("{")
            }
            if c == "\\" {
                if let e = chars.next() { out.append(e) }
                continue
            }
            if c == "{" {
                pendingOpen = true
                continue
            }
            out.append(c)
        }
        if pendingOpen { out.append("{") }
        guard argIndex == args.count else {
            throw fail(
                .format, "the format string has \(argIndex) {} placeholder(s) but \(args.count) argument(s) were given")
        }
        return out
    }

    /// `items` without repeats, each kept where it first appears. An array of at most `searchedUpTo`
    /// items is searched (`==` agrees with the hash): a set's first use in a process looked up
    /// `JSONValue`'s conformances, ~60,000 instructions.
    static func unique(_ items: [JSONValue], searchedUpTo: Int = 16) -> [JSONValue] {
        var out: [JSONValue] = []
        if items.count <= searchedUpTo {
            for v in items where !out.contains(v) { out.append(v) }
            return out
        }
        var seen = Set<JSONValue>()
        for v in items where seen.insert(v).inserted { out.append(v) }
        return out
    }

    /// Whether `s` is empty once Foundation trims its whitespace and newlines: its first scalar
    /// that is not one ends the look (an ASCII one without asking the character set). Trimming
    /// cost ~30,000 instructions a call.
    static func isBlank(_ s: String) -> Bool {
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x20, 0x09...0x0D: continue
            case 0..<0x80: return false
            default: if !CharacterSet.whitespacesAndNewlines.contains(scalar) { return false }
            }
        }
        return true
    }

    /// How AWS's Java engine prints a value inside `States.Format` (strings bare, maps as `{k=v, ...}`).
    static func formatArgument(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.description
        case .string(let s): return s
        case .array(let a): return "[" + a.map(formatArgument).joined(separator: ", ") + "]"
        case .object(let o):
            return "{" + o.map { "\($0.key)=\(formatArgument($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}
