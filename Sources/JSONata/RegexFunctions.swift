#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `$match`, `$contains`, `$replace` and `$split` with a regex or a custom matcher function.
enum RegexFunctions {
    /// One match as jsonata-js's matcher protocol describes it.
    struct MatchInfo {
        var match: String
        var start: Int
        var end: Int
        var groups: [Value]
        /// The object the matcher returned (custom matchers), passed to replacement functions.
        var object: Value?
    }

    /// Walks the matches of a regex or a custom matcher, as jsonata-js's `evaluateMatcher` and
    /// the `next()` functions do (a later zero-length match raises D1004).
    struct MatchIterator {
        let context: NativeContext
        let matcher: Value
        let string: String
        let units: [UInt16]
        var program: RegexProgram?
        var lastIndex = 0
        var nextFunction: Value = .undefined
        var started = false
        var finished = false

        init(_ context: NativeContext, _ matcher: Value, _ string: String) {
            self.context = context
            self.matcher = matcher
            self.string = string
            self.units = Array(string.utf16)
            if case .function(let f) = matcher, case .regex(let p) = f.kind { program = p }
        }

        mutating func next() throws(JSONataError) -> MatchInfo? {
            if finished { return nil }
            if let program {
                let first = !started
                started = true
                if !first && lastIndex >= units.count {
                    finished = true
                    return nil
                }
                guard
                    let m = try program.firstMatch(in: units, from: first ? 0 : lastIndex, evaluator: context.evaluator)
                else {
                    finished = true
                    return nil
                }
                if !first && m.isEmpty {
                    var e = JSONataError("D1004")
                    e.setValue(.string(program.source))
                    throw e
                }
                lastIndex = m.end
                return MatchInfo(
                    match: m.matchedString(units), start: m.start, end: m.end,
                    groups: m.groupStrings(units).map { $0.map(Value.string) ?? .undefined })
            }
            let result: Value
            if !started {
                started = true
                // jsonata-js calls `matcher.apply(...)`: an undefined matcher is a TypeError
                if matcher.isUndefined {
                    throw JSONataError.javaScript("TypeError", "Cannot read properties of undefined (reading 'apply')")
                }
                result = try context.evaluator.call(matcher, [.string(string)], context)
            } else if nextFunction.isFunction {
                result = try context.evaluator.call(nextFunction, [], context)
            } else {
                result = .undefined
            }
            if result.isUndefined {
                finished = true
                return nil
            }
            let start = result.member("start")
            let groups = result.member("groups")
            let next = result.member("next")
            guard start.isNumber || groups.isArray || next.isFunction else { throw JSONataError("T1010") }
            nextFunction = next
            var info = MatchInfo(match: "", start: 0, end: 0, groups: groups.arrayItems, object: result)
            if case .string(let m) = result.member("match") { info.match = m }
            if case .number(let s) = start { info.start = Library.jsInteger(s) }
            if case .number(let e) = result.member("end") {
                info.end = Library.jsInteger(e)
            } else {
                info.end = info.start + info.match.utf16.count
            }
            return info
        }
    }

    static func limitValue(_ v: Value) -> Double? {
        if case .number(let d) = v { return d }
        return nil
    }

    /// The optional limit argument; a negative one raises `code` for argument `index`.
    static func checkedLimit(_ v: Value, code: String, index: Int) throws(JSONataError) -> Double? {
        let lim = limitValue(v)
        if let lim, lim < 0 {
            var e = JSONataError(code)
            e.setValue(Value.jsonNumber(lim))
            e.details["index"] = .number(.int(Int64(index)))
            throw e
        }
        return lim
    }

    static func match(_ c: NativeContext, _ str: Value, _ matcher: Value, _ limit: Value) throws(JSONataError) -> Value
    {
        guard case .string(let s) = str else { return .undefined }
        let lim = try checkedLimit(limit, code: "D3040", index: 3)
        var result: [Value] = []
        if lim == nil || lim! > 0 {
            var it = MatchIterator(c, matcher, s)
            var count = 0.0
            while lim == nil || count < lim! {
                try c.evaluator.checkLoop()
                guard let m = try it.next() else { break }
                let box = ObjectBox(capacity: 3)
                box.set("match", .string(m.match))
                box.set("index", .number(Double(m.start)))
                box.set("groups", .array(m.groups, []))
                result.append(.object(box))
                count += 1
            }
        }
        return .array(result, .sequence)
    }

    static func contains(_ c: NativeContext, _ str: Value, _ token: Value) throws(JSONataError) -> Value {
        guard case .string(let s) = str else { return .undefined }
        if case .string(let t) = token {
            return .bool(Functions.indexOf(Array(s.utf16), Array(t.utf16)) != nil)
        }
        var it = MatchIterator(c, token, s)
        return .bool(try it.next() != nil)
    }

    static func replace(_ c: NativeContext, _ str: Value, _ pattern: Value, _ replacement: Value, _ limit: Value)
        throws(JSONataError) -> Value
    {
        guard case .string(let s) = str else { return .undefined }
        if case .string(let p) = pattern, p.isEmpty {
            var e = JSONataError("D3010")
            e.setValue(.string(p))
            e.details["index"] = 2
            throw e
        }
        let lim = try checkedLimit(limit, code: "D3011", index: 4)
        if let lim, lim <= 0 { return .string(s) }
        let units = Array(s.utf16)
        var result: [UInt16] = []
        var position = 0
        var count = 0.0
        if case .string(let p) = pattern {
            let pu = Array(p.utf16)
            // jsonata-js appends the replacement with `+=`: an undefined one reads "undefined"
            // (a function replacement is not called for a string pattern either)
            let replacementUnits: [UInt16]
            switch replacement {
            case .string(let r): replacementUnits = Array(r.utf16)
            case .undefined: replacementUnits = Array("undefined".utf16)
            default: replacementUnits = Array(try Functions.string(replacement, prettify: false, nil).utf16)
            }
            var index = Functions.indexOf(units, pu, from: position)
            while let i = index, lim == nil || count < lim! {
                try c.evaluator.checkLoop()
                result.append(contentsOf: units[position..<i])
                result.append(contentsOf: replacementUnits)
                try c.evaluator.checkStringGrowth(result.count)
                position = i + pu.count
                count += 1
                index = Functions.indexOf(units, pu, from: position)
            }
            result.append(contentsOf: units[position...])
            try c.evaluator.chargeString(bytes: result.count)
            return .string(Functions.utf16String(result))
        }
        var it = MatchIterator(c, pattern, s)
        var any = false
        // jsonata-js calls `replacement.apply` on the first match: undefined is a TypeError
        let undefinedReplacement = replacement.isUndefined
        while lim == nil || count < lim! {
            try c.evaluator.checkLoop()
            guard let m = try it.next() else { break }
            any = true
            let start = min(max(m.start, position), units.count)
            result.append(contentsOf: units[position..<start])
            if undefinedReplacement {
                throw JSONataError.javaScript("TypeError", "Cannot read properties of undefined (reading 'apply')")
            }
            let replaced: Value
            if case .string(let r) = replacement {
                replaced = .string(substitute(r, m))
            } else {
                let arg: Value
                if let object = m.object {
                    arg = object
                } else {
                    let box = ObjectBox(capacity: 4)
                    box.set("match", .string(m.match))
                    box.set("start", .number(Double(m.start)))
                    box.set("end", .number(Double(m.end)))
                    box.set("groups", .array(m.groups, []))
                    arg = .object(box)
                }
                replaced = try c.evaluator.call(replacement, [arg], c)
            }
            guard case .string(let text) = replaced else {
                var e = JSONataError("D3012")
                e.setValue(replaced.errorJSON)
                throw e
            }
            result.append(contentsOf: text.utf16)
            try c.evaluator.checkStringGrowth(result.count)
            position = max(0, min(m.start + m.match.utf16.count, units.count))
            count += 1
        }
        if !any { return .string(s) }
        result.append(contentsOf: units[min(position, units.count)...])
        try c.evaluator.chargeString(bytes: result.count)
        return .string(Functions.utf16String(result))
    }

    /// Expands `$0`, `$1`... and `$$` in a replacement string, as jsonata-js does.
    static func substitute(_ replacement: String, _ m: MatchInfo) -> String {
        let r = Array(replacement.utf16)
        var out: [UInt16] = []
        var position = 0
        let groupCount = m.groups.count
        while position < r.count {
            guard let dollar = r[position...].firstIndex(of: 0x24) else { break }
            out.append(contentsOf: r[position..<dollar])
            position = dollar + 1
            if position < r.count && r[position] == 0x24 {
                out.append(0x24)
                position += 1
            } else if position < r.count && r[position] == 0x30 {
                out.append(contentsOf: m.match.utf16)
                position += 1
            } else {
                let maxDigits = groupCount == 0 ? 1 : Int(log10(Double(groupCount)).rounded(.down)) + 1
                func parse(_ n: Int) -> Int? {
                    var v = 0
                    var k = 0
                    while k < n && position + k < r.count && r[position + k] >= 0x30 && r[position + k] <= 0x39 {
                        v = v * 10 + Int(r[position + k] - 0x30)
                        k += 1
                    }
                    return k == 0 ? nil : v
                }
                var index = parse(maxDigits)
                if maxDigits > 1, let i = index, i > groupCount { index = parse(maxDigits - 1) }
                if let i = index {
                    if groupCount > 0, i >= 1, i <= groupCount, case .string(let g) = m.groups[i - 1] {
                        out.append(contentsOf: g.utf16)
                    }
                    position += String(i).count
                } else {
                    out.append(0x24)
                }
            }
        }
        if position < r.count { out.append(contentsOf: r[position...]) }
        return Functions.utf16String(out)
    }

    static func split(_ c: NativeContext, _ str: Value, _ separator: Value, _ limit: Value) throws(JSONataError)
        -> Value
    {
        guard case .string(let s) = str else { return .undefined }
        let lim = try checkedLimit(limit, code: "D3020", index: 3)
        var result: [Value] = []
        // `limit > 0` fails for NaN too
        if let lim, !(lim > 0) { return .array([], []) }
        // String.prototype.split takes ToUint32(limit): Infinity is 0, 2^32 + 1 is 1
        let maxParts =
            lim.map { l -> Int in
                guard l.isFinite else { return 0 }
                return Int(l.rounded(.towardZero).truncatingRemainder(dividingBy: 4_294_967_296))
            } ?? Int.max
        if case .string(let sep) = separator {
            if sep.isEmpty {
                for u in s.unicodeScalars.prefix(maxParts) { result.append(.string(String(u))) }
                return .array(result, [])
            }
            let units = Array(s.utf16)
            let su = Array(sep.utf16)
            var position = 0
            while result.count < maxParts {
                try c.evaluator.checkLoop()
                guard let i = Functions.indexOf(units, su, from: position) else {
                    result.append(.string(Functions.utf16String(units[position...])))
                    break
                }
                result.append(.string(Functions.utf16String(units[position..<i])))
                position = i + su.count
            }
            return .array(result, [])
        }
        let units = Array(s.utf16)
        var it = MatchIterator(c, separator, s)
        var start = 0
        var count = 0
        var any = false
        while lim == nil || Double(count) < lim! {
            try c.evaluator.checkLoop()
            guard let m = try it.next() else { break }
            any = true
            let a = max(0, min(start, units.count))
            let b = min(max(m.start, a), units.count)
            result.append(.string(Functions.utf16String(units[a..<b])))
            start = m.end
            count += 1
        }
        if !any {
            result.append(.string(s))
        } else if lim == nil || Double(count) < lim! {
            result.append(.string(Functions.utf16String(units[max(0, min(start, units.count))...])))
        }
        return .array(result, [])
    }
}
