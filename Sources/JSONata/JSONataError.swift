import JSONCore

/// An error raised while compiling or evaluating a JSONata expression, with jsonata-js's code and wording.
///
/// `description` is `"<code>: <message>"`, the form AWS Step Functions shows
/// (for example `"T1006: Attempted to invoke a non-function"`).
public struct JSONataError: Error, Sendable, CustomStringConvertible {
    /// The stored fields. The error is a single reference so that the many `throws(JSONataError)`
    /// call sites of the recursive evaluator and parser keep their stack frames small.
    struct Fields: Sendable {
        var code: String
        var message: String
        var position: Int?
        var token: String?
        var value: JSONValue?
        var details: [String: JSONValue] = [:]
        var explicitMessage = false
        var hasValue = false
    }

    /// Immutable storage; every change makes a new box, so sharing is safe.
    final class Box: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    var fields: Fields {
        get { box.fields }
        set { box = Box(newValue) }
    }

    /// The jsonata-js error code (`"T1006"`, `"S0201"`, `"D3030"`, `"U1001"`, ...).
    public var code: String {
        get { box.fields.code }
        set { fields.code = newValue }
    }
    /// The message in jsonata-js's wording.
    public var message: String {
        get { box.fields.message }
        set { fields.message = newValue }
    }
    /// The character (UTF-16 code unit) position jsonata-js reports, if any.
    public var position: Int? {
        get { box.fields.position }
        set { fields.position = newValue }
    }
    /// The token (operator or function name) the error concerns, if any.
    public var token: String? {
        get { box.fields.token }
        set { fields.token = newValue }
    }
    /// The offending value, if any.
    public var value: JSONValue? {
        get { box.fields.value }
        set { fields.value = newValue }
    }

    /// Extra template fields some messages use (`value2`, `index`, `type`, `exp`, `functionName`).
    var details: [String: JSONValue] {
        get { box.fields.details }
        set { fields.details = newValue }
    }
    /// Whether `message` was given explicitly (by `$error`/`$assert`) rather than from the template.
    var explicitMessage: Bool {
        get { box.fields.explicitMessage }
        set { fields.explicitMessage = newValue }
    }
    /// Whether `value` was set (a JSON `null` value differs from no value).
    var hasValue: Bool {
        get { box.fields.hasValue }
        set { fields.hasValue = newValue }
    }

    /// Creates an error with an explicit message.
    public init(code: String, message: String, position: Int? = nil, token: String? = nil, value: JSONValue? = nil) {
        box = Box(
            Fields(
                code: code, message: message, position: position, token: token, value: value,
                explicitMessage: true, hasValue: value != nil))
    }

    /// Creates an error whose message is filled in from jsonata-js's template for `code`.
    init(_ code: String, position: Int? = nil, token: String? = nil) {
        box = Box(Fields(code: code, message: "", position: position, token: token))
        fields.message = renderedMessage()
    }

    /// A JavaScript runtime error that jsonata-js lets through without a jsonata code (a
    /// `RangeError` from `new Array(3.5)`, a `TypeError` from calling `undefined`). The code is
    /// the error's name, so ``description`` reads as JavaScript prints the error.
    static func javaScript(_ name: String, _ message: String) -> JSONataError {
        JSONataError(code: name, message: message)
    }

    /// `"<code>: <message>"`.
    public var description: String { "\(code): \(message)" }

    /// The name of the function the error concerns, for the URL-encoding errors (D3140).
    public var functionName: String? { details["functionName"]?.stringValue }

    /// Sets the offending value (any JSON value, including `null`).
    mutating func setValue(_ v: JSONValue?) {
        value = v
        hasValue = true
        refresh()
    }

    /// Re-renders the message after a field changed.
    mutating func refresh() {
        if !explicitMessage { message = renderedMessage() }
    }

    /// Returns a copy with `token` set when it has none.
    func withToken(ifMissing t: String?) -> JSONataError {
        guard token == nil, let t else { return self }
        var e = self
        e.token = t
        e.refresh()
        return e
    }

    /// Fills jsonata-js's template: `{{{x}}}` inserts a field as is, `{{x}}` as `JSON.stringify` would.
    func renderedMessage() -> String {
        guard let template = JSONataError.templates[code] else { return message }
        var out = ""
        let chars = Array(template)
        var i = 0
        while i < chars.count {
            if chars[i] == "{" && i + 1 < chars.count && chars[i + 1] == "{" {
                let triple = i + 2 < chars.count && chars[i + 2] == "{"
                let nameStart = i + (triple ? 3 : 2)
                var j = nameStart
                while j < chars.count && chars[j] != "}" { j += 1 }
                let name = String(chars[nameStart..<j])
                let field = self.field(name)
                if triple {
                    switch field {
                    case .some(.string(let s)): out += s
                    case .some(let v): out += JSONataError.stringify(v)
                    case .none: out += "undefined"
                    }
                } else {
                    out += field.map(JSONataError.stringify) ?? "undefined"
                }
                i = j + (triple ? 3 : 2)
                continue
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }

    private func field(_ name: String) -> JSONValue? {
        switch name {
        case "token": return token.map { .string($0) }
        case "value": return hasValue ? (value ?? .null) : nil
        case "message": return .string(message)
        default: return details[name]
        }
    }

    /// `JSON.stringify` of a JSON value, with numbers printed as JavaScript prints them.
    static func stringify(_ v: JSONValue) -> String {
        var out = ""
        JSONStringifier.write(v, into: &out, indent: nil, depth: 0)
        return out
    }

    /// jsonata-js's message templates, by code.
    static let templates: [String: String] = [
        "S0101": "String literal must be terminated by a matching quote",
        "S0102": "Number out of range: {{token}}",
        "S0103": "Unsupported escape sequence: \\{{token}}",
        "S0104": "The escape sequence \\u must be followed by 4 hex digits",
        "S0105": "Quoted property name must be terminated with a backquote (`)",
        "S0106": "Comment has no closing tag",
        "S0201": "Syntax error: {{token}}",
        "S0202": "Expected {{value}}, got {{token}}",
        "S0203": "Expected {{value}} before end of expression",
        "S0204": "Unknown operator: {{token}}",
        "S0205": "Unexpected token: {{token}}",
        "S0206": "Unknown expression type: {{token}}",
        "S0207": "Unexpected end of expression",
        "S0208": "Parameter {{value}} of function definition must be a variable name (start with $)",
        "S0209": "A predicate cannot follow a grouping expression in a step",
        "S0210": "Each step can only have one grouping expression",
        "S0211": "The symbol {{token}} cannot be used as a unary operator",
        "S0212": "The left side of := must be a variable name (start with $)",
        "S0213": "The literal value {{value}} cannot be used as a step within a path expression",
        "S0214": "The right side of {{token}} must be a variable name (start with $)",
        "S0215": "A context variable binding must precede any predicates on a step",
        "S0216": "A context variable binding must precede the 'order-by' clause on a step",
        "S0217": "The object representing the 'parent' cannot be derived from this expression",
        "S0218": "The expression is nested too deeply to compile",
        "S0301": "Empty regular expressions are not allowed",
        "S0302": "No terminating / in regular expression",
        "S0303": "Invalid regular expression: {{{message}}}",
        "S0402": "Choice groups containing parameterized types are not supported",
        "S0401": "Type parameters can only be applied to functions and arrays",
        "S0500": "Attempted to evaluate an expression containing syntax error(s)",
        "T0410": "Argument {{index}} of function {{token}} does not match function signature",
        "T0411": "Context value is not a compatible type with argument {{index}} of function {{token}}",
        "T0412": "Argument {{index}} of function {{token}} must be an array of {{type}}",
        "D1001": "Number out of range: {{value}}",
        "D1002": "Cannot negate a non-numeric value: {{value}}",
        "T1003": "Key in object structure must evaluate to a string; got: {{value}}",
        "D1004": "Regular expression matches zero length string",
        "T1005": "Attempted to invoke a non-function. Did you mean ${{{token}}}?",
        "T1006": "Attempted to invoke a non-function",
        "T1007": "Attempted to partially apply a non-function. Did you mean ${{{token}}}?",
        "T1008": "Attempted to partially apply a non-function",
        "D1009": "Multiple key definitions evaluate to same key: {{value}}",
        "D1010": "Attempted to access the Javascript object prototype",
        "T1010":
            "The matcher function argument passed to function {{token}} does not return the correct object structure",
        "T2001": "The left side of the {{token}} operator must evaluate to a number",
        "T2002": "The right side of the {{token}} operator must evaluate to a number",
        "T2003": "The left side of the range operator (..) must evaluate to an integer",
        "T2004": "The right side of the range operator (..) must evaluate to an integer",
        "D2005": "The left side of := must be a variable name (start with $)",
        "T2006": "The right side of the function application operator ~> must be a function",
        "T2007": "Type mismatch when comparing values {{value}} and {{value2}} in order-by clause",
        "T2008": "The expressions within an order-by clause must evaluate to numeric or string values",
        "T2009": "The values {{value}} and {{value2}} either side of operator {{token}} must be of the same data type",
        "T2010": "The expressions either side of operator {{token}} must evaluate to numeric or string values",
        "T2011": "The insert/update clause of the transform expression must evaluate to an object: {{value}}",
        "T2012":
            "The delete clause of the transform expression must evaluate to a string or array of strings: {{value}}",
        "T2013":
            "The transform expression clones the input object using the $clone() function.  This has been overridden in the current scope by a non-function.",
        "D2014":
            "The size of the sequence allocated by the range operator (..) must not exceed 1e7.  Attempted to allocate {{value}}.",
        "D3001": "Attempting to invoke string function on Infinity or NaN",
        "D3010": "Second argument of replace function cannot be an empty string",
        "D3011": "Fourth argument of replace function must evaluate to a positive number",
        "D3012": "Attempted to replace a matched string with a non-string value",
        "D3020": "Third argument of split function must evaluate to a positive number",
        "D3030": "Unable to cast value to a number: {{value}}",
        "D3040": "Third argument of match function must evaluate to a positive number",
        "D3050": "The second argument of reduce function must be a function with at least two arguments",
        "D3060": "The sqrt function cannot be applied to a negative number: {{value}}",
        "D3061":
            "The power function has resulted in a value that cannot be represented as a JSON number: base={{value}}, exponent={{exp}}",
        "D3070":
            "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function",
        "D3080": "The picture string must only contain a maximum of two sub-pictures",
        "D3081": "The sub-picture must not contain more than one instance of the 'decimal-separator' character",
        "D3082": "The sub-picture must not contain more than one instance of the 'percent' character",
        "D3083": "The sub-picture must not contain more than one instance of the 'per-mille' character",
        "D3084": "The sub-picture must not contain both a 'percent' and a 'per-mille' character",
        "D3085":
            "The mantissa part of a sub-picture must contain at least one character that is either an 'optional digit character' or a member of the 'decimal digit family'",
        "D3086":
            "The sub-picture must not contain a passive character that is preceded by an active character and that is followed by another active character",
        "D3087":
            "The sub-picture must not contain a 'grouping-separator' character that appears adjacent to a 'decimal-separator' character",
        "D3088": "The sub-picture must not contain a 'grouping-separator' at the end of the integer part",
        "D3089": "The sub-picture must not contain two adjacent instances of the 'grouping-separator' character",
        "D3090":
            "The integer part of the sub-picture must not contain a member of the 'decimal digit family' that is followed by an instance of the 'optional digit character'",
        "D3091":
            "The fractional part of the sub-picture must not contain an instance of the 'optional digit character' that is followed by a member of the 'decimal digit family'",
        "D3092":
            "A sub-picture that contains a 'percent' or 'per-mille' character must not contain a character treated as an 'exponent-separator'",
        "D3093":
            "The exponent part of the sub-picture must comprise only of one or more characters that are members of the 'decimal digit family'",
        "D3100": "The radix of the formatBase function must be between 2 and 36.  It was given {{value}}",
        "D3110": "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given {{value}}",
        "D3120": "Syntax error in expression passed to function eval: {{value}}",
        "D3121": "Dynamic error evaluating the expression passed to function eval: {{value}}",
        "D3130":
            "Formatting or parsing an integer as a sequence starting with {{value}} is not supported by this implementation",
        "D3131": "In a decimal digit pattern, all digits must be from the same decimal group",
        "D3132": "Unknown component specifier {{value}} in date/time picture string",
        "D3133":
            "The 'name' modifier can only be applied to months and days in the date/time picture string, not {{value}}",
        "D3134": "The timezone integer format specifier cannot have more than four digits",
        "D3135": "No matching closing bracket ']' in date/time picture string",
        "D3136": "The date/time picture string is missing specifiers required to parse the timestamp",
        "D3137": "{{{message}}}",
        "D3138": "The $single() function expected exactly 1 matching result.  Instead it matched more.",
        "D3139": "The $single() function expected exactly 1 matching result.  Instead it matched 0.",
        "D3140": "Malformed URL passed to ${{{functionName}}}(): {{value}}",
        "D3141": "{{{message}}}",
        "U1001": "{{{message}}}",
    ]
}
