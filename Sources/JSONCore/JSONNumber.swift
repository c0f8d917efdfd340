/// A JSON number that remembers whether it was written as an integer.
///
/// AWS Step Functions runs on a Java engine that keeps 64-bit integers and doubles apart, so
/// `1` and `1.5` are stored as `.int` and `.double`. Integers outside the 64-bit range are
/// read as doubles (as JavaScript and JSONata see them). Equality and hashing compare by value:
/// `1 == 1.0`.
public enum JSONNumber: Sendable {
    /// A whole number written without a fraction or exponent, within the 64-bit range.
    case int(Int64)
    /// Any other finite number.
    case double(Double)

    /// The value as a `Double` (exact for integers up to 2^53).
    @inlinable
    public var doubleValue: Double {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        }
    }

    /// The value as an `Int64` when it is integral and in range, else `nil`.
    @inlinable
    public var int64Value: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d):
            guard d.isFinite, d.rounded(.towardZero) == d, d >= -9.223372036854775808e18, d < 9.223372036854775808e18
            else { return nil }
            return Int64(d)
        }
    }

    /// The value as an `Int` when it is integral and in range, else `nil`.
    @inlinable
    public var intValue: Int? { int64Value.map { Int($0) } }

    /// Whether the value has no fractional part.
    @inlinable
    public var isIntegral: Bool {
        switch self {
        case .int: return true
        case .double(let d): return d.isFinite && d.rounded(.towardZero) == d
        }
    }

    /// The number as JavaScript's `Number.prototype.toString` writes it (`1e21`, `0.000001`, `1e-7`).
    ///
    /// Integers print exactly. This is also the form the JSON writer uses, so a double with no
    /// fractional part prints without `.0`.
    public var description: String {
        switch self {
        case .int(let i): return String(i)
        case .double(let d): return JSONNumber.javaScriptString(d)
        }
    }

    /// Formats a double as JavaScript's `Number.prototype.toString` does.
    public static func javaScriptString(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == 0 { return "0" }
        if d.rounded(.towardZero) == d, abs(d) < 1e15 { return String(Int64(d)) }
        if let text = millisecondString(d) { return text }
        let (negative, digits, exponent) = shortestDigits(d)
        // value = 0.d1d2...dk × 10^n, with n = exponent (position of the decimal point)
        let k = digits.count
        let n = exponent
        var out = negative ? "-" : ""
        if k <= n && n <= 21 {
            out += digits
            out += String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            let idx = digits.index(digits.startIndex, offsetBy: n)
            out += digits[..<idx]
            out += "."
            out += digits[idx...]
        } else if -6 < n && n <= 0 {
            out += "0."
            out += String(repeating: "0", count: -n)
            out += digits
        } else {
            let e = n - 1
            out += String(digits.first!)
            if k > 1 {
                out += "."
                out += digits.dropFirst()
            }
            out += e >= 0 ? "e+\(e)" : "e-\(-e)"
        }
        return out
    }

    /// The fast path for numbers with at most three decimals and 1 ≤ |d| < 10^12, such as
    /// timestamps in seconds to the millisecond, which the API writes in every answer: their
    /// shortest round-trip form is the three decimals without trailing zeros (at that magnitude
    /// a double's spacing is below 0.0002, so no shorter decimal reads back as the same double).
    static func millisecondString(_ d: Double) -> String? {
        let magnitude = abs(d)
        guard magnitude >= 1, magnitude < 1e12 else { return nil }
        let scaled = (magnitude * 1000).rounded()
        guard scaled / 1000 == magnitude else { return nil }
        let millis = Int64(scaled)
        var fraction = Int(millis % 1000)
        var width = 3
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        let digits = String(fraction)
        return (d < 0 ? "-" : "") + String(millis / 1000) + "."
            + String(repeating: "0", count: width - digits.count) + digits
    }

    /// The shortest round-trip decimal digits of `d` and the decimal point position
    /// (`d = 0.DIGITS × 10^exponent`), taken from Swift's shortest-representation printer.
    static func shortestDigits(_ d: Double) -> (negative: Bool, digits: String, exponent: Int) {
        var text = Substring(abs(d).description)
        let negative = d < 0
        var exp10 = 0
        if let eIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp10 = Int(text[text.index(after: eIndex)...]) ?? 0
            text = text[..<eIndex]
        }
        var intPart = Substring(text)
        var fracPart = Substring("")
        if let dot = text.firstIndex(of: ".") {
            intPart = text[..<dot]
            fracPart = text[text.index(after: dot)...]
        }
        var digits = String(intPart) + String(fracPart)
        var pointPos = intPart.count + exp10
        // strip leading zeros (moving the point) and trailing zeros
        while digits.first == "0" && digits.count > 1 {
            digits.removeFirst()
            pointPos -= 1
        }
        while digits.last == "0" && digits.count > 1 { digits.removeLast() }
        return (negative, digits, pointPos)
    }
}

extension JSONNumber: Hashable {
    /// Compares by value: `1 == 1.0`.
    @inlinable
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)):
            guard let bi = JSONNumber.double(b).int64Value else { return false }
            return a == bi
        }
    }

    /// Hashes integral values as integers, so equal numbers hash alike whatever their kind.
    public func hash(into hasher: inout Hasher) {
        if let i = int64Value {
            hasher.combine(i)
        } else {
            hasher.combine(doubleValue)
        }
    }
}

extension JSONNumber: Comparable {
    /// Orders numbers by value; integers compare exactly.
    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if case .int(let a) = lhs, case .int(let b) = rhs { return a < b }
        return lhs.doubleValue < rhs.doubleValue
    }
}

extension JSONNumber: CustomStringConvertible {}

extension JSONNumber: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// Creates an integer number.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// Creates a double number.
    public init(floatLiteral value: Double) { self = .double(value) }
}
