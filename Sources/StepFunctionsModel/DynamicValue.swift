/// A field value that is a literal, a JSONata expression (`"{% ... %}"`), or a placeholder that a
/// deployment tool fills in (see ``Placeholder``).
public enum DynamicValue<Value: Sendable & Hashable>: Sendable, Hashable {
    /// A literal value.
    case literal(Value)
    /// A JSONata expression evaluated when the state runs (JSONata states only).
    case expression(JSONataExpression)
    /// A placeholder (its text as written, e.g. `${Timeout}`) standing for a value of the field's type.
    case placeholder(String)

    /// The literal value, if this is one.
    public var literal: Value? {
        if case .literal(let v) = self { return v }
        return nil
    }
}

extension DynamicValue {
    /// A JSONata expression from its text (without `{%`/`%}`), written `{% source %}`.
    public static func jsonata(_ source: String) -> DynamicValue { .expression(.spaced(source)) }
}

extension DynamicValue: ExpressibleByIntegerLiteral where Value == Int {
    /// A literal integer.
    public init(integerLiteral value: Int) { self = .literal(value) }
}

extension DynamicValue: ExpressibleByFloatLiteral where Value == Double {
    /// A literal number.
    public init(floatLiteral value: Double) { self = .literal(value) }
}

extension DynamicValue: ExpressibleByArrayLiteral where Value == [String] {
    /// A literal list of strings.
    public init(arrayLiteral elements: String...) { self = .literal(elements) }
}

/// A JSONata expression as written between `{%` and `%}`.
///
/// The model keeps the source text; the compiler checks its syntax when a definition is read and
/// the simulator compiles it once per run.
public struct JSONataExpression: Sendable, Hashable, CustomStringConvertible {
    /// The expression text between the delimiters, exactly as written.
    public var source: String

    /// Creates an expression from its text (without `{%`/`%}`).
    public init(_ source: String) { self.source = source }

    /// Recognises `"{% expr %}"`: the whole string must start with `{%` and end with `%}`.
    public init?(delimited text: String) {
        guard text.hasPrefix("{%"), text.hasSuffix("%}"), text.utf8.count >= 4 else { return nil }
        self.source = String(text.dropFirst(2).dropLast(2))
    }

    /// The expression written as AWS's console writes it: `{% source %}`, one space inside each
    /// delimiter (surrounding spaces in `source` are dropped first).
    public static func spaced(_ source: String) -> JSONataExpression {
        var text = Substring(source)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return JSONataExpression(" " + text + " ")
    }

    /// The delimited form, `{% source %}`.
    public var delimited: String { "{%" + source + "%}" }

    /// The delimited form.
    public var description: String { delimited }
}

/// Placeholders: strings that a deployment tool replaces before AWS sees the definition.
///
/// A placeholder is a whole string `${Name}` (CloudFormation `DefinitionSubstitutions`, `Fn::Sub`,
/// Terraform `templatefile`); it may stand for a value of whatever type its field needs. The
/// stand-ins of LocalStack's test templates (`%Name%`, `_tbd_`, `__tbc__`...) are no placeholders:
/// the reader takes them for `${Name}` only when asked to (``localStackName(in:)``).
public enum Placeholder {
    /// The placeholder's name when the whole of `text` is one `${Name}` placeholder, else `nil`.
    public static func name(in text: String) -> String? {
        guard text.hasPrefix("${"), text.hasSuffix("}"), text.count > 3 else { return nil }
        let inner = text.dropFirst(2).dropLast()
        guard !inner.contains("}"), !inner.contains("{") else { return nil }
        return String(inner)
    }

    /// The name a LocalStack test-template stand-in stands for, when the whole of `text` is one:
    /// `%Name%` (no `%` or space inside) gives `Name`; `_tbd_`, `__tbd__`, `_tbc_` and `__tbc__`
    /// (any case) give themselves.
    package static func localStackName(in text: String) -> String? {
        if text.count > 2, text.hasPrefix("%"), text.hasSuffix("%") {
            let inner = text.dropFirst().dropLast()
            guard !inner.contains("%"), !inner.contains(" ") else { return nil }
            return String(inner)
        }
        let lower = text.lowercased()
        if lower == "_tbd_" || lower == "__tbd__" || lower == "_tbc_" || lower == "__tbc__" { return text }
        return nil
    }

    /// Whether `text` contains any `${...}` placeholder.
    public static func contains(in text: String) -> Bool {
        asciiContains(in: text) ?? characterContains(in: text)
    }

    /// ``contains(in:)`` searched character by character (any text).
    static func characterContains(in text: String) -> Bool {
        guard let r = text.range(of: "${") else { return false }
        return text[r.upperBound...].contains("}")
    }

    /// ``contains(in:)`` answered from the bytes of an all-ASCII text (where each byte is one
    /// character, or CR LF, neither `$`, `{` nor `}`); nil for any other text. The search by
    /// characters cost about ten thousand instructions for a path of a few dozen.
    static func asciiContains(in text: String) -> Bool? {
        var text = text
        return text.withUTF8 { b -> Bool? in
            var opened = false
            var closed = false
            var i = 0
            while i < b.count {
                let c = b[i]
                if c >= 0x80 { return nil }
                if opened {
                    if c == UInt8(ascii: "}") { closed = true }
                } else if c == UInt8(ascii: "$"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "{") {
                    opened = true
                    i += 1
                }
                i += 1
            }
            return closed
        }
    }
}

extension String {
    /// Foundation-free substring search used by the model.
    func range(of needle: String) -> Range<String.Index>? {
        guard !needle.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
            i = index(after: i)
        }
        return nil
    }
}
