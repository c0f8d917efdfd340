import JSONCore

/// Writes values as JavaScript's `JSON.stringify` does (key order kept, numbers as JavaScript
/// prints them, control characters escaped, optional indentation).
enum JSONStringifier {
    /// Writes a value as `$string` does: numbers rounded to 15 significant digits, functions as `""`.
    /// `budget` (the evaluation) is checked as the text grows, item by item, so that writing
    /// a huge value stops at the string budget and the time limit.
    static func write(
        _ v: Value, into out: inout String, indent: Int?, depth: Int, guardian: StackGuard?, budget: Evaluator? = nil
    ) throws(JSONataError) {
        if let guardian, guardian.exhausted {
            try guardian.extended { (fresh: StackGuard) throws(JSONataError) in
                try write(v, into: &out, indent: indent, depth: depth, guardian: fresh, budget: budget)
            }
            return
        }
        if let budget {
            try budget.checkLoop()
            try budget.checkStringGrowth(out.utf8.count)
        }
        switch v {
        case .undefined, .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d):
            if d.isNaN {
                out += "null"
            } else {
                try Functions.checkFinite(d)
                out += JSNumber.string(JSNumber.toPrecision15(d))
            }
        case .string(let s): writeString(s, into: &out)
        case .function, .builtin: out += "\"\""
        case .tupleBox(let b):
            try write(b.tuple.focus, into: &out, indent: indent, depth: depth, guardian: guardian, budget: budget)
        case .jarray, .list:
            let items = v.arrayItems
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent, depth + 1)
                try write(
                    item.isUndefined ? .null : item, into: &out, indent: indent, depth: depth + 1, guardian: guardian,
                    budget: budget)
            }
            newline(&out, indent, depth)
            out += "]"
        case .jobject, .object:
            let pairs = v.objectPairs.filter { !$0.1.isUndefined }
            if pairs.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (i, (k, value)) in pairs.enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent, depth + 1)
                writeString(k, into: &out)
                out += indent == nil ? ":" : ": "
                try write(value, into: &out, indent: indent, depth: depth + 1, guardian: guardian, budget: budget)
            }
            newline(&out, indent, depth)
            out += "}"
        }
    }

    /// Writes a JSON value exactly (used for error messages, where jsonata-js does not round).
    static func write(_ v: JSONValue, into out: inout String, indent: Int?, depth: Int) {
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n):
            switch n {
            case .int(let i): out += String(i)
            case .double(let d): out += d.isFinite ? JSNumber.string(d) : "null"
            }
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, into: &out, indent: indent, depth: depth + 1)
            }
            out += "]"
        case .object(let o):
            out += "{"
            var first = true
            for (k, value) in o {
                if !first { out += "," }
                first = false
                writeString(k, into: &out)
                out += ":"
                write(value, into: &out, indent: indent, depth: depth + 1)
            }
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: Int?, _ depth: Int) {
        guard let indent else { return }
        out += "\n"
        out += String(repeating: " ", count: indent * depth)
    }

    static let hexDigits: [Character] = Array("0123456789abcdef")

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00"
                    out.append(hexDigits[Int(scalar.value >> 4)])
                    out.append(hexDigits[Int(scalar.value & 0xF)])
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
