/// The arithmetic, comparison, range and inclusion operators, with jsonata-js's type rules.
enum Operators {
    /// Whether a value is a number usable in arithmetic; infinities raise D1001 as in jsonata-js.
    static func isNumeric(_ v: Value) throws(JSONataError) -> Bool {
        guard case .number(let d) = v else { return false }
        if d.isNaN { return false }
        try Functions.checkFinite(d)
        return true
    }

    static func numeric(_ lhs: Value, _ rhs: Value, _ op: String) throws(JSONataError) -> Value {
        if !lhs.isUndefined, !(try isNumeric(lhs)) {
            var e = JSONataError("T2001")
            e.setValue(lhs.errorJSON)
            throw e
        }
        if !rhs.isUndefined, !(try isNumeric(rhs)) {
            var e = JSONataError("T2002")
            e.setValue(rhs.errorJSON)
            throw e
        }
        guard case .number(let l) = lhs, case .number(let r) = rhs else { return .undefined }
        switch op {
        case "+": return .number(l + r)
        case "-": return .number(l - r)
        case "*": return .number(l * r)
        case "/": return .number(l / r)
        default: return .number(l.truncatingRemainder(dividingBy: r))
        }
    }

    static func comparison(_ lhs: Value, _ rhs: Value, _ op: String) throws(JSONataError) -> Value {
        let lOK = lhs.isUndefined || lhs.isString || lhs.isNumber
        let rOK = rhs.isUndefined || rhs.isString || rhs.isNumber
        if !lOK || !rOK {
            var e = JSONataError("T2010")
            e.setValue((!(lhs.isString || lhs.isNumber) ? lhs : rhs).errorJSON)
            throw e
        }
        if lhs.isUndefined || rhs.isUndefined { return .undefined }
        switch (lhs, rhs) {
        case (.number(let l), .number(let r)):
            switch op {
            case "<": return .bool(l < r)
            case "<=": return .bool(l <= r)
            case ">": return .bool(l > r)
            default: return .bool(l >= r)
            }
        case (.string(let l), .string(let r)):
            let less = Functions.jsLess(l, r)
            let equal = Functions.jsEqual(l, r)
            switch op {
            case "<": return .bool(less)
            case "<=": return .bool(less || equal)
            case ">": return .bool(!less && !equal)
            default: return .bool(!less)
            }
        default:
            var e = JSONataError("T2009")
            e.setValue(lhs.errorJSON)
            e.details["value2"] = rhs.errorJSON
            e.refresh()
            throw e
        }
    }

    static func isInteger(_ v: Value) -> Bool {
        if case .number(let d) = v { return d.isFinite && d.rounded(.towardZero) == d }
        return false
    }

    static func range(_ lhs: Value, _ rhs: Value, _ evaluator: Evaluator?) throws(JSONataError) -> Value {
        if !lhs.isUndefined && !isInteger(lhs) {
            var e = JSONataError("T2003")
            e.setValue(lhs.errorJSON)
            throw e
        }
        if !rhs.isUndefined && !isInteger(rhs) {
            var e = JSONataError("T2004")
            e.setValue(rhs.errorJSON)
            throw e
        }
        guard case .number(let l) = lhs, case .number(let r) = rhs else { return .undefined }
        if l > r { return .undefined }
        let size = r - l + 1
        if size > 1e7 {
            var e = JSONataError("D2014")
            e.setValue(Value.jsonNumber(size))
            throw e
        }
        let n = Int(size)
        // charged before the array is made; the time limit is checked while it fills
        try evaluator?.charge(n)
        var out = [Value]()
        out.reserveCapacity(n)
        var x = l
        for i in 0..<n {
            if i & 0xFFFF == 0xFFFF { try evaluator?.checkTime() }
            out.append(.number(x))
            x += 1
        }
        return .array(out, .sequence)
    }

    static func includes(_ lhs: Value, _ rhs: Value) -> Value {
        if lhs.isUndefined || rhs.isUndefined { return .bool(false) }
        let items = rhs.isArray ? rhs.arrayItems : [rhs]
        for item in items where Functions.strictEqual(item, lhs) { return .bool(true) }
        return .bool(false)
    }
}
