/// Typed builders for the 18 intrinsic functions (`States.Format`, `States.JsonToString`, ...).
///
/// Each returns a ``Payload`` holding the call's text; arguments are literals (strings, numbers,
/// booleans, `nil`), ``Payload/path(_:)`` values or nested calls. The call is parsed and checked when the
/// workflow compiles, and its key gets the `.$` suffix:
///
/// ```swift
/// "Message": .jsonToString(.path("$.fulfillment"))   // "Message.$": "States.JsonToString($.fulfillment)"
/// ```
extension Payload {
    /// `States.Format(template, args...)`: `{}` in the template takes the next argument.
    public static func format(_ template: String, _ arguments: Payload...) -> Payload {
        call("States.Format", [Payload(.literal(.string(template)))] + arguments, formatTemplate: true)
    }

    /// `States.StringToJson(string)`
    public static func stringToJson(_ string: Payload) -> Payload { call("States.StringToJson", [string]) }

    /// `States.JsonToString(value)`
    public static func jsonToString(_ value: Payload) -> Payload { call("States.JsonToString", [value]) }

    /// `States.Array(values...)`
    public static func array(_ values: Payload...) -> Payload { call("States.Array", values) }

    /// `States.ArrayPartition(array, chunkSize)`
    public static func arrayPartition(_ array: Payload, _ chunkSize: Payload) -> Payload {
        call("States.ArrayPartition", [array, chunkSize])
    }

    /// `States.ArrayContains(array, value)`
    public static func arrayContains(_ array: Payload, _ value: Payload) -> Payload {
        call("States.ArrayContains", [array, value])
    }

    /// `States.ArrayRange(start, end, step)`
    public static func arrayRange(_ start: Payload, _ end: Payload, _ step: Payload) -> Payload {
        call("States.ArrayRange", [start, end, step])
    }

    /// `States.ArrayGetItem(array, index)`
    public static func arrayGetItem(_ array: Payload, _ index: Payload) -> Payload {
        call("States.ArrayGetItem", [array, index])
    }

    /// `States.ArrayLength(array)`
    public static func arrayLength(_ array: Payload) -> Payload { call("States.ArrayLength", [array]) }

    /// `States.ArrayUnique(array)`
    public static func arrayUnique(_ array: Payload) -> Payload { call("States.ArrayUnique", [array]) }

    /// `States.Base64Encode(string)`
    public static func base64Encode(_ string: Payload) -> Payload { call("States.Base64Encode", [string]) }

    /// `States.Base64Decode(string)`
    public static func base64Decode(_ string: Payload) -> Payload { call("States.Base64Decode", [string]) }

    /// `States.Hash(value, algorithm)`; the algorithm is `MD5`, `SHA-1`, `SHA-256`, `SHA-384` or `SHA-512`.
    public static func hash(_ value: Payload, _ algorithm: Payload) -> Payload {
        call("States.Hash", [value, algorithm])
    }

    /// `States.JsonMerge(left, right, false)`: a shallow merge (the only mode AWS supports).
    public static func jsonMerge(_ left: Payload, _ right: Payload, deep: Payload = false) -> Payload {
        call("States.JsonMerge", [left, right, deep])
    }

    /// `States.MathRandom(start, end[, seed])`
    public static func mathRandom(_ start: Payload, _ end: Payload, seed: Payload? = nil) -> Payload {
        call("States.MathRandom", [start, end] + (seed.map { [$0] } ?? []))
    }

    /// `States.MathAdd(a, b)`
    public static func mathAdd(_ a: Payload, _ b: Payload) -> Payload { call("States.MathAdd", [a, b]) }

    /// `States.StringSplit(string, delimiters)`
    public static func stringSplit(_ string: Payload, _ delimiters: Payload) -> Payload {
        call("States.StringSplit", [string, delimiters])
    }

    /// `States.UUID()`
    public static func uuid() -> Payload { call("States.UUID", []) }

    /// The call's text; an argument that cannot appear in a call (an object, array or JSONata
    /// expression) is written as `<invalid>` so that compiling reports it as a syntax error.
    private static func call(_ name: String, _ arguments: [Payload], formatTemplate: Bool = false) -> Payload {
        var parts: [String] = []
        for (i, a) in arguments.enumerated() {
            parts.append(argumentText(a, isTemplate: formatTemplate && i == 0))
        }
        return Payload(.intrinsic(name + "(" + parts.joined(separator: ", ") + ")"))
    }

    private static func argumentText(_ argument: Payload, isTemplate: Bool) -> String {
        switch argument.node {
        case .literal(.string(let s)): return "'" + escape(s, braces: !isTemplate) + "'"
        case .literal(.number(let n)): return n.description
        case .literal(.bool(let b)): return b ? "true" : "false"
        case .literal(.null): return "null"
        case .path(let p): return p
        case .intrinsic(let call): return call
        case .reference(let root, let keys): return root.jsonPath(keys)
        case .literal(.array), .literal(.object), .object, .array, .jsonata: return "<invalid>"
        }
    }

    /// Escapes `'` and `\` (and `{`, `}` outside a Format template) as intrinsic string literals need.
    private static func escape(_ text: String, braces: Bool) -> String {
        var out = ""
        for c in text {
            switch c {
            case "'", "\\":
                out.append("\\")
                out.append(c)
            case "{" where braces, "}" where braces:
                out.append("\\")
                out.append(c)
            default: out.append(c)
            }
        }
        return out
    }
}
