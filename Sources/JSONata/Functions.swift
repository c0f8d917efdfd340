import JSONCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Helpers shared by the evaluator and the function library, following jsonata-js's `functions.js`
/// and `utils.js`.
enum Functions {
    /// Throws D1001 for an infinite number (jsonata-js's `isNumeric` check).
    @inline(__always)
    static func checkFinite(_ d: Double) throws(JSONataError) {
        if d.isInfinite {
            // JSON.stringify(Infinity) is "null", so jsonata-js says "Number out of range: null"
            var e = JSONataError("D1001")
            e.setValue(.null)
            throw e
        }
    }

    /// The effective boolean value (`$boolean`); nil for undefined. An infinite number raises
    /// D1001 (jsonata-js tests numbers with `isNumeric`), even inside an array.
    static func boolean(_ v: Value) throws(JSONataError) -> Bool? {
        switch v {
        case .undefined: return nil
        case .null: return false
        case .bool(let b): return b
        case .number(let d):
            try checkFinite(d)
            return !d.isNaN && d != 0
        case .string(let s): return !s.isEmpty
        case .jarray, .list:
            let n = v.arrayCount
            if n == 0 { return false }
            if n == 1 { return try boolean(v.arrayItem(0)) ?? false }
            // jsonata-js filters every item, so a later infinity still raises D1001
            var any = false
            for item in v.arrayItems where try boolean(item) == true { any = true }
            return any
        case .jobject(let o): return !o.isEmpty
        case .object(let b): return b.count > 0
        case .function, .builtin: return false
        case .tupleBox: return true
        }
    }

    /// JavaScript truthiness (used for the result of a `$sort` comparator).
    static func truthy(_ v: Value) -> Bool {
        switch v {
        case .undefined, .null: return false
        case .bool(let b): return b
        case .number(let d): return !d.isNaN && d != 0
        case .string(let s): return !s.isEmpty
        default: return true
        }
    }

    /// String equality by UTF-16 code units, as JavaScript's `===`.
    @inline(__always)
    static func jsEqual(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }

    /// String order by UTF-16 code units, as JavaScript's `<`.
    static func jsLess(_ a: String, _ b: String) -> Bool {
        a.utf16.lexicographicallyPrecedes(b.utf16)
    }

    /// jsonata-js's `isDeepEqual`.
    static func deepEqual(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.undefined, .undefined), (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return jsEqual(x, y)
        case (.builtin(let x), .builtin(let y)): return x === y
        case (.function(let x), .function(let y)): return x === y
        default: break
        }
        if a.isArray && b.isArray {
            let n = a.arrayCount
            guard n == b.arrayCount else { return false }
            for i in 0..<n where !deepEqual(a.arrayItem(i), b.arrayItem(i)) { return false }
            return true
        }
        if a.isObject && b.isObject {
            let ak = a.objectKeys
            let bk = b.objectKeys
            guard ak.count == bk.count else { return false }
            for k in ak {
                let bv = b.member(k)
                if bv.isUndefined && !bk.contains(k) { return false }
                if !deepEqual(a.member(k), bv) { return false }
            }
            return true
        }
        return false
    }

    /// JavaScript's `===`: scalars by value, containers never equal unless they are the same function.
    static func strictEqual(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return jsEqual(x, y)
        case (.builtin(let x), .builtin(let y)): return x === y
        case (.function(let x), .function(let y)): return x === y
        case (.object(let x), .object(let y)): return x === y
        default: return false
        }
    }

    /// jsonata-js's `append`: concatenates, treating non-arrays as singletons and skipping
    /// undefined. The values of the new array are charged to the evaluation's budget before it
    /// is built: doubling an array with `$append($a, $a)` reaches the limit, not the end of memory.
    static func append(_ a: Value, _ b: Value, _ evaluator: Evaluator?) throws(JSONataError) -> Value {
        if a.isUndefined { return b }
        if b.isUndefined { return a }
        try evaluator?.charge((a.isArray ? a.arrayCount : 1) + (b.isArray ? b.arrayCount : 1))
        var items = a.isArray ? a.arrayItems : [a]
        if b.isArray {
            items.append(contentsOf: b.arrayItems)
        } else {
            items.append(b)
        }
        return .array(items, [])
    }

    /// `append` folded over `values` left to right, building the array once.
    static func appendAll(_ values: [Value], _ evaluator: Evaluator?) throws(JSONataError) -> Value {
        let defined = values.filter { !$0.isUndefined }
        if defined.isEmpty { return .undefined }
        if defined.count == 1 { return defined[0] }
        var total = 0
        for v in defined { total += v.isArray ? v.arrayCount : 1 }
        try evaluator?.charge(total)
        var items: [Value] = []
        items.reserveCapacity(total)
        for v in defined {
            if v.isArray { items.append(contentsOf: v.arrayItems) } else { items.append(v) }
        }
        return .array(items, [])
    }

    /// Deep flattening of nested arrays into `out`.
    static func flatten(_ v: Value, into out: inout [Value]) {
        if v.isArray {
            for item in v.arrayItems { flatten(item, into: &out) }
        } else {
            out.append(v)
        }
    }

    /// A stable top-down merge sort; `swap(a, b)` says whether `b` must come before `a`.
    static func mergeSort<T>(_ array: [T], _ swap: (T, T) throws(JSONataError) -> Bool) throws(JSONataError) -> [T] {
        if array.count <= 1 { return array }
        let middle = array.count / 2
        let left = try mergeSort(Array(array[..<middle]), swap)
        let right = try mergeSort(Array(array[middle...]), swap)
        var merged: [T] = []
        merged.reserveCapacity(array.count)
        var i = 0
        var j = 0
        while i < left.count && j < right.count {
            if try swap(left[i], right[j]) {
                merged.append(right[j])
                j += 1
            } else {
                merged.append(left[i])
                i += 1
            }
        }
        merged.append(contentsOf: left[i...])
        merged.append(contentsOf: right[j...])
        return merged
    }

    // MARK: - Strings and numbers

    /// `$string`: strings unchanged, functions `""`, other values as `JSON.stringify` writes them
    /// with numbers rounded to 15 significant digits.
    static func string(_ v: Value, prettify: Bool, _ guardian: StackGuard?, budget: Evaluator? = nil)
        throws(JSONataError) -> String
    {
        switch v {
        case .string(let s): return s
        case .function, .builtin: return ""
        case .number(let d):
            if !d.isFinite {
                var e = JSONataError("D3001")
                e.setValue(.null)
                throw e
            }
            return JSNumber.string(JSNumber.toPrecision15(d))
        default:
            var source = v
            if case .list(let items, let flags) = v, flags.contains(.outerWrapper), !items.isEmpty { source = items[0] }
            var out = ""
            try JSONStringifier.write(
                source, into: &out, indent: prettify ? 2 : nil, depth: 0, guardian: guardian, budget: budget)
            return out
        }
    }

    /// The code points of a string (jsonata-js counts characters this way).
    @inline(__always)
    static func codePoints(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }

    /// Finds `needle` in `haystack` by UTF-16 code units from `from`; the offset or nil.
    static func indexOf(_ haystack: [UInt16], _ needle: [UInt16], from: Int = 0) -> Int? {
        if needle.isEmpty { return min(from, haystack.count) }
        if needle.count > haystack.count { return nil }
        var i = max(0, from)
        let last = haystack.count - needle.count
        let first = needle[0]
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// A string from UTF-16 code units, each ill-formed unit (a lone surrogate) made U+FFFD, as
    /// `String(decoding:as: UTF16.self)` makes it. Transcoded here: the standard library's generic
    /// decoding took ~7,000 instructions a call (the lexer makes a string of every token).
    static func utf16String<C: Collection>(_ units: C) -> String where C.Element == UInt16 {
        let n = units.count
        if n == 0 { return "" }
        // At most 3 UTF-8 bytes a unit (a surrogate pair, 2 units, takes 4).
        return String(unsafeUninitializedCapacity: n &* 3) { out in
            var k = 0
            var i = units.startIndex
            let end = units.endIndex
            while i != end {
                let u = units[i]
                units.formIndex(after: &i)
                if u < 0x80 {
                    out[k] = UInt8(truncatingIfNeeded: u)
                    k &+= 1
                } else if u < 0x800 {
                    out[k] = UInt8(truncatingIfNeeded: 0xC0 | u >> 6)
                    out[k &+ 1] = UInt8(truncatingIfNeeded: 0x80 | u & 0x3F)
                    k &+= 2
                } else if u & 0xF800 != 0xD800 {
                    out[k] = UInt8(truncatingIfNeeded: 0xE0 | u >> 12)
                    out[k &+ 1] = UInt8(truncatingIfNeeded: 0x80 | u >> 6 & 0x3F)
                    out[k &+ 2] = UInt8(truncatingIfNeeded: 0x80 | u & 0x3F)
                    k &+= 3
                } else if u < 0xDC00, i != end, units[i] & 0xFC00 == 0xDC00 {
                    let scalar = 0x10000 &+ (UInt32(u & 0x3FF) << 10 | UInt32(units[i] & 0x3FF))
                    units.formIndex(after: &i)
                    out[k] = UInt8(truncatingIfNeeded: 0xF0 | scalar >> 18)
                    out[k &+ 1] = UInt8(truncatingIfNeeded: 0x80 | scalar >> 12 & 0x3F)
                    out[k &+ 2] = UInt8(truncatingIfNeeded: 0x80 | scalar >> 6 & 0x3F)
                    out[k &+ 3] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
                    k &+= 4
                } else {
                    // U+FFFD
                    out[k] = 0xEF
                    out[k &+ 1] = 0xBF
                    out[k &+ 2] = 0xBD
                    k &+= 3
                }
            }
            return k
        }
    }
}

/// JavaScript number formatting.
enum JSNumber {
    /// `Number.prototype.toString()`.
    static func string(_ d: Double) -> String {
        if d == 0 { return "0" }
        return JSONNumber.javaScriptString(d)
    }

    /// The shortest round-trip digits of |d| and the decimal exponent: |d| = 0.DIGITS × 10^exponent.
    static func shortestDigits(_ d: Double) -> (digits: [UInt8], exponent: Int) {
        var text = Substring(abs(d).description)
        var exp10 = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp10 = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        var digits: [UInt8] = []
        var pointPos = 0
        var seenPoint = false
        for c in text.utf8 {
            if c == UInt8(ascii: ".") {
                seenPoint = true
                continue
            }
            digits.append(c - 48)
            if !seenPoint { pointPos += 1 }
        }
        pointPos += exp10
        while digits.first == 0 && digits.count > 1 {
            digits.removeFirst()
            pointPos -= 1
        }
        while digits.last == 0 && digits.count > 1 { digits.removeLast() }
        return (digits, pointPos)
    }

    /// The exact decimal digits of |d| to `count` significant digits, rounded half up (as
    /// `toPrecision` does), with the decimal exponent of the first digit.
    static func exactDigits(_ d: Double, significant count: Int) -> (digits: [UInt8], exponent: Int) {
        // glibc's printf prints the exact binary value; 40 digits settle every tie at 15-17 digits.
        var buffer = [CChar](repeating: 0, count: 80)
        _ = withVaList([abs(d)]) { args in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, 80, "%.40e", args) }
        }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var mantissa: [UInt8] = []
        var exponent = 0
        if let e = text.firstIndex(of: "e") {
            for c in text[..<e].utf8 where c != UInt8(ascii: ".") { mantissa.append(c - 48) }
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits = Array(mantissa.prefix(count))
        if mantissa.count > count && mantissa[count] >= 5 {
            var i = digits.count - 1
            while i >= 0 {
                if digits[i] == 9 {
                    digits[i] = 0
                    i -= 1
                } else {
                    digits[i] += 1
                    break
                }
            }
            if i < 0 {
                digits.insert(1, at: 0)
                digits.removeLast()
                exponent += 1
            }
        }
        return (digits, exponent)
    }

    /// `Number(d.toPrecision(15))`.
    static func toPrecision15(_ d: Double) -> Double {
        if d == 0 || !d.isFinite { return d }
        let shortest = shortestDigits(d)
        if shortest.digits.count <= 15 { return d }
        let (digits, exponent) = exactDigits(d, significant: 15)
        var text = d < 0 ? "-" : ""
        text += String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
        text += "e\(exponent - 14)"
        return Double(text) ?? d
    }
}
