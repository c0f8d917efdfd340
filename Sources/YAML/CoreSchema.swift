import JSONCore

/// The YAML 1.2 core schema: which plain scalars are null, booleans and numbers, and how the
/// standard `!!null`, `!!bool`, `!!int` and `!!float` tags read their text.
enum CoreSchema {
    /// The value of an untagged plain scalar.
    static func resolvePlain(_ text: String) -> JSONValue {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "~"):
            return isNull(text) ? .null : .string(text)
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            return bool(text).map(JSONValue.bool) ?? .string(text)
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return int(text) ?? float(text) ?? .string(text)
        default:
            return .string(text)
        }
    }

    /// `null`, `Null`, `NULL`, `~` or empty.
    static func isNull(_ text: String) -> Bool {
        switch text {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// `true`/`false` in lower, capitalised or upper case.
    static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// A decimal (`[-+]?[0-9]+`), octal (`0o[0-7]+`) or hexadecimal (`0x[0-9a-fA-F]+`) integer;
    /// one outside the 64-bit range becomes a double, as JSON numbers do.
    static func int(_ text: String) -> JSONValue? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        var radix = 10
        var i = 0
        var negative = false
        if bytes.count > 2 && bytes[0] == UInt8(ascii: "0")
            && (bytes[1] == UInt8(ascii: "o") || bytes[1] == UInt8(ascii: "x"))
        {
            radix = bytes[1] == UInt8(ascii: "o") ? 8 : 16
            i = 2
        } else if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        guard i < bytes.count else { return nil }
        var exact: Int64 = 0
        var overflow = false
        var approximate = 0.0
        while i < bytes.count {
            guard let digit = YAMLScanner.hexValue(bytes[i]), digit < radix else { return nil }
            approximate = approximate * Double(radix) + Double(digit)
            if !overflow {
                // Accumulate negatively so that Int64.min fits.
                let (m, o1) = exact.multipliedReportingOverflow(by: Int64(radix))
                let (s, o2) = m.subtractingReportingOverflow(Int64(digit))
                if o1 || o2 { overflow = true } else { exact = s }
            }
            i += 1
        }
        if !negative {
            if exact == Int64.min { overflow = true } else { exact = -exact }
        }
        if overflow {
            // Decimal text goes through the correctly rounded parser (accumulating would round at
            // each step); octal and hexadecimal digits accumulate exactly while they fit 53 bits.
            if radix == 10, let value = Double(text.hasPrefix("+") ? String(text.dropFirst()) : text) {
                return .number(.double(value))
            }
            return .number(.double(negative ? -approximate : approximate))
        }
        return .number(.int(exact))
    }

    /// A float: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?.inf`, `.nan` (any case form).
    static func float(_ text: String) -> JSONValue? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.double(.infinity))
        case "-.inf", "-.Inf", "-.INF": return .number(.double(-.infinity))
        case ".nan", ".NaN", ".NAN": return .number(.double(.nan))
        default: break
        }
        let bytes = Array(text.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < bytes.count && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9") { i += 1 }
            return i - start
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) { i += 1 }
        let integerDigits = digits()
        var fractionDigits = 0
        var hasPoint = false
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            hasPoint = true
            i += 1
            fractionDigits = digits()
        }
        guard integerDigits > 0 || (hasPoint && fractionDigits > 0) else { return nil }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            if i < bytes.count && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) { i += 1 }
            guard digits() > 0 else { return nil }
        }
        guard i == bytes.count else { return nil }
        // Swift's parser wants a digit on both sides of the point: give it "1.0" for "1.", "0.5" for ".5".
        var normalized = bytes
        if hasPoint && fractionDigits == 0, let point = normalized.firstIndex(of: UInt8(ascii: ".")) {
            normalized.insert(UInt8(ascii: "0"), at: point + 1)
        }
        if hasPoint && integerDigits == 0, let point = normalized.firstIndex(of: UInt8(ascii: ".")) {
            normalized.insert(UInt8(ascii: "0"), at: point)
        }
        guard let value = Double(String(decoding: normalized, as: UTF8.self)) else { return nil }
        return .number(.double(value))
    }
}
