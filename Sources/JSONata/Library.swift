import JSONCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// jsonata 2.0.6's built-in function library.
enum Library {
    typealias Body = BuiltinFunction.Body

    static func standardFunctions() -> [String: BuiltinFunction] {
        var table: [String: BuiltinFunction] = [:]
        func def(_ name: String, _ signature: String, _ arity: Int, _ body: @escaping Body) {
            table[name] = BuiltinFunction(name, signature, arity: arity, body)
        }
        // aggregation
        def("sum", "<a<n>:n>", 1) { (_, a) throws(JSONataError) -> Value in try sum(a[0]) }
        def("count", "<a:n>", 1) { (_, a) throws(JSONataError) -> Value in
            a[0].isUndefined ? .number(0) : .number(Double(a[0].arrayCount))
        }
        def("max", "<a<n>:n>", 1) { (_, a) throws(JSONataError) -> Value in try extreme(a[0], max: true) }
        def("min", "<a<n>:n>", 1) { (_, a) throws(JSONataError) -> Value in try extreme(a[0], max: false) }
        def("average", "<a<n>:n>", 1) { (_, a) throws(JSONataError) -> Value in
            guard !a[0].isUndefined, a[0].arrayCount > 0, case .number(let total) = try sum(a[0]) else {
                return .undefined
            }
            return .number(total / Double(a[0].arrayCount))
        }
        // strings
        def("string", "<x-b?:s>", 1) { (c, a) throws(JSONataError) -> Value in
            if a[0].isUndefined { return .undefined }
            let pretty: Bool
            if case .bool(let b) = a[1] { pretty = b } else { pretty = false }
            let text = try Functions.string(a[0], prettify: pretty, c.evaluator.guardian, budget: c.evaluator)
            if !a[0].isString { try c.evaluator.chargeString(bytes: text.utf8.count) }
            return .string(text)
        }
        def("substring", "<s-nn?:s>", 3) { (_, a) throws(JSONataError) -> Value in substring(a[0], a[1], a[2]) }
        def("substringBefore", "<s-s:s>", 2) { (_, a) throws(JSONataError) -> Value in
            guard case .string(let s) = a[0] else { return .undefined }
            guard case .string(let chars) = a[1] else { return .string(s) }
            let u = Array(s.utf16)
            if let pos = Functions.indexOf(u, Array(chars.utf16)) { return .string(Functions.utf16String(u[..<pos])) }
            return .string(s)
        }
        def("substringAfter", "<s-s:s>", 2) { (_, a) throws(JSONataError) -> Value in
            guard case .string(let s) = a[0] else { return .undefined }
            guard case .string(let chars) = a[1] else { return .string(s) }
            let u = Array(s.utf16)
            let c = Array(chars.utf16)
            if let pos = Functions.indexOf(u, c) { return .string(Functions.utf16String(u[(pos + c.count)...])) }
            return .string(s)
        }
        def("lowercase", "<s-:s>", 1) { (_, a) throws(JSONataError) -> Value in
            guard case .string(let s) = a[0] else { return .undefined }
            return .string(s.lowercased())
        }
        def("uppercase", "<s-:s>", 1) { (_, a) throws(JSONataError) -> Value in
            guard case .string(let s) = a[0] else { return .undefined }
            return .string(s.uppercased())
        }
        def("length", "<s-:n>", 1) { (_, a) throws(JSONataError) -> Value in
            guard case .string(let s) = a[0] else { return .undefined }
            return .number(Double(s.unicodeScalars.count))
        }
        def("trim", "<s-:s>", 1) { (_, a) throws(JSONataError) -> Value in
            guard case .string(let s) = a[0] else { return .undefined }
            return .string(trim(s))
        }
        def("pad", "<s-ns?:s>", 3) { (c, a) throws(JSONataError) -> Value in try pad(a[0], a[1], a[2], c.evaluator) }
        def("match", "<s-f<s:o>n?:a<o>>", 3) { (c, a) throws(JSONataError) -> Value in
            try RegexFunctions.match(c, a[0], a[1], a[2])
        }
        def("contains", "<s-(sf):b>", 2) { (c, a) throws(JSONataError) -> Value in
            try RegexFunctions.contains(c, a[0], a[1])
        }
        def("replace", "<s-(sf)(sf)n?:s>", 4) { (c, a) throws(JSONataError) -> Value in
            try RegexFunctions.replace(c, a[0], a[1], a[2], a[3])
        }
        def("split", "<s-(sf)n?:a<s>>", 3) { (c, a) throws(JSONataError) -> Value in
            try RegexFunctions.split(c, a[0], a[1], a[2])
        }
        def("join", "<a<s>s?:s>", 2) { (c, a) throws(JSONataError) -> Value in
            if a[0].isUndefined { return .undefined }
            var sep = ""
            if case .string(let s) = a[1] { sep = s }
            var parts: [String] = []
            var bytes = 0
            for item in a[0].arrayItems {
                if case .string(let s) = item {
                    parts.append(s)
                    bytes += s.utf8.count
                }
            }
            bytes += Swift.max(0, parts.count - 1) * sep.utf8.count
            try c.evaluator.chargeString(bytes: bytes)
            return .string(parts.joined(separator: sep))
        }
        def("formatNumber", "<n-so?:s>", 3) { (_, a) throws(JSONataError) -> Value in
            try NumberFormatting.formatNumber(a[0], a[1], a[2])
        }
        def("formatBase", "<n-n?:s>", 2) { (_, a) throws(JSONataError) -> Value in
            try NumberFormatting.formatBase(a[0], a[1])
        }
        def("formatInteger", "<n-s:s>", 2) { (_, a) throws(JSONataError) -> Value in
            try NumberFormatting.formatIntegerFunction(a[0], a[1])
        }
        def("parseInteger", "<s-s:n>", 2) { (_, a) throws(JSONataError) -> Value in
            try NumberFormatting.parseIntegerFunction(a[0], a[1])
        }
        // numbers
        def("number", "<(nsb)-:n>", 1) { (_, a) throws(JSONataError) -> Value in try number(a[0]) }
        def("floor", "<n-:n>", 1) { (_, a) throws(JSONataError) -> Value in unaryMath(a[0]) { $0.rounded(.down) } }
        def("ceil", "<n-:n>", 1) { (_, a) throws(JSONataError) -> Value in unaryMath(a[0]) { $0.rounded(.up) } }
        def("round", "<n-n?:n>", 2) { (_, a) throws(JSONataError) -> Value in round(a[0], a[1]) }
        def("abs", "<n-:n>", 1) { (_, a) throws(JSONataError) -> Value in unaryMath(a[0]) { Swift.abs($0) } }
        def("sqrt", "<n-:n>", 1) { (_, a) throws(JSONataError) -> Value in
            guard case .number(let d) = a[0] else { return .undefined }
            if d < 0 {
                var e = JSONataError("D3060")
                e.setValue(Value.jsonNumber(d))
                e.details["index"] = 1
                throw e
            }
            return .number(d.squareRoot())
        }
        def("power", "<n-n:n>", 2) { (_, a) throws(JSONataError) -> Value in
            // only an undefined base gives undefined: `Math.pow(2, undefined)` is NaN, so D3061
            guard case .number(let base) = a[0] else { return .undefined }
            var exponent = Double.nan
            if case .number(let x) = a[1] { exponent = x }
            let r = jsPow(base, exponent)
            if !r.isFinite {
                var e = JSONataError("D3061")
                e.setValue(Value.jsonNumber(base))
                if case .number(let x) = a[1] { e.details["exp"] = Value.jsonNumber(x) }
                e.refresh()
                throw e
            }
            return .number(r)
        }
        def("random", "<:n>", 0) { (c, _) throws(JSONataError) -> Value in .number(c.evaluator.random.nextDouble()) }
        // booleans
        def("boolean", "<x-:b>", 1) { (_, a) throws(JSONataError) -> Value in
            try Functions.boolean(a[0]).map(Value.bool) ?? .undefined
        }
        def("not", "<x-:b>", 1) { (_, a) throws(JSONataError) -> Value in
            try Functions.boolean(a[0]).map { .bool(!$0) } ?? .undefined
        }
        def("exists", "<x:b>", 1) { (_, a) throws(JSONataError) -> Value in .bool(!a[0].isUndefined) }
        // higher-order
        def("map", "<af>", 2) { (c, a) throws(JSONataError) -> Value in try HigherOrder.map(c, a[0], a[1]) }
        def("filter", "<af>", 2) { (c, a) throws(JSONataError) -> Value in try HigherOrder.filter(c, a[0], a[1]) }
        def("single", "<af?>", 2) { (c, a) throws(JSONataError) -> Value in try HigherOrder.single(c, a[0], a[1]) }
        def("reduce", "<afj?:j>", 3) { (c, a) throws(JSONataError) -> Value in
            try HigherOrder.reduce(c, a[0], a[1], a[2])
        }
        def("sift", "<o-f?:o>", 2) { (c, a) throws(JSONataError) -> Value in try HigherOrder.sift(c, a[0], a[1]) }
        def("each", "<o-f:a>", 2) { (c, a) throws(JSONataError) -> Value in try HigherOrder.each(c, a[0], a[1]) }
        def("zip", "<a+>", 0) { (c, a) throws(JSONataError) -> Value in
            var length = Int.max
            for x in a { length = Swift.min(length, x.isArray ? x.arrayCount : 0) }
            if length != Int.max { try c.evaluator.charge(length * (a.count + 1)) }
            return zip(a)
        }
        def("sort", "<af?:a>", 2) { (c, a) throws(JSONataError) -> Value in try HigherOrder.sort(c, a[0], a[1]) }
        // arrays and objects
        def("keys", "<x-:a<s>>", 1) { (_, a) throws(JSONataError) -> Value in keys(a[0]) }
        def("lookup", "<x-s:x>", 2) { (c, a) throws(JSONataError) -> Value in
            guard case .string(let k) = a[1] else { return .undefined }
            return c.evaluator.lookupKey(a[0], k)
        }
        def("append", "<xx:a>", 2) { (c, a) throws(JSONataError) -> Value in
            try Functions.append(a[0], a[1], c.evaluator)
        }
        def("spread", "<x-:a<o>>", 1) { (c, a) throws(JSONataError) -> Value in try spread(a[0], c.evaluator) }
        def("merge", "<a<o>:o>", 1) { (_, a) throws(JSONataError) -> Value in
            if a[0].isUndefined { return .undefined }
            let box = ObjectBox()
            for obj in a[0].arrayItems {
                for (k, v) in obj.objectPairs { box.set(k, v) }
            }
            return .object(box)
        }
        def("reverse", "<a:a>", 1) { (_, a) throws(JSONataError) -> Value in
            if a[0].isUndefined { return .undefined }
            if a[0].arrayCount <= 1 { return a[0] }
            return .array(a[0].arrayItems.reversed(), [])
        }
        def("shuffle", "<a:a>", 1) { (c, a) throws(JSONataError) -> Value in
            if a[0].isUndefined { return .undefined }
            if a[0].arrayCount <= 1 { return a[0] }
            var items = a[0].arrayItems
            var i = items.count - 1
            while i > 0 {
                let j = Int((c.evaluator.random.nextDouble() * Double(i + 1)).rounded(.down))
                items.swapAt(i, Swift.min(j, i))
                i -= 1
            }
            return .array(items, [])
        }
        def("distinct", "<x:x>", 1) { (c, a) throws(JSONataError) -> Value in try distinct(a[0], c.evaluator) }
        def("type", "<x:s>", 1) { (_, a) throws(JSONataError) -> Value in try type(a[0]) }
        def("error", "<s?:x>", 1) { (_, a) throws(JSONataError) -> Value in
            var message = "$error() function evaluated"
            if case .string(let s) = a[0], !s.isEmpty { message = s }
            var e = JSONataError(code: "D3137", message: message)
            e.explicitMessage = true
            throw e
        }
        def("assert", "<bs?:x>", 2) { (_, a) throws(JSONataError) -> Value in
            if case .bool(true) = a[0] { return .undefined }
            var message = "$assert() statement failed"
            if case .string(let s) = a[1], !s.isEmpty { message = s }
            throw JSONataError(code: "D3141", message: message)
        }
        // encoding
        def("base64encode", "<s-:s>", 1) { (_, a) throws(JSONataError) -> Value in
            guard case .string(let s) = a[0] else { return .undefined }
            return .string(Base64.encode(Array(s.utf8)))
        }
        def("base64decode", "<s-:s>", 1) { (_, a) throws(JSONataError) -> Value in
            guard case .string(let s) = a[0] else { return .undefined }
            guard let bytes = try? Base64.decode(s, lenient: true) else { return .string("") }
            return .string(String(decoding: bytes, as: UTF8.self))
        }
        def("encodeUrlComponent", "<s-:s>", 1) { (_, a) throws(JSONataError) -> Value in
            try URLEncoding.encode(a[0], component: true)
        }
        def("encodeUrl", "<s-:s>", 1) { (_, a) throws(JSONataError) -> Value in
            try URLEncoding.encode(a[0], component: false)
        }
        def("decodeUrlComponent", "<s-:s>", 1) { (_, a) throws(JSONataError) -> Value in
            try URLEncoding.decode(a[0], component: true)
        }
        def("decodeUrl", "<s-:s>", 1) { (_, a) throws(JSONataError) -> Value in
            try URLEncoding.decode(a[0], component: false)
        }
        // evaluation and cloning
        def("eval", "<sx?:x>", 2) { (c, a) throws(JSONataError) -> Value in try evalFunction(c, a[0], a[1]) }
        def("clone", "<(oa)-:o>", 1) { (c, a) throws(JSONataError) -> Value in
            if a[0].isUndefined { return .undefined }
            return try Transform.deepClone(a[0], c.evaluator.guardian)
        }
        // dates
        def("now", "<s?s?:s>", 2) { (c, a) throws(JSONataError) -> Value in
            try DateTimeFunctions.fromMillis(.number(c.evaluator.nowMillis), a[0], a[1])
        }
        def("millis", "<:n>", 0) { (c, _) throws(JSONataError) -> Value in .number(c.evaluator.nowMillis) }
        def("fromMillis", "<n-s?s?:s>", 3) { (_, a) throws(JSONataError) -> Value in
            try DateTimeFunctions.fromMillis(a[0], a[1], a[2])
        }
        def("toMillis", "<s-s?:n>", 2) { (c, a) throws(JSONataError) -> Value in
            try DateTimeFunctions.toMillis(a[0], a[1], now: c.evaluator.nowMillis)
        }
        return table
    }

    // MARK: - Aggregation

    static func sum(_ v: Value) throws(JSONataError) -> Value {
        if v.isUndefined { return .undefined }
        var total = 0.0
        for item in v.arrayItems { if case .number(let d) = item { total += d } }
        return .number(total)
    }

    static func extreme(_ v: Value, max: Bool) throws(JSONataError) -> Value {
        if v.isUndefined || v.arrayCount == 0 { return .undefined }
        var best = max ? -Double.infinity : Double.infinity
        for item in v.arrayItems {
            guard case .number(let d) = item else { continue }
            if d.isNaN { return .number(.nan) }
            best = max ? Swift.max(best, d) : Swift.min(best, d)
        }
        return .number(best)
    }

    // MARK: - Strings

    /// JavaScript's `ToIntegerOrInfinity` clamped to Int.
    static func jsInteger(_ d: Double) -> Int {
        if d.isNaN { return 0 }
        if d >= 9e15 { return Int(9e15) }
        if d <= -9e15 { return Int(-9e15) }
        return Int(d.rounded(.towardZero))
    }

    /// JavaScript's `ToIntegerOrInfinity` (truncation toward zero, NaN as 0) clamped to ±9e15.
    static func jsIntegerOrInfinity(_ d: Double) -> Double {
        if d.isNaN { return 0 }
        return Swift.max(-9e15, Swift.min(9e15, d.rounded(.towardZero)))
    }

    /// `Array.prototype.slice(from, to)` bounds over `count` items.
    static func sliceBounds(_ from: Double, _ to: Double, count: Int) -> Range<Int> {
        let n = Double(count)
        let f = jsIntegerOrInfinity(from)
        let t = jsIntegerOrInfinity(to)
        let a = f < 0 ? Swift.max(n + f, 0) : Swift.min(f, n)
        let b = t < 0 ? Swift.max(n + t, 0) : Swift.min(t, n)
        return Int(a)..<Int(Swift.max(a, b))
    }

    /// `$substring`: jsonata-js computes `start + length` before `slice` truncates, so
    /// `$substring("abcd", 0.5, 1.5)` is `"ab"`.
    static func substring(_ str: Value, _ start: Value, _ length: Value) -> Value {
        guard case .string(let s) = str else { return .undefined }
        guard case .number(var st) = start else { return .string(s) }
        let chars = Array(s.unicodeScalars)
        let count = Double(chars.count)
        if count + st < 0 { st = 0 }
        var end = count
        if case .number(let len) = length {
            if len <= 0 { return .string("") }
            end = st >= 0 ? st + len : count + st + len
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: chars[sliceBounds(st, end, count: chars.count)])
        return .string(String(out))
    }

    static func trim(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for u in s.unicodeScalars {
            if u == " " || u == "\t" || u == "\n" || u == "\r" {
                pendingSpace = true
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(u)
            }
        }
        var result = String(out)
        if pendingSpace { result += " " }
        if result.hasPrefix(" ") { result.removeFirst() }
        if result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    /// `$pad`, in linear time. jsonata-js builds the padding with `new Array(padLength + 1).join(char)`:
    /// a fractional or huge padding length is JavaScript's RangeError "Invalid array length", a
    /// padding longer than a JavaScript string can be is "Invalid string length".
    static func pad(_ str: Value, _ width: Value, _ char: Value, _ evaluator: Evaluator?) throws(JSONataError) -> Value
    {
        guard case .string(let s) = str else { return .undefined }
        // Math.abs(undefined) is NaN, and a NaN padding length pads nothing
        guard case .number(let w) = width else { return .string(s) }
        var padChar = " "
        if case .string(let c) = char, !c.isEmpty { padChar = c }
        let padLength = Swift.abs(w) - Double(s.unicodeScalars.count)
        guard padLength > 0 else { return .string(s) }
        guard padLength.rounded(.towardZero) == padLength, padLength + 1 <= 4_294_967_295 else {
            throw JSONataError.javaScript("RangeError", "Invalid array length")
        }
        let count = Int(padLength)
        let padScalars = Array(padChar.unicodeScalars)
        // the joined string is (count) copies of the pad text, cut to `count` code points
        if Double(count) * Double(padChar.utf16.count) > Double(Evaluator.maxStringLength) {
            throw Evaluator.stringLengthError()
        }
        var bytes = 0
        for (i, u) in padScalars.enumerated() where i < count {
            bytes += UTF8.width(u) * ((count - i + padScalars.count - 1) / padScalars.count)
        }
        try evaluator?.chargeString(bytes: bytes + s.utf8.count)
        // whole copies of the pad text, then the code points that fit
        // (built as bytes by doubling: String(repeating:count:) appends one copy at a time)
        let unit = Array(padChar.utf8)
        let wholeBytes = (count / padScalars.count) * unit.count
        var buffer: [UInt8] = []
        buffer.reserveCapacity(wholeBytes)
        if wholeBytes > 0 { buffer.append(contentsOf: unit) }
        while buffer.count < wholeBytes {
            buffer.append(contentsOf: buffer[..<Swift.min(buffer.count, wholeBytes - buffer.count)])
        }
        var padding = String(decoding: buffer, as: UTF8.self)
        let rest = count % padScalars.count
        if rest > 0 {
            var tail = String.UnicodeScalarView()
            tail.append(contentsOf: padScalars[..<rest])
            padding += String(tail)
        }
        return .string(w > 0 ? s + padding : padding + s)
    }

    // MARK: - Numbers

    /// JavaScript's `Math.pow`, which differs from C's `pow` where the result is NaN:
    /// `pow(1, NaN)` and `pow(±1, ±Infinity)` are NaN in JavaScript, 1 in C.
    static func jsPow(_ base: Double, _ exponent: Double) -> Double {
        if exponent.isNaN { return .nan }
        if exponent.isInfinite && Swift.abs(base) == 1 { return .nan }
        return pow(base, exponent)
    }

    static func number(_ v: Value) throws(JSONataError) -> Value {
        switch v {
        case .undefined: return .undefined
        case .number: return v
        case .bool(let b): return .number(b ? 1 : 0)
        case .string(let s):
            if isDecimalLiteral(s), let d = Double(s), d.isFinite { return .number(d) }
            if let d = prefixedLiteral(s) { return .number(d) }
        default: break
        }
        var e = JSONataError("D3030")
        e.setValue(v.errorJSON)
        e.details["index"] = 1
        throw e
    }

    /// `^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$`
    static func isDecimalLiteral(_ s: String) -> Bool {
        let u = Array(s.utf8)
        var i = 0
        func digits() -> Bool {
            let start = i
            while i < u.count && u[i] >= 48 && u[i] <= 57 { i += 1 }
            return i > start
        }
        if i < u.count && u[i] == UInt8(ascii: "-") { i += 1 }
        guard digits() else { return false }
        if i < u.count && u[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() else { return false }
        }
        if i < u.count && (u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E")) {
            i += 1
            if i < u.count && (u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-")) { i += 1 }
            guard digits() else { return false }
        }
        return i == u.count
    }

    /// `0x1F`, `0o17`, `0b101` as JavaScript's `Number()` reads them.
    static func prefixedLiteral(_ s: String) -> Double? {
        let u = Array(s.utf8)
        guard u.count > 2, u[0] == UInt8(ascii: "0") else { return nil }
        let radix: Int
        switch u[1] {
        case UInt8(ascii: "x"), UInt8(ascii: "X"): radix = 16
        case UInt8(ascii: "o"), UInt8(ascii: "O"): radix = 8
        case UInt8(ascii: "b"), UInt8(ascii: "B"): radix = 2
        default: return nil
        }
        var value = 0.0
        for c in u[2...] {
            guard let d = Lexer.hexValue(UInt16(c)), d < radix else { return nil }
            value = value * Double(radix) + Double(d)
        }
        return value
    }

    static func unaryMath(_ v: Value, _ f: (Double) -> Double) -> Value {
        guard case .number(let d) = v else { return .undefined }
        return .number(f(d))
    }

    /// `$round`: half to even, at `precision` decimal places, shifting the decimal point through
    /// the number's string form as jsonata-js does. A precision that is not an integer (or a
    /// shift that reaches Infinity) makes the string unreadable as a number, so the result is NaN.
    static func round(_ v: Value, _ precision: Value) -> Value {
        guard case .number(var arg) = v else { return .undefined }
        // `if (precision)`: 0, NaN and undefined leave the number unshifted
        var p: Double? = nil
        if case .number(let pd) = precision, pd != 0, !pd.isNaN { p = pd }
        if let p { arg = shiftDecimal(arg, by: p) }
        var result = jsMathRound(arg)
        let diff = result - arg
        if Swift.abs(diff) == 0.5 && Swift.abs(result.truncatingRemainder(dividingBy: 2)) == 1 { result -= 1 }
        if let p { result = shiftDecimal(result, by: -p) }
        if result == 0 { result = 0 }
        return .number(result)
    }

    /// JavaScript's `Math.round`: the nearest integer, halves toward +∞.
    static func jsMathRound(_ x: Double) -> Double {
        let f = x.rounded(.down)
        return x - f >= 0.5 ? f + 1 : f
    }

    /// `+(mantissa + 'e' + (exponent + shift))` on JavaScript's string form of `d`.
    static func shiftDecimal(_ d: Double, by shift: Double) -> Double {
        let text = JSNumber.string(d)
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count > 1 ? (jsStringToNumber(String(parts[1])) ?? .nan) : 0
        return jsStringToNumber("\(parts[0])e\(JSNumber.string(exponent + shift))") ?? .nan
    }

    /// JavaScript's `Number(text)` for decimal literals (`[+-]digits[.digits][e[+-]digits]`);
    /// nil (NaN) for anything else, such as `"1e1.5"` or `"Infinitye2"`.
    static func jsStringToNumber(_ text: String) -> Double? {
        let u = Array(text.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < u.count && u[i] >= 48 && u[i] <= 57 { i += 1 }
            return i - start
        }
        if i < u.count && (u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-")) { i += 1 }
        var mantissaDigits = digits()
        if i < u.count && u[i] == UInt8(ascii: ".") {
            i += 1
            mantissaDigits += digits()
        }
        guard mantissaDigits > 0 else { return nil }
        if i < u.count && (u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E")) {
            i += 1
            if i < u.count && (u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-")) { i += 1 }
            guard digits() > 0 else { return nil }
        }
        guard i == u.count else { return nil }
        return Double(text)
    }

    // MARK: - Arrays and objects

    static func zip(_ args: [Value]) -> Value {
        var length = Int.max
        for a in args { length = Swift.min(length, a.isArray ? a.arrayCount : 0) }
        if args.isEmpty { length = 0 }
        var result: [Value] = []
        for i in 0..<length {
            result.append(.array(args.map { $0.arrayItem(i) }, []))
        }
        return .array(result, [])
    }

    /// `$keys`: the keys of an object; for an array, the distinct keys of its items, descending
    /// into nested arrays as jsonata-js's recursive `keys` does.
    static func keys(_ v: Value) -> Value {
        var seen = Set<String>()
        var merged: [Value] = []
        func collect(_ item: Value) {
            if item.isArray {
                for inner in item.arrayItems { collect(inner) }
                return
            }
            for k in item.objectKeys where seen.insert(k).inserted { merged.append(.string(k)) }
        }
        collect(v)
        return .array(merged, .sequence)
    }

    static func spread(_ v: Value, _ evaluator: Evaluator?) throws(JSONataError) -> Value {
        if v.isArray {
            // appended once rather than item by item (which copied the growing array each time)
            var parts: [Value] = [.emptySequence]
            for item in v.arrayItems { parts.append(try spread(item, evaluator)) }
            return try Functions.appendAll(parts, evaluator)
        }
        if v.isObject {
            var out: [Value] = []
            for (k, value) in v.objectPairs {
                let box = ObjectBox(capacity: 1)
                box.set(k, value)
                out.append(.object(box))
            }
            return .array(out, .sequence)
        }
        return v
    }

    static func distinct(_ v: Value, _ evaluator: Evaluator?) throws(JSONataError) -> Value {
        if v.isUndefined { return .undefined }
        guard v.isArray, v.arrayCount > 1 else { return v }
        var results: [Value] = []
        var seenScalars = Set<String>()
        for value in v.arrayItems {
            // fast path for strings and numbers, deep comparison for the rest
            var key: String? = nil
            switch value {
            case .string(let s): key = "s" + s
            case .number(let d):
                // NaN equals nothing, not even NaN; -0 equals 0 (JavaScript's ===)
                if d.isNaN {
                    results.append(value)
                    continue
                }
                key = "n\(d == 0 ? 0 : d)"
            case .bool(let b): key = b ? "t" : "f"
            case .null: key = "l"
            default: break
            }
            if let key {
                if seenScalars.insert(key).inserted { results.append(value) }
                continue
            }
            // quadratic in the number of distinct containers: keep an eye on the clock
            try evaluator?.checkLoop()
            if !results.contains(where: { Functions.deepEqual(value, $0) }) { results.append(value) }
        }
        return .array(results, v.isSequence ? .sequence : [])
    }

    static func type(_ v: Value) throws(JSONataError) -> Value {
        switch v {
        case .undefined: return .undefined
        case .null: return .string("null")
        case .number(let d):
            // `isNumeric` first: infinities raise D1001, NaN falls through to "object"
            try Functions.checkFinite(d)
            return .string(d.isNaN ? "object" : "number")
        case .string: return .string("string")
        case .bool: return .string("boolean")
        case .jarray, .list: return .string("array")
        case .function, .builtin: return .string("function")
        default: return .string("object")
        }
    }

    // MARK: - $eval

    static func evalFunction(_ c: NativeContext, _ expr: Value, _ focus: Value) throws(JSONataError) -> Value {
        guard case .string(let text) = expr else { return .undefined }
        var input = c.input
        if !focus.isUndefined {
            input = focus
            if case .jarray = focus { input = .array([focus], [.sequence, .outerWrapper]) }
            if case .list(let items, let flags) = focus, !flags.contains(.sequence) {
                input = .array([.array(items, flags)], [.sequence, .outerWrapper])
            }
        }
        let ast: Node
        do throws(JSONataError) {
            ast = try Parser.parse(text)
        } catch {
            var e = JSONataError("D3120")
            e.setValue(.string(error.message))
            throw e
        }
        do throws(JSONataError) {
            return try c.evaluator.eval(ast, input, c.frame)
        } catch {
            if error.code == "U1001" { throw error }
            var e = JSONataError("D3121")
            e.setValue(.string(error.message))
            throw e
        }
    }
}
