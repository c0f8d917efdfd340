import JSONCore

/// A piece of generated Swift that can be written on one line or broken over several, as a person
/// would: a literal, a call with arguments, an array or dictionary literal.
indirect enum SwiftCode: Sendable {
    /// Text that is never broken (`.path("$.x")`, `"text"`, `3`).
    case atom(String)
    /// A dictionary literal (keys are Swift string literals already), members in order.
    case dictionary([(key: String, value: SwiftCode)])
    /// An array literal.
    case array([SwiftCode])
    /// A call: `name(arguments)`.
    case call(String, [SwiftCode])
    /// A labelled argument: `label: value`.
    case labeled(String, SwiftCode)

    /// The code on one line.
    var compact: String {
        switch self {
        case .atom(let text): return text
        case .dictionary(let members):
            guard !members.isEmpty else { return "[:]" }
            return "[" + members.map { "\($0.key): \($0.value.compact)" }.joined(separator: ", ") + "]"
        case .array(let items): return "[" + items.map(\.compact).joined(separator: ", ") + "]"
        case .call(let name, let arguments): return name + "(" + arguments.map(\.compact).joined(separator: ", ") + ")"
        case .labeled(let label, let value): return label + ": " + value.compact
        }
    }

    /// The code as lines (without indentation of the first line), on one line when it fits in `width`
    /// columns from `column`, else broken with one element a line, each indented four spaces.
    func lines(column: Int, width: Int = SwiftCode.lineWidth) -> [String] {
        let oneLine = compact
        if column + oneLine.count <= width { return [oneLine] }
        switch self {
        case .atom:
            return [oneLine]
        case .labeled(let label, let value):
            return SwiftCode.prefixed(label + ": ", value.lines(column: column + label.count + 2, width: width))
        case .dictionary(let members):
            guard !members.isEmpty else { return [oneLine] }
            var out = ["["]
            for m in members {
                let head = m.key + ": "
                out += SwiftCode.indented(
                    SwiftCode.suffixed(
                        SwiftCode.prefixed(head, m.value.lines(column: column + 4 + head.count, width: width)), ","))
            }
            return out + ["]"]
        case .array(let items):
            guard !items.isEmpty else { return [oneLine] }
            var out = ["["]
            for item in items {
                out += SwiftCode.indented(SwiftCode.suffixed(item.lines(column: column + 4, width: width), ","))
            }
            return out + ["]"]
        case .call(let name, let arguments):
            guard !arguments.isEmpty else { return [oneLine] }
            // A single trailing dictionary or array argument hugs the parentheses: `.parameters([` ... `])`.
            if arguments.count == 1, case .dictionary = arguments[0] {
                return SwiftCode.suffixed(
                    SwiftCode.prefixed(name + "(", arguments[0].lines(column: column + name.count + 1, width: width)),
                    ")")
            }
            if arguments.count == 1, case .array = arguments[0] {
                return SwiftCode.suffixed(
                    SwiftCode.prefixed(name + "(", arguments[0].lines(column: column + name.count + 1, width: width)),
                    ")")
            }
            var out = [name + "("]
            for (i, argument) in arguments.enumerated() {
                let lines = argument.lines(column: column + 4, width: width)
                out += SwiftCode.indented(i + 1 < arguments.count ? SwiftCode.suffixed(lines, ",") : lines)
            }
            return out + [")"]
        }
    }

    /// The preferred line width of generated code.
    static let lineWidth = 110

    /// `lines` with `prefix` before the first.
    static func prefixed(_ prefix: String, _ lines: [String]) -> [String] {
        guard let first = lines.first else { return [prefix] }
        return [prefix + first] + lines.dropFirst()
    }

    /// `lines` with `suffix` after the last.
    static func suffixed(_ lines: [String], _ suffix: String) -> [String] {
        guard let last = lines.last else { return [suffix] }
        return lines.dropLast() + [last + suffix]
    }

    /// `lines` indented by `levels` steps of four spaces (empty lines stay empty).
    static func indented(_ lines: [String], levels: Int = 1) -> [String] {
        let pad = String(repeating: " ", count: 4 * levels)
        return lines.map { $0.isEmpty ? $0 : pad + $0 }
    }
}

/// Swift spellings of values: string literals, numbers, identifiers.
enum SwiftSyntax {
    /// A Swift string literal for `text`, escaped.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value) {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A Swift literal for a JSON number: integers as integers, other numbers as the shortest text
    /// that reads back as the same `Double`.
    static func number(_ n: JSONNumber) -> String {
        switch n {
        case .int(let i): return String(i)
        case .double(let d):
            var text = "\(d)"
            // Swift prints 1e+21 as "1e+21" and 0.5 as "0.5"; both are valid float literals. A double
            // with no fraction ("2.0") stays a float literal so it is read back as a double.
            if text.hasSuffix(".0") { text = String(text.dropLast(2)) + ".0" }
            return text
        }
    }

    /// The Swift keywords that need backticks as identifiers.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default",
        "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch",
        "where", "while", "as", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "Any",
        "await", "some", "any", "consume", "borrowing", "consuming",
    ]

    /// A lowerCamelCase identifier from a name such as `Process Payment`, `process-payment` or
    /// `ProcessPayment`: words split at anything that is not an ASCII letter or digit.
    static func identifier(_ name: String, upper: Bool = false) -> String {
        var words: [String] = []
        var current = ""
        for ch in name {
            if ch.isASCII && (ch.isLetter || ch.isNumber) {
                current.append(ch)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        guard !words.isEmpty else { return upper ? "State" : "state" }
        var out = ""
        for (i, word) in words.enumerated() {
            if i == 0 && !upper {
                out += lowerFirstWord(word)
            } else {
                out += word.prefix(1).uppercased() + word.dropFirst()
            }
        }
        if out.first?.isNumber == true { out = "_" + out }
        return out
    }

    /// `ProcessPayment` -> `processPayment`, `SNSPublish` -> `snsPublish`, `ETL` -> `etl`.
    private static func lowerFirstWord(_ word: String) -> String {
        let chars = Array(word)
        var upperRun = 0
        while upperRun < chars.count && chars[upperRun].isUppercase { upperRun += 1 }
        if upperRun == 0 { return word }
        if upperRun == 1 || upperRun == chars.count {
            return String(chars.prefix(upperRun)).lowercased() + String(chars.dropFirst(upperRun))
        }
        // "SNSPublish": the last capital starts the next word.
        return String(chars.prefix(upperRun - 1)).lowercased() + String(chars.dropFirst(upperRun - 1))
    }

    /// `name` escaped with backticks when it is a keyword.
    static func escaped(_ name: String) -> String { keywords.contains(name) ? "`\(name)`" : name }
}
